"""The Go front-end: what Go server code sends over a WebSocket, read with tree-sitter.

A send is a call that writes a text frame: gorilla/websocket's and fiber's
``conn.WriteMessage(websocket.TextMessage, data)`` (and the writer of ``conn.NextWriter``),
coder/nhooyr's ``c.Write(ctx, websocket.MessageText, data)``, golang.org/x/net's
``websocket.Message.Send(ws, data)``; ``conn.WriteJSON``, ``wsjson.Write`` and
``websocket.JSON.Send`` write JSON. The data is followed back, within a package (the
files of one folder), through:

* conversions (``[]byte(s)``, ``string(b)``), ``+`` chains and ``fmt.Sprintf`` formats,
  down to the string literals that write the HTML (sent strings, rewritten in place by
  the message rules);
* local names and their assignments, buffers filled by ``WriteString``, ``Write``,
  ``fmt.Fprintf`` and ``io.WriteString``;
* ``html/template``'s ``ExecuteTemplate(&buf, "name", ...)`` and ``Execute`` of a template
  parsed from named files (sent templates, by name), and templ components rendered with
  ``Render(ctx, &buf)``;
* the return values of the package's functions, the arguments of calls to a function
  that sends its parameter, and the values sent into a channel whose receiver sends them
  (the hub of gorilla's chat example: ``client.send <- message``).

A send whose data leads anywhere else (a parameter no call fills, another package, a
value read from a database) is *untraced*: the connection elements it may serve are
reported instead (WS111), never assumed to receive nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ...isolation import reading
from ...syntax.go import STRING_TYPES, GoView, operands
from ...syntax.treesitter import node_key
from .model import (
    SentString,
    SentTemplate,
    ServerFacts,
    ServerProject,
    ServerReading,
    Untraced,
)

if TYPE_CHECKING:
    from tree_sitter import Node

LANGUAGE = "go"
SUFFIXES = (".go",)

# Words without which a Go file sends nothing over a WebSocket.
SEND_HINT = re.compile(r"\b(?:WriteMessage|WriteJSON|NextWriter|WritePreparedMessage|MessageText)\b|"
                       r"\bwsjson\.Write\b|\b(?:Message|JSON)\.Send\b")
# ... and receives nothing.
RECEIVE_HINT = re.compile(r"\b(?:ReadMessage|ReadJSON|NextReader)\b|\bwsjson\.Read\b|\b(?:Message|JSON)\.Receive\b|"
                          r"\.Read\(\s*\w+\s*\)")
# Calls that write JSON.
ENCODES = re.compile(r"\bjson\.(?:Marshal|MarshalIndent|NewEncoder)\b|\bWriteJSON\b|\bwsjson\.Write\b")
# Words that make a file worth reading although it sends nothing itself: it fills a
# channel, or defines functions another file's send may call.
_FUNCS = frozenset({"function_declaration", "method_declaration", "func_literal"})
_TEXT_FRAMES = frozenset({"websocket.TextMessage", "TextMessage", "websocket.MessageText", "1"})
_WRITERS = frozenset({"WriteString", "Write"})
_PRINTF = frozenset({"Fprintf"})
_PRINT = frozenset({"Fprint", "Fprintln", "WriteString"})  # fmt.Fprint(w, x), io.WriteString(w, s)
_MAX_DEPTH = 24


@dataclass
class Function:
    node: "Node"
    name: str  # "" for a function literal
    params: list[str]
    body: "Node | None"

    def label(self) -> str:
        return f"{self.name}()" if self.name else "a function literal"


@dataclass
class GoModule:
    """One Go file: its functions, and what it sends."""

    path: Path
    rel: str
    view: GoView
    functions: list[Function] = field(default_factory=list)

    @classmethod
    def read(cls, path: Path, rel: str, text: str) -> "GoModule":
        module = cls(path, rel, GoView(text))
        for node in module.view.walk(_FUNCS):
            module.functions.append(_function(module.view, node))
        return module

    def function_of(self, node: "Node") -> Function | None:
        while node is not None and node.type not in _FUNCS:
            node = node.parent
        if node is None:
            return None
        return next((f for f in self.functions if f.node == node), None)

    def line(self, node: "Node") -> int:
        return self.view.line(node)

    def text(self, node: "Node | None") -> str:
        return self.view.text_of(node) if node is not None else ""


def _function(view: GoView, node: "Node") -> Function:
    name_node = node.child_by_field_name("name")
    params: list[str] = []
    plist = node.child_by_field_name("parameters")
    if plist is not None:
        for decl in plist.named_children:
            if decl.type not in ("parameter_declaration", "variadic_parameter_declaration"):
                continue
            names = [c for c in decl.named_children if c.type == "identifier"]
            params.extend(view.text_of(c) for c in names) if names else params.append("")
    return Function(node, view.text_of(name_node) if name_node is not None else "", params,
                    node.child_by_field_name("body"))


def _bytes_of_runes(m: "GoModule", node: "Node") -> bool:
    """``[]byte{'\n', ' '}``: a slice of bytes written as rune or integer literals."""
    body = node.child_by_field_name("body")
    kind = node.child_by_field_name("type")
    if body is None or kind is None or m.text(kind).replace(" ", "") not in ("[]byte", "[]uint8"):
        return False
    items = [c for c in body.named_children if c.type != "comment"]
    return all(i.type == "literal_element" and i.named_children and i.named_children[0].type in
               ("rune_literal", "int_literal") for i in items)


def _strip(node: "Node | None") -> "Node | None":
    while node is not None and node.type == "parenthesized_expression" and node.named_child_count == 1:
        node = node.named_children[0]
    return node


def _callee(module: GoModule, call: "Node") -> tuple[str, str]:
    """(receiver as written or "", name) of a call: ("conn", "WriteMessage"), ("", "render")."""
    fn = call.child_by_field_name("function")
    if fn is None:
        return "", ""
    if fn.type == "selector_expression":
        return module.text(fn.child_by_field_name("operand")), module.text(fn.child_by_field_name("field"))
    return "", module.text(fn)


def _args(call: "Node") -> list["Node"]:
    args = call.child_by_field_name("arguments")
    return [c for c in args.named_children if c.type != "comment"] if args is not None else []


def _channel(module: GoModule, node: "Node | None") -> str | None:
    """The name a channel goes by in its package: the field of ``c.send``, or a variable's name."""
    node = _strip(node)
    if node is None:
        return None
    if node.type == "selector_expression":
        return module.text(node.child_by_field_name("field"))
    if node.type == "identifier":
        return module.text(node)
    return None


