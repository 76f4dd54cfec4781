"""Every rule declares itself, has its docs and fixtures, and docs/rules.md is current."""

from __future__ import annotations

import re

import inspect
from pathlib import Path

import pytest

from hxmigrate.docgen import render
from hxmigrate.rules import FIX_AVAILABILITY, FIX_SAFETY, all_rules, select_rules

ROOT = Path(__file__).resolve().parent.parent
RULES = all_rules()


def test_rule_index_is_current():
    from hxmigrate.rules import discover_rules, render_index

    index = (ROOT / "hxmigrate" / "rules" / "_index.py").read_text(encoding="utf-8")
    assert index == render_index(discover_rules()), "the rule index is stale: run `python -m hxmigrate.docgen > docs/rules.md`"
    assert [r.declaration() for r in RULES] == [r.declaration() for r in discover_rules()]


def test_a_run_imports_only_the_rules_a_file_needs(tmp_path):
    import subprocess
    import sys

    page = tmp_path / "page.html"
    page.write_text('<p class="plain">no WebSocket here</p>\n')
    code = (
        "import sys\n"
        "from hxmigrate.cli import main\n"
        f"try:\n    main([{str(page)!r}], standalone_mode=False)\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in sys.modules if m.startswith('hxmigrate.rules.')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    imported = {m for m in eval(out.strip().splitlines()[-1]) if re.match(r"hxmigrate\.rules\.\w+\.ws\d", m)}
    # Only the rules that have no trigger to wait for (they decide from project facts) are loaded.
    always = {r.module for r in RULES if not r.triggers}
    assert imported <= always, imported - always


def test_docs_page_is_current():
    page = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert page == render(), "docs/rules.md is stale: run `python -m hxmigrate.docgen > docs/rules.md`"


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_rule_declares_itself(rule):
    assert rule.code[:3] in ("HX1", "HX2", "HX3", "HX4", "HX5", "SE1", "SE2", "SE3", "SE5", "WS1", "WS2", "WS3", "WS4", "WS5", "WS9") and rule.code[2:].isdigit() and len(rule.code) == 5
    assert rule.name == rule.name.lower() and " " not in rule.name
    assert rule.fix in FIX_AVAILABILITY and rule.safety in FIX_SAFETY
    assert set(rule.languages) <= {"markup", "javascript", "python", "go", "rust", "json", "other"} and rule.languages
    doc = inspect.cleandoc(rule.doc)
    for section in ("What it does:", "Why:", "Example:", "Fix safety:"):
        assert f"\n{section}\n" in doc, f"{rule.code} docstring lacks {section!r}"
    assert all(t == t.lower() for t in rule.triggers), "triggers are matched against the lowercased text"


def _codes_in_fixtures() -> set[str]:
    codes = set()
    for f in (ROOT / "fixtures" / "cases").rglob("*.codes"):
        codes.update(f.read_text().split())
    for f in (ROOT / "fixtures" / "projects").glob("*/findings"):  # path:line CODE
        codes.update(line.split()[-1] for line in f.read_text().splitlines() if line.strip())
    return codes


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_rule_has_fixtures(rule):
    assert rule.code in _codes_in_fixtures(), f"no fixture under fixtures/cases or fixtures/projects lists {rule.code}"


def test_codes_are_unique_and_names_too():
    assert len({r.code for r in RULES}) == len(RULES)
    assert len({r.name for r in RULES}) == len(RULES)


@pytest.mark.parametrize(
    "select, ignore, extend, expected",
    [
        (None, [], [], {r.code for r in RULES}),
        (["WS1"], [], [], {r.code for r in RULES if r.code.startswith("WS1")}),
        (["WS101"], [], ["WS102"], {"WS101", "WS102"}),
        (["ALL"], ["WS10"], [], {r.code for r in RULES if not r.code.startswith("WS10")}),
    ],
)
def test_selection_by_code_and_prefix(select, ignore, extend, expected):
    assert {r.code for r in select_rules(select, ignore, extend)} == expected
