"""The SSE extension, htmx 2 -> 4: what Chromium shows, fact by fact.

htmx.org@2.0.8 with htmx-ext-sse@2.2.4 against htmx.org@4.0.1 with its dist/ext/hx-sse.js,
loaded through their CDN URLs, each page served with its streams by hxbrowser's own server (a
real aiohttp server on loopback writing text/event-stream). No migration, no comparison: what
each library does. The reference is ../shared/docs/htmx-core-2-to-4.md, "The SSE extension";
where it and the libraries disagree, the libraries win.

| fact | htmx 2.x (htmx-ext-sse 2.2.4) | htmx 4.0.1 (hx-sse.js) | reference |
|---|---|---|---|
| unnamed messages | `sse-swap="message"` swaps them into its element (the connect element or a child, with that element's hx-swap) | `hx-sse:connect` swaps them into itself, or into its `hx-target` with its `hx-swap`; several `data:` lines arrive joined by "\n" on both | agrees |
| explicit `event: message` | swapped by `sse-swap="message"` (EventSource's default type) | not swapped: a bubbling DOM event `message` on the connect element, detail `{data, id}` | agrees (L290-305) |
| named `sse-swap="news"` | swapped; no DOM event (an EventSource event only) | not swapped: a bubbling DOM event `news` on the connect element, detail `{data, id}` (id: the message's `id:`); `hx-on:news` on that element runs | agrees |
| `hx-trigger` on a child | `hx-trigger="sse:news"` makes the child's request | `news from:"closest [hx-sse\\:connect]"` makes it; `sse:news` and a bare `news` on the child never fire | agrees |
| close on an event | `sse-close="done"`: `htmx:sseClose` type `message`, no reconnect | `hx-sse:close="done"`: `htmx:sse:close` reason `message`, no reconnect; `done` itself swapped by neither | agrees |
| server ends the stream | the browser's EventSource reconnects after Chromium's default 3 s (measured 3.0 s) or the stream's `retry:`; Last-Event-ID sent | reconnects after 500 ms +-30% (measured 0.47-0.65 s) or `retry:` +-30%; Last-Event-ID sent | the reference gives 2.x "500 ms x 2^n" for this: that is only the failed-connection backoff below; an ended stream waits 3 s |
| server answers 500 | EventSource fails (CLOSED, `htmx:sseError`), the extension opens a new one after 0.5, 1, 2 s (x2 each time; its source caps it at 64 s) | the first answer is read as a stream whatever its status (`htmx:sse:after:connection`, status 500) and ends; refetches after 0.5, 1, 2 s +-30%, each a `htmx:sse:error` with `status` | new |
| first answer is no stream (a 404 text page) | EventSource fails (CLOSED, `htmx:sseError`), the extension opens a new one after 0.5, 1, 2 s... | one request, no `htmx:sse:error`, never retried | new: htmx 4 gives such a stream up for good |
| legacy `sse-connect` in 4.x | - | read: `sse-connect`/`sse-close` copied to `data-hx-sse:connect`/`data-hx-sse:close` (4.0.1's default prefix is "data-hx-", not "hx-"), one console warning per attribute (`sse-swap`: "is removed"), connects, swaps unnamed messages, closes on the event; `data-sse-connect` (which 2.x reads) is ignored: no connection | agrees on the copy, the name is `data-hx-sse:connect`; `data-sse-connect` new |
| event names and details | `htmx:sseOpen` {source, elt}; `htmx:sseBeforeMessage`, `htmx:sseMessage`, detail the MessageEvent (type, data, lastEventId); `htmx:sseError`; `htmx:sseClose` {source, type: message, nodeMissing (element removed, fired on the detached element)} | `htmx:sse:before:connection` {connection}, `htmx:sse:after:connection` {connection}, `htmx:sse:before:message` {connection, message: {data, event, id}, cancelled, waitUntil}, then the swap or the DOM event, `htmx:sse:after:message` {connection, message}, `htmx:sse:error` {connection, error, status}, `htmx:sse:close` {connection, reason: message, ended, removed}; connection: url, config, abortController, reader, lastEventId, delayCanceller, visibilityHandler, attempt, cancelled, status; no 2.x name and no beta `htmx:before:sse:*` name fires; an element's event once it is detached is dispatched on document, not on it | agrees; the document dispatch new |
| any text/event-stream answer | a plain `hx-get` swaps the stream's raw text (`data: ...`) | a plain `hx-get` reads it as a stream: swaps its messages, closes with reason `ended`, never reconnects (reconnect is `hx-sse:connect`'s) | agrees (L400-415) |
"""

