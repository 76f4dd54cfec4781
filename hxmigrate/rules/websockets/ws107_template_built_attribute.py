"""Report 2.x WebSocket attributes that template syntax writes.

What it does:
    Reports `ws-connect`, `ws-send`, `hx-ext` or `hx-ws` that appear inside template syntax
    within a start tag (`<div {{ 'ws-connect="/chat"' }}>`, `<div {{ attrs }}ws-send>`), or in
    an attribute name built from template syntax.

Why:
    hxmigrate never edits template code: it cannot know what it produces in every case.

Example:
    <div {% if live %}{{ ws_attrs }}{% endif %}>

Fix safety:
    No fix: change the template code to write the htmx 4 attributes.
"""

from __future__ import annotations

import re

from ...diagnostics import Diagnostic
from ...syntax.templates import Region

CODE = "WS107"
NAME = "template-built-attribute"
LANGUAGES = ("markup",)
FIX = "never"
SAFETY = "safe"
TRIGGERS = ("ws-connect", "ws-send", "hx-ext", "hx-ws")

_NAMES = re.compile(r"(?<![\w:-])(?:data-)?(?:ws-connect|ws-send|hx-ext|hx-ws)(?![\w:-])", re.I)
_IN_NAME = re.compile(r"ws-connect|ws-send|hx-ext|hx-ws", re.I)


def check(file):
    text = file.text
    for tag in file.markup.start_tags():
        for item in tag.items:
            if isinstance(item, Region):
                m = _NAMES.search(text, item.start, item.end)
                if m:
                    yield Diagnostic(CODE, f"`{m.group()}` is written by template syntax; hxmigrate does not edit "
                                     "template code: make it write the htmx 4 attributes", item.start, item.end)
            elif item.name_has_template:
                m = _IN_NAME.search(item.name)
                if m:
                    yield Diagnostic(CODE, f"attribute name `{item.name}` is built by template syntax; make it write the "
                                     "htmx 4 attribute", item.start, item.name_end)
