"""HX208: the response-targets extension's hx-target-CODE, htmx 4's hx-status:CODE."""

from __future__ import annotations

import pytest

from hxmigrate.analysis.project import Project
from hxmigrate.testing import check_noop, check_transformed, make_settings, run
from hxmigrate.verify import verify

HTML = dict(filename="page.html", select=["HX208"])
CDN4 = '<script src="https://cdn.jsdelivr.net/npm/htmx.org@4.0.1/dist/htmx.min.js"></script>\n'


@pytest.mark.parametrize(
    "before, after",
    [
        ('<button hx-post="/x" hx-target-404="#missing">', '<button hx-post="/x" hx-status:404="target:#missing">'),
        ('<button hx-post="/x" hx-target-40*="#a" hx-target-5x="#b">',
         '<button hx-post="/x" hx-status:40x="target:#a" hx-status:5xx="target:#b">'),
        ("<button hx-post='/x' data-hx-target-4xx='#e'>", "<button hx-post='/x' data-hx-status:4xx='target:#e'>"),
        ('<button hx-post="/x" hx-target-error=#e>',
         '<button hx-post="/x" hx-status:4xx="target:#e" hx-status:5xx="target:#e">'),
        # a selector with a space or a comma is quoted for HCON
        ('<button hx-post="/x" hx-target-422="closest form">',
         '<button hx-post="/x" hx-status:422="target:\'closest form\'">'),
        ("<button hx-post='/x' hx-target-422='#a, #b'>", "<button hx-post='/x' hx-status:422='target:\"#a, #b\"'>"),
        # the element's more specific attribute wins over "error", as in the extension
        ('<button hx-post="/x" hx-target-5*="#oops" hx-target-error="#e">',
         '<button hx-post="/x" hx-status:5xx="target:#oops" hx-status:4xx="target:#e">'),
        # applied below in htmx 2: inherited
        ('<body hx-ext="response-targets" hx-target-error="#errors"><button hx-post="/x">',
         '<body hx-ext="response-targets" hx-status:4xx:inherited="target:#errors" '
         'hx-status:5xx:inherited="target:#errors"><button hx-post="/x">'),
        ('<form hx-post="/x" hx-target-422="#f"><button hx-delete="/y">',
         '<form hx-post="/x" hx-status:422:inherited="target:#f"><button hx-delete="/y">'),
        # an ancestor's more specific attribute took 5xx in htmx 2: left to its inherited hx-status
        ('<div hx-target-5*="#oops"><button hx-post="/x" hx-target-error="#e">',
         '<div hx-status:5xx:inherited="target:#oops"><button hx-post="/x" hx-status:4xx="target:#e">'),
    ],
)
def test_transformed(before, after):
    check_transformed(before, after, **HTML)
    verify("markup", before, after)


def test_implicit_inheritance_needs_no_suffix():
    settings = make_settings()
    project = Project(settings, implicit_inheritance=True)
    check_transformed('<div hx-target-404="#x"><a hx-get="/a">', '<div hx-status:404="target:#x"><a hx-get="/a">',
                      settings=settings, project=project, **HTML)


@pytest.mark.parametrize(
    "source",
    [
        '<button hx-post="/x" hx-status:404="target:#missing">',
        '<button hx-post="/x" hx-target="#out">',
        '<button hx-post="/x" hx-target-foo="#out">',  # nothing the extension read
    ],
)
def test_noop(source):
    check_noop(source, **HTML)


@pytest.mark.parametrize(
    "source, fragment",
    [
        ('<button hx-post="/x" hx-target-*="#e">', "every status but 200"),
        ('<button hx-post="/x" hx-target-201="#e">', "below 400"),
        ('<button hx-post="/x" hx-target-404="this">', "give the element an id"),
        ('<button hx-post="/x" hx-target-404="#{{ id }}">', "template syntax"),
        ('<button hx-post="/x" hx-target-404="">', "is empty"),
        ('<button hx-post="/x" hx-target-404="#x" hx-status:404="target:#y">', "already has"),
        ('<button hx-post="/x" hx-target-4*="#a" hx-target-4xx="#b">', "never applied"),
        ('<div hx-target-4*="#a"><button hx-post="/x" hx-target-4xx="#b">', "took an ancestor's `hx-target-4*`"),
        ('<div hx-target-*="#a"><button hx-post="/x" hx-target-error="#b">', "no pattern for that"),
        ('<div hx-status:4xx:inherited="target:#a"><button hx-post="/x" hx-target-error="#b">', "has `hx-status:4xx"),
        ('<button hx-post="/x" hx-target-404=\'a["x"]\' hx-target-500="b[\'y\']">', "both kinds of quote"),
        (CDN4 + '<button hx-post="/x" hx-target-404="#x">', "this page is written for it"),
    ],
)
def test_reported(source, fragment):
    _, first, _ = run(source, **HTML)
    assert any(d.fix is None and fragment in d.message for d in first), [d.message for d in first]


def test_a_noswap_pattern_is_said():
    _, first, _ = run('<button hx-post="/x" hx-target-4*="#e">', **HTML)
    assert any("checks `noSwap` first" in d.message for d in first)
