"""Rename the 2.x WebSocket events in JavaScript, and the `event.detail` reads of their handlers.

What it does:
    Renames every string literal that is exactly a 2.x WebSocket event name
    (`"htmx:wsAfterMessage"`, or its kebab-case twin `"htmx:ws-after-message"`) to the
    target's name, wherever it appears: `addEventListener`, `removeEventListener`,
    `htmx.on`, `htmx.off`, jQuery `.on(...)` (also space-separated lists of events there),
    `htmx.trigger`, a `const` that such calls use, or anywhere else. The handler of a
    registration is read with it: a function literal, or a function of the same file (or of
    the page's inline scripts) passed by name, `function onMessage(e) {...}` or
    `const onMessage = (e) => ...`, when it handles only this event. Its reads of the event's
    detail are rewritten with the same fix: `e.detail.message` -> `e.detail.message.data` for
    incoming messages and after a send; `e.detail.parameters` -> `e.detail.message.values`,
    `e.detail.headers` -> `e.detail.message.headers`, `e.detail.messageBody` ->
    `e.detail.message.data` before a send. Code the handler hands the event to is followed
    when it is a function of the same file used nowhere else. Detail properties htmx 4 does
    not have (`socketWrapper`, `event`, `elt`...) are reported with the htmx 4 way to do it,
    and again after the rename while a handler still reads them.

Why:
    htmx 4 fires `htmx:ws:after:message:incoming` and friends, never the 2.x names, and no
    kebab-case twins; handlers registered under 2.x names silently stop running. The detail
    of the message events became `{connection, message}`, with the text in `message.data`.

Example:
    document.body.addEventListener("htmx:wsAfterMessage", (e) => log(e.detail.message));
    becomes
    document.body.addEventListener("htmx:ws:after:message:incoming", (e) => log(e.detail.message.data));

Fix safety:
    Safe: the handler runs at the same moment and reads the same values. Where that cannot
    be known, the rename is an unsafe fix and the finding says what to check: a handler
    defined in another file, one that is also called or registered elsewhere (its reads are
    reported, not rewritten), one that destructures the detail, assigns to it, or hands the
    event to code hxmigrate cannot follow. Renaming first would leave such a handler
    silently broken.
"""

from __future__ import annotations

import re

from ...diagnostics import Diagnostic, fix
from ...edits import Edit
from .._javascript import call_of, method_of, registrations
from ._js import (
    EVENTS_2X,
    FUNCTIONS,
    INCOMING,
    OUTGOING,
    call_arguments,
    event_2x,
    is_2x_extension,
    string_value,
    unwrap,
)
from ._js_detail import DETAIL_OF, DetailReader, Reads, file_functions

CODE = "WS302"
NAME = "event-names"
LANGUAGES = ("javascript", "markup")
FIX = "sometimes"
SAFETY = "safe"
TRIGGERS = ("htmx:ws",)

_LIST_METHODS = frozenset({"on", "off", "one", "trigger", "bind", "unbind", "triggerHandler"})
# Calls that take a handler away rather than run it.
_REMOVALS = frozenset({"off", "unbind", "removeEventListener", "removeListener"})
_TOKEN = re.compile(r"\S+")


def check(file):
    target = file.target
    migrated = set(target.events.values())
    reported: set[tuple[int, int]] = set()
    for script in file.javascript:
        if is_2x_extension(script):
            continue
        for node in script.walk({"string", "template_string"}):
            value = string_value(script, node)
            if value is None or "htmx:" not in value.lower() or _jsx_trigger(script, node):
                continue
            tokens = value.split()
            if tokens and any(t in migrated for t in tokens) and not any(event_2x(t) for t in tokens):
                found = _leftovers(file, script, node, value)
            elif "htmx:ws" in value.lower():
                found = _string(file, script, node, value, target)
            else:
                continue
            for d in found:
                if d.fix is None and (d.start, d.end) in reported:
                    continue  # a handler read once for each registration of it
                if d.fix is None:
                    reported.add((d.start, d.end))
                yield d


def _jsx_trigger(script, node) -> bool:
    """The value of a JSX `hx-trigger` (WS304 reads it as a trigger specification)."""
    parent = node.parent
    if parent is not None and parent.type == "jsx_expression":
        parent = parent.parent
    if parent is None or parent.type != "jsx_attribute" or not parent.named_children:
        return False
    return script.text_of(parent.named_children[0]).lower() in ("hx-trigger", "data-hx-trigger")


