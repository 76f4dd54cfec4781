"""Report 2.x WebSocket events inside hyperscript.

What it does:
    Reports every 2.x WebSocket event name (camelCase or kebab-case) in hyperscript: the
    `_`, `script` and `data-script` attributes and `<script type="text/hyperscript">` blocks,
    with the name htmx 4 fires instead.

Why:
    htmx 4 never fires the 2.x names, so `on htmx:wsOpen ...` never runs. Hyperscript is a
    language of its own (event names may be followed by filters, `from`, `or`, and detail
    destructuring such as `on htmx:wsAfterMessage(message)`), and the detail of the renamed
    events changed shape, so the handler needs a human look.

Example:
    <div _="on htmx:wsAfterMessage(message) put message into #last">
    is reported: `htmx:wsAfterMessage` is `htmx:ws:after:message:incoming` in htmx 4, and
    `message` is now an object whose text is `message.data`.

Fix safety:
    No fix.
"""

from __future__ import annotations

import re

from ...diagnostics import Diagnostic
from ._js import INCOMING, OUTGOING, event_2x

CODE = "WS305"
NAME = "hyperscript-events"
LANGUAGES = ("markup",)
FIX = "never"
SAFETY = "safe"
TRIGGERS = ("htmx:ws",)

_NAME = re.compile(r"htmx:ws[A-Za-z-]+")
_ATTRS = ("_", "data-_", "script", "data-script")


def check(file):
    target = file.target
    view = file.markup
    for tag in view.start_tags():
        for attr in tag.attrs:
            if attr.lname in _ATTRS and attr.value and "htmx:ws" in attr.value:
                yield from _report(attr.value, attr.value_start, target)
    for tag, raw in view.scripts():
        if raw is None:
            continue
        type_attr = tag.attr("type")
        if type_attr is None or (type_attr.value or "").strip().lower() != "text/hyperscript":
            continue
        yield from _report(view.text[raw.start : raw.end], raw.start, target)


def _report(text, base, target):
    for m in _NAME.finditer(text):
        event = event_2x(m.group())
        if event is None:
            continue
        extra = ""
        if event in INCOMING + OUTGOING:
            extra = "; its detail is now {connection, message}, with the text in `message.data`"
        yield Diagnostic(CODE, f"hyperscript listens for `{m.group()}`, which htmx 4 never fires: use "
                         f"`{target.event(event)}`{extra}", base + m.start(), base + m.end())
