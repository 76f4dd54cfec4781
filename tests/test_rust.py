"""Rust: the value of string literals, what the Rust front-end traces into a send, and
what the payload rules read of the structs a received message is decoded into."""

from __future__ import annotations

from pathlib import Path

import pytest

from hxmigrate.analysis.discovery import _Project, discover_project
from hxmigrate.analysis.server import rust
from hxmigrate.syntax.rust import RustView, macro_format, string_text
from hxmigrate.testing import make_settings, run

# --- string values -----------------------------------------------------------------------

# (Rust expression, as a format?, its value, the opaque spans' text, the single ones' text)
VALUES = [
    ('"<p id=\\"x\\">hi</p>"', False, '<p id="x">hi</p>', [], []),
    ('r"<p id=x>\\n</p>"', False, "<p id=x>\\n</p>", [], []),
    ('r#"<p id="x">hi</p>"#', False, '<p id="x">hi</p>', [], []),
    ('r##"<a href="#"># "#</a>"##', False, '<a href="#"># "#</a>', [], []),
    ('"a\\tb\\x41\\u{e9}\\0"', False, "a\tbAé\0", [], []),
    ('"one \\\n    two"', False, "one two", [], []),
    ('"<p id=\\"{}\\">{name}</p>"', True, '<p id="{}">{name}</p>', ["{}", "{name}"], ["{}"]),
    ('r#"<style>p {{ color: red }}</style><b>{:>5}</b>"#', True, "<style>p { color: red }</style><b>{:>5}</b>",
     ["{:>5}"], ["{:>5}"]),
    ('"{0} {0:?}"', True, "{0} {0:?}", ["{0}", "{0:?}"], []),
    ('"{} {{"', False, "{} {{", [], []),
]


def _expr(source: str):
    view = RustView(f"fn f() {{\n    let v = {source};\n}}\n")
    let = next(view.walk({"let_declaration"}))
    return view, let.child_by_field_name("value")


@pytest.mark.parametrize("source, fmt, value, opaque, single", VALUES)
def test_string_value(source, fmt, value, opaque, single):
    view, node = _expr(source)
    st = string_text(view, node, fmt)
    assert st is not None
    assert st.text == value
    assert [st.text[a:b] for a, b, _ in st.opaque] == opaque
    assert [st.text[a:b] for a, b in st.single] == single


def test_a_character_maps_back_to_its_source():
    view, node = _expr('"<p id=\\"x\\">"')
    st = string_text(view, node)
    i = st.text.index('"')
    assert view.text[st.starts[i]:st.ends[i]] == '\\"'


@pytest.mark.parametrize("source", ['b"<p>"', 'br"<p>"', '"\\q"', "42"])
def test_byte_strings_and_invalid_literals_have_no_value(source):
    view, node = _expr(source)
    assert string_text(view, node) is None


def test_an_unmatched_brace_is_not_read_as_a_format():
    view, node = _expr('"a { b"')
    assert string_text(view, node, True) is None
    assert string_text(view, node, False).text == "a { b"


def test_the_format_of_a_macro():
    view = RustView('fn f() { write!(out, "<p>{}</p>", 1); let s = format!(r#"<b id="x">"#); vec!["<i>"]; }\n')
    macros = list(view.walk({"macro_invocation"}))
    assert [view.text_of(macro_format(view, m)) if macro_format(view, m) is not None else None for m in macros] \
        == ['"<p>{}</p>"', 'r#"<b id="x">"#', None]


# (literal, as a format?, generated text, how it is written there: None when it cannot be,
# whether the written text can stand in the literal)
ESCAPES = [
    ('"x"', False, '<hx-partial hx-target="#a">', '<hx-partial hx-target=\\"#a\\">', True),
    ('"x"', False, "a\nb\\", "a\nb\\\\", True),
    ('r"x"', False, "<hx-partial hx-target='#a'>", "<hx-partial hx-target='#a'>", True),
    ('r"x"', False, '<p id="a">', None, False),
    ('r#"x"#', False, '<hx-partial hx-target="a">', '<hx-partial hx-target="a">', True),
    ('r#"x"#', False, '<hx-partial hx-target="#a">', None, False),
    ('r##"x"##', False, '<hx-partial hx-target="#a">', '<hx-partial hx-target="#a">', True),
    ('"x"', True, "p { color: red }", "p {{ color: red }}", True),
    ('r#"x"#', True, "{a}", "{{a}}", True),
]


