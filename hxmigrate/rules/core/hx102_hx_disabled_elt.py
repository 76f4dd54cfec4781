"""Rename `hx-disabled-elt` to `hx-disable`, inherited where htmx 2 inherited it.

What it does:
    Renames `hx-disabled-elt` (and `data-hx-disabled-elt`) to htmx 4's `hx-disable`, keeping
    the value (`this`, `closest form`, `find button`, a selector list). Where htmx 2 applied
    it to other elements by inheritance (on an element that makes no request itself, such as
    a `<form>` around the buttons that post, above request elements that do not set it, or
    around template syntax that may render some: an include, a block),
    the new name is `hx-disable:inherited`. An element that already has htmx 4's
    `hx-disable` is reported.

Why:
    htmx 4 renamed the attribute, and reads an attribute of an ancestor only when it is
    written `NAME:inherited`: a plain rename on a container would stop disabling anything.
    htmx 4's `hx-disable` is no longer htmx 2's (that one is `hx-ignore` now, HX101); the two
    renames run in one pass.

Example:
    <button hx-post="/save" hx-disabled-elt="this">Save</button>
    becomes
    <button hx-post="/save" hx-disable="this">Save</button>
    and `<form hx-disabled-elt="find button">` becomes `<form hx-disable:inherited="find button">`.

Fix safety:
    Safe: the same elements are disabled for the same requests.
"""

from __future__ import annotations

from ...diagnostics import Diagnostic, fix
from ...edits import Edit
from ._attributes import (
    elements_by_tag,
    htmx_attrs,
    inheritance_guarded,
    inherited_below,
    prefix_of,
)

CODE = "HX102"
NAME = "hx-disabled-elt"
LANGUAGES = ("markup",)
FIX = "sometimes"
SAFETY = "safe"
FACTS = ("inheritance_disabled",)
TRIGGERS = ("hx-disabled-elt",)

_VALUE_2X = ("", "true", "false")


@inheritance_guarded
def check(file):
    if file.target.core is None:
        return
    view = file.markup
    elements = None
    for tag in view.start_tags():
        for attr in htmx_attrs(tag, "hx-disabled-elt"):
            prefix = prefix_of(attr.name)
            present = tag.attr(f"{prefix}hx-disable".lower())
            if present is not None and (present.value or "").strip().lower() not in _VALUE_2X:
                yield Diagnostic(CODE, f"`{attr.name}` is `hx-disable` in htmx 4, which the element already has: "
                                 "merge the two selectors by hand", attr.start, attr.end)
                continue
            if elements is None:
                elements = elements_by_tag(view)
            inherited = inherited_below(view, elements.get(tag.start), "hx-disabled-elt")
            new = f"{prefix}hx-disable" + (":inherited" if inherited else "")
            why = " (htmx 2 applied it to the requests below it; htmx 4 only to an attribute written so)" \
                if inherited else ""
            yield Diagnostic(CODE, f"`{attr.name}` is `{new}` in htmx 4{why}", attr.start, attr.name_end,
                             fix(Edit(attr.start, attr.name_end, new)))
