"""Report reconnect and queueing behaviour that changes with htmx 4's WebSocket extension.

What it does:
    Reports each place a page loads or imports the WebSocket extension (2.x or 4.x) when the
    same file does not pin `reconnectCodes` and the pause-in-background setting in its htmx
    configuration.

Why:
    2.x reconnected only after close codes 1006, 1011, 1012 and 1013, never paused, and queued
    unsent messages without bound. htmx 4 also reconnects after 1001, 1005 and 1014, closes
    connections while the tab is hidden (`pauseOnBackground`, on by default), and keeps at
    most 100 queued messages. A server that closes with 1001 to send clients away now sees
    them come back.

Example:
    <script src="https://unpkg.com/htmx.org@4.0.1/dist/ext/hx-ws.js"></script>
    with no `htmx.config.ws = { ...htmx.config.ws, reconnectCodes: [1006, 1011, 1012, 1013],
    pauseOnBackground: false }` in the page.

Fix safety:
    No fix: pin the settings above to keep 2.x behaviour, or accept the new one, then
    suppress this finding.
"""

from __future__ import annotations

import re

from ...diagnostics import Diagnostic

CODE = "WS311"
NAME = "reconnect-behaviour"
LANGUAGES = ("markup", "javascript")
FIX = "never"
SAFETY = "safe"
TRIGGERS = ("hx-ws.js", "hx-ws.min.js", "htmx-ext-ws", "/ws.js", "/ws.min.js", "ext/ws")

_EXTENSION = re.compile(r"(?:htmx-ext-ws|/ext/hx-ws(?:\.min)?\.js|htmx-ext-ws@[^/\"']*/(?:dist/)?ws(?:\.min)?\.js|/ext/ws(?:\.min)?\.js)")


def check(file):
    pause = file.target.pause_key
    if "reconnectCodes" in file.text and pause in file.text:
        return
    message = ("htmx 4's WebSocket extension reconnects after close codes 1001, 1005 and 1014 too, pauses while the tab "
               f"is hidden and queues at most 100 messages: pin `reconnectCodes: [1006, 1011, 1012, 1013]` and "
               f"`{pause}: false` in htmx.config.{file.target.config_object} to keep 2.x behaviour, or suppress this")
    if file.kind == "markup":
        for tag, _ in file.markup.scripts():
            src = tag.attr("src")
            if src is not None and src.value and _EXTENSION.search(src.value):
                yield Diagnostic(CODE, message, src.start, src.end)
        return
    for script in file.javascript:
        for node in script.walk({"string_fragment"}):
            value = script.text_of(node)
            if _EXTENSION.search(value) and node.parent is not None and node.parent.parent is not None and \
                    node.parent.parent.type in ("import_statement", "arguments"):
                start, end = script.span(node)
                yield Diagnostic(CODE, message, start, end)
