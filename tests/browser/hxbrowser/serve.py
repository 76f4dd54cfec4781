"""Serve one side of a scenario on loopback: its pages, its HTTP endpoints, its WebSockets and
its Server-Sent Events streams.

The browser tests start this module once per side (``python -m hxbrowser.serve SPEC_JSON``),
so each side imports its own copy of the scenario's Python code and configures Django
once. One aiohttp server takes every HTTP method with its body, and WebSocket upgrades,
on one port. It prints ``READY <port>`` and then answers one JSON command per stdin line
with one JSON line on stdout:

    {"op": "push", "template": "messages/x.html", "context": {...}, "path": "/ws"}
        render the template with the side's engine and send it to the open sockets
        (those whose path is ``path``, all of them without it) -> {"sent": N}
    {"op": "call", "expr": "Announce(3)", "path": "/ws"}
        evaluate the expression with the side's Go, Rust or JavaScript code files (the
        scenario's ``code`` table, see hxbrowser/code.py) and send what it printed
    {"op": "drop", "path": ...}    abort the TCP connections (the page sees code 1006)
    {"op": "close", "code": 1001, "path": ...}   close with that code
    {"op": "sockets"}              the paths of the open sockets
    {"op": "requests", "since": N, "wait_for": K, "timeout_ms": T}
        the request log from entry N on (none without "since"), after waiting (up to T ms)
        until it has K entries more than N
        -> {"count": total, "log": [...], "held": requests held and not answered yet, plus
            open streams, "now": ms}; with "log": "streams" the same of the stream log, plus
            "ends": [{"path", "t"}] (every stream that ended, by the server or the page)
    {"op": "release", "path": "/items"}   answer the held requests of that endpoint
    {"op": "events", "path": "/events", "events": [...]}   send the events (rendered like a
        stream's) on the open streams of that path
        -> {"sent": events with data x streams, "streams": streams}
    {"op": "end", "path": "/events"}   end the open streams of that path (after what was sent)

HTTP requests go to the scenario's ASGI application first (``asgi = "module:app"``, e.g.
FastAPI, with the real method, query and body; its 404 falls through), then to the first
matching ``[[endpoints]]`` table (but a page navigation to a page path gets the page), the
pages (``page``/``pages``) and ``/static/`` files. Every request
but a page navigation (a GET with ``Sec-Fetch-Dest: document``), ``/static/`` and
``/favicon.ico`` goes into the request log.

A request that matches a ``[[streams]]`` table (before anything else) is a Server-Sent
Events stream: it goes into the stream log instead (method, path, query, Last-Event-ID,
time), gets the stream's events, and stays open until the stream's ``end``, an ``end``
command or the page leaves.

The WebSocket side is the default handler (answers each frame with the scenario's
``reply`` template, if any), the scenario's own handler (``server = "module:function"``,
written against the websockets library's connection API, which ``Connection`` provides),
or the scenario's ASGI application, bridged here so that it serves its own sockets
unmodified.
"""

from __future__ import annotations

import asyncio
import email.parser
import email.policy
import importlib
import json
import mimetypes
import os
import sys
import traceback
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qsl

from aiohttp import WSMsgType, web
from multidict import CIMultiDict

from hxbrowser.code import evaluate
from hxbrowser.scenario import Endpoint, Stream, check_events, countable

# Response headers the server sets itself, never copied from an application's response.
_HOP_HEADERS = {"content-length", "transfer-encoding", "connection", "keep-alive"}
_END = object()  # in a stream's queue: end the stream


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


# --------------------------------------------------------------------------- WebSockets


try:  # a handler that catches websockets' ConnectionClosed catches this one too
    from websockets.exceptions import ConnectionClosed as _Closed
except ImportError:  # pragma: no cover - websockets is only needed for that
    _Closed = Exception


class ConnectionClosed(_Closed):
    """The socket is closed: raised by ``Connection.send`` and ``Connection.recv``."""

    def __init__(self, reason: str = ""):
        if _Closed is Exception:
            super().__init__(reason)
        else:
            super().__init__(None, None)
        self.why = reason

    def __str__(self) -> str:
        return self.why or "closed"


