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
    style = Style(_use_color(stream))
    if fmt == "concise":
        for path, d in items:
            stream.write(f"{style(path, '1')}:{d.line}:{d.col}: {style(d.code, '31;1')}{fix_label(d, unsafe_fixes)} {d.message}\n")
    elif fmt == "full":
        for path, d in items:
            stream.write(f"{style(path, '1')}:{d.line}:{d.col}: {style(d.code, '31;1')}{fix_label(d, unsafe_fixes)} {d.message}\n")
            if d.source_line or d.line:
                gutter = str(d.line)
                # A window of a long line is marked as cut where the line goes on.
                before = CUT if d.source_col > 1 else ""
                after = CUT if d.source_more else ""
                shown = d.source_line.replace("\t", " ")
                stream.write(f"{style(gutter + ' |', '34')} {before}{shown}{after}\n")
                at = d.col - d.source_col
                visible = len(shown) - at + (0 if d.source_more else 1)
                width = (d.end_col - d.col) if d.end_line == d.line else visible
                width = max(1, min(width, visible, 120))
                stream.write(f"{' ' * len(gutter)} {style('|', '34')} {' ' * (len(before) + at)}{style('^' * width, '31')}\n")
            stream.write("\n")
    elif fmt == "json":
        _dump_json([_json_item(path, d, rules) for path, d in items], stream)
        stream.write("\n")
    elif fmt == "github":
        for path, d in items:
            title = f"hxmigrate ({d.code})"
            msg = d.message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
            stream.write(
                f"::error title={title},file={path},line={d.line},col={d.col},endLine={d.end_line},endColumn={d.end_col}::{path}:{d.line}:{d.col}: {d.code} {msg}\n"
            )
    elif fmt == "sarif":
        _dump_json(sarif(items, rules), stream)
        stream.write("\n")
    else:
        raise ValueError(f"unknown output format {fmt!r}")


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


def sarif(items: list[tuple[str, "Diagnostic"]], rules: dict[str, "Rule"]) -> dict:
    codes = sorted({d.code for _, d in items} | set(rules))
    index = {c: i for i, c in enumerate(codes)}
    descriptors = []
    for code in codes:
        rule = rules.get(code)
        descriptors.append(
            {
                "id": code,
                "name": rule.name if rule else code,
                "shortDescription": {"text": rule.summary if rule else code},
                "fullDescription": {"text": rule.doc.strip() if rule else code},
                "help": {"text": rule.doc.strip() if rule else code},
                "properties": {"fix": rule.fix if rule else "never", "fixSafety": rule.safety if rule else "safe"},
            }
        )
    results = []
    for path, d in items:
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
        results.append(result)
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
    counts = Counter(d.code for _, d in items)
    fixable = Counter(d.code for _, d in items if d.fix is not None)
    for code, count in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        rule = rules.get(code)
        mark = "[*]" if fixable[code] else "   "
        stream.write(f"{count:>5}\t{code}\t{mark} {rule.name if rule else ''}\n")
