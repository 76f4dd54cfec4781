"""Convert htmx 1.x `hx-ws` to `hx-ws:connect` / `hx-ws:send`.

What it does:
    Rewrites `hx-ws="connect:URL"`, `hx-ws="send"` and `hx-ws="connect:URL send"` (also with
    the `data-` prefix) into `hx-ws:connect="URL"` and/or `hx-ws:send`, and adds
    `hx-swap="none"` to the connection as WS101 does. Values with other words, or built by
    template syntax, are reported.

Why:
    The 2.x extension still honoured the 1.x attribute; htmx 4 does not.

Example:
    <div hx-ws="connect:/chat">  becomes  <div hx-ws:connect="/chat" hx-swap="none">

Fix safety:
    Safe.
"""

from __future__ import annotations

from ..diagnostics import Diagnostic, fix
from ..edits import Edit
from ._markup import swap_none_edit

CODE = "WS104"
NAME = "legacy-hx-ws"
LANGUAGES = ("markup",)
FIX = "sometimes"
SAFETY = "safe"
TRIGGERS = ("hx-ws",)


def check(file):
    target = file.target
    for tag in file.markup.start_tags():
        attr = tag.attr("hx-ws", "data-hx-ws")
        if attr is None:
            continue
        prefix = "data-" if attr.lname.startswith("data-") else ""
        if attr.value is None or attr.value_has_template:
            yield Diagnostic(CODE, f"htmx 1.x `{attr.name}` cannot be converted automatically: use "
                             f"`{prefix}{target.connect_attr}=\"URL\"` and `{prefix}{target.send_attr}`", attr.start, attr.end)
            continue
        url = None
        send = False
        unknown = []
        for word in attr.value.split():
            head, _, rest = word.partition(":")
            if head == "connect" and rest:
                url = rest
            elif word == "send":
                send = True
            else:
                unknown.append(word)
        if unknown or (url is None and not send):
            yield Diagnostic(CODE, f"htmx 1.x `{attr.name}` has words hxmigrate does not know ({' '.join(unknown) or 'empty'}): "
                             f"use `{prefix}{target.connect_attr}=\"URL\"` and `{prefix}{target.send_attr}` by hand", attr.start, attr.end)
            continue
        quote = attr.quote or '"'
        parts = []
        if url is not None:
            parts.append(f"{prefix}{target.connect_attr}={quote}{url}{quote}")
        if send:
            parts.append(f"{prefix}{target.send_attr}")
        edits = [Edit(attr.start, attr.end, " ".join(parts))]
        if url is not None:
            swap = swap_none_edit(file, tag, attr, bool(prefix))
            if swap is not None:
                edits.append(swap)
        yield Diagnostic(CODE, f"htmx 1.x `{attr.name}` is `{' '.join(parts)}` in htmx 4", attr.start, attr.end, fix(*edits))
