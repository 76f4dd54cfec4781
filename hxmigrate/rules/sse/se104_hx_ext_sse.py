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

import re

from ...diagnostics import Diagnostic, fix
from ...edits import Edit
from .._lists import list_separator
from ._markup import hx_ext_items as items

CODE = "SE104"
NAME = "hx-ext-sse"
LANGUAGES = ("markup",)
FIX = "sometimes"
SAFETY = "safe"
TRIGGERS = ("hx-ext",)


def check(file):
    if file.target.sse is None:
        return
    view = file.markup
    for tag in view.start_tags():
        for attr in tag.attrs:
            if attr.lname not in ("hx-ext", "data-hx-ext") or attr.value is None:
                continue
            if attr.value_has_template:
                if "sse" in re.split(r"[\s,]+", attr.value):
                    yield Diagnostic(CODE, f"`{attr.name}` is built by template syntax: remove `sse` from it by hand "
                                     "(htmx 4 has no hx-ext)", attr.start, attr.end)
                continue
            names = items(attr.value)
            if "ignore:sse" in names:
                yield Diagnostic(CODE, f"`{attr.name}` has `ignore:sse`: htmx 4 has no hx-ext, and `hx-sse.js` connects "
                                 "every `hx-sse:connect` on the page; keep this subtree from connecting some other way "
                                 "(move the element out, or remove its hx-sse: attributes)", attr.start, attr.end)
                continue
            if "sse" not in names:
                continue
            rest = [n for n in names if n != "sse"]
            if not rest:
                yield Diagnostic(CODE, f"`{attr.name}=\"sse\"` has no effect in htmx 4 (loading hx-sse.js is enough)",
                                 attr.start, attr.end, fix(view.remove_attr(tag, attr)))
                continue
            new_value = list_separator(attr.value).join(rest)
            yield Diagnostic(
                CODE,
                f"`sse` in `{attr.name}` has no effect in htmx 4; the rest (`{new_value}`) stays for you to migrate "
                "(htmx 4 has no hx-ext)",
                attr.start,
                attr.end,
                fix(Edit(attr.value_start, attr.value_end, new_value)),
            )