from __future__ import annotations

import asyncio
import itertools
import json

import pytest

from hxbrowser.runner import SidePage, SideServer

pytestmark = pytest.mark.browser

HEAD = {
    "2": '<script src="https://unpkg.com/htmx.org@2.0.8/dist/htmx.js"></script>'
         '<script src="https://unpkg.com/htmx-ext-sse@2.2.4/dist/sse.js"></script>',
    "4": '<script src="https://unpkg.com/htmx.org@4.0.1/dist/htmx.js"></script>'
         '<script src="https://unpkg.com/htmx.org@4.0.1/dist/ext/hx-sse.js"></script>',
}
# Every SSE event name of both versions (and the DOM events the tests' streams name), recorded
# on document in the capture phase with what their detail holds.
EVENT_NAMES = [
    "htmx:sseOpen", "htmx:sseError", "htmx:sseBeforeMessage", "htmx:sseMessage", "htmx:sseClose",
    "htmx:sse:before:connection", "htmx:sse:after:connection", "htmx:sse:error",
    "htmx:sse:before:message", "htmx:sse:after:message", "htmx:sse:close",
    "htmx:before:sse:connection", "htmx:before:sse:message",  # the 4.0 betas' names
    "news", "message", "done",
]
RECORDER = """
window.__sse = [];
for (const name of NAMES) {
  document.addEventListener(name, (e) => {
    const d = e.detail;
    const entry = {name, target: e.target.id || e.target.localName || e.target.nodeName, bubbles: e.bubbles,
                   t: performance.now()};
    if (d instanceof MessageEvent) {
      entry.messageEvent = {type: d.type, data: d.data, lastEventId: d.lastEventId};
    } else if (d && typeof d === 'object') {
      entry.keys = Object.keys(d).sort();
      for (const key of ['data', 'id', 'reason', 'type', 'status']) if (key in d) entry[key] = d[key];
      if (d.message) entry.message = {...d.message};
      if (d.connection) {
        entry.connection = Object.keys(d.connection).sort();
        entry.connectionStatus = d.connection.status;
      }
      if (d.error) entry.error = String(d.error.message || d.error.type || d.error);
    }
    __sse.push(entry);
  }, true);
}
""".replace("NAMES", json.dumps(EVENT_NAMES))


