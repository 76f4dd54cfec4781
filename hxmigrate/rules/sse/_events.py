"""The SSE extension's 2.x event names in every spelling htmx 2 fired them, and where and when
htmx 4 fires their counterparts (htmx-ext-sse 2.2.4 against hx-sse.js of htmx.org 4.0.1).

htmx 2's `triggerEvent` fired each event under its camelCase name and, right after, its
kebab-case twin (`htmx:sseMessage` and `htmx:sse-message`, 2.0.8 `kebabEventName`); htmx 4
fires only its own names. Where htmx 2 fired them:

- `htmx:sseOpen` {source, elt}, `htmx:sseError` {error, source, elt} and `htmx:sseClose`
  {source, type, elt}: on the connection element (`sse-connect`), as htmx 4 fires
  `htmx:sse:after:connection`, `htmx:sse:error` and `htmx:sse:close`;
- `htmx:sseBeforeMessage` and `htmx:sseMessage` (detail: the EventSource's MessageEvent, with
  `elt` added): on each `sse-swap` element, for each message it swapped, before and after
  the swap (`htmx:sseMessage` also on each `hx-trigger="sse:NAME"` element). htmx 4 fires
  `htmx:sse:before:message` and `htmx:sse:after:message` on the connection element, once for
  every message of the stream, named ones included.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ...targets.sse import SseNames

# Fired on the message's `sse-swap` element in 2.x, on the connection element in htmx 4.
MESSAGE_EVENTS = ("htmx:sseBeforeMessage", "htmx:sseMessage")

# Why a 2.x event's htmx 4 counterpart does not fire on the same occasions (the rename of a
# listener is unsafe); the events missing here fire on the same element at the same moment.
OCCASION = {
    "htmx:sseBeforeMessage": "htmx 4 fires it on the connection element once for every message of the stream, "
                             "named ones too (cancelling it then also keeps a named message's DOM event from "
                             "firing); htmx 2 fired it on each `sse-swap` element before it swapped a message of "
                             "its own",
    "htmx:sseMessage": "htmx 4 fires it on the connection element once for every message of the stream, named ones "
                       "too; htmx 2 fired it on each `sse-swap` (or `hx-trigger=\"sse:...\"`) element after it "
                       "swapped (or triggered on) a message of its own",
    "htmx:sseError": "htmx 4 fires it when a reconnection fails or a stream breaks off; htmx 2 fired it at every "
                     "error of the EventSource, also each time the server ended the stream and when the first "
                     "connection failed (htmx 4 reads a first error answer as a stream, with "
                     "`htmx:sse:after:connection`)",
}

# What each 2.x event's detail was, and what htmx 4's holds.
DETAIL_2X = {
    "htmx:sseOpen": "{source, elt}",
    "htmx:sseError": "{error, source, elt}",
    "htmx:sseBeforeMessage": "the EventSource's MessageEvent (data, lastEventId, type...)",
    "htmx:sseMessage": "the EventSource's MessageEvent (data, lastEventId, type...)",
    "htmx:sseClose": "{source, type, elt}",
}
DETAIL_4 = {
    "htmx:sseOpen": "{connection}",
    "htmx:sseError": "{connection, error, status}",
    "htmx:sseBeforeMessage": "{connection, message: {data, event, id}, cancelled, waitUntil}",
    "htmx:sseMessage": "{connection, message: {data, event, id}}",
    "htmx:sseClose": "{connection, reason}",
}

# Properties of a MessageEvent (and of any Event) a handler may have read of the 2.x detail.
_MESSAGE_EVENT = frozenset({"origin", "ports", "source", "target", "currentTarget", "srcElement", "timeStamp",
                            "bubbles", "cancelable", "composed", "defaultPrevented", "eventPhase", "isTrusted",
                            "returnValue", "cancelBubble", "preventDefault", "stopPropagation",
                            "stopImmediatePropagation", "composedPath", "initMessageEvent"})
# Every detail property of a 2.x SSE event: a read of one in a handler of an htmx 4 event
# that has no such property is a 2.x leftover.
KEYS_2X = frozenset({"source", "elt", "type", "error", "data", "lastEventId", "origin", "ports"})


def kebab(name: str) -> str:
    """htmx 2 fired each event under this name too (``htmx:sse-before-message``)."""
    return re.sub(r"([a-z0-9])([A-Z])", r"\1-\2", name).lower()


class Events:
    """The 2.x names of one SSE table: camelCase, kebab-case, and what a browser makes of a
    camelCase name written in an attribute name (lowercased: never fired)."""

    def __init__(self, names: "SseNames") -> None:
        self.names = names
        self.old = tuple(names.events)
        self._by_name = {**{n: n for n in self.old}, **{kebab(n): n for n in self.old}}
        self._lowered = {n.lower(): n for n in self.old if n.lower() != kebab(n)}
        self.by_new = {new: old for old, new in names.events.items()}

    def of(self, name: str) -> str | None:
        """The camelCase 2.x event for a 2.x name in either spelling, else None."""
        return self._by_name.get(name)

    def lowered(self, name: str) -> str | None:
        """The 2.x event whose camelCase name, lowercased, is ``name``."""
        return self._lowered.get(name)

    def new(self, event: str) -> str:
        return self.names.events[event]

    def pairs(self) -> str:
        return "; ".join(f"{old} -> {new}" for old, new in self.names.events.items())


_CACHE: dict[int, Events] = {}


def events_of(names: "SseNames") -> Events:
    found = _CACHE.get(id(names))
    if found is None:
        found = _CACHE[id(names)] = Events(names)
    return found


def hint(event: str, prop: str, new_event: str) -> str:
    """What to do about a read of ``detail.prop`` that htmx 4's detail has no value for."""
    detail = DETAIL_4[event]
    if prop == "source":
        return (f"`detail.source` was the EventSource; htmx 4 reads the stream with fetch(): `detail.connection` "
                f"(`url`, `status`, `lastEventId`...) describes it, and removing the connection element (or its "
                f"`hx-sse:close` event) closes it")
    if prop == "elt":
        if event in MESSAGE_EVENTS:
            return (f"`detail.elt` was the `sse-swap` element; htmx 4 fires `{new_event}` on the connection element "
                    "(the event's `target`)")
        return "`detail.elt` is the event's `target` in htmx 4 (the connection element)"
    if prop == "type" and event == "htmx:sseClose":
        return ("`detail.type` (\"message\", \"nodeReplaced\", \"nodeMissing\") is `detail.reason` in htmx 4, with "
                "other values (\"message\", \"ended\", \"removed\", \"cancelled\", \"cleanup\")")
    if prop == "type" and event in MESSAGE_EVENTS:
        return ("`detail.type` was the message's event name, \"message\" for an unnamed one; htmx 4's "
                "`detail.message.event` is \"\" for an unnamed message (`detail.message.event || \"message\"`)")
    if prop == "error" and event == "htmx:sseError":
        return ("`detail.error` was the EventSource's error Event; htmx 4 gives the Error that fetch() or the stream's "
                "reader threw (and `detail.status` when the server answered with an error status)")
    if event in MESSAGE_EVENTS and prop in _MESSAGE_EVENT:
        return (f"`detail.{prop}` was a property of the EventSource's MessageEvent, which htmx 4 does not have (it "
                f"reads the stream with fetch()): the detail of `{new_event}` is {detail}")
    return f"`detail.{prop}` is not part of htmx 4's `{new_event}` detail ({detail}): check it by hand"
