"""Move the `queue:` modifier of `hx-trigger` to `hx-sync`.

What it does:
    Removes `queue:first`, `queue:last`, `queue:all` and `queue:none` from an `hx-trigger`
    value and gives the element the `hx-sync` that queues its requests the same way:
    `hx-sync="this:queue first"` (`last`, `all`), `hx-sync="this:drop"` for `none`. An element
    with an `hx-sync` of its own or below an element with one (htmx 2 used the closest), a
    trigger whose specifications queue differently (htmx 2 kept a queue strategy per event),
    an unknown strategy and a page written for htmx 4 are reported.

Why:
    htmx 4 reads the modifiers as HCON and has no `queue` key: the modifier is ignored, and
    htmx 4's default (`queue first` without an `hx-sync`) takes its place, where htmx 2's
    default was `last`. A specification without `queue:` queued as `last` in htmx 2, so
    `click queue:last, keyup` is one strategy, `click queue:first, keyup` two.

Example:
    <input name="q" hx-get="/search" hx-trigger="keyup changed queue:all">
    becomes
    <input name="q" hx-get="/search" hx-trigger="keyup changed" hx-sync="this:queue all">

Fix safety:
    Safe for `none` (`drop`): the same requests are made. Unsafe for `first`, `last` and
    `all`: htmx 4 queues the same number of requests, but reads each one's values (inputs,
    `hx-vals`, `hx-include`) when its event fires, where htmx 2 read them when the queued
    request was sent: `keyup queue:first` typed `a`, `b`, `c` while a request was out sent
    `abc` in htmx 2 and sends `ab` in htmx 4.
"""

from __future__ import annotations

from ...diagnostics import Diagnostic, fix
from ...edits import Edit
from .._triggers import parse
from ._attributes import elements_by_tag, htmx_attrs, prefix_of
from ._pages import page_major

CODE = "HX204"
NAME = "trigger-queue"
LANGUAGES = ("markup",)
FIX = "sometimes"
SAFETY = "unsafe"
TRIGGERS = ("queue:",)
FACTS = ("htmx_majors",)

_SYNC = {"first": "this:queue first", "last": "this:queue last", "all": "this:queue all", "none": "this:drop"}
# htmx 2 started these without an event that carries the specification (loadImmediately,
# processPolling): their queue modifier was never read, they queued as "last".
_NO_EVENT = ("load", "every")


def check(file):
    if file.target.core is None:
        return
    elements = None
    for tag in file.markup.start_tags():
        for attr in htmx_attrs(tag, "hx-trigger"):
            if not attr.value or "queue:" not in attr.value:
                continue
            specs = parse(attr.value)
            if specs is None:
                continue
            queued = [(spec, mod) for spec in specs for mod in spec.modifiers if mod.key == "queue"]
            if not queued:
                continue
            if elements is None:
                elements = elements_by_tag(file.markup)
            yield from _trigger(file, tag, attr, specs, queued, elements.get(tag.start))


def _trigger(file, tag, attr, specs, queued, element):
    first = queued[0][1]
    where = (attr.value_start + first.start, attr.value_start + queued[-1][1].end)
    written = " ".join(f"`{m.key}:{m.value}`" for _, m in queued)
    unknown = [m.value for _, m in queued if m.value not in _SYNC]
    if unknown:
        yield Diagnostic(CODE, f"`queue:{unknown[0]}` is no queue strategy htmx 2 knew (it queued nothing); htmx 4 "
                         "ignores it: set the element's `hx-sync` by hand", *where)
        return
    if page_major(file) == 4:
        yield Diagnostic(CODE, f"htmx 4 (this page is written for it) ignores {written} in `hx-trigger`: write "
                         "`hx-sync=\"this:queue ...\"`", *where)
        return
    strategies = set()
    for spec in specs:
        own = [m.value for m in spec.modifiers if m.key == "queue"]
        name = spec.event.partition("[")[0]
        strategies.add(own[-1] if own and name not in _NO_EVENT else "last")
    if len(strategies) > 1:
        yield Diagnostic(CODE, f"htmx 2 queued the requests of each event of this trigger its own way ({written}, "
                         "`last` for the others); htmx 4 has one queue per element (`hx-sync`): choose one "
                         "`hx-sync=\"this:queue ...\"` and remove the modifiers by hand", *where)
        return
    strategy = strategies.pop()
    prefix = prefix_of(attr.name)
    sync = _SYNC[strategy]
    if next(htmx_attrs(tag, "hx-sync"), None) is not None or _sync_above(element):
        yield Diagnostic(CODE, f"{written} is ignored by htmx 4, whose queue is set by `hx-sync`; this element "
                         f"{'has' if next(htmx_attrs(tag, 'hx-sync'), None) is not None else 'is below'} an "
                         f"`hx-sync` already, which htmx 2 combined with the modifier: write one `hx-sync` by hand "
                         f"(`{sync}` queues as the modifier did)", *where)
        return
    edits = []
    for _, mod in queued:
        start, end = attr.value_start + mod.start, attr.value_start + mod.end
        if attr.value_has_template and file.markup.regions.within(start, end):
            yield Diagnostic(CODE, f"{written} is `{prefix}hx-sync=\"{sync}\"` in htmx 4 (written with template "
                             "syntax: move it by hand)", *where)
            return
        ws = start
        while ws > attr.value_start and file.text[ws - 1] in " \t\r\n\f":
            ws -= 1
        edits.append(Edit(ws, end, ""))
    quote = attr.quote or '"'
    edits.append(Edit(attr.end, attr.end, f" {prefix}hx-sync={quote}{sync}{quote}"))
    safe = strategy == "none"
    why = "" if safe else ("; htmx 4 reads a queued request's values when its event fires, htmx 2 when it sent the "
                           "request (`--unsafe-fixes` moves it now)")
    yield Diagnostic(CODE, f"htmx 4 ignores {written} in `hx-trigger`: `{prefix}hx-sync=\"{sync}\"` handles the "
                     f"element's requests as it did{why}", *where, fix(*edits, safe=safe))


def _sync_above(element) -> bool:
    """Whether an ancestor has an hx-sync, which htmx 2 applied to this element too."""
    parent = element.parent if element is not None else None
    while parent is not None:
        if next(htmx_attrs(parent.tag, "hx-sync"), None) is not None:
            return True
        parent = parent.parent
    return False
