"""Report traces of htmx 2 core code that no other rule found, in files hxmigrate reads.

What it does:
    After the other rules have run on a template, script, Python, Go or Rust module or
    `package.json`, reports each line that still holds a trace of an htmx 2 core construct
    that htmx 4 reads differently or not at all, and has no finding of its own: a 2.x event
    name (`htmx:afterRequest`, `htmx:after-request`) in a string of server code or in a
    hyperscript handler built by template code, an `hx-on` dash or kebab-case spelling,
    `hx-disabled-elt`, 2.x's valueless `hx-disable`, `hx-vars`, `hx-params`, `hx-request`,
    `hx-history`, `hx-inherit`, `hx-disinherit`, an `hx-ext` item (not `ws` or `sse`), an
    `hx-trigger` selector with a space (`from:closest form`) or `queue:` modifier, an
    `hx-swap` `show:SELECTOR:top`, `focus-scroll:` or `morph` swap, `hx-target-CODE`, the
    JavaScript API htmx 4 removed (`htmx.addClass`, `htmx.off`...), 2.x config keys, the
    `HX-Trigger-Name`, `HX-Trigger-After-Swap` and `HX-Trigger-After-Settle` headers, htmx 1/2
    CDN URLs and `htmx-ext-*` packages, wherever the rules that migrate them do not read it
    (markup JavaScript writes, a Go map of attributes, a Python string). The message names
    the construct and its htmx 4 form. Markup and template comments, docstrings and
    whole-line `#`/`//` comments are not reported, nor are copies of htmx and of its 2.x
    extensions, a FastHTML app made with `htmx4=True`, and the WebSocket extension's constructs
    (WS502's). A page, component, script or module that loads htmx 4 is read all the same:
    after `--write` every page does, and htmx 4 ignores what is left (or reads it otherwise).

Why:
    After `hxmigrate --write`, a clean `--check` must mean that no 2.x construct is left.
    What hxmigrate does not recognise it says so, at the line.

Example:
    "_": "on htmx:afterRequest remove closest <tr/>",   (a hyperscript attribute in a templ Go map)
    is reported: htmx 4 fires `htmx:after:request`.

Fix safety:
    No fix: migrate the line by hand as the message says (or suppress the finding once
    reviewed, when the trace is no htmx 2 code).
"""

from __future__ import annotations

import re

from ...diagnostics import Diagnostic
from ...syntax.anchored import Anchored
from ...syntax.markers import Marker
from ...targets.core import CoreNames
from .._javascript import htmx_library, member_path
from .._unrecognised import inside, union, unreported
from ._events import events_of, kebab

CODE = "HX501"
NAME = "unrecognised-core-construct"
LANGUAGES = ("markup", "javascript", "python", "go", "rust", "json")
FIX = "never"
SAFETY = "safe"
TRIGGERS = ()
SEES_FINDINGS = True

# The rules that report each construct: when one of them is not selected (or ignored for the
# file), what it would report is no unrecognised construct.
_HANDLED_BY = {
    "event": ("HX201", "HX202", "HX303", "HX306"),
    "hx-on": ("HX201", "HX306"),
    "hx-disabled-elt": ("HX102",),
    "hx-disable": ("HX101",),
    "hx-vars": ("HX103",),
    "hx-params": ("HX104",),
    "hx-request": ("HX107",),
    "hx-history": ("HX108",),
    "hx-inherit": ("HX109",),
    "hx-ext": ("HX106",),
    "trigger-selector": ("HX203",),
    "queue": ("HX204",),
    "swap-modifier": ("HX205",),
    "morph": ("HX206",),
    "response-target": ("HX208",),
    "js-api": ("HX305",),
    "config": ("HX304",),
    "request-header": ("HX401",),
    "response-header": ("HX402",),
    "script": ("HX301", "HX302"),
    "package": ("HX302", "HX307"),
}

# Cheap lowercase substrings: a text without any of them holds no trace.
_HINTS = ("htmx", "hx-", "hx_", "queue:", "show:", "scroll:", "from:", "target:", "root:", "idiomorph-ext")

