"""SE306: `htmx.createEventSource` and streams of another origin, which htmx 4 fetches with
`mode: htmx.config.mode` ("same-origin") and `credentials: "same-origin"`; HX305 leaves
`htmx.createEventSource` to it."""

from __future__ import annotations

import pytest

from hxmigrate.testing import run

JS = dict(filename="main.js")
HTML = dict(filename="page.html")


def test_a_factory_with_credentials_is_reported_once_with_the_htmx_4_way():
    source = "htmx.createEventSource = (url) => new EventSource(url, {withCredentials: true});"
    fixed, first, _ = run(source, **JS)
    assert fixed == source
    assert [d.code for d in first] == ["SE306"]  # not HX305 nor HX501 too
    message = first[0].message
    assert "a same-origin stream sends its cookies as `withCredentials` did" in message
    assert 'htmx.config.mode = "cors"' in message and "hx-config='credentials:include'" in message
    assert source[first[0].start:first[0].end] == "htmx.createEventSource"


def test_a_polyfill_is_named_with_where_its_headers_go():
    source = "htmx.createEventSource = u => new EventSourcePolyfill(u, {headers: {Authorization: t}});"
    _, first, _ = run(source, select=["SE306"], **JS)
    assert "it creates `EventSourcePolyfill`" in first[0].message
    assert "`htmx:config:request` listener (`ctx.request.headers[...]`)" in first[0].message
    assert "withCredentials" not in first[0].message


def test_a_call_or_read_is_reported():
    for source in ("const s = htmx.createEventSource('/x');", "window.htmx.createEventSource('/x');"):
        _, first, _ = run(source, select=["SE306"], **JS)
        assert [d.code for d in first] == ["SE306"] and "htmx:sse:after:connection" in first[0].message, source


def test_hx305_reports_it_without_the_sse_rules():
    source = "htmx.createEventSource = (url) => new EventSource(url);"
    _, first, _ = run(source, select=["HX305"], **JS)
    assert first == []
    _, first, _ = run(source, select=["HX305", "HX501"], **JS)
    assert [d.code for d in first] == ["HX501"]  # nothing passes silently


def test_the_extension_itself_is_not_reported_here():
    source = ("(function(){ htmx.defineExtension('sse', {init: function(){ "
              "if (htmx.createEventSource == undefined) htmx.createEventSource = createEventSource }}) })()")
    assert run(source, select=["SE306"], filename="static/sse.js")[1] == []


@pytest.mark.parametrize("attr", [
    'sse-connect="https://stream.example.com/builds"',
    'data-sse-connect="http://stream.example.com/builds"',
    'hx-sse:connect="//stream.example.com/builds"',
    'data-hx-sse:connect="HTTPS://stream.example.com"',
])
def test_an_absolute_stream_url_is_reported(attr):
    _, first, _ = run(f"<div {attr}></div>", select=["SE306"], **HTML)
    assert [d.code for d in first] == ["SE306"]
    message = first[0].message
    assert "unless the page is served from stream.example.com" in message
    assert "refuses it before sending it" in message
    assert "Access-Control-Allow-Headers: HX-Request, HX-Source, HX-Current-URL, HX-Request-Type" in message


@pytest.mark.parametrize("source", [
    '<div sse-connect="/events"></div>',
    '<div hx-sse:connect="events/{{ id }}"></div>',
    '<div hx-sse:connect="{{ stream_url }}"></div>',
    '<a href="https://example.com/x">x</a>',
    '<div hx-get="https://example.com/x"></div>',
])
def test_relative_and_templated_urls_are_not(source):
    assert run(source, select=["SE306"], filename="page.jinja")[1] == []
