"""Remove `sse` from `hx-ext`.

What it does:
    Removes `hx-ext="sse"` (and `data-hx-ext="sse"`) together with the whitespace before it
    (when only a template tag precedes it, the whitespace after it goes instead). In a list
    such as `"sse, json-enc"` only the `sse` item and its separator go; the list keeps its own
    separator style and the rest is left to HX106. `ignore:sse` and values built by template
    syntax are reported, not edited.

Why:
    htmx 4 has no `hx-ext`: loading `hx-sse.js` is all the SSE extension needs, and it then
    reads `hx-sse:connect` anywhere on the page. The other extensions of a list need their
    own migration, so they stay where a reviewer sees them.

Example:
    <div hx-ext="sse" sse-connect="/news">  becomes  <div hx-sse:connect="/news" hx-swap="none">
    <body hx-ext="morph,sse,preload">       becomes  <body hx-ext="morph,preload">

Fix safety:
    Safe: the SSE extension is active wherever `hx-sse.js` is loaded.
"""

from __future__ import annotations

from .._hx_ext import drop_extension

CODE = "SE104"
NAME = "hx-ext-sse"
LANGUAGES = ("markup",)
FIX = "sometimes"
SAFETY = "safe"
TRIGGERS = ("hx-ext",)

_IGNORED = ("htmx 4 has no hx-ext, and `hx-sse.js` connects every `hx-sse:connect` on the page; keep this subtree from "
            "connecting some other way (move the element out, or remove its hx-sse: attributes)")


def check(file):
    if file.target.sse is None:
        return
    view = file.markup
    for tag in view.start_tags():
        for attr in tag.attrs:
            yield from drop_extension(CODE, view, tag, attr, "sse", "hx-sse.js", _IGNORED)