# --- the traces -------------------------------------------------------------------------------
# Each is a pattern per construct; the attribute names stand alone (`hx-vals:inherited`,
# `my-hx-vars` and `foo.hx-vars` are other names), with a `data-` prefix or after a `:` (a
# Vue-bound `:hx-vars`) too.
_NAME_START = r"(?<![\w.-])(?:data-)?"
_NAME_END = r"(?![\w:-])"
# an attribute name with its value, or a name in a string (`setAttribute("hx-vars", ...)`,
# `{"hx-vars": ...}`, a Go map's key)
_ATTR_USE = r"(?=\s*=|[\"'`])"
# FastHTML's and htpy's keyword arguments (`hx_vars="..."`): after `(` or `,` only, so that a
# variable of that name is not taken for one.
_KWARG = re.compile(r"(?<![\w.])hx_(disabled_elt|vars|params|history|inherit|disinherit)\s*=(?!=)")
_KWARG_CONSTRUCT = {"disabled_elt": "hx-disabled-elt", "vars": "hx-vars", "params": "hx-params",
                    "history": "hx-history", "inherit": "hx-inherit", "disinherit": "hx-inherit"}

_NAMED = (0, len("data-"))  # where an attribute's name stands in a match: with or without "data-"

_FIXED: tuple[tuple[str, str | tuple[str, ...], "re.Pattern[str] | Anchored"], ...] = (
    # (construct, the lowercase substring(s) the text must hold one of, pattern: anchored on
    # the literal(s) every match holds, see syntax/anchored.py)
    ("hx-disabled-elt", "hx-disabled-elt",
     Anchored(re.compile(_NAME_START + r"hx-disabled-elt" + _NAME_END), ("hx-disabled-elt",), _NAMED)),
    # 2.x's hx-disable: no value, or an empty, `true` or `false` one (htmx 4's takes a selector)
    ("hx-disable", "hx-disable",
     Anchored(re.compile(_NAME_START + r"hx-disable" + _NAME_END + r"(?:\s*=\s*([\"'])(?:true|false)?\1)?(?=[\s/>])"),
              ("hx-disable",), _NAMED)),
    ("hx-vars", "hx-vars", Anchored(re.compile(_NAME_START + r"hx-vars" + _NAME_END + _ATTR_USE), ("hx-vars",), _NAMED)),
    ("hx-params", "hx-params",
     Anchored(re.compile(_NAME_START + r"hx-params" + _NAME_END + _ATTR_USE), ("hx-params",), _NAMED)),
    # with a value only: "hx-request" in a string is the `HX-Request` header, which htmx 4 sends too
    ("hx-request", "hx-request",
     Anchored(re.compile(_NAME_START + r"hx-request" + _NAME_END + r"(?=\s*=\s*[\"'{])"), ("hx-request",), _NAMED)),
    ("hx-history", "hx-history",
     Anchored(re.compile(_NAME_START + r"hx-history" + _NAME_END + _ATTR_USE), ("hx-history",), _NAMED)),
    ("hx-inherit", ("hx-inherit", "hx-disinherit"),
     Anchored(re.compile(_NAME_START + r"hx-(?:dis)?inherit" + _NAME_END + _ATTR_USE), ("hx-inherit", "hx-disinherit"),
              _NAMED)),
    # the dash forms (`hx-on-click`, `hx-on--after-request`, `hx-on-htmx-after-request`) and
    # htmx 1's `hx-on="event: code"`; the WebSocket events' are WS502's
    ("hx-on", "hx-on", Anchored(re.compile(_NAME_START + r"hx-on(?!(?:-htmx-|--|-)ws-)(?:-htmx-|--|-(?!-))[a-z][\w-]*"),
                                ("hx-on",), _NAMED)),
    ("hx-on", "hx-on", Anchored(re.compile(_NAME_START + r"hx-on(?=\s*=\s*[\"'])"), ("hx-on",), _NAMED)),
    # a selector htmx 2 read with its spaces, or grouped: htmx 4 reads it quoted
    ("trigger-selector", ("from:", "target:", "root:"),
     Anchored(re.compile(r"(?<=[\s\"'`])(?:from|target|root):(?:(?:closest|find|next|previous)\s+[^\s,'\"`]+|[({])"),
              ("from:", "target:", "root:"))),
    ("queue", "queue:", Anchored(re.compile(r"(?<![\w-])queue:(?:first|last|all|none)\b"), ("queue:",))),
    ("swap-modifier", ("show:", "scroll:"),
     Anchored(re.compile(r"(?<![\w-])(?:show|scroll):[^\s:\"'`]+:(?:top|bottom)\b|(?<![\w-])focus-scroll:"),
              ("show:", "scroll:", "focus-scroll:"))),
    ("morph", "morph", Anchored(re.compile(r"(?<![\w.-])(?:data-)?hx-swap[\"'`]?\s*[=:,]\s*\{?\s*[\"'`]?\s*morph(?![\w-])"),
                                ("hx-swap",), _NAMED)),
    ("response-target", "hx-target-",
     Anchored(re.compile(r"(?<![\w.-])(?:data-)?hx-target-(?:\d[\dx*]*|error|\*)"), ("hx-target-",), _NAMED)),
    # removed (or, for `swap`, changed) API; `htmx.swap({...})` is htmx 4's
    ("js-api", "htmx.", Anchored(re.compile(
        r"(?<![\w$])htmx\s*\.\s*(?:addClass|removeClass|toggleClass|closest|remove|off|values|logAll|logNone|logger"
        r"|takeClass|defineExtension|removeExtension|createEventSource|location)(?![\w$])"
        r"|(?<![\w$])htmx\s*\.\s*swap\s*\(\s*(?!\{)"), ("htmx",))),
    ("request-header", ("hx-trigger-name", "http_hx_trigger", "trigger_name"),
     re.compile(r"(?i:(?<![\w-])hx-trigger-name(?![\w-]))|(?<!\w)HTTP_HX_TRIGGER(?:_NAME)?\b"
                r"|(?<![\w$])htmx\.trigger_name\b")),
    ("response-header", "hx-trigger-after-", re.compile(r"(?i:(?<![\w-])hx-trigger-after-(?:swap|settle)(?![\w-]))")),
    # the 1.x/2.x core and extensions on a CDN (the WebSocket and SSE extensions are theirs)
    ("script", ("htmx.org@", "/ajax/libs/htmx/", "idiomorph-ext"),
     Anchored(re.compile(r"(?:htmx\.org@|/ajax/libs/htmx/)[12](?!\d)(?![^\s\"'`<>]*?/ext/(?:ws|sse)(?:\.min)?\.js)"
                         r"|(?<![\w-])idiomorph-ext\b"), ("htmx.org@", "/ajax/libs/htmx/", "idiomorph-ext"))),
    ("package", "htmx-ext-",
     Anchored(re.compile(r"(?<![\w-])htmx-ext-(?!(?:ws|sse)(?![\w-]))[a-z][\w-]*"), ("htmx-ext-",))),
    ("package", "htmx.org", re.compile(r"\"htmx\.org\"\s*:\s*\"[\^~>=<\s]*v?[12](?![\d])")),
)

