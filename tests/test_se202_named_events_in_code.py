"""SE202: the named SSE events of JavaScript/TypeScript, Go and Rust servers, reported at the line
that names them with the pages' elements that swap them; an explicit `event: message` sent
unnamed where that is exact."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from hxmigrate.analysis.project import Project, Provisional
from hxmigrate.testing import check_noop, check_transformed, make_settings, run

PAGE = """<div hx-ext="sse" sse-connect="/events">
  <ul id="feed" sse-swap="news" hx-swap="afterbegin"></ul>
</div>
"""
GO_SERVER = """package main

import (
\t"fmt"
\t"net/http"
)

func stream(w http.ResponseWriter, r *http.Request) {
\tw.Header().Set("Content-Type", "text/event-stream")
\tfmt.Fprintf(w, "event: news\\ndata: %s\\n\\n", "<li>x</li>")
}
"""


def project_run(tmp_path: Path, files: dict[str, str], select=("SE202",)) -> dict:
    """{name: (fixed text, diagnostics)} of SE202 over files read as one project."""
    paths = []
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        paths.append(path)
    settings = make_settings(tmp_path, select=list(select))
    project = Project.build(settings, paths)
    out = {}
    for name, path in zip(files, paths):
        fixed, first, _ = run(path.read_text(encoding="utf-8"), name, settings, project, list(select))
        out[name] = (fixed, [d for d in first if d.code == "SE202"])
    return out


def one(found, name: str):
    diagnostics = found[name][1]
    assert len(diagnostics) == 1, [d.message for d in diagnostics]
    return diagnostics[0]


# --- one file ----------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "filename, source, fragment",
    [
        ("main.go", GO_SERVER, "the named event `news` (an `event:` line)"),
        # the name from a constant of the file, and from the String() method of its type
        ("main.go", GO_SERVER.replace('"event: news\\n', '"event: %s\\n').replace('", "<li>', '", Feed, "<li>')
         + 'const Feed = "feed"\n', "the named event `feed`"),
        ("main.go", GO_SERVER.replace('"event: news\\n', '"event: %s\\n').replace('", "<li>', '", K, "<li>')
         + 'type Kind int\nconst K Kind = 0\nfunc (k Kind) String() string {\n\tswitch k {\n\tcase K:\n'
           '\t\treturn "kay"\n\t}\n\treturn ""\n}\n', "the named event `kay`"),
        ("main.go", GO_SERVER.replace('"event: news\\n', '"event: %s\\n').replace('", "<li>', '", r.Host, "<li>'),
         "an event whose name hxmigrate cannot read (`{r.Host}`"),
        ("main.go", 'package main\nfunc h(c *gin.Context) {\n\tc.SSEvent("count", "1")\n}\n',
         "the named event `count` (gin's `SSEvent(name, data)`)"),
        ("server.ts", 'import { streamSSE } from "hono/streaming";\n'
                      'app.get("/e", (c) => streamSSE(c, async (s) => { await s.writeSSE({ event: "news", data }) }));\n',
         "the named event `news` (`writeSSE({event})`)"),
        ("server.js", 'res.setHeader("Content-Type", "text/event-stream");\nres.write(`event: ${kind}-x\\ndata: 1\\n\\n`);\n',
         "an event whose name hxmigrate cannot read (`{kind}-x`"),
        ("src/main.rs", 'use axum::response::sse::{Event, Sse};\nfn e() -> Event {\n'
                        '    Event::default().event("news").data("x")\n}\n', "the named event `news` (`.event(name)`)"),
        ("src/main.rs", 'use axum::response::sse::Sse;\nconst N: &str = "tick";\nfn e(s: &mut String) {\n'
                        '    s.push_str(&format!("event: {}\\ndata: 1\\n\\n", N));\n}\n', "the named event `tick`"),
        # axum's builder call is code, which hxmigrate does not rewrite in Rust: reported
        ("src/main.rs", 'use axum::response::sse::{Event, Sse};\nfn e() -> Event {\n'
                        '    Event::default().event("message").data("x")\n}\n',
         "send it without the event name (`.event(\"message\")` writes the `event:` line"),
    ],
)
def test_reported(filename, source, fragment):
    fixed, found, _ = run(source, filename, make_settings(None, select=["SE202"]), None, ["SE202"])
    assert fixed == source
    messages = [d.message for d in found if d.code == "SE202"]
    assert len(messages) == 1, messages
    assert fragment in messages[0]
    assert "htmx 4 swaps no named event" in messages[0] or "`event: message`" in messages[0]
    assert found[0].fix is None


@pytest.mark.parametrize(
    "filename, source",
    [
        # not an event stream: logs and parsers that mention events
        ("main.go", 'package main\nfunc a(n string) {\n\tlog.Printf("event: %s\\n", n)\n}\n'),
        ("client.js", 'for (const line of text.split("\\n")) { if (line.startsWith("event:")) { name = line.slice(6) } }\n'),
        # an event stream whose `event:` text is no line that it writes
        ("server.js", 'res.setHeader("Content-Type", "text/event-stream");\nconsole.log("event: sent");\n'
                      'res.write("data: 1\\n\\n");\n'),
        # an empty event type is an unnamed message
        ("server.js", 'res.setHeader("Content-Type", "text/event-stream");\nres.write("event:\\ndata: 1\\n\\n");\n'),
        # tests of a server assert what it writes
        ("main_test.go", GO_SERVER),
        ("server.test.ts", 'res.setHeader("Content-Type", "text/event-stream");\nres.write("event: news\\ndata: 1\\n\\n");\n'),
    ],
)
def test_not_reported(filename, source):
    fixed, found, _ = run(source, filename, make_settings(None, select=["SE202"]), None, ["SE202"])
    assert fixed == source
    assert [d.message for d in found if d.code == "SE202"] == []


# --- `event: message` ------------------------------------------------------------------------

@pytest.mark.parametrize(
    "filename, before, after",
    [
        ("main.go", 'package main\nfunc h(w http.ResponseWriter) {\n\tw.Header().Set("Content-Type", "text/event-stream")\n'
                    '\tfmt.Fprintf(w, "event: message\\ndata: %s\\n\\n", x)\n}\n',
         'package main\nfunc h(w http.ResponseWriter) {\n\tw.Header().Set("Content-Type", "text/event-stream")\n'
         '\tfmt.Fprintf(w, "data: %s\\n\\n", x)\n}\n'),
        ("server.js", 'res.setHeader("Content-Type", "text/event-stream");\nres.write("id: 1\\r\\nevent: message\\r\\ndata: 1\\r\\n\\r\\n");\n',
         'res.setHeader("Content-Type", "text/event-stream");\nres.write("id: 1\\r\\ndata: 1\\r\\n\\r\\n");\n'),
        ("server.ts", 'await stream.writeSSE({ id: "1", event: "message", data });\n',
         'await stream.writeSSE({ id: "1", data });\n'),
        ("server.ts", 'await stream.writeSSE({ data, event: "message" });\n', 'await stream.writeSSE({ data });\n'),
        ("src/main.rs", 'use axum::response::sse::Sse;\nfn e(s: &mut String) {\n'
                        '    s.push_str("event: message\\ndata: 1\\n\\n");\n}\n',
         'use axum::response::sse::Sse;\nfn e(s: &mut String) {\n    s.push_str("data: 1\\n\\n");\n}\n'),
    ],
)
def test_explicit_message_sent_unnamed(filename, before, after):
    check_transformed(before, after, filename=filename, select=["SE202"])
    _, found, _ = run(before, filename, make_settings(None, select=["SE202"]), None, ["SE202"])
    assert found[0].fix is not None and found[0].fix.safe
    assert "the event line removed" in found[0].message or "removed" in found[0].message


def test_explicit_message_in_two_literals_is_reported():
    source = 'res.setHeader("Content-Type", "text/event-stream");\nres.write("event: " + "message\\ndata: 1\\n\\n");\n'
    check_noop(source, filename="server.js", select=["SE202"])
    _, found, _ = run(source, "server.js", make_settings(None, select=["SE202"]), None, ["SE202"])
    assert "not written in one literal" in found[0].message


@pytest.mark.parametrize(
    "page, why",
    [
        ('<div sse-connect="/events" hx-on::message="log(event)"></div>', "listens to it"),
        ('<div sse-connect="/events" sse-close="message"></div>', "closes the stream on it"),
        ('<div sse-connect="/events"><p hx-get="/x" hx-trigger="sse:message"></p></div>', "`sse:message`"),
    ],
)
def test_explicit_message_kept_where_a_page_listens_to_it(tmp_path, page, why):
    server = 'res.setHeader("Content-Type", "text/event-stream");\nres.write("event: message\\ndata: 1\\n\\n");\n'
    found = project_run(tmp_path, {"server.js": server, "templates/page.html": page})
    fixed, _ = found["server.js"]
    assert fixed == server
    d = one(found, "server.js")
    assert d.fix is None and why in d.message and "left as it is" in d.message


# --- the pages of the project ----------------------------------------------------------------------

def test_names_the_page_element_and_its_partial(tmp_path):
    found = project_run(tmp_path, {"main.go": GO_SERVER, "templates/page.html": PAGE})
    d = one(found, "main.go")
    assert "the page swaps it with the `sse-swap` at templates/page.html:2 into `#feed` with `afterbegin`" in d.message
    assert '`<hx-partial hx-target="#feed" hx-swap="afterbegin">`' in d.message
    assert "`hx-on:news`" in d.message
    assert d.fix is None


def test_several_pages_need_one_partial_each(tmp_path):
    other = '<section sse-connect="/events"><p id="last" sse-swap="news"></p></section>'
    found = project_run(tmp_path, {"main.go": GO_SERVER, "templates/page.html": PAGE, "templates/other.html": other})
    d = one(found, "main.go")
    assert "the pages swap it with the `sse-swap`s" in d.message
    assert "one `<hx-partial>` per element in one message" in d.message
    assert '`<hx-partial hx-target="#last" hx-swap="innerHTML">`' in d.message


def test_no_page_swaps_it(tmp_path):
    found = project_run(tmp_path, {"main.go": GO_SERVER, "templates/page.html": PAGE.replace("news", "other")})
    assert "no page of this run swaps it with `sse-swap`" in one(found, "main.go").message


def test_an_event_only_closed_on_is_not_reported(tmp_path):
    page = '<div hx-ext="sse" sse-connect="/events" sse-close="news"></div>'
    found = project_run(tmp_path, {"main.go": GO_SERVER, "templates/page.html": page})
    assert found["main.go"][1] == []


STRUCT_WRITER = """package events

