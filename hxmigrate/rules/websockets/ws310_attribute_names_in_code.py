"""Report 2.x WebSocket attribute names that JavaScript reads or writes.

What it does:
    Reports string literals in JavaScript that name a 2.x WebSocket attribute (`ws-connect`,
    `ws-send`, their `data-` forms, `hx-ws`), as in `el.setAttribute('ws-connect', url)` or
    `document.querySelector('[ws-send]')`, and `dataset.wsConnect` / `dataset.wsSend`.

Why:
    Elements built or queried from code keep the 2.x names after the markup is migrated:
    htmx 4 never connects them (or only through its deprecation shim), and queries for the
    old names find nothing once the templates use `hx-ws:connect`.

Example:
    div.setAttribute("ws-connect", "/chat"); htmx.process(div);

Fix safety:
    No fix: use `hx-ws:connect` / `hx-ws:send` (in selectors, escape the colon:
    `[hx-ws\\:connect]`), and give a connection `hx-swap="none"` as the markup rules do.
"""

from __future__ import annotations

import re

from ...diagnostics import Diagnostic
from ._js import is_2x_extension

CODE = "WS310"
NAME = "attribute-names-in-code"
LANGUAGES = ("javascript", "markup")
FIX = "never"
SAFETY = "safe"
TRIGGERS = ("ws-connect", "ws-send", "wsconnect", "wssend", "hx-ws")

_NAME = re.compile(r"(?<![\w:/.-])(?:data-)?(?:ws-connect|ws-send|hx-ws)(?![\w:/.-])")
_DATASET = frozenset({"wsConnect", "wsSend", "hxWs"})
_TAG = re.compile(r"<[A-Za-z]")


def check(file):
    target = file.target
    for script in file.javascript:
        lower = script.text.lower()
        if not any(t in lower for t in TRIGGERS):  # never parse a script that cannot match
            continue

        if is_2x_extension(script):  # a vendored copy: WS308 reports the whole file
            continue
        for node in script.walk({"string_fragment", "property_identifier"}):
            if node.type == "property_identifier":
                name = script.text_of(node)
                parent = node.parent
                if name in _DATASET and parent is not None and parent.type == "member_expression":
                    obj = parent.child_by_field_name("object")
                    if obj is not None and script.text_of(obj).endswith("dataset"):
                        start, end = script.span(parent)
                        new = "hxWs:connect" if name == "wsConnect" else "hxWs:send"
                        yield Diagnostic(CODE, f"`dataset.{name}` is the 2.x attribute `data-{_kebab(name)}`: htmx 4 reads "
                                         f"`data-{target.connect_attr if name == 'wsConnect' else target.send_attr}` "
                                         f"(use setAttribute; `dataset` cannot spell `{new}`)", start, end)
                continue
            value = script.text_of(node)
            m = _NAME.search(value)
            if m is None or script.has_template(*script.span(node)) or _spread_into_jsx(node):
                continue
            if file.kind == "javascript" and _markup_string(script, node):
                continue  # HTML in a string: WS409 migrates it as markup
            start, _ = script.span(node)
            old = m.group()
            new = old.replace("ws-connect", target.connect_attr).replace("ws-send", target.send_attr)
            hint = f"htmx 4 uses `{new}`" if old != new else f"`{old}` is htmx 1.x: htmx 4 uses `{target.connect_attr}` / `{target.send_attr}`"
            yield Diagnostic(CODE, f"the 2.x attribute name `{old}` in code: {hint}", start + m.start(), start + m.end())


def _markup_string(script, fragment) -> bool:
    """Whether the fragment is part of a string literal that holds an HTML tag (WS409 reads
    such a string as markup)."""
    literal = fragment.parent
    return literal is not None and literal.type in ("string", "template_string") \
        and _TAG.search(script.text_of(literal)) is not None


def _spread_into_jsx(fragment) -> bool:
    """A key of an object spread into a JSX element: WS312 reports it with the element."""
    string = fragment.parent
    pair = string.parent if string is not None else None
    if pair is None or pair.type != "pair" or pair.child_by_field_name("key") != string:
        return False
    obj = pair.parent
    spread = obj.parent if obj is not None else None
    return spread is not None and spread.type == "spread_element" and spread.parent is not None \
        and spread.parent.type == "jsx_expression"


def _kebab(name: str) -> str:
    return re.sub(r"([A-Z])", lambda m: "-" + m.group(1).lower(), name)
