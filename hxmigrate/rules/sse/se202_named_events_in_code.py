"""Report the named SSE events a JavaScript/TypeScript, Go or Rust server sends; send an explicit `event: message` unnamed.

What it does:
    Reads the files that serve Server-Sent Events (a `text/event-stream` response, Hono's
    `streamSSE`/`writeSSE`, gin's `SSEvent`, axum's, warp's, actix-web-lab's or Rocket's event
    streams, strings that write both an `event:` and a `data:` line) and reports every named
    event they send, at the line that names it: an `event:` line in a string (a literal, a
    `+` chain, a Go `fmt` format, a Rust `format!`, a template literal), `writeSSE({event})`,
    `c.SSEvent(name, data)`, `.event(name)` on an event builder, and, anywhere in the
    project's Go code, the composite literals `T{Event: ...}` of a struct whose field a
    server writes as the `event:` line (`"event: " + e.Event`). The name is read where it can
    be (literals, constants, a Go package's constants in its other files and the values a
    `String()` method returns for them, `fmt.Sprintf`, `format!`, template literals); a name
    built at run time is reported as an event whose name hxmigrate cannot read, with what it
    reads of it. The report names the pages' elements whose `sse-swap` swaps an event of that
    name (by name: the server's routes are not read), with the `<hx-partial>` each needs.
    An explicit `event: message` line written in one string literal, or Hono's
    `event: "message"`, is removed, unless a page listens to the event `message` by name.

Why:
    htmx 4 swaps only messages without an `event:` line; a named event becomes a DOM event
    on the connection element, which nothing swaps (tests/browser/test_sse_facts.py). Unlike
    a Python server's (SE201), these servers are not rewritten: send the event unnamed with
    its data wrapped in `<hx-partial hx-target="#ID" hx-swap="STYLE">` (the element and swap
    of the page's `sse-swap`, which then goes), or keep it named and swap it on the page with
    `hx-on:NAME`. `event: message` is EventSource's name for a message without an `event:`
    line, so 2.x treated both alike (`sse-swap="message"`, `sse:message`); htmx 4 swaps the
    unnamed one and dispatches the named one as a DOM event `message`.

Example:
    fmt.Fprintf(w, "event: news\ndata: %s\n\n", html)     # page: <ul id="feed" sse-swap="news">
    is reported: "the named event `news` ... the `sse-swap` at templates/page.html:3 swaps it
    into `#feed` with `innerHTML` ..."; and
    res.write("event: message\ndata: <p>hi</p>\n\n")
    becomes
    res.write("data: <p>hi</p>\n\n")

Fix safety:
    Safe: without its `event: message` line the message is the one EventSource (and so
    htmx 2) already read it as, and htmx 4 handles it as every unnamed message (SE101 and
    SE103 migrate the pages for those). Not made where a page, script or `sse-close` of the
    run listens to `message` by name, and never outside a string literal of Go or Rust code
    (axum's `.event("message")` is reported).
"""

from __future__ import annotations

from ...analysis.server import sse_code
from ...diagnostics import Diagnostic, fix

CODE = "SE202"
NAME = "sse-named-events-in-code"
LANGUAGES = ("javascript", "go", "rust")
FIX = "sometimes"
SAFETY = "safe"
TRIGGERS = ("event:", "writesse", ".event(", "ssevent")
FACTS = ("sse_streams",)

UNNAMED = sse_code.UNNAMED
_KEEP = ("or keep it named and swap it on the page with a handler (`hx-on:{0}` on the connection element, the "
         "content in `event.detail.data`)")
_NO_ID = " and run hxmigrate again"  # SE201's advice in a listener's reason: a Go/Rust/JS server is not rewritten


def check(file):
    if file.target.sse is None or file.kind not in LANGUAGES or sse_code.test_file(file.path):
        return
    if not sse_code.hinted(file.text):
        return
    if file.kind == "go":
        view = file.go
    elif file.kind == "rust":
        view = file.rust
    else:
        scripts = file.javascript
        if not scripts:
            return
        view = scripts[0]
    streams = file.project.sse_streams
    try:
        folder = file.abspath.parent.as_posix()
    except (OSError, ValueError, RuntimeError):
        folder = ""
    for send in sse_code.sends(view, file.kind, streams.code, folder):
        diagnostic = _report(send, streams)
        if diagnostic is not None:
            yield diagnostic


