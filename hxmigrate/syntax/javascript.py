"""JavaScript and TypeScript through tree-sitter, with offsets in the file's own text.

A :class:`Script` is one program: a whole ``.js``/``.ts`` file, or the content of one
inline ``<script>`` of a page or template. tree-sitter reads UTF-8 bytes; rules and the
engine work in ``str`` offsets of the decoded file, so every node is handed out as a
``(start, end)`` span of the *file* (an inline script's offset included).

Template syntax inside a script (``{{ delay }}``, ``{% if %}``, ``<%= x %>``) is masked
before parsing, with the same length: expressions become an identifier, blocks and
comments whitespace, so the code around them still parses. Rules ask
:meth:`Script.has_template` before they interpret or edit a node, and report instead.

tree-sitter and its grammars are imported only when a script is parsed (``treesitter.py``).

A server written in JavaScript builds the HTML it sends in string and template literals
and ``+`` chains of them: :func:`string_text` reads their value as a
:class:`~hxmigrate.syntax.strings.StringText`, escapes decoded, each ``${...}`` opaque, and
each literal a piece that knows how text written into it must be escaped.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from . import strings
from .strings import StringText
from .treesitter import CodeView, operands
from .treesitter import parse as _parse

if TYPE_CHECKING:
    from tree_sitter import Node, Tree

    from .templates import Region

LANGUAGES = ("javascript", "typescript", "tsx")

# <script type="..."> values that browsers run as JavaScript (lowercase, parameters
# dropped); "text/babel" and "text/jsx" are JSX compiled in the page.
JS_SCRIPT_TYPES = frozenset(
    {
        "", "module", "text/javascript", "application/javascript", "text/ecmascript", "application/ecmascript",
        "application/x-javascript", "text/x-javascript", "text/jscript", "text/livescript", "text/babel", "text/jsx",
        "javascript", "text/javascript1.0", "text/javascript1.5",
    }
)


def language_for_path(path: str) -> str:
    lower = path.lower()
    if lower.endswith(".tsx"):
        return "tsx"
    if lower.endswith((".ts", ".mts", ".cts")):
        return "typescript"
    return "javascript"


def parse(text: str, lang: str = "javascript") -> "Tree":
    return _parse(text, lang)


def mask_templates(text: str, regions: "list[Region]", base: int = 0) -> str:
    """``text`` with each template region (file offsets, ``base`` = the text's start)
    replaced by code of the same length that parses: an identifier for an expression,
    whitespace for anything else. Newlines stay where they were."""
    if not regions:
        return text
    parts = []
    pos = 0
    for r in regions:
        start, end = max(r.start - base, 0), min(r.end - base, len(text))
        if end <= start:
            continue
        parts.append(text[pos:start])
        fill = "_" if r.kind in ("expr", "erb", "php") else " "
        parts.append("".join(c if c in "\r\n" else fill for c in text[start:end]))
        pos = end
    parts.append(text[pos:])
    return "".join(parts)


class Script(CodeView):
    """One JavaScript/TypeScript program inside a file; tree-sitter parses it with its
    template syntax masked (``masked``), offsets and node texts are those of the file."""

    def __init__(self, text: str, offset: int = 0, lang: str = "javascript",
                 regions: "list[Region] | tuple" = (), start_tag=None) -> None:
        super().__init__(text, lang, offset)
        self.regions = list(regions)  # template regions inside it, file offsets
        self.start_tag = start_tag  # the <script> start tag of an inline script

    @property
    def inline(self) -> bool:
        return self.start_tag is not None

    @cached_property
    def masked(self) -> str:
        return mask_templates(self.text, self.regions, self.offset)

    @property
    def source(self) -> str:
        return self.masked

    def node_at(self, offset: int) -> "Node | None":
        """The smallest named node at a file offset."""
        b = self._map.to_bytes(offset - self.offset)
        return self.root.named_descendant_for_byte_range(b, b)

    # --- queries ---------------------------------------------------------------------

    def has_template(self, node_or_start, end: int | None = None) -> bool:
        """Does template syntax overlap this node (or file span)?"""
        if not self.regions:
            return False
        if end is None:
            start, end = self.span(node_or_start)
        else:
            start = node_or_start
        return any(r.start < end and start < r.end for r in self.regions)

    def line_indent(self, offset: int) -> str:
        """The whitespace that starts the line holding the file offset."""
        rel = offset - self.offset
        line_start = max(self.text.rfind("\n", 0, rel), self.text.rfind("\r", 0, rel)) + 1
        i = line_start
        while i < len(self.text) and self.text[i] in " \t":
            i += 1
        return self.text[line_start:i]

    def newline(self) -> str:
        if "\r\n" in self.text:
            return "\r\n"
        if "\r" in self.text and "\n" not in self.text:
            return "\r"
        return "\n"


def script_type(tag) -> str:
    attr = tag.attr("type")
    if attr is None or attr.value is None:
        return ""
    return attr.value.split(";")[0].strip().lower()


def inline_scripts(markup) -> list[Script]:
    """The inline JavaScript programs of a markup view: ``<script>`` elements without
    ``src`` whose type browsers run as JavaScript (template-built types are skipped)."""
    out = []
    regions = markup.regions
    for tag, raw in markup.scripts():
        if raw is None or tag.attr("src") is not None:
            continue
        type_attr = tag.attr("type")
        if type_attr is not None and type_attr.value_has_template:
            continue
        if script_type(tag) not in JS_SCRIPT_TYPES:
            continue
        inner = list(regions.within(raw.start, raw.end)) if regions else []
        # A region that starts before the content and runs into it cannot happen: the
        # tokenizer ends a start tag only outside regions.
        out.append(Script(markup.text[raw.start : raw.end], raw.start, "javascript", inner, tag))
    return out


# --- the value of string expressions ----------------------------------------------------

STRING_TYPES = frozenset({"string", "template_string"})
_SIMPLE_ESCAPES = {"n": "\n", "r": "\r", "t": "\t", "b": "\b", "f": "\f", "v": "\v"}


@dataclass
class Piece(strings.Piece):
    """One JavaScript string literal: ``'...'``, ``"..."`` or a template literal."""

    quote: str = '"'  # its delimiter: ', " or `

    def escape(self, generated: str) -> str | None:
        out = generated.replace("\\", "\\\\").replace("\r", "\\r")
        if self.quote == "`":
            return out.replace("`", "\\`").replace("${", "\\${")
        return out.replace(self.quote, "\\" + self.quote).replace("\n", "\\n")

    def holds(self, written: str) -> bool:
        i, n = 0, len(written)
        while i < n:
            c = written[i]
            if c == "\\":
                i += 2
                continue
            if c == self.quote or (self.quote != "`" and c in "\r\n"):
                return False
            i += 1
        return True


def _decode(st: StringText, script: Script, node: "Node") -> bool:
    """Append the value of a string or template literal; False for an escape that is not
    JavaScript's (or an octal one, which strict code rejects)."""
    start, end = script.span(node)
    template = node.type == "template_string"
    quote = script.text[start - script.offset] if end - start >= 2 else '"'
    index = st.add_piece(Piece(start + 1, quote))
    holes = [script.span(c) for c in node.named_children if c.type == "template_substitution"] if template else []
    text = script.text
    base = script.offset
    pos, stop = start + 1, end - 1
    for hole_start, hole_end in holes + [(stop, stop)]:
        items = _decode_run(text[pos - base:hole_start - base], pos, template)
        if items is None:
            return False
        st.add_decoded(items, index)
        if hole_end > hole_start:
            st.add_opaque(text[hole_start - base:hole_end - base], hole_start, index)
        pos = hole_end
    return True


def _decode_run(body: str, base: int, template: bool) -> "list[tuple[str, int, int]] | None":
    items = []
    i, n = 0, len(body)
    while i < n:
        ch = body[i]
        j = i + 1
        value = ch
        if ch == "\\":
            if i + 1 >= n:
                return None
            nxt = body[i + 1]
            j = i + 2
            if nxt in _SIMPLE_ESCAPES:
                value = _SIMPLE_ESCAPES[nxt]
            elif nxt == "0" and not (j < n and body[j].isdigit()):
                value = "\0"
            elif nxt.isdigit():
                return None  # a legacy octal escape, or \8 and \9
            elif nxt in "xu":
                if nxt == "u" and j < n and body[j] == "{":
                    close = body.find("}", j)
                    if close < 0:
                        return None
                    digits, j = body[j + 1:close], close + 1
                else:
                    size = 2 if nxt == "x" else 4
                    digits, j = body[j:j + size], j + size
                    if len(digits) != size:
                        return None
                try:
                    value = chr(int(digits, 16))
                except (ValueError, OverflowError):
                    return None
            elif nxt == "\r":
                value = ""  # a line continuation
                if j < n and body[j] == "\n":
                    j += 1
            elif nxt in "\n\u2028\u2029":
                value = ""
            else:
                value = nxt
        elif template and ch == "\r":
            value = "\n"  # a template literal reads CR and CRLF as LF
            if j < n and body[j] == "\n":
                j += 1
        items.append((value, base + i, base + j))
        i = j
    return items


def string_text(script: Script, node: "Node") -> StringText | None:
    """The value of a string or template literal, or of a ``+`` chain with at least one
    literal (its other operands opaque, as is each ``${...}``). None for anything else, or
    a literal with an escape that is not JavaScript's."""
    parts = operands(node)
    if not any(p.type in STRING_TYPES for p in parts):
        return None
    st = StringText.empty()
    for part in parts:
        if part.type in STRING_TYPES:
            if not _decode(st, script, part):
                return None
        else:
            start, end = script.span(part)
            st.add_operand(script.text[start - script.offset:end - script.offset], start)
    return st
