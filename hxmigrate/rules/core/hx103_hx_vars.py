"""Rewrite htmx 2's `hx-vars` as `hx-vals="js:..."`.

What it does:
    Renames `hx-vars` (and `data-hx-vars`) to `hx-vals` and puts `js:` before its value
    (`hx-vars="count: total()"` becomes `hx-vals="js:count: total()"`; a value that starts with
    `js:` or `javascript:` already keeps it). Where htmx 2 applied it to other elements by
    inheritance (on an element that makes no request itself, above request elements that do
    not set it, or around template syntax that may render some), the new name is
    `hx-vals:inherited`. An element that also has `hx-vals` gets one `hx-vals` with both, the
    `hx-vars` keys first, when its `hx-vals` is a JSON object (htmx 2 let `hx-vals` win, as the
    later keys of an object literal do). Reported instead: a value or name with template syntax,
    `unset`, an `hx-vals` that is not a JSON object, an element whose ancestors or descendants
    also set values (htmx 2 merged them all; htmx 4 joins an inherited `js:` value with
    nothing), and an expression that reads `event` or, where it reaches other elements, `this`.

Why:
    htmx 4 has no `hx-vars`: its values are never sent. htmx 4 evaluates a `js:` value of
    `hx-vals` as htmx 2 evaluated `hx-vars`, putting braces around it when it has none.

Example:
    <button hx-post="/save" hx-vars="width: window.innerWidth">Save</button>
    becomes
    <button hx-post="/save" hx-vals="js:width: window.innerWidth">Save</button>

Fix safety:
    Safe: the same expression is evaluated for the same requests, with `this` the requesting
    element (htmx 2 used the element that carries the attribute: the same one unless the value
    is inherited, which is reported when the expression reads `this`).
"""

from __future__ import annotations

import json
import re

from ...diagnostics import Diagnostic, fix
from ...edits import Edit
from ._attributes import (
    bare,
    elements_by_tag,
    inheritance_guarded,
    inherited_below,
    is_request_element,
    prefix_of,
)

CODE = "HX103"
NAME = "hx-vars"
LANGUAGES = ("markup",)
FIX = "sometimes"
SAFETY = "safe"
TRIGGERS = ("hx-vars",)
FACTS = ("implicit_inheritance", "inheritance_disabled")

_VALUES = ("hx-vars", "hx-vals")
_JS = re.compile(r"^\s*(?:js:|javascript:)")
_READS = re.compile(r"(?<![\w$.])(event|this)(?![\w$])")


@inheritance_guarded
def check(file):
    if file.target.core is None:
        return
    view = file.markup
    elements = None
    for tag in view.start_tags():
        for attr in tag.attrs:
            if attr.name_has_template or bare(attr.lname) != "hx-vars":
                continue
            if elements is None:
                elements = elements_by_tag(view)
            yield from _attribute(file, view, elements.get(tag.start), tag, attr)


