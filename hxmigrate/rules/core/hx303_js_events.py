"""Rename htmx 2's event names in JavaScript and Alpine listeners, and their handlers' `event.detail` reads.

What it does:
    Renames every string literal that is exactly an htmx 2 event name (`"htmx:configRequest"`,
    or its kebab-case twin `"htmx:config-request"`) to htmx 4's (`"htmx:config:request"`):
    in `addEventListener`, `removeEventListener`, `htmx.on`, jQuery `.on(...)` (also
    space-separated lists of events there), a `const` such calls use, `htmx.trigger`, or
    anywhere else; and the Alpine listeners `@htmx:after-request` / `x-on:htmx:...` of a page.
    The handler of a registration is read with it (a function literal, or a function of the
    same file or page passed by name and used only there): its reads of `event.detail` are
    rewritten where htmx 4 has the same value (`detail.headers` -> `detail.ctx.request.headers`,
    `detail.parameters.x = "v"` -> `detail.ctx.request.body.set("x", "v")` (in an attribute, the
    name takes the quote the attribute does not use), `detail.path` ->
    `detail.ctx.request.action`, `detail.verb` -> `detail.ctx.request.method.toLowerCase()`,
    `detail.elt` -> `detail.ctx.sourceElement`, `detail.target` -> `detail.ctx.target`,
    `detail.xhr.status` -> `detail.ctx.response.status`, `detail.xhr.responseText` ->
    `detail.ctx.text`, `detail.xhr.getResponseHeader` -> `detail.ctx.response.headers.get`,
    `detail.serverResponse` -> `detail.ctx.text`) and reported where it has none
    (`detail.shouldSwap`, `detail.isError`, `detail.successful`, `detail.failed`, an
    assignment to `detail.target`...).

    Where an event fires changed too. htmx 2 fired `htmx:beforeSwap`, `htmx:afterSwap` and
    `htmx:afterSettle` on the swap target; htmx 4 fires `htmx:before:swap`/`htmx:after:swap`
    on the element that made the request and `htmx:after:settle` on the target. A listener on
    `document`, `document.body` or `window` (or Alpine's `.window`/`.document`) of
    `htmx:beforeSwap` gets the request's event; of `htmx:afterSwap` or `htmx:afterSettle` it gets
    `htmx:after:settle`, which htmx 4 fires on each target it swapped content into, and, as
    htmx 2, for no response it does not swap (htmx 4's `htmx:after:swap` fires for a 204 and
    the 4xx/5xx `noSwap` keeps out too): `detail.target` and `detail.elt` are the event's
    `target` there. A handler that reads more of the detail (the response) gets
    `htmx:after:swap`, whose `ctx` has it, as an unsafe rename. A listener on an element of
    the page (`document.getElementById("out")`, `htmx.on("#out", ...)`) gets the event htmx 4
    fires on that element, as HX201 decides for `hx-on`; any other element is reported. htmx 2
    fired the history events on `<body>`, htmx 4 fires them on `document`:
    `document.body.addEventListener(...)` becomes `document.addEventListener(...)`,
    and an Alpine listener on `<body>` gets `.document`. Events htmx 4 dropped, 2.x names in
    hyperscript, and handlers of htmx 4 events that still read 2.x detail properties are
    reported. `htmx:confirm` keeps its name; its handler's reads are rewritten
    (`detail.question` -> `detail.ctx.confirm`, `detail.elt` -> `detail.ctx.sourceElement`), and
    a handler that cancels it and has a path without `detail.issueRequest()` is told to call
    `detail.dropRequest()` there. WebSocket events are WS302's and WS313's.

Why:
    htmx 4 fires only its own names, with no kebab-case twins, so a listener registered
    under a 2.x name never runs, without an error. Its request events carry `{ctx}` instead of
    the 2.x detail.

Example:
    document.body.addEventListener("htmx:configRequest", (e) => {
        e.detail.headers["X-CSRFToken"] = token;
    });
    becomes
    document.body.addEventListener("htmx:config:request", (e) => {
        e.detail.ctx.request.headers["X-CSRFToken"] = token;
    });

Fix safety:
    Safe where the handler runs at the same moment on the same element and every detail read
    is rewritten. Where that cannot be known (a handler defined in another file or used
    elsewhere too, a read htmx 4 has no value for, the event or its detail handed to other
    code, template syntax in the handler's code), the rename is an unsafe fix and the
    findings say what to look at; the reads of an `htmx:confirm` handler are rewritten on the
    same terms. `htmx:afterRequest` and `htmx:afterOnLoad` become `htmx:after:request`, which
    htmx 4 fires before the swap: the message says so. htmx 2 fired `htmx:afterSwap` and
    `htmx:afterSettle` after an `hx-swap="none"` request too, htmx 4 fires no
    `htmx:after:settle` there (checked in Chromium): the message says so, and on a page that
    has such a request a global listener's rename is unsafe. htmx 2 asked `htmx:confirm`
    before queueing a request, htmx 4 asks inside the element's request queue: a cancelled
    request neither issued nor dropped holds that queue (checked in Chromium), hence the
    `dropRequest()` finding.
"""

