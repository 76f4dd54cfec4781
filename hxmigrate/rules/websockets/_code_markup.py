"""Markup written inside Go, Rust and JavaScript strings (WS409): pages and fragments a
server builds in code, read as documents of their own by the markup rules, as WS405 does
for Python.

A Go server often holds its page in a raw string (`` template.New("").Parse(`<html>...`) ``)
or builds a fragment with ``fmt.Sprintf``; a Rust one writes ``format!(r#"<div ...>"#)``; a
Hono or Express one returns ``c.html(html`<!doctype html>...`)`` or ``res.send(`...`)``.
Each such string expression is read with its language's view (escapes decoded, format
directives and non-literal operands opaque; the actions of a Go template parsed from it
opaque too), given to the markup rules as a file, and their findings and edits are mapped
back into the literals. The strings the server sends as WebSocket messages are the message
rules' (WS201-WS205) and are left out here.
"""

from __future__ import annotations

from ...diagnostics import Diagnostic
from ...syntax.go import STRING_TYPES as GO_STRINGS
from ...syntax.go import operands as go_operands
from ...syntax.go import string_text as go_string_text
from ...syntax.javascript import STRING_TYPES as JS_STRINGS
from ...syntax.javascript import operands as js_operands
from ...syntax.javascript import string_text as js_string_text
from ...syntax.rust import STRING_TYPES as RUST_STRINGS
from ...syntax.rust import macro_format
from ...syntax.rust import operands as rust_operands
from ...syntax.rust import string_text as rust_string_text
from ...syntax.templates import find_regions
from ...syntax.treesitter import node_by_key
from ._embedded import MARKUP_HINTS, TAG, EmbeddedFile, mapped, run_embedded

CODE = "WS409"
_GO_FORMATS = {"Sprintf": 0, "Printf": 0, "Errorf": 0, "Fprintf": 1}


def code_markup_diagnostics(file) -> list[Diagnostic]:
    lower = file.lower
    if "<" not in file.text or not any(h in lower for h in MARKUP_HINTS):
        return []
    if file.kind == "javascript":
        scripts = file.javascript
        if not scripts:
            return []
        view = scripts[0]
        documents = js_documents(view)
    else:
        view = file.go if file.kind == "go" else file.rust
        documents = _go_documents(view) if file.kind == "go" else _rust_documents(view)
    sent = [node_by_key(view.root, s.key) for s in file.project.sent_strings.get(file.abspath, ())]
    sent_spans = [view.span(n) for n in sent if n is not None]
    out: list[Diagnostic] = []
    for node, fmt, template in documents:
        start, end = view.span(node)
        if any(a <= start and end <= b for a, b in sent_spans):
            continue  # a WebSocket message: WS201-WS205 read it
        if file.kind == "javascript":
            st = js_string_text(view, node)
        else:
            st = (go_string_text(view, node, fmt) if file.kind == "go" else rust_string_text(view, node, fmt))
        if st is None or not TAG.search(st.text) or not any(h in st.text.lower() for h in MARKUP_HINTS):
            continue
        if template:
            _template_actions(st)
        inner = EmbeddedFile(file, st, "markup")
        out.extend(mapped(st, d, CODE, "markup") for d in run_embedded(inner))
    out.sort(key=lambda d: (d.start, d.end))
    return out


def _template_actions(st) -> None:
    """Make the actions of a Go template parsed from the string (``{{ .Title }}``,
    ``{{ range }}``) opaque, as the markup rules keep template syntax."""
    found = [(r.start, r.end) for r in find_regions(st.text, "html")]
    if not found:
        return
    spans = sorted([(a, b, p) for a, b, p in st.opaque] + [(a, b, st.piece_of[a]) for a, b in found
                   if not any(x < b and a < y for x, y, _ in st.opaque)])
    st.opaque[:] = spans


def _go_documents(view):
    """(node, a fmt format?, a template's source?) for each Go string expression: a literal,
    or a ``+`` chain with one, each once."""
    done: set[tuple[int, int]] = set()
    for literal in view.walk(GO_STRINGS):
        node = literal
        while (node.parent is not None and node.parent.type in ("binary_expression", "parenthesized_expression")
               and len(go_operands(node.parent)) > 1):
            node = node.parent
        key = (node.start_byte, node.end_byte)
        if key in done:
            continue
        done.add(key)
        fmt, template = False, False
        args = node.parent
        call = args.parent if args is not None and args.type == "argument_list" else None
        if call is not None and call.type == "call_expression":
            fn = call.child_by_field_name("function")
            name = view.text_of(fn.child_by_field_name("field")) if fn is not None and fn.type == "selector_expression" \
                else ""
            position = [c for c in args.named_children if c.type != "comment"].index(node) \
                if node in args.named_children else -1
            fmt = _GO_FORMATS.get(name) == position
            template = name == "Parse" and position == 0
        yield node, fmt, template


def _rust_documents(view):
    """(node, a format?, False) for each Rust string expression: a literal (a macro's format
    as a format), or a ``+`` chain with one, each once."""
    formats = {}
    for macro in view.walk({"macro_invocation"}):
        literal = macro_format(view, macro)
        if literal is not None:
            formats[(literal.start_byte, literal.end_byte)] = True
    done: set[tuple[int, int]] = set()
    for literal in view.walk(RUST_STRINGS):
        node = literal
        while node.parent is not None and node.parent.type in ("binary_expression", "call_expression", "arguments",
                                                                 "field_expression", "reference_expression") \
                and node.parent.type != "macro_invocation":
            parent = node.parent
            if parent.type == "binary_expression" and len(rust_operands(parent)) > 1:
                node = parent
                continue
            if parent.type in ("arguments", "call_expression", "field_expression", "reference_expression"):
                # String::from("...") or "...".to_string() inside a chain: climb only if a chain holds it
                outer = parent
                while outer is not None and outer.type in ("arguments", "call_expression", "field_expression",
                                                            "reference_expression"):
                    outer = outer.parent
                if outer is not None and outer.type == "binary_expression" and len(rust_operands(outer)) > 1:
                    node = outer
                    continue
            break
        key = (node.start_byte, node.end_byte)
        if key in done:
            continue
        done.add(key)
        yield node, formats.get((node.start_byte, node.end_byte), False), False


def js_documents(script):
    """(node, False, False) for each JavaScript string or template literal (tagged or not),
    or ``+`` chain with one, that holds a tag: each once."""
    done: set[tuple[int, int]] = set()
    for literal in script.walk(JS_STRINGS):
        if "<" not in script.text_of(literal):
            continue
        node = literal
        while (node.parent is not None and node.parent.type in ("binary_expression", "parenthesized_expression")
               and len(js_operands(node.parent)) > 1):
            node = node.parent
        key = (node.start_byte, node.end_byte)
        if key in done:
            continue
        done.add(key)
        yield node, False, False
