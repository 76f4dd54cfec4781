"""HX111: hx-boost on a container is hx-boost:inherited in htmx 4 (false too)."""

from __future__ import annotations

import pytest

from hxmigrate.analysis.project import Project
from hxmigrate.testing import check_noop, check_transformed, make_settings, run

HTML = dict(filename="page.html", select=["HX111"])
CDN4 = '<script src="https://cdn.jsdelivr.net/npm/htmx.org@4.0.1/dist/htmx.min.js"></script>\n'


@pytest.mark.parametrize(
    "before, after",
    [
        ('<body hx-boost="true">', '<body hx-boost:inherited="true">'),
        ('<nav data-hx-boost="true"><a href="/a">A</a></nav>',
         '<nav data-hx-boost:inherited="true"><a href="/a">A</a></nav>'),
        # false below a boosted container keeps stopping the boost
        ('<body hx-boost="true"><nav hx-boost="false"><a href="/a">A</a></nav></body>',
         '<body hx-boost:inherited="true"><nav hx-boost:inherited="false"><a href="/a">A</a></nav></body>'),
        # a form with links inside, or with what an include may render
        ('<form hx-boost="true" action="/s"><a href="/a">A</a></form>',
         '<form hx-boost:inherited="true" action="/s"><a href="/a">A</a></form>'),
        ('<form hx-boost="true" action="/s">{% include "links.html" %}</form>',
         '<form hx-boost:inherited="true" action="/s">{% include "links.html" %}</form>'),
        ('<div hx-boost="{{ boosted }}"><a href="/a">A</a></div>',
         '<div hx-boost:inherited="{{ boosted }}"><a href="/a">A</a></div>'),
        # htmx 2 stopped at an element that disinherits it; htmx 4 at one that says false
        ('<body hx-boost="true"><section hx-disinherit="*"><a href="/a">A</a></section></body>',
         '<body hx-boost:inherited="true"><section hx-boost:inherited="false" hx-disinherit="*"><a href="/a">A</a>'
         '</section></body>'),
    ],
)
def test_transformed(before, after):
    check_transformed(before, after, **HTML)


@pytest.mark.parametrize(
    "source",
    [
        '<a href="/a" hx-boost="true">A</a>',  # htmx 4 reads a link's own
        '<a href="/a" hx-boost="false">A</a>',
        '<form hx-boost="true" action="/s"><input name="q"></form>',
        '<body hx-boost:inherited="true">',
        '<div hx-boost="true" hx-disinherit="hx-boost"><a href="/a">A</a></div>',
    ],
)
def test_noop(source):
    check_noop(source, **HTML)


@pytest.mark.parametrize(
    "source, fragment",
    [
        ('<div hx-boost="yes"><a href="/a">A</a></div>', "only `true` did"),
        # htmx 2 still boosted a form that disinherits hx-boost, not what it holds
        ('<body hx-boost="true"><form hx-disinherit="*"><a href="/a">A</a></form></body>', "disinherits it"),
        ('<body hx-boost="true"><div hx-boost="true" hx-disinherit="*"><a href="/a">A</a></div></body>',
         "disinherits it"),
        (CDN4 + '<body hx-boost="true">', "boosts nothing in htmx 4"),
    ],
)
def test_reported(source, fragment):
    fixed, first, _ = run(source, **HTML)
    assert fixed == source
    assert any(d.fix is None and fragment in d.message for d in first), [d.message for d in first]


def test_implicit_inheritance_turned_on_writes_nothing():
    settings = make_settings()
    source = '<body hx-boost="true"><a href="/a">A</a></body>'
    fixed, found, _ = run(source, settings=settings, project=Project(settings, implicit_inheritance=True), **HTML)
    assert fixed == source and found == []
