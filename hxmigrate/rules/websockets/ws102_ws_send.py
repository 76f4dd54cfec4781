"""Rename `ws-send` to `hx-ws:send`.

What it does:
    Renames `ws-send` (and `data-ws-send`) to `hx-ws:send` (`data-hx-ws:send`). An empty
    value (`ws-send=""`) is kept; any other value is dropped, template expressions in it
    (`{{ x }}`) included. An attribute whose value has a template tag (`{% if %}`,
    `{% url %}`, ERB or PHP code) is reported and left as it is, since hxmigrate never
    removes template tags.

Why:
    htmx 4 reads `hx-ws:send`. 2.x ignored the attribute's value, while later 4.x releases
    read a value as the URL to send to, so a leftover value would change where messages go.

Example:
    <form ws-send="true">  becomes  <form hx-ws:send>

Fix safety:
    Safe: the element sends the same message over the same connection.
"""

from __future__ import annotations

from ...diagnostics import Diagnostic, fix
from ...edits import Edit
from ._markup import SEND_2X, kept_apart, template_tag_in

CODE = "WS102"
NAME = "ws-send"
LANGUAGES = ("markup",)
FIX = "sometimes"
SAFETY = "safe"
TRIGGERS = ("ws-send",)


def check(file):
    target = file.target
    for tag in file.markup.start_tags():
        olds = [a for a in tag.attrs if a.lname in SEND_2X]
        if not olds:
            continue
        first = olds[0]
        new_name = ("data-" if first.lname.startswith("data-") else "") + target.send_attr
        if tag.attr(target.send_attr, "data-" + target.send_attr) is not None:
            yield Diagnostic(CODE, f"`{first.name}` next to `{new_name}`: remove the 2.x attribute by hand", first.start, first.name_end)
            continue
        tagged = next((a for a in olds if a.value and template_tag_in(file, a)), None)
        if tagged is not None:
            yield Diagnostic(CODE, f"`{first.name}` is `{new_name}` in htmx 4, without a value (2.x ignored it, later 4.x "
                             f"releases read it as the URL to send to), but the value `{tagged.value}` has a template "
                             "tag, which hxmigrate never removes: rename the attribute and remove the value by hand",
                             first.start, first.name_end)
            continue
        edits = []
        for a in olds:
            name = ("data-" if a.lname.startswith("data-") else "") + target.send_attr
            if a.value is not None and a.value == "":
                edits.append(Edit(a.start, a.name_end, name))
            else:
                edits.append(Edit(a.start, a.end, kept_apart(file, a, name)))
        dropped = f" (its value {first.value!r} is dropped: 2.x ignored it, later 4.x reads it as a URL)" if first.value else ""
        yield Diagnostic(CODE, f"`{first.name}` is `{new_name}` in htmx 4{dropped}", first.start, first.name_end, fix(*edits))

