"""Report connection elements whose `hx-trigger` changes when the socket opens.

What it does:
    Reports a connection element with an `hx-trigger` other than `load`, and one that both
    connects and sends.

Why:
    2.x opened the socket as soon as the element was processed, whatever `hx-trigger` said.
    4.x opens it on the element's trigger (default `load`), and 4.0.1 reads that one trigger
    for connecting and for sending: an element with `hx-ws:connect`, `hx-ws:send` and
    `hx-trigger="htmx:ws:after:connection"` never connects at all.

Example:
    <div ws-connect="/feed" hx-trigger="revealed">

Fix safety:
    No fix. Use `hx-trigger="load"` (or none) on the connection, and put the sender on a
    separate child, e.g. `<span hidden hx-ws:send hx-trigger="htmx:ws:after:connection from:#conn">`.
"""

from __future__ import annotations

from ...diagnostics import Diagnostic
from ._markup import SEND_2X, connect_names, legacy_hx_ws_connects

CODE = "WS106"
NAME = "connection-trigger"
LANGUAGES = ("markup",)
FIX = "never"
SAFETY = "safe"
TRIGGERS = ("ws-connect", "hx-ws")


def check(file):
    target = file.target
    names = connect_names(target)
    sends = SEND_2X + (target.send_attr, "data-" + target.send_attr)
    for tag in file.markup.start_tags():
        connect = tag.attr(*names) or (tag.attr("hx-ws", "data-hx-ws") if legacy_hx_ws_connects(tag) else None)
        if connect is None:
            continue
        trigger = tag.attr("hx-trigger", "data-hx-trigger")
        legacy = tag.attr("hx-ws", "data-hx-ws")
        both = tag.attr(*sends) is not None or (legacy is not None and "send" in (legacy.value or "").split())
        if trigger is not None and (trigger.value or "").strip() != "load":
            extra = " and it also sends, so in 4.0.1 it may never connect" if both else ""
            yield Diagnostic(CODE, f"`{trigger.name}=\"{trigger.value}\"` on a connection element: 2.x connected at once, "
                             f"htmx 4 connects on this trigger{extra}; use `load` here and move the trigger to a "
                             f"separate sender child", trigger.start, trigger.end)
        elif both:
            yield Diagnostic(CODE, "this element both connects and sends: htmx 4 reads one hx-trigger for both; "
                             "put the sender on a separate child element", connect.start, connect.end)