class Visit:
    """One side's page (``body`` inside <body>, htmx and its SSE extension in <head>), served
    by hxbrowser.serve with ``streams`` and ``endpoints``, open in its own browser context."""

    def __init__(self, session, tmp_path, side: str, body: str, streams=(), endpoints=()):
        self.session, self.side = session, side
        self.root = tmp_path / f"htmx{side}"
        (self.root / "templates").mkdir(parents=True)
        (self.root / "templates" / "page.html").write_text(
            f"<!doctype html><html><head>{HEAD[side]}</head><body>{body}</body></html>", encoding="utf-8"
        )
        spec = {"engine": "html", "page": "page.html", "streams": list(streams), "endpoints": list(endpoints)}
        self.server = SideServer(side, self.root, spec, tmp_path / f"server-{side}.log")
        self.page = None

    async def __aenter__(self):
        await self.server.start()
        self.page = SidePage(self.side, self.server, [])
        await self.page.open(self.session.browser)
        await self.page.context.add_init_script(script=RECORDER)
        await self.page.page.goto(self.page.origin + "/", wait_until="load")
        return self

    async def __aexit__(self, *exc):
        if self.page is not None:
            await self.page.close()
        await self.server.stop()

    # -- what the page and the server saw

    async def until(self, expression: str, timeout_ms: int = 5000) -> None:
        await self.page.page.wait_for_function(expression, polling=20, timeout=timeout_ms)

    async def events(self, name: str | None = None) -> list[dict]:
        recorded = await self.page.page.evaluate("() => __sse")
        return [e for e in recorded if name is None or e["name"] == name]

    async def until_event(self, name: str, count: int = 1, timeout_ms: int = 5000) -> list[dict]:
        await self.until(f"() => __sse.filter(e => e.name === {json.dumps(name)}).length >= {count}", timeout_ms)
        return await self.events(name)

    async def html(self, element_id: str) -> str:
        """The element's innerHTML once htmx has settled, without the (empty) class attributes
        htmx 2 leaves behind."""
        await self.until("() => !document.querySelector('.htmx-added, .htmx-settling, .htmx-swapping')")
        html = await self.page.page.evaluate(f"() => document.getElementById({json.dumps(element_id)}).innerHTML")
        return html.replace(' class=""', "")

    async def attributes(self, element_id: str) -> dict:
        return await self.page.page.evaluate(
            f"() => Object.fromEntries([...document.getElementById({json.dumps(element_id)}).attributes]"
            ".map(a => [a.name, a.value]))"
        )

    async def streams(self, wait_for: int = 0, timeout_ms: int = 5000) -> dict:
        """The server's stream log (connections with Last-Event-ID and time) and stream ends."""
        return await self.server.command(op="requests", log="streams", since=0, wait_for=wait_for,
                                         timeout_ms=timeout_ms)

    async def requests(self) -> list[str]:
        answer = await self.server.command(op="requests", since=0)
        return [f"{r['method']} {r['path']}" for r in answer["log"]]

    async def push(self, path: str, *events: dict) -> None:
        answer = await self.server.command(op="events", path=path, events=list(events))
        assert answer.get("streams"), f"{self.side}.x: no open stream at {path}: {answer}"

    async def end(self, path: str) -> None:
        assert (await self.server.command(op="end", path=path)).get("ended"), f"{self.side}.x: nothing to end"

    def console(self) -> list[str]:
        return list(self.page.console)


def both(session, tmp_path, bodies: dict, check, parallel: bool = True, **served):
    """Run ``check(visit)`` on the 2.x page and the 4.x page (at once, or one after the other
    for the tests that time something on a shared machine); their results by side."""

    async def one(side):
        async with Visit(session, tmp_path / side, side, bodies[side], **served) as visit:
            return await check(visit)

    async def run():
        if parallel:
            return dict(zip(("2", "4"), await asyncio.gather(one("2"), one("4"))))
        return {side: await one(side) for side in ("2", "4")}

    return session.run(run())


@pytest.fixture
def env(browser_session, node_modules, tmp_path):
    if not (node_modules / "htmx-ext-sse" / "dist" / "sse.js").is_file():
        pytest.fail("htmx-ext-sse is not installed: npm ci in tests/browser", pytrace=False)
    return browser_session, tmp_path


def _stream(path: str = "/events", *events: dict, **options) -> dict:
    return {"path": path, "events": list(events), **options}


def _count(events: list[dict], name: str) -> int:
    return sum(1 for e in events if e["name"] == name)


# htmx 2's extension fires htmx:sseMessage once a message is swapped (or triggered), htmx 4's
# htmx:sse:after:message once a message is swapped or dispatched.
HANDLED = {"2": "htmx:sseMessage", "4": "htmx:sse:after:message"}


