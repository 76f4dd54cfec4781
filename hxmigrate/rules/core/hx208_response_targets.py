"""Rewrite the response-targets extension's `hx-target-CODE` attributes to htmx 4's `hx-status:CODE`.

What it does:
    Rewrites `hx-target-404="#errors"` to `hx-status:404="target:#errors"`, `hx-target-40*`
    and `hx-target-40x` to `hx-status:40x`, `hx-target-4*` (`4x`, `4**`, `4xx`) to
    `hx-status:4xx`, and `hx-target-error` to `hx-status:4xx` and `hx-status:5xx` (those the
    element does not set more precisely). A selector with a space or a comma is quoted
    (`target:'closest form'`). Where htmx 2 applied the attribute to the elements below (a
    container, a request element with request elements below it), the new one is written
    `:inherited`. `this`, a value written with template syntax, a wildcard for every status
    (`hx-target-*`), codes below 400, an attribute the element also sets in htmx 4's form and
    an ancestor's more specific attribute that htmx 2 preferred are reported. The extension's
    `hx-ext` item and script tag are the extension rules'.

Why:
    htmx 4 does what the extension did in its core, with `hx-status:PATTERN`, whose value is
    merged into the request (`target:`, `swap:`, `select:`): an `hx-target-404` reaches
    nothing, and the error response is swapped into the element's usual target instead (htmx
    4 swaps 4xx and 5xx responses).

Example:
    <form hx-post="/signup" hx-target="#done" hx-target-422="#form-errors" hx-target-5*="#oops">
    becomes
    <form hx-post="/signup" hx-target="#done" hx-status:422="target:#form-errors" hx-status:5xx="target:#oops">

    htmx 4 checks `config.noSwap` before each `hx-status` pattern: `hx-status:422` and
    `hx-status:42x` come before the `"4xx"` that HX207 restores htmx 2's behaviour with, but
    `hx-status:4xx` does not. On a page that loads response-targets, HX207 therefore writes
    `hx-status:4xx:inherited="swap:none"` on `<body>` instead, which an element's own
    `hx-status:4xx` overrides as htmx 2's extension did.

Fix safety:
    Safe: htmx 4 swaps the same responses into the same elements, with the element's own
    `hx-swap` (checked in Chromium with HX207's `<body>` attributes). The attribute is taken
    to be read by the extension, as it is written for it (an `hx-ext="response-targets"` on
    the element or above it, maybe in another template).
"""

from __future__ import annotations

from ...diagnostics import Diagnostic, fix
from ...edits import Edit
from ._attributes import (
    elements_by_tag,
    inheritance_guarded,
    inherited_below,
    prefix_of,
)
from ._pages import page_major
from ._status import (
    ANY_RANK,
    error_pattern,
    hcon_string,
    response_targets,
    status_attrs,
)

CODE = "HX208"
NAME = "response-targets"
LANGUAGES = ("markup",)
FIX = "sometimes"
SAFETY = "safe"
TRIGGERS = ("hx-target-",)
FACTS = ("implicit_inheritance", "htmx_majors", "inheritance_disabled")


@inheritance_guarded
def check(file):
    if file.target.core is None:
        return
    view = file.markup
    elements = None
    major = None
    for tag in view.start_tags():
        found = list(response_targets(tag))
        if not found:
            continue
        if elements is None:
            elements = elements_by_tag(view)
            major = page_major(file)
        element = elements.get(tag.start)
        for entry in found:
            yield from _attribute(file, tag, element, entry, found, major)


