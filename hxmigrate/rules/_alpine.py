"""Alpine listeners (`@EVENT.mods="..."`, `x-on:EVENT.mods="..."`) as Alpine reads them, and
what their expressions read of the event's detail: shared by the rule families that rename
htmx events in Alpine markup."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ._detail_reader import Reads, Report, code_reads
from ._javascript import file_functions

if TYPE_CHECKING:
    from ._detail_reader import DetailReader

_EVENT = re.compile(r"[a-zA-Z0-9\-_:]+")  # Alpine's own reading of a directive's value
_IDENTIFIER = re.compile(r"[A-Za-z_$][\w$]*")
_NOT_REFERENCES = frozenset({"true", "false", "null", "undefined", "this"})


class Listener:
    """An Alpine listener attribute name: `@EVENT.mods` or `x-on:EVENT.mods`. ``prefix``: the
    length of `@` or `x-on:`; ``raw``: the event as written, ending at ``end``; ``event``: the
    event Alpine listens for (after `.dot` and `.camel`); ``valid``: is it a listener at all."""

    def __init__(self, name: str) -> None:
        self.valid = False
        lower = name.lower()
        if lower.startswith("@"):
            self.prefix = 1
        elif lower.startswith("x-on:"):
            self.prefix = 5
        else:
            return
        m = _EVENT.match(name, self.prefix)
        if m is None:
            return
        self.raw = m.group()
        self.end = m.end()  # end of the event in the name
        rest = name[m.end():]
        self.modifiers = rest.split(".")[1:] if rest.startswith(".") else []
        event = self.raw
        if "dot" in self.modifiers:  # Alpine's order: dot, then camel
            event = event.replace("-", ".")
        if "camel" in self.modifiers:
            event = re.sub(r"-(\w)", lambda c: c.group(1).upper(), event.lower())
        self.event = event
        self.valid = True


def reference(value: str) -> str | None:
    """The name or dotted path an expression is made of alone (`onMessage`,
    `handlers.message`), which Alpine calls with the event; else None."""
    name = value.strip().rstrip(";").strip()
    parts = name.split(".")
    if name in _NOT_REFERENCES or not all(_IDENTIFIER.fullmatch(p) for p in parts):
        return None
    return name


def expression_reads(file, value: str, start: int, reader: "DetailReader", follow: bool = True) -> Reads:
    """The reads of a listener's expression (``value``, without template syntax, at file
    offset ``start``) by ``reader``. A function the expression names alone is read as the
    handler (with ``follow``, when it is a function of the file used nowhere else), or
    reported; any other expression is read as code in which `$event` is the event."""
    if not value.strip():
        return Reads()
    name = reference(value)
    if name is None:
        return code_reads(reader, value, start, "$event")
    at = start + value.index(name)
    fn = file_functions(file).named(name) if follow and "." not in name else None
    if fn is not None and file_functions(file).exclusive(fn, lambda offset: offset == at):
        return reader.function(fn.script, fn.node)
    return Reads([], [Report(at, at + len(name), reader.called_message(name))])
