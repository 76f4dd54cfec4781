"""htmx 4's `htmx-2-compat.js` and the connection attributes: what Chromium shows.

htmx.org@4.0.1 with `dist/ext/hx-sse.js` / `dist/ext/hx-ws.js`, with and without
`dist/ext/htmx-2-compat.js`, each page served by hxbrowser's own server (real streams and
sockets on loopback). htmx 2.0.8 with htmx-ext-sse 2.2.4 is the baseline. No migration, no
comparison: what the libraries do. HX114 reports what these tests show.

| fact | htmx 2.x | htmx 4.0.1 | 4.0.1 + htmx-2-compat.js |
|---|---|---|---|
| an element swapped into a connection element | never connects | never connects | inherits `hx-sse:connect` / `hx-ws:connect` (compat turns `implicitInheritance` on) and opens a stream or socket of its own; its messages swap into it, the new elements connect in turn: one more connection per message |
| `hx-disinherit="hx-sse:connect"` on the connection element | - | - | changes nothing: htmx 4 has no `hx-disinherit` |
| `htmx.config.compat = {useExplicitInheritace: true}` before the compat script (the option's spelling in 4.0.1) | - | - | one connection: implicit inheritance stays off (the compat's other parts stay) |
| a listener that cancels `htmx:sse:before:connection` / `htmx:ws:before:connection` on an element without the attribute of its own | - | - | sockets: none opened; streams: the element's GET still reaches the server (hx-sse fires the event once the answer's headers arrived), then it is aborted and nothing is swapped or reconnected |
"""

from __future__ import annotations

import json

import pytest

from hxbrowser.runner import SidePage, SideServer

pytestmark = pytest.mark.browser

CORE = {
    "2": '<script src="https://unpkg.com/htmx.org@2.0.8/dist/htmx.js"></script>'
         '<script src="https://unpkg.com/htmx-ext-sse@2.2.4/dist/sse.js"></script>',
    "4": '<script src="https://unpkg.com/htmx.org@4.0.1/dist/htmx.js"></script>'
         '<script src="https://unpkg.com/htmx.org@4.0.1/dist/ext/hx-sse.js"></script>'
         '<script src="https://unpkg.com/htmx.org@4.0.1/dist/ext/hx-ws.js"></script>',
}
COMPAT = '<script src="https://unpkg.com/htmx.org@4.0.1/dist/ext/htmx-2-compat.js"></script>'
EXPLICIT = "<script>htmx.config.compat = {useExplicitInheritace: true}</script>"
# Cancel a connection an element opens without the attribute of its own (one it inherited).
CANCEL = """<script>
for (const name of ['htmx:sse:before:connection', 'htmx:ws:before:connection']) {
  document.addEventListener(name, (e) => {
    const kind = name.split(':')[1];
    const own = `[hx-${kind}\\\\:connect],[data-hx-${kind}\\\\:connect]`;
    if (!e.target.matches(own)) e.preventDefault();
  });
}
</script>"""

SSE_BODY = '<div id="c" hx-sse:connect="/events" ATTRS>old</div>'
WS_BODY = '<div id="c" hx-ws:connect="/ws" ATTRS>old</div>'
# one unnamed message per stream connection: htmx 4 swaps it into the connecting element
STREAMS = [{"path": "/events", "events": [{"data": '<p class="m">message</p>'}]}]


class Page:
    """One page (``head`` after the htmx scripts, ``body``), served with ``STREAMS`` and a
    WebSocket endpoint by hxbrowser.serve, open in its own browser context."""

    def __init__(self, session, root, side: str, head: str, body: str):
        self.session, self.side = session, side
        (root / "templates" / "messages").mkdir(parents=True)
        (root / "templates" / "page.html").write_text(
            f"<!doctype html><html><head>{CORE[side]}{head}</head><body>{body}</body></html>", encoding="utf-8")
        (root / "templates" / "messages" / "m.html").write_text('<p class="m">message</p>', encoding="utf-8")
        spec = {"engine": "html", "page": "page.html", "streams": STREAMS}
        self.server = SideServer(side, root, spec, root / "server.log")
        self.page = None

    async def __aenter__(self):
        await self.server.start()
        self.page = SidePage(self.side, self.server, [])
        await self.page.open(self.session.browser)
        await self.page.page.goto(self.page.origin + "/", wait_until="load")
        return self

    async def __aexit__(self, *exc):
        if self.page is not None:
            await self.page.close()
        await self.server.stop()

    async def streams(self) -> int:
        return (await self.server.command(op="requests", log="streams", since=0))["count"]

    async def sockets(self) -> int:
        return await self.page.page.evaluate("() => __hxm.opened.length")

    async def messages(self) -> int:
        return await self.page.page.evaluate("() => document.querySelectorAll('.m').length")

    async def push(self, times: int) -> None:
        for _ in range(times):
            await self.server.command(op="push", template="messages/m.html", path="/ws")
            await self.page.page.wait_for_timeout(250)


