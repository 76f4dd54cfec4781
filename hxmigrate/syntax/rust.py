"""Rust through tree-sitter's Rust grammar, and the value of Rust string literals.

A Rust server writes the HTML it sends in string literals (``"<div id=\\"x\\">"``), raw
strings (``r#"<div id="x">"#``) and the formats of ``format!``, ``write!`` and their kin.
Their value is read as a :class:`~hxmigrate.syntax.strings.StringText`: escapes decoded,
a format's ``{placeholders}`` opaque and ``{{``/``}}`` one brace, each literal a piece
that knows how text written into it must be escaped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from . import strings
from .strings import StringText
from .treesitter import CodeView, operands

if TYPE_CHECKING:
    from tree_sitter import Node

STRING_TYPES = frozenset({"string_literal", "raw_string_literal"})
# Macros whose first string argument (after the writer of write!/writeln!) is a format.
FORMAT_MACROS = frozenset({"format", "write", "writeln", "print", "println", "eprint", "eprintln", "format_args",
                           "panic"})

_ESCAPES = {"n": "\n", "r": "\r", "t": "\t", "\\": "\\", "0": "\0", "'": "'", '"': '"'}
_FIELD = re.compile(r"\{\{|\}\}|\{[^{}]*\}")


class RustView(CodeView):
    def __init__(self, text: str) -> None:
        super().__init__(text, "rust")


@dataclass
class Piece(strings.Piece):
    """One Rust string literal."""

    hashes: int = -1  # the number of # of a raw string, -1 for a string with escapes
    braces: bool = False  # a format: a brace written into it is doubled

    def escape(self, generated: str) -> str | None:
        out = generated.replace("{", "{{").replace("}", "}}") if self.braces else generated
        if self.hashes >= 0:
            return None if '"' + "#" * self.hashes in out else out
        return out.replace("\\", "\\\\").replace('"', '\\"')

    def holds(self, written: str) -> bool:
        return self.hashes < 0 or '"' + "#" * self.hashes not in written


def _literal(view: RustView, node: "Node") -> tuple[int, int, int] | None:
    """(content start, content end, hashes or -1) of a string literal; None for bytes."""
    start, end = view.span(node)
    code = view.text[start:end]
    if node.type == "raw_string_literal":
        if not code.startswith("r"):
            return None  # br"..." or cr"..."
        hashes = len(code) - len(code[1:].lstrip("#")) - 1
        return start + 2 + hashes, end - 1 - hashes, hashes
    if not code.startswith('"'):
        return None  # b"..." or c"..."
    return start + 1, end - 1, -1


def _decode(st: StringText, view: RustView, node: "Node", braces: bool) -> bool:
    found = _literal(view, node)
    if found is None:
        return False
    start, end, hashes = found
    body = view.text[start:end]
    index = st.add_piece(Piece(start, hashes, braces))
    items = []
    i, n = 0, len(body)
    while i < n:
        ch = body[i]
        j = i + 1
        value = ch
        if ch == "\r" and body.startswith("\n", j):
            value, j = "\n", j + 1  # a CRLF in the source is one newline in the string
        elif ch == "\\" and hashes < 0 and i + 1 < n:
            nxt = body[i + 1]
            j = i + 2
            if nxt in _ESCAPES:
                value = _ESCAPES[nxt]
            elif nxt == "x":
                try:
                    value, j = chr(int(body[i + 2:i + 4], 16)), i + 4
                except ValueError:
                    return False
            elif nxt == "u" and body.startswith("{", i + 2):
                close = body.find("}", i + 3)
                try:
                    value, j = chr(int(body[i + 3:close].replace("_", ""), 16)), close + 1
                except ValueError:
                    return False
            elif nxt in "\r\n":
                # A line continuation: the newline and the whitespace after it are skipped.
                while j < n and body[j] in " \t\r\n":
                    j += 1
                value = ""
            else:
                return False  # not Rust
        items.append((value, start + i, start + j))
        i = j
    at = len(st.text)
    st.add_decoded(items, index)
    return not braces or _fields(st, at)


def _fields(st: StringText, at: int) -> bool:
    """Make the ``{placeholders}`` of st.text[at:] opaque and each ``{{``/``}}`` one brace;
    False when a brace is unmatched (the macro would not compile)."""
    segment = st.text[at:]
    if "{" not in segment and "}" not in segment:
        return True
    found = []
    pos = 0
    for m in _FIELD.finditer(segment):
        if "{" in segment[pos:m.start()] or "}" in segment[pos:m.start()]:
            return False
        code = m.group()
        if code in ("{{", "}}"):
            found.append((m.start(), m.end(), code[0], False))
        else:
            # "{}" and "{:?}" take the next argument; "{0}" and "{name}" may be written twice.
            argument = code[1:-1].split(":", 1)[0].strip()
            found.append((m.start(), m.end(), None, argument == ""))
        pos = m.end()
    if "{" in segment[pos:] or "}" in segment[pos:]:
        return False
    st.fields(at, found)
    return True


# Calls and methods that make a String of the literal they are given, unchanged.
_OWNED_CALLS = frozenset({"String::from", "String::from_str", "std::string::String::from"})
_OWNED_METHODS = frozenset({"to_string", "to_owned", "into"})


def owned_literal(view: RustView, node: "Node") -> "Node | None":
    """The string literal an owned string is made of: ``"x"``, ``String::from("x")``,
    ``"x".to_string()``, ``&"x"`` (None for anything else)."""
    while node is not None and node.type in ("reference_expression", "parenthesized_expression"):
        node = node.named_children[-1] if node.named_children else None
    if node is None:
        return None
    if node.type in STRING_TYPES:
        return node
    if node.type != "call_expression":
        return None
    fn = node.child_by_field_name("function")
    args = node.child_by_field_name("arguments")
    values = [c for c in args.named_children if c.type not in ("line_comment", "block_comment")] if args else []
    if fn is not None and fn.type == "field_expression" and not values:
        if view.text_of(fn.child_by_field_name("field")) in _OWNED_METHODS:
            inner = fn.child_by_field_name("value")
            return inner if inner is not None and inner.type in STRING_TYPES else None
        return None
    if fn is not None and view.text_of(fn) in _OWNED_CALLS and len(values) == 1 and values[0].type in STRING_TYPES:
        return values[0]
    return None


def string_text(view: RustView, node: "Node", format_braces: bool = False) -> StringText | None:
    """The value of a Rust string literal, or of a ``+`` chain with at least one literal
    (owned or borrowed; the other operands opaque); with ``format_braces`` the format of a
    ``format!``-like macro, whose placeholders are opaque. None for byte strings and
    literals that are not valid Rust."""
    st = StringText.empty()
    if node.type in STRING_TYPES:
        return st if _decode(st, view, node, format_braces) else None
    parts = operands(node)
    literals = [owned_literal(view, p) for p in parts]
    if len(parts) < 2 or not any(lit is not None for lit in literals):
        return None
    for part, literal in zip(parts, literals):
        if literal is not None:
            if not _decode(st, view, literal, False):
                return None
        else:
            start, end = view.span(part)
            st.add_operand(view.text[start:end], start)
    return st


def macro_format(view: RustView, macro: "Node") -> "Node | None":
    """The format string of a ``format!``-like macro invocation: its first string literal
    (after the writer of ``write!``)."""
    name = macro.child_by_field_name("macro")
    if name is None or view.text_of(name).rsplit("::", 1)[-1] not in FORMAT_MACROS:
        return None
    tree = next((c for c in macro.named_children if c.type == "token_tree"), None)
    if tree is None:
        return None
    for child in tree.named_children:
        if child.type in STRING_TYPES:
            return child
    return None
