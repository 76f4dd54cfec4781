"""Write `:inherited` (and `:append`) where a page relies on htmx 2's inheritance.

What it does:
    For each attribute htmx 2 inherited (`hx-target`, `hx-swap`, `hx-select`,
    `hx-select-oob`, `hx-confirm`, `hx-headers`, `hx-vals`, `hx-include`, `hx-indicator`,
    `hx-push-url`, `hx-replace-url`, `hx-sync`, `hx-encoding`, `hx-boost`; `data-` forms
    too), appends `:inherited` to its name where htmx 2 applied it to other elements: on an
    element that makes no request itself (`<body hx-headers='{"X-CSRFToken": ...}'>`, a
    `<div hx-target="#main">` around links), on a request element with request elements
    below it that do not set the attribute, and on one whose content holds template syntax
    that may render some (an include, a block). An `hx-headers` or `hx-vals` of an element
    below another that sets it becomes `:append` (htmx 2 merged them). An ancestor's
    `hx-disinherit`, a `js:` value that would have to be merged, and (on a page written for
    htmx 4) an attribute that does nothing there without `:inherited` are reported. An
    `hx-include` or `hx-indicator` whose value holds htmx 2's `inherit` keyword (`inherit,
    #extra`: these and the closest ancestor's targets) becomes `hx-include:append="#extra"`
    below the ancestor's `hx-include:inherited` (an `inherit` alone is removed), where the
    ancestor's selectors mean the same read from the element (plain CSS, `document`, `body`;
    a whole `this` for `hx-indicator`); otherwise it is reported.
    `hx-disabled-elt` is HX102's, `hx-boost` on a container HX111's. Nothing but the
    `inherit` rewrite is written when the project turns htmx 4's `implicitInheritance` on
    (itself or through `htmx-2-compat.js`).

Why:
    htmx 4 inherits nothing by default: an attribute on an ancestor is read only when it is
    written `NAME:inherited` (and merged with the element's own when that one is written
    `NAME:append`). A CSRF header on `<body>` stops being sent, a container's `hx-target`
    stops retargeting its buttons, and nothing reports it. htmx 4 has no `inherit` keyword: it
    is a tag name there, which matches no element.

Example:
    <body hx-headers='{"X-CSRFToken": "{{ csrf_token }}"}'>
    becomes
    <body hx-headers:inherited='{"X-CSRFToken": "{{ csrf_token }}"}'>

Fix safety:
    Safe: `:inherited` reproduces htmx 2's reading (the element still reads its own value);
    `:append` reproduces its merge of flat JSON objects, and of `inherit`'s targets (the order
    of fields an `hx-include` sends may differ: htmx 4 puts the ancestor's first). Unsafe for
    an `inherit` value that lists `this`: htmx 2 read it as no element, htmx 4 as one.
    Unsafe when the project sets htmx 2's `disableInheritance: true` (a meta, a script): the
    pages that load it inherited nothing, and hxmigrate cannot tell which those are. The same
    holds for every HX rule that writes `:inherited` (HX102, HX103, HX105, HX107, HX111,
    HX208).
"""

from __future__ import annotations

from ...diagnostics import Diagnostic, fix
from ...edits import Edit
from ._attributes import (
    INHERITED_2X,
    MERGED_2X,
    bare,
    elements_by_tag,
    inheritance_guarded,
    inherited_below,
)
from ._inherit import (
    INHERIT_KEYWORD_2X,
    LISTED_THIS,
    has_inherit,
    plan_inherit,
    takes_inherit,
)
from ._pages import page_major

CODE = "HX110"
NAME = "inheritance"
LANGUAGES = ("markup",)
FIX = "sometimes"
SAFETY = "safe"
TRIGGERS = tuple(INHERITED_2X)
FACTS = ("implicit_inheritance", "htmx_majors", "inheritance_disabled")

_HANDLED_ELSEWHERE = ("hx-boost",)  # HX111


@inheritance_guarded
def check(file):
    if file.target.core is None:
        return
    # With htmx 4's implicitInheritance on, only htmx 2's `inherit` keyword is left to write.
    implicit = file.project.implicit_inheritance
    view = file.markup
    elements = None
    major = None
    for tag in view.start_tags():
        if tag.lname == "hx-partial":
            continue  # htmx 4 reads its hx-target and hx-swap itself, for its content
        for attr in tag.attrs:
            if attr.name_has_template:
                continue
            name = bare(attr.lname)
            if name not in INHERITED_2X or name in _HANDLED_ELSEWHERE:
                continue
            if implicit and not (name in INHERIT_KEYWORD_2X and has_inherit(attr.value)):
                continue
            if elements is None:
                elements = elements_by_tag(view)
                major = page_major(file)
            element = elements.get(tag.start)
            if element is None:
                continue
            if name == "hx-swap" and _connection(tag, attr):
                continue  # the extensions' own hx-swap="none" (WS101, SE101), or WS105's finding
            yield from _attribute(file, view, element, attr, name, major)


