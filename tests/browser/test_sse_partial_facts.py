"""`<hx-partial>` in an unnamed SSE message, htmx 4.0.1 (hx-sse.js), against htmx 2's named
`sse-swap` (htmx-ext-sse 2.2.4): what Chromium shows, fact by fact. These are the facts SE201
relies on when it turns a named event into an unnamed message wrapped in `<hx-partial>`.

| fact | htmx 2.x `sse-swap="news"` | htmx 4.x: the data unnamed, in `<hx-partial hx-target="#id" hx-swap="S">` |
|---|---|---|
| one partial, connection element with `hx-swap="none"` (SE101's) | `event: news` swapped into the element, with its `hx-swap` | swapped into `#id` with `S`: the same page for innerHTML, beforeend, afterbegin, beforebegin, afterend, message after message |
| several partials in one message | - | each swapped into its own target; the whitespace between them is not swapped |
| the connection element has its own `hx-target`/`hx-swap` | - | plain unnamed messages go there; a message of partials only leaves it alone (`swapEmpty:false`) |
| data of several `data:` lines | joined with "\\n", swapped | joined with "\\n": a partial whose tags and content are on different lines swaps the same HTML |
| the partial's target is not in the page | - | nothing swapped, no error; the message is handled, the next one swapped |
| an `hx-swap-oob` element in the data | swapped out of band, the rest into the element | not out of band: inserted into `#id` with the rest (so such data is not converted) |
"""

from __future__ import annotations

import asyncio
import re

import pytest
from test_sse_facts import HANDLED, Visit, _stream

pytestmark = pytest.mark.browser

# The swap styles that leave the element in place (a later message finds it again).
STYLES = ["innerHTML", "beforeend", "afterbegin", "beforebegin", "afterend"]


def _partial(target: str, style: str, html: str) -> str:
    return f'<hx-partial hx-target="{target}" hx-swap="{style}">{html}</hx-partial>'


@pytest.fixture
def env(browser_session, node_modules, tmp_path):
    if not (node_modules / "htmx-ext-sse" / "dist" / "sse.js").is_file():
        pytest.fail("htmx-ext-sse is not installed: npm ci in tests/browser", pytrace=False)
    return browser_session, tmp_path


def _each(env, bodies: dict, streams: dict, check) -> dict:
    """Run ``check(visit)`` on the 2.x and the 4.x page at once, each served with its own
    streams; their results by side."""
    session, tmp_path = env

    async def one(side):
        async with Visit(session, tmp_path / side, side, bodies[side], streams=streams[side]) as visit:
            return await check(visit)

    async def run():
        return dict(zip(("2", "4"), await asyncio.gather(one("2"), one("4"))))

    return session.run(run())


async def _body(visit) -> str:
    await visit.until("() => !document.querySelector('.htmx-added, .htmx-settling, .htmx-swapping')")
    html = await visit.page.page.evaluate("() => document.getElementById('c').innerHTML")
    return html.replace(' class=""', "")


def test_a_partial_swaps_as_a_named_sse_swap_did(env):
    """2.x: `sse-swap="news"` on an element with an id swaps each `event: news` into it with
    its hx-swap. 4.x: the same data sent unnamed inside `<hx-partial hx-target="#id"
    hx-swap="style">`, on a connection element with `hx-swap="none"` (as SE101 writes it),
    gives the same page, for every style that leaves the element in place, message after
    message."""
    bodies = {
        "2": '<div id="c" hx-ext="sse" sse-connect="/events">'
             + "".join(f'<section><p id="{s}" sse-swap="news" hx-swap="{s}">old</p></section>' for s in STYLES)
             + "</div>",
        "4": '<div id="c" hx-sse:connect="/events" hx-swap="none">'
             + "".join(f'<section><p id="{s}">old</p></section>' for s in STYLES)
             + "</div>",
    }
    sent = ["<b>1</b>", "<i>2</i>"]
    streams = {
        "2": [_stream("/events", *({"name": "news", "data": html} for html in sent))],
        "4": [_stream("/events", *({"data": "".join(_partial("#" + s, s, html) for s in STYLES)} for html in sent))],
    }

    async def check(visit):
        await visit.until_event(HANDLED[visit.side], 2 * len(STYLES) if visit.side == "2" else 2)
        return await _body(visit)

    seen = _each(env, bodies, streams, check)
    assert _without_swap_attributes(seen["2"]) == seen["4"]
    assert seen["4"] == (
        '<section><p id="innerHTML"><i>2</i></p></section>'
        '<section><p id="beforeend">old<b>1</b><i>2</i></p></section>'
        '<section><p id="afterbegin"><i>2</i><b>1</b>old</p></section>'
        '<section><b>1</b><i>2</i><p id="beforebegin">old</p></section>'
        '<section><p id="afterend">old</p><i>2</i><b>1</b></section>'
    )


def _without_swap_attributes(html: str) -> str:
    return re.sub(r' (?:sse-swap|hx-swap)="[^"]*"', "", html)