from __future__ import annotations

import re
from functools import partial

from ...diagnostics import Diagnostic, fix
from ...edits import Edit
from .._alpine import (
    listener_findings,
    listener_reads,
    reference,
    renamed,
)
from .._detail_reader import value_reports
from .._event_names import listed_events, once
from .._javascript import (
    FUNCTIONS,
    call_arguments,
    call_of,
    callback_argument,
    const_string,
    descendants,
    file_functions,
    member_path,
    method_of,
    name_uses,
    nth_param,
    registrations,
    string_value,
    unwrap,
)
from ._attributes import htmx_attrs
from ._events import events_of
from ._js import (
    Receiver,
    element_by_id,
    in_extension,
    is_htmx_copy,
    receiver_of,
    swap_event_for,
)
from ._js_detail import DetailReader, Reads, code_reads, shown

CODE = "HX303"
NAME = "js-event-names"
LANGUAGES = ("javascript", "markup")
FIX = "sometimes"
SAFETY = "safe"
TRIGGERS = ("htmx:",)

# Methods that add or remove a listener, the event name being their first argument (or the
# second for htmx.on(element, event, handler)).
_LISTENERS = frozenset({"addEventListener", "removeEventListener", "on", "off", "one", "once", "bind", "unbind"})
_REMOVALS = frozenset({"removeEventListener", "off", "unbind"})
_DISPATCHES = frozenset({"trigger", "triggerHandler", "dispatchEvent"})  # they fire an event, with no handler
# htmx 4 fires before the swap what htmx 2 fired after it.
_BEFORE_SWAP_NOW = ("htmx:afterRequest", "htmx:afterOnLoad")
# htmx 2 fired these on <body>, htmx 4 on `document` (4.0.1: #pushUrlIntoHistory, #handleHistoryUpdate...).
_HISTORY = frozenset({"htmx:beforeHistorySave", "htmx:beforeHistoryUpdate", "htmx:historyRestore",
                      "htmx:historyCacheMiss", "htmx:pushedIntoHistory", "htmx:replacedInHistory"})
# What can hold a handler passed by reference: a name or a property (the result of a call is not read).
_REFERENCES = ("identifier", "member_expression")
_UNSAFE = " (`--unsafe-fixes` renames it now)"
# htmx 2 fired these on the swap target of a response it swapped (a 204 and, by its default
# `responseHandling`, a 4xx or 5xx are not: no event), `hx-swap="none"` included. htmx 4 fires
# `htmx:after:swap` on the requesting element for every response that reaches the swap, one
# that `noSwap` (204, 304 and the 4xx/5xx HX207 adds) or `hx-swap="none"` keeps out too, and
# `htmx:after:settle` on each target it swaps content into (none for swap `none`): a global
# listener (document, window, <body>) of these gets `htmx:after:settle` (4.0.1's swap() and
# #insertContent).
_SETTLED = frozenset({"htmx:afterSwap", "htmx:afterSettle"})


def check(file):
    core = file.target.core
    if core is None:
        return
    events = events_of(core)
    new_names = set(core.events.values()) | {e for e in core.target_events.values() if e}
    reported: set[tuple[int, int]] = set()
    for script in file.javascript:
        if is_htmx_copy(script):
            continue
        for node in script.walk({"string", "template_string"}):
            value = string_value(script, node)
            if value is None or "htmx:" not in value or in_extension(script, node):
                continue
            if events.of(value) is not None:
                found = _string(file, script, node, value, events)
            elif value in new_names:
                found = _leftovers(file, script, node, value)
            elif value == "htmx:confirm":
                found = _confirm(file, script, node)
            elif " " in value.strip():
                found = _list(file, script, node, value, events)
            else:
                continue
            yield from once(found, reported)
    if file.kind == "markup":
        yield from _alpine(file, events, new_names)
        yield from _hyperscript(file, events)


