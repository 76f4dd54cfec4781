"""Report `throttle:` in `hx-trigger`: htmx 4 sends the last event it held back, htmx 2 dropped it.

What it does:
    Reports each `throttle:` modifier of an `hx-trigger` specification on a page written for
    htmx 2 (`scroll throttle:500ms`, `keyup throttle:1s`), with what htmx 4 sends that htmx 2
    did not. A page written for htmx 4 is left alone.

Why:
    htmx 2 made a request for the first event and dropped every event that came while the
    time ran (`throttle:`). htmx 4 keeps the last of them and makes one more request when the
    time is up (a trailing request). Where each request adds to the page (`hx-swap="beforeend"`
    on a scroll, a counter, a log), the trailing request adds once more; where it replaces
    (a search box), the page now shows the answer to the last event, which htmx 2 could miss.

Example:
    <div hx-get="/more" hx-trigger="scroll throttle:500ms" hx-swap="beforeend">
    is reported: in htmx 4 a scroll that goes on during the half second makes a second request
    when it ends.

Fix safety:
    No fix: htmx 4 has no throttle that drops the held-back event; whether the trailing
    request is welcome depends on the page (checked in htmx 4.0.1's source: its throttle timer
    runs the event it kept).
"""

from __future__ import annotations

from ...diagnostics import Diagnostic
from .._triggers import parse
from ._attributes import htmx_attrs
from ._pages import page_major

CODE = "HX211"
NAME = "trigger-throttle"
LANGUAGES = ("markup",)
FIX = "never"
SAFETY = "safe"
TRIGGERS = ("throttle",)
FACTS = ("htmx_majors",)


def check(file):
    if file.target.core is None:
        return
    major = None
    for tag in file.markup.start_tags():
        for attr in htmx_attrs(tag, "hx-trigger"):
            if not attr.value or "throttle" not in attr.value.lower():
                continue
            specs = parse(attr.value)
            if specs is None:
                continue
            for spec in specs:
                throttle = next((m for m in spec.modifiers if m.key == "throttle" and m.value), None)
                if throttle is None:
                    continue
                if major is None:
                    major = page_major(file) or 2
                if major == 4:
                    return
                event = spec.event.partition("[")[0]
                yield Diagnostic(
                    CODE,
                    f"`throttle:{throttle.value}`: htmx 2 dropped every `{event}` that came while the time ran; htmx 4 "
                    "keeps the last of them and sends one more request when the time is up. Where each answer adds "
                    "to the page (`hx-swap=\"beforeend\"`, a counter, a log) that trailing request adds once more: "
                    "check the page, or have the server answer the repeat with nothing (`204`)",
                    attr.value_start + throttle.start, attr.value_start + throttle.end)