def test_several_partials_in_one_message_and_text_around_them(env):
    """4.x: each `<hx-partial>` of one message is swapped into its own target; whitespace
    between them is not swapped into the connection element (hx-swap="none")."""
    bodies = {"4": '<div id="c" hx-sse:connect="/events" hx-swap="none"><p id="a">a</p><p id="b">b</p></div>',
              "2": '<div id="c"></div>'}
    streams = {"4": [_stream("/events", {"data": _partial("#a", "beforeend", "<b>1</b>") + "\n"
                                          + _partial("#b", "innerHTML", "<i>2</i>")})],
               "2": []}

    async def check(visit):
        if visit.side == "2":
            return None
        await visit.until_event(HANDLED["4"], 1)
        return await _body(visit)

    seen = _each(env, bodies, streams, check)
    assert seen["4"] == '<p id="a">a<b>1</b></p><p id="b"><i>2</i></p>'


def test_the_connection_elements_own_target_is_left_alone_by_a_message_of_partials(env):
    """4.x: a connection element with an `hx-target` and `hx-swap` of its own swaps unnamed
    messages there; a message made only of partials swaps into their targets and leaves the
    connection's target as it was (hx-sse.js adds `swapEmpty:false`)."""
    bodies = {"4": '<div id="c" hx-sse:connect="/events" hx-target="#log" hx-swap="beforeend">'
                   '<ul id="log"><li>0</li></ul><p id="d">d</p></div>',
              "2": '<div id="c"></div>'}
    streams = {"4": [_stream("/events", {"data": "<li>1</li>"}, {"data": _partial("#d", "innerHTML", "<b>x</b>")},
                             {"data": "<li>2</li>"})],
               "2": []}

    async def check(visit):
        if visit.side == "2":
            return None
        await visit.until_event(HANDLED["4"], 3)
        return await _body(visit)

    seen = _each(env, bodies, streams, check)
    assert seen["4"] == '<ul id="log"><li>0</li><li>1</li><li>2</li></ul><p id="d"><b>x</b></p>'


def test_data_of_several_lines(env):
    """2.x joins a named event's `data:` lines with "\\n" and swaps them; 4.x does the same for
    an unnamed message, so a partial whose start tag, content and end tag are written on
    different `data:` lines swaps the same HTML."""
    html = "<p>a</p>\n<p>b</p>"
    bodies = {"2": '<div id="c" hx-ext="sse" sse-connect="/events"><div id="d" sse-swap="news">old</div></div>',
              "4": '<div id="c" hx-sse:connect="/events" hx-swap="none"><div id="d">old</div></div>'}
    streams = {"2": [_stream("/events", {"name": "news", "data": html})],
               "4": [_stream("/events", {"data": '<hx-partial hx-target="#d" hx-swap="innerHTML">\n' + html
                                         + "\n</hx-partial>"})]}

    async def check(visit):
        await visit.until_event(HANDLED[visit.side], 1)
        return await visit.html("d")

    seen = _each(env, bodies, streams, check)
    assert seen["2"] == html
    assert seen["4"] == "\n" + html + "\n"


def test_a_partial_whose_target_is_missing(env):
    """4.x: a partial whose `hx-target` is not in the page swaps nothing and throws nothing;
    the message is handled, and the next one is swapped."""
    bodies = {"4": '<div id="c" hx-sse:connect="/events" hx-swap="none"><p id="d">d</p></div>', "2": '<div id="c"></div>'}
    streams = {"4": [_stream("/events", {"data": _partial("#missing", "innerHTML", "<b>x</b>")},
                             {"data": _partial("#d", "innerHTML", "<b>y</b>")})], "2": []}

    async def check(visit):
        if visit.side == "2":
            return None
        await visit.until_event(HANDLED["4"], 2)
        return await _body(visit), visit.page.errors, [c for c in visit.console() if c.startswith("error")]

    seen = _each(env, bodies, streams, check)
    print(seen["4"])
    assert seen["4"] == ('<p id="d"><b>y</b></p>', [], [])


def test_an_out_of_band_element_in_the_data(env):
    """2.x swaps an `hx-swap-oob` element of a named event's data out of band, and the rest
    into the `sse-swap` element. 4.x does not look for `hx-swap-oob` inside a partial: the
    element is inserted into the partial's target as it is."""
    data = '<b>main</b><span id="o" hx-swap-oob="true">oob</span>'
    bodies = {"2": '<div id="c" hx-ext="sse" sse-connect="/events"><div id="d" sse-swap="news">old</div>'
                   '<span id="o">o</span></div>',
              "4": '<div id="c" hx-sse:connect="/events" hx-swap="none"><div id="d">old</div><span id="o">o</span></div>'}
    streams = {"2": [_stream("/events", {"name": "news", "data": data})],
               "4": [_stream("/events", {"data": _partial("#d", "innerHTML", data)})]}

    async def check(visit):
        await visit.until_event(HANDLED[visit.side], 1)
        return await _body(visit)

    seen = _each(env, bodies, streams, check)
    print(seen)
    assert _without_swap_attributes(seen["2"]) == '<div id="d"><b>main</b></div><span id="o">oob</span>'
    assert seen["4"] != _without_swap_attributes(seen["2"])