# --- a string that is a 2.x event name -------------------------------------------------------

def _string(file, script, node, value, events):
    start, end = script.span(node)
    event = events.of(value)
    new = events.new(event)
    if new is None:
        yield Diagnostic(CODE, f"`{value}`: {events.removed(event)}", start, end)
        return
    if script.has_template(node) or script.in_error(node):
        yield Diagnostic(CODE, f"`{value}` is `{new}` in htmx 4, next to template syntax: rename it by hand",
                         start, end)
        return
    found = registrations(script, node)
    if not found:
        if event in events.core.target_events:
            yield Diagnostic(CODE, f"`{value}`: htmx 2 fired it on the swap target, htmx 4 fires `{new}` on the "
                             "element that made the request"
                             + (f" and `{events.core.target_events[event]}` on the target"
                                if events.core.target_events[event] else "") + ": rename it by hand", start, end)
            return
        notes = _notes(event)
        yield Diagnostic(CODE, f"`{value}` is `{new}` in htmx 4{notes}", start, end, fix(Edit(start + 1, end - 1, new)))
        return
    chosen: set[str] = set()
    edits = []
    reports: list[Diagnostic] = []
    waits: list[str] = []
    rewritten = 0
    moved_listener = False
    for call, name_node, index in found:
        outcome = _registration(file, script, call, name_node, index, event, events)
        if outcome is None:
            continue
        new_here, receiver_edits, reads, why, problem = outcome
        if problem:
            yield Diagnostic(CODE, f"`{value}`: {problem}", start, end)
            return
        chosen.add(new_here)
        moved_listener = moved_listener or bool(receiver_edits)
        edits.extend(receiver_edits)
        edits.extend(reads.edits)
        rewritten += len(reads.edits)
        reports.extend(Diagnostic(CODE, r.message, r.start, r.end) for r in reads.reports)
        if why:
            waits.append(why)
        elif reads.waits:
            waits.append("the handler needs a look first (see the findings on it)")
    if len(chosen) > 1:
        yield Diagnostic(CODE, f"`{value}` names the event of listeners that get different htmx 4 events "
                         f"({', '.join(sorted(chosen))}): rename it by hand", start, end)
        return
    new = chosen.pop() if chosen else new
    message = f"`{value}` is `{new}` in htmx 4"
    if rewritten:
        message += f", and the handler's detail reads follow ({rewritten} rewritten)"
    if moved_listener:
        message += "; htmx 4 fires it on `document`, not on `<body>`: the listener moves there"
    message += _notes(event, new)
    if waits:
        message += f"; {waits[0]}: check how it reads the detail, which is {shown(new)} in htmx 4, and rename it " \
                   f"with every other registration of it{_UNSAFE}"
    yield Diagnostic(CODE, message, start, end, fix(Edit(start + 1, end - 1, new), *edits, safe=not waits))
    yield from reports


def _notes(event: str, new: str = "") -> str:
    if event in _BEFORE_SWAP_NOW:
        return "; htmx 4 fires it before the swap, htmx 2 fired it after: check a handler that reads the swapped " \
               "content"
    if event in _SETTLED and new == "htmx:after:settle":
        return "; htmx 4 fires it on each element it swapped content into, once settled: none for a response it " \
               "does not swap (as htmx 2 for a 204 or a 4xx/5xx), nor for `hx-swap=\"none\"` (htmx 2 fired one)"
    return ""


