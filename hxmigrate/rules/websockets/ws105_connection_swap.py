"""Report connection elements whose own swap settings now apply to WebSocket messages.

What it does:
    Reports a WebSocket connection element (`ws-connect` or `hx-ws:connect`) that has its own
    `hx-swap` (other than `none`), `hx-target`, or makes requests (`hx-get`, `hx-post`,
    `hx-put`, `hx-patch`, `hx-delete`); one whose attributes are partly written by template
    syntax that could add those; and, when the project turns on `implicitInheritance`, every
    connection element without `hx-swap`.

Why:
    In 2.x these attributes never touched WebSocket messages. In 4.x a message that is not
    an `<hx-partial>` is swapped with the connection element's `hx-target`/`hx-swap`, so they
    now decide where stray message content goes. hxmigrate adds `hx-swap="none"` only where
    that cannot change anything else; here a reviewer decides. With implicit inheritance on,
    `hx-swap="none"` would also silence descendants' requests.

Example:
    <div ws-connect="/chat" hx-get="/history" hx-trigger="load">

Fix safety:
    No fix: move the requests to a child element, or make sure every message is an
    `<hx-partial>`, then suppress this finding.
"""

from __future__ import annotations

from ...diagnostics import Diagnostic
from ._markup import (
    connect_names,
    has_template_attrs,
    legacy_hx_ws_connects,
    own_swap_settings,
)

CODE = "WS105"
NAME = "connection-swap-settings"
LANGUAGES = ("markup",)
FIX = "never"
SAFETY = "safe"
TRIGGERS = ("ws-connect", "hx-ws")
FACTS = ("implicit_inheritance",)


def check(file):
    names = connect_names(file.target)
    for tag in file.markup.start_tags():
        connect = tag.attr(*names) or (tag.attr("hx-ws", "data-hx-ws") if legacy_hx_ws_connects(tag) else None)
        if connect is None:
            continue
        own = own_swap_settings(tag)
        if own:
            listed = ", ".join(f"`{a.name}`" for a in own)
            yield Diagnostic(CODE, f"connection element has {listed}: in htmx 4 its swap settings also apply to "
                             "WebSocket messages that are not <hx-partial>; check where stray content lands",
                             connect.start, connect.end)
        elif has_template_attrs(tag):
            yield Diagnostic(CODE, "template syntax between this connection element's attributes may set hx-swap or "
                             "hx-target; add hx-swap=\"none\" by hand unless it does", connect.start, connect.end)
        elif file.project.implicit_inheritance and tag.attr("hx-swap", "data-hx-swap") is None:
            yield Diagnostic(CODE, "the project turns on implicitInheritance: hx-swap=\"none\" here would also silence "
                             "descendants' requests, so stray message content will replace this element's content; "
                             "wrap every message part in <hx-partial>", connect.start, connect.end)
