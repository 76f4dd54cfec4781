"""`hx-trigger` on SSE events, htmx 2 -> 4: what Chromium shows (SE105's rewrite and reports).

htmx.org@2.0.8 with htmx-ext-sse@2.2.4 against htmx.org@4.0.1 with dist/ext/hx-sse.js, on the
pages and streams of test_sse_facts.py.

| fact | htmx 2.x | htmx 4.0.1 |
|---|---|---|
| the `from:` forms | `sse:news` on a child | `news from:X` with X `'closest [hx-sse\\:connect]'` in a double-quoted attribute, `"closest ..."` in a single-quoted one, in `data-hx-trigger`, `#id`, `closest [data-hx-sse\\:connect]` under `data-hx-sse:connect`, `closest :is([hx-sse\\:connect],[data-hx-sse\\:connect])` under either: each makes the request once per `event: news` |
| `delay:` | restarts on each `sse:news`: one request for a burst | the same on `news` |
| a filter on `detail.data` | reads the MessageEvent's `data` | reads `{data, id}`'s `data`: the same messages pass |
| `once` | one request | one request |
| `changed` on an element without a value | never fires (the value read at load, `undefined`, never changes) | fires once (nothing read at load) |
"""

from __future__ import annotations

import pytest

from test_sse_facts import _stream, both, env  # noqa: F401  (env is a fixture)

pytestmark = pytest.mark.browser

CONNECT = {"2": 'hx-ext="sse" sse-connect', "4": "hx-sse:connect"}
DATA_CONNECT = {"2": 'data-hx-ext="sse" data-sse-connect', "4": "data-hx-sse:connect"}


def _requests_after(visit_requests: list[str]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for line in visit_requests:
        counts[line] = counts.get(line, 0) + 1
    return counts


def test_every_from_form_hears_the_named_event(env):
    session, tmp_path = env
    kids4 = ("""<p hx-get="/double" hx-trigger="news from:'closest [hx-sse\\:connect]'">-</p>"""
             """<p hx-get="/single" hx-trigger='news from:"closest [hx-sse\\:connect]"'>-</p>"""
             """<p hx-get="/data" data-hx-trigger="news from:'closest [hx-sse\\:connect]'">-</p>"""
             """<p hx-get="/id" hx-trigger="news from:#c">-</p>"""
             """<p hx-get="/any" hx-trigger="news from:'closest :is([hx-sse\\:connect],[data-hx-sse\\:connect])'">-</p>""")
    kids2 = "".join(f'<p hx-get="/{p}" hx-trigger="sse:news">-</p>' for p in ("double", "single", "data", "id", "any"))
    data4 = ("""<p hx-get="/prefixed" hx-trigger="news from:'closest [data-hx-sse\\:connect]'">-</p>"""
             """<p hx-get="/prefixed-any" hx-trigger="news from:'closest :is([hx-sse\\:connect],"""
             """[data-hx-sse\\:connect])'">-</p>""")
    data2 = "".join(f'<p hx-get="/{p}" hx-trigger="sse:news">-</p>' for p in ("prefixed", "prefixed-any"))
    bodies = {
        side: f'<div id="c" {CONNECT[side]}="/events" hx-swap="none">{kids2 if side == "2" else kids4}</div>'
              f'<div id="d" {DATA_CONNECT[side]}="/data-events" data-hx-swap="none">'
              f'{data2 if side == "2" else data4}</div>'
        for side in ("2", "4")
    }
    streams = [_stream("/events", {"name": "news", "data": "1"}, {"name": "news", "data": "2", "delay_ms": 200}),
               _stream("/data-events", {"name": "news", "data": "1"}, {"name": "news", "data": "2", "delay_ms": 200})]
    paths = ("double", "single", "data", "id", "any", "prefixed", "prefixed-any")
    endpoints = [{"path": f"/{p}", "body": p} for p in paths]

    async def check(visit):
        await visit.page.page.wait_for_timeout(1200)
        return _requests_after(await visit.requests())

    seen = both(session, tmp_path, bodies, check, streams=streams, endpoints=endpoints)
    for side in ("2", "4"):
        assert seen[side] == {f"GET /{p}": 2 for p in paths}, side


def test_delay_filter_once_and_changed(env):
    session, tmp_path = env
    specs = {
        "delay": ("sse:news delay:300ms", "news from:'closest [hx-sse\\:connect]' delay:300ms"),
        "filter": ("sse:news[detail.data=='go']", "news[detail.data=='go'] from:'closest [hx-sse\\:connect]'"),
        "once": ("sse:news once", "news from:'closest [hx-sse\\:connect]' once"),
        "changed": ("sse:news changed", "news from:'closest [hx-sse\\:connect]' changed"),
    }
    bodies = {
        side: f'<div id="c" {CONNECT[side]}="/events" hx-swap="none">'
              + "".join(f'<p hx-get="/{k}" hx-trigger="{v[0] if side == "2" else v[1]}">-</p>' for k, v in specs.items())
              + "</div>"
        for side in ("2", "4")
    }
    # a burst of three, then one more after the delay has run out
    streams = [_stream("/events", {"name": "news", "data": "go"}, {"name": "news", "data": "stop", "delay_ms": 50},
                       {"name": "news", "data": "go", "delay_ms": 50}, {"name": "news", "data": "x", "delay_ms": 700})]
    endpoints = [{"path": f"/{k}", "body": k} for k in specs]

    async def check(visit):
        await visit.page.page.wait_for_timeout(1600)
        return _requests_after(await visit.requests())

    seen = both(session, tmp_path, bodies, check, streams=streams, endpoints=endpoints)
    assert seen["2"] == {"GET /delay": 2, "GET /filter": 2, "GET /once": 1}
    assert seen["4"] == {"GET /delay": 2, "GET /filter": 2, "GET /once": 1, "GET /changed": 1}
