"""What JavaScript/TypeScript server code reads from the messages htmx sends.

A ``ws-send`` message reaches the server as JSON text. This module finds the functions that
receive WebSocket data (Node's `ws` and what builds on it: express-ws, Fastify; the
`message` handler of Bun, uWebSockets.js, Elysia and crossws; Hono's `onMessage`; Deno's
and the browser's `onmessage`/`addEventListener("message")`; a Cloudflare Durable Object's
`webSocketMessage`), follows the received data through `JSON.parse`, local names,
destructuring and calls to functions of the same file, and finds where it is read under the
2.x key `HEADERS`, or where the headers read from it are asked for `HX-Trigger`,
`HX-Trigger-Name` or `HX-Target`. Data of any other origin is never touched, whatever it is
called. One reading per file, shared by WS401, WS402 and WS420.
"""

from __future__ import annotations

import weakref
from collections import deque
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Iterator

from ...diagnostics import Diagnostic, fix
from ...edits import Edit
from .._javascript import file_functions
from ._js import (
    FUNCTIONS,
    call_arguments,
    is_2x_extension,
    property_name,
    string_value,
    unwrap,
)
from ._messages import _HEADER_NOTES

if TYPE_CHECKING:
    from tree_sitter import Node

    from ...syntax.javascript import Script

HEADERS_CODE, HEADER_VALUES_CODE, FIELD_CODE = "WS401", "WS402", "WS420"
HEADER_NAMES = ("hx-trigger", "hx-trigger-name", "hx-target")

# Event-emitter methods that register a listener: x.on("message", fn) and friends.
_LISTEN = frozenset({"on", "once", "addListener", "prependListener", "prependOnceListener", "addEventListener"})
# Calls whose object argument holds a `message(ws, data)` handler: uWebSockets.js and Elysia
# `app.ws(path, {...})`, crossws/Nitro `defineWebSocketHandler({...})`, `defineHooks({...})`.
_HANDLER_OBJECT_CALLS = frozenset({"ws", "defineWebSocketHandler", "defineWebSocket", "defineHooks", "crossws"})
# Calls on received data that give its text, or its parsed JSON (crossws `message.json()`).
_TEXT_METHODS = frozenset({"toString", "text", "json"})
_NAMES = frozenset({"identifier", "shorthand_property_identifier_pattern"})
_WRAPPERS = frozenset({"as_expression", "satisfies_expression", "non_null_expression", "type_assertion",
                       "parenthesized_expression", "await_expression"})


@dataclass
class _Function:
    node: "Node"
    index: int  # the parameter that is given the data
    role: str  # what it is given: "payload" (the data) or "headers"
    label: str
    names: dict[str, str] = field(default_factory=dict)  # local name -> "payload" / "headers"


def _strip(node: "Node | None") -> "Node | None":
    """The expression inside parentheses, TypeScript casts and `await`."""
    while node is not None and node.type in _WRAPPERS:
        if node.type in ("await_expression", "parenthesized_expression"):
            inner = [c for c in node.named_children if c.type != "comment"]
            node = inner[0] if inner else None
            continue
        inner = unwrap(node)
        if inner is node:
            break
        node = inner
    return node


def _callee_name(script: "Script", call: "Node") -> str | None:
    """`f` for f(...), `m` for x.m(...)."""
    fn = call.child_by_field_name("function")
    if fn is None:
        return None
    if fn.type == "identifier":
        return script.text_of(fn)
    if fn.type == "member_expression":
        prop = fn.child_by_field_name("property")
        return script.text_of(prop) if prop is not None else None
    return None


def _is_member_call(script: "Script", call: "Node", obj: str, method: str) -> bool:
    fn = call.child_by_field_name("function")
    if fn is None or fn.type != "member_expression":
        return False
    o, p = fn.child_by_field_name("object"), fn.child_by_field_name("property")
    return o is not None and p is not None and script.text_of(o) == obj and script.text_of(p) == method


