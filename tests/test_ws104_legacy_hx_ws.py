"""WS104: htmx 1.x `hx-ws`, read as the runtime that ran it (htmx 1.x's own attribute or
the 2.x extension), decided by the page's htmx core, else the project's."""

from __future__ import annotations

import pytest

from hxmigrate.analysis.project import Project, Provisional
from hxmigrate.rules.websockets.ws104_legacy_hx_ws import _as_extension, _as_htmx1
from hxmigrate.testing import make_settings, run


@pytest.mark.parametrize(
    "value, extension, htmx1",
    [
        # Both runtimes split on whitespace and take "connect:" + at least one character.
        ("connect:/u", (("/u",), False), (("/u",), False)),
        ("send", ((), True), ((), True)),
        # The extension sends only for the whole value "send"; htmx 1.x for any send word.
        (" send", ((), False), ((), True)),
        ("send:submit", ((), False), ((), True)),
        ("connect:/u send", (("/u",), False), (("/u",), True)),
        # The extension connects to the first URL; htmx 1.x opened one socket per word.
        ("connect:/a connect:/b", (("/a",), False), (("/a", "/b"), False)),
        # Neither reads these.
        ("connect: send: sendx frobnicate", ((), False), ((), False)),
        ("connect:/u:9000/x", (("/u:9000/x",), False), (("/u:9000/x",), False)),
    ],
)
def test_how_each_runtime_read_a_value(value, extension, htmx1):
    assert _as_extension(value) == extension
    assert _as_htmx1(value) == htmx1


PARTIAL = '<div hx-ws="connect:/ws/feed send"></div>\n<form hx-ws="send:submit"></form>\n'


@pytest.mark.parametrize(
    "majors, expected",
    [
        # The project's pages load htmx 1.x: its own hx-ws ran the partial.
        ({1}, '<div hx-ws:connect="/ws/feed" hx-ws:send hx-swap="none"></div>\n<form hx-ws:send></form>\n'),
        # htmx 2.x: only the extension read it, which never sent for these values.
        ({2}, '<div hx-ws:connect="/ws/feed" hx-swap="none"></div>\n<form hx-ws="send:submit"></form>\n'),
        # Unknown or both: reported, unchanged.
        (set(), PARTIAL),
        ({1, 2}, PARTIAL),
    ],
)
def test_a_partial_goes_by_the_htmx_core_the_project_loads(majors, expected):
    settings = make_settings()
    project = Project(settings, core_majors=frozenset(majors))
    fixed, first, _ = run(PARTIAL, filename="partial.html", settings=settings, project=project)
    assert fixed == expected
    assert [d.code for d in first].count("WS104") == 2


def test_the_page_s_own_core_wins_over_the_project_s():
    page = '<script src="https://unpkg.com/htmx.org@2.0.8/dist/htmx.min.js"></script>\n' + PARTIAL
    settings = make_settings()
    fixed, _, _ = run(page, settings=settings, project=Project(settings, core_majors=frozenset({1})))
    assert '<form hx-ws="send:submit"></form>' in fixed


@pytest.mark.parametrize(
    "name, text, majors",
    [
        ("base.html", '<script src="https://unpkg.com/htmx.org@1.9.12"></script>', {1}),
        ("base.html", "<script src='//cdn.jsdelivr.net/npm/htmx.org@2.0.8/dist/htmx.min.js'></script>", {2}),
        ("base.html", '<script src="https://cdnjs.cloudflare.com/ajax/libs/htmx/1.9.10/htmx.min.js"></script>', {1}),
        # The extension's script and htmx 4 say nothing about which core ran hx-ws.
        ("base.html", '<script src="https://unpkg.com/htmx-ext-ws@2.0.4/ws.js"></script>', set()),
        ("base.html", '<script src="https://unpkg.com/htmx.org@4.0.1/dist/htmx.min.js"></script>', set()),
        ("package.json", '{"dependencies": {"htmx.org": "^1.9.10"}}', {1}),
        ("package.json", '{"devDependencies": {"htmx.org": "~2.0.8", "htmx-ext-ws": "2.0.4"}}', {2}),
        ("package.json", '{"dependencies": {"htmx.org": "latest"}}', set()),
        ("package.json", "not json", set()),
        ("app.js", 'import "https://unpkg.com/htmx.org@1.9.12"', set()),
    ],
)
def test_the_project_read_finds_the_htmx_core(tmp_path, name, text, majors):
    (tmp_path / name).write_text(text)
    project = Project.build(make_settings(tmp_path), [tmp_path / name])
    assert project.core_majors == majors


def test_a_file_that_asked_for_the_core_is_read_again_when_the_project_names_one(tmp_path):
    settings = make_settings(tmp_path)
    provisional = Provisional(settings, False)
    fixed, _, _ = run(PARTIAL, filename="partial.html", settings=settings, project=provisional)
    assert fixed == PARTIAL and "core_majors" in provisional.asked
    page = tmp_path / "partial.html"
    assert provisional.same_answers({"core_majors"}, page, Project(settings))
    assert not provisional.same_answers({"core_majors"}, page, Project(settings, core_majors=frozenset({1})))


def test_values_both_runtimes_read_alike_ask_nothing_of_the_project(tmp_path):
    provisional = Provisional(make_settings(tmp_path), False)
    run('<div hx-ws="connect:/chat"><form hx-ws="send"></form></div>', settings=provisional.settings,
        project=provisional)
    assert "core_majors" not in provisional.asked


def test_a_second_write_over_a_project_whose_cores_were_rewritten_changes_nothing(tmp_path):
    """The project's htmx 1/2 cores tell how to read a page's hx-ws until HX301 rewrites them
    to htmx 4: from then on the project tells nothing, so a second run must not read the
    hx-ws it left (found writing twice over the fixtures)."""
    import subprocess
    import sys

    (tmp_path / "one.html").write_text('<script src="https://unpkg.com/htmx.org@1.9.12"></script>\n')
    # a dependency no rule rewrites: after the first write, the project's only htmx 1/2 major
    (tmp_path / "package.json").write_text('{"dependencies": {"htmx.org": "^2.0.8"}}\n')
    (tmp_path / "part.html").write_text('<div hx-ws="connect:/a send"><form hx-ws="send:submit"></form></div>\n')

    def write():
        subprocess.run([sys.executable, "-m", "hxmigrate", ".", "--write"], cwd=tmp_path, capture_output=True,
                       timeout=120)
        return {p.name: p.read_text() for p in tmp_path.iterdir()}

    first = write()
    assert write() == first


def test_a_templated_hx_ws_next_to_ws_connect_is_reported():
    """Found by the fuzzer: converting both made two hx-ws:connect on one element."""
    source = '<div hx-ws="connect:/rooms/{{ room.id }}" ws-connect="/chat"></div>\n'
    settings = make_settings(unsafe_fixes=True)
    fixed, found, _ = run(source, filename="page.jinja", settings=settings, select=["WS104"])
    assert fixed == source
    assert any(d.fix is None and "both connect this element" in d.message for d in found), [d.message for d in found]
