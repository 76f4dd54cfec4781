"""Report 2.x WebSocket attributes written in JSX, each with its htmx 4 form.

What it does:
    In JSX (`.jsx`, `.tsx`, and JSX inside `.js`), reports every 2.x WebSocket attribute of
    an element: `ws-connect`, `ws-send` and their `data-` forms, htmx 1.x `hx-ws`, an
    `hx-ext` that lists `ws` (also as the key of an object spread into the element,
    `{...{"hx-ext": "ws"}}`), and the `hx-on` dash forms of WebSocket events
    (`hx-on--ws-after-message`). The finding gives the htmx 4 attribute written the way JSX
    accepts it, and, for a connection element, whether it needs `hx-swap="none"` (as WS101
    adds in markup) or has its own swap settings that now apply to messages (as WS105 reports).

Why:
    htmx 4 reads `hx-ws:connect`, `hx-ws:send` and `hx-on::ws:...`; the 2.x names only run
    through a deprecation shim, or not at all. In JSX these names cannot always be written as
    they are in HTML: `hx-on::ws:after:message:incoming` is no JSX attribute name, and
    namespaced names such as `hx-ws:connect` are rejected by some compilers (Babel's React
    transform), so the spread form `{...{"hx-ws:connect": url}}` is the one that works
    everywhere.

Example:
    <section hx-ext="ws" ws-connect={url}>
    is reported: write `{...{"hx-ws:connect": url}}` (drop `hx-ext="ws"`), and add
    `hx-swap="none"` so that stray message content is dropped as in 2.x.

Fix safety:
    No fix: how a JSX compiler and a framework's renderer treat namespaced and spread
    attribute names differs between toolchains; the finding gives the form that works in
    all of them.
"""

from __future__ import annotations

from ...diagnostics import Diagnostic
from ._js import event_2x, is_2x_extension, lowered_camel
from ._jsx import ELEMENTS, REQUESTS, JsxAttr, attributes

CODE = "WS312"
NAME = "jsx-attributes"
LANGUAGES = ("javascript",)
FIX = "never"
SAFETY = "safe"
TRIGGERS = ("ws-connect", "ws-send", "hx-ws", "hx-ext", "hx-on-")
FACTS = ("implicit_inheritance",)

def check(file):
    target = file.target
    for script in file.javascript:
        if script.inline or is_2x_extension(script) or "<" not in script.text:
            continue
        for element in script.walk(ELEMENTS):
            attrs, opaque = attributes(script, element)
            if not attrs:
                continue
            for attr in attrs:
                message = _message(attr, attrs, opaque, file, target)
                if message is not None:
                    start, end = script.span(attr.name_node)
                    yield Diagnostic(CODE, message, start, end)


def _spread(name: str, value: str) -> str:
    return f'`{{...{{"{name}": {value}}}}}`'


def _message(attr: JsxAttr, attrs: list[JsxAttr], opaque: bool, file, target) -> str | None:
    bare, prefix = attr.bare, attr.prefix
    if attr.spread and bare.startswith("hx-on"):
        return None  # a key of a spread object is a string in code: WS303 renames it
    if bare == "ws-connect":
        new = prefix + target.connect_attr
        if attr.spread:
            step = f'rename the key to `"{new}"`'
        else:
            step = f"write {_spread(new, attr.value_code())} (namespaced JSX names such as `{new}={{...}}` are " \
                   "rejected by some compilers)"
        return f"`{attr.name}` in JSX: htmx 4 reads `{new}`; {step}{_connection(attrs, opaque, file)}"
    if bare == "ws-send":
        new = prefix + target.send_attr
        step = f'rename the key to `"{new}"`' if attr.spread else f"write {_spread(new, chr(34) * 2)}"
        return f"`{attr.name}` in JSX: htmx 4 reads `{new}`; {step} (its 2.x value was ignored)"
    if bare == "hx-ws":
        return _legacy(attr, attrs, opaque, file, target)
    if bare == "hx-ext":
        value = attr.string()
        if value is None:
            return None
        names = [v.strip() for v in value.split(",")]
        if "ws" not in names:
            return None
        rest = [n for n in names if n and n != "ws"]
        step = "remove it" if not rest else f'keep `{attr.name}="{", ".join(rest)}"` (htmx 4 has no ' \
                                                         "`hx-ext`: check that those extensions exist for it)"
        return f"`{attr.name}` lists `ws`: htmx 4 needs no `hx-ext` for WebSockets (loading `hx-ws.js` is enough); {step}"
    if bare.startswith("hx-on-") and not attr.spread:
        rest = bare[len("hx-on-"):]
        name = "htmx:" + rest[1:] if rest.startswith("-") else "htmx:" + rest[5:] if rest.startswith("htmx-") else None
        if name is None:
            return None
        event = event_2x(name)
        if event is None:
            camel = lowered_camel(name)
            if camel is None:
                return None
            return f"`{attr.name}` never ran in htmx 2 (the name is lowercased when it is set): htmx 4 would run " \
                   f"{_spread(prefix + 'hx-on::' + target.event(camel)[5:], attr.value_code())}"
        new = prefix + "hx-on::" + target.event(event)[5:]
        return (f"`{attr.name}`: htmx 4 has no dash form of `hx-on`; write {_spread(new, attr.value_code())} (no JSX "
                "attribute name can hold `::`), and check how its code reads `event.detail` (see WS303)")
    return None


def _legacy(attr: JsxAttr, attrs, opaque, file, target) -> str | None:
    value = attr.string()
    if value is None:
        return f"`{attr.name}` is htmx 1.x's WebSocket attribute: htmx 4 reads `{target.connect_attr}` and " \
               f"`{target.send_attr}`; write them with spreads, e.g. {_spread(target.connect_attr, 'url')}"
    words = value.split()
    parts = []
    for w in words:
        if w.startswith("connect:"):
            parts.append(_spread(attr.prefix + target.connect_attr, '"' + w[len("connect:"):] + '"'))
        elif w == "send":
            parts.append(_spread(attr.prefix + target.send_attr, '""'))
    if not parts:
        return f"`{attr.name}=\"{value}\"` is htmx 1.x's WebSocket attribute: htmx 4 has no form of these words"
    connection = _connection(attrs, opaque, file) if any(w.startswith("connect:") for w in words) else ""
    return f"`{attr.name}` is htmx 1.x's WebSocket attribute: write {' and '.join(parts)}{connection}"


def _connection(attrs: list[JsxAttr], opaque: bool, file) -> str:
    """What a connection element needs besides the rename (the markup rules' hx-swap="none")."""
    own = [a.name for a in attrs if a.bare in ("hx-target",) + REQUESTS
           or a.bare == "hx-swap" and (a.string() or "").strip().lower() != "none"]
    if own:
        listed = ", ".join(f"`{n}`" for n in own)
        return f"; the element has {listed}: in htmx 4 its swap settings also apply to WebSocket messages that are " \
               "not <hx-partial>, so check where stray content lands"
    if any(a.bare == "hx-swap" for a in attrs):
        return ""
    if file.project.implicit_inheritance:
        return "; the project turns on implicitInheritance, so hx-swap=\"none\" here would also silence descendants' " \
               "requests: wrap every message part in <hx-partial> instead"
    more = " (unless the spread object sets hx-swap or hx-target)" if opaque else ""
    return f"; add `hx-swap=\"none\"`{more} so that stray message content is dropped as in 2.x"
