"""Alpine listeners (`@EVENT.mods="..."`, `x-on:EVENT.mods="..."`) as Alpine reads them, and
what their expressions read of the event's detail: shared by the rule families that rename
htmx events in Alpine markup."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Callable, Iterable, Iterator

from ..diagnostics import Diagnostic
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


def listeners(file, prefixes: tuple[str, ...]) -> "Iterator[tuple[object, object, Listener]]":
    """(tag, attribute, listener) for each Alpine listener of the page whose (lowercased)
    attribute name starts with one of ``prefixes`` and is written without template syntax."""
    for tag in file.markup.start_tags():
        for attr in tag.attrs:
            if not attr.lname.startswith(prefixes) or attr.name_has_template:
                continue
            # browsers lowercase attribute names: Alpine reads `@htmx:afterSwap` as `htmx:afterswap`
            listener = Listener(attr.lname)
            if listener.valid:
                yield tag, attr, listener


def listener_findings(code: str, file, prefixes: tuple[str, ...], events,
                      leftover: "Callable[[object, Listener], Iterable[Diagnostic] | None]",
                      rename: "Callable[[object, object, Listener, str, bool], Iterable[Diagnostic]]",
                      ) -> Iterator[Diagnostic]:
    """The findings on the Alpine listeners of the page (see `listeners`): ``leftover(attr,
    listener)``'s for those it takes (an htmx 4 name, or events another rule reads; None for
    the others), the camelCase ones that `never_ran`, and ``rename(tag, attr, listener, event,
    vue)``'s for those of a 2.x ``event`` (``events.of``), ``vue`` telling a Vue template."""
    vue = file.path.lower().endswith(".vue")
    for tag, attr, listener in listeners(file, prefixes):
        found = leftover(attr, listener)
        if found is not None:
            yield from found
            continue
        event = events.of(listener.event)
        if event is None:
            yield from never_ran(code, attr, listener, events)
            continue
        yield from rename(tag, attr, listener, event, vue)


def never_ran(code: str, attr, listener: Listener, events) -> Iterator[Diagnostic]:
    """The finding on a listener whose event is a camelCase 2.x event, lowercased (browsers
    lowercase attribute names), which htmx 2 never matched: ``events`` names it
    (`lowered`) and gives its htmx 4 name (`new`)."""
    camel = events.lowered(listener.event)
    new = events.new(camel) if camel is not None else None
    if new:
        yield Diagnostic(code, f"`{attr.name}` never ran in htmx 2: browsers lowercase attribute names, so `{camel}` "
                         f"is never matched; htmx 4 fires `{new}` (`{attr.name[:listener.prefix]}{new}` would run)",
                         attr.start, attr.name_end)


def listener_reads(file, attr, reader: "DetailReader", follow: bool = True) -> Reads:
    """What the listener ``attr``'s expression reads of the detail (see `expression_reads`);
    with template syntax in it, a report where it uses `$event`."""
    value = attr.value or ""
    if attr.value_has_template:
        return Reads([], [Report(attr.value_start, attr.value_end, "template syntax in the expression: check how it "
                                 "reads `$event.detail` by hand")] if "$event" in value else [])
    return expression_reads(file, value, attr.value_start, reader, follow)


def renamed(code: str, attr, new_name: str, reads: Reads, vue: bool) -> tuple[str | None, list[Diagnostic]]:
    """(the start of the rename's message, or None in a Vue template, where the first finding
    says to rename it by hand; the findings on the expression's reads)."""
    reports = [Diagnostic(code, r.message, r.start, r.end) for r in reads.reports]
    if vue:
        return None, [Diagnostic(code, f"`{attr.name}` listens for a 2.x event: in htmx 4 it is `{new_name}` (a Vue "
                                 "template: rename it, and its `$event.detail` reads, by hand)",
                                 attr.start, attr.name_end), *reports]
    message = f"`{attr.name}` is `{new_name}` in htmx 4"
    if reads.edits:
        message += f", and its `$event.detail` reads follow ({len(reads.edits)} rewritten)"
    return message, reports


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
