"""A scenario: a directory with ``scenario.toml`` and the 2.x project files it names.

See tests/browser/README.md for the format. Only the 2.x side is written by hand; the 4.x
side is what ``hxmigrate --write`` makes of a copy.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

FIXTURES = Path(__file__).resolve().parents[3] / "fixtures" / "browser"

# Step actions on the page (Playwright locator methods) and on the server.
PAGE_ACTIONS = ("fill", "check", "uncheck", "select", "click", "press", "submit", "wait")
SERVER_ACTIONS = ("push", "call", "drop", "close", "release", "end")
KINDS = ("dom", "frames", "connections", "requests", "streams")
# How the DOM is compared: "markup" shows htmx's attributes (2.x names in 4.x words),
# "behaviour" leaves them out and shows each form control's live `disabled`.
DOM_MODES = ("markup", "behaviour")


@dataclass
class Step:
    raw: dict

    @property
    def action(self) -> str:
        found = [key for key in PAGE_ACTIONS + SERVER_ACTIONS if key in self.raw]
        if len(found) != 1:
            raise ValueError(f"a step needs exactly one action of {PAGE_ACTIONS + SERVER_ACTIONS}: {self.raw}")
        return found[0]

    def describe(self) -> str:
        action = self.action
        value = self.raw[action]
        extra = ""
        if action == "fill":
            extra = f" with {self.raw.get('value', '')!r}"
        elif action == "press":
            extra = f" key {self.raw.get('key', 'Enter')}"
        elif action == "select":
            extra = f" {self.raw.get('values')}"
        elif action == "push" and "events" in self.raw:
            value = f"{len(self.raw['events'])} event(s) to {value}"
        elif action == "push" and self.raw.get("path"):
            extra = f" to {self.raw['path']}"
        elif action == "close":
            value = f"code {value}"
        elif action == "wait":
            value = f"{value} ms"
        return self.raw.get("name") or f"{action} {value}{extra}"


@dataclass
class Endpoint:
    """An HTTP endpoint the side's server answers (``[[endpoints]]`` in scenario.toml)."""

    path: str  # exact path; the query string is not part of the match
    method: str = "GET"  # or "*" for any method
    template: str | None = None  # rendered with the side's engine (see README.md for the context)
    body: str | None = None  # a literal body instead of a template
    status: int = 200
    headers: dict = field(default_factory=dict)  # response headers
    hold: bool = False  # answer only when a step says `release = PATH`
    delay_ms: int = 0
    context: dict = field(default_factory=dict)  # added to the template's context

    @classmethod
    def from_toml(cls, table: dict) -> Endpoint:
        unknown = set(table) - set(cls.__dataclass_fields__)
        if unknown:
            raise ValueError(f"unknown endpoint key(s) {sorted(unknown)} in {table}")
        endpoint = cls(**table)
        endpoint.method = endpoint.method.upper()
        if not endpoint.path.startswith("/") or "?" in endpoint.path:
            raise ValueError(f"an endpoint path is an absolute path without a query: {table}")
        if endpoint.template is not None and endpoint.body is not None:
            raise ValueError(f"an endpoint has a template or a body, not both: {table}")
        return endpoint

    def matches(self, method: str, path: str) -> bool:
        return self.path == path and self.method in ("*", method.upper())


# The keys of one event of a stream (``[[streams]] events`` or a step's ``push = PATH, events = [...]``).
EVENT_KEYS = frozenset({"name", "data", "template", "context", "id", "retry", "delay_ms"})


def check_events(events: list, where: object) -> list[dict]:
    """The events of a stream or a push, refused when a key is unknown or one has data and a template."""
    if not isinstance(events, list) or not all(isinstance(e, dict) for e in events):
        raise ValueError(f"events are a list of tables: {where}")
    for event in events:
        unknown = set(event) - EVENT_KEYS
        if unknown:
            raise ValueError(f"unknown event key(s) {sorted(unknown)} in {where}")
        if "data" in event and "template" in event:
            raise ValueError(f"an event has data or a template, not both: {where}")
    return events


