"""Rename `hx-disabled-elt` to `hx-disable`, inherited where htmx 2 inherited it.

What it does:
    Renames `hx-disabled-elt` (and `data-hx-disabled-elt`) to htmx 4's `hx-disable`, keeping
    the value (`this`, `closest form`, `find button`, a selector list). Where htmx 2 applied
    it to other elements by inheritance (on an element that makes no request itself, such as
    a `<form>` around the buttons that post, above request elements that do not set it, or
    around template syntax that may render some: an include, a block),
    the new name is `hx-disable:inherited`. An element that already has htmx 4's
    `hx-disable` is reported.
    A value with htmx 2's `inherit` keyword (`inherit, #export`: these elements and those of
    the closest ancestor's `hx-disabled-elt`) becomes `hx-disable:append="#export"` (an
    `hx-disabled-elt="inherit"` alone is removed), and that ancestor's `hx-disable:inherited`,
    where the ancestor's selectors mean the same read from the element (plain CSS, `document`,
    `body`, a whole `this`); `closest`, `find`, `next`, `previous` in the ancestor's value,
    which htmx 2 resolved from the ancestor, are reported.

Why:
    htmx 4 renamed the attribute, and reads an attribute of an ancestor only when it is
    written `NAME:inherited`: a plain rename on a container would stop disabling anything.
    htmx 4's `hx-disable` is no longer htmx 2's (that one is `hx-ignore` now, HX101); the two
    renames run in one pass. htmx 4 has no `inherit` keyword (it is a tag name there, and
    matches no element): it merges the closest `hx-disable:inherited` ancestor's value with an
    element's `hx-disable:append`. htmx 2 read `this` as the element itself only when it was
    the whole value: in `this, #cancel` it is the CSS selector `this`, so only `#cancel` was
    disabled; htmx 4 reads `this` anywhere in the list, and disables the element too.

Example:
    <button hx-post="/save" hx-disabled-elt="this">Save</button>
    becomes
    <button hx-post="/save" hx-disable="this">Save</button>
    and `<form hx-disabled-elt="find button">` becomes `<form hx-disable:inherited="find button">`;
    `<div hx-disabled-elt="#refresh">` around `<button hx-disabled-elt="inherit, #export">`
    becomes `<div hx-disable:inherited="#refresh">` around `<button hx-disable:append="#export">`.

Fix safety:
    Safe: the same elements are disabled for the same requests. Unsafe for a value that lists
    `this` (`this, #cancel`): htmx 4 also disables the element, as was likely meant, where htmx
    2 did not (leave `this` out to keep htmx 2's behaviour), and for an `inherit` whose
    ancestor's rename is unsafe.
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
from ._inherit import (
    LISTED_THIS,
    has_inherit,
    plan_inherit,
    selector_parts,
    takes_inherit,
)

CODE = "HX102"
NAME = "hx-disabled-elt"
LANGUAGES = ("markup",)
FIX = "sometimes"
SAFETY = "safe"
FACTS = ("inheritance_disabled", "implicit_inheritance")
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
            element = elements.get(tag.start)
            inherited = inherited_below(view, element, "hx-disabled-elt")
            taken = element is not None and takes_inherit(element, "hx-disabled-elt")
            if element is not None and has_inherit(attr.value):
                yield from _inherit(file, view, element, attr, prefix, inherited or taken)
                continue
            new = f"{prefix}hx-disable" + (":inherited" if inherited or taken else "")
            why = " (htmx 2 applied it to the requests below it; htmx 4 only to an attribute written so)" \
                if inherited else " (an element below adds it to its own with htmx 2's `inherit`, which htmx 4 " \
                "does with `hx-disable:append` below an attribute written so)" if taken else ""
            unsafe = _listed_this(attr)
            if unsafe:
                why += f" (an unsafe fix: {unsafe})"
            yield Diagnostic(CODE, f"`{attr.name}` is `{new}` in htmx 4{why}", attr.start, attr.name_end,
                             fix(Edit(attr.start, attr.name_end, new), safe=not unsafe))


def _listed_this(attr) -> str:
    """Why the rename changes what a value that lists `this` (`this, #cancel`) disables; ""
    when it does not."""
    value = attr.value
    if value is None or value == "this" or attr.value_has_template or "this" not in selector_parts(value):
        return ""
    return LISTED_THIS.format(what="the element was not")


def _inherit(file, view, element, attr, prefix, below):
    """`hx-disabled-elt="inherit, #export"`: htmx 2 added the closest ancestor's elements;
    htmx 4 merges the ancestor's `hx-disable:inherited` with `hx-disable:append`."""
    plan = plan_inherit(element, attr, "hx-disabled-elt", below, lambda a, found: _ready(file, a, found), True)
    unsafe = plan.unsafe
    said = f"`{attr.name}=\"{attr.value}\"`: htmx 2's `inherit` added the elements of the closest ancestor's " \
           "`hx-disabled-elt`; htmx 4 has no such keyword (it is a tag name there: no element)"
    if plan.problem:
        yield Diagnostic(CODE, f"{said}, and merges an ancestor's `hx-disable:inherited` with `hx-disable:append`, "
                         f"which is not exact here: {plan.problem}; rewrite it by hand", attr.start, attr.end)
        return
    if file.project.implicit_inheritance:
        unsafe = unsafe or ("with `implicitInheritance` on, htmx 4 reads no ancestor's `hx-disable:inherited` "
                            "(only a plain `hx-disable`)")
    if plan.value is None:
        start = attr.start
        while start > 0 and view.text[start - 1] in " \t\r\n":
            start -= 1
        message = f"{said}; with nothing else in the value, the attribute is removed: an element without one " \
                  "reads the ancestor's `hx-disable:inherited` in htmx 4"
        edits = [Edit(start, attr.end, "")]
    else:
        new = f"{prefix}hx-disable" + (":inherited" if below else "") + ":append"
        if element.tag.attr(new.lower()) is not None:
            yield Diagnostic(CODE, f"{said}; it is `{new}` in htmx 4, which the element already has: merge the two "
                             "by hand", attr.start, attr.end)
            return
        message = f"{said}; `{new}=\"{plan.value}\"` merges the ancestor's `hx-disable:inherited` with it"
        if below:
            message += " (htmx 2 applied it to the requests below it too)"
        edits = [Edit(attr.start, attr.name_end, new), Edit(attr.value_start, attr.value_end, plan.value)]
    if plan.listed_this:
        unsafe = unsafe or LISTED_THIS.format(what="the element was not")
    if unsafe:
        message += f" (an unsafe fix: {unsafe})"
    yield Diagnostic(CODE, message, attr.start, attr.name_end, fix(*edits, safe=not unsafe))


def _ready(file, ancestor, found) -> tuple[str, str]:
    """Whether this rule writes the ancestor's `hx-disabled-elt` as `hx-disable:inherited`
    (problem, unsafe)."""
    present = ancestor.tag.attr(f"{prefix_of(found.name)}hx-disable".lower())
    if present is not None and (present.value or "").strip().lower() not in _VALUE_2X:
        return "the ancestor already has htmx 4's `hx-disable`, and its `hx-disabled-elt` is merged by hand", ""
    if _listed_this(found):
        return "", "the ancestor's rename is one: " + LISTED_THIS.format(what="the ancestor was not")
    if file.project.inheritance_disabled:
        return "", "the ancestor's `:inherited` is one too, as the project sets `disableInheritance: true`"
    return "", ""
