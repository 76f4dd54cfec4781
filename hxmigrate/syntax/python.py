"""A lossless view of Python source: libcst's concrete tree, with spans as text offsets.

libcst round-trips the source exactly, so every node's code is the text it came from and
rules can describe edits as spans. libcst is imported only when a Python file is read.
Positions come from libcst's metadata (``ByteSpanPositionProvider`` for spans,
``PositionProvider`` for lines), converted from UTF-8 byte offsets to the ``str``
offsets every edit uses. A file libcst cannot parse gives a view whose ``module`` is
None and whose ``error`` says why; rules then find nothing in it.
"""

from __future__ import annotations

import bisect
from functools import cached_property
from typing import TYPE_CHECKING, Iterator

if TYPE_CHECKING:
    import libcst as cst

BOM = "\ufeff"


class PythonView:
    def __init__(self, text: str) -> None:
        self.text = text
        # libcst drops a leading BOM from the code it returns and counts offsets without it.
        self._base = 1 if text.startswith(BOM) else 0
        self.error: str | None = None

    @cached_property
    def module(self) -> "cst.Module | None":
        import libcst as cst

        try:
            return cst.parse_module(self.text[self._base:])
        except cst.ParserSyntaxError as exc:
            self.error = f"libcst cannot parse this file: {str(exc).splitlines()[0]}"
        except (RecursionError, MemoryError):
            self.error = "too deeply nested to parse"
        except Exception as exc:  # libcst is not ours: any failure means "not readable"
            self.error = f"libcst failed: {exc.__class__.__name__}"
        return None

    @cached_property
    def _wrapper(self):
        from libcst.metadata import MetadataWrapper

        return MetadataWrapper(self.module, unsafe_skip_copy=True)

    @cached_property
    def _byte_spans(self):
        from libcst.metadata import ByteSpanPositionProvider

        return self._wrapper.resolve(ByteSpanPositionProvider)

    @cached_property
    def _positions(self):
        from libcst.metadata import PositionProvider

        return self._wrapper.resolve(PositionProvider)

    @cached_property
    def _non_ascii(self) -> tuple[list[int], list[int]] | None:
        """Byte offsets just after each non-ASCII character, and the extra bytes so far."""
        body = self.text[self._base:]
        if body.isascii():
            return None
        ends: list[int] = []
        extra: list[int] = []
        total = 0
        byte = 0
        for ch in body:
            n = len(ch.encode("utf-8", "surrogatepass"))
            byte += n
            if n > 1:
                total += n - 1
                ends.append(byte)
                extra.append(total)
        return ends, extra

    def offset(self, byte: int) -> int:
        """The text offset of a UTF-8 byte offset into the parsed code."""
        table = self._non_ascii
        if table is None:
            return byte + self._base
        ends, extra = table
        i = bisect.bisect_right(ends, byte)
        return byte - (extra[i - 1] if i else 0) + self._base

    def span(self, node: "cst.CSTNode") -> tuple[int, int]:
        """(start, end) text offsets of a node of ``module``."""
        s = self._byte_spans[node]
        return self.offset(s.start), self.offset(s.start + s.length)

    def line(self, node: "cst.CSTNode") -> int:
        return self._positions[node].start.line

    def code(self, node: "cst.CSTNode") -> str:
        start, end = self.span(node)
        return self.text[start:end]

    def walk(self, node: "cst.CSTNode | None" = None) -> Iterator["cst.CSTNode"]:
        """Every node under ``node`` (the module by default), parents before children."""
        root = self.module if node is None else node
        if root is None:
            return
        stack = [root]
        while stack:
            current = stack.pop()
            yield current
            stack.extend(reversed(current.children))
