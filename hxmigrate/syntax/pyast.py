"""Python through the standard library's own parser (``ast``), with positions in characters
of the text.

For the rules that only find sites in Python code, and rewrite no more than the characters
of a string literal: Python's parser reads a module in about a twentieth of libcst's time
(parse and positions), and its tree has no node per token. A text it does not read (a
syntax error, or syntax newer than the Python running hxmigrate) gives a view whose
``module`` is None and whose ``error`` says why; libcst's view (``syntax.python``) is the
one that keeps every character, for rules that rewrite code."""

from __future__ import annotations

import ast
import re
import warnings
from functools import cached_property

BOM = "\ufeff"
# What Python ends a line at (its tokenizer reads \r\n and a lone \r as \n).
_LINE_END = re.compile(r"\r\n?|\n")
# A string literal's prefix and opening quote; the body after each quote and the closing quote
# (group `z`), or as far as it runs unclosed.
_OPENING = re.compile(r"""([rRbBuUfF]{0,2})('''|\"\"\"|'|")""")
STRING_BODY = {"'''": re.compile(r"(?:[^'\\]|\\[\s\S]|'(?!''))*+(?P<z>''')?"),
               '"""': re.compile(r'(?:[^"\\]|\\[\s\S]|"(?!""))*+(?P<z>""")?'),
               "'": re.compile(r"(?:[^'\\\r\n]|\\(?:\r\n|[\s\S]))*+(?P<z>')?"),
               '"': re.compile(r'(?:[^"\\\r\n]|\\(?:\r\n|[\s\S]))*+(?P<z>")?')}


class StringPart:
    """One string literal as written (a literal of an implicit concatenation is one part):
    its span, prefix, quote, the characters between the quotes, and its value."""

    __slots__ = ("start", "end", "prefix", "quote", "raw", "value")

    def __init__(self, start: int, end: int, prefix: str, quote: str, raw: str, value: "str | bytes") -> None:
        self.start, self.end, self.prefix, self.quote, self.raw, self.value = start, end, prefix, quote, raw, value


class AstView:
    """One Python text as Python's parser reads it, with the queries the rules need."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._base = 1 if text.startswith(BOM) else 0
        self.error: str | None = None

    @cached_property
    def module(self) -> "ast.Module | None":
        """The parsed module; None for text Python's parser does not read."""
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # invalid escapes and the like: the code's own business
                return ast.parse(self.text[self._base:])
        except SyntaxError as exc:
            self.error = f"{exc.msg} (line {exc.lineno})"
        except (ValueError, RecursionError, MemoryError) as exc:
            self.error = f"{exc.__class__.__name__}: {exc}"
        return None

    @cached_property
    def _line_starts(self) -> list[int]:
        base = self._base
        return [base, *(m.end() for m in _LINE_END.finditer(self.text, base))]

    def offset(self, line: int, col: int) -> int:
        """The text offset of ``ast``'s (1-based line, UTF-8 byte column)."""
        starts = self._line_starts
        start = starts[line - 1]
        if col == 0:
            return start
        end = starts[line] if line < len(starts) else len(self.text)
        chunk = self.text[start:min(end, start + col)]
        if chunk.isascii():
            return start + col
        return start + len(self.text[start:end].encode("utf-8", "surrogatepass")[:col].decode("utf-8", "surrogatepass"))

    def span(self, node: ast.AST) -> tuple[int, int]:
        """(start, end) text offsets of a node: its syntax, without the parentheses around it."""
        return self.offset(node.lineno, node.col_offset), self.offset(node.end_lineno, node.end_col_offset)

    def code(self, node: ast.AST) -> str:
        start, end = self.span(node)
        return self.text[start:end]

    def string_parts(self, node: ast.AST) -> "list[StringPart]":
        """The literals of a string node (a ``Constant`` of str or bytes, or an f-string's
        ``JoinedStr``) as written, f-strings left out: one for a plain literal, each of an
        implicit concatenation."""
        start, end = self.span(node)
        text = self.text
        parts = []
        at = start
        while at < end:
            opening = _OPENING.match(text, at)
            if opening is None:
                break
            body = STRING_BODY[opening.group(2)].match(text, opening.end())
            if body.group("z") is None:  # unclosed: no literal of the tree
                break
            prefix, quote = opening.groups()
            if "f" not in prefix.lower():
                raw = text[opening.end():body.end() - len(quote)]
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    value = ast.literal_eval(text[at:body.end()])
                parts.append(StringPart(at, body.end(), prefix, quote, raw, value))
            at = _next_literal(text, body.end(), end)
        return parts


def _next_literal(text: str, at: int, end: int) -> int:
    """Past what stands between two literals of a concatenation: blanks, line ends, a
    backslash continuing the line, comments."""
    while at < end:
        c = text[at]
        if c in " \t\f\r\n\\":
            at += 1
        elif c == "#":
            newline = _LINE_END.search(text, at, end)
            at = newline.end() if newline else end
        else:
            break
    return at


_FIELDS: dict[type, tuple[str, ...]] = {}
# Fields that hold only the operators and the load/store context of an expression.
_NOT_CODE = frozenset({"ctx", "op", "ops"})


def children(node: ast.AST) -> list[ast.AST]:
    """The nodes right under ``node``, in the order of its fields (``ast.iter_child_nodes``
    without its generators, and without operators and contexts)."""
    names = _FIELDS.get(type(node))
    if names is None:
        names = _FIELDS[type(node)] = tuple(f for f in node._fields if f not in _NOT_CODE)
    out = []
    for name in names:
        value = getattr(node, name, None)
        if type(value) is list:
            out.extend(v for v in value if isinstance(v, ast.AST))
        elif isinstance(value, ast.AST):
            out.append(value)
    return out


def dotted(node: ast.AST) -> str | None:
    """``a.b.c`` for a name or attribute chain; None for anything else."""
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
        return ".".join(reversed(parts))
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "super":
        parts.append("super()")
        return ".".join(reversed(parts))
    return None

