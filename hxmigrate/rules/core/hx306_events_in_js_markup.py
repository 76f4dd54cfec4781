"""Report htmx 2 event names in markup that JavaScript writes: JSX attributes and HTML strings.

What it does:
    Reports htmx 2 event names in the `hx-on` attributes and `hx-trigger` values that
    JavaScript writes rather than a template: JSX attributes (`<div hx-on--after-request={...}
    hx-trigger="htmx:afterSettle from:body">`), the keys of objects spread into an element
    (`{"hx-on::after-request": "..."}`), `setAttribute("hx-trigger", "htmx:afterRequest")`, and
    HTML built in string and template literals (`` `<div hx-trigger="htmx:afterSwap">` ``),
    with the name htmx 4 listens for. WebSocket events are WS304's and WS312's; `hx-on` and
    `hx-trigger` in templates are HX201's and HX202's.

Why:
    htmx 4 fires only its own event names: such a handler or trigger never runs. The markup is
    built by code (concatenated, escaped, renamed by a framework), so hxmigrate points at it
    rather than rewrite it.

Example:
    el.setAttribute("hx-trigger", "htmx:afterRequest from:#form");
    is reported: htmx 4 fires `htmx:after:request`.

Fix safety:
    No fix.
"""

from __future__ import annotations

import re

from ...diagnostics import Diagnostic
from .._hx_on import event_of_name
from .._javascript import call_arguments, string_value
from ._events import events_of
from ._js import is_htmx_copy

CODE = "HX306"
NAME = "events-in-js-markup"
LANGUAGES = ("javascript", "markup")
FIX = "never"
SAFETY = "safe"
TRIGGERS = ("hx-on", "hx-trigger")

_HX_ON = re.compile(r"(?<![\w-])(?:data-)?hx-on(?P<rest>[:\-][\w:.\-]*)", re.I)
_TRIGGER_ATTR = re.compile(r"(?<![\w-])(?:data-)?hx-trigger\s*=\s*(?P<q>[\"'])(?P<value>.*?)(?P=q)", re.I | re.S)
_EVENT = re.compile(r"htmx:[A-Za-z][\w:\-]*")


def check(file):
    core = file.target.core
    if core is None:
        return
    events = events_of(core)
    for script in file.javascript:
        if is_htmx_copy(script) or ("hx-on" not in script.text and "hx-trigger" not in script.text):
            continue
        seen: set[tuple[int, int]] = set()
        for node in script.walk({"jsx_attribute"}):
            yield from _jsx_attribute(script, node, events, seen)
        for node in script.walk({"string", "template_string"}):
            yield from _string(script, node, events, seen)


def _new_name(events, event: str) -> str | None:
    """The htmx 4 name of a 2.x event (None for names that are none of htmx 2's)."""
    old = events.of(event)
    if old is None or old.startswith("htmx:ws"):
        return None
    return events.new(old) or ""


def _report_name(events, name: str, start: int, end: int, where: str, seen):
    m = _HX_ON.fullmatch(name)
    if m is None or (start, end) in seen:
        return
    read = event_of_name(m.group("rest"))
    event = read[0] if read is not None else None
    if event is None:
        return
    new = _new_name(events, event)
    if new is None:
        return
    seen.add((start, end))
    old = events.of(event)
    if new == "":
        yield Diagnostic(CODE, f"`{name}` {where} listens for `{old}`: {events.removed(old)}", start, end)
        return
    prefix = name[: name.lower().index("hx-on") + len("hx-on")]
    yield Diagnostic(CODE, f"`{name}` {where} listens for `{old}`, which htmx 4 never fires: htmx 4 reads "
                     f"`{prefix}::{new[5:]}` (or `{prefix}:{new}`); rename it by hand", start, end)


def _report_trigger(events, value: str, base: int, where: str, seen, whole: bool = True):
    if whole and events.of(value) is not None:
        return  # a string that is exactly an event name: HX303 renames it
    for m in _EVENT.finditer(value):
        start, end = base + m.start(), base + m.end()
        new = _new_name(events, m.group())
        if new is None or (start, end) in seen:
            continue
        seen.add((start, end))
        old = events.of(m.group())
        if new == "":
            yield Diagnostic(CODE, f"`hx-trigger` {where} listens for `{m.group()}`: {events.removed(old)}",
                             start, end)
            continue
        if old in events.core.target_events:
            # htmx 2 fired it on the swap target, which a trigger hears from itself or its `from:`
            on_target = events.core.target_events[old]
            new = f"{on_target}` (fired on the swap target; `{new}` fires on the requesting element" if on_target \
                else f"{new}` on the requesting element (htmx 4 fires nothing on the target before the swap"
            new += ")"
        else:
            new += "`"
        yield Diagnostic(CODE, f"`hx-trigger` {where} listens for `{m.group()}`, which htmx 4 never fires: "
                         f"`{new}; rename it by hand", start, end)


def _jsx_attribute(script, node, events, seen):
    children = node.named_children
    if not children:
        return
    name_node = children[0]
    name = script.text_of(name_node)
    if name.lower().replace("data-", "", 1).startswith("hx-on"):
        yield from _report_name(events, name, *script.span(name_node), "in JSX", seen)
    elif name.lower() in ("hx-trigger", "data-hx-trigger") and len(children) > 1:
        value = children[1]
        if value.type == "jsx_expression" and value.named_children:
            value = value.named_children[0]
        text = string_value(script, value)
        if text is not None:
            yield from _report_trigger(events, text, script.start(value) + 1, "in JSX", seen)


def _string(script, node, events, seen):
    value = string_value(script, node)
    start = script.start(node) + 1
    if value is None:
        if node.type != "template_string":
            return
        # a template literal with substitutions: its text between them
        value = script.text_of(node)[1:-1]
    if "hx-on" not in value.lower() and "hx-trigger" not in value.lower() and "htmx:" not in value:
        return
    parent = node.parent
    call = parent.parent if parent is not None and parent.type == "arguments" else None
    args = call_arguments(call) if call is not None else []
    fn = call.child_by_field_name("function") if call is not None else None
    prop = fn.child_by_field_name("property") if fn is not None and fn.type == "member_expression" else None
    if prop is not None and script.text_of(prop) == "setAttribute" and len(args) >= 2:
        attr = string_value(script, args[0])
        if args[0] == node:
            yield from _report_name(events, value, start, start + len(value), "in setAttribute()", seen)
            return
        if args[1] == node and attr is not None and attr.lower() in ("hx-trigger", "data-hx-trigger"):
            yield from _report_trigger(events, value, start, "in setAttribute()", seen)
            return
    if _HX_ON.fullmatch(value):
        yield from _report_name(events, value, start, start + len(value), "in a string", seen)
        return
    for m in _HX_ON.finditer(value):
        after = value[m.end():m.end() + 2].lstrip()
        if after.startswith("="):
            yield from _report_name(events, m.group(), start + m.start(), start + m.end(), "in markup written by "
                                    "code", seen)
    for m in _TRIGGER_ATTR.finditer(value):
        yield from _report_trigger(events, m.group("value"), start + m.start("value"), "in markup written by code",
                                   seen, whole=False)
