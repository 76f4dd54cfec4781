"""WS401/WS402/WS420 in JavaScript and TypeScript: what server code reads from the messages
htmx sends, followed from the WebSocket receive that gave it."""

from __future__ import annotations

import pytest

from hxmigrate.testing import check_noop, check_transformed, run
from hxmigrate.verify import verify

JS = dict(filename="server.js")
TS = dict(filename="server.ts")


def transformed(before: str, after: str, **kwargs) -> None:
    kwargs = kwargs or JS
    check_transformed(before, after, **kwargs)
    verify("javascript", before, after)


RECEIVERS = [
    # Node ws, express-ws, Fastify: the data itself
    'wss.on("connection", (socket) => socket.on("message", (data) => { const msg = JSON.parse(data); use(READ); }));',
    'app.ws("/chat", (ws, req) => { ws.on("message", function (raw) { const msg = JSON.parse(raw.toString()); use(READ); }); });',
    'socket.once("message", async (data, isBinary) => { const msg = JSON.parse(`${data}`); use(READ); });',
    # a MessageEvent: onmessage, addEventListener (Deno, browsers, ws's own addEventListener)
    'socket.onmessage = (e) => { const msg = JSON.parse(e.data); use(READ); };',
    'socket.addEventListener("message", ({ data }) => { const msg = JSON.parse(data); use(READ); });',
    # Bun, uWebSockets.js, Elysia, crossws: message(ws, data)
    'Bun.serve({ websocket: { message(ws, message) { const msg = JSON.parse(String(message)); use(READ); } } });',
    'App().ws("/*", { message: (ws, m, isBinary) => { const msg = JSON.parse(Buffer.from(m).toString()); use(READ); } });',
    'export default defineWebSocketHandler({ async message(peer, message) { const msg = message.json(); use(READ); } });',
    # Hono
    'app.get("/ws", upgradeWebSocket((c) => ({ onMessage(event, ws) { const msg = JSON.parse(event.data); use(READ); } })));',
    # a Durable Object
    'class Room { webSocketMessage(ws, message) { const msg = JSON.parse(message); use(READ); } }',
    # a named handler, and a helper given the parsed data
    'ws.on("message", onMessage);\nfunction onMessage(data) { route(JSON.parse(data)); }\nfunction route(msg) { use(READ); }',
    'const onMessage = (data) => { let msg; try { msg = JSON.parse(data); } catch { return; } use(READ); };\nws.on("message", onMessage);',
]


@pytest.mark.parametrize("receiver", RECEIVERS)
@pytest.mark.parametrize(
    "read, renamed",
    [
        ('msg.HEADERS["HX-Current-URL"]', 'msg.headers["HX-Current-URL"]'),
        ("msg['HEADERS']", "msg['headers']"),
        ("msg?.HEADERS", "msg?.headers"),
        ('"HEADERS" in msg', '"headers" in msg'),
        ('Object.hasOwn(msg, "HEADERS")', 'Object.hasOwn(msg, "headers")'),
    ],
)
def test_rename_in_receivers(receiver, read, renamed):
    transformed(receiver.replace("READ", read), receiver.replace("READ", renamed))


@pytest.mark.parametrize(
    "before, after",
    [
        ("const { HEADERS, message } = msg;", "const { headers: HEADERS, message } = msg;"),
        ("const { HEADERS = {} } = msg;", "const { headers: HEADERS = {} } = msg;"),
        ("const { HEADERS: h } = msg;", "const { headers: h } = msg;"),
        ('const { "HEADERS": h } = msg;', 'const { "headers": h } = msg;'),
        ("const h = (msg as any).HEADERS!;", "const h = (msg as any).headers!;"),
    ],
)
def test_destructuring_and_casts(before, after):
    wrap = 'socket.on("message", (data) => {{ const msg = JSON.parse(data.toString()); {} }});'
    transformed(wrap.format(before), wrap.format(after), **TS)


