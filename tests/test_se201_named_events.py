"""SE201 with SE103: a Python server's named SSE events that the pages swap with `sse-swap`
are sent as unnamed `<hx-partial>` messages, and the pages' `sse-swap` goes, both or neither
(the project's decision, read on both sides)."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from hxmigrate.analysis.project import Project
from hxmigrate.testing import make_settings, run

PAGE = """<div hx-ext="sse" sse-connect="{url}">
  <ul id="feed" sse-swap="news" hx-swap="afterbegin"></ul>
  <span id="count" sse-swap="count">0</span>
</div>
"""
PAGE_AFTER = """<div hx-ext="sse" sse-connect="{url}">
  <ul id="feed" hx-swap="afterbegin"></ul>
  <span id="count">0</span>
</div>
"""
FEED = "<hx-partial hx-target='#feed' hx-swap='afterbegin'>"
COUNT = "<hx-partial hx-target='#count' hx-swap='innerHTML'>"
FEED_DQ = FEED.replace("'", '"')
COUNT_DQ = COUNT.replace("'", '"')
END = "</hx-partial>"


def migrate(tmp_path: Path, files: dict[str, str], select=("SE201", "SE103"), **table) -> dict:
    """Each file as SE201 and SE103 leave it, the project read from all of them, with the
    findings of each: {name: (text, diagnostics)}."""
    paths = []
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        paths.append(path)
    settings = make_settings(tmp_path, select=list(select), **table)
    project = Project.build(settings, paths)
    out = {}
    for name, path in zip(files, paths):
        fixed, first, _ = run(path.read_text(encoding="utf-8"), name, settings, project, list(select))
        out[name] = (fixed, first)
    return out


def messages(found, code: str) -> str:
    return "\n".join(d.message for _, ds in found.values() for d in ds if d.code == code)


STARLETTE = '''\
from sse_starlette.sse import EventSourceResponse, ServerSentEvent

@app.get("/feed")
async def feed(request):
    async def gen():
        yield ServerSentEvent(data="<li>hello</li>", event="news", id="1")
        yield {"event": "count", "data": "<b>1</b>"}
        yield ServerSentEvent("<li>bye</li>", event="news")
    return EventSourceResponse(gen())
'''
STARLETTE_AFTER = f'''\
from sse_starlette.sse import EventSourceResponse, ServerSentEvent

@app.get("/feed")
async def feed(request):
    async def gen():
        yield ServerSentEvent(data="{FEED}<li>hello</li>{END}", id="1")
        yield {{"data": "{COUNT}<b>1</b>{END}"}}
        yield ServerSentEvent("{FEED}<li>bye</li>{END}")
    return EventSourceResponse(gen())
'''
FLASK = '''\
from flask import Flask, Response, stream_with_context

@app.route("/feed")
def feed():
    def gen():
        yield "event: news\\ndata: <li>hello</li>\\n\\n"
        yield "event: count\\ndata: <b>1</b>\\n\\n".encode()
    return Response(stream_with_context(gen()), mimetype="text/event-stream")
'''
FLASK_AFTER = f'''\
from flask import Flask, Response, stream_with_context

@app.route("/feed")
def feed():
    def gen():
        yield "data: {FEED}<li>hello</li>{END}\\n\\n"
        yield "data: {COUNT}<b>1</b>{END}\\n\\n".encode()
    return Response(stream_with_context(gen()), mimetype="text/event-stream")
'''
QUART = '''\
from quart import Quart, make_response

async def gen():
    yield "event: news\\n"
    yield "data: <li>a</li>\\ndata: <li>b</li>\\n\\n"
    yield 'event: count\\ndata: <b>2</b>\\n\\n'

@app.route("/feed")
async def feed():
    return await make_response(gen(), {"Content-Type": "text/event-stream", "Cache-Control": "no-cache"})
'''
QUART_AFTER = f'''\
from quart import Quart, make_response

async def gen():
    yield ""
    yield "data: {FEED}<li>a</li>\\ndata: <li>b</li>{END}\\n\\n"
    yield 'data: {COUNT_DQ}<b>2</b>{END}\\n\\n'

@app.route("/feed")
async def feed():
    return await make_response(gen(), {{"Content-Type": "text/event-stream", "Cache-Control": "no-cache"}})
'''
DJANGO_VIEWS = '''\
from django.http import StreamingHttpResponse

def feed(request):
    def stream():
        yield "event: news\\ndata: <li>hello</li>\\n\\n"
        yield "event: count\\ndata: <b>1</b>\\n\\n"
    return StreamingHttpResponse(stream(), content_type="text/event-stream")
'''
DJANGO_URLS = '''\
from django.urls import path
from . import views

urlpatterns = [path("feed/", views.feed, name="feed")]
'''


@pytest.mark.parametrize(
    "server, after, url, extra",
    [
        pytest.param(STARLETTE, STARLETTE_AFTER, "/feed", {}, id="sse-starlette"),
        pytest.param(FLASK, FLASK_AFTER, "/feed", {}, id="flask"),
        pytest.param(QUART, QUART_AFTER, "/feed?room=1", {}, id="quart"),
        pytest.param(DJANGO_VIEWS, DJANGO_VIEWS.replace("event: news\\ndata: ", "data: " + FEED)
                     .replace("event: count\\ndata: ", "data: " + COUNT)
                     .replace("</li>\\n", "</li>" + END + "\\n").replace("</b>\\n", "</b>" + END + "\\n"),
                     "/feed/", {"app/urls.py": DJANGO_URLS}, id="django"),
    ],
)
def test_the_server_and_the_page_change_together(tmp_path, server, after, url, extra):
    found = migrate(tmp_path, {"app/views.py": server, **extra, "templates/page.html": PAGE.format(url=url)})
    assert found["app/views.py"][0] == after
    assert found["templates/page.html"][0] == PAGE_AFTER.format(url=url)
    fixes = [d for _, ds in found.values() for d in ds if d.code in ("SE201", "SE103")]
    assert fixes and all(d.fix is not None and d.fix.safe for d in fixes)
    assert "sent as an unnamed message wrapped in `<hx-partial hx-target=\"#feed\" hx-swap=\"afterbegin\">`" in \
        messages(found, "SE201")
    assert "`news` into `#feed` with `afterbegin` (sent at app/views.py:" in messages(found, "SE103")


def test_a_fastapi_streaming_response_with_f_strings_is_an_unsafe_fix(tmp_path):
    server = '''\
    from fastapi.responses import StreamingResponse

    @router.get("/feed")
    async def feed():
        async def stream():
            for n in range(3):
                yield f"event: news\\ndata: <li>item {n}</li>\\n\\n"
                yield "event: count\\n"
                yield f"data: {n}\\n\\n"
        return StreamingResponse(stream(), media_type="text/event-stream")
    '''
    files = {"main.py": server, "page.html": PAGE.format(url="/feed")}
    found = migrate(tmp_path, files)
    assert found["main.py"][0] == textwrap.dedent(server)  # unsafe: not applied
    assert found["page.html"][0] == PAGE.format(url="/feed")
    assert all(not d.fix.safe for _, ds in found.values() for d in ds if d.code in ("SE201", "SE103"))
    assert "unsafe" in messages(found, "SE201")
    found = migrate(tmp_path / "unsafe", files, unsafe_fixes=True)
    assert f'yield f"data: {FEED}<li>item {{n}}</li>{END}\\n\\n"' in found["main.py"][0]
    assert f'yield f"data: {COUNT}{{n}}{END}\\n\\n"' in found["main.py"][0]
    assert 'yield ""' in found["main.py"][0]
    assert found["page.html"][0] == PAGE_AFTER.format(url="/feed")


def test_data_hxmigrate_does_not_see_is_wrapped_where_it_is_passed(tmp_path):
    server = '''\
    @app.get("/feed")
    async def feed():
        async def gen():
            yield ServerSentEvent(data=render_item(item), event="news")
            yield {"data": html, "event": "count"}
        return EventSourceResponse(gen())
    '''
    found = migrate(tmp_path, {"app.py": server, "page.html": PAGE.format(url="/feed")}, unsafe_fixes=True)
    assert f"yield ServerSentEvent(data=f'{FEED_DQ}{{render_item(item)}}{END}')" in found["app.py"][0]
    assert f"yield {{\"data\": f'{COUNT_DQ}{{html}}{END}'}}" in found["app.py"][0]


def test_an_explicit_message_event_loses_its_name(tmp_path):
    server = '''\
    @app.get("/feed")
    async def feed():
        async def gen():
            yield ServerSentEvent(data="<p>x</p>", event="message")
            yield "event: message\\ndata: <p>y</p>\\n\\n"
        return EventSourceResponse(gen())
    '''
    found = migrate(tmp_path, {"app.py": server})
    assert 'yield ServerSentEvent(data="<p>x</p>")' in found["app.py"][0]
    assert "2.x's name for an unnamed message" in messages(found, "SE201")


def test_an_explicit_message_event_a_page_listens_to_by_name_keeps_it(tmp_path):
    server = """\
    @app.get("/feed")
    async def feed():
        async def gen():
            yield ServerSentEvent(data="<p>x</p>", event="message")
        return EventSourceResponse(gen())
    """
    page = '<div hx-ext="sse" sse-connect="/feed" sse-close="message"></div>\n'
    found = migrate(tmp_path, {"app.py": server, "page.html": page})
    assert found["app.py"][0] == textwrap.dedent(server)
    said = messages(found, "SE201")
    assert "dispatches this one as a DOM event `message`" in said and "closes the stream on it" in said, said


@pytest.mark.parametrize(
    "page, server_fragment, page_fragment",
    [
        # the element has no id for hx-target to name
        ('<div sse-connect="/feed"><ul sse-swap="news"></ul></div>', "it has no id", "SE201 keeps it named: "),
        # something else listens to the event: it must stay a DOM event
        ('<div sse-connect="/feed"><ul id="feed" sse-swap="news"></ul><p hx-get="/x" hx-trigger="sse:news"></p></div>',
         "`sse:news` in page.html:1 listens to it", "the server sends `news` at app.py:5"),
        ('<div sse-connect="/feed" sse-close="news"><ul id="feed" sse-swap="news"></ul></div>',
         "closes the stream on it", "SE201 keeps it named"),
        # a swap that replaces the element, or with modifiers
        ('<div sse-connect="/feed"><ul id="feed" sse-swap="news" hx-swap="outerHTML"></ul></div>',
         "not a plain style", "SE201 keeps it named"),
        ('<div sse-connect="/feed"><ul id="feed" sse-swap="news" hx-swap="beforeend scroll:bottom"></ul></div>',
         "not a plain style", "SE201 keeps it named"),
        # a target inherited from above
        ('<main hx-target="#x"><div sse-connect="/feed"><ul id="feed" sse-swap="news"></ul></div></main>',
         "inherits the `hx-target` of `<main>`", "SE201 keeps it named"),
        # two elements swap it
        ('<div sse-connect="/feed"><ul id="a" sse-swap="news"></ul><ul id="b" sse-swap="news"></ul></div>',
         "several elements of page.html swap it", "SE201 keeps it named"),
        # a connection whose URL hxmigrate does not read
        ('<div sse-connect="{{ url }}"><ul id="feed" sse-swap="news"></ul></div>',
         "on a connection whose URL hxmigrate cannot read", "Either the server sends"),
        # no page connects to the route
        ('<div sse-connect="/other"><ul id="feed" sse-swap="news"></ul></div>', "no page of this run swaps it from `/feed`",
         "Either the server sends"),
    ],
)
def test_reported_on_both_sides(tmp_path, page, server_fragment, page_fragment):
    server = '''\
    @app.get("/feed")
    async def feed():
        async def gen():
            yield "<p>unnamed</p>"
            yield ServerSentEvent(data="<li>x</li>", event="news")
        return EventSourceResponse(gen())
    '''
    found = migrate(tmp_path, {"app.py": server, "page.html": page})
    assert found["app.py"][0] == textwrap.dedent(server)
    assert found["page.html"][0] == page
    assert server_fragment in messages(found, "SE201")
    assert "hx-on:news" in messages(found, "SE201")
    assert page_fragment in messages(found, "SE103")


@pytest.mark.parametrize(
    "server, fragment",
    [
        ('yield ServerSentEvent(data="<li>x</li>", event=kind)', "an event name that is not written as a string"),
        ('yield event_for(x)', "a `yield` of `event_for(x)`"),
        ('yield ServerSentEvent(data=\'<li id="n" hx-swap-oob="true">x</li>\', event="news")',
         "holds an out-of-band element"),
    ],
)
def test_messages_hxmigrate_cannot_rewrite_keep_both_sides(tmp_path, server, fragment):
    text = ('@app.get("/feed")\nasync def feed():\n    async def gen():\n'
            '        yield ServerSentEvent(data="<li>a</li>", event="news")\n'
            f'        {server}\n    return EventSourceResponse(gen())\n')
    page = '<div sse-connect="/feed"><ul id="feed" sse-swap="news"></ul></div>'
    found = migrate(tmp_path, {"app.py": text, "page.html": page})
    assert found["app.py"][0] == text and found["page.html"][0] == page
    assert fragment in messages(found, "SE201") + messages(found, "SE103")


@pytest.mark.parametrize("table", [dict(select=("SE103",)), dict(select=("SE201",)),
                                   dict(select=("SE201", "SE103"), per_file_ignores={"page.html": ["SE103"]})])
def test_one_rule_alone_changes_neither_side(tmp_path, table):
    """--select SE103 (or SE201) alone, or either ignored in one file: the page's sse-swap and
    the server's named event stay together."""
    server = ('@app.get("/feed")\nasync def feed():\n    async def gen():\n'
              '        yield ServerSentEvent(data="<li>a</li>", event="news")\n    return EventSourceResponse(gen())\n')
    page = '<div sse-connect="/feed"><ul id="feed" sse-swap="news"></ul></div>'
    found = migrate(tmp_path, {"app.py": server, "page.html": page}, **table)
    assert found["app.py"][0] == server and found["page.html"][0] == page


