"""JavaScript/TypeScript servers: the value of string and template literals, and what the
front-end traces into a WebSocket send."""

from __future__ import annotations

from pathlib import Path

import pytest

from hxmigrate.analysis.discovery import _Project
from hxmigrate.analysis.server import javascript
from hxmigrate.syntax.javascript import Script, string_text
from hxmigrate.testing import make_settings

# --- string values -----------------------------------------------------------------------

# (JavaScript expression, its value, the opaque spans' text)
VALUES = [
    ('"<p id=\\"x\\">hi</p>"', '<p id="x">hi</p>', []),
    ("'<p id=\\'x\\'>'", "<p id='x'>", []),
    ('`<p id="x">\n</p>`', '<p id="x">\n</p>', []),
    ('`<p id="${id}">${n + 1}</p>`', '<p id="${id}">${n + 1}</p>', ["${id}", "${n + 1}"]),
    ('`a\\`b\\${c}`', "a`b${c}", []),
    ('"a\\tb\\x41\\u00e9\\u{1F600}\\0"', "a\tbAé\U0001F600\0", []),
    ('"a\\\nb"', "ab", []),  # a line continuation
    ('`a\r\nb`', "a\nb", []),  # a template literal reads CRLF as LF
    ('"<b>" + name + `</b>`', "<b>name</b>", ["name"]),
    ('("<li>" + (x)) + "</li>"', "<li>x</li>", ["x"]),
]


def _expr(source: str, lang: str = "javascript"):
    script = Script(f"const v = {source};\n", 0, lang)
    decl = next(script.walk({"variable_declarator"}))
    return script, decl.child_by_field_name("value")


@pytest.mark.parametrize("source, value, opaque", VALUES)
def test_string_value(source, value, opaque):
    script, node = _expr(source)
    st = string_text(script, node)
    assert st is not None
    assert st.text == value
    assert [st.text[a:b] for a, b, _ in st.opaque] == opaque


@pytest.mark.parametrize("source", ['"\\1"', "x + y", "f()", '"\\u{zz}"', '"\\x4"'])
def test_what_is_no_readable_string(source):
    script, node = _expr(source)
    assert string_text(script, node) is None


def test_a_character_maps_back_to_its_source():
    script, node = _expr('`<p id="x">\\n`')
    st = string_text(script, node)
    assert script.text[st.starts[st.text.index("\n")]:st.ends[st.text.index("\n")]] == "\\n"
    assert script.text[st.starts[0]:st.ends[0]] == "<"


def test_typescript_reads_the_same():
    script, node = _expr('`<p id="${id as string}">` as string', "typescript")
    st = string_text(script, node.named_children[0])
    assert st.text == '<p id="${id as string}">'


# (literal, generated text, how it is written there: None when it cannot be)
ESCAPES = [
    ('"x"', '<hx-partial hx-target="#a">', '<hx-partial hx-target=\\"#a\\">'),
    ("'x'", "<a href='b'>\n", "<a href=\\'b\\'>\\n"),
    ('"x"', "a\\b", "a\\\\b"),
    ("`x`", '<hx-partial hx-target="#a">\n', '<hx-partial hx-target="#a">\n'),
    ("`x`", "a`b${c}\\", "a\\`b\\${c}\\\\"),
]


@pytest.mark.parametrize("source, generated, written", ESCAPES)
def test_generated_text_is_escaped_for_the_literal(source, generated, written):
    script, node = _expr(source)
    st = string_text(script, node)
    assert st.escape(generated, 0) == written


def test_a_literal_holds_only_text_escaped_for_it():
    script, node = _expr('"x"')
    piece = string_text(script, node).pieces[0]
    assert piece.holds('a \\" b') and not piece.holds('a " b') and not piece.holds("a\nb")
    script, node = _expr("`x`")
    piece = string_text(script, node).pieces[0]
    assert piece.holds('a " \n b') and not piece.holds("a ` b")


# --- the front-end -----------------------------------------------------------------------

WS = 'import { WebSocketServer } from "ws";\nconst wss = new WebSocketServer({ port: 8080 });\n'

