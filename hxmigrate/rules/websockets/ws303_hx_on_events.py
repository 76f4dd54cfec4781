"""Rename 2.x WebSocket events in `hx-on` attributes.

What it does:
    Rewrites every `hx-on` form htmx 2 ran for a WebSocket event to htmx 4's
    `hx-on::NAME` (or `hx-on:htmx:NAME` when written that way): `hx-on::ws-after-message`,
    `hx-on:htmx:ws-after-message`, the dash forms `hx-on--ws-after-message` and
    `hx-on-htmx-ws-after-message`, and htmx 1.x's `hx-on="htmx:wsAfterMessage: code"` with a
    single handler (`data-` prefixes kept). camelCase forms in attribute names
    (`hx-on::wsAfterMessage`) never ran, because browsers lowercase attribute names: they are
    reported, not renamed. A handler that reads `detail.message`, `detail.socketWrapper`... is
    reported with its htmx 4 form. In a templ file, a dash form whose handler is a Go
    expression (`hx-on--ws-open={ handler }`) is reported, not renamed: templ types the value
    of an attribute named `hx-on:...` as a `templ.ComponentScript` and that of any other as a
    string, so the new name alone would not compile.

Why:
    htmx 4 fires only its own event names, has no kebab-case twins, and does not support the
    `hx-on-`/`hx-on--` dash forms or the 1.x `hx-on="event: code"` value at all.

Example:
    <div hx-on::ws-after-message="scroll()">
    becomes
    <div hx-on::ws:after:message:incoming="scroll()">

Fix safety:
    Safe: the same code runs on the same occasion.
"""

from __future__ import annotations

from ...diagnostics import Diagnostic, fix
from ...edits import Edit
from .._detail_reader import value_reports
from .._hx_on import (
    TEMPLATE_HANDLER,
    attribute_name,
    code_1x,
    detail_reads,
    event_of_name,
    parse_1x,
)
from ._js import (
    EVENTS_2X,
    call_arguments,
    event_2x,
    is_2x_extension,
    lowered_camel,
    string_value,
)
from ._js_detail import DETAIL_OF, code_reads

CODE = "WS303"
NAME = "hx-on-events"
LANGUAGES = ("markup", "javascript")
FIX = "sometimes"
SAFETY = "safe"
TRIGGERS = ("hx-on",)


def check(file):
    target = file.target
    migrated = {target.event(e): e for e in EVENTS_2X}
    yield from _in_code(file, target, migrated)
    if file.kind != "markup":
        return
    for tag in file.markup.start_tags():
        for attr in tag.attrs:
            lname = attr.lname
            bare = lname[5:] if lname.startswith("data-") else lname
            if not bare.startswith("hx-on") or attr.name_has_template:
                continue
            rest = bare[len("hx-on"):]
            if rest == "":
                yield from _legacy_value(file, tag, attr, target)
            elif rest[0] in ":-":
                event_name, _ = event_of_name(rest)
                if event_name in migrated:
                    yield from _leftover(file, attr, migrated[event_name], event_name, target)
                else:
                    yield from _named(file, tag, attr, rest, target)


def _named(file, tag, attr, rest, target):
    event_name, style = event_of_name(rest)
    event = event_2x(event_name)
    if event is None:
        camel = lowered_camel(event_name)
        if camel is not None:
            yield Diagnostic(CODE, f"`{attr.name}` never ran in htmx 2: browsers lowercase attribute names, so "
                             f"`{camel}` is never matched; the htmx 4 name would be "
                             f"`{attribute_name(attr.name, target.event(camel), 'short')}` (renaming it makes it run)",
                             attr.start, attr.name_end)
        return
    new_event = target.event(event)
    new_name = attribute_name(attr.name, new_event, style)
    if tag.attr(new_name.lower()) is not None:
        yield Diagnostic(CODE, f"`{attr.name}` next to `{new_name}`: merge the two handlers by hand",
                         attr.start, attr.name_end)
        return
    if _templ_type_changes(file, attr, new_name):
        yield Diagnostic(CODE, f"`{attr.name}` is `{new_name}` in htmx 4, but templ reads the Go expression of an "
                         "`hx-on:` attribute as a templ.ComponentScript, not a string: rename it and change its value "
                         "by hand", attr.start, attr.name_end)
        return
    edits, reports, waits = _detail_reads(file, attr, attr.value, attr.value_start, event, target)
    more = f", and its `event.detail` reads follow ({len(edits)} rewritten)" if edits else ""
    yield Diagnostic(CODE, f"`{attr.name}` is `{new_name}` in htmx 4{more}{waits}", attr.start, attr.name_end,
                     fix(Edit(attr.start, attr.name_end, new_name), *edits, safe=not waits))
    yield from reports


