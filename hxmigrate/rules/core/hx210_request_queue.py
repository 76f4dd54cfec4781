"""Keep htmx 2's default queue of requests triggered while one is out, once per page.

What it does:
    On the page that loads the htmx core (the `<script src>` HX301 rewrites), reports that
    htmx 4 keeps a different request of those triggered while one is out, and offers to add
    `hx-sync:inherited="queue last"` to the page's `<body>` (an unsafe fix: see below). A page
    whose `<body>` already has an `hx-sync` (htmx 2 applied it to every element that had
    none), or that has no `<body>` in the same file as the script (a head partial), is
    reported with what to write where. A page written for htmx 4 is left alone.

Why:
    An element whose request is still out keeps one more of the requests triggered meanwhile.
    htmx 2 kept the last one (`queue last`, its default): typing on in a search box while the
    server answers sends the last query once the answer is in. htmx 4 keeps the first one
    (its default `queue first`) and drops the rest: the query sent after the answer is the
    one typed first, and the results shown are for a query the user no longer has in the box.
    `hx-sync:inherited="queue last"` on `<body>` gives every element without an `hx-sync` of
    its own htmx 2's choice (a value without a selector queues on the element itself, as
    htmx 2's default did).

Example:
    <body>
    becomes, with --unsafe-fixes,
    <body hx-sync:inherited="queue last">

Fix safety:
    Unsafe: the same request is kept, but htmx 4 reads its values when its event fires,
    htmx 2 when it sent it (after the answer before it), as for HX204's `queue:` rewrites; a
    field that changes meanwhile without triggering a request is sent as it was. Checked in
    Chromium with a held search endpoint.
"""

from __future__ import annotations

from ...diagnostics import Diagnostic, fix
from ...edits import Edit
from ._attributes import bare
from ._pages import htmx2_cores

CODE = "HX210"
NAME = "request-queue"
LANGUAGES = ("markup",)
FIX = "sometimes"
SAFETY = "unsafe"
TRIGGERS = ("htmx",)
FACTS = ("htmx_majors",)

ATTRIBUTE = 'hx-sync:inherited="queue last"'
_WHY = ("htmx 4 keeps the first of the requests an element triggers while its request is out and drops the others; "
        "htmx 2 kept the last (a search box sent the last query typed)")
_UNSAFE = ("; htmx 4 reads the kept request's values when its event fires, htmx 2 when it sent it "
           "(`--unsafe-fixes` adds it now)")


def check(file):
    if file.target.core is None:
        return
    view = file.markup
    cores = htmx2_cores(file, view)
    if not cores:
        return
    where = (cores[0][0].start, cores[0][0].end)
    body = next((t for t in view.start_tags() if t.lname == "body"), None)
    if body is None:
        yield Diagnostic(CODE, f"{_WHY}: add `{ATTRIBUTE}` to the `<body>` of the pages that load this script "
                         "(htmx 4 then keeps the last, on every element without an `hx-sync` of its own)", *where)
        return
    syncs = [a for a in body.attrs if not a.name_has_template and bare(a.lname).split(":")[0] == "hx-sync"]
    if any(":inherited" in a.lname for a in syncs):
        return  # done (by this rule, or by HX110 from htmx 2's own inherited hx-sync)
    if syncs:
        return  # the body's hx-sync, which htmx 2 applied to every element without one: HX110 keeps it so
    if body.end - body.start < 5 or file.text[body.start + 1:body.start + 5].lower() != "body":
        yield Diagnostic(CODE, f"{_WHY}: add `{ATTRIBUTE}` to `<body>`", body.start, body.end)
        return
    at = body.start + 5  # after "<body"
    yield Diagnostic(CODE, f"{_WHY}: `{ATTRIBUTE}` on `<body>` keeps the last, on every element without an "
                     f"`hx-sync` of its own{_UNSAFE}", body.start, at, fix(Edit(at, at, " " + ATTRIBUTE), safe=False))
