"""Rewrite 2.x WebSocket attributes in JSX to htmx 4's, in a form the project's JSX toolchain compiles.

What it does:
    In JSX (`.jsx`, `.tsx`, and JSX inside `.js`), rewrites on each HTML element what
    the markup rules rewrite in HTML: `ws-connect` becomes `hx-ws:connect` (the value
    expression kept) with `hx-swap="none"` after it where WS101 adds it; `ws-send` becomes
    `hx-ws:send=""`; htmx 1.x `hx-ws="connect:URL"` and `hx-ws="send"` become those two
    (WS104); `ws` leaves `hx-ext`, and the attribute goes when it listed nothing else
    (WS103); the `hx-on` dash forms of WebSocket events (`hx-on--ws-after-message`) become
    `hx-on::ws:after:message:incoming`, their `event.detail` reads rewritten as WS303 does.
    `data-` prefixes are kept; keys of object literals spread into the element are renamed
    in place (`{...{"ws-connect": url}}`).

    The new names are written as JSX attribute names (`hx-ws:connect={url}`) where the
    folder's JSX runtime is hono/jsx or @kitajs/html (the `jsxImportSource` of the nearest
    tsconfig.json, jsconfig.json or deno.json, or of the file's `@jsxImportSource` comment),
    compiled by TypeScript, esbuild, Bun or Deno: no package.json from the file's folder up
    to the repository root names Babel, SWC or a framework built on them, and no
    `.babelrc`, `babel.config.*` or `.swcrc` is there. Everywhere else, and always for
    `hx-on::...` (no JSX attribute name holds `::`), the attribute becomes an object spread
    in its place: `{...{"hx-ws:connect": url}}`.

    Reported and left as written: attributes of components (`<Room ws-connect=...>`: the
    component decides what reaches the page), of elements that also spread an object
    hxmigrate cannot read (`{...props}`: it may set the same names or swap settings), values
    that decide whether the attribute is written at all (`ws-send={open}`), a `ws-send`
    without a value where the runtime drops a `true` value (React) or is not known, string
    values that compilers read differently inside an object literal (character references,
    line breaks), and what WS101-WS104 and WS303 also leave to a person in markup.

Why:
    htmx 4 reads `hx-ws:connect`, `hx-ws:send` and `hx-on::ws:...`. Namespaced JSX names are
    rejected by Babel's React transform and by SWC's automatic runtime, unless they are set
    up with `throwIfNamespace: false`; a spread key compiles everywhere, and every renderer
    checked writes both forms as the same HTML attribute, value escaped as any other:

    | toolchain (versions checked)                                        | `hx-ws:connect={url}` | spread key |
    |---------------------------------------------------------------------|-----------------------|------------|
    | tsc 4.9, 5.9, 7.0 (type-checks too); esbuild 0.28, Bun 1.4, Deno 2.9 | compiles              | compiles   |
    | Babel 7.29, 8.1 React transform; with `throwIfNamespace: false`      | rejected; compiles    | compiles   |
    | SWC 1.16 classic runtime; automatic runtime                          | compiles; rejected    | compiles   |
    | react-dom 19.3, hono 4.13, @kitajs/html 4.2, Preact 11.2 (renderers) | `hx-ws:connect="…"`   | the same   |

    A `true` value (`<form ws-send>`) is written by hono/jsx, @kitajs/html and Preact, and
    dropped by React unless the name starts with `data-`: such a `ws-send` never sent.

Example:
    <section hx-ext="ws" ws-connect={url}>
    becomes, in a project whose tsconfig.json names "jsxImportSource": "hono/jsx"
    <section hx-ws:connect={url} hx-swap="none">
    and elsewhere
    <section {...{"hx-ws:connect": url}} hx-swap="none">

Fix safety:
    Safe: the element renders the same attributes under their htmx 4 names, in a form its
    toolchain compiles.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ...diagnostics import Diagnostic, fix
from ...edits import Edit, apply_edits
from ._js import (
    event_2x,
    is_2x_extension,
    list_items,
    lowered_camel,
    remove_items,
    string_value,
)
from ._js_detail import DETAIL_OF, code_reads
from ._jsx import ELEMENTS, REQUESTS, JsxAttr, attributes
from ._jsx_toolchain import WRITES_TRUE, toolchain

CODE = "WS312"
NAME = "jsx-attributes"
LANGUAGES = ("javascript",)
FIX = "sometimes"
SAFETY = "safe"
TRIGGERS = ("ws-connect", "ws-send", "hx-ws", "hx-ext", "hx-on-")
FACTS = ("implicit_inheritance", "jsx_configs")


@dataclass
class _Found:
    """What one 2.x attribute becomes: the message, and the edits (None: reported only)."""

    message: str
    edits: list[Edit] | None = None
    safe: bool = True
    more: list[Diagnostic] = field(default_factory=list)
    short: str = ""  # the message without what follows the rename, for an element left as written


class _Element:
    def __init__(self, file, script, element, attrs: list[JsxAttr], tool, target) -> None:
        self.file, self.script, self.element, self.attrs = file, script, element, attrs
        self.tool, self.target = tool, target
        self.namespaced = tool.namespaced


def check(file):
    target = file.target
    for script in file.javascript:
        if script.inline or is_2x_extension(script) or "<" not in script.text:
            continue
        tool = None
        for element in script.walk(ELEMENTS):
            attrs, opaque = attributes(script, element)
            olds = [(a, kind) for a in attrs if (kind := _kind(a)) is not None]
            if not olds:
                continue
            if tool is None:
                tool = toolchain(file, script.text)
            el = _Element(file, script, element, attrs, tool, target)
            blocked = _blocked(script, element, opaque)
            news = [_new_name(a, kind, target) for a, kind in olds]
            for (attr, kind), new in zip(olds, news):
                twin = next((a.name for (a, _), n in zip(olds, news) if n == new and a is not attr), None) if new else None
                if twin is not None:
                    found = _Found(f"`{attr.name}` and `{twin}` would both be `{new}` in htmx 4: merge them by hand")
                else:
                    found = _HANDLERS[kind](el, attr)
                start, end = script.span(attr.name_node)
                if found.edits is None:
                    yield Diagnostic(CODE, found.message, start, end)
                elif blocked:
                    yield Diagnostic(CODE, f"{found.short or found.message}; not rewritten: {blocked}", start, end)
                else:
                    yield Diagnostic(CODE, found.message, start, end, fix(*found.edits, safe=found.safe))
                yield from found.more


def _kind(attr: JsxAttr) -> str | None:
    bare = attr.bare
    if bare == "ws-connect":
        return "connect"
    if bare == "ws-send":
        return "send"
    if bare == "hx-ws":
        return "legacy"
    if bare == "hx-ext":
        value = attr.string()
        return "ext" if value is not None and any(n.strip() in ("ws", "ignore:ws") for n in value.split(",")) else None
    if bare.startswith("hx-on-") and not attr.spread:  # a key of a spread object is a string in code: WS303's
        name = _dash_event(bare)
        return "on" if name is not None and (event_2x(name) or lowered_camel(name)) else None
    return None


def _new_name(attr: JsxAttr, kind: str, target) -> str | None:
    """The htmx 4 attribute a 2.x one becomes (None: none, or not one that can be told)."""
    if kind == "connect":
        return attr.prefix + target.connect_attr
    if kind == "send":
        return attr.prefix + target.send_attr
    if kind == "legacy":
        words = (attr.string() or "").split()
        if len(words) == 1 and words[0].startswith("connect:"):
            return attr.prefix + target.connect_attr
        return attr.prefix + target.send_attr if attr.string() == "send" else None
    if kind == "on":
        event = event_2x(_dash_event(attr.bare))
        return attr.prefix + "hx-on::" + target.event(event)[5:] if event else None
    return None


def _dash_event(bare: str) -> str | None:
    rest = bare[len("hx-on-"):]
    if rest.startswith("-"):
        return "htmx:" + rest[1:]
    if rest.startswith("htmx-"):
        return "htmx:" + rest[5:]
    return None


def _blocked(script, element, opaque) -> str:
    """Why no attribute of the element is rewritten, or ""."""
    name = element.child_by_field_name("name")
    text = script.text_of(name) if name is not None else ""
    if name is None or name.type not in ("identifier", "jsx_namespace_name") or \
            name.type == "identifier" and not (text[:1].islower() or "-" in text):
        return f"`<{text}>` is a component, whose code decides which props reach the page: rename the attribute " \
               "where the component writes it"
    if opaque is not None:
        return f"the element also spreads `{script.text_of(opaque)}`, which hxmigrate cannot read (it may set the " \
               "same attributes or swap settings): change the element by hand"
    if script.has_template(element):
        return "template syntax in the element"
    if script.in_error(element) or element.has_error:
        return "the element does not parse cleanly"
    return ""


# --- how an attribute is written ---------------------------------------------------------

def _quoted(attr: JsxAttr, text: str) -> str:
    """``text`` as a string literal of JavaScript, in the quotes of the attribute's value."""
    node = attr.string_node()
    quote = attr.script.text_of(node)[0] if node is not None else '"'
    if attr.jsx_string:
        text = text.replace("\\", "\\\\")  # a JSX string has no escapes; a JavaScript one has
    return quote + text + quote


