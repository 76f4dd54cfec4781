"""Go: the value of string expressions, and what the Go front-end traces into a send."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from clirun import hx

from hxmigrate.analysis.discovery import _Project, discover_project
from hxmigrate.analysis.server import go
from hxmigrate.syntax.go import GoView, string_text
from hxmigrate.syntax.treesitter import node_by_key, node_key
from hxmigrate.testing import make_settings

PROJECTS = Path(__file__).resolve().parent.parent / "fixtures" / "projects"

# --- string values -----------------------------------------------------------------------

# (Go expression, as a format?, its value, the opaque spans' text, the single ones' text)
VALUES = [
    ('"<p id=\\"x\\">hi</p>"', False, '<p id="x">hi</p>', [], []),
    ("`<p id=\"x\">\n</p>`", False, '<p id="x">\n</p>', [], []),
    ('"a\\tb\\x41\\u00e9\\101"', False, "a\tbAéA", [], []),
    ('"<b>" + name + `</b>`', False, "<b>name</b>", ["name"], []),
    ('`<p id="%s">%d%%</p>`', True, '<p id="%s">%d%</p>', ["%s", "%d"], ["%s", "%d"]),
    ('"<p id=\\"%[1]s\\">%[1]s</p>"', True, '<p id="%[1]s">%[1]s</p>', ["%[1]s", "%[1]s"], []),
    ('"%-5.2f|%x"', True, "%-5.2f|%x", ["%-5.2f", "%x"], ["%-5.2f", "%x"]),
]


def _expr(source: str):
    view = GoView(f"package p\nvar v = {source}\n")
    spec = next(view.walk({"var_spec"}))
    return view, spec.child_by_field_name("value").named_children[0]


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


def test_a_percent_that_starts_no_verb_is_not_read_as_a_format():
    view, node = _expr('"100% <p>"')
    assert string_text(view, node, True) is None
    assert string_text(view, node, False).text == "100% <p>"


# (literal, generated text, how it is written there: None when it cannot be)
ESCAPES = [
    ('"x"', '<hx-partial hx-target="#a">', '<hx-partial hx-target=\\"#a\\">'),
    ('"x"', "a\nb\\", "a\\nb\\\\"),
    ("`x`", '<hx-partial hx-target="#a">\n', '<hx-partial hx-target="#a">\n'),
    ("`x`", "a`b", None),
]


@pytest.mark.parametrize("source, generated, written", ESCAPES)
def test_generated_text_is_escaped_for_the_literal(source, generated, written):
    view, node = _expr(source)
    st = string_text(view, node)
    assert st.escape(generated, 0) == written


def test_generated_percent_is_doubled_in_a_format():
    view, node = _expr('"<p>%s</p>"')
    st = string_text(view, node, True)
    assert st.escape("100%", 0) == "100%%"


# --- what the front-end traces -----------------------------------------------------------

HEADER = 'package main\n\nimport (\n\t"bytes"\n\t"fmt"\n\t"github.com/gorilla/websocket"\n)\n\n'

# (Go code after HEADER, the sent strings' source text, the sent templates, untraced sends)
TRACES = [
    # a literal, through []byte
    ('func f(c *websocket.Conn) {\n\tc.WriteMessage(websocket.TextMessage, []byte(`<p id="a">x</p>`))\n}\n',
     ['`<p id="a">x</p>`'], [], 0),
    # a local name, assigned a format
    ('func f(c *websocket.Conn, x string) {\n\tmsg := fmt.Sprintf("<p id=\\"a\\">%s</p>", x)\n'
     '\tc.WriteMessage(websocket.TextMessage, []byte(msg))\n}\n',
     ['"<p id=\\"a\\">%s</p>"'], [], 0),
    # a buffer filled by WriteString and Fprintf
    ('func f(c *websocket.Conn) {\n\tvar buf bytes.Buffer\n\tbuf.WriteString("<ul id=\\"l\\">")\n'
     '\tfmt.Fprintf(&buf, "<li>%d</li></ul>", 1)\n\tc.WriteMessage(websocket.TextMessage, buf.Bytes())\n}\n',
     ['"<ul id=\\"l\\">"', '"<li>%d</li></ul>"'], [], 0),
    # a template executed into the buffer that is sent
    ('func f(c *websocket.Conn) {\n\tvar buf bytes.Buffer\n\ttmpl.ExecuteTemplate(&buf, "message.html", nil)\n'
     '\tc.WriteMessage(websocket.TextMessage, buf.Bytes())\n}\n',
     [], ["message.html"], 0),
    # a function of the package that returns the HTML
    ('func render(n int) string {\n\treturn fmt.Sprintf(`<p id="n">%d</p>`, n)\n}\n\n'
     'func f(c *websocket.Conn) {\n\tc.WriteMessage(websocket.TextMessage, []byte(render(1)))\n}\n',
     ['`<p id="n">%d</p>`'], [], 0),
    # a channel: the hub sends into client.send, the writer sends what it receives
    ('type Client struct { conn *websocket.Conn; send chan []byte }\n\n'
     'func (c *Client) writePump() {\n\tfor {\n\t\tselect {\n\t\tcase msg, ok := <-c.send:\n\t\t\tif !ok { return }\n'
     '\t\t\tc.conn.WriteMessage(websocket.TextMessage, msg)\n\t\t}\n\t}\n}\n\n'
     'func notify(c *Client) {\n\tc.send <- []byte(`<div id="note">hi</div>`)\n}\n',
     ['`<div id="note">hi</div>`'], [], 0),
    # a helper that sends its parameter, called with a literal
    ('func push(c *websocket.Conn, html string) {\n\tc.WriteMessage(websocket.TextMessage, []byte(html))\n}\n\n'
     'func f(c *websocket.Conn) {\n\tpush(c, "<p id=\\"p\\">1</p>")\n}\n',
     ['"<p id=\\"p\\">1</p>"'], [], 0),
    # gorilla's writePump: a frame writer, queued messages joined by a package-level newline
    ('var newline = []byte{\'\\n\'}\n\ntype Client struct { conn *websocket.Conn; send chan []byte }\n\n'
     'func (c *Client) writePump() {\n\tfor message := range c.send {\n'
     '\t\tw, _ := c.conn.NextWriter(websocket.TextMessage)\n\t\tw.Write(message)\n\t\tw.Write(newline)\n'
     '\t\tw.Write(<-c.send)\n\t\tw.Close()\n\t}\n}\n\n'
     'func hello(c *Client) {\n\tc.send <- []byte(`<p id="hi">hi</p>`)\n}\n',
     ['`<p id="hi">hi</p>`'], [], 0),
    # data from elsewhere: untraced
    ('func f(c *websocket.Conn, m Message) {\n\tc.WriteMessage(websocket.TextMessage, []byte(m.Content))\n}\n',
     [], [], 1),
    # a binary frame is no message htmx swaps
    ('func f(c *websocket.Conn) {\n\tc.WriteMessage(websocket.BinaryMessage, []byte("<p id=\\"a\\">"))\n}\n',
     [], [], 0),
]


@pytest.mark.parametrize("code, strings, templates, untraced", TRACES)
def test_the_front_end_traces_sends(tmp_path: Path, code, strings, templates, untraced):
    main = tmp_path / "main.go"
    main.write_text(HEADER + code)
    reading = go.read(_Project([main], make_settings(root=str(tmp_path))))
    text = main.read_text()
    sent = reading.facts.strings.get(main.resolve(), [])
    assert [text[s.start:s.end] for s in sent] == strings
    assert [t.name for t in reading.sent] == templates
    assert len(reading.untraced) == untraced
    if strings or templates or untraced:
        assert main.resolve() in reading.serving


def test_a_sent_template_is_a_message_template_with_its_reason(tmp_path: Path):
    (tmp_path / "templates").mkdir()
    message = tmp_path / "templates" / "message.html"
    message.write_text('<div id="chat">{{ .Text }}</div>\n')
    main = tmp_path / "main.go"
    main.write_text(HEADER + TRACES[3][0])
    found = discover_project([main, message], make_settings(root=str(tmp_path)))
    assert found.messages == {message.resolve(): "executed in main.go:11 and sent with c.WriteMessage in main.go:12 (f())"}


def test_a_package_that_receives_marks_its_files_and_where_it_writes_json(tmp_path: Path):
    main = tmp_path / "main.go"
    main.write_text(HEADER + 'func f(c *websocket.Conn) {\n\t_, data, _ := c.ReadMessage()\n\t_ = data\n}\n')
    types = tmp_path / "types.go"
    types.write_text('package main\n\nimport "encoding/json"\n\ntype In struct { H map[string]string `json:"HEADERS"` }\n\n'
                     'func out(i In) []byte { b, _ := json.Marshal(i); return b }\n')
    found = discover_project([main, types], make_settings(root=str(tmp_path)))
    receives = found.facts["go"].receives
    assert receives[types.resolve()] == {"": "the package receives WebSocket data (main.go:10)", "encodes": "types.go:7"}


TEMPL_SEND = (HEADER + 'func f(c *websocket.Conn) {\n\tvar buf bytes.Buffer\n\tviews.Notice("hi").Render(ctx, &buf)\n'
              '\tc.WriteMessage(websocket.TextMessage, buf.Bytes())\n}\n')


def test_a_templ_component_rendered_and_sent_makes_its_file_a_message_template(tmp_path: Path):
    main = tmp_path / "main.go"
    main.write_text(TEMPL_SEND)
    (tmp_path / "views").mkdir()
    notice = tmp_path / "views" / "notice.templ"
    notice.write_text('package views\n\ntempl Notice(text string) {\n\t<p id="notice">{ text }</p>\n}\n')
    found = discover_project([main, notice], make_settings(root=str(tmp_path)))
    assert found.messages == {notice.resolve(): "templ component Notice() rendered in main.go:11 and sent with "
                                                "c.WriteMessage in main.go:12 (f())"}
    assert found.untraced == []


def test_what_write_leaves_is_what_check_then_reports(tmp_path: Path):
    """The strings a Go file sends are found again after rewrites earlier in the same file
    have moved them (the later rounds of fixes, and the findings --write says are left)."""
    root = tmp_path / "chat"
    shutil.copytree(PROJECTS / "go-chat" / "before", root)
    written = hx(".", "--write", "--output-format", "json", cwd=root)
    assert written.returncode in (0, 1), written.stderr
    checked = hx(".", "--check", "--output-format", "json", cwd=root)
    assert checked.returncode in (0, 1), checked.stderr

    def found(r):
        return sorted((i["filename"], i["location"]["row"], i["code"]) for i in json.loads(r.stdout))

    assert found(written) == found(checked)
    assert ("main.go", 56, "WS402") in found(checked)


def test_a_string_keeps_its_key_when_strings_before_it_are_rewritten():
    before = 'package p\n\nvar a = "<p id=\\"a\\">"\nvar b = `<p id="b">`\n'
    after = before.replace('"<p id=\\"a\\">"', '"<hx-partial hx-target=\\"#a\\"><p id=\\"a\\"></hx-partial>"')
    old, new = GoView(before), GoView(after)
    second = [n for n in old.walk({"raw_string_literal"})][0]
    key = node_key(old.root, second)
    found = node_by_key(new.root, key)
    assert new.text_of(found) == '`<p id="b">`'
    assert new.span(found) != old.span(second)


def test_a_templ_component_beside_pages_is_sent_as_a_part_of_its_file(tmp_path: Path):
    main = tmp_path / "main.go"
    main.write_text(TEMPL_SEND)
    views = tmp_path / "views.templ"
    views.write_text('package views\n\ntempl Notice(text string) {\n\t<p id="notice">{ text }</p>\n}\n\n'
                     'templ Page() {\n\t<main id="notice"></main>\n}\n')
    found = discover_project([main, views], make_settings(root=str(tmp_path)))
    assert list(found.messages) == [views.resolve()]
    assert found.parts == {views.resolve(): frozenset({"Notice"})}
    r = hx(".", "--write", cwd=tmp_path)
    assert r.returncode in (0, 1), r.stderr
    assert views.read_text() == ('package views\n\ntempl Notice(text string) {\n\t<hx-partial hx-target="#notice" '
                                 'hx-swap="outerHTML"><p id="notice">{ text }</p></hx-partial>\n}\n\n'
                                 'templ Page() {\n\t<main id="notice"></main>\n}\n')


def test_a_templ_component_a_page_also_renders_is_reported_not_rewritten(tmp_path: Path):
    main = tmp_path / "main.go"
    main.write_text(TEMPL_SEND)
    views = tmp_path / "views.templ"
    views.write_text('package views\n\ntempl Notice(text string) {\n\t<p id="notice">{ text }</p>\n}\n\n'
                     'templ Page() {\n\t<main>\n\t\t@Notice("hi")\n\t</main>\n}\n')
    found = discover_project([main, views], make_settings(root=str(tmp_path)))
    assert found.messages == {}
    assert [u.why for u in found.untraced] == [
        "templ component Notice() is also rendered in views.templ:9, whose page would change too: give the message "
        "a component of its own"]


def test_a_sent_template_name_no_file_has_is_reported(tmp_path: Path):
    main = tmp_path / "main.go"
    main.write_text(HEADER + 'func f(c *websocket.Conn) {\n\tvar buf bytes.Buffer\n\ttmpl.ExecuteTemplate(&buf, "row", nil)\n'
                    '\tc.WriteMessage(websocket.TextMessage, buf.Bytes())\n}\n')
    page = tmp_path / "page.html"
    page.write_text('{{define "row"}}<tr id="r"></tr>{{end}}\n')
    found = discover_project([main, page], make_settings(root=str(tmp_path)))
    assert found.messages == {}
    assert [(u.line, u.call, u.why) for u in found.untraced] == [
        (11, "ExecuteTemplate", "the template 'row' is no file hxmigrate found (a {{define}} block, or a folder it "
                                "does not read)")]