def _descendants(root: "Node", types: frozenset[str] | set[str]) -> Iterator["Node"]:
    stack = [root]
    while stack:
        node = stack.pop()
        if node.type in types:
            yield node
        stack.extend(reversed(node.children))


class _Reader:
    """The receiving functions of one script and what they read."""

    def __init__(self, script: "Script", functions) -> None:
        self.script = script
        self.functions = functions  # the file's named functions (_javascript.FileFunctions)
        self.analyzed: dict[tuple[int, int, int, str], _Function] = {}
        self.queue: deque[tuple["Node", int, str, str]] = deque()  # (function, parameter index, role, label)

    # --- which functions receive data ------------------------------------------------

    def resolve(self, node: "Node | None") -> "Node | None":
        """A function literal, or the one function of the script a name stands for."""
        node = _strip(node)
        if node is None:
            return None
        if node.type in FUNCTIONS:
            return node
        if node.type == "identifier":
            found = self.functions.named(self.script.text_of(node))
            return found.node if found is not None and found.script is self.script else None
        return None

    def find_receivers(self) -> None:
        s = self.script
        for node in s.walk({"call_expression", "assignment_expression", "method_definition", "pair"}):
            if node.type == "call_expression":
                if _callee_name(s, node) in _LISTEN and node.child_by_field_name("function").type == "member_expression":
                    args = call_arguments(node)
                    if len(args) >= 2 and string_value(s, args[0]) == "message":
                        fn = self.resolve(args[1])
                        if fn is not None:
                            self.queue.append((fn, 0, "payload", f"the `{s.text_of(node.child_by_field_name('function'))}"
                                                                    f"(\"message\")` handler"))
            elif node.type == "assignment_expression":
                left = node.child_by_field_name("left")
                if left is not None and left.type == "member_expression" and \
                        property_name(s, left.child_by_field_name("property")) == "onmessage":
                    fn = self.resolve(node.child_by_field_name("right"))
                    if fn is not None:
                        self.queue.append((fn, 0, "payload", f"the `{s.text_of(left)}` handler"))
            else:
                key = node.child_by_field_name("name" if node.type == "method_definition" else "key")
                name = property_name(s, key)
                fn = node if node.type == "method_definition" else self.resolve(node.child_by_field_name("value"))
                if fn is None or name not in ("message", "onMessage", "webSocketMessage"):
                    continue
                if name == "message" and _in_handler_object(s, node):
                    self.queue.append((fn, 1, "payload", "the WebSocket `message` handler"))
                elif name == "onMessage" and _inside_call(s, node, "upgradeWebSocket"):
                    self.queue.append((fn, 0, "payload", "the `onMessage` handler"))
                elif name == "webSocketMessage" and node.type == "method_definition" and \
                        node.parent is not None and node.parent.type == "class_body":
                    self.queue.append((fn, 1, "payload", "`webSocketMessage`"))

    def run(self) -> None:
        self.find_receivers()
        while self.queue:
            fn, index, role, label = self.queue.popleft()
            key = (fn.start_byte, fn.end_byte, index, role)
            if key in self.analyzed:
                continue
            info = self.analyzed[key] = _Function(fn, index, role, label)
            param = _param(fn, index)
            if param is None:
                continue
            if param.type == "identifier":
                info.names[self.script.text_of(param)] = role
            elif param.type == "object_pattern":
                self._bind_pattern(info, param, role)
            self._bind(info)
            self._follow_calls(info)

    # --- where the data goes inside a function ----------------------------------------

    def is_payload(self, node: "Node | None", names: dict[str, str]) -> bool:
        node = _strip(node)
        if node is None:
            return False
        s = self.script
        t = node.type
        if t == "identifier":
            return names.get(s.text_of(node)) == "payload"
        if t == "member_expression":  # event.data
            return property_name(s, node.child_by_field_name("property")) == "data" and \
                self.is_payload(node.child_by_field_name("object"), names)
        if t == "call_expression":
            args = call_arguments(node)
            fn = node.child_by_field_name("function")
            if _is_member_call(s, node, "JSON", "parse") or (fn is not None and fn.type == "identifier"
                                                             and s.text_of(fn) == "String"):
                return bool(args) and self.is_payload(args[0], names)
            if _is_member_call(s, node, "Buffer", "from"):
                return bool(args) and self.is_payload(args[0], names)
            if fn is not None and fn.type == "member_expression":
                method = property_name(s, fn.child_by_field_name("property"))
                if method in _TEXT_METHODS:
                    return self.is_payload(fn.child_by_field_name("object"), names)
                if method == "decode":  # new TextDecoder().decode(data)
                    return bool(args) and self.is_payload(args[0], names)
            return False
        if t == "ternary_expression":  # typeof data === "string" ? data : decoder.decode(data)
            return any(self.is_payload(node.child_by_field_name(f), names) for f in ("consequence", "alternative"))
        if t == "template_string":
            subs = [c for c in node.named_children if c.type == "template_substitution"]
            return len(subs) == 1 and all(c.type in ("template_substitution", "string_fragment") for c in node.named_children) \
                and self.is_payload(next((c for c in subs[0].named_children if c.type != "comment"), None), names)
        return False

    def is_headers(self, node: "Node | None", names: dict[str, str]) -> bool:
        node = _strip(node)
        if node is None:
            return False
        s = self.script
        if node.type == "identifier":
            return names.get(s.text_of(node)) == "headers"
        if node.type == "member_expression":
            return property_name(s, node.child_by_field_name("property")) in ("HEADERS", "headers") and \
                self.is_payload(node.child_by_field_name("object"), names)
        if node.type == "subscript_expression":
            return string_value(s, node.child_by_field_name("index")) in ("HEADERS", "headers") and \
                self.is_payload(node.child_by_field_name("object"), names)
        if node.type == "binary_expression":  # msg.HEADERS ?? {}, msg.HEADERS || {}
            op = node.child_by_field_name("operator")
            return op is not None and op.type in ("??", "||") and self.is_headers(node.child_by_field_name("left"), names)
        return False

    def _role(self, value: "Node | None", names: dict[str, str]) -> str | None:
        if self.is_payload(value, names):
            return "payload"
        if self.is_headers(value, names):
            return "headers"
        return None

    def _bind_pattern(self, info: _Function, pattern: "Node", role: str) -> bool:
        """Names a destructuring of received data (or of its headers) binds."""
        if role != "payload":
            return False
        changed = False
        for key, target in _pattern_entries(self.script, pattern):
            # { data } of a MessageEvent is the data, as event.data is
            bound = "headers" if key in ("HEADERS", "headers") else "payload" if key == "data" else None
            if bound is not None and target is not None and target.type in _NAMES:
                name = self.script.text_of(target)
                if info.names.get(name) != bound:
                    info.names[name] = bound
                    changed = True
        return changed

    def _bind(self, info: _Function) -> None:
        """Local names that hold the received data or its headers, until nothing changes."""
        pairs = list(_bindings(info.node))
        for _ in range(10):
            changed = False
            for target, value in pairs:
                role = self._role(value, info.names)
                if role is None:
                    continue
                if target.type == "identifier":
                    name = self.script.text_of(target)
                    if info.names.get(name) != role:
                        info.names[name] = role
                        changed = True
                elif target.type == "object_pattern":
                    changed |= self._bind_pattern(info, target, role)
            if not changed:
                return

    def _follow_calls(self, info: _Function) -> None:
        """Functions of this script called with the received data, or its headers."""
        body = info.node.child_by_field_name("body")
        if body is None:
            return
        for call in _descendants(body, frozenset({"call_expression"})):
            fn = call.child_by_field_name("function")
            if fn is None or fn.type != "identifier":
                continue
            callee = self.resolve(fn)
            if callee is None or callee == info.node:
                continue
            for i, arg in enumerate(call_arguments(call)):
                role = self._role(arg, info.names)
                if role is not None:
                    self.queue.append((callee, i, role, f"`{self.script.text_of(fn)}()`, which is given received data"))

    # --- what is read ------------------------------------------------------------------

    def findings(self) -> Iterator[tuple[str, "Node", str, str | None, tuple[int, int] | None]]:
        """(code, node, label, replacement, span) per read: a replacement for the 2.x key."""
        seen: set[tuple[int, int]] = set()
        for info in self.analyzed.values():
            names = info.names
            if not names:
                continue
            root = info.node
            for node in _descendants(root, frozenset({"member_expression", "subscript_expression", "binary_expression",
                                                      "call_expression"})):
                for found in self._read(node, names, info.label):
                    span = (found[1].start_byte, found[1].end_byte)
                    if span not in seen:
                        seen.add(span)
                        yield found
            param = _param(root, info.index)
            destructured = [(param, None)] if param is not None and param.type == "object_pattern" else []
            for target, value in list(_bindings(root)) + destructured:
                if target.type != "object_pattern":
                    continue
                role = self._role(value, names) if value is not None else info.role
                for found in self._destructured(target, role, info.label):
                    span = (found[1].start_byte, found[1].end_byte)
                    if span not in seen:
                        seen.add(span)
                        yield found

    def _read(self, node: "Node", names: dict[str, str], label: str):
        s = self.script
        t = node.type
        if t == "member_expression":
            prop = node.child_by_field_name("property")
            if prop is not None and prop.type == "property_identifier" and s.text_of(prop) == "HEADERS" and \
                    self.is_payload(node.child_by_field_name("object"), names):
                yield HEADERS_CODE, prop, label, "headers", s.span(prop)
        elif t == "subscript_expression":
            index = node.child_by_field_name("index")
            obj = node.child_by_field_name("object")
            yield from self._key_read(index, obj, names, label)
        elif t == "binary_expression":
            op = node.child_by_field_name("operator")
            if op is not None and op.type == "in":
                yield from self._key_read(node.child_by_field_name("left"), node.child_by_field_name("right"), names, label)
        elif t == "call_expression":
            args = call_arguments(node)
            if _is_member_call(s, node, "Object", "hasOwn") and len(args) >= 2:
                yield from self._key_read(args[1], args[0], names, label)
            fn = node.child_by_field_name("function")
            if fn is not None and fn.type == "member_expression" and args and \
                    property_name(s, fn.child_by_field_name("property")) == "hasOwnProperty":
                yield from self._key_read(args[0], fn.child_by_field_name("object"), names, label)

    def _key_read(self, key: "Node | None", obj: "Node | None", names: dict[str, str], label: str):
        value = string_value(self.script, key)
        if value is None:
            return
        if value == "HEADERS" and self.is_payload(obj, names):
            start, end = self.script.span(key)
            yield HEADERS_CODE, key, label, None, (start + 1, end - 1)
        elif value.lower() in HEADER_NAMES and self.is_headers(obj, names):
            yield HEADER_VALUES_CODE, key, label, None, None

    def _destructured(self, pattern: "Node", role: str | None, label: str):
        s = self.script
        for entry in pattern.named_children:
            key_node, value = _pattern_entry(entry)
            key = _key(s, key_node)
            if key is None:
                continue
            if role == "payload" and key == "HEADERS":
                if entry.type == "pair_pattern":
                    if key_node.type == "string":
                        start, end = s.span(key_node)
                        yield HEADERS_CODE, key_node, label, None, (start + 1, end - 1)
                    else:
                        yield HEADERS_CODE, key_node, label, "headers", s.span(key_node)
                else:  # { HEADERS } or { HEADERS = {} }: the local name stays
                    yield HEADERS_CODE, key_node, label, "headers: HEADERS", s.span(key_node)
            if role == "payload" and key in ("HEADERS", "headers") and value is not None and value.type == "object_pattern":
                yield from self._destructured(value, "headers", label)
            elif role == "headers" and key.lower() in HEADER_NAMES:
                yield HEADER_VALUES_CODE, key_node, label, None, None


