"""Remove `hx-inherit` and `hx-disinherit` where the `:inherited` placement says what they said.

What it does:
    htmx 4 reads neither attribute: an attribute reaches the elements below only when written
    `NAME:inherited`, which HX110 (and HX102, HX103, HX105, HX107, HX111 for theirs) writes
    where htmx 2 applied it there. Removed, with the whitespace before it:

    - `hx-inherit` (it counted only with htmx 2's `disableInheritance`, and then said what
      `:inherited` says now), unless it names `hx-params`, which htmx 4 has no attribute for;
    - `hx-disinherit` when nothing it names is left to block: the element does not carry the
      attribute (or does, and nothing below it would inherit it: the placement leaves it as it
      is either way), and no ancestor in the file sets it, the file holding the element's
      ancestors up to `<body>`.

    Reported instead: an `hx-disinherit` that keeps a container's own attribute from the elements
    below (the rules leave that attribute without `:inherited`, as htmx 2 read it, because the
    `hx-disinherit` is there: remove it once the page is migrated), one that blocks an
    ancestor's attribute (HX110 reports the ancestor), one whose ancestors are in another
    template, one that names `hx-vals`, `hx-headers`, `hx-vars` or `hx-request` on an element
    that has them (htmx 2 merged those whatever `hx-disinherit` said), template syntax.

Why:
    Left in the page the attributes do nothing in htmx 4, and look as if they did.

Example:
    <button hx-get="/a" hx-target="#out" hx-disinherit="hx-target">A</button>
    becomes
    <button hx-get="/a" hx-target="#out">A</button>

Fix safety:
    Safe: htmx 4 reads neither attribute, and the removal changes where no rule writes
    `:inherited`.
"""

from __future__ import annotations

from ...diagnostics import Diagnostic, fix
from ._attributes import (
    bare,
    elements_by_tag,
    inherited_below,
    inserts_elements,
    is_request_element,
)

CODE = "HX109"
NAME = "hx-inherit"
LANGUAGES = ("markup",)
FIX = "sometimes"
SAFETY = "safe"
TRIGGERS = ("inherit",)

# Attributes htmx 2 read on the closest element that has them, stopped by hx-disinherit
# (getClosestAttributeValue, findAttributeTargets), and those it merged over every ancestor
# whatever hx-disinherit said (getValuesForElement).
CLOSEST_2X = ("hx-boost", "hx-confirm", "hx-disabled-elt", "hx-encoding", "hx-include", "hx-indicator", "hx-params",
              "hx-prompt", "hx-push-url", "hx-replace-url", "hx-select", "hx-select-oob", "hx-swap", "hx-sync",
              "hx-target")
MERGED_2X = ("hx-headers", "hx-request", "hx-vals", "hx-vars")
# Renamed by the rules that place :inherited: the name the element carries afterwards.
_RENAMED = {"hx-disabled-elt": ("hx-disable",), "hx-vars": ("hx-vals",), "hx-request": ("hx-config",)}


def check(file):
    if file.target.core is None:
        return
    view = file.markup
    elements = None
    for tag in view.start_tags():
        for attr in tag.attrs:
            if attr.name_has_template:
                continue
            name = bare(attr.lname)
            if name not in ("hx-inherit", "hx-disinherit"):
                continue
            if attr.value is None or attr.value_has_template:
                yield Diagnostic(CODE, f"htmx 4 has no `{attr.name}`; its value is built by template syntax: write "
                                 "`NAME:inherited` on the attributes the elements below should read, then remove it",
                                 attr.start, attr.end)
                continue
            if elements is None:
                elements = elements_by_tag(view)
            element = elements.get(tag.start)
            if element is None:
                continue
            if name == "hx-inherit":
                yield from _inherit(view, tag, attr)
            else:
                yield from _disinherit(view, element, tag, attr)


def _names(value: str) -> list[str]:
    """What the value names (htmx 2 split it on spaces); `*` is every attribute htmx 2 inherited."""
    names = value.split()
    return list(CLOSEST_2X + MERGED_2X) if "*" in names else names


def _has(tag, name: str):
    """The element's attribute ``name`` (or what a rule renames it to), any prefix, any suffix."""
    wanted = (name, *_RENAMED.get(name, ()))
    for attr in tag.attrs:
        if not attr.name_has_template and bare(attr.lname).split(":", 1)[0] in wanted:
            return attr
    return None


