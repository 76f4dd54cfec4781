"""Migrate JavaScript written in Python strings (FastHTML's `Script("...")`).

What it does:
    Reads the first argument of a `Script(...)` call (FastHTML and other component libraries
    write a `<script>` element from it) as JavaScript, runs the JavaScript rules on it
    (event names, `htmx.config.wsReconnectDelay` and the other 2.x settings, extension
    imports, attribute names) and reports their findings at the string, each naming the rule
    it comes from. Their fixes are written into the string's literals, escaped for its quotes
    and prefix. Selecting WS406 runs those rules; ignoring one of them leaves it out here too.

Why:
    JavaScript inside a Python string listens for the same 2.x events and sets the same 2.x
    configuration as a script file, and htmx 4 fires and reads them no more.

Example:
    Script('document.body.addEventListener("htmx:wsAfterMessage", scroll)')
    becomes
    Script('document.body.addEventListener("htmx:ws:after:message:incoming", scroll)')

Fix safety:
    Safe where the JavaScript rule's fix is safe (unsafe ones need `--unsafe-fixes`, as in a
    script file). An edit that cannot be written inside the string is not made and is reported.
"""

from __future__ import annotations

from ._embedded import SCRIPT_CODE, embedded_diagnostics
from ._messages import diagnostics_for

CODE = SCRIPT_CODE
NAME = "script-in-python"
LANGUAGES = ("python",)
FIX = "sometimes"
SAFETY = "safe"
TRIGGERS = ("script(",)
FACTS = (
    "read", "implicit_inheritance", "inheritance_disabled", "core_majors", "htmx_majors", "meta_config_keys",
    "ws_used", "messages_declared",
    "unread_senders", "discovered", "server_senders", "python_facts", "receiving", "sent_strings",
    "jsx_configs",
)


def check(file):
    return diagnostics_for(file, CODE, embedded_diagnostics)