def _registration(file, script, call, name_node, index, event, events):
    """(the htmx 4 event for this registration, edits of its receiver, the handler's reads, why
    the rename waits or "", a problem that stops the rename or "") — None when the call adds
    no listener the rule can read."""
    method = method_of(script, call)
    adds = method in _LISTENERS
    receiver = receiver_of(script, call, index) if adds else Receiver("unknown")
    new = events.new(event)
    receiver_edits: list[Edit] = []
    moved = None
    if event in events.core.target_events:
        if not adds:
            return new, [], Reads(), "", f"htmx 2 fired it on the swap target; check what this call does with it " \
                                         f"and rename it by hand (`{new}` on the requesting element, " \
                                         f"`{events.core.target_events[event]}` on the target)"
        if receiver.delegated:
            return new, [], Reads(), "", "a delegated jQuery listener of a swap event: htmx 2 fired it on the swap " \
                                         f"target, htmx 4 fires `{new}` on the requesting element: rename it by hand"
        if receiver.is_global and event in _SETTLED and method not in _DISPATCHES:
            return _settled(file, script, call, name_node, event, events, method in _REMOVALS, receiver.jquery)
        if receiver.is_global:
            moved = (f"htmx 2 fired `{event}` on the swap target; htmx 4 fires `{new}` on the element that made the "
                     "request (the target is `event.detail.ctx.target`)")
        elif receiver.kind == "element" and receiver.id is not None:
            tag = element_by_id(file, receiver.id)
            if tag is None:
                return new, [], Reads(), "", f"the listener is on `#{receiver.id}`, which is not an element of this " \
                                             f"page: htmx 2 fired `{event}` on the swap target, htmx 4 fires `{new}` " \
                                             "on the element that made the request: rename it by hand"
            new, problem = swap_event_for(file, tag, event, events.core)
            if problem:
                return "", [], Reads(), "", f"on `#{receiver.id}`: {problem}"
        else:
            return new, [], Reads(), "", f"htmx 2 fired `{event}` on the swap target, htmx 4 fires `{new}` on the " \
                                         "element that made the request" + \
                                         (f" and `{events.core.target_events[event]}` on the target"
                                          if events.core.target_events[event] else "") + \
                                         f" (the listener is on `{receiver.written or 'an element'}`): rename it by hand"
    elif event in _HISTORY and adds:
        if receiver.kind in ("body", "root") and not receiver.jquery and receiver.node is not None and \
                receiver.written in ("document.body", "document.documentElement"):
            receiver_edits.append(Edit(*script.span(receiver.node), "document"))
            moved = "htmx 2 fired the history events on `<body>`, htmx 4 on `document`"
        elif receiver.kind in ("body", "root") or receiver.kind == "element":
            return new, [], Reads(), "", f"htmx 4 fires `{new}` on `document`, htmx 2 fired `{event}` on `<body>`: " \
                                         f"listen on `document` (the listener is on `{receiver.written}`) and " \
                                         "rename it by hand"
    handler = callback_argument(call, name_node, _REFERENCES) if method not in _DISPATCHES else None
    if handler is None:
        return new, receiver_edits, Reads(), "", ""
    removal = method in _REMOVALS
    reads, why = _handler_reads(file, script, handler, event, new, removal, moved, receiver.jquery)
    return new, receiver_edits, reads, why, ""


def _settled(file, script, call, name_node, event, events, removal, jquery):
    """The outcome of `_registration` for a global listener of `htmx:afterSwap` or
    `htmx:afterSettle`: `htmx:after:settle` where the handler reads no more of the detail than
    the target (the event's `target` there), else `htmx:after:swap`, with its `ctx`, as an
    unsafe rename (it fires for responses htmx 2 fired nothing for)."""
    settle = events.core.target_events[event]
    new = events.new(event)
    handler = callback_argument(call, name_node, _REFERENCES)
    if handler is None or not _needs_ctx(file, script, handler, event, settle, jquery):
        reads, why = _handler_reads(file, script, handler, event, settle, removal, None, jquery) \
            if handler is not None else (Reads(), "")
        return settle, [], reads, why or _swap_none(file, event, settle), ""
    moved = (f"htmx 2 fired `{event}` on the swap target; htmx 4 fires `{new}` on the element that made the "
             "request (the target is `event.detail.ctx.target`)")
    reads, why = _handler_reads(file, script, handler, event, new, removal, moved, jquery)
    return new, [], reads, why or _unswapped(event, new, settle), ""


def _needs_ctx(file, script, handler, event, settle, jquery) -> bool:
    """Does the handler read what `htmx:after:settle` has not (the response, the request)?
    Read from the handler itself, whichever registration carries its rewrites, so that every
    registration of it (a removal too) gets the same event."""
    node = unwrap(handler)
    fn_script, fn = script, node
    if node.type == "identifier":
        found = file_functions(file).named(script.text_of(node))
        if found is None:
            return False  # defined elsewhere: reported, the rename waits
        fn_script, fn = found.script, found.node
    if fn.type not in FUNCTIONS:
        return False
    return DetailReader(file, event, settle, jquery=jquery).function(fn_script, fn).waits