@dataclass
class Stream:
    """A Server-Sent Events stream the side's server answers (``[[streams]]`` in scenario.toml)."""

    path: str  # exact path; the query string is not part of the match
    method: str = "GET"  # or "*" for any method (htmx 4 reads a stream from any response)
    events: list = field(default_factory=list)  # sent on each connection, see EVENT_KEYS
    end: bool = False  # end the stream after its events (the client then reconnects)
    status: int = 200
    headers: dict = field(default_factory=dict)  # response headers (Content-Type: text/event-stream)
    context: dict = field(default_factory=dict)  # added to the context of every event template

    @classmethod
    def from_toml(cls, table: dict) -> Stream:
        unknown = set(table) - set(cls.__dataclass_fields__)
        if unknown:
            raise ValueError(f"unknown stream key(s) {sorted(unknown)} in {table}")
        stream = cls(**table)
        stream.method = stream.method.upper()
        if not stream.path.startswith("/") or "?" in stream.path:
            raise ValueError(f"a stream path is an absolute path without a query: {table}")
        check_events(stream.events, table)
        return stream

    matches = Endpoint.matches


def countable(events: list[dict]) -> int:
    """The events a page receives as messages: those with data (htmx 2's EventSource drops the rest)."""
    return sum(1 for event in events if "data" in event or "template" in event)


@dataclass
class ExpectedDifference:
    step: int  # index into the steps; 0 is the page load
    kind: str  # one of KINDS
    reason: str
    contains: str | None = None


@dataclass
class Scenario:
    name: str
    root: Path  # the scenario directory
    source: Path  # the project files both sides start from (root, unless `source` names another)
    title: str
    server_spec: dict  # handed to hxbrowser.serve (without "root")
    connections: int
    messages_on_load: int
    closes_on_load: int
    masks: list  # regexes (or [regex, replacement]) applied to both sides' DOM, frames and requests
    steps: list[Step]
    expected: list[ExpectedDifference] = field(default_factory=list)
    requests_on_load: int = 0  # HTTP requests the page makes on load (the page itself not counted)
    dom: str = "markup"  # one of DOM_MODES
    endpoints: list[Endpoint] = field(default_factory=list)
    streams: list[Stream] = field(default_factory=list)
    streams_on_load: int = 0  # stream connections the page opens on load
    app_events: list[str] = field(default_factory=list)  # event names the ASGI app's own streams send

    def event_names(self) -> list[str]:
        """The names of the events the scenario's streams (and its ASGI app's, `app_events`)
        send ("message" for an unnamed one): htmx 2's EventSource is listened to for them
        (hxbrowser/instrument.js)."""
        events = [e for s in self.streams for e in s.events]
        events += [e for step in self.steps if step.action == "push" for e in step.raw.get("events", [])]
        return sorted({event.get("name") or "message" for event in events} | set(self.app_events))

    @classmethod
    def load(cls, root: Path) -> "Scenario":
        data = tomllib.loads((root / "scenario.toml").read_text(encoding="utf-8"))
        spec = {
            key: data[key]
            for key in (
                "engine", "templates", "page", "pages", "page_context", "server", "asgi", "reply", "django_settings",
                "code",
            )
            if key in data
        }
        spec.setdefault("engine", "jinja2")
        endpoints = [Endpoint.from_toml(table) for table in data.get("endpoints", [])]
        spec["endpoints"] = [dict(vars(e)) for e in endpoints]
        streams = [Stream.from_toml(table) for table in data.get("streams", [])]
        spec["streams"] = [dict(vars(s)) for s in streams]
        dom = data.get("dom", "markup")
        if dom not in DOM_MODES:
            raise ValueError(f"{root.name}: dom = {dom!r}, expected one of {DOM_MODES}")
        steps = [Step(raw) for raw in data.get("steps", [])]
        for step in steps:
            if step.action == "push" and "events" in step.raw:  # validates the action
                check_events(step.raw["events"], step.raw)
        expected = [ExpectedDifference(**item) for item in data.get("expect_difference", [])]
        for item in expected:
            if item.kind not in KINDS or not 0 <= item.step <= len(steps):
                raise ValueError(f"{root.name}: bad expect_difference {item}")
        return cls(
            name=root.name,
            root=root,
            source=(root / data.get("source", ".")).resolve(),
            title=data.get("title", root.name),
            server_spec=spec,
            connections=data.get("connections", 1),
            messages_on_load=data.get("messages_on_load", 0),
            closes_on_load=data.get("closes_on_load", 0),
            masks=data.get("mask", []),
            steps=steps,
            expected=expected,
            requests_on_load=data.get("requests_on_load", 0),
            dom=dom,
            endpoints=endpoints,
            streams=streams,
            streams_on_load=data.get("streams_on_load", 0),
            app_events=list(data.get("app_events", [])),
        )


def all_scenarios() -> list[Path]:
    return sorted(p.parent for p in FIXTURES.glob("*/scenario.toml"))
