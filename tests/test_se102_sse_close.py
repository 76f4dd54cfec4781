"""SE102: `sse-close` becomes `hx-sse:close`; `sse-close="message"` (closed on an unnamed
message in 2.x, which 4.x never closes on) is reported."""

from __future__ import annotations

import pytest

from hxmigrate.testing import check_noop, check_transformed, run

HTML = dict(filename="page.html", select=["SE102"])


@pytest.mark.parametrize(
    "before, after",
    [
        ('<div sse-connect="/jobs/7" sse-close="done"></div>', '<div sse-connect="/jobs/7" hx-sse:close="done"></div>'),
        ('<div data-sse-connect="/j" data-sse-close="done"></div>',
         '<div data-sse-connect="/j" data-hx-sse:close="done"></div>'),
        ("<div hx-sse:connect='/j' SSE-CLOSE='finished'>", "<div hx-sse:connect='/j' hx-sse:close='finished'>"),
        ("<div sse-close=done>", "<div hx-sse:close=done>"),
        ('<div sse-close="">', '<div hx-sse:close="">'),  # closes on nothing, in 2.x and 4.x alike
        ('<div sse-close="{{ close_event }}">', '<div hx-sse:close="{{ close_event }}">'),
        ('<div {% if once %}sse-close="done"{% else %}sse-close="never"{% endif %}>',
         '<div {% if once %}hx-sse:close="done"{% else %}hx-sse:close="never"{% endif %}>'),
    ],
)
def test_transformed(before, after):
    check_transformed(before, after, filename="page.jinja", select=["SE102"])


@pytest.mark.parametrize(
    "source",
    ['<div hx-sse:close="done">', '<div data-hx-sse:close="done">', '<div close="done" sse="x">'],
)
def test_noop(source):
    check_noop(source, **HTML)


@pytest.mark.parametrize(
    "source, fragment",
    [
        # 2.x closed on the first unnamed message; 4.x closes only on `event: message`
        ('<div sse-connect="/j" sse-close="message">', "closes only on a message with an explicit `event: message` line"),
        ('<div sse-connect="/j" data-sse-close=" message ">', "`event: done`"),
        ('<div sse-close="done" hx-sse:close="done">', "remove the 2.x attribute by hand"),
    ],
)
def test_reported(source, fragment):
    fixed, first, _ = run(source, **HTML)
    assert fixed == source
    assert len(first) == 1 and first[0].fix is None and fragment in first[0].message, [d.message for d in first]
