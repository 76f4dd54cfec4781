"""HX112: the preload extension's `preload` is `hx-preload` in htmx 4."""

from __future__ import annotations

import pytest

from hxmigrate.testing import check_noop, check_transformed, make_settings, run

HTML = dict(filename="page.html", select=["HX112"])


@pytest.mark.parametrize(
    "before, after",
    [
        # htmx 2's default: mousedown, and touchstart with it
        ('<a hx-get="/a" preload>A</a>', '<a hx-get="/a" hx-preload="mousedown, touchstart">A</a>'),
        ('<a hx-get="/a" preload="mousedown">A</a>', '<a hx-get="/a" hx-preload="mousedown, touchstart">A</a>'),
        ('<a hx-get="/a" data-preload="focus">A</a>', '<a hx-get="/a" data-hx-preload="focus">A</a>'),
        ('<button hx-get="/a" preload="focus always">A</button>', '<button hx-get="/a" hx-preload="focus">A</button>'),
        ('<a hx-get="/a" preload="always">A</a>', '<a hx-get="/a" hx-preload="mousedown, touchstart">A</a>'),
        # on a list: what is below it
        ('<ul preload="focus"><li><button hx-get="/a">A</button></li></ul>',
         '<ul hx-preload:inherited="focus"><li><button hx-get="/a">A</button></li></ul>'),
        ('<body hx-boost="true"><nav preload><a href="/a">A</a></nav></body>',
         '<body hx-boost="true"><nav hx-preload:inherited="mousedown, touchstart"><a href="/a">A</a></nav></body>'),
    ],
)
def test_transformed(before, after):
    check_transformed(before, after, **HTML)


def test_mouseover_is_an_unsafe_fix():
    before = '<a hx-get="/a" preload="mouseover">A</a>'
    fixed, first, _ = run(before, **HTML)
    assert fixed == before and not first[0].fix.safe and "100 ms" in first[0].message
    check_transformed(before, '<a hx-get="/a" hx-preload="mouseover, touchstart">A</a>',
                      settings=make_settings(unsafe_fixes=True), **HTML)


@pytest.mark.parametrize(
    "source",
    [
        '<video src="/v.mp4" preload="none"></video>',
        '<audio preload="auto"></audio>',
        '<link rel="preload" href="/f.css" as="style">',
        '<a hx-get="/a" hx-preload="focus">A</a>',
    ],
)
def test_noop(source):
    check_noop(source, **HTML)


@pytest.mark.parametrize(
    "source, fragment",
    [
        ('<a hx-get="/a" preload="preload:init">A</a>', "no `preload:init`"),
        ('<form method="get" action="/s" preload><input type="radio" name="a"></form>', "on a form"),
        ('<a href="/about" preload>About</a>', "htmx 2 preloaded plain links too"),
        ('<a hx-get="/a" preload="{{ how }}">A</a>', "template syntax"),
        ('<div preload-images="true"><a hx-get="/a" preload>A</a></div>', "loads no images"),
    ],
)
def test_reported(source, fragment):
    _, first, _ = run(source, **HTML)
    assert any(d.fix is None and fragment in d.message for d in first), [d.message for d in first]
