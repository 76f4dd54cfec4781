"""WS304: hx-trigger values naming 2.x WebSocket events."""

from __future__ import annotations

import pytest

from hxmigrate.rules.websockets.ws304_trigger_events import specs
from hxmigrate.testing import check_noop, check_transformed, make_settings, run

HTML = dict(filename="page.html", select=["WS304"])


def test_specs_split_at_top_level_commas():
    assert specs("htmx:wsOpen from:body, click[a, b], keyup") == [(0, "htmx:wsOpen"), (23, "click"), (36, "keyup")]


@pytest.mark.parametrize(
    "before, after",
    [
        ('<span ws-send hx-trigger="htmx:wsOpen from:#c">', '<span ws-send hx-trigger="htmx:ws:after:connection from:#c">'),
        ('<b hx-get="/n" hx-trigger="htmx:ws-after-message from:body, every 5s">',
         '<b hx-get="/n" hx-trigger="htmx:ws:after:message:incoming from:body, every 5s">'),
        ("<b hx-get=/n data-hx-trigger='htmx:wsClose[detail.code>1000] from:#c'>",
         "<b hx-get=/n data-hx-trigger='htmx:ws:close[detail.code>1000] from:#c'>"),
    ],
)
def test_transformed(before, after):
    check_transformed(before, after, **HTML)


@pytest.mark.parametrize("source", ['<b hx-trigger="htmx:ws:close from:#c">', '<b hx-trigger="click">',
                                    '<b hx-trigger="load, htmx:wsOpenNow">'])
def test_noop(source):
    check_noop(source, **HTML)


@pytest.mark.parametrize("tag", ['<div id="chat" ws-connect="/c" ws-send hx-trigger="htmx:wsOpen">',
                                 '<div hx-ws:connect="/c" hx-trigger="htmx:wsOpen">',
                                 '<div hx-ws="connect:/c" hx-trigger="htmx:ws-open">'])
def test_connection_element_is_reported_with_the_alternative(tag):
    fixed, first, _ = run(tag, **HTML)
    assert fixed == tag and first[0].fix is None
    assert "never connect" in first[0].message and "hx-ws:send" in first[0].message and "from:#" in first[0].message


def test_alpha_target():
    check_transformed('<span hx-trigger="htmx:wsOpen from:#c">', '<span hx-trigger="htmx:after:ws:connect from:#c">',
                      filename="page.html", select=["WS304"], settings=make_settings(target="4.0-alpha"))