def _swap_none(file, event, settle) -> str:
    """Why the rename of a global listener to `htmx:after:settle` waits: the page has requests
    with `hx-swap="none"`, after which htmx 2 fired the event and htmx 4 fires none; else ""."""
    if file.kind != "markup":
        return ""
    for tag in file.markup.start_tags():
        for attr in htmx_attrs(tag, "hx-swap"):
            if not attr.value_has_template and (attr.value or "").split()[:1] == ["none"]:
                return f"the page has `hx-swap=\"none\"` requests, after which htmx 2 fired `{event}` (on their " \
                       f"target) and htmx 4 fires no `{settle}` (it fires it only where it swapped content)"
    return ""


def _unswapped(event, new, settle, who="the handler", evt="event") -> str:
    return f"{who} reads what `{settle}` does not carry ({shown(settle)}), and `{new}` also fires for a " \
           f"response htmx 4 does not swap (a 204, a 4xx/5xx that `noSwap` keeps out, `hx-swap=\"none\"`), where " \
           f"htmx 2 fired no `{event}` for a 204 or a 4xx/5xx (return early when " \
           f"`{evt}.detail.ctx.response.status` is 204 or 400 and above)"


def _handler_reads(file, script, handler, event, new, removal, moved, jquery) -> tuple[Reads, str]:
    """(the handler's reads this registration carries, why the rename waits or "")."""
    node = unwrap(handler)
    if node.type in FUNCTIONS:
        if removal:
            return Reads(), ""
        return DetailReader(file, event, new, moved=moved, jquery=jquery).function(script, node), ""
    if node.type != "identifier":
        return Reads(), f"the handler `{script.text_of(node)}` is defined elsewhere"
    name = script.text_of(node)
    functions = file_functions(file)
    fn = functions.named(name)
    if fn is None:
        return Reads(), f"the handler `{name}` is defined elsewhere"
    mine = _registered(file, name, event, new)
    if not functions.exclusive(fn, lambda offset: offset in mine):
        reads = DetailReader(file, event, new, moved=moved, jquery=jquery).function(
            fn.script, fn.node, f"`{name}` is also used elsewhere (called, exported, or registered for another event)")
        if reads.edits or reads.reports:
            return Reads([], reads.reports), f"the handler `{name}` is also used elsewhere"
        return Reads(), ""
    runs = sorted(o for o, gone in mine.items() if not gone) or sorted(mine)
    if script.start(node) != runs[0]:
        return Reads(), ""  # the first registration that runs it carries its rewrites
    return DetailReader(file, event, new, moved=moved, jquery=jquery).function(fn.script, fn.node), ""


def _registered(file, name: str, event: str, new: str) -> dict[int, bool]:
    """File offsets where the function ``name`` is passed as the handler of ``event`` (under
    its 2.x or htmx 4 name), each with whether that call takes the listener away."""
    events = events_of(file.target.core)
    out: dict[int, bool] = {}
    for script, ident in name_uses(file, name):
        call, at = call_of(ident)
        if call is None:
            continue
        args = call_arguments(call)
        for arg in args[:at]:
            value = string_value(script, arg) if arg.type != "identifier" else const_string(script, arg)
            if value is not None and (events.of(value) == event or value == new) and \
                    callback_argument(call, arg, _REFERENCES) == ident:
                out[script.start(ident)] = method_of(script, call) in _REMOVALS
                break
    return out


# --- jQuery's lists of events ------------------------------------------------------------------