import "bytes"

type EventStreamFormat struct {
\tEvent string
\tData  string
}

func (e EventStreamFormat) Bytes() []byte {
\tout := new(bytes.Buffer)
\tout.WriteString("event: ")
\tout.WriteString(e.Event)
\tout.WriteString("\\n")
\tout.WriteString("data: ")
\tout.WriteString(e.Data)
\tout.WriteString("\\n\\n")
\treturn out.Bytes()
}
"""
STRUCT_SENDER = """package workers

import (
\t"fmt"

\t"example.com/app/events"
)

const SSE_PREFIX = "Worker"

func WorkerCreated(html string) events.EventStreamFormat {
\treturn events.EventStreamFormat{
\t\tEvent: fmt.Sprintf("%s%s", SSE_PREFIX, Created),
\t\tData:  html,
\t}
}
"""
STRUCT_KINDS = """package workers

type Event int

const (
\tCreated Event = iota
\tUpdated
)

func (s Event) String() string {
\tswitch s {
\tcase Created:
\t\treturn "Created"
\tcase Updated:
\t\treturn "Updated"
\t}
\tpanic("invalid")
}
"""
STRUCT_PAGE = """templ Home() {
\t<div data-list hx-ext="sse" sse-connect="/workers/sse/created" sse-swap="WorkerCreated" hx-swap="beforeend"></div>
}
"""


def test_a_struct_field_written_as_the_event_name(tmp_path):
    """A Go struct whose field another package writes as the `event:` line: each composite
    literal that sets it is a send, its name read through the package's constants (in
    another file) and the String() method of their type."""
    found = project_run(tmp_path, {"events/sse.go": STRUCT_WRITER, "workers/sse.go": STRUCT_SENDER,
                                   "workers/events.go": STRUCT_KINDS, "features/home.templ": STRUCT_PAGE})
    sender = one(found, "workers/sse.go")
    assert sender.message.startswith("the named event `WorkerCreated` (`events.EventStreamFormat{Event: ...}`)")
    assert "the `sse-swap` at features/home.templ:2, which `hx-target` cannot name yet: it has no id" in sender.message
    assert "run hxmigrate again" not in sender.message
    writer = one(found, "events/sse.go")
    assert "the `Event` field of `EventStreamFormat`, set to `WorkerCreated` at workers/sse.go:13" in writer.message
    assert "`WorkerCreated` at features/home.templ:2" in writer.message
    assert found["workers/events.go"][1] == []


def test_struct_facts_change_the_answer_of_a_file_read_ahead(tmp_path):
    """The runner reads files ahead with a provisional project: the files SE202 reads are
    among those the SSE facts concern, so they are read again with the real one."""
    files = {"events/sse.go": STRUCT_WRITER, "workers/sse.go": STRUCT_SENDER, "workers/events.go": STRUCT_KINDS,
             "features/home.templ": STRUCT_PAGE}
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    settings = make_settings(tmp_path, select=["SE202"])
    project = Project.build(settings, [tmp_path / n for n in files])
    provisional = Provisional(settings, False)
    _, ahead, _ = run(STRUCT_SENDER, "workers/sse.go", settings, provisional, ["SE202"])
    assert ahead == []  # the provisional project knows no struct field
    assert not provisional.same_answers(["sse_streams"], (tmp_path / "workers/sse.go").resolve(), project)