def _attribute(file, view, element, attr, name, major):
    keyword = name in INHERIT_KEYWORD_2X
    inherit = keyword and has_inherit(attr.value)
    taken = keyword and takes_inherit(element, name)
    below = inherited_below(view, element, name) or taken
    merged = name in MERGED_2X and _ancestor_with(element, name)
    if not below and not merged and not inherit:
        return
    if major == 4:
        if below and not merged:
            yield Diagnostic(CODE, f"`{attr.name}` reaches no other element in htmx 4 (this page is written for it): "
                             f"write `{attr.name}:inherited` if the elements below should use it", attr.start,
                             attr.name_end)
        return
    if inherit:
        yield from _inherit(file, view, element, attr, name, below)
        return
    if file.project.implicit_inheritance:
        return
    if name not in MERGED_2X and _disinherits(element.tag, name):
        return  # htmx 2 kept it to this element too, as htmx 4 does (merged values it did not stop)
    blocker = _disinherited(element, name)
    if blocker:
        yield Diagnostic(CODE, f"`{attr.name}`: {blocker}", attr.start, attr.name_end)
        return
    suffix = (":inherited" if below else "") + (":append" if merged else "")
    written = attr.lname + suffix
    if any(other is not attr and other.lname == written for other in element.tag.attrs):
        yield Diagnostic(CODE, f"`{attr.name}` is `{written}` in htmx 4, which the element already has: keep the "
                         "one htmx 2 read here and remove the other", attr.start, attr.name_end)
        return
    if merged and _is_js(attr.value) or merged and _ancestor_js(element, name):
        yield Diagnostic(CODE, f"`{attr.name}` was merged with an ancestor's in htmx 2; htmx 4 merges only with "
                         f"`{attr.name}{suffix}`, which joins the two values as text, and a `js:` value cannot be "
                         "joined so: write one value with everything by hand", attr.start, attr.name_end)
        return
    why = []
    if below and not (taken and not inherited_below(view, element, name)):
        why.append("htmx 2 applied it to the elements below")
    elif below:
        why.append(f"an element below adds it to its own with htmx 2's `inherit`, which htmx 4 does with "
                   f"`{name}:append` below an attribute written so")
    if merged:
        why.append("htmx 2 merged it with an ancestor's")
    yield Diagnostic(CODE, f"`{attr.name}` is `{attr.name}{suffix}` in htmx 4 ({' and '.join(why)}; htmx 4 "
                     "inherits only what says so)", attr.start, attr.name_end,
                     fix(Edit(attr.name_end, attr.name_end, suffix)))


def _inherit(file, view, element, attr, name, below):
    """`hx-include="inherit, #extra"` (or `hx-indicator`): htmx 2 added the closest ancestor's
    targets; htmx 4 merges the ancestor's `NAME:inherited` with `NAME:append`."""
    said = f"`{attr.name}=\"{attr.value}\"`: htmx 2's `inherit` added the targets of the closest ancestor's " \
           f"`{name}`; htmx 4 has no such keyword (it is a tag name there: no element)"
    plan = plan_inherit(element, attr, name, below, lambda a, found: _ready(file, a, found, name))
    if not plan.problem and below and (_disinherits(element.tag, name) or _disinherited(element, name)):
        plan.problem = "`hx-disinherit` keeps it from elements below, which htmx 4 cannot say"
    if not plan.problem and plan.value is None and name == "hx-indicator" and not plan.ancestor:
        plan.problem = ("no ancestor here has an `hx-indicator`: where none has one, htmx 2 showed no indicator, and "
                        "htmx 4, without the attribute, the element itself")
    if plan.problem:
        yield Diagnostic(CODE, f"{said}, and merges an ancestor's `{name}:inherited` with `{name}:append`, which is "
                         f"not exact here: {plan.problem}; rewrite it by hand", attr.start, attr.end)
        return
    if plan.value is None:
        start = attr.start
        while start > 0 and view.text[start - 1] in " \t\r\n":
            start -= 1
        message = f"{said}; with nothing else in the value, the attribute is removed: an element without one reads " \
                  f"the ancestor's `{name}:inherited` in htmx 4"
        edits = [Edit(start, attr.end, "")]
    else:
        new = attr.name + (":inherited" if below else "") + ":append"
        if any(other is not attr and other.lname == new.lower() for other in element.tag.attrs):
            yield Diagnostic(CODE, f"{said}; it is `{new}` in htmx 4, which the element already has: merge the two "
                             "by hand", attr.start, attr.name_end)
            return
        message = f"{said}; `{new}=\"{plan.value}\"` merges the ancestor's `{name}:inherited` with it"
        if below:
            message += " (htmx 2 applied it to the elements below it too)"
        edits = [Edit(attr.name_end, attr.name_end, new[len(attr.name):]),
                 Edit(attr.value_start, attr.value_end, plan.value)]
    unsafe = plan.unsafe
    if plan.listed_this:
        unsafe = unsafe or LISTED_THIS.format(what="it was not")
    if unsafe:
        message += f" (an unsafe fix: {unsafe})"
    yield Diagnostic(CODE, message, attr.start, attr.name_end, fix(*edits, safe=not unsafe))