def _key(script: "Script", node: "Node | None") -> str | None:
    """The property a key, shorthand or destructuring entry names."""
    if node is None:
        return None
    if node.type in ("shorthand_property_identifier_pattern", "shorthand_property_identifier"):
        return script.text_of(node)
    return property_name(script, node)


def _pattern_entry(entry: "Node") -> tuple["Node | None", "Node | None"]:
    """(key node, bound pattern) of one entry of an object pattern."""
    if entry.type == "shorthand_property_identifier_pattern":
        return entry, entry
    if entry.type == "object_assignment_pattern":
        left = entry.child_by_field_name("left")
        return left, left
    if entry.type == "pair_pattern":
        value = entry.child_by_field_name("value")
        if value is not None and value.type == "assignment_pattern":
            value = value.child_by_field_name("left")
        return entry.child_by_field_name("key"), value
    return None, None


def _pattern_entries(script: "Script", pattern: "Node") -> list[tuple[str, "Node | None"]]:
    out = []
    for entry in pattern.named_children:
        key, value = _pattern_entry(entry)
        name = _key(script, key)
        if name is not None:
            out.append((name, value))
    return out


def _param(fn: "Node", index: int) -> "Node | None":
    """The pattern of a function's parameter at ``index``."""
    single = fn.child_by_field_name("parameter")
    if single is not None:
        return single if index == 0 else None
    params = fn.child_by_field_name("parameters")
    if params is None:
        return None
    items = [p for p in params.named_children if p.type != "comment"]
    if index >= len(items):
        return None
    p = items[index]
    if p.type in ("required_parameter", "optional_parameter"):
        p = p.child_by_field_name("pattern")
    if p is not None and p.type == "assignment_pattern":
        p = p.child_by_field_name("left")
    return p


