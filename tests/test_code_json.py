"""WS215/WS216 in Go, Rust and JavaScript: the JSON objects a server writes to a WebSocket,
the keys htmx 4 reads in them and the HTML htmx 4 no longer swaps."""

from __future__ import annotations

import pytest

from hxmigrate.testing import make_settings, run

# (file name, source, [(code, the key it is at)])
ROWS = [
    ("hub.go",
     'package main\n\nfunc f(c *websocket.Conn) {\n'
     '\tc.WriteJSON(map[string]any{"target": "#log", "message": "<li>hi</li>", "n": 1})\n}\n',
     [("WS216", '"target"'), ("WS215", '"message"')]),
    ("hub.go",
     'package main\n\ntype Out struct {\n\tContent string `json:"content"`\n\tUser string `json:"user"`\n}\n\n'
     'func f(ctx context.Context, c *websocket.Conn) {\n\tout := Out{Content: "<p id=\\"x\\">", User: "a"}\n'
     '\twsjson.Write(ctx, c, out)\n}\n',
     [("WS216", "Content")]),
    ("server.js",
     'wss.on("connection", (ws) => {\n  const msg = { swap: "beforeend", html: `<li>${1}</li>` };\n'
     '  ws.send(JSON.stringify(msg));\n});\n',
     [("WS216", "swap"), ("WS215", "html")]),
    ("main.rs",
     'async fn f(mut socket: WebSocket) {\n    let body = json!({ "content": "<div id=\\"a\\"></div>", "n": 1 });\n'
     '    socket.send(Message::Text(body.to_string().into())).await;\n}\n',
     [("WS216", '"content"')]),
    # an HTTP response, not a WebSocket message
    ("main.rs", 'async fn h() -> Json<Value> {\n    Json(json!({ "target": "#x" }))\n}\n', []),
    ("server.js", 'app.get("/", (req, res) => res.json({ target: "#x" }));\n', []),
]


@pytest.mark.parametrize("name, source, expected", ROWS,
                         ids=["go-map", "go-struct", "js-local", "rust-let", "rust-http", "js-http"])
def test_json_messages_in_server_code(name, source, expected):
    fixed, found, _ = run(source, filename=name, settings=make_settings())
    assert fixed == source
    got = [(d.code, source[d.start:d.end]) for d in found if d.code in ("WS215", "WS216")]
    assert got == expected