@pytest.mark.parametrize("source, fmt, generated, written, holds", ESCAPES)
def test_generated_text_is_escaped_for_the_literal(source, fmt, generated, written, holds):
    view, node = _expr(source)
    st = string_text(view, node, fmt)
    assert st.escape(generated, 0) == written
    assert st.pieces[0].holds(generated) is holds


# --- what the front-end traces -----------------------------------------------------------

HEADER = ("use askama::Template;\nuse axum::extract::ws::{Message, WebSocket};\nuse std::fmt::Write;\n"
          "use tokio::sync::{broadcast, mpsc};\n\n")

# (Rust code after HEADER, the sent strings' source text, the sent templates, untraced sends)
TRACES = [
    # a literal, through .into()
    ('async fn f(mut socket: WebSocket) {\n    socket.send(Message::Text("<p id=\\"a\\">x</p>".into())).await.ok();\n}\n',
     ['"<p id=\\"a\\">x</p>"'], [], 0),
    # a raw string through to_string() and Message::text
    ('async fn f(mut socket: WebSocket) {\n    socket.send(Message::text(r#"<p id="a">x</p>"#.to_string())).await;\n}\n',
     ['r#"<p id="a">x</p>"#'], [], 0),
    # a local name, assigned a format, shadowed by its conversion
    ('async fn f(mut sender: S, n: u32) {\n    let html = format!(r#"<div id="chat">{}</div>"#, n);\n'
     '    let html = html.into();\n    sender.send(Message::Text(html)).await.unwrap();\n}\n',
     ['r#"<div id="chat">{}</div>"#'], [], 0),
    # String::from and Utf8Bytes::from, concat!
    ('async fn f(mut socket: WebSocket) {\n    socket.send(Message::Text(String::from(concat!("<b id=\\"b\\">", "</b>"))'
     '.into())).await;\n    socket.send(Message::Text(Utf8Bytes::from("<i id=\\"i\\"></i>"))).await;\n}\n',
     ['"<b id=\\"b\\">"', '"</b>"', '"<i id=\\"i\\"></i>"'], [], 0),
    # a String filled by push_str, += and write!
    ('async fn f(mut socket: WebSocket) {\n    let mut s = String::new();\n    s.push_str("<ul id=\\"l\\">");\n'
     '    write!(s, "<li>{}</li>", 1).unwrap();\n    s += "</ul>";\n    socket.send(Message::Text(s.into())).await;\n}\n',
     ['"<ul id=\\"l\\">"', '"<li>{}</li>"', '"</ul>"'], [], 0),
    # a function of the crate: its last expression and its returns
    ('fn render(n: u32) -> String {\n    if n == 0 {\n        return "<p id=\\"n\\">none</p>".to_string();\n    }\n'
     '    format!("<p id=\\"n\\">{n}</p>")\n}\n\n'
     'async fn f(mut socket: WebSocket) {\n    socket.send(Message::Text(render(1).into())).await;\n}\n',
     ['"<p id=\\"n\\">none</p>"', '"<p id=\\"n\\">{n}</p>"'], [], 0),
    # a match of strings
    ('fn pick(n: u32) -> &\'static str {\n    match n {\n        0 => "<p id=\\"a\\"></p>",\n'
     '        _ => "<p id=\\"b\\"></p>",\n    }\n}\n\n'
     'async fn f(mut socket: WebSocket) {\n    socket.send(Message::Text(pick(1).into())).await;\n}\n',
     ['"<p id=\\"a\\"></p>"', '"<p id=\\"b\\"></p>"'], [], 0),
    # a helper that sends its parameter, called with a literal
    ('async fn push(socket: &mut WebSocket, html: String) {\n    socket.send(Message::Text(html.into())).await;\n}\n\n'
     'async fn f(mut socket: WebSocket) {\n    push(&mut socket, "<p id=\\"p\\">1</p>".to_string()).await;\n}\n',
     ['"<p id=\\"p\\">1</p>"'], [], 0),
    # an askama template, rendered and sent
    ('#[derive(Template)]\n#[template(path = "chat/message.html")]\nstruct Msg { text: String }\n\n'
     'async fn f(mut socket: WebSocket) {\n    let html = Msg { text: "a".into() }.render().unwrap();\n'
     '    socket.send(Message::Text(html.into())).await;\n}\n',
     [], ["chat/message.html"], 0),
    # ... and through to_string(), held in a local name
    ('#[derive(Template)]\n#[template(path = "row.html")]\nstruct Row { n: u32 }\n\n'
     'async fn f(mut socket: WebSocket) {\n    let row = Row { n: 1 };\n'
     '    socket.send(Message::Text(row.to_string().into())).await;\n}\n',
     [], ["row.html"], 0),
    # an inline template source is a sent string
    ('#[derive(Template)]\n#[template(source = "<p id=\\"s\\">{{ n }}</p>", ext = "html")]\nstruct Inline { n: u32 }\n\n'
     'async fn f(mut socket: WebSocket) {\n    socket.send(Message::Text(Inline { n: 1 }.render().unwrap().into())).await;\n}\n',
     ['"<p id=\\"s\\">{{ n }}</p>"'], [], 0),
    # a broadcast channel: what is sent into tx reaches the socket through rx = tx.subscribe()
    ('async fn f(mut socket: WebSocket, state: State) {\n    let mut rx = state.tx.subscribe();\n'
     '    while let Ok(msg) = rx.recv().await {\n        socket.send(Message::Text(msg.into())).await;\n    }\n}\n\n'
     'fn notify(state: &State) {\n    state.tx.send("<div id=\\"note\\">hi</div>".to_string()).ok();\n}\n',
     ['"<div id=\\"note\\">hi</div>"'], [], 0),
    # an mpsc channel made in the function
    ('async fn f(mut socket: WebSocket) {\n    let (tx, mut rx) = mpsc::channel(8);\n'
     '    tokio::spawn(async move { tx.send(format!("<b id=\\"t\\">{}</b>", 1)).await.ok(); });\n'
     '    while let Some(m) = rx.recv().await {\n        socket.send(Message::Text(m.into())).await;\n    }\n}\n',
     ['"<b id=\\"t\\">{}</b>"'], [], 0),
    # actix-ws: session.text
    ('use actix_ws::Session;\n\nasync fn f(mut session: Session) {\n    session.text("<p id=\\"x\\">1</p>").await.ok();\n}\n',
     ['"<p id=\\"x\\">1</p>"'], [], 0),
    # JSON: no HTML to rewrite, reported as untraced
    ('async fn f(mut socket: WebSocket, m: M) {\n    socket.send(Message::Text(serde_json::to_string(&m).unwrap().into()))'
     '.await;\n    socket.send(Message::Text(serde_json::json!({"content": "x"}).to_string().into())).await;\n}\n',
     [], [], 2),
    # data from elsewhere: untraced
    ('async fn f(mut socket: WebSocket, m: M) {\n    socket.send(Message::Text(m.content.into())).await;\n}\n',
     [], [], 1),
    # a parameter of a closure: untraced
    ('async fn f(mut socket: WebSocket) {\n    let send = |x: String| socket.send(Message::Text(x.into()));\n}\n',
     [], [], 1),
    # a binary frame is no message htmx swaps
    ('async fn f(mut socket: WebSocket) {\n    socket.send(Message::Binary(b"<p id=\\"a\\">".to_vec().into())).await;\n}\n',
     [], [], 0),
]


