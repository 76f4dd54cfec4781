"""A run keeps nothing of a file once its result is made: over thousands of files, what each
one left behind (a cache that held its views) grew the workers by some 90 MB a thousand
templates."""

from __future__ import annotations

import gc
import shutil
from pathlib import Path

from hxmigrate.analysis.project import Project
from hxmigrate.engine import process_path
from hxmigrate.rules import select_rules
from hxmigrate.source import SourceFile
from hxmigrate.syntax.markup import MarkupView
from hxmigrate.testing import make_settings

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
KINDS = (".html", ".js", ".py", ".jinja", ".j2", ".go", ".ts", ".jsx", ".tsx", ".erb", ".php", ".hbs", ".templ")


def _alive(kind: type) -> int:
    gc.collect()
    return sum(1 for o in gc.get_objects() if isinstance(o, kind))


def test_no_file_outlives_its_result(tmp_path):
    root = tmp_path / "fixtures"
    shutil.copytree(FIXTURES, root, ignore=shutil.ignore_patterns(".expected", "*.expected", "*.after.*"))
    files = sorted(p for p in root.rglob("*") if p.is_file() and p.suffix in KINDS)[:400]
    assert len(files) > 100
    settings = make_settings(root)
    rules = tuple(select_rules(None, [], []))
    project = Project.build(settings, files)
    before = _alive(SourceFile), _alive(MarkupView)
    changed = 0
    for path in files:
        changed += process_path(path, settings, project, rules, False, True).status == "changed"
    assert changed > 20  # the rules did read and rewrite these files
    assert (_alive(SourceFile), _alive(MarkupView)) == before


def test_a_result_keeps_the_texts_only_where_a_diff_shows_them():
    from hxmigrate.diagnostics import Diagnostic
    from hxmigrate.engine import FileResult

    def changed():
        return FileResult("a.html", "changed", [Diagnostic("HX201", "m", 0, 1)], original="<a>", fixed="<b>",
                          remaining=[Diagnostic("HX501", "n", 0, 1)])

    diff = changed().lean("diff")
    assert diff.changed and (diff.original, diff.fixed) == ("<a>", "<b>") and diff.diagnostics
    check = changed().lean("check")
    assert check.changed and (check.original, check.fixed) == (None, None) and check.diagnostics
    to_write = changed().lean("to-write")
    assert to_write.changed and (to_write.original, to_write.fixed) == (None, "<b>") and not to_write.diagnostics
    written = to_write.lean("write")
    assert written.changed and written.fixed is None and written.remaining
    unchanged = FileResult("b.html", "unchanged", original="<a>", fixed="<a>").lean("diff")
    assert not unchanged.changed and unchanged.original is None
    refused = FileResult("c.html", "failed", original="<a>", fixed="<b>").lean("check")
    assert not refused.changed


def test_a_check_run_reports_what_a_diff_run_changes(tmp_path):
    # the summary of a --check (texts dropped) counts the files a --diff (texts kept) shows
    import subprocess
    import sys

    for i in range(70):  # enough for the pool
        (tmp_path / f"p{i}.html").write_text('<button hx-on::after-request="go()">a</button>\n' if i % 2 else "<p>x</p>\n")
    run = [sys.executable, "-m", "hxmigrate"]
    check = subprocess.run([*run, "--check", "."], cwd=tmp_path, capture_output=True, text=True)
    diff = subprocess.run([*run, "--diff", "."], cwd=tmp_path, capture_output=True, text=True)
    assert "35 files would change, 35 unchanged" in check.stderr
    assert diff.stdout.count("+++ ") == 35
