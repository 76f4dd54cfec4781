"""Rewrite `hx-on` attributes to the names htmx 4 listens for.

What it does:
    Renames every `hx-on` spelling htmx 2 ran to htmx 4's: the dash forms (`hx-on-click`,
    `hx-on--after-request`, `hx-on-htmx-after-request`) to the colon forms, and htmx 2's event
    names to htmx 4's (`hx-on::after-request` becomes `hx-on::after:request`,
    `hx-on:htmx:before-swap` becomes `hx-on:htmx:before:swap`), `data-` prefix and the
    short or long form kept. A handler that reads `event.detail` is renamed only with
    `--unsafe-fixes` and reported: the detail of htmx 4's events is `{ctx}`. Names htmx 2
    never fired (a camelCase name in an attribute name, which browsers lowercase), events
    htmx 4 dropped, and htmx 1's `hx-on="event: code"` are reported. WebSocket events are
    WS303's, the SSE extension's SE303's.

Why:
    htmx 4 reads only `hx-on:EVENT` and `hx-on::EVENT` (the dash forms only with
    `metaCharacter: "-"`) and fires only its own event names, so a 2.x handler never runs.

Example:
    <form hx-post="/save" hx-on::after-request="this.reset()">
    becomes
    <form hx-post="/save" hx-on::after:request="this.reset()">

    htmx 2 fired the swap events (`before-swap`, `after-swap`, `after-settle`, the `oob-`
    ones) on the swap target; htmx 4 fires `htmx:before:swap`/`htmx:after:swap` on the
    element that made the request and `htmx:after:settle` on the target. So on an element that
    swaps itself they become `before:swap`/`after:swap`, on any other element (a target, a
    container) `after-swap` and `after-settle` become `after:settle`, and what has no htmx 4
    counterpart there is reported.

Fix safety:
    Safe where the handler does not read `event.detail`: the same code runs for the same
    event. `htmx:afterRequest` and `htmx:afterOnLoad` become `htmx:after:request`, which
    htmx 4 fires before the swap (htmx 2 fired them after it): the message says so.
"""

from __future__ import annotations

from ...diagnostics import Diagnostic, fix
from ...edits import Edit
from .._hx_on import attribute_name, event_of_name
from ._attributes import (
    ancestor_target,
    bare,
    elements_by_tag,
    htmx_attrs,
    is_request_element,
)
from ._events import events_of, kebab

CODE = "HX201"
NAME = "hx-on"
LANGUAGES = ("markup",)
FIX = "sometimes"
SAFETY = "safe"
TRIGGERS = ("hx-on",)

# htmx 2 fired these on <body>; htmx 4 fires their new names on `document`, which no element's
# hx-on:EVENT hears (checked in Chromium: fixtures/browser/core-hx-on-history).
HISTORY_EVENTS = ("htmx:beforeHistorySave", "htmx:beforeHistoryUpdate", "htmx:historyRestore",
                  "htmx:historyCacheMiss", "htmx:pushedIntoHistory", "htmx:replacedInHistory")

# htmx 4 fires these before the swap; htmx 2 fired the old names after it.
_BEFORE_SWAP_NOW = ("htmx:afterRequest", "htmx:afterOnLoad")


def check(file):
    core = file.target.core
    if core is None:
        return
    events = events_of(core)
    ws = set(file.target.events) | {e.lower() for e in file.target.events}
    sse = file.target.sse is not None  # SE303 has the SSE extension's 2.x events
    for tag in file.markup.start_tags():
        for attr in tag.attrs:
            if attr.name_has_template:
                continue
            name = bare(attr.lname)
            if not name.startswith("hx-on"):
                continue
            rest = name[len("hx-on"):]
            if rest == "":
                value = attr.value or ""
                if ":" in value and "->" not in value and "htmx:ws" not in value and \
                        not (sse and "htmx:sse" in value):  # WS303 and SE303 have theirs
                    yield Diagnostic(CODE, f"`{attr.name}=\"event: code\"` is htmx 1's form, which htmx 2 and 4 do "
                                     "not run: htmx 4 writes a handler as `hx-on:EVENT=\"code\"` (or "
                                     "`hx-on=\"EVENT -> code\"`)", attr.start, attr.end)
                continue
            read = event_of_name(rest)
            if read is None:
                continue
            old, style = read
            if old in ws or old.startswith("htmx:ws"):
                continue  # WS303
            if sse and old.startswith("htmx:sse") and not old.startswith("htmx:sse:"):
                continue  # SE303
            yield from _attribute(file, tag, attr, old, style, events)


