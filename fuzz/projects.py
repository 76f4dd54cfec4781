"""Small generated projects, so that facts only a whole project tells are exercised: message
templates found through Python server code or a marker comment, a page that loads htmx 2
and the extension, JavaScript that configures and listens to the extension, Python servers
that send markup from strings.

Each generator takes a ``random.Random`` and returns {relative path: text}; the same seed
gives the same project.
"""

from __future__ import annotations

import random

IDS = ["messages", "count", "log", "presence", "row-{{ item.id }}", "notice", "feed", "user-{{ user.id }}", "status"]
SWAPS = ["true", "beforeend", "afterbegin", "innerHTML", "outerHTML", "delete", "beforebegin", "afterend",
         "beforeend:#log", "true:#other", "none"]
TAGS = ["div", "ul", "span", "li", "section", "tr", "tbody", "p", "small", "template"]


def _element(rng: random.Random) -> str:
    tag = rng.choice(TAGS)
    ident = rng.choice(IDS)
    attrs = [f'id="{ident}"']
    if rng.random() < 0.7:
        attrs.append(f'hx-swap-oob="{rng.choice(SWAPS)}"')
    if rng.random() < 0.3:
        attrs.append(rng.choice(['class="msg"', 'hx-on::ws-after-message="go()"', 'data-x="{{ x }}"',
                                 "{% if hot %}class=\"hot\"{% endif %}", 'ws-send']))
    rng.shuffle(attrs)
    inner = rng.choice(["{{ text }}", "<li>{{ text }}</li>", "", "<b>{{ n }}</b> items", "<p>hi</p>",
                        "{% for m in ms %}<li>{{ m }}</li>{% endfor %}"])
    element = f"<{tag} {' '.join(attrs)}>{inner}</{tag}>"
    wrap = rng.random()
    if wrap < 0.15:
        element = "{% if show %}" + element + "{% endif %}"
    elif wrap < 0.25:
        element = "{% for item in items %}" + element + "{% endfor %}"
    return element


def _message(rng: random.Random, marked: bool = False) -> str:
    parts = ["{# hxmigrate: ws-message #}"] if marked else []
    parts += [_element(rng) for _ in range(rng.randint(1, 4))]
    if rng.random() < 0.1:
        parts.append(rng.choice(["stray text", "<script>go()</script>", "<!-- note -->", "<style>.a{}</style>"]))
    return "\n".join(parts) + "\n"


def _page(rng: random.Random, url: str) -> str:
    connect = rng.choice([
        f'<div hx-ext="ws" ws-connect="{url}">',
        f'<div hx-ext="ws,json-enc" ws-connect="{url}" hx-trigger="load">',
        f'<main hx-ws="connect:{url}">',
        f'<div data-hx-ext="ws" data-ws-connect="{url}">',
    ])
    close = "</main>" if connect.startswith("<main") else "</div>"
    send = rng.choice(['<form ws-send id="chat-form">', '<form hx-ws="send">', '<form ws-send hx-vals=\'{"a": 1}\'>',
                       '<form data-ws-send="">'])
    scripts = rng.choice([
        '<script src="https://unpkg.com/htmx.org@2.0.8"></script>\n'
        '<script src="https://unpkg.com/htmx-ext-ws@2.0.4/ws.js"></script>',
        '<script src="https://cdn.jsdelivr.net/npm/htmx.org@1.9.12/dist/htmx.min.js"></script>',
        '<script src="/static/htmx.min.js"></script>',
    ])
    config = rng.choice([
        "", '<meta name="htmx-config" content=\'{"wsReconnectDelay": "full-jitter"}\'>',
        "<script>htmx.config.wsReconnectDelay = function (n) { return 1000 * n; };</script>",
        "<script>document.body.addEventListener('htmx:wsAfterMessage', function (e) { console.log(e); });</script>",
    ])
    return (
        "<!doctype html>\n<html>\n<head>\n" + scripts + "\n" + config + "\n</head>\n<body>\n"
        + connect + "\n  <ul id=\"messages\"></ul>\n  " + send + "\n    <input name=\"message\">\n  </form>\n"
        + close + "\n{% include \"ws/message.html\" %}\n</body>\n</html>\n"
    )


