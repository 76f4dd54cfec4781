"""Rename `ws-connect` to `hx-ws:connect`, and keep stray message content out of the connection element.

What it does:
    Renames `ws-connect` (and `data-ws-connect`) to `hx-ws:connect` (`data-hx-ws:connect`),
    keeping the value, its quotes and the attribute's position. It then inserts
    `hx-swap="none"` (or `data-hx-swap="none"`) right after it.

Why:
    htmx 4 reads `hx-ws:connect`; 2.x names only run through a deprecation shim. In 2.x a
    WebSocket message was never swapped into the connection element: only its out-of-band
    parts were applied and the rest dropped. In 4.x anything that is not an explicit
    `<hx-partial>` is swapped into the connection element, replacing its content.
    `hx-swap="none"` restores the 2.x rule while partials still apply. It is not added when
    the element has its own `hx-swap`, `hx-target` or requests (`hx-get`...), when template
    syntax between its attributes could add them, or when the project turns on
    `implicitInheritance`; WS105 reports those elements instead.

Example:
    <div hx-ext="ws" ws-connect="/chat">
    becomes (together with WS103)
    <div hx-ws:connect="/chat" hx-swap="none">

Fix safety:
    Safe: the element connects to the same URL and drops stray content as before.
"""

from __future__ import annotations

from ...diagnostics import Diagnostic, fix
from ...edits import Edit
from ._markup import CONNECT_2X, in_other_branch, swap_none_edit

CODE = "WS101"
NAME = "ws-connect"
LANGUAGES = ("markup",)
FIX = "sometimes"
SAFETY = "safe"
TRIGGERS = ("ws-connect",)
FACTS = ("implicit_inheritance",)


def check(file):
    target = file.target
    for tag in file.markup.start_tags():
        olds = [a for a in tag.attrs if a.lname in CONNECT_2X]
        if not olds:
            continue
        first = olds[0]
        data_prefix = first.lname.startswith("data-")
        new_name = ("data-" if data_prefix else "") + target.connect_attr
        if tag.attr(target.connect_attr, "data-" + target.connect_attr) is not None:
            yield Diagnostic(CODE, f"`{first.name}` next to `{new_name}`: remove the 2.x attribute by hand "
                             "once both URLs are the same", first.start, first.name_end)
            continue
        edits = [Edit(a.start, a.name_end, ("data-" if a.lname.startswith("data-") else "") + target.connect_attr) for a in olds]
        # One hx-swap="none" per template branch: {% if %}ws-connect=..{% else %}ws-connect=..{% endif %}
        swaps = [swap_none_edit(file, tag, a, a.lname.startswith("data-")) for a in olds if a is first or in_other_branch(tag, a)]
        swap = swaps[0]
        edits.extend(s for s in swaps if s is not None)
        if swap is not None:
            message = f"`{first.name}` is `{new_name}` in htmx 4; `{'data-' if data_prefix else ''}hx-swap=\"none\"` keeps stray message content out of it as in 2.x"
        else:
            message = f"`{first.name}` is `{new_name}` in htmx 4"
        yield Diagnostic(CODE, message, first.start, first.name_end, fix(*edits))