# hx-ext with its quoted value, as an attribute, a key or a keyword argument.
_HX_EXT = Anchored(re.compile(r"""(?<![\w.-])(?:data-)?hx[-_]ext["'`]?\s*[=:]\s*\{?\s*(["'`])([^"'`\n<>]{0,200})\1"""),
                   ("hx-ext", "hx_ext"), _NAMED)
_NOT_CORE_EXTENSIONS = ("ws", "sse")
_EXTENSION_NAME = re.compile(r"[A-Za-z][\w.-]*")  # not prose (`see the docs`) nor an expression

# Config keys any library may have (`timeout`, `withCredentials`): taken for htmx's only after
# `htmx.config`, or as a key in a file that sets htmx's config (a meta's JSON, a dict).
_COMMON_KEYS = frozenset({"timeout", "withCredentials", "scrollBehavior", "allowEval", "ignoreTitle", "addedClass",
                          "settlingClass", "swappingClass", "responseHandling", "disableSelector"})
_CONFIG_CONTEXT = re.compile(r"htmx[-_.]config", re.IGNORECASE)


class _Traces:
    """The patterns of one core table, built once."""

    def __init__(self, core: CoreNames) -> None:
        self.events = events_of(core)
        names = list(core.events) + list(core.removed_events)
        spellings = sorted({n for n in names} | {kebab(n) for n in names}, key=len, reverse=True)
        event = re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(n) for n in spellings) + r")(?![\w-])")
        self.event = Anchored(event, ("htmx:",)) if all(n.startswith("htmx:") for n in spellings) else event
        # `hx-on::after-request`: the event name without its `htmx:`
        short = sorted({kebab(n)[len("htmx:"):] for n in names}, key=len, reverse=True)
        self.hx_on_short = Anchored(
            re.compile(_NAME_START + r"hx-on::(" + "|".join(re.escape(n) for n in short) + r")(?![\w-])"), ("hx-on::",),
            _NAMED)
        keys = [k for k in (*core.config_renames, *core.config_removed) if not k.startswith("ws")]
        distinct = sorted((k for k in keys if k not in _COMMON_KEYS), key=len, reverse=True)
        common = sorted((k for k in keys if k in _COMMON_KEYS), key=len, reverse=True)
        # after `config.`, in quotes (`config["KEY"]`, a JSON key), or as an object's key
        self.config_hints = tuple(k.lower() for k in distinct)
        alt = "|".join(distinct)
        # every match starts with one of the keys
        self.config = Anchored(re.compile(r"(?<=config\.)(" + alt + r")(?![\w$])|(?<=[\"'`])(" + alt + r")(?=[\"'`])"
                                          r"|(?<![\w$.-])(" + alt + r")(?=\s*:(?!:))"), tuple(distinct)) if distinct else None
        common_alt = "|".join(common)
        self.config_common = re.compile(
            r"htmx\s*\.\s*config\s*(?:\.\s*|\[\s*[\"'`])(" + common_alt + r")(?![\w$])") if common else None
        self.config_common_key = re.compile(
            r"(?<=[\"'`])(" + common_alt + r")[\"'`]\s*:(?!:)") if common else None