def _bindings(root: "Node") -> Iterator[tuple["Node", "Node"]]:
    """(name or pattern, value) of every declaration and plain assignment under ``root``."""
    for node in _descendants(root, frozenset({"variable_declarator", "assignment_expression"})):
        if node.type == "variable_declarator":
            target, value = node.child_by_field_name("name"), node.child_by_field_name("value")
        else:
            target, value = node.child_by_field_name("left"), node.child_by_field_name("right")
            if target is not None and target.type == "parenthesized_expression":
                inner = [c for c in target.named_children if c.type != "comment"]
                target = inner[0] if inner else None
        if target is not None and value is not None and target.type in ("identifier", "object_pattern"):
            yield target, value


def _in_handler_object(script: "Script", entry: "Node") -> bool:
    """Is this `message` entry part of a WebSocket handler object: the value of a
    `websocket` key (Bun.serve), or an argument of `app.ws(...)`/`defineWebSocketHandler(...)`?"""
    obj = entry.parent
    if obj is None or obj.type != "object":
        return False
    parent = obj.parent
    if parent is None:
        return False
    if parent.type == "pair":
        return property_name(script, parent.child_by_field_name("key")) == "websocket"
    if parent.type == "arguments" and parent.parent is not None and parent.parent.type == "call_expression":
        return _callee_name(script, parent.parent) in _HANDLER_OBJECT_CALLS
    return False