@pytest.mark.parametrize("code, strings, templates, untraced", TRACES)
def test_the_front_end_traces_sends(tmp_path: Path, code, strings, templates, untraced):
    main = tmp_path / "src" / "main.rs"
    main.parent.mkdir()
    main.write_text(HEADER + code)
    reading = rust.read(_Project([main], make_settings(root=str(tmp_path))))
    text = main.read_text()
    sent = reading.facts.strings.get(main.resolve(), [])
    assert [text[s.start:s.end] for s in sent] == strings
    assert [t.name for t in reading.sent] == templates
    assert len(reading.untraced) == untraced
    if strings or templates or untraced:
        assert main.resolve() in reading.serving


def test_format_strings_are_sent_as_formats(tmp_path: Path):
    main = tmp_path / "main.rs"
    main.write_text(HEADER + TRACES[2][0])
    reading = rust.read(_Project([main], make_settings(root=str(tmp_path))))
    (sent,) = reading.facts.strings[main.resolve()]
    assert sent.format and sent.how == "sent with sender.send(Message::Text) in main.rs:9 (f())"


def test_the_crate_is_the_files_below_one_cargo_toml(tmp_path: Path):
    for crate in ("a", "b"):
        (tmp_path / crate / "src").mkdir(parents=True)
        (tmp_path / crate / "Cargo.toml").write_text(f'[package]\nname = "{crate}"\n')
    (tmp_path / "a" / "src" / "main.rs").write_text(
        HEADER + 'async fn f(mut socket: WebSocket) {\n    socket.send(Message::Text(render().into())).await;\n}\n')
    (tmp_path / "a" / "src" / "view.rs").write_text('pub fn render() -> String {\n    "<p id=\\"a\\"></p>".into()\n}\n')
    (tmp_path / "b" / "src" / "lib.rs").write_text('pub fn render() -> String {\n    "<p id=\\"b\\"></p>".into()\n}\n')
    files = sorted(tmp_path.rglob("*.rs"))
    reading = rust.read(_Project(files, make_settings(root=str(tmp_path))))
    assert list(reading.facts.strings) == [(tmp_path / "a" / "src" / "view.rs").resolve()]
    assert not reading.untraced


