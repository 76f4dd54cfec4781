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

import re

from ...diagnostics import Diagnostic, fix
from ...edits import Edit
from .._lists import list_separator
from ._markup import hx_ext_items as items

CODE = "WS103"
NAME = "hx-ext-ws"
LANGUAGES = ("markup",)
FIX = "sometimes"
SAFETY = "safe"
TRIGGERS = ("hx-ext",)

def check(file):
    view = file.markup
    for tag in view.start_tags():
        for attr in tag.attrs:
            if attr.lname not in ("hx-ext", "data-hx-ext") or attr.value is None:
                continue
            if attr.value_has_template:
                if "ws" in re.split(r"[\s,]+", attr.value):
                    yield Diagnostic(CODE, f"`{attr.name}` is built by template syntax: remove `ws` from it by hand "
                                     "(htmx 4 has no hx-ext)", attr.start, attr.end)
                continue
            names = items(attr.value)
            if "ignore:ws" in names:
                yield Diagnostic(CODE, f"`{attr.name}` has `ignore:ws`: htmx 4 has no hx-ext; stop this subtree from "
                                 "connecting some other way (move the element out, or remove its hx-ws: attributes)",
                                 attr.start, attr.end)
                continue
            if "ws" not in names:
                continue
            rest = [n for n in names if n != "ws"]
            if not rest:
                yield Diagnostic(CODE, f"`{attr.name}=\"ws\"` has no effect in htmx 4 (loading hx-ws.js is enough)",
                                 attr.start, attr.end, fix(view.remove_attr(tag, attr)))
                continue
            separator = list_separator(attr.value)
            new_value = separator.join(rest)
            yield Diagnostic(
                CODE,
                f"`ws` in `{attr.name}` has no effect in htmx 4; the rest (`{new_value}`) stays for you to migrate "
                "(htmx 4 has no hx-ext)",
                attr.start,
                attr.end,
                fix(Edit(attr.value_start, attr.value_end, new_value)),
            )
