"""Rename htmx 2's `hx-disable` to `hx-ignore`.

What it does:
    Renames `hx-disable` (and `data-hx-disable`) written as htmx 2 wrote it, with no value
    or an empty, `true` or `false` one, to `hx-ignore`, keeping the value. An `hx-disable`
    whose value is a selector is htmx 4's own (the old `hx-disabled-elt`, renamed by HX102)
    and stays; on a page written for htmx 2 it is reported, since htmx 2 skipped the element
    whatever the value said. On a page written for htmx 4 a valueless `hx-disable` is
    reported, not renamed: it does nothing there.

Why:
    htmx 4 calls "skip htmx processing of this element and its children" `hx-ignore`, and
    uses `hx-disable` for what htmx 2 called `hx-disabled-elt` (the elements to disable
    during a request). Left alone, a 2.x `hx-disable` stops protecting its subtree: the
    requests in it run.

Example:
    <div hx-disable><button hx-post="/delete">Delete</button></div>
    becomes
    <div hx-ignore><button hx-post="/delete">Delete</button></div>

Fix safety:
    Safe: both attributes skip the element and its descendants. The rename runs in the same
    pass as HX102's, and never on the `hx-disable` that HX102 writes (its value is a
    selector), so a second run changes nothing.
"""

from __future__ import annotations

from ...diagnostics import Diagnostic, fix
from ...edits import Edit
from ._attributes import htmx_attrs, prefix_of
from ._pages import page_major

CODE = "HX101"
NAME = "hx-disable"
LANGUAGES = ("markup",)
FIX = "sometimes"
SAFETY = "safe"
TRIGGERS = ("hx-disable",)
FACTS = ("htmx_majors",)

# Values an htmx 2 author gives a presence attribute; none of them selects an element.
_2X_VALUES = ("", "true", "false")


def check(file):
    if file.target.core is None:
        return
    major = None
    asked = False
    for tag in file.markup.start_tags():
        for attr in htmx_attrs(tag, "hx-disable"):
            value = (attr.value or "").strip()
            if not asked:
                major, asked = page_major(file), True
            new = f"{prefix_of(attr.name)}hx-ignore"
            if attr.value_has_template:
                yield Diagnostic(CODE, f"`{attr.name}` has a value built by template syntax: if it is htmx 2's "
                                 f"`hx-disable`, rename it `{new}`; if it selects elements to disable during a "
                                 "request, it is already htmx 4's", attr.start, attr.end)
            elif value.lower() not in _2X_VALUES:
                if major == 2:
                    yield Diagnostic(CODE, f"`{attr.name}=\"{value}\"` on a page written for htmx 2 skips this "
                                     f"element and its children whatever the value; htmx 4 disables the elements "
                                     f"`{value}` selects during its requests instead: write `{new}` if the page "
                                     "meant htmx 2's", attr.start, attr.end)
            elif major == 4:
                yield Diagnostic(CODE, f"`{attr.name}` without a selector does nothing in htmx 4: write `{new}` to "
                                 "skip this element and its children (htmx 2's `hx-disable`), or name the elements "
                                 "to disable during a request", attr.start, attr.end)
            elif tag.attr(new.lower()) is not None:
                yield Diagnostic(CODE, f"`{attr.name}` is `{new}` in htmx 4, which the element already has: remove "
                                 f"`{attr.name}`", attr.start, attr.end)
            else:
                yield Diagnostic(CODE, f"`{attr.name}` is `{new}` in htmx 4 (`hx-disable` now disables elements "
                                 "during a request)", attr.start, attr.name_end,
                                 fix(Edit(attr.start, attr.name_end, new)))
