"""Migrate HTML written in Go, Rust and JavaScript strings as the markup rules migrate templates.

What it does:
    Reads every Go, Rust and JavaScript/TypeScript string expression that holds an HTML tag
    and a 2.x WebSocket construct (a page or a fragment built in server code: a Go raw
    string, a `fmt.Sprintf` format, a `template.New("").Parse(...)` source, a Rust
    `format!` literal or raw string, a template literal such as Hono's
    ``html`<main hx-ext="ws" ...>` ``, a `+` chain of them) as markup, runs the markup rules on it
    (WS101-WS110, WS303-WS307, WS310, WS311; the JavaScript rules on its inline `<script>`
    blocks) and reports their findings at the string, each naming the rule it comes from.
    Their fixes are written into the string's literals, escaped for the literal (Go's
    interpreted and raw strings, Rust's strings and raw strings, JavaScript's quotes and
    template literals), with format directives, `format!` placeholders, `${...}`, the actions
    of a Go template and the other operands of a chain kept as template code is kept. WS310
    leaves the attribute names in these strings to this rule. The strings the server sends as WebSocket messages are
    left to WS201-WS205.

Why:
    A page a Go or Rust server holds in a string has the same `hx-ext="ws"`, `ws-connect`,
    `ws-send` and script tags as a template, and htmx 4 reads them no more than it reads them
    there.

Example:
    var page = template.Must(template.New("").Parse(`<div hx-ext="ws" ws-connect="/events">`))
    becomes
    var page = template.Must(template.New("").Parse(`<div hx-ws:connect="/events" hx-swap="none">`))

Fix safety:
    Safe where the markup rule's fix is safe: the same edits, in the string's value. An edit
    that cannot be written inside the string (into a placeholder, a backquote into a Go raw
    string, the closing `"#` into a Rust raw string) is not made and is reported.
"""

from __future__ import annotations

from ._code_markup import CODE as MARKUP_CODE
from ._code_markup import code_markup_diagnostics
from ._messages import diagnostics_for

CODE = MARKUP_CODE
NAME = "markup-in-code"
LANGUAGES = ("go", "rust", "javascript")
FIX = "sometimes"
SAFETY = "safe"
TRIGGERS = ("ws-connect", "ws-send", "hx-ext", "hx-ws", "ws.js", "ws.min.js", "htmx-ext-ws", "hx-on", "htmx:ws",
            "wsreconnect", "wsbinarytype", "createwebsocket", "htmx-config", "htmx.org")
FACTS = (
    "read", "implicit_inheritance", "inheritance_disabled", "core_majors", "htmx_majors", "meta_config_keys",
    "ws_used", "messages_declared",
    "unread_senders", "discovered", "server_senders", "python_facts", "receiving", "jsx_configs", "sent_strings",
)


def check(file):
    return diagnostics_for(file, CODE, code_markup_diagnostics)