def _as_code(attr: JsxAttr) -> tuple[str | None, str]:
    """(the value as JavaScript, "") or (None, why it cannot be moved into an object literal)."""
    node = attr.value_node
    if node is None:
        return None, "it has no value"
    if attr.jsx_string:
        raw = attr.script.text_of(node)[1:-1]
        why = _unmovable(raw)
        return (None, why) if why else (_quoted(attr, raw), "")
    if node.type == "jsx_expression":
        inner = list(node.named_children)
        if len(inner) != 1 or inner[0].type == "comment":
            return None, "its value holds comments" if inner else "its value is empty"
        return attr.script.text_of(inner[0]), ""
    return None, "its value is an element"


def _unmovable(raw: str) -> str:
    if "&" in raw:
        return "its value holds character references, which JSX decodes and an object literal does not"
    if any(c in raw for c in "\n\r\u2028\u2029"):
        return "its value spans lines, which Babel joins in a JSX string and other compilers keep"
    return ""


def _spread(name: str, code: str) -> str:
    return f'{{...{{"{name}": {code}}}}}'


def _rename(el: _Element, attr: JsxAttr, new: str, code: str | None = None, jsx_value: str | None = None) -> Edit:
    """The attribute under its new name: the key of a spread renamed, the JSX name renamed
    (with ``jsx_value`` when it changes), or an object spread of ``code`` in its place."""
    script = el.script
    if attr.spread:
        start, end = script.span(attr.name_node)
        return Edit(start + 1, end - 1, new)
    start, end = script.span(attr.node)
    if el.namespaced:
        if jsx_value is None:
            return Edit(start, script.end(attr.name_node), new)
        return Edit(start, end, f"{new}={jsx_value}")
    return Edit(start, end, _spread(new, code))


