"""Rename the htmx events an `hx-trigger` listens for to the names htmx 4 fires.

What it does:
    Renames htmx 2's event names in `hx-trigger` (camelCase or kebab-case, with or without a
    filter and modifiers) to htmx 4's: `htmx:afterRequest` becomes `htmx:after:request`,
    `htmx:config-request` becomes `htmx:config:request`. The swap events
    (`htmx:afterSwap`, `htmx:afterSettle`, `htmx:oobAfterSwap`) become `htmx:after:settle`.
    `htmx:beforeSwap` and `htmx:oobBeforeSwap`, events htmx 4 no longer fires, and a
    trigger on a page written for htmx 4 are reported. DOM events, `load`, custom events and
    names htmx 2 never fired stay as they are; WebSocket events are WS304's.

Why:
    htmx 4 fires only its own event names, so a trigger on a 2.x name never fires. htmx 2
    fired the swap events on the swap target; htmx 4 fires `htmx:after:swap` on the element
    that made the request and `htmx:after:settle` on the target. A trigger hears the events
    fired on its element or below it (or on its `from:` elements), so the target's event is
    the one that fires on the same occasions.

Example:
    <div hx-get="/cart/count" hx-trigger="htmx:afterSettle from:body">
    becomes
    <div hx-get="/cart/count" hx-trigger="htmx:after:settle from:body">

Fix safety:
    Safe where the filter does not read `detail` (which is `{ctx}` in htmx 4: such a trigger
    is renamed only with `--unsafe-fixes`). `htmx:after:settle` fires after the settle
    delay (1 ms in htmx 4), where `htmx:afterSwap` fired right after the swap;
    `htmx:after:request` fires before the swap where `htmx:afterRequest` fired after it:
    the messages say so.
"""

from __future__ import annotations

from ...diagnostics import Diagnostic, fix
from ...edits import Edit
from .._triggers import parse
from ._attributes import htmx_attrs
from ._events import events_of
from ._pages import page_major

CODE = "HX202"
NAME = "trigger-htmx-events"
LANGUAGES = ("markup",)
FIX = "sometimes"
SAFETY = "safe"
TRIGGERS = ("htmx:",)
FACTS = ("htmx_majors",)

# htmx 4 fires these before the swap; htmx 2 fired the old names after it.
_BEFORE_SWAP_NOW = ("htmx:afterRequest", "htmx:afterOnLoad")
# htmx 2 fired these on <body>, htmx 4 fires them on document (above <body>).
_HISTORY = ("htmx:beforeHistorySave", "htmx:beforeHistoryUpdate", "htmx:historyRestore", "htmx:historyCacheMiss",
            "htmx:pushedIntoHistory", "htmx:replacedInHistory")


def check(file):
    core = file.target.core
    if core is None:
        return
    events = events_of(core)
    ws = set(file.target.events)
    major: int | None = None
    asked = False
    for tag in file.markup.start_tags():
        for attr in htmx_attrs(tag, "hx-trigger"):
            if not attr.value or "htmx:" not in attr.value:
                continue
            specs = parse(attr.value)
            if specs is None:
                continue
            for spec in specs:
                name, _, rest = spec.event.partition("[")
                if not name.startswith("htmx:") or name.startswith("htmx:ws") or name in ws:
                    continue  # WS304 has the WebSocket events
                event = events.of(name)
                if event is None:
                    continue  # not an event htmx 2 fired under this name
                if not asked:
                    major, asked = page_major(file), True
                yield from _spec(file, tag, attr, spec, name, event, "[" + rest if rest else "", events, major)


def _spec(file, tag, attr, spec, name, event, filter_, events, major):
    start = attr.value_start + spec.event_start
    end = start + len(name)
    new = events.new(event)
    if new is None:
        yield Diagnostic(CODE, f"`hx-trigger` listens for `{name}`: {events.removed(event)}", start, end)
        return
    note = ""
    if event in events.core.target_events:
        target_event = events.core.target_events[event]
        if target_event is None:
            yield Diagnostic(CODE, f"`hx-trigger` listens for `{name}`, which htmx 2 fired on the swap target before "
                             f"swapping; htmx 4 fires `{new}` on the element that made the request (it bubbles from "
                             "there), and nothing on the target before the swap: choose the event by hand", start, end)
            return
        if event != "htmx:afterSettle":
            note = (f"; it fires on the swap target as `{name}` did, after the settle delay (htmx 4's "
                    "`htmx:after:swap` fires on the element that made the request)")
        new = target_event
    elif event in _BEFORE_SWAP_NOW:
        note = "; htmx 4 fires it before the swap, htmx 2 fired it after"
    if major == 4:
        yield Diagnostic(CODE, f"`hx-trigger` listens for `{name}`, which htmx 4 (this page is written for it) never "
                         f"fires: its name is `{new}`", start, end)
        return
    if attr.value_has_template and file.markup.regions.within(start, end):
        yield Diagnostic(CODE, f"`{name}` is `{new}` in htmx 4 (written with template syntax: rename it by hand)",
                         start, end)
        return
    edits = [Edit(start, end, new)]
    if event in _HISTORY:
        moved = _to_document(tag, attr, spec)
        if moved is not None:
            edits.append(moved)
            note += "; htmx 2 fired it on <body>, htmx 4 fires it on document: the trigger listens there"
    reads_detail = "detail" in filter_
    if reads_detail:
        note += ("; the filter reads `detail`, which is `{ctx}` in htmx 4 (`ctx.response.status`, `ctx.target`...): "
                 "rewrite it, then rename the event (`--unsafe-fixes` renames it now)")
    yield Diagnostic(CODE, f"`hx-trigger` listens for `{name}`, which is `{new}` in htmx 4{note}", start, end,
                     fix(*edits, safe=not reads_detail))


def _to_document(tag, attr, spec) -> Edit | None:
    """The edit that makes a trigger of a history event listen on document, where htmx 4 fires
    it, when it listened on <body> (or <html>), where htmx 2 fired it (or above); None when
    it listens elsewhere (it heard nothing in htmx 2 either)."""
    source = next((m for m in spec.modifiers if m.key == "from"), None)
    if source is None:
        if tag.lname in ("body", "html"):
            return Edit(attr.value_start + spec.event_end, attr.value_start + spec.event_end, " from:document")
        return None
    if source.value in ("body", "html"):
        return Edit(attr.value_start + source.value_start, attr.value_start + source.end, "document")
    return None