def test_unnamed_messages_are_swapped_into_the_element_or_its_target(env):
    """2.x: `sse-swap="message"` on the connect element or a child swaps unnamed messages
    there. 4.x: `hx-sse:connect` swaps them into itself, or into its hx-target with its
    hx-swap. A message of several data: lines arrives joined with newlines."""
    session, tmp_path = env
    bodies = {
        "2": '<div id="c" hx-ext="sse" sse-connect="/events" sse-swap="message">old</div>'
             '<div id="k" hx-ext="sse" sse-connect="/kids"><p id="kid" sse-swap="message" hx-swap="beforeend">old</p></div>',
        "4": '<div id="c" hx-sse:connect="/events">old</div>'
             '<div id="k" hx-sse:connect="/kids" hx-target="#kid" hx-swap="beforeend"><p id="kid">old</p></div>',
    }
    streams = [
        _stream("/events", {"data": "<p>hello</p>"}, {"data": "<p>a</p>\n<p>b</p>"}),
        _stream("/kids", {"data": "<b>1</b>"}, {"data": "<b>2</b>"}),
    ]

    async def check(visit):
        await visit.until_event(HANDLED[visit.side], 4)
        children = await visit.page.page.evaluate("() => [...document.getElementById('k').children].map(e => e.id)")
        return {e: await visit.html(e) for e in ("c", "kid")}, children

    seen = both(session, tmp_path, bodies, check, streams=streams)
    for side in ("2", "4"):
        swapped, children = seen[side]
        assert swapped == {"c": "<p>a</p>\n<p>b</p>", "kid": "old<b>1</b><b>2</b>"}, side
        assert children == ["kid"], side  # the 4.x connect element keeps its content


def test_an_explicit_message_event_is_swapped_by_2x_and_dispatched_by_4x(env):
    """`event: message` is what an unnamed message is called in 2.x (EventSource's default
    type): swapped by `sse-swap="message"`. 4.x swaps only messages without an event line: the
    named one becomes a DOM event `message` on the connect element, detail {data, id}."""
    session, tmp_path = env
    bodies = {
        "2": '<div id="c" hx-ext="sse" sse-connect="/events" sse-swap="message" hx-swap="beforeend">old</div>',
        "4": '<div id="c" hx-sse:connect="/events" hx-swap="beforeend">old</div>',
    }
    streams = [_stream("/events", {"name": "message", "data": "<p>named</p>", "id": "5"}, {"data": "<p>plain</p>"})]

    async def check(visit):
        await visit.until_event(HANDLED[visit.side], 2)
        return await visit.html("c"), await visit.events("message")

    seen = both(session, tmp_path, bodies, check, streams=streams)
    assert seen["2"] == ("old<p>named</p><p>plain</p>", [])
    html, dom_events = seen["4"]
    assert html == "old<p>plain</p>"
    assert [(e["target"], e["keys"], e["data"], e["id"], e["bubbles"]) for e in dom_events] == [
        ("c", ["data", "id"], "<p>named</p>", "5", True)
    ]


def test_a_named_event_is_swapped_by_2x_and_a_dom_event_in_4x(env):
    """2.x `sse-swap="news"` swaps `event: news`. 4.x swaps nothing: it dispatches a bubbling
    DOM event `news` on the connect element with detail {data, id} (the message's id), which
    `hx-on:news` on that element hears."""
    session, tmp_path = env
    bodies = {
        "2": '<div id="c" hx-ext="sse" sse-connect="/events" sse-swap="news">old</div>',
        "4": '<div id="c" hx-sse:connect="/events" hx-on:news="this.dataset.got = event.detail.data">old</div>',
    }
    streams = [_stream("/events", {"name": "news", "data": "<b>x</b>", "id": "7"})]

    async def check(visit):
        await visit.until_event(HANDLED[visit.side], 1)
        await visit.page.page.wait_for_timeout(50)
        return await visit.html("c"), await visit.events("news"), (await visit.attributes("c")).get("data-got")

    seen = both(session, tmp_path, bodies, check, streams=streams)
    assert seen["2"] == ("<b>x</b>", [], None)  # an EventSource event, never a DOM event
    html, dom_events, got = seen["4"]
    assert html == "old" and got == "<b>x</b>"
    assert [(e["target"], e["keys"], e["data"], e["id"], e["bubbles"]) for e in dom_events] == [
        ("c", ["data", "id"], "<b>x</b>", "7", True)
    ]