def test_a_sent_template_is_a_message_template_with_its_reason(tmp_path: Path):
    (tmp_path / "Cargo.toml").write_text('[package]\nname = "chat"\n')
    (tmp_path / "templates" / "chat").mkdir(parents=True)
    message = tmp_path / "templates" / "chat" / "message.html"
    message.write_text('<div id="chat">{{ text }}</div>\n')
    main = tmp_path / "src" / "main.rs"
    main.parent.mkdir()
    main.write_text(HEADER + TRACES[8][0])
    found = discover_project([main, message], make_settings(root=str(tmp_path)))
    assert found.messages == {message.resolve(): "rendered in src/main.rs:11 (Msg) and sent with "
                                                 "socket.send(Message::Text) in src/main.rs:12 (f())"}


def test_askama_toml_names_the_template_folders(tmp_path: Path):
    (tmp_path / "Cargo.toml").write_text('[package]\nname = "chat"\n')
    (tmp_path / "askama.toml").write_text('[general]\ndirs = ["views"]\n')
    (tmp_path / "views").mkdir()
    message = tmp_path / "views" / "row.html"
    message.write_text('<tr id="row"></tr>\n')
    main = tmp_path / "src" / "main.rs"
    main.parent.mkdir()
    main.write_text(HEADER + TRACES[9][0])
    found = discover_project([main, message], make_settings(root=str(tmp_path)))
    assert list(found.messages) == [message.resolve()]


def test_a_crate_that_receives_marks_its_files(tmp_path: Path):
    main = tmp_path / "src" / "main.rs"
    main.parent.mkdir()
    main.write_text(HEADER + 'async fn f(mut socket: WebSocket) {\n    while let Some(Ok(msg)) = socket.next().await {\n'
                    '        if let Message::Text(t) = msg { let _ = t; }\n    }\n}\n')
    types = tmp_path / "src" / "types.rs"
    types.write_text('#[derive(Deserialize)]\npub struct In { pub headers: std::collections::HashMap<String, String> }\n')
    found = discover_project([main, types], make_settings(root=str(tmp_path)))
    assert found.facts["rust"].receives[types.resolve()] == {"": "the crate receives WebSocket data (src/main.rs:7)"}


