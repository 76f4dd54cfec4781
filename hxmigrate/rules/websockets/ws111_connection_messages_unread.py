"""Report connection elements whose messages come from server code hxmigrate could not read.

What it does:
    Reports a WebSocket connection element (`ws-connect`, `hx-ws:connect`, or 1.x `hx-ws`
    with `connect:`; in markup, or a JSX element with one of them as an attribute or a key
    of a spread object) when the project's WebSocket server code is out of hxmigrate's reach:
    it sends from code hxmigrate does not analyse for messages (C#, Java, Ruby, Elixir, PHP...)
    or sends messages its reading of Go, Rust or JavaScript could not trace (JSON, a JSX
    component rendered to a string, a value from a package; the finding names those sends), or
    none of the files read sends over a WebSocket at all. It is quiet when the server's
    message templates are declared (`ws-message-templates`, or a `hxmigrate: ws-message`
    comment) or found through the server code, and when the project was not read (standard
    input).

Why:
    htmx 2 swapped every top-level element of a message that had an `id` out of band. htmx 4
    swaps a message into the connection element unless its parts are `<hx-partial>`s (or
    carry `hx-swap-oob`); with the `hx-swap="none"` the migration adds, an id-only element is
    dropped. hxmigrate rewrites the messages it can find; the ones a Go server builds with
    `fmt.Sprintf("<p id=...>")` stay 2.x, and the page silently stops updating.

Example:
    <div hx-ws:connect="/clock" hx-swap="none">   (messages sent by main.go:42, `conn.WriteMessage`)

Fix safety:
    No fix: wrap each element the server sends with an id in
    `<hx-partial hx-target="#ID" hx-swap="outerHTML">` (or give it `hx-swap-oob="true"`), or
    declare the server's message templates in `ws-message-templates` so hxmigrate rewrites
    them; then suppress this finding on the element.
"""

from __future__ import annotations

from ...diagnostics import Diagnostic
from ._jsx import ELEMENTS, attributes
from ._markup import connect_names, legacy_hx_ws_connects

CODE = "WS111"
NAME = "connection-messages-unread"
LANGUAGES = ("markup", "javascript")
FIX = "never"
SAFETY = "safe"
TRIGGERS = ("ws-connect", "hx-ws")
FACTS = ("read", "messages_declared", "unread_senders", "discovered", "server_senders")

_SHOWN = 3


def check(file):
    project = file.project
    if not project.read or project.messages_declared:
        return
    unread = project.unread_senders
    if not unread and (project.server_senders or project.discovered):
        return
    for start, end in _connections(file):
        if unread:
            sites = ", ".join(f"{send.path}:{send.line} (`{send.call}`{': ' + send.why if send.why else ''})"
                              for send in unread[:_SHOWN])
            more = f" and {len(unread) - _SHOWN} more" if len(unread) > _SHOWN else ""
            where = (f"this connection's messages are probably sent by {sites}{more}, server code hxmigrate cannot "
                     "rewrite")
        else:
            where = ("hxmigrate found no server code that sends this connection's messages (it reads WebSocket "
                     "servers in Python, Go, Rust and JavaScript/TypeScript; none of the files read sends over a "
                     "WebSocket)")
        yield Diagnostic(CODE, f"{where}: htmx 4 swaps a message into this element unless its parts are <hx-partial>s; "
                         "wrap each element the server sends with an id in "
                         "<hx-partial hx-target=\"#ID\" hx-swap=\"outerHTML\"> (or add hx-swap-oob=\"true\"), or declare "
                         "the message templates in ws-message-templates; then suppress this finding",
                         start, end)


def _connections(file):
    """The spans of the attributes that open a connection: in markup, or on JSX elements."""
    names = connect_names(file.target)
    if file.kind == "markup":
        for tag in file.markup.start_tags():
            connect = tag.attr(*names) or (tag.attr("hx-ws", "data-hx-ws") if legacy_hx_ws_connects(tag) else None)
            if connect is not None:
                yield connect.start, connect.end
        return
    wanted = {n.lower() for n in names}
    for script in file.javascript:
        if script.inline or "<" not in script.text:
            continue
        for element in script.walk(ELEMENTS):
            for attr in attributes(script, element)[0]:
                legacy = attr.bare == "hx-ws" and "connect:" in (attr.string() or "connect:")
                if attr.lname in wanted or legacy:
                    yield script.span(attr.node if attr.node is not None else attr.name_node)
