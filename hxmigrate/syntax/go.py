"""Go through tree-sitter's Go grammar, and the value of Go string expressions.

A Go server writes the HTML it sends in interpreted strings (``"<div id=\\"x\\">"``), raw
strings (`` `<div id="x">` ``), ``+`` chains of them and ``fmt.Sprintf`` formats. Their
value is read as a :class:`~hxmigrate.syntax.strings.StringText`: escapes decoded, a
format's verbs (``%s``, ``%[1]d``) opaque, and each literal a piece that knows how text
written into it must be escaped.
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

STRING_TYPES = frozenset({"interpreted_string_literal", "raw_string_literal"})

_ESCAPES = {"a": "\a", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v", "\\": "\\", '"': '"', "'": "'"}
_HEX = {"x": 2, "u": 4, "U": 8}
# A fmt verb: %% or %[flags][[n]][width][.[[n]]precision][[n]]verb.
_VERB = re.compile(r"%(?:%|[-+# 0]*(\[\d+\])?(?:\*|\d+)?(?:\.(\[\d+\])?(?:\*|\d+)?)?(\[\d+\])?[a-zA-Z])")


class GoView(CodeView):
    def __init__(self, text: str) -> None:
        super().__init__(text, "go")


@dataclass
class Piece(strings.Piece):
    """One Go string literal."""

    raw: bool = False  # a `raw` string
    percent: bool = False  # a fmt format: a "%" written into it is doubled

    def escape(self, generated: str) -> str | None:
        out = generated.replace("%", "%%") if self.percent else generated
        if self.raw:
            # A raw string cannot hold a backquote, and drops carriage returns.
            return None if "`" in out or "\r" in out else out
        return (out.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
                .replace("\t", "\\t"))


def _decode(st: StringText, view: GoView, node: "Node", percent: bool) -> bool:
    start, end = view.span(node)
    raw = node.type == "raw_string_literal"
    body = view.text[start + 1:end - 1]
    index = st.add_piece(Piece(start + 1, raw, percent))
    base = start + 1
    items = []
    i, n = 0, len(body)
    while i < n:
        ch = body[i]
        j = i + 1
        value = ch
        if raw:
            if ch == "\r":
                value = ""  # Go drops carriage returns from raw strings
        elif ch == "\\" and i + 1 < n:
            nxt = body[i + 1]
            j = i + 2
            if nxt in _ESCAPES:
                value = _ESCAPES[nxt]
            elif nxt in _HEX:
                digits = body[i + 2:i + 2 + _HEX[nxt]]
                try:
                    value, j = chr(int(digits, 16)), i + 2 + _HEX[nxt]
                except ValueError:
                    return False
            elif nxt in "01234567":
                try:
                    value, j = chr(int(body[i + 1:i + 4], 8)), i + 4
                except ValueError:
                    return False
            else:
                return False  # not Go
        items.append((value, base + i, base + j))
        i = j
    at = len(st.text)
    st.add_decoded(items, index)
    return not percent or _verbs(st, at)


def _verbs(st: StringText, at: int) -> bool:
    """Make the fmt verbs of st.text[at:] opaque, and each ``%%`` the one "%" it writes;
    False when a "%" starts no verb."""
    segment = st.text[at:]
    if "%" not in segment:
        return True
    found = []
    pos = 0
    while (i := segment.find("%", pos)) >= 0:
        m = _VERB.match(segment, i)
        if m is None:
            return False
        # A verb with an explicit argument index ("%[1]s") may be written twice.
        single = m.group(1) is None and m.group(2) is None and m.group(3) is None
        found.append((i, m.end(), "%" if m.group() == "%%" else None, single))
        pos = m.end()
    st.fields(at, found)
    return True


def string_text(view: GoView, node: "Node", format_verbs: bool = False) -> StringText | None:
    """The value of a Go string literal or ``+`` chain with at least one literal (its other
    operands opaque); with ``format_verbs`` a ``fmt`` format, whose verbs are opaque. None
    for anything else, or a literal that is not valid Go."""
    parts = operands(node)
    if not any(p.type in STRING_TYPES for p in parts):
        return None
    st = StringText.empty()
    for part in parts:
        if part.type in STRING_TYPES:
            if not _decode(st, view, part, format_verbs):
                return None
        else:
            start, end = view.span(part)
            st.add_operand(view.text[start:end], start)
    return st
