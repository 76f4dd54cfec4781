"""Regular expressions looked for through a literal that every match of them holds.

Python's ``re`` has no fast scan for a pattern that opens with a lookbehind or an optional
prefix (``(?<![\\w.-])(?:data-)?hx-on...``): its engine tries the pattern at every position of
the text. Over a page that costs many times a ``str.find`` of the literal every match holds
(``hx-on``). An :class:`Anchored` pattern finds the literal's occurrences and tries the
pattern only where a match can start: at each occurrence, less each offset the literal may
stand at from a match's start. Its matches are ``finditer``'s, the same ones in the same
order, as long as every match holds one of the literals at one of the offsets (what the
caller declares, and ``tests/test_anchored.py`` checks over every fixture).
"""

from __future__ import annotations

import re
from typing import Iterator


class Anchored:
    """``pattern``, whose every match holds one of ``literals`` (case as written) at one of
    ``offsets`` from the match's start."""

    __slots__ = ("pattern", "literals", "offsets")

    def __init__(self, pattern: re.Pattern[str], literals: tuple[str, ...], offsets: tuple[int, ...] = (0,)) -> None:
        if not literals or not all(literals) or pattern.flags & re.IGNORECASE:
            raise ValueError("an anchored pattern needs non-empty literals and case-sensitive matching")
        self.pattern, self.literals, self.offsets = pattern, literals, offsets

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        starts: set[int] = set()
        find = text.find
        for literal in self.literals:
            i = find(literal)
            while i >= 0:
                starts.update(i - off for off in self.offsets if i >= off)
                i = find(literal, i + 1)
        if not starts:
            return
        match = self.pattern.match
        end = 0
        # finditer tries each position from the end of the last match on and takes the
        # first that matches: only these positions can.
        for start in sorted(starts):
            if start < end:
                continue
            m = match(text, start)
            if m is not None:
                yield m
                end = max(m.end(), start + 1)
