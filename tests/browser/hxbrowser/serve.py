"""Serve one side of a scenario: its page over HTTP and its WebSocket server, on loopback.

The browser tests start this module once per side (``python -m hxbrowser.serve SPEC_JSON``),
so each side imports its own copy of the scenario's Python code and configures Django
once. It prints ``READY <port>`` and then answers one JSON command per stdin line with
one JSON line on stdout:

    {"op": "push", "template": "messages/x.html", "context": {...}, "path": "/ws"}
        render the template with the side's engine and send it to the open sockets
        (those whose path is ``path``, all of them without it) -> {"sent": N}
    {"op": "call", "expr": "Announce(3)", "path": "/ws"}
        evaluate the expression with the side's Go, Rust or JavaScript code files (the
        scenario's ``code`` table, see hxbrowser/code.py) and send what it printed
    {"op": "drop", "path": ...}    abort the TCP connections (the page sees code 1006)
    {"op": "close", "code": 1001, "path": ...}   close with that code

The WebSocket side is the default handler (answers each frame with the scenario's
``reply`` template, if any), the scenario's own websockets handler (``server =
"module:function"``), or the scenario's own ASGI application (``asgi = "module:app"``,
e.g. FastAPI), bridged here so that it serves its own pages and sockets unmodified.
"""

from __future__ import annotations

import asyncio
import importlib
import json
import mimetypes
import os
import sys
import traceback
from pathlib import Path

from websockets.asyncio.server import ServerConnection, serve
from websockets.datastructures import Headers
from websockets.exceptions import ConnectionClosed
from websockets.http11 import Response

from hxbrowser.code import evaluate


class Renderer:
    """Renders the side's templates with the scenario's real engine."""

    def __init__(self, root: Path, spec: dict):
        self.root = root
        self.engine = spec["engine"]
        self.templates = root / spec.get("templates", "templates")
        if self.engine == "jinja2":
            import jinja2

            self._env = jinja2.Environment(
                loader=jinja2.FileSystemLoader(str(self.templates)),
                autoescape=jinja2.select_autoescape(["html", "htm"]),
            )
        elif self.engine == "django":
            import django
            from django.conf import settings

            if spec.get("django_settings"):
                os.environ["DJANGO_SETTINGS_MODULE"] = spec["django_settings"]
            else:
                settings.configure(
                    DEBUG=False,
                    USE_I18N=False,
                    TEMPLATES=[
                        {
                            "BACKEND": "django.template.backends.django.DjangoTemplates",
                            "DIRS": [str(self.templates)],
                        }
                    ],
                )
            django.setup()
        elif self.engine != "html":
            raise SystemExit(f"unknown template engine {self.engine!r}")

    def render(self, name: str, context: dict) -> str:
        if self.engine == "jinja2":
            return self._env.get_template(name).render(**context)
        if self.engine == "django":
            from django.template.loader import render_to_string

            return render_to_string(name, context)
        return (self.templates / name).read_text(encoding="utf-8")


class Side:
    def __init__(self, spec: dict):
        self.root = Path(spec["root"]).resolve()
        self.spec = spec
        sys.path.insert(0, str(self.root))
        self.renderer = Renderer(self.root, spec)
        self.sockets: list[ServerConnection] = []
        self.app_handler = None
        self.asgi = None
        if spec.get("server"):
            self.app_handler = _load(spec["server"])
        if spec.get("asgi"):
            self.asgi = _load(spec["asgi"])

    def page_response(self, connection: ServerConnection, path: str) -> Response:
        path = path.split("?", 1)[0]
        pages = self.spec.get("pages") or ({"/": self.spec["page"]} if "page" in self.spec else {})
        if path in pages:
            try:
                body = self.renderer.render(pages[path], self.spec.get("page_context", {}))
            except Exception:
                traceback.print_exc()
                return connection.respond(500, "page template failed, see the server log")
            return _response(connection, 200, body.encode(), "text/html; charset=utf-8")
        static = self.root / "static"
        if path.startswith("/static/"):
            file = (static / path[len("/static/"):]).resolve()
            if file.is_file() and static.resolve() in file.parents:
                kind = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
                return _response(connection, 200, file.read_bytes(), kind)
        return connection.respond(404, "not found")

    async def process_request(self, connection: ServerConnection, request):
        if request.headers.get("Upgrade", "").lower() == "websocket":
            return None
        if self.asgi is not None:
            response = await _asgi_http(self.asgi, connection, request)
            if response.status_code != 404:
                return response
        return self.page_response(connection, request.path)

    async def websocket(self, connection: ServerConnection) -> None:
        self.sockets.append(connection)
        try:
            if self.asgi is not None:
                await _asgi_websocket(self.asgi, connection)
                return
            if self.app_handler is not None:
                await self.app_handler(connection)
                return
            reply = self.spec.get("reply")
            async for frame in connection:
                if not reply:
                    continue
                try:
                    values = json.loads(frame)
                except ValueError:
                    values = {"raw": frame}
                context = dict(reply.get("context", {}))
                context["frame"] = values
                await connection.send(self.renderer.render(reply["template"], context))
        except ConnectionClosed:
            pass  # the page left, or a step dropped the connection
        except Exception:
            traceback.print_exc()
            raise
        finally:
            self.sockets.remove(connection)

    def matching(self, path: str | None) -> list[ServerConnection]:
        return [s for s in self.sockets if path is None or s.request.path == path]

    async def command(self, message: dict) -> dict:
        op = message["op"]
        targets = self.matching(message.get("path"))
        if op == "push":
            html = self.renderer.render(message["template"], message.get("context", {}))
            for socket in targets:
                await socket.send(html)
            return {"sent": len(targets)}
        if op == "call":
            html = await asyncio.to_thread(evaluate, self.root, self.spec["code"], message["expr"])
            for socket in targets:
                await socket.send(html)
            return {"sent": len(targets)}
        if op == "drop":
            for socket in targets:
                socket.transport.abort()
            return {"dropped": len(targets)}
        if op == "close":
            await asyncio.gather(*(s.close(message["code"]) for s in targets))
            return {"closed": len(targets)}
        if op == "sockets":
            return {"open": [s.request.path for s in self.sockets]}
        raise ValueError(f"unknown command {op!r}")


