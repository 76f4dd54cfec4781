"""Report senders that are not forms but contain named inputs.

What it does:
    Reports a WebSocket sender (`ws-send` or `hx-ws:send`) that is not a `<form>` and has
    descendants with a `name` (inputs, selects, textareas).

Why:
    2.x collected descendant fields only for a `<form>`. htmx 4 sends every named field inside
    any sender, so the server receives keys it never saw before.

Example:
    <div ws-send hx-trigger="click"><input name="draft"></div>

Fix safety:
    No fix: make sure the server ignores the extra keys, or move the fields out of the sender.
"""

from __future__ import annotations

from ..diagnostics import Diagnostic
from ._markup import SEND_2X

CODE = "WS110"
NAME = "sender-sends-descendants"
LANGUAGES = ("markup",)
FIX = "never"
SAFETY = "safe"
TRIGGERS = ("ws-send", "hx-ws")


def _named(el):
    stack = list(reversed(el.children))
    while stack:  # iterative: markup may nest deeper than Python recurses
        child = stack.pop()
        if child.tag.lname in ("input", "select", "textarea") and child.tag.attr("name") is not None:
            yield child
        stack.extend(reversed(child.children))


def check(file):
    target = file.target
    senders = SEND_2X + (target.send_attr, "data-" + target.send_attr)

    stack = list(reversed(file.markup.elements))
    while stack:
        el = stack.pop()
        attr = el.tag.attr(*senders)
        if attr is not None and el.tag.lname != "form":
            names = [c.tag.attr("name").value for c in _named(el)]
            if names:
                listed = ", ".join(f"`{n}`" for n in names[:5] if n)
                yield Diagnostic(CODE, f"this <{el.tag.name}> sender contains named fields ({listed}): htmx 4 sends "
                                 "them with every message, 2.x sent only a form's fields", attr.start, attr.end)
        stack.extend(reversed(el.children))
