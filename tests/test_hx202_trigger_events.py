"""HX202: htmx 2 event names in hx-trigger, renamed for htmx 4."""

from __future__ import annotations

import pytest

from hxmigrate.testing import check_noop, check_transformed, make_settings, run

HTML = dict(filename="page.html", select=["HX202"])
CDN4 = '<script src="https://cdn.jsdelivr.net/npm/htmx.org@4.0.1/dist/htmx.min.js"></script>\n'


@pytest.mark.parametrize(
    "before, after",
    [
        ('<div hx-get="/n" hx-trigger="htmx:afterRequest from:#save">',
         '<div hx-get="/n" hx-trigger="htmx:after:request from:#save">'),
        ('<div hx-get="/n" hx-trigger="htmx:config-request">', '<div hx-get="/n" hx-trigger="htmx:config:request">'),
        # the swap events: htmx 4 fires htmx:after:settle on the swap target, as htmx 2 fired these
        ('<div hx-get="/c" hx-trigger="htmx:afterSettle from:body">',
         '<div hx-get="/c" hx-trigger="htmx:after:settle from:body">'),
        ('<section hx-get="/a" hx-trigger="htmx:after-swap" hx-target="#a">',
         '<section hx-get="/a" hx-trigger="htmx:after:settle" hx-target="#a">'),
        ('<div hx-get="/a" data-hx-trigger="htmx:oobAfterSwap from:#feed">',
         '<div hx-get="/a" data-hx-trigger="htmx:after:settle from:#feed">'),
        # several specifications, modifiers and a filter kept
        ("<div hx-get='/n' hx-trigger='click, htmx:load from:body delay:1s, htmx:timeout[ctrlKey] once'>",
         "<div hx-get='/n' hx-trigger='click, htmx:after:process from:body delay:1s, htmx:error[ctrlKey] once'>"),
        # htmx 2 fired the history events on <body>, htmx 4 fires them on document
        ('<p hx-get="/p" hx-trigger="htmx:pushedIntoHistory from:body">',
         '<p hx-get="/p" hx-trigger="htmx:after:history:push from:document">'),
        ("<p hx-get='/p' hx-trigger='htmx:replaced-in-history from:\"body\" once'>",
         "<p hx-get='/p' hx-trigger='htmx:after:history:replace from:document once'>"),
        ('<body hx-get="/p" hx-trigger="htmx:historyRestore delay:1s">',
         '<body hx-get="/p" hx-trigger="htmx:before:history:restore from:document delay:1s">'),
        ('<p hx-get="/p" hx-trigger="htmx:beforeHistorySave from:document">',
         '<p hx-get="/p" hx-trigger="htmx:before:history:update from:document">'),
        # template syntax elsewhere in the value stays as it is
        ('<div hx-get="/n" hx-trigger="htmx:afterRequest from:#{{ form_id }}">',
         '<div hx-get="/n" hx-trigger="htmx:after:request from:#{{ form_id }}">'),
    ],
)
def test_transformed(before, after):
    check_transformed(before, after, **HTML)


@pytest.mark.parametrize(
    "source",
    [
        '<div hx-get="/n" hx-trigger="htmx:after:request from:#save">',
        '<div hx-get="/n" hx-trigger="load, click, my-event from:body">',
        '<div hx-get="/n" hx-trigger="htmx:wsAfterMessage">',  # WS304's
        '<div hx-get="/n" hx-trigger="htmx:ws-after-message">',
        '<div hx-get="/n" hx-trigger="htmx:abort">',  # an event htmx listens for, unchanged
        '<div hx-get="/n" hx-trigger="htmx:aftersettle">',  # htmx 2 never fired it
        '<div hx-get="/n" hx-trigger="{{ trigger }}">',
        '<div hx-get="/n" hx-trigger="htmx:afterSwap{{ suffix }}">',  # not an event name as written
    ],
)
def test_noop(source):
    check_noop(source, **HTML)


@pytest.mark.parametrize(
    "source, fragment",
    [
        ('<div hx-get="/n" hx-trigger="htmx:beforeSwap from:body">', "nothing on the target before the swap"),
        ('<div hx-get="/n" hx-trigger="htmx:xhr:progress">', "no upload progress"),
    ],
)
def test_reported(source, fragment):
    fixed, first, _ = run(source, **HTML)
    assert fixed == source
    assert any(d.fix is None and fragment in d.message for d in first), [d.message for d in first]


def test_detail_filter_waits_for_unsafe_fixes():
    source = '<div hx-get="/n" hx-trigger="htmx:afterRequest[detail.successful] from:#f">'
    fixed, first, _ = run(source, **HTML)
    assert fixed == source
    assert any(d.fix is not None and not d.fix.safe and "`{ctx}`" in d.message for d in first)
    fixed, _, _ = run(source, settings=make_settings(unsafe_fixes=True), **HTML)
    assert fixed == '<div hx-get="/n" hx-trigger="htmx:after:request[detail.successful] from:#f">'


def test_timing_is_said():
    _, first, _ = run('<div hx-get="/n" hx-trigger="htmx:afterRequest from:#f">', **HTML)
    assert any("before the swap" in d.message for d in first)
    _, first, _ = run('<div hx-get="/n" hx-trigger="htmx:afterSwap from:#f">', **HTML)
    assert any("after the settle delay" in d.message for d in first)


def test_page_written_for_htmx_4_is_reported():
    source = CDN4 + '<div hx-get="/n" hx-trigger="htmx:afterSettle from:body">'
    fixed, first, _ = run(source, **HTML)
    assert fixed == source
    assert any(d.fix is None and "`htmx:after:settle`" in d.message for d in first)