# (server.js, other files, the sent strings as written, the untraced sends as (line, call, why))
SENDS = [
    # a literal sent to each client of wss.clients
    (WS + 'wss.on("connection", (ws) => {\n  for (const c of wss.clients) c.send(`<p id="a">${1}</p>`);\n});\n',
     {}, ['`<p id="a">${1}</p>`'], []),
    # wss.clients.forEach, a local binding, a + chain
    (WS + 'function tell(text) {\n  const html = "<p id=\\"s\\">" + text + "</p>";\n'
     '  wss.clients.forEach((c) => c.send(html));\n}\n', {}, ['"<p id=\\"s\\">" + text + "</p>"'], []),
    # a helper that sends its parameter: the arguments of its calls
    (WS + 'function broadcast(room, html) {\n  for (const c of room) c.send(html);\n}\n'
     'wss.on("connection", (ws) => { broadcast([ws], `<i id="x"></i>`); broadcast([ws], "<b id=\\"y\\"></b>"); });\n',
     {}, ['`<i id="x"></i>`', '"<b id=\\"y\\"></b>"'], []),
    # a function imported by a relative path; TypeScript's "./render.js" names render.ts
    (WS + 'import { row } from "./render.js";\nwss.on("connection", (ws) => ws.send(row(1)));\n',
     {"render.ts": 'export function row(n: number): string {\n  return `<tr id="r${n}"></tr>`;\n}\n'},
     ['`<tr id="r${n}"></tr>`'], []),
    # CommonJS require, an arrow function with an expression body, a ternary
    ('const WebSocket = require("ws");\nconst { card } = require("./views");\nconst wss = new WebSocket.Server({});\n'
     'wss.on("connection", (ws) => ws.send(ok ? card() : "<p id=\\"none\\"></p>"));\n',
     {"views.js": 'const card = () => `<div id="card"></div>`;\nmodule.exports = { card };\n'},
     ['`<div id="card"></div>`', '"<p id=\\"none\\"></p>"'], []),
    # .map(...).join(""): the callback's template literal is part of the message
    (WS + 'wss.on("connection", (ws) => ws.send(items.map((i) => `<li id="i${i}">${i}</li>`).join("")));\n',
     {}, ['`<li id="i${i}">${i}</li>`'], []),
    # JSON, a JSX component, a value from elsewhere: untraced, with why
    (WS + 'wss.on("connection", (ws) => {\n  ws.send(JSON.stringify({ a: 1 }));\n  ws.send(db.latest());\n});\n',
     {}, [], [(4, "send", javascript.WHY_JSON), (5, "send", "")]),
    # an HTTP response is no WebSocket send
    ('import express from "express";\nimport expressWs from "express-ws";\nconst app = express();\nexpressWs(app);\n'
     'app.get("/", (req, res) => res.send("<p id=\\"x\\">page</p>"));\n'
     'app.ws("/ws", (ws) => ws.send("<p id=\\"y\\">ws</p>"));\n', {}, ['"<p id=\\"y\\">ws</p>"'], []),
]


@pytest.mark.parametrize("code, others, strings, untraced", SENDS)
def test_the_front_end_traces_sends(tmp_path: Path, code, others, strings, untraced):
    files = []
    for name, text in {"server.js": code, **others}.items():
        (tmp_path / name).write_text(text)
        files.append(tmp_path / name)
    reading = javascript.read(_Project(files, make_settings(root=str(tmp_path))))
    found = []
    for path, sent in reading.facts.strings.items():
        text = path.read_text()
        found.extend(text[s.start:s.end] for s in sent)
    assert sorted(found) == sorted(strings)
    assert [(u.line, u.call, u.why) for u in reading.untraced] == untraced
    assert {p.name for p in reading.serving} == {"server.js"}


def test_hono_and_bun_sends(tmp_path: Path):
    hono = tmp_path / "hono.tsx"
    hono.write_text('import { upgradeWebSocket } from "hono/bun";\nexport const ws = upgradeWebSocket(() => ({\n'
                    '  onMessage(event, ws) {\n    ws.send(`<p id="a"></p>`);\n    ws.send(String(<Msg />));\n  },\n}));\n')
    bun = tmp_path / "bun.ts"
    bun.write_text('const server = Bun.serve({\n  fetch(req, server) { server.upgrade(req); },\n'
                   '  websocket: {\n    open(ws) { ws.subscribe("room"); },\n'
                   '    message(ws, m) { server.publish("room", `<li id="m">${m}</li>`); },\n  },\n});\n')
    reading = javascript.read(_Project([hono, bun], make_settings(root=str(tmp_path))))
    found = sorted(p.read_text()[s.start:s.end] for p, sent in reading.facts.strings.items() for s in sent)
    assert found == ['`<li id="m">${m}</li>`', '`<p id="a"></p>`']
    assert [(u.path.name, u.line, u.why) for u in reading.untraced] == [("hono.tsx", 5, javascript.WHY_JSX)]


def test_a_browser_script_is_no_server(tmp_path: Path):
    page = tmp_path / "chat.js"
    page.write_text('const socket = new WebSocket("/ws");\nsocket.onopen = () => socket.send("<div id=x>");\n')
    assert not javascript.serves(page.read_text())
    reading = javascript.read(_Project([page], make_settings(root=str(tmp_path))))
    assert reading.facts.strings == {} and reading.untraced == [] and reading.serving == set()


# --- JSX sent as a message -----------------------------------------------------------------

