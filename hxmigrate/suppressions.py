"""Suppression comments: ``hxmigrate: ignore[CODE, ...]`` on the line or the line
before, in the file's own comment syntax, and ``hxmigrate: ignore-file``."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .diagnostics import Diagnostic
    from .source import SourceFile

_IGNORE = re.compile(r"hxmigrate:\s*ignore(?:\[([A-Za-z0-9_, ]*)\])?(?!-)")
_IGNORE_FILE = re.compile(r"hxmigrate:\s*ignore-file\b")


def filter_suppressed(file: "SourceFile", diagnostics: list["Diagnostic"]) -> list["Diagnostic"]:
    if not diagnostics or "hxmigrate:" not in file.text:
        return diagnostics
    if _IGNORE_FILE.search(file.text):
        return []
    lines = file.lines
    by_line: dict[int, set[str] | None] = {}
    for m in _IGNORE.finditer(file.text):
        line, _ = lines.line_col(m.start())
        codes = None if m.group(1) is None else {c.strip().upper() for c in m.group(1).split(",") if c.strip()}
        for target in (line, line + 1):
            if target in by_line and by_line[target] is None:
                continue
            if codes is None:
                by_line[target] = None
            else:
                by_line.setdefault(target, set()).update(codes)  # type: ignore[union-attr]
    if not by_line:
        return diagnostics
    kept = []
    for d in diagnostics:
        line, _ = lines.line_col(d.start)
        codes = by_line.get(line, set())
        if codes is None or any(d.code.startswith(c) for c in codes):
            continue
        kept.append(d)
    return kept