def _inside_call(script: "Script", node: "Node", name: str) -> bool:
    parent = node.parent
    while parent is not None:
        if parent.type == "call_expression" and _callee_name(script, parent) == name:
            return True
        parent = parent.parent
    return False


# --- TypeScript types that declare the 2.x key -------------------------------------------------

def _headers_fields(script: "Script") -> list["Node"]:
    """Property signatures named `HEADERS` in interfaces and object types."""
    out = []
    for node in script.walk({"property_signature"}):
        name = node.child_by_field_name("name")
        if name is not None and property_name(script, name) == "HEADERS":
            out.append(node)
    return out


def _exported(node: "Node") -> bool:
    while node is not None:
        if node.type in ("interface_declaration", "type_alias_declaration"):
            return node.parent is not None and node.parent.type == "export_statement"
        node = node.parent
    return True  # an object type elsewhere (an annotation, a generic argument): not ours to rename


def _key_occurrences(script: "Script") -> list["Node"]:
    """Every place the script names a property `HEADERS`."""
    types = {"property_identifier", "string", "shorthand_property_identifier", "shorthand_property_identifier_pattern"}
    return [n for n in script.walk(types) if _key(script, n) == "HEADERS"]


# --- the diagnostics ------------------------------------------------------------------------

_CACHE: "weakref.WeakKeyDictionary[object, list[Diagnostic]]" = weakref.WeakKeyDictionary()


