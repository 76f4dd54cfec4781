"""The SSE extension's names, htmx 2 (`htmx-ext-sse` 2.2.4) to htmx 4 (`hx-sse.js` of
htmx.org 4.0.1), as tests/browser/test_sse_facts.py shows them in Chromium."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Mapping


@dataclass(frozen=True)
class SseNames:
    connect_attr: str  # hx-sse:connect
    close_attr: str  # hx-sse:close
    ext_script: str  # the extension's file in the htmx.org package
    ext_version: str  # the htmx.org release it comes from
    # 2.x event name (camelCase, "htmx:" prefix) -> htmx 4's.
    events: Mapping[str, str] = field(default_factory=dict)
    # htmx 4's reconnect settings (htmx.config.sse.*, hx-config="sse.*") and their defaults.
    defaults: Mapping[str, object] = field(default_factory=dict)
    # Per 2.x event: `event.detail` property -> its path in htmx 4's detail, where it holds
    # the same value. A property missing here has no equivalent there and is reported.
    detail_renames: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    # Per 2.x event: `event.detail` property -> the property of the event itself that holds
    # the same value in htmx 4 (`detail.elt` of an event fired on the connection element in
    # both versions is the event's `target`).
    detail_on_event: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    # Per htmx 4 event: the keys of its detail (which its `hx-on` code has in scope).
    detail_keys: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    # htmx 4 settings that keep htmx 2's reconnect of an ended stream (the browser's 3 s, or
    # `retry:`, without jitter) and its open streams in hidden tabs (SE107).
    keep_2x: Mapping[str, object] = field(default_factory=dict)


# The 2.x attributes, with and without data-: what the markup rules rename.
CONNECT_2X = ("sse-connect", "data-sse-connect")
CLOSE_2X = ("sse-close", "data-sse-close")
SWAP_2X = ("sse-swap", "data-sse-swap")

SSE_4_0 = SseNames(
    connect_attr="hx-sse:connect",
    close_attr="hx-sse:close",
    ext_script="dist/ext/hx-sse.js",
    ext_version="4.0.1",
    events={
        "htmx:sseOpen": "htmx:sse:after:connection",
        "htmx:sseError": "htmx:sse:error",
        "htmx:sseBeforeMessage": "htmx:sse:before:message",
        "htmx:sseMessage": "htmx:sse:after:message",
        "htmx:sseClose": "htmx:sse:close",
    },
    defaults={"reconnectDelay": 500, "reconnectJitter": 0.3, "pauseOnBackground": True},
    keep_2x={"reconnectDelay": 3000, "reconnectJitter": 0, "pauseOnBackground": False},
    # htmx-ext-sse 2.2.4 passes the EventSource's MessageEvent as the message events' detail:
    # `data` is the message's text, `lastEventId` the last `id:` the stream sent (kept across
    # messages and the browser's reconnects); hx-sse.js's `message.data` and `message.id` hold the same.
    # Not `type`: "message" for an unnamed message in 2.x, "" (`message.event`) in htmx 4.
    detail_renames={
        "htmx:sseBeforeMessage": {"data": "message.data", "lastEventId": "message.id"},
        "htmx:sseMessage": {"data": "message.data", "lastEventId": "message.id"},
    },
    detail_on_event={
        "htmx:sseOpen": {"elt": "target"},
        "htmx:sseError": {"elt": "target"},
        "htmx:sseClose": {"elt": "target"},
    },
    detail_keys={
        "htmx:sse:before:connection": ("connection",),
        "htmx:sse:after:connection": ("connection",),
        "htmx:sse:before:message": ("connection", "message", "cancelled", "waitUntil"),
        "htmx:sse:after:message": ("connection", "message"),
        "htmx:sse:error": ("connection", "error", "status", "url"),
        "htmx:sse:close": ("connection", "reason"),
    },
)


# The traces of htmx 2's SSE extension (and htmx 1.x's hx-sse) in any text, by kind: what SE501
# reports where no other rule did, and what makes a prose file mention 2.x SSE code.
TRACES = re.compile(
    r"(?P<trigger>(?<![\w:-])sse:[A-Za-z_][\w.-]*)"
    r"|(?P<event>htmx:sse(?:[A-Z]\w*|-[a-z][\w-]*))"
    r"|(?P<hxon>(?<![\w-])(?:data-)?hx-on(?:::|--|-htmx-)sse-[a-z][\w-]*)"
    r"|(?P<attr>(?<![\w.-])(?:data-)?sse-(?:connect|close|swap)(?![\w:-]))"
    r"|(?P<legacy>(?<![\w.-])(?:data-)?hx-sse(?![\w:.\\-]))"
    r"|(?P<api>\bhtmx\.createEventSource\b)"
    r"|(?P<package>\bhtmx-ext-sse\b)"
)
