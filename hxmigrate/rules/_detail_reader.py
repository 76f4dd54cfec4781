"""How a JavaScript handler of an htmx 2 event reads `event.detail`: the reader every family uses.

A handler is read from the parameter (or name) that holds the event: `e.detail.X`,
`const d = e.detail`, `const { detail } = e`, `({detail}) => ...`, and with a jQuery event
`e.originalEvent.detail`. Each read of a detail property goes to the family's `_read`,
which rewrites it where htmx 4 has the same value under another path and reports it where
it has none. Where the event (or its detail) is handed to other code, that code is followed
when it is a function of the same file used nowhere else; otherwise it is reported.

A family subclasses `DetailReader` with its tables and its wording: `_read` (what one
read becomes), the report messages, `keys_4` (the keys of the new detail, which htmx 4's
`hx-on` puts in scope), and a few switches (`computed_keys`, `follows_leftover`). A report
holds the event's rename back unless it is `lasting` (found again once the event is
renamed).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Iterator

from ..diagnostics import Diagnostic
from ..syntax.javascript import Script
from ..syntax.treesitter import error_count
from ._javascript import (
    FUNCTIONS,
    call_arguments,
    callee_of_argument,
    declared_names,
    descendants,
    file_functions,
    handler_registrations,
    member_path,
    nth_param,
    removes,
    unwrap,
)

if TYPE_CHECKING:
    from typing import Callable

    from tree_sitter import Node

    from ..edits import Edit

# Why a rename waits for a person when a handler's reads were reported (see their findings).
HANDLER_NEEDS_LOOK = "the handler needs a look first (see the findings on it)"
# Code a handler may hand the event to without reading its detail.
_HARMLESS_CALLEES = ("console.",)
_MAX_DEPTH = 4
_WRAPPERS = ("as_expression", "non_null_expression", "satisfies_expression", "parenthesized_expression")


@dataclass
class Report:
    start: int
    end: int
    message: str
    lasting: bool = False  # found again once the event is renamed: it does not hold the rename back


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


def mentions(text: str, name: str) -> bool:
    """Does ``text`` hold ``name`` as a whole JavaScript name?"""
    return re.search(r"(?<![\w$])" + re.escape(name) + r"(?![\w$])", text) is not None


class DetailReader:
    """Reads the handlers of one 2.x event (``event``) that becomes ``new_event``.
    ``leftover``: the handler is registered under the htmx 4 name already (a true value);
    only its reads of 2.x detail properties the new detail lacks are reported. ``jquery``:
    the handler gets a jQuery event, whose detail is `e.originalEvent.detail`."""

    # `detail[key]` is a read of its own (`_computed`), not the detail handed on
    computed_keys = False
    # a leftover handler's event is followed into the functions it is handed to
    follows_leftover = True
    # the keys of the new detail, which htmx 4's `hx-on` puts in scope (see `code`)
    keys_4: frozenset[str] = frozenset()

    def __init__(self, file, event: str, new_event: str, leftover=None, jquery: bool = False) -> None:
        self.file = file
        self.event = event
        self.new_event = new_event
        self.leftover = leftover
        self.jquery = jquery
        self.functions = file_functions(file)

    # what a family says and does

    def _read(self, script: Script, member: "Node", obj: "Node", prop: "Node", param: str | None,
              owner: str | None) -> Reads:
        """A read of `detail.NAME` (``member``, ``prop`` the NAME, ``obj`` the detail)."""
        raise NotImplementedError

    def _computed(self, script: Script, member: "Node") -> Reads:
        """A read of `detail[key]` (with ``computed_keys``)."""
        return Reads()

    def _more(self, script: Script, body: "Node", param: str | None) -> Reads:
        """What else the family reports of a handler's body."""
        return Reads()

    def _lasting_destructure(self, script: Script, pattern: "Node") -> bool:
        """Is a destructuring of the detail (``pattern``) found again once the event is renamed?"""
        return False

    def _has_template(self, script: Script, body: "Node") -> bool:
        return script.has_template(body)

    def _template_matters(self, script: Script, body: "Node", param: str | None, names: set[str]) -> bool:
        """Is a handler with template syntax reported (not only left alone)?"""
        return bool(names) or (param is not None and mentions(script.text_of(body), param))

    def shown(self) -> str:
        """The new detail, as the reports show it."""
        raise NotImplementedError

    def the_detail(self, now: bool) -> str:
        """The new detail, named in a report: `the detail of `X` (now {...})`."""
        return f"the detail of `{self.new_event}` ({'now ' if now else ''}{self.shown()})"

    def destructured_message(self) -> str:
        return f"the handler destructures the detail of `{self.new_event}`, which is {self.shown()}: check what it reads"

    def template_message(self) -> str:
        return f"template syntax in the handler: check its `event.detail` reads by hand (now {self.shown()})"

    def char_refs_message(self) -> str:
        return f"the handler's code holds character references: check how it reads `event.detail` by hand " \
               f"(now {self.shown()})"

    def unparsable_message(self) -> str:
        return f"hxmigrate cannot parse the handler's code: check how it reads `event.detail` by hand " \
               f"(now {self.shown()})"

    def called_message(self, name: str) -> str:
        """An Alpine listener whose expression is a function ``name`` that is not followed."""
        return f"Alpine calls `{name}` with the event: hxmigrate cannot follow it; check how it reads `$event.detail` " \
               f"(now {self.shown()})"

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
        elif first.type == "object_pattern" and not self.jquery:
            for prop in first.named_children:
                key = prop.child_by_field_name("key") if prop.type == "pair_pattern" else prop
                if key is None or script.text_of(key) != "detail":
                    continue
                value = prop.child_by_field_name("value") if prop.type == "pair_pattern" else prop
                if value is not None and value.type in ("identifier", "shorthand_property_identifier_pattern"):
                    names.add(script.text_of(value))
                elif not self.leftover:
                    reads.reports.append(self._report(script, prop, self.destructured_message()))
        else:
            if not self.leftover:
                reads.reports.append(self._report(script, first, "the handler's event parameter is not a plain "
                                                  f"name: check how it reads {self.the_detail(False)}"))
            return reads
        if self._has_template(script, body):
            if not self.leftover and self._template_matters(script, body, param, names):
                reads.reports.append(self._report(script, body, self.template_message()))
            return reads
        reads.extend(self._body(script, body, param, names, owner, depth))
        return reads

    def code(self, script: Script, param: str, detail_in_scope: bool = False) -> Reads:
        """Attribute code (`hx-on`, Alpine) in which ``param`` is the event. With
        ``detail_in_scope`` (htmx 4's `hx-on`, which runs its code inside
        `with (event.detail)`), a free name that is a key of the new detail is reported: it no
        longer means what it meant in 2.x."""
        reads = self._body(script, script.root, param, set(), None, 0)
        if detail_in_scope and not self.leftover:
            declared = declared_names(script, script.root)
            for node in descendants(script.root, {"identifier"}):
                name = script.text_of(node)
                if name in self.keys_4 and name not in declared:
                    reads.reports.append(self._report(script, node, "htmx 4 runs `hx-on` code with the event's "
                                                      f"detail in scope: `{name}` here would mean "
                                                      f"`event.detail.{name}` ({self.shown()}), not what it meant in "
                                                      "2.x; rename it or write `window.`/`this.` explicitly"))
        return reads

    # the body of a handler

    def _detail_paths(self, param: str | None) -> list[list[str]]:
        """How the handler names the detail: `e.detail`; a jQuery event also has
        `e.originalEvent.detail` (jQuery copies `detail` onto its own event)."""
        if param is None:
            return []
        return [[param, "detail"], [param, "originalEvent", "detail"]] if self.jquery else [[param, "detail"]]

    def _is_detail(self, script: Script, node: "Node", param: str | None, names: set[str]) -> bool:
        node = unwrap(node)
        if node.type == "identifier":
            return script.text_of(node) in names
        return member_path(script, node) in self._detail_paths(param)

    def _body(self, script: Script, body: "Node", param: str | None, names: set[str], owner: str | None,
              depth: int) -> Reads:
        reads = Reads()
        names = set(names)
        aliases: set[tuple[int, int]] = set()  # declarators that bind the detail
        for decl in descendants(body, {"variable_declarator"}):
            value, name = decl.child_by_field_name("value"), decl.child_by_field_name("name")
            if value is None or name is None:
                continue
            if name.type == "object_pattern" and param is not None and not self.jquery and \
                    unwrap(value).type == "identifier" and script.text_of(unwrap(value)) == param:
                aliases.add((decl.start_byte, decl.end_byte))  # const { detail } = e  (or `e as CustomEvent`)
                for prop in name.named_children:
                    key = prop.child_by_field_name("key") if prop.type == "pair_pattern" else prop
                    bound = prop.child_by_field_name("value") if prop.type == "pair_pattern" else prop
                    if key is not None and script.text_of(key) == "detail" and bound is not None and \
                            bound.type in ("identifier", "shorthand_property_identifier_pattern"):
                        names.add(script.text_of(bound))
                continue
            if not self._is_detail(script, value, param, names):
                continue
            aliases.add((decl.start_byte, decl.end_byte))
            if name.type == "identifier":
                names.add(script.text_of(name))
            elif not self.leftover:
                reads.reports.append(self._report(script, decl, self.destructured_message(),
                                                  lasting=self._lasting_destructure(script, name)))
        types = {"member_expression", "subscript_expression"} if self.computed_keys else {"member_expression"}
        for member in descendants(body, types):
            obj = member.child_by_field_name("object")
            if obj is None or not self._is_detail(script, obj, param, names):
                continue
            if member.type == "subscript_expression":
                reads.extend(self._computed(script, member))
                continue
            prop = member.child_by_field_name("property")
            if prop is None or prop.type != "property_identifier":
                continue
            reads.extend(self._read(script, member, obj, prop, param, owner))
        reads.extend(self._more(script, body, param))
        reads.extend(self._escapes(script, body, param, names, aliases, depth))
        return reads

    # where the event or its detail goes

    def _escapes(self, script: Script, body: "Node", param: str | None, names: set[str],
                 aliases: set[tuple[int, int]], depth: int) -> Reads:
        """Where the event or its detail is handed to other code."""
        reads = Reads()
        held = set(names) | ({param} if param else set())
        if not held or (self.leftover and not self.follows_leftover):
            return reads
        detail_paths = self._detail_paths(param)
        for node in descendants(body, {"identifier", "shorthand_property_identifier", "member_expression"}):
            if node.type == "member_expression":
                path = member_path(script, node)
                if path not in detail_paths and not (self.jquery and path == [param, "originalEvent"]):
                    continue
            elif script.text_of(node) not in held:
                continue
            if self._read_here(node, aliases):
                continue
            if node.type == "identifier" and param is not None and script.text_of(node) == param and \
                    self.jquery and node.parent is not None and node.parent.type == "member_expression":
                continue
            what = "its detail" if (node.type == "member_expression" and member_path(script, node) in detail_paths) or \
                script.text_of(node) in names else "the event"
            followed = self._follow(script, node, depth) if what == "the event" else None
            if followed is not None:
                reads.extend(followed)
                continue
            callee = callee_of_argument(script, node)
            if self.leftover or callee is not None and callee.startswith(_HARMLESS_CALLEES):
                continue
            to = f"to `{callee}()`" if callee else "on"
            reads.reports.append(self._report(script, node, f"the handler hands {what} {to}, which hxmigrate cannot "
                                              f"follow: check how that code reads {self.the_detail(True)}"))
        return reads

    def _read_here(self, node: "Node", aliases: set[tuple[int, int]]) -> bool:
        """Is this use of the event (or detail) a property read, or the binding of an alias?"""
        parent = node.parent
        if parent is None:
            return True
        reads = ("member_expression", "subscript_expression") if self.computed_keys else ("member_expression",)
        if parent.type in reads and parent.child_by_field_name("object") == node:
            return True
        if parent.type == "variable_declarator" and ((parent.start_byte, parent.end_byte) in aliases or
                                                     parent.child_by_field_name("name") == node):
            return True  # the alias, or its own name
        if parent.type in _WRAPPERS:
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

    def _report(self, script: Script, node: "Node", message: str, lasting: bool = False) -> Report:
        start, end = script.span(node)
        return Report(start, end, message, lasting)


