"""The pool starts on the files while the project is read (runner._run_ahead): a file
whose result depended on what the project turned out to be is read again, so a parallel
run prints and writes exactly what a serial one does."""

from __future__ import annotations

import gc
import shutil
from pathlib import Path

import pytest

from hxmigrate import runner
from hxmigrate.analysis.project import Project, Provisional
from hxmigrate.app import Options, run_cli
from hxmigrate.engine import FileResult
from hxmigrate.testing import make_settings

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
PAGE_2X = '<div hx-ext="ws" ws-connect="/chat">\n  <form ws-send><input name="m"></form>\n</div>\n'


def _project(root: Path) -> None:
    """Server code that makes templates message templates, a page that turns implicit
    inheritance on, a meta tag with a reconnect setting, a script that sets it too, and
    enough plain pages for the pool."""
    shutil.copytree(FIXTURES / "channels-project", root, ignore=shutil.ignore_patterns(".expected"))
    pages = root / "pages"
    pages.mkdir()
    for i in range(80):
        body = PAGE_2X if i % 4 == 0 else f'<p id="p{i}" hx-get="/x/{i}">plain {i}</p>\n'
        (pages / f"page{i:03d}.html").write_text(body)
    (pages / "base.html").write_text(
        '<meta name="htmx-config" content=\'{"wsReconnectDelay": "full-jitter"}\'>\n'
        "<script>htmx.config.implicitInheritance = true;</script>\n"
        '<script>htmx.config.wsReconnectDelay = function (n) { return 1000 * n; };</script>\n'
        + PAGE_2X)


def _run(root: Path, capsys, monkeypatch, mode: str, jobs: int):
    monkeypatch.chdir(root)
    code = run_cli(Options(paths=[Path(".")], mode=mode, output_format="concise", jobs=jobs))
    out, err = capsys.readouterr()
    files = {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}
    return code, out, err, files


@pytest.mark.parametrize("mode", ["check", "write", "diff"])
def test_a_parallel_run_is_the_serial_run(tmp_path, capsys, monkeypatch, mode):
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    answers = []
    same = Provisional.same_answers

    def noted(self, asked, abspath, project):
        answers.append(same(self, asked, abspath, project))
        return answers[-1]

    monkeypatch.setattr(Provisional, "same_answers", noted)
    outputs = []
    for jobs in (1, 2):
        root = tmp_path / f"j{jobs}"
        _project(root)
        outputs.append(_run(root, capsys, monkeypatch, mode, jobs))
    serial, parallel = outputs
    assert len(serial[3]) > runner.POOL_THRESHOLD
    # The project's facts did change results: message templates found through the
    # consumers, and hazards that only implicit inheritance and the meta tag bring.
    assert "WS201" in serial[1] or mode == "diff"
    assert parallel == serial
    # Most guesses stood; the files that asked what the project answered otherwise were read again.
    assert answers.count(True) > 50 and answers.count(False) >= 3


def _read(root: Path, monkeypatch):
    """The project of ``_project``, read: (settings, its files, the project)."""
    _project(root)
    monkeypatch.chdir(root)
    settings = make_settings(root)
    files = sorted(p for p in root.rglob("*") if p.is_file())
    return settings, files, Project.build(settings, files)


def test_only_files_that_asked_a_different_answer_are_read_again(tmp_path, monkeypatch):
    tmp_path = tmp_path / "project"
    settings, files, project = _read(tmp_path, monkeypatch)
    assert project.discovered and project.implicit_inheritance and project.meta_config_keys
    provisional = Provisional(settings, Project.discovery_certain(settings, files))
    message = next(iter(project.discovered))
    plain = (tmp_path / "pages" / "page001.html").resolve()
    assert not provisional.same_answers({"discovered"}, message, project)
    assert provisional.same_answers({"discovered"}, plain, project)
    assert not provisional.same_answers({"implicit_inheritance"}, plain, project)
    assert not provisional.same_answers({"meta_config_keys"}, plain, project)
    assert provisional.same_answers({"uses_discovered"}, plain, project)
    assert provisional.same_answers(set(), message, project)


