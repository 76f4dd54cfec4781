"""Convert htmx 1.x `hx-ws` to `hx-ws:connect` / `hx-ws:send`.

What it does:
    Rewrites `hx-ws="connect:URL"` and `hx-ws="send"` (also with the `data-` prefix) into
    `hx-ws:connect="URL"` or `hx-ws:send`, exactly as the 2.x extension read them: the first
    `connect:URL` word connects, other words beside it had no effect and go, and an element
    sends only when the whole value is `send` (so `hx-ws="connect:/u send"` connected but
    never sent). `hx-swap="none"` is added to the connection as WS101 does. Values that did
    nothing in 2.x, or are built by template syntax, are reported.

Why:
    The 2.x extension still honoured the 1.x attribute; htmx 4 does not.

Example:
    <div hx-ws="connect:/chat">  becomes  <div hx-ws:connect="/chat" hx-swap="none">

Fix safety:
    Safe.
"""

from __future__ import annotations

from ..diagnostics import Diagnostic, fix
from ..edits import Edit
from ._markup import swap_none_edit

CODE = "WS104"
NAME = "legacy-hx-ws"
LANGUAGES = ("markup",)
FIX = "sometimes"
SAFETY = "safe"
TRIGGERS = ("hx-ws",)


def check(file):
    target = file.target
    for tag in file.markup.start_tags():
        attr = tag.attr("hx-ws", "data-hx-ws")
        if attr is None:
            continue
        extra = [a for a in tag.attrs if a.lname in ("hx-ws", "data-hx-ws") and a is not attr]
        if extra:
            # Browsers keep only the first of duplicate attributes: the others never existed.
            yield Diagnostic(CODE, f"a second `{extra[0].name}` on one element is dropped by browsers, so it goes",
                             extra[0].start, extra[0].end, fix(*(file.markup.remove_attr(tag, a) for a in extra)))
            continue
        prefix = "data-" if attr.lname.startswith("data-") else ""
        if attr.value is None or attr.value_has_template:
            yield Diagnostic(CODE, f"htmx 1.x `{attr.name}` cannot be converted automatically: use "
                             f"`{prefix}{target.connect_attr}=\"URL\"` and `{prefix}{target.send_attr}`", attr.start, attr.end)
            continue
        # As the 2.x extension read it: the first "connect:URL" word connects; the
        # element sends only when the whole value is exactly "send".
        words = attr.value.split()
        url = next((w.split(":", 1)[1] for w in words if w.startswith("connect:") and len(w) > 8), None)
        send = attr.value == "send"
        if url is None and not send:
            yield Diagnostic(CODE, f"htmx 1.x `{attr.name}=\"{attr.value}\"` did nothing in 2.x (it neither connects nor "
                             "is exactly `send`): remove it, or write the htmx 4 attribute you meant", attr.start, attr.end)
            continue
        ignored = [w for w in words if not w.startswith("connect:")] if url is not None else []
        own = tag.attr("ws-connect", "data-ws-connect", target.connect_attr, "data-" + target.connect_attr)
        if url is not None and own is not None and own.value:
            # The 2.x extension read ws-connect first, so this hx-ws never connected (and a
            # value with "connect:" is not exactly "send", so it never sent either).
            yield Diagnostic(CODE, f"htmx 1.x `{attr.name}` had no effect next to `{own.name}` (the 2.x extension "
                             "connects to ws-connect's URL), so it goes", attr.start, attr.end,
                             fix(file.markup.remove_attr(tag, attr)))
            continue
        quote = attr.quote or '"'
        parts = []
        if url is not None:
            parts.append(f"{prefix}{target.connect_attr}={quote}{url}{quote}")
        if send:
            parts.append(f"{prefix}{target.send_attr}")
        edits = [Edit(attr.start, attr.end, " ".join(parts))]
        if url is not None:
            swap = swap_none_edit(file, tag, attr, bool(prefix))
            if swap is not None:
                edits.append(swap)
        note = f" (2.x ignored `{' '.join(ignored)}` here, so it goes)" if ignored else ""
        yield Diagnostic(CODE, f"htmx 1.x `{attr.name}` is `{' '.join(parts)}` in htmx 4{note}", attr.start, attr.end, fix(*edits))
