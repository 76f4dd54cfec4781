"""Rename the 2.x WebSocket events in JavaScript, and the `event.detail` reads of their handlers.

What it does:
    Renames every string literal that is exactly a 2.x WebSocket event name
    (`"htmx:wsAfterMessage"`, or its kebab-case twin `"htmx:ws-after-message"`) to the
    target's name, wherever it appears: `addEventListener`, `removeEventListener`,
    `htmx.on`, `htmx.off`, jQuery `.on(...)` (also space-separated lists of events there),
    `htmx.trigger`, or anywhere else. When the call also passes a function literal as the
    handler, its reads of the event's detail are rewritten with the same fix:
    `e.detail.message` -> `e.detail.message.data` for incoming messages and after a send;
    `e.detail.parameters` -> `e.detail.message.values`, `e.detail.headers` ->
    `e.detail.message.headers`, `e.detail.messageBody` -> `e.detail.message.data` before a
    send. Detail properties htmx 4 does not have (`socketWrapper`, `event`, `elt`...),
    destructured details and assignments whose meaning changes are reported with the htmx
    4 way to do it.

Why:
    htmx 4 fires `htmx:ws:after:message:incoming` and friends, never the 2.x names, and no
    kebab-case twins; handlers registered under 2.x names silently stop running. The detail
    of the message events became `{connection, message}`, with the text in `message.data`.

Example:
    document.body.addEventListener("htmx:wsAfterMessage", (e) => log(e.detail.message));
    becomes
    document.body.addEventListener("htmx:ws:after:message:incoming", (e) => log(e.detail.message.data));

Fix safety:
    Safe: the handler runs at the same moment and reads the same values.
"""

from __future__ import annotations

import re

from ..diagnostics import Diagnostic, fix
from ..edits import Edit
from ._js import (
    EVENTS_2X, FUNCTIONS, INCOMING, OUTGOING, call_arguments, event_2x, is_2x_extension, member_path, string_value,
    unwrap,
)

CODE = "WS302"
NAME = "event-names"
LANGUAGES = ("javascript", "markup")
FIX = "sometimes"
SAFETY = "safe"
TRIGGERS = ("htmx:ws",)

_LIST_METHODS = frozenset({"on", "off", "one", "trigger", "bind", "unbind", "triggerHandler"})
_TOKEN = re.compile(r"\S+")
_DETAIL_OF = {
    "htmx:wsConnecting": "{connection}",
    "htmx:wsOpen": "{connection}",
    "htmx:wsClose": "{connection, reason, code}",
    "htmx:wsError": "{connection, error}",
    "htmx:wsBeforeMessage": "{connection, message}",
    "htmx:wsAfterMessage": "{connection, message}",
    "htmx:wsConfigSend": "{connection, message}",
    "htmx:wsBeforeSend": "{connection, message}",
    "htmx:wsAfterSend": "{connection, message}",
}


# Detail properties of 2.x events that no htmx 4 WebSocket event has.
_GONE_2X = frozenset({"socketWrapper", "event", "elt", "parameters", "unfilteredParameters", "headers", "messageBody",
                      "errors", "triggeringEvent"})


def check(file):
    target = file.target
    migrated = set(target.events.values())
    for script in file.javascript:
        if is_2x_extension(script):
            continue
        for node in script.walk({"string", "template_string"}):
            value = string_value(script, node)
            if value is None or "htmx:" not in value.lower():
                continue
            tokens = value.split()
            if tokens and any(t in migrated for t in tokens) and not any(event_2x(t) for t in tokens):
                yield from _leftovers(script, node, value)
            elif "htmx:ws" in value.lower():
                yield from _string(file, script, node, value, target)


def _leftovers(script, node, event):
    """Handlers of an already renamed event that still read 2.x-only detail properties."""
    call, _ = _call_of(node)
    handler = _handler(call, node) if call is not None else None
    if handler is None or script.has_template(handler):
        return
    param, names = _detail_bindings(script, handler)
    body = handler.child_by_field_name("body")
    if body is None or (param is None and not names):
        return
    for member in _descendants(script, body, {"member_expression"}):
        obj = member.child_by_field_name("object")
        prop = member.child_by_field_name("property")
        if obj is None or prop is None or not _is_detail(script, obj, param, names):
            continue
        name = script.text_of(prop)
        if name in _GONE_2X:
            yield _report(script, member, f"`detail.{name}` is a 2.x detail property: `{event}` has no such property "
                          "in htmx 4 (see the 2.x -> 4 event table)")


def _first_param(handler):
    """The pattern of a handler's first parameter (its name, or a destructuring), or None."""
    single = handler.child_by_field_name("parameter")
    params = handler.child_by_field_name("parameters")
    first = single if single is not None else (
        next((p for p in params.named_children if p.type != "comment"), None) if params is not None else None)
    if first is not None and first.type in ("required_parameter", "optional_parameter"):
        first = first.child_by_field_name("pattern")
    return first


