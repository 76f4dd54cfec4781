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
