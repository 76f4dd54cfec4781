"""hxmigrate against htmx's own upgrade checker (``dist/scripts/upgrade-check.py`` of
htmx.org 4.0.1, from the browser tests' node_modules), finding by finding.

Every line the checker reports must have an hxmigrate finding (a fix or a report) on the
same element (the lines of the start tag the checker names, or the same line), or be
listed in fixtures/parity/checker_false_positives.toml with the reason. What hxmigrate finds
on lines the checker says nothing of is counted by rule.

    python tests/parity.py DIR        # a table for any project
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tomllib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHECKER = ROOT / "tests" / "browser" / "node_modules" / "htmx4" / "dist" / "scripts" / "upgrade-check.py"
FALSE_POSITIVES = ROOT / "fixtures" / "parity" / "checker_false_positives.toml"
_LINE = re.compile(r"^(?P<file>.+?):(?P<line>\d+): \[(?P<category>[\w-]+)\] (?P<message>.*)$")


@dataclass(frozen=True)
class Finding:
    file: str  # relative to the project, posix
    line: int
    what: str  # the checker's category, or hxmigrate's code
    message: str


@dataclass
class Parity:
    checker: list[Finding]
    hxmigrate: list[Finding]
    matched: list[Finding] = field(default_factory=list)
    explained: list[tuple[Finding, str]] = field(default_factory=list)
    missing: list[Finding] = field(default_factory=list)
    only_hxmigrate: Counter = field(default_factory=Counter)


def run_checker(root: Path, python: str = sys.executable) -> list[Finding]:
    r = subprocess.run([python, str(CHECKER), "--no-color", "--ext", ".jinja,.j2,.htm,.templ", "."], cwd=root,
                       capture_output=True, text=True, timeout=600)
    found = []
    for line in r.stdout.splitlines():
        m = _LINE.match(line)
        if m:
            rel = Path(m.group("file")).as_posix().removeprefix("./")
            found.append(Finding(rel, int(m.group("line")), m.group("category"), m.group("message")))
    return found


def run_hxmigrate(root: Path, python: str = sys.executable) -> list[Finding]:
    env = dict(os.environ, NO_COLOR="1")
    r = subprocess.run([python, "-m", "hxmigrate", ".", "--check", "--output-format", "json"], cwd=root,
                       capture_output=True, text=True, timeout=600, env=env)
    if r.returncode not in (0, 1):
        raise RuntimeError(r.stderr)
    return [Finding(Path(i["filename"]).as_posix().removeprefix("./"), i["location"]["row"], i["code"], i["message"])
            for i in json.loads(r.stdout)]


def tag_lines(path: Path) -> dict[int, range]:
    """For each line a start tag begins on, the lines that tag spans (a finding of hxmigrate
    at an attribute on a later line of the tag is on the same element)."""
    from hxmigrate.paths import flavor_of
    from hxmigrate.syntax.markup import MarkupView

    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return {}
    view = MarkupView(text, flavor_of(path.name))
    starts = [0]
    for i, c in enumerate(text):
        if c == "\n":
            starts.append(i + 1)

    def line_of(offset: int) -> int:
        lo, hi = 0, len(starts) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if starts[mid] <= offset:
                lo = mid
            else:
                hi = mid - 1
        return lo + 1

    spans: dict[int, range] = {}
    for tag in view.start_tags():
        first, last = line_of(tag.start), line_of(max(tag.start, tag.end - 1))
        old = spans.get(first)
        spans[first] = range(first, max(last, old.stop - 1 if old else last) + 1)
    return spans


def false_positives() -> list[dict]:
    if not FALSE_POSITIVES.is_file():
        return []
    return tomllib.loads(FALSE_POSITIVES.read_text(encoding="utf-8")).get("false_positive", [])


def compare(root: Path) -> Parity:
    checker, ours = run_checker(root), run_hxmigrate(root)
    result = Parity(checker, ours)
    by_file: dict[str, set[int]] = {}
    for f in ours:
        by_file.setdefault(f.file, set()).add(f.line)
    listed = false_positives()
    spans_of: dict[str, dict[int, range]] = {}
    covered: dict[str, set[int]] = {}
    for f in checker:
        spans = spans_of.setdefault(f.file, tag_lines(root / f.file))
        lines = spans.get(f.line, range(f.line, f.line + 1))
        covered.setdefault(f.file, set()).update(lines)
        if by_file.get(f.file, set()) & set(lines):
            result.matched.append(f)
            continue
        reason = next((fp["reason"] for fp in listed if fp["file"] == f.file and fp["line"] == f.line
                       and fp["category"] == f.what), None)
        if reason is not None:
            result.explained.append((f, reason))
        else:
            result.missing.append(f)
    for f in ours:
        if f.line not in covered.get(f.file, set()):
            result.only_hxmigrate[f.what] += 1
    return result


def render(p: Parity) -> str:
    out = [f"upgrade-check.py findings: {len(p.checker)}; with an hxmigrate finding on the same element: "
           f"{len(p.matched)}; checker false positives (listed, with the reason): {len(p.explained)}; "
           f"missing: {len(p.missing)}",
           f"hxmigrate findings: {len(p.hxmigrate)}; on lines the checker says nothing of: "
           f"{sum(p.only_hxmigrate.values())} ({', '.join(f'{c} {n}' for c, n in sorted(p.only_hxmigrate.items()))})"]
    for f in p.missing:
        out.append(f"  missing: {f.file}:{f.line} [{f.what}] {f.message}")
    return "\n".join(out)


if __name__ == "__main__":
    print(render(compare(Path(sys.argv[1]).resolve())))
