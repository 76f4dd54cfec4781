"""Each rule declares the project facts it reads (FACTS), and the project read computes only
those the selected rules declare: discovery, reading the server code, is left out when no
selected rule reads what it finds.

Two checks that the declarations are complete: one reads each rule's code (and the helpers
it calls, by name) for the facts it touches; one runs each rule over every fixture against
a project that notes each fact asked of it."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from hxmigrate.analysis.project import DISCOVERY_FACTS, FACTS, Project, Provisional
from hxmigrate.engine import decode
from hxmigrate.rules import all_rules
from hxmigrate.source import SourceFile
from hxmigrate.testing import make_settings

ROOT = Path(__file__).resolve().parent.parent
FAMILY = ROOT / "hxmigrate" / "rules" / "websockets"
# Methods of Project that read one of its facts.
METHODS = {"message_template_reason": {"discovered"}}


def _units(path: Path) -> dict[str, tuple[set[str], set[str]]]:
    """For each top-level function or class of a module ("" for the rest): the facts it reads
    of a project (``….project.<fact>``) and the names it refers to."""
    tree = ast.parse(path.read_text(encoding="utf-8"))

    def scan(nodes) -> tuple[set[str], set[str]]:
        facts: set[str] = set()
        names: set[str] = set()
        for node in nodes:
            for sub in ast.walk(node):
                if isinstance(sub, ast.Attribute):
                    names.add(sub.attr)
                    base = sub.value
                    label = base.attr if isinstance(base, ast.Attribute) else getattr(base, "id", "")
                    if "project" in label and (sub.attr in FACTS or sub.attr in METHODS):
                        facts |= METHODS.get(sub.attr, {sub.attr})
                elif isinstance(sub, ast.Name):
                    names.add(sub.id)
        return facts, names

    units = {}
    rest = []
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            units[node.name] = scan([node])
        else:
            rest.append(node)
    units[""] = scan(rest)
    return units


def _read_in_code(path: Path, helpers: dict) -> tuple[set[str], bool]:
    """The facts a rule module and the helpers it names read; and whether it runs the other
    rules (on markup and scripts embedded in Python)."""
    facts: set[str] = set()
    todo: list[str] = []
    for unit_facts, names in _units(path).values():
        facts |= unit_facts
        todo.extend(names)
    seen: set[str] = set()
    runs_others = False
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        runs_others |= name == "select_rules"
        for table in helpers.values():
            if name in table:
                unit_facts, names = table[name]
                facts |= unit_facts
                todo.extend(names)
    return facts, runs_others


def test_every_rule_declares_the_facts_its_code_reads():
    helpers = {p.stem: _units(p) for p in FAMILY.glob("_*.py")}
    rules = {r.code: r for r in all_rules()}
    read = {}
    for path in sorted(FAMILY.glob("ws*.py")):
        read[path.stem[:5].upper()] = _read_in_code(path, helpers)
    assert set(read) <= set(rules)
    # Rules that run the others on embedded code read what those rules read.
    inner = set().union(*(facts for code, (facts, _) in read.items() if not code.startswith(("WS2", "WS9"))))
    missing = {}
    for code, (facts, runs_others) in read.items():
        needed = facts | inner if runs_others else facts
        if needed - set(rules[code].facts):
            missing[code] = sorted(needed - set(rules[code].facts))
    assert missing == {}
    # The reading above sees facts at all (a check that finds nothing proves nothing).
    assert read["WS111"][0] >= {"discovered", "unread_senders"}


def test_rules_ask_only_for_declared_facts_on_every_fixture():
    rules = all_rules()
    codes = frozenset(r.code for r in rules)
    asked_by: dict[str, set[str]] = {r.code: set() for r in rules}
    for path in sorted((ROOT / "fixtures").rglob("*")):
        if not path.is_file():
            continue
        settings = make_settings(path.parent)
        kind = settings.kind_of(path)
        if kind in (None, "doc"):
            continue
        try:
            text = decode(path.read_bytes(), kind == "other")
        except (ValueError, UnicodeDecodeError):
            continue
        provisional = Provisional(settings, True)
        file = SourceFile(str(path), text, kind, settings, provisional)
        file.rule_codes = codes
        for rule in rules:
            if kind not in rule.languages:
                continue
            provisional.asked = set()
            list(rule.check(file, []) if rule.sees_findings else rule.check(file))
            asked_by[rule.code] |= provisional.asked
    undeclared = {code: sorted(asked - set(r.facts)) for r in rules
                  for code, asked in [(r.code, asked_by[r.code])] if asked - set(r.facts)}
    assert undeclared == {}
    # The fixtures make the rules ask for project facts at all.
    assert asked_by["WS201"] and asked_by["WS301"] and asked_by["WS111"]


def test_declared_facts_are_known():
    for rule in all_rules():
        assert set(rule.facts) <= FACTS, rule.code
    assert DISCOVERY_FACTS <= FACTS


def _project_files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()]


def test_project_read_leaves_discovery_out_when_no_rule_reads_it(monkeypatch):
    root = ROOT / "fixtures" / "channels-project"
    settings = make_settings(root)
    full = Project.build(settings, _project_files(root))
    assert full.discovered  # the server code names message templates

    from hxmigrate.analysis import discovery

    def refuse(*args, **kwargs):
        raise AssertionError("discovery ran")

    monkeypatch.setattr(discovery, "discover_project", refuse)
    partial = Project.build(make_settings(root), _project_files(root), {"meta_config_keys", "implicit_inheritance"})
    assert partial.discovered == {}
    assert partial.meta_config_keys == full.meta_config_keys
    assert partial.implicit_inheritance == full.implicit_inheritance
    with pytest.raises(AssertionError, match="discovery ran"):
        Project.build(make_settings(root), _project_files(root), {"discovered"})


@pytest.mark.parametrize("select", ["WS3", "WS1", "WS2", "WS4"])
def test_a_selection_reports_what_the_full_run_reports_of_it(tmp_path, select):
    """With only some rules selected (and so only some facts read), the findings are those
    of the full run for those rules."""
    import json
    import shutil

    project = tmp_path / "p"
    shutil.copytree(ROOT / "fixtures" / "channels-project", project)

    def findings(*args: str) -> list:
        done = subprocess.run([sys.executable, "-m", "hxmigrate", ".", "--output-format", "json", *args],
                              cwd=project, capture_output=True, text=True)
        assert done.returncode in (0, 1), done.stderr
        return [(d["filename"], d["location"]["row"], d["code"]) for d in json.loads(done.stdout)]

    everything = findings()
    selected = findings("--select", select)
    assert selected == [f for f in everything if f[2].startswith(select)]
    if select == "WS2":
        assert selected  # the channels project has message templates the WS2 rules see
