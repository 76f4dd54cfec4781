"""The lint gate: suppressions, per-file ignores, output formats, targets, config errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from hxmigrate.testing import make_settings, run

HAZARD = '<div hx-ws:connect="/feed" hx-trigger="revealed"></div>\n'


def hx(*args, cwd=None, env=None):
    full_env = dict(os.environ, NO_COLOR="1")
    full_env.pop("GITHUB_ACTIONS", None)
    full_env.update(env or {})
    # About the lint gate's output, not about what the server sends (WS111 has tests of its own).
    if args and args[0] not in ("--list-rules", "--explain"):
        args = (*args, "--ignore", "WS111")
    return subprocess.run([sys.executable, "-m", "hxmigrate", *map(str, args)], cwd=cwd, capture_output=True, text=True,
                          env=full_env, timeout=120)


def codes(text, filename="page.html", **kwargs):
    return [d.code for d in run(text, filename=filename, **kwargs)[1]]


@pytest.mark.parametrize(
    "text, expected",
    [
        pytest.param(HAZARD, ["WS106"], id="unsuppressed"),
        pytest.param("<!-- hxmigrate: ignore[WS106] -->\n" + HAZARD, [], id="html-comment-line-before"),
        pytest.param(HAZARD.rstrip("\n") + " <!-- hxmigrate: ignore[WS106] -->\n", [], id="html-comment-same-line"),
        pytest.param("{# hxmigrate: ignore[WS106] #}\n" + HAZARD, [], id="jinja-comment"),
        pytest.param("{# hxmigrate: ignore[WS1] #}\n" + HAZARD, [], id="family-prefix"),
        pytest.param("{# hxmigrate: ignore #}\n" + HAZARD, [], id="all-codes"),
        pytest.param("<!-- hxmigrate: ignore[WS106] -->\n\n" + HAZARD, ["WS901", "WS106"], id="two-lines-before-is-too-far"),
        pytest.param("<!-- hxmigrate: ignore[WS101] -->\n" + HAZARD, ["WS901", "WS106"], id="other-code-unused"),
        pytest.param("<!-- hxmigrate: ignore-file -->\n\n\n" + HAZARD, [], id="ignore-file"),
        pytest.param("<p>hxmigrate: ignore[WS106]</p>\n" + HAZARD, ["WS106"], id="not-in-a-comment"),
    ],
)
def test_markup_suppressions(text, expected):
    assert codes(text) == expected


def test_unused_suppression_can_be_ignored():
    text = "<!-- hxmigrate: ignore[WS101] -->\n<p></p>\n"
    assert codes(text) == ["WS901"]
    assert codes(text, settings=make_settings(ignore=["WS901"])) == []


def test_per_file_ignores(tmp_path):
    settings = make_settings(tmp_path, per_file_ignores={"legacy/*.html": ["WS106"]})
    assert codes(HAZARD, filename="legacy/a.html", settings=settings) == []
    assert codes(HAZARD, filename="new/a.html", settings=settings) == ["WS106"]


@pytest.fixture
def page(tmp_path):
    f = tmp_path / "page.html"
    f.write_text('<div ws-connect="/chat">\n' + HAZARD)
    return f


def test_full_format_shows_the_line_and_a_caret(page):
    out = hx(page).stdout
    assert f"{page}:1:6: WS101 [*] " in out
    assert '1 | <div ws-connect="/chat">' in out
    assert "  |      ^^^^^^^^^^" in out


def test_concise_format(page):
    lines = hx(page, "--output-format", "concise").stdout.splitlines()
    assert lines[0].startswith(f"{page}:1:6: WS101 [*] ")
    assert lines[1].startswith(f"{page}:2:28: WS106 ")


def test_github_format_is_automatic_under_actions(page):
    out = hx(page, env={"GITHUB_ACTIONS": "true"}).stdout.splitlines()
    assert out[0].startswith(f"::error title=hxmigrate (WS101),file={page},line=1,col=6,endLine=1,endColumn=16::")
    assert hx(page, "--output-format", "github").stdout.splitlines() == out


def test_sarif_is_structurally_valid(page):
    doc = json.loads(hx(page, "--output-format", "sarif").stdout)
    assert doc["version"] == "2.1.0" and "sarif-2.1.0" in doc["$schema"]
    (run_,) = doc["runs"]
    driver = run_["tool"]["driver"]
    assert driver["name"] == "hxmigrate" and driver["version"]
    ids = [r["id"] for r in driver["rules"]]
    assert len(ids) == len(set(ids))
    for rule in driver["rules"]:
        assert rule["shortDescription"]["text"] and rule["fullDescription"]["text"]
    assert [r["ruleId"] for r in run_["results"]] == ["WS101", "WS106"]
    for result in run_["results"]:
        assert driver["rules"][result["ruleIndex"]]["id"] == result["ruleId"]
        assert result["level"] in ("error", "warning", "note")
        region = result["locations"][0]["physicalLocation"]["region"]
        assert region["startLine"] >= 1 and region["startColumn"] >= 1
        assert result["message"]["text"]
    fix = run_["results"][0]["fixes"][0]["artifactChanges"][0]["replacements"][0]
    assert fix["insertedContent"]["text"] == "hx-ws:connect"
    assert "fixes" not in run_["results"][1]


def test_json_carries_fix_availability(page):
    items = json.loads(hx(page, "--output-format", "json").stdout)
    assert [(i["code"], i["fix_available"], i["fix"] is not None) for i in items] == [
        ("WS101", "sometimes", True), ("WS106", "never", False)]


def test_statistics(page):
    out = hx(page, "--statistics").stdout.splitlines()
    assert [line.split("\t")[:2] for line in out] == [["    1", "WS101"], ["    1", "WS106"]]


def test_no_color_when_piped(page):
    assert "\x1b[" not in hx(page, env={"NO_COLOR": ""}).stdout
    assert "\x1b[" in hx(page, env={"FORCE_COLOR": "1", "NO_COLOR": ""}).stdout


@pytest.mark.parametrize(
    "files, expected",
    [
        ({"package.json": '{"dependencies": {"htmx.org": "4.0.0-alpha6"}}'}, "4.0-alpha"),
        ({"package.json": '{"dependencies": {"htmx.org": "^4.0.1"}}'}, "4.0"),
        ({"static/htmx.js": "/* htmx 4.0.0-alpha2 */ var htmx = { version: '4.0.0-alpha2' }"}, "4.0-alpha"),
        ({"page.html": '<script src="https://unpkg.com/htmx.org@4.0.0-alpha8/dist/htmx.js"></script>'}, "4.0-alpha"),
        ({"package.json": '{"dependencies": {"htmx.org": "2.0.8"}}'}, "4.0"),
        ({}, "4.0"),
    ],
)
def test_target_auto(tmp_path, files, expected):
    from hxmigrate.analysis.detect import detect_target

    for rel, content in files.items():
        f = tmp_path / rel
        f.parent.mkdir(parents=True, exist_ok=True)
        f.write_text(content)
    assert detect_target(tmp_path, [tmp_path]) == expected


@pytest.mark.parametrize(
    "toml, key",
    [
        ('target = "5"', "'target'"),
        ("select = \"WS1\"", "'select'"),
        ('oob-style = "inline"', "'oob-style'"),
        ("per-file-ignores = { \"a\" = \"WS1\" }", "'per-file-ignores'"),
        ("ws-message-templates = [1]", "'ws-message-templates'"),
        ("colour = true", "'colour'"),
        ("unsafe-fixes = \"yes\"", "'unsafe-fixes'"),
    ],
)
def test_config_errors(tmp_path, toml, key):
    (tmp_path / "pyproject.toml").write_text(f"[tool.hxmigrate]\n{toml}\n")
    (tmp_path / "a.html").write_text("<p></p>")
    r = hx(tmp_path)
    assert r.returncode == 2 and key in r.stderr, r.stderr


def test_broken_toml_is_an_error(tmp_path):
    (tmp_path / "pyproject.toml").write_text("[tool.hxmigrate\n")
    (tmp_path / "a.html").write_text("<p></p>")
    # A pyproject.toml that is not TOML is not ours to judge unless it is given.
    assert hx(tmp_path, "--config", tmp_path / "pyproject.toml").returncode == 2


def test_exit_code_table(tmp_path):
    clean = tmp_path / "clean.html"
    clean.write_text("<p></p>\n")
    dirty = tmp_path / "dirty.html"
    dirty.write_text(HAZARD)
    assert hx(clean).returncode == 0
    assert hx(dirty).returncode == 1
    assert hx(dirty, "--exit-zero").returncode == 0
    assert hx(tmp_path / "missing.html").returncode == 2
    assert hx(clean, "--select", "NOPE").returncode == 2


@pytest.mark.parametrize(
    "filename, text, expected",
    [
        pytest.param("a.js", 'el.setAttribute("ws-connect", "/x");\n', ["WS310"], id="js-unsuppressed"),
        pytest.param("a.js", '// hxmigrate: ignore[WS310]\nel.setAttribute("ws-connect", "/x");\n', [], id="js-line-before"),
        pytest.param("a.js", 'el.setAttribute("ws-connect", "/x"); // hxmigrate: ignore[WS310]\n', [], id="js-same-line"),
        pytest.param("a.js", '/* hxmigrate: ignore[WS3] */\nel.setAttribute("ws-connect", "/x");\n', [], id="js-block-comment"),
        pytest.param("a.py", 'SELECTOR = "[ws-connect]"\n', ["WS403"], id="python-unsuppressed"),
        pytest.param("a.py", '# hxmigrate: ignore[WS403]\nSELECTOR = "[ws-connect]"\n', [], id="python-line-before"),
        pytest.param("a.py", 'SELECTOR = "[ws-connect]"  # hxmigrate: ignore[WS403]\n', [], id="python-same-line"),
        pytest.param("a.py", '# hxmigrate: ignore-file\n\nSELECTOR = "[ws-connect]"\n', [], id="python-ignore-file"),
        pytest.param("a.py", 'NOTE = "hxmigrate: ignore[WS403]"\nSELECTOR = "[ws-connect]"\n', ["WS403"], id="python-string-is-no-comment"),
    ],
)
def test_suppressions_in_code(filename, text, expected):
    assert codes(text, filename=filename) == expected


def test_progress_bar_only_on_a_terminal(monkeypatch):
    import io

    from hxmigrate.app import _Progress

    class Tty(io.StringIO):
        def isatty(self):
            return True

    monkeypatch.delenv("CI", raising=False)
    monkeypatch.delenv("TERM", raising=False)
    tty = Tty()
    bar = _Progress(400, tty)
    assert bar.enabled
    for done in (1, 2, 200, 400):
        bar.update(done)
    bar.done()
    assert "[###############...............] 200/400 files" in tty.getvalue()
    # a report written while the bar is shown takes it off its line; the next update draws it again
    bar = _Progress(400, Tty())
    bar.update(100)
    bar.clear()
    assert bar.stream.getvalue().endswith("\r\x1b[2K")
    bar.update(100)
    assert bar.stream.getvalue().endswith("100/400 files")
    assert not _Progress(400, io.StringIO()).enabled  # piped
    assert not _Progress(10, Tty()).enabled  # short run
    monkeypatch.setenv("CI", "true")
    assert not _Progress(400, Tty()).enabled
