"""HX113: an hx-delete inside a form sent the form in htmx 2; htmx 4 needs hx-include."""

from __future__ import annotations

import pytest

from hxmigrate.testing import check_noop, check_transformed, run

HTML = dict(filename="page.html", select=["HX113"])
CDN4 = '<script src="https://cdn.jsdelivr.net/npm/htmx.org@4.0.1/dist/htmx.min.js"></script>\n'


@pytest.mark.parametrize(
    "before, after",
    [
        ('<form><input name="r"><button hx-delete="/i/1">D</button></form>',
         '<form><input name="r"><button hx-delete="/i/1" hx-include="closest form">D</button></form>'),
        ("<form><div><a data-hx-delete='/i/1'>D</a></div></form>",
         "<form><div><a data-hx-delete='/i/1' data-hx-include='closest form'>D</a></div></form>"),
        # a button tied to a form elsewhere
        ('<form id="f1"></form><button hx-delete="/i/1" form="f1">D</button>',
         '<form id="f1"></form><button hx-delete="/i/1" hx-include="#f1" form="f1">D</button>'),
    ],
)
def test_transformed(before, after):
    check_transformed(before, after, **HTML)


@pytest.mark.parametrize(
    "source",
    [
        '<form hx-delete="/i/1"><input name="r"></form>',  # the form itself: sent in both
        '<form><button hx-get="/i/1">G</button></form>',  # GET: sent in neither
        '<form><button hx-post="/i/1">P</button></form>',  # POST: sent in both
        '<button hx-delete="/i/1">D</button>',
        '<form><button hx-delete="/i/1" hx-include="closest form, #extra">D</button></form>',
        CDN4 + '<form><button hx-delete="/i/1">D</button></form>',
        '<div form="x" hx-delete="/i/1">D</div>',  # no form-associated element
    ],
)
def test_noop(source):
    check_noop(source, **HTML)


@pytest.mark.parametrize(
    "source, fragment",
    [
        ('<form><button hx-delete="/i/1" hx-include="#extra">D</button></form>', "add `closest form` to `hx-include`"),
        ('<form hx-include="#extra"><button hx-delete="/i/1">D</button></form>', "an ancestor's `hx-include`"),
        ('<button hx-delete="/i/1" form="{{ form_id }}">D</button>', "a selector of that form"),
    ],
)
def test_reported(source, fragment):
    fixed, first, _ = run(source, **HTML)
    assert fixed == source
    assert any(d.fix is None and fragment in d.message for d in first), [d.message for d in first]
