"""How a handler of a 2.x SSE event reads `event.detail`, and what htmx 4 makes of it.

Shared by SE302 (handlers in JavaScript and Alpine listeners) and SE303 (`hx-on` code), with
the reader of `rules/_detail_reader.py`: a handler's `detail.X` reads are rewritten where
htmx 4 has the same value under another path (the target's `detail_renames`: `detail.data`
-> `detail.message.data`; `detail_on_event`: `detail.elt` -> the event's `target`), and
reported where it has none. Any report holds the rename back: renaming the event first would
run a handler that reads what htmx 4 does not give it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...edits import Edit
from .._detail_reader import DetailReader as SharedReader
from .._detail_reader import Reads, Report  # noqa: F401 (the SSE rules import Report from here)
from .._detail_reader import code_reads as read_code
from .._javascript import member_path, unwrap
from ._events import DETAIL_4, KEYS_2X, hint

if TYPE_CHECKING:
    from tree_sitter import Node

    from ...syntax.javascript import Script
    from ...targets.sse import SseNames


class DetailReader(SharedReader):
    """Reads handlers of one 2.x event (camelCase) for one SSE table. ``leftover``: the
    handler is registered under the htmx 4 name already (this one); only its reads of 2.x
    detail properties htmx 4's detail lacks are reported."""

    def __init__(self, file, event: str, names: "SseNames", leftover: str | None = None) -> None:
        super().__init__(file, event, names.events[event], leftover)
        self.renames = names.detail_renames.get(event, {})
        self.on_event = names.detail_on_event.get(event, {})
        self.keys_4 = frozenset(names.detail_keys.get(self.new_event, ()))
        self.detail = DETAIL_4[event]

    def shown(self) -> str:
        return self.detail

    def _read(self, script: "Script", member: "Node", obj: "Node", prop: "Node", param: str | None,
              owner: str | None) -> Reads:
        reads = Reads()
        name = script.text_of(prop)
        if self.leftover is not None:
            if name in KEYS_2X and name not in self.keys_4:
                new = self.renames.get(name)
                instead = f": `detail.{new}` holds it" if new else ""
                reads.reports.append(self._report(script, member, f"`detail.{name}` is a 2.x detail property: the "
                                                  f"detail of `{self.leftover}` is {self.detail}{instead}"))
            return reads
        new = self.renames.get(name)
        on_event = self.on_event.get(name)
        if script.has_template(member):
            if new is not None or on_event is not None or name not in self.keys_4:
                reads.reports.append(self._report(script, member, f"`detail.{name}` next to template syntax: check "
                                                  "it by hand"))
            return reads
        parent = member.parent
        assigned = parent is not None and parent.type in ("assignment_expression", "augmented_assignment_expression") \
            and parent.child_by_field_name("left") == member
        if new is not None and assigned:
            reads.reports.append(self._report(script, member, f"assigning `detail.{name}` had no effect in 2.x (the "
                                              f"MessageEvent's `{name}` is read-only); in htmx 4 `detail.{new}` is "
                                              "what gets swapped: check that this is wanted"))
        elif (new is not None or on_event is not None) and owner is not None:
            now = f"`detail.{new}`" if new is not None else f"the event's `{on_event}`"
            reads.reports.append(self._report(script, member, f"`detail.{name}` is {now} for `{self.new_event}`; "
                                              f"{owner}, so it is not rewritten: rewrite it by hand"))
        elif new is not None:
            reads.edits.append(Edit(*script.span(prop), new))
        elif on_event is not None and param is not None and not assigned \
                and member_path(script, obj) == [param, "detail"] and unwrap(obj).type == "member_expression":
            # `e.detail.elt` -> `e.target`: the `detail.elt` part of the path goes
            detail_prop = unwrap(obj).child_by_field_name("property")
            reads.edits.append(Edit(script.start(detail_prop), script.end(prop), on_event))
        else:
            reads.reports.append(self._report(script, member, hint(self.event, name, self.new_event)))
        return reads


def code_reads(file, text: str, offset: int, param: str, event: str, names: "SseNames", leftover: str | None = None,
               detail_in_scope: bool = False) -> Reads:
    """The reads of attribute code (an `hx-on` or Alpine value, ``text`` at file ``offset``)."""
    return read_code(DetailReader(file, event, names, leftover), text, offset, param, detail_in_scope)
