"""HX211: htmx 4's throttle sends the last event it held back, htmx 2's dropped it."""

from __future__ import annotations

import pytest

from hxmigrate.testing import check_noop, run

HTML = dict(filename="page.html", select=["HX211"])
CDN4 = '<script src="https://cdn.jsdelivr.net/npm/htmx.org@4.0.1/dist/htmx.min.js"></script>\n'


@pytest.mark.parametrize(
    "source, reported",
    [
        ('<div hx-get="/more" hx-trigger="scroll throttle:500ms" hx-swap="beforeend">', "throttle:500ms"),
        ('<input hx-get="/s" hx-trigger="keyup changed throttle:1s, search">', "throttle:1s"),
        ('<input data-hx-get="/s" data-hx-trigger="keyup[key==\'Enter\'] throttle:2s">', "throttle:2s"),
    ],
)
def test_reported(source, reported):
    fixed, found, _ = run(source, **HTML)
    assert fixed == source
    assert [source[d.start:d.end] for d in found] == [reported]
    assert "trailing request" in found[0].message and found[0].fix is None


@pytest.mark.parametrize(
    "source",
    [
        '<input hx-get="/s" hx-trigger="keyup delay:300ms">',
        '<input hx-get="/s" hx-trigger="throttle">',  # an event named so, no modifier
        CDN4 + '<div hx-get="/more" hx-trigger="scroll throttle:500ms">',
    ],
)
def test_noop(source):
    check_noop(source, **HTML)
    assert run(source, **HTML)[1] == []
