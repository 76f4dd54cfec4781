"""SE104: `sse` leaves `hx-ext` (htmx 4 has none; loading hx-sse.js is enough)."""

from __future__ import annotations

import pytest

from hxmigrate.testing import check_noop, check_transformed, run

HTML = dict(filename="page.html", select=["SE104"])


@pytest.mark.parametrize(
    "before, after",
    [
        ('<div hx-ext="sse" sse-connect="/n">', '<div sse-connect="/n">'),
        ('<body data-hx-ext="sse">', "<body>"),
        ('<body class="x" hx-ext=sse>', '<body class="x">'),
        ('<div\n  hx-ext="sse"\n  id="feed">', '<div\n  id="feed">'),
        # a list keeps its separator and the items left to migrate (HX106's)
        ('<body hx-ext="sse,preload">', '<body hx-ext="preload">'),
        ('<body hx-ext="morph , sse , debug">', '<body hx-ext="morph , debug">'),
        ('<body hx-ext="ws, sse">', '<body hx-ext="ws">'),
        # a template tag before it: the whitespace after it goes instead
        ('<div {% if x %}class="a"{% endif %} hx-ext="sse" id="b">', '<div {% if x %}class="a"{% endif %} id="b">'),
    ],
)
def test_transformed(before, after):
    check_transformed(before, after, **HTML)


@pytest.mark.parametrize(
    "source",
    [
        '<body hx-ext="preload">',
        '<body hx-ext="ssex, my-sse">',
        '<div sse-connect="/n">',
        '<body ext="sse">',
    ],
)
def test_noop(source):
    check_noop(source, **HTML)


@pytest.mark.parametrize(
    "source, fragment",
    [
        ('<div hx-ext="ignore:sse">', "`ignore:sse`"),
        ('<body hx-ext="{{ exts }},sse">', "built by template syntax"),
    ],
)
def test_reported(source, fragment):
    fixed, first, _ = run(source, filename="page.jinja", select=["SE104"])
    assert fixed == source
    assert len(first) == 1 and first[0].fix is None and fragment in first[0].message, [d.message for d in first]


def test_with_hx106_the_list_empties():
    source = '<body hx-ext="sse, preload">'
    fixed, first, _ = run(source, filename="page.html", select=["HX106"])
    assert fixed == source  # HX106 waits for the SSE rules
    fixed, _, _ = run(source, filename="page.html", select=["HX106", "SE104"])
    assert fixed == "<body>"