def test_hx_trigger_on_a_child(env):
    """2.x `hx-trigger="sse:news"` on a child of the connect element makes its request on
    `event: news`. 4.x: `news from:"closest [hx-sse\\:connect]"` does; `sse:news` and a bare
    `news` on the child never fire."""
    session, tmp_path = env
    bodies = {
        "2": '<div id="c" hx-ext="sse" sse-connect="/events">'
             '<p id="kid" hx-trigger="sse:news" hx-get="/item">-</p></div>',
        "4": '<div id="c" hx-sse:connect="/events">'
             """<p id="kid" hx-trigger='news from:"closest [hx-sse\\:connect]"' hx-get="/item">-</p>"""
             '<p id="kid2" hx-trigger="sse:news" hx-get="/item2">-</p>'
             '<p id="kid3" hx-trigger="news" hx-get="/item3">-</p></div>',
    }
    streams = [_stream("/events", {"name": "news", "data": "x"})]
    endpoints = [{"path": p, "body": f"<i>answer {p}</i>"} for p in ("/item", "/item2", "/item3")]

    async def check(visit):
        await visit.until("() => document.getElementById('kid').textContent === 'answer /item'")
        await visit.page.page.wait_for_timeout(300)
        texts = await visit.page.page.evaluate("() => [...document.querySelectorAll('p')].map(p => p.textContent)")
        return texts, await visit.requests()

    seen = both(session, tmp_path, bodies, check, streams=streams, endpoints=endpoints)
    assert seen["2"] == (["answer /item"], ["GET /item"])
    assert seen["4"] == (["answer /item", "-", "-"], ["GET /item"])


def test_sse_close_and_hx_sse_close(env):
    """2.x `sse-close="done"` and 4.x `hx-sse:close="done"` close the stream on `event: done`
    (2.x htmx:sseClose type "message", 4.x htmx:sse:close reason "message"), swap nothing of
    it, and never reconnect."""
    session, tmp_path = env
    bodies = {
        "2": '<div id="c" hx-ext="sse" sse-connect="/events" sse-close="done" sse-swap="message" '
             'hx-swap="beforeend">old</div>',
        "4": '<div id="c" hx-sse:connect="/events" hx-sse:close="done" hx-swap="beforeend">old</div>',
    }
    streams = [_stream("/events", {"data": "<p>1</p>"}, {"name": "done", "data": "bye"})]
    close = {"2": "htmx:sseClose", "4": "htmx:sse:close"}

    async def check(visit):
        closed = await visit.until_event(close[visit.side])
        await visit.page.page.wait_for_timeout(1500)  # 4.x would reconnect after 500 ms +-30%
        log = await visit.streams()
        return closed, await visit.html("c"), len(log["log"]), len(log["ends"])

    seen = both(session, tmp_path, bodies, check, streams=streams)
    closed, html, connections, ends = seen["2"]
    assert [(e["target"], e["type"]) for e in closed] == [("c", "message")]
    assert (html, connections, ends) == ("old<p>1</p>", 1, 1)
    closed, html, connections, ends = seen["4"]
    assert [(e["target"], e["reason"]) for e in closed] == [("c", "message")]
    assert (html, connections, ends) == ("old<p>1</p>", 1, 1)


@pytest.mark.parametrize(
    "retry, windows",
    [
        (None, {"2": (2500, 4500), "4": (250, 1200)}),  # Chromium's 3 s; hx-sse's 500 ms +-30%
        (1500, {"2": (1300, 2400), "4": (900, 2400)}),  # `retry: 1500`: 1.5 s, 4.x +-30%
    ],
)
def test_reconnect_after_the_server_ends_the_stream(env, retry, windows):
    """When the server ends a stream, 2.x's EventSource reconnects by itself (the extension only
    reconnects a stream that failed) after Chromium's default 3 s or the stream's `retry:`;
    4.x's hx-sse:connect after 500 ms +-30% (reconnectDelay) or `retry:`. Both send the last
    id as Last-Event-ID, and get the swap of the new connection."""
    session, tmp_path = env
    bodies = {
        "2": '<div id="c" hx-ext="sse" sse-connect="/events" sse-swap="message">old</div>',
        "4": '<div id="c" hx-sse:connect="/events">old</div>',
    }
    event = {"data": "<p>once</p>", "id": "1"} | ({"retry": retry} if retry else {})
    streams = [_stream("/events", event, end=True)]

    async def check(visit):
        log = await visit.streams(wait_for=2, timeout_ms=6000)
        await visit.until_event(HANDLED[visit.side], 2)
        first_end = log["ends"][0]["t"]
        return [e["last_event_id"] for e in log["log"][:2]], log["log"][1]["t"] - first_end, await visit.html("c")

    seen = both(session, tmp_path, bodies, check, parallel=False, streams=streams)
    for side in ("2", "4"):
        last_ids, delay, html = seen[side]
        low, high = windows[side]
        print(f"{side}.x reconnected {delay:.0f} ms after the stream ended (retry: {retry})")
        assert last_ids == [None, "1"], side
        assert low <= delay <= high, (side, delay)
        assert html == "<p>once</p>", side


