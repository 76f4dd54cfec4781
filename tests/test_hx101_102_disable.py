"""HX101/HX102: htmx 2's hx-disable is hx-ignore, hx-disabled-elt is hx-disable, in one pass."""

from __future__ import annotations

import pytest

from hxmigrate.testing import check_noop, check_transformed, make_settings, run

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
        # htmx 2's `inherit`: these elements and the closest ancestor's (htmx 4: :append below :inherited)
        ('<div hx-disabled-elt="#refresh"><button hx-get="/e" hx-disabled-elt="inherit, #export">E</button></div>',
         '<div hx-disable:inherited="#refresh"><button hx-get="/e" hx-disable:append="#export">E</button></div>'),
        # the ancestor makes a request and nothing below inherits it but through `inherit`
        ('<form hx-post="/x" hx-disabled-elt="#a"><button hx-get="/e" hx-disabled-elt="inherit, #b">E</button></form>',
         '<form hx-post="/x" hx-disable:inherited="#a"><button hx-get="/e" hx-disable:append="#b">E</button></form>'),
        # `inherit` alone: an element without the attribute reads the ancestor's
        ('<div hx-disabled-elt="this"><button hx-get="/e" hx-disabled-elt="inherit">E</button></div>',
         '<div hx-disable:inherited="this"><button hx-get="/e">E</button></div>'),
        # a chain, and a container whose value the requests below take
        ('<div hx-disabled-elt="#a"><div hx-disabled-elt="inherit, #b"><button hx-get="/e" '
         'hx-disabled-elt="inherit, #c">E</button><button hx-get="/f">F</button></div></div>',
         '<div hx-disable:inherited="#a"><div hx-disable:inherited:append="#b"><button hx-get="/e" '
         'hx-disable:append="#c">E</button><button hx-get="/f">F</button></div></div>'),
        ('<button hx-get="/e" data-hx-disabled-elt=inherit,#x>E</button>',
         '<button hx-get="/e" data-hx-disable:append=#x>E</button>'),
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
        # htmx 2 resolved the ancestor's `closest form` from the ancestor, htmx 4 from the element
        ('<div hx-disabled-elt="closest form"><button hx-get="/e" hx-disabled-elt="inherit, #x">E</button></div>',
         "resolved from the ancestor in htmx 2"),
        ('<div hx-disabled-elt="#a" hx-disable="#b"><button hx-get="/e" hx-disabled-elt="inherit, #x"></div>',
         "already has htmx 4's `hx-disable`"),
    ],
)
def test_reported(source, fragment):
    _, first, _ = run(source, **HTML)
    assert any(d.fix is None and fragment in d.message for d in first), [d.message for d in first]


@pytest.mark.parametrize(
    "source, fixed_unsafe",
    [
        # htmx 2 read `this` as the element only as the whole value: it disabled #cancel alone
        ('<button hx-get="/e" hx-disabled-elt="this, #cancel">E</button>',
         '<button hx-get="/e" hx-disable="this, #cancel">E</button>'),
        ('<button hx-get="/e" hx-disabled-elt="inherit, this">E</button>',
         '<button hx-get="/e" hx-disable:append="this">E</button>'),
        # the `inherit` below an ancestor whose rename is unsafe
        ('<div hx-disabled-elt="this, #a"><button hx-get="/e" hx-disabled-elt="inherit, #x">E</button></div>',
         '<div hx-disable:inherited="this, #a"><button hx-get="/e" hx-disable:append="#x">E</button></div>'),
    ],
)
def test_listed_this_is_an_unsafe_fix(source, fixed_unsafe):
    fixed, first, _ = run(source, **HTML)
    assert fixed == source
    assert any(d.fix is not None and not d.fix.safe and "`this` in a list" in d.message for d in first), \
        [d.message for d in first]
    settings = make_settings(unsafe_fixes=True)
    fixed, _, _ = run(source, settings=settings, **HTML)
    assert fixed == fixed_unsafe


@pytest.mark.parametrize(
    "facts, fragment",
    [
        (dict(inheritance_disabled=True), "disableInheritance: true"),
        # htmx 4 reads no ancestor's `hx-disable:inherited` with implicitInheritance on
        (dict(implicit_inheritance=True), "implicitInheritance"),
    ],
)
def test_inherit_needs_the_ancestor_written_inherited(facts, fragment):
    from hxmigrate.analysis.project import Project

    source = '<div hx-disabled-elt="#a"><button hx-get="/e" hx-disabled-elt="inherit, #x">E</button></div>'
    settings = make_settings()
    fixed, first, _ = run(source, settings=settings, project=Project(settings, **facts), **HTML)
    inherit = [d for d in first if "`inherit`" in d.message]
    assert 'hx-disabled-elt="inherit, #x"' in fixed
    assert inherit and all(not d.fix.safe and fragment in d.message for d in inherit), \
        [d.message for d in first]
