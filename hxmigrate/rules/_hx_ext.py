"""Dropping one extension from `hx-ext` (htmx 4 has none: an extension works wherever its
script is loaded), for the families whose extension became a script of htmx 4 (`ws` and
`hx-ws.js`, `sse` and `hx-sse.js`)."""

from __future__ import annotations

import re
from typing import Iterator

from ..diagnostics import Diagnostic, fix
from ..edits import Edit
from ._lists import hx_ext_items, list_separator


def drop_extension(code: str, view, tag, attr, ext: str, script: str, ignored: str) -> Iterator[Diagnostic]:
    """The findings on ``attr`` when it is an `hx-ext` that lists ``ext``: the item goes
    (the whole attribute when it was the only one; ``script`` is what htmx 4 loads instead),
    and `ignore:EXT` is reported with ``ignored`` (how else to keep a subtree out)."""
    if attr.lname not in ("hx-ext", "data-hx-ext") or attr.value is None:
        return
    if attr.value_has_template:
        if ext in re.split(r"[\s,]+", attr.value):
            yield Diagnostic(code, f"`{attr.name}` is built by template syntax: remove `{ext}` from it by hand "
                             "(htmx 4 has no hx-ext)", attr.start, attr.end)
        return
    names = hx_ext_items(attr.value)
    if f"ignore:{ext}" in names:
        yield Diagnostic(code, f"`{attr.name}` has `ignore:{ext}`: {ignored}", attr.start, attr.end)
        return
    if ext not in names:
        return
    rest = [n for n in names if n != ext]
    if not rest:
        yield Diagnostic(code, f"`{attr.name}=\"{ext}\"` has no effect in htmx 4 (loading {script} is enough)",
                         attr.start, attr.end, fix(view.remove_attr(tag, attr)))
        return
    new_value = list_separator(attr.value).join(rest)
    yield Diagnostic(code, f"`{ext}` in `{attr.name}` has no effect in htmx 4; the rest (`{new_value}`) stays for you "
                     "to migrate (htmx 4 has no hx-ext)", attr.start, attr.end,
                     fix(Edit(attr.value_start, attr.value_end, new_value)))