_CACHE: dict[int, _Traces] = {}


def _traces_of(core: CoreNames) -> _Traces:
    found = _CACHE.get(id(core))
    if found is None:
        found = _CACHE[id(core)] = _Traces(core)
    return found


def find_traces(text: str, lower: str, core: CoreNames) -> list[Marker]:
    """Every trace of an htmx 2 core construct in ``text``, in order (one per place)."""
    if not any(h in lower for h in _HINTS):
        return []
    t = _traces_of(core)
    found: list[Marker] = []
    if "htmx:" in lower:
        found += [Marker(m.start(), m.end(), "event") for m in t.event.finditer(text)]
    if "hx-on::" in lower:
        found += [Marker(m.start(), m.end(), "hx-on") for m in t.hx_on_short.finditer(text)]
    for construct, hint, pattern in _FIXED:
        if hint in lower if isinstance(hint, str) else any(h in lower for h in hint):
            found += [Marker(m.start(), m.end(), construct) for m in pattern.finditer(text)]
    if "hx_" in lower:
        for m in _KWARG.finditer(text):
            i = m.start() - 1
            while i >= 0 and text[i] in " \t\r\n":
                i -= 1
            if i >= 0 and text[i] in "(,":
                found.append(Marker(m.start(), m.end(), _KWARG_CONSTRUCT[m.group(1)]))
    if "ext" in lower:
        for m in _HX_EXT.finditer(text):
            found += _extension_items(m)
    if t.config is not None and any(k in lower for k in t.config_hints):
        found += [Marker(m.start(m.lastindex), m.end(m.lastindex), "config") for m in t.config.finditer(text)]
    if t.config_common is not None and "config" in lower:
        found += [Marker(m.start(1), m.end(1), "config") for m in t.config_common.finditer(text)]
        if _CONFIG_CONTEXT.search(text):
            found += [Marker(m.start(1), m.end(1), "config") for m in t.config_common_key.finditer(text)]
    found.sort(key=lambda k: (k.start, -k.end))
    return [m for i, m in enumerate(found) if i == 0 or m.start != found[i - 1].start]


