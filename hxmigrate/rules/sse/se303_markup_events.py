"""Rename the SSE extension's 2.x events in `hx-on` attributes and `hx-trigger` values, and report them in hyperscript.

What it does:
    Rewrites every `hx-on` spelling htmx 2 ran for an SSE event to htmx 4's name, in the
    short or long form it was written in, `data-` prefix kept: `hx-on::sse-message` becomes
    `hx-on::sse:after:message`, `hx-on:htmx:sse-open` becomes `hx-on:htmx:sse:after:connection`,
    and the dash forms `hx-on--sse-open` and `hx-on-htmx-sse-open` become `hx-on::...`.
    htmx 1's `hx-on="htmx:sseMessage: code"` with a single handler becomes
    `hx-on::sse:after:message="code"`. The handler's `event.detail` reads are rewritten as in
    SE302 (`event.detail.data` -> `event.detail.message.data`, `event.detail.elt` ->
    `event.target`). Renames a 2.x SSE event that starts a specification of `hx-trigger`
    (`hx-trigger="htmx:sseMessage from:body"` becomes `hx-trigger="htmx:sse:after:message
    from:body"`), filter and modifiers kept. Reported, not renamed: a camelCase name in an
    attribute name (`hx-on:htmx:sseMessage`, which never ran: browsers lowercase attribute
    names); a handler or trigger (without `from:`) of a message event on an element inside
    the connection element (an `sse-swap` child), where htmx 4 never fires it; a trigger of an
    SSE event on the connection element itself; code that reads what htmx 4's detail has no
    value for, or names a key of that detail (htmx 4 runs `hx-on` code inside
    `with (event.detail)`); 2.x names in hyperscript (`_="on htmx:sseMessage ..."`), with the
    htmx 4 name and detail. Handlers of htmx 4 names that still read a 2.x detail property
    are reported. The core's events stay HX201's and HX202's; `sse:NAME` triggers are
    SE105's.

Why:
    htmx 4 fires only its own SSE event names, with no kebab-case twins, and reads neither the
    `hx-on` dash forms nor htmx 1's value form: the handler or trigger silently stops
    running. On an `hx-sse:connect` element htmx 4 reads `hx-trigger` as the event to connect
    on (`load` when it has none): a trigger on an event of its own connection would wait
    forever. Hyperscript is a language of its own (filters, `from`, detail destructuring such
    as `on htmx:sseMessage(data)`), so it is pointed at rather than rewritten.

Example:
    <div sse-connect="/news" hx-on::sse-open="this.classList.add('live')">
    becomes (with SE101)
    <div hx-sse:connect="/news" hx-swap="none" hx-on::sse:after:connection="this.classList.add('live')">

Fix safety:
    Safe for `htmx:sseOpen` and `htmx:sseClose` where the code (or the trigger's filter)
    reads nothing htmx 4 changed: both versions fire them on the connection element at the
    same moment (checked in Chromium: fixtures/browser/sse-events-hx-on). Unsafe, with the
    reason: the message events (htmx 4 fires them on the connection element for every message
    of the stream, named ones too; htmx 2 on each `sse-swap` element for the messages it
    swapped), `htmx:sseError` (fired on other occasions), a handler or filter that needs a
    look (see its findings), and htmx 1's value form, which htmx 2 did not run.
"""

from __future__ import annotations

import re

from ...diagnostics import Diagnostic, fix
from ...edits import Edit
from .._detail_reader import value_reports
from .._hx_on import (
    attribute_name,
    code_1x,
    detail_reads,
    event_of_name,
    parse_1x,
)
from .._triggers import parse
from ._events import DETAIL_4, MESSAGE_EVENTS, OCCASION, events_of
from ._js_detail import code_reads
from ._markup import connect_attr
from ._placement import unheard

CODE = "SE303"
NAME = "sse-markup-events"
LANGUAGES = ("markup",)
FIX = "sometimes"
SAFETY = "safe"
TRIGGERS = ("hx-on", "htmx:sse")

_UNSAFE = " (`--unsafe-fixes` renames it now)"
_HYPERSCRIPT_ATTRS = ("_", "data-_", "script", "data-script")
_HS_NAME = re.compile(r"htmx:sse[A-Za-z-]+")


