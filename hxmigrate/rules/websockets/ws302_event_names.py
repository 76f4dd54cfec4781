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

from ...diagnostics import Diagnostic, fix
from .._event_names import (
    leftover_reads,
    listed_events,
    once,
    registered_reads,
    renames,
)
from .._javascript import call_of
from ._js import (
    EVENTS_2X,
    INCOMING,
    OUTGOING,
    event_2x,
    is_2x_extension,
    string_value,
)
from ._js_detail import DETAIL_OF, DetailReader

CODE = "WS302"
NAME = "event-names"
LANGUAGES = ("javascript", "markup")
FIX = "sometimes"
SAFETY = "safe"
TRIGGERS = ("htmx:ws",)



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
            yield from once(found, reported)


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
    yield from leftover_reads(CODE, file, script, node, lambda: DetailReader(file, old, target, leftover=event))


def _string(file, script, node, value, target):
    start, end = script.span(node)
    call, _ = call_of(node)
    event = event_2x(value)
    tokens = None
    if event is None:
        # jQuery and friends take several space-separated events in one string
        listed = listed_events(script, node, value, event_2x)
        if listed is None:
            return
        _, tokens = listed
    if script.has_template(node) or script.in_error(node):
        names = value if event else ", ".join(t for _, t in tokens if event_2x(t))
        yield Diagnostic(CODE, f"`{names}` is a 2.x event name, next to template syntax: rename it by hand "
                         f"({_pairs(target)})", start, end)
        return
    edits, events, message = renames(start, end, value, event, tokens, event_2x, target.event)
    if event is None:
        message = "2.x event names in htmx 4: " + message
    # waits: why the rename must wait for a person
    detail_edits, reports, waits, handled = registered_reads(CODE, file, script, node, events,
                                                             lambda ev: DetailReader(file, ev, target), event_2x)
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


def _pairs(target) -> str:
    return "; ".join(f"{old} -> {target.event(old)}" for old in EVENTS_2X)
