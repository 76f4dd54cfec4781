"""Keep sending the form with an `hx-delete` inside it: `hx-include="closest form"`.

What it does:
    Adds `hx-include="closest form"` (`data-hx-include` after a `data-hx-delete`) to an element
    with `hx-delete` inside a `<form>` (not the form itself), and `hx-include="#ID"` to a
    button or input whose `form="ID"` names its form. Reported instead: an element that has its
    own `hx-include`, or an ancestor's (htmx 2 sent both the form and what they name), a `form`
    attribute that is not a plain id, template syntax in it, and (on a page written for htmx 4)
    nothing at all.

Why:
    htmx 2 sent the fields of the element's form with every request but a GET, a DELETE too
    (in the URL, as for a GET). htmx 4 treats DELETE like GET: it leaves the enclosing form out
    unless `hx-include` names it, and the server stops receiving the fields. GET is unchanged:
    neither release sends the enclosing form.

Example:
    <form><input name="reason"><button hx-delete="/items/1">Delete</button></form>
    becomes
    <form><input name="reason"><button hx-delete="/items/1" hx-include="closest form">Delete</button></form>

Fix safety:
    Safe: the same fields are sent, in the URL as before.
"""

from __future__ import annotations

import re

from ...diagnostics import Diagnostic, fix
from ...edits import Edit
from ._attributes import bare, elements_by_tag, prefix_of
from ._pages import page_major

CODE = "HX113"
NAME = "delete-form"
LANGUAGES = ("markup",)
FIX = "sometimes"
SAFETY = "safe"
TRIGGERS = ("hx-delete",)
FACTS = ("htmx_majors",)

# Elements a `form` attribute associates with a form elsewhere in the page.
_FORM_ASSOCIATED = ("button", "input", "select", "textarea", "fieldset", "object", "output")
_PLAIN_ID = re.compile(r"^[A-Za-z_][\w-]*$")


def check(file):
    if file.target.core is None:
        return
    view = file.markup
    elements = None
    major = None
    for tag in view.start_tags():
        if tag.lname == "form":
            continue
        for attr in tag.attrs:
            if attr.name_has_template or bare(attr.lname) != "hx-delete":
                continue
            if elements is None:
                elements = elements_by_tag(view)
                major = page_major(file)
            if major == 4:
                continue  # written for htmx 4: its DELETE leaves the form out on purpose
            element = elements.get(tag.start)
            if element is None:
                continue
            yield from _element(view, element, tag, attr)
            break


def _element(view, element, tag, attr):
    include = None
    owner = tag.attr("form") if tag.lname in _FORM_ASSOCIATED else None
    if owner is not None:
        if owner.value_has_template or not _PLAIN_ID.match((owner.value or "").strip()):
            yield Diagnostic(CODE, f"htmx 2 sent the form `{owner.name}=\"{owner.value}\"` names with this "
                             f"`{attr.name}`, htmx 4 does not: add `hx-include` with a selector of that form",
                             attr.start, attr.end)
            return
        include = "#" + owner.value.strip()
    else:
        parent = element.parent
        while parent is not None and parent.tag.lname != "form":
            parent = parent.parent
        if parent is None:
            return
        include = "closest form"
    name = f"{prefix_of(attr.name)}hx-include"
    own = next((a for a in tag.attrs if not a.name_has_template and bare(a.lname).split(":", 1)[0] == "hx-include"),
               None)
    if own is not None:
        if own.value is not None and include in [p.strip() for p in own.value.split(",")]:
            return  # its form is included already
        yield Diagnostic(CODE, f"htmx 2 sent this `{attr.name}` with its form and what `{own.name}` names; htmx 4 "
                         f"sends only the latter: add `{include}` to `{own.name}` (htmx 2 let the form's fields win "
                         "where both have a name)", attr.start, attr.end)
        return
    ancestor = _ancestor_include(element)
    if ancestor is not None:
        yield Diagnostic(CODE, f"htmx 2 sent this `{attr.name}` with its form and what an ancestor's `{ancestor.name}` "
                         f"names; htmx 4 sends neither: write the element's own `{name}` with `{include}` and that "
                         "selector by hand", attr.start, attr.end)
        return
    quote = attr.quote or '"'
    yield Diagnostic(CODE, f"htmx 2 sent the fields of its form with this `{attr.name}`; htmx 4 sends them only when "
                     f"`{name}` names the form: `{name}={quote}{include}{quote}`", attr.start, attr.end,
                     fix(Edit(attr.end, attr.end, f" {name}={quote}{include}{quote}")))


def _ancestor_include(element):
    parent = element.parent
    while parent is not None:
        for a in parent.tag.attrs:
            if not a.name_has_template and bare(a.lname).split(":", 1)[0] == "hx-include":
                return a
        parent = parent.parent
    return None
