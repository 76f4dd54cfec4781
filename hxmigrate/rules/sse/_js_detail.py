"""How a handler of a 2.x SSE event reads `event.detail`, and what htmx 4 makes of it.

Shared by SE302 (handlers in JavaScript and Alpine listeners) and SE303 (`hx-on` code). A
handler is read from the parameter (or name) that holds the event: its `detail.X` reads are
rewritten where htmx 4 has the same value under another path (the target's
`detail_renames`: `detail.data` -> `detail.message.data`; `detail_on_event`: `detail.elt` ->
the event's `target`), and reported where it has none. Where the event is handed to other
code, that code is followed when it is a function of the same file used nowhere else;
otherwise it is reported. Any report holds the rename back: renaming the event first would
run a handler that reads what htmx 4 does not give it.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ...edits import Edit
from ...syntax.javascript import Script
from ...syntax.treesitter import error_count
from .._javascript import (
    call_arguments,
    callee_of_argument,
    declared_names,
    descendants,
    file_functions,
    member_path,
    nth_param,
    unwrap,
)
from ._events import DETAIL_4, KEYS_2X, hint

if TYPE_CHECKING:
    from tree_sitter import Node

    from ...targets.sse import SseNames

# Code a handler may hand the event to without reading its detail.
_HARMLESS_CALLEES = ("console.",)
_MAX_DEPTH = 4


@dataclass
class Report:
    start: int
    end: int
    message: str


@dataclass
class Reads:
    edits: list[Edit] = field(default_factory=list)
    reports: list[Report] = field(default_factory=list)

    @property
    def waits(self) -> bool:
        """Must the event's rename wait for a person?"""
        return bool(self.reports)

    def extend(self, other: "Reads") -> None:
        self.edits.extend(other.edits)
        self.reports.extend(other.reports)


