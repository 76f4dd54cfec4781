"""The JavaScript/TypeScript front-end: what a Node, Bun or Deno server sends over a
WebSocket, read with tree-sitter.

Only files with a server's WebSocket words are read as servers (Node's ``ws`` and
``WebSocketServer``, express-ws, Hono's ``upgradeWebSocket``, ``Bun.serve``,
``Deno.upgradeWebSocket``, uWebSockets.js, ``@fastify/websocket``, crossws): a browser
script that calls ``socket.send`` of its own is no server, and socket.io speaks a protocol
htmx does not. A send is ``ws.send(data)``, ``client.send(data)`` (a client of
``wss.clients``, a socket handed to a connection handler...), Bun's and uWebSockets.js'
``publish(topic, data)``; ``res.send`` and the like are HTTP responses. The data is
followed back through:

* string and template literals and ``+`` chains of them (sent strings, rewritten in place
  by the message rules; each ``${...}`` is opaque), ``String(x)`` and ``x.toString()``;
* JSX elements and fragments (``ws.send(tag.toString())`` in Hono, ``renderToString(<Msg />)``,
  Kita's ``ws.send(<Msg />)``): their markup is the message, rewritten in place like a
  string's, each ``{...}`` opaque; a component of the project (``<Msg text={t} />``) is
  followed into the JSX it returns, unless the project also renders it elsewhere (in a
  page): that send is reported, since a rewrite would change the page too;
* local and module-level bindings and their assignments, ``c ? a : b``;
* the return values of functions of the file and of the files it imports by a relative
  path (``import { render } from "./render.js"``, ``require("./render")``), the
  callback of ``items.map(...).join("")``, the items of ``[a, b].join("")``;
* the arguments of calls to a function that sends its parameter (a ``broadcast(room,
  html)`` helper), wherever the project's files call it.

A send whose data leads anywhere else (JSON, a component of a package, a parameter no call
fills, a value read from a database) is *untraced*: the connection elements it may serve
are reported instead (WS111).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from ...isolation import reading
from ...paths import JS_SUFFIXES
from ...syntax.javascript import STRING_TYPES, Script, language_for_path, operands
from ...syntax.treesitter import node_key
from .model import SentString, ServerFacts, ServerProject, ServerReading, Untraced

if TYPE_CHECKING:
    from tree_sitter import Node

LANGUAGE = "javascript"
SUFFIXES = tuple(sorted(JS_SUFFIXES))

# Words without which a script serves no WebSocket (socket.io is not among them: htmx does
# not speak its protocol).
SERVER_HINT = re.compile(
    r"""require\(\s*["']ws["']\s*\)|from\s+["']ws["']|\bWebSocketServer\b|\bwss\.clients\b|express-ws|\bexpressWs\b"""
    r"""|\bupgradeWebSocket\b|\bBun\.serve\b|\bwebsocket\s*:\s*\{|\bDeno\.upgradeWebSocket\b|uWebSockets|@fastify/websocket"""
    r"""|\bcrossws\b|\bdefineWebSocketHandler\b"""
    # Cloudflare Workers and Durable Objects
    r"""|\bWebSocketPair\b|\bacceptWebSocket\b|\bwebSocketMessage\b|\bgetWebSockets\b"""
)
SEND_HINT = re.compile(r"\.(?:send|publish)\s*\(|\bbroadcast\s*\(")
_PUBLISHERS = re.compile(r"\bBun\b|uWebSockets|\buWS\b")
# Objects whose .send() answers an HTTP request (Express, Fastify) or is no socket.
_NOT_SOCKETS = frozenset({"res", "resp", "response", "reply", "rep", "req", "request", "xhr", "http", "process",
                          "worker", "port", "navigator", "beacon"})
_FUNCTIONS = frozenset({"function_declaration", "function_expression", "function", "arrow_function",
                        "method_definition", "generator_function_declaration", "generator_function"})
_WRAPPERS = frozenset({"parenthesized_expression", "as_expression", "satisfies_expression", "non_null_expression",
                       "type_assertion", "await_expression"})
_JSX = frozenset({"jsx_element", "jsx_self_closing_element", "jsx_fragment"})
_JSX_RENDERERS = frozenset({"renderToString", "renderToStaticMarkup", "renderToReadableStream", "renderToPipeableStream",
                            "render"})
# Renderers that return the element's HTML as a string (React's and Preact's); the others
# write a stream.
_JSX_TO_STRING = frozenset({"renderToString", "renderToStaticMarkup", "render"})
_RESOLVE_SUFFIXES = (".ts", ".tsx", ".js", ".jsx", ".mjs", ".cjs", ".mts", ".cts")
_MAX_DEPTH = 24

WHY_JSON = "a JSON message (JSON.stringify): no HTML to rewrite"
WHY_JSX = "a JSX component rendered and sent: wrap its top-level elements in <hx-partial> by hand"
WHY_JSX_STREAM = "JSX rendered to a stream and sent: wrap its top-level elements in <hx-partial> by hand"


def serves(text: str) -> bool:
    """Whether a script's text looks like a WebSocket server that sends."""
    return SEND_HINT.search(text) is not None and SERVER_HINT.search(text) is not None


def _strip(node: "Node | None") -> "Node | None":
    while node is not None and node.type in _WRAPPERS:
        inner = [c for c in node.named_children if c.type != "comment" and not c.type.endswith("type")
                 and c.type not in ("type_identifier", "generic_type", "type_arguments")]
        if not inner:
            return None
        node = inner[0]
    return node


def _args(call: "Node") -> list["Node"]:
    args = call.child_by_field_name("arguments")
    if args is None or args.type != "arguments":
        return []
    return [c for c in args.named_children if c.type != "comment"]


@dataclass
class _Import:
    spec: str  # as written: "./render.js"
    name: str  # the exported name; "default", or "*" for the module itself


class JsModule:
    """One script: its imports, exports and top-level functions."""

    def __init__(self, path: Path, rel: str, text: str) -> None:
        self.path = path
        self.rel = rel
        self.script = Script(text, 0, language_for_path(path.name))
        self.imports: dict[str, _Import] = {}
        self.exports: dict[str, str] = {}  # exported name -> local name
        self.default: "Node | None" = None  # the value of `export default`
        for node in self.script.root.named_children:
            self._top(node)

    def _top(self, node: "Node") -> None:
        t = node.type
        if t == "import_statement":
            source = node.child_by_field_name("source")
            spec = self.literal(source)
            clause = next((c for c in node.named_children if c.type == "import_clause"), None)
            if spec is None or clause is None:
                return
            for c in clause.named_children:
                if c.type == "identifier":
                    self.imports[self.text(c)] = _Import(spec, "default")
                elif c.type == "namespace_import":
                    ident = next((i for i in c.named_children if i.type == "identifier"), None)
                    if ident is not None:
                        self.imports[self.text(ident)] = _Import(spec, "*")
                elif c.type == "named_imports":
                    for s in c.named_children:
                        if s.type != "import_specifier":
                            continue
                        name, alias = s.child_by_field_name("name"), s.child_by_field_name("alias")
                        if name is not None:
                            self.imports[self.text(alias or name)] = _Import(spec, self.text(name))
        elif t == "export_statement":
            decl = node.child_by_field_name("declaration")
            value = node.child_by_field_name("value")
            if decl is not None:
                for name in self._declared(decl):
                    self.exports[name] = name
                self._top(decl)
            elif value is not None or any(c.type == "default" for c in node.children):
                self.default = value if value is not None else next(
                    (c for c in node.named_children if c.type in _FUNCTIONS or c.type == "class_declaration"), None)
            elif node.child_by_field_name("source") is None:
                for clause in node.named_children:
                    if clause.type != "export_clause":
                        continue
                    for s in clause.named_children:
                        name, alias = s.child_by_field_name("name"), s.child_by_field_name("alias")
                        if name is not None:
                            self.exports[self.text(alias or name)] = self.text(name)
        elif t in ("lexical_declaration", "variable_declaration"):
            for d in node.named_children:
                if d.type != "variable_declarator":
                    continue
                name, value = d.child_by_field_name("name"), _strip(d.child_by_field_name("value"))
                if value is None or value.type != "call_expression" or self._require(value) is None:
                    continue
                spec = self._require(value)
                if name is not None and name.type == "identifier":
                    self.imports[self.text(name)] = _Import(spec, "*")
                elif name is not None and name.type == "object_pattern":
                    for p in name.named_children:
                        if p.type == "shorthand_property_identifier_pattern":
                            self.imports[self.text(p)] = _Import(spec, self.text(p))
                        elif p.type == "pair_pattern":
                            key, val = p.child_by_field_name("key"), p.child_by_field_name("value")
                            if key is not None and val is not None and val.type == "identifier":
                                self.imports[self.text(val)] = _Import(spec, self.text(key))
        elif t == "expression_statement":
            # CommonJS: module.exports.name = ..., exports.name = ..., module.exports = { name }
            expr = node.named_children[0] if node.named_children else None
            if expr is None or expr.type != "assignment_expression":
                return
            left, right = expr.child_by_field_name("left"), _strip(expr.child_by_field_name("right"))
            target = self.text(left) if left is not None else ""
            if target.startswith(("module.exports.", "exports.")):
                self.exports[target.rsplit(".", 1)[1]] = target  # resolved through the assignment
            elif target == "module.exports" and right is not None:
                if right.type == "object":
                    for p in right.named_children:
                        if p.type == "shorthand_property_identifier":
                            self.exports[self.text(p)] = self.text(p)
                        elif p.type == "pair":
                            key, val = p.child_by_field_name("key"), _strip(p.child_by_field_name("value"))
                            if key is not None and val is not None and val.type == "identifier":
                                self.exports[self.text(key)] = self.text(val)
                else:
                    self.default = right

    def _declared(self, decl: "Node") -> list[str]:
        if decl.type in ("function_declaration", "generator_function_declaration", "class_declaration"):
            name = decl.child_by_field_name("name")
            return [self.text(name)] if name is not None else []
        out = []
        for d in decl.named_children:
            name = d.child_by_field_name("name") if d.type == "variable_declarator" else None
            if name is not None and name.type == "identifier":
                out.append(self.text(name))
        return out

    def _require(self, call: "Node") -> str | None:
        fn = call.child_by_field_name("function")
        args = _args(call)
        if fn is None or self.text(fn) != "require" or len(args) != 1:
            return None
        return self.literal(args[0])

    def literal(self, node: "Node | None") -> str | None:
        if node is None or node.type != "string":
            return None
        code = self.text(node)
        return code[1:-1] if len(code) >= 2 else None

    def text(self, node: "Node | None") -> str:
        return self.script.text_of(node) if node is not None else ""

    def line(self, node: "Node") -> int:
        return self.script.text.count("\n", 0, self.script.start(node)) + 1


def _scope_of(node: "Node") -> "Node | None":
    """The function a node is in (None: the module's top level)."""
    node = node.parent
    while node is not None and node.type not in _FUNCTIONS:
        node = node.parent
    return node


def _param_names(m: JsModule, fn: "Node") -> list[str]:
    """The parameter names of a function, "" for a pattern."""
    params = fn.child_by_field_name("parameters")
    if params is None:
        param = fn.child_by_field_name("parameter")  # x => ...
        return [m.text(param)] if param is not None else []
    out = []
    for p in params.named_children:
        if p.type == "comment":
            continue
        node = p
        if p.type in ("required_parameter", "optional_parameter"):
            node = p.child_by_field_name("pattern")
        elif p.type == "assignment_pattern":
            node = p.child_by_field_name("left")
        out.append(m.text(node) if node is not None and node.type == "identifier" else "")
    return out


def _function_name(m: JsModule, fn: "Node") -> str:
    """The name calls give a function: its own, that of the binding or property it is
    assigned to; "" for an anonymous one."""
    name = fn.child_by_field_name("name")
    if name is not None and fn.type != "function_expression":
        return m.text(name)
    parent = fn.parent
    while parent is not None and parent.type in _WRAPPERS:
        parent = parent.parent
    if parent is None:
        return m.text(name) if name is not None else ""
    if parent.type == "variable_declarator":
        left = parent.child_by_field_name("name")
        return m.text(left) if left is not None and left.type == "identifier" else ""
    if parent.type == "assignment_expression":
        left = parent.child_by_field_name("left")
        if left is not None and left.type == "member_expression":
            prop = left.child_by_field_name("property")
            return m.text(prop) if prop is not None else ""
        return m.text(left) if left is not None and left.type == "identifier" else ""
    if parent.type == "pair":
        key = parent.child_by_field_name("key")
        return m.text(key) if key is not None else ""
    return m.text(name) if name is not None else ""


def _is_method(fn: "Node") -> bool:
    """A method, or a function assigned to a property (``wss.broadcast = function (data) {}``)."""
    if fn.type == "method_definition":
        return True
    parent = fn.parent
    while parent is not None and parent.type in _WRAPPERS:
        parent = parent.parent
    if parent is None:
        return False
    if parent.type == "pair":
        return True
    left = parent.child_by_field_name("left") if parent.type == "assignment_expression" else None
    return left is not None and left.type == "member_expression"


def _component(m: JsModule, node: "Node") -> "Node | None":
    """The name of the component a JSX element renders (``Msg`` in ``<Msg />``,
    ``ui.Card``), None for an HTML element or a fragment."""
    opening = node if node.type == "jsx_self_closing_element" else node.child_by_field_name("open_tag")
    if node.type == "jsx_element" and opening is None:
        opening = next((c for c in node.named_children if c.type == "jsx_opening_element"), None)
    name = opening.child_by_field_name("name") if opening is not None else None
    if name is None:
        return None
    text = m.text(name)
    if name.type in ("member_expression", "nested_identifier") or (text[:1].isupper() and ":" not in text):
        return name
    return None


def _descendants(root: "Node", types: frozenset[str] | set[str]):
    stack = [root]
    while stack:
        node = stack.pop()
        if node.type in types:
            yield node
        stack.extend(reversed(node.children))


def _under(node: "Node", scope: "Node | None", types: frozenset[str] | set[str]):
    """The nodes of ``types`` in ``scope`` (a function, or the module), not inside the
    functions nested in it."""
    stack = list(reversed(node.children))
    while stack:
        n = stack.pop()
        if n.type in types:
            yield n
        if n.type in _FUNCTIONS and n is not scope:
            continue
        stack.extend(reversed(n.children))


class _Reader:
    """The project's scripts, read as they are needed, and the sends traced through them."""

    def __init__(self, project: ServerProject) -> None:
        self.project = project
        # The project's files are resolved already (real paths), as imports are resolved here.
        self.paths: dict[Path, Path] = {p: p for p in project.files(SUFFIXES)}
        self.modules: dict[Path, JsModule | None] = {}
        self.strings: dict[Path, dict[tuple[int, int], SentString]] = {}
        self.untraced: list[Untraced] = []
        self.serving: set[Path] = set()
        self.why = ""
        self._returns_done: set[tuple[Path, int]] = set()
        self._params_done: set[tuple[Path, int, int]] = set()

    # --- files -------------------------------------------------------------------------

    def text(self, path: Path) -> str | None:
        try:
            data = path.read_bytes()
        except OSError as exc:
            self.project.cannot_read(path, f"cannot read: {exc.strerror or exc}")
            return None
        if len(data) > 8 * 1024 * 1024 or b"\x00" in data[:8192]:
            return None
        return data.decode("utf-8", "replace")

    def module(self, path: Path, text: str | None = None) -> JsModule | None:
        if path in self.modules:
            return self.modules[path]
        self.modules[path] = None
        if text is None:
            text = self.text(path)
        if text is None:
            return None
        try:
            reading(path)  # the grammar is native code: a crash must name this file
            module = JsModule(path, self.project.rel(path), text)
        except (RecursionError, ValueError) as exc:
            self.project.cannot_read(path, f"cannot read: {exc}")
            return None
        self.modules[path] = module
        return module

    def imported(self, m: JsModule, spec: str) -> JsModule | None:
        """The project's script a relative import specifier names."""
        if not spec.startswith(("./", "../")):
            return None
        base = PurePosixPath(spec)
        candidates = [spec]
        stem = spec[: -len(base.suffix)] if base.suffix in (".js", ".jsx", ".mjs", ".cjs") else None
        if stem is not None:  # TypeScript imports "./render.js" for render.ts
            candidates += [stem + s for s in _RESOLVE_SUFFIXES]
        candidates += [spec + s for s in _RESOLVE_SUFFIXES] + [spec.rstrip("/") + "/index" + s for s in _RESOLVE_SUFFIXES]
        for c in candidates:
            try:
                target = (m.path.parent / c).resolve()
            except (OSError, RuntimeError, ValueError):
                continue
            if target in self.paths:
                return self.module(self.paths[target])
        return None

    # --- the sends ---------------------------------------------------------------------

    def run(self, path: Path, text: str) -> None:
        m = self.module(path, text)
        if m is None:
            return
        publishes = _PUBLISHERS.search(text) is not None
        for call in m.script.walk({"call_expression"}):
            found = self._send(m, call, publishes)
            if found is None:
                continue
            value, call_name, how = found
            self.serving.add(m.path)
            fn, name = _scope_of(call), ""
            while fn is not None and not name:  # the nearest function with a name
                name = _function_name(m, fn)
                fn = _scope_of(fn)
            where = f"{m.rel}:{m.line(call)}" + (f" ({name}())" if name else "")
            self.why = ""
            if value is None or not self._trace(m, value, f"sent with {how} in {where}", 0):
                self.untraced.append(Untraced(m.path, m.line(call), call_name, self.why))

    def _send(self, m: JsModule, call: "Node", publishes: bool) -> "tuple[Node | None, str, str] | None":
        """(the data a call sends over a WebSocket, the method, how it is written) or None."""
        fn = call.child_by_field_name("function")
        args = _args(call)
        if fn is None or not args:
            return None
        if fn.type == "identifier" and m.text(fn) == "broadcast":
            if self.function(m, fn) is not None:
                return None  # a helper of the project: its own send is traced
            return None, "broadcast", "broadcast"
        if fn.type != "member_expression":
            return None
        obj, prop = fn.child_by_field_name("object"), fn.child_by_field_name("property")
        method = m.text(prop)
        receiver = m.text(obj)
        if method == "send" and len(args) <= 2:
            if receiver.rsplit(".", 1)[-1] in _NOT_SOCKETS:
                return None
            return args[0], method, f"{receiver}.send"
        if method == "publish" and publishes and len(args) >= 2:
            return args[1], method, f"{receiver}.publish"
        return None

    def _fail(self, why: str) -> bool:
        if not self.why:
            self.why = why
        return False

    # --- following data ------------------------------------------------------------------

    def _trace(self, m: JsModule, node: "Node | None", how: str, depth: int) -> bool:
        """Follow the data ``node`` evaluates to down to what writes it; False when some of
        it leads where hxmigrate cannot follow."""
        node = _strip(node)
        if node is None or depth > _MAX_DEPTH:
            return False
        t = node.type
        if t in STRING_TYPES or (t == "binary_expression" and any(o.type in STRING_TYPES for o in operands(node))):
            self._string(m, node, how)
            return True
        if t == "binary_expression":
            parts = operands(node)
            return len(parts) > 1 and all(self._trace(m, p, how, depth + 1) for p in parts)
        if t in _JSX:
            return self._jsx(m, node, how, depth)
        if t == "ternary_expression":
            return all([self._trace(m, node.child_by_field_name(f), how, depth + 1) for f in ("consequence", "alternative")])
        if t == "identifier":
            return self._name(m, node, how, depth)
        if t == "call_expression":
            return self._call(m, node, how, depth)
        return False

    def _string(self, m: JsModule, node: "Node", how: str, jsx: bool = False) -> None:
        start, end = m.script.span(node)
        self.strings.setdefault(m.path, {}).setdefault(
            (start, end), SentString(start, end, False, how, node_key(m.script.root, node), jsx))

    def _jsx(self, m: JsModule, node: "Node", how: str, depth: int) -> bool:
        """A JSX element or fragment sent: its markup, or what the component it names returns."""
        name = _component(m, node)
        if name is None:
            self._string(m, node, how, jsx=True)
            return True
        found = self.function(m, name) if name.type == "identifier" else None
        if found is None:
            return self._fail(WHY_JSX)
        elsewhere = self._rendered_elsewhere(m, node, name, found)
        if elsewhere is not None:
            return self._fail(f"the JSX component {m.text(name)} is also rendered in {elsewhere}, whose HTML a "
                              "rewrite would change too: give the WebSocket message a component of its own, or wrap "
                              "its top-level elements in <hx-partial> by hand")
        return self._returns(*found, how, depth)

    def _rendered_elsewhere(self, m: JsModule, node: "Node", name: "Node", found) -> str | None:
        """Where the project's JSX renders the component ``found`` other than in the sent
        element ``node`` ("src/page.tsx:12"), or None."""
        text = m.text(name)
        for caller in self._callers(text):
            for use in caller.script.walk({"jsx_opening_element", "jsx_self_closing_element"}):
                used = use.child_by_field_name("name")
                if used is None or caller.text(used) != text:
                    continue
                element = use.parent if use.type == "jsx_opening_element" else use
                if caller is m and element is not None and element.start_byte == node.start_byte:
                    continue
                if self.function(caller, used) == found:
                    return f"{caller.rel}:{caller.line(use)}"
        return None

    def _call(self, m: JsModule, call: "Node", how: str, depth: int) -> bool:
        fn = call.child_by_field_name("function")
        args = _args(call)
        if fn is None:
            return False
        name = m.text(fn)
        arguments = call.child_by_field_name("arguments")
        if arguments is not None and arguments.type == "template_string":
            # A tagged template: Hono's html`...` escapes what its ${...} write, not its text.
            if name in ("html", "raw"):
                self._string(m, arguments, how)
                return True
            return False
        if name == "JSON.stringify":
            return self._fail(WHY_JSON)
        if name == "String" and len(args) == 1:
            return self._trace(m, args[0], how, depth + 1)
        if fn.type == "member_expression":
            obj = fn.child_by_field_name("object")
            method = m.text(fn.child_by_field_name("property"))
            if method in _JSX_RENDERERS and args and _strip(args[0]) is not None and _strip(args[0]).type in _JSX:
                return self._rendered(m, method, args, how, depth)
            if method in ("toString", "trim", "valueOf") and not args:
                return self._trace(m, obj, how, depth + 1)
            if method == "join":
                return self._joined(m, obj, how, depth)
            target = _strip(obj)
            if target is not None and target.type == "identifier":
                imp = m.imports.get(m.text(target))
                if imp is not None and imp.name == "*":
                    other = self.imported(m, imp.spec)
                    found = self._export(other, method) if other is not None else None
                    return self._returns(*found, how, depth) if found is not None else False
            return False
        if name in _JSX_RENDERERS and args and _strip(args[0]) is not None and _strip(args[0]).type in _JSX:
            return self._rendered(m, name, args, how, depth)
        if name in ("renderToString", "renderToStaticMarkup") and len(args) == 1:
            return self._trace(m, args[0], how, depth + 1)  # renderToString(tag)
        if fn.type == "identifier":
            found = self.function(m, fn)
            if found is not None:
                return self._returns(*found, how, depth)
        return False

    def _rendered(self, m: JsModule, renderer: str, args: list["Node"], how: str, depth: int) -> bool:
        """``renderToString(<Msg />)``: the element's HTML, when the renderer returns it as a string."""
        if renderer not in _JSX_TO_STRING:
            return self._fail(WHY_JSX_STREAM)
        return self._trace(m, args[0], how, depth + 1)

    def _joined(self, m: JsModule, items: "Node | None", how: str, depth: int) -> bool:
        """``items.map(fn).join(sep)``: what ``fn`` returns; ``[a, b].join(sep)``: a and b."""
        items = _strip(items)
        if items is None:
            return False
        if items.type == "array":
            parts = [c for c in items.named_children if c.type != "comment"]
            return bool(parts) and all(self._trace(m, p, how, depth + 1) for p in parts)
        if items.type != "call_expression":
            return False
        fn = items.child_by_field_name("function")
        args = _args(items)
        if fn is None or fn.type != "member_expression" or m.text(fn.child_by_field_name("property")) != "map" or not args:
            return False
        callback = _strip(args[0])
        if callback is not None and callback.type == "identifier":
            found = self.function(m, callback)
            return self._returns(*found, how, depth) if found is not None else False
        if callback is None or callback.type not in _FUNCTIONS:
            return False
        return self._returns(m, callback, how, depth)

    def _returns(self, m: JsModule, fn: "Node", how: str, depth: int) -> bool:
        """Follow what a function returns."""
        key = (m.path, fn.start_byte)
        if key in self._returns_done:
            return True
        self._returns_done.add(key)
        body = fn.child_by_field_name("body")
        if body is None:
            return False
        if body.type != "statement_block":
            return self._trace(m, body, how, depth + 1)  # x => `<li>${x}</li>`
        ok, found = True, False
        for ret in _under(body, fn, {"return_statement"}):
            values = [c for c in ret.named_children if c.type != "comment"]
            if not values:
                continue
            found = True
            ok = self._trace(m, values[0], how, depth + 1) and ok
        return ok and found

    def _name(self, m: JsModule, ident: "Node", how: str, depth: int) -> bool:
        name = m.text(ident)
        scope = _scope_of(ident)
        while True:
            if scope is not None:
                params = _param_names(m, scope)
                if name in params:
                    return self._params(m, scope, params.index(name), how, depth)
            values = self._bound(m, scope, name)
            if values is not None:
                return bool(values) and all(self._trace(m, v, how, depth + 1) for v in values)
            if scope is None:
                break
            scope = _scope_of(scope)
        imp = m.imports.get(name)
        if imp is not None and imp.name != "*":
            other = self.imported(m, imp.spec)
            if other is not None:
                local = other.exports.get(imp.name) if imp.name != "default" else None
                if imp.name == "default" and other.default is not None:
                    return self._trace(other, other.default, how, depth + 1)
                if local is not None:
                    values = self._bound(other, None, local)
                    return bool(values) and all(self._trace(other, v, how, depth + 1) for v in values)
        return False

    def _bound(self, m: JsModule, scope: "Node | None", name: str) -> "list[Node] | None":
        """The values a name declared in ``scope`` is given (its declaration and its
        assignments); None when the scope declares no such name."""
        root = scope.child_by_field_name("body") if scope is not None else m.script.root
        if root is None:
            return None
        declared = False
        values: list["Node"] = []
        for node in _under(root, scope, {"variable_declarator", "function_declaration"}):
            target = node.child_by_field_name("name")
            if target is None or target.type != "identifier" or m.text(target) != name:
                continue
            declared = True
            if node.type == "function_declaration":
                return []  # a function, not a string
            value = node.child_by_field_name("value")
            if value is not None:
                values.append(value)
        if not declared:
            return None
        for node in _descendants(scope if scope is not None else m.script.root,
                                 {"assignment_expression", "augmented_assignment_expression"}):
            left = node.child_by_field_name("left")
            if left is not None and left.type == "identifier" and m.text(left) == name:
                right = node.child_by_field_name("right")
                if right is not None:
                    values.append(right)
        return values

    def function(self, m: JsModule, ident: "Node") -> "tuple[JsModule, Node] | None":
        """The function of the project a called name stands for."""
        name = m.text(ident)
        scope = _scope_of(ident)
        while True:
            root = scope.child_by_field_name("body") if scope is not None else m.script.root
            if root is not None:
                for node in _under(root, scope, {"variable_declarator", "function_declaration"}):
                    target = node.child_by_field_name("name")
                    if target is None or m.text(target) != name:
                        continue
                    if node.type == "function_declaration":
                        return m, node
                    value = _strip(node.child_by_field_name("value"))
                    return (m, value) if value is not None and value.type in _FUNCTIONS else None
            if scope is None:
                break
            scope = _scope_of(scope)
        imp = m.imports.get(name)
        if imp is not None and imp.name != "*":
            other = self.imported(m, imp.spec)
            if other is not None:
                return self._export(other, imp.name)
        return None

    def _export(self, m: JsModule, name: str) -> "tuple[JsModule, Node] | None":
        if name == "default":
            value = _strip(m.default)
            if value is not None and value.type in _FUNCTIONS:
                return m, value
            return None
        local = m.exports.get(name)
        if local is None:
            return None
        if "." in local:  # module.exports.name = function ...
            for node in m.script.walk({"assignment_expression"}):
                left, right = node.child_by_field_name("left"), _strip(node.child_by_field_name("right"))
                if m.text(left) == local and right is not None and right.type in _FUNCTIONS:
                    return m, right
            return None
        for node in _under(m.script.root, None, {"variable_declarator", "function_declaration"}):
            target = node.child_by_field_name("name")
            if target is None or m.text(target) != local:
                continue
            if node.type == "function_declaration":
                return m, node
            value = _strip(node.child_by_field_name("value"))
            return (m, value) if value is not None and value.type in _FUNCTIONS else None
        return None

    def _params(self, m: JsModule, fn: "Node", index: int, how: str, depth: int) -> bool:
        """Follow the arguments the project's calls give parameter ``index`` of ``fn``."""
        key = (m.path, fn.start_byte, index)
        if key in self._params_done:
            return True
        self._params_done.add(key)
        name = _function_name(m, fn)
        if not name:
            return False
        ok, found = True, False
        for caller in self._callers(name):
            for call in caller.script.walk({"call_expression"}):
                callee = call.child_by_field_name("function")
                if callee is None:
                    continue
                if callee.type == "identifier":
                    if self.function(caller, callee) != (m, fn):
                        continue
                elif callee.type == "member_expression":
                    # obj.name(...) calls a method, or a function assigned to a property, by its name.
                    if not _is_method(fn) or caller.text(callee.child_by_field_name("property")) != name:
                        continue
                else:
                    continue
                args = _args(call)
                if index >= len(args):
                    continue
                found = True
                ok = self._trace(caller, args[index], how, depth + 1) and ok
        return ok and found

    def _callers(self, name: str) -> list[JsModule]:
        """The project's scripts that mention ``name`` (the only ones that may call it)."""
        out = []
        for path in self.paths.values():
            m = self.modules.get(path)
            if m is None and path not in self.modules:
                text = self.text(path)
                if text is None or name not in text:
                    continue
                m = self.module(path, text)
            if m is not None and name in m.script.text:
                out.append(m)
        return out


def read(project: ServerProject) -> ServerReading:
    """The strings the project's JavaScript/TypeScript servers send over a WebSocket."""
    reader = _Reader(project)
    for path in project.files(SUFFIXES):
        if path.name.endswith((".d.ts", ".min.js")):
            continue
        try:
            data = path.read_bytes()
        except OSError as exc:
            project.cannot_read(path, f"cannot read: {exc.strerror or exc}")
            continue
        if b".send" not in data and b"publish" not in data and b"broadcast" not in data:
            continue  # sends nothing (the bytes test spares decoding most scripts)
        if len(data) > 8 * 1024 * 1024 or b"\x00" in data[:8192]:
            continue
        text = data.decode("utf-8", "replace")
        if not serves(text):
            continue
        try:
            reader.run(path, text)
        except RecursionError:
            continue
    facts = ServerFacts()
    for path, found in reader.strings.items():
        facts.strings[path] = sorted(found.values(), key=lambda s: s.start)
    return ServerReading(LANGUAGE, [], {}, reader.serving, facts, reader.untraced)
