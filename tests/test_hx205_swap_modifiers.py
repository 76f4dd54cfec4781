"""HX205: hx-swap show:/scroll: selectors and focus-scroll for htmx 4."""

from __future__ import annotations

import pytest

from hxmigrate.testing import check_noop, check_transformed, run

HTML = dict(filename="page.html", select=["HX205"])


@pytest.mark.parametrize(
    "before, after",
    [
        ('<b hx-swap="beforeend show:#list:bottom">', '<b hx-swap="beforeend show:bottom showTarget:#list">'),
        ('<b hx-swap="innerHTML scroll:#log:bottom">', '<b hx-swap="innerHTML scroll:bottom scrollTarget:#log">'),
        ('<b hx-swap="show:window:top">', '<b hx-swap="show:top showTarget:window">'),
        ('<b hx-swap="outerHTML focus-scroll:true">', '<b hx-swap="outerHTML focusScroll:true">'),
        ('<b data-hx-swap="show:.a:top focus-scroll:false">',
         '<b data-hx-swap="show:top showTarget:.a focusScroll:false">'),
        ('<b hx-swap="show:input:focus:top">', '<b hx-swap="show:top showTarget:input:focus">'),
    ],
)
def test_transformed(before, after):
    check_transformed(before, after, **HTML)


@pytest.mark.parametrize(
    "source",
    [
        '<b hx-swap="innerHTML show:top">',
        '<b hx-swap="show:top showTarget:#list">',
        '<b hx-swap="outerHTML swap:1s settle:200ms transition:true">',
        '<b hx-swap="focusScroll:true">',
        '<b hx-swap="none">',
    ],
)
def test_noop(source):
    check_noop(source, **HTML)


@pytest.mark.parametrize(
    "source, fragment",
    [
        ('<b hx-swap="show:{{ sel }}:top">', "template syntax"),
    ],
)
def test_reported(source, fragment):
    _, first, _ = run(source, **HTML)
    assert any(d.fix is None and fragment in d.message for d in first), [d.message for d in first]
