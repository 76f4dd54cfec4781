"""Fixture projects under fixtures/projects/: whole repositories shaped like real ones,
run through the command line as a user runs it.

Each ``NAME/`` holds ``before/`` (the repository), ``after/`` (the whole tree expected
after ``hxmigrate . --write``) and ``findings`` (what ``hxmigrate . --check`` reports on
the result: ``path:line CODE`` per line, sorted). A second ``--write`` must change
nothing, and every trace of 2.x WebSocket code left in the result must have a finding
at its line (or, in prose, be named in the run's summary)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from clirun import hx

from nothing_silent import unexplained_markers

PROJECTS = Path(__file__).resolve().parent.parent / "fixtures" / "projects"


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def projects():
    return sorted(p.name for p in PROJECTS.iterdir() if (p / "before").is_dir())


def expected_findings(name: str) -> list[str]:
    return [line.strip() for line in (PROJECTS / name / "findings").read_text().splitlines() if line.strip()]


def check(cwd: Path) -> tuple[list[str], subprocess.CompletedProcess]:
    r = hx(".", "--check", "--output-format", "json", cwd=cwd)
    assert r.returncode in (0, 1), r.stderr
    items = json.loads(r.stdout)
    got = sorted(f"{Path(i['filename']).as_posix().removeprefix('./')}:{i['location']['row']} {i['code']}" for i in items)
    return got, r


@pytest.fixture(params=projects())
def project(request, tmp_path):
    dst = tmp_path / request.param
    shutil.copytree(PROJECTS / request.param / "before", dst)
    return request.param, dst


def test_write_gives_the_expected_tree_and_is_idempotent(project):
    name, root = project
    first = hx(".", "--write", cwd=root)
    assert first.returncode in (0, 1), first.stderr
    assert "0 failed" in first.stderr, first.stderr
    got, want = tree(root), tree(PROJECTS / name / "after")
    assert sorted(got) == sorted(want)
    for rel in want:
        assert got[rel].decode() == want[rel].decode(), rel
    hx(".", "--write", cwd=root)
    assert tree(root) == got, "a second --write changed the project"


def test_check_after_write_reports_what_is_left(project):
    name, root = project
    hx(".", "--write", cwd=root)
    got, _ = check(root)
    assert got == expected_findings(name)


def test_nothing_left_without_a_finding(project):
    """Every trace of 2.x WebSocket code left after --write has a finding at its line."""
    name, root = project
    hx(".", "--write", cwd=root)
    _, r = check(root)
    missing = unexplained_markers(root, json.loads(r.stdout), r.stderr)
    assert not missing, "2.x constructs left without a finding:\n" + "\n".join(missing)


def test_every_project_has_its_files():
    for name in projects():
        assert (PROJECTS / name / "after").is_dir(), name
        assert (PROJECTS / name / "findings").is_file(), name
