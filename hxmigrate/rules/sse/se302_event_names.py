"""Rename the SSE extension's 2.x events in JavaScript and Alpine listeners, and their handlers' `event.detail` reads.

What it does:
    Renames every string literal that is exactly a 2.x SSE event name (`"htmx:sseMessage"`,
    or its kebab-case twin `"htmx:sse-message"`) to htmx 4's: in `addEventListener`,
    `removeEventListener`, `htmx.on`, jQuery `.on(...)` (also space-separated lists of events
    there), a `const` such calls use, `htmx.trigger`, or anywhere else; and the Alpine
    listeners of a page (`@htmx:sse-message.window`, `x-on:htmx:sse-open`, `.camel`). The
    handler is read with it (a function literal, or a function of the same file or page passed
    by name and registered only for this event): its reads of `event.detail` are rewritten
    where htmx 4 has the same value (`detail.data` -> `detail.message.data` and
    `detail.lastEventId` -> `detail.message.id` for the message events; `e.detail.elt` ->
    `e.target` for the open, error and close events, which both versions fire on the
    connection element) and reported where it has none (`detail.source`, the EventSource;
    `detail.type`, whose values changed; the MessageEvent's other properties...). A handler
    of an htmx 4 name that still reads a 2.x property (`detail.data` of
    `htmx:sse:after:message`) is reported.

Why:
    htmx 4 fires `htmx:sse:after:message` and friends, never the 2.x names nor their kebab
    twins: a listener registered under a 2.x name silently stops running. The message
    events' detail was the EventSource's MessageEvent; htmx 4 streams with fetch() and passes
    `{connection, message: {data, event, id}}`.

Example:
    document.body.addEventListener("htmx:sseMessage", (e) => log(e.detail.data));
    becomes (with `--unsafe-fixes`: see below)
    document.body.addEventListener("htmx:sse:after:message", (e) => log(e.detail.message.data));

Fix safety:
    Safe for `htmx:sseOpen` and `htmx:sseClose` where every detail read is rewritten: htmx 4
    fires `htmx:sse:after:connection` and `htmx:sse:close` on the same element (the connection
    element) at the same moment (checked in Chromium: fixtures/browser/sse-events-js). Unsafe
    for the others, with the reason in the message: htmx 4 fires the message events on the
    connection element once for every message, named ones too (htmx 2 on each `sse-swap`
    element for the messages it swapped), and `htmx:sse:error` on other occasions than the
    EventSource's errors. Unsafe too, with findings on what to look at, for a handler defined
    in another file or used elsewhere, one that reads what htmx 4 has no value for, or hands
    the event to code hxmigrate cannot follow. In a Vue template (`.vue`) an Alpine-looking
    listener is reported, not renamed.
"""

from __future__ import annotations

import re
from functools import partial

from ...diagnostics import Diagnostic, fix
from ...edits import Edit
from .._alpine import listener_findings, listener_reads, renamed
from .._detail_reader import value_reports
from .._event_names import (
    leftover_reads,
    listed_events,
    once,
    registered_reads,
    renames,
)
from .._javascript import htmx_library, string_value, written_for_htmx_4
from ._events import DETAIL_4, OCCASION, events_of
from ._js_detail import DetailReader, code_reads
from ._placement import unheard

CODE = "SE302"
NAME = "sse-event-names"
LANGUAGES = ("javascript", "markup")
FIX = "sometimes"
SAFETY = "safe"
TRIGGERS = ("htmx:sse",)

_UNSAFE = " (`--unsafe-fixes` renames it now)"
# The 2.x extension itself registers with `defineExtension('sse', ...)`.
_DEFINES_SSE = re.compile(r"""defineExtension\(\s*['"]sse['"]""")


def check(file):
    names = file.target.sse
    if names is None:
        return
    events = events_of(names)
    reported: set[tuple[int, int]] = set()
    for script in file.javascript:
        if _library(script.text):
            continue
        for node in script.walk({"string", "template_string"}):
            value = string_value(script, node)
            if value is None or "htmx:sse" not in value.lower():
                continue
            tokens = value.split()
            if tokens and all(t in events.by_new for t in tokens):
                found = _leftovers(file, script, node, tokens, events)
            else:
                found = _string(file, script, node, value, events)
            yield from once(found, reported)
    if file.kind == "markup":
        yield from _alpine(file, events)