def test_a_suppression_comment_in_the_server_keeps_the_page(tmp_path):
    server = ('@app.get("/feed")\nasync def feed():\n    async def gen():\n'
              '        yield ServerSentEvent(data="<li>a</li>", event="news")  # hxmigrate: ignore[SE201]\n'
              '    return EventSourceResponse(gen())\n')
    page = '<div sse-connect="/feed"><ul id="feed" sse-swap="news"></ul></div>'
    found = migrate(tmp_path, {"app.py": server, "page.html": page})
    assert found["page.html"][0] == page
    assert "ignored or suppressed in app.py" in messages(found, "SE103")


def test_pages_that_disagree(tmp_path):
    server = ('@app.get("/feed")\nasync def feed():\n    async def gen():\n'
              '        yield ServerSentEvent(data="<li>a</li>", event="news")\n    return EventSourceResponse(gen())\n')
    found = migrate(tmp_path, {"app.py": server,
                               "a.html": '<div sse-connect="/feed"><ul id="feed" sse-swap="news"></ul></div>',
                               "b.html": '<div sse-connect="/feed"><ol id="list" sse-swap="news"></ol></div>'})
    assert found["app.py"][0] == server
    assert "the pages swap it into different elements or ways" in messages(found, "SE201")


def test_a_text_stream_whose_event_name_is_not_written_literally(tmp_path):
    server = ('@app.get("/feed")\nasync def feed():\n    async def gen():\n'
              '        yield "event: news\\ndata: <li>a</li>\\n\\n"\n'
              '        yield f"event: {kind}\\ndata: <li>x</li>\\n\\n"\n'
              '    return StreamingResponse(gen(), media_type="text/event-stream")\n')
    page = '<div sse-connect="/feed"><ul id="feed" sse-swap="news"></ul></div>'
    found = migrate(tmp_path, {"app.py": server, "page.html": page})
    assert found["app.py"][0] == server and found["page.html"][0] == page
    assert "an event name that is not written literally" in messages(found, "SE201")