@dataclass
class Handshake:
    """The opening request of a socket, as websockets' ``connection.request`` shows it."""

    path: str  # with the query string
    headers: object  # case-insensitive mapping


class Connection:
    """A socket the page opened, with the part of websockets' ``ServerConnection`` API that
    scenario handlers use: ``async for frame in connection``, ``await connection.recv()``,
    ``await connection.send(text_or_bytes)``, ``await connection.close(code, reason)``,
    ``connection.request.path``/``.headers``, ``close_code``, ``remote_address``,
    ``local_address``, ``transport``. Iterating ends when the socket closes, however it
    closed (websockets raises ConnectionClosedError after an abnormal close)."""

    def __init__(self, http: web.Request, socket: web.WebSocketResponse):
        self._http = http
        self._socket = socket
        self.request = Handshake(http.path_qs, http.headers)
        transport = http.transport
        self.remote_address = transport.get_extra_info("peername") if transport else ("127.0.0.1", 0)
        self.local_address = transport.get_extra_info("sockname") if transport else ("127.0.0.1", 0)
        self.aborted = False

    @property
    def path(self) -> str:
        return self.request.path

    @property
    def transport(self):
        return self._http.transport

    @property
    def close_code(self) -> int | None:
        if self.aborted:
            return 1006
        return self._socket.close_code

    async def recv(self) -> str | bytes:
        message = await self._socket.receive()
        if message.type == WSMsgType.TEXT:
            return message.data
        if message.type == WSMsgType.BINARY:
            return bytes(message.data)
        raise ConnectionClosed(f"closed ({message.type.name.lower()})")

    def __aiter__(self):
        return self._frames()

    async def _frames(self):
        while True:
            try:
                yield await self.recv()
            except ConnectionClosed:
                return

    async def send(self, message: str | bytes) -> None:
        if self.aborted or self._socket.closed:
            raise ConnectionClosed("closed")
        try:
            if isinstance(message, str):
                await self._socket.send_str(message)
            else:
                await self._socket.send_bytes(bytes(message))
        except (ConnectionError, RuntimeError) as error:
            raise ConnectionClosed(str(error)) from error

    async def close(self, code: int = 1000, reason: str = "") -> None:
        if not self.aborted:
            await self._socket.close(code=code, message=reason.encode())

    def abort(self) -> None:
        """Drop the TCP connection without a close frame: the page sees code 1006."""
        self.aborted = True
        if self._http.transport is not None:
            self._http.transport.abort()


# --------------------------------------------------------------------------- HTTP


def parse_body(content_type: str, body: bytes) -> tuple[list[list[str]] | None, str | None]:
    """(form fields as [name, value] pairs, or None; the raw text of a body that is no form)."""
    media = content_type.split(";", 1)[0].strip().lower()
    if not body:
        return None, None
    if media == "application/x-www-form-urlencoded":
        return [[k, v] for k, v in parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True)], None
    if media == "multipart/form-data":
        head = f"Content-Type: {content_type}\r\nMIME-Version: 1.0\r\n\r\n".encode()
        message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(head + body)
        fields = []
        for part in message.iter_parts():
            name = part.get_param("name", header="content-disposition")
            if name is None:
                continue
            filename = part.get_param("filename", header="content-disposition")
            payload = part.get_payload(decode=True) or b""
            value = f"<file {filename!r}, {len(payload)} bytes>" if filename is not None else payload.decode(
                part.get_content_charset() or "utf-8", "replace"
            )
            fields.append([name, value])
        return fields, None
    return None, body.decode("utf-8", "replace")


class HeaderDict(dict):
    """Request headers for a template: a dict whose lookups ignore case (fetch may send
    lowercase names, XMLHttpRequest sends them as written)."""

    def __init__(self, pairs):
        super().__init__(pairs)
        self._names = {name.lower(): name for name in self}

    def _name(self, key):
        return self._names.get(key.lower(), key) if isinstance(key, str) else key

    def __getitem__(self, key):
        return super().__getitem__(self._name(key))

    def __contains__(self, key):
        return super().__contains__(self._name(key))

    def get(self, key, default=None):
        return super().get(self._name(key), default)