def _library(text: str) -> bool:
    """A copy of htmx, of the 2.x SSE extension, or code written for htmx 4: its strings are
    the library's."""
    return htmx_library(text) is not None or written_for_htmx_4(text) or \
        ("defineExtension" in text and _DEFINES_SSE.search(text) is not None)


# --- strings in JavaScript ------------------------------------------------------------------------

def _string(file, script, node, value, events):
    start, end = script.span(node)
    event = events.of(value)
    tokens = None
    if event is None:
        # jQuery and friends take several space-separated events in one string
        listed = listed_events(script, node, value, events.of)
        if listed is None:
            return
        _, tokens = listed
    if script.has_template(node) or script.in_error(node):
        shown = value if event else ", ".join(t for _, t in tokens if events.of(t))
        yield Diagnostic(CODE, f"`{shown}` is a 2.x SSE event name, next to template syntax: rename it by hand "
                         f"({events.pairs()})", start, end)
        return
    edits, found_events, message = renames(start, end, value, event, tokens, events.of, events.new)
    if event is None:
        message = "2.x SSE event names in htmx 4: " + message
    detail_edits, reports, waits, _ = registered_reads(CODE, file, script, node, found_events,
                                                       lambda ev: DetailReader(file, ev, events.names), events.of)
    if detail_edits:
        edits.extend(detail_edits)
        message += f", and the handler's detail reads follow ({len(detail_edits)} rewritten)"
    occasions = [OCCASION[e] for e in found_events if e in OCCASION]
    if waits:
        message += f"; {waits[0]}: rename the event once the handler reads htmx 4's detail " \
                   f"({DETAIL_4[found_events[0]]}), with every other registration of it"
        message += f"; also, {occasions[0]}{_UNSAFE}" if occasions else _UNSAFE
    elif occasions:
        message += f"; {occasions[0]}: check that the handler should run then{_UNSAFE}"
    yield Diagnostic(CODE, message, start, end, fix(*edits, safe=not waits and not occasions))
    yield from reports


def _leftovers(file, script, node, tokens, events):
    """Handlers of an already renamed event that still read 2.x detail properties."""
    for token in dict.fromkeys(tokens):
        old = events.by_new[token]
        yield from leftover_reads(CODE, file, script, node,
                                  lambda old=old, token=token: DetailReader(file, old, events.names, leftover=token))


# --- Alpine listeners: @htmx:sse-message, x-on:htmx:sse-open ------------------------------------------


def _alpine_listener(file, events, tag, attr, listener, event, vue):
    prefix, event_end, modifiers = listener.prefix, listener.end, listener.modifiers
    new = events.new(event)
    where = (attr.start, attr.name_end)
    global_listener = "window" in modifiers or "document" in modifiers
    if not global_listener:
        problem = unheard(file, tag, event, events.names)
        if problem:
            yield Diagnostic(CODE, f"`{attr.name}` listens for `{event}`: {problem}; put the listener on the connection "
                             f"element (`{attr.name[:prefix]}{new}`), or add `.window` (`$el` is then still this "
                             "element)", *where)
            return
    # `.camel` and `.dot` change nothing in a name without dashes: they stay
    new_name = attr.name[:prefix] + new + attr.name[event_end:]
    if tag.attr(new_name.lower()) is not None:
        yield Diagnostic(CODE, f"`{attr.name}` next to `{new_name}`: merge the two listeners by hand", *where)
        return
    reads = listener_reads(file, attr, DetailReader(file, event, events.names))
    message, reports = renamed(CODE, attr, new_name, reads, vue)
    if message is None:
        yield from reports
        return
    if reads.waits:
        message += "; the expression needs a look first (see the findings on it): rename it once it reads htmx 4's " \
                   f"detail ({DETAIL_4[event]}){_UNSAFE}"
    elif event in OCCASION:
        message += f"; {OCCASION[event]}: check that the expression should run then{_UNSAFE}"
    edits = [Edit(attr.start + prefix, attr.start + event_end, new)]
    yield Diagnostic(CODE, message, *where, fix(*edits, *reads.edits, safe=not reads.waits and event not in OCCASION))
    yield from reports


def _alpine(file, events):
    def leftover(attr, listener):
        listened = listener.event
        if listened not in events.by_new:
            return None
        return value_reports(CODE, attr, lambda text, at: code_reads(file, text, at, "$event", events.by_new[listened],
                                                                     events.names, leftover=listened))

    yield from listener_findings(CODE, file, ("@htmx:sse", "x-on:htmx:sse"), events, leftover,
                                 partial(_alpine_listener, file, events))