class _Package:
    """The files of one Go package (one folder), and the sends traced through them."""

    def __init__(self, modules: list[GoModule]) -> None:
        self.modules = modules
        self.functions: dict[str, list[tuple[GoModule, Function]]] = {}
        for m in modules:
            for f in m.functions:
                if f.name:
                    self.functions.setdefault(f.name, []).append((m, f))
        self.strings: dict[Path, dict[tuple[int, int], SentString]] = {}
        self.templates: list[SentTemplate] = []
        self.untraced: list[Untraced] = []
        # templ components rendered and sent: (name, reason, the send to report if the name
        # leads to no component hxmigrate can read as a whole file)
        self.components: list[tuple[str, str, Untraced]] = []
        self.serving: set[Path] = set()
        self.receiving: str | None = None  # where the package receives WebSocket data
        self._channels_done: set[str] = set()
        self._params_done: set[tuple[str, int]] = set()
        self._returns_done: set[str] = set()

    # --- the sends ---------------------------------------------------------------------

    def run(self) -> None:
        for m in self.modules:
            if SEND_HINT.search(m.view.text) is None:
                if RECEIVE_HINT.search(m.view.text) is not None:
                    self.serving.add(m.path)
                continue
            for call in m.view.walk({"call_expression"}):
                found = self._send(m, call)
                if found is None:
                    continue
                value, how = found
                self.serving.add(m.path)
                fn = m.function_of(call)
                where = f"{m.rel}:{m.line(call)}" + (f" ({fn.label()})" if fn is not None and fn.name else "")
                label = f"sent with {how} in {where}"
                if value is None:
                    continue
                if not self._trace(m, value, fn, label, 0):
                    self.untraced.append(Untraced(m.path, m.line(call), how.rsplit(".", 1)[-1]))
            if RECEIVE_HINT.search(m.view.text) is not None:
                self.serving.add(m.path)
        for m in self.modules:
            found = RECEIVE_HINT.search(m.view.text)
            if found is not None:
                self.receiving = f"{m.rel}:{m.view.text.count(chr(10), 0, found.start()) + 1}"
                break

    def _send(self, m: GoModule, call: "Node") -> tuple["Node | None", str] | None:
        """(the data a call sends as a text frame, how it is written) or None."""
        receiver, name = _callee(m, call)
        args = _args(call)
        how = f"{receiver}.{name}" if receiver else name
        if name in ("WriteMessage", "WritePreparedMessage") and len(args) == 2:
            if name == "WritePreparedMessage" or m.text(args[0]) in _TEXT_FRAMES:
                return (args[1] if name == "WriteMessage" else None), how
            return None
        if name == "Write" and len(args) == 3 and m.text(args[1]) in _TEXT_FRAMES:
            return args[2], how  # coder/nhooyr websocket
        if name == "Send" and receiver.endswith("Message") and len(args) == 2:
            return args[1], how  # golang.org/x/net/websocket
        if name in ("WriteJSON",) or (name == "Write" and receiver == "wsjson") or (name == "Send" and receiver.endswith("JSON")):
            return None, how  # JSON: reported by the JSON rules, no HTML to trace here
        if name in _WRITERS and self._is_frame_writer(m, call):
            return (args[0] if args else None), how
        return None

    def _is_frame_writer(self, m: GoModule, call: "Node") -> bool:
        """``w.Write(data)`` where ``w`` comes from ``conn.NextWriter(websocket.TextMessage)``."""
        receiver, _ = _callee(m, call)
        fn = m.function_of(call)
        if not receiver.isidentifier() or fn is None:
            return False
        for value in self._assigned(m, fn, receiver, call):
            value = _strip(value)
            if value is not None and value.type == "call_expression" and _callee(m, value)[1] == "NextWriter":
                return True
        return False

    # --- following data ------------------------------------------------------------------

    def _trace(self, m: GoModule, node: "Node | None", fn: Function | None, how: str, depth: int) -> bool:
        """Follow the data ``node`` evaluates to down to what writes it; False when some of
        it leads where hxmigrate cannot follow."""
        node = _strip(node)
        if node is None or depth > _MAX_DEPTH:
            return False
        t = node.type
        if t in STRING_TYPES or (t == "binary_expression" and any(o.type in STRING_TYPES for o in operands(node))):
            self._string(m, node, False, how)
            return True
        if t == "type_conversion_expression":
            return self._trace(m, node.child_by_field_name("operand"), fn, how, depth + 1)
        if t == "composite_literal" and _bytes_of_runes(m, node):
            return True  # []byte{'\n'}: no HTML to read
        if t in ("int_literal", "rune_literal"):
            return True
        if t == "call_expression":
            return self._call(m, node, fn, how, depth)
        if t == "identifier":
            return self._name(m, node, fn, how, depth)
        if t == "unary_expression" and m.text(node).startswith("<-"):
            return self._channel_values(_channel(m, node.child_by_field_name("operand")), how, depth)
        return False

    def _string(self, m: GoModule, node: "Node", fmt: bool, how: str) -> None:
        start, end = m.view.span(node)
        self.strings.setdefault(m.path, {}).setdefault(
            (start, end), SentString(start, end, fmt, how, node_key(m.view.root, node)))

    def _call(self, m: GoModule, call: "Node", fn: Function | None, how: str, depth: int) -> bool:
        receiver, name = _callee(m, call)
        args = _args(call)
        if name in ("string",) and not receiver and len(args) == 1:
            return self._trace(m, args[0], fn, how, depth + 1)
        if receiver == "fmt" and name == "Sprintf" and args:
            first = _strip(args[0])
            if first is not None and first.type in STRING_TYPES:
                self._string(m, first, True, how)
                return True
            return False
        if receiver == "fmt" and name in ("Sprint", "Sprintln"):
            return all(self._trace(m, a, fn, how, depth + 1) for a in args) if args else False
        if name in ("Bytes", "String") and not args and receiver.lstrip("&*").isidentifier() and fn is not None:
            return self._buffer(m, receiver.lstrip("&*"), call, fn, how, depth)
        if name in self.functions:
            # A function of the package, or a method of one of its types (by name: the
            # receiver's type is not resolved).
            return self._returns(name, how, depth)
        return False

    def _returns(self, name: str, how: str, depth: int) -> bool:
        ok = True
        for m, f in self.functions.get(name, ()):
            if f.body is None:
                return False
            key = f"{m.path}:{f.node.start_byte}"
            if key in self._returns_done:
                continue
            self._returns_done.add(key)
            for ret in m.view.walk({"return_statement"}, f.body):
                if m.function_of(ret) is not f:
                    continue
                values = [c for c in ret.named_children if c.type == "expression_list"]
                exprs = values[0].named_children if values else []
                if not exprs:
                    continue
                ok = self._trace(m, exprs[0], f, how, depth + 1) and ok
        return ok and bool(self.functions.get(name))

    def _name(self, m: GoModule, ident: "Node", fn: Function | None, how: str, depth: int) -> bool:
        name = m.text(ident)
        if fn is None:
            return False
        values = self._assigned(m, fn, name, ident)
        if values:
            return all(self._trace(m, v, fn, how, depth + 1) for v in values)
        received = self._received_into(m, fn, name)
        if received is not None:
            return self._channel_values(received, how, depth)
        if name in fn.params and fn.name:
            return self._param_values(fn.name, fn.params.index(name), how, depth)
        outer = m.function_of(fn.node.parent) if fn.node.parent is not None else None
        if outer is not None:
            return self._name(m, ident, outer, how, depth + 1)
        declared = self._package_value(name)
        if declared is not None:
            owner, value = declared
            return self._trace(owner, value, None, how, depth + 1)
        return False

    def _package_value(self, name: str) -> "tuple[GoModule, Node] | None":
        """The value of a package-level ``var name = v`` or ``const name = v`` (the only one)."""
        found = []
        for m in self.modules:
            if name not in m.view.text:
                continue
            for spec in m.view.walk({"var_spec", "const_spec"}):
                if m.function_of(spec) is not None:
                    continue
                names = [m.text(c) for c in spec.children_by_field_name("name")]
                value = spec.child_by_field_name("value")
                if name in names and value is not None and len(value.named_children) == len(names):
                    found.append((m, value.named_children[names.index(name)]))
        return found[0] if len(found) == 1 else None

    def _assigned(self, m: GoModule, fn: Function, name: str, before: "Node") -> list["Node"]:
        """The values assigned to a local ``name`` in ``fn``: ``name := v``, ``name = v``,
        ``name += v``, ``var name = v``."""
        if fn.body is None:
            return []
        out = []
        for node in m.view.walk({"short_var_declaration", "assignment_statement", "var_spec"}, fn.body):
            if node.type == "var_spec":
                names = [m.text(c) for c in node.children_by_field_name("name")]
                value = node.child_by_field_name("value")
                values = value.named_children if value is not None else []
            else:
                left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
                if left is None or right is None:
                    continue
                names = [m.text(c) for c in left.named_children]
                values = right.named_children
            if name not in names:
                continue
            i = names.index(name)
            if len(values) == len(names):
                out.append(values[i])
            elif len(values) == 1 and i == 0:
                out.append(values[0])  # v, err := f()
        return out

    def _received_into(self, m: GoModule, fn: Function, name: str) -> str | None:
        """The channel a local ``name`` is received from: ``msg := <-c.send``, ``case msg, ok :=
        <-c.send:``, ``for msg := range c.send``."""
        if fn.body is None:
            return None
        for node in m.view.walk({"receive_statement", "range_clause", "short_var_declaration"}, fn.body):
            left = node.child_by_field_name("left")
            right = node.child_by_field_name("right")
            if left is None or right is None:
                continue
            names = [m.text(c) for c in left.named_children] if left.type == "expression_list" else [m.text(left)]
            if not names or names[0] != name:
                continue
            if node.type == "range_clause":
                return _channel(m, right)
            value = right.named_children[0] if right.type == "expression_list" and right.named_children else right
            value = _strip(value)
            if value is not None and value.type == "unary_expression" and m.text(value).startswith("<-"):
                return _channel(m, value.child_by_field_name("operand"))
        return None

    def _channel_values(self, channel: str | None, how: str, depth: int) -> bool:
        """Follow the values sent into a channel of the package (``x.channel <- v``)."""
        if channel is None:
            return False
        if channel in self._channels_done:
            return True
        self._channels_done.add(channel)
        ok, found = True, False
        for m in self.modules:
            if "<-" not in m.view.text:
                continue
            for send in m.view.walk({"send_statement"}):
                if _channel(m, send.child_by_field_name("channel")) != channel:
                    continue
                found = True
                ok = self._trace(m, send.child_by_field_name("value"), m.function_of(send), how, depth + 1) and ok
        return ok and found

    def _param_values(self, function: str, index: int, how: str, depth: int) -> bool:
        """Follow the arguments given to parameter ``index`` of the package's ``function``."""
        key = (function, index)
        if key in self._params_done:
            return True
        self._params_done.add(key)
        ok, found = True, False
        for m in self.modules:
            if function not in m.view.text:
                continue
            for call in m.view.walk({"call_expression"}):
                if _callee(m, call)[1] != function:
                    continue
                args = _args(call)
                if index >= len(args):
                    continue
                found = True
                ok = self._trace(m, args[index], m.function_of(call), how, depth + 1) and ok
        return ok and found

    def _buffer(self, m: GoModule, buf: str, use: "Node", fn: Function, how: str, depth: int) -> bool:
        """What is written into a local ``bytes.Buffer``/``strings.Builder`` before it is sent."""
        if fn.body is None:
            return False
        ok, found = True, False
        for call in m.view.walk({"call_expression"}, fn.body):
            if call.start_byte >= use.start_byte:
                break
            receiver, name = _callee(m, call)
            args = _args(call)
            target = receiver.lstrip("&*")
            if target == buf and name in _WRITERS and args:
                found = True
                ok = self._trace(m, args[0], fn, how, depth + 1) and ok
                continue
            if name == "Render" and len(args) == 2 and m.text(args[1]).lstrip("&*") == buf:
                # A templ component rendered into the buffer: chatroom.ChatRoom(x).Render(ctx, &buf).
                found = True
                component = self._component(m, call)
                if component is None:
                    ok = False
                else:
                    self.components.append((component, f"rendered in {m.rel}:{m.line(call)} and {how}",
                                            Untraced(m.path, m.line(call), "Render")))
                continue
            if not args or m.text(args[0]).lstrip("&*") != buf:
                continue
            rest = args[1:]
            if receiver == "fmt" and name in _PRINTF and rest:
                found = True
                first = _strip(rest[0])
                if first is not None and first.type in STRING_TYPES:
                    self._string(m, first, True, how)
                else:
                    ok = False
            elif receiver in ("fmt", "io") and name in _PRINT:
                found = True
                ok = all(self._trace(m, a, fn, how, depth + 1) for a in rest) and ok
            elif name == "ExecuteTemplate" and len(rest) >= 1:
                found = True
                tmpl = _strip(rest[0])
                if tmpl is not None and tmpl.type in STRING_TYPES:
                    self._template(m, call, m.text(tmpl)[1:-1], how)
                else:
                    ok = False
            elif name == "Execute":
                found = True
                names = self._parsed_files(m, fn, receiver)
                if names:
                    self._template(m, call, names[0], how)
                else:
                    ok = False
        return ok and found

    def _component(self, m: GoModule, render: "Node") -> str | None:
        """The templ component whose ``Render`` is called: ``pkg.Name(args)`` or ``Name(args)``."""
        fn = render.child_by_field_name("function")
        operand = _strip(fn.child_by_field_name("operand")) if fn is not None else None
        if operand is None or operand.type != "call_expression":
            return None
        _, name = _callee(m, operand)
        return name or None

    def _parsed_files(self, m: GoModule, fn: Function, name: str) -> list[str]:
        """The files ``template.ParseFiles`` parsed into the template ``name`` is, in order."""
        values = self._assigned(m, fn, name, fn.node) if name.isidentifier() else []
        if not values:
            for decl in m.view.walk({"var_spec"}):
                names = [m.text(c) for c in decl.children_by_field_name("name")]
                value = decl.child_by_field_name("value")
                if name in names and value is not None and value.named_children:
                    values.append(value.named_children[names.index(name)] if len(value.named_children) == len(names)
                                  else value.named_children[0])
        for value in values:
            for call in m.view.walk({"call_expression"}, value):
                if _callee(m, call)[1] == "ParseFiles":
                    files = [_strip(a) for a in _args(call)]
                    literal = [m.text(a)[1:-1] for a in files if a is not None and a.type in STRING_TYPES]
                    if literal:
                        return literal
        return []

    def _template(self, m: GoModule, call: "Node", name: str, how: str) -> None:
        self.templates.append(SentTemplate(name, f"executed in {m.rel}:{m.line(call)} and {how}",
                                           site=Untraced(m.path, m.line(call), _callee(m, call)[1])))