def _run(session, tmp_path, side: str, head: str, body: str, check):
    async def run():
        async with Page(session, tmp_path, side, head, body) as page:
            return await check(page)

    return session.run(run())


@pytest.fixture
def env(browser_session, node_modules, tmp_path):
    if not (node_modules / "htmx4" / "dist" / "ext" / "htmx-2-compat.js").is_file():
        pytest.fail("htmx.org@4.0.1 is not installed: npm ci in tests/browser", pytrace=False)
    return browser_session, tmp_path


async def _stream_count(page) -> tuple[int, int]:
    await page.page.page.wait_for_timeout(1500)
    return await page.streams(), await page.messages()


SSE_CASES = {
    # (head, attributes of the connection element) -> (streams, whether more than one)
    "4.x": ("", ""),
    "4.x + compat": (COMPAT, ""),
    "4.x + compat, hx-disinherit": (COMPAT, 'hx-disinherit="hx-sse:connect"'),
    "4.x + compat, useExplicitInheritace": (EXPLICIT + COMPAT, ""),
    "4.x + compat, cancelling listener": (COMPAT + CANCEL, ""),
}


def test_compat_makes_what_is_swapped_into_a_stream_connection_connect_too(env):
    """With htmx-2-compat.js, the message htmx 4 swaps into an `hx-sse:connect` element is
    processed, inherits `hx-sse:connect` and opens a stream of its own, whose message does the
    same: in 1.5 s the server sees many streams (measured: 6, each swapping one more message)
    where htmx 2 and plain htmx 4 open one."""
    session, tmp_path = env
    seen = {}
    for i, (name, (head, attrs)) in enumerate(SSE_CASES.items()):
        seen[name] = _run(session, tmp_path / f"sse{i}", "4", head, SSE_BODY.replace("ATTRS", attrs), _stream_count)
    seen["2.x"] = _run(session, tmp_path / "htmx2", "2", "",
                       '<div id="c" hx-ext="sse" sse-connect="/events" sse-swap="message">old</div>', _stream_count)
    print(json.dumps(seen, indent=1))
    assert seen["2.x"] == (1, 1)
    assert seen["4.x"] == (1, 1)
    assert seen["4.x + compat, useExplicitInheritace"] == (1, 1)
    for name in ("4.x + compat", "4.x + compat, hx-disinherit"):
        streams, messages = seen[name]
        assert streams >= 3 and messages >= 3, (name, seen[name])
    # the inheriting element's GET reaches the server, then hx-sse cancels it: no swap
    assert seen["4.x + compat, cancelling listener"] == (2, 1)


async def _socket_count(page) -> tuple[int, int]:
    await page.page.page.wait_for_function("() => __hxm.opened.length >= 1", polling=20, timeout=5000)
    await page.page.page.wait_for_timeout(300)
    await page.push(3)
    await page.page.page.wait_for_timeout(300)
    return await page.sockets(), await page.messages()


WS_CASES = {
    "4.x": ("", ""),
    "4.x + compat": (COMPAT, ""),
    "4.x + compat, hx-disinherit": (COMPAT, 'hx-disinherit="hx-ws:connect"'),
    "4.x + compat, useExplicitInheritace": (EXPLICIT + COMPAT, ""),
    "4.x + compat, cancelling listener": (COMPAT + CANCEL, ""),
}


def test_compat_makes_what_is_swapped_into_a_socket_connection_connect_too(env):
    """With htmx-2-compat.js, a WebSocket message htmx 4 swaps into an `hx-ws:connect` element
    inherits `hx-ws:connect` and opens a socket of its own: after three messages pushed to
    every open socket, the page has opened three sockets more (measured: 4 where one is right)."""
    session, tmp_path = env
    seen = {}
    for i, (name, (head, attrs)) in enumerate(WS_CASES.items()):
        seen[name] = _run(session, tmp_path / f"ws{i}", "4", head, WS_BODY.replace("ATTRS", attrs), _socket_count)
    print(json.dumps(seen, indent=1))
    assert seen["4.x"] == (1, 1)
    assert seen["4.x + compat, useExplicitInheritace"] == (1, 1)
    assert seen["4.x + compat, cancelling listener"] == (1, 1)
    for name in ("4.x + compat", "4.x + compat, hx-disinherit"):
        sockets, messages = seen[name]
        # each message replaces the last one (innerHTML), whose socket closes with it
        assert sockets >= 3 and messages == 1, (name, seen[name])