def fastapi_chat(rng: random.Random) -> dict[str, str]:
    names = [f"ws/{n}.html" for n in rng.sample(["message", "presence", "alert", "row", "count"], rng.randint(2, 4))]
    if "ws/message.html" not in names:
        names[0] = "ws/message.html"
    files = {f"templates/{n}": _message(rng) for n in names}
    files["templates/marked.html"] = _message(rng, marked=True)
    files["templates/index.html"] = _page(rng, "/ws/{{ room }}")
    renders = "\n".join(
        f'            html = templates.get_template("{n}").render(text=text, room=room)\n'
        f'            await {rng.choice(["websocket.send_text(html)", "broadcast(html)", "websocket.send(html)"])}'
        for n in names
    )
    inline = rng.choice([
        "            await websocket.send_text('<span id=\"count\" hx-swap-oob=\"true\">' + str(n) + '</span>')\n",
        "            await websocket.send_text(f'<ul id=\"messages\" hx-swap-oob=\"beforeend\"><li>{text}</li></ul>')\n",
        "            await websocket.send_text(ROW.format(text=text))\n",
        "",
    ])
    files["app.py"] = (
        '"""A chat room."""\n\nfrom fastapi import FastAPI, WebSocket\nfrom fastapi.templating import Jinja2Templates\n\n'
        'app = FastAPI()\ntemplates = Jinja2Templates(directory="templates")\nclients = set()\n'
        "ROW = '<tr id=\"row\" hx-swap-oob=\"outerHTML\"><td>{text}</td></tr>'\n\n\n"
        "async def broadcast(html):\n    for c in list(clients):\n        await c.send_text(html)\n\n\n"
        '@app.websocket("/ws/{room}")\nasync def chat(websocket: WebSocket, room: str):\n'
        "    await websocket.accept()\n    clients.add(websocket)\n    n = 0\n    while True:\n"
        "        data = await websocket.receive_json()\n        headers = data.get(\"HEADERS\", {})\n"
        "        text = data.get(\"message\", \"\") + headers.get(\"HX-Trigger\", \"\")\n        n += 1\n"
        "        if text:\n" + renders + "\n" + inline
    )
    if rng.random() < 0.5:
        files["pyproject.toml"] = '[project]\nname = "chat"\nversion = "0"\n\n[tool.hxmigrate]\ntemplate-dirs = ["templates"]\n'
    return files


def channels_consumer(rng: random.Random) -> dict[str, str]:
    msg = rng.choice(["chat/_message.html", "chat/message.html"])
    files = {
        f"chat/templates/{msg}": _message(rng),
        "chat/templates/chat/room.html": _page(rng, "/ws/room/{{ room.slug }}/"),
        "chat/__init__.py": "",
    }
    send = rng.choice([
        'self.send(text_data=html)',
        'async_to_sync(self.channel_layer.group_send)(self.room, {"type": "chat.message", "html": html})',
        'self.send(text_data=render_to_string("%s", {"text": text}))' % msg,
    ])
    files["chat/consumers.py"] = (
        "import json\n\nfrom asgiref.sync import async_to_sync\nfrom channels.generic.websocket import WebsocketConsumer\n"
        "from django.template.loader import render_to_string\n\n\nclass Room(WebsocketConsumer):\n"
        "    def connect(self):\n        self.room = 'r'\n        self.accept()\n\n"
        "    def receive(self, text_data=None, bytes_data=None):\n        data = json.loads(text_data)\n"
        "        text = data['message']\n        who = data['HEADERS']['HX-Trigger-Name']\n"
        f"        html = render_to_string(\"{msg}\", {{\"text\": text, \"who\": who}})\n        {send}\n\n"
        "    def chat_message(self, event):\n        self.send(text_data=event['html'])\n"
    )
    return files