class DetailReader:
    """Reads handlers of one 2.x event (camelCase) for one SSE table. ``leftover``: the
    handler is registered under the htmx 4 name already (this one); only its reads of 2.x
    detail properties htmx 4's detail lacks are reported."""

    def __init__(self, file, event: str, names: "SseNames", leftover: str | None = None) -> None:
        self.file = file
        self.event = event
        self.new_event = names.events[event]
        self.renames = names.detail_renames.get(event, {})
        self.on_event = names.detail_on_event.get(event, {})
        self.keys_4 = set(names.detail_keys.get(self.new_event, ()))
        self.detail = DETAIL_4[event]
        self.functions = file_functions(file)
        self.leftover = leftover

    # entry points

    def function(self, script: Script, fn: "Node", owner: str | None = None, depth: int = 0, index: int = 0) -> Reads:
        """A function handler whose parameter ``index`` is the event. ``owner`` says why a
        handler used elsewhere too is not rewritten: its reads are then reported."""
        first = nth_param(fn, index)
        reads = Reads()
        body = fn.child_by_field_name("body")
        if first is None or body is None:
            return reads
        param = None
        names: set[str] = set()
        if first.type == "identifier":
            param = script.text_of(first)
        elif first.type == "object_pattern":
            for prop in first.named_children:
                key = prop.child_by_field_name("key") if prop.type == "pair_pattern" else prop
                if key is None or script.text_of(key) != "detail":
                    continue
                value = prop.child_by_field_name("value") if prop.type == "pair_pattern" else prop
                if value is not None and value.type in ("identifier", "shorthand_property_identifier_pattern"):
                    names.add(script.text_of(value))
                elif self.leftover is None:
                    reads.reports.append(self._report(script, prop, "the handler destructures the detail of "
                                                      f"`{self.new_event}`, which is {self.detail}: check what it "
                                                      "reads"))
        else:
            if self.leftover is None:
                reads.reports.append(self._report(script, first, "the handler's event parameter is not a plain name: "
                                                  f"check how it reads the detail of `{self.new_event}` "
                                                  f"({self.detail})"))
            return reads
        if script.has_template(body):
            if self.leftover is None and (names or param is not None and _mentions(script.text_of(body), param)):
                reads.reports.append(self._report(script, body, "template syntax in the handler: check its "
                                                  f"`event.detail` reads by hand (now {self.detail})"))
            return reads
        reads.extend(self._body(script, body, param, names, owner, depth))
        return reads

    def code(self, script: Script, param: str, detail_in_scope: bool = False) -> Reads:
        """Attribute code (`hx-on`, Alpine) in which ``param`` is the event. With
        ``detail_in_scope`` (htmx 4's `hx-on`, which runs its code inside
        `with (event.detail)`), a free name that is a key of the new detail is reported: it no
        longer means what it meant in 2.x."""
        reads = self._body(script, script.root, param, set(), None, 0)
        if detail_in_scope and self.leftover is None:
            declared = declared_names(script, script.root)
            for node in descendants(script.root, {"identifier"}):
                name = script.text_of(node)
                if name in self.keys_4 and name not in declared:
                    reads.reports.append(self._report(script, node, "htmx 4 runs `hx-on` code with the event's "
                                                      f"detail in scope: `{name}` here would mean "
                                                      f"`event.detail.{name}` ({self.detail}), not what it meant in "
                                                      "2.x; rename it or write `window.`/`this.` explicitly"))
        return reads

    # the body of a handler

    def _body(self, script: Script, body: "Node", param: str | None, names: set[str], owner: str | None,
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
                # const { detail } = e
                aliases.add((decl.start_byte, decl.end_byte))
                for prop in name.named_children:
                    if prop.type == "shorthand_property_identifier_pattern" and script.text_of(prop) == "detail":
                        names.add("detail")
                    elif prop.type == "pair_pattern" and script.text_of(prop.child_by_field_name("key")) == "detail":
                        value_node = prop.child_by_field_name("value")
                        if value_node is not None and value_node.type == "identifier":
                            names.add(script.text_of(value_node))
                continue
            if not self._is_detail(script, value, param, names):
                continue
            aliases.add((decl.start_byte, decl.end_byte))
            if name.type == "identifier":
                names.add(script.text_of(name))
            elif self.leftover is None:
                reads.reports.append(self._report(script, decl, f"the handler destructures the detail of "
                                                  f"`{self.new_event}`, which is {self.detail}: check what it reads"))
        for member in descendants(body, {"member_expression"}):
            obj = member.child_by_field_name("object")
            if obj is None or not self._is_detail(script, obj, param, names):
                continue
            prop = member.child_by_field_name("property")
            if prop is None or prop.type != "property_identifier":
                continue
            reads.extend(self._read(script, member, obj, prop, param, owner))
        reads.extend(self._escapes(script, body, param, names, aliases, depth))
        return reads

    def _is_detail(self, script: Script, node: "Node", param: str | None, names: set[str]) -> bool:
        node = unwrap(node)
        if node.type == "identifier":
            return script.text_of(node) in names
        return param is not None and member_path(script, node) == [param, "detail"]

    def _read(self, script: Script, member: "Node", obj: "Node", prop: "Node", param: str | None,
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

    def _escapes(self, script: Script, body: "Node", param: str | None, names: set[str],
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
                                              f"(now {self.detail})"))
        return reads

    def _read_here(self, node: "Node", aliases: set[tuple[int, int]]) -> bool:
        """Is this use of the event (or detail) a property read, or the binding of an alias?"""
        parent = node.parent
        if parent is None:
            return True
        if parent.type == "member_expression" and parent.child_by_field_name("object") == node:
            return True
        if parent.type == "variable_declarator" and (parent.start_byte, parent.end_byte) in aliases:
            return True
        if parent.type == "variable_declarator" and parent.child_by_field_name("name") == node:
            return True  # the alias's own name
        if parent.type in ("as_expression", "non_null_expression", "satisfies_expression", "parenthesized_expression"):
            return self._read_here(parent, aliases)
        return parent.type in ("formal_parameters", "required_parameter", "optional_parameter")

    def _follow(self, script: Script, node: "Node", depth: int) -> Reads | None:
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

    def _report(self, script: Script, node: "Node", message: str) -> Report:
        start, end = script.span(node)
        return Report(start, end, message)


def _mentions(text: str, name: str) -> bool:
    return re.search(r"(?<![\w$])" + re.escape(name) + r"(?![\w$])", text) is not None


def code_reads(file, text: str, offset: int, param: str, event: str, names: "SseNames", leftover: str | None = None,
               detail_in_scope: bool = False) -> Reads:
    """The reads of attribute code (an `hx-on` or Alpine value, ``text`` at file ``offset``)."""
    reader = DetailReader(file, event, names, leftover)
    keys = reader.keys_4 if detail_in_scope else set()
    if not _mentions(text, param) and not any(_mentions(text, k) for k in keys):
        return Reads()
    if html.unescape(text) != text:
        if leftover is not None:
            return Reads()
        return Reads([], [Report(offset, offset + len(text), "the handler's code holds character references: check "
                                 f"how it reads `event.detail` by hand (now {reader.detail})")])
    script = Script(text, offset, "javascript")
    if error_count(script.tree):
        if leftover is not None:
            return Reads()
        return Reads([], [Report(offset, offset + len(text), "hxmigrate cannot parse the handler's code: check how "
                                 f"it reads `event.detail` by hand (now {reader.detail})")])
    return reader.code(script, param, detail_in_scope)
