"""Files hxmigrate cannot rewrite are still read for traces of 2.x WebSocket code, never
written, and never a reason to stop: binary files pass unseen, other encodings are read
for their ASCII traces, prose is summed up without failing the run."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from clirun import hx

JAVA = 'class Page {\n\n  static final String PAGE = "<div hx-ext=\\"ws\\" ws-connect=\\"/chat\\"></div>";\n}\n'
GO = 'package main\n\nconst page = `<div hx-ext="ws" ws-connect="/chat"></div>`\n'


def findings(cwd: Path) -> tuple[list[tuple[str, int, str]], subprocess.CompletedProcess]:
    r = hx(".", "--output-format", "json", cwd=cwd)
    assert r.returncode in (0, 1), r.stderr
    return sorted((i["filename"].removeprefix("./"), i["location"]["row"], i["code"]) for i in json.loads(r.stdout)), r


def test_other_languages_are_reported_and_never_written(tmp_path):
    (tmp_path / "Page.java").write_text(JAVA)
    (tmp_path / "Hub.cs").write_bytes('// Zähler\nawait Clients.All.SendAsync("<span id=\\"n\\">1</span>");\nvar ext = "htmx-ext-ws";\n'
                                      .encode("latin-1"))
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    found, r = findings(tmp_path)
    assert found == [("Hub.cs", 3, "WS501"), ("Page.java", 3, "WS501")]
    assert "cannot read Java files" in r.stdout and "cannot read C# files" in r.stdout
    w = hx(".", "--write", cwd=tmp_path)
    assert w.returncode == 1 and "0 failed" in w.stderr
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before


def test_binary_files_pass_unseen(tmp_path):
    (tmp_path / "blob").write_bytes(b"\x00\x01ws-connect\x00")
    (tmp_path / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\nws-connect")
    found, r = findings(tmp_path)
    assert found == [] and r.returncode == 0
    assert "skipped" in r.stderr and "0 skipped" in r.stderr


def test_a_lock_file_is_one_finding(tmp_path):
    lock = {"packages": {"node_modules/htmx-ext-ws": {"version": "2.0.4",
                                                       "resolved": "https://registry.npmjs.org/htmx-ext-ws/-/htmx-ext-ws-2.0.4.tgz"}}}
    (tmp_path / "package-lock.json").write_text(json.dumps(lock, indent=2))
    found, r = findings(tmp_path)
    assert found == [("package-lock.json", 3, "WS501")]
    assert "lock file" in r.stdout


def test_prose_is_summed_up_and_fails_nothing(tmp_path):
    (tmp_path / "README.md").write_text("# Chat\n\nThe page opens `ws-connect`,\nthen `ws-send` posts.\n")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "ws.rst").write_text("Use ``htmx:wsAfterMessage``.\n")
    found, r = findings(tmp_path)
    assert found == [] and r.returncode == 0
    assert "2 prose files mention htmx 2 WebSocket or SSE constructs" in r.stderr
    assert "README.md (lines 3-4)" in r.stderr and "docs/ws.rst (line 1)" in r.stderr


def test_prose_about_the_sse_extension_is_summed_up(tmp_path):
    (tmp_path / "NOTES.md").write_text("# Feed\n\nThe feed listens with `sse-connect`;\n\nits rows with\n"
                                       "`hx-trigger=\"sse:row\"`. htmx 4's `hx-sse:connect` is no mention.\n")
    found, r = findings(tmp_path)
    assert found == [] and r.returncode == 0
    assert "1 prose file mentions htmx 2 WebSocket or SSE constructs" in r.stderr
    assert "NOTES.md (lines 3, 6)" in r.stderr, r.stderr


def test_suppressed_in_the_files_own_comment_syntax(tmp_path):
    (tmp_path / "Page.java").write_text(JAVA.replace("  static", "  // hxmigrate: ignore[WS501]\n  static"))
    (tmp_path / "main.go").write_text(GO.replace("const page", "// hxmigrate: ignore[WS409]\nconst page"))
    (tmp_path / "schema.sql").write_text("-- hxmigrate: ignore[WS501]\nINSERT INTO t VALUES ('ws-connect');\n")
    found, r = findings(tmp_path)
    assert found == [] and r.returncode == 0


def test_a_page_in_a_go_string_is_migrated_in_the_string(tmp_path):
    (tmp_path / "main.go").write_text(GO)
    found, r = findings(tmp_path)
    assert found == [("main.go", 3, "WS409")] * 3 and all(f"({c})" in r.stdout for c in ("WS101", "WS103", "WS111"))
    hx(".", "--write", cwd=tmp_path)
    assert (tmp_path / "main.go").read_text() == GO.replace('hx-ext="ws" ws-connect="/chat"',
                                                              'hx-ws:connect="/chat" hx-swap="none"')


def test_a_trace_no_rule_recognised_in_a_file_hxmigrate_reads(tmp_path):
    (tmp_path / "Chat.vue").write_text('<template>\n  <section hx-ext="ws" :ws-connect="url"></section>\n</template>\n')
    (tmp_path / "app.py").write_text("from fastapi import WebSocket\n\nasync def f(ws: WebSocket):\n    await ws.send_json({})\n")
    found, _ = findings(tmp_path)
    assert found == [("Chat.vue", 2, "WS103"), ("Chat.vue", 2, "WS502")]
    hx(".", "--write", cwd=tmp_path)
    found, r = findings(tmp_path)
    assert found == [("Chat.vue", 2, "WS502")] and "`ws-connect`" in r.stdout


def test_files_only_scanned_are_read_in_utf_16_too(tmp_path):
    """A UTF-16 requirements.txt or C# file is no error: it is read as it is, never written."""
    (tmp_path / "requirements.txt").write_bytes("channels\r\ndjango\r\n".encode("utf-16"))
    (tmp_path / "Page.cs").write_bytes('var html = "<div ws-connect=\\"/x\\"></div>";\n'.encode("utf-16"))
    found, r = findings(tmp_path)
    assert found == [("Page.cs", 1, "WS501")] and "0 failed" in r.stderr
