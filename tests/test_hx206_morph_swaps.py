"""HX206: the idiomorph extension's morph swaps, htmx 4's built-in outerMorph/innerMorph."""

from __future__ import annotations

import pytest

from hxmigrate.testing import check_noop, check_transformed, make_settings, run

HTML = dict(filename="page.html", select=["HX206"])
UNSAFE = dict(HTML, settings=make_settings(unsafe_fixes=True))


@pytest.mark.parametrize(
    "before, after",
    [
        ('<div hx-get="/c" hx-swap="morph">', '<div hx-get="/c" hx-swap="outerMorph">'),
        ('<div hx-get="/c" hx-swap="morph:outerHTML">', '<div hx-get="/c" hx-swap="outerMorph">'),
        ('<div hx-get="/c" hx-swap="morph:innerHTML settle:100ms">',
         '<div hx-get="/c" hx-swap="innerMorph settle:100ms">'),
        ("<div hx-get='/c' data-hx-swap=' morph:innerHTML'>", "<div hx-get='/c' data-hx-swap=' innerMorph'>"),
        ('<div hx-get="/c" hx-swap="morph" hx-target="#{{ id }}">',
         '<div hx-get="/c" hx-swap="outerMorph" hx-target="#{{ id }}">'),
    ],
)
def test_transformed_with_unsafe_fixes(before, after):
    check_transformed(before, after, **UNSAFE)
    fixed, first, _ = run(before, **HTML)
    assert fixed == before
    assert any(d.fix is not None and not d.fix.safe and "idiomorph reset them" in d.message for d in first)


@pytest.mark.parametrize(
    "source",
    [
        '<div hx-get="/c" hx-swap="outerMorph">',
        '<div hx-get="/c" hx-swap="innerMorph">',
        '<div hx-get="/c" hx-swap="innerHTML">',
        '<div hx-get="/c" hx-ext="morph">',  # the extension rules'
        '<div hx-get="/c" hx-swap="outerHTML morphing:no">',
    ],
)
def test_noop(source):
    check_noop(source, **UNSAFE)


@pytest.mark.parametrize(
    "source, fragment",
    [
        ('<div hx-get="/c" hx-swap="morph:{ignoreActiveValue:true}">', "passes a configuration to idiomorph"),
        ('<div hx-get="/c" hx-swap="morph:{{ style }}">', "template syntax"),
    ],
)
def test_reported(source, fragment):
    fixed, first, _ = run(source, **UNSAFE)
    assert fixed == source
    assert any(d.fix is None and fragment in d.message for d in first), [d.message for d in first]
