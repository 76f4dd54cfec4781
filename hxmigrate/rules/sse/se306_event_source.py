"""Report `htmx.createEventSource` and SSE streams of another origin, which htmx 4 fetches.

What it does:
    Reports `htmx.createEventSource` (assigned, called or read; the 2.x extension's documented
    way to create the `EventSource` with `{withCredentials: true}` or a polyfill), with what
    the function did (`withCredentials`, a source other than `EventSource`) and the htmx 4
    way to do it. Reports the `sse-connect` / `hx-sse:connect` elements (also `data-`) whose
    URL is absolute (`https://other.host/...`, `//host/...`): another origin than the page's
    unless the page is served from that host.

Why:
    htmx 4's `hx-sse.js` opens the stream with `fetch()` from its request context: `mode` is
    `htmx.config.mode` (`"same-origin"` by default, which an element's `hx-config` cannot
    change) and `credentials` is `"same-origin"`. htmx 2's extension used the browser's
    `EventSource`, a CORS request without a preflight, created `withCredentials: true` by
    htmx-ext-sse 2.2.4's own `createEventSource`. In htmx 4 a stream of another origin is
    refused by the browser before it is sent, and nothing connects. With
    `htmx.config.mode = "cors"` it is a CORS fetch that sends `HX-Request`, `HX-Source`,
    `HX-Current-URL`, `HX-Request-Type` (and `Last-Event-ID` when it reconnects), headers
    that need a preflight: the stream's server must answer `OPTIONS` allowing them
    (`Access-Control-Allow-Headers`), and, for its cookies (`hx-config='credentials:include'`
    on the element, or `ctx.request.credentials = "include"` in an `htmx:config:request`
    listener), name the page's origin in `Access-Control-Allow-Origin` with
    `Access-Control-Allow-Credentials: true`. htmx 4 has no way to create the stream with
    other code: headers a polyfill sent go in `ctx.request.headers` of that listener.

Example:
    htmx.createEventSource = (url) => new EventSource(url, {withCredentials: true});
    is reported: htmx 4 has no `htmx.createEventSource`; a same-origin stream sends its cookies
    anyway; for another origin set `htmx.config.mode = "cors"` and
    `hx-config='credentials:include'` on the `hx-sse:connect` element.

Fix safety:
    No fix: the settings depend on the streams' origins and on what their servers allow.
"""

from __future__ import annotations

import re

from ...diagnostics import Diagnostic
from .._javascript import htmx_library, member_path
from ._markup import connect_names

CODE = "SE306"
NAME = "sse-event-source"
LANGUAGES = ("javascript", "markup")
FIX = "never"
SAFETY = "safe"
TRIGGERS = ("createeventsource", "sse-connect", "sse:connect")

_DEFINES_SSE = re.compile(r"""defineExtension\(\s*['"]sse['"]""")
_ABSOLUTE = re.compile(r"^\s*(?:(?:https?:)?//)([^/?#\s]+)", re.I)
_SOURCE = re.compile(r"\bnew\s+([A-Za-z_$][\w$.]*)")

_FETCHED = ("htmx 4 streams with fetch() (`mode: htmx.config.mode`, \"same-origin\" by default, and "
            "`credentials: \"same-origin\"`)")
_CROSS = ("for a stream of another origin set `htmx.config.mode = \"cors\"` (or `\"mode\": \"cors\"` in the "
          "`htmx-config` meta), `hx-config='credentials:include'` on its `hx-sse:connect` element for its cookies, and "
          "have its server answer the CORS preflight (`OPTIONS`: `Access-Control-Allow-Headers: HX-Request, HX-Source, "
          "HX-Current-URL, HX-Request-Type, Last-Event-ID`, `Access-Control-Allow-Origin` the page's origin, "
          "`Access-Control-Allow-Credentials: true`)")


def check(file):
    if file.target.sse is None:
        return
    if file.kind == "markup":
        yield from _connect_urls(file)
    if "createEventSource" not in file.text:
        return
    for script in file.javascript:
        if "createEventSource" not in script.text or htmx_library(script.text) is not None:
            continue
        if "defineExtension" in script.text and _DEFINES_SSE.search(script.text):
            continue  # a copy of the 2.x extension: SE304 reports it as a whole
        for node in script.walk({"member_expression", "subscript_expression"}):
            path = member_path(script, node)
            if path != ["htmx", "createEventSource"]:
                continue
            start, end = script.span(node)
            parent = node.parent
            if parent is not None and parent.type == "assignment_expression" and parent.child_by_field_name("left") == node:
                value = parent.child_by_field_name("right")
                yield Diagnostic(CODE, _assigned(script.text_of(value) if value is not None else ""), start, end)
            else:
                yield Diagnostic(CODE, f"htmx 4 has no `htmx.createEventSource`: {_FETCHED}, and creates no "
                                 "EventSource to reach: listen to `htmx:sse:after:connection` (detail `connection`) "
                                 "or `htmx:sse:after:message` instead", start, end)


def _assigned(code: str) -> str:
    """The step for an `htmx.createEventSource = ...` whose value is ``code``."""
    steps = [f"htmx 4 has no `htmx.createEventSource` (this function is never called): {_FETCHED}"]
    if "withCredentials" in code:
        steps.append("a same-origin stream sends its cookies as `withCredentials` did; " + _CROSS)
    else:
        steps.append(_CROSS)
    others = sorted({m.group(1) for m in _SOURCE.finditer(code)} - {"EventSource", "URL", "Error", "Map", "Set"})
    if others:
        steps.append(f"it creates `{'`, `'.join(others)}`: htmx 4 reads the stream itself and takes no other source; "
                     "headers it sent go in a `htmx:config:request` listener (`ctx.request.headers[...]`)")
    return "; ".join(steps)


def _connect_urls(file):
    names = file.target.sse
    wanted = connect_names(names)
    for tag in file.markup.start_tags():
        for attr in tag.attrs:
            if attr.lname not in wanted or not attr.value or attr.value_has_template:
                continue
            m = _ABSOLUTE.match(attr.value)
            if m is None:
                continue
            yield Diagnostic(CODE, f"`{attr.value.strip()}` is a stream of another origin unless the page is served "
                             f"from {m.group(1)}: {_FETCHED}, so the browser refuses it before sending it and nothing "
                             "connects (htmx 2's EventSource made a CORS request, with credentials); " + _CROSS,
                             attr.start, attr.end)