def _extension_items(m: re.Match[str]) -> list[Marker]:
    """The items of an `hx-ext` value that are core extensions (or `ignore:` ones)."""
    value, base = m.group(2), m.start(2)
    if any(s in value for s in ("{{", "{%", "${", "<%", "@(")):
        return []  # built by template code: the template rules' (WS107, HX106)
    out = []
    pos = 0
    for item in value.split(","):
        name = item.strip()
        start = base + pos + (len(item) - len(item.lstrip()))
        pos += len(item) + 1
        bare = name.removeprefix("ignore:").strip()
        if _EXTENSION_NAME.fullmatch(bare) and bare not in _NOT_CORE_EXTENSIONS:
            out.append(Marker(start, start + len(name), "hx-ext"))
    return out


# --- what each trace is, and its htmx 4 form --------------------------------------------------

def _step(marker: Marker, text: str, core: CoreNames, version: str) -> str:
    seen = text[marker.start:marker.end]
    c = marker.construct
    events = _traces_of(core).events
    if c == "event":
        event = events.of(seen)
        new = events.new(event) if event else None
        if new:
            where = ""
            if event in core.target_events:
                target = core.target_events[event]
                where = (" on the element that made the request" + (f" (and `{target}` on the swap target)" if target
                                                                     else ", not on the swap target"))
            return f"the 2.x event `{seen}`: htmx 4 fires `{new}`{where}, whose `detail` is `{{ctx}}`"
        return f"the 2.x event `{seen}`: {events.removed(event) if event else 'htmx 4 has no such event'}"
    if c == "hx-on":
        return f"the 2.x `hx-on` spelling `{seen.rstrip()}`: {_hx_on_form(seen, events)}"
    if c == "config":
        if seen in core.config_renames:
            return f"the 2.x config key `{seen}`: htmx 4 reads `{core.config_renames[seen]}`"
        return f"the 2.x config key `{seen}`: {core.config_removed.get(seen, 'htmx 4 does not read it')}"
    if c == "hx-ext":
        name = seen.removeprefix("ignore:").strip()
        port = core.extension_ports.get(name)
        if port:
            return (f"the htmx 2 extension `{name}` in `hx-ext`: htmx 4 has no `hx-ext`; load "
                    f"`htmx.org@{version}/dist/ext/{port}.js` after the core and remove the item")
        return (f"the htmx 2 extension `{name}` in `hx-ext`: htmx 4 has no `hx-ext`; remove the item, and load "
                f"the extension's htmx 4 file from `htmx.org@{version}/dist/ext/` where there is one (HX106 tells "
                f"what htmx 4 offers in its place)")
    if c == "js-api":
        name = re.sub(r"^htmx\s*\.\s*", "", seen).rstrip("( \t")
        return f"`htmx.{name}` of htmx 2: {_API.get(name, 'htmx 4 has no such function')}"
    if c == "request-header":
        if "name" in seen.lower():
            return ("the `HX-Trigger-Name` request header: htmx 4 does not send it (it sends `HX-Source`, the "
                    "requesting element as `tag#id`): send the name as a parameter")
        return ("the `HX-Trigger` request header (`HTTP_HX_TRIGGER`): htmx 4 sends `HX-Source` in its place, as "
                "`tag#id` (`button#save`): take the id after \"#\"")
    if c == "response-header":
        return (f"the `{seen}` response header: htmx 4 does not read it; send `HX-Trigger` (htmx 4 fires its "
                f"events after the swap and the settling)")
    if c == "package" and seen.startswith('"'):
        return f"a dependency on htmx 1 or 2 (`{seen}`): depend on `\"htmx.org\": \"{version}\"`"
    if c == "package":
        return (f"the htmx 2 extension package `{seen}`: htmx 4 ships its ports in `htmx.org@{version}/dist/ext/` "
                f"(`hx-preload.js`, `hx-head.js`...), or does the work itself (`response-targets`, `morph`), or has "
                f"none: remove it")
    return _STEPS[c].format(seen=seen, version=version)


