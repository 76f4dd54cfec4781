"""Rename the `HEADERS` key of incoming WebSocket messages to `headers`.

What it does:
    In a Python function that receives WebSocket data (`receive_json()`, `receive_text()` or
    `receive()` with `json.loads`, a Channels `receive(text_data=...)` or `receive_json(content)`,
    a Starlette `WebSocketEndpoint.on_receive(websocket, data)`, `async for message in
    websocket` with `json.loads`), and in the functions it hands that data to (methods and
    functions of the same module, or of another module it imports them from), rewrites the
    string `"HEADERS"` in
    `X["HEADERS"]`, `X.get("HEADERS")`, `X.pop("HEADERS", ...)` and `"HEADERS" in X` to
    `"headers"`, keeping its quotes.

Why:
    2.x sent the htmx request headers of a `ws-send` message under the key `HEADERS`; htmx 4
    sends them under `headers`. Server code that reads the old key gets nothing.

Example:
    data = await websocket.receive_json()
    room = data["HEADERS"]["HX-Current-URL"]
    becomes
    room = data["headers"]["HX-Current-URL"]

Fix safety:
    Safe: the same dictionary is read under the name htmx 4 writes. The header values read
    from it are checked by WS402.
"""

from __future__ import annotations

from ._messages import HEADERS_CODE, diagnostics_for, payload_diagnostics

CODE = HEADERS_CODE
NAME = "ws-headers-key"
LANGUAGES = ("python",)
FIX = "always"
SAFETY = "safe"
TRIGGERS = ("headers",)


def check(file):
    return diagnostics_for(file, CODE, payload_diagnostics)
