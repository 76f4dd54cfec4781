"""Output: diagnostics in ruff's formats, diffs, statistics and the summary line."""

from __future__ import annotations

import os
from collections import Counter
from typing import IO, TYPE_CHECKING, Iterable

from . import __version__

if TYPE_CHECKING:
    from .diagnostics import Diagnostic
    from .engine import FileResult
    from .rules import Rule

FORMATS = ("full", "concise", "json", "github", "sarif")
CUT = "\u2026"  # where a long source line shown with a finding was cut


def _use_color(stream: IO[str]) -> bool:
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return hasattr(stream, "isatty") and stream.isatty()


class Style:
    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled

    def __call__(self, text: str, code: str) -> str:
        return f"\x1b[{code}m{text}\x1b[0m" if self.enabled else text


def fix_label(d: "Diagnostic", unsafe_fixes: bool) -> str:
    if d.fix is None:
        return ""
    if d.fix.safe:
        return " [*]"
    return " [*]" if unsafe_fixes else " [unsafe fix]"


def write_diagnostics(
    fmt: str, items: list[tuple[str, "Diagnostic"]], stream: IO[str], rules: dict[str, "Rule"], unsafe_fixes: bool = False
) -> None:
    writer = DiagnosticWriter(fmt, stream, rules, unsafe_fixes)
    for path, d in items:
        writer.add(path, (d,))
    writer.close()


class DiagnosticWriter:
    """Writes findings as they come, file after file, in one of ``FORMATS``: a run over
    tens of thousands of files keeps none of them once written. The JSON and SARIF
    documents are framed around the findings, byte for byte as ``json.dump`` writes them
    whole."""

    def __init__(self, fmt: str, stream: IO[str], rules: dict[str, "Rule"], unsafe_fixes: bool = False) -> None:
        if fmt not in FORMATS:
            raise ValueError(f"unknown output format {fmt!r}")
        self.fmt = fmt
        self.stream = stream
        self.rules = rules
        self.unsafe_fixes = unsafe_fixes
        self.style = Style(_use_color(stream))
        self._frame: tuple[str, str, str] | None = None  # a document's head, the findings' indent, its tail
        self._index: dict[str, int] | None = None  # SARIF: a rule's place in the document's list of rules

    def add(self, path: str, diagnostics: Iterable["Diagnostic"]) -> None:
        write, style, fmt = self.stream.write, self.style, self.fmt
        for d in diagnostics:
            if fmt in ("concise", "full"):
                write(f"{style(path, '1')}:{d.line}:{d.col}: {style(d.code, '31;1')}{fix_label(d, self.unsafe_fixes)} {d.message}\n")
                if fmt == "full":
                    self._show_line(d)
            elif fmt == "github":
                title = f"hxmigrate ({d.code})"
                msg = d.message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
                write(f"::error title={title},file={path},line={d.line},col={d.col},endLine={d.end_line},"
                      f"endColumn={d.end_col}::{path}:{d.line}:{d.col}: {d.code} {msg}\n")
            else:
                item = _json_item(path, d, self.rules) if fmt == "json" else _sarif_result(path, d, self._sarif_index())
                self._item(item)

    def close(self) -> None:
        """Ends the document (JSON and SARIF)."""
        if self.fmt not in ("json", "sarif"):
            return
        if self._frame is None:  # no finding: the empty document
            _dump_json([] if self.fmt == "json" else _sarif_document([], self.rules), self.stream)
        else:
            self.stream.write(self._frame[2])
        self.stream.write("\n")

    def _show_line(self, d: "Diagnostic") -> None:
        write, style = self.stream.write, self.style
        if d.source_line or d.line:
            gutter = str(d.line)
            # A window of a long line is marked as cut where the line goes on.
            before = CUT if d.source_col > 1 else ""
            after = CUT if d.source_more else ""
            shown = d.source_line.replace("\t", " ")
            write(f"{style(gutter + ' |', '34')} {before}{shown}{after}\n")
            at = d.col - d.source_col
            visible = len(shown) - at + (0 if d.source_more else 1)
            width = (d.end_col - d.col) if d.end_line == d.line else visible
            width = max(1, min(width, visible, 120))
            write(f"{' ' * len(gutter)} {style('|', '34')} {' ' * (len(before) + at)}{style('^' * width, '31')}\n")
        write("\n")

    def _item(self, item: dict) -> None:
        import json  # only the json and sarif formats need it

        if self._frame is None:
            self._frame = _framing(json.dumps([_MARK] if self.fmt == "json" else _sarif_document([_MARK], self.rules),
                                              indent=2))
            self.stream.write(self._frame[0])
        else:
            self.stream.write(",\n")
        indent = self._frame[1]
        self.stream.write(indent + json.dumps(item, indent=2).replace("\n", "\n" + indent))

    def _sarif_index(self) -> dict[str, int]:
        if self._index is None:
            self._index = {c: i for i, c in enumerate(_sarif_codes(self.rules))}
        return self._index


