"""Report a FastHTML app that loads htmx 2 and the 2.x WebSocket extension.

What it does:
    Reports a `FastHTML(...)` or `fast_app(...)` call whose `exts` names `"ws"` without
    `htmx4=True`, and one that keeps FastHTML's default htmx 2 headers in a module that writes
    WebSocket attributes (`ws_connect=`, `hx-ws:connect`).

Why:
    With `exts="ws"` FastHTML adds a script tag for `htmx-ext-ws` 2.0.x to headers that load
    its own htmx 2 core (`htmx.org@2.0.7` in python-fasthtml 0.14): the page keeps running
    htmx 2, whatever the migrated markup says, and htmx 4's `hx-ws.js` cannot run on it.
    FastHTML's own `htmx4=True` loads `htmx.org@4.0.0` and its `hx-ws.min.js`, but also sets
    htmx's `metaCharacter` to "-", so htmx 4 then reads `hx-ws-connect` and fires
    `htmx-ws-...` events, not the ":" names this migration writes elsewhere.

Example:
    app, rt = fast_app(exts="ws")

Fix safety:
    No fix: which htmx the app loads is a decision for the whole app. Either pass
    `htmx=False` (or `default_hdrs=False`), remove "ws" from `exts` and load
    `htmx.org@4.0.1/dist/htmx.min.js` and `dist/ext/hx-ws.min.js` in `hdrs`; or pass
    `htmx4=True` and spell htmx attributes and events with "-" (`hx_ws_connect=`, which
    WS403 then writes).
"""

from __future__ import annotations

import re

from ...diagnostics import Diagnostic
from ._fasthtml import app_calls, ext_names, is_true, keyword

CODE = "WS408"
NAME = "fasthtml-headers"
LANGUAGES = ("python",)
FIX = "never"
SAFETY = "safe"
TRIGGERS = ("fasthtml", "fast_app")

_WS_ATTRS = re.compile(r"\bws_connect\s*=|\bws_send\s*=|hx-ws:|hx_ws_connect|hx-ws-connect")


def check(file):
    if "FastHTML" not in file.text and "fast_app" not in file.text:
        return
    view = file.python
    if view.module is None:
        return
    uses_ws = _WS_ATTRS.search(file.text) is not None
    for call in app_calls(view):
        htmx4 = keyword(call, "htmx4")
        if htmx4 is not None and is_true(htmx4.value):
            continue
        own_headers = any((a := keyword(call, k)) is not None and a.value.__class__.__name__ == "Name"
                          and a.value.value == "False" for k in ("htmx", "default_hdrs"))
        exts = keyword(call, "exts")
        names = ext_names(exts.value) if exts is not None else []
        start, end = view.span(exts if exts is not None and (names is None or "ws" in names) else call.func)
        core = "" if own_headers else " next to FastHTML's default htmx 2 core (`htmx.org@2.0.7` in python-fasthtml 0.14)"
        if names is None:
            yield Diagnostic(CODE, "`exts` is not written literally: if it names \"ws\", FastHTML loads the 2.x WebSocket "
                             f"extension{core}; htmx 4 needs its own core and `hx-ws.js`", start, end)
        elif "ws" in names:
            yield Diagnostic(CODE, f"`exts` names \"ws\": FastHTML loads the 2.x WebSocket extension (htmx-ext-ws 2.0.x)"
                             f"{core}, so the page keeps running htmx 2: pass `htmx=False`, remove \"ws\" from `exts` "
                             "and load `htmx.org@4.0.1/dist/htmx.min.js` and `htmx.org@4.0.1/dist/ext/hx-ws.min.js` in "
                             "`hdrs` (with fasthtml.js, which `htmx=False` drops too, if the app uses it; FastHTML's `htmx4=True` loads htmx 4.0.0 but sets metaCharacter \"-\": attributes "
                             "and events are then spelled `hx-ws-connect`, `htmx-ws-...`)", start, end)
        elif uses_ws and not own_headers:
            yield Diagnostic(CODE, f"this app loads FastHTML's default htmx 2 core (`htmx.org@2.0.7` in python-fasthtml "
                             "0.14) and this module writes WebSocket attributes: htmx 4's `hx-ws.js` needs the htmx 4 "
                             "core: pass `htmx=False` and load `htmx.org@4.0.1/dist/htmx.min.js` in `hdrs` (or "
                             "`htmx4=True`, which spells attributes and events with \"-\")", start, end)
