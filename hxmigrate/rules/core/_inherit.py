"""htmx 2's `inherit` keyword in `hx-disabled-elt`, `hx-include` and `hx-indicator`, and how
HX102 and HX110 write it for htmx 4 (`NAME:append` below the ancestor's `NAME:inherited`).

findAttributeTargets (2.0.8), which read the three: a value holding the word `inherit`
between commas also took the targets of the closest ancestor that has the attribute
(hasAttribute: whatever hx-disinherit or disableInheritance say), resolved from that
ancestor; the rest of the value, `inherit` included, went to querySelectorAllExt (where
`inherit` and a `this` in a list are tag names: no element). htmx 4 reads `inherit` as a tag
name too; it merges the closest `NAME:inherited` (or `NAME:inherited:append`) ancestor's
value with the element's own written `NAME:append`, as one list read from the element."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ._attributes import bare

INHERIT_KEYWORD_2X = ("hx-disabled-elt", "hx-include", "hx-indicator")
_INHERIT = re.compile(r"(^|,)(\s*)inherit(\s*)($|,)")  # htmx 2's own test
# Selectors htmx 4 resolves from the element that makes the request (htmx 2 from the ancestor
# whose value held them), `global` (one prefix of the whole value) and htmx 2's `root`.
_RELATIVE = re.compile(r"(?:closest|find|findAll|next|previous)(?:\s|$)|(?:nextElementSibling|"
                       r"previousElementSibling|host)$")
_WHOLE_VALUE = re.compile(r"global\s|root$")

LISTED_THIS = (
    "`this` in a list was no element in htmx 2, which read it as the element only when it was the whole value (in a "
    "list it is the CSS selector `this`, a tag name), so {what} included; htmx 4 reads `this` anywhere in the list "
    "as the element, which is likely what was meant: keep it so, or leave `this` out to keep what htmx 2 did"
)


def has_inherit(value: str | None) -> bool:
    """Whether htmx 2 read the `inherit` keyword in the value."""
    return value is not None and _INHERIT.search(value) is not None


def selector_parts(value: str) -> list[str]:
    """The parts of a selector list as querySelectorAllExt split it (at the commas outside
    `<.../>`), trimmed, a `<x/>` read as `x`."""
    parts, chevrons, start = [], 0, 0
    for i, c in enumerate(value):
        if c == "," and chevrons == 0:
            parts.append(value[start:i])
            start = i + 1
        elif c == "<":
            chevrons += 1
        elif c == "/" and value[i + 1:i + 2] == ">":
            chevrons -= 1
    parts.append(value[start:])
    out = []
    for p in parts:
        p = p.strip()
        if p.startswith("<") and p.endswith("/>"):
            p = p[1:-2].strip()
        out.append(p)
    return out


def own_attr(tag, name: str):
    """The element's attribute under htmx 2's name (either prefix, no suffix)."""
    for attr in tag.attrs:
        if not attr.name_has_template and bare(attr.lname) == name:
            return attr
    return None


def takes_inherit(element, name: str) -> bool:
    """Whether an element below reads this one's ``name`` with htmx 2's `inherit` (the
    closest ancestor that has the attribute is this one): htmx 4 shares it only when it is
    written `NAME:inherited`."""
    stack = list(element.children)
    while stack:
        child = stack.pop()
        attr = own_attr(child.tag, name)
        if attr is not None:
            if has_inherit(attr.value):
                return True
            continue
        stack.extend(child.children)
    return False


@dataclass
class InheritPlan:
    value: str | None  # the value without `inherit`; None: nothing is left
    listed_this: bool  # a `this` in the list: no element in htmx 2, an element in htmx 4
    problem: str  # why no rewrite is exact, "" when one is
    unsafe: str  # why the rewrite is an unsafe fix, "" when it is safe
    ancestor: bool = False  # an ancestor here has the attribute


def plan_inherit(element, attr, name: str, below: bool, ready, ancestor_this_in_list: bool = False) -> InheritPlan:
    """How an element's value that holds htmx 2's `inherit` is written for htmx 4: the rest of
    the value, written `NAME:append`, which htmx 4 merges with the closest `NAME:inherited`
    ancestor's (the rule writes that one). Exact when the ancestors' values hold selectors that
    mean the same read from this element (htmx 2 read them from the ancestor): plain CSS,
    `document`, `window`, `body`, a whole `this` (the ancestor itself, where htmx 4 reads
    `this` as the element that has it: hx-disable, hx-indicator). ``ready(ancestor, attr)``
    gives (problem, unsafe) of the ancestor's own rewrite; ``below``: the element's value
    reaches elements below it. ``ancestor_this_in_list``: the ancestor's `this, ...` is the
    rule's unsafe fix (which ``ready`` says), so the merge may hold it as that fix does."""
    value = attr.value or ""
    rest = [p for p in selector_parts(value) if p and p != "inherit"]
    listed_this = "this" in rest
    if attr.value_has_template:
        return InheritPlan(None, listed_this, "the value is built by template syntax", "")
    for p in rest:
        if _WHOLE_VALUE.match(p):
            return InheritPlan(None, listed_this, f"`{p}` reads differently in htmx 4", "")
        if below and (_RELATIVE.match(p) or p == "this"):
            return InheritPlan(None, listed_this, f"`{p}` was resolved from this element too for the elements below "
                               "it in htmx 2 (`inherit` took this element's value again), only from each of them in "
                               "htmx 4", "")
    joiner = ", " if attr.quote else ","
    plan = InheritPlan(joiner.join(rest) or None, listed_this, "", "")
    node = element.parent
    while node is not None:
        found = own_attr(node.tag, name)
        if found is None:
            node = node.parent
            continue
        plan.ancestor = True
        problem, unsafe = ready(node, found)
        if problem:
            plan.problem = problem
            return plan
        plan.unsafe = plan.unsafe or unsafe
        if found.value_has_template or not found.value:
            what = "built by template syntax" if found.value else "empty"
            plan.problem = f"the value of the ancestor's `{found.name}` is {what}"
            return plan
        if found.value == "this":
            if name == "hx-include":
                plan.problem = ("the ancestor's `this` was the ancestor in htmx 2; in a merged `hx-include` htmx 4 "
                                "reads `this` as the element that makes the request")
                return plan
            return plan
        theirs = selector_parts(found.value)
        for p in theirs:
            if p == "this" and not ancestor_this_in_list:
                plan.problem = (f"the ancestor's `{found.name}` lists `this`: no element in htmx 2, an element in "
                                "htmx 4")
                return plan
            if _RELATIVE.match(p) or _WHOLE_VALUE.match(p):
                plan.problem = (f"the ancestor's `{p}` was resolved from the ancestor in htmx 2; htmx 4 resolves the "
                                "merged value from this element")
                return plan
        if "inherit" not in theirs:
            return plan
        node = node.parent
    return plan
