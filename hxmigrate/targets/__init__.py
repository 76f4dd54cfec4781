"""One data table per htmx target: every name that differs between releases.

A later htmx release is one more table here; rules read names only from the
target they are given.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping

from .core import CORE_4_0, CoreNames
from .sse import SSE_4_0, SseNames


@dataclass(frozen=True)
class Target:
    name: str
    htmx_version: str  # the release the emitted code is for
    connect_attr: str  # hx-ws:connect
    send_attr: str  # hx-ws:send
    config_object: str  # htmx.config.<config_object>
    config_meta_name: str  # <meta name="...">
    config_meta_key: str  # key of the ws object inside the meta JSON
    pause_key: str  # pause while the tab is hidden
    ext_script: str  # path of the extension inside the htmx.org package
    events: Mapping[str, str]  # 2.x event name (camelCase, "htmx:" prefix) -> this target's name
    defaults: Mapping[str, object] = field(default_factory=dict)
    # The htmx.org release whose dist/ext/hx-ws.js replaces the 2.x extension script.
    ext_version: str = "4.0.1"
    # Config key for WebSocket subprotocols (htmx.createWebSocket in 2.x); None: none.
    protocols_key: str | None = "protocols"
    # Per 2.x event (camelCase): event.detail property -> its path in this target.
    # A property missing here has no known equivalent and is reported.
    detail_renames: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    # The htmx core's 2.x -> 4.x names (targets/core.py); None: the core rules have no table
    # for this target and report nothing.
    core: CoreNames | None = None
    # The SSE extension's 2.x -> 4.x names (targets/sse.py); None: the SSE rules report nothing.
    sse: SseNames | None = None

    def event(self, name_2x: str) -> str | None:
        return self.events.get(name_2x)


TARGET_4_0 = Target(
    name="4.0",
    htmx_version="4.0.1",
    connect_attr="hx-ws:connect",
    send_attr="hx-ws:send",
    config_object="ws",
    config_meta_name="htmx-config",
    config_meta_key="ws",
    pause_key="pauseOnBackground",
    ext_script="dist/ext/hx-ws.js",
    events=dict(
        {
            "htmx:wsConnecting": "htmx:ws:before:connection",
            "htmx:wsOpen": "htmx:ws:after:connection",
            "htmx:wsClose": "htmx:ws:close",
            "htmx:wsError": "htmx:ws:error",
            "htmx:wsBeforeMessage": "htmx:ws:before:message:incoming",
            "htmx:wsAfterMessage": "htmx:ws:after:message:incoming",
            "htmx:wsConfigSend": "htmx:ws:before:message:outgoing",
            "htmx:wsBeforeSend": "htmx:ws:before:message:outgoing",
            "htmx:wsAfterSend": "htmx:ws:after:message:outgoing",
        }
    ),
    defaults=dict(
        {
            "reconnectDelay": 500,
            "reconnectMaxDelay": 60000,
            "reconnectJitter": 0.3,
            "reconnectCodes": (1001, 1005, 1006, 1011, 1012, 1013, 1014),
            "pauseOnBackground": True,
        }
    ),
    ext_version="4.0.1",
    protocols_key="protocols",
    detail_renames=dict(
        {
            "htmx:wsBeforeMessage": {"message": "message.data"},
            "htmx:wsAfterMessage": {"message": "message.data"},
            "htmx:wsConfigSend": {
                "parameters": "message.values",
                "headers": "message.headers",
                "messageBody": "message.data",
            },
            "htmx:wsAfterSend": {"message": "message.data"},
            "htmx:wsError": {"error": "error"},
        }
    ),
    core=CORE_4_0,
    sse=SSE_4_0,
)

TARGET_4_0_ALPHA = Target(
    name="4.0-alpha",
    htmx_version="4.0.0-alpha",
    connect_attr="hx-ws:connect",
    send_attr="hx-ws:send",
    config_object="websockets",
    config_meta_name="htmx:config",
    config_meta_key="websockets",
    pause_key="pauseInBackground",
    ext_script="dist/ext/hx-ws.js",
    events=dict(
        {
            "htmx:wsConnecting": "htmx:before:ws:connect",
            "htmx:wsOpen": "htmx:after:ws:connect",
            "htmx:wsClose": "htmx:ws:close",
            "htmx:wsError": "htmx:ws:error",
            "htmx:wsBeforeMessage": "htmx:before:ws:message",
            "htmx:wsAfterMessage": "htmx:after:ws:message",
            "htmx:wsConfigSend": "htmx:before:ws:send",
            "htmx:wsBeforeSend": "htmx:before:ws:send",
            "htmx:wsAfterSend": "htmx:after:ws:send",
        }
    ),
    defaults=dict({"reconnectDelay": 500, "reconnectMaxDelay": 30000, "reconnectJitter": 0, "pauseInBackground": False}),
    # The one alpha release on npm that reads htmx.config.websockets and the proposal's events.
    ext_version="4.0.0-alpha8",
    protocols_key=None,
    # The proposal's own example reads the incoming message text as detail.message.
    detail_renames=dict(
        {
            "htmx:wsBeforeMessage": {"message": "message"},
            "htmx:wsAfterMessage": {"message": "message"},
            "htmx:wsError": {"error": "error"},
        }
    ),
)

TARGETS: dict[str, Target] = {t.name: t for t in (TARGET_4_0, TARGET_4_0_ALPHA)}
DEFAULT_TARGET = TARGET_4_0


def get_target(name: str) -> Target:
    try:
        return TARGETS[name]
    except KeyError:
        raise ValueError(f"unknown target {name!r} (choose from {', '.join(TARGETS)})") from None