def _detail_bindings(script, handler):
    first = _first_param(handler)
    if first is None:
        return None, set()
    if first.type == "identifier":
        return script.text_of(first), set()
    names = set()
    if first.type == "object_pattern":
        for prop in first.named_children:
            if prop.type == "shorthand_property_identifier_pattern" and script.text_of(prop) == "detail":
                names.add("detail")
    return None, names


def _string(file, script, node, value, target):
    start, end = script.span(node)
    call, position = _call_of(node)
    event = event_2x(value)
    tokens = None
    if event is None:
        # jQuery and friends take several space-separated events in one string
        if call is None or position != 0 or _method(script, call) not in _LIST_METHODS:
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
    reports: list[Diagnostic] = []
    handler = _handler(call, node) if call is not None else None
    if handler is not None:
        results = [_detail(script, handler, ev, target) for ev in dict.fromkeys(events)]
        seen = set()
        for _, found in results:
            for d in found:
                if (d.start, d.end, d.message) not in seen:
                    seen.add((d.start, d.end, d.message))
                    reports.append(d)
        detail_edits = results[0][0]
        if any(sorted(r[0]) != sorted(detail_edits) for r in results[1:]):
            start0 = min(e.start for r in results for e in r[0])
            reports.append(Diagnostic(CODE, "one handler for several events whose detail changed differently: "
                                      "rewrite its `event.detail` reads by hand", start0, start0))
            detail_edits = []
        if detail_edits:
            edits.extend(detail_edits)
            message += f", and the handler's detail reads follow ({len(detail_edits)} rewritten)"
            if any(ev in INCOMING for ev in events):
                # hxmigrate itself changes what the server sends: ids of out-of-band elements
                # move into <hx-partial hx-target=...>.
                message += ("; the message text now holds <hx-partial> wrappers, so code that searches it "
                            "for an element's id needs a look")
    elif (call is not None and _callback_argument(call, node) is not None) or \
            (call is None and any(e in INCOMING + OUTGOING for e in events)):
        message += f"; check how the handler reads `event.detail` (now {_DETAIL_OF[events[0]]})"
    yield Diagnostic(CODE, message, start, end, fix(*edits))
    yield from reports


def _pairs(target) -> str:
    return "; ".join(f"{old} -> {target.event(old)}" for old in EVENTS_2X)


def _call_of(node):
    """(the call whose argument the string is, the argument's index) or (None, -1)."""
    parent = node.parent
    if parent is None or parent.type != "arguments":
        return None, -1
    call = parent.parent
    if call is None or call.type not in ("call_expression", "new_expression"):
        return None, -1
    args = call_arguments(call)
    for i, arg in enumerate(args):
        if arg == node:
            return call, i
    return None, -1


def _method(script, call) -> str | None:
    fn = call.child_by_field_name("function")
    if fn is not None and fn.type == "member_expression":
        prop = fn.child_by_field_name("property")
        return script.text_of(prop) if prop is not None else None
    return None


def _callback_argument(call, name_node):
    args = call_arguments(call)
    after = False
    found = None
    for arg in args:
        if arg == name_node:
            after = True
            continue
        if after and (unwrap(arg).type in FUNCTIONS or arg.type == "identifier" or arg.type == "member_expression"):
            found = arg
    return found


def _handler(call, name_node):
    """The function literal passed after the event name, if any."""
    arg = _callback_argument(call, name_node)
    if arg is None:
        return None
    arg = unwrap(arg)
    return arg if arg.type in FUNCTIONS else None