def read_go(path: Path, cannot_read) -> str | None:
    try:
        data = path.read_bytes()
    except OSError as exc:
        cannot_read(path, f"cannot read: {exc.strerror or exc}")
        return None
    if len(data) > 8 * 1024 * 1024 or b"\x00" in data[:8192]:
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        cannot_read(path, "cannot read: not UTF-8 (Go source is UTF-8)")
        return None


def read(project: ServerProject) -> ServerReading:
    """The templates and strings the project's Go packages send over a WebSocket."""
    packages: dict[Path, list[GoModule]] = {}
    texts: dict[Path, str] = {}
    for path in project.files(SUFFIXES):
        text = read_go(path, project.cannot_read)
        if text is not None:
            texts[path] = text
    # Only the packages that send: a package is read whole, since its sends may be traced
    # into any of its files.
    sending = {p.parent for p, t in texts.items() if SEND_HINT.search(t) or RECEIVE_HINT.search(t)}
    for path, text in texts.items():
        if path.parent not in sending:
            continue
        try:
            reading(path)  # the grammar is native code: a crash must name this file
            module = GoModule.read(path, project.rel(path), text)
        except (RecursionError, ValueError) as exc:
            project.cannot_read(path, f"cannot read: {exc}")
            continue
        packages.setdefault(path.parent, []).append(module)
    facts = ServerFacts()
    sent: list[SentTemplate] = []
    untraced: list[Untraced] = []
    serving: set[Path] = set()
    components: list[tuple[str, str, Untraced]] = []
    for modules in packages.values():
        package = _Package(modules)
        try:
            package.run()
        except RecursionError:
            continue
        sent.extend(package.templates)
        untraced.extend(package.untraced)
        components.extend(package.components)
        serving |= package.serving
        for path, found in package.strings.items():
            facts.strings[path] = sorted(found.values(), key=lambda s: s.start)
        if package.receiving is not None:
            # Its structs may be what a received message is decoded into, in any of its files;
            # where the package also writes JSON, a renamed tag would change what it writes.
            about = {"": f"the package receives WebSocket data ({package.receiving})"}
            for m in modules:
                found = ENCODES.search(m.view.text)
                if found is not None:
                    about["encodes"] = f"{m.rel}:{m.view.text.count(chr(10), 0, found.start()) + 1}"
                    break
            for m in modules:
                facts.receives[m.path] = about
    if components:
        sent.extend(_templ_files(project, components, untraced))
    return ServerReading(LANGUAGE, sent, {}, serving, facts, untraced)


