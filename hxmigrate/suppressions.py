"""Suppression comments: ``hxmigrate: ignore[CODE, ...]`` on the line or the line
before, in the file's own comment syntax, and ``hxmigrate: ignore-file``.

A suppression that silences nothing is itself reported (WS901), so stale ones do not
pile up once the code they excused is migrated."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .diagnostics import Diagnostic

if TYPE_CHECKING:
    from .diagnostics import Diagnostic
    from .source import SourceFile

_IGNORE = re.compile(r"hxmigrate:\s*ignore(?:\[([A-Za-z0-9_, ]*)\])?(?![\w-])")
_IGNORE_FILE = re.compile(r"hxmigrate:\s*ignore-file\b")
# A suppression counts only inside a comment of the file's own syntax.
_COMMENT_OPENERS = ("<!--", "{#", "{{!", "{{/*", "<%#", "//", "/*", "#", "*", "--")


@dataclass
class Suppression:
    start: int
    end: int
    line: int
    codes: set[str] | None  # None: every code
    used: set[str] = field(default_factory=set)
    used_any: bool = False


def _in_comment(text: str, start: int) -> bool:
    line_start = max(text.rfind("\n", 0, start), text.rfind("\r", 0, start)) + 1
    before = text[line_start:start]
    return any(opener in before for opener in _COMMENT_OPENERS)


def find(file: "SourceFile") -> list[Suppression]:
    if "hxmigrate:" not in file.text:
        return []
    found = []
    for m in _IGNORE.finditer(file.text):
        if not _in_comment(file.text, m.start()):
            continue
        codes = None if m.group(1) is None else {c.strip().upper() for c in m.group(1).split(",") if c.strip()}
        line, _ = file.lines.line_col(m.start())
        found.append(Suppression(m.start(), m.end(), line, codes))
    return found


def ignores_file(file: "SourceFile") -> bool:
    return "hxmigrate:" in file.text and any(_in_comment(file.text, m.start()) for m in _IGNORE_FILE.finditer(file.text))


def filter_suppressed(file: "SourceFile", diagnostics: list["Diagnostic"], report_unused: bool = False) -> list["Diagnostic"]:
    if "hxmigrate:" not in file.text:
        return diagnostics
    if ignores_file(file):
        return []
    suppressions = find(file)
    if not suppressions:
        return diagnostics
    by_line: dict[int, list[Suppression]] = {}
    for s in suppressions:
        by_line.setdefault(s.line, []).append(s)
        by_line.setdefault(s.line + 1, []).append(s)
    kept = []
    for d in diagnostics:
        line, _ = file.lines.line_col(d.start)
        silenced = False
        for s in by_line.get(line, ()):
            if s.codes is None:
                s.used_any = silenced = True
            else:
                hit = {c for c in s.codes if d.code.startswith(c)}
                if hit:
                    s.used |= hit
                    silenced = True
        if not silenced:
            kept.append(d)
    if report_unused:
        for s in suppressions:
            if s.codes is None and not s.used_any:
                kept.append(Diagnostic("WS901", "unused suppression: nothing is reported on this line or the next", s.start, s.end))
            elif s.codes is not None and s.codes - s.used:
                unused = ", ".join(sorted(s.codes - s.used))
                kept.append(Diagnostic("WS901", f"unused suppression of {unused}: nothing of that is reported on this line or the next", s.start, s.end))
        kept.sort(key=lambda d: (d.start, d.end, d.code))
    return kept