def code_reads(reader: DetailReader, text: str, offset: int, param: str, detail_in_scope: bool = False) -> Reads:
    """The reads of attribute code (an `hx-on` or Alpine value, ``text`` at file ``offset``)
    in which ``param`` is the event."""
    keys = reader.keys_4 if detail_in_scope else ()
    if not mentions(text, param) and not any(mentions(text, k) for k in keys):
        return Reads()
    if html.unescape(text) != text:
        if reader.leftover:
            return Reads()
        return Reads([], [Report(offset, offset + len(text), reader.char_refs_message())])
    script = Script(text, offset, "javascript")
    if error_count(script.tree):
        if reader.leftover:
            return Reads()
        return Reads([], [Report(offset, offset + len(text), reader.unparsable_message())])
    return reader.code(script, param, detail_in_scope)


def registered_handler_reads(file, script: Script, call: "Node", arg: "Node", events: list[str],
                             reader: "Callable[[str], DetailReader]",
                             event_of: "Callable[[str], str | None]") -> tuple[Reads, str | None, bool]:
    """The handler passed as ``arg`` to ``call``, which registers it for ``events``:
    (its reads, with ``reader(event)`` for each event, why the rename must wait for a person
    (or None), whether this registration carries the handler's rewrites). A function of the
    file passed by name is rewritten when it is used only as the handler of these events
    (named so by ``event_of``), by the first registration that runs it."""
    handler = unwrap(arg)
    if handler.type not in FUNCTIONS and script.has_template(handler):
        return Reads(), "the handler is written with template syntax", False
    owner = None
    owns = not removes(script, call)
    if handler.type in FUNCTIONS:
        fn_script, fn = script, handler
    elif handler.type == "identifier":
        name = script.text_of(handler)
        found = file_functions(file).named(name)
        if found is None:
            return Reads(), f"the handler `{name}` is defined elsewhere", False
        fn_script, fn = found.script, found.node
        mine = handler_registrations(file, found, events, event_of)
        if not file_functions(file).exclusive(found, lambda offset: offset in mine):
            owner = f"`{name}` is also used elsewhere (called, exported, or registered for another event)"
        elif mine:
            # One registration carries the handler's rewrites: the first that runs it.
            runs = sorted(o for o, is_removal in mine.items() if not is_removal) or sorted(mine)
            owns = script.start(handler) == runs[0]
    else:
        return Reads(), f"the handler `{script.text_of(handler)}` is defined elsewhere", False
    results = [reader(ev).function(fn_script, fn, owner) for ev in events]
    reads = results[0]
    for other in results[1:]:
        if sorted(other.edits) != sorted(reads.edits):
            return Reads([], reads.reports + other.reports), \
                "one handler for several events whose detail changed differently: rewrite its `event.detail` " \
                "reads by hand", False
        seen = {(r.start, r.end, r.message) for r in reads.reports}
        reads.reports.extend(r for r in other.reports if (r.start, r.end, r.message) not in seen)
    if owner is not None:
        return reads, f"the handler `{script.text_of(handler)}` is also used elsewhere", False
    return reads, None, owns


def value_reports(code: str, attr, reads_of: "Callable[[str, int], Reads]") -> Iterator[Diagnostic]:
    """The findings, as rule ``code``'s, on the code an attribute holds (an `hx-on` handler, an
    Alpine expression), as ``reads_of(text, file offset)`` reads it; nothing for an empty
    value or one with template syntax. For a listener of an htmx 4 name whose code may
    still read 2.x detail properties."""
    if not attr.value or attr.value_has_template:
        return
    for r in reads_of(attr.value, attr.value_start).reports:
        yield Diagnostic(code, r.message, r.start, r.end)