def _list(file, script, node, value, events):
    listed = listed_events(script, node, value, events.of)
    if listed is None:
        return
    call, tokens = listed
    olds = [(offset, token, events.of(token)) for offset, token in tokens if events.of(token) is not None]
    start, end = script.span(node)
    if script.has_template(node) or script.in_error(node):
        yield Diagnostic(CODE, f"2.x event names next to template syntax: rename them by hand", start, end)
        return
    removed = [t for _, t, ev in olds if events.new(ev) is None]
    special = [t for _, t, ev in olds if ev in events.core.target_events or ev in _HISTORY]
    if removed or special:
        what = removed[0] if removed else special[0]
        why = events.removed(events.of(what)) if removed else "where htmx 4 fires it changed"
        yield Diagnostic(CODE, f"`{what}` in a list of events: {why}; split the list and rename by hand", start, end)
        return
    edits = [Edit(start + 1 + offset, start + 1 + offset + len(token), events.new(ev)) for offset, token, ev in olds]
    handler = callback_argument(call, node, _REFERENCES)
    waits = ""
    if handler is not None and unwrap(handler).type in FUNCTIONS:
        receiver = receiver_of(script, call, 0)
        reads = [DetailReader(file, ev, events.new(ev), jquery=receiver.jquery).function(script, unwrap(handler))
                 for _, _, ev in olds]
        if any(r.edits or r.reports for r in reads):
            waits = "; the handler reads the detail of several events: rewrite its reads by hand (`ctx` in htmx 4), " \
                    f"then rename them{_UNSAFE}"
    elif handler is not None:
        waits = f"; check how the handler reads the detail (`ctx` in htmx 4){_UNSAFE}"
    renamed = ", ".join(f"`{t}` -> `{events.new(ev)}`" for _, t, ev in olds)
    yield Diagnostic(CODE, f"2.x event names in htmx 4: {renamed}{waits}", start, end, fix(*edits, safe=not waits))


# --- handlers of htmx 4 events that still read the 2.x detail ----------------------------------

def _leftovers(file, script, node, value):
    for call, name_node, index in registrations(script, node):
        if method_of(script, call) not in _LISTENERS:
            continue
        handler = callback_argument(call, name_node, _REFERENCES)
        if handler is None:
            continue
        receiver = receiver_of(script, call, index)
        fn_script, fn = script, unwrap(handler)
        if fn.type == "identifier":
            found = file_functions(file).named(script.text_of(fn))
            if found is None:
                continue
            fn_script, fn = found.script, found.node
        if fn.type not in FUNCTIONS:
            continue
        reads = DetailReader(file, value, value, leftover=True, jquery=receiver.jquery).function(fn_script, fn)
        for r in reads.reports:
            yield Diagnostic(CODE, r.message, r.start, r.end)


# --- htmx:confirm: the same name, another detail, and fired only for hx-confirm ----------------------

def _confirm(file, script, node):
    for call, name_node, _index in registrations(script, node):
        if method_of(script, call) not in _LISTENERS or method_of(script, call) in _REMOVALS:
            continue
        handler = callback_argument(call, name_node, _REFERENCES)
        if handler is None:
            continue
        fn_script, fn = script, unwrap(handler)
        if fn.type == "identifier":
            found = file_functions(file).named(script.text_of(fn))
            if found is None:
                continue
            fn_script, fn = found.script, found.node
        if fn.type not in FUNCTIONS:
            continue
        receiver = receiver_of(script, call, _index)
        reads = DetailReader(file, "htmx:confirm", "htmx:confirm", jquery=receiver.jquery).function(fn_script, fn)
        start, end = script.span(node)
        body = fn_script.text_of(fn)
        notes = []
        if "question" not in body and "confirm" not in body.replace("htmx:confirm", ""):
            notes.append("htmx 4 fires `htmx:confirm` only for an element with `hx-confirm` (htmx 2 fired it before "
                         "every request): check that the handler does not ask for others")
        if reads.edits:
            # As for a renamed event: a handler with a read left to look at is not half rewritten.
            waits = "; the handler needs a look first (see the findings on it): rewrite its other reads by hand" \
                    f"{_UNSAFE.replace('renames it', 'rewrites these')}" if reads.waits else ""
            yield Diagnostic(CODE, "the detail of `htmx:confirm` is {ctx, issueRequest, dropRequest} in htmx 4 (the "
                             f"question is `ctx.confirm`): the handler's detail reads follow ({len(reads.edits)} "
                             "rewritten)" + "".join("; " + n for n in notes) + waits, start, end,
                             fix(*reads.edits, safe=not reads.waits))
        elif notes:
            yield Diagnostic(CODE, notes[0], start, end)
        for r in reads.reports:
            yield Diagnostic(CODE, r.message, r.start, r.end)
        declined = _declined_path(fn_script, fn, receiver.jquery)
        if declined is not None:
            yield Diagnostic(CODE, declined[2], declined[0], declined[1])