def _attribute(file, tag, attr, old, style, events):
    event = events.of(old)
    if event is None:
        camel = events.lowered(old)
        if camel is not None:
            new_event = events.new(camel)
            hint = f": the htmx 4 name is `{attribute_name(attr.name, new_event, 'short')}`" if new_event else ""
            yield Diagnostic(CODE, f"`{attr.name}` never ran in htmx 2: browsers lowercase attribute names, so "
                             f"`{camel}` is never matched{hint} (renaming it makes it run)",
                             attr.start, attr.name_end)
            return
        new_event = old  # an event htmx 4 fires under the same name (a DOM event, htmx:abort...)
    else:
        new_event = events.new(event)
        if new_event is None:
            yield Diagnostic(CODE, f"`{attr.name}` listens for `{event}`, which {events.removed(event)}",
                             attr.start, attr.name_end)
            return
        if event in events.core.target_events:
            new_event, problem = _swap_event(file, tag, event, new_event, events)
            if problem:
                yield Diagnostic(CODE, f"`{attr.name}`: {problem}", attr.start, attr.name_end)
                return
        if event in HISTORY_EVENTS:
            yield from _history(file, tag, attr, event, new_event)
            return
    new = attribute_name(attr.name, new_event, style)
    if new == attr.name:
        return
    if tag.attr(new.lower()) is not None:
        yield Diagnostic(CODE, f"`{attr.name}` is `{new}` in htmx 4, which the element already has: merge the "
                         "two handlers by hand", attr.start, attr.name_end)
        return
    if file.flavor == "templ" and attr.value_has_template and not attr.quote and \
            bare(attr.lname).startswith("hx-on:") != bare(new.lower()).startswith("hx-on:"):
        yield Diagnostic(CODE, f"`{attr.name}` is `{new}` in htmx 4, but templ reads the Go expression of an "
                         "`hx-on:` attribute as a templ.ComponentScript, not a string: rename it and change its "
                         "value by hand", attr.start, attr.name_end)
        return
    notes = []
    if event in _BEFORE_SWAP_NOW:
        notes.append("htmx 4 fires it before the swap, htmx 2 fired it after: check a handler that reads the "
                     "swapped content")
    reads_detail = bool(event) and "detail" in (attr.value or "")
    if reads_detail:
        notes.append("the handler reads `event.detail`, which is `{ctx}` in htmx 4 (`ctx.request`, "
                     "`ctx.response.status`, `ctx.text`...): rewrite those reads, then rename it "
                     "(`--unsafe-fixes` renames it now)")
    more = "; " + "; ".join(notes) if notes else ""
    yield Diagnostic(CODE, f"`{attr.name}` is `{new}` in htmx 4{more}", attr.start, attr.name_end,
                     fix(Edit(attr.start, attr.name_end, new), safe=not reads_detail))


def _swap_event(file, tag, event: str, source_event: str, events) -> tuple[str, str]:
    """(the htmx 4 event, or "" and why there is none) for an element's handler of a 2.x swap
    event. htmx 2 fired these on the swap target; htmx 4 fires `htmx:before:swap` and
    `htmx:after:swap` on the element that made the request, `htmx:after:settle` on the target."""
    target_event = events.core.target_events[event]
    element = elements_by_tag(file.markup).get(tag.start)
    if is_request_element(tag):
        own = next(htmx_attrs(tag, "hx-target"), None)
        inherited = element is not None and ancestor_target(element)
        if (own is None or (own.value or "").strip() == "this") and not (own is None and inherited):
            return source_event, ""  # the element swaps itself: it is both
        if target_event is None:
            return "", (f"htmx 2 fired `{event}` on the swap target, not on this element (whose requests swap "
                        f"another one); htmx 4 fires `{source_event}` here, for this element's own requests: "
                        "rename it if that is what the handler is for, or move it")
        return "", (f"htmx 2 fired `{event}` on the swap target, not on this element (whose requests swap another "
                    f"one); on the target htmx 4 fires `{target_event}`, here `{source_event}` for this element's "
                    "own requests: choose one by hand")
    if target_event is None:
        return "", (f"htmx 2 fired `{event}` on the swap target, before swapping; htmx 4 fires `{source_event}` on "
                    "the element that made the request, and nothing on the target before the swap: put the handler "
                    f"on the requesting elements (`hx-on::{source_event[5:]}`, reading `event.detail.ctx.target`)")
    return target_event, ""


def _history(file, tag, attr, event: str, new_event: str):
    """A history event's handler: htmx 2 fired the event on <body>, htmx 4 on `document`, which
    only the value form `hx-on="EVENT from:document -> code"` of an element reaches."""
    if tag.lname != "body":
        yield Diagnostic(CODE, f"`{attr.name}` never ran in htmx 2 (it fired `{event}` on <body>, which this element "
                         f"is not; htmx processes no hx-on above <body>); htmx 4 fires `{new_event}` on `document`: "
                         f"remove it, or listen on <body> with `hx-on=\"{new_event} from:document -> ...\"`",
                         attr.start, attr.name_end)
        return
    prefix = attr.name[: attr.name.lower().index("hx-on") + len("hx-on")]
    code = attr.value or ""
    blocker = ""
    others = [a for a in tag.attrs if a is not attr and not a.name_has_template and _history_attr(a)]
    if tag.attr(prefix.lower()) is not None:
        blocker = f"the element already has `{prefix}`: add `{new_event} from:document -> ...` to it by hand"
    elif others:
        blocker = (f"the element has another handler of a history event (`{others[0].name}`), and htmx 4 needs both in "
                   f"one `{prefix}` attribute: join them as `{prefix}=\"EVENT from:document -> code; EVENT "
                   "from:document -> code\"` by hand")
    elif not attr.quote or attr.value_has_template:
        blocker = "its value is unquoted or built by template syntax: rewrite it by hand"
    elif "->" in code:
        blocker = "its code holds `->`, which htmx 4's `hx-on` value form reads as a new handler: rewrite it by hand"
    if blocker:
        yield Diagnostic(CODE, f"`{attr.name}`: htmx 4 fires `{new_event}` on `document`, which an `hx-on:EVENT` "
                         f"attribute does not hear (it listens on its element); {blocker}", attr.start, attr.name_end)
        return
    yield Diagnostic(CODE, f"`{attr.name}` is `{prefix}=\"{new_event} from:document -> ...\"` in htmx 4, which fires "
                     f"history events on `document` (htmx 2 fired `{event}` on <body>)", attr.start, attr.name_end,
                     fix(Edit(attr.start, attr.name_end, prefix), Edit(attr.value_start, attr.value_start,
                                                                      f"{new_event} from:document -> ")))


def _history_attr(attr) -> bool:
    name = bare(attr.lname)
    read = event_of_name(name[5:]) if name.startswith("hx-on") else None
    if read is None:
        return False
    return any(read[0] in (e, kebab(e)) for e in HISTORY_EVENTS)
