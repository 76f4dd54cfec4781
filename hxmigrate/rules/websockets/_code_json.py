"""JSON WebSocket messages a Go, Rust or JavaScript server sends (WS215, WS216), as
``_json_messages`` reads them in Python.

htmx 4.0.1 parses a text frame as JSON first: it swaps only the string under `content` (or
`payload`), reads `target`, `swap` and `select` as settings, and swaps nothing for JSON
without `content`; 2.x read the whole frame as HTML. The object a server writes as JSON is
read where the send writes it: Go's ``conn.WriteJSON(v)``, ``wsjson.Write(ctx, c, v)`` and
``websocket.JSON.Send(ws, v)`` with a map or struct literal (struct keys from their
``json`` tags); JavaScript's ``ws.send(JSON.stringify({...}))``; Rust's ``json!({...})``
handed to ``Message::Text``. A local name bound to such a literal in the same function is
followed; anything else is left to WS111, which names the send.
"""

from __future__ import annotations

import re
from typing import Iterator

from ...diagnostics import Diagnostic
from ._json_messages import (
    HTML_CODE,
    HTMX_KEYS,
    KEYS_CODE,
    html_finding_text,
    key_finding_text,
)

_TAG = re.compile(r"<[A-Za-z][\w-]*")
_GO_TAG_JSON = re.compile(r'(?<![\w-])json:"([^",]*)')
_JS_FUNCTIONS = frozenset({"function_declaration", "function_expression", "function", "arrow_function",
                           "method_definition"})


def code_json_diagnostics(file) -> list[Diagnostic]:
    text = file.text
    if file.kind == "go":
        if "JSON" not in text and "wsjson" not in text:
            return []
        found = list(_go(file))
    elif file.kind == "rust":
        if "json!" not in text:
            return []
        found = list(_rust(file))
    else:
        if "JSON.stringify" not in text or not file.javascript:
            return []
        found = list(_js(file))
    out = []
    for how, key, start, end, html in found:
        if key in HTMX_KEYS:
            out.append(Diagnostic(KEYS_CODE, key_finding_text(key, how, html), start, end))
        elif html:
            out.append(Diagnostic(HTML_CODE, html_finding_text(key, how, html), start, end))
    out.sort(key=lambda d: (d.start, d.code))
    return out


def _html(text: str) -> str | None:
    m = _TAG.search(text)
    return f"a string with {m.group()}>" if m else None


# --- Go ----------------------------------------------------------------------------------

def _go(file) -> Iterator[tuple[str, str, int, int, str | None]]:
    view = file.go
    structs = _go_struct_keys(view)
    for call in view.walk({"call_expression"}):
        fn = call.child_by_field_name("function")
        if fn is None or fn.type != "selector_expression":
            continue
        receiver = view.text_of(fn.child_by_field_name("operand"))
        name = view.text_of(fn.child_by_field_name("field"))
        args = [c for c in call.child_by_field_name("arguments").named_children if c.type != "comment"]
        value = None
        if name == "WriteJSON" and len(args) == 1:
            value = args[0]
        elif name == "Write" and receiver == "wsjson" and len(args) == 3:
            value = args[2]
        elif name == "Send" and receiver.endswith("JSON") and len(args) == 2:
            value = args[1]
        if value is None:
            continue
        how = f"{receiver}.{name}"
        literal = _go_literal(view, value, call)
        if literal is not None:
            yield from _go_pairs(view, literal, how, structs)


def _go_literal(view, node, use):
    while node is not None and node.type in ("unary_expression", "parenthesized_expression"):
        node = node.named_children[-1] if node.named_children else None
    if node is None:
        return None
    if node.type == "composite_literal":
        return node
    if node.type != "identifier":
        return None
    name = view.text_of(node)
    scope = use.parent
    while scope is not None and scope.type not in ("function_declaration", "method_declaration", "func_literal"):
        scope = scope.parent
    if scope is None:
        return None
    found = None
    for decl in view.walk({"short_var_declaration", "assignment_statement"}, scope):
        if decl.start_byte >= use.start_byte:
            break
        left, right = decl.child_by_field_name("left"), decl.child_by_field_name("right")
        if left is None or right is None:
            continue
        names = [view.text_of(c) for c in left.named_children]
        if names == [name] and len(right.named_children) == 1:
            found = right.named_children[0]
    return _go_literal(view, found, use) if found is not None and found.type != "identifier" else None


def _go_struct_keys(view) -> dict[str, dict[str, str]]:
    """{struct type: {field name: its JSON key}} for the structs declared in the file."""
    out: dict[str, dict[str, str]] = {}
    for spec in view.walk({"type_spec"}):
        name, kind = spec.child_by_field_name("name"), spec.child_by_field_name("type")
        if name is None or kind is None or kind.type != "struct_type":
            continue
        keys = {}
        for field in view.walk({"field_declaration"}, kind):
            tag = field.child_by_field_name("tag")
            m = _GO_TAG_JSON.search(view.text_of(tag)) if tag is not None else None
            for f in field.children_by_field_name("name"):
                keys[view.text_of(f)] = m.group(1) if m and m.group(1) else view.text_of(f)
        out[view.text_of(name)] = keys
    return out


