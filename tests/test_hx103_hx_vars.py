"""HX103: htmx 2's hx-vars is hx-vals with a js: value in htmx 4."""

from __future__ import annotations

import pytest

from hxmigrate.testing import check_noop, check_transformed, run

HTML = dict(filename="page.html", select=["HX103"])


@pytest.mark.parametrize(
    "before, after",
    [
        ('<button hx-post="/x" hx-vars="width: window.innerWidth">',
         '<button hx-post="/x" hx-vals="js:width: window.innerWidth">'),
        ('<button hx-post="/x" data-hx-vars="a: 1">', '<button hx-post="/x" data-hx-vals="js:a: 1">'),
        # htmx 2 trimmed the value; htmx 4 reads js: only at its start
        ('<button hx-post="/x" hx-vars=" {a: 1}">', '<button hx-post="/x" hx-vals="js:{a: 1}">'),
        ('<button hx-post="/x" hx-vars=" js:{a: 1}">', '<button hx-post="/x" hx-vals="js:{a: 1}">'),
        ('<button hx-post="/x" hx-vars="javascript:a: 1">', '<button hx-post="/x" hx-vals="javascript:a: 1">'),
        ("<button hx-post='/x' hx-vars='a: \"q\"'>", "<button hx-post='/x' hx-vals='js:a: \"q\"'>"),
        # inherited in htmx 2
        ('<div hx-vars="page: 2"><button hx-get="/list">Next</button></div>',
         '<div hx-vals:inherited="js:page: 2"><button hx-get="/list">Next</button></div>'),
        ('<form hx-post="/x" hx-vars="a: 1">{% include "fields.html" %}</form>',
         '<form hx-post="/x" hx-vals:inherited="js:a: 1">{% include "fields.html" %}</form>'),
        # with the element's own hx-vals: one js: object, the hx-vals keys last (they won in htmx 2)
        ('<button hx-post="/x" hx-vars=\'a: 1 + 1, b: 2\' hx-vals=\'{"b": "vals"}\'>',
         '<button hx-post="/x" hx-vals=\'js:{a: 1 + 1, b: 2, "b": "vals"}\'>'),
        ('<button hx-post="/x" hx-vals=\'{"b": 1}\' hx-vars="a: 1">',
         '<button hx-post="/x" hx-vals="js:{a: 1, &quot;b&quot;: 1}">'),
        # in the quotes of hx-vars, which its text does not hold
        ('<button hx-post="/x" hx-vars="a: \'x\'" hx-vals=\'{"b": 2}\'>',
         '<button hx-post="/x" hx-vals="js:{a: \'x\', &quot;b&quot;: 2}">'),
    ],
)
def test_transformed(before, after):
    check_transformed(before, after, **HTML)


@pytest.mark.parametrize(
    "source",
    [
        '<button hx-post="/x" hx-vals="js:a: 1">',
        '<button hx-post="/x" hx-vals:inherited="js:a: 1">',
        '<div vars="a: 1"></div>',
    ],
)
def test_noop(source):
    check_noop(source, **HTML)


@pytest.mark.parametrize(
    "source, fragment",
    [
        ('<button hx-post="/x" hx-vars="a: {{ n }}">', "template syntax"),
        ('<button hx-post="/x" hx-vars="unset">', "`unset`"),
        ('<button hx-post="/x" hx-vars>', "is empty"),
        ('<button hx-post="/x" hx-vars="kind: event.type">', "reads `event`"),
        ('<div hx-vars="who: this.id"><button hx-post="/x">', "reads `this`"),
        ('<div hx-vals=\'{"a": 1}\'><button hx-post="/x" hx-vars="b: 2">', "an ancestor's"),
        ('<div hx-vars="b: 2"><button hx-post="/x" hx-vals=\'{"a": 1}\'>', "an element below"),
        ('<button hx-post="/x" hx-vars="a: 1" hx-vals="js:{b: 2}">', "write `hx-vals=\"js:{...}\"` with both"),
        ('<div hx-vars="a: 1" hx-vals=\'{"b": 2}\'><button hx-post="/x">', "for the elements below too"),
    ],
)
def test_reported(source, fragment):
    fixed, first, _ = run(source, **HTML)
    assert fixed == source
    assert any(d.fix is None and fragment in d.message for d in first), [d.message for d in first]


def test_this_on_the_requesting_element_itself_is_kept():
    check_transformed('<button id="b" hx-post="/x" hx-vars="who: this.id">',
                      '<button id="b" hx-post="/x" hx-vals="js:who: this.id">', **HTML)
