"""The command line as users run it: modes, exit codes, files, stdin, writes."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

PAGE_2X = '<div hx-ext="ws" ws-connect="/chat">\n  <form ws-send><input name="m"></form>\n</div>\n'
PAGE_4X = '<div hx-ws:connect="/chat" hx-swap="none">\n  <form hx-ws:send><input name="m"></form>\n</div>\n'


def hx(*args, cwd=None, input=None):
    # These tests are about the command line; what the server sends (WS111) has tests of its own.
    env = dict(os.environ, NO_COLOR="1")
    env.pop("GITHUB_ACTIONS", None)
    if args and args[0] not in ("--list-rules", "--explain"):
        args = (*args, "--ignore", "WS111")
    return subprocess.run(
        [sys.executable, "-m", "hxmigrate", *map(str, args)],
        cwd=cwd, input=input, capture_output=True, text=True, env=env, timeout=120,
    )


@pytest.fixture
def project(tmp_path):
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "chat.html").write_text(PAGE_2X)
    (tmp_path / "templates" / "plain.html").write_text("<p>nothing here</p>\n")
    return tmp_path


def test_check_reports_and_exits_1(project):
    r = hx(project / "templates")
    assert r.returncode == 1
    assert "chat.html:1:6: WS103" in r.stdout
    assert "chat.html:1:18: WS101" in r.stdout
    assert "chat.html:2:9: WS102" in r.stdout
    assert "1 file would change, 1 unchanged, 0 skipped, 0 failed" in r.stderr
    assert (project / "templates" / "chat.html").read_text() == PAGE_2X


def test_explicit_check_mode_is_the_same(project):
    assert hx(project / "templates", "--check").stdout == hx(project / "templates").stdout


def test_write_then_clean(project):
    r = hx(project / "templates", "--write")
    assert r.returncode == 0, r.stderr
    assert (project / "templates" / "chat.html").read_text() == PAGE_4X
    assert "1 file changed" in r.stderr
    again = hx(project / "templates", "--write")
    assert again.returncode == 0 and "0 files changed" in again.stderr
    assert hx(project / "templates", "--check").returncode == 0


def test_exit_non_zero_on_fix(project):
    assert hx(project / "templates", "--write", "--exit-non-zero-on-fix").returncode == 1
    assert hx(project / "templates", "--write", "--exit-non-zero-on-fix").returncode == 0


def test_write_exits_1_when_findings_remain(tmp_path):
    page = tmp_path / "p.html"
    page.write_text('<div ws-connect="/feed" hx-trigger="revealed"></div>\n')
    r = hx(page, "--write")
    assert r.returncode == 1
    assert "WS106" in r.stdout and "WS101" not in r.stdout


def test_exit_zero(project):
    assert hx(project / "templates", "--exit-zero").returncode == 0


def test_diff_writes_nothing(project):
    r = hx(project / "templates", "--diff")
    assert r.returncode == 1
    assert '-<div hx-ext="ws" ws-connect="/chat">' in r.stdout
    assert '+<div hx-ws:connect="/chat" hx-swap="none">' in r.stdout
    assert (project / "templates" / "chat.html").read_text() == PAGE_2X


def test_stdin_write_prints_the_result():
    r = hx("-", "--stdin-filename", "page.html", "--write", input=PAGE_2X)
    assert r.stdout == PAGE_4X
    assert r.returncode == 0


def test_stdin_check():
    r = hx("-", "--stdin-filename", "page.html", input=PAGE_2X, )
    assert r.returncode == 1 and "page.html:1:18: WS101" in r.stdout


def test_mode_and_crlf_and_bom_kept(tmp_path):
    page = tmp_path / "p.html"
    page.write_bytes(b"\xef\xbb\xbf" + PAGE_2X.replace("\n", "\r\n").encode())
    page.chmod(0o640)
    assert hx(page, "--write").returncode == 0
    assert page.read_bytes() == b"\xef\xbb\xbf" + PAGE_4X.replace("\n", "\r\n").encode()
    assert stat.S_IMODE(page.stat().st_mode) == 0o640
    assert not [p for p in tmp_path.iterdir() if p.name != "p.html"], "a temporary file was left behind"


def test_bad_files_are_reported_and_the_run_goes_on(tmp_path):
    (tmp_path / "latin1.html").write_bytes('<p ws-connect="/é">'.encode("latin-1"))
    (tmp_path / "binary.html").write_bytes(b"\x00\x01\x02ws-connect")
    (tmp_path / "good.html").write_text(PAGE_2X)
    r = hx(tmp_path, "--write")
    assert "latin1.html" in r.stderr and "not valid UTF-8" in r.stderr
    assert "binary.html: skipped: binary content" in r.stderr
    assert (tmp_path / "good.html").read_text() == PAGE_4X
    assert r.returncode == 2  # an error happened (a file could not be read as text)


def test_missing_path_is_an_error(tmp_path):
    r = hx(tmp_path / "nope")
    assert r.returncode == 2 and "no such file or directory" in r.stderr


def test_no_paths_is_a_usage_error():
    assert hx().returncode == 2


def test_gitignored_and_vendor_folders_are_skipped(tmp_path):
    (tmp_path / ".gitignore").write_text("build/\n*.generated.html\n")
    for rel in ("build/a.html", "node_modules/x/a.html", ".venv/a.html", "page.generated.html", "src/a.html"):
        f = tmp_path / rel
        f.parent.mkdir(parents=True, exist_ok=True)
        f.write_text(PAGE_2X)
    r = hx(tmp_path, "--output-format", "concise")
    files = {line.split(":")[0] for line in r.stdout.splitlines()}
    assert files == {str(tmp_path / "src" / "a.html")}


def test_select_and_ignore(project):
    r = hx(project / "templates", "--select", "WS101", "--output-format", "concise")
    assert {line.split()[1] for line in r.stdout.splitlines()} == {"WS101"}
    r = hx(project / "templates", "--ignore", "WS10", "--output-format", "concise")
    assert r.stdout == "" and r.returncode == 0
    assert hx(project / "templates", "--select", "XX1").returncode == 2


def test_json_output(project):
    r = hx(project / "templates", "--output-format", "json")
    items = json.loads(r.stdout)
    assert {i["code"] for i in items} == {"WS101", "WS102", "WS103"}
    connect = next(i for i in items if i["code"] == "WS101")
    assert connect["location"] == {"row": 1, "column": 18}
    assert connect["fix"]["applicability"] == "safe"
    assert {"start", "end", "content"} <= set(connect["fix"]["edits"][0])


def test_list_rules_and_explain():
    r = hx("--list-rules")
    assert r.returncode == 0 and "WS101" in r.stdout
    r = hx("--explain", "WS101")
    assert r.returncode == 0 and "What it does" in r.stdout and "Fix safety" in r.stdout
    assert hx("--explain", "WS999").returncode == 2


def test_config_errors_name_the_key(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.hxmigrate]\ntarget = "5.0"\n')
    (tmp_path / "a.html").write_text(PAGE_2X)
    r = hx(tmp_path)
    assert r.returncode == 2 and "'target'" in r.stderr
    (tmp_path / "pyproject.toml").write_text('[tool.hxmigrate]\nfrobnicate = 1\n')
    r = hx(tmp_path)
    assert r.returncode == 2 and "frobnicate" in r.stderr


def test_python_dash_m_and_console_script_agree(project):
    # The console script of the interpreter running the tests (the clone's .venv), never
    # whatever `hxmigrate` happens to be on PATH.
    exe = Path(sys.executable).parent / ("hxmigrate.exe" if os.name == "nt" else "hxmigrate")
    if not exe.is_file():
        pytest.fail(f"the hxmigrate console script is not installed next to {sys.executable}")
    r = subprocess.run([exe, str(project / "templates"), "--ignore", "WS111"], capture_output=True, text=True,
                       env=dict(os.environ, NO_COLOR="1"))
    assert r.stdout == hx(project / "templates").stdout


def test_meta_and_script_reconnect_settings_settle_in_one_write(tmp_path):
    """htmx 2 applied the meta tag after the page's scripts; the script setting is kept (and
    reported) before and after the meta tag is translated, so a second --write changes nothing."""
    (tmp_path / "base.html").write_text(
        "<meta name=\"htmx-config\" content='{\"wsReconnectDelay\": \"full-jitter\"}'>\n"
        '<script src="https://unpkg.com/htmx-ext-ws@2.0.4/dist/ws.js"></script>\n')
    (tmp_path / "page.html").write_text("<script>htmx.config.wsReconnectDelay = () => 2500;</script>\n")
    hx(tmp_path, "--write")
    first = {p.name: p.read_text() for p in tmp_path.iterdir()}
    assert '"ws": {' in first["base.html"]
    assert "wsReconnectDelay = () => 2500" in first["page.html"]
    second = hx(tmp_path, "--write")
    assert {p.name: p.read_text() for p in tmp_path.iterdir()} == first
    assert "0 files changed" in second.stderr and "WS301" in second.stdout


def test_the_tool_under_test_is_this_checkout():
    """The package the tests run is the one in this checkout, in-process and in the
    subprocesses the tests start; a copy installed elsewhere must not stand in for it."""
    repo = Path(__file__).resolve().parent.parent
    import hxmigrate

    assert Path(hxmigrate.__file__).resolve().is_relative_to(repo)
    r = subprocess.run([sys.executable, "-c", "import hxmigrate; print(hxmigrate.__file__)"],
                       capture_output=True, text=True, cwd="/", timeout=60)
    assert Path(r.stdout.strip()).resolve().is_relative_to(repo), r.stdout + r.stderr