def _go_pairs(view, literal, how: str, structs):
    kind = literal.child_by_field_name("type")
    body = literal.child_by_field_name("body")
    if body is None:
        return
    fields = structs.get(view.text_of(kind)) if kind is not None else None
    for element in body.named_children:
        if element.type != "keyed_element" or len(element.named_children) < 2:
            continue
        key_node, value_node = element.named_children[0], element.named_children[-1]
        key_inner = key_node.named_children[0] if key_node.named_children else key_node
        if key_inner.type in ("interpreted_string_literal", "raw_string_literal"):
            key = view.text_of(key_inner)[1:-1]
        elif fields is not None:
            key = fields.get(view.text_of(key_inner))
        else:
            continue
        if key is None:
            continue
        start, end = view.span(key_node)
        yield how, key, start, end, _html(view.text_of(value_node))


# --- JavaScript ----------------------------------------------------------------------------

def _js(file):
    script = file.javascript[0]
    for call in script.walk({"call_expression"}):
        fn = call.child_by_field_name("function")
        if fn is None or script.text_of(fn) != "JSON.stringify":
            continue
        args = call.child_by_field_name("arguments")
        values = [c for c in args.named_children if c.type != "comment"] if args is not None else []
        outer = call.parent.parent if call.parent is not None and call.parent.type == "arguments" else None
        if not values or outer is None or outer.type != "call_expression":
            continue
        sender = outer.child_by_field_name("function")
        if sender is None or sender.type != "member_expression" or \
                script.text_of(sender.child_by_field_name("property")) not in ("send", "publish"):
            continue
        obj = _js_object(script, values[0], call)
        if obj is None:
            continue
        how = script.text_of(sender)
        for pair in obj.named_children:
            if pair.type != "pair":
                continue
            key_node = pair.child_by_field_name("key")
            key = script.text_of(key_node).strip("'\"`")
            value = pair.child_by_field_name("value")
            start, end = script.span(key_node)
            yield f"{how}(JSON.stringify(...))", key, start, end, _html(script.text_of(value)) if value else None


def _js_object(script, node, use):
    if node.type == "object":
        return node
    if node.type != "identifier":
        return None
    name = script.text_of(node)
    scope = use.parent
    while scope is not None and scope.type not in _JS_FUNCTIONS and scope.type != "program":
        scope = scope.parent
    found = None
    for declarator in script.walk({"variable_declarator"}) if scope is None else _walk(script, scope):
        if declarator.start_byte >= use.start_byte:
            break
        target, value = declarator.child_by_field_name("name"), declarator.child_by_field_name("value")
        if target is not None and script.text_of(target) == name and value is not None and value.type == "object":
            found = value
    return found


def _walk(script, root):
    cursor = root.walk()
    while True:
        node = cursor.node
        if node.type == "variable_declarator":
            yield node
        if cursor.goto_first_child():
            continue
        while not cursor.goto_next_sibling():
            if not cursor.goto_parent() or cursor.node == root:
                return


# --- Rust ----------------------------------------------------------------------------------

def _rust(file):
    view = file.rust
    for macro in view.walk({"macro_invocation"}):
        name = macro.child_by_field_name("macro")
        if name is None or view.text_of(name).rsplit("::", 1)[-1] != "json" or not _rust_sent(view, macro):
            continue
        tree = next((c for c in macro.named_children if c.type == "token_tree"), None)
        inner = tree.named_children[0] if tree is not None and tree.named_children else None
        if inner is None or inner.type != "token_tree" or not view.text_of(inner).startswith("{"):
            continue
        children = inner.children
        for i, child in enumerate(children):
            if child.type != "string_literal" or i + 1 >= len(children) or children[i + 1].type != ":":
                continue
            key = view.text_of(child)[1:-1]
            value = children[i + 2] if i + 2 < len(children) else None
            start, end = view.span(child)
            yield "Message::Text(json!(...))", key, start, end, _html(view.text_of(value)) if value else None


def _rust_sent(view, macro) -> bool:
    """Whether the json! value is handed to ``Message::Text``/``Message::text``, directly or
    through a local ``let`` of the same function."""
    node = macro.parent
    while node is not None and node.type not in ("function_item", "closure_expression", "let_declaration"):
        if node.type == "call_expression" and view.text_of(node.child_by_field_name("function")).endswith(
                ("Message::Text", "Message::text")):
            return True
        node = node.parent
    if node is None or node.type != "let_declaration":
        return False
    pattern = node.child_by_field_name("pattern")
    name = view.text_of(pattern) if pattern is not None else ""
    scope = node.parent
    while scope is not None and scope.type not in ("function_item", "closure_expression"):
        scope = scope.parent
    if not name.isidentifier() or scope is None:
        return False
    return re.search(r"Message::(?:Text|text)\s*\([^;]*\b" + re.escape(name) + r"\b", view.text_of(scope)) is not None