def test_a_parallel_write_writes_what_it_read_or_nothing(tmp_path, capsys, monkeypatch):
    # The workers' first reading of a file is written when the project answers it alike,
    # over the file as it was read: one changed on disk meanwhile is left as it is now.
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    root = tmp_path / "project"
    _project(root)
    core = '<button hx-on::after-request="go()">a</button>\n'  # HX201 rewrites it
    for i in range(8):
        (root / "pages" / f"core{i}.html").write_text(core)
    with_2x = {p.resolve() for p in (root / "pages").glob("core*.html")}
    chunk = runner._chunk
    changed = []

    def meanwhile(items, jobs):
        # called with the first readings to write, before they are handed to the workers
        for item in items:
            path = Path(item[1].path).resolve() if isinstance(item, tuple) and isinstance(item[1], FileResult) else None
            if not changed and path in with_2x:
                path.write_text(core + "<!-- edited meanwhile -->\n")
                changed.append(path)
        return chunk(items, jobs)

    monkeypatch.setattr(runner, "_chunk", meanwhile)
    code, out, err, files = _run(root, capsys, monkeypatch, "write", 2)
    assert changed
    name = changed[0].relative_to(root.resolve()).as_posix()
    assert files[name] == (core + "<!-- edited meanwhile -->\n").encode()
    assert changed[0].name in out + err and "changed while it was being migrated" in out + err
    # the other pages were written from their first reading
    written = [p for p in with_2x if p not in changed]
    assert len(written) == 7
    assert all(files[p.relative_to(root.resolve()).as_posix()] == b'<button hx-on::after:request="go()">a</button>\n'
               for p in written)


def test_the_quick_facts_are_the_projects_answers_before_it_is_read(tmp_path, monkeypatch):
    # Read from the files' bytes before the workers start: a file that asked only these is
    # never read again.
    tmp_path = tmp_path / "project"
    settings, files, project = _read(tmp_path, monkeypatch)
    quick = Project.quick_facts(settings, files)
    assert quick["implicit_inheritance"] and quick["meta_config_keys"] and quick["ws_used"]
    provisional = Provisional(settings, Project.discovery_certain(settings, files), quick)
    plain = (tmp_path / "pages" / "page001.html").resolve()
    for fact, answer in quick.items():
        assert getattr(provisional, fact) == answer
        assert provisional.same_answers({fact}, plain, project), fact
    assert provisional.asked == set(quick)
    # a fact the quick read does not tell is still the project's to answer
    message = next(iter(project.discovered))
    assert not provisional.same_answers({"discovered"}, message, project)
    # and an answer that differs from the project's is noticed
    provisional = Provisional(settings, True, {**quick, "implicit_inheritance": False})
    assert not provisional.same_answers({"implicit_inheritance"}, plain, project)


def test_a_project_without_sse_reads_no_streams(tmp_path):
    from hxmigrate.analysis import sse_streams

    (tmp_path / "page.html").write_text('<div hx-get="/x" hx-trigger="load">event: x</div>\n')
    (tmp_path / "app.js").write_text('document.body.addEventListener("htmx:load", () => {});\n')
    (tmp_path / "views.py").write_text('def f():\n    return "event: news\\ndata: x\\n\\n"\n')
    settings = make_settings(tmp_path)
    files = sorted(tmp_path.iterdir())
    assert Project.build(settings, files)._sse_streams is None
    assert sse_streams.read(settings, files) == sse_streams.NO_STREAMS
    # a page that connects is read
    (tmp_path / "live.html").write_text('<div hx-ext="sse" sse-connect="/s" sse-swap="news"></div>\n')
    files = sorted(tmp_path.iterdir())
    project = Project.build(settings, files)
    assert project._sse_streams is not None and project.sse_streams == sse_streams.read(settings, files)
    assert project.sse_streams != sse_streams.NO_STREAMS


def test_the_provisional_project_notes_what_a_file_asks(tmp_path):
    settings = make_settings(tmp_path)
    provisional = Provisional(settings, True)
    assert not provisional.implicit_inheritance and not provisional.meta_config_keys
    assert provisional.template_uses == {} and provisional.uses_discovered
    assert provisional.asked == {"implicit_inheritance", "meta_config_keys", "template_uses", "uses_discovered"}