def _detail(script, handler, event, target):
    """Edits for the handler's ``P.detail.X`` reads, and diagnostics for the rest."""
    renames = target.detail_renames.get(event, {})
    new_event = target.event(event)
    detail_names: set[str] = set()  # names bound to P.detail
    param = None
    first = _first_param(handler)
    reports: list[Diagnostic] = []
    if first is None:
        return [], []
    if first.type == "identifier":
        param = script.text_of(first)
    elif first.type == "object_pattern":
        for prop in first.named_children:
            if prop.type == "shorthand_property_identifier_pattern" and script.text_of(prop) == "detail":
                detail_names.add("detail")
            elif prop.type == "pair_pattern" and script.text_of(prop.child_by_field_name("key")) == "detail":
                value = prop.child_by_field_name("value")
                if value is not None and value.type == "identifier":
                    detail_names.add(script.text_of(value))
                else:
                    reports.append(_report(script, prop, f"the handler destructures the detail of `{new_event}`, "
                                           f"which is now {_DETAIL_OF[event]}: check what it reads"))
    else:
        return [], []
    body = handler.child_by_field_name("body")
    if body is None:
        return [], reports
    edits: list[Edit] = []
    # aliases: const d = e.detail
    for decl in _descendants(script, body, {"variable_declarator"}):
        value = decl.child_by_field_name("value")
        name = decl.child_by_field_name("name")
        if value is not None and name is not None and name.type == "object_pattern" and param is not None \
                and unwrap(value).type == "identifier" and script.text_of(unwrap(value)) == param:
            # const { detail } = e  (or `e as CustomEvent`)
            for prop in name.named_children:
                if prop.type == "shorthand_property_identifier_pattern" and script.text_of(prop) == "detail":
                    detail_names.add("detail")
                elif prop.type == "pair_pattern" and script.text_of(prop.child_by_field_name("key")) == "detail" \
                        and prop.child_by_field_name("value").type == "identifier":
                    detail_names.add(script.text_of(prop.child_by_field_name("value")))
            continue
        if value is None or name is None or not _is_detail(script, value, param, detail_names):
            continue
        if name.type == "identifier":
            detail_names.add(script.text_of(name))
        else:
            reports.append(_report(script, decl, f"the handler destructures the detail of `{new_event}`, which is "
                                   f"now {_DETAIL_OF[event]}: check what it reads"))
    for member in _descendants(script, body, {"member_expression"}):
        obj = member.child_by_field_name("object")
        if obj is None or not _is_detail(script, obj, param, detail_names):
            continue
        prop = member.child_by_field_name("property")
        if prop is None or prop.type != "property_identifier":
            continue
        name = script.text_of(prop)
        if script.has_template(member):
            reports.append(_report(script, member, f"`detail.{name}` next to template syntax: check it by hand"))
            continue
        new = renames.get(name)
        parent = member.parent
        assigned = parent is not None and parent.type in ("assignment_expression", "augmented_assignment_expression") \
            and parent.child_by_field_name("left") == member
        if new == name:
            continue
        if new is not None and assigned and event in INCOMING:
            reports.append(_report(script, member, f"assigning `detail.{name}` had no effect in 2.x; in htmx 4 "
                                   f"`detail.{new}` is what gets swapped: check that this is wanted"))
            continue
        if new is not None and assigned and name == "headers":
            reports.append(_report(script, member, "2.x sent its own headers whatever `detail.headers` was set to; "
                                   "htmx 4 sends `detail.message.headers`: check the assignment"))
            continue
        if new is not None:
            edits.append(Edit(*script.span(prop), new))
            continue
        reports.append(_report(script, member, _hint(event, name, new_event, target)))
    return edits, reports


def _hint(event, name, new_event, target) -> str:
    detail = _DETAIL_OF[event]
    if name == "socketWrapper":
        return ("`detail.socketWrapper` has no htmx 4 equivalent: `detail.connection.socket` is the raw WebSocket "
                "(its `send()` sends at once, without the 2.x queue)")
    if name == "event":
        if event == "htmx:wsClose":
            return f"`detail.event` is gone: `{new_event}` has `detail.code` and `detail.reason` (\"closed\", " \
                   "\"removed\" or \"cancelled\") instead of the CloseEvent"
        return f"`detail.event` is gone: the detail of `{new_event}` is {detail}"
    if name == "elt":
        return "`detail.elt` is gone in htmx 4: use the event's `target`"
    if name == "message" and event == "htmx:wsBeforeSend":
        return (f"`detail.message` was the text to send; in htmx 4 `{new_event}` fires before the text is built: "
                "read `detail.message.values` and `detail.message.headers`, or set `detail.message.data`")
    if event in OUTGOING and name in ("parameters", "headers", "messageBody", "unfilteredParameters", "errors",
                                      "triggeringEvent"):
        if name in ("parameters", "headers", "messageBody") and not target.detail_renames.get(event):
            return f"`detail.{name}` of a send has no known equivalent in the {target.name} target: check it by hand"
        return f"`detail.{name}` is gone in htmx 4: the detail of `{new_event}` is {detail}, " \
               "with `message.values`, `message.headers` and `message.data`"
    return f"`detail.{name}` is not part of htmx 4's `{new_event}` detail ({detail}): check it by hand"


def _report(script, node, message) -> Diagnostic:
    start, end = script.span(node)
    return Diagnostic(CODE, message, start, end)


def _is_detail(script, node, param, names) -> bool:
    node = unwrap(node)
    if node.type == "identifier":
        return script.text_of(node) in names
    if param is None:
        return False
    return member_path(script, node) == [param, "detail"]


def _descendants(script, root, types):
    stack = [root]
    out = []
    while stack:
        node = stack.pop()
        if node.type in types:
            out.append(node)
        stack.extend(reversed(node.children))
    return out
