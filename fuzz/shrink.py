"""Delta debugging: remove chunks of lines, then of characters, as long as the input still
fails the same way. ``still_fails`` is called on each candidate; the budget bounds the
number of calls and the time."""

from __future__ import annotations

import re
import time
from typing import Callable


def _lines(data):
    if isinstance(data, bytes):
        return re.findall(rb"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$", data)
    return re.findall(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$", data)


def _chars(data):
    return [data[i:i + 1] for i in range(len(data))]


class Budget:
    def __init__(self, tests: int, seconds: float) -> None:
        self.tests = tests
        self.until = time.monotonic() + seconds

    def spend(self) -> bool:
        self.tests -= 1
        return self.tests >= 0 and time.monotonic() < self.until


def _reduce(units: list, join, still_fails: Callable, budget: Budget) -> list:
    n = 2
    while len(units) >= 2:
        chunk = -(-len(units) // n)
        removed = False
        for start in range(0, len(units), chunk):
            candidate = units[:start] + units[start + chunk:]
            if not budget.spend():
                return units
            if still_fails(join(candidate)):
                units = candidate
                n = max(n - 1, 2)
                removed = True
                break
        if not removed:
            if chunk == 1:
                break
            n = min(len(units), n * 2)
    return units


def shrink(data, still_fails: Callable, tests: int = 2000, seconds: float = 120.0):
    """The smallest input found that still fails (``data`` itself when nothing smaller does)."""
    join = b"".join if isinstance(data, bytes) else "".join
    budget = Budget(tests, seconds)
    units = _reduce(_lines(data), join, still_fails, budget)
    current = join(units)
    if len(current) <= 20_000:
        current = join(_reduce(_chars(current), join, still_fails, budget))
    return current
