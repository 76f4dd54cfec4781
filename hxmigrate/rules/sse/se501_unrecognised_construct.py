"""Report traces of htmx 2 SSE code that no other rule found, in files hxmigrate reads.

What it does:
    After the other rules have run, reports each line that still holds a trace of htmx 2's
    SSE extension and has no finding of its own: an `sse:NAME` event in a string (`hx-trigger`
    in markup is SE105's), htmx 1.x's `hx-sse` outside markup (SE106 reads it there), a 2.x
    SSE event name (`htmx:sseMessage`, `htmx:sse-open`...) or `hx-on`
    attribute name (`hx-on::sse-open`) where SE302 and SE303 do not read it (a Python string, an
    attribute name set by code, an event inside a longer string), an `sse-connect`,
    `sse-close` or `sse-swap` the markup rules do not read (bound by a framework, written by
    server code), `htmx.createEventSource`, the `htmx-ext-sse` package. Comments, docstrings
    and prose are not reported.

Why:
    After `hxmigrate --write`, a clean `--check` must mean that no 2.x construct is left. The
    SSE rules do not rewrite these uses yet; what hxmigrate does not read it says so, at the
    line.

Example:
    el.setAttribute("hx-trigger", "sse:news")
    is reported: htmx 4 fires the named event on the connection element as `news`:
    `hx-trigger='news from:"closest [hx-sse\\:connect]"'`.

Fix safety:
    No fix: migrate the line by hand as the message says (or suppress the finding once
    reviewed, when the trace is no 2.x code).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ...diagnostics import Diagnostic
from ...targets.sse import TRACES as _TRACES
from .._unrecognised import unreported

CODE = "SE501"
NAME = "unrecognised-sse-construct"
LANGUAGES = ("markup", "javascript", "python", "go", "rust", "json", "other")
FIX = "never"
SAFETY = "safe"
TRIGGERS = ("sse",)
SEES_FINDINGS = True



@dataclass
class _Trace:
    start: int
    end: int
    kind: str
    text: str


def _step(trace: _Trace, events) -> str:
    if trace.kind == "trigger":
        name = trace.text[4:]
        return (f"`{trace.text}`: htmx 4 fires a named event `{name}` on the connection element, not `sse:{name}`: "
                f"listen with `{name} from:\"closest [hx-sse\\:connect]\"` (quoted) or `from:#id`")
    if trace.kind == "event":
        camel = re.sub(r"-([a-z])", lambda m: m.group(1).upper(), trace.text)
        new = events.get(camel)
        return (f"the 2.x event `{trace.text}`: htmx 4 fires `{new}`, with another `detail`" if new else
                f"the 2.x event `{trace.text}`: htmx 4's SSE events are `htmx:sse:...`")
    if trace.kind == "hxon":
        event = "htmx:sse-" + trace.text.split("sse-", 1)[1]
        camel = re.sub(r"-([a-z])", lambda m: m.group(1).upper(), event)
        new = events.get(camel)
        return (f"the 2.x `hx-on` name `{trace.text}`: htmx 4 listens with `hx-on::{new[5:]}`" if new else
                f"the 2.x `hx-on` name `{trace.text}`: htmx 4's SSE events are `htmx:sse:...`")
    if trace.kind == "attr":
        return f"the 2.x attribute `{trace.text}`: htmx 4 reads `hx-sse:connect`/`hx-sse:close`, and has no `sse-swap`"
    if trace.kind == "legacy":
        return ("htmx 1.x's attribute `hx-sse` (htmx 2 read it no more): htmx 4 reads `hx-sse:connect=\"URL\"`, "
                "and has no `swap:`")
    if trace.kind == "api":
        return "`htmx.createEventSource` is gone in htmx 4 (it streams with fetch())"
    return "`htmx-ext-sse`: htmx 4's SSE support is `dist/ext/hx-sse.js` of the htmx.org package"


def check(file, findings):
    names = file.target.sse
    if names is None or "sse" not in file.lower:
        return
    traces = [_Trace(m.start(), m.end(), m.lastgroup, m.group()) for m in _TRACES.finditer(file.text)]
    if not traces:
        return
    for found in unreported(file, findings, traces).values():
        steps = "; ".join(dict.fromkeys(_step(t, names.events) for t in found))
        yield Diagnostic(CODE, f"{steps} (hxmigrate does not read this use of the SSE extension yet: migrate it by "
                         "hand)", found[0].start, found[0].end)
