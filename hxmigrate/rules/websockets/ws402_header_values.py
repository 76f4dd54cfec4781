"""Report reads of message headers that htmx 4 dropped or changed.

What it does:
    In a Python function that receives WebSocket data (see WS401), reports reads of
    `HX-Trigger`, `HX-Trigger-Name` and `HX-Target` (`X["HX-Trigger"]`, `X.get("HX-Target")`,
    `"HX-Trigger" in X`). In JavaScript and TypeScript (see WS401), the same reads of the
    headers of received data: `msg.HEADERS["HX-Trigger"]`, `msg.headers["HX-Target"]`, a
    local name holding them, `"HX-Trigger" in headers` and destructuring
    (`const { "HX-Trigger": trigger } = msg.headers`). In Rust, in a crate that receives
    WebSocket data, the string literals naming them (`headers.get("HX-Trigger")`,
    `#[serde(rename = "HX-Target")]`).

Why:
    2.x sent `HX-Trigger` (the sender's id), `HX-Trigger-Name` and `HX-Target` (a bare id).
    htmx 4 sends neither `HX-Trigger` nor `HX-Trigger-Name`; it sends `HX-Source` and
    `HX-Target` as `tag#id` (`form#chat-form`). Code that compares them with an id now
    silently takes the other branch.

Example:
    sender = data["headers"].get("HX-Trigger")
    if sender == "clear-button": ...

Fix safety:
    No fix: what the value is used for decides the replacement (`HX-Source` and
    `.split("#", 1)[-1]`, or a value sent with `hx-vals`).
"""

from __future__ import annotations

from ._code_payload import go_payload, rust_payload
from ._js_payload import payload_diagnostics as js_payload
from ._messages import diagnostics_for, payload_diagnostics

CODE = "WS402"
NAME = "ws-header-values"
LANGUAGES = ("python", "javascript", "go", "rust")
FIX = "never"
SAFETY = "safe"
TRIGGERS = ("hx-trigger", "hx-target")
FACTS = ("python_facts", "receiving")


def check(file):
    if file.kind == "javascript":
        return (d for d in js_payload(file) if d.code == CODE)
    if file.kind == "go":
        return diagnostics_for(file, CODE, go_payload)
    if file.kind == "rust":
        return diagnostics_for(file, CODE, rust_payload)

    return diagnostics_for(file, CODE, payload_diagnostics)