def _hx_on_form(seen: str, events) -> str:
    """htmx 4's spelling of a 2.x `hx-on` attribute name, as far as it can be told."""
    prefix = "data-hx-on" if seen.startswith("data-") else "hx-on"
    rest = seen[len(prefix):]
    if not rest:
        return "htmx 1's `hx-on=\"event: code\"`: write one `hx-on:EVENT=\"code\"` attribute per event"
    if rest.startswith(("::", "--")):
        name, colon = rest[2:], "::"
    elif rest.startswith("-htmx-"):
        name, colon = rest[6:], ":htmx:"
    else:
        return f"htmx 4 reads `{prefix}:{rest[1:]}` (a colon, not a dash)"
    event = events.of("htmx:" + name)
    new = events.new(event) if event else None
    if new:
        return f"htmx 4 reads `{prefix}{colon}{new[len('htmx:'):]}` (its `event.detail` is `{{ctx}}`)"
    if event:
        return f"`{event}`: {events.removed(event)}"
    return f"htmx 4 reads `{prefix}{colon}NAME` with the htmx 4 event name (`after-request` is `after:request`)"


_API = {
    "addClass": "htmx 4 removed it: `el.classList.add(\"c\")`",
    "removeClass": "htmx 4 removed it: `el.classList.remove(\"c\")`",
    "toggleClass": "htmx 4 removed it: `el.classList.toggle(\"c\")`",
    "closest": "htmx 4 removed it: `el.closest(selector)`",
    "remove": "htmx 4 removed it: `el.remove()`",
    "off": "htmx 4 removed it: `removeEventListener(...)` (on `document` for the two-argument form)",
    "logAll": "htmx 4 removed it: `htmx.config.logAll = true`",
    "logNone": "htmx 4 removed it: `htmx.config.logAll = false`",
    "values": "htmx 4 removed it: `new FormData(form)` holds a form's fields",
    "logger": "htmx 4 removed it: it logs to `console` itself (`htmx.config.logAll = true`)",
    "takeClass": "htmx 4 removed it: remove the class from the siblings and add it to the element",
    "defineExtension": "htmx 4 registers extensions with `htmx.registerExtension(name, {...})`: rewrite the extension",
    "removeExtension": "htmx 4 removed it: an extension stays registered",
    "createEventSource": "htmx 4 removed it: the hx-sse.js extension makes its requests with fetch()",
    "location": "htmx 4 removed it: `window.location` (or `htmx.ajax` for a request)",
    "swap": "htmx 4's takes one object: `htmx.swap({target, text, swap, select, ...})`",
}

