"""Report `hx-history="false"`, which htmx 4 has no history cache to apply to.

What it does:
    Reports `hx-history` (and `data-hx-history`): htmx 4 keeps no snapshot of the page in
    the browser's storage, so there is nothing to keep a page with sensitive data out of.
    When the project loads htmx 4's `hx-history-cache.js`, which keeps such snapshots again, the
    attribute still counts, written `"false"` in lowercase.

Why:
    htmx 2 saved a snapshot of the page in `sessionStorage` before each history push unless an
    element had `hx-history="false"`; htmx 4 fetches the page again when the user goes back.
    The attribute is left where it is: it does no harm, and the history-cache extension reads
    it.

Example:
    <div hx-history="false"> ... account details ... </div>

Fix safety:
    No fix: whether the page loads the history-cache extension is the author's choice.
"""

from __future__ import annotations

from ...diagnostics import Diagnostic
from ._attributes import htmx_attrs

CODE = "HX108"
NAME = "hx-history"
LANGUAGES = ("markup",)
FIX = "never"
SAFETY = "safe"
TRIGGERS = ("hx-history",)


def check(file):
    if file.target.core is None:
        return
    for tag in file.markup.start_tags():
        for attr in htmx_attrs(tag, "hx-history"):
            value = (attr.value or "").strip()
            if attr.value_has_template or value.lower() == "false":
                extra = "" if value == "false" or attr.value_has_template else \
                    " (the extension reads it only as `\"false\"`, in lowercase)"
                yield Diagnostic(CODE, f"`{attr.name}`: htmx 4 keeps no history snapshot in the browser's storage, "
                                 "so nothing of this page is stored; the attribute counts again only with htmx 4's "
                                 f"hx-history-cache.js extension{extra}", attr.start, attr.end)
            else:
                yield Diagnostic(CODE, f"`{attr.name}` does nothing in htmx 4, as it did nothing in htmx 2 without the "
                                 "value `false`: remove it", attr.start, attr.end)
