"""Report top-level message content that 2.x dropped and htmx 4 swaps into the connection element.

What it does:
    In a WebSocket message (template or HTML string sent from Python), reports a top-level
    element with neither an `id` nor `hx-swap-oob`, text outside every element, and template
    output at the top level whose markup hxmigrate cannot see (`{{ html|safe }}`, an include
    by a computed name).

Why:
    2.x dropped such content (`htmx:oobErrorNoTarget` for elements). htmx 4 swaps everything
    that is not an `<hx-partial>` or `hx-swap-oob` into the connection element, replacing its
    content, unless the connection element has `hx-swap="none"` (which WS101 adds where it can).
    Nested `hx-swap-oob` elements inside stray content are applied by htmx 4 even then, which
    2.x never did.

Example:
    <p>New message</p>
    <div id="messages" hx-swap-oob="beforeend">...</div>

Fix safety:
    No fix: remove the content, give it an id (then run hxmigrate again), or make sure the
    connection element has `hx-swap="none"`.
"""

from __future__ import annotations

from ._gate import message_check

CODE = "WS203"
NAME = "message-stray-content"
LANGUAGES = ("markup", "python", "go", "rust", "javascript")
FIX = "never"
SAFETY = "safe"
TRIGGERS = ()
FACTS = ("discovered", "message_uses", "python_facts", "sent_strings", "jsx_configs", "message_parts")


def check(file):
    return message_check(file, CODE)