def _leftovers(file, script, node, event):
    """Handlers of an already renamed event that still read 2.x-only detail properties."""
    target = file.target
    old = next((e for e in EVENTS_2X if target.event(e) == event), None)
    if old is None:
        return
    for call, name_node, _ in registrations(script, node):
        handler = _callback_argument(call, name_node)
        if handler is None:
            continue
        found = _function_of(file, script, handler)
        if found is None:
            continue
        fn_script, fn = found
        for r in DetailReader(file, old, target, leftover=event).function(fn_script, fn).reports:
            yield Diagnostic(CODE, r.message, r.start, r.end)


def _string(file, script, node, value, target):
    start, end = script.span(node)
    call, position = call_of(node)
    event = event_2x(value)
    tokens = None
    if event is None:
        # jQuery and friends take several space-separated events in one string
        if call is None or position != 0 or method_of(script, call) not in _LIST_METHODS:
            return
        tokens = [(m.start(), m.group()) for m in _TOKEN.finditer(value)]
        if not any(event_2x(t) for _, t in tokens) or not all(re.fullmatch(r"[\w:.\-]+", t) for _, t in tokens):
            return
    if script.has_template(node) or script.in_error(node):
        names = value if event else ", ".join(t for _, t in tokens if event_2x(t))
        yield Diagnostic(CODE, f"`{names}` is a 2.x event name, next to template syntax: rename it by hand "
                         f"({_pairs(target)})", start, end)
        return
    if event is not None:
        new = target.event(event)
        edits = [Edit(start + 1, end - 1, new)]
        message = f"`{value}` is `{new}` in htmx 4"
        events = [event]
    else:
        edits = []
        renamed = []
        events = []
        for offset, token in tokens:
            ev = event_2x(token)
            if ev is None:
                continue
            events.append(ev)
            renamed.append(f"`{token}` -> `{target.event(ev)}`")
            edits.append(Edit(start + 1 + offset, start + 1 + offset + len(token), target.event(ev)))
        message = "2.x event names in htmx 4: " + ", ".join(renamed)
    events = list(dict.fromkeys(events))
    reports: list[Diagnostic] = []
    waits: list[str] = []  # why the rename must wait for a person
    detail_edits: list[Edit] = []
    found = registrations(script, node)
    handled = False
    for call, name_node, _ in found:
        arg = _callback_argument(call, name_node)
        if arg is None:
            continue
        handled = True
        reads, why, owns = _handler_reads(file, script, call, arg, events, target)
        if why:
            waits.append(why)
        for r in reads.reports:
            reports.append(Diagnostic(CODE, r.message, r.start, r.end))
        if reads.waits and not why:
            waits.append("the handler needs a look first (see the findings on it)")
        if owns:
            detail_edits.extend(reads.edits)
    if detail_edits:
        edits.extend(detail_edits)
        message += f", and the handler's detail reads follow ({len(detail_edits)} rewritten)"
        if any(ev in INCOMING for ev in events):
            # hxmigrate itself changes what the server sends: ids of out-of-band elements
            # move into <hx-partial hx-target=...>.
            message += ("; the message text now holds <hx-partial> wrappers, so code that searches it "
                        "for an element's id needs a look")
    elif not handled and call is None and any(e in INCOMING + OUTGOING for e in events):
        message += f"; check how the handler reads `event.detail` (now {DETAIL_OF[events[0]]})"
    if waits:
        message += f"; {waits[0]}: rename the event once the handler reads the htmx 4 detail " \
                   f"({DETAIL_OF[events[0]]}), with every other registration of it (`--unsafe-fixes` renames it now)"
    yield Diagnostic(CODE, message, start, end, fix(*edits, safe=not waits))
    yield from reports