def params_of(pairs: list[list[str]]) -> dict:
    """Fields as a dict; a name sent several times maps to the list of its values."""
    out: dict = {}
    for name, value in pairs:
        if name in out:
            out[name] = (out[name] if isinstance(out[name], list) else [out[name]]) + [value]
        else:
            out[name] = value
    return out


class Side:
    def __init__(self, spec: dict):
        self.root = Path(spec["root"]).resolve()
        self.spec = spec
        sys.path.insert(0, str(self.root))
        self.renderer = Renderer(self.root, spec)
        self.sockets: list[Connection] = []
        self.app_handler = None
        self.asgi = None
        if spec.get("server"):
            self.app_handler = _load(spec["server"])
        if spec.get("asgi"):
            self.asgi = _load(spec["asgi"])
        self.endpoints = [Endpoint.from_toml(e) for e in spec.get("endpoints", [])]
        self.counts = [0] * len(self.endpoints)
        self.log: list[dict] = []
        self.logged = asyncio.Condition()
        self.held: list[tuple[str, asyncio.Future]] = []  # (endpoint path, answer)
        self.streams = [Stream.from_toml(s) for s in spec.get("streams", [])]
        self.stream_counts = [0] * len(self.streams)
        self.stream_log: list[dict] = []
        self.stream_ends: list[dict] = []  # {"path", "t"}
        self.open_streams: list[tuple[str, asyncio.Queue]] = []  # (path, events to send)
        self.started = asyncio.get_running_loop().time()

    # -- HTTP

    async def handle(self, request: web.Request) -> web.StreamResponse:
        if request.headers.get("Upgrade", "").lower() == "websocket":
            return await self.websocket(request)
        body = await request.read()
        stream = next((i for i, e in enumerate(self.streams) if e.matches(request.method, request.path)), None)
        if stream is not None:
            self.stream_counts[stream] += 1
            return await self.stream_response(self.streams[stream], self.stream_counts[stream], request, body)
        if self.asgi is None:
            if self._logged(request):
                await self._record(request, body)
            return await self.page_response(request, body)
        streamed = False

        async def opened() -> None:  # the app answers with a stream: logged with the streams
            nonlocal streamed
            streamed = True
            await self._append(self.stream_log, self._stream_entry(request))

        try:
            response = await _asgi_http(self.asgi, request, body, opened)
        finally:
            if streamed:
                await self._append(self.stream_ends, {"path": request.path, "t": self.now()})
        if streamed:
            return response
        if self._logged(request):
            await self._record(request, body)
        if response.status != 404:
            return response
        return await self.page_response(request, body)

    @staticmethod
    def _logged(request: web.Request) -> bool:
        if request.path.startswith("/static/") or request.path == "/favicon.ico":
            return False
        return not (request.method == "GET" and request.headers.get("Sec-Fetch-Dest") == "document")

    async def _record(self, request: web.Request, body: bytes) -> None:
        form, text = parse_body(request.headers.get("Content-Type", ""), body)
        entry = {
            "method": request.method,
            "path": request.path,
            "query": [[k, v] for k, v in parse_qsl(request.query_string, keep_blank_values=True)],
            "form": form,
            "body": text,
            "headers": [[k, v] for k, v in request.headers.items()],
        }
        async with self.logged:
            self.log.append(entry)
            self.logged.notify_all()

    async def page_response(self, request: web.Request, body: bytes) -> web.StreamResponse:
        """A page for a navigation, else the first matching endpoint, a page, a static file."""
        path = request.path
        index = next((i for i, e in enumerate(self.endpoints) if e.matches(request.method, path)), None)
        pages = self.spec.get("pages") or ({"/": self.spec["page"]} if "page" in self.spec else {})
        navigation = request.headers.get("Sec-Fetch-Dest") == "document"
        if index is not None and not (navigation and path in pages):
            self.counts[index] += 1
            return await self.endpoint_response(self.endpoints[index], self.counts[index], request, body)
        if path in pages and request.method in ("GET", "HEAD"):
            try:
                html = self.renderer.render(pages[path], self.spec.get("page_context", {}))
            except Exception:
                traceback.print_exc()
                return web.Response(status=500, text="page template failed, see the server log")
            return _response(200, html.encode(), "text/html; charset=utf-8")
        static = self.root / "static"
        if path.startswith("/static/"):
            file = (static / path[len("/static/"):]).resolve()
            if file.is_file() and static.resolve() in file.parents:
                kind = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
                return _response(200, file.read_bytes(), kind)
        return web.Response(status=404, text="not found", headers={"Cache-Control": "no-store"})

    async def endpoint_response(self, endpoint: Endpoint, count: int, request: web.Request, body: bytes):
        if endpoint.hold:
            answer = asyncio.get_running_loop().create_future()
            held = (endpoint.path, answer)
            self.held.append(held)
            try:
                await answer
            finally:
                self.held.remove(held)
        if endpoint.delay_ms:
            await asyncio.sleep(endpoint.delay_ms / 1000)
        context = _request_context(endpoint.context, request, body, count)
        try:
            if endpoint.template is not None:
                html = self.renderer.render(endpoint.template, context)
            else:
                html = endpoint.body or ""
        except Exception:
            traceback.print_exc()
            return web.Response(status=500, text=f"endpoint template {endpoint.template} failed, see the server log")
        headers = {str(k): str(v) for k, v in endpoint.headers.items()}
        kind = next((v for k, v in headers.items() if k.lower() == "content-type"), "text/html; charset=utf-8")
        headers = {k: v for k, v in headers.items() if k.lower() != "content-type"}
        return _response(endpoint.status, html.encode(), kind, headers)

    def now(self) -> float:
        """Milliseconds since the server started (the times of the stream log)."""
        return round((asyncio.get_running_loop().time() - self.started) * 1000, 1)

    async def _append(self, log: list, entry: dict) -> None:
        async with self.logged:
            log.append(entry)
            self.logged.notify_all()

    def _stream_entry(self, request: web.Request) -> dict:
        return {
            "method": request.method,
            "path": request.path,
            "query": [[k, v] for k, v in parse_qsl(request.query_string, keep_blank_values=True)],
            "last_event_id": request.headers.get("Last-Event-ID"),
            "t": self.now(),
        }

    async def stream_response(self, stream: Stream, count: int, request: web.Request, body: bytes):
        """A Server-Sent Events stream: its events, then those of ``events`` commands, until it ends."""
        await self._append(self.stream_log, self._stream_entry(request))
        headers = {str(k): str(v) for k, v in stream.headers.items()}
        kind = next((v for k, v in headers.items() if k.lower() == "content-type"), "text/event-stream")
        headers = {k: v for k, v in headers.items() if k.lower() != "content-type"}
        response = web.StreamResponse(status=stream.status, headers=CIMultiDict(
            headers, **{"Content-Type": kind, "Cache-Control": "no-store"}))
        context = _request_context(stream.context, request, body, count)
        context["last_event_id"] = request.headers.get("Last-Event-ID")
        queue: asyncio.Queue = asyncio.Queue()
        for event in stream.events:
            queue.put_nowait(event)
        if stream.end:
            queue.put_nowait(_END)
        opened = (request.path, queue)
        self.open_streams.append(opened)
        try:
            await response.prepare(request)
            while True:
                try:
                    event = await asyncio.wait_for(queue.get(), 0.1)
                except TimeoutError:
                    if request.transport is None or request.transport.is_closing():
                        break  # the page closed the stream
                    continue
                if event is _END:
                    break
                if event.get("delay_ms"):
                    await asyncio.sleep(event["delay_ms"] / 1000)
                await response.write(self.event_text(event, context).encode())
        except (ConnectionError, RuntimeError):
            pass  # the page left while an event was written
        except Exception:
            traceback.print_exc()
        finally:
            self.open_streams.remove(opened)
            await self._append(self.stream_ends, {"path": request.path, "t": self.now()})
        return response

    def event_text(self, event: dict, context: dict) -> str:
        data = event.get("data")
        if event.get("template"):  # its final newline is the file's, not the event's
            data = self.renderer.render(event["template"], dict(context, **event.get("context", {}))).rstrip("\r\n")
        return sse_text(event, data)

    def send_events(self, path: str, events: list[dict] | None) -> int:
        """Queue events (or the end, for None) on the open streams of ``path``: how many streams."""
        targets = [queue for stream_path, queue in self.open_streams if stream_path == path]
        for queue in targets:
            for event in events if events is not None else [_END]:
                queue.put_nowait(event)
        return len(targets)

    def release(self, path: str) -> int:
        answered = 0
        for held_path, answer in list(self.held):
            if held_path == path and not answer.done():
                answer.set_result(None)
                answered += 1
        return answered

    # -- WebSockets

    async def websocket(self, request: web.Request) -> web.WebSocketResponse:
        socket = web.WebSocketResponse(compress=False, autoping=True, heartbeat=None)
        await socket.prepare(request)
        connection = Connection(request, socket)
        self.sockets.append(connection)
        try:
            if self.asgi is not None:
                await _asgi_websocket(self.asgi, connection)
            elif self.app_handler is not None:
                await self.app_handler(connection)
            else:
                await self._reply(connection)
        except ConnectionClosed:
            pass  # the page left, or a step dropped the connection
        except Exception:
            traceback.print_exc()
        finally:
            self.sockets.remove(connection)
            if not connection.aborted:
                await connection.close()
        return socket

    async def _reply(self, connection: Connection) -> None:
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

    def matching(self, path: str | None) -> list[Connection]:
        return [s for s in self.sockets if path is None or s.request.path == path]

    # -- commands

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
                socket.abort()
            return {"dropped": len(targets)}
        if op == "close":
            await asyncio.gather(*(s.close(message["code"]) for s in targets))
            return {"closed": len(targets)}
        if op == "sockets":
            return {"open": [s.request.path for s in self.sockets]}
        if op == "requests":
            entries = self.stream_log if message.get("log") == "streams" else self.log
            since = message.get("since")
            wanted = (since or 0) + message.get("wait_for", 0)
            async with self.logged:
                if len(entries) < wanted:
                    try:
                        await asyncio.wait_for(
                            self.logged.wait_for(lambda: len(entries) >= wanted), message.get("timeout_ms", 0) / 1000
                        )
                    except TimeoutError:
                        pass
                answer = {
                    "count": len(entries),
                    "log": entries[since:] if since is not None else [],
                    "held": len(self.held) + len(self.open_streams),
                    "now": self.now(),
                }
                if entries is self.stream_log:
                    answer["ends"] = list(self.stream_ends)
                return answer
        if op == "release":
            return {"released": self.release(message["path"])}
        if op == "events":
            events = check_events(message["events"], message)
            streams = self.send_events(message["path"], events)
            return {"sent": countable(events) * streams, "streams": streams}
        if op == "end":
            return {"ended": self.send_events(message["path"], None)}
        raise ValueError(f"unknown command {op!r}")

    async def shutdown(self) -> None:
        for _, answer in self.held:
            if not answer.done():
                answer.cancel()
        for socket in list(self.sockets):
            socket.abort()
        for _, queue in self.open_streams:
            queue.put_nowait(_END)


