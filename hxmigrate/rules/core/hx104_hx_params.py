"""Report `hx-params`, which htmx 4 removed, with the listener that does its work.

What it does:
    Reports `hx-params` (and `data-hx-params`) with the `htmx:config:request` listener that
    filters the request's parameters as the value did, written as an `hx-on` attribute of the
    same element: `none` empties `ctx.request.body`, `not a,b` deletes `a` and `b`, `a,b` keeps
    only those, `*` (every parameter, what htmx 4 sends anyway) needs nothing. The
    `hx-params` of a WebSocket sender is WS112's (its messages fire no such event).

Why:
    htmx 4 reads no `hx-params`: every parameter is sent. The body htmx 4 is about to send is
    `ctx.request.body` (a `FormData`, also for a GET, whose parameters go to the URL after the
    event), which a listener may change; a listener on a container also sees the requests of
    the elements below it, as htmx 2 applied a container's `hx-params` to them.

Example:
    <form hx-post="/search" hx-params="not csrf">
    is written for htmx 4 as
    <form hx-post="/search"
          hx-on:htmx:config:request="for (const name of ['csrf']) event.detail.ctx.request.body.delete(name)">

Fix safety:
    No fix: the listener is code the page's authors own; where an element below sets its own
    `hx-params`, htmx 2 used that one alone, and both listeners run in htmx 4.
"""

from __future__ import annotations

import json

from ...diagnostics import Diagnostic
from ._attributes import htmx_attrs, prefix_of

CODE = "HX104"
NAME = "hx-params"
LANGUAGES = ("markup",)
FIX = "never"
SAFETY = "safe"
TRIGGERS = ("hx-params",)

_BODY = "event.detail.ctx.request.body"


def listener(value: str) -> str | None:
    """The `hx-on:htmx:config:request` code that filters the parameters as `hx-params` did, or
    None for `*` (nothing to filter)."""
    value = value.strip()
    if value == "*":
        return None
    if value == "none":
        return f"{_BODY} = new FormData()"
    if value.startswith("not "):
        names = [n.strip() for n in value[4:].split(",")]
        return f"for (const name of {_list(names)}) {_BODY}.delete(name)"
    names = [n.strip() for n in value.split(",")]
    return (f"const body = {_BODY}; for (const name of [...body.keys()]) "
            f"if (!{_list(names)}.includes(name)) body.delete(name)")


def _list(names) -> str:
    return "[" + ", ".join(json.dumps(n).replace('"', "'") if "'" not in n else json.dumps(n) for n in names) + "]"


def _ws_sender(tag) -> bool:
    """A WebSocket sender: htmx 4 fires no `htmx:config:request` for its messages (WS112's)."""
    for attr in tag.attrs:
        name = attr.lname.removeprefix("data-")
        if name in ("ws-send", "hx-ws:send") or name == "hx-ws" and "send" in (attr.value or ""):
            return True
    return False


def check(file):
    if file.target.core is None:
        return
    for tag in file.markup.start_tags():
        for attr in htmx_attrs(tag, "hx-params"):
            if _ws_sender(tag):
                if (attr.value or "").strip() == "*" and not attr.value_has_template:
                    yield Diagnostic(CODE, f"htmx 4 has no `{attr.name}`; its WebSocket sender sends every value, as "
                                     "`*` asked: remove the attribute", attr.start, attr.end)
                continue  # WS112 has the others
            value = attr.value
            if value is None or attr.value_has_template or not value.strip():
                yield Diagnostic(CODE, f"htmx 4 has no `{attr.name}`: every parameter is sent; filter them in a "
                                 "`htmx:config:request` listener (`event.detail.ctx.request.body`, a FormData)",
                                 attr.start, attr.end)
                continue
            code = listener(value)
            if code is None:
                yield Diagnostic(CODE, f"htmx 4 has no `{attr.name}`; it sends every parameter, as `*` asked: remove "
                                 "the attribute (where a container's listener filters the requests below, skip this "
                                 "element's there: `event.detail.ctx.sourceElement`)", attr.start, attr.end)
                continue
            on = f"{prefix_of(attr.name)}hx-on:htmx:config:request"
            quote = '"' if '"' not in code else "'"
            yield Diagnostic(CODE, f"htmx 4 has no `{attr.name}`: every parameter is sent. Filter them as "
                             f"`{attr.name}=\"{value.strip()}\"` did with a listener on this element, which also sees "
                             f"the requests of the elements below it: `{on}={quote}{code}{quote}`",
                             attr.start, attr.end)