def _declined_path(script, fn, jquery):
    """(start, end, message) when the `htmx:confirm` handler cancels the event and has a path
    that calls neither `detail.issueRequest()` nor `detail.dropRequest()`, else None. htmx 2
    asked before queueing the request: a cancelled one was never made. htmx 4 asks inside its
    request queue (4.0.1's #issueRequest awaits issueRequest/dropRequest): until one of them is
    called the request holds the element's queue, the next one waits there without firing
    `htmx:confirm`, and a late `issueRequest()` sends the stale request."""
    body = fn.child_by_field_name("body")
    first = nth_param(fn, 0)
    if body is None or first is None or first.type != "identifier":
        return None
    param = script.text_of(first)
    prevents, issues = [], []
    for call in descendants(body, {"call_expression"}):
        callee = call.child_by_field_name("function")
        if callee is None or callee.type != "member_expression":
            continue
        path = member_path(script, callee)
        if path in ([param, "preventDefault"], [param, "originalEvent", "preventDefault"]):
            prevents.append(call)
        elif path and path[-1] == "dropRequest":
            return None  # the handler drops a declined request
        elif path and path[-1] == "issueRequest":
            issues.append(call)
    if not prevents:
        return None  # htmx asks with window.confirm() itself
    if any(_always_after(p, i, body) for p in prevents for i in issues):
        return None
    at = prevents[0]
    detail = f"{param}.originalEvent.detail" if jquery else f"{param}.detail"
    what = "calls `issueRequest()` only on some paths (or later, from other code)" if issues else \
        "never calls `issueRequest()`"
    return (script.start(at), script.end(at),
            f"the handler cancels `htmx:confirm` and {what}: htmx 2 then never made the request; htmx 4 keeps it "
            "waiting in the element's request queue, so the element's next request queues behind it without "
            "`htmx:confirm`, and a later `issueRequest()` sends the stale one: call "
            f"`{detail}.dropRequest()` where the request is declined")


def _always_after(prevent, issue, body) -> bool:
    """Does ``issue`` (an issueRequest() call) run whenever ``prevent`` (a preventDefault()
    call) ran: a statement of its own after it in the same block, not in a condition or a
    nested function, with no return, throw, break or continue between them?"""
    a, b = _statement_in(prevent, body), _unconditional_statement(issue, body)
    if a is None or b is None or a.parent != b.parent or a.start_byte > b.start_byte:
        return False
    siblings = [c for c in a.parent.named_children if a.start_byte <= c.start_byte < b.start_byte]
    return not any(_jumps(s) for s in siblings)


def _statement_in(node, body):
    """The statement holding ``node`` whose parent is a block (``body`` or a block in it)."""
    while node is not None and node != body:
        parent = node.parent
        if parent is not None and parent.type == "statement_block" and _is_statement(node):
            return node
        node = parent
    return None


def _unconditional_statement(node, body):
    """The statement ``node`` runs in whenever that statement runs (no `if`, `?:`, `&&`,
    `||`, `??`, loop or nested function between them), when its parent is a block; else None."""
    while node is not None and node != body:
        parent = node.parent
        if parent is None or parent.type in FUNCTIONS or parent.type == "ternary_expression":
            return None
        if parent.type == "binary_expression":
            op = parent.child_by_field_name("operator")
            if op is not None and op.type in ("&&", "||", "??") and parent.child_by_field_name("left") != node:
                return None
        if _is_statement(node):
            return node if parent.type == "statement_block" else None
        node = parent
    return None


def _is_statement(node) -> bool:
    return node.type.endswith(("statement", "declaration"))


def _jumps(statement) -> bool:
    stack = [statement]
    while stack:
        node = stack.pop()
        if node.type in ("return_statement", "throw_statement", "break_statement", "continue_statement"):
            return True
        if node.type in FUNCTIONS and node != statement:
            continue
        stack.extend(node.named_children)
    return False


# --- Alpine listeners: @htmx:after-request, x-on:htmx:after-request -------------------------------


def _alpine(file, events, new_names):
    def leftover(attr, listener):
        listened = listener.event
        if listened in new_names:
            return value_reports(CODE, attr, lambda text, at: code_reads(file, text, at, "$event", listened, listened,
                                                                         leftover=True))
        return () if listened.startswith("htmx:ws") else None  # WebSocket events are WS313's

    yield from listener_findings(CODE, file, ("@htmx:", "x-on:htmx:"), events, leftover,
                                 partial(_alpine_listener, file, events))


