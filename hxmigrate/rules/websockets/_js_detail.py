"""How a handler of a 2.x WebSocket event reads `event.detail`, and what htmx 4 makes of it.

Shared by WS302 (handlers in JavaScript), WS303 (`hx-on` code) and WS313 (Alpine
listeners), with the reader of `rules/_detail_reader.py`: a handler's `detail.X` reads are
rewritten where htmx 4 has the same value under another path (the target's
`detail_renames`), and reported where it has none. Each report says whether it would still be found once the event is renamed (a
read of a property only 2.x had); when one would not, the rename waits for a person, so that
a renamed event never leaves a silently broken handler behind.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...edits import Edit
from .._detail_reader import DetailReader as SharedReader
from .._detail_reader import Reads
from .._detail_reader import code_reads as read_code
from ._js import INCOMING, OUTGOING

if TYPE_CHECKING:
    from tree_sitter import Node

    from ...syntax.javascript import Script

DETAIL_OF = {
    "htmx:wsConnecting": "{connection}",
    "htmx:wsOpen": "{connection}",
    "htmx:wsClose": "{connection, reason, code}",
    "htmx:wsError": "{connection, error}",
    "htmx:wsBeforeMessage": "{connection, message}",
    "htmx:wsAfterMessage": "{connection, message}",
    "htmx:wsConfigSend": "{connection, message}",
    "htmx:wsBeforeSend": "{connection, message}",
    "htmx:wsAfterSend": "{connection, message}",
}

# Detail properties of 2.x events that no htmx 4 WebSocket event has: a read of one is
# found again after the rename (see WS302's leftovers), so it does not hold the rename back.
GONE_2X = frozenset({"socketWrapper", "event", "elt", "parameters", "unfilteredParameters", "headers", "messageBody",
                     "errors", "triggeringEvent"})


def hint(event: str, name: str, new_event: str, target) -> str:
    detail = DETAIL_OF[event]
    if name == "socketWrapper":
        return ("`detail.socketWrapper` has no htmx 4 equivalent: `detail.connection.socket` is the raw WebSocket "
                "(its `send()` sends at once, without the 2.x queue)")
    if name == "event":
        if event == "htmx:wsClose":
            return f"`detail.event` is gone: `{new_event}` has `detail.code` and `detail.reason` (\"closed\", " \
                   "\"removed\" or \"cancelled\") instead of the CloseEvent"
        return f"`detail.event` is gone: the detail of `{new_event}` is {detail}"
    if name == "elt":
        return "`detail.elt` is gone in htmx 4: use the event's `target`"
    if name == "message" and event == "htmx:wsBeforeSend":
        return (f"`detail.message` was the text to send; in htmx 4 `{new_event}` fires before the text is built: "
                "read `detail.message.values` and `detail.message.headers`, or set `detail.message.data`")
    if event in OUTGOING and name in ("parameters", "headers", "messageBody", "unfilteredParameters", "errors",
                                      "triggeringEvent"):
        if name in ("parameters", "headers", "messageBody") and not target.detail_renames.get(event):
            return f"`detail.{name}` of a send has no known equivalent in the {target.name} target: check it by hand"
        return f"`detail.{name}` is gone in htmx 4: the detail of `{new_event}` is {detail}, " \
               "with `message.values`, `message.headers` and `message.data`"
    return f"`detail.{name}` is not part of htmx 4's `{new_event}` detail ({detail}): check it by hand"


# --- reading a handler ------------------------------------------------------------------------

class DetailReader(SharedReader):
    """Reads handlers of one 2.x event for one target. ``leftover``: a handler of an event
    renamed already (named so here): only its reads of properties that no htmx 4 event has
    are reported."""

    def __init__(self, file, event: str, target, leftover: str | None = None) -> None:
        super().__init__(file, event, target.event(event), leftover)
        self.target = target
        self.renames = target.detail_renames.get(event, {})
        self.keys_4 = frozenset(_keys(event))

    def shown(self) -> str:
        return DETAIL_OF[self.event]

    def destructured_message(self) -> str:
        return f"the handler destructures the detail of `{self.new_event}`, which is now {self.shown()}: check what " \
               "it reads"

    def _lasting_destructure(self, script: "Script", pattern: "Node") -> bool:
        """Does a destructuring of the detail take only properties htmx 4 dropped?"""
        keys = []
        for prop in pattern.named_children:
            if prop.type == "shorthand_property_identifier_pattern":
                keys.append(script.text_of(prop))
            elif prop.type == "pair_pattern":
                keys.append(script.text_of(prop.child_by_field_name("key")))
            else:
                return False
        return bool(keys) and all(k in GONE_2X and k not in self.renames for k in keys)

    def _read(self, script: "Script", member: "Node", obj: "Node", prop: "Node", param: str | None,
              owner: str | None) -> Reads:
        reads = Reads()
        name = script.text_of(prop)
        if self.leftover is not None:
            if name in GONE_2X:
                reads.reports.append(self._report(script, member, f"`detail.{name}` is a 2.x detail property: "
                                                  f"`{self.leftover}` has no such property in htmx 4 (see the 2.x -> 4 "
                                                  "event table)", lasting=True))
            return reads
        new = self.renames.get(name)
        if new == name:
            return reads
        if script.has_template(member):
            reads.reports.append(self._report(script, member, f"`detail.{name}` next to template syntax: check it by hand"))
            return reads
        parent = member.parent
        assigned = parent is not None and parent.type in ("assignment_expression", "augmented_assignment_expression") \
            and parent.child_by_field_name("left") == member
        if new is not None and assigned and self.event in INCOMING:
            reads.reports.append(self._report(script, member, f"assigning `detail.{name}` had no effect in 2.x; in htmx 4 "
                                              f"`detail.{new}` is what gets swapped: check that this is wanted"))
        elif new is not None and assigned and name == "headers":
            reads.reports.append(self._report(script, member, "2.x sent its own headers whatever `detail.headers` was "
                                              "set to; htmx 4 sends `detail.message.headers`: check the assignment"))
        elif new is not None and owner is not None:
            reads.reports.append(self._report(script, member, f"`detail.{name}` is `detail.{new}` for `{self.new_event}`; "
                                              f"{owner}, so it is not rewritten: rewrite it by hand"))
        elif new is not None:
            reads.edits.append(Edit(*script.span(prop), new))
        else:
            reads.reports.append(self._report(script, member, hint(self.event, name, self.new_event, self.target),
                                              lasting=name in GONE_2X))
        return reads


def _keys(event: str) -> list[str]:
    """The keys of the htmx 4 detail of a 2.x event."""
    return DETAIL_OF[event].strip("{}").replace(" ", "").split(",")


def code_reads(file, text: str, offset: int, param: str, event: str, target, leftover: str | None = None,
               detail_in_scope: bool = False) -> Reads:
    """The reads of attribute code (an `hx-on` or Alpine value, ``text`` at file ``offset``)."""
    return read_code(DetailReader(file, event, target, leftover), text, offset, param, detail_in_scope)
