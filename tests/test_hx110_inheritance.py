"""HX110: where a page relies on htmx 2's inheritance, htmx 4 needs :inherited / :append."""

from __future__ import annotations

import pytest

from hxmigrate.analysis.project import Project
from hxmigrate.testing import check_noop, check_transformed, make_settings, run

HTML = dict(filename="page.html", select=["HX110"])
CDN4 = '<script src="https://cdn.jsdelivr.net/npm/htmx.org@4.0.1/dist/htmx.min.js"></script>\n'


@pytest.mark.parametrize(
    "before, after",
    [
        ("<body hx-headers='{\"X-CSRFToken\": \"{{ csrf_token }}\"}'>",
         "<body hx-headers:inherited='{\"X-CSRFToken\": \"{{ csrf_token }}\"}'>"),
        ('<div hx-target="#main" hx-swap="outerHTML"><a hx-get="/a">A</a></div>',
         '<div hx-target:inherited="#main" hx-swap:inherited="outerHTML"><a hx-get="/a">A</a></div>'),
        ('<form hx-confirm="Sure?"><button hx-delete="/x">Delete</button></form>',
         '<form hx-confirm:inherited="Sure?"><button hx-delete="/x">Delete</button></form>'),
        ('<tbody data-hx-target="closest tr" data-hx-swap="outerHTML">',
         '<tbody data-hx-target:inherited="closest tr" data-hx-swap:inherited="outerHTML">'),
        # a request element with a request element below that does not set it
        ('<form hx-post="/x" hx-target="#out"><button hx-get="/y">Y</button></form>',
         '<form hx-post="/x" hx-target:inherited="#out"><button hx-get="/y">Y</button></form>'),
        # a request element around an include: what it renders may rely on it
        ('<form hx-post="/x" hx-target="#out">{% include "fields.html" %}</form>',
         '<form hx-post="/x" hx-target:inherited="#out">{% include "fields.html" %}</form>'),
        # merged in htmx 2
        ('<body hx-vals=\'{"a": 1}\'><button hx-post="/x" hx-vals=\'{"b": 2}\'>',
         '<body hx-vals:inherited=\'{"a": 1}\'><button hx-post="/x" hx-vals:append=\'{"b": 2}\'>'),
        ('<body hx-headers=\'{"A": "1"}\'><div hx-headers=\'{"B": "2"}\'><button hx-post="/x">',
         '<body hx-headers:inherited=\'{"A": "1"}\'><div hx-headers:inherited:append=\'{"B": "2"}\'>'
         '<button hx-post="/x">'),
    ],
)
def test_transformed(before, after):
    check_transformed(before, after, **HTML)


@pytest.mark.parametrize(
    "source",
    [
        '<button hx-post="/x" hx-target="#out">Go</button>',  # its own
        '<button hx-post="/x" hx-target="#out">{{ label }}</button>',
        '<form hx-post="/x" hx-target="#out"><button>Go</button></form>',
        '<form hx-post="/x" hx-target="#out"><button hx-get="/y" hx-target="#z">Y</button></form>',
        '<div hx-target:inherited="#main"><a hx-get="/a">A</a></div>',
        '<div hx-target="#main" hx-disinherit="*"><a hx-get="/a">A</a></div>',
        '<div hx-trigger="load" hx-get="/x"></div>',
    ],
)
def test_noop(source):
    check_noop(source, **HTML)


def test_implicit_inheritance_turned_on_writes_nothing():
    settings = make_settings()
    source = '<div hx-target="#main"><a hx-get="/a">A</a></div>'
    fixed, found, _ = run(source, settings=settings, project=Project(settings, implicit_inheritance=True), **HTML)
    assert fixed == source and found == []


@pytest.mark.parametrize(
    "source",
    [
        '<div hx-target="#main"><a hx-get="/a">A</a></div>',
        '<body hx-boost="true"><a href="/a">A</a></body>',
        '<form hx-disabled-elt="find button"><button hx-post="/a">A</button></form>',
    ],
)
def test_inheritance_turned_off_in_htmx_2_makes_the_rename_unsafe(source):
    """Found while proving the rules in Chromium: with `disableInheritance: true` htmx 2
    applied a container's attributes to nothing below, and `:inherited` would change that."""
    settings = make_settings()
    project = Project(settings, inheritance_disabled=True)
    fixed, found, _ = run(source, settings=settings, project=project, filename="page.html",
                          select=["HX102", "HX110", "HX111"])
    assert ":inherited" not in fixed
    unsafe = [d for d in found if d.fix is not None and not d.fix.safe]
    assert unsafe and all("disableInheritance: true" in d.message for d in unsafe), [d.message for d in found]


def test_inheritance_turned_off_is_read_from_the_project(tmp_path):
    (tmp_path / "base.html").write_text(
        '<meta name="htmx-config" content=\'{"disableInheritance": true}\'>\n'
        '<script src="https://unpkg.com/htmx.org@2.0.8"></script>\n')
    (tmp_path / "page.html").write_text('<div hx-target="#main"><a hx-get="/a">A</a></div>\n')
    settings = make_settings()
    project = Project.build(settings, sorted(tmp_path.iterdir()))
    assert project.inheritance_disabled


