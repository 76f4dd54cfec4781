"""Rename `sse-close` to `hx-sse:close`.

What it does:
    Renames `sse-close` (and `data-sse-close`) to `hx-sse:close` (`data-hx-sse:close`),
    keeping the value, its quotes and the attribute's position. `sse-close="message"` is
    reported and left as it is.

Why:
    htmx 4 reads `hx-sse:close`; `sse-close` only runs through the deprecation shim of
    `hx-sse.js`, which does not read `data-sse-close`. Both close the stream for good when a
    message of that event name arrives (htmx 2 fires `htmx:sseClose`, htmx 4 `htmx:sse:close`
    with reason `message`), swap nothing of it and never reconnect. htmx 2 read an unnamed
    message as an event named `message`, so `sse-close="message"` closed on the first message
    without an `event:` line; htmx 4 closes only on a message that names its event, and
    swaps the unnamed ones.

Example:
    <div sse-connect="/jobs/7" sse-close="done">  becomes  <div hx-sse:connect="/jobs/7" hx-sse:close="done">

Fix safety:
    Safe: the stream closes on the same event.
"""

from __future__ import annotations

from ...diagnostics import Diagnostic, fix
from ...edits import Edit
from ._markup import CLOSE_2X, UNNAMED

CODE = "SE102"
NAME = "sse-close"
LANGUAGES = ("markup",)
FIX = "sometimes"
SAFETY = "safe"
TRIGGERS = ("sse-close",)


def check(file):
    names = file.target.sse
    if names is None:
        return
    for tag in file.markup.start_tags():
        olds = [a for a in tag.attrs if a.lname in CLOSE_2X]
        if not olds:
            continue
        first = olds[0]
        new_name = ("data-" if first.lname.startswith("data-") else "") + names.close_attr
        if tag.attr(names.close_attr, "data-" + names.close_attr) is not None:
            yield Diagnostic(CODE, f"`{first.name}` next to `{new_name}`: remove the 2.x attribute by hand",
                             first.start, first.name_end)
            continue
        unnamed = next((a for a in olds if a.value is not None and a.value.strip() == UNNAMED), None)
        if unnamed is not None:
            yield Diagnostic(CODE, f"`{unnamed.name}=\"message\"` closed the stream on the first message without an "
                             f"`event:` line in 2.x; htmx 4's `{new_name}=\"message\"` closes only on a message with an "
                             "explicit `event: message` line, never on an unnamed one: have the server end the stream "
                             f"with a named event (`event: done`) and write `{new_name}=\"done\"`", first.start, first.end)
            continue
        edits = [Edit(a.start, a.name_end, ("data-" if a.lname.startswith("data-") else "") + names.close_attr)
                 for a in olds]
        yield Diagnostic(CODE, f"`{first.name}` is `{new_name}` in htmx 4", first.start, first.name_end, fix(*edits))
