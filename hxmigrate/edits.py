"""The edit model shared by every language: a replacement of ``text[start:end]``.

Rules only describe edits; :func:`apply_edits` is the one place that splices them
into a text, after :func:`check_overlaps` has made sure they are independent.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from typing import Iterable, Sequence


@dataclass(frozen=True, order=True)
class Edit:
    """Replace ``text[start:end]`` with ``text``; ``start == end`` is an insertion."""

    start: int
    end: int
    text: str = ""

    def __post_init__(self) -> None:
        if self.start < 0 or self.end < self.start:
            raise ValueError(f"bad edit span {self.start}..{self.end}")


class OverlapError(ValueError):
    """Two edits touch the same text, so their result would depend on their order."""


def conflicts(a: Edit, b: Edit) -> bool:
    """True when ``a`` and ``b`` cannot both be applied unambiguously."""
    first, second = (a, b) if (a.start, a.end) <= (b.start, b.end) else (b, a)
    if first.start == first.end and second.start == second.end:
        return first.start == second.start
    if first.start == first.end:  # insertion before or at the start of a replacement
        return second.start < first.start
    return second.start < first.end


def check_overlaps(edits: Iterable[Edit]) -> list[Edit]:
    """Return the edits sorted; raise :class:`OverlapError` if any two conflict."""
    ordered = sorted(edits)
    for a, b in zip(ordered, ordered[1:]):
        if conflicts(a, b):
            raise OverlapError(f"edits {a} and {b} overlap")
    return ordered


def apply_edits(text: str, edits: Iterable[Edit]) -> str:
    """Apply independent edits back to front, so earlier offsets stay valid."""
    ordered = check_overlaps(edits)
    if ordered and ordered[-1].end > len(text):
        raise ValueError(f"edit {ordered[-1]} is past the end of the text ({len(text)})")
    # One pass over the text: splicing edit by edit would copy it once per edit.
    parts: list[str] = []
    pos = 0
    for edit in ordered:
        parts.append(text[pos : edit.start])
        parts.append(edit.text)
        pos = edit.end
    parts.append(text[pos:])
    return "".join(parts)


class LineIndex:
    """Maps offsets to 1-based line and column numbers (any newline style)."""

    def __init__(self, text: str) -> None:
        starts = [0]
        i = 0
        n = len(text)
        find_n = text.find
        while True:
            j = find_n("\n", i)
            k = find_n("\r", i)
            if j < 0 and k < 0:
                break
            if k >= 0 and (j < 0 or k < j):
                nxt = k + 2 if text.startswith("\r\n", k) else k + 1
            else:
                nxt = j + 1
            starts.append(nxt)
            i = nxt
            if i >= n:
                break
        self._starts = starts
        self._text = text

    def line_col(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self._starts, offset) - 1
        return line + 1, offset - self._starts[line] + 1

    def line_bounds(self, line: int) -> tuple[int, int]:
        """(start, end) offsets of a 1-based line, its newline left out."""
        start = self._starts[line - 1]
        if line >= len(self._starts):
            return start, len(self._text)
        end = self._starts[line]
        text = self._text
        if end > start and text[end - 1] == "\n":
            end -= 1
        if end > start and text[end - 1] == "\r":
            end -= 1
        return start, end

    def line_text(self, line: int) -> str:
        """The text of a 1-based line, without its newline."""
        start, end = self.line_bounds(line)
        return self._text[start:end]

    def excerpt(self, line: int, col: int, end_col: int, width: int) -> tuple[str, int, bool]:
        """A line as a report shows it: all of it when it has at most ``width`` characters,
        else ``width`` characters from a little before column ``col`` (a minified file is one
        line: copying it whole for each of its findings costs memory and output quadratic
        in its size). Returns (text, the column of its first character, whether the line
        goes on after it); ``end_col`` (exclusive) is shown too when it fits."""
        start, end = self.line_bounds(line)
        if end - start <= width:
            return self._text[start:end], 1, False
        at = start + max(0, col - 1)
        lead = min(width // 3, max(0, width - (end_col - col)))
        first = max(start, min(at - lead, end - width))
        last = min(end, first + width)
        return self._text[first:last], first - start + 1, last < end


def merge_sorted(groups: Sequence[Sequence[Edit]]) -> list[Edit]:
    """Choose, in order, the groups whose edits do not conflict with those chosen
    before; a group (one fix) is taken whole or not at all."""
    # The chosen edits stay sorted and pairwise independent, so their starts and ends
    # both ascend, and an edit can only conflict with the few chosen edits whose
    # spans reach it: found by bisection, which keeps thousands of fixes in one file
    # from costing a comparison with every edit chosen before.
    chosen: list[Edit] = []  # in the order taken
    ordered: list[Edit] = []
    starts: list[int] = []
    ends: list[int] = []
    for group in groups:
        if _self_conflict(group):
            continue
        if any(conflicts(e, c) for e in group for c in ordered[bisect.bisect_left(ends, e.start) : bisect.bisect_right(starts, e.end)]):
            continue
        chosen.extend(group)
        for e in group:
            i = bisect.bisect_right(ordered, e)
            ordered.insert(i, e)
            starts.insert(i, e.start)
            ends.insert(i, e.end)
    return chosen


def _self_conflict(group: Sequence[Edit]) -> bool:
    try:
        check_overlaps(group)
    except OverlapError:
        return True
    return False
