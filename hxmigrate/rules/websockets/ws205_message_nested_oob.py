"""Report nested `hx-swap-oob` that the `swap-oob` rewrite style would start applying.

What it does:
    With `--oob-style swap-oob`, reports an `hx-swap-oob` element nested inside a top-level
    message element that keeps (or gets) `hx-swap-oob`.

Why:
    2.x never processed nested `hx-swap-oob` in a WebSocket message: the nested element was
    inserted as it was, attribute and all. htmx 4 processes every `hx-swap-oob` in the message
    when the outer element is itself an `hx-swap-oob` element, so the nested one is swapped
    somewhere else too. htmx 4 does not look inside an `<hx-partial>`, so the default
    `partial` style keeps the 2.x behaviour and this rule stays silent there.

Example:
    <div id="thread" hx-swap-oob="true"><span id="count" hx-swap-oob="true">3</span></div>

Fix safety:
    No fix: use `--oob-style partial`, or remove the nested attribute if 2.x's behaviour
    was not intended either.
"""

from __future__ import annotations

from ._gate import message_check

CODE = "WS205"
NAME = "message-nested-oob"
LANGUAGES = ("markup", "python", "go", "rust", "javascript")
FIX = "never"
SAFETY = "safe"
TRIGGERS = ("swap-oob",)
FACTS = ("discovered", "message_uses", "python_facts", "sent_strings", "jsx_configs", "message_parts")


def check(file):
    return message_check(file, CODE)
