"""Small server projects shaped like real ones, one per way Python code carries 2.x WebSocket
constructs (fixtures/python-projects/, each with its reviewed result in .expected/), run
through the real CLI: `--write` rewrites exactly what .expected/ shows, every line left over
has a finding, a second `--write` changes nothing, HTTP-only code and templates stay byte for
byte, and `--check` on the result reports just the leftovers."""

from __future__ import annotations

import difflib
import shutil
from pathlib import Path

import pytest

from test_discovery import hx, tree

ROOT = Path(__file__).resolve().parent.parent
PROJECTS = ROOT / "fixtures" / "python-projects"

# What `--write` leaves for a person, as (path:line, code), and the files it must not touch.
CASES = {
    "format-strings": {
        "left": [("app/templates/board.html:6", "WS311")],
        "changed": ["app/board.py", "app/templates/board.html"],
    },
    "template-helpers": {
        "left": [("game/templates/index.html:6", "WS311")],
        "changed": ["game/html.py", "game/templates/board.html", "game/templates/index.html", "game/templates/turn.html"],
    },
    "group-send": {
        "left": [("scores/templates/scores/board.html:6", "WS311")],
        "changed": ["scores/consumers.py", "scores/signals.py", "scores/templates/scores/board.html",
                    "scores/templates/scores/standings.html"],
    },
    "json-messages": {
        "left": [("app/main.py:23", "WS215"), ("app/main.py:24", "WS216"), ("app/main.py:24", "WS216"),
                 ("app/main.py:26", "WS215"), 
                 ("app/templates/index.html:6", "WS311"), ("notify/consumers.py:13", "WS215"),
                 ("notify/consumers.py:18", "WS216"), ("notify/consumers.py:18", "WS216")],
        "changed": ["app/templates/index.html"],
    },
    "python-pages": {
        "left": [("monitor/pages.py:35", "WS405"), ("monitor/settings.py:1", "WS407")],
        "changed": ["monitor/pages.py", "monitor/server.py", "monitor/settings.py"],
    },
    "fasthtml-chat": {
        "left": [("main.py:5", "WS408"), ("main.py:47", "WS217")],
        "changed": ["main.py"],
    },
    "websocket-endpoint": {
        "left": [("board/commands.py:5", "WS402"), ("board/endpoints.py:18", "WS402"), ("board/endpoints.py:27", "WS402")],
        "changed": ["board/commands.py", "board/endpoints.py", "board/templates/card.html"],
    },
}


def findings(stdout: str) -> list[tuple[str, str]]:
    out = []
    for line in stdout.splitlines():
        if ": WS" not in line:
            continue
        where, rest = line.split(": ", 1)
        path, lineno, _ = where.removeprefix("./").rsplit(":", 2)
        out.append((f"{path}:{lineno}", rest.split()[0]))
    return out


@pytest.fixture(params=sorted(CASES))
def project(request, tmp_path):
    name = request.param
    dst = tmp_path / name
    shutil.copytree(PROJECTS / name, dst, ignore=shutil.ignore_patterns(".expected", "__pycache__"))
    return name, dst


def test_every_fixture_project_has_a_case():
    assert sorted(p.name for p in PROJECTS.iterdir() if p.is_dir()) == sorted(CASES)


def test_write_gives_the_reviewed_result_and_reports_every_leftover(project):
    name, root = project
    case = CASES[name]
    r = hx(".", "--write", "--output-format", "concise", cwd=root)
    assert r.returncode == 1, r.stderr
    assert "0 failed" in r.stderr, r.stderr
    assert tree(root) == tree(PROJECTS / name / ".expected")
    assert findings(r.stdout) == case["left"]
    before = tree(PROJECTS / name)
    after = tree(root)
    assert sorted(p for p in before if before[p] != after[p]) == sorted(case["changed"])


def test_second_write_changes_nothing_and_check_reports_the_same(project):
    name, root = project
    hx(".", "--write", cwd=root)
    first = tree(root)
    r = hx(".", "--write", cwd=root)
    assert "0 files changed" in r.stderr, r.stderr
    assert tree(root) == first
    r = hx(".", "--check", "--output-format", "concise", cwd=root)
    assert r.returncode == 1
    assert findings(r.stdout) == CASES[name]["left"]


def test_check_before_writing_reports_at_every_python_line_that_changes(project):
    """Each line of Python --write changes has a finding of --check in the original (the CI
    gate sees every construct before anything is written; in a template the finding of an
    element is at its start tag)."""
    name, root = project
    r = hx(".", "--check", "--output-format", "concise", cwd=root)
    reported = {where for where, _ in findings(r.stdout)}
    expected = PROJECTS / name / ".expected"
    for rel in [c for c in CASES[name]["changed"] if c.endswith(".py")]:
        old = (root / rel).read_text(encoding="utf-8").splitlines()
        new = (expected / rel).read_text(encoding="utf-8").splitlines()
        for tag, i1, i2, _, _ in difflib.SequenceMatcher(a=old, b=new).get_opcodes():
            if tag == "equal":
                continue
            lines = range(i1 + 1, max(i2, i1 + 1) + 1)
            assert any(f"{rel}:{n}" in reported for n in lines), (rel, i1 + 1, r.stdout)
