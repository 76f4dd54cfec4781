"""What rules return: diagnostics, each optionally carrying one fix."""

from __future__ import annotations

from dataclasses import dataclass

from .edits import Edit


@dataclass(frozen=True)
class Fix:
    """Edits that are applied together or not at all."""

    edits: tuple[Edit, ...]
    safe: bool = True


@dataclass(slots=True)  # a run keeps every finding to its end: tens of thousands on a large project
class Diagnostic:
    code: str
    message: str
    start: int
    end: int
    fix: Fix | None = None
    # Filled in by the engine for reporting.
    line: int = 0
    col: int = 0
    end_line: int = 0
    end_col: int = 0
    # What a report shows of the line: the line, or for a very long one a window of it
    # around the span (never more than engine.SHOWN_WIDTH characters), starting at column
    # ``source_col``; ``source_more`` when the line goes on after it.
    source_line: str = ""
    source_col: int = 1
    source_more: bool = False

    @property
    def fixable(self) -> bool:
        return self.fix is not None


def fix(*edits: Edit, safe: bool = True) -> Fix:
    return Fix(tuple(edits), safe)
