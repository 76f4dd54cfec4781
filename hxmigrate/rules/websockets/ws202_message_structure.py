"""Report top-level message elements whose extent template code decides.

What it does:
    In a WebSocket message (template or HTML string sent from Python), reports a top-level
    element whose start and end tags sit in different template branches (`{% if %}<div id="a">
    {% else %}<div id="b">{% endif %}...</div>`), one without an end tag, one with template
    code between its attributes that may write or leave out its `id` or `hx-swap-oob`, one
    whose rewrite would remove a template tag (in a start tag that becomes the `<hx-partial>`'s,
    or in an `hx-swap-oob` it removes) or copy one (an id or `hx-swap-oob` selector written
    with `{% cycle %}`, `{% if %}`... into `hx-target`), and an HTML string that holds only
    part of an element (the rest is in another string).

Why:
    WS201 wraps each top-level element in `<hx-partial>`. When the element's start and end
    are not in the same branch, or its attributes depend on template logic, no single
    rewrite is right in every rendering, and a wrong wrapper swaps content into the wrong
    place. A removed template tag can leave a block without its start (the template no
    longer compiles) and a copied one renders a second time (`{% cycle %}` moves on, a
    `{% now %}` differs). hxmigrate leaves such elements as they are.

Example:
    {% if pinned %}<li id="m-{{ id }}" class="pinned">{% else %}<li id="m-{{ id }}">{% endif %}
      {{ text }}
    </li>

Fix safety:
    No fix: give each branch a complete element (then run hxmigrate again), or write the
    `<hx-partial>` by hand.
"""

from __future__ import annotations

from ._gate import message_check

CODE = "WS202"
NAME = "message-template-structure"
LANGUAGES = ("markup", "python", "go", "rust", "javascript")
FIX = "never"
SAFETY = "safe"
TRIGGERS = ()
FACTS = ("discovered", "message_uses", "python_facts", "sent_strings", "jsx_configs", "message_parts")


def check(file):
    return message_check(file, CODE)
