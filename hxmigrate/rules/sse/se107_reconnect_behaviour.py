"""Report the reconnect timing and background pause that change with htmx 4's SSE extension.

What it does:
    Reports each place a page or a script loads or imports the SSE extension (htmx 2's
    `htmx-ext-sse` or htmx 4's `hx-sse.js`) when the same file does not pin
    `reconnectDelay` and `pauseOnBackground` in its htmx 4 SSE settings (`htmx.config.sse`,
    the `sse` object of `<meta name="htmx-config">`, `hx-config="sse.*"`). Where the file
    already configures htmx in one place, an unsafe fix writes the settings that keep htmx 2's
    behaviour there: a `"sse": {...}` entry in the `htmx-config` meta's JSON, or
    `htmx.config.sse = { ...htmx.config.sse, reconnectDelay: 3000, reconnectJitter: 0,
    pauseOnBackground: false };` after the first `htmx.config.NAME = ...` statement.

Why:
    In htmx 2 the browser's `EventSource` reconnected a stream the server ended after 3 s
    (Chromium's default) or the stream's `retry:`, and a refused connection every 3 s; the
    extension itself reopened a stream answered with an error status after 0.5 s, doubling up
    to 64 s; nothing paused in a hidden tab. htmx 4's `hx-sse:connect` reconnects an ended stream
    after `reconnectDelay` (500 ms) +-30 % (`reconnectJitter`), doubling from there after
    failed attempts up to `reconnectMaxDelay` (60 s), honours `retry:` with the same jitter,
    and closes the stream while the tab is hidden (`pauseOnBackground`, on for
    `hx-sse:connect`), reconnecting when it shows again (measured in Chromium:
    tests/browser/test_sse_facts.py). A server that ends its streams every few seconds sees
    its clients come back six times as often. A first connection refused, or answered with
    something else than an event stream (a 404, a login page), is never tried again by htmx 4
    (no setting changes that): the finding says so.

Example:
    <script src="https://unpkg.com/htmx-ext-sse@2.2.4/sse.js"></script>
    on a page whose `<meta name="htmx-config" content='{"defaultFocusScroll": false}'>` gets
    `"sse": {"reconnectDelay": 3000, "reconnectJitter": 0, "pauseOnBackground": false}` in that
    meta (with `--unsafe-fixes`).

Fix safety:
    Unsafe: `pauseOnBackground: false` is htmx 2's behaviour and a reconnect delay of 3 s
    without jitter is its timing for ended streams and `retry:` (the Chromium scenario
    sse-reconnect-ended measures both sides), but htmx 4 backs off failed connections from
    that same delay (3, 6, 12 s... up to 60 s), where htmx 2 started at 0.5 s. Without a place
    that configures htmx the finding says which lines to add.
"""

from __future__ import annotations

import json
import re

from ...diagnostics import Diagnostic, fix
from ...edits import Edit
from .._javascript import member_path

CODE = "SE107"
NAME = "sse-reconnect-behaviour"
LANGUAGES = ("markup", "javascript")
FIX = "sometimes"
SAFETY = "unsafe"
TRIGGERS = ("htmx-ext-sse", "hx-sse", "/sse.js", "/sse.min.js")

_EXTENSION = re.compile(r"htmx-ext-sse|/ext/(?:hx-)?sse(?:\.min)?\.js")
_KEYS = ("reconnectDelay", "pauseOnBackground")
# Where the file writes htmx 4's SSE settings: htmx.config.sse, an "sse" key, hx-config's sse.NAME.
_SSE_SETTINGS = re.compile(r"\bconfig\s*\.\s*sse\b|[\"']sse[\"']\s*:|\bsse\s*:\s*\{|\bsse\.(?:reconnectDelay|pauseOnBackground)")
_META_JSON = re.compile(r"\s*\{")


def _pinned(text: str) -> bool:
    return all(key in text for key in _KEYS) and _SSE_SETTINGS.search(text) is not None


def _js_line(keep: dict) -> str:
    items = ", ".join(f"{k}: {json.dumps(v)}" for k, v in keep.items())
    return f"htmx.config.sse = {{ ...htmx.config.sse, {items} }};"


def _message(where: str) -> str:
    return ("htmx 4's SSE extension reconnects a stream the server ended after 500 ms +-30 % (htmx 2: the browser's "
            "3 s, or the stream's `retry:`) and closes it while the tab is hidden (htmx 2 never paused): "
            f"{where} keeps htmx 2's timing for ended streams and open streams in hidden tabs (failed connections then "
            "retry after 3, 6, 12 s... up to 60 s, where htmx 2 started at 0.5 s), or suppress this. No setting keeps "
            "one more thing: a first connection that is refused or answered with something else than an event stream "
            "(a 404, a login page) is never tried again in htmx 4, where htmx 2 kept trying")


def check(file):
    if file.target.sse is None or _pinned(file.text):
        return
    places = list(_loads(file))
    if not places:
        return
    where, edit = _config_place(file, dict(file.target.sse.keep_2x))
    message = _message(where)
    for i, (start, end) in enumerate(places):
        yield Diagnostic(CODE, message, start, end, fix(edit, safe=False) if edit is not None and i == 0 else None)


def _loads(file):
    """The spans of the extension's script URLs and imports in the file."""
    if file.kind == "markup":
        for tag, _ in file.markup.scripts():
            src = tag.attr("src")
            if src is not None and src.value and _EXTENSION.search(src.value):
                yield src.start, src.end
    for script in file.javascript:
        if "sse" not in script.text:
            continue
        for node in script.walk({"string_fragment"}):
            if not _EXTENSION.search(script.text_of(node)):
                continue
            holder = node.parent.parent if node.parent is not None else None
            if holder is not None and holder.type in ("import_statement", "arguments"):
                yield script.span(node)


def _config_place(file, keep: dict) -> "tuple[str, Edit | None]":
    """Where the settings go: the text the finding names, and the edit that writes them there
    (None where the file has no place that configures htmx)."""
    if file.kind == "markup":
        for tag in file.markup.start_tags():
            if tag.lname != "meta":
                continue
            name, content = tag.attr("name"), tag.attr("content")
            if name is None or (name.value or "").strip().lower() != "htmx-config" or content is None:
                continue
            value = content.value or ""
            m = _META_JSON.match(value)
            if content.quote != "'" or content.value_has_template or m is None or '"sse"' in value:
                break
            entry = json.dumps({"sse": keep})[1:-1]
            rest = value[m.end():].strip()
            entry += ", " if rest and not rest.startswith("}") else ""
            return (f"`{entry.rstrip(', ')}` in the `htmx-config` meta",
                    Edit(content.value_start + m.end(), content.value_start + m.end(), entry))
    line = _js_line(keep)
    for script in file.javascript:
        if "config" not in script.text:
            continue
        for node in script.walk({"assignment_expression"}):
            path = member_path(script, node.child_by_field_name("left"))
            statement = node.parent
            if path is None or len(path) != 3 or path[:2] != ["htmx", "config"] or statement is None or \
                    statement.type != "expression_statement" or script.has_template(statement):
                continue
            if path[2] == "sse":
                return f"`{line}` (merged into the `htmx.config.sse` this file sets)", None
            start, end = script.span(statement)
            text = file.text
            line_start = text.rfind("\n", 0, start) + 1
            indent = text[line_start:start]
            if indent.strip():
                indent = ""
            return f"`{line}`", Edit(end, end, "\n" + indent + line)
    return f"`{line}` (after htmx loads, before the page connects) or the `\"sse\"` object in the `htmx-config` meta", None