def test_reconnect_backoff_after_a_failed_connection(env):
    """A stream answered with status 500 (and an empty body): 2.x's EventSource gives up
    (CLOSED) and the extension opens a new one after 500 ms, 1 s, 2 s (x2 each time, up to
    64 s); 4.x's hx-sse:connect retries after 500 ms, 1 s, 2 s, each +-30% (it reads the first
    answer whatever its status, as a stream that ended; a 500 it fetches again is an error)."""
    session, tmp_path = env
    bodies = {
        "2": '<div id="c" hx-ext="sse" sse-connect="/events" sse-swap="message">old</div>',
        "4": '<div id="c" hx-sse:connect="/events">old</div>',
    }
    streams = [_stream("/events", status=500, end=True)]

    async def check(visit):
        log = (await visit.streams(wait_for=4, timeout_ms=8000))["log"]
        recorded = await visit.events()
        names = [(e["name"], e.get("connectionStatus"), e.get("status")) for e in recorded]
        errors = [e["keys"] for e in recorded if e["name"] == "htmx:sse:error"]
        return [round(b["t"] - a["t"]) for a, b in itertools.pairwise(log[:4])], names, errors

    seen = both(session, tmp_path, bodies, check, parallel=False, streams=streams)
    # 2.x: an error per failed source, never an open; 4.x: the first answer "connected" (status
    # 500), each refetch an error with its status
    assert {name for name, _, _ in seen["2"][1]} == {"htmx:sseError"}
    assert seen["4"][1][:3] == [("htmx:sse:before:connection", None, None),
                                ("htmx:sse:after:connection", 500, None),
                                ("htmx:sse:before:connection", 500, None)]
    assert ("htmx:sse:error", 500, 500) in seen["4"][1]
    assert seen["4"][2][0] == ["connection", "error", "status"]
    for side in ("2", "4"):
        gaps = seen[side][0]
        print(f"{side}.x retried after {gaps} ms")
        assert len(gaps) == 3, (side, gaps)
        # the order of magnitude on a busy machine: about 0.5 s, then growing to about 2 s
        assert 300 <= gaps[0] <= 1500 and 1300 <= gaps[2] <= 3500 and gaps[2] > gaps[0], (side, gaps)


def test_a_first_answer_that_is_no_stream_is_retried_by_2x_only(env):
    """A first connection answered with a 404 that is no event stream (a route that is gone, a
    login page): 2.x's EventSource fails (CLOSED) and the extension opens a new one after 0.5,
    1, 2 s...; 4.x's hx-sse:connect makes one request, which is no stream it takes over, and
    never tries again (no `htmx:sse:error`, no reconnect)."""
    session, tmp_path = env
    bodies = {
        "2": '<div id="c" hx-ext="sse" sse-connect="/gone" sse-swap="message">old</div>',
        "4": '<div id="c" hx-sse:connect="/gone">old</div>',
    }

    async def check(visit):
        await visit.page.page.wait_for_timeout(4000)
        recorded = await visit.events()
        return [r for r in await visit.requests() if r.endswith(" /gone")], [e["name"] for e in recorded]

    seen = both(session, tmp_path, bodies, check)
    print("2.x:", len(seen["2"][0]), "requests;", "4.x:", len(seen["4"][0]), "request(s)")
    assert len(seen["2"][0]) >= 3 and "htmx:sseError" in seen["2"][1], seen["2"]
    assert len(seen["4"][0]) == 1, seen["4"]
    assert "htmx:sse:error" not in seen["4"][1] and "htmx:sse:after:connection" not in seen["4"][1], seen["4"]