def _templ_type_changes(file, attr, new_name: str) -> bool:
    """Whether a rename would change the Go type templ gives the attribute's value: templ
    generates the value of an attribute written ``name={ expr }`` as a templ.ComponentScript
    when the name starts with "hx-on:", as a string otherwise (generator.go,
    isScriptAttribute)."""
    if file.flavor != "templ" or not attr.value_has_template or attr.quote:
        return False
    return attr.name.startswith("hx-on:") != new_name.startswith("hx-on:")


def _legacy_value(file, tag, attr, target):
    """htmx 1.x: hx-on="event: code" (one handler per line)."""
    value = attr.value
    if not value:
        return
    handlers = parse_1x(value)
    ws = [(ev, start, code_start) for ev, start, code_start in handlers if event_2x(ev)]
    if not ws:
        return
    if len(handlers) > 1 or attr.value_has_template:
        names = ", ".join(f"`{ev}` -> `{target.event(event_2x(ev))}`" for ev, _, _ in ws)
        yield Diagnostic(CODE, f"`{attr.name}` uses the htmx 1.x form, which htmx 4 does not run: write one "
                         f"`hx-on::event` attribute per handler ({names})", attr.start, attr.end)
        return
    ev, _, code_start = ws[0]
    event = event_2x(ev)
    new_event = target.event(event)
    new_name = attribute_name(attr.name, new_event, "short")
    if tag.attr(new_name.lower()) is not None:
        yield Diagnostic(CODE, f"`{attr.name}` next to `{new_name}`: merge the two handlers by hand",
                         attr.start, attr.end)
        return
    stripped, at = code_1x(attr, code_start)
    edits = [Edit(attr.start, attr.name_end, new_name), Edit(attr.value_start, at)]
    if attr.quote == "":
        # an unquoted value cannot hold spaces, so it holds no "event: code" either
        return
    more_edits, reports, waits = _detail_reads(file, attr, stripped, at, event, target)
    more = f", and its `event.detail` reads follow ({len(more_edits)} rewritten)" if more_edits else ""
    yield Diagnostic(CODE, f"`{attr.name}=\"{ev}: ...\"` is the htmx 1.x form: `{new_name}` in htmx 4{more}{waits}",
                     attr.start, attr.end, fix(*edits, *more_edits, safe=not waits))
    yield from reports


def _detail_reads(file, attr, code, code_start, event, target):
    """(edits for the handler's `event.detail` reads, reports for the rest, why the rename
    waits for a person or "")."""
    edits, reports, why = detail_reads(CODE, attr, code, code_start, DETAIL_OF[event],
                                       lambda text, at: code_reads(file, text, at, "event", event, target,
                                                                   detail_in_scope=True))
    if why == TEMPLATE_HANDLER:
        waits = f"; {why}: rename it once the handler reads the htmx 4 detail (`--unsafe-fixes` renames it now)"
    elif why:
        waits = f"; {why}: rename the attribute once it reads the htmx 4 detail ({DETAIL_OF[event]}) " \
                "(`--unsafe-fixes` renames it now)"
    else:
        waits = ""
    return edits, reports, waits