def test_a_route_no_decorator_names(tmp_path):
    server = ('def feed(request):\n    def gen():\n        yield "event: news\\ndata: x\\n\\n"\n'
              '    return StreamingHttpResponse(gen(), content_type="text/event-stream")\n')
    found = migrate(tmp_path, {"views.py": server})
    assert "does not know the route it serves" in messages(found, "SE201")


QUEUED = '''\
import queue

from flask import Flask, Response

app = Flask(__name__)
subscribers = []


def as_event(data, name=None):
    text = f"data: {data}\\n\\n"
    return f"event: {name}\\n{text}" if name else text


@app.route("/publish")
def publish():
    for q in subscribers:
        q.put(as_event("<li>hello</li>", "news"))
    return {}


@app.route("/feed")
def feed():
    def gen():
        q = queue.Queue()
        subscribers.append(q)
        while True:
            yield q.get()

    return Response(gen(), mimetype="text/event-stream")
'''


def test_a_stream_it_cannot_read_is_reported_where_pages_swap_its_named_events(tmp_path):
    """Messages taken from a queue that another view fills: the named events the pages swap
    are reported at the response, with both ways out, and nothing is rewritten on either side."""
    files = {"app.py": QUEUED, "templates/page.html": PAGE.format(url="/feed")}
    found = migrate(tmp_path, files)
    assert found["app.py"][0] == QUEUED and found["templates/page.html"][0] == PAGE.format(url="/feed")
    said = messages(found, "SE201")
    assert "the stream of `/feed` (feed()): hxmigrate cannot read all the messages" in said, said
    assert "`count` (templates/page.html:3), `news` (templates/page.html:2)" in said, said
    assert "`hx-on:NAME`" in said


def test_a_stream_it_cannot_read_is_not_reported_when_no_page_swaps_a_named_event(tmp_path):
    page = '<div hx-ext="sse" sse-connect="/feed" sse-swap="message"></div>\n'
    found = migrate(tmp_path, {"app.py": QUEUED, "templates/page.html": page})
    assert "cannot read all the messages" not in messages(found, "SE201")


@pytest.mark.parametrize("config", ['{"defaultSwapStyle": "outerHTML"}', '{"defaultSwap": "outerHTML"}'])
def test_a_default_swap_style_keeps_events_named_before_and_after_its_rename(tmp_path, config):
    """htmx 2's defaultSwapStyle, and htmx 4's defaultSwap that HX304 writes for it: the decision
    is the same on a second run, so a second --write changes nothing."""
    meta = f"<meta name=\"htmx-config\" content='{config}'>\n"
    found = migrate(tmp_path, {"app.py": STARLETTE, "page.html": PAGE.format(url="/feed"), "base.html": meta})
    assert found["app.py"][0] == textwrap.dedent(STARLETTE)
    assert "sets htmx's default swap style" in messages(found, "SE201")