_TEMPL_CALL = re.compile(r"@(?:\w+\.)?(\w+)\s*\(")
_TEMPL_COMPONENT = re.compile(r"^templ[ \t]+(?:\([^)]*\)[ \t]*)?(\w+)[ \t]*[\[(]", re.M)


def _templ_files(project: ServerProject, components: list[tuple[str, str, Untraced]],
                 untraced: list[Untraced]) -> list[SentTemplate]:
    """The templ files of the components rendered and sent: the whole file when it defines
    only components that are sent, else the sent components as parts of it (the message
    rules rewrite their bodies and leave the file's other components, pages, alone)."""
    defined: dict[str, list[tuple[Path, set[str]]]] = {}
    used: dict[str, str] = {}  # component -> where another component renders it (`@Name(...)`)
    sent_names = {name for name, _, _ in components}
    for path in project.files((".templ",)):
        try:
            text = path.read_bytes().decode("utf-8", "replace")
        except OSError:
            continue
        names = set(_TEMPL_COMPONENT.findall(text))
        for name in names:
            defined.setdefault(name, []).append((path, names))
        if "@" in text:
            for m in _TEMPL_CALL.finditer(text):
                if m.group(1) in sent_names:
                    used.setdefault(m.group(1), f"{project.rel(path)}:{text.count(chr(10), 0, m.start()) + 1}")
    out: list[SentTemplate] = []
    for name, reason, site in components:
        files = defined.get(name, [])
        if len(files) != 1 or name in used:
            if name in used:
                why = (f"templ component {name}() is also rendered in {used[name]}, whose page would change too: "
                       "give the message a component of its own")
            else:
                why = f"templ component {name}() is defined in {len(files)} files" if files else \
                    f"no templ file defines {name}()"
            untraced.append(Untraced(site.path, site.line, site.call, why))
            continue
        path, names = files[0]
        part = "" if names <= sent_names - set(used) else name
        out.append(SentTemplate(project.rel(path), f"templ component {name}() {reason}", part))
    return out
