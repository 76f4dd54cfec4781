"""Report `consume` in `hx-trigger` where htmx 4 stops the event later than htmx 2 did.

What it does:
    Reports the `consume` modifier of an `hx-trigger` specification that also has `delay:`,
    `throttle:`, `target:` or `once` (`click consume delay:100ms`), with what reaches the
    element's ancestors in htmx 4 and how to stop it as htmx 2 did. `consume` beside a
    `[filter]` alone, `changed` or nothing else behaves as it did, and is left alone; so is a
    trigger on a page written for htmx 4, and `load`, `every`, `revealed`, `intersect` and
    `from:window` (no ancestor hears those).

Why:
    htmx 2 called `stopPropagation()` as soon as the element's listener heard the event and
    its filter passed: before it checked `target:` and `once`, and before `delay:` or
    `throttle:` held the request back. htmx 4 calls it when the trigger runs: after the delay
    (once the event has reached the ancestors: it never stops it), never for an event
    `throttle:` holds back or whose target does not match `target:`, and not at all after a
    `once` trigger has run. An ancestor that reacts to the same event (an `hx-get` around the
    element, an `hx-on:click`, a script's listener) then reacts too: around
    `<button hx-get="/inner" hx-trigger="click consume delay:100ms">`, a `<div hx-get="/outer">`
    sends its request as well. The listeners above the element may be in another template or
    in a script, so the finding does not wait for one hxmigrate can see: `consume` is written
    only to keep the event from them, and these combinations are rare.

Example:
    <div hx-get="/outer" hx-target="#out">
      <button hx-get="/inner" hx-target="#out2" hx-trigger="click consume delay:100ms">
    is reported; adding `hx-on:click="event.stopPropagation()"` to the button stops the click
    at once in htmx 4, as `consume` did in htmx 2.

Fix safety:
    No fix: htmx 4 has no modifier that stops the event before the delay, the throttle or the
    `target:` check; the listener that does depends on the page.
"""

from __future__ import annotations

from ...diagnostics import Diagnostic
from .._triggers import parse
from ._attributes import htmx_attrs
from ._pages import page_major

CODE = "HX209"
NAME = "trigger-consume"
LANGUAGES = ("markup",)
FIX = "never"
SAFETY = "safe"
TRIGGERS = ("consume",)
FACTS = ("htmx_majors",)

# Events no ancestor hears: htmx starts these itself, on the element.
_OWN_EVENTS = ("load", "every", "revealed", "intersect")
_LATER = {
    "delay": "after `delay:`, when the event has reached the ancestors already (so it never stops it)",
    "throttle": "not for an event `throttle:` holds back",
    "target": "not for an event whose target does not match `target:`",
    "once": "not at all once the `once` trigger has run",
}


def check(file):
    if file.target.core is None:
        return
    major = None
    for tag in file.markup.start_tags():
        for attr in htmx_attrs(tag, "hx-trigger"):
            if not attr.value or "consume" not in attr.value.lower():
                continue
            specs = parse(attr.value)
            if specs is None:
                continue
            for spec in specs:
                consume = next((m for m in spec.modifiers if m.key == "consume" and m.value is None), None)
                if consume is None:
                    continue
                event = spec.event.partition("[")[0]
                keys = [m.key for m in spec.modifiers]
                later = [k for k in _LATER if k in keys]
                source = next((m.value for m in spec.modifiers if m.key == "from"), None)
                if not later or event in _OWN_EVENTS or source == "window":
                    continue
                if major is None:
                    major = page_major(file) or 2
                if major == 4:
                    continue
                yield _finding(attr, spec, consume, event, later, source)


def _finding(attr, spec, consume, event, later, source):
    written = " ".join(f"`{k}`" if k == "once" else f"`{k}:`" for k in later)
    clauses = "; ".join(_LATER[k] for k in later)
    where = "the element" if source is None else f"the `from:{source}` element"
    stop = f"`hx-on:{event}=\"event.stopPropagation()\"`" if source is None else "a listener of its own"
    if "[" in spec.event:
        stop += " (when the filter holds: htmx 2 did not stop an event the filter turned down)"
    return Diagnostic(
        CODE,
        f"`consume` beside {written}: htmx 2 stopped the `{event}` event as soon as {where} heard it, htmx 4 stops "
        f"it when the trigger runs: {clauses}. An ancestor that reacts to `{event}` (an `hx-get` or `hx-post` "
        f"around the element, an `hx-on:{event}`, a script's listener) now reacts too: to stop it there as htmx 2 "
        f"did, give {where} {stop}",
        attr.value_start + consume.start, attr.value_start + consume.end)
