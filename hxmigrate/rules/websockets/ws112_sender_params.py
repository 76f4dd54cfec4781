"""Report `hx-params` that filtered what a WebSocket sender sent in 2.x.

What it does:
    Reports the `hx-params` (or `data-hx-params`) that applied to a WebSocket sender
    (`ws-send`, `hx-ws="send"`, `hx-ws:send`): on the sender itself, or inherited from an
    ancestor the way 2.x read it (the closest non-empty value; `unset` and an
    `hx-disinherit` naming `hx-params` or `*` stop the search). `hx-params="*"`, which
    filtered nothing, is not reported.

Why:
    htmx 4 has no `hx-params`: every sender sends all its values. In 2.x,
    `hx-params="none"` sent no form field and no `hx-vals` over the socket, only the
    headers; `hx-params="not a, b"` and `hx-params="a, b"` made the extension throw
    (`inputValues.delete is not a function`), so the sender sent nothing at all. After the
    migration those senders send every field, the ones the attribute named included (a
    password, a draft, a token). htmx 4's own replacement, the `htmx:config:request` event,
    does not fire for WebSocket messages; `htmx:ws:before:message:outgoing` does, and its
    `detail.message.values` is what is sent.

Example:
    <form ws-send hx-params="none">...</form>
    needs, in htmx 4,
    <form hx-ws:send hx-on:htmx:ws:before:message:outgoing="event.detail.message.values = {}">...</form>

Fix safety:
    No fix: the finding gives the listener that filters the values as 2.x meant to (for a
    value that made 2.x throw, decide first whether the sender should send at all); add it
    where the attribute is (the event bubbles up from each sender), then remove
    `hx-params`.
"""

from __future__ import annotations

import re

from ...diagnostics import Diagnostic
from ._markup import SEND_2X

CODE = "WS112"
NAME = "sender-params"
LANGUAGES = ("markup",)
FIX = "never"
SAFETY = "safe"
TRIGGERS = ("hx-params",)
FACTS = ()

_PARAMS = ("hx-params", "data-hx-params")
_DISINHERIT = ("hx-disinherit", "data-hx-disinherit")
_IDENTIFIER = re.compile(r"[A-Za-z_$][\w$]*")
_QUOTABLE = re.compile(r"[^\"'\\&<>]+")  # a field name that can be written in the attribute as is


def check(file):
    lower = file.lower
    if "ws-send" not in lower and "hx-ws" not in lower:
        return
    target = file.target
    senders = SEND_2X + (target.send_attr, "data-" + target.send_attr)
    reported: set[int] = set()
    stack = list(reversed(file.markup.elements))
    while stack:  # iterative: markup may nest deeper than Python recurses
        el = stack.pop()
        stack.extend(reversed(el.children))
        if not _is_sender(el.tag, senders):
            continue
        found = _closest_params(el)
        if found is None:
            continue
        attr, owner = found
        if attr.start in reported:
            continue
        reported.add(attr.start)
        message = _message(attr, owner is el, target)
        if message is not None:
            yield Diagnostic(CODE, message, attr.start, attr.end)


def _is_sender(tag, senders) -> bool:
    if tag.attr(*senders) is not None:
        return True
    legacy = tag.attr("hx-ws", "data-hx-ws")  # htmx 1.x spelling, honoured by the 2.x extension
    return legacy is not None and legacy.value == "send"


def _value(tag, names):
    """2.x's getAttributeValue: the first name with a non-empty value (its attribute)."""
    for name in names:
        attr = tag.attr(name)
        if attr is not None and (attr.value or attr.value_has_template):
            return attr
    return None


def _closest_params(el):
    """(the attribute, its element) 2.x read `hx-params` from for this sender, or None."""
    node = el
    while node is not None:
        if node is not el:
            dis = _value(node.tag, _DISINHERIT)
            if dis is not None and not dis.value_has_template and (dis.value == "*" or "hx-params" in dis.value.split(" ")):
                return None
        attr = _value(node.tag, _PARAMS)
        if attr is not None:
            return None if attr.value == "unset" else (attr, node)
        node = node.parent
    return None


def _message(attr, own: bool, target) -> str | None:
    value = attr.value
    where = "this WebSocket sender" if own else "an ancestor of a WebSocket sender"
    event = target.event("htmx:wsConfigSend")
    values = target.detail_renames.get("htmx:wsConfigSend", {}).get("parameters")
    shown = f'`{attr.name}="{value}"`'
    if attr.value_has_template:
        return (f"`{attr.name}` with template syntax on {where}: htmx 4 has no `hx-params` and sends every value; "
                f"filter them by hand in a `{event}` listener where the attribute is, then remove it")
    if value == "*":
        return None
    if value == "none":
        step = (f'add `hx-on:{event}="event.detail.{values} = {{}}"` where the attribute is' if values
                else f"empty the values in a `{event}` listener where the attribute is")
        return (f"{shown} on {where}: 2.x sent none of the sender's values (form fields, `hx-vals`), only the headers; "
                f"htmx 4 has no `hx-params` and sends them all: to drop them, {step}; then remove `hx-params`")
    negated = value.startswith("not ")
    names = [n.strip() for n in (value[4:] if negated else value).split(",")]
    names = [n for n in names if n]
    thrown = "inputValues.delete" if negated else "inputValues.has"
    broken = (f"{shown} on {where}: 2.x threw on it (`{thrown} is not a function`) and the sender sent nothing; "
              "htmx 4 has no `hx-params` and sends every value")
    remove = "then remove `hx-params` (or the sender, if it was never meant to send)"
    if not names:
        return f"{broken}: {remove}"
    listed = ", ".join(f"`{n}`" for n in names)
    quotable = values is not None and all(_QUOTABLE.fullmatch(n) for n in names)
    if negated:
        if quotable:
            code = "; ".join(f"delete event.detail.{values}{_member(n)}" for n in names)
            step = f'add `hx-on:{event}="{code}"`'
        else:
            step = f"delete them from the values in a `{event}` listener"
        return f"{broken}, {listed} included: to keep those out, {step} where the attribute is; {remove}"
    if quotable:
        kept = ", ".join(f"{_key(n)}: event.detail.{values}{_member(n)}" for n in names)
        step = f'add `hx-on:{event}="event.detail.{values} = {{{kept}}}"`'
    else:
        step = f"keep only those in the values in a `{event}` listener"
    return f"{broken}, not only {listed}: to send only those, {step} where the attribute is; {remove}"


def _member(name: str) -> str:
    return f".{name}" if _IDENTIFIER.fullmatch(name) else f"['{name}']"


def _key(name: str) -> str:
    return name if _IDENTIFIER.fullmatch(name) else f"'{name}'"
