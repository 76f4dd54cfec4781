"""Rename Alpine.js listeners of 2.x WebSocket events, and their `$event.detail` reads.

What it does:
    Renames the event of an Alpine listener that htmx 2 ran for a WebSocket event:
    `@htmx:ws-after-message` and `x-on:htmx:ws-after-message` (modifiers such as `.window`
    kept), `@htmx:ws-after-message.camel` (which listened to `htmx:wsAfterMessage`), and the
    keys of Alpine binding objects in code (`Alpine.bind(...)`, `x-bind` objects:
    `'@htmx:wsAfterMessage'() {...}`). The expression's `$event.detail` reads are rewritten
    as in WS302 (`$event.detail.message` -> `$event.detail.message.data`); an expression that
    hands `$event` to code hxmigrate cannot follow (`onMessage($event)`, or a method name
    Alpine calls with the event) keeps its 2.x name and is reported. A camelCase name in an
    HTML attribute (`@htmx:wsAfterMessage`) never ran, since browsers lowercase attribute
    names: it is reported, not renamed. Once renamed, reads of properties no htmx 4 event has
    are reported.

Why:
    htmx 4 fires `htmx:ws:after:message:incoming` and friends, never the 2.x names, and no
    kebab-case twins; Alpine listeners on the 2.x names silently stop running. Alpine takes
    everything after the first `:` up to the first `.` as the event name, colons included, so
    `@htmx:ws:after:message:incoming.window` listens to htmx 4's event.

Example:
    <div x-data="{ unread: 0 }" @htmx:ws-after-message.window="unread++">
    becomes
    <div x-data="{ unread: 0 }" @htmx:ws:after:message:incoming.window="unread++">

Fix safety:
    Safe: the expression runs at the same moment and reads the same values. Where that
    cannot be known (the event handed to other code, template syntax or character
    references in the expression), the rename is an unsafe fix and the finding says what to
    check. In a Vue template (`.vue`), whose `@` listeners look the same, the new name is
    reported, not written.
"""

from __future__ import annotations

from ...diagnostics import Diagnostic, fix
from ...edits import Edit
from .._alpine import Listener, expression_reads
from ._js import (
    EVENTS_2X,
    FUNCTIONS,
    event_2x,
    is_2x_extension,
    lowered_camel,
    string_value,
    unwrap,
)
from ._js_detail import (
    DETAIL_OF,
    DetailReader,
    code_reads,
)

CODE = "WS313"
NAME = "alpine-events"
LANGUAGES = ("markup", "javascript")
FIX = "sometimes"
SAFETY = "safe"
TRIGGERS = ("@htmx:ws", "x-on:htmx:ws")


def check(file):
    target = file.target
    migrated = {target.event(e): e for e in EVENTS_2X}
    if file.kind == "markup":
        yield from _markup(file, target, migrated)
    yield from _bindings(file, target, migrated)


def _markup(file, target, migrated):
    vue = file.path.lower().endswith(".vue")
    for tag in file.markup.start_tags():
        for attr in tag.attrs:
            lname = attr.lname
            if not (lname.startswith("@htmx:") or lname.startswith("x-on:htmx:")) or attr.name_has_template:
                continue
            listener = Listener(lname)
            if not listener.valid:
                continue
            if listener.event in migrated:
                for r in _leftover(file, attr.value, attr.value_start, attr.value_has_template,
                                   migrated[listener.event], listener.event, target):
                    yield r
                continue
            event = event_2x(listener.event)
            new_name = attr.name[: listener.prefix] + (target.event(event) if event else "") + attr.name[listener.end:]
            if event is None:
                camel = lowered_camel(listener.event)
                if camel is not None:
                    yield Diagnostic(CODE, f"`{attr.name}` never ran in htmx 2: browsers lowercase attribute names, so "
                                     f"`{camel}` is never matched; htmx 4 fires `{target.event(camel)}` "
                                     f"(`{attr.name[:listener.prefix]}{target.event(camel)}` would run)",
                                     attr.start, attr.name_end)
                continue
            if tag.attr(new_name.lower()) is not None:
                yield Diagnostic(CODE, f"`{attr.name}` next to `{new_name}`: merge the two listeners by hand",
                                 attr.start, attr.name_end)
                continue
            edits, reports, waits = _reads(file, attr.value, attr.value_start, attr.value_has_template, event, target)
            if vue:
                yield Diagnostic(CODE, f"`{attr.name}` listens to a 2.x event: in htmx 4 it is `{new_name}` (a Vue "
                                 "template: rename it, and its `$event.detail` reads, by hand)", attr.start, attr.name_end)
                continue
            more = f", and its `$event.detail` reads follow ({len(edits)} rewritten)" if edits else ""
            name_edit = Edit(attr.start + listener.prefix, attr.start + listener.end, target.event(event))
            yield Diagnostic(CODE, f"`{attr.name}` is `{new_name}` in htmx 4{more}{waits}", attr.start, attr.name_end,
                             fix(name_edit, *edits, safe=not waits))
            yield from reports