def _report(send, streams):
    name = send.name
    if name.literal == UNNAMED:
        head = ("`event: message` is 2.x's name for an unnamed message (EventSource's default type, which "
                "`sse-swap=\"message\"` swapped); htmx 4 swaps only messages without an `event:` line (this one would "
                "become a DOM event `message`)")
        if UNNAMED in streams.blocked:
            return Diagnostic(CODE, f"{head}: {streams.blocked[UNNAMED]}, so it is left as it is: drop the event name if "
                              "the page swaps it, keep it if that listener needs it", send.start, send.end)
        if send.drop is None:
            return Diagnostic(CODE, f"{head}: send it without the event name ({send.why_not or 'hxmigrate cannot remove it'})",
                              send.start, send.end)
        what = "the `event` property" if send.how.startswith("`writeSSE") else "the `event:` line"
        return Diagnostic(CODE, f"{head}: {what} removed", send.start, send.end, fix(*send.drop))
    events = _events(send, streams)
    literal = name.literal
    if literal is not None and literal in streams.blocked and not _swapping(streams, literal):
        return None  # listened to by name only (`sse-close`, `sse:x`, `hx-on`): htmx 4 dispatches it as before
    if literal is not None:
        subject = f"the named event `{literal}` ({send.how})"
    else:
        subject = f"an event whose name hxmigrate cannot read (`{name.shown}`, {send.how})"
        if name.field is not None:
            subject += f": the `{name.field[1]}` field of `{name.field[0]}`"
            sites = streams.code.sites.get(name.field, ())
            if sites:
                subject += ", set to " + ", ".join(f"`{shown}` at {where}" for where, shown in sites)
    swapped, partials = _swapped(streams, events, literal, name)
    keep = _KEEP.format(literal if literal is not None else "NAME")
    message = (f"{subject}; htmx 4 swaps no named event (it dispatches it as a DOM event on the connection element); "
               f"{swapped}: either send it as an unnamed message, its data wrapped in {partials}, and remove that "
               f"`sse-swap`, {keep}")
    return Diagnostic(CODE, message, send.start, send.end)


def _events(send, streams) -> list[str]:
    """The names the pages' `sse-swap` swap that this send may write."""
    names = [e for li in streams.listeners for e in li.events]
    name = send.name
    if name.literal is not None:
        return [name.literal] if name.literal in names else []
    if name.field is not None:
        values = [shown for _, shown in streams.code.sites.get(name.field, ())]
        return list(dict.fromkeys(e for e in names if e in values or (not values and name.partly_known
                                                                             and name.matches(e))))
    if not name.partly_known:
        return []
    return list(dict.fromkeys(e for e in names if name.matches(e)))


def _swapping(streams, event: str) -> bool:
    return any(event in li.events for li in streams.listeners)


def _swapped(streams, events: list[str], literal: str | None, name) -> tuple[str, str]:
    """What the pages do with those events, and the `<hx-partial>` tags the data needs."""
    generic = ("`<hx-partial hx-target=\"#ID\" hx-swap=\"STYLE\">` (the element the page's `sse-swap` swapped it into, "
               "and its swap style)")
    if not events:
        if literal is not None:
            return "no page of this run swaps it with `sse-swap`", generic
        if name.partly_known:
            return "no `sse-swap` of a page of this run swaps a name it may have", generic
        return "hxmigrate cannot tell which `sse-swap` of the pages swaps it", generic
    found = []
    tags = []
    for event in events:
        for li in streams.listeners:
            if event not in li.events:
                continue
            label = "" if literal is not None else f"`{event}` "
            if li.target:
                found.append(f"{label}at {li.where} into `{li.target}` with `{li.swap}`")
                tag = f"`<hx-partial hx-target=\"{li.target}\" hx-swap=\"{li.swap}\">`"
                if tag not in tags:
                    tags.append(tag)
            else:
                found.append(f"{label}at {li.where}, which `hx-target` cannot name yet: {li.why.removesuffix(_NO_ID)}")
    if literal is not None and len(found) == 1:
        head = "the page swaps it with the `sse-swap` " + found[0]
    elif literal is not None:
        head = "the pages swap it with the `sse-swap`s " + "; ".join(found)
    else:
        head = "the pages swap events of the names it may have, with the `sse-swap` of " + "; ".join(found)
    if not tags:
        partials = generic
    elif len(tags) == 1 and len(found) == 1:
        partials = tags[0]
    else:
        partials = "one `<hx-partial>` per element in one message (" + ", ".join(tags) + (
            ", and one with the `#ID` of each element that has none yet)" if len(tags) < len(found) else ")")
    return head, partials
