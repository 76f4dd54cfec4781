"""HX306: htmx 2 event names in the hx-on and hx-trigger markup JavaScript writes."""

from __future__ import annotations

import pytest

from hxmigrate.testing import check_noop, run

JS = dict(filename="app.js", select=["HX306"])
JSX = dict(filename="app.jsx", select=["HX306"])


@pytest.mark.parametrize(
    "source, fragment",
    [
        ('el.setAttribute("hx-trigger", "htmx:afterRequest from:#form");', "`htmx:after:request`"),
        ('el.setAttribute("hx-on::after-request", "this.reset()");', "`hx-on::after:request`"),
        ('const props = { "hx-on--before-request": "go()" };', "`hx-on::before:request`"),
        ("const html = `<div hx-trigger=\"load, htmx:afterSettle from:body\">${x}</div>`;",
         "`htmx:after:settle` (fired on the swap target"),
        ("const html = '<form hx-on::config-request=\"f(event)\">';", "`hx-on::config:request`"),
        ("const html = `<p hx-trigger='htmx:xhr:progress'></p>`;", "no upload progress"),
    ],
)
def test_reported(source, fragment):
    fixed, first, _ = run(source, **JS)
    assert fixed == source
    assert any(d.fix is None and fragment in d.message for d in first), [d.message for d in first]


@pytest.mark.parametrize(
    "source, fragment",
    [
        ('export const F = () => <form hx-on--after-request="this.reset()">x</form>;', "`hx-on::after:request`"),
        ('export const F = () => <div hx-trigger="every 5s, htmx:afterRequest from:body" />;', "`htmx:after:request`"),
        ('export const F = () => <div hx-trigger={"htmx:afterSwap from:body, click"} />;', "`htmx:after:settle`"),
    ],
)
def test_reported_in_jsx(source, fragment):
    _, first, _ = run(source, **JSX)
    assert any(d.fix is None and fragment in d.message for d in first), [d.message for d in first]


@pytest.mark.parametrize(
    "source",
    [
        'el.setAttribute("hx-trigger", "htmx:after:request from:#form");',
        'el.setAttribute("hx-on::after:request", "this.reset()");',
        'el.setAttribute("hx-on:click", "go()");',
        'el.setAttribute("hx-trigger", "htmx:wsAfterMessage from:#chat");',  # WS304's
        "const html = `<div hx-trigger=\"click\">`;",
    ],
)
def test_nothing_to_report(source):
    check_noop(source, **JS)
    _, first, _ = run(source, **JS)
    assert not first


def test_a_value_that_is_exactly_an_event_is_hx303s():
    _, first, _ = run('el.setAttribute("hx-trigger", "htmx:afterRequest");', filename="app.js", select=["HX306", "HX303"])
    assert [d.code for d in first] == ["HX303"]