def sse_text(event: dict, data: str | None) -> str:
    """One event in the text/event-stream format: ``event:`` (its name), ``id:``, ``retry:``,
    then one ``data:`` line per line of ``data`` (none for None: htmx 2's EventSource drops
    such an event, htmx 4 dispatches a named one)."""
    lines = []
    if event.get("name"):
        lines.append(f"event: {event['name']}")
    if event.get("id") is not None:
        lines.append(f"id: {event['id']}")
    if event.get("retry") is not None:
        lines.append(f"retry: {event['retry']}")
    if data is not None:
        lines.extend(f"data: {line}" for line in (str(data).splitlines() or [""]))
    return "\n".join(lines) + "\n\n"


def _request_context(extra: dict, request: web.Request, body: bytes, count: int) -> dict:
    """A template's context for a request: ``extra``, then params (query + form fields),
    method, path, headers and count."""
    form, _ = parse_body(request.headers.get("Content-Type", ""), body)
    pairs = [[k, v] for k, v in parse_qsl(request.query_string, keep_blank_values=True)] + (form or [])
    context = dict(extra)
    context.update(
        params=params_of(pairs),
        method=request.method,
        path=request.path,
        headers=HeaderDict(request.headers.items()),
        count=count,
    )
    return context


def _load(reference: str):
    module_name, _, attribute = reference.partition(":")
    return getattr(importlib.import_module(module_name), attribute or "handler")