def test_the_4x_legacy_shim_reads_sse_connect_and_sse_close_but_not_data_sse_connect(env):
    """The same 2.x markup on both sides. hx-sse.js copies `sse-connect`/`sse-close` to
    `data-hx-sse:connect`/`data-hx-sse:close` (htmx 4's default prefix is "data-hx-"), warns
    once per attribute (sse-swap: "removed"), connects and swaps unnamed messages. It does not
    read `data-sse-connect`, which 2.x reads."""
    session, tmp_path = env
    body = ('<div id="c" hx-ext="sse" sse-connect="/events" sse-close="done" sse-swap="message">old</div>'
            '<div id="d" hx-ext="sse" data-sse-connect="/data-events" data-sse-swap="message">old</div>')
    streams = [
        _stream("/events", {"data": "<p>hello</p>"}, {"name": "done", "data": "bye"}),
        _stream("/data-events", {"data": "<p>d</p>"}),
    ]

    async def check(visit):
        await visit.until("() => document.getElementById('c').textContent === 'hello'")
        await visit.page.page.wait_for_timeout(700)
        log = await visit.streams()
        attributes = await visit.attributes("c")
        warnings = [line for line in visit.console() if "hx-sse" in line]
        closes = [e.get("reason", e.get("type")) for e in await visit.events() if "lose" in e["name"]]
        return sorted(e["path"] for e in log["log"]), attributes, await visit.html("d"), warnings, closes

    seen = both(session, tmp_path, {"2": body, "4": body}, check, streams=streams)
    paths, attributes, d, warnings, closes = seen["2"]
    assert (paths, d, warnings, closes) == (["/data-events", "/events"], "<p>d</p>", [], ["message"])
    paths, attributes, d, warnings, closes = seen["4"]
    assert paths == ["/events"] and d == "old" and closes == ["message"]
    assert attributes["data-hx-sse:connect"] == "/events" and attributes["data-hx-sse:close"] == "done"
    assert "hx-sse:connect" not in attributes
    assert warnings == [
        "warning: htmx: [hx-sse] legacy attribute sse-connect is deprecated; use hx-sse:connect instead",
        "warning: htmx: [hx-sse] legacy attribute sse-close is deprecated; use hx-sse:close instead",
        (
            "warning: htmx: [hx-sse] sse-swap is removed in htmx 4. Unnamed SSE messages are swapped"
            " automatically. Named events are dispatched as DOM events."
        ),
    ]


CONNECTION_KEYS = sorted(["url", "config", "abortController", "reader", "lastEventId", "delayCanceller",
                          "visibilityHandler", "attempt", "cancelled", "status"])