def _leftover(file, attr, event, new_event, target):
    """A renamed handler that still reads 2.x-only detail properties."""
    return value_reports(CODE, attr, lambda text, at: code_reads(file, text, at, "event", event, target,
                                                                    leftover=new_event))


# --- hx-on attribute names in code: setAttribute("hx-on::ws-open", ...), {"hx-on::ws-open": ...} ---

def _in_code(file, target, migrated):
    for script in file.javascript:
        if "hx-on" not in script.text.lower() or is_2x_extension(script):
            continue
        for node in script.walk({"string"}):
            value = string_value(script, node)
            if value is None:
                continue
            lname = value.lower()
            bare = lname[5:] if lname.startswith("data-") else lname
            if not bare.startswith("hx-on") or len(bare) == 5 or bare[5] not in ":-":
                continue
            event_name, style = event_of_name(bare[5:])
            start, end = script.span(node)
            code = _code_of(script, node)
            if event_name in migrated:
                if code is not None:
                    for r in _leftover_code(file, code, migrated[event_name], event_name, target):
                        yield r
                continue
            event = event_2x(event_name)
            if event is None:
                camel = lowered_camel(event_name)
                if camel is not None:
                    yield Diagnostic(CODE, f"`{value}` never ran in htmx 2: the attribute name is lowercased when it is "
                                     f"set, so `{camel}` is never matched; the htmx 4 name would be "
                                     f"`{attribute_name(value, target.event(camel), 'short')}` (renaming it makes it run)",
                                     start, end)
                continue
            new_name = attribute_name(value, target.event(event), style)
            if script.has_template(node):
                yield Diagnostic(CODE, f"`{value}` is `{new_name}` in htmx 4, next to template syntax: rename it by "
                                 "hand", start, end)
                continue
            edits, reports, waits = [], [], ""
            if code is None:
                waits = ("; the handler's code is not a string literal here: rename it once that code reads the "
                         "htmx 4 detail (`--unsafe-fixes` renames it now)")
            elif code is not False:
                text, offset = code
                edits, reports, waits = _detail_reads(file, _CodeAttr(offset, offset + len(text)), text, offset, event,
                                                      target)
            more = f", and its `event.detail` reads follow ({len(edits)} rewritten)" if edits else ""
            yield Diagnostic(CODE, f"`{value}` is `{new_name}` in htmx 4{more}{waits}", start, end,
                             fix(Edit(start + 1, end - 1, new_name), *edits, safe=not waits))
            yield from reports


class _CodeAttr:
    """Handler code held in a string literal, read as an attribute value is."""

    value_has_template = False

    def __init__(self, start: int, end: int) -> None:
        self.value_start, self.value_end = start, end


def _code_of(script, name_node):
    """The handler code that goes with an attribute name in code: (text, file offset) for a
    string literal, None for code of another form, False when nothing goes with it (a
    selector or a removeAttribute, say)."""
    parent = name_node.parent
    value = None
    if parent is not None and parent.type == "pair" and parent.child_by_field_name("key") == name_node:
        value = parent.child_by_field_name("value")
    elif parent is not None and parent.type == "arguments" and parent.parent is not None:
        fn = parent.parent.child_by_field_name("function")
        args = call_arguments(parent.parent)
        if fn is not None and fn.type == "member_expression" and \
                script.text_of(fn.child_by_field_name("property")) in ("setAttribute", "attr") and \
                len(args) >= 2 and args[0] == name_node:
            value = args[1]
        else:
            return False
    else:
        return False
    if value is None:
        return None
    text = string_value(script, value)
    if text is None or value.type != "string":
        return None
    start, _ = script.span(value)
    return text, start + 1


def _leftover_code(file, code, event, new_event, target):
    if code is None or code is False:
        return
    text, offset = code
    for r in code_reads(file, text, offset, "event", event, target, leftover=new_event).reports:
        yield Diagnostic(CODE, r.message, r.start, r.end)