# --- what the payload rules read -----------------------------------------------------------

RECEIVES = "fn read(text: &str) -> In {\n    serde_json::from_str(text).unwrap()\n}\n\n"

# (Rust code after RECEIVES, the findings (code, the text it spans, fixed?), the code after --write)
PAYLOAD = [
    ('#[derive(Deserialize)]\nstruct In {\n    #[serde(rename = "HEADERS")]\n    headers: HashMap<String, String>,\n}\n',
     [("WS401", "HEADERS", "safe")], '#[serde(rename = "headers")]'),
    ('#[derive(Deserialize)]\nstruct In {\n    #[serde(alias = "HEADERS")]\n    headers: HashMap<String, String>,\n}\n',
     [("WS401", "HEADERS", "safe")], '#[serde(alias = "headers")]'),
    ('#[derive(Serialize, Deserialize)]\nstruct In {\n    #[serde(rename = "HEADERS")]\n    h: HashMap<String, String>,\n}\n',
     [("WS401", "HEADERS", "unsafe")], '#[serde(rename = "HEADERS")]'),
    ('#[derive(Deserialize)]\nstruct In {\n    HEADERS: HashMap<String, String>,\n}\n',
     [("WS404", "HEADERS", None)], "    HEADERS: HashMap"),
    ('#[derive(Deserialize)]\n#[serde(rename_all = "UPPERCASE")]\nstruct In {\n    headers: HashMap<String, String>,\n}\n',
     [("WS404", "headers", None)], "    headers: HashMap"),
    ('#[derive(Deserialize)]\n#[serde(rename_all = "lowercase")]\nstruct In {\n    HEADERS: HashMap<String, String>,\n}\n',
     [], "    HEADERS: HashMap"),
    ('#[derive(Deserialize)]\nstruct In {\n    #[serde(rename = "headers")]\n    HEADERS: HashMap<String, String>,\n}\n',
     [], "    HEADERS: HashMap"),
    ('#[derive(Deserialize)]\nstruct In {\n    #[serde(rename = "HX-Target")]\n    target: String,\n}\n',
     [("WS402", '"HX-Target"', None)], '"HX-Target"'),
    ('fn f(v: serde_json::Value) -> bool {\n    v["HEADERS"]["HX-Trigger"] == "x" && v.get("HEADERS").is_some()\n}\n',
     [("WS401", "HEADERS", "safe"), ("WS402", '"HX-Trigger"', None), ("WS401", "HEADERS", "safe")],
     'v["headers"]["HX-Trigger"] == "x" && v.get("headers")'),
    # a struct only written out is no received message
    ('#[derive(Serialize)]\nstruct Out {\n    #[serde(rename = "HEADERS")]\n    h: HashMap<String, String>,\n}\n',
     [], '#[serde(rename = "HEADERS")]'),
]


@pytest.mark.parametrize("code, findings, after", PAYLOAD)
def test_the_payload_rules_read_serde_structs(code, findings, after):
    source = RECEIVES + code
    fixed, first, _ = run(source, filename="main.rs", select=["WS401", "WS402", "WS404"])
    got = [(d.code, source[d.start:d.end], None if d.fix is None else "safe" if d.fix.safe else "unsafe")
           for d in first]
    assert got == findings
    assert after in fixed


def test_a_file_of_a_crate_that_does_not_receive_is_not_read():
    code = '#[derive(Deserialize)]\nstruct In {\n    #[serde(rename = "HEADERS")]\n    h: HashMap<String, String>,\n}\n'
    _, first, _ = run(code, filename="main.rs", select=["WS401", "WS402", "WS404"])
    assert first == []


