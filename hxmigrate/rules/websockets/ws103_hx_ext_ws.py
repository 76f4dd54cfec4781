"""Remove `ws` from `hx-ext`.

What it does:
    Removes `hx-ext="ws"` (and `data-hx-ext="ws"`) together with the whitespace before it
    (when only a template tag precedes it, the whitespace after it goes instead). In a list
    such as `"ws, json-enc"` only the `ws` item and its separator go; the list keeps its own
    separator style and the leftover is reported. `ignore:ws` and values built by template
    syntax are reported, not edited.

Why:
    htmx 4 has no `hx-ext`: loading `hx-ws.js` is all the WebSocket extension needs. The other
    extensions of a list need their own migration, so they stay where a reviewer sees them.

Example:
    <div hx-ext="ws" ws-connect="/chat">  becomes  <div hx-ws:connect="/chat" hx-swap="none">
    <body hx-ext="morph,ws,preload">       becomes  <body hx-ext="morph,preload">

Fix safety:
    Safe: the WebSocket extension is active wherever `hx-ws.js` is loaded.
"""

from __future__ import annotations

from .._hx_ext import drop_extension

CODE = "WS103"
NAME = "hx-ext-ws"
LANGUAGES = ("markup",)
FIX = "sometimes"
SAFETY = "safe"
TRIGGERS = ("hx-ext",)

_IGNORED = ("htmx 4 has no hx-ext; stop this subtree from connecting some other way (move the element out, or remove "
            "its hx-ws: attributes)")


def check(file):
    view = file.markup
    for tag in view.start_tags():
        for attr in tag.attrs:
            yield from drop_extension(CODE, view, tag, attr, "ws", "hx-ws.js", _IGNORED)
