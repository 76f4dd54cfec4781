"""Report values 2.x sent over the socket that htmx 4 no longer sends.

What it does:
    Reports `hx-headers` on a WebSocket sender, on an ancestor of one, or on any element of a
    file that uses WebSocket attributes (the Django CSRF recipe puts it on `<body>`); and
    `hx-vals`/`hx-vars` on an ancestor of a sender.

Why:
    2.x put `hx-headers` into the message's `HEADERS` and merged `hx-vals` from every ancestor.
    htmx 4 sends no `hx-headers` over a WebSocket at all, and does not inherit `hx-vals` unless
    the project turns on implicit inheritance. A CSRF token or a room id the server expects
    silently disappears from the messages.

Example:
    <body hx-headers='{"X-CSRFToken": "{{ csrf_token }}"}'>
      <div hx-ws:connect="/chat" hx-vals='{"room": "lobby"}'><form hx-ws:send>...

Fix safety:
    No fix: move the values onto each sender (`hx-vals` there, or hidden inputs in the form),
    or stop relying on them in the server.
"""

from __future__ import annotations

from ...diagnostics import Diagnostic
from ._markup import SEND_2X

CODE = "WS109"
NAME = "sender-inherited-values"
LANGUAGES = ("markup",)
FIX = "never"
SAFETY = "safe"
TRIGGERS = ("hx-headers", "hx-vals", "hx-vars")


def check(file):
    lower = file.lower
    if "ws-send" not in lower and "hx-ws" not in lower and "ws-connect" not in lower and '"ws"' not in lower:
        return
    target = file.target
    senders = SEND_2X + (target.send_attr, "data-" + target.send_attr)
    reported: set[int] = set()

    found = []
    stack = [(el, None) for el in reversed(file.markup.elements)]  # iterative: nesting may be deep
    while stack:
        el, _ = stack.pop()
        if el.tag.attr(*senders) is not None:
            anc = el.parent
            while anc is not None:
                for attr in anc.tag.attrs:
                    if attr.lname in ("hx-vals", "data-hx-vals", "hx-vars", "data-hx-vars") and attr.start not in reported:
                        reported.add(attr.start)
                        found.append(Diagnostic(CODE, f"`{attr.name}` on an ancestor of a WebSocket sender: 2.x merged it "
                                                "into every message, htmx 4 does not inherit it; put the values on the sender",
                                                attr.start, attr.end))
                anc = anc.parent
        stack.extend((child, None) for child in reversed(el.children))
    yield from found
    for tag in file.markup.start_tags():
        attr = tag.attr("hx-headers", "data-hx-headers")
        if attr is not None and attr.start not in reported:
            reported.add(attr.start)
            yield Diagnostic(CODE, f"`{attr.name}` is not sent over WebSockets in htmx 4 (2.x put it in HEADERS): a CSRF "
                             "token or other header the server reads from messages must travel as a form value",
                             attr.start, attr.end)
