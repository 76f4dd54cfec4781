"""Named Server-Sent Events written by JavaScript/TypeScript, Go and Rust servers, read with
tree-sitter: where each named event is sent, its name where hxmigrate can read it, and the
edits that send an explicit ``event: message`` unnamed where they are exact.

A file is an SSE server when it names the stream's content type (``text/event-stream``),
an SSE API (Hono's ``streamSSE``/``writeSSE``, gin's ``SSEvent``, axum's ``Sse`` and
``sse::Event``, actix-web-lab's ``sse::Data``, warp's and Rocket's event streams) or writes
strings holding both an ``event:`` and a ``data:`` line. In such a file a send is:

- an ``event:`` line at the start of a line of a string's value (a literal, a ``+`` chain, a
  Go ``fmt`` format, a Rust ``format!``/``write!`` format, a JavaScript template literal);
  the name is the rest of the line, with a format's verbs and placeholders read from their
  arguments; a line that ends with the string (``"event: "``) takes its name from the next
  statement's write (``out.WriteString(e.Event)``);
- ``stream.writeSSE({event: ...})`` (Hono), ``c.SSEvent(name, data)`` (gin),
  ``.event(name)`` on an event builder (axum, warp, actix-web-lab, Rocket);
- in any Go file of the project, a composite literal ``T{F: name}`` of a struct whose field
  ``F`` an SSE server writes as the event name (``events.EventStreamFormat{Event: ...}``,
  whose ``Bytes()`` writes ``"event: " + e.Event``), and gin-contrib's or r3labs'
  ``sse.Event{Event: ...}``.

Names are read from string literals, constants (a Go package's constants across its files,
and the values a ``String()`` method's ``switch`` returns for them), ``fmt.Sprintf``,
``format!``, template literals and ``+`` chains; what stays unknown is kept as its code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable

from ...edits import Edit
from ...syntax import go as go_syntax
from ...syntax import javascript as js_syntax
from ...syntax import rust as rust_syntax
from ...syntax.treesitter import operands

if TYPE_CHECKING:
    from tree_sitter import Node

    from ...syntax.strings import StringText
    from ...syntax.treesitter import CodeView

KINDS = ("go", "rust", "javascript")
UNNAMED = "message"  # EventSource's type for a message without an `event:` line
HINT = re.compile(r"text/event-stream|\b(?:writeSSE|streamSSE|SSEStreamingApi|SSEvent)\b|response::sse|"
                  r"\bSse\s*[<:(]|\bsse::(?:Event|Data|Sse)\b|\bEventStream\b")
_EVENT_LINE = re.compile(r"""(?:["'`]|\\n|\\r|\n)event:""")
_DATA_LINE = re.compile(r"""(?:["'`]|\\n|\\r|\n)data:""")
_TEST_FILE = re.compile(r"(?:_test\.go|\.(?:test|spec)\.[cm]?[jt]sx?)$")
_STRINGS = {"go": go_syntax.STRING_TYPES, "rust": rust_syntax.STRING_TYPES, "javascript": js_syntax.STRING_TYPES}
# Go fmt functions and the index of their format argument.
_GO_FORMATS = {"Sprintf": 0, "Printf": 0, "Errorf": 0, "Fprintf": 1, "Appendf": 1}
_GO_WRITES = frozenset({"Write", "WriteString", "Fprint", "Fprintln", "Fprintf", "Print", "Sprint", "Sprintf"})
_DEPTH = 8
# Calls that write what they are given to a response, a stream or a buffer.
_WRITES = _GO_WRITES | {"write", "enqueue", "encode", "send", "end", "push_str", "write_str", "write_all", "writeln",
                        "from", "Fprintf", "Append", "Appendf", "AppendString"}


def test_file(path: str) -> bool:
    return _TEST_FILE.search(path.replace("\\", "/")) is not None


def hinted(text: str) -> bool:
    """Cheap: whether a file may send a named event at all."""
    return "event:" in text.lower() or "writesse" in text.lower() or HINT.search(text) is not None


def serves(text: str) -> bool:
    """Whether the file is an SSE server (see the module docstring)."""
    return HINT.search(text) is not None or (
        _EVENT_LINE.search(text) is not None and _DATA_LINE.search(text) is not None)


# --- names -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Name:
    """An event name: literal text and the code of what hxmigrate cannot read."""

    parts: tuple[tuple[str, bool], ...]  # (text, known); unknown parts hold their code
    field: tuple[str, str] | None = None  # the Go struct field (type, field) it is read from

    @classmethod
    def of(cls, parts: Iterable[tuple[str, bool]], field: tuple[str, str] | None = None) -> "Name":
        merged: list[tuple[str, bool]] = []
        for text, known in parts:
            if known and not text:
                continue
            if merged and known and merged[-1][1]:
                merged[-1] = (merged[-1][0] + text, True)
            else:
                merged.append((text, known))
        return cls(tuple(merged), field)

    @property
    def literal(self) -> str | None:
        if all(known for _, known in self.parts):
            return "".join(text for text, _ in self.parts)
        return None

    @property
    def shown(self) -> str:
        return "".join(text if known else "{" + text + "}" for text, known in self.parts)

    @property
    def partly_known(self) -> bool:
        return any(known and text for text, known in self.parts)

    def matches(self, event: str) -> bool:
        if self.literal is not None:
            return self.literal == event
        pattern = "".join(re.escape(text) if known else ".*" for text, known in self.parts)
        return re.fullmatch(pattern, event, re.S) is not None


def _unknown(code: str) -> list[tuple[str, bool]]:
    return [(" ".join(code.split()), False)]


@dataclass(eq=False)
class Send:
    """One named event a server sends."""

    name: Name
    start: int  # where it is reported
    end: int
    how: str  # how it is written: "an `event:` line", "`writeSSE({event})`"...
    drop: tuple[Edit, ...] | None = None  # edits that send it unnamed, where exact (an `event: message`)
    why_not: str = ""  # why those cannot be written
    field: tuple[str, str] | None = None  # a Go struct field (type, field) set here


@dataclass(frozen=True)
class CodeFacts:
    """What the whole project tells the files of one language: Go struct fields written as
    event names, the constants of each Go package, where the fields are set."""

    fields: frozenset[tuple[str, str]] = frozenset()
    constants: dict[str, dict[str, str]] = field(default_factory=dict)  # Go folder -> name -> value
    sites: dict[tuple[str, str], tuple[tuple[str, str], ...]] = field(default_factory=dict)  # -> (where, name)
    files: frozenset[Path] = frozenset()  # the code files whose sends these facts change


NO_FACTS = CodeFacts()


# --- the reader ------------------------------------------------------------------------------

class _Reader:
    def __init__(self, view: "CodeView", lang: str, constants: dict[str, str],
                 fields: frozenset[tuple[str, str]]) -> None:
        self.view = view
        self.lang = lang
        self.constants = constants
        self.fields = fields

    def code(self, node: "Node") -> str:
        return self.view.text_of(node)

    # the value of an expression ---------------------------------------------------------------

    def value(self, node: "Node | None", depth: int = 0) -> list[tuple[str, bool]]:
        if node is None:
            return _unknown("?")
        if isinstance(node, _Captured):
            value = self.constants.get(node.name)
            return [(value, True)] if value is not None else _unknown(node.name)
        if isinstance(node, _Opaque) or depth > _DEPTH:
            return _unknown(self.code(node))
        lang, t = self.lang, node.type
        if t == "parenthesized_expression" and node.named_child_count == 1:
            return self.value(node.named_children[0], depth + 1)
        if t in _STRINGS[lang] or (t == "binary_expression" and len(operands(node)) > 1):
            st = self._string(node)
            if st is not None:
                return self._string_value(node, st, depth)
        if t in ("identifier", "constant") and self.code(node) in self.constants:
            return [(self.constants[self.code(node)], True)]
        if lang == "go":
            return self._go_value(node, depth)
        if lang == "rust":
            return self._rust_value(node, depth)
        if t in ("as_expression", "satisfies_expression", "non_null_expression") and node.named_children:
            return self.value(node.named_children[0], depth + 1)
        return _unknown(self.code(node))

    def _string(self, node: "Node") -> "StringText | None":
        if self.lang == "go":
            return go_syntax.string_text(self.view, node)
        if self.lang == "rust":
            return rust_syntax.string_text(self.view, node)
        return js_syntax.string_text(self.view, node)

    def _string_value(self, top: "Node", st: "StringText", depth: int, start: int = 0,
                      end: int | None = None, args: "list[Node] | None" = None) -> list[tuple[str, bool]]:
        end = len(st.text) if end is None else end
        out: list[tuple[str, bool]] = []
        pos = start
        for k, (a, b, _) in enumerate(st.opaque):
            if b <= start or a >= end:
                continue
            out.append((st.text[pos:a], True))
            node = self._hole(top, st, k, args)
            out.extend(self.value(node, depth + 1) if node is not None else _unknown(st.text[a:b]))
            pos = b
        out.append((st.text[pos:end], True))
        return out

    def _hole(self, top: "Node", st: "StringText", k: int, args: "list[Node] | None") -> "Node | None":
        """The expression that writes the k-th opaque span of a string's value."""
        a, b, piece_index = st.opaque[k]
        piece = st.pieces[piece_index]
        offset = st.starts[a]
        if piece.opaque:  # an operand of a + chain
            return next((p for p in operands(top) if self.view.start(p) == offset), None)
        if getattr(piece, "percent", False):  # a Go fmt verb
            verb = st.text[a:b]
            if args is None or verb[-1] not in "sv":
                return None
            explicit = re.search(r"\[(\d+)\]", verb)
            if explicit:
                index = int(explicit.group(1)) - 1
            elif any(re.search(r"\[\d+\]", st.text[x:y]) for x, y, _ in st.opaque[:k]) or "*" in verb:
                return None
            else:
                index = k
            return args[index] if 0 <= index < len(args) else None
        if getattr(piece, "braces", False):  # a Rust format placeholder
            inner = st.text[a + 1:b - 1].split(":", 1)[0].strip()
            if args is None or (st.text[a + 1:b - 1].partition(":")[2] not in ("",)):
                return None
            if inner == "":
                index = sum(1 for x, y, _ in st.opaque[:k] if st.text[x + 1:y - 1].split(":", 1)[0].strip() == "")
                return args[index] if index < len(args) else None
            if inner.isdigit():
                return args[int(inner)] if int(inner) < len(args) else None
            return self._rust_named(top, inner)
        if self.lang == "javascript":
            for sub in self.view.walk({"template_substitution"}, top):
                if self.view.start(sub) == offset and sub.named_children:
                    return sub.named_children[0]
        return None

    # Go ------------------------------------------------------------------------------------------

    def _go_value(self, node: "Node", depth: int) -> list[tuple[str, bool]]:
        if node.type == "call_expression":
            fn = node.child_by_field_name("function")
            args = _arguments(node)
            name = self.code(fn) if fn is not None else ""
            if name in ("string", "[]byte") and len(args) == 1:
                return self.value(args[0], depth + 1)
            if fn is not None and fn.type == "selector_expression":
                member = self.code(fn.child_by_field_name("field"))
                operand = fn.child_by_field_name("operand")
                if member == "String" and not args and operand is not None:
                    return self.value(operand, depth + 1)
                if self.code(operand) == "fmt" and member == "Sprintf" and args:
                    st = go_syntax.string_text(self.view, args[0], True)
                    if st is not None:
                        return self._string_value(args[0], st, depth, args=args[1:])
                if self.code(operand) == "fmt" and member == "Sprint" and args:
                    out: list[tuple[str, bool]] = []
                    for arg in args:
                        out.extend(self.value(arg, depth + 1))
                    return out
        if node.type == "type_conversion_expression":
            operand = node.child_by_field_name("operand")
            if operand is not None:
                return self.value(operand, depth + 1)
        return _unknown(self.code(node))

    def go_field(self, node: "Node") -> tuple[str, str] | None:
        """(type, field) of ``x.F`` where ``x`` is a receiver or parameter of struct type."""
        if node is None or node.type != "selector_expression":
            return None
        operand = node.child_by_field_name("operand")
        member = node.child_by_field_name("field")
        if operand is None or member is None or operand.type != "identifier":
            return None
        name = self.code(operand)
        fn = node.parent
        while fn is not None and fn.type not in ("function_declaration", "method_declaration", "func_literal"):
            fn = fn.parent
        if fn is None:
            return None
        lists = [fn.child_by_field_name("receiver"), fn.child_by_field_name("parameters")]
        for params in lists:
            if params is None:
                continue
            for decl in params.named_children:
                if decl.type != "parameter_declaration":
                    continue
                names = [self.code(c) for c in decl.children_by_field_name("name")]
                typ = decl.child_by_field_name("type")
                if name in names and typ is not None:
                    if typ.type == "pointer_type" and typ.named_children:
                        typ = typ.named_children[0]
                    if typ.type == "type_identifier":
                        return self.code(typ), self.code(member)
        return None

    # Rust ----------------------------------------------------------------------------------------

    def _rust_value(self, node: "Node", depth: int) -> list[tuple[str, bool]]:
        literal = rust_syntax.owned_literal(self.view, node)
        if literal is not None and literal is not node:
            return self.value(literal, depth + 1)
        if node.type == "macro_invocation":
            fmt = rust_syntax.macro_format(self.view, node)
            name = node.child_by_field_name("macro")
            if fmt is not None and name is not None and self.code(name).rsplit("::", 1)[-1] == "format":
                st = rust_syntax.string_text(self.view, fmt, True)
                if st is not None:
                    return self._string_value(fmt, st, depth, args=_macro_args(self.view, node, fmt))
        if node.type == "reference_expression" and node.named_children:
            return self.value(node.named_children[-1], depth + 1)
        return _unknown(self.code(node))

    def _rust_named(self, literal: "Node", name: str) -> "Node | None":
        """The value of a named format argument (``name = expr``) or a captured variable."""
        tree = literal.parent
        if tree is not None and tree.type == "token_tree":
            kids = tree.named_children
            for i, kid in enumerate(kids[:-1]):
                if kid.type == "identifier" and self.code(kid) == name and self.view.text[
                        self.view.end(kid) - self.view.offset:self.view.start(kids[i + 1]) - self.view.offset].strip() == "=":
                    return kids[i + 1]
        return _Captured(name)  # evaluated by name: a constant, or unknown

    # sends ------------------------------------------------------------------------------------

    def sends(self, gated: bool) -> list[Send]:
        out: list[Send] = []
        if gated:
            out.extend(self._line_sends())
            out.extend(self._api_sends())
        if self.lang == "go":
            out.extend(self._go_literal_sends())
        out.sort(key=lambda s: s.start)
        return out

    def _tops(self) -> Iterable["Node"]:
        seen: set[tuple[int, int]] = set()
        for node in self.view.walk(_STRINGS[self.lang]):
            top = node
            while top.parent is not None and (top.parent.type == "parenthesized_expression" or (
                    top.parent.type == "binary_expression" and _operator(top.parent) == "+")):
                top = top.parent
            key = (top.start_byte, top.end_byte)
            if key in seen:
                continue
            seen.add(key)
            yield top

    def _format_of(self, top: "Node") -> "tuple[StringText, list[Node]] | None":
        """A Go fmt format or a Rust format macro's format: its value and its arguments."""
        if self.lang == "go" and top.parent is not None and top.parent.type == "argument_list":
            call = top.parent.parent
            fn = call.child_by_field_name("function") if call is not None else None
            if fn is not None and fn.type == "selector_expression":
                member = self.code(fn.child_by_field_name("field"))
                args = _arguments(call)
                at = _GO_FORMATS.get(member)
                if at is not None and len(args) > at and args[at] == top:
                    st = go_syntax.string_text(self.view, top, True)
                    return (st, args[at + 1:]) if st is not None else None
        if self.lang == "rust" and top.parent is not None and top.parent.type == "token_tree":
            macro = top.parent.parent
            if macro is not None and macro.type == "macro_invocation" and rust_syntax.macro_format(self.view, macro) == top:
                st = rust_syntax.string_text(self.view, top, True)
                return (st, _macro_args(self.view, macro, top)) if st is not None else None
        return None

    def _line_sends(self) -> Iterable[Send]:
        for top in self._tops():
            formatted = self._format_of(top)
            if formatted is not None:
                st, args = formatted
            else:
                st, args = self._string(top), None
            if st is None or "event:" not in st.text:
                continue
            for m in re.finditer(r"(?:^|(?<=[\r\n]))event:", st.text):
                line_end = _line_end(st.text, m.end())
                start = m.end() + (1 if st.text.startswith(" ", m.end()) else 0)
                if any(a < m.end() and m.start() < b for a, b, _ in st.opaque):
                    continue
                parts = self._string_value(top, st, 0, start, line_end, args)
                name = Name.of(parts)
                if line_end == len(st.text) and name.parts and not self._written(top):
                    continue  # a line the string does not end: only where it is written to the stream
                if line_end == len(st.text) and not name.parts:
                    # "event: " with the name written next
                    node = self._next_written(top)
                    if node is None:
                        continue
                    name = Name.of(self.value(node), self.go_field(node) if self.lang == "go" else None)
                if name.literal == "":
                    continue  # an empty event type is an unnamed message
                stop = _line_stop(st.text, line_end)
                yield self._line_send(st, name, m.start(), line_end, stop)

    def _line_send(self, st: "StringText", name: Name, a: int, line_end: int, stop: int) -> Send:
        where_end = st.ends[line_end - 1] if line_end > a else st.ends[a]
        send = Send(name, st.starts[a], where_end, "an `event:` line")
        if name.literal == UNNAMED:
            pieces = {st.piece_of[i] for i in range(a, stop)}
            if stop == line_end:
                send.why_not = "its line ends in another string"
            elif len(pieces) != 1 or st.pieces[st.piece_of[a]].opaque or any(
                    x < stop and a < y for x, y, _ in st.opaque):
                send.why_not = "its `event:` line is not written in one literal"
            else:
                send.drop = (Edit(st.starts[a], st.ends[stop - 1]),)
        return send

    def _written(self, top: "Node") -> bool:
        """Whether a string is an argument of a call that writes it (or of a conversion inside one)."""
        node = top.parent
        for _ in range(6):
            if node is None:
                return False
            if node.type in ("call_expression", "macro_invocation"):
                fn = node.child_by_field_name("function") or node.child_by_field_name("macro")
                member = fn.child_by_field_name("field") or fn.child_by_field_name("property") if fn is not None else None
                called = self.code(member if member is not None else fn) if fn is not None else ""
                if called.rsplit("::", 1)[-1].rsplit(".", 1)[-1] in _WRITES:
                    return True
            node = node.parent
        return False

    def _next_written(self, top: "Node") -> "Node | None":
        """The argument of the write in the statement after the one holding ``top``."""
        statement = top
        while statement is not None and statement.type not in ("expression_statement", "let_declaration"):
            statement = statement.parent
        if statement is None:
            return None
        following = statement.next_named_sibling
        while following is not None and following.type in ("comment", "line_comment", "block_comment"):
            following = following.next_named_sibling
        if following is None or following.type != "expression_statement" or not following.named_children:
            return None
        call = following.named_children[0]
        if call.type == "await_expression" and call.named_children:
            call = call.named_children[0]
        if call.type != "call_expression":
            return None
        args = _arguments(call)
        if not args:
            return None
        node = args[-1]
        if self.lang == "go":
            fn = call.child_by_field_name("function")
            member = self.code(fn.child_by_field_name("field")) if fn is not None and fn.type == "selector_expression" else ""
            if member not in _GO_WRITES:
                return None
            if node.type == "call_expression" and self.code(node.child_by_field_name("function")) in ("[]byte", "string"):
                inner = _arguments(node)
                node = inner[0] if len(inner) == 1 else node
            elif node.type == "type_conversion_expression" and node.child_by_field_name("operand") is not None:
                node = node.child_by_field_name("operand")
        return node

    def _api_sends(self) -> Iterable[Send]:
        if self.lang == "javascript":
            yield from self._js_api_sends()
        elif self.lang == "rust":
            yield from self._rust_api_sends()
        else:
            for call in self.view.walk({"call_expression"}):
                fn = call.child_by_field_name("function")
                if fn is None or fn.type != "selector_expression" or self.code(fn.child_by_field_name("field")) != "SSEvent":
                    continue
                args = _arguments(call)
                if len(args) == 2:
                    yield self._call_send(args[0], "gin's `SSEvent(name, data)`",
                                          "gin writes its first argument as the `event:` line")

    def _call_send(self, node: "Node", how: str, why_not: str = "") -> Send:
        name = Name.of(self.value(node))
        start, end = self.view.span(node)
        send = Send(name, start, end, how)
        if name.literal == UNNAMED:
            send.why_not = why_not
        return send

    def _js_api_sends(self) -> Iterable[Send]:
        for call in self.view.walk({"call_expression"}):
            fn = call.child_by_field_name("function")
            if fn is None or fn.type != "member_expression" or self.code(fn.child_by_field_name("property")) != "writeSSE":
                continue
            args = _arguments(call)
            if not args or args[0].type != "object":
                continue
            pairs = [p for p in args[0].named_children if p.type != "comment"]
            for pair in pairs:
                key = pair.child_by_field_name("key") if pair.type == "pair" else pair
                if key is None or self.code(key).strip("'\"") != "event":
                    continue
                value = pair.child_by_field_name("value") if pair.type == "pair" else pair
                send = self._call_send(value, "`writeSSE({event})`")
                send.start, send.end = self.view.span(pair)
                if send.name.literal == UNNAMED:
                    send.drop = (_drop_item(self.view, pairs, pair),)
                yield send

    def _rust_api_sends(self) -> Iterable[Send]:
        for call in self.view.walk({"call_expression"}):
            fn = call.child_by_field_name("function")
            if fn is None or fn.type != "field_expression" or self.code(fn.child_by_field_name("field")) != "event":
                continue
            args = _arguments(call)
            if len(args) == 1:
                yield self._call_send(args[0], "`.event(name)`", _RUST_WHY)
        # inside macros (`vec![Event::default().event("x")]`) the code is a token tree
        for tree in self.view.walk({"token_tree"}):
            kids = tree.children
            for i in range(1, len(kids) - 1):
                if kids[i].type == "identifier" and self.code(kids[i]) == "event" and kids[i - 1].type == "." \
                        and kids[i + 1].type == "token_tree" and self.code(kids[i + 1]).startswith("("):
                    inner = [c for c in kids[i + 1].children if c.type not in ("(", ")")]
                    if len(inner) == 1:
                        yield self._call_send(inner[0], "`.event(name)`", _RUST_WHY)

    def _go_literal_sends(self) -> Iterable[Send]:
        if not self.fields:
            return
        types = {t for t, _ in self.fields}
        for literal in self.view.walk({"composite_literal"}):
            typ = literal.child_by_field_name("type")
            if typ is None:
                continue
            if typ.type == "qualified_type":
                name = self.code(typ.child_by_field_name("name"))
                qualified = self.code(typ)
            else:
                name = qualified = self.code(typ)
            key = qualified if qualified in types else name
            if key not in types:
                continue
            body = literal.child_by_field_name("body")
            for element in body.named_children if body is not None else ():
                if element.type != "keyed_element" or element.named_child_count != 2:
                    continue
                k, v = element.named_children
                member = self.code(k)
                if (key, member) not in self.fields:
                    continue
                value = v.named_children[0] if v.type == "literal_element" and v.named_children else v
                send = self._call_send(value, f"`{qualified}{{{member}: ...}}`",
                                       f"the `{member}` field is written as the `event:` line")
                send.start, send.end = self.view.span(element)
                send.field = (key, member)
                yield send


_RUST_WHY = "`.event(\"message\")` writes the `event:` line (Go and Rust code is only rewritten inside string literals)"


class _Captured:
    """A Rust format argument captured by name (``{name}``): evaluated as that name."""

    type = "identifier"
    named_children: tuple = ()
    parent = None

    def __init__(self, name: str) -> None:
        self.name = name


def _operator(node: "Node") -> str:
    operator = node.child_by_field_name("operator")
    return operator.type if operator is not None else ""


def _arguments(call: "Node") -> list["Node"]:
    args = call.child_by_field_name("arguments")
    if args is None:
        return []
    return [c for c in args.named_children if c.type not in ("comment", "line_comment", "block_comment")]


def _macro_args(view: "CodeView", macro: "Node", fmt: "Node") -> list["Node"]:
    """The arguments after a Rust macro's format: each a single token (longer ones: None)."""
    tree = next((c for c in macro.named_children if c.type == "token_tree"), None)
    if tree is None:
        return []
    out, current, seen = [], [], False
    for child in tree.children[1:-1]:
        if child == fmt:
            seen = True
            continue
        if not seen:
            continue
        if child.type == ",":
            if current:
                out.append(current)
            current = []
        else:
            current.append(child)
    if current:
        out.append(current)
    return [group[0] if len(group) == 1 else _Opaque(view, group) for group in out]


class _Opaque:
    """An argument of several tokens: unknown, shown as its code."""

    type = "_opaque"
    named_children: tuple = ()

    def __init__(self, view: "CodeView", tokens: list) -> None:
        self.start_byte, self.end_byte = tokens[0].start_byte, tokens[-1].end_byte
        self.parent = None


def _line_end(text: str, pos: int) -> int:
    ends = [i for i in (text.find("\n", pos), text.find("\r", pos)) if i >= 0]
    return min(ends) if ends else len(text)


def _line_stop(text: str, line_end: int) -> int:
    """The end of the line break at ``line_end``."""
    if text.startswith("\r\n", line_end):
        return line_end + 2
    if line_end < len(text):
        return line_end + 1
    return line_end


def _drop_item(view: "CodeView", items: list, item) -> Edit:
    """Remove a list item with its separator."""
    index = items.index(item)
    start, end = view.span(item)
    if index + 1 < len(items):
        return Edit(start, view.start(items[index + 1]))
    if index > 0:
        after = item.next_sibling
        if after is not None and after.type == ",":
            end = view.end(after)
        return Edit(view.end(items[index - 1]), end)
    return Edit(start, end)


# --- constants --------------------------------------------------------------------------------

def constants(view: "CodeView", lang: str) -> dict[str, str]:
    """The string constants a file declares (a name declared twice is left out): Go's
    ``const`` (and, for the constants of a type with a ``String()`` method, the literal its
    ``switch`` returns for each), Rust's ``const``/``static``, JavaScript's ``const``."""
    found: dict[str, list[str]] = {}

    def add(name: str, node: "Node | None") -> None:
        if node is None:
            return
        if lang == "go":
            st = go_syntax.string_text(view, node)
        elif lang == "rust":
            st = rust_syntax.string_text(view, node)
        else:
            st = js_syntax.string_text(view, node)
        if st is not None and not st.opaque:
            found.setdefault(name, []).append(st.text)

    if lang == "go":
        for spec in view.walk({"const_spec"}):
            names = spec.children_by_field_name("name")
            value = spec.child_by_field_name("value")
            values = value.named_children if value is not None else []
            if len(names) == len(values):
                for n, v in zip(names, values):
                    add(view.text_of(n), v)
        for method in view.walk({"method_declaration"}):
            if view.text_of(method.child_by_field_name("name")) != "String":
                continue
            for case in view.walk({"expression_case"}, method):
                value = case.child_by_field_name("value")
                labels = value.named_children if value is not None else []
                body = [c for c in case.named_children if c != value]
                ret = body[0] if body else None
                if ret is not None and ret.type == "statement_list" and ret.named_children:
                    ret = ret.named_children[0]
                if len(labels) != 1 or labels[0].type != "identifier" or ret is None or ret.type != "return_statement":
                    continue
                results = ret.named_children[0].named_children if ret.named_children else []
                if len(results) == 1:
                    add(view.text_of(labels[0]), results[0])
    elif lang == "rust":
        for item in view.walk({"const_item", "static_item"}):
            name = item.child_by_field_name("name")
            if name is not None:
                add(view.text_of(name), item.child_by_field_name("value"))
    else:
        for decl in view.walk({"lexical_declaration"}):
            if not view.text_of(decl).startswith("const"):
                continue
            for d in decl.named_children:
                if d.type == "variable_declarator":
                    name = d.child_by_field_name("name")
                    if name is not None and name.type == "identifier":
                        add(view.text_of(name), d.child_by_field_name("value"))
    return {name: values[0] for name, values in found.items() if len(values) == 1}


def _fields_written(reader: _Reader) -> set[tuple[str, str]]:
    fields = set()
    for send in reader._line_sends():
        if send.name.field is not None:
            fields.add(send.name.field)
    for literal in reader.view.walk({"import_spec"}):
        path = reader.code(literal).strip().split()[-1].strip('"`')
        if path.endswith("/sse") and ("r3labs" in path or "gin-contrib" in path):
            fields.add(("sse.Event", "Event"))
    return fields


# --- a file and the project ------------------------------------------------------------------

def view_for(text: str, kind: str, path: str = "") -> "CodeView":
    if kind == "go":
        return go_syntax.GoView(text)
    if kind == "rust":
        return rust_syntax.RustView(text)
    return js_syntax.Script(text, 0, js_syntax.language_for_path(path))


def sends(view: "CodeView", kind: str, facts: CodeFacts = NO_FACTS, folder: str = "") -> list[Send]:
    """The named events a file sends (see the module docstring)."""
    text = view.text
    gated = serves(text)
    local = constants(view, kind)
    merged = {**facts.constants.get(folder, {}), **local} if kind == "go" else local
    reader = _Reader(view, kind, merged, frozenset())
    fields = frozenset(facts.fields | (_fields_written(reader) if gated else set())) if kind == "go" else frozenset()
    reader.fields = fields
    if not gated and not fields:
        return []
    return reader.sends(gated)


def _folder(path: Path) -> str:
    try:
        return path.resolve().parent.as_posix()
    except (OSError, RuntimeError):
        return path.absolute().parent.as_posix()


def read(entries: Iterable[tuple[Path, str, str]], rel: Callable[[Path], str]) -> CodeFacts:
    """The project's facts, from its Go, Rust and JavaScript files: (path, kind, text)."""
    go_files: dict[str, list[tuple[Path, str]]] = {}
    servers: list[tuple[Path, str, str]] = []
    for path, kind, text in entries:
        if test_file(path.name):
            continue
        if kind == "go":
            go_files.setdefault(_folder(path), []).append((path, text))
        if hinted(text) and serves(text):
            servers.append((path, kind, text))
    fields: set[tuple[str, str]] = set()
    files: set[Path] = set()
    for path, kind, text in servers:
        files.add(path)
        if kind == "go":
            try:
                fields |= _fields_written(_Reader(view_for(text, kind), kind, {}, frozenset()))
            except (RecursionError, ValueError):
                continue
    # the Go files that build those structs, and the constants of their packages
    types = {t.rsplit(".", 1)[-1] for t, _ in fields}
    folders: set[str] = set()
    for folder, items in go_files.items():
        for path, text in items:
            if path in files or any(t + "{" in text for t in types):
                files.add(path)
                folders.add(folder)
    consts: dict[str, dict[str, str]] = {}
    for folder in folders:
        found: dict[str, list[str]] = {}
        for _, text in go_files[folder]:
            if "const" not in text and "String()" not in text:
                continue
            try:
                for name, value in constants(go_syntax.GoView(text), "go").items():
                    found.setdefault(name, []).append(value)
            except (RecursionError, ValueError):
                continue
        consts[folder] = {n: v[0] for n, v in found.items() if len(set(v)) == 1}
    facts = CodeFacts(frozenset(fields), consts, {}, frozenset(files))
    sites: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for folder in sorted(folders):
        for path, text in go_files[folder]:
            if not any(t + "{" in text for t in types):
                continue
            try:
                view = go_syntax.GoView(text)
                found_sends = sends(view, "go", facts, folder)
            except (RecursionError, ValueError):
                continue
            for send in found_sends:
                if send.field is not None:
                    sites.setdefault(send.field, []).append((f"{rel(path)}:{view.line(send.start)}", send.name.shown))
    return replace(facts, sites={k: tuple(v) for k, v in sites.items()})
