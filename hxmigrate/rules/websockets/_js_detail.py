"""How a handler of a 2.x WebSocket event reads `event.detail`, and what htmx 4 makes of it.

Shared by WS302 (handlers in JavaScript), WS303 (`hx-on` code) and WS313 (Alpine
listeners). A handler is read from the parameter (or name) that holds the event: its
`detail.X` reads are rewritten where htmx 4 has the same value under another path, and
reported where it has none. Where the event (or its detail) is handed to other code, that
code is followed when it is a function of the same file used nowhere else; otherwise it is
reported. Each report says whether it would still be found once the event is renamed (a
read of a property only 2.x had); when one would not, the rename waits for a person, so that
a renamed event never leaves a silently broken handler behind.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ...edits import Edit
from ...syntax.javascript import Script
from ...syntax.treesitter import error_count
from .._javascript import (  # noqa: F401 (the WebSocket rules import these from here)
    FileFunctions,
    Function,
    call_arguments,
    callee_of_argument,
    declared_names,
    descendants,
    file_functions,
    member_path,
    nth_param,
    unwrap,
)
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

# Code a handler may hand the event to without reading its detail.
_HARMLESS_CALLEES = ("console.",)
_MAX_DEPTH = 4


@dataclass
class Report:
    start: int
    end: int
    message: str
    lasting: bool  # found again once the event is renamed


@dataclass
class Reads:
    edits: list[Edit] = field(default_factory=list)
    reports: list[Report] = field(default_factory=list)

    @property
    def waits(self) -> bool:
        """Must the event's rename wait for a person?"""
        return any(not r.lasting for r in self.reports)

    def extend(self, other: "Reads") -> None:
        self.edits.extend(other.edits)
        self.reports.extend(other.reports)


def is_detail(script: "Script", node: "Node", param: str | None, names: set[str]) -> bool:
    node = unwrap(node)
    if node.type == "identifier":
        return script.text_of(node) in names
    if param is None:
        return False
    return member_path(script, node) == [param, "detail"]


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

