"""What one Python module tells the rules of another: functions whose return value another
module sends (their templates are messages, their HTML is rewritten where it is written),
Channels handlers and senders of other modules, functions a receiver hands its data to;
and the JSON messages a server sends (WS215, WS216)."""

from __future__ import annotations

from pathlib import Path

import pytest

from hxmigrate.config import Settings
from hxmigrate.engine import fix_text
from hxmigrate.analysis.project import Project
from hxmigrate.rules import select_rules
from hxmigrate.testing import run

from test_discovery import write


def build(root: Path, files: dict[str, str]) -> tuple[Settings, Project]:
    from hxmigrate.testing import make_settings

    write(root, {"pyproject.toml": "[tool.hxmigrate]\n", **files})
    settings = make_settings(root.resolve())
    settings.config_file = root / "pyproject.toml"
    return settings, Project.build(settings, [p for p in root.rglob("*") if p.is_file()])


def fixed(root: Path, settings: Settings, project: Project, rel: str, select=None) -> tuple[str, list[str]]:
    path = root / rel
    kind = "python" if rel.endswith(".py") else "markup"
    rules = select_rules(select or settings.select)
    text, first, _, _ = fix_text(str(path), path.read_text(), kind, settings, project, rules)
    return text, [d.code for d in first]


def rel_messages(root: Path, project: Project) -> dict[str, str]:
    return {p.relative_to(root.resolve()).as_posix(): why for p, why in project.discovered.items()}


RENDER = ("from jinja2 import Environment, FileSystemLoader\n"
          "env = Environment(loader=FileSystemLoader('templates'))\nstatus = env.get_template('status.html')\n\n")


@pytest.mark.parametrize(
    "server",
    [
        "from .views import show_status\n\nasync def h(websocket):\n    await websocket.send_text(show_status())\n",
        "from . import views\n\nasync def h(websocket):\n    await websocket.send_text(views.show_status())\n",
        "from .views import Views\n\nasync def h(websocket):\n    v = Views()\n    await websocket.send_text(v.status())\n",
        "from .views import show_status\n\nasync def h(websocket):\n    html = await show_status()\n"
        "    await websocket.send_text(html)\n",
    ],
    ids=["function", "module-attribute", "method", "awaited"],
)
def test_a_template_a_helper_of_another_module_renders_is_a_message(tmp_path, server):
    views = RENDER + ("def show_status():\n    return status.render(ok=True)\n\n\n"
                      "class Views:\n    def status(self):\n        return status.render(ok=True)\n")
    settings, project = build(tmp_path, {"app/server.py": server, "app/views.py": views,
                                         "templates/status.html": '<p id="status">ok</p>\n',
                                         "templates/page.html": '<p id="other">x</p>\n'})
    found = rel_messages(tmp_path, project)
    assert list(found) == ["templates/status.html"]
    assert "whose return value is sent in app/server.py:" in found["templates/status.html"]


def test_a_method_name_several_classes_define_is_not_guessed(tmp_path):
    views = RENDER + ("class A:\n    def show(self):\n        return status.render()\n\n\n"
                      "class B:\n    def show(self):\n        return '<p id=\"b\">b</p>'\n")
    server = "async def h(websocket, thing):\n    await websocket.send_text(thing.show())\n"
    settings, project = build(tmp_path, {"app/server.py": server, "app/views.py": views,
                                         "templates/status.html": '<p id="status">ok</p>\n'})
    assert rel_messages(tmp_path, project) == {}


def test_html_a_helper_of_another_module_returns_is_rewritten_there(tmp_path):
    html = ("def row(item):\n    return f'<tr id=\"row-{item.id}\"><td>{item.name}</td></tr>'\n\n\n"
            "def page():\n    return '<p id=\"page\">for HTTP</p>'\n")
    server = ("from .html import row\n\nasync def h(websocket, item):\n    await websocket.send_text(row(item))\n")
    settings, project = build(tmp_path, {"app/server.py": server, "app/html.py": html})
    text, found = fixed(tmp_path, settings, project, "app/html.py")
    assert found == ["WS201"]
    assert "f'<hx-partial hx-target=\"#row-{item.id}\" hx-swap=\"outerHTML\"><tr id=\"row-{item.id}\">" in text
    assert "'<p id=\"page\">for HTTP</p>'" in text
    # The module alone (as pre-commit may pass it) knows nothing of the send.
    alone, found_alone, _ = run(html, filename="app/html.py")
    assert alone == html and found_alone == []


def test_a_group_message_handled_in_another_module(tmp_path):
    consumer = ("from channels.generic.websocket import AsyncWebsocketConsumer\n\n\n"
                "class Live(AsyncWebsocketConsumer):\n    async def push(self, event):\n"
                "        await self.send(text_data=event['html'])\n")
    task = ("from asgiref.sync import async_to_sync\nfrom channels.layers import get_channel_layer\n\n\n"
            "def notify(n):\n    layer = get_channel_layer()\n"
            "    async_to_sync(layer.group_send)('live', {'type': 'push', 'html': f'<b id=\"n\">{n}</b>', 'n': n})\n")
    settings, project = build(tmp_path, {"app/consumers.py": consumer, "app/tasks.py": task})
    text, found = fixed(tmp_path, settings, project, "app/tasks.py")
    assert found == ["WS201"]
    assert "'html': f'<hx-partial hx-target=\"#n\" hx-swap=\"outerHTML\"><b id=\"n\">{n}</b></hx-partial>'" in text