def test_a_dead_worker_costs_one_file_while_the_project_is_read(tmp_path):
    from hxmigrate.rules import Rule, select_rules

    for i in range(100):
        (tmp_path / f"page{i:03d}.html").write_text(PAGE_2X if i % 3 == 0 else f"<p id='p{i}'>plain</p>\n")
    victim = tmp_path / "page010.html"
    victim.write_text(PAGE_2X + "<!-- KILL-WORKER -->\n")

    class KillerRule(Rule):
        __slots__ = ()

        def check(self, file):
            if "KILL-WORKER" in file.text:
                import os

                os._exit(70)  # as a crash in native code or the out-of-memory killer would
            return ()

    killer = KillerRule("WS999", "kill-worker", ("markup",), "never", "safe", (), __name__)
    settings = make_settings(tmp_path)
    files = sorted(tmp_path.rglob("*.html"))
    built = []

    def build():
        built.append(1)
        return Project.build(settings, files)

    results = runner.run(files, settings, build, select_rules(None) + (killer,), write=False, jobs=2)
    assert [r.path for r in results] == [str(p) for p in files]
    failed = [r for r in results if r.status == "failed"]
    assert [r.path for r in failed] == [str(victim)] and "worker process died" in failed[0].message
    assert sum(r.status == "changed" for r in results) > 20
    assert len(built) == 1  # the project is read once, whatever happened to the pool


@pytest.mark.parametrize("name", ["template-helpers", "group-send", "websocket-endpoint"])
def test_python_read_through_other_modules_is_read_again(tmp_path, capsys, monkeypatch, name):
    """A module whose findings come from another module (a function whose return value is sent
    elsewhere, a Channels handler or a receiver in another module) is read again once the
    project is known: the parallel run finds what the serial one finds."""
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    outputs = []
    for jobs in (1, 2):
        root = tmp_path / f"j{jobs}"
        shutil.copytree(FIXTURES / "python-projects" / name, root, ignore=shutil.ignore_patterns(".expected"))
        for i in range(70):
            (root / f"plain{i:03d}.html").write_text(f'<p id="p{i}">plain {i}</p>\n')
        outputs.append(_run(root, capsys, monkeypatch, "write", jobs))
    serial, parallel = outputs
    assert len(serial[3]) > runner.POOL_THRESHOLD
    assert parallel == serial
    expected = FIXTURES / "python-projects" / name / ".expected"
    for rel, data in serial[3].items():
        if rel.endswith(".py"):
            assert data == (expected / rel).read_bytes(), rel


def test_results_come_in_order_and_few_are_kept_meanwhile(tmp_path, monkeypatch):
    # Each result is given once the files before it are done; the workers run at most AHEAD
    # files ahead of the first file not given, so a run over any number of files keeps a
    # bounded number of results (a --check over 50,000 files held every finding to its end).
    root = tmp_path / "project"
    _project(root)
    for i in range(240):
        (root / "pages" / f"more{i:03d}.html").write_text(PAGE_2X if i % 5 == 0 else f"<p hx-get='/m/{i}'>{i}</p>\n")
    for i in range(0, 240, 40):  # Python modules among the pages, which wait for the project
        (root / "pages" / f"more{i:03d}_view.py").write_text("from channels.generic.websocket import WebsocketConsumer\n")
    monkeypatch.setattr(runner, "AHEAD", 24)
    monkeypatch.setattr(runner, "MAX_CHUNK", 4)
    most = []

    frozen = []

    class Noted(runner._InOrder):
        def put(self, i, result):
            super().put(i, result)
            most.append(len(self.waiting))
            frozen.append(gc.get_freeze_count())

    monkeypatch.setattr(runner, "_InOrder", Noted)
    settings = make_settings(root)
    files = sorted(p for p in root.rglob("*") if p.is_file() and settings.kind_of(p))
    assert len(files) > 10 * runner.AHEAD

    def build():
        return Project.build(settings, files)

    from hxmigrate.rules import select_rules

    parallel = list(runner.results(files, settings, build, select_rules(None), write=False, jobs=2, settle=False))
    serial = runner.run(files, settings, build, select_rules(None), write=False, jobs=1, settle=False)
    assert [r.path for r in parallel] == [str(p) for p in files]
    assert [(r.status, [(d.code, d.start) for d in r.diagnostics]) for r in parallel] == \
        [(r.status, [(d.code, d.start) for d in r.diagnostics]) for r in serial]
    assert sum(r.status == "changed" for r in parallel) > 50
    assert len(most) == len(files) and max(most) < runner.AHEAD + runner.MAX_CHUNK
    # what the forked processes inherited was frozen while they ran (their collector leaves
    # it alone), and is collected again in this process afterwards
    assert min(frozen[:len(files)]) > 0 and gc.get_freeze_count() == 0
