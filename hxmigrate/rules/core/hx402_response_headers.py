"""Report the response headers htmx 4 no longer reads, and `HX-Trigger`'s new timing.

What it does:
    Reports server code that sets `HX-Trigger-After-Swap` or `HX-Trigger-After-Settle`
    (`response["HX-Trigger-After-Swap"] = ...`, `headers={"HX-Trigger-After-Settle": ...}`,
    `res.set(...)`, `c.header(...)`, `w.Header().Set(...)`, any string literal naming them;
    django-htmx's `trigger_client_event(..., after="swap")`/`after="settle"`, litestar's
    `after=`, a response's `trigger_after_swap=`/`trigger_after_settle=`, axum-htmx's
    `HxResponseTrigger::after_settle`), and with `--unsafe-fixes` renames the header
    `HX-Trigger` (`after="receive"`) where the same function sets no `HX-Trigger` of its own.
    Code that sets `HX-Trigger` itself (`trigger_client_event` without `after`) is reported with
    htmx 4's timing. In languages hxmigrate does not parse, each string literal naming a
    removed header is reported.

Why:
    htmx 4 reads one trigger header, `HX-Trigger`, and fires its events after the swap and the
    settling (in the request's `finally`), where htmx 2 fired them when the response arrived.
    The events of the two removed headers never fire. In Chromium, htmx 4's `HX-Trigger` events
    come after `htmx:after:settle`, where 2.x's `HX-Trigger-After-Settle` events came after
    `htmx:afterSettle`: the same order.

Example:
    response["HX-Trigger-After-Settle"] = "saved"
    becomes (with --unsafe-fixes)
    response["HX-Trigger"] = "saved"

Fix safety:
    Unsafe: the order of the events is kept for `HX-Trigger-After-Settle`, not all of its
    circumstances. htmx 4 also fires them for a response it does not swap (a 204, an error
    it does not swap), while the request's indicators and `hx-disable` elements are still on
    (2.x had reset them before the settle), and on the element that made the request even when
    an `hx-swap="delete"` removed it (its events then reach no listener on the document; 2.x
    fired them on `<body>`). `HX-Trigger-After-Swap` events came between the swap and the
    settling; htmx 4's come after the settling. A function that also sets `HX-Trigger` is
    reported, not renamed: the two values must be merged into one.
"""

from __future__ import annotations

from ...diagnostics import Diagnostic, fix
from ...edits import Edit
from ._headers import SET, language_name, overlaps, owned_elsewhere, sites
from ._pages import page_major

CODE = "HX402"
NAME = "response-headers"
LANGUAGES = ("python", "javascript", "go", "rust", "markup", "other")
FIX = "sometimes"
SAFETY = "unsafe"
TRIGGERS = ("hx-trigger", "after=", "after =", "trigger_after_s", "trigger_client_event", "hxresponsetrigger")
FACTS = ("htmx_majors",)
SEES_FINDINGS = True  # a literal the WebSocket rules report (WS402) is theirs

_TIMING = {
    "HX-Trigger-After-Settle": "as 2.x fired `HX-Trigger-After-Settle`'s (after `htmx:afterSettle`)",
    "HX-Trigger-After-Swap": "later than 2.x fired `HX-Trigger-After-Swap`'s (between the swap and the settling)",
}
_CAVEATS = {
    "HX-Trigger-After-Settle": "unlike 2.x, htmx 4 also fires them for a response it does not swap (a 204), while "
                               "the request's indicators and disabled elements are still on, and not on `<body>` "
                               "when an `hx-swap=\"delete\"` removed the requesting element",
    "HX-Trigger-After-Swap": "unlike 2.x, htmx 4 also fires them for a response it does not swap (a 204), and not "
                             "on `<body>` when an `hx-swap=\"delete\"` removed the requesting element",
}
_RECEIVE = ("htmx 4 fires the events of `HX-Trigger` after the swap and the settling, where 2.x fired them when the "
            "response arrived (before the swap), and also for responses it does not swap: a listener that reads or "
            "changes the content the response replaces now sees the new content")


def check(file, findings):
    core = file.target.core
    if core is None:
        return
    found = sites(file, core)
    if not found:
        return
    taken = owned_elsewhere(findings)
    major = None
    triggers = [s for s in found if s.header == "HX-Trigger" and s.role == SET]
    for site in found:
        if overlaps(taken, site.start, site.end):
            continue
        if site.header in core.removed_response_headers:
            yield _removed(file, site, core.removed_response_headers[site.header], triggers)
        elif site.header == "HX-Trigger" and site.role == SET:
            if major is None:
                major = page_major(file) or 2
            if major == 4:
                continue  # htmx 4's own header, set for htmx 4
            what = f"`{site.function}` sets `HX-Trigger`" if site.function else "this code sets `HX-Trigger`"
            yield Diagnostic(CODE, f"{what}: {_RECEIVE}{_by_hand(file, site)}", site.start, site.end)


def _removed(file, site, new: str, triggers) -> Diagnostic:
    header = site.header
    setter = f"`{site.function}`" if site.function else f"`{site.written}`"
    opening = f"htmx 4 reads no `{header}` response header" + (f", which {setter} sets" if site.function else "")
    if file.kind in ("other", "markup"):
        return Diagnostic(CODE, f"{opening}: set `{new}`, whose events htmx 4 fires after the swap and the settling, "
                          f"{_TIMING[header]}{_by_hand(file, site)}", site.start, site.end)
    if site.function.endswith("=") and site.function != "after=":
        return Diagnostic(CODE, f"{opening}: pass the events with `trigger=` (`{new}`), whose events htmx 4 fires "
                          f"after the swap and the settling, {_TIMING[header]}", site.start, site.end)
    if site.literal is None or (site.function and site.function != "after="):
        return Diagnostic(CODE, f"{opening}: send the events in `{new}`, which htmx 4 fires after the swap and the "
                          f"settling, {_TIMING[header]}{_by_hand(file, site)}", site.start, site.end)
    scope = site.scope or (0, len(file.text))
    merged = site.function == "after="  # django-htmx and litestar merge the events into one header
    if not merged and any(scope[0] <= t.start < scope[1] for t in triggers):
        return Diagnostic(CODE, f"{opening}: its events fire only from `{new}`, which this code sets too: merge the "
                          f"two into one `{new}` (htmx 4 fires them after the swap and the settling, "
                          f"{_TIMING[header]})", site.start, site.end)
    a, b = site.literal
    written = file.text[a:b]
    replacement = "receive" if site.function == "after=" else written[:len(new)]
    shown = f"after=\"{replacement}\"" if site.function == "after=" else f"`{replacement}`"
    return Diagnostic(CODE, f"{opening}: {shown} fires the events after the swap and the settling, "
                      f"{_TIMING[header]}; {_CAVEATS[header]} (`--unsafe-fixes` renames it)", site.start, site.end,
                      fix(Edit(a, b, replacement), safe=False))


def _by_hand(file, site) -> str:
    if file.kind == "other":
        name = language_name(file)
        return f" (hxmigrate cannot read {name or 'these'} files: change it by hand)"
    if site.template:
        return " (template code: change it by hand)"
    if site.unread:
        return f" (Python's parser cannot read this module, {site.unread}: change it by hand)"
    if file.kind == "markup":
        return " (change it by hand)"
    return ""