def _remove(el: _Element, attr: JsxAttr) -> list[Edit]:
    """Edits removing the attribute (with the whitespace before it), or the key of a spread
    (the whole spread when it had no other)."""
    script = el.script
    if attr.spread:
        if list_items(attr.container) != [attr.node]:
            return remove_items(script, attr.container, [attr.node])
        start, end = script.span(attr.expression)
    else:
        start, end = script.span(attr.node)
    text = el.file.text
    while start > 0 and text[start - 1] in " \t\r\n":
        start -= 1
    return [Edit(start, end)]


def _swap(el: _Element, attrs: list[JsxAttr], connect: JsxAttr) -> tuple[Edit | None, str]:
    """The hx-swap="none" the connection needs (as WS101 adds it), and what the message adds."""
    own = [a.name for a in attrs if a.bare in ("hx-target",) + REQUESTS
           or a.bare == "hx-swap" and (a.string() or "").strip().lower() != "none"]
    if own:
        listed = ", ".join(f"`{n}`" for n in own)
        return None, f"; the element has {listed}: in htmx 4 its swap settings also apply to WebSocket messages " \
                     "that are not <hx-partial>, so check where stray content lands"
    if any(a.bare == "hx-swap" for a in attrs):
        return None, ""
    if el.file.project.implicit_inheritance:
        return None, "; the project turns on implicitInheritance, so hx-swap=\"none\" here would also silence " \
                     "descendants' requests: wrap every message part in <hx-partial> instead"
    name = connect.prefix + "hx-swap"
    script = el.script
    if connect.spread:
        quote = script.text_of(connect.name_node)[0]
        at = script.end(connect.node)
        return Edit(at, at, f", {quote}{name}{quote}: {quote}none{quote}"), \
            f"; `{name}: \"none\"` keeps stray message content out of it as in 2.x"
    start, end = script.span(connect.node)
    text = el.file.text
    ws = start
    while ws > 0 and text[ws - 1] in " \t\r\n":
        ws -= 1
    return Edit(end, end, f"{text[ws:start] or ' '}{name}=\"none\""), \
        f"; `{name}=\"none\"` keeps stray message content out of it as in 2.x"