def check(file):
    names = file.target.sse
    if names is None:
        return
    events = events_of(names)
    for tag in file.markup.start_tags():
        for attr in tag.attrs:
            lname = attr.lname
            bare = lname[5:] if lname.startswith("data-") else lname
            if bare == "hx-trigger" and attr.value and "htmx:sse" in attr.value.lower():
                yield from _trigger(file, tag, attr, events)
                continue
            if lname in _HYPERSCRIPT_ATTRS and attr.value and "htmx:sse" in attr.value:
                yield from _hyperscript(attr.value, attr.value_start, events)
                continue
            if not bare.startswith("hx-on") or attr.name_has_template:
                continue
            rest = bare[len("hx-on"):]
            if rest == "":
                yield from _legacy_value(file, tag, attr, events)
                continue
            read = event_of_name(rest)
            if read is None or read[1] == "plain":
                continue  # `hx-on:NAME` of another event, or an `hx-on-NAME` that does not name an htmx one
            listened, style = read
            if listened in events.by_new:
                yield from _leftover(file, attr, events.by_new[listened], listened, events)
            elif listened.startswith("htmx:sse") and not listened.startswith("htmx:sse:"):
                yield from _named(file, tag, attr, listened, style, events)
    for tag, raw in file.markup.scripts():
        type_attr = tag.attr("type")
        if raw is None or type_attr is None or (type_attr.value or "").strip().lower() != "text/hyperscript":
            continue
        yield from _hyperscript(file.text[raw.start:raw.end], raw.start, events)


def _named(file, tag, attr, listened, style, events):
    where = (attr.start, attr.name_end)
    event = events.of(listened)
    if event is None:
        camel = events.lowered(listened)
        if camel is not None:
            yield Diagnostic(CODE, f"`{attr.name}` never ran in htmx 2: browsers lowercase attribute names, so "
                             f"`{camel}` is never matched; the htmx 4 name would be "
                             f"`{attribute_name(attr.name, events.new(camel), 'short')}` (renaming it makes it run)",
                             *where)
        return
    new_event = events.new(event)
    new_name = attribute_name(attr.name, new_event, style)
    problem = unheard(file, tag, event, events.names)
    if problem:
        yield Diagnostic(CODE, f"`{attr.name}` listens for `{event}`: {problem}; put the handler on the connection "
                         f"element as `{attribute_name(attr.name, new_event, 'short')}` (`this` is then that element)",
                         *where)
        return
    if tag.attr(new_name.lower()) is not None:
        yield Diagnostic(CODE, f"`{attr.name}` is `{new_name}` in htmx 4, which the element already has: merge the "
                         "two handlers by hand", *where)
        return
    if file.flavor == "templ" and attr.value_has_template and not attr.quote and \
            _bare(attr.name).startswith("hx-on:") != _bare(new_name).startswith("hx-on:"):
        yield Diagnostic(CODE, f"`{attr.name}` is `{new_name}` in htmx 4, but templ reads the Go expression of an "
                         "`hx-on:` attribute as a templ.ComponentScript, not a string: rename it and change its value "
                         "by hand", *where)
        return
    edits, reports, waits = _detail_reads(file, attr, attr.value, attr.value_start, event)
    more = f", and its `event.detail` reads follow ({len(edits)} rewritten)" if edits else ""
    yield Diagnostic(CODE, f"`{attr.name}` is `{new_name}` in htmx 4{more}{_why(event, waits)}", *where,
                     fix(Edit(attr.start, attr.name_end, new_name), *edits, safe=not waits and event not in OCCASION))
    yield from reports


def _bare(name: str) -> str:
    lower = name.lower()
    return lower[5:] if lower.startswith("data-") else lower


def _why(event: str, waits: str) -> str:
    if waits:
        also = f"; also, {OCCASION[event]}" if event in OCCASION else ""
        return f"; {waits}: rename it once it reads htmx 4's detail ({DETAIL_4[event]}){also}{_UNSAFE}"
    if event in OCCASION:
        return f"; {OCCASION[event]}: check that the handler should run then{_UNSAFE}"
    return ""


def _detail_reads(file, attr, code, code_start, event):
    """(edits for the handler's `event.detail` reads, reports for the rest, why the rename
    waits for a person or "")."""
    return detail_reads(CODE, attr, code, code_start, DETAIL_4[event],
                        lambda text, at: code_reads(file, text, at, "event", event, file.target.sse,
                                                    detail_in_scope=True))


def _legacy_value(file, tag, attr, events):
    """htmx 1's hx-on="event: code" (one handler per line), which htmx 2 did not run."""
    value = attr.value
    if not value or "htmx:sse" not in value:
        return
    handlers = [(ev, code_start) for ev, _, code_start in parse_1x(value)]
    sse = [(ev, code_start) for ev, code_start in handlers if events.of(ev)]
    if not sse:
        return
    if len(handlers) > 1 or attr.value_has_template or not attr.quote:
        pairs = ", ".join(f"`{ev}` -> `{events.new(events.of(ev))}`" for ev, _ in sse)
        yield Diagnostic(CODE, f"`{attr.name}` uses htmx 1's form, which htmx 2 and 4 do not run: write one "
                         f"`hx-on::EVENT` attribute per handler ({pairs})", attr.start, attr.end)
        return
    ev, code_start = sse[0]
    event = events.of(ev)
    new_name = attribute_name(attr.name, events.new(event), "short")
    problem = unheard(file, tag, event, events.names)
    if problem:
        yield Diagnostic(CODE, f"`{attr.name}=\"{ev}: ...\"` is htmx 1's form; {problem}: put the handler on the "
                         f"connection element as `{new_name}`", attr.start, attr.end)
        return
    if tag.attr(new_name.lower()) is not None:
        yield Diagnostic(CODE, f"`{attr.name}` next to `{new_name}`: merge the two handlers by hand",
                         attr.start, attr.end)
        return
    stripped, at = code_1x(attr, code_start)
    edits, reports, waits = _detail_reads(file, attr, stripped, at, event)
    more = f", and its `event.detail` reads follow ({len(edits)} rewritten)" if edits else ""
    yield Diagnostic(CODE, f"`{attr.name}=\"{ev}: ...\"` is htmx 1's form, which htmx 2 did not run (htmx 1 did): "
                     f"`{new_name}` in htmx 4{more}{_why(event, waits) or '; check that it should run' + _UNSAFE}",
                     attr.start, attr.end,
                     fix(Edit(attr.start, attr.name_end, new_name), Edit(attr.value_start, at), *edits, safe=False))
    yield from reports