def test_headers_read_by_a_helper_a_receiver_hands_its_data_to(tmp_path):
    endpoint = ("from starlette.endpoints import WebSocketEndpoint\nfrom .handle import handle\n\n\n"
                "class E(WebSocketEndpoint):\n    encoding = 'json'\n\n"
                "    async def on_receive(self, websocket, data):\n        await handle(websocket, data)\n")
    handle = ("async def handle(websocket, message):\n    return message['HEADERS']['HX-Current-URL']\n\n\n"
              "def unrelated(config):\n    return config['HEADERS']\n")
    settings, project = build(tmp_path, {"app/endpoint.py": endpoint, "app/handle.py": handle})
    text, found = fixed(tmp_path, settings, project, "app/handle.py")
    assert found == ["WS401"]
    assert "message['headers']['HX-Current-URL']" in text and "config['HEADERS']" in text


@pytest.mark.parametrize(
    "body, key",
    [
        ("    async def on_receive(self, websocket, data):\n        return data['HEADERS']\n", "data['headers']"),
        ("    async def on_receive(self, websocket, data):\n        return self.read(json.loads(data))\n\n"
         "    def read(self, message):\n        return message.get('HEADERS')\n", "message.get('headers')"),
    ],
)
def test_websocket_endpoint_on_receive(body, key):
    source = ("import json\nfrom starlette.endpoints import WebSocketEndpoint\n\n\n"
              "class E(WebSocketEndpoint):\n" + body)
    out, found, _ = run(source, filename="app.py")
    assert [d.code for d in found] == ["WS401"] and key in out


# --- JSON messages ----------------------------------------------------------------------------

@pytest.mark.parametrize(
    "line, expected",
    [
        ("await websocket.send_text(json.dumps({'msg': '<li id=\"x\">hi</li>'}))", ["WS215"]),
        ("await websocket.send_text(json.dumps({'msg': html}))", ["WS215"]),
        ("await websocket.send_json({'content': html})", ["WS216"]),
        ("await websocket.send_json({'swap': 'none', 'select': '#x', 'payload': 'p', 'target': 't'})", ["WS216"] * 4),
        ("await websocket.send_json({'data': {'row': html}})", ["WS215"]),
        ("await websocket.send_json({'type': 'ping', 'note': 'a < b'})", []),
        ("await websocket.send_json({'data': {'content': 1}})", []),  # only the top level is htmx's
        ("print(json.dumps({'msg': html}))", []),  # not sent
        ("await websocket.send_text(html)", ["WS201"]),  # the HTML itself: WS201 rewrites it
    ],
)
def test_json_messages(line, expected):
    source = ("import json\n\n\nasync def h(websocket):\n    html = env.get_template('row.html').render()\n"
              "    html = '<li id=\"row\">x</li>'\n    " + line + "\n")
    _, found, _ = run(source, filename="app.py")
    assert [d.code for d in found] == expected


def test_html_a_helper_also_returns_for_http_is_reported_not_rewritten(tmp_path):
    html = "def badge(n):\n    return f'<span id=\"badge\">{n}</span>'\n"
    server = "from .html import badge\n\nasync def h(websocket):\n    await websocket.send_text(badge(1))\n"
    views = "from .html import badge\n\n\nasync def index(request):\n    return HTMLResponse(badge(0))\n"
    settings, project = build(tmp_path, {"app/server.py": server, "app/html.py": html, "app/views.py": views})
    path = tmp_path / "app/html.py"
    text, first, _, _ = fix_text(str(path), html, "python", settings, project, select_rules(settings.select))
    assert text == html
    assert [d.code for d in first] == ["WS201"]
    assert "also called in app/views.py:5 index()" in first[0].message and first[0].fix is None


@pytest.mark.parametrize(
    "server, followed",
    [
        ("from .html import row as make_row\n\nasync def h(ws):\n    await ws.send_text(make_row())\n", True),
        ("from app import html\n\nasync def h(ws):\n    await ws.send_text(html.row())\n", True),
        ("from .html import *\n\nasync def h(ws):\n    await ws.send_text(row())\n", True),
        # Not imported: a builtin or a name of the module's own, not the other module's row().
        ("async def h(ws):\n    await ws.send_text(row())\n", False),
        ("from .other import row\n\nasync def h(ws):\n    await ws.send_text(row())\n", False),
        ("async def h(ws, view):\n    await ws.send_text(view.render())\n", False),
    ],
    ids=["alias", "module", "star", "not-imported", "another-module", "generic-method"],
)
def test_calls_resolve_through_the_imports(tmp_path, server, followed):
    html = "def row():\n    return '<tr id=\"r\"><td>1</td></tr>'\n\n\nclass View:\n    def render(self):\n" \
           "        return '<p id=\"v\">v</p>'\n"
    settings, project = build(tmp_path, {"app/__init__.py": "", "app/server.py": server, "app/html.py": html,
                                         "app/other.py": "def row():\n    return 'plain'\n"})
    _, found = fixed(tmp_path, settings, project, "app/html.py")
    assert (found == ["WS201"]) is followed
