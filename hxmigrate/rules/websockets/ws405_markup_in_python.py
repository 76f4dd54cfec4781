"""Migrate HTML written in Python strings as the markup rules migrate templates.

What it does:
    Reads every Python string literal, f-string and implicit concatenation that holds an
    HTML tag and a 2.x WebSocket construct (a page or a component built in Python) as
    markup, runs the markup rules on it (WS101-WS110, WS303-WS307, WS310, WS311; the
    JavaScript rules on its inline `<script>` blocks) and reports their findings at the
    string, each naming the rule it comes from. Their fixes are written into the string's
    literals: escaped for its quotes and prefix, f-string placeholders and format fields kept
    as template code is kept. Docstrings and HTML a server sends over a WebSocket (WS201-
    WS205) are left out. Selecting WS405 runs those rules; ignoring one of them
    (`--ignore WS311`) leaves it out here too.

Why:
    A page built in Python has the same `hx-ext="ws"`, `ws-connect`, `ws-send` and script
    tags as a template, and htmx 4 reads them no more than it reads them there.

Example:
    return f'<body hx-ext="ws" ws-connect="{url}">'
    becomes
    return f'<body hx-ws:connect="{url}" hx-swap="none">'

Fix safety:
    Safe where the markup rule's fix is safe: the same edits, in the string's value. An edit
    that cannot be written inside the string (into a placeholder, a newline into a one-line
    string, a brace into an f-string) is not made and is reported.
"""

from __future__ import annotations

from ._embedded import MARKUP_CODE, embedded_diagnostics
from ._messages import diagnostics_for

CODE = MARKUP_CODE
NAME = "markup-in-python"
LANGUAGES = ("python",)
FIX = "sometimes"
SAFETY = "safe"
TRIGGERS = ("ws-connect", "ws-send", "hx-ext", "hx-ws", "ws.js", "ws.min.js", "htmx-ext-ws", "hx-on", "htmx:ws",
            "wsreconnect", "wsbinarytype", "createwebsocket", "htmx-config", "htmx.org")
FACTS = (
    "read", "implicit_inheritance", "inheritance_disabled", "core_majors", "htmx_majors", "meta_config_keys",
    "ws_used", "messages_declared",
    "unread_senders", "discovered", "server_senders", "python_facts", "receiving", "sent_strings",
    "jsx_configs",
)


def check(file):
    return diagnostics_for(file, CODE, embedded_diagnostics)