def javascript_app(rng: random.Random) -> dict[str, str]:
    delay = rng.choice(['"full-jitter"', "function (retry) { return Math.min(1000 * 2 ** retry, 30000); }", "1000"])
    events = rng.sample(["htmx:wsConnecting", "htmx:wsOpen", "htmx:wsClose", "htmx:wsError", "htmx:wsBeforeMessage",
                         "htmx:wsAfterMessage", "htmx:wsConfigSend", "htmx:wsBeforeSend", "htmx:wsAfterSend"], 3)
    quote = rng.choice(['"', "'"])
    detail = rng.choice([".message", ".socketWrapper", ".headers", ""])
    listeners = "\n".join(
        f"document.body.addEventListener({quote}{e}{quote}, (evt) => {{\n  console.log(evt.detail{detail});\n}});"
        for e in events
    )
    js = (
        'import htmx from "htmx.org";\nimport "htmx-ext-ws";\n\n'
        f"htmx.config.wsReconnectDelay = {delay};\nhtmx.config.wsBinaryType = \"arraybuffer\";\n"
        "htmx.createWebSocket = function (url) { return new WebSocket(url, [\"v1\"]); };\n"
        + listeners + "\n"
    )
    ts = (
        'import htmx from "htmx.org";\n\nexport function setup(el: HTMLElement): void {\n'
        "  el.setAttribute(\"ws-connect\", \"/live\");\n  el.setAttribute(\"hx-ext\", \"ws\");\n"
        "  htmx.on(el, \"htmx:wsOpen\", (e: Event) => console.log(e));\n  htmx.process(el);\n}\n"
    )
    return {
        "static/app.js": js,
        "static/live.ts": ts,
        "package.json": '{\n  "name": "app",\n  "dependencies": {\n    "htmx.org": "^2.0.8",\n    "htmx-ext-ws": "^2.0.4"\n  }\n}\n',
        "index.html": _page(rng, "/live").replace("{% include \"ws/message.html\" %}\n", "")
        + '<script type="module" src="/static/app.js"></script>\n',
    }


def python_servers(rng: random.Random) -> dict[str, str]:
    files = {}
    senders = [
        ("flask_app.py", "from flask_sock import Sock\n\nsock = Sock()\n\n\n@sock.route('/ws')\ndef ws(ws):\n"
         "    while True:\n        data = ws.receive()\n        ws.send({payload})\n"),
        ("sockets.py", "import websockets\n\n\nasync def handler(websocket):\n    async for raw in websocket:\n"
         "        await websocket.send({payload})\n"),
        ("aio.py", "from aiohttp import web\n\n\nasync def handler(request):\n    ws = web.WebSocketResponse()\n"
         "    await ws.prepare(request)\n    async for msg in ws:\n        await ws.send_str({payload})\n    return ws\n"),
        ("star.py", "from starlette.websockets import WebSocket\n\n\nasync def endpoint(websocket: WebSocket):\n"
         "    await websocket.accept()\n    msg = await websocket.receive_json()\n    if msg['HEADERS']['HX-Request']:\n"
         "        await websocket.send_text({payload})\n"),
    ]
    payloads = [
        "'<div id=\"status\" hx-swap-oob=\"true\">ok</div>'",
        "f'<ul id=\"log\" hx-swap-oob=\"beforeend\"><li>{{raw}}</li></ul>'",
        "'<span id=\"a\">1</span><span id=\"b\">2</span>'",
        "row()",
        "'<tr id=\"r\" hx-swap-oob=\"outerHTML\"><td>{}</td></tr>'.format(1)",
    ]
    helper = "\n\ndef row():\n    return '<li id=\"last\" hx-swap-oob=\"afterbegin\">new</li>'\n"
    for name, body in rng.sample(senders, rng.randint(2, len(senders))):
        files[name] = body.format(payload=rng.choice(payloads)) + helper
    return files


GENERATORS = {
    "fastapi": fastapi_chat,
    "channels": channels_consumer,
    "javascript": javascript_app,
    "servers": python_servers,
}


def generated(seed: str, count: int = 2) -> dict[str, dict[str, str]]:
    """``count`` projects of each generator: {name: {relative path: text}}."""
    out = {}
    for name, make in GENERATORS.items():
        for i in range(count):
            out[f"gen-{name}-{i}"] = make(random.Random(f"{seed}/project/{name}/{i}"))
    return out