@pytest.mark.parametrize(
    "source",
    [
        # data of any other origin, whatever it is called
        "const HEADERS = { a: 1 };\nfetch('/x', { headers: HEADERS });\n",
        "const cfg = JSON.parse(localStorage.config);\nuse(cfg.HEADERS);\n",
        'process.on("message", (m) => use(m.config.HEADERS));\n',
        'emitter.on("data", (raw) => use(JSON.parse(raw).HEADERS));\n',
        # an object with a `message` key that is no WebSocket handler
        'const strings = { message(x) { return JSON.parse(x).HEADERS; } };\n',
        # already migrated
        'ws.on("message", (d) => use(JSON.parse(d).headers["HX-Current-URL"]));\n',
        # HEADERS of a message the server sends, not of one it receives
        'ws.on("message", (d) => ws.send(JSON.stringify({ HEADERS: {} })));\n',
    ],
)
def test_noop(source):
    check_noop(source, **JS)
    _, found, _ = run(source, **JS)
    assert not [d for d in found if d.code in ("WS401", "WS402")]


@pytest.mark.parametrize(
    "read",
    [
        'msg.HEADERS["HX-Trigger"]',
        'msg.headers["HX-Trigger-Name"]',
        "msg.headers['hx-target']",
        'headers["HX-Target"]',
        '"HX-Trigger" in headers',
        'msg.HEADERS?.["HX-Trigger"]',
    ],
)
def test_header_values_are_reported(read):
    source = ('ws.on("message", (data) => {\n  const msg = JSON.parse(data);\n  const headers = msg.headers ?? {};\n'
              f'  use({read});\n}});\n')
    fixed, found, remaining = run(source, **JS)
    values = [d for d in found if d.code == "WS402"]
    assert len(values) == 1 and values[0].line == 4 and values[0].fix is None
    assert [d.code for d in remaining] == ["WS402"]  # still reported once the key is renamed


def test_destructured_header_values_are_reported():
    source = ('ws.on("message", (data) => {\n  const { HEADERS: { "HX-Trigger": trigger, "HX-Current-URL": url } } = '
              'JSON.parse(data);\n});\n')
    fixed, found, _ = run(source, **JS)
    assert sorted(d.code for d in found) == ["WS401", "WS402"]
    assert 'const { headers: { "HX-Trigger": trigger' in fixed


def test_typescript_field_renamed_with_its_reads():
    before = ("interface HtmxMessage {\n  message: string;\n  HEADERS: Record<string, string | null>;\n}\n"
              "Bun.serve({ websocket: { message(ws, raw) {\n"
              "  const msg = JSON.parse(String(raw)) as HtmxMessage;\n  ws.send(msg.HEADERS['HX-Current-URL'] ?? '');\n"
              "} } });\n")
    after = before.replace("HEADERS:", "headers:").replace("msg.HEADERS", "msg.headers")
    transformed(before, after, **TS)
    _, found, _ = run(before, **TS)
    assert sorted(d.code for d in found) == ["WS401", "WS420"]


@pytest.mark.parametrize(
    "extra, why",
    [
        ("", "exported"),
        ("\nconst sample: HtmxMessage = { message: '', HEADERS: {} };", "elsewhere too"),
    ],
)
def test_typescript_field_reported_when_not_exact(extra, why):
    before = ("EXPORT interface HtmxMessage { HEADERS: Record<string, string> }\n"
              "ws.on('message', (raw) => use((JSON.parse(raw) as HtmxMessage).HEADERS));" + extra)
    before = before.replace("EXPORT ", "export " if why == "exported" else "")
    fixed, found, _ = run(before, **TS)
    field = [d for d in found if d.code == "WS420"]
    assert len(field) == 1 and field[0].fix is None and why in field[0].message
    assert "HEADERS: Record" in fixed and ").headers)" in fixed


def test_typescript_field_of_an_htmx_type_without_a_receiver():
    source = "export type WsPayload = { message: string; HEADERS: { 'HX-Request': string } };\n"
    _, found, _ = run(source, filename="types.ts")
    assert [d.code for d in found] == ["WS420"]
    check_noop("export type Options = { HEADERS: Record<string, string> };\n", filename="types.ts")


def test_vendored_extension_is_not_read():
    source = ('htmx.defineExtension("ws", { init() {} });\n'
              'socket.on("message", (d) => use(JSON.parse(d).HEADERS));\n')
    check_noop(source, **JS)
