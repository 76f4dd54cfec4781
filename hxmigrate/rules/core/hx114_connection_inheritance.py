"""Report SSE and WebSocket connection elements on pages where htmx 4 inherits implicitly.

What it does:
    In a project that turns htmx 4's implicit inheritance on (it loads
    `dist/ext/htmx-2-compat.js`, or sets `implicitInheritance: true`), reports each element
    that opens a Server-Sent Events stream or a WebSocket: `hx-sse:connect` and
    `hx-ws:connect`, and the 2.x names the migration renames to them (`sse-connect`,
    `ws-connect`, their `data-` forms, htmx 1's `hx-ws="connect:..."` and
    `hx-sse="connect:..."`), once per element, with the step that keeps one connection.

Why:
    With implicit inheritance every element reads an ancestor's attribute it does not set,
    `hx-sse:connect` and `hx-ws:connect` included, and hx-sse.js / hx-ws.js set up each
    element htmx processes whose (inherited) connect attribute has a URL. Every element htmx
    swaps in below a connection element (its messages, the answers of the requests inside
    it) opens a stream or socket of its own; the messages of a stream swapped into it do the
    same, one level deeper each time (measured in Chromium, tests/browser/test_compat_facts.py:
    6 streams in 1.5 s where htmx 2 and plain htmx 4 open one; a socket more per WebSocket
    message). htmx 4 has no `hx-disinherit`: it changes nothing. What stops it is implicit
    inheritance off (`htmx.config.compat = {useExplicitInheritace: true}` before the compat
    script, spelled so in htmx 4.0.1, with `:inherited` where the page relies on inheritance),
    or a listener that cancels the connections of elements without the attribute of their own.

Example:
    <script src="https://unpkg.com/htmx.org@4.0.1/dist/ext/htmx-2-compat.js"></script>
    ...
    <div hx-sse:connect="/events">
    is reported.

Fix safety:
    No fix: which way fits depends on whether the project still needs implicit inheritance.
"""

from __future__ import annotations

import re

from ...diagnostics import Diagnostic

CODE = "HX114"
NAME = "connection-inheritance"
LANGUAGES = ("markup",)
FIX = "never"
SAFETY = "safe"
TRIGGERS = ("connect",)
FACTS = ("implicit_inheritance",)

_IMPLICIT = re.compile(r"""["']?implicitInheritance["']?\s*[:=]\s*true""")
_LEGACY = ("hx-ws", "data-hx-ws", "hx-sse", "data-hx-sse")  # htmx 1: hx-ws="connect:/u"
_LEGACY_CONNECT = re.compile(r"(?:^|[\s,])connect\s*:")


def _connect_names(file) -> dict[str, str]:
    """Connect attribute (lowercase) -> "sse" or "ws"."""
    names = {}
    sse = file.target.sse
    for kind, attrs in (("sse", ("sse-connect", sse.connect_attr if sse else "hx-sse:connect")),
                        ("ws", ("ws-connect", file.target.connect_attr))):
        for attr in attrs:
            names[attr] = names["data-" + attr] = kind
    return names


def _listener(kind: str) -> str:
    return (f"document.addEventListener('htmx:{kind}:before:connection', (e) => {{ if (!e.target.matches("
            f"'[hx-{kind}\\\\:connect],[data-hx-{kind}\\\\:connect]')) e.preventDefault(); }})")


def check(file):
    if file.target.core is None:
        return
    if not (file.project.implicit_inheritance or "htmx-2-compat" in file.text or _IMPLICIT.search(file.text)):
        return
    names = _connect_names(file)
    for tag in file.markup.start_tags():
        for attr in tag.attrs:
            kind = names.get(attr.lname)
            if kind is None and attr.lname in _LEGACY and attr.value and _LEGACY_CONNECT.search(attr.value):
                kind = "sse" if "sse" in attr.lname else "ws"
            if kind is None:
                continue
            what, new = ("stream", "hx-sse:connect") if kind == "sse" else ("socket", "hx-ws:connect")
            after = (" (the inheriting element's GET still reaches the server once; hx-sse.js aborts it when the "
                     "answer's headers arrive)" if kind == "sse" else "")
            yield Diagnostic(CODE, f"the project turns htmx 4's implicit inheritance on (`htmx-2-compat.js` or "
                             f"`implicitInheritance: true`): every element htmx swaps in below this one inherits "
                             f"`{new}` and opens a {what} of its own, whose messages swap in more that do the same "
                             f"(`hx-disinherit` does not stop it: htmx 4 has none). Turn implicit inheritance off "
                             f"(`htmx.config.compat = {{useExplicitInheritace: true}}` before the compat script, "
                             f"spelled so in htmx 4.0.1; `:inherited` where the page relies on inheritance), or "
                             f"cancel the connections of elements without their own attribute: `{_listener(kind)}`"
                             f"{after}", attr.start, attr.end)
            break