def _reads(file, value, start, has_template, event, target):
    """(edits, reports, why the rename waits or "") for a listener's expression."""
    later = f" (now {DETAIL_OF[event]}) (`--unsafe-fixes` renames it now)"
    if not value or not value.strip():
        return [], [], ""
    if has_template:
        if "$event" not in value:
            return [], [], ""
        return [], [Diagnostic(CODE, "template syntax in the expression: check how it reads `$event.detail` by hand",
                               start, start + len(value))], "; the expression needs a look first: rename it once it " \
                                                            "reads the htmx 4 detail" + later
    reads = expression_reads(file, value, start, DetailReader(file, event, target))
    reports = [Diagnostic(CODE, r.message, r.start, r.end) for r in reads.reports]
    waits = "; the expression needs a look first (see the findings on it): rename it once it reads the htmx 4 " \
            "detail" + later if reads.waits else ""
    return reads.edits, reports, waits


def _leftover(file, value, start, has_template, event, new_event, target):
    if not value or has_template or "$event" not in value:
        return
    for r in code_reads(file, value, start, "$event", event, target, leftover=new_event).reports:
        yield Diagnostic(CODE, r.message, r.start, r.end)


# --- Alpine binding objects in code: Alpine.bind("x", () => ({ "@htmx:ws-open"() {...} })) ---------

def _bindings(file, target, migrated):
    for script in file.javascript:
        lower = script.text.lower()
        if ("@htmx:ws" not in lower and "x-on:htmx:ws" not in lower) or is_2x_extension(script):
            continue
        for node in script.walk({"string"}):
            value = string_value(script, node)
            if value is None or not value.lower().startswith(("@htmx:", "x-on:htmx:")):
                continue
            key_of = node.parent
            if key_of is not None and key_of.type == "computed_property_name":
                key_of = key_of.parent
            if key_of is None or key_of.type not in ("pair", "method_definition"):
                continue
            listener = Listener(value)  # names in code keep their case: Alpine reads them as written
            if not listener.valid:
                continue
            handler = key_of if key_of.type == "method_definition" else key_of.child_by_field_name("value")
            fn = _function(handler)
            start, end = script.span(node)
            if listener.event in migrated:
                if fn is not None:
                    for r in DetailReader(file, migrated[listener.event], target, leftover=listener.event) \
                            .function(script, fn).reports:
                        yield Diagnostic(CODE, r.message, r.start, r.end)
                continue
            event = event_2x(listener.event)
            if event is None or script.has_template(node):
                continue
            new_event = target.event(event)
            new_name = value[: listener.prefix] + new_event + value[listener.end:]
            edits, reports, waits = [], [], ""
            if fn is not None:
                reads = DetailReader(file, event, target).function(script, fn)
                edits = reads.edits
                reports = [Diagnostic(CODE, r.message, r.start, r.end) for r in reads.reports]
                if reads.waits:
                    waits = "; the handler needs a look first (see the findings on it): rename it once it reads the " \
                            "htmx 4 detail (`--unsafe-fixes` renames it now)"
            elif handler is not None and handler.type == "string":
                text = string_value(script, handler)
                if text is not None:
                    hs, _ = script.span(handler)
                    edits, reports, waits = _reads(file, text, hs + 1, False, event, target)
                else:
                    waits = "; its expression holds escapes: rename it once it reads the htmx 4 detail " \
                            "(`--unsafe-fixes` renames it now)"
            else:
                waits = "; its handler is not written here: rename it once it reads the htmx 4 detail " \
                        "(`--unsafe-fixes` renames it now)"
            more = f", and its `$event.detail` reads follow ({len(edits)} rewritten)" if edits else ""
            yield Diagnostic(CODE, f"`{value}` is `{new_name}` in htmx 4{more}{waits}", start, end,
                             fix(Edit(start + 1 + listener.prefix, start + 1 + listener.end, new_event), *edits,
                                 safe=not waits))
            yield from reports


def _function(node):
    if node is None:
        return None
    if node.type == "method_definition":
        return node
    node = unwrap(node)
    return node if node.type in FUNCTIONS else None
