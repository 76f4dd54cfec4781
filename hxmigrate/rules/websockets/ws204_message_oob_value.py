"""Report `hx-swap-oob` values in WebSocket messages that 2.x could not have meant.

What it does:
    In a WebSocket message (template or HTML string sent from Python), reports a top-level
    `hx-swap-oob` whose value is not a swap style 2.x knew (`outerhtml`, `textContent`,
    a value with swap modifiers such as `innerHTML swap:1s`, which 2.x split at the colon
    into a style and a selector), an empty selector, a value written by template code, and
    `hx-swap-oob` on an element without an id or selector.

Why:
    2.x compared the style exactly and otherwise fell back to its default swap of the
    element's children, or found no target and dropped the element. Translating what
    2.x did would preserve a bug; translating what was meant needs a human.

Example:
    <div id="toast" hx-swap-oob="innerHTML swap:1s">Saved</div>

Fix safety:
    No fix: write the intended `<hx-partial hx-target="..." hx-swap="...">` by hand.
"""

from __future__ import annotations

from ._gate import message_check

CODE = "WS204"
NAME = "message-oob-value"
LANGUAGES = ("markup", "python", "go", "rust", "javascript")
FIX = "never"
SAFETY = "safe"
TRIGGERS = ("swap-oob",)
FACTS = ("discovered", "message_uses", "python_facts", "sent_strings", "jsx_configs", "message_parts")


def check(file):
    return message_check(file, CODE)