class DetailReader:
    """Reads handlers of one 2.x event for one target."""

    def __init__(self, file, event: str, target, leftover: str | None = None) -> None:
        self.file = file
        self.event = event
        self.target = target
        self.new_event = target.event(event)
        self.renames = target.detail_renames.get(event, {})
        self.functions = file_functions(file)
        # A handler of an event renamed already (named so here): only its reads of
        # properties that no htmx 4 event has are reported.
        self.leftover = leftover

    # entry points

    def function(self, script: "Script", fn: "Node", owner: str | None = None, depth: int = 0, index: int = 0) -> Reads:
        """A function handler whose parameter ``index`` is the event. ``owner`` says why a
        handler used elsewhere too is not rewritten: its reads are then reported."""
        first = nth_param(fn, index)
        reads = Reads()
        if first is None:
            return reads
        param = None
        names: set[str] = set()
        if self.leftover is not None and first.type not in ("identifier", "object_pattern"):
            return reads
        if first.type == "identifier":
            param = script.text_of(first)
        elif first.type == "object_pattern":
            for prop in first.named_children:
                if prop.type == "shorthand_property_identifier_pattern" and script.text_of(prop) == "detail":
                    names.add("detail")
                elif prop.type == "pair_pattern" and script.text_of(prop.child_by_field_name("key")) == "detail":
                    value = prop.child_by_field_name("value")
                    if value is not None and value.type == "identifier":
                        names.add(script.text_of(value))
                    elif self.leftover is None:
                        reads.reports.append(self._report(script, prop, f"the handler destructures the detail of "
                                                          f"`{self.new_event}`, which is now {DETAIL_OF[self.event]}: "
                                                          "check what it reads"))
        else:
            reads.reports.append(self._report(script, first, "the handler's event parameter is not a plain name: check "
                                              f"how it reads the detail of `{self.new_event}` ({DETAIL_OF[self.event]})"))
            return reads
        body = fn.child_by_field_name("body")
        if body is None:
            return reads
        if script.has_template(body):
            if self.leftover is None and param is not None and re.search(r"(?<![\w$])" + re.escape(param) + r"(?![\w$])", script.text_of(body)) \
                    or names:
                reads.reports.append(self._report(script, body, "template syntax in the handler: check its "
                                                  f"`event.detail` reads by hand (now {DETAIL_OF[self.event]})"))
            return reads
        reads.extend(self._body(script, body, param, names, owner, depth))
        return reads

    def code(self, script: "Script", param: str, detail_in_scope: bool = False) -> Reads:
        """Attribute code (`hx-on`, Alpine) in which ``param`` is the event. With
        ``detail_in_scope`` (htmx 4's `hx-on`, which runs the code inside
        `with (event.detail)`), a name that is also a key of the new detail is reported:
        it no longer means what it meant in 2.x."""
        reads = self._body(script, script.root, param, set(), None, 0)
        if detail_in_scope and self.leftover is None:
            keys = set(DETAIL_OF[self.event].strip("{}").replace(" ", "").split(","))
            declared = declared_names(script, script.root)
            for node in descendants(script.root, {"identifier"}):
                name = script.text_of(node)
                if name in keys and name not in declared:
                    reads.reports.append(self._report(script, node, f"htmx 4 runs `hx-on` code with the event's detail "
                                                      f"in scope: `{name}` here would mean `event.detail.{name}` "
                                                      f"({DETAIL_OF[self.event]}), not what it meant in 2.x; rename "
                                                      "it or write `window.`/`this.` explicitly"))
        return reads

    # the body of a handler

    def _body(self, script: "Script", body: "Node", param: str | None, names: set[str], owner: str | None,
              depth: int) -> Reads:
        reads = Reads()
        names = set(names)
        aliases: set[tuple[int, int]] = set()  # declarators that bind the detail
        for decl in descendants(body, {"variable_declarator"}):
            value = decl.child_by_field_name("value")
            name = decl.child_by_field_name("name")
            if value is None or name is None:
                continue
            if name.type == "object_pattern" and param is not None and unwrap(value).type == "identifier" \
                    and script.text_of(unwrap(value)) == param:
                # const { detail } = e  (or `e as CustomEvent`)
                aliases.add((decl.start_byte, decl.end_byte))
                for prop in name.named_children:
                    if prop.type == "shorthand_property_identifier_pattern" and script.text_of(prop) == "detail":
                        names.add("detail")
                    elif prop.type == "pair_pattern" and script.text_of(prop.child_by_field_name("key")) == "detail" \
                            and prop.child_by_field_name("value").type == "identifier":
                        names.add(script.text_of(prop.child_by_field_name("value")))
                continue
            if not is_detail(script, value, param, names):
                continue
            aliases.add((decl.start_byte, decl.end_byte))
            if name.type == "identifier":
                names.add(script.text_of(name))
            elif self.leftover is None:
                reads.reports.append(self._report(script, decl, f"the handler destructures the detail of "
                                                  f"`{self.new_event}`, which is now {DETAIL_OF[self.event]}: check "
                                                  "what it reads", lasting=self._destructures_gone(script, name)))
        for member in descendants(body, {"member_expression"}):
            obj = member.child_by_field_name("object")
            if obj is None or not is_detail(script, obj, param, names):
                continue
            prop = member.child_by_field_name("property")
            if prop is None or prop.type != "property_identifier":
                continue
            reads.extend(self._read(script, member, prop, owner))
        reads.extend(self._escapes(script, body, param, names, aliases, depth))
        return reads

    def _destructures_gone(self, script: "Script", pattern: "Node") -> bool:
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

    def _read(self, script: "Script", member: "Node", prop: "Node", owner: str | None) -> Reads:
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

    def _escapes(self, script: "Script", body: "Node", param: str | None, names: set[str],
                 aliases: set[tuple[int, int]], depth: int) -> Reads:
        """Where the event or its detail is handed to other code."""
        reads = Reads()
        held = set(names) | ({param} if param else set())
        if not held:
            return reads
        for node in descendants(body, {"identifier", "shorthand_property_identifier", "member_expression"}):
            if node.type == "member_expression":
                if param is None or member_path(script, node) != [param, "detail"]:
                    continue
            elif script.text_of(node) not in held:
                continue
            if self._read_here(node, aliases):
                continue
            what = "its detail" if node.type == "member_expression" or script.text_of(node) in names else "the event"
            followed = self._follow(script, node, depth) if what == "the event" else None
            if followed is not None:
                reads.extend(followed)
                continue
            callee = callee_of_argument(script, node)
            if self.leftover is not None or callee is not None and callee.startswith(_HARMLESS_CALLEES):
                continue
            to = f"to `{callee}()`" if callee else "on"
            reads.reports.append(self._report(script, node, f"the handler hands {what} {to}, which hxmigrate cannot "
                                              f"follow: check how that code reads the detail of `{self.new_event}` "
                                              f"(now {DETAIL_OF[self.event]})"))
        return reads

    def _read_here(self, node: "Node", aliases: set[tuple[int, int]]) -> bool:
        """Is this use of the event (or detail) a property read, or the binding of an alias?"""
        parent = node.parent
        if parent is None:
            return True
        if parent.type == "member_expression" and parent.child_by_field_name("object") == node:
            return True
        if parent.type in ("variable_declarator",) and (parent.start_byte, parent.end_byte) in aliases:
            return True
        if parent.type == "variable_declarator" and parent.child_by_field_name("name") == node:
            return True  # the alias's own name
        if parent.type in ("as_expression", "non_null_expression", "satisfies_expression", "parenthesized_expression"):
            return self._read_here(parent, aliases)
        if parent.type in ("formal_parameters", "required_parameter", "optional_parameter"):
            return True
        return False

    def _follow(self, script: "Script", node: "Node", depth: int) -> Reads | None:
        """The reads of a same-file function the event is handed to, when it is used
        nowhere else; None when it cannot be followed."""
        parent = node.parent
        if depth >= _MAX_DEPTH or node.type != "identifier" or parent is None or parent.type != "arguments":
            return None
        call = parent.parent
        callee = call.child_by_field_name("function") if call is not None else None
        if callee is None or callee.type != "identifier":
            return None
        fn = self.functions.named(script.text_of(callee))
        if fn is None:
            return None
        at = script.start(callee)
        if not self.functions.exclusive(fn, lambda offset: offset == at):
            return None
        index = next(i for i, a in enumerate(call_arguments(call)) if a == node)
        return self.function(fn.script, fn.node, None, depth + 1, index)

    def _report(self, script: "Script", node: "Node", message: str, lasting: bool = False) -> Report:
        start, end = script.span(node)
        return Report(start, end, message, lasting)


def code_reads(file, text: str, offset: int, param: str, event: str, target, leftover: str | None = None,
               detail_in_scope: bool = False) -> Reads:
    """The reads of attribute code (an `hx-on` or Alpine value, ``text`` at file ``offset``)."""
    mentions = re.search(r"(?<![\w$])" + re.escape(param) + r"(?![\w$])", text) is not None
    keys = DETAIL_OF[event].strip("{}").replace(" ", "").split(",") if detail_in_scope else []
    if not mentions and not any(k in text for k in keys):
        return Reads()
    reader = DetailReader(file, event, target, leftover)
    if html.unescape(text) != text:
        lasting = leftover is not None
        return Reads([], [] if lasting else [Report(offset, offset + len(text), "the handler's code holds character "
                                                    "references: check how it reads `event.detail` by hand (now "
                                                    f"{DETAIL_OF[event]})", False)])
    script = Script(text, offset, "javascript")
    if error_count(script.tree):
        if leftover is not None:
            return Reads()
        return Reads([], [Report(offset, offset + len(text), "hxmigrate cannot parse the handler's code: check how it "
                                 f"reads `event.detail` by hand (now {DETAIL_OF[event]})", False)])
    return reader.code(script, param, detail_in_scope)