def test_the_event_names_and_their_details(env):
    """What listeners on document receive, in order, for one connection with an unnamed and a
    named message, then the element removed and one more message. Also a plain `hx-get` whose
    answer is a stream: 4.x reads it as one (swaps its messages, no reconnect, closes with
    reason "ended"); 2.x swaps the raw text."""
    session, tmp_path = env
    bodies = {
        "2": '<div id="c" hx-ext="sse" sse-connect="/events" sse-swap="message,news">old</div>'
             '<button id="once" hx-get="/once" hx-trigger="load">-</button>',
        "4": '<div id="c" hx-sse:connect="/events">old</div>'
             '<button id="once" hx-get="/once" hx-trigger="load">-</button>',
    }
    streams = [
        _stream("/events", {"data": "<p>1</p>", "id": "1"}, {"name": "news", "data": "n", "id": "2"}),
        _stream("/once", {"data": "<i>once</i>"}, end=True),
    ]

    async def check(visit):
        handled = await visit.until_event(HANDLED[visit.side], 2 if visit.side == "2" else 3)
        # removed outside htmx: a listener on the element itself hears what it fires once detached
        await visit.page.page.evaluate("""() => {
            const c = document.getElementById('c');
            for (const name of ['htmx:sseClose', 'htmx:sse:close'])
                c.addEventListener(name, (e) => __sse.push(Object.fromEntries(Object.entries(
                    {name, target: 'c (detached)', reason: e.detail.reason, type: e.detail.type})
                    .filter(([, v]) => v !== undefined))));
            c.remove();
        }""")
        await visit.push("/events", {"data": "<p>late</p>"})
        await visit.page.page.wait_for_timeout(1200)
        log = await visit.streams()
        return await visit.events(), await visit.html("once"), sorted(e["path"] for e in log["log"]), handled

    seen = both(session, tmp_path, bodies, check, streams=streams)

    recorded, once, paths, _ = seen["2"]
    on_c = [e for e in recorded if e["target"].startswith("c")]
    assert [e["name"] for e in on_c] == [
        "htmx:sseOpen", "htmx:sseBeforeMessage", "htmx:sseMessage", "htmx:sseBeforeMessage", "htmx:sseMessage",
        "htmx:sseClose",
    ]
    assert on_c[0]["keys"] == ["elt", "source"]
    assert [e["messageEvent"] for e in on_c if "messageEvent" in e] == [
        {"type": "message", "data": "<p>1</p>", "lastEventId": "1"},
        {"type": "message", "data": "<p>1</p>", "lastEventId": "1"},
        {"type": "news", "data": "n", "lastEventId": "2"},
        {"type": "news", "data": "n", "lastEventId": "2"},
    ]
    assert on_c[-1] == {"name": "htmx:sseClose", "target": "c (detached)", "type": "nodeMissing"}
    assert not [e for e in recorded if e["name"].startswith("htmx:sse:")]
    assert once == "data: <i>once</i>\n\n"  # htmx 2 swaps the stream's raw text
    assert paths == ["/events", "/once"]

    recorded, once, paths, _ = seen["4"]
    on_c = [e for e in recorded if e["target"].startswith("c")]
    assert [e["name"] for e in on_c] == [
        "htmx:sse:before:connection", "htmx:sse:after:connection",
        "htmx:sse:before:message", "htmx:sse:after:message",
        "htmx:sse:before:message", "news", "htmx:sse:after:message",
    ]
    by_name = {e["name"]: e for e in on_c}
    assert by_name["htmx:sse:before:connection"]["keys"] == ["connection"]
    assert by_name["htmx:sse:after:connection"]["keys"] == ["connection"]
    assert by_name["htmx:sse:after:connection"]["connection"] == CONNECTION_KEYS
    before = [e for e in on_c if e["name"] == "htmx:sse:before:message"]
    assert before[0]["keys"] == ["cancelled", "connection", "message", "waitUntil"]
    assert [e["message"] for e in before] == [
        {"data": "<p>1</p>", "event": "", "id": "1"}, {"data": "n", "event": "news", "id": "2"},
    ]
    after = [e for e in on_c if e["name"] == "htmx:sse:after:message"]
    assert [e["keys"] for e in after] == [["connection", "message"]] * 2
    # htmx 4 dispatches an event of a detached element on document instead: the element's own
    # listener never hears its close
    closes = [(e["target"], e["reason"]) for e in recorded if e["name"] == "htmx:sse:close"]
    assert closes == [("once", "ended"), ("#document", "removed")]
    assert not [e for e in recorded if e["target"] == "c (detached)"]
    # neither the 2.x names nor the 4.0 betas' htmx:before:sse:* names
    assert not [e for e in recorded if e["name"].startswith(("htmx:sseOpen", "htmx:sseMessage", "htmx:before:sse"))]
    assert not [e for e in recorded if e["name"][5:].startswith("sse") and not e["name"].startswith("htmx:sse:")]
    # the plain hx-get: read as a stream, closed as "ended", never reconnected
    on_once = [e for e in recorded if e["target"] == "once"]
    assert once == "<i>once</i>"
    assert [e["name"] for e in on_once] == [
        "htmx:sse:before:connection", "htmx:sse:after:connection", "htmx:sse:before:message",
        "htmx:sse:after:message", "htmx:sse:close",
    ]
    assert paths == ["/events", "/once"]
