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

    In JavaScript and TypeScript, the same for data a WebSocket message handler receives
    (`ws`'s `socket.on("message", ...)`, express-ws and Fastify, the `message` handler of
    Bun, uWebSockets.js, Elysia and crossws, Hono's `onMessage`, `onmessage` and
    `addEventListener("message", ...)`, a Durable Object's `webSocketMessage`), followed
    through `JSON.parse`, local names and calls to functions of the same file:
    `msg.HEADERS`, `msg["HEADERS"]`, `"HEADERS" in msg`, `Object.hasOwn(msg, "HEADERS")`
    and destructuring (`const { HEADERS } = msg` becomes `const { headers: HEADERS } = msg`).
    Data of any other origin is left alone, whatever it is called.

    In Rust, in a crate that receives WebSocket data: `#[serde(rename = "HEADERS")]` and
    `#[serde(alias = "HEADERS")]` on a field of a struct that derives `Deserialize` (serde
    matches keys exactly, so the field is no longer filled), and `value["HEADERS"]` and
    `.get("HEADERS")` on a `serde_json::Value`.

Why:
    2.x sent the htmx request headers of a `ws-send` message under the key `HEADERS`; htmx 4
    sends them under `headers`. Server code that reads the old key gets nothing.

Example:
    data = await websocket.receive_json()
    room = data["HEADERS"]["HX-Current-URL"]
    becomes
    room = data["headers"]["HX-Current-URL"]

    socket.on("message", (raw) => { const msg = JSON.parse(raw); log(msg.HEADERS["HX-Current-URL"]); });
    becomes
    socket.on("message", (raw) => { const msg = JSON.parse(raw); log(msg.headers["HX-Current-URL"]); });

Fix safety:
    Safe: the same dictionary is read under the name htmx 4 writes. The header values read
    from it are checked by WS402. In Rust, the rename of a struct that also derives
    `Serialize` is unsafe: a value of it written out carries the new key too.
"""

from __future__ import annotations

from ._code_payload import go_payload, rust_payload
from ._js_payload import payload_diagnostics as js_payload
from ._messages import diagnostics_for, payload_diagnostics

CODE = "WS401"
NAME = "ws-headers-key"
LANGUAGES = ("python", "javascript", "go", "rust")
FIX = "always"
SAFETY = "safe"
TRIGGERS = ("headers",)
FACTS = ("python_facts", "receiving")


def check(file):
    if file.kind == "javascript":
        return (d for d in js_payload(file) if d.code == CODE)
    if file.kind == "go":
        return diagnostics_for(file, CODE, go_payload)
    if file.kind == "rust":
        return diagnostics_for(file, CODE, rust_payload)

    return diagnostics_for(file, CODE, payload_diagnostics)