HONO = 'import { upgradeWebSocket } from "hono/bun";\n'

# (server.tsx, other files, the JSX recorded as written, the untraced sends as (line, why))
JSX_SENDS = [
    # Hono: an element bound to a local and sent with .toString()
    (HONO + 'export const ws = upgradeWebSocket(() => ({\n  onMessage(e, ws) {\n'
     '    const tag = (\n      <div hx-swap-oob="afterend:#chat"><div>{e.data}</div></div>\n    );\n'
     '    ws.send(tag.toString());\n  },\n}));\n',
     {}, ['<div hx-swap-oob="afterend:#chat"><div>{e.data}</div></div>'], []),
    # String(...), renderToString(...), a fragment, Kita's element sent as it is
    (HONO + 'upgradeWebSocket(() => ({ onMessage(e, ws) {\n  ws.send(String(<p id="a" />));\n'
     '  ws.send(renderToString(<>{e.data}<i id="b" /></>));\n  ws.send(<b id="c">c</b>);\n} }));\n',
     {}, ['<p id="a" />', '<>{e.data}<i id="b" /></>', '<b id="c">c</b>'], []),
    # a component of the file (an arrow with a JSX body, a function with JSX returns)
    (HONO + 'const Msg = ({ t }: { t: string }) => <p id="m">{t}</p>;\n'
     'function Row({ n }: { n: number }) {\n  if (n) return <tr id="r">{n}</tr>;\n  return <tr id="z" />;\n}\n'
     'upgradeWebSocket(() => ({ onMessage(e, ws) {\n  ws.send(String(<Msg t="x" />));\n'
     '  ws.send(renderToString(<Row n={1} />));\n} }));\n',
     {}, ['<p id="m">{t}</p>', '<tr id="r">{n}</tr>', '<tr id="z" />'], []),
    # a component imported by a relative path
    (HONO + 'import { Card } from "./Card";\nupgradeWebSocket(() => ({ onMessage(e, ws) {\n'
     '  const html = <Card />;\n  ws.send(html.toString());\n} }));\n',
     {"Card.tsx": 'export const Card = () => (\n  <section id="card">hi</section>\n);\n'},
     ['<section id="card">hi</section>'], []),
    # a component also rendered into a page: reported, with where
    (HONO + 'import { Card } from "./Card";\nupgradeWebSocket(() => ({ onMessage(e, ws) {\n'
     '  ws.send(String(<Card />));\n} }));\n',
     {"Card.tsx": 'export const Card = () => <section id="card">hi</section>;\n',
      "page.tsx": 'import { Card } from "./Card";\nexport const Page = () => (\n  <main>\n    <Card />\n  </main>\n);\n'},
     [], [(4, "the JSX component Card is also rendered in page.tsx:4")]),
    # a component of a package, a stream, a JSX element in a template literal (its ${...} is opaque)
    (HONO + 'import { Toast } from "ui-kit";\nupgradeWebSocket(() => ({ onMessage(e, ws) {\n'
     '  ws.send(String(<Toast />));\n  ws.send(renderToReadableStream(<p id="s" />));\n'
     '  ws.send(`<div id="t">${<b />}</div>`);\n} }));\n',
     {}, ['`<div id="t">${<b />}</div>`'], [(4, javascript.WHY_JSX), (5, javascript.WHY_JSX_STREAM)]),
]


@pytest.mark.parametrize("code, others, jsx, untraced", JSX_SENDS)
def test_jsx_sent_is_recorded(tmp_path: Path, code, others, jsx, untraced):
    files = []
    for name, text in {"server.tsx": code, **others}.items():
        (tmp_path / name).write_text(text)
        files.append(tmp_path / name)
    reading = javascript.read(_Project(files, make_settings(root=str(tmp_path))))
    found = sorted((p.read_text()[s.start:s.end], s.jsx) for p, sent in reading.facts.strings.items() for s in sent)
    assert found == sorted((j, not j.startswith("`")) for j in jsx)
    assert [(u.line, u.why[:len(why)]) for u, (_, why) in zip(reading.untraced, untraced)] == untraced
    assert len(reading.untraced) == len(untraced)


def test_a_durable_object_is_a_server(tmp_path):
    source = ('export class Room {\n  async webSocketMessage(ws, data) {\n    this.state.getWebSockets().forEach((s) => {\n'
              '      s.send(html`<ul id="log" hx-swap-oob="beforeend"><li>${data}</li></ul>` as string);\n    });\n  }\n}\n')
    path = tmp_path / "index.ts"
    path.write_text(source)
    reading = javascript.read(_Project([path], make_settings(root=str(tmp_path))))
    (sent,) = reading.facts.strings[path.resolve()]
    assert source[sent.start:sent.end].startswith("html`<ul id=") or source[sent.start:sent.end].startswith("`<ul")
