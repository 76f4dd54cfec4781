"""Report HTML that the server sends inside a JSON WebSocket message.

What it does:
    In Python server code (and in Go, Rust and JavaScript/TypeScript: `conn.WriteJSON(v)`,
    `wsjson.Write`, `ws.send(JSON.stringify({...}))`, `Message::Text(json!({...}))`, the object
    literal written there or bound to a local name), reports each key of a JSON message sent over a WebSocket
    (`send_json({...})`, `send_text(json.dumps({...}))`, `self.send(text_data=json.dumps(...))`,
    `ws.send(json.dumps(...))`) whose value is HTML: a string literal or f-string with a tag,
    or a rendered template. The finding names the key and where the HTML comes from.
    `content` and `payload` are left to WS216.

Why:
    2.x parsed every message as HTML, so the elements inside a JSON string were still swapped
    out of band (the JSON punctuation was dropped as stray text). htmx 4.0.1 parses a message
    as JSON first and swaps only the string under `content`: HTML under any other key is
    ignored, and the page silently stops updating.

Example:
    html = render_to_string("chat/message.html", {"message": message})
    self.send(text_data=json.dumps({"message": html, "user": user}))

Fix safety:
    No fix: send the HTML as the message itself (then WS201 rewrites it), or under `content`
    with `<hx-partial>` wrappers around its top-level parts; if your own JavaScript reads the
    JSON, handle it on `htmx:ws:before:message:incoming`. Which one fits depends on the client.
"""

from __future__ import annotations

from ._code_json import code_json_diagnostics
from ._json_messages import HTML_CODE, json_diagnostics
from ._messages import diagnostics_for

CODE = HTML_CODE
NAME = "json-message-html"
LANGUAGES = ("python", "go", "rust", "javascript")
FIX = "never"
SAFETY = "safe"
TRIGGERS = ("dumps", "send_json", "writejson", "wsjson", "json.send", "json!", "json.stringify")
FACTS = ("python_facts",)


def check(file):
    if file.kind != "python":
        return diagnostics_for(file, CODE, code_json_diagnostics)
    return diagnostics_for(file, CODE, json_diagnostics)
