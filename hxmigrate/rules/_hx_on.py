"""`hx-on` attributes as htmx read them: the event an `hx-on:...` name listens for (htmx 2),
the htmx 4 name of a handler, htmx 1.x's `hx-on="event: code"` value, and what a handler's
code reads of `event.detail`. Shared by the rule families that rename htmx events in `hx-on`."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Callable

from ..diagnostics import Diagnostic
from ._detail_reader import HANDLER_NEEDS_LOOK

if TYPE_CHECKING:
    from ..edits import Edit
    from ._detail_reader import Reads

# Why a handler's rename waits for a person (see `detail_reads`).
TEMPLATE_HANDLER = "template syntax in the handler"
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


def code_1x(attr, code_start: int) -> tuple[str, int]:
    """The code of htmx 1.x's one-handler `hx-on="event: code"` value, from ``code_start`` in
    the value and without its leading blanks, and its file offset."""
    code = attr.value[code_start:].lstrip(" \t")
    return code, attr.value_start + len(attr.value) - len(code)


def detail_reads(code_name: str, attr, code: str | None, code_start: int, detail_4: str,
                 reads_of: "Callable[[str, int], Reads]") -> "tuple[list[Edit], list[Diagnostic], str]":
    """(edits for the `event.detail` reads of the handler ``code`` of ``attr`` at file offset
    ``code_start``, reports for the rest, why the rename waits for a person: "",
    `TEMPLATE_HANDLER` or `HANDLER_NEEDS_LOOK`). ``reads_of(code, start)`` reads the code with
    the family's reader; ``detail_4`` shows the htmx 4 detail."""
    if not code:
        return [], [], ""
    if attr.value_has_template:
        if "event" not in code:
            return [], [], ""
        return [], [Diagnostic(code_name, "template syntax in the handler: check how it reads `event.detail` by hand "
                               f"(now {detail_4})", attr.value_start, attr.value_end)], TEMPLATE_HANDLER
    reads = reads_of(code, code_start)
    reports = [Diagnostic(code_name, r.message, r.start, r.end) for r in reads.reports]
    return reads.edits, reports, HANDLER_NEEDS_LOOK if reads.waits else ""