_STEPS = {
    "hx-disabled-elt": "2.x `hx-disabled-elt`: htmx 4 reads `hx-disable` (`hx-disable:inherited` where htmx 2 "
                       "applied it to the elements below)",
    "hx-disable": "2.x `hx-disable` (skip this element): htmx 4 reads `hx-ignore` (its `hx-disable` is 2.x's "
                  "`hx-disabled-elt`)",
    "hx-vars": "2.x `hx-vars`: htmx 4 reads `hx-vals=\"js:...\"`",
    "hx-params": "2.x `hx-params`, which htmx 4 removed: filter the parameters in an `htmx:config:request` "
                 "listener (`ctx.request.body`)",
    "hx-request": "2.x `hx-request`: htmx 4 reads `hx-config` (`timeout`; `\"credentials\": \"include\"` for "
                  "`\"credentials\": true`)",
    "hx-history": "2.x `hx-history`: htmx 4 keeps no history cache for it to apply to (unless the page loads "
                  "hx-history-cache.js); remove it",
    "hx-inherit": "2.x `{seen}`: htmx 4 reads neither `hx-inherit` nor `hx-disinherit`; an attribute reaches the "
                  "elements below only when written `NAME:inherited`",
    "trigger-selector": "a 2.x `hx-trigger` selector read with its spaces (`{seen}`): htmx 4 reads it quoted "
                        "(`from:\"closest form\"`)",
    "queue": "the 2.x `hx-trigger` modifier `{seen}`: htmx 4 queues with `hx-sync` (`hx-sync=\"this:queue first\"`, "
             "`last`, `all`; `this:drop` for `none`)",
    "swap-modifier": "the 2.x `hx-swap` modifier `{seen}`: htmx 4 reads `show:top showTarget:SELECTOR` "
                     "(`scrollTarget:` for `scroll:`) and `focusScroll:`",
    "morph": "the idiomorph extension's `morph` swap: htmx 4 swaps with `outerMorph` (`innerMorph` for "
             "`morph:innerHTML`)",
    "response-target": "the response-targets extension's `{seen}`: htmx 4 reads `hx-status:CODE=\"target:SELECTOR\"` "
                       "(`4xx`, `5xx` for the wildcards and `error`)",
    "script": "an htmx 1/2 script (`{seen}`): load `htmx.org@{version}` (`dist/htmx.min.js`, and its `dist/ext/` "
              "files for the extensions it ports)",
}


_KEY_END = re.compile(r"[\"']\s*:")


def _a_dependency(marker: Marker, text: str) -> bool:
    """Whether a trace in `package.json` is the project's: an extension package where it is a
    dependency's key (a package's own `name`, `files` and `exports` are the package's)."""
    if marker.construct == "script":
        return not text.startswith("idiomorph-ext", marker.start)  # idiomorph's own files
    if marker.construct == "package" and not text.startswith('"', marker.start):
        return _KEY_END.match(text, marker.end) is not None
    return True


_HTMX4_ON = re.compile(r"\bhtmx4\s*=\s*True\b")


def _extension_spans(file) -> list[tuple[int, int]]:
    """The `htmx.defineExtension(...)` calls of a file: an htmx 2 extension's own code, which
    HX305 (WS308 for a copy of the WebSocket one) reports as a whole."""
    if file.kind not in ("javascript", "markup") or "defineextension" not in file.lower:
        return []
    spans = []
    for script in file.javascript:
        if "defineExtension" not in script.text:
            continue
        for call in script.walk({"call_expression"}):
            path = member_path(script, call.child_by_field_name("function"))
            if path is not None and path[-1] == "defineExtension":
                spans.append(script.span(call))
    return union(spans)


def check(file, findings):
    core = file.target.core
    if core is None or not any(h in file.lower for h in _HINTS):
        return
    if file.kind == "javascript" and htmx_library(file.text) == 2:
        return  # a copy of htmx 1/2 itself: its names are the library's (HX301 reports the copy)
    if file.kind == "python" and "htmx4" in file.text and _HTMX4_ON.search(file.text):
        return  # FastHTML(htmx4=True) loads htmx 4: the app is written for it
    markers = find_traces(file.text, file.lower, core)
    if file.kind == "json":
        markers = [m for m in markers if _a_dependency(m, file.text)]
    running = file.rule_codes
    markers = [m for m in markers if all(code in running for code in _HANDLED_BY[m.construct])]
    if not markers:
        return
    extensions = _extension_spans(file)
    if extensions:
        markers = [m for m in markers if not inside(extensions, m.start)]
    version = file.target.htmx_version
    for found in unreported(file, findings, markers).values():
        steps = "; ".join(dict.fromkeys(_step(m, file.text, core, version) for m in found))
        # The first trace's span only: a WebSocket trace between two core ones stays WS502's.
        yield Diagnostic(CODE, f"{steps} (hxmigrate did not recognise this use: migrate it by hand)",
                         found[0].start, found[0].end)