def _form(el: _Element, attr: JsxAttr, new: str, code: str) -> str:
    """How the message names the form written."""
    if attr.spread or el.namespaced:
        return ""
    return f", written as `{_spread(new, code)}` ({el.tool.why_spread()}; a spread key compiles everywhere)"


def _has(attrs: list[JsxAttr], *names: str) -> JsxAttr | None:
    return next((a for a in attrs if a.lname in names), None)


# --- each 2.x attribute --------------------------------------------------------------------

def _connect(el: _Element, attr: JsxAttr) -> _Found:
    new = attr.prefix + el.target.connect_attr
    other = _has(el.attrs, el.target.connect_attr, "data-" + el.target.connect_attr)
    if other is not None:
        return _Found(f"`{attr.name}` next to `{other.name}`: remove the 2.x attribute by hand once both URLs are "
                      "the same")
    if sum(1 for a in el.attrs if a.bare == "ws-connect" or a.bare == "hx-ws" and "connect:" in (a.string() or "")) > 1:
        return _Found(f"`{attr.name}`: the element has more than one 2.x connection attribute; keep one, as "
                      f"`{new}`, by hand")
    if attr.value_node is None:
        return _Found(f"`{attr.name}` without a URL: htmx 4 reads `{new}=\"URL\"`; write it by hand")
    code, why = (attr.value_code(), "") if attr.spread else _as_code(attr)
    if code is None and not (el.namespaced and not attr.spread):
        return _Found(f"`{attr.name}` in JSX: htmx 4 reads `{new}`, written here as an object spread, but {why}: "
                      "write it by hand")
    swap, note = _swap(el, el.attrs, attr)
    edits = [_rename(el, attr, new, code)] + ([swap] if swap is not None else [])
    short = f"`{attr.name}` is `{new}` in htmx 4"
    return _Found(f"{short}{_form(el, attr, new, code or '')}{note}", edits, short=short)


