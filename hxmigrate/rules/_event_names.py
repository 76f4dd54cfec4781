"""String literals that name htmx 2 events in JavaScript, as the rule families that rename
events read them: a space-separated list of events passed to jQuery and friends, the
handlers a string's registrations pass (with what they read of the detail), and the
findings on a handler read once for each registration of it."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Callable, Iterable, Iterator

from ..diagnostics import Diagnostic
from ..edits import Edit
from ._detail_reader import HANDLER_NEEDS_LOOK, registered_handler_reads
from ._javascript import (
    call_of,
    callback_argument,
    handler_function,
    method_of,
    registrations,
)

if TYPE_CHECKING:
    from tree_sitter import Node

    from ..syntax.javascript import Script
    from ._detail_reader import DetailReader

# Methods that take several space-separated events in one string (jQuery, htmx.trigger...).
LIST_METHODS = frozenset({"on", "off", "one", "trigger", "bind", "unbind", "triggerHandler"})
_TOKEN = re.compile(r"\S+")
_EVENT_TOKEN = re.compile(r"[\w:.\-]+")


def listed_events(script: "Script", node: "Node", value: str,
                  event_of: "Callable[[str], str | None]") -> "tuple[Node, list[tuple[int, str]]] | None":
    """(the call, each (offset in ``value``, token)) where the string ``node`` is the first
    argument of a method that takes a space-separated list of events, and lists at least one
    2.x event (named so by ``event_of``); None otherwise."""
    call, position = call_of(node)
    if call is None or position != 0 or method_of(script, call) not in LIST_METHODS:
        return None
    tokens = [(m.start(), m.group()) for m in _TOKEN.finditer(value)]
    if not any(event_of(t) for _, t in tokens) or not all(_EVENT_TOKEN.fullmatch(t) for _, t in tokens):
        return None
    return call, tokens


def renames(start: int, end: int, value: str, event: str | None, tokens: list[tuple[int, str]] | None,
            event_of: "Callable[[str], str | None]", new_of: "Callable[[str], str]",
            ) -> tuple[list[Edit], list[str], str]:
    """The renames of the string literal at ``start``..``end`` (quotes included): of the whole
    ``value`` where it is the 2.x ``event``, else of each 2.x event in ``tokens`` (see
    `listed_events`). (the edits, the 2.x events, each once, what the renames read as:
    "`VALUE` is `NEW` in htmx 4", or "`OLD` -> `NEW`, ..." for a list.)"""
    if event is not None:
        new = new_of(event)
        return [Edit(start + 1, end - 1, new)], [event], f"`{value}` is `{new}` in htmx 4"
    edits, renamed, events = [], [], []
    for offset, token in tokens or ():
        ev = event_of(token)
        if ev is None:
            continue
        events.append(ev)
        renamed.append(f"`{token}` -> `{new_of(ev)}`")
        edits.append(Edit(start + 1 + offset, start + 1 + offset + len(token), new_of(ev)))
    return edits, list(dict.fromkeys(events)), ", ".join(renamed)


def once(found: Iterable[Diagnostic], reported: set[tuple[int, int]]) -> Iterator[Diagnostic]:
    """``found``, without the findings with no fix already ``reported`` (a handler is read
    once for each registration of it)."""
    for d in found:
        if d.fix is None and (d.start, d.end) in reported:
            continue
        if d.fix is None:
            reported.add((d.start, d.end))
        yield d


def registered_reads(code: str, file, script: "Script", node: "Node", events: list[str],
                     reader: "Callable[[str], DetailReader]", event_of: "Callable[[str], str | None]",
                     ) -> "tuple[list[Edit], list[Diagnostic], list[str], bool]":
    """What the handlers registered with the event string ``node`` read of the detail of
    ``events``: (the edits of the detail reads this string's registrations carry, the findings
    on the rest, why the rename waits for a person (one reason a registration), whether any
    registration passes a handler)."""
    edits: list[Edit] = []
    reports: list[Diagnostic] = []
    waits: list[str] = []
    handled = False
    for call, name_node, _ in registrations(script, node):
        arg = callback_argument(call, name_node)
        if arg is None:
            continue
        handled = True
        reads, why, owns = registered_handler_reads(file, script, call, arg, events, reader, event_of)
        if why:
            waits.append(why)
        reports.extend(Diagnostic(code, r.message, r.start, r.end) for r in reads.reports)
        if reads.waits and not why:
            waits.append(HANDLER_NEEDS_LOOK)
        if owns:
            edits.extend(reads.edits)
    return edits, reports, waits, handled


def leftover_reads(code: str, file, script: "Script", node: "Node",
                   reader: "Callable[[], DetailReader]") -> Iterator[Diagnostic]:
    """The findings on the handlers registered with the event string ``node`` (an htmx 4
    name) that still read 2.x detail properties, as a ``reader()`` made for the leftover reads
    them."""
    for call, name_node, _ in registrations(script, node):
        handler = callback_argument(call, name_node)
        found = handler_function(file, script, handler) if handler is not None else None
        if found is None:
            continue
        fn_script, fn = found
        for r in reader().function(fn_script, fn).reports:
            yield Diagnostic(code, r.message, r.start, r.end)
