"""Rename 2.x WebSocket events in `hx-trigger` values.

What it does:
    Renames a 2.x WebSocket event (camelCase or kebab-case) that starts a trigger
    specification in `hx-trigger`/`data-hx-trigger`, keeping its filter and modifiers:
    `hx-trigger="htmx:wsAfterMessage from:#chat"` becomes
    `hx-trigger="htmx:ws:after:message:incoming from:#chat"`. On the connection element itself
    nothing is renamed: the value is reported with the working alternative. The same for an
    `hx-trigger` written in JSX (`hx-trigger="htmx:wsOpen from:#conn"`, or a key of an object
    spread into the element).

Why:
    htmx 4 never fires the 2.x names, so a trigger on them never fires. On a connection
    element htmx 4.0.1 also waits for `hx-trigger` before it connects (and, when the element
    sends too, uses the same trigger for both): a trigger on a WebSocket event of its own
    connection would wait forever.

Example:
    <button ws-send hx-trigger="htmx:wsOpen from:#conn">
    becomes (with WS102)
    <button hx-ws:send hx-trigger="htmx:ws:after:connection from:#conn">

Fix safety:
    Safe: the element triggers on the same occasion. No fix on connection elements: connect on
    `load` (the default) and move the trigger to a separate sender child, e.g.
    `<span hidden hx-ws:send hx-trigger="htmx:ws:after:connection from:#conn">`.
"""

from __future__ import annotations

from ...diagnostics import Diagnostic, fix
from ...edits import Edit
from .._triggers import parse
from ._js import event_2x, is_2x_extension
from ._jsx import ELEMENTS, attributes
from ._markup import is_connection

CODE = "WS304"
NAME = "trigger-events"
LANGUAGES = ("markup", "javascript")
FIX = "sometimes"
SAFETY = "safe"
TRIGGERS = ("htmx:ws",)


def specs(value: str) -> list[tuple[int, str]]:
    """(start, event name) of each comma-separated trigger specification, as htmx 2 read it
    (`_triggers.parse`: commas inside `[...]` filters, quotes and groups do not split); none
    where the value has a shape htmx 2 would not read so (an unclosed filter, quote or group)."""
    out = []
    for spec in parse(value) or []:
        name = spec.event.split("[", 1)[0]
        if name:
            out.append((spec.event_start, name))
    return out


def check(file):
    target = file.target
    if file.kind == "javascript":
        yield from _jsx(file, target)
        return
    for tag in file.markup.start_tags():
        for attr in tag.attrs:
            if attr.lname not in ("hx-trigger", "data-hx-trigger") or not attr.value or "htmx:ws" not in attr.value.lower():
                continue
            found = [(s, name, event_2x(name)) for s, name in specs(attr.value)]
            found = [f for f in found if f[2] is not None]
            if not found:
                continue
            pairs = ", ".join(f"`{name}` -> `{target.event(ev)}`" for _, name, ev in found)
            if is_connection(tag, target):
                conn_id = tag.attr("id")
                ref = f"#{conn_id.value}" if conn_id is not None and conn_id.value else "#conn"
                yield Diagnostic(
                    CODE,
                    f"`{attr.name}` on a connection element names a WebSocket event ({pairs}): htmx 4.0.1 waits for "
                    f"this trigger before it connects, so it would never connect; keep `load` (the default) here "
                    f"and send from a separate child, e.g. `<span hidden {target.send_attr} "
                    f"hx-trigger=\"{target.event(found[0][2])} from:{ref}\">`",
                    attr.start, attr.end)
                continue
            if attr.value_has_template and file.markup.regions.overlaps(attr.value_start, attr.value_end):
                regions = file.markup.regions
                if any(regions.overlaps(attr.value_start + s, attr.value_start + s + len(n)) for s, n, _ in found):
                    yield Diagnostic(CODE, f"`{attr.name}` names 2.x events next to template syntax: rename by hand "
                                     f"({pairs})", attr.start, attr.end)
                    continue
            edits = [Edit(attr.value_start + s, attr.value_start + s + len(name), target.event(ev)) for s, name, ev in found]
            yield Diagnostic(CODE, f"2.x event in `{attr.name}`: {pairs} in htmx 4", attr.start, attr.end, fix(*edits))


def _jsx(file, target):
    """`hx-trigger` in JSX: a string value is renamed as in markup."""
    connect = {"ws-connect", "data-ws-connect", target.connect_attr, "data-" + target.connect_attr}
    for script in file.javascript:
        if script.inline or is_2x_extension(script) or "hx-trigger" not in script.text.lower():
            continue
        for element in script.walk(ELEMENTS):
            attrs, _ = attributes(script, element)
            for attr in attrs:
                value = attr.string() if attr.lname in ("hx-trigger", "data-hx-trigger") else None
                if not value or "htmx:ws" not in value.lower():
                    continue
                found = [(s, name, event_2x(name)) for s, name in specs(value)]
                found = [f for f in found if f[2] is not None]
                if not found:
                    continue
                pairs = ", ".join(f"`{name}` -> `{target.event(ev)}`" for _, name, ev in found)
                start, end = script.span(attr.name_node)
                if any(a.lname in connect or a.bare == "hx-ws" and "connect:" in (a.string() or "") for a in attrs):
                    yield Diagnostic(CODE, f"`{attr.name}` on a connection element names a WebSocket event ({pairs}): "
                                     "htmx 4.0.1 waits for this trigger before it connects, so it would never connect; "
                                     "keep `load` (the default) here and send from a separate child", start, end)
                    continue
                node = attr.string_node()
                base = script.start(node) + 1
                edits = [Edit(base + s, base + s + len(name), target.event(ev)) for s, name, ev in found]
                yield Diagnostic(CODE, f"2.x event in `{attr.name}`: {pairs} in htmx 4", start, end, fix(*edits))