def _attribute(file, view, element, tag, attr):
    prefix = prefix_of(attr.name)
    new = f"{prefix}hx-vals"
    value = attr.value or ""
    if attr.value_has_template:
        yield Diagnostic(CODE, f"`{attr.name}` is `{new}=\"js:...\"` in htmx 4; its value is built by template syntax: "
                         "write it by hand", attr.start, attr.end)
        return
    text = value.strip()
    if not text or text == "unset":
        what = "is empty" if not text else "is `unset` (htmx 2 stopped reading the ancestors' `hx-vars` there)"
        yield Diagnostic(CODE, f"`{attr.name}` {what}; htmx 4 has no `hx-vars`: remove it, or write what the requests "
                         f"should send in `{new}`", attr.start, attr.end)
        return
    below = not file.project.implicit_inheritance and inherited_below(view, element, "hx-vars")
    reads = set(_READS.findall(_body(text)))
    if "event" in reads:
        yield Diagnostic(CODE, f"`{attr.name}` reads `event`, which htmx 2 passed to it and htmx 4 does not (it "
                         f"passes `ctx`; the event is `ctx.sourceEvent`): write `{new}=\"js:...\"` by hand",
                         attr.start, attr.end)
        return
    if "this" in reads and (below or file.project.implicit_inheritance and _reaches_below(element)):
        yield Diagnostic(CODE, f"`{attr.name}` reads `this`, which htmx 2 set to this element and htmx 4 sets to the "
                         "element that makes the request, and htmx 2 applied it to the elements below: write "
                         f"`{new}:inherited=\"js:...\"` without `this` by hand", attr.start, attr.end)
        return
    merged = _merged_with(element)
    if merged:
        yield Diagnostic(CODE, f"`{attr.name}` was merged with {merged} in htmx 2; htmx 4 cannot join an inherited "
                         f"`js:` value with another: write one `{new}` with everything each request sends by hand",
                         attr.start, attr.end)
        return
    own = next((a for a in tag.attrs if not a.name_has_template and bare(a.lname).split(":", 1)[0] == "hx-vals"), None)
    suffix = ":inherited" if below else ""
    if own is not None:
        yield from _combined(view, tag, attr, own, new, text, below)
        return
    # htmx 2 trimmed the value; htmx 4 reads `js:` only at its very start.
    edits = [Edit(attr.start, attr.name_end, new + suffix)]
    start = attr.value_start + (len(value) - len(value.lstrip()))
    js = bool(_JS.match(text))
    if start > attr.value_start or not js:
        edits.append(Edit(attr.value_start, start, "" if js else "js:"))
    why = " (htmx 2 applied it to the elements below; htmx 4 only to an attribute written so)" if below else ""
    yield Diagnostic(CODE, f"`{attr.name}` is `{new}{suffix}` with a `js:` value in htmx 4{why}", attr.start,
                     attr.name_end, fix(*edits))


def _body(text: str) -> str:
    return _JS.sub("", text, count=1)


def _named(tag, names) -> bool:
    return any(not a.name_has_template and bare(a.lname).split(":", 1)[0] in names for a in tag.attrs)


def _merged_with(element) -> str:
    """What htmx 2 merged the element's `hx-vars` with, besides its own `hx-vals`: an ancestor's
    values, or those of a request element below it."""
    if element is None:
        return ""
    parent = element.parent
    while parent is not None:
        if _named(parent.tag, _VALUES):
            return "an ancestor's `hx-vars`/`hx-vals`"
        parent = parent.parent
    stack = list(element.children)
    while stack:
        child = stack.pop()
        if _named(child.tag, _VALUES):
            return "the `hx-vars`/`hx-vals` of an element below"
        stack.extend(child.children)
    return ""


def _reaches_below(element) -> bool:
    if element is None:
        return True
    stack = list(element.children)
    while stack:
        child = stack.pop()
        if is_request_element(child.tag):
            return True
        stack.extend(child.children)
    return not is_request_element(element.tag)


def _combined(view, tag, attr, own, new: str, text: str, below: bool):
    """One `hx-vals` with the `hx-vars` keys and then the `hx-vals` ones, where that is exact: the
    element's own request only, a plain JSON object in `hx-vals`, an `hx-vars` without `js:`."""
    vals = own.value or ""
    parsed = None
    if not below and not own.value_has_template and own.lname == prefix_of(own.name).lower() + "hx-vals" and \
            "&" not in vals and vals.strip().startswith("{") and not _JS.match(text):
        try:
            parsed = json.loads(vals)
        except ValueError:
            parsed = None
    body = vals.strip()[1:-1].strip()
    # In the quotes of `hx-vars`, which its text does not hold; the `hx-vals` text's are escaped.
    quote = attr.quote or '"'
    if quote in body:
        body = body.replace(quote, "&quot;" if quote == '"' else "&#39;")
    combined = f"js:{{{text}{', ' + body if body else ''}}}"
    if not isinstance(parsed, dict):
        yield Diagnostic(CODE, f"the element has `{attr.name}` and `{own.name}`, which htmx 2 merged (`hx-vals` winning"
                         f"{', for the elements below too' if below else ''}); htmx 4 reads one `hx-vals`: write "
                         f"`{new}=\"js:{{...}}\"` with both by hand", attr.start, attr.end)
        return
    edits = [Edit(own.start, own.end, f"{own.name}={quote}{combined}{quote}"), view.remove_attr(tag, attr)]
    yield Diagnostic(CODE, f"`{attr.name}` and `{own.name}` are one `{own.name}` with a `js:` value in htmx 4 (the "
                     "`hx-vals` keys last, as htmx 2 let them win)", attr.start, attr.name_end, fix(*edits))
