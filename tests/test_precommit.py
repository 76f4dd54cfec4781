"""The two pre-commit hooks, run by the real pre-commit against a temporary repository."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PAGE_2X = '<div hx-ext="ws" ws-connect="/chat"><form ws-send></form></div>\n'
PAGE_4X = '<div hx-ws:connect="/chat" hx-swap="none"><form hx-ws:send></form></div>\n'


def git(cwd, *args):
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory):
    """A snapshot of this repository as pre-commit sees a hook repository."""
    if shutil.which("git") is None:
        pytest.fail("git is needed for the pre-commit tests")
    repo = tmp_path_factory.mktemp("hook-repo")
    files = subprocess.run(["git", "ls-files", "-co", "--exclude-standard"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.split("\n")
    for rel in filter(None, files):
        src = ROOT / rel
        if src.is_file() and (rel.startswith(("hxmigrate/", ".pre-commit-hooks.yaml", "pyproject.toml", "README.md"))):
            dst = repo / rel
            dst.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dst)
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "snapshot")
    return repo


@pytest.fixture
def user_repo(tmp_path):
    git(tmp_path, "init", "-q")
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "chat.html").write_text(PAGE_2X)
    # The server the page talks to: read for its messages (pre-commit passes only the
    # templates, the [tool.hxmigrate] table makes the project root the place to look).
    (tmp_path / "pyproject.toml").write_text("[tool.hxmigrate]\n")
    (tmp_path / "app.py").write_text(
        "from fastapi import FastAPI, WebSocket\n\napp = FastAPI()\n\n\n@app.websocket('/chat')\n"
        "async def chat(ws: WebSocket):\n    await ws.accept()\n    while True:\n"
        "        data = await ws.receive_json()\n        await ws.send_json({'ok': True})\n")
    git(tmp_path, "add", "-A")
    return tmp_path


def try_repo(hook_repo, user_repo, hook):
    env = dict(os.environ, PRE_COMMIT_HOME=str(hook_repo.parent / "pre-commit-cache"), NO_COLOR="1")
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(hook_repo), hook, "--all-files", "--color", "never"],
        cwd=user_repo, capture_output=True, text=True, env=env, timeout=600,
    )


def test_fix_hook_rewrites_and_fails_once(hook_repo, user_repo):
    first = try_repo(hook_repo, user_repo, "hxmigrate")
    assert first.returncode == 1, first.stdout + first.stderr
    assert "files were modified by this hook" in first.stdout
    assert (user_repo / "templates" / "chat.html").read_text() == PAGE_4X
    git(user_repo, "add", "-A")
    second = try_repo(hook_repo, user_repo, "hxmigrate")
    assert second.returncode == 0, second.stdout + second.stderr


def test_check_hook_blocks_then_passes_once_suppressed(hook_repo, user_repo):
    blocked = try_repo(hook_repo, user_repo, "hxmigrate-check")
    assert blocked.returncode == 1
    assert "WS101" in blocked.stdout
    assert (user_repo / "templates" / "chat.html").read_text() == PAGE_2X
    # A reviewed exception, silenced on the spot.
    (user_repo / "templates" / "chat.html").write_text("<!-- hxmigrate: ignore[WS101, WS102, WS103] -->\n" + PAGE_2X)
    git(user_repo, "add", "-A")
    passed = try_repo(hook_repo, user_repo, "hxmigrate-check")
    assert passed.returncode == 0, passed.stdout
