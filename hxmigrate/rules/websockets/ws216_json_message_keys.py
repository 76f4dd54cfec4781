"""Report the top-level keys of a JSON WebSocket message that htmx 4 reads.

What it does:
    In Python server code (and in Go, Rust and JavaScript/TypeScript: `conn.WriteJSON(v)`,
    `wsjson.Write`, `ws.send(JSON.stringify({...}))`, `Message::Text(json!({...}))`, the object
    literal written there or bound to a local name), reports the keys `content`, `payload`,
    `target`, `swap` and `select` at the top level of a JSON message sent over a WebSocket (`send_json({...})`,
    `json.dumps({...})` sent with `send_text`, `send(text_data=...)`, `ws.send`).

Why:
    2.x read every message as HTML and gave its JSON keys no meaning. htmx 4.0.1 parses a
    message as JSON first: the string under `content` (or the deprecated `payload`) is swapped
    as HTML into the connection element, and `target`, `swap` and `select` override its
    `hx-target`, `hx-swap` (even `hx-swap="none"`) and `hx-select`. A payload that used these
    names for something else now changes the page.

Example:
    await websocket.send_json({"type": "typing", "target": "#status"})

Fix safety:
    No fix: rename a key that is not meant for htmx (and its reader in your JavaScript); for
    HTML meant as `content`, wrap its top-level parts in `<hx-partial>` as for message templates.
"""

from __future__ import annotations

from ._code_json import code_json_diagnostics
from ._json_messages import KEYS_CODE, json_diagnostics
from ._messages import diagnostics_for

CODE = KEYS_CODE
NAME = "json-message-keys"
LANGUAGES = ("python", "go", "rust", "javascript")
FIX = "never"
SAFETY = "safe"
TRIGGERS = ("dumps", "send_json", "writejson", "wsjson", "json.send", "json!", "json.stringify")
FACTS = ("python_facts",)


def check(file):
    if file.kind != "python":
        return diagnostics_for(file, CODE, code_json_diagnostics)
    return diagnostics_for(file, CODE, json_diagnostics)
