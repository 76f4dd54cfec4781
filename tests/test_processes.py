"""The processes of a run: a crash in a parser's native code costs the file being read,
whichever process reads it, and no process outlives the one that started it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

PAGE_2X = '<div hx-ext="ws" ws-connect="/chat">\n  <form ws-send><input name="m"></form>\n</div>\n'
PAGE_4X = '<div hx-ws:connect="/chat" hx-swap="none">\n  <form hx-ws:send><input name="m"></form>\n</div>\n'
SENDS_HTML = 'async def push(ws):\n    await ws.send_text("<div id=\\"n\\" hx-swap-oob=\\"true\\">1</div>")\n'

# The command line, with libcst's parse of any text holding a marker ending the process the
# way a stack overflow in its native code does (SIGSEGV), or taking its time: a crash of a
# shape no check knows, wherever the parse runs (the engine and discovery both parse
# through PythonView.module, which asks too_complex first).
_PATCHED_CLI = """
import os, signal, sys, time
from hxmigrate.syntax import python

checked = python.too_complex

def too_complex(text):
    if "CRASH-THE-PARSER" in text:
        os.kill(os.getpid(), signal.SIGSEGV)
    if "SLOW-PARSER" in text:
        time.sleep(60)
    return checked(text)

python.too_complex = too_complex
from hxmigrate.cli import main
main(sys.argv[1:], prog_name="hxmigrate")
"""


def hx_patched(*args, cwd, input=None):
    env = dict(os.environ, NO_COLOR="1")
    env.pop("GITHUB_ACTIONS", None)
    return subprocess.run([sys.executable, "-c", _PATCHED_CLI, *map(str, args)], cwd=cwd, input=input,
                          capture_output=True, timeout=300, env=env)


def test_the_patched_parser_does_crash_a_process(tmp_path):
    """What the tests below rest on: the marker kills the process that parses."""
    (tmp_path / "crash.py").write_text(SENDS_HTML + "# CRASH-THE-PARSER\n")
    script = _PATCHED_CLI.replace("from hxmigrate.cli import main\nmain(sys.argv[1:], prog_name=\"hxmigrate\")",
                                  "from hxmigrate.syntax.python import PythonView\n"
                                  "PythonView(open('crash.py').read()).module")
    r = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, capture_output=True, timeout=60)
    assert r.returncode == -signal.SIGSEGV


def _files(tmp_path: Path, pages: int) -> None:
    for i in range(pages):
        (tmp_path / f"page{i:03d}.html").write_text(PAGE_2X)
    (tmp_path / "views.py").write_text(SENDS_HTML)
    (tmp_path / "crash.py").write_text(SENDS_HTML + "# CRASH-THE-PARSER\n")


@pytest.mark.parametrize("pages, jobs", [(3, None), (80, "1"), (80, "2")], ids=["few-files", "jobs-1", "pool"])
def test_a_parser_crash_costs_the_file_being_read(tmp_path, pages, jobs):
    _files(tmp_path, pages)
    r = hx_patched(".", "--write", *(["--jobs", jobs] if jobs else []), cwd=tmp_path)
    err = r.stderr.decode()
    assert r.returncode == 2, (r.returncode, err)
    assert "crash.py: internal error: the " in err and "died while reading this file" in err, err
    assert "nothing was written" in err
    assert (tmp_path / "crash.py").read_text() == SENDS_HTML + "# CRASH-THE-PARSER\n"
    assert "hx-partial" in (tmp_path / "views.py").read_text()
    assert all((tmp_path / f"page{i:03d}.html").read_text() == PAGE_4X for i in range(pages))
    assert f"{pages + 1} files changed" in err and "1 failed" in err


@pytest.mark.parametrize("pages", [3, 80], ids=["few-files", "pool"])
def test_a_parser_crash_while_the_project_is_read(tmp_path, pages):
    """The project read parses the server code of the whole project (pre-commit passes only
    the changed templates): the file it crashed on is named, the run goes on."""
    _files(tmp_path, pages)
    (tmp_path / "pyproject.toml").write_text("[tool.hxmigrate]\n")
    r = hx_patched(*(f"page{i:03d}.html" for i in range(pages)), "--write", cwd=tmp_path)
    err = r.stderr.decode()
    assert r.returncode == 2, (r.returncode, err)
    assert ("crash.py: internal error: the process reading the project died while reading this file "
            "(killed by SIGSEGV); it was left out of the project read") in err, err
    assert all((tmp_path / f"page{i:03d}.html").read_text() == PAGE_4X for i in range(pages))


def test_a_parser_crash_on_standard_input(tmp_path):
    data = (SENDS_HTML + "# CRASH-THE-PARSER\n").encode()
    r = hx_patched("-", "--stdin-filename", "views.py", "--write", cwd=tmp_path, input=data)
    assert r.returncode == 2
    assert r.stdout == data
    assert "views.py: internal error: the process reading it died (killed by SIGSEGV" in r.stderr.decode()


# --- no process outlives the run ---------------------------------------------------------

def _children(pid: int) -> list[int]:
    out = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            out.append(int(entry))
    return out


def _alive(pid: int) -> bool:
    """Running, or stopped: not gone, and not a zombie waiting for its new parent."""
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def _wait_for(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


@pytest.fixture
def big_project(tmp_path):
    body = '<div hx-ext="ws" ws-connect="/chat">' + '<p class="a" hx-get="/x">text</p>' * 200 + "</div>\n"
    for i in range(4000):
        (tmp_path / f"page{i:04d}.html").write_text(body)
    return tmp_path


def _start(args, cwd, script=None):
    env = dict(os.environ)
    env.pop("GITHUB_ACTIONS", None)
    command = [sys.executable, "-c", script, *args] if script else [sys.executable, "-m", "hxmigrate", *args]
    return subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


needs_proc = pytest.mark.skipif(not os.path.isdir("/proc/self"), reason="finds processes through /proc")


def _kill(pids) -> None:
    """What a failing test leaves running is ended, by process id."""
    for pid in pids:
        if _alive(pid):
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass


@needs_proc
def test_workers_end_when_the_main_process_is_killed(big_project):
    main = _start([".", "--check", "--jobs", "2"], big_project)
    workers: list[int] = []
    try:
        assert _wait_for(lambda: len(_children(main.pid)) >= 2, 60), "the pool never started"
        workers = _children(main.pid)
        os.kill(main.pid, signal.SIGKILL)
        main.wait(10)
        assert _wait_for(lambda: not any(_alive(w) for w in workers), 5), \
            f"workers {[w for w in workers if _alive(w)]} outlived the main process"
    finally:
        if main.poll() is None:
            main.kill()
        _kill(workers)


@needs_proc
def test_a_worker_ends_on_sigterm(big_project):
    main = _start([".", "--check", "--jobs", "2"], big_project)
    workers: list[int] = []
    try:
        assert _wait_for(lambda: len(_children(main.pid)) >= 2, 60), "the pool never started"
        workers = _children(main.pid)
        os.kill(workers[0], signal.SIGTERM)
        assert _wait_for(lambda: not _alive(workers[0]), 5), "a worker went on after SIGTERM"
    finally:
        workers += _children(main.pid)
        main.kill()
        main.wait(10)
        _kill(workers)


@needs_proc
def test_the_process_reading_the_project_ends_with_the_main_process(tmp_path):
    (tmp_path / "page.html").write_text(PAGE_2X)
    (tmp_path / "slow.py").write_text(SENDS_HTML + "# SLOW-PARSER\n")
    main = _start([".", "--check"], tmp_path, script=_PATCHED_CLI)
    children: list[int] = []
    try:
        assert _wait_for(lambda: len(_children(main.pid)) >= 1, 60), "no child was started"
        children = _children(main.pid)
        os.kill(main.pid, signal.SIGKILL)
        main.wait(10)
        assert _wait_for(lambda: not any(_alive(c) for c in children), 5), "a child outlived the main process"
    finally:
        if main.poll() is None:
            main.kill()
        _kill(children)