@pytest.mark.parametrize(
    "source, fragment",
    [
        (CDN4 + '<div hx-target="#main"><a hx-get="/a">A</a></div>', "reaches no other element in htmx 4"),
        ('<div hx-target="#main"><section hx-disinherit="hx-target"><a hx-get="/a">A</a></section></div>',
         "htmx 4 cannot say so"),
        ('<body hx-vals=\'js:{a: 1}\'><button hx-post="/x" hx-vals=\'{"b": 2}\'>', "cannot be joined"),
        # both forms on one element (found by the fuzzer): renaming would make two of one name
        ('<div hx-target:inherited="#a" hx-target="#b"><a hx-get="/a">A</a></div>', "which the element already has"),
    ],
)
def test_reported(source, fragment):
    _, first, _ = run(source, **HTML)
    assert any(d.fix is None and fragment in d.message for d in first), [d.message for d in first]


def test_a_commented_out_htmx_4_script_does_not_make_the_page_htmx_4():
    """Found on a real project: the page loads htmx 2 and keeps an htmx 4 beta tag commented out."""
    page = ('<!--<script src="https://cdn.jsdelivr.net/npm/htmx.org@4.0.0-beta6/dist/htmx.min.js"></script>-->\n'
            '<script src="https://cdn.jsdelivr.net/npm/htmx.org@2.0.10/dist/htmx.min.js"></script>\n'
            '<body hx-target="#main"><a hx-get="/a">A</a></body>\n')
    fixed, _, _ = run(page, **HTML)
    assert '<body hx-target:inherited="#main">' in fixed


@pytest.mark.parametrize(
    "before, after",
    [
        # htmx 2's `inherit`: these and the closest ancestor's targets; htmx 4: :append below :inherited
        ('<div hx-include="#filters"><button hx-get="/e" hx-include="inherit, #extra">E</button></div>',
         '<div hx-include:inherited="#filters"><button hx-get="/e" hx-include:append="#extra">E</button></div>'),
        # the ancestor makes a request, and only `inherit` reads it below
        ('<form hx-post="/x" hx-indicator="#spin"><button hx-get="/e" hx-indicator="inherit, #s2">E</button></form>',
         '<form hx-post="/x" hx-indicator:inherited="#spin"><button hx-get="/e" hx-indicator:append="#s2">E</button>'
         '</form>'),
        # `inherit` alone; the ancestor's whole `this` is the ancestor in both (hx-indicator)
        ('<div hx-indicator="this"><button hx-get="/e" hx-indicator="inherit">E</button></div>',
         '<div hx-indicator:inherited="this"><button hx-get="/e">E</button></div>'),
    ],
)
def test_inherit_keyword(before, after):
    check_transformed(before, after, **HTML)


@pytest.mark.parametrize(
    "source, fragment",
    [
        ('<div hx-include="closest form"><button hx-get="/e" hx-include="inherit, #x">E</button></div>',
         "resolved from the ancestor in htmx 2"),
        # hx-include's `this` is the element that makes the request in htmx 4
        ('<div hx-include="this"><button hx-get="/e" hx-include="inherit">E</button></div>',
         "the ancestor's `this` was the ancestor in htmx 2"),
        ('<div hx-include="#a" hx-disinherit="hx-include"><button hx-get="/e" hx-include="inherit, #x">E</button>'
         '</div>', "did not heed"),
        # without an ancestor, htmx 2 showed no indicator; without the attribute htmx 4 shows the element
        ('<button hx-get="/e" hx-indicator="inherit">E</button>', "no ancestor here has an `hx-indicator`"),
    ],
)
def test_inherit_keyword_reported(source, fragment):
    fixed, first, _ = run(source, **HTML)
    assert "inherit" in fixed
    assert any(d.fix is None and fragment in d.message for d in first), [d.message for d in first]


def test_inherit_keyword_listing_this_is_an_unsafe_fix():
    source = '<button hx-get="/e" hx-include="inherit, this, #x">E</button>'
    fixed, first, _ = run(source, **HTML)
    assert fixed == source
    assert any(d.fix is not None and not d.fix.safe and "`this` in a list" in d.message for d in first), \
        [d.message for d in first]


def test_inherit_keyword_is_written_with_implicit_inheritance_on():
    """htmx 4's implicitInheritance reads a plain ancestor, but still no `inherit` keyword."""
    settings = make_settings()
    source = '<div hx-include="#a"><button hx-get="/e" hx-include="inherit, #x">E</button></div>'
    fixed, _, _ = run(source, settings=settings, project=Project(settings, implicit_inheritance=True), **HTML)
    assert fixed == '<div hx-include="#a"><button hx-get="/e" hx-include:append="#x">E</button></div>'


def test_a_templ_component_rendered_inside_may_hold_request_elements():
    """Found on a real templ project: `@button.Button(...)` renders elements hxmigrate does not
    see here, which htmx 2 gave the form's target and swap."""
    before = ('package pages\n\ntempl Page() {\n\t<form hx-post="/roles" hx-target="#rows" hx-swap="beforeend">\n'
              '\t\t@button.Button(button.Props{Type: "submit"}) {\n\t\t\tAdd\n\t\t}\n\t</form>\n}\n')
    after = before.replace('hx-target="#rows" hx-swap="beforeend"',
                           'hx-target:inherited="#rows" hx-swap:inherited="beforeend"')
    check_transformed(before, after, filename="page.templ", select=["HX110"])
