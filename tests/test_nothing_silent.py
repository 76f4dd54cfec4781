"""Over every fixture the project has: after ``hxmigrate . --write``, every line that still
holds a trace of htmx 2 code (core, WebSocket, SSE) has a finding (see nothing_silent.py), and the
write changed nothing that a second write would change again."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from clirun import hx

from nothing_silent import unexplained_markers

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def _trees():
    """Each fixture as the repository a user would run hxmigrate on."""
    for path in sorted(FIXTURES.iterdir()):
        if not path.is_dir() or path.name.endswith(".expected"):
            continue
        if path.name in ("cases", "browser", "projects"):
            for sub in sorted(path.iterdir()):
                if sub.is_dir():
                    yield sub / "before" if path.name == "projects" else sub
        else:
            yield path


@pytest.mark.parametrize("fixture", list(_trees()), ids=lambda p: p.relative_to(FIXTURES).as_posix())
def test_nothing_is_left_without_a_finding(fixture, tmp_path):
    root = tmp_path / "repo"
    # A fixture's reviewed result (.expected/) is no part of the repository it stands for.
    shutil.copytree(fixture, root, ignore=shutil.ignore_patterns(".expected"))
    first = hx(".", "--write", cwd=root)
    assert first.returncode in (0, 1), first.stderr
    snapshot = {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}
    r = hx(".", "--write", "--output-format", "json", cwd=root)
    assert r.returncode in (0, 1), r.stderr
    assert {p: p.read_bytes() for p in root.rglob("*") if p.is_file()} == snapshot, "a second --write changed files"
    missing = unexplained_markers(root, json.loads(r.stdout), r.stderr)
    assert not missing, "2.x constructs left without a finding:\n" + "\n".join(missing)


@pytest.mark.parametrize("line, trace", [
    ('<div hx-ext="sse" sse-connect="/news">', True),
    ('<div data-sse-swap="message">', True),
    ('<div hx-sse="connect:/news swap:item">', True),
    ('<li hx-get="/x" hx-trigger="sse:news">', True),
    ('document.addEventListener("htmx:sseMessage", f)', True),
    ('<b hx-on::sse-open="up()">', True),
    ('<script src="https://unpkg.com/htmx-ext-sse@2.2.4/sse.js">', True),
    ('<script src="/static/htmx/ext/sse.min.js">', True),
    # htmx 4's own names are no trace
    ('<div hx-sse:connect="/news" hx-sse:close="done">', False),
    ('<li hx-trigger=\'news from:"closest [hx-sse\\:connect]"\'>', False),
    ('document.addEventListener("htmx:sse:after:message", f)', False),
    ('<b hx-on:htmx:sse:after:connection="up()">', False),
    ('<script src="https://unpkg.com/htmx.org@4.0.1/dist/ext/hx-sse.js">', False),
])
def test_sse_traces(line, trace):
    """The SSE traces the invariant looks for, and htmx 4's names it must not take for them."""
    from nothing_silent import SSE_TRACES

    assert (SSE_TRACES.search(line) is not None) is trace
