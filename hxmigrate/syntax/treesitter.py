"""tree-sitter, its grammars from PyPI, and a view of one file of code with offsets in the
file's own text.

tree-sitter reads UTF-8 bytes; rules and the engine work in ``str`` offsets of the
decoded file. A :class:`CodeView` hands every node out as a ``(start, end)`` span of the
text. tree-sitter and a grammar are imported when a file of that language is first
parsed, so a run over templates alone never loads them.
"""

from __future__ import annotations

import bisect
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING, Iterator

if TYPE_CHECKING:
    from tree_sitter import Node, Tree

GRAMMARS = ("javascript", "typescript", "tsx", "go", "rust")


@lru_cache(maxsize=None)
def language(name: str):
    """The tree-sitter Language of a grammar in GRAMMARS."""
    from tree_sitter import Language

    if name == "javascript":
        import tree_sitter_javascript

        return Language(tree_sitter_javascript.language())
    if name in ("typescript", "tsx"):
        import tree_sitter_typescript

        if name == "typescript":
            return Language(tree_sitter_typescript.language_typescript())
        return Language(tree_sitter_typescript.language_tsx())
    if name == "go":
        import tree_sitter_go

        return Language(tree_sitter_go.language())
    if name == "rust":
        import tree_sitter_rust

        return Language(tree_sitter_rust.language())
    raise ValueError(f"unknown language {name!r}")


@lru_cache(maxsize=None)
def _parser(lang: str):
    from tree_sitter import Parser

    return Parser(language(lang))


# The trees of the last few programs parsed: an inline script is read by the rules and again
# by the verifier, unchanged. Trees are never edited.
_RECENT: dict[tuple[str, str], "Tree"] = {}
_RECENT_PROGRAMS = 16


def parse(text: str, lang: str) -> "Tree":
    key = (lang, text)
    tree = _RECENT.get(key)
    if tree is None:
        tree = _parser(lang).parse(text.encode("utf-8", "surrogatepass"))
        if len(_RECENT) >= _RECENT_PROGRAMS:
            del _RECENT[next(iter(_RECENT))]
        _RECENT[key] = tree
    return tree


class OffsetMap:
    """Maps UTF-8 byte offsets of a text to ``str`` offsets and back.

    Only non-ASCII characters are recorded, so an ASCII text costs nothing."""

    __slots__ = ("_byte_starts", "_char_index", "_extra")

    def __init__(self, text: str) -> None:
        self._byte_starts: list[int] = []  # byte offset just after each non-ASCII char
        self._char_index: list[int] = []  # str offset just after each non-ASCII char
        self._extra: list[int] = []  # extra bytes (bytes - chars) up to and including it
        if text.isascii():
            return
        extra = 0
        for i, ch in enumerate(text):
            if ord(ch) < 0x80:
                continue
            size = len(ch.encode("utf-8", "surrogatepass"))
            extra += size - 1
            self._char_index.append(i + 1)
            self._byte_starts.append(i + 1 + extra)
            self._extra.append(extra)

    def to_str(self, byte_offset: int) -> int:
        i = bisect.bisect_right(self._byte_starts, byte_offset) - 1
        return byte_offset - (self._extra[i] if i >= 0 else 0)

    def to_bytes(self, offset: int) -> int:
        i = bisect.bisect_right(self._char_index, offset) - 1
        return offset + (self._extra[i] if i >= 0 else 0)


def error_count(tree: "Tree") -> int:
    """ERROR and MISSING nodes of a tree."""
    count = 0
    cursor = tree.walk()
    while True:
        node = cursor.node
        if node.type == "ERROR" or node.is_missing:
            count += 1
        if node.has_error and cursor.goto_first_child():
            continue
        while not cursor.goto_next_sibling():
            if not cursor.goto_parent():
                return count


def operands(node: "Node") -> list["Node"]:
    """The operands of a ``+`` chain (the node itself when it is none), parentheses dropped:
    the same shape in the Go, Rust and JavaScript grammars."""
    out, stack = [], [node]
    while stack:
        n = stack.pop()
        operator = n.child_by_field_name("operator") if n.type == "binary_expression" else None
        if operator is not None and operator.type == "+":
            stack.append(n.child_by_field_name("right"))
            stack.append(n.child_by_field_name("left"))
        elif n.type == "parenthesized_expression" and n.named_child_count == 1:
            stack.append(n.named_children[0])
        else:
            out.append(n)
    return out


