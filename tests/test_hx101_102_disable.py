"""HX101/HX102: htmx 2's hx-disable is hx-ignore, hx-disabled-elt is hx-disable, in one pass."""

from __future__ import annotations

import pytest

from hxmigrate.testing import check_noop, check_transformed, run

HTML = dict(filename="page.html", select=["HX101", "HX102"])
CDN2 = '<script src="https://unpkg.com/htmx.org@2.0.8"></script>\n'
CDN4 = '<script src="https://cdn.jsdelivr.net/npm/htmx.org@4.0.1/dist/htmx.min.js"></script>\n'


@pytest.mark.parametrize(
    "before, after",
    [
        ('<div hx-disable><button hx-post="/x">', '<div hx-ignore><button hx-post="/x">'),
        ('<div hx-disable="">', '<div hx-ignore="">'),
        ('<div hx-disable="true">', '<div hx-ignore="true">'),
        ('<div data-hx-disable>', '<div data-hx-ignore>'),
        ('<div HX-DISABLE>', '<div hx-ignore>'),
        ('<button hx-post="/x" hx-disabled-elt="this">', '<button hx-post="/x" hx-disable="this">'),
        ('<button data-hx-post="/x" data-hx-disabled-elt="this">',
         '<button data-hx-post="/x" data-hx-disable="this">'),
        ('<form hx-post="/x" hx-disabled-elt="find button"><button>Go</button></form>',
         '<form hx-post="/x" hx-disable="find button"><button>Go</button></form>'),
        # a container: htmx 2 applied it to the requests below
        ('<div hx-disabled-elt="#spinner"><button hx-get="/a">A</button></div>',
         '<div hx-disable:inherited="#spinner"><button hx-get="/a">A</button></div>'),
        ('<body hx-disabled-elt="this">', '<body hx-disable:inherited="this">'),
        # a request element above another request element that does not set it
        ('<form hx-post="/x" hx-disabled-elt="this"><button hx-get="/y">Y</button></form>',
         '<form hx-post="/x" hx-disable:inherited="this"><button hx-get="/y">Y</button></form>'),
        # the pair on one page: one pass, never again
        ('<div hx-disable><button hx-post="/x" hx-disabled-elt="this"></button></div>',
         '<div hx-ignore><button hx-post="/x" hx-disable="this"></button></div>'),
        ('<button hx-post="/x" hx-disable hx-disabled-elt="this">',
         '<button hx-post="/x" hx-ignore hx-disable="this">'),
        (CDN2 + '<div hx-disable>', CDN2 + '<div hx-ignore>'),
    ],
)
def test_transformed(before, after):
    check_transformed(before, after, **HTML)


@pytest.mark.parametrize(
    "source",
    [
        '<button hx-post="/x" hx-disable="this">',  # htmx 4's own
        '<form hx-disable:inherited="find button">',
        '<div hx-ignore>',
        '<div hx-disable-x>',
        '<div hx-{{ name }}="x">',
        CDN4 + '<button hx-post="/x" hx-disable="closest form">',
    ],
)
def test_noop(source):
    check_noop(source, **HTML)


@pytest.mark.parametrize(
    "source, fragment",
    [
        (CDN4 + '<div hx-disable>', "does nothing in htmx 4"),
        (CDN2 + '<div hx-disable="#x">', "whatever the value"),
        ('<div hx-disable="{{ sel }}">', "built by template syntax"),
        ('<div hx-disable hx-ignore>', "already has"),
        ('<button hx-post="/x" hx-disable="#a" hx-disabled-elt="#b">', "merge the two selectors"),
    ],
)
def test_reported(source, fragment):
    _, first, _ = run(source, **HTML)
    assert any(d.fix is None and fragment in d.message for d in first), [d.message for d in first]