def _send(el: _Element, attr: JsxAttr) -> _Found:
    new = attr.prefix + el.target.send_attr
    other = _has(el.attrs, el.target.send_attr, "data-" + el.target.send_attr)
    if other is not None:
        return _Found(f"`{attr.name}` next to `{other.name}`: remove the 2.x attribute by hand")
    value = attr.value_node
    is_true = value is None or attr.spread and value.type == "true" or \
        value.type == "jsx_expression" and [attr.script.text_of(c) for c in value.named_children] == ["true"]
    if is_true:
        runtime = el.tool.runtime
        if not (runtime in WRITES_TRUE or attr.prefix and runtime == "react"):
            htmx4 = f"`{new}=\"\"`" if el.namespaced else f"`{_spread(new, chr(34) * 2)}`"
            if runtime == "react":
                return _Found(f"`{attr.name}` never reached the page: React drops a `true` value for this name, so "
                              f"the element never sent in 2.x; htmx 4's form, {htmx4}, would make it send")
            return _Found(f"`{attr.name}` without a value: whether the JSX runtime writes it (React drops it, "
                          f"hono/jsx, @kitajs/html and Preact write it) decides whether the element sent in 2.x; "
                          f"htmx 4 reads {htmx4}: write it if the element should send")
    elif not attr.jsx_string and attr.string() is None:
        return _Found(f"`{attr.name}={attr.script.text_of(value)}`: its value decides whether the attribute is "
                      f"written; htmx 4 reads `{new}=\"\"` (2.x ignored the value, later 4.x releases read it as the "
                      "URL to send to): write it where the element should send")
    if attr.spread:
        edits = [_rename(el, attr, new)]
        if attr.string() != "":
            quote = '"' if attr.string_node() is None else attr.script.text_of(attr.string_node())[0]
            edits.append(Edit(*attr.script.span(value), quote * 2))
    else:
        edits = [_rename(el, attr, new, '""', '""')]
    dropped = "" if attr.string() == "" else "; 2.x ignored its value, and later 4.x releases read one as the URL to send to"
    short = f"`{attr.name}` is `{new}` with an empty value in htmx 4"
    return _Found(f"{short}{_form(el, attr, new, chr(34) * 2)}{dropped}", edits, short=short)


def _legacy(el: _Element, attr: JsxAttr) -> _Found:
    target, script = el.target, el.script
    value = attr.string()
    raw = script.text_of(attr.value_node)[1:-1] if attr.jsx_string else value
    if raw is None or "&" in raw:
        return _Found(f"`{attr.name}` is htmx 1.x's WebSocket attribute: htmx 4 reads `{target.connect_attr}` and "
                      f"`{target.send_attr}`; write them by hand")
    words = raw.split()
    # Where htmx 1.x's own hx-ws and the 2.x extension agree: one connect:URL word, or "send" alone.
    url = words[0][len("connect:"):] if len(words) == 1 and words[0].startswith("connect:") else ""
    if raw != "send" and not url:
        return _Found(f"`{attr.name}=\"{raw}\"` is htmx 1.x's WebSocket attribute, which htmx 1.x and the 2.x "
                      f"extension read differently: write `{target.connect_attr}` and `{target.send_attr}` by hand")
    new = attr.prefix + (target.connect_attr if url else target.send_attr)
    other = _has(el.attrs, new.removeprefix("data-"), "data-" + new.removeprefix("data-"))
    if other is not None:
        return _Found(f"`{attr.name}` next to `{other.name}`: remove the 1.x attribute by hand")
    quote = script.text_of(attr.string_node())[0]
    code = _quoted(attr, url)
    if attr.spread:
        edits = [_rename(el, attr, new), Edit(*script.span(attr.value_node), code)]
    else:
        edits = [_rename(el, attr, new, code, quote + url + quote)]
    note = ""
    if url:
        swap, note = _swap(el, el.attrs, attr)
        edits += [swap] if swap is not None else []
    short = f"`{attr.name}=\"{raw.strip()}\"` is htmx 1.x's WebSocket attribute: `{new}` in htmx 4"
    return _Found(f"{short}{_form(el, attr, new, code)}{note}", edits, short=short)


