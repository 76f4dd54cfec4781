"""Rewrite the `hx-swap` modifiers htmx 4 reads differently: `show:`/`scroll:` with a
selector, and `focus-scroll:`.

What it does:
    Splits htmx 2's `show:SELECTOR:top` into htmx 4's `show:top showTarget:SELECTOR` (the same
    for `scroll:` with `scrollTarget:`, and for `window`), and renames `focus-scroll:` to
    `focusScroll:`. A selector that holds a space or a comma, or template syntax, is reported.

Why:
    htmx 4 reads the modifiers as HCON: `show:#list:top` is `show: "#list:top"`, which is
    neither `top` nor `bottom`, so nothing scrolls; `focus-scroll` is a key htmx 4 does not
    know. Both are ignored without an error.

Example:
    <button hx-get="/more" hx-swap="beforeend show:#list:bottom focus-scroll:true">
    becomes
    <button hx-get="/more" hx-swap="beforeend show:bottom showTarget:#list focusScroll:true">

Fix safety:
    Safe: htmx 4 scrolls the same element to the same edge, and restores the focus the same way.
"""

from __future__ import annotations

import re

from ...diagnostics import Diagnostic, fix
from ...edits import Edit
from ._attributes import htmx_attrs

CODE = "HX205"
NAME = "swap-modifiers"
LANGUAGES = ("markup",)
FIX = "sometimes"
SAFETY = "safe"
TRIGGERS = ("hx-swap",)

_TOKEN = re.compile(r"\S+")


def check(file):
    if file.target.core is None:
        return
    for tag in file.markup.start_tags():
        for attr in htmx_attrs(tag, "hx-swap"):
            if not attr.value:
                continue
            for m in _TOKEN.finditer(attr.value):
                yield from _token(file, attr, m.group(), attr.value_start + m.start())


def _token(file, attr, token: str, start: int):
    end = start + len(token)
    if token.startswith("focus-scroll:"):
        yield Diagnostic(CODE, f"htmx 4 ignores `focus-scroll:`; it reads `focusScroll:`", start, end,
                         fix(Edit(start, start + len("focus-scroll"), "focusScroll")))
        return
    key = next((k for k in ("show", "scroll") if token.startswith(k + ":")), None)
    if key is None:
        return
    if attr.value_has_template and file.markup.regions.within(start, end):
        if token[len(key) + 1:] not in ("top", "bottom", "none"):
            yield Diagnostic(CODE, f"`{token}` holds template syntax: if it names a selector, htmx 4 writes it "
                             f"`{key}:EDGE {key}Target:SELECTOR`; rewrite it by hand", start, end)
        return
    *selector, edge = token[len(key) + 1:].split(":")
    if not selector:
        return
    selector = ":".join(selector)
    if any(c in selector for c in "\"',"):
        yield Diagnostic(CODE, f"`{token}` is `{key}:{edge} {key}Target:...` in htmx 4, with the selector quoted; "
                         "rewrite it by hand", start, end)
        return
    new = f"{key}:{edge} {key}Target:{selector}"
    yield Diagnostic(CODE, f"htmx 4 reads `{token}` as `{key}` = `{selector}:{edge}` and scrolls nothing: `{new}`",
                     start, end, fix(Edit(start, end, new)))