def _ready(file, ancestor, found, name: str) -> tuple[str, str]:
    """Whether this rule leaves the ancestor's attribute where htmx 4 merges it with an
    element's `NAME:append`: written `NAME:inherited` (or plain, with implicitInheritance on)."""
    if file.project.implicit_inheritance:
        return "", ""
    if _disinherits(ancestor.tag, name):
        return (f"the ancestor disinherits its `{name}` (`hx-disinherit`), which htmx 2's `inherit` did not heed: "
                "htmx 4 shares it only as `:inherited`, with every element below"), ""
    if _disinherited(ancestor, name):
        return f"an element below the ancestor disinherits its `{name}`, which htmx 4 cannot say", ""
    if file.project.inheritance_disabled:
        return "", "the ancestor's `:inherited` is one too, as the project sets `disableInheritance: true`"
    return "", ""


def _named(tag, name: str):
    for attr in tag.attrs:
        if attr.name_has_template:
            continue
        base = bare(attr.lname).split(":", 1)[0]
        if base == name:
            return attr
    return None


def _ancestor_with(element, name: str) -> bool:
    parent = element.parent
    while parent is not None:
        if _named(parent.tag, name) is not None:
            return True
        parent = parent.parent
    return False


def _ancestor_js(element, name: str) -> bool:
    parent = element.parent
    while parent is not None:
        attr = _named(parent.tag, name)
        if attr is not None:
            return _is_js(attr.value)
        parent = parent.parent
    return False


def _is_js(value: str | None) -> bool:
    v = (value or "").lstrip()
    return v.startswith("js:") or v.startswith("javascript:")


def _disinherits(tag, name: str) -> bool:
    own = _named(tag, "hx-disinherit")
    return own is not None and own.value is not None and ("*" in own.value.split() or name in own.value.split())


def _disinherited(element, name: str) -> str:
    """Why the element's attribute cannot be marked :inherited: an element below disinherits
    it, which htmx 4 cannot express."""
    stack = list(element.children)
    while stack:
        child = stack.pop()
        if name not in MERGED_2X and _disinherits(child.tag, name):
            found = _named(child.tag, "hx-disinherit")
            return (f"an element below disinherits it (`{found.name}=\"{found.value}\"`), which stopped htmx 2 "
                    f"from reading `{name}` above it for the elements below that one; htmx 4 cannot say so: give "
                    "those elements their own value, then write `:inherited` here by hand")
        stack.extend(child.children)
    return ""


_WS_CONNECTS = ("ws-connect", "hx-ws:connect")


def _connection(tag, swap) -> bool:
    """Whether the `hx-swap` of ``tag`` is a connection element's that the extensions' rules
    decide: a WebSocket connection's (WS101, WS105), an SSE connection's `none` (SE101's), or
    any on an element already renamed to `hx-sse:connect` (a later pass: SE103 may have moved a
    listener's swap there, which nothing below inherited in htmx 2). The `hx-swap` of an
    `sse-connect` element is the author's, which requests below inherited in htmx 2: it becomes
    `hx-swap:inherited`, which htmx 4 also reads for the connection's own messages."""
    names = {bare(a.lname) for a in tag.attrs} | {a.lname for a in tag.attrs}
    if names & set(_WS_CONNECTS) or any(bare(a.lname) == "hx-ws" and "connect:" in (a.value or "") for a in tag.attrs):
        return True
    if "hx-sse:connect" in names:
        return True
    return "sse-connect" in names and (swap.value or "").strip().lower() == "none"