# A finding's place in a document: json.dumps writes the document around it as it would
# around any finding (strings hold no raw newline, so each line of a finding is indented alike).
_MARK = "\x00finding\x00"


def _framing(document: str) -> tuple[str, str, str]:
    """(head, indent, tail) of a document written with ``_MARK`` as its only finding."""
    import json

    mark = json.dumps(_MARK)
    at = document.index(mark)
    line_start = document.rindex("\n", 0, at) + 1
    return document[:line_start], document[line_start:at], document[at + len(mark):]


def _edit_json(d: "Diagnostic") -> dict | None:
    if d.fix is None:
        return None
    return {
        "applicability": "safe" if d.fix.safe else "unsafe",
        "edits": [{"start": e.start, "end": e.end, "content": e.text} for e in d.fix.edits],
    }


def _json_item(path: str, d: "Diagnostic", rules: dict[str, "Rule"]) -> dict:
    rule = rules.get(d.code)
    return {
        "filename": path,
        "code": d.code,
        "name": rule.name if rule else None,
        "message": d.message,
        "location": {"row": d.line, "column": d.col},
        "end_location": {"row": d.end_line, "column": d.end_col},
        "offset": {"start": d.start, "end": d.end},
        "fix_available": rule.fix if rule else "never",
        "fix": _edit_json(d),
    }


def _sarif_codes(rules: dict[str, "Rule"]) -> list[str]:
    # Every rule is described, found or not: the document's head is known before any finding.
    return sorted(rules)


def _sarif_document(results: list, rules: dict[str, "Rule"]) -> dict:
    descriptors = []
    for code in _sarif_codes(rules):
        rule = rules[code]
        descriptors.append(
            {
                "id": code,
                "name": rule.name,
                "shortDescription": {"text": rule.summary},
                "fullDescription": {"text": rule.doc.strip()},
                "help": {"text": rule.doc.strip()},
                "properties": {"fix": rule.fix, "fixSafety": rule.safety},
            }
        )
    return {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": {"name": "hxmigrate", "version": __version__, "informationUri": "https://pypi.org/project/hxmigrate/", "rules": descriptors}},
                "results": results,
            }
        ],
    }


def _sarif_result(path: str, d: "Diagnostic", index: dict[str, int]) -> dict:
    result = {
        "ruleId": d.code,
        "ruleIndex": index[d.code],
        "level": "error",
        "message": {"text": d.message},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": path.replace(os.sep, "/")},
                    "region": {"startLine": d.line, "startColumn": d.col, "endLine": d.end_line, "endColumn": d.end_col},
                }
            }
        ],
    }
    if d.fix is not None:
        result["fixes"] = [
            {
                "description": {"text": "safe fix" if d.fix.safe else "unsafe fix"},
                "artifactChanges": [
                    {
                        "artifactLocation": {"uri": path.replace(os.sep, "/")},
                        "replacements": [
                            {"deletedRegion": {"charOffset": e.start, "charLength": e.end - e.start}, "insertedContent": {"text": e.text}}
                            for e in d.fix.edits
                        ],
                    }
                ],
            }
        ]
    return result


def _dump_json(data, stream) -> None:
    import json  # only the json and sarif formats need it

    json.dump(data, stream, indent=2)


def unified_diff(result: "FileResult") -> str:
    import difflib  # only --diff needs it

    before = (result.original or "").splitlines(keepends=True)
    after = (result.fixed or "").splitlines(keepends=True)

    lines = difflib.unified_diff(before, after, fromfile=result.path, tofile=result.path)
    out = []
    for line in lines:
        out.append(line if line.endswith(("\n", "\r")) else line + "\n\\ No newline at end of file\n")
    return "".join(out)


def statistics(items: Iterable[tuple[str, "Diagnostic"]], stream: IO[str], rules: dict[str, "Rule"]) -> None:
    counts = Statistics()
    for _, d in items:
        counts.add((d,))
    counts.write(stream, rules)


class Statistics:
    """Findings counted by rule as they come (--statistics)."""

    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()
        self.fixable: Counter[str] = Counter()

    def add(self, diagnostics: Iterable["Diagnostic"]) -> None:
        for d in diagnostics:
            self.counts[d.code] += 1
            if d.fix is not None:
                self.fixable[d.code] += 1

    def write(self, stream: IO[str], rules: dict[str, "Rule"]) -> None:
        for code, count in sorted(self.counts.items(), key=lambda kv: (-kv[1], kv[0])):
            rule = rules.get(code)
            mark = "[*]" if self.fixable[code] else "   "
            stream.write(f"{count:>5}\t{code}\t{mark} {rule.name if rule else ''}\n")
