"""HX204: hx-trigger's queue: modifier, which htmx 4 ignores, becomes hx-sync."""

from __future__ import annotations

import pytest

from hxmigrate.testing import check_noop, check_transformed, make_settings, run

HTML = dict(filename="page.html", select=["HX204"])
UNSAFE = dict(HTML, settings=make_settings(unsafe_fixes=True))
CDN4 = '<script src="https://cdn.jsdelivr.net/npm/htmx.org@4.0.1/dist/htmx.min.js"></script>\n'


@pytest.mark.parametrize(
    "before, after",
    [
        # none: htmx 4 drops the request as htmx 2 did (safe)
        ('<button hx-post="/x" hx-trigger="click queue:none">',
         '<button hx-post="/x" hx-trigger="click" hx-sync="this:drop">'),
        ("<button hx-post='/x' data-hx-trigger='click queue:none' hx-target='#o'>",
         "<button hx-post='/x' data-hx-trigger='click' data-hx-sync='this:drop' hx-target='#o'>"),
        # every specification queues the same way (a specification without queue: was "last")
        ('<input hx-get="/q" hx-trigger="keyup queue:none, change queue:none">',
         '<input hx-get="/q" hx-trigger="keyup, change" hx-sync="this:drop">'),
    ],
)
def test_transformed(before, after):
    check_transformed(before, after, **HTML)


@pytest.mark.parametrize(
    "before, after",
    [
        ('<input hx-get="/q" hx-trigger="keyup changed queue:all">',
         '<input hx-get="/q" hx-trigger="keyup changed" hx-sync="this:queue all">'),
        ('<input hx-get="/q" hx-trigger="keyup queue:first delay:200ms">',
         '<input hx-get="/q" hx-trigger="keyup delay:200ms" hx-sync="this:queue first">'),
        ('<input hx-get="/q" hx-trigger="keyup queue:last, click">',
         '<input hx-get="/q" hx-trigger="keyup, click" hx-sync="this:queue last">'),
        # load and every never read their queue modifier: they queued as "last"
        ('<div hx-get="/q" hx-trigger="load queue:first, click queue:last">',
         '<div hx-get="/q" hx-trigger="load, click" hx-sync="this:queue last">'),
    ],
)
def test_transformed_with_unsafe_fixes(before, after):
    check_transformed(before, after, **UNSAFE)
    fixed, first, _ = run(before, **HTML)
    assert fixed == before
    assert any(d.fix is not None and not d.fix.safe and "when its event fires" in d.message for d in first)


@pytest.mark.parametrize(
    "source",
    [
        '<input hx-get="/q" hx-trigger="keyup changed delay:300ms">',
        '<input hx-get="/q" hx-trigger="keyup" hx-sync="this:queue all">',
        '<input hx-get="/q" hx-trigger="keyup from:\'#queue:x\'">',
    ],
)
def test_noop(source):
    check_noop(source, **UNSAFE)


@pytest.mark.parametrize(
    "source, fragment",
    [
        ('<input hx-get="/q" hx-trigger="keyup queue:first, click">', "one queue per element"),
        ('<input hx-get="/q" hx-trigger="keyup queue:all, click queue:none">', "one queue per element"),
        ('<input hx-get="/q" hx-trigger="keyup queue:all" hx-sync="closest form:abort">', "has an `hx-sync`"),
        ('<form hx-sync="this:replace"><input hx-get="/q" hx-trigger="keyup queue:all"></form>', "is below an"),
        ('<input hx-get="/q" hx-trigger="keyup queue:sometimes">', "no queue strategy"),
        ('<input hx-get="/q" hx-trigger="keyup queue:{{ how }}">', "no queue strategy"),
        (CDN4 + '<input hx-get="/q" hx-trigger="keyup queue:all">', "this page is written for it"),
    ],
)
def test_reported(source, fragment):
    fixed, first, _ = run(source, **UNSAFE)
    assert fixed == source
    assert any(d.fix is None and fragment in d.message for d in first), [d.message for d in first]
