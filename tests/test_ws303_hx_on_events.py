"""WS303: hx-on attributes for 2.x WebSocket events."""

from __future__ import annotations

import pytest

from hxmigrate.testing import check_noop, check_transformed, make_settings, run

HTML = dict(filename="page.html", select=["WS303"])
ALPHA = dict(HTML, settings=make_settings(target="4.0-alpha"))


@pytest.mark.parametrize(
    "before, after",
    [
        ('<div hx-on::ws-after-message="f()">', '<div hx-on::ws:after:message:incoming="f()">'),
        ('<div hx-on:htmx:ws-open="f()">', '<div hx-on:htmx:ws:after:connection="f()">'),
        ('<div hx-on--ws-close="f()">', '<div hx-on::ws:close="f()">'),
        ('<div hx-on-htmx-ws-error="f()">', '<div hx-on::ws:error="f()">'),
        ('<div data-hx-on::ws-connecting="f()">', '<div data-hx-on::ws:before:connection="f()">'),
        ('<div data-hx-on--ws-config-send="f()">', '<div data-hx-on::ws:before:message:outgoing="f()">'),
        ('<div HX-ON::ws-open="f()">', '<div HX-ON::ws:after:connection="f()">'),
        ('<div hx-on="htmx:wsAfterMessage: f()">', '<div hx-on::ws:after:message:incoming="f()">'),
        ("<div hx-on='htmx:ws-open:f()'>", "<div hx-on::ws:after:connection='f()'>"),
        ('<div hx-on::ws-after-message="log(event.detail.message)">',
         '<div hx-on::ws:after:message:incoming="log(event.detail.message.data)">'),
        ('<form hx-on::ws-config-send="event.detail.parameters.x = 1">',
         '<form hx-on::ws:before:message:outgoing="event.detail.message.values.x = 1">'),
    ],
)
def test_transformed(before, after):
    check_transformed(before, after, **HTML)


@pytest.mark.parametrize(
    "source",
    [
        '<div hx-on::ws:after:message:incoming="f()">',
        '<div hx-on:click="f()">',
        '<div hx-on::after-request="f()">',
        '<div hx-on::{{ name }}="f()">',
    ],
)
def test_noop(source):
    check_noop(source, **HTML)


@pytest.mark.parametrize(
    "source, fragment",
    [
        ('<div hx-on::wsAfterMessage="f()">', "never ran in htmx 2"),
        ('<div hx-on:htmx:wsOpen="f()">', "never ran in htmx 2"),
        ('<div hx-on="htmx:wsOpen: f()\nclick: g()">', "one `hx-on::event` attribute per handler"),
        ('<div hx-on::ws-open="f()" hx-on::ws:after:connection="g()">', "merge the two handlers"),
        ('<div hx-on::ws-open="event.detail.socketWrapper.send(1)">', "detail.connection.socket"),
        ('<div hx-on::ws-after-message="event.detail.message = 1">', "had no effect in 2.x"),
    ],
)
def test_reported(source, fragment):
    _, first, _ = run(source, **HTML)
    assert any(d.fix is None and fragment in d.message for d in first), [d.message for d in first]


def test_alpha_target():
    check_transformed('<div hx-on::ws-after-message="f(event.detail.message)">',
                      '<div hx-on::after:ws:message="f(event.detail.message)">', **ALPHA)


def test_handler_function_of_the_page_is_followed():
    before = ('<div hx-on::ws-after-message="handleMessage(event)"></div>\n'
              '<script>function handleMessage(e) { show(e.detail.message); }</script>\n')
    after = ('<div hx-on::ws:after:message:incoming="handleMessage(event)"></div>\n'
             '<script>function handleMessage(e) { show(e.detail.message.data); }</script>\n')
    check_transformed(before, after, **HTML)


@pytest.mark.parametrize(
    "source, fragment",
    [
        ('<div hx-on::ws-open="app.onOpen(event)">', "hands the event to `app.onOpen()`"),
        ('<div hx-on::ws-after-message="show(event)"></div><button onclick="show(x)"></button>\n'
         "<script>function show(e) { log(e.detail.message); }</script>", "hands the event to `show()`"),
        ('<div hx-on::ws-close="log(code)">', "`code` here would mean `event.detail.code`"),
        ('<div hx-on::ws-after-message="message.textContent = 1">', "`message` here would mean"),
        ('<div hx-on::ws-error="if (event.detail.error &amp;&amp; ok) f()">', "character references"),
        ('<div hx-on::ws-after-message="log(event.detail.message">', "cannot parse"),
    ],
)
def test_handlers_that_need_a_look_keep_their_name(source, fragment):
    fixed, first, _ = run(source, **HTML)
    assert fixed == source
    assert [d.fix.safe for d in first if d.fix] == [False]
    assert any(fragment in d.message for d in first if d.fix is None), [d.message for d in first]


def test_names_the_code_declares_itself_are_its_own():
    check_transformed('<div hx-on::ws-close="const code = 1; log(code)">',
                      '<div hx-on::ws:close="const code = 1; log(code)">', **HTML)


def test_gone_reads_are_reported_again_after_the_rename():
    source = '<div hx-on::ws-open="event.detail.socketWrapper.send(1)">'
    fixed, _, remaining = run(source, **HTML)
    assert fixed == '<div hx-on::ws:after:connection="event.detail.socketWrapper.send(1)">'
    assert [d.code for d in remaining] == ["WS303"] and "socketWrapper" in remaining[0].message