# The nodes whose content a rewrite of a string (or of a JSX element's markup) may change:
# a key counts the nodes around them, never those inside, so it names the same node after
# such a rewrite.
LITERALS = frozenset({
    "interpreted_string_literal", "raw_string_literal",  # Go (Rust's raw strings too)
    "string_literal",  # Rust
    "string", "template_string",  # JavaScript
    "jsx_element", "jsx_self_closing_element", "jsx_fragment",  # JSX: an <hx-partial> around an element
})


def node_key(root: "Node", node: "Node") -> int:
    """The node's index among the named nodes of ``root`` in document order, not counting
    those inside string literals: the same after the literals' contents change (a code
    file's rewrites change nothing else, as its verifier checks). -1 when not found."""
    target = (node.start_byte, node.end_byte, node.type)
    for index, found in enumerate(_keyed(root)):
        if (found.start_byte, found.end_byte, found.type) == target:
            return index
    return -1


def node_by_key(root: "Node", key: int) -> "Node | None":
    """The node ``node_key`` gave ``key``, in this (possibly rewritten) tree."""
    if key < 0:
        return None
    for index, found in enumerate(_keyed(root)):
        if index == key:
            return found
    return None


def _keyed(root: "Node") -> Iterator["Node"]:
    cursor = root.walk()
    while True:
        node = cursor.node
        if node.is_named:
            yield node
        if node.type not in LITERALS and cursor.goto_first_child():
            continue
        while not cursor.goto_next_sibling():
            if not cursor.goto_parent():
                return


class CodeView:
    """One program in a tree-sitter grammar, with ``str`` offsets of the file it is in:
    a whole file, or (``offset``) a part of one, such as an inline script."""

    def __init__(self, text: str, lang: str, offset: int = 0) -> None:
        self.text = text  # the program's own text
        self.lang = lang
        self.offset = offset  # where it starts in the file

    @property
    def source(self) -> str:
        """The text tree-sitter parses (a view may mask parts of ``text``, same length)."""
        return self.text

    @cached_property
    def _map(self) -> OffsetMap:
        return OffsetMap(self.source)

    @cached_property
    def tree(self) -> "Tree":
        return parse(self.source, self.lang)

    @property
    def root(self) -> "Node":
        return self.tree.root_node

    @cached_property
    def _line_starts(self) -> list[int]:
        starts = [0]
        find = self.text.find
        i = find("\n")
        while i >= 0:
            starts.append(i + 1)
            i = find("\n", i + 1)
        return starts

    def start(self, node: "Node") -> int:
        return self.offset + self._map.to_str(node.start_byte)

    def end(self, node: "Node") -> int:
        return self.offset + self._map.to_str(node.end_byte)

    def span(self, node: "Node") -> tuple[int, int]:
        return self.start(node), self.end(node)

    def text_of(self, node: "Node") -> str:
        """The node's text as written."""
        return self.text[self.start(node) - self.offset:self.end(node) - self.offset]

    def line(self, node_or_offset) -> int:
        """The 1-based line of a node or a ``str`` offset."""
        offset = node_or_offset if isinstance(node_or_offset, int) else self.start(node_or_offset)
        return bisect.bisect_right(self._line_starts, offset - self.offset)

    def walk(self, types: "set[str] | frozenset[str] | None" = None, root: "Node | None" = None) -> Iterator["Node"]:
        """Every node under ``root`` (the whole file) in document order, or only those of
        ``types``, without recursion. The whole file's are listed once, by type: the rules
        of a script each look for their own kinds of nodes."""
        if root is not None:
            return self._walk(types, root)
        nodes, by_type = self._nodes
        if types is None:
            return iter(nodes)
        found = [i for t in types for i in by_type.get(t, ())]
        if len(types) > 1:
            found.sort()
        return (nodes[i] for i in found)

    @cached_property
    def _nodes(self) -> "tuple[list[Node], dict[str, list[int]]]":
        """Every node of the file in document order, and where each type's stand in it."""
        nodes = list(self._walk(None, self.root))
        by_type: dict[str, list[int]] = {}
        for i, node in enumerate(nodes):
            by_type.setdefault(node.type, []).append(i)
        return nodes, by_type

    def _walk(self, types, top: "Node") -> Iterator["Node"]:
        cursor = top.walk()
        while True:
            node = cursor.node
            if types is None or node.type in types:
                yield node
            if cursor.goto_first_child():
                continue
            while not cursor.goto_next_sibling():
                if not cursor.goto_parent() or cursor.node == top:
                    return

    def in_error(self, node: "Node") -> bool:
        """Is the node inside (or itself) a part tree-sitter could not parse?"""
        while node is not None:
            if node.type == "ERROR" or node.is_missing:
                return True
            node = node.parent
        return False
