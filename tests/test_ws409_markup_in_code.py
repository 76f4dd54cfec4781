"""WS409: pages and fragments written in Go and Rust strings get the markup rules' rewrites,
written back into the literals; the strings a server sends are left to the message rules."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from clirun import hx

# (file name, source, the source after --write, the rules whose findings WS409 carries)
ROWS = [
    ("main.go",
     'package main\n\nvar page = template.Must(template.New("").Parse(`<div hx-ext="ws" ws-connect="/e">\n'
     '{{ range .Items }}<p>{{ . }}</p>{{ end }}\n<form ws-send></form></div>`))\n',
     'package main\n\nvar page = template.Must(template.New("").Parse(`<div hx-ws:connect="/e" hx-swap="none">\n'
     '{{ range .Items }}<p>{{ . }}</p>{{ end }}\n<form hx-ws:send></form></div>`))\n',
     ["WS101", "WS102", "WS103"]),
    ("main.go",
     'package main\n\nfunc page(url string) string {\n'
     '\treturn fmt.Sprintf("<main hx-ext=\\"ws\\" ws-connect=\\"%s\\">100%%</main>", url)\n}\n',
     'package main\n\nfunc page(url string) string {\n'
     '\treturn fmt.Sprintf("<main hx-ws:connect=\\"%s\\" hx-swap=\\"none\\">100%%</main>", url)\n}\n',
     ["WS101", "WS103"]),
    ("src/main.rs",
     'fn page(url: &str) -> String {\n    format!(r#"<main hx-ext="ws" ws-connect="{url}"><b>{{x}}</b></main>"#)\n}\n',
     'fn page(url: &str) -> String {\n    format!(r#"<main hx-ws:connect="{url}" hx-swap="none"><b>{{x}}</b></main>"#)\n}\n',
     ["WS101", "WS103"]),
    ("src/main.rs",
     'fn page() -> String {\n    String::from("<div hx-ext=\\"ws\\" ws-connect=\\"/ws\\">") + "</div>"\n}\n',
     'fn page() -> String {\n    String::from("<div hx-ws:connect=\\"/ws\\" hx-swap=\\"none\\">") + "</div>"\n}\n',
     ["WS101", "WS103"]),
]


@pytest.mark.parametrize("name, source, after, carried", ROWS, ids=["go-template", "go-format", "rust-format",
                                                                     "rust-chain"])
def test_markup_in_code_strings_is_migrated(tmp_path: Path, name, source, after, carried):
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(source)
    r = hx(".", "--output-format", "json", cwd=tmp_path)
    assert r.returncode == 1, r.stderr
    found = [i for i in json.loads(r.stdout) if i["code"] == "WS409"]
    assert sorted({c for c in carried for i in found if f"({c})" in i["message"]}) == carried
    hx(".", "--write", cwd=tmp_path)
    assert path.read_text() == after
    again = hx(".", "--write", cwd=tmp_path)
    assert path.read_text() == after, again.stderr


def test_a_string_the_server_sends_is_left_to_the_message_rules(tmp_path: Path):
    (tmp_path / "main.go").write_text(
        'package main\n\nimport "github.com/gorilla/websocket"\n\nfunc f(c *websocket.Conn) {\n'
        '\tc.WriteMessage(websocket.TextMessage, []byte(`<div id="a" hx-on::ws-after-message="x()">1</div>`))\n}\n')
    r = hx(".", "--output-format", "json", cwd=tmp_path)
    codes = sorted(i["code"] for i in json.loads(r.stdout))
    assert "WS409" not in codes and "WS201" in codes


def test_a_page_in_a_javascript_template_literal_is_migrated(tmp_path: Path):
    source = ('import { html } from "hono/html";\n\napp.get("/", (c) => c.html(html`<main hx-ext="ws" ws-connect="/c">\n'
              '  <form ws-send>${c.req.query("x")}</form></main>`));\n')
    (tmp_path / "index.ts").write_text(source)
    r = hx(".", "--output-format", "json", cwd=tmp_path)
    found = json.loads(r.stdout)
    assert {i["code"] for i in found} == {"WS409"}, found  # WS310 leaves these names to WS409
    hx(".", "--write", cwd=tmp_path)
    assert (tmp_path / "index.ts").read_text() == source.replace('hx-ext="ws" ws-connect="/c"',
                                                                  'hx-ws:connect="/c" hx-swap="none"').replace(
        "<form ws-send>", "<form hx-ws:send>")