def _inherit(view, tag, attr):
    params = _has(tag, "hx-params")
    if params is not None and "hx-params" in _names(attr.value):
        yield Diagnostic(CODE, f"htmx 4 has no `{attr.name}`, and no `:inherited` for `hx-params`, which it names: the "
                         "requests below filter their parameters only with a listener of their own (see HX104)",
                         attr.start, attr.end)
        return
    yield Diagnostic(CODE, f"htmx 4 has no `{attr.name}` (it counted only with htmx 2's `disableInheritance`): the "
                     "attributes that reach the elements below are written `NAME:inherited`", attr.start, attr.end,
                     fix(view.remove_attr(tag, attr)))


def _disinherit(view, element, tag, attr):
    reasons = []
    for name in dict.fromkeys(_names(attr.value)):
        own = _has(tag, name)
        if name in MERGED_2X:
            if own is not None and _reaches(view, element, name):
                reasons.append(f"htmx 2 merged `{own.name}` into the requests below whatever `{attr.name}` said (it "
                               f"stops only attributes read on the closest element): write `{own.name}:inherited` if "
                               "they should keep sending it")
            continue
        if name == "hx-boost" and own is not None and own.lname.endswith(":inherited") and \
                (own.value or "").strip() == "false":
            continue  # HX111 says what it said: the boost stops here
        if own is not None and _placed_below(view, element, name):
            if name == "hx-disabled-elt":
                reasons.append(f"it keeps `{own.name}` to this element, but HX102 writes its new name with "
                               "`:inherited`: write `hx-disable` without `:inherited` by hand")
            else:
                reasons.append(f"it keeps `{own.name}` to this element, which the rules leave without `:inherited` "
                               f"because `{attr.name}` is there: remove it once the page is migrated")
            continue
        if not _reaches(view, element, name):
            continue
        ancestor = _ancestor_with(element, name)
        if name == "hx-boost" and ancestor is not None and _stopped_by_hx111(element, ancestor):
            continue  # HX111 writes hx-boost:inherited="false" here
        if ancestor is not None:
            reasons.append(f"it stops the `{ancestor.name}` of an ancestor from reaching the elements below (see the "
                           "ancestor's finding): give them their own value")
        elif not _whole_page(element):
            reasons.append("an ancestor in another template may set what it names, which it stops from reaching "
                           "the elements below: give them their own value there")
    if reasons:
        yield Diagnostic(CODE, f"htmx 4 has no `{attr.name}`: {'; '.join(dict.fromkeys(reasons))}", attr.start,
                         attr.end)
        return
    yield Diagnostic(CODE, f"htmx 4 has no `{attr.name}`, and nothing it names reaches the elements below here (the "
                     "attributes that do are written `NAME:inherited`)", attr.start, attr.end,
                     fix(view.remove_attr(tag, attr)))


def _reaches(view, element, name: str) -> bool:
    """Whether something below the element could read ``name`` of it or an ancestor: a request
    element (a link or form for `hx-boost`) that does not set it, or template syntax that may
    render one."""
    if inserts_elements(view, element):
        return True
    stack = list(element.children)
    while stack:
        child = stack.pop()
        if _has(child.tag, name) is not None:
            continue
        if is_request_element(child.tag) or name == "hx-boost" and child.tag.lname in ("a", "form"):
            return True
        stack.extend(child.children)
    return False


def _placed_below(view, element, name: str) -> bool:
    """Whether the rule that places `:inherited` on the element's ``name`` would, without the
    `hx-disinherit`."""
    if name == "hx-boost":
        tag = element.tag.lname
        return tag != "a" and (tag != "form" or _reaches(view, element, name))
    return inherited_below(view, element, name)


def _stopped_by_hx111(element, ancestor) -> bool:
    """Whether HX111 writes `hx-boost:inherited="false"` on the element, where htmx 2 stopped the
    ancestor's boost: a plain `hx-boost` above it that boosts, on an element without its own that
    is neither a link nor a form (which htmx 2 still boosted itself)."""
    return (bare(ancestor.lname) == "hx-boost" and not ancestor.value_has_template and
            (ancestor.value or "").strip() == "true" and element.tag.lname not in ("a", "form") and
            not element.tag.has_template())


def _ancestor_with(element, name: str):
    parent = element.parent
    while parent is not None:
        found = _has(parent.tag, name)
        if found is not None:
            return found
        parent = parent.parent
    return None


def _whole_page(element) -> bool:
    """Whether the file holds the element's ancestors up to `<body>` (or `<html>`)."""
    node = element
    while node is not None:
        if node.tag.lname in ("body", "html"):
            return True
        node = node.parent
    return False