def _attribute(file, tag, element, entry, found, major):
    attr, suffix, rank, patterns = entry
    where = (attr.start, attr.end)
    value = (attr.value or "").strip()
    if rank == ANY_RANK:
        yield Diagnostic(CODE, f"`{attr.name}` took every status but 200 to its target; htmx 4's `hx-status` has no "
                         "pattern for all of them: write `hx-status:4xx` and `hx-status:5xx` (`target:...`) by hand",
                         *where)
        return
    if not all(error_pattern(p) for p in patterns):
        yield Diagnostic(CODE, f"`{attr.name}` names a status below 400, which htmx 2 swapped through the extension "
                         f"only when it was not 200 and htmx 4 handles itself (`noSwap` for 204 and 304): write "
                         f"`hx-status:{patterns[0]}` by hand", *where)
        return
    if attr.value_has_template:
        yield Diagnostic(CODE, f"`{attr.name}` is `hx-status:{'/'.join(patterns)}=\"target:...\"` in htmx 4 (its "
                         "selector is written with template syntax: rewrite it by hand, quoted if it may hold a "
                         "space)", *where)
        return
    if not value:
        yield Diagnostic(CODE, f"`{attr.name}` is empty, which the extension skipped: remove it", *where)
        return
    if value == "this":
        yield Diagnostic(CODE, f"`{attr.name}=\"this\"` swapped into the element that has it; htmx 4 reads `this` in "
                         "`hx-status` as the element's `hx-target` does: give the element an id and write "
                         f"`hx-status:{patterns[0]}=\"target:#ID\"` by hand", *where)
        return
    won = [p for p in patterns if min(r for _, _, r, ps in found if p in ps) == rank]
    if not won:
        better = next(a.name for a, _, r, ps in found if r < rank and set(ps) & set(patterns))
        yield Diagnostic(CODE, f"`{attr.name}` never applied: the extension took `{better}` first for the same "
                         "statuses; remove it", *where)
        return
    taken = [p for p in won if status_attrs(tag, p)]
    if taken:
        yield Diagnostic(CODE, f"`{attr.name}` is `hx-status:{taken[0]}` in htmx 4, which the element already has: "
                         "merge the two by hand", *where)
        return
    preferred = {p: _ancestor_preferred(element, rank, p) for p in won}
    unsure = next((a for a in preferred.values() if a is not None and a[1] is None), None)
    if unsure is not None:
        yield Diagnostic(CODE, f"an ancestor has `{unsure[0]}` already: htmx 2 tried each suffix of `hx-target-` on "
                         f"every ancestor before the next one, htmx 4 prefers an element's own `hx-status`; rewrite "
                         f"`{attr.name}` by hand if the element's target is meant", *where)
        return
    anywhere = next((a for a in preferred.values() if a is not None and a[1] == ANY_RANK), None)
    if anywhere is not None:
        yield Diagnostic(CODE, f"htmx 2 used an ancestor's `{anywhere[0]}` before this `{attr.name}` (it tried each "
                         "suffix on every ancestor before the next one), and `hx-status` has no pattern for that: "
                         "decide which target is meant by hand", *where)
        return
    # An ancestor's more specific attribute for the same htmx 4 pattern won in htmx 2: the
    # element leaves that pattern to the ancestor's inherited hx-status, as htmx 2 did.
    won = [p for p in won if preferred[p] is None]
    if not won:
        yield Diagnostic(CODE, f"`{attr.name}` never applied: for its statuses the extension took an ancestor's "
                         f"`{next(a[0] for a in preferred.values() if a)}` first (it tried each suffix on every "
                         "ancestor before the next one); remove it", *where)
        return
    inner = hcon_string(value, attr.quote)
    if inner is None:
        yield Diagnostic(CODE, f"`{attr.name}` is `hx-status:{won[0]}=\"target:...\"` in htmx 4, with the selector "
                         "quoted, but it holds both kinds of quote: rewrite it by hand", *where)
        return
    inherit = not file.project.implicit_inheritance and inherited_below(file.markup, element, attr.lname)
    suffix_4 = ":inherited" if inherit else ""
    quote = attr.quote or '"'
    prefix = prefix_of(attr.name)
    new = " ".join(f"{prefix}hx-status:{p}{suffix_4}={quote}target:{inner}{quote}" for p in won)
    if major == 4:
        yield Diagnostic(CODE, f"`{attr.name}` belongs to htmx 2's response-targets extension; htmx 4 (this page is "
                         f"written for it) reads `{new}`", *where)
        return
    notes = []
    if inherit:
        notes.append("htmx 2 applied it to the elements below")
    if any(p.endswith("xx") for p in won):
        notes.append("htmx 4 checks `noSwap` first, so keep \"4xx\"/\"5xx\" out of the page's `noSwap` (HX207 "
                     "does on a page that loads response-targets)")
    more = f" ({'; '.join(notes)})" if notes else ""
    yield Diagnostic(CODE, f"`{attr.name}` (response-targets) is `{new}` in htmx 4{more}", *where,
                     fix(Edit(attr.start, attr.end, new)))


def _ancestor_preferred(element, rank: int, pattern: str) -> tuple[str, int | None] | None:
    """(name, rank) of an ancestor's response-targets attribute that the extension tried before
    this one for the pattern's statuses (a more specific suffix, looked for on every ancestor
    first): one that becomes the same htmx 4 pattern, or one for every status; (name, None) for
    an ancestor's `hx-status` of the pattern, whose 2.x form is unknown."""
    parent = element.parent if element is not None else None
    while parent is not None:
        for attr, _, r, ps in response_targets(parent.tag):
            if r < rank and (pattern in ps or r == ANY_RANK):
                return attr.name, r
        written = [a for a in status_attrs(parent.tag, pattern) if (a.value or "").strip() != "swap:none"]
        if written:  # (HX207's "swap:none" on <body> is htmx 2's rule, which every target overrode)
            return written[0].name, None
        parent = parent.parent
    return None
