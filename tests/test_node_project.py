"""The bundled Node project end to end, through the real CLI: an Express + express-ws server
and a Hono worker that read what htmx sends and send HTML messages, client code with named event handlers, Alpine
listeners in a page, and React components. Every 2.x construct is found, `--write` gives the
reviewed tree in fixtures/node-project.expected/, a second run changes nothing, the files
without a 2.x construct stay byte for byte, and every 2.x construct left after the write has a
finding on its line."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PROJECT = ROOT / "fixtures" / "node-project"
EXPECTED = ROOT / "fixtures" / "node-project.expected"

# Lines that hold a 2.x WebSocket construct, found independently of hxmigrate's rules: the
# key HEADERS read as a property, the headers 4.x dropped or changed, 2.x event names (both
# spellings, in code and in Alpine or hx-on attribute names), the 2.x attributes, the 2.x
# packages.
CONSTRUCT = re.compile(
    r"""\.HEADERS\b|["']HEADERS["']|\{\s*HEADERS\b|^\s*HEADERS\s*:|HX-Trigger|HX-Target|htmx:ws[A-Z]|htmx:ws-"""
    r"""|\bws-connect|\bws-send|hx-ext=\{?"ws"|"hx-ext": "ws"|hx-on--ws|htmx-ext-ws|"htmx\.org": "\^2"""
)
# Files that name HEADERS for data of their own: no WebSocket data, nothing to migrate.
NOT_WEBSOCKET = {"src/lib/settings.js"}
# Files with no 2.x construct at all.
UNTOUCHED = {"README.md", "src/components/MessageList.jsx", "src/main.jsx",
             "public/js/analytics.js", "src/lib/settings.js"}


def hx(*args, cwd):
    env = dict(os.environ, NO_COLOR="1")
    env.pop("GITHUB_ACTIONS", None)
    return subprocess.run([sys.executable, "-m", "hxmigrate", *args], cwd=cwd, capture_output=True, text=True, env=env,
                          timeout=300)


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture
def project(tmp_path):
    dst = tmp_path / "node-project"
    shutil.copytree(PROJECT, dst)
    return dst


def findings(root) -> set[tuple[str, int]]:
    r = hx(".", "--check", "--output-format", "json", cwd=root)
    assert r.returncode in (0, 1), r.stderr
    return {(f["filename"].removeprefix("./"), f["location"]["row"]) for f in json.loads(r.stdout)}, json.loads(r.stdout)


def construct_lines(root: Path) -> list[tuple[str, int, str]]:
    out = []
    for rel, data in tree(root).items():
        if rel in NOT_WEBSOCKET or rel.endswith(".md"):
            continue
        for number, line in enumerate(data.decode().splitlines(), 1):
            if CONSTRUCT.search(line) and not line.lstrip().startswith("//"):
                out.append((rel, number, line.strip()))
    return out


def test_check_finds_every_2x_construct(project):
    found, raw = findings(project)
    missing = [f"{rel}:{n}: {line}" for rel, n, line in construct_lines(project) if (rel, n) not in found]
    assert not missing, "2.x constructs without a finding:\n" + "\n".join(missing)
    assert not [f for f in raw if f["filename"].removeprefix("./") in UNTOUCHED]
    # one finding per kind of bullet at least: server reads, named handlers, Alpine, JSX
    assert {"WS401", "WS402", "WS420", "WS302", "WS313", "WS312"} <= {f["code"] for f in raw}


def test_write_gives_the_reviewed_tree_and_is_idempotent(project):
    before = tree(project)
    first = hx(".", "--write", cwd=project)
    assert first.returncode in (0, 1), first.stderr
    assert "0 failed" in first.stderr
    got, want = tree(project), tree(EXPECTED)
    assert sorted(got) == sorted(want)
    for rel in want:
        assert got[rel].decode() == want[rel].decode(), rel
    for rel in UNTOUCHED:
        assert got[rel] == before[rel], f"{rel} changed"
    second = hx(".", "--write", cwd=project)
    assert tree(project) == got, "a second --write changed the project"
    assert "0 files changed" in second.stderr


def test_every_leftover_has_a_finding(project):
    hx(".", "--write", cwd=project)
    found, raw = findings(project)
    leftovers = construct_lines(project)
    assert leftovers, "the project keeps constructs that need a person"
    missing = [f"{rel}:{n}: {line}" for rel, n, line in leftovers if (rel, n) not in found]
    assert not missing, "2.x constructs left without a finding:\n" + "\n".join(missing)
