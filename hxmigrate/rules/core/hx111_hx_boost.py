"""Write `hx-boost:inherited` on a container that boosts the links and forms inside it.

What it does:
    Appends `:inherited` to `hx-boost` (and `data-hx-boost`) on an element other than the
    link or form it boosts: `<body hx-boost="true">`, a `<nav>`, a `<form>` with links in it,
    an element around template syntax that may render some (an include, a block). An
    `hx-boost="false"` below a boosted container is a container too: written
    `hx-boost:inherited="false"`, it keeps stopping the boost for what is inside it. On a link
    or a form without links the attribute stays. Reported: a value htmx 2 did not boost with
    (anything but `true` and `false`: htmx 4 boosts with every value but `false`), an element
    below that disinherits `hx-boost`, and (on a page written for htmx 4) a container's
    `hx-boost` without `:inherited`. Nothing is written when the project turns htmx 4's
    `implicitInheritance` on.

Why:
    htmx 4 decides for each `<a>` and `<form>` whether it is boosted by reading its own
    `hx-boost`, or an ancestor's written `hx-boost:inherited`; a plain `hx-boost` on a container
    boosts nothing, and the site goes back to full page loads without a word.

Example:
    <body hx-boost="true">
    becomes
    <body hx-boost:inherited="true">

Fix safety:
    Safe: the same links and forms are boosted (HX-Boosted is sent, the body is swapped), and
    those below an `hx-boost="false"` are not.
"""

from __future__ import annotations

from ...diagnostics import Diagnostic, fix
from ...edits import Edit
from ._attributes import (
    bare,
    elements_by_tag,
    htmx_attrs,
    inheritance_guarded,
    inserts_elements,
    prefix_of,
)
from ._pages import page_major

CODE = "HX111"
NAME = "hx-boost"
LANGUAGES = ("markup",)
FIX = "sometimes"
SAFETY = "safe"
TRIGGERS = ("hx-boost",)
FACTS = ("implicit_inheritance", "htmx_majors", "inheritance_disabled")

_BOOSTED = ("a", "form")


@inheritance_guarded
def check(file):
    if file.target.core is None or file.project.implicit_inheritance:
        return
    view = file.markup
    elements = None
    major = None
    for tag in view.start_tags():
        for attr in htmx_attrs(tag, "hx-boost"):
            if elements is None:
                elements = elements_by_tag(view)
                major = page_major(file)
            element = elements.get(tag.start)
            if element is None or not _container(view, element):
                continue
            value = (attr.value or "").strip()
            if major == 4:
                yield Diagnostic(CODE, f"`{attr.name}` on a container boosts nothing in htmx 4 (this page is written "
                                 f"for it): write `{attr.name}:inherited` to boost the links and forms inside it",
                                 attr.start, attr.name_end)
                continue
            if _disinherits(tag):
                continue  # htmx 2 kept it to this element, which is no link or form: it boosted nothing
            if not attr.value_has_template and value not in ("true", "false"):
                yield Diagnostic(CODE, f"`{attr.name}=\"{value}\"` boosted nothing in htmx 2 (only `true` did); htmx 4 "
                                 f"boosts with every value but `false` (its value may set request options): write "
                                 f"`{attr.name}:inherited=\"true\"` to boost what is inside, or remove it", attr.start,
                                 attr.end)
                continue
            stops, blocker = _disinherited(element)
            if blocker:
                yield Diagnostic(CODE, f"`{attr.name}`: an element below disinherits it (`{blocker}`), which stopped "
                                 "htmx 2 from boosting the links and forms below that one; write "
                                 f"`{attr.name}:inherited` here and `hx-boost:inherited=\"false\"` on what that "
                                 "element holds by hand", attr.start, attr.name_end)
                continue
            what = "stopped the boost for" if value == "false" else "boosted"
            edits = [Edit(attr.name_end, attr.name_end, ":inherited")]
            note = ""
            if stops and value != "false":
                # htmx 2 stopped at an element that disinherits hx-boost; htmx 4 at one that says false.
                new = f' {prefix_of(attr.name)}hx-boost:inherited="false"'
                edits += [Edit(tag.name_end, tag.name_end, new) for tag in stops]
                note = (f", and `hx-boost:inherited=\"false\"` where an element below disinherits it, as htmx 2 "
                        "boosted nothing inside that one")
            yield Diagnostic(CODE, f"`{attr.name}` is `{attr.name}:inherited` in htmx 4 (htmx 2 {what} the links and "
                             f"forms inside it; htmx 4 reads a container's only when written so){note}", attr.start,
                             attr.name_end, fix(*edits))


def _container(view, element) -> bool:
    """Whether the element's `hx-boost` reached links or forms other than itself in htmx 2."""
    if element.tag.lname not in _BOOSTED:
        return True
    if element.tag.lname == "a":
        return False  # links do not nest
    if inserts_elements(view, element):
        return True
    stack = list(element.children)
    while stack:
        child = stack.pop()
        if child.tag.lname in _BOOSTED:
            return True
        stack.extend(child.children)
    return False


def _disinherits(tag) -> bool:
    for attr in htmx_attrs(tag, "hx-disinherit"):
        names = (attr.value or "").split()
        if "*" in names or "hx-boost" in names:
            return True
    return False


def _disinherited(element):
    """(the tags of the elements below that disinherit `hx-boost`, where htmx 4 says the same with
    `hx-boost:inherited="false"`; the first one where it cannot: a link or form, which htmx 2
    still boosted itself, or one with its own `hx-boost`, whose value htmx 2 did not pass on)."""
    stops = []
    stack = list(element.children)
    while stack:
        child = stack.pop()
        own = any(bare(a.lname).split(":", 1)[0] == "hx-boost" for a in child.tag.attrs)
        if _disinherits(child.tag):
            if own or child.tag.lname in _BOOSTED or child.tag.has_template():
                found = next(htmx_attrs(child.tag, "hx-disinherit"))
                return stops, f'{found.name}="{found.value}"'
            stops.append(child.tag)
            continue
        if not own:
            stack.extend(child.children)
    return sorted(stops, key=lambda t: t.start), ""
