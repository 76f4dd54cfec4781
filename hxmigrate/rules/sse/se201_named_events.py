"""Send a Python server's named SSE events that pages swap with `sse-swap` as unnamed `<hx-partial>` messages.

What it does:
    Reads the Python endpoints that answer with an event stream (sse-starlette's
    `EventSourceResponse` yielding `ServerSentEvent(...)` or dicts; Starlette/FastAPI
    `StreamingResponse`, Django `StreamingHttpResponse`, Flask and Quart `Response` with
    `text/event-stream` yielding the stream's text) and the events their generators send. A
    named event `news` that every page connecting to the endpoint's route swaps with
    `sse-swap="news"` into the same element, in the same way, and that nothing else listens to,
    is sent as an unnamed message whose data is wrapped in
    `<hx-partial hx-target="#ID" hx-swap="STYLE">`: its `event=` argument, `"event"` key or
    `event:` line goes, and SE103 removes the pages' `sse-swap` in the same run. Otherwise the
    event is reported at its line with why and the two ways to keep it. An explicit
    `event: message` (2.x's name for an unnamed message) loses its event line. A stream whose
    messages hxmigrate cannot all read (items of a queue, text a helper function builds) is
    reported at its response when pages swap named events of its route.

Why:
    htmx 4 swaps only messages without an `event:` line; a named event becomes a DOM event on
    the connection element, which nothing swaps. An `<hx-partial>` in an unnamed message is
    swapped into its own `hx-target` with its own `hx-swap`, and leaves the connection
    element alone (tests/browser/test_sse_partial_facts.py). The page and the server change
    together or not at all: the decision is the project's (both sides read, both rules run on
    every file involved), never one file's.

Example:
    yield ServerSentEvent(data=render(item), event="news")   # page: <ul id="feed" sse-swap="news" hx-swap="afterbegin">
    becomes
    yield ServerSentEvent(data=f'<hx-partial hx-target="#feed" hx-swap="afterbegin">{render(item)}</hx-partial>')

Fix safety:
    Safe where hxmigrate sees the whole data and it holds no `hx-swap-oob` element (2.x swapped
    those out of band; inside an `<hx-partial>` they are inserted as they are); unsafe where
    the data is a variable or a rendered template it does not see.
"""

from __future__ import annotations

from ...analysis.server.sse_python import endpoints, hinted, unnamed_edits
from ...diagnostics import Diagnostic, fix

CODE = "SE201"
NAME = "sse-named-events"
LANGUAGES = ("python",)
FIX = "sometimes"
SAFETY = "safe"
TRIGGERS = ("text/event-stream", "eventsourceresponse")
FACTS = ("sse_streams",)

UNNAMED = "message"  # 2.x's name for a message without an `event:` line
_OPTIONS = ("; htmx 4 swaps no named event (it dispatches a DOM event `{0}` on the connection element): either "
            "send it as an unnamed message wrapped in `<hx-partial hx-target=\"#ID\" hx-swap=\"STYLE\">` (the "
            "target and swap of the page's `sse-swap`), or keep it named and swap it on the page with a handler "
            "(`hx-on:{0}` on the connection element, the content in `event.detail.data`)")


def check(file):
    if file.target.sse is None or not hinted(file.text):
        return
    view = file.python
    if view.module is None:
        return
    streams = file.project.sse_streams
    for endpoint in endpoints(view):
        route = endpoint.route or streams.routes.get(endpoint.function)
        if endpoint.unknown:
            unread = _unread(view, endpoint, route, streams)
            if unread is not None:
                yield unread
        for send in endpoint.sends:
            if send.name is None:
                continue
            start, end = view.span(send.node)
            if send.name == UNNAMED:
                if UNNAMED in streams.blocked:  # a page listens to `message` by name: htmx 4 dispatches it so
                    yield Diagnostic(CODE, f"`event: message` names 2.x's unnamed message; htmx 4 swaps only messages "
                                     f"without an `event:` line, and dispatches this one as a DOM event `message`, which "
                                     f"{streams.blocked[UNNAMED]}: left as it is: drop the event name if the page should "
                                     "swap it, or keep it for that listener", start, end)
                    continue
                edits = unnamed_edits(view, send, "", "")
                if isinstance(edits, str):
                    continue
                yield Diagnostic(CODE, "`event: message` is 2.x's name for an unnamed message, which `sse-swap="
                                 "\"message\"` swapped; htmx 4 swaps only messages without an `event:` line (this one "
                                 "would become a DOM event `message`): the event name removed", start, end, fix(*edits))
                continue
            yield _named(view, send, route, streams, endpoint, start, end)


def _unread(view, endpoint, route, streams) -> Diagnostic | None:
    """A stream whose messages hxmigrate cannot all read (a queue's items, a helper's text), when
    pages swap named events of its route: the named events it may send stay named."""
    named = sorted({(event, listener.where) for listener in streams.listeners if route and listener.route == route
                    for event in listener.events if event != UNNAMED})
    if not named:
        return None
    start, end = view.span(endpoint.node)
    swapped = ", ".join(f"`{event}` ({where})" for event, where in named)
    return Diagnostic(CODE, f"the stream of `{route}` ({endpoint.function}()): hxmigrate cannot read all the messages it "
                      f"sends ({endpoint.unknown}), and pages swap named events of it with `sse-swap`: {swapped}. "
                      "htmx 4 swaps no named event: where this server writes them (an `event:` line, an `event=` "
                      "argument), send them as unnamed messages wrapped in `<hx-partial hx-target=\"#ID\" "
                      "hx-swap=\"STYLE\">` (the target and swap of each page's `sse-swap`), or keep them named and "
                      "swap them on the page with a handler (`hx-on:NAME` on the connection element, the content in "
                      "`event.detail.data`)", start, end)


def _named(view, send, route, streams, endpoint, start, end) -> Diagnostic:
    event = send.name
    options = _OPTIONS.format(event)
    if route is None:
        return Diagnostic(CODE, f"the named event `{event}` of {endpoint.function}(): hxmigrate does not know the route "
                          "it serves (no decorator or route table names it), so not which pages swap it" + options,
                          start, end)
    decision = streams.decision(route, event)
    if decision is None:
        return Diagnostic(CODE, f"the named event `{event}` of `{route}`: no page of this run swaps it with `sse-swap`"
                          + options, start, end)
    if not decision.converted:
        return Diagnostic(CODE, f"the named event `{event}` of `{route}` stays named: {decision.why}" + options,
                          start, end)
    edits = unnamed_edits(view, send, decision.target, decision.swap)
    if isinstance(edits, str):  # the project read it the same way: not reached
        return Diagnostic(CODE, f"the named event `{event}` of `{route}` cannot be rewritten: {edits}" + options,
                          start, end)
    whole, _ = send.data_visible(view)
    note = "" if whole else (" (unsafe: hxmigrate does not see the whole data, and an `hx-swap-oob` element in it, "
                             "which 2.x swapped out of band, would be inserted as it is)")
    return Diagnostic(CODE, f"the named event `{event}` of `{route}`: htmx 4 swaps no named event, and every page swaps "
                      f"this one into `{decision.target}` with `{decision.swap}` (SE103 removes their `sse-swap`): sent "
                      f"as an unnamed message wrapped in `<hx-partial hx-target=\"{decision.target}\" "
                      f"hx-swap=\"{decision.swap}\">`{note}", start, end, fix(*edits, safe=decision.safe))
