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
"""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING, Iterator

from .treesitter import OffsetMap
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


class Script:
    """One JavaScript/TypeScript program inside a file."""

    def __init__(self, text: str, offset: int = 0, lang: str = "javascript",
                 regions: "list[Region] | tuple" = (), start_tag=None) -> None:
        self.text = text  # the program's own text (original, unmasked)
        self.offset = offset  # where it starts in the file
        self.lang = lang
        self.regions = list(regions)  # template regions inside it, file offsets
        self.start_tag = start_tag  # the <script> start tag of an inline script

    @property
    def inline(self) -> bool:
        return self.start_tag is not None

    @cached_property
    def masked(self) -> str:
        return mask_templates(self.text, self.regions, self.offset)

    @cached_property
    def _map(self) -> OffsetMap:
        return OffsetMap(self.masked)

    @cached_property
    def tree(self) -> "Tree":
        return parse(self.masked, self.lang)

    @property
    def root(self) -> "Node":
        return self.tree.root_node

    # --- offsets ---------------------------------------------------------------------

    def start(self, node: "Node") -> int:
        return self.offset + self._map.to_str(node.start_byte)

    def end(self, node: "Node") -> int:
        return self.offset + self._map.to_str(node.end_byte)

    def span(self, node: "Node") -> tuple[int, int]:
        return self.start(node), self.end(node)

    def text_of(self, node: "Node") -> str:
        """The node's original text (template syntax as written)."""
        return self.text[self.start(node) - self.offset : self.end(node) - self.offset]

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

    def in_error(self, node: "Node") -> bool:
        """Is the node inside (or itself) a part tree-sitter could not parse?"""
        while node is not None:
            if node.type == "ERROR" or node.is_missing:
                return True
            node = node.parent
        return False

    def walk(self, types: "set[str] | frozenset[str] | None" = None) -> Iterator["Node"]:
        """Every node in document order (or only those of ``types``), without recursion."""
        cursor = self.root.walk()
        while True:
            node = cursor.node
            if types is None or node.type in types:
                yield node
            if cursor.goto_first_child():
                continue
            while not cursor.goto_next_sibling():
                if not cursor.goto_parent():
                    return

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