def _response(status: int, body: bytes, kind: str, headers=()) -> web.Response:
    """``headers``: a dict or (name, value) pairs (a name may repeat, e.g. Set-Cookie)."""
    pairs = CIMultiDict(headers.items() if isinstance(headers, dict) else headers)
    pairs["Content-Type"] = kind
    pairs["Cache-Control"] = "no-store"
    return web.Response(status=status, body=body, headers=pairs)


# --------------------------------------------------------------------------- ASGI bridge


def _scope(kind: str, request: web.Request) -> dict:
    transport = request.transport
    server = transport.get_extra_info("sockname")[:2] if transport else ("127.0.0.1", 0)
    client = transport.get_extra_info("peername")[:2] if transport else ("127.0.0.1", 0)
    return {
        "type": kind,
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "scheme": "ws" if kind == "websocket" else "http",
        "path": request.path,
        "raw_path": request.raw_path.partition("?")[0].encode(),
        "query_string": request.query_string.encode(),
        "root_path": "",
        "headers": [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in request.headers.items()],
        "client": client,
        "server": server,
        "subprotocols": [],
        "state": {},
    }


async def _asgi_http(app, request: web.Request, body: bytes, opened=None) -> web.StreamResponse:
    """The application's answer; a text/event-stream answer is written to the page as the
    application writes it, until it returns or the page leaves (``opened()`` is awaited
    when it starts)."""
    scope = dict(_scope("http", request), method=request.method)
    sent = {"status": 500, "headers": [], "body": b""}
    delivered = False
    streamed: web.StreamResponse | None = None

    async def receive():
        nonlocal delivered
        if delivered:  # the client stays connected until the answer (or leaves a stream)
            while request.transport is not None and not request.transport.is_closing():
                await asyncio.sleep(0.1)
            return {"type": "http.disconnect"}
        delivered = True
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message):
        nonlocal streamed
        if message["type"] == "http.response.start":
            sent["status"] = message["status"]
            sent["headers"] = message.get("headers", [])
            if sent["status"] == 200 and any(k.lower() == b"content-type" and v.startswith(b"text/event-stream")
                                             for k, v in sent["headers"]):
                streamed = web.StreamResponse(status=200, headers=CIMultiDict(
                    {"Content-Type": "text/event-stream", "Cache-Control": "no-store"}))
                await streamed.prepare(request)
                if opened is not None:
                    await opened()
        elif message["type"] == "http.response.body":
            if streamed is not None:
                await streamed.write(message.get("body", b""))
            else:
                sent["body"] += message.get("body", b"")

    try:
        await app(scope, receive, send)
    except (ConnectionError, RuntimeError) if streamed is not None else ():
        pass  # the page left while the stream was written
    except Exception:
        traceback.print_exc()
    if streamed is not None:
        return streamed
    headers = []
    kind = "text/plain"
    for key, value in sent["headers"]:
        name, text = key.decode("latin-1"), value.decode("latin-1")
        if name.lower() == "content-type":
            kind = text
        elif name.lower() not in _HOP_HEADERS:
            headers.append((name, text))
    return _response(sent["status"], sent["body"], kind, headers)


async def _asgi_websocket(app, connection: Connection) -> None:
    """Runs the application's WebSocket endpoint on a connection the server already accepted."""
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
        await app(_scope("websocket", connection._http), inbox.get, send)
    finally:
        reader.cancel()


# --------------------------------------------------------------------------- main


async def main(spec: dict) -> None:
    side = Side(spec)
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader()
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    app = web.Application(client_max_size=16 * 1024 * 1024)
    app.router.add_route("*", "/{tail:.*}", side.handle)
    runner = web.AppRunner(app, access_log=None, handle_signals=False)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0, shutdown_timeout=0.5)
    await site.start()
    port = runner.addresses[0][1]
    print(f"READY {port}", flush=True)
    try:
        while line := await reader.readline():
            try:
                answer = await side.command(json.loads(line))
            except Exception as error:
                traceback.print_exc()
                answer = {"error": f"{type(error).__name__}: {error}"}
            print(json.dumps(answer), flush=True)
    finally:
        await side.shutdown()
        await runner.cleanup()


if __name__ == "__main__":
    asyncio.run(main(json.loads(sys.argv[1])))
