"""Quote the selectors of `from:`, `target:` and `root:` in `hx-trigger` that hold spaces.

What it does:
    Rewrites a trigger modifier whose selector htmx 2 read with its spaces (the extended
    `from:closest form`, `from:find .x`, `from:next li`, `from:previous p`, and the grouped
    `from:(div span)`, `target:{#list li}`, `root:(.scroller)`) to the quoted form htmx 4
    reads: `from:"closest form"`. A selector that holds both kinds of quote, template syntax,
    or a modifier htmx 2 swallowed as the selector (`from:next delay:1s`) is reported.

Why:
    htmx 4 reads the modifiers as HCON, where a space ends a value: `from:closest form` is
    `{from: "closest", form: true}`, so the trigger listens on no element and never fires,
    without an error.

Example:
    <input hx-get="/search" hx-trigger="keyup from:closest form delay:300ms">
    becomes
    <input hx-get="/search" hx-trigger="keyup from:'closest form' delay:300ms">

Fix safety:
    Safe: htmx 4 resolves the quoted selector as htmx 2 resolved the extended one (`closest`,
    `find`, `next`, `previous`, a plain selector).
"""

from __future__ import annotations

from ...diagnostics import Diagnostic, fix
from ...edits import Edit
from .._triggers import parse
from ._attributes import htmx_attrs

CODE = "HX203"
NAME = "trigger-selectors"
LANGUAGES = ("markup",)
FIX = "sometimes"
SAFETY = "safe"
TRIGGERS = ("hx-trigger",)


def check(file):
    if file.target.core is None:
        return
    for tag in file.markup.start_tags():
        for attr in htmx_attrs(tag, "hx-trigger"):
            if not attr.value:
                continue
            specs = parse(attr.value)
            if specs is None:
                continue
            for spec in specs:
                for mod in spec.modifiers:
                    if mod.value is None or mod.quoted or (not mod.grouped and " " not in mod.value):
                        continue
                    yield from _modifier(file, attr, mod)


def _modifier(file, attr, mod):
    start, end = attr.value_start + mod.value_start, attr.value_start + mod.end
    written = attr.value[mod.value_start:mod.end]
    if attr.value_has_template and file.markup.regions.within(start, end):
        yield Diagnostic(CODE, f"`{mod.key}:{written}` holds template syntax: htmx 4 needs the selector quoted "
                         f"(`{mod.key}:\"...\"`); quote it by hand", start, end)
        return
    first, _, rest = mod.value.partition(" ")
    if mod.key == "from" and first in ("next", "previous") and ":" in rest:
        yield Diagnostic(CODE, f"htmx 2 read `{rest}` as the selector of `from:{first}`; htmx 4 reads "
                         f"`from:{first}` and then `{rest}` as a modifier: write `from:{first}` (or quote a real "
                         "selector) and check the trigger", start, end)
        return
    if not any(c.isspace() or c in ",\"'" for c in mod.value):
        yield Diagnostic(CODE, f"htmx 4 reads no `(...)`/`{{...}}` group: `{mod.key}:{written}` is "
                         f"`{mod.key}:{mod.value}`", start, end, fix(Edit(start, end, mod.value)))
        return
    quote = "'" if attr.quote == '"' else '"'
    if quote in mod.value:
        quote = '"' if quote == "'" else "'"
        if quote in mod.value or quote == attr.quote:
            yield Diagnostic(CODE, f"`{mod.key}:{written}` must be quoted for htmx 4, but the selector holds both "
                             "kinds of quote: rewrite it by hand", start, end)
            return
    new = f"{quote}{mod.value}{quote}"
    yield Diagnostic(CODE, f"htmx 4 ends the value of `{mod.key}:{written}` at the first space, so the trigger "
                     f"listens on the wrong element or none: `{mod.key}:{new}`", start, end,
                     fix(Edit(start, end, new)))
