"""`hx-on` attributes as htmx read them: the event an `hx-on:...` name listens for (htmx 2),
the htmx 4 name of a handler, and htmx 1.x's `hx-on="event: code"` value. Shared by the rule
families that rename htmx events in `hx-on`."""

from __future__ import annotations

import re

# One handler of htmx 1.x's `hx-on` value per line: `event: code`.
_LINE_1X = re.compile(r"^\s*([a-zA-Z:\-\.]+:)(.*)")


def event_of_name(rest: str) -> tuple[str, str] | None:
    """(the event htmx 2 listened for, the spelling: "short" ``::``, "long" ``:htmx:``,
    "plain") for what follows ``hx-on`` in an attribute name (htmx 2.0.8,
    processHxOnWildcard); None when htmx 2 read no event from it."""
    if not rest or rest[0] not in ":-":
        return None
    name = rest[1:]
    if name.startswith(":"):
        return "htmx" + name, "short"
    if name.startswith("-"):
        return "htmx:" + name[1:], "short"
    if name.startswith("htmx-"):
        return "htmx:" + name[5:], "short"
    if rest[0] == ":" and name.startswith("htmx:"):
        return name, "long"
    return name, "plain"


def attribute_name(written: str, event: str, style: str) -> str:
    """The htmx 4 attribute for ``event``, keeping the prefix as written (``data-hx-on``):
    `hx-on::NAME` for an htmx event but in the "long" style, `hx-on:EVENT` otherwise."""
    prefix = written[: written.lower().index("hx-on") + len("hx-on")]
    if event.startswith("htmx:") and style != "long":
        return f"{prefix}::{event[5:]}"
    return f"{prefix}:{event}"


def parse_1x(value: str) -> list[tuple[str, int, int]]:
    """htmx 1.x's own reading of an `hx-on` value: (event, line start, code start) per
    handler, a line `event: code` outside the braces of the code before it."""
    out = []
    pos = 0
    curly = 0
    for line in value.split("\n"):
        m = _LINE_1X.match(line)
        if curly == 0 and m:
            out.append((m.group(1)[:-1], pos, pos + m.start(2)))
        curly += line.count("{") - line.count("}")
        pos += len(line) + 1
    return out