def _leftover(file, attr, event, new_event, events):
    """A renamed handler that still reads 2.x detail properties."""
    return value_reports(CODE, attr, lambda text, at: code_reads(file, text, at, "event", event, events.names,
                                                                    leftover=new_event))


# --- hx-trigger ------------------------------------------------------------------------------------

def _trigger(file, tag, attr, events):
    names = events.names
    specs = parse(attr.value)
    if specs is None:
        return
    found = []
    for spec in specs:
        name, _, rest = spec.event.partition("[")
        event = events.of(name)
        if event is not None:
            has_from = any(m.key == "from" for m in spec.modifiers)
            found.append((spec.event_start, name, "[" + rest if rest else "", has_from, event))
    if not found:
        return
    pairs = ", ".join(f"`{name}` -> `{events.new(ev)}`" for _, name, _, _, ev in found)
    if connect_attr(tag, names) is not None:
        conn_id = tag.attr("id")
        source = f"#{conn_id.value}" if conn_id is not None and conn_id.value and not conn_id.value_has_template \
            else "closest [hx-sse\\:connect]"
        yield Diagnostic(CODE, f"`{attr.name}` on a connection element names an SSE event ({pairs}): htmx 4 reads "
                         "`hx-trigger` there as the event to connect on, so it would never connect; keep `load` (the "
                         "default) here and make the request from a child, e.g. `<span hidden hx-get=\"...\" "
                         f"hx-trigger='{events.new(found[0][4])} from:\"{source}\"'>`", attr.start, attr.end)
        return
    problem = next((p for _, _, _, has_from, ev in found if not has_from
                    for p in [unheard(file, tag, ev, names)] if p), None)
    if problem:
        yield Diagnostic(CODE, f"`{attr.name}` listens for {pairs}: {problem}; listen there with "
                         "`from:\"closest [hx-sse\\:connect]\"` (quoted in htmx 4)", attr.start, attr.end)
        return
    regions = file.markup.regions
    if attr.value_has_template and any(regions.overlaps(attr.value_start + s, attr.value_start + s + len(n))
                                       for s, n, _, _, _ in found):
        yield Diagnostic(CODE, f"`{attr.name}` names 2.x SSE events next to template syntax: rename them by hand "
                         f"({pairs})", attr.start, attr.end)
        return
    edits = [Edit(attr.value_start + s, attr.value_start + s + len(name), events.new(ev))
             for s, name, _, _, ev in found]
    notes = []
    reads = next((ev for _, _, filter_, _, ev in found if "detail" in filter_), None)
    if reads is not None:
        notes.append(f"the filter reads `detail`, which is {DETAIL_4[reads]} in htmx 4: rewrite it, then rename the "
                     f"event{_UNSAFE}")
    occasion = next((OCCASION[ev] for _, _, _, _, ev in found if ev in OCCASION), None)
    if occasion is not None:
        notes.append(f"{occasion}: check that the trigger should fire then{_UNSAFE}")
    message = f"2.x SSE event in `{attr.name}`: {pairs} in htmx 4" + "".join("; " + n for n in notes)
    yield Diagnostic(CODE, message, attr.start, attr.end, fix(*edits, safe=not notes))


# --- hyperscript -----------------------------------------------------------------------------------

def _hyperscript(text, base, events):
    for m in _HS_NAME.finditer(text):
        event = events.of(m.group())
        if event is None:
            continue
        extra = f"; its detail is {DETAIL_4[event]}"
        if event in MESSAGE_EVENTS:
            extra = (f", on the connection element for every message; its detail is {DETAIL_4[event]} (`data` is "
                     "`message.data`, `lastEventId` is `message.id`)")
        yield Diagnostic(CODE, f"hyperscript listens for `{m.group()}`, which htmx 4 never fires: it fires "
                         f"`{events.new(event)}`{extra}; rewrite the handler by hand", base + m.start(), base + m.end())
