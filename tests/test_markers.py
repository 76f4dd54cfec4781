"""The traces of 2.x WebSocket code (syntax/markers.py) that WS501 and WS502 report, as a
table of what is one and what is not."""

from __future__ import annotations

import pytest

from hxmigrate.syntax.markers import find_markers, server_sends

FOUND = [
    ('<div hx-ext="ws" ws-connect="/chat">', ["hx-ext", "connect"]),
    ('<div data-hx-ext="ws" data-ws-connect="/chat">', ["hx-ext", "connect"]),
    ("<form ws-send>", ["send"]),
    ('hx-ext="json-enc, ws"', ["hx-ext"]),
    ('{"hx-ext": "ws"}', ["hx-ext"]),
    ("Div(hx_ext='ws', ws_connect='/x', ws_send=True)", ["hx-ext", "connect", "send"]),
    ('app = FastHTML(exts="ws")', ["hx-ext"]),
    ('<section :ws-connect="url">', ["connect"]),
    ('<div hx-ws="connect:/x">', ["hx-ws"]),
    ('el.getAttribute("hx-ws")', ["hx-ws"]),
    ('htmx.on("htmx:wsAfterMessage", f)', ["event"]),
    ('<div @htmx:ws-after-message.window="n++">', ["event"]),
    ('<div hx-on::ws-after-message="x">', ["event"]),
    ('<div hx-on--ws-open="x">', ["event"]),
    ("htmx.config.wsReconnectDelay = 1", ["config"]),
    ("htmx.config.wsBinaryType = 'arraybuffer'", ["config"]),
    ("htmx.createWebSocket = (u) => new WebSocket(u)", ["config"]),
    ('<script src="https://unpkg.com/htmx-ext-ws@2.0.4/dist/ws.js">', ["script"]),
    ('<script src="https://unpkg.com/htmx.org@1.9.12/dist/ext/ws.js">', ["script"]),
    ('import "htmx-ext-ws";', ["script"]),
]

NOT_FOUND = [
    '<div hx-ws:connect="/x" hx-swap="none">',
    "<form hx-ws:send>",
    '<div hx-on::ws:after:message:incoming="x">',
    'htmx.on("htmx:ws:after:connection", f)',
    '<script src="https://unpkg.com/htmx.org@4.0.1/dist/ext/hx-ws.js">',
    "def ws_connect(ws):",  # a handler named like the keyword
    'sse-connect="/x"',
    ".ws-connect { color: red }",
    'hx-ext="sse"',
    'hx-ext="wsx, json-enc"',
    "HEADERS = {'User-Agent': 'x'}",  # no htmx header named in the file
]


@pytest.mark.parametrize("text, constructs", FOUND)
def test_found(text, constructs):
    assert [m.construct for m in find_markers(text)] == constructs


@pytest.mark.parametrize("text", NOT_FOUND)
def test_not_found(text):
    assert find_markers(text) == []


def test_headers_only_where_htmx_headers_are_named():
    go = 'if m.HEADERS["HX-Trigger"] == "reset" {'
    assert [m.construct for m in find_markers(go)] == ["headers"]
    assert find_markers('req.HEADERS["User-Agent"]') == []


GO_SERVER = ('import "github.com/gorilla/websocket"\n'
             'func f(c *websocket.Conn) {\n'
             '\tc.WriteMessage(websocket.TextMessage, []byte(fmt.Sprintf("<p id=\\"now\\">%s</p>", t)))\n'
             '\tc.WriteMessage(websocket.TextMessage, []byte(`<div id="x" hx-swap-oob="true">ok</div>`))\n'
             '\tc.WriteMessage(websocket.TextMessage, []byte(`<hx-partial hx-target="#y"><b id="y"></b></hx-partial>`))\n'
             '}\n')


def test_markup_with_an_id_in_server_code_that_sends():
    found = find_markers(GO_SERVER, id_roots=True)
    assert [(m.construct, GO_SERVER.count("\n", 0, m.start) + 1) for m in found] == [("id-root", 3)]
    # Without a WebSocket server, markup in strings is no message.
    client = 'const row = `<tr id="r1"><td>1</td></tr>`;\nsocket.send(JSON.stringify({a: 1}));\n'
    assert find_markers(client, id_roots=True) == []


def test_server_sends_name_the_call():
    assert [call for _, call in server_sends(GO_SERVER)][:2] == [".WriteMessage", "websocket.TextMessage"]
    assert server_sends("fetch('/x').then(r => r.send())") == []
