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

from ...diagnostics import Diagnostic
from ._markup import SEND_2X

CODE = "WS110"
NAME = "sender-sends-descendants"
LANGUAGES = ("markup",)
FIX = "never"
SAFETY = "safe"
TRIGGERS = ("ws-send", "hx-ws")


_SHOWN = 5


def _named_fields(roots) -> dict[int, list]:
    """For each element (by id), the name values of the first few named fields among its
    descendants, in document order: worked out once, from the leaves up, so that senders
    nested in senders cost no walk each."""
    found: dict[int, list] = {}
    order = []
    stack = list(roots)
    while stack:  # iterative: markup may nest deeper than Python recurses
        el = stack.pop()
        order.append(el)
        stack.extend(el.children)
    for el in reversed(order):  # every element after its descendants
        names: list = []
        for child in el.children:
            if len(names) >= _SHOWN:
                break
            if child.tag.lname in ("input", "select", "textarea") and child.tag.attr("name") is not None:
                names.append(child.tag.attr("name").value)
            names.extend(found[id(child)][: _SHOWN - len(names)])
        found[id(el)] = names
    return found


def check(file):
    target = file.target
    senders = SEND_2X + (target.send_attr, "data-" + target.send_attr)
    named = None
    stack = list(reversed(file.markup.elements))
    while stack:
        el = stack.pop()
        attr = el.tag.attr(*senders)
        if attr is not None and el.tag.lname != "form":
            if named is None:
                named = _named_fields(file.markup.elements)
            names = named[id(el)]
            if names:
                listed = ", ".join(f"`{n}`" for n in names if n)
                yield Diagnostic(CODE, f"this <{el.tag.name}> sender contains named fields ({listed}): htmx 4 sends "
                                 "them with every message, 2.x sent only a form's fields", attr.start, attr.end)
        stack.extend(reversed(el.children))