def _load(reference: str):
    module_name, _, attribute = reference.partition(":")
    return getattr(importlib.import_module(module_name), attribute or "handler")


def _scope(kind: str, connection: ServerConnection, request) -> dict:
    path, _, query = request.path.partition("?")
    host, port = connection.local_address[:2]
    return {
        "type": kind,
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "scheme": "ws" if kind == "websocket" else "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": query.encode(),
        "root_path": "",
        "headers": [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in request.headers.raw_items()],
        "client": connection.remote_address[:2],
        "server": (host, port),
        "subprotocols": [],
        "state": {},
    }


async def _asgi_http(app, connection: ServerConnection, request) -> Response:
    scope = dict(_scope("http", connection, request), method="GET")
    sent = {"status": 500, "headers": [], "body": b""}

    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message):
        if message["type"] == "http.response.start":
            sent["status"] = message["status"]
            sent["headers"] = message.get("headers", [])
        elif message["type"] == "http.response.body":
            sent["body"] += message.get("body", b"")

    try:
        await app(scope, receive, send)
    except Exception:
        traceback.print_exc()
    kind = next((v.decode() for k, v in sent["headers"] if k.lower() == b"content-type"), "text/plain")
    return _response(connection, sent["status"], sent["body"], kind)


async def _asgi_websocket(app, connection: ServerConnection) -> None:
    """Runs the application's WebSocket endpoint on a connection websockets already accepted."""
    inbox: asyncio.Queue = asyncio.Queue()
    inbox.put_nowait({"type": "websocket.connect"})

    async def pump():
        try:
            async for frame in connection:
                key = "text" if isinstance(frame, str) else "bytes"
                inbox.put_nowait({"type": "websocket.receive", key: frame})
        finally:
            code = connection.close_code if connection.close_code is not None else 1006
            inbox.put_nowait({"type": "websocket.disconnect", "code": code})

    async def send(message):
        if message["type"] == "websocket.send":
            try:
                await connection.send(message["text"] if message.get("text") is not None else message["bytes"])
            except ConnectionClosed:
                pass  # a peer that is gone; the application learns it from receive()
        elif message["type"] == "websocket.close":
            await connection.close(message.get("code", 1000), message.get("reason") or "")

    reader = asyncio.create_task(pump())
    try:
        await app(_scope("websocket", connection, connection.request), inbox.get, send)
    finally:
        reader.cancel()


def _response(connection: ServerConnection, status: int, body: bytes, kind: str) -> Response:
    response = connection.respond(status, "")
    headers = Headers(
        [("Content-Type", kind), ("Content-Length", str(len(body))), ("Cache-Control", "no-store")]
    )
    return Response(response.status_code, response.reason_phrase, headers, body)


async def main(spec: dict) -> None:
    side = Side(spec)
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader()
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    async with serve(
        side.websocket,
        "127.0.0.1",
        0,
        process_request=side.process_request,
        compression=None,
        ping_interval=None,
    ) as server:
        port = server.sockets[0].getsockname()[1]
        print(f"READY {port}", flush=True)
        while line := await reader.readline():
            try:
                answer = await side.command(json.loads(line))
            except Exception as error:
                traceback.print_exc()
                answer = {"error": f"{type(error).__name__}: {error}"}
            print(json.dumps(answer), flush=True)


if __name__ == "__main__":
    asyncio.run(main(json.loads(sys.argv[1])))
