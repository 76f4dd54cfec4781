"""Report `hx-ext` lists left on pages that use WebSockets.

What it does:
    Reports an `hx-ext` (or `data-hx-ext`) attribute without `ws` in a file that uses the
    WebSocket extension (2.x or 4.x attribute names): in markup, and on JSX elements
    (written as an attribute or as a key of a spread object).

Why:
    htmx 4 has no `hx-ext`: the extensions named there are not loaded that way any more, and
    each needs its own migration (many are built in, such as morphing).

Example:
    <body hx-ext="json-enc">

Fix safety:
    No fix: migrate or remove each named extension, then delete the attribute.
"""

from __future__ import annotations

from ...diagnostics import Diagnostic
from .._lists import hx_ext_items as items
from ._jsx import ELEMENTS, attributes

CODE = "WS108"
NAME = "hx-ext-leftover"
LANGUAGES = ("markup", "javascript")
FIX = "never"
SAFETY = "safe"
TRIGGERS = ("hx-ext",)


def check(file):
    lower = file.lower
    if "ws-connect" not in lower and "hx-ws" not in lower and "ws-send" not in lower:
        return
    if file.kind == "javascript":
        yield from _jsx(file)
        return
    for tag in file.markup.start_tags():
        for attr in tag.attrs:
            if attr.lname in ("hx-ext", "data-hx-ext") and attr.value is not None and not attr.value_has_template:
                names = items(attr.value)
                if names and "ws" not in names and "ignore:ws" not in names:
                    yield Diagnostic(CODE, f"`{attr.name}=\"{attr.value}\"` has no effect in htmx 4 (it has no hx-ext): "
                                     "migrate these extensions and remove the attribute", attr.start, attr.end)


def _jsx(file):
    for script in file.javascript:
        if script.inline or "<" not in script.text:
            continue
        for element in script.walk(ELEMENTS):
            for attr in attributes(script, element)[0]:
                if attr.bare != "hx-ext":
                    continue
                value = attr.string()
                names = items(value) if value is not None else []
                if names and "ws" not in names and "ignore:ws" not in names:
                    start, end = script.span(attr.node if attr.node is not None else attr.name_node)
                    yield Diagnostic(CODE, f"`{attr.name}=\"{value}\"` has no effect in htmx 4 (it has no hx-ext): "
                                     "migrate these extensions and remove the attribute", start, end)
