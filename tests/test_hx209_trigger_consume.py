"""HX209: `consume` beside delay:, throttle:, target: or once stops the event later in htmx 4."""

from __future__ import annotations

import pytest

from hxmigrate.testing import run

HTML = dict(filename="page.html", select=["HX209"])
CDN4 = '<script src="https://cdn.jsdelivr.net/npm/htmx.org@4.0.1/dist/htmx.min.js"></script>\n'


@pytest.mark.parametrize(
    "source, fragment",
    [
        # htmx 2 stopped the click before the delay; htmx 4 after it, when the ancestors heard it
        ('<div hx-get="/outer"><button hx-get="/inner" hx-trigger="click consume delay:100ms">I</button></div>',
         "after `delay:`"),
        ('<ul hx-get="/l" hx-trigger="click consume target:.pick"><li class="pick">a</li><li>b</li></ul>',
         "whose target does not match `target:`"),
        ('<button hx-get="/x" hx-trigger="click consume throttle:2s">', "`throttle:` holds back"),
        ('<button hx-get="/x" hx-trigger="click consume once">', "once the `once` trigger has run"),
        ('<button hx-get="/x" hx-trigger="click consume delay:1s">', 'hx-on:click="event.stopPropagation()"'),
        ('<button hx-get="/x" hx-trigger="click[shiftKey] consume once">', "when the filter holds"),
        ('<input hx-get="/x" hx-trigger="keyup consume delay:1s from:#q">', "the `from:#q` element"),
        ('<button data-hx-get="/x" data-hx-trigger="mouseup consume, click consume delay:1s">', "`click` event"),
    ],
)
def test_reported(source, fragment):
    fixed, first, _ = run(source, **HTML)
    assert fixed == source
    assert len(first) == 1 and first[0].fix is None and fragment in first[0].message, [d.message for d in first]
    assert source[first[0].start:first[0].end] == "consume"


@pytest.mark.parametrize(
    "source",
    [
        '<button hx-get="/x" hx-trigger="click consume">',
        # htmx 2 ran the filter first too: an event it turned down was not stopped, in either
        '<button hx-get="/x" hx-trigger="click[shiftKey] consume">',
        '<input hx-get="/x" hx-trigger="keyup changed consume">',
        '<button hx-get="/x" hx-trigger="click delay:1s">',
        '<div hx-get="/x" hx-trigger="load consume delay:1s">',
        '<div hx-get="/x" hx-trigger="resize consume throttle:1s from:window">',
        CDN4 + '<button hx-get="/x" hx-trigger="click consume delay:1s">',
    ],
)
def test_not_reported(source):
    fixed, first, _ = run(source, **HTML)
    assert fixed == source and first == [], [d.message for d in first]
