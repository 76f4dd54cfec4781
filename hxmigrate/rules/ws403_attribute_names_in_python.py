"""Report 2.x WebSocket attributes that Python code writes.

What it does:
    Reports keyword arguments that component libraries turn into attributes
    (`ws_connect=`, `ws_send=`, `hx_ext="ws"`, as FastHTML and htpy write them), and string
    literals that name a 2.x WebSocket attribute (`"ws-connect"`, `'<div ws-send>'`) outside the
    HTML that WS201 already rewrites.

Why:
    Markup built in Python keeps the 2.x names after the templates are migrated: htmx 4 does
    not connect or send through them.

Example:
    Div(hx_ext="ws", ws_connect="/chat")

Fix safety:
    No fix: write `**{"hx-ws:connect": "/chat", "hx-swap": "none"}` (or the library's own way to
    spell an attribute with a colon).
"""

from __future__ import annotations

import re

from ..diagnostics import Diagnostic

CODE = "WS403"
NAME = "attribute-names-in-python"
LANGUAGES = ("python",)
FIX = "never"
SAFETY = "safe"
TRIGGERS = ("ws-connect", "ws-send", "ws_connect", "ws_send", "hx-ws", "hx_ext")

_NAME = re.compile(r"(?<![\w:/.-])(?:data-)?(?:ws-connect|ws-send)(?![\w:/.-])")
_KEYWORDS = {"ws_connect": "hx-ws:connect", "ws_send": "hx-ws:send", "data_ws_connect": "data-hx-ws:connect",
             "data_ws_send": "data-hx-ws:send"}


def check(file):
    import libcst as cst

    view = file.python
    if view.module is None:
        return
    for node in view.walk():
        if isinstance(node, cst.Arg) and node.keyword is not None:
            name = node.keyword.value
            if name in _KEYWORDS:
                start, end = view.span(node)
                yield Diagnostic(CODE, f"`{name}=` writes the 2.x attribute `{name.replace('_', '-')}`: htmx 4 reads "
                                 f"`{_KEYWORDS[name]}`", start, end)
            elif name == "hx_ext" and isinstance(node.value, cst.SimpleString) and "ws" in re.split(r"[\s,'\"]+", node.value.value):
                start, end = view.span(node)
                yield Diagnostic(CODE, "`hx_ext=` names the `ws` extension: htmx 4 has no hx-ext; remove `ws` from it",
                                 start, end)
        elif isinstance(node, cst.SimpleString):
            m = _NAME.search(node.value)
            if m is not None:
                start, _ = view.span(node)
                yield Diagnostic(CODE, f"the 2.x attribute name `{m.group()}` in a string: htmx 4 uses "
                                 f"`{m.group().replace('ws-connect', 'hx-ws:connect').replace('ws-send', 'hx-ws:send')}`",
                                 start + m.start(), start + m.end())
