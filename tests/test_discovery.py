"""Which templates are WebSocket messages: found through the server code, the settings and
marker comments; and the fixture project end to end through the real CLI."""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from hxmigrate.analysis.discovery import discover
from hxmigrate.config import Settings, apply_table
from hxmigrate.paths import glob_match

ROOT = Path(__file__).resolve().parent.parent
SERVER_PROJECT = ROOT / "fixtures" / "server-project"
EXPECTED = SERVER_PROJECT / ".expected"


def hx(*args, cwd):
    env = dict(os.environ, NO_COLOR="1")
    env.pop("GITHUB_ACTIONS", None)
    return subprocess.run([sys.executable, "-m", "hxmigrate", *map(str, args)], cwd=cwd, capture_output=True,
                          text=True, env=env, timeout=300)


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and ".expected" not in p.relative_to(root).parts}


def write(root: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def found(root: Path, table: dict | None = None, config: bool = True) -> dict[str, str]:
    settings = Settings()
    settings.root = root.resolve()
    if config:
        settings.config_file = root / "pyproject.toml"
    apply_table(settings, table or {}, "test")
    files = [p for p in root.rglob("*") if p.is_file()]
    return {p.relative_to(root.resolve()).as_posix(): why for p, why in discover(files, settings).items()}


# --- the fixture project, through the CLI ---------------------------------------------------

@pytest.fixture
def project(tmp_path):
    dst = tmp_path / "server-project"
    shutil.copytree(SERVER_PROJECT, dst, ignore=shutil.ignore_patterns(".expected"))
    return dst


def test_write_rewrites_exactly_the_messages_inline_html_and_payload_key(project):
    r = hx(".", "--write", cwd=project)
    assert r.returncode == 1, r.stderr  # one header read (WS402) is left for a human
    assert "9 files changed" in r.stderr, r.stderr
    assert tree(project) == tree(EXPECTED)
    assert [line.split()[1] for line in r.stdout.splitlines() if ": WS" in line] == ["WS402"]


def test_second_write_changes_nothing(project):
    hx(".", "--write", cwd=project)
    first = tree(project)
    r = hx(".", "--write", cwd=project)
    assert "0 files changed" in r.stderr, r.stderr
    assert tree(project) == first


def test_pages_and_http_fragments_are_untouched(project):
    hx(".", "--write", cwd=project)
    for rel in ("app/templates/page.html", "app/templates/partials/rows.html", "chat/templates/chat/room.html",
                "chat/views.py", "app/hub.py"):
        assert (project / rel).read_bytes() == (SERVER_PROJECT / rel).read_bytes(), rel


def test_explain_discovery_says_why(project):
    r = hx(".", "--explain-discovery", "--check", cwd=project)
    lines = {line.split(": WebSocket message template: ")[0].removeprefix("./"): line.split(": WebSocket message template: ")[1]
             for line in r.stderr.splitlines() if ": WebSocket message template: " in line}
    assert set(lines) == {
        "app/templates/messages/new_message.html", "app/templates/messages/_counter.html",
        "app/templates/messages/presence.html", "app/templates/messages/alert.html",
        "chat/templates/chat/message.html", "templates/ws/ticker.html", "legacy/notice.html",
    }
    assert lines["app/templates/messages/new_message.html"] == \
        "rendered in app/main.py:48 chat_ws() and sent with websocket.send_text"
    assert lines["app/templates/messages/presence.html"].startswith("rendered in app/main.py:38 chat_ws() and sent with broadcast()")
    assert lines["app/templates/messages/alert.html"].endswith("sent with hub.publish")
    assert lines["app/templates/messages/_counter.html"] == \
        "included at the top level of message template app/templates/messages/new_message.html"
    assert "RoomConsumer.receive()" in lines["chat/templates/chat/message.html"]
    assert "RoomConsumer.room_message()" in lines["chat/templates/chat/message.html"]
    assert "templates/ws/**" in lines["templates/ws/ticker.html"]
    assert "marked" in lines["legacy/notice.html"]
    assert "7 WebSocket message templates found" in r.stderr


# --- discovery in server code ---------------------------------------------------------------

FASTAPI = '''
from fastapi import FastAPI, Request, WebSocket
from fastapi.templating import Jinja2Templates

app = FastAPI()
templates = Jinja2Templates(directory="templates")
STATUS = "ws/status.html"


@app.get("/")
async def page(request: Request):
    return templates.TemplateResponse(request, "page.html", {})


@app.get("/fragment")
async def fragment():
    return templates.get_template("fragment.html").render()


@app.websocket("/ws")
async def chat_ws(websocket: WebSocket):
    await websocket.accept()
    html = templates.get_template("message.html").render(n=1)
    await websocket.send_text(html)
    tpl = templates.get_template(STATUS)
    await websocket.send_text(tpl.render())
    rendered = templates.get_template("rendered_only.html").render()
    print(rendered)
'''


def test_fastapi_message_found_page_and_fragment_not(tmp_path):
    write(tmp_path, {
        "main.py": FASTAPI,
        "templates/page.html": '<div id="a"></div>',
        "templates/fragment.html": '<div id="b"></div>',
        "templates/message.html": '<div id="c"></div>',
        "templates/ws/status.html": '<div id="d"></div>',
        "templates/rendered_only.html": '<div id="e"></div>',
    })
    result = found(tmp_path)
    assert set(result) == {"templates/message.html", "templates/ws/status.html"}
    assert result["templates/message.html"] == "rendered in main.py:23 chat_ws() and sent with websocket.send_text"


def test_fastapi_write_leaves_the_http_templates(tmp_path):
    write(tmp_path, {
        "pyproject.toml": "[tool.hxmigrate]\n",
        "main.py": FASTAPI,
        "templates/page.html": '<div id="a"></div>\n',
        "templates/fragment.html": '<div id="b"></div>\n',
        "templates/message.html": '<div id="c"></div>\n',
        "templates/ws/status.html": '<div id="d"></div>\n',
        "templates/rendered_only.html": '<div id="e"></div>\n',
    })
    hx(".", "--write", cwd=tmp_path)
    assert (tmp_path / "templates/page.html").read_text() == '<div id="a"></div>\n'
    assert (tmp_path / "templates/fragment.html").read_text() == '<div id="b"></div>\n'
    assert (tmp_path / "templates/rendered_only.html").read_text() == '<div id="e"></div>\n'
    assert (tmp_path / "templates/message.html").read_text() == \
        '<hx-partial hx-target="#c" hx-swap="outerHTML"><div id="c"></div></hx-partial>\n'


CHANNELS = '''
import json
from asgiref.sync import async_to_sync
from channels.generic.websocket import AsyncWebsocketConsumer, WebsocketConsumer
from django.template import loader
from django.template.loader import render_to_string


class Sync(WebsocketConsumer):
    def receive(self, text_data=None, bytes_data=None):
        self.send(text_data=render_to_string("chat/direct.html", {}))
        async_to_sync(self.send)(text_data=loader.get_template("chat/loader.html").render({}))
        async_to_sync(self.channel_layer.group_send)("g", {"type": "chat.message", "html": render_to_string("chat/group.html")})
        async_to_sync(self.channel_layer.group_send)("g", {"type": "chat.other", "html": render_to_string("chat/unsent.html")})

    def chat_message(self, event):
        self.send(text_data=event["html"])

    def chat_other(self, event):
        print(event["html"])


class Async(AsyncWebsocketConsumer):
    async def connect(self):
        await self.accept()
        await self.send(render_to_string(template_name="chat/async.html"))
'''


def test_channels_consumers(tmp_path):
    write(tmp_path, {
        "chat/consumers.py": CHANNELS,
        "chat/signals.py": "from asgiref.sync import async_to_sync\nfrom channels.layers import get_channel_layer\n"
                           "from django.template.loader import render_to_string\n\ndef saved(instance):\n"
                           "    async_to_sync(get_channel_layer().group_send)(\n"
                           "        'g', {'type': 'chat.message', 'html': render_to_string('chat/signal.html', {})})\n",
        "chat/views.py": "from django.shortcuts import render\n\ndef room(request):\n    return render(request, 'chat/room.html')\n",
        **{f"chat/templates/chat/{n}.html": "<p id='x'></p>" for n in ("direct", "loader", "group", "unsent", "async", "room", "signal")},
    })
    result = found(tmp_path)
    assert set(result) == {f"chat/templates/chat/{n}.html" for n in ("direct", "loader", "group", "async", "signal")}
    assert "get_channel_layer().group_send to Sync.chat_message()" in result["chat/templates/chat/signal.html"]
    assert "sent with self.send(text_data=...)" in result["chat/templates/chat/direct.html"]
    assert "Sync.chat_message()" in result["chat/templates/chat/group.html"]


@pytest.mark.parametrize("code, name", [
    ("from flask import render_template\nfrom flask_sock import Sock\nsock = Sock()\n\n@sock.route('/ws')\n"
     "def echo(ws):\n    ws.send(render_template('m.html', x=1))\n", "flask-sock"),
    ("from quart import render_template, websocket\n\nasync def ws():\n    await websocket.send(await render_template('m.html'))\n",
     "quart"),
    ("import jinja2\nenv = jinja2.Environment()\n\nasync def handler(websocket):\n    async for message in websocket:\n"
     "        await websocket.send(env.get_template('m.html').render())\n", "websockets"),
    ("import websockets\nfrom jinja2 import Environment\nenv = Environment()\nCLIENTS = set()\n\ndef notify():\n"
     "    websockets.broadcast(CLIENTS, env.get_template('m.html').render())\n", "websockets.broadcast"),
    ("async def handler(request, env):\n    ws = web.WebSocketResponse()\n    await ws.send_str(env.get_template('m.html').render())\n",
     "aiohttp"),
    ("async def handler(socket: WebSocket, env) -> None:\n    await socket.send_data(env.get_template('m.html').render(), mode='text')\n",
     "litestar"),
    ("async def handler(websocket, env):\n    body = env.get_template('m.html').render()\n"
     "    await websocket.send({'type': 'websocket.send', 'text': body})\n", "asgi message"),
    ("async def handler(websocket, env):\n    parts = [env.get_template('m.html').render(), env.get_template('n.html').render()]\n"
     "    await websocket.send_text(''.join(parts) if False else '\\n'.join([env.get_template('m.html').render()]))\n",
     "join"),
])
def test_senders(tmp_path, code, name):
    write(tmp_path, {"app.py": code, "templates/m.html": "<p id='m'></p>", "templates/n.html": "<p id='n'></p>"})
    assert "templates/m.html" in found(tmp_path), name


@pytest.mark.parametrize("code", [
    # rendered, but sent by another function: not this function's message
    "async def render_it(env):\n    return env.get_template('m.html').render()\n\n"
    "async def send_it(websocket, html):\n    print(html)\n",
    # sent over something that is not a WebSocket
    "def mail(outbox, env):\n    outbox.send(env.get_template('m.html').render())\n",
    # an HTTP response
    "async def page(request, templates):\n    return templates.TemplateResponse(request, 'm.html', {})\n",
    # broadcast that is not websockets'
    "def notify(env, CLIENTS):\n    broadcast(CLIENTS, env.get_template('m.html').render())\n",
    # a placeholder inside markup: the template is not top level
    "async def ws(websocket, env):\n    await websocket.send_text(f\"<div id='x'>{env.get_template('m.html').render()}</div>\")\n",
])
def test_not_messages(tmp_path, code):
    write(tmp_path, {"app.py": code, "templates/m.html": "<p id='m'></p>"})
    assert found(tmp_path) == {}


def test_ws_send_functions_setting(tmp_path):
    code = "async def update(env, manager):\n    await manager.broadcast(env.get_template('m.html').render())\n"
    write(tmp_path, {"app.py": code, "templates/m.html": "<p id='m'></p>"})
    assert found(tmp_path) == {}
    result = found(tmp_path, {"ws-send-functions": ["manager.broadcast"]})
    assert result == {"templates/m.html": "rendered in app.py:2 update() and sent with manager.broadcast"}


def test_helper_that_sends_its_parameter_in_another_module(tmp_path):
    write(tmp_path, {
        "hub.py": "class Manager:\n    async def push(self, html):\n        for ws in self.sockets:\n            await ws.send_text(html)\n",
        "views.py": "from .hub import manager\n\nasync def update(env):\n    await manager.push(env.get_template('m.html').render())\n",
        "templates/m.html": "<p id='m'></p>",
    })
    assert "Manager.push()" in found(tmp_path)["templates/m.html"]


def test_template_dirs_setting_and_suffix_fallback(tmp_path):
    code = "async def ws(websocket, env):\n    await websocket.send_text(env.get_template('m.html').render())\n" \
           "    await websocket.send_text(env.get_template('deep/n.html').render())\n"
    write(tmp_path, {"app.py": code, "views/m.html": "<p id='m'></p>", "other/place/deep/n.html": "<p id='n'></p>",
                     "elsewhere/m.html": "<p id='z'></p>"})
    result = found(tmp_path, {"template-dirs": ["views"]})
    assert set(result) == {"views/m.html", "other/place/deep/n.html"}


def test_top_level_includes_only(tmp_path):
    code = "async def ws(websocket, env):\n    await websocket.send_text(env.get_template('m.html').render())\n"
    write(tmp_path, {
        "app.py": code,
        "templates/m.html": "{% for x in xs %}{% include 'top.html' %}{% endfor %}\n<ul id='l'>{% include 'inner.html' %}</ul>\n",
        "templates/top.html": "{% include 'deeper.html' %}",
        "templates/deeper.html": "<p id='d'></p>",
        "templates/inner.html": "<li id='i'></li>",
    })
    result = found(tmp_path)
    assert set(result) == {"templates/m.html", "templates/top.html", "templates/deeper.html"}
    assert result["templates/deeper.html"] == "included at the top level of message template templates/top.html"


def test_markers_and_patterns_seed_includes(tmp_path):
    write(tmp_path, {
        "templates/ws/a.html": "{% include 'shared/x.html' %}",
        "templates/b.html": "{# hxmigrate: ws-message #}\n{% include 'shared/y.html' %}",
        "templates/shared/x.html": "<p id='x'></p>",
        "templates/shared/y.html": "<p id='y'></p>",
        "templates/shared/z.html": "<p id='z'></p>",
    })
    result = found(tmp_path, {"ws-message-templates": ["templates/**/a.html"]})
    assert set(result) == {"templates/ws/a.html", "templates/shared/x.html", "templates/shared/y.html"}


def test_unreadable_python_never_stops_discovery(tmp_path):
    write(tmp_path, {
        "broken.py": "def send(:\n    websocket.send_text(render_template('m.html'))\n",
        "latin1.py": "# caf\xe9\n",
        "ok.py": "async def ws(websocket, env):\n    await websocket.send_text(env.get_template('m.html').render())\n",
        "templates/m.html": "<p id='m'></p>",
    })
    (tmp_path / "latin1.py").write_bytes(b"# caf\xe9 websocket.send_text\n")
    assert set(found(tmp_path)) == {"templates/m.html"}


def test_only_given_files_without_a_config(tmp_path):
    write(tmp_path, {"app.py": FASTAPI, "templates/message.html": "<p id='c'></p>"})
    settings = Settings()
    settings.root = tmp_path.resolve()
    # Without a [tool.hxmigrate] table the run reads only what it is given.
    assert discover([tmp_path / "templates/message.html"], settings) == {}
    assert discover([tmp_path / "app.py", tmp_path / "templates/message.html"], settings)


@pytest.mark.parametrize("rel, pattern, expected", [
    ("templates/ws/a.html", "templates/ws/**", True),
    ("templates/ws/deep/a.html", "templates/ws/**", True),
    ("templates/ws", "templates/ws/**", True),
    ("templates/wsx/a.html", "templates/ws/**", False),
    ("templates/a.html", "templates/**/a.html", True),
    ("templates/x/y/a.html", "templates/**/a.html", True),
    ("templates/x/y/b.html", "templates/**/a.html", False),
    ("templates/x/a.html", "templates/*.html", False),
    ("templates/a.html", "templates/*.html", True),
    ("app/templates/ws_a.html", "ws_*.html", True),
    ("a/b/ws/m.html", "**/ws/*.html", True),
    ("ws/m.html", "**/ws/*.html", True),
    ("templates/ws/a1.html", "templates/ws/a[0-9].html", True),
    ("templates/ws/ab.html", "templates/ws/a[!b].html", False),
    ("templates/ws/a.html", "templates/ws/", True),
    ("a/ws/x.html", "ws/**", False),
    ("a/ws/x.html", "ws/", True),
    ("./templates/ws/x.html"[2:], "./templates/ws/*.html", True),
])
def test_glob(rel, pattern, expected):
    assert glob_match(rel, pattern) is expected


def test_given_only_templates_the_server_code_still_decides(project):
    # As pre-commit runs it: only the changed files are given.
    r = hx("app/templates/messages/presence.html", "app/templates/page.html", "--write", cwd=project)
    assert "1 file changed" in r.stderr, r.stderr
    assert (project / "app/templates/messages/presence.html").read_bytes() == \
        (EXPECTED / "app/templates/messages/presence.html").read_bytes()
    assert (project / "app/templates/page.html").read_bytes() == (SERVER_PROJECT / "app/templates/page.html").read_bytes()


# --- helpers that take the template name ------------------------------------------------------

BASE_CONSUMER = '''from asgiref.sync import sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer
from django.template.loader import render_to_string


class BaseConsumer(AsyncWebsocketConsumer):
    async def render_template(self, template_name, context):
        return await sync_to_async(render_to_string)(template_name, context)

    async def send_template(self, template_name, context):
        html = await self.render_template(template_name, context)
        await self.send(text_data=html)
'''

ROOM_CONSUMER = '''from core.consumers import BaseConsumer


class RoomConsumer(BaseConsumer):
    async def on_message(self, event):
        await self.send_template("chat/partials/_message-ws.html", {"message": event["id"]})

    async def on_render_only(self, event):
        return await self.render_template("chat/partials/_rendered.html", {})
'''


def _templates(*names: str) -> dict[str, str]:
    return {f"chat/templates/{n}": f"<p id='{n.rsplit('/', 1)[-1].split('.')[0]}'></p>" for n in names}


def test_template_sender_of_a_base_class_in_another_module(tmp_path):
    write(tmp_path, {"core/consumers.py": BASE_CONSUMER, "chat/consumers.py": ROOM_CONSUMER,
                     **_templates("chat/partials/_message-ws.html", "chat/partials/_rendered.html")})
    result = found(tmp_path)
    assert result == {"chat/templates/chat/partials/_message-ws.html":
                      "rendered by RoomConsumer.on_message() through BaseConsumer.send_template() (chat/consumers.py:6), "
                      "which sends it with self.send(text_data=...)"}


def test_renderer_wrapper_whose_result_is_sent(tmp_path):
    code = '''from jinja2 import Environment
from websockets import broadcast

env = Environment()


def render_partial(name, **context):
    template = env.get_template(name)
    return template.render(**context)


async def handler(websocket):
    await websocket.send(render_partial("m.html", n=1))
    html = render_partial(name="n.html")
    broadcast(CLIENTS, html)
    print(render_partial("printed.html"))
'''
    write(tmp_path, {"app.py": code, **{f"templates/{n}.html": f"<p id='{n}'></p>" for n in ("m", "n", "printed")}})
    result = found(tmp_path)
    assert set(result) == {"templates/m.html", "templates/n.html"}
    assert result["templates/m.html"] == "rendered in app.py:13 handler() through render_partial() and sent with websocket.send"


def test_template_objects_held_in_module_names_and_passed_to_a_renderer(tmp_path):
    # Templates loaded once at import and handed around as objects: rendered where they are
    # named, or by a helper that renders the template object it is given.
    code = """from jinja2 import Environment, FileSystemLoader

env = Environment(loader=FileSystemLoader("templates"))
NOTICE = env.get_template("notice.html")
ROW = env.get_template("row.html")
MINE = env.get_template("mine.html")
PAGE = env.get_template("page.html")


def render_row(item, template=ROW):
    return template.render(item=item)


async def feed(websocket):
    await websocket.send_text(NOTICE.render(text="hi"))
    for item in ITEMS:
        await websocket.send_text(render_row(item))
        await websocket.send_text(render_row(item, template=MINE))


async def index(request):
    return HTMLResponse(PAGE.render())
"""
    write(tmp_path, {"app.py": code, **{f"templates/{n}.html": f"<p id='{n}'></p>" for n in ("notice", "row", "mine", "page")}})
    result = found(tmp_path)
    # row.html is only the helper's default: no call names it, so it is not found (a known limit).
    assert set(result) == {"templates/notice.html", "templates/mine.html"}
    assert result["templates/mine.html"] == "rendered in app.py:18 feed() through render_row() and sent with websocket.send_text"


@pytest.mark.parametrize("wrapper", ["sync_to_async", "database_sync_to_async", "async_to_sync"])
def test_renderers_wrapped_for_async_code(tmp_path, wrapper):
    code = (f"from channels.db import database_sync_to_async\nfrom asgiref.sync import async_to_sync, sync_to_async\n"
            f"from django.template import loader\nfrom django.template.loader import render_to_string\n\n"
            f"class Room(AsyncWebsocketConsumer):\n    async def receive(self, text_data):\n"
            f"        html = await {wrapper}(render_to_string)('m.html', {{}})\n"
            f"        await self.send(text_data=html)\n"
            f"        await self.send(text_data=await {wrapper}(loader.get_template('n.html').render)({{}}))\n")
    write(tmp_path, {"chat/consumers.py": code, **_templates("m.html", "n.html")})
    assert set(found(tmp_path)) == {"chat/templates/m.html", "chat/templates/n.html"}


def test_chained_senders_mixins_and_module_functions(tmp_path):
    write(tmp_path, {
        "core/consumers.py": BASE_CONSUMER,
        "chat/presence.py": "from core.consumers import BaseConsumer\n\n\nclass PresenceConsumer(BaseConsumer):\n"
                            "    async def notify(self, template, **context):\n"
                            "        await self.send_template(template, context)\n",
        "chat/consumers.py": "from .presence import PresenceConsumer\nfrom .push import push_to\n\n\n"
                            "class RoomConsumer(PresenceConsumer):\n    async def typing(self, event):\n"
                            "        await self.notify('chat/typing.html', user=event['user'])\n\n"
                            "    async def counter(self, event):\n        await push_to(self, 'chat/count.html')\n\n"
                            "    async def parent(self, event):\n        await super().notify('chat/super.html')\n",
        "chat/push.py": "from django.template.loader import render_to_string\n\n\n"
                        "async def push_to(consumer, template_name):\n"
                        "    await consumer.send(text_data=render_to_string(template_name))\n",
        **_templates("chat/typing.html", "chat/count.html", "chat/super.html"),
    })
    result = found(tmp_path)
    assert set(result) == {"chat/templates/chat/typing.html", "chat/templates/chat/count.html",
                           "chat/templates/chat/super.html"}
    assert result["chat/templates/chat/typing.html"] == (
        "rendered by RoomConsumer.typing() through PresenceConsumer.notify() (chat/consumers.py:7), which passes it "
        "on to BaseConsumer.send_template(), which sends it with self.send(text_data=...)")
    assert "through push_to() (chat/consumers.py:10), which sends it with consumer.send(text_data=...)" in \
        result["chat/templates/chat/count.html"]


def test_consumer_of_a_project_base_class_sends_positionally(tmp_path):
    write(tmp_path, {
        "core/base.py": "class Base(AsyncWebsocketConsumer):\n    pass\n",
        "chat/consumers.py": "from django.template.loader import render_to_string\nfrom core.base import Base\n\n\n"
                            "class Room(Base):\n    async def receive(self, text_data):\n"
                            "        await self.send(render_to_string('m.html'))\n\n\n"
                            "class Mail:\n    def go(self):\n        self.send(render_to_string('n.html'))\n",
        **_templates("m.html", "n.html"),
    })
    assert set(found(tmp_path)) == {"chat/templates/m.html"}


@pytest.mark.parametrize("code", [
    # an override in the subclass that does not send
    "from core.consumers import BaseConsumer\n\nclass Room(BaseConsumer):\n"
    "    async def send_template(self, name, context):\n        self.log(name)\n\n"
    "    async def go(self):\n        await self.send_template('m.html', {})\n",
    # a class that does not derive from the helper's class
    "class Other:\n    async def go(self):\n        await self.send_template('m.html', {})\n",
    # a method called on another object
    "async def go(consumer):\n    await consumer.other.send_template('m.html', {})\n",
    # rendered through the wrapper, never sent
    "from core.consumers import BaseConsumer\n\nclass Room(BaseConsumer):\n"
    "    async def go(self):\n        self.cache = await self.render_template('m.html', {})\n",
    # a name that is no literal
    "from core.consumers import BaseConsumer\n\nclass Room(BaseConsumer):\n"
    "    async def go(self, which):\n        await self.send_template(which, {})\n",
])
def test_template_helpers_not_called(tmp_path, code):
    write(tmp_path, {"core/consumers.py": BASE_CONSUMER, "chat/consumers.py": code, **_templates("m.html")})
    assert found(tmp_path) == {}


def test_odd_code_never_stops_discovery(tmp_path):
    write(tmp_path, {
        "core/consumers.py": BASE_CONSUMER,
        "odd.py": "class A(B):\n    pass\n\nclass B(A):\n    async def go(self):\n        await self.send_template('x', {})\n\n"
                  "def loop(name):\n    return loop(name)\n\ndef again(name):\n    name = name\n    return render_to_string(name)\n\n"
                  "async def f(ws):\n    a = b\n    b = a\n    await ws.send_text(render_to_string(a))\n"
                  "    await ws.send_text(again(loop('m.html')))\n    await sync_to_async()()\n",
        "chat/consumers.py": ROOM_CONSUMER.replace("class RoomConsumer(BaseConsumer)", "class RoomConsumer(RoomConsumer, BaseConsumer)"),
        **_templates("chat/partials/_message-ws.html", "m.html"),
    })
    assert set(found(tmp_path)) == {"chat/templates/chat/partials/_message-ws.html"}


def test_module_without_hints_is_never_parsed(tmp_path, monkeypatch):
    from hxmigrate.syntax import python

    parsed: list[str] = []
    original = python.PythonView.module.func

    def counting(self):
        parsed.append(self.text)
        return original(self)

    monkeypatch.setattr(python.PythonView, "module", functools.cached_property(counting))
    python.PythonView.module.__set_name__(python.PythonView, "module")
    write(tmp_path, {
        "models.py": "class Room(Model):\n    name = CharField()\n\ndef label(room):\n    return room.name.title()\n",
        "views.py": "def index(request):\n    return HttpResponse(label(Room()))\n",
        "ws.py": "async def update(websocket, env):\n    await websocket.send_text(env.get_template('m.html').render())\n",
        "templates/m.html": "<p id='m'></p>",
    })
    assert found(tmp_path) == {"templates/m.html": "rendered in ws.py:2 update() and sent with websocket.send_text"}
    assert len(parsed) == 1 and "send_text" in parsed[0]


def test_ws_send_functions_name_is_a_send_hint(tmp_path):
    code = "def update(hub):\n    hub.push_html(render_to_string('m.html'))\n"
    write(tmp_path, {"app.py": code, "templates/m.html": "<p id='m'></p>"})
    assert found(tmp_path) == {}
    result = found(tmp_path, {"ws-send-functions": ["hub.push_html"]})
    assert result == {"templates/m.html": "rendered in app.py:2 update() and sent with hub.push_html"}