def may_read(text: str, lower: str) -> bool:
    """Cheap test before any parse: the 2.x key, or a header name next to a message handler."""
    return "HEADERS" in text or (("hx-trigger" in lower or "hx-target" in lower) and "message" in lower)


def payload_diagnostics(file) -> list[Diagnostic]:
    found = _CACHE.get(file)
    if found is None:
        found = _CACHE[file] = _compute(file) if file.kind == "javascript" and may_read(file.text, file.lower) else []
    return found


def _compute(file) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    for script in file.javascript:
        if is_2x_extension(script):
            continue
        reader = _Reader(script, file_functions(file))
        reader.run()
        renamed: set[tuple[int, int]] = set()
        for code, node, label, new, span in reader.findings():
            start, end = script.span(node)
            if code == HEADERS_CODE:
                edit_span = span or (start, end)
                edits = () if script.has_template(start, end) else (Edit(*edit_span, new or "headers"),)
                renamed.add((node.start_byte, node.end_byte))
                out.append(Diagnostic(HEADERS_CODE, f"htmx 4 sends the request headers of a WebSocket message under "
                                      f"`headers`, not `HEADERS` (read from data received in {label})", start, end,
                                      fix(*edits) if edits else None))
            else:
                value = _key(script, node) or ""
                out.append(Diagnostic(HEADER_VALUES_CODE, f"`{value}`: {_HEADER_NOTES[value.lower()]}", start, end))
        if "HEADERS" in script.text and script.lang != "javascript":
            out.extend(_field_diagnostics(script, reader, renamed))
    return out


def _field_diagnostics(script: "Script", reader: _Reader, renamed: set[tuple[int, int]]) -> list[Diagnostic]:
    fields = _headers_fields(script)
    if not fields:
        return []
    receives = any(info.names for info in reader.analyzed.values())
    out = []
    field_spans = {(f.child_by_field_name("name").start_byte, f.child_by_field_name("name").end_byte) for f in fields}
    others = [n for n in _key_occurrences(script) if (n.start_byte, n.end_byte) not in field_spans | renamed]
    for f in fields:
        name = f.child_by_field_name("name")
        typ = f.child_by_field_name("type")
        if not receives and (typ is None or "HX-" not in script.text_of(typ)):
            continue
        start, end = script.span(name)
        if _exported(f):
            why = "it is exported, so other modules may use it"
        elif others:
            why = "the file names `HEADERS` elsewhere too"
        elif script.has_template(start, end):
            why = "template syntax is next to it"
        else:
            edit = Edit(start + 1, end - 1, "headers") if name.type == "string" else Edit(start, end, "headers")
            out.append(Diagnostic(FIELD_CODE, "this type declares the 2.x key `HEADERS`: htmx 4 sends `headers`, "
                                  "and the reads of received data are renamed with it", start, end, fix(edit)))
            continue
        out.append(Diagnostic(FIELD_CODE, f"this type declares the 2.x key `HEADERS`: htmx 4 sends the request "
                              f"headers of a WebSocket message under `headers`; rename the field and its uses "
                              f"by hand ({why})", start, end))
    return out