def _alpine_listener(file, events, tag, attr, listener, event, vue):
    prefix, event_end, modifiers = listener.prefix, listener.end, listener.modifiers
    new = events.new(event)
    where = (attr.start, attr.name_end)
    if new is None:
        yield Diagnostic(CODE, f"`{attr.name}` listens for `{event}`, which {events.removed(event)}", *where)
        return
    global_listener = "window" in modifiers or "document" in modifiers
    moved = None
    suffix = ""
    waits = ""
    value = attr.value or ""
    if event in events.core.target_events:
        if global_listener and event in _SETTLED:
            # as _settled: htmx:after:settle, unless the expression reads what it has not
            settle = events.core.target_events[event]
            if attr.value_has_template or not value.strip() or reference(value) is not None or \
                    not code_reads(file, value, attr.value_start, "$event", event, settle, quote=attr.quote).waits:
                new = settle
                waits = _swap_none(file, event, settle)
            else:
                waits = _unswapped(event, new, settle, "the expression", "$event")
        if global_listener:
            if new != events.core.target_events.get(event):
                moved = (f"htmx 2 fired `{event}` on the swap target; htmx 4 fires `{new}` on the element that made "
                         "the request (the target is `$event.detail.ctx.target`)")
        else:
            new, problem = swap_event_for(file, tag, event, events.core)
            if problem:
                yield Diagnostic(CODE, f"`{attr.name}`: {problem}", *where)
                return
    elif event in _HISTORY and not global_listener:
        if tag.lname not in ("body", "html"):
            yield Diagnostic(CODE, f"`{attr.name}` listens for `{event}` on an element htmx 2 never fired it on (it "
                             f"fired it on `<body>`); htmx 4 fires `{new}` on `document`: write "
                             f"`{attr.name[:prefix]}{new}.document` if that is what it is for", *where)
            return
        suffix = ".document"
        moved = "htmx 2 fired the history events on `<body>`, htmx 4 on `document`"
    new_name = attr.name[:prefix] + new + attr.name[event_end:] + suffix
    if tag.attr(new_name.lower()) is not None:
        yield Diagnostic(CODE, f"`{attr.name}` next to `{new_name}`: merge the two listeners by hand", *where)
        return
    reads = listener_reads(file, attr, DetailReader(file, event, new, moved=moved, attr_quote=attr.quote),
                           follow=False)
    message, reports = renamed(CODE, attr, new_name, reads, vue)
    if message is None:
        yield from reports
        return
    if suffix:
        message += "; htmx 4 fires it on `document`, not on `<body>`"
    message += _notes(event, new)
    if waits:
        message += f"; {waits}: check the expression{_UNSAFE}"
    elif reads.waits:
        message += f"; the expression needs a look first (see the findings on it): rename it once it reads htmx 4's " \
                   f"detail ({shown(new)}){_UNSAFE}"
    edits = [Edit(attr.start + prefix, attr.start + event_end, new)]
    if suffix:
        edits.append(Edit(attr.name_end, attr.name_end, suffix))
    yield Diagnostic(CODE, message, *where, fix(*edits, *reads.edits, safe=not reads.waits and not waits))
    yield from reports


# --- hyperscript --------------------------------------------------------------------------------

_HYPERSCRIPT_ATTRS = ("_", "data-_", "script", "data-script")
_HS_NAME = re.compile(r"htmx:[A-Za-z][A-Za-z:-]*")


def _hyperscript(file, events):
    view = file.markup
    for tag in view.start_tags():
        for attr in tag.attrs:
            if attr.lname in _HYPERSCRIPT_ATTRS and attr.value and "htmx:" in attr.value:
                yield from _hs_report(attr.value, attr.value_start, events)
    for tag, raw in view.scripts():
        type_attr = tag.attr("type")
        if raw is None or type_attr is None or (type_attr.value or "").strip().lower() != "text/hyperscript":
            continue
        yield from _hs_report(view.text[raw.start:raw.end], raw.start, events)


def _hs_report(text, base, events):
    for m in _HS_NAME.finditer(text):
        event = events.of(m.group())
        if event is None:
            continue
        new = events.new(event)
        what = f"use `{new}` (its detail is {shown(new)})" if new else events.removed(event)
        if new and event in events.core.target_events:
            target_event = events.core.target_events[event]
            what = (f"htmx 4 fires `{new}` on the element that made the request"
                    + (f" and `{target_event}` on the swap target" if target_event else "") + ": rewrite it by hand")
        yield Diagnostic(CODE, f"hyperscript listens for `{m.group()}`, which htmx 4 never fires: {what}",
                         base + m.start(), base + m.end())
