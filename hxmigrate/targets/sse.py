"""The SSE extension's names, htmx 2 (`htmx-ext-sse` 2.2.4) to htmx 4 (`hx-sse.js` of
htmx.org 4.0.1), as tests/browser/test_sse_facts.py shows them in Chromium."""

from __future__ import annotations

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
)
