"""HX201: hx-on spellings and event names for htmx 4."""

from __future__ import annotations

import pytest

from hxmigrate.testing import check_noop, check_transformed, run

HTML = dict(filename="page.html", select=["HX201"])


@pytest.mark.parametrize(
    "before, after",
    [
        ('<form hx-on::after-request="this.reset()">', '<form hx-on::after:request="this.reset()">'),
        ('<form hx-on:htmx:after-request="f()">', '<form hx-on:htmx:after:request="f()">'),
        ('<form hx-on--before-request="f()">', '<form hx-on::before:request="f()">'),
        ('<form hx-on-htmx-config-request="f()">', '<form hx-on::config:request="f()">'),
        ('<button hx-on-click="f()">', '<button hx-on:click="f()">'),
        ('<button hx-on-my-event="f()">', '<button hx-on:my-event="f()">'),
        # a swap event on an element that swaps itself: it is the source and the target
        ('<div hx-get="/x" data-hx-on::before-swap="f()">', '<div hx-get="/x" data-hx-on::before:swap="f()">'),
        ('<b hx-get="/x" hx-target="this" hx-on::after-swap="f()">',
         '<b hx-get="/x" hx-target="this" hx-on::after:swap="f()">'),
        # ... on a target or a container: htmx 4 fires htmx:after:settle there
        ('<div id="out" hx-on::after-swap="f()">', '<div id="out" hx-on::after:settle="f()">'),
        ('<body hx-on::oob-after-swap="f()">', '<body hx-on::after:settle="f()">'),
        ('<div data-hx-on-click="f()">', '<div data-hx-on:click="f()">'),
        ('<div hx-on::load="init(this)">', '<div hx-on::after:process="init(this)">'),
        ('<div hx-on::after-settle="f()">', '<div hx-on::after:settle="f()">'),
        ('<div hx-on::response-error="f()">', '<div hx-on::response:error="f()">'),
        ('<div hx-on::send-error="f()">', '<div hx-on::error="f()">'),
        ('<body hx-on::before-history-save="f()">', '<body hx-on="htmx:before:history:update from:document -> f()">'),
        ('<div hx-on--confirm="f()">', '<div hx-on::confirm="f()">'),
        ('<div HX-ON::after-swap="f()">', '<div HX-ON::after:settle="f()">'),
    ],
)
def test_transformed(before, after):
    check_transformed(before, after, **HTML)


@pytest.mark.parametrize(
    "source",
    [
        '<button hx-on:click="f()">',
        '<div hx-on::after:request="f()">',
        '<div hx-on:htmx:before:swap="f()">',
        '<div hx-on::confirm="f()">',
        '<div hx-on::ws-after-message="f()">',  # WS303's
        '<div hx-on="click -> f()">',
        '<div hx-on{{ x }}="f()">',
    ],
)
def test_noop(source):
    check_noop(source, **HTML)


@pytest.mark.parametrize(
    "source, fragment",
    [
        ('<div hx-on::afterRequest="f()">', "never ran in htmx 2"),
        ('<div hx-on::xhr:progress="f()">', "no upload progress"),
        ('<div hx-on="htmx:afterRequest: f()">', "htmx 1's form"),
        ('<div hx-on::after-swap="f()" hx-on::after:settle="g()">', "merge the two handlers"),
        ('<div id="out" hx-on::before-swap="f()">', "nothing on the target before the swap"),
        ('<button hx-get="/x" hx-target="#o" hx-on::after-settle="f()">', "choose one by hand"),
        ('<button hx-get="/x" hx-target="#o" hx-on::before-swap="f()">', "for this element's own requests"),
        ('<div hx-target="#o"><button hx-get="/x" hx-on::after-swap="f()">', "choose one by hand"),
    ],
)
def test_reported(source, fragment):
    _, first, _ = run(source, **HTML)
    assert any(d.fix is None and fragment in d.message for d in first), [d.message for d in first]


def test_detail_reads_wait_for_unsafe_fixes():
    source = '<div hx-on::after-request="if (event.detail.successful) go()">'
    fixed, first, _ = run(source, **HTML)
    assert fixed == source
    assert any(d.fix is not None and not d.fix.safe and "`{ctx}`" in d.message for d in first)


def test_after_request_timing_is_said():
    _, first, _ = run('<form hx-on::after-request="this.reset()">', **HTML)
    assert any("before the swap" in d.message for d in first)


@pytest.mark.parametrize(
    "before, after",
    [
        ('<body hx-on::pushed-into-history="log(1)">',
         '<body hx-on="htmx:after:history:push from:document -> log(1)">'),
        ("<body data-hx-on:htmx:before-history-save='save()'>",
         "<body data-hx-on='htmx:before:history:update from:document -> save()'>"),
    ],
)
def test_history_handlers_on_body_listen_on_document(before, after):
    check_transformed(before, after, **HTML)


@pytest.mark.parametrize(
    "source, fragment",
    [
        ('<div hx-on::pushed-into-history="log(1)">', "never ran in htmx 2"),
        ('<html hx-on::replaced-in-history="log(1)">', "never ran in htmx 2"),
        ('<body hx-on::pushed-into-history="a()" hx-on::before-history-save="b()">', "join them"),
        ('<body hx-on="click -> c()" hx-on::pushed-into-history="a()">', "already has `hx-on`"),
    ],
)
def test_history_handlers_reported(source, fragment):
    fixed, first, _ = run(source, **HTML)
    assert fixed == source
    assert any(d.fix is None and fragment in d.message for d in first), [d.message for d in first]


def test_a_target_inherited_from_the_first_pass_still_asks_for_a_choice():
    """Found by the fuzzer: once HX110 wrote `hx-target:inherited` on <body>, a second pass took
    the element for one that swaps itself and renamed what the first pass had reported."""
    source = ('<script src="https://unpkg.com/htmx.org@2.0.8"></script>\n<body hx-target="#main">\n'
              '<div hx-get="/y" hx-on:htmx:after-settle="b()"></div>\n')
    fixed, found, left = run(source, filename="page.html")
    assert "hx-on:htmx:after-settle" in fixed
    assert any(d.code == "HX201" and "choose one by hand" in d.message for d in left)