def _ext(el: _Element, attr: JsxAttr) -> _Found:
    value = attr.string()
    node = attr.string_node()
    names = [n.strip() for n in value.split(",")]
    if "ignore:ws" in names:
        return _Found(f"`{attr.name}` has `ignore:ws`: htmx 4 has no hx-ext; stop this subtree from connecting some "
                      "other way (move the element out, or remove its hx-ws: attributes)")
    rest = [n for n in names if n and n != "ws"]
    if not rest:
        message = f"`{attr.name}=\"ws\"` has no effect in htmx 4 (loading hx-ws.js is enough)"
        return _Found(message, _remove(el, attr), short=message)
    comma = value.find(",")
    start, end = comma, comma + 1
    while start > 0 and value[start - 1].isspace():
        start -= 1
    while end < len(value) and value[end].isspace():
        end += 1
    new_value = value[start:end].join(rest)
    base = el.script.start(node) + 1
    short = f"`ws` in `{attr.name}` has no effect in htmx 4"
    return _Found(f"{short}; the rest (`{new_value}`) stays for you to migrate (htmx 4 has no hx-ext)",
                  [Edit(base, base + len(value), new_value)], short=short)


def _on(el: _Element, attr: JsxAttr) -> _Found:
    target, script, file = el.target, el.script, el.file
    name = _dash_event(attr.bare)
    event = event_2x(name)
    if event is None:
        camel = lowered_camel(name)
        new = attr.prefix + "hx-on::" + target.event(camel)[5:]
        return _Found(f"`{attr.name}` never ran in htmx 2 (the name is lowercased when it is set): htmx 4 would run "
                      f"`{_spread(new, attr.value_code())}` (renaming it makes it run)")
    new = attr.prefix + "hx-on::" + target.event(event)[5:]
    other = _has(el.attrs, new.lower())
    if other is not None:
        return _Found(f"`{attr.name}` next to `{other.name}`: merge the two handlers by hand")
    value = attr.value_node
    if value is None:
        return _Found(f"`{attr.name}` without code: htmx 4's form is `{_spread(new, '...')}`; write it by hand")
    node = attr.string_node() if not attr.jsx_string else value
    if attr.jsx_string:
        code, why = script.text_of(value)[1:-1], _unmovable(script.text_of(value)[1:-1])
        if why:
            return _Found(f"`{attr.name}`: htmx 4 has no dash form of `hx-on`; its form is an object spread, "
                          f"`{_spread(new, '...')}`, but {why}: write it by hand")
    else:
        code = string_value(script, node) if node is not None else None
    wait, waits = "", False
    more: list[Diagnostic] = []
    if code is None:
        literal, why = _as_code(attr)
        if literal is None:
            return _Found(f"`{attr.name}`: htmx 4 has no dash form of `hx-on`; its form is `{_spread(new, '...')}`, "
                          f"but {why}: write it by hand")
        wait, waits = "; the handler's code is not a string literal here: rename it once that code reads the " \
                      "htmx 4 detail (`--unsafe-fixes` renames it now)", True
    else:
        offset = script.start(node) + 1
        reads = code_reads(file, code, offset, "event", event, target, detail_in_scope=True)
        more = [Diagnostic(CODE, r.message, r.start, r.end) for r in reads.reports]
        waits = reads.waits
        if waits:
            wait = "; the handler needs a look first (see the findings on it): rename the attribute once it reads " \
                   f"the htmx 4 detail ({DETAIL_OF[event]}) (`--unsafe-fixes` renames it now)"
        rewritten = apply_edits(code, [Edit(e.start - offset, e.end - offset, e.text) for e in reads.edits])
        literal = _quoted(attr, rewritten)
        if reads.edits:
            wait = f", and its `event.detail` reads follow ({len(reads.edits)} rewritten){wait}"
    start, end = script.span(attr.node)
    short = f"`{attr.name}`: htmx 4 has no dash form of `hx-on`; `{new}`, written as an object spread (no JSX " \
            "attribute name holds `::`)"
    return _Found(f"{short}{wait}", [Edit(start, end, _spread(new, literal))], not waits, more, short)


_HANDLERS = {"connect": _connect, "send": _send, "legacy": _legacy, "ext": _ext, "on": _on}
