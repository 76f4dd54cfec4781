"""HX109: hx-inherit and hx-disinherit go where the :inherited placement says the same."""

from __future__ import annotations

import pytest

from hxmigrate.testing import check_transformed, run

HTML = dict(filename="page.html", select=["HX109"])


@pytest.mark.parametrize(
    "before, after",
    [
        # the element's own attribute, which nothing below reads: kept to it either way
        ('<button hx-get="/a" hx-target="#out" hx-disinherit="hx-target">A</button>',
         '<button hx-get="/a" hx-target="#out">A</button>'),
        # nothing above it in the page sets what it names
        ('<html><body><section hx-disinherit="*"><button hx-get="/a">A</button></section></body></html>',
         '<html><body><section><button hx-get="/a">A</button></section></body></html>'),
        ('<section data-hx-disinherit="hx-confirm"><p>text</p></section>', "<section><p>text</p></section>"),
        # hx-inherit: what :inherited says now
        ('<div hx-target="#out" hx-inherit="hx-target"><button hx-get="/a">A</button></div>',
         '<div hx-target="#out"><button hx-get="/a">A</button></div>'),
        ('<div hx-inherit="*"><button hx-get="/a">A</button></div>', '<div><button hx-get="/a">A</button></div>'),
    ],
)
def test_transformed(before, after):
    check_transformed(before, after, **HTML)


def test_a_boost_stopped_by_hx111():
    check_transformed('<html><body hx-boost="true"><section hx-disinherit="hx-boost"><a href="/a">A</a></section>'
                      '</body></html>',
                      '<html><body hx-boost:inherited="true"><section hx-boost:inherited="false"><a href="/a">A</a>'
                      '</section></body></html>', filename="page.html", select=["HX109", "HX111"])


def test_with_the_placement_rules():
    # HX110 writes :inherited where hx-inherit asked for inheritance, and leaves a disinherited
    # attribute of a request element as it is.
    check_transformed('<div hx-target="#out" hx-inherit="hx-target"><button hx-get="/a">A</button></div>',
                      '<div hx-target:inherited="#out"><button hx-get="/a">A</button></div>',
                      filename="page.html", select=["HX109", "HX110"])


@pytest.mark.parametrize(
    "source, fragment",
    [
        ('<div hx-target="#out" hx-disinherit="hx-target"><button hx-get="/a">A</button></div>',
         "remove it once the page is migrated"),
        ('<html><body hx-target="#x"><div hx-disinherit="hx-target"><button hx-get="/a">A</button></div></body></html>',
         "see the ancestor's finding"),
        ('<div hx-disinherit="hx-target"><button hx-get="/a">A</button></div>', "another template"),
        ('<div hx-headers=\'{"A": "1"}\' hx-disinherit="*"><button hx-post="/a">A</button></div>',
         "htmx 2 merged `hx-headers` into the requests below whatever"),
        ('<form hx-disabled-elt="find button" hx-disinherit="hx-disabled-elt"><button hx-post="/a">A</button></form>',
         "HX102 writes its new name with `:inherited`"),
        ('<div hx-params="not a" hx-inherit="hx-params"><button hx-post="/a">A</button></div>', "HX104"),
        ('<div hx-disinherit="{{ names }}">', "template syntax"),
    ],
)
def test_reported(source, fragment):
    fixed, first, _ = run(source, **HTML)
    assert fixed == source
    assert any(d.fix is None and fragment in d.message for d in first), [d.message for d in first]