MORE_TRACES = [
    # a + chain of an owned literal, a borrowed operand and a literal: one string
    ('async fn f(mut socket: WebSocket, t: &str) {\n'
     '    let html = String::from("<p id=\\"a\\">") + t + "</p>";\n    socket.send(Message::Text(html.into())).await;\n}\n',
     ['String::from("<p id=\\"a\\">") + t + "</p>"'], []),
    # a function called through its module's path
    ('mod views {\n    pub fn online(n: u32) -> String {\n        format!("<b id=\\"o\\">{n}</b>")\n    }\n}\n\n'
     'async fn f(mut socket: WebSocket) {\n    socket.send(Message::Text(views::online(1).into())).await;\n}\n',
     [], []),
]


def test_a_plus_chain_is_one_sent_string(tmp_path: Path):
    main = tmp_path / "src" / "main.rs"
    main.parent.mkdir()
    main.write_text(HEADER + MORE_TRACES[0][0])
    reading = rust.read(_Project([main], make_settings(root=str(tmp_path))))
    text = main.read_text()
    assert [text[s.start:s.end] for s in reading.facts.strings[main.resolve()]] == MORE_TRACES[0][1]
    assert not reading.untraced


def test_a_function_called_through_its_module_file(tmp_path: Path):
    (tmp_path / "src").mkdir()
    main = tmp_path / "src" / "main.rs"
    main.write_text(HEADER + "mod views;\n\nasync fn f(mut socket: WebSocket) {\n"
                    "    socket.send(Message::Text(views::online(1).into())).await;\n}\n")
    views = tmp_path / "src" / "views.rs"
    views.write_text('pub fn online(n: u32) -> String {\n    format!("<b id=\\"o\\">{n}</b>")\n}\n')
    reading = rust.read(_Project([main, views], make_settings(root=str(tmp_path))))
    text = views.read_text()
    assert [text[s.start:s.end] for s in reading.facts.strings[views.resolve()]] == ['"<b id=\\"o\\">{n}</b>"']
    assert not reading.untraced


CHANNEL_CRATE = (HEADER + '#[derive(Template, Clone)]\n#[template(path = "bubble.html")]\npub struct Bubble { text: String }\n\n'
                 "pub struct State { pub tx: broadcast::Sender<Bubble> }\n\n"
                 "pub fn history(state: &State) -> Vec<Bubble> { Vec::new() }\n\n"
                 "async fn relay(mut socket: WebSocket, state: &State) {\n    let mut rx = state.tx.subscribe();\n"
                 "    while let Ok(msg) = rx.recv().await {\n"
                 "        socket.send(Message::Text(msg.render().unwrap().into())).await;\n    }\n}\n\n"
                 "pub async fn page(state: &State) -> String {\n"
                 '    history(state).iter().map(|m| m.render().unwrap()).collect::<Vec<_>>().join("")\n}\n')


def test_a_template_received_from_a_typed_channel_is_sent_and_its_other_renders_are_http_uses(tmp_path: Path):
    (tmp_path / "templates").mkdir()
    bubble = tmp_path / "templates" / "bubble.html"
    bubble.write_text('<div id="log" hx-swap-oob="beforeend"><p>{{ text }}</p></div>\n')
    main = tmp_path / "src" / "main.rs"
    main.parent.mkdir()
    main.write_text(CHANNEL_CRATE)
    reading = rust.read(_Project([main, bubble], make_settings(root=str(tmp_path))))
    assert [(t.name, t.reason) for t in reading.sent] == [
        ("bubble.html", "rendered in src/main.rs:17 (Bubble, received from a channel) and sent with "
                        "socket.send(Message::Text) in src/main.rs:17 (relay())")]
    assert [(site.line, site.name, site.how) for site in reading.renders[main.resolve()]] == [(22, "bubble.html", "http")]
    found = discover_project([main, bubble], make_settings(root=str(tmp_path)))
    assert [(u.kind, u.line) for u in found.uses[bubble.resolve()]] == [("http", 22)]