def _handler_reads(file, script, call, arg, events, target) -> tuple[Reads, str | None, bool]:
    """(the reads of the handler passed as ``arg``, why the rename must wait for a person
    (or None), whether this registration carries the handler's rewrites)."""
    handler = unwrap(arg)
    if handler.type not in FUNCTIONS and script.has_template(handler):
        return Reads(), "the handler is written with template syntax", False
    removal = method_of(script, call) in _REMOVALS or _function_name(script, call) in _REMOVALS
    owner = None
    owns = not removal
    if handler.type in FUNCTIONS:
        fn_script, fn = script, handler
    elif handler.type == "identifier":
        name = script.text_of(handler)
        found = file_functions(file).named(name)
        if found is None:
            return Reads(), f"the handler `{name}` is defined elsewhere", False
        fn_script, fn = found.script, found.node
        mine = _accepted_registrations(file, found, events)
        if not file_functions(file).exclusive(found, lambda offset: offset in mine):
            owner = f"`{name}` is also used elsewhere (called, exported, or registered for another event)"
        elif mine:
            # One registration carries the handler's rewrites: the first that runs it.
            runs = sorted(o for o, is_removal in mine.items() if not is_removal) or sorted(mine)
            owns = script.start(handler) == runs[0]
    else:
        return Reads(), f"the handler `{script.text_of(handler)}` is defined elsewhere", False
    results = [DetailReader(file, ev, target).function(fn_script, fn, owner) for ev in events]
    reads = results[0]
    for other in results[1:]:
        if sorted(other.edits) != sorted(reads.edits):
            start0 = min((e.start for r in results for e in r.edits), default=fn_script.start(fn))
            merged = Reads([], reads.reports + other.reports)
            return merged, "one handler for several events whose detail changed differently: rewrite its " \
                           f"`event.detail` reads by hand (at offset {start0})", False
        seen = {(r.start, r.end, r.message) for r in reads.reports}
        reads.reports.extend(r for r in other.reports if (r.start, r.end, r.message) not in seen)
    if owner is not None:
        return reads, f"the handler `{script.text_of(handler)}` is also used elsewhere", False
    return reads, None, owns


def _accepted_registrations(file, fn, events) -> dict[int, bool]:
    """File offsets where the function's name is passed as the handler of one of these
    2.x events (under a 2.x name), each with whether that call takes it away."""
    out: dict[int, bool] = {}
    name = fn.script.text_of(fn.name_node)
    offsets = set(file_functions(file).occurrences(name))
    for script in file.javascript:
        if name not in script.text:
            continue
        end = script.offset + len(script.text)
        for offset in sorted(o for o in offsets if script.offset <= o < end):
            ident = script.node_at(offset)
            if ident is None or ident.type != "identifier" or script.text_of(ident) != name:
                continue
            parent = ident.parent
            if parent is None or parent.type != "arguments" or parent.parent is None:
                continue
            call = parent.parent
            args = call_arguments(call)
            idx = next((i for i, a in enumerate(args) if a == ident), -1)
            for i, a in enumerate(args[:idx]):
                if _events_named(script, a) & set(events) and _callback_argument(call, a) == ident:
                    out[script.start(ident)] = method_of(script, call) in _REMOVALS or \
                        _function_name(script, call) in _REMOVALS
                    break
    return out


def _events_named(script, node) -> set[str]:
    """The 2.x events a string argument (or a const holding one) names."""
    value = string_value(script, node)
    if value is None and node.type == "identifier":
        value = _const_string(script, node)
    if value is None:
        return set()
    return {ev for t in value.split() if (ev := event_2x(t)) is not None}


def _const_string(script, ident) -> str | None:
    name = script.text_of(ident)
    found = None
    for decl in script.walk({"variable_declarator"}):
        n = decl.child_by_field_name("name")
        if n is None or n.type != "identifier" or script.text_of(n) != name:
            continue
        if found is not None or decl.parent is None or decl.parent.child(0) is None or decl.parent.child(0).type != "const":
            return None
        found = string_value(script, decl.child_by_field_name("value"))
    return found


def _function_of(file, script, handler):
    """(script, function) of a handler argument: a literal, or a function of the file by name."""
    handler = unwrap(handler)
    if handler.type in FUNCTIONS:
        return script, handler
    if handler.type == "identifier":
        found = file_functions(file).named(script.text_of(handler))
        if found is not None:
            return found.script, found.node
    return None




def _pairs(target) -> str:
    return "; ".join(f"{old} -> {target.event(old)}" for old in EVENTS_2X)






def _function_name(script, call) -> str | None:
    fn = call.child_by_field_name("function")
    return script.text_of(fn) if fn is not None and fn.type == "identifier" else None


def _callback_argument(call, name_node):
    """The handler among the arguments after the event name: the function literal, else
    the first name or expression that can hold one (`addEventListener(n, handler, options)`)."""
    args = call_arguments(call)
    after = [a for a in args[next((i for i, a in enumerate(args) if a == name_node), len(args)) + 1:]]
    literal = next((a for a in after if unwrap(a).type in FUNCTIONS), None)
    if literal is not None:
        return literal
    return next((a for a in after if a.type in ("identifier", "member_expression", "call_expression")), None)


def _report(script, node, message) -> Diagnostic:
    start, end = script.span(node)
    return Diagnostic(CODE, message, start, end)
