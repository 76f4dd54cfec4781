"""WS111: a connection element whose messages come from server code hxmigrate cannot read
(or from none it found) is reported, naming the sends it found; it is quiet where the
messages are known."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from clirun import hx

PAGE = '<div hx-ext="ws" ws-connect="/clock"><p id="now"></p></div>\n'
MIGRATED = '<div hx-ws:connect="/clock" hx-swap="none"><p id="now"></p></div>\n'
GO = ('package main\n\nimport "github.com/gorilla/websocket"\n\nfunc clock(c *websocket.Conn, now string) {\n'
      '\tc.WriteMessage(websocket.TextMessage, []byte(views.Now(now)))\n}\n')
GO_STRINGS = GO.replace("views.Now(now)", '"<p id=\\"now\\">"+now+"</p>"')
NODE = ('import { WebSocketServer } from "ws";\nconst wss = new WebSocketServer({ port: 8080 });\n'
        'wss.on("connection", (socket) => {\n  socket.send(views.now());\n});\n')
NODE_STRINGS = NODE.replace("views.now()", '`<p id="now">${Date()}</p>`')
FASTAPI_JSON = ("from fastapi import FastAPI, WebSocket\napp = FastAPI()\n\n@app.websocket('/clock')\n"
                "async def clock(ws: WebSocket):\n    await ws.accept()\n    await ws.send_json({'now': 1})\n")
FASTAPI_TEMPLATE = ("from fastapi import FastAPI, WebSocket\nfrom fastapi.templating import Jinja2Templates\n"
                    "app = FastAPI()\ntemplates = Jinja2Templates(directory='templates')\n\n@app.websocket('/clock')\n"
                    "async def clock(ws: WebSocket):\n    await ws.accept()\n"
                    "    await ws.send_text(templates.get_template('now.html').render())\n")


def ws111(cwd: Path, *paths: str) -> list[dict]:
    r = hx(*(paths or (".",)), "--output-format", "json", cwd=cwd)
    assert r.returncode in (0, 1), r.stderr
    return [i for i in json.loads(r.stdout) if i["code"] == "WS111"]


def make(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root


@pytest.mark.parametrize("files, where", [
    ({"templates/index.html": PAGE, "main.go": GO}, "main.go:6 (`WriteMessage`)"),
    ({"public/index.html": PAGE, "server.js": NODE}, "server.js:4 (`send`)"),
    ({"index.html": PAGE}, "hxmigrate found no server code that sends this connection's messages"),
    ({"index.html": MIGRATED, "main.go": GO}, "main.go:6"),  # migrated markup: still unknown messages
    ({"index.html": '<div hx-ws="connect:/clock"></div>\n', "main.go": GO}, "main.go:6"),
], ids=["go", "node", "no-server", "migrated", "htmx-1"])
def test_reported_with_where_the_messages_come_from(tmp_path, files, where):
    found = ws111(make(tmp_path, files))
    assert len(found) == 1
    assert where in found[0]["message"]
    assert "<hx-partial" in found[0]["message"] and "ws-message-templates" in found[0]["message"]


@pytest.mark.parametrize("files", [
    {"templates/index.html": PAGE, "app.py": FASTAPI_JSON},
    {"public/index.html": PAGE, "server.js": NODE_STRINGS},
    {"templates/index.html": PAGE, "main.go": GO_STRINGS},
    {"templates/index.html": PAGE, "templates/now.html": '<p id="now">1</p>\n', "app.py": FASTAPI_TEMPLATE},
    {"templates/index.html": PAGE, "main.go": GO, "pyproject.toml": '[tool.hxmigrate]\nws-message-templates = ["templates/ws/*.html"]\n'},
    {"templates/index.html": PAGE, "templates/ws/now.html": '{# hxmigrate: ws-message #}<p id="now">1</p>\n', "main.go": GO},
    {"templates/index.html": "<!-- hxmigrate: ignore[WS111] -->\n" + PAGE, "main.go": GO},
], ids=["python-serves-json", "node-sends-strings", "go-sends-strings", "python-sends-templates", "declared", "marked", "suppressed"])
def test_quiet_where_the_messages_are_known(tmp_path, files):
    assert ws111(make(tmp_path, files)) == []


def test_standard_input_reads_no_project(tmp_path):
    r = hx("-", "--stdin-filename", "index.html", "--output-format", "json", cwd=tmp_path, input=PAGE)
    assert "WS111" not in r.stdout


def test_pre_commit_reads_the_server_from_the_project_root(tmp_path):
    """Given only the changed template, the [tool.hxmigrate] table makes hxmigrate look for
    the server in the whole project."""
    make(tmp_path, {"templates/index.html": PAGE, "cmd/server/main.go": GO, "pyproject.toml": "[tool.hxmigrate]\n"})
    found = ws111(tmp_path, "templates/index.html")
    assert len(found) == 1 and "cmd/server/main.go:6" in found[0]["message"]


def test_without_a_project_table_only_the_given_files_are_read(tmp_path):
    make(tmp_path, {"templates/index.html": PAGE, "main.go": GO})
    found = ws111(tmp_path, "templates/index.html")
    assert len(found) == 1 and "found no server code" in found[0]["message"]
