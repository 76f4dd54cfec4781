"""Report 2.x WebSocket code in files of a language hxmigrate cannot read.

What it does:
    Reads every walked file that is not markup, JavaScript/TypeScript, Python or
    `package.json` (Go, Rust, C#, Java, Kotlin, Ruby, Elixir, templ, configuration...) for
    traces of htmx 2 WebSocket code, and reports each line that has one: the 2.x attributes
    (`ws-connect`, `ws-send`, `hx-ext` with `ws`, 1.x `hx-ws`), 2.x event names
    (`htmx:wsAfterMessage`, `htmx:ws-after-message`), `wsReconnectDelay`/`wsBinaryType`, the
    2.x extension's package or script, the `HEADERS` key in code that reads htmx's headers,
    and markup with an `id` at the start of a string in server code that sends over a
    WebSocket. Binary files and vendored or ignored folders are not read; lines that are
    whole comments (`#`, `//`, `--`, `;`...) are not reported.

Why:
    hxmigrate rewrites what it can parse. A 2.x construct in a Go handler, a Rust template
    string or a C# view component is as broken after the migration as one in a template; a
    clean `--check` must not hide it.

Example:
    conn.WriteMessage(websocket.TextMessage, []byte(`<div id="clock">` + now + `</div>`))

Fix safety:
    No fix: migrate the line by hand as the message says, then suppress this finding with a
    comment in the file's own syntax (`// hxmigrate: ignore[WS501]`) if the line must stay.
"""

from __future__ import annotations

import os

from ...diagnostics import Diagnostic
from ...syntax.markers import STEPS, find_markers

CODE = "WS501"
NAME = "unreadable-file"
LANGUAGES = ("other",)
FIX = "never"
SAFETY = "safe"
TRIGGERS = ()

_LANGUAGES = {
    ".go": "Go", ".templ": "templ", ".rs": "Rust", ".cs": "C#", ".fs": "F#", ".vb": "Visual Basic", ".java": "Java",
    ".kt": "Kotlin", ".kts": "Kotlin", ".scala": "Scala", ".groovy": "Groovy", ".clj": "Clojure", ".cljs": "ClojureScript",
    ".rb": "Ruby", ".ex": "Elixir", ".exs": "Elixir", ".erl": "Erlang", ".hs": "Haskell", ".jl": "Julia", ".lua": "Lua",
    ".dart": "Dart", ".swift": "Swift", ".zig": "Zig", ".nim": "Nim", ".cr": "Crystal", ".ml": "OCaml", ".gleam": "Gleam",
    ".c": "C", ".h": "C", ".cpp": "C++", ".cc": "C++", ".hpp": "C++", ".pl": "Perl", ".pm": "Perl", ".r": "R",
    ".sh": "shell", ".bash": "shell", ".yml": "YAML", ".yaml": "YAML", ".toml": "TOML", ".ini": "INI", ".cfg": "INI",
    ".xml": "XML", ".json": "JSON", ".css": "CSS", ".scss": "Sass", ".less": "Less", ".sql": "SQL",
    ".pyi": "Python stub", ".ipynb": "notebook", ".coffee": "CoffeeScript", ".elm": "Elm", ".res": "ReScript",
    ".purs": "PureScript", ".mjml": "MJML", ".pug": "Pug", ".jade": "Pug", ".haml": "Haml", ".slim": "Slim",
}
# Whole-line comments in the languages read here (#, //, --, ;, %, /* */, Razor's @*).
_LINE_COMMENTS = ("#", "//", "--", ";", "%", "/*", "*", "@*", "<!--")
_LOCK_FILES = ("package-lock.json", "npm-shrinkwrap.json", "yarn.lock", "pnpm-lock.yaml", "bun.lock", "deno.lock")


def language(path: str) -> str:
    name = os.path.basename(path).lower()
    dot = name.rfind(".")
    return _LANGUAGES.get(name[dot:], "") if dot > 0 else ""


def check(file):
    markers = find_markers(file.text, file.lower, id_roots=True)
    if not markers:
        return
    name = os.path.basename(file.path).lower()
    if name in _LOCK_FILES:
        first = markers[0]
        yield Diagnostic(CODE, "the lock file still holds the 2.x WebSocket extension (`htmx-ext-ws`): remove it from "
                         "package.json and install again", first.start, first.end)
        return
    lang = language(file.path)
    reading = f"hxmigrate cannot read {lang} files" if lang else "hxmigrate cannot read this kind of file"
    by_line: dict[int, list] = {}
    for m in markers:
        line = file.lines.line_col(m.start)[0]
        if file.lines.line_text(line).lstrip().startswith(_LINE_COMMENTS):
            continue  # commented-out code is no code
        by_line.setdefault(line, []).append(m)
    for line, found in by_line.items():
        constructs = list(dict.fromkeys(m.construct for m in found))
        steps = "; ".join(STEPS[c] for c in constructs)
        yield Diagnostic(CODE, f"{steps} ({reading}: change this line by hand)", found[0].start, found[-1].end)
