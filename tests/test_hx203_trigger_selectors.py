"""HX203: selectors with spaces in hx-trigger modifiers are quoted for htmx 4."""

from __future__ import annotations

import pytest

from hxmigrate.testing import check_noop, check_transformed, run

HTML = dict(filename="page.html", select=["HX203"])


@pytest.mark.parametrize(
    "before, after",
    [
        ('<input hx-trigger="keyup from:closest form">', '<input hx-trigger="keyup from:\'closest form\'">'),
        ('<input hx-trigger="keyup from:closest form delay:300ms">',
         '<input hx-trigger="keyup from:\'closest form\' delay:300ms">'),
        ("<input hx-trigger='keyup from:closest form'>", '<input hx-trigger=\'keyup from:"closest form"\'>'),
        ('<div hx-trigger="click from:find .x, load">', '<div hx-trigger="click from:\'find .x\', load">'),
        ('<div hx-trigger="click from:next li">', '<div hx-trigger="click from:\'next li\'">'),
        ('<div hx-trigger="click from:previous p once">', '<div hx-trigger="click from:\'previous p\' once">'),
        ('<div hx-trigger="click from:(div span)">', '<div hx-trigger="click from:\'div span\'">'),
        ('<div hx-trigger="click target:{#list li}">', '<div hx-trigger="click target:\'#list li\'">'),
        ('<div hx-trigger="intersect root:(.scroller)">', '<div hx-trigger="intersect root:.scroller">'),
        ('<div hx-trigger="click from:closest (div .y) once">',
         '<div hx-trigger="click from:\'closest div .y\' once">'),
        ('<div data-hx-trigger="change from:closest form">',
         '<div data-hx-trigger="change from:\'closest form\'">'),
    ],
)
def test_transformed(before, after):
    check_transformed(before, after, **HTML)


@pytest.mark.parametrize(
    "source",
    [
        '<div hx-trigger="click from:#btn">',
        '<div hx-trigger="click from:document">',
        '<div hx-trigger="click from:next">',
        '<div hx-trigger="keyup from:\'closest form\'">',
        "<div hx-trigger='keyup from:\"closest form\" delay:1s'>",
        '<div hx-trigger="every 1s">',
        '<div hx-trigger="keyup[ctrlKey && key == \'Enter\'] from:body">',
        '<div hx-trigger="load, click target:.x">',
    ],
)
def test_noop(source):
    check_noop(source, **HTML)


@pytest.mark.parametrize(
    "source, fragment",
    [
        ('<div hx-trigger="click from:next delay:1s">', "as the selector of `from:next`"),
        ('<div hx-trigger="click from:closest {{ sel }}">', "template syntax"),
        ('<div hx-trigger="click from:closest [data-x=\'1\']">', "both kinds of quote"),
    ],
)
def test_reported(source, fragment):
    _, first, _ = run(source, **HTML)
    assert any(d.fix is None and fragment in d.message for d in first), [d.message for d in first]
