"""Writes: atomic (a killed run leaves the old file or the new one, never half of one),
modes kept, nothing written when verification fails, symbolic links never followed
out of the given paths; and parallel runs that print what a serial run prints."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from hxmigrate import engine, runner
from hxmigrate.app import Options, run_cli
from hxmigrate.analysis.project import Project
from hxmigrate.rules import Rule, select_rules
from hxmigrate.testing import make_settings

PAGE_2X = '<div hx-ext="ws" ws-connect="/chat">\n  <form ws-send><input name="m"></form>\n</div>\n'
PAGE_4X = '<div hx-ws:connect="/chat" hx-swap="none">\n  <form hx-ws:send><input name="m"></form>\n</div>\n'


def run(paths, capsys, mode="write", **kwargs):
    # About writes, not about what the server sends (WS111 has tests of its own).
    kwargs.setdefault("ignore", ["WS111"])
    code = run_cli(Options(paths=[Path(p) for p in paths], mode=mode, output_format="concise", **kwargs))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def project(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    return tmp_path


# --- a run killed while it writes ------------------------------------------------------

# Runs the CLI with the temporary file's write slowed down: half of the new content is
# written, a marker file says so, and the process waits there to be killed.
_SLOW_WRITER = textwrap.dedent("""
    import os, sys, time
    from hxmigrate import engine
    marker = sys.argv[1]
    real_fdopen = os.fdopen

    class Slow:
        def __init__(self, fh):
            self.fh = fh
        def __enter__(self):
            return self
        def __exit__(self, *exc):
            return self.fh.__exit__(*exc)
        def write(self, data):
            self.fh.write(data[: len(data) // 2])
            self.fh.flush()
            open(marker, "w").close()
            time.sleep(60)
            self.fh.write(data[len(data) // 2 :])
        def __getattr__(self, name):
            return getattr(self.fh, name)

    engine.os.fdopen = lambda fd, mode="r", *a, **k: Slow(real_fdopen(fd, mode, *a, **k)) if "w" in mode else real_fdopen(fd, mode, *a, **k)
    from hxmigrate.cli import main
    sys.argv = ["hxmigrate", "--write", *sys.argv[2:]]
    main()
""")


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM, signal.SIGINT])
def test_a_run_killed_mid_write_leaves_the_file_whole(project, sig):
    page = project / "page.html"
    original = PAGE_2X * 2000  # large enough that half of it is clearly half
    page.write_text(original)
    mode = 0o640
    page.chmod(mode)
    marker = project / "half-written"
    proc = subprocess.Popen([sys.executable, "-c", _SLOW_WRITER, str(marker), str(page)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while not marker.exists():
        assert proc.poll() is None, proc.stderr.read().decode()
        assert time.monotonic() < deadline, "the write never started"
        time.sleep(0.02)
    temps = [p for p in project.iterdir() if p.name.endswith(".hxmigrate-tmp")]
    assert len(temps) == 1 and 0 < temps[0].stat().st_size < len(original)  # really mid-write
    proc.send_signal(sig)
    proc.wait(timeout=30)
    proc.stderr.close()
    assert page.read_text() == original  # the old file, whole
    assert page.stat().st_mode & 0o777 == mode
    leftovers = [p.name for p in project.iterdir() if p.name.endswith(".hxmigrate-tmp")]
    if sig != signal.SIGKILL:  # a signal Python sees unwinds and removes its temporary copy
        assert leftovers == []
    # whatever is left behind is never taken for a template by the next run
    code = run_cli(Options(paths=[project], mode="write", quiet=True, ignore=["WS111"]))
    assert code == 0
    assert page.read_text() == PAGE_4X * 2000


# --- modes, verification, links ----------------------------------------------------------

@pytest.mark.parametrize("mode", [0o600, 0o644, 0o664, 0o755])
def test_mode_is_kept(project, capsys, mode):
    page = project / "page.html"
    page.write_text(PAGE_2X)
    page.chmod(mode)
    code, out, err = run([page], capsys)
    assert code == 0, err
    assert page.read_text() == PAGE_4X
    assert page.stat().st_mode & 0o7777 == mode


def test_nothing_is_written_when_verification_fails(project, capsys, monkeypatch):
    from hxmigrate import verify

    page = project / "page.html"
    page.write_text(PAGE_2X)
    before = page.stat()

    def refuse(kind, before_text, after_text, flavor="html"):
        raise verify.VerificationError("element 1 <div>: made up for the test")

    monkeypatch.setattr(verify, "verify", refuse)
    code, out, err = run([page], capsys)
    assert code == 2
    assert "page.html: internal error: the rewrite did not verify (element 1 <div>: made up for the test); nothing was written" in err
    assert page.read_text() == PAGE_2X
    assert page.stat().st_mtime_ns == before.st_mtime_ns
    assert [p.name for p in project.iterdir()] == ["page.html"]


def test_links_are_not_followed_out_of_the_given_paths(project, capsys, tmp_path_factory):
    outside = tmp_path_factory.mktemp("outside")
    target = outside / "shared.html"
    target.write_text(PAGE_2X)
    (outside / "sub").mkdir()
    (outside / "sub" / "deep.html").write_text(PAGE_2X)
    tree = project / "site"
    tree.mkdir()
    (tree / "own.html").write_text(PAGE_2X)
    (tree / "link.html").symlink_to(target)
    (tree / "linked-dir").symlink_to(outside / "sub", target_is_directory=True)
    (tree / "inner.html").symlink_to(tree / "own.html")
    code, out, err = run([tree], capsys)
    assert code == 0, err
    assert target.read_text() == PAGE_2X
    assert (outside / "sub" / "deep.html").read_text() == PAGE_2X
    assert "link.html: skipped: symbolic link to a file outside the given paths" in err
    assert (tree / "own.html").read_text() == PAGE_4X
    assert (tree / "inner.html").is_symlink()  # the link inside stays a link
    # named on the command line, a link is followed: the user asked for that file
    code, out, err = run([tree / "link.html"], capsys)
    assert code == 0, err
    assert target.read_text() == PAGE_4X
    assert (tree / "link.html").is_symlink()


def test_the_temporary_file_is_never_a_template(project):
    from hxmigrate.paths import kind_of

    assert kind_of(".page.html.abc123.hxmigrate-tmp") is None


# --- parallel runs -------------------------------------------------------------------------

def _corpus(root: Path, n: int = 150) -> None:
    for i in range(n):
        folder = root / f"app{i % 7}"
        folder.mkdir(exist_ok=True)
        body = PAGE_2X if i % 3 == 0 else f'<p id="p{i}" hx-get="/x/{i}">plain {i}</p>\n'
        if i % 11 == 0:
            body = '<div hx-ws="connect:/legacy/%d">\n<span hx-ext="ws, morph">x</span></div>\n' % i
        (folder / f"page{i:03d}.html").write_text(body)
    (root / "app1" / "broken.html").write_bytes(b"<div ws-connect='/x'>\xff</div>")


@pytest.mark.parametrize("mode", ["check", "write", "diff"])
def test_jobs_print_what_a_serial_run_prints(tmp_path, monkeypatch, capsys, mode):
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    outputs = []
    for jobs in (1, 2, 3):
        root = tmp_path / f"j{jobs}"
        root.mkdir()
        _corpus(root)
        monkeypatch.chdir(root)
        code, out, err = run(["."], capsys, mode=mode, jobs=jobs)
        files = {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}
        outputs.append((code, out, err, files))
    assert len(outputs[0][3]) > runner.POOL_THRESHOLD  # the parallel runs did use the pool
    assert outputs[0] == outputs[1] == outputs[2]


def test_a_dead_worker_costs_one_file(tmp_path):
    _corpus(tmp_path, 120)
    victim = tmp_path / "app3" / "page010.html"
    victim.write_text(PAGE_2X + "<!-- KILL-WORKER -->\n")

    def check(file):
        if "KILL-WORKER" in file.text:
            os._exit(70)  # as a crash in native code or the out-of-memory killer would
        return ()

    class KillerRule(Rule):
        __slots__ = ()

        def check(self, file):
            return check(file)

    killer = KillerRule("WS999", "kill-worker", ("markup",), "never", "safe", (), __name__)
    settings = make_settings(tmp_path)
    rules = select_rules(None) + (killer,)
    files = sorted(tmp_path.rglob("*.html"))
    results = runner.run(files, settings, Project(settings), rules, write=False, jobs=2)
    assert [r.path for r in results] == [str(p) for p in files]
    failed = [r for r in results if r.status == "failed" and "worker process died" in r.message]
    assert [r.path for r in failed] == [str(victim)]
    assert sum(r.status == "changed" for r in results) > 10


def test_small_runs_do_not_import_the_pool(tmp_path):
    code = ("import sys; from pathlib import Path; from hxmigrate.app import Options, run_cli; "
            "run_cli(Options(paths=[Path(sys.argv[1])], quiet=True)); "
            "print('concurrent.futures' in sys.modules, 'multiprocessing' in sys.modules)")
    page = tmp_path / "page.html"
    page.write_text(PAGE_2X)
    out = subprocess.run([sys.executable, "-c", code, str(page)], capture_output=True, text=True, timeout=60).stdout
    assert out.split()[-2:] == ["False", "False"]
