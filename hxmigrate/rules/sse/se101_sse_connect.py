"""Rename `sse-connect` to `hx-sse:connect`, and keep unnamed messages out of a connection element that never swapped them.

What it does:
    Renames `sse-connect` (and `data-sse-connect`) to `hx-sse:connect` (`data-hx-sse:connect`),
    keeping the value, its quotes and the attribute's position. When neither the element nor
    an element below it has `sse-swap="message"`, it then inserts `hx-swap="none"` (or
    `data-hx-swap="none"`) right after it. It is not added when the element has its own
    `hx-swap`, `hx-target` or requests (`hx-get`...), when template syntax between its
    attributes could add them, when template syntax inside it (an include, a block, a macro
    call) may render an `sse-swap="message"` hxmigrate cannot see, or when the project turns
    on `implicitInheritance`: the finding says so instead.

Why:
    htmx 4 reads `hx-sse:connect`; `sse-connect` only runs through the deprecation shim of
    `hx-sse.js`, which does not read `data-sse-connect` at all (nothing connects). In 2.x a
    message without an `event:` line was swapped only by an `sse-swap="message"` element; in
    4.x the connection element swaps every such message into itself (or its `hx-target`),
    replacing its content. `hx-swap="none"` keeps them out as in 2.x. A message's
    `hx-swap-oob` parts and `<hx-partial>`s, which 2.x applied only where `sse-swap="message"`
    listened, do apply in 4.x (that is how a server targets elements in htmx 4).

Example:
    <div hx-ext="sse" sse-connect="/news"><p sse-swap="update">...</p></div>
    becomes (together with SE104)
    <div hx-sse:connect="/news" hx-swap="none"><p sse-swap="update">...</p></div>

Fix safety:
    Safe: the element connects to the same URL, and unnamed messages change nothing on the
    page as before.
"""

from __future__ import annotations

from ...diagnostics import Diagnostic, fix
from ...edits import Edit
from ._markup import (
    CONNECT_2X,
    NoSwapNoneWords,
    in_other_branch,
    insert_after,
    listeners,
    listens_unnamed,
    why_no_swap_none,
)

CODE = "SE101"
NAME = "sse-connect"
LANGUAGES = ("markup",)
FIX = "sometimes"
SAFETY = "safe"
TRIGGERS = ("sse-connect",)
FACTS = ("implicit_inheritance",)

_WORDS = NoSwapNoneWords(
    unnamed="htmx 4 swaps unnamed messages (those without an `event:` line) into the connection element, which 2.x "
            "did only where `sse-swap=\"message\"` listened",
    own=", with this element's {listed}: make sure the server sends none (`hx-swap=\"none\"` would drop them, but "
        "these settings are the element's own)",
    template_attrs="; template syntax between its attributes may set `hx-swap` or `hx-target`: add "
                   "`hx-swap=\"none\"` by hand unless it does",
    implicit="; the project turns on implicitInheritance, so `hx-swap=\"none\"` here would also reach the requests "
             "below it: make sure the server sends none",
    inserted="; template syntax inside it may render an `sse-swap=\"message\"` element hxmigrate does not see: if "
             "none does, add `hx-swap=\"none\"` after it",
)


def check(file):
    names = file.target.sse
    if names is None:
        return
    view = file.markup
    for tag in view.start_tags():
        olds = [a for a in tag.attrs if a.lname in CONNECT_2X]
        if not olds:
            continue
        first = olds[0]
        new_name = ("data-" if first.lname.startswith("data-") else "") + names.connect_attr
        if tag.attr(names.connect_attr, "data-" + names.connect_attr) is not None:
            yield Diagnostic(CODE, f"`{first.name}` next to `{new_name}`: remove the 2.x attribute by hand "
                             "once both URLs are the same", first.start, first.name_end)
            continue
        edits = [Edit(a.start, a.name_end, ("data-" if a.lname.startswith("data-") else "") + names.connect_attr)
                 for a in olds]
        message = f"`{first.name}` is `{new_name}` in htmx 4"
        element = view.element_at.get(tag.start)
        swaps_unnamed = element is not None and any(listens_unnamed(attr) for _, attr in listeners(element, names))
        why_not = why_no_swap_none(file, tag, element, swaps_unnamed, _WORDS)
        if why_not is None:
            # One hx-swap="none" per template branch: {% if %}sse-connect=..{% else %}sse-connect=..{% endif %}
            for a in olds:
                if a is first or in_other_branch(tag, a):
                    name = ("data-" if a.lname.startswith("data-") else "") + "hx-swap"
                    edits.append(insert_after(file, tag, a, f'{name}="none"'))
            message += (f"; `{'data-' if first.lname.startswith('data-') else ''}hx-swap=\"none\"` keeps unnamed "
                        "messages out of it as in 2.x, where no `sse-swap=\"message\"` swapped them (4.x swaps them "
                        "into the connection element)")
        elif why_not:
            message += "; " + why_not
        yield Diagnostic(CODE, message, first.start, first.name_end, fix(*edits))
