"""Rename 2.x WebSocket events in `hx-on` attributes.

What it does:
    Rewrites every `hx-on` form htmx 2 ran for a WebSocket event to htmx 4's
    `hx-on::NAME` (or `hx-on:htmx:NAME` when written that way): `hx-on::ws-after-message`,
    `hx-on:htmx:ws-after-message`, the dash forms `hx-on--ws-after-message` and
    `hx-on-htmx-ws-after-message`, and htmx 1.x's `hx-on="htmx:wsAfterMessage: code"` with a
    single handler (`data-` prefixes kept). camelCase forms in attribute names
    (`hx-on::wsAfterMessage`) never ran, because browsers lowercase attribute names: they are
    reported, not renamed. A handler that reads `detail.message`, `detail.socketWrapper`... is
    reported with its htmx 4 form.

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

import re

from ..diagnostics import Diagnostic, fix
from ..edits import Edit
from ._js import INCOMING, OUTGOING, event_2x, lowered_camel

CODE = "WS303"
NAME = "hx-on-events"
LANGUAGES = ("markup",)
FIX = "sometimes"
SAFETY = "safe"
TRIGGERS = ("hx-on",)

_LINE_1X = re.compile(r"^\s*([a-zA-Z:\-\.]+:)(.*)")
_DETAIL = re.compile(r"(?<![\w$.])(?:event\.)?detail\.(message|parameters|headers|messageBody|socketWrapper|event|elt)"
                     r"(?![\w$])(\s*=(?!=))?")


def check(file):
    target = file.target
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
                yield from _named(file, tag, attr, rest, target)


def _event_of_name(rest: str) -> tuple[str, str]:
    """(the event htmx 2 listened for, the htmx 4 attribute style) for what follows hx-on."""
    name = rest[1:]
    if rest[0] == ":" and name.startswith(":"):
        return "htmx" + name, "short"
    if rest[0] == ":" and name.startswith("htmx:"):
        return name, "long"
    if rest[0] == "-" and name.startswith("-"):
        return "htmx:" + name[1:], "short"
    if rest[0] == "-" and name.startswith("htmx-"):
        return "htmx:" + name[5:], "short"
    return name, "plain"


def _attr_name(attr, new_event: str, style: str) -> str:
    prefix = attr.name[: len(attr.name) - len(attr.lname.split("hx-on", 1)[1])]  # "hx-on" / "data-hx-on" as written
    if style == "long":
        return f"{prefix}:{new_event}"
    return f"{prefix}::{new_event[5:]}" if new_event.startswith("htmx:") else f"{prefix}:{new_event}"


def _named(file, tag, attr, rest, target):
    event_name, style = _event_of_name(rest)
    event = event_2x(event_name)
    if event is None:
        camel = lowered_camel(event_name)
        if camel is not None:
            yield Diagnostic(CODE, f"`{attr.name}` never ran in htmx 2: browsers lowercase attribute names, so "
                             f"`{camel}` is never matched; the htmx 4 name would be "
                             f"`{_attr_name(attr, target.event(camel), 'short')}` (renaming it makes it run)",
                             attr.start, attr.name_end)
        return
    new_event = target.event(event)
    new_name = _attr_name(attr, new_event, style)
    if tag.attr(new_name.lower()) is not None:
        yield Diagnostic(CODE, f"`{attr.name}` next to `{new_name}`: merge the two handlers by hand",
                         attr.start, attr.name_end)
        return
    edits, reports = _detail_reads(attr, attr.value, attr.value_start, event, target)
    more = f", and its `event.detail` reads follow ({len(edits)} rewritten)" if edits else ""
    yield Diagnostic(CODE, f"`{attr.name}` is `{new_name}` in htmx 4{more}", attr.start, attr.name_end,
                     fix(Edit(attr.start, attr.name_end, new_name), *edits))
    yield from reports


def _legacy_value(file, tag, attr, target):
    """htmx 1.x: hx-on="event: code" (one handler per line)."""
    value = attr.value
    if not value:
        return
    handlers = _parse_1x(value)
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
    new_name = _attr_name(attr, new_event, "short")
    if tag.attr(new_name.lower()) is not None:
        yield Diagnostic(CODE, f"`{attr.name}` next to `{new_name}`: merge the two handlers by hand",
                         attr.start, attr.end)
        return
    code = value[code_start:]
    stripped = code.lstrip(" \t")
    edits = [Edit(attr.start, attr.name_end, new_name),
             Edit(attr.value_start, attr.value_start + len(value) - len(stripped))]
    if attr.quote == "":
        # an unquoted value cannot hold spaces, so it holds no "event: code" either
        return
    more_edits, reports = _detail_reads(attr, stripped, attr.value_start + len(value) - len(stripped), event, target)
    more = f", and its `event.detail` reads follow ({len(more_edits)} rewritten)" if more_edits else ""
    yield Diagnostic(CODE, f"`{attr.name}=\"{ev}: ...\"` is the htmx 1.x form: `{new_name}` in htmx 4{more}",
                     attr.start, attr.end, fix(*edits, *more_edits))
    yield from reports


def _parse_1x(value: str) -> list[tuple[str, int, int]]:
    """htmx 1.x's own reading: (event, line start, code start) per handler."""
    out = []
    pos = 0
    curly = 0
    for line in value.split("\n"):
        m = _LINE_1X.match(line)
        if curly == 0 and m:
            out.append((m.group(1)[:-1], pos, pos + m.start(2)))
        curly += line.count("{") - line.count("}")
        pos += len(line) + 1
    return out


def _detail_reads(attr, code, code_start, event, target):
    """Edits for the handler's ``event.detail.X`` reads, and reports for the rest."""
    edits: list[Edit] = []
    reports: list[Diagnostic] = []
    if not code or attr.value_has_template:
        return edits, reports
    renames = target.detail_renames.get(event, {})
    for m in _DETAIL.finditer(code):
        name = m.group(1)
        new = renames.get(name)
        if new == name:
            continue
        start, end = code_start + m.start(), code_start + m.start() + len(m.group(0).split("=")[0].rstrip())
        if new and m.group(0).startswith("event.") and not (m.group(2) and event in INCOMING):
            prop = code_start + m.start() + m.group(0).rindex(name)
            edits.append(Edit(prop, prop + len(name), new))
            continue
        if new:
            hint = f"`detail.{new}`"
        elif name == "socketWrapper":
            hint = "gone: `detail.connection.socket` is the raw WebSocket"
        else:
            hint = "gone (see the 2.x -> 4 event table)"
        yield_text = f"this handler reads `detail.{name}`: in htmx 4 that is {hint}"
        if m.group(2) and event in INCOMING:
            yield_text = f"assigning `detail.{name}` had no effect in 2.x; in htmx 4 `detail.{new}` is what gets swapped"
        reports.append(Diagnostic(CODE, yield_text, start, end))
    return edits, reports
