"""Which templates are WebSocket messages, found through the server code.

A template is a message when a Python function renders it and sends the result over a
WebSocket in the same function, directly or through local variables (renderers: Jinja2
``env.get_template(NAME).render()``, Flask/Quart ``render_template``, Starlette/FastAPI
``templates.get_template(NAME).render()``, Django ``render_to_string`` and
``loader.get_template(NAME).render()``; senders: Starlette/FastAPI ``send_text``/``send``,
Channels ``self.send(text_data=...)`` and group messages whose handler sends them,
Flask-Sock and ``websockets`` ``ws.send``, ``websockets.broadcast``, Quart
``websocket.send``, aiohttp ``send_str``, Litestar ``send_text``/``send_data``, the
``ws-send-functions`` setting, and functions of the project that pass a parameter on to
one of these). A template included at the top level of a message template is one too.

The same reading of Python code serves the rules: WS201-WS205 find the HTML strings a
module sends, WS401/WS402 the functions that receive WebSocket data.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Iterator

if TYPE_CHECKING:
    import libcst as cst

    from .config import Settings
    from .syntax.python import PythonView

# Cheap tests before a module is parsed.
SEND_HINT = re.compile(r"\b(?:send_text|send_str|send_data|send|group_send|broadcast)\b")
RENDER_HINT = re.compile(r"\b(?:render|render_async|render_template|render_to_string|get_template|group_send)\b")
RECEIVE_HINT = re.compile(r"\b(?:receive_json|receive_text|receive_str|receive|recv|text_data|loads)\b")

WS_METHODS = ("send_text", "send_str", "send_data")  # WebSocket-only method names
_WS_NAME = re.compile(r"(?:^|_)(?:ws|websocket|websockets|web_socket|socket|sock|wsock)(?:_|$)|^ws[a-z]*$", re.I)
_WS_TYPE = re.compile(r"WebSocket|Websocket|ServerConnection|ClientConnection|WebSocketServerProtocol|WebSocketResponse")
CONSUMER_BASES = ("WebsocketConsumer", "AsyncWebsocketConsumer", "JsonWebsocketConsumer", "AsyncJsonWebsocketConsumer")
_RENDERERS = ("render_template", "render_to_string", "render_template_async")
_GET_TEMPLATE = ("get_template", "select_template", "get_or_select_template")
_PASS_THROUGH = ("str", "Markup", "mark_safe", "SafeString")
_KEYWORDS = ("text_data", "data", "text", "message", "html", "content")


def dotted(node) -> str | None:
    """``a.b.c`` for a name or attribute chain; None for anything else."""
    import libcst as cst

    parts = []
    while isinstance(node, cst.Attribute):
        parts.append(node.attr.value)
        node = node.value
    if isinstance(node, cst.Name):
        parts.append(node.value)
        return ".".join(reversed(parts))
    if isinstance(node, cst.Call) and isinstance(node.func, cst.Name) and node.func.value == "super":
        parts.append("super()")
        return ".".join(reversed(parts))
    return None


def _arg(call, index: int | None, keywords: Iterable[str] = ()):
    positional = [a for a in call.args if a.keyword is None and not a.star]
    for a in call.args:
        if a.keyword is not None and a.keyword.value in keywords:
            return a.value
    if index is not None and index < len(positional):
        return positional[index].value
    return None


def _string(node) -> str | None:
    import libcst as cst

    if isinstance(node, (cst.SimpleString, cst.ConcatenatedString)):
        try:
            value = node.evaluated_value
        except Exception:
            return None
        return value if isinstance(value, str) else None
    return None


@dataclass(eq=False)
class Function:
    node: object  # cst.FunctionDef, or the cst.Module for module-level code
    name: str  # for messages: "chat", "ChatConsumer.receive", "<module>"
    cls: str | None = None
    bases: tuple[str, ...] = ()
    params: list[str] = field(default_factory=list)
    annotations: dict[str, str] = field(default_factory=dict)
    assigns: dict[str, list] = field(default_factory=dict)
    calls: list = field(default_factory=list)
    nodes: list = field(default_factory=list)  # every node of its own body

    @property
    def is_consumer(self) -> bool:
        return any(b.rsplit(".", 1)[-1] in CONSUMER_BASES for b in self.bases)

    @property
    def call_params(self) -> list[str]:
        """Parameters as a caller passes them (without self/cls of a method)."""
        if self.cls and self.params and self.params[0] in ("self", "cls"):
            return self.params[1:]
        return self.params

    def label(self) -> str:
        return "module level" if self.name == "<module>" else f"{self.name}()"


@dataclass
class Sent:
    """A value a function sends over a WebSocket."""

    function: Function
    call: object  # the sending call
    value: object  # the expression sent
    how: str  # "websocket.send_text", "broadcast() (which sends with client.send_text)"


@dataclass
class DerivedSender:
    name: str  # the function's own name
    is_method: bool
    index: int  # position of the parameter it sends, as callers pass it
    param: str
    how: str


class ServerModule:
    """One Python module read for WebSocket sends, renders and received data."""

    def __init__(self, view: "PythonView", settings: "Settings", derived: dict[str, DerivedSender] | None = None,
                 handlers: dict[str, dict[str, str]] | None = None) -> None:
        self.view = view
        self.settings = settings
        self.functions: list[Function] = []
        self.module_fn: Function | None = None
        self.imports_broadcast = False
        if view.module is not None:
            self._collect(view.module)
        self.derived: dict[str, DerivedSender] = dict(derived or {})
        self.handlers: dict[str, dict[str, str]] = dict(handlers or {})
        self.derived.update(self.derive_senders())
        self.handlers.update(self.group_handlers())

    # --- reading functions ----------------------------------------------------------------

    def _collect(self, module) -> None:
        import libcst as cst

        self.module_fn = self._function(module, "<module>", None, ())
        todo: list[tuple[object, str | None, tuple[str, ...], str]] = [(module, None, (), "")]
        while todo:
            node, cls, bases, prefix = todo.pop()
            for stmt in _nested_defs(node):
                if isinstance(stmt, cst.ClassDef):
                    names = tuple(filter(None, (dotted(a.value) for a in stmt.bases)))
                    todo.append((stmt, stmt.name.value, names, prefix + stmt.name.value + "."))
                else:
                    fn = self._function(stmt, prefix + stmt.name.value, cls, bases)
                    self.functions.append(fn)
                    todo.append((stmt, None, (), prefix + stmt.name.value + "."))
        for fn in [self.module_fn, *self.functions]:
            for node in fn.nodes:
                if isinstance(node, cst.ImportFrom) and dotted(node.module) == "websockets" and not isinstance(node.names, cst.ImportStar):
                    if any(n.name.value == "broadcast" for n in node.names):
                        self.imports_broadcast = True

    def _function(self, node, name: str, cls: str | None, bases: tuple[str, ...]) -> Function:
        import libcst as cst

        fn = Function(node, name, cls, bases)
        if isinstance(node, cst.FunctionDef):
            for p in (*node.params.posonly_params, *node.params.params, *node.params.kwonly_params):
                fn.params.append(p.name.value)
                if p.annotation is not None:
                    fn.annotations[p.name.value] = self.view.module.code_for_node(p.annotation.annotation)
        stack = list(reversed(node.body.children if isinstance(node, cst.FunctionDef) else node.children))
        while stack:
            n = stack.pop()
            if isinstance(n, (cst.FunctionDef, cst.ClassDef)):
                continue
            fn.nodes.append(n)
            if isinstance(n, cst.Call):
                fn.calls.append(n)
            elif isinstance(n, cst.Assign):
                for t in n.targets:
                    if isinstance(t.target, cst.Name):
                        fn.assigns.setdefault(t.target.value, []).append(n.value)
            elif isinstance(n, cst.AnnAssign) and isinstance(n.target, cst.Name) and n.value is not None:
                fn.assigns.setdefault(n.target.value, []).append(n.value)
            elif isinstance(n, cst.AugAssign) and isinstance(n.target, cst.Name) and isinstance(n.operator, cst.AddAssign):
                fn.assigns.setdefault(n.target.value, []).append(n.value)
            elif isinstance(n, cst.NamedExpr) and isinstance(n.target, cst.Name):
                fn.assigns.setdefault(n.target.value, []).append(n.value)
            stack.extend(reversed(n.children))
        return fn

    # --- where values come from -----------------------------------------------------------

    def terminals(self, expr, fn: Function, follow_literal_chains: bool = False) -> Iterator[object]:
        """The expressions a value is built from, through local variables, ``await``,
        conditionals, ``+`` and whitespace joins. A ``+`` chain with a string literal in it
        is yielded whole (it is one piece of HTML) and its other operands are followed."""
        import libcst as cst

        seen: set[str] = set()
        stack = [(expr, 0)]
        while stack:
            e, depth = stack.pop()
            if depth > 24:
                continue
            if isinstance(e, cst.Await):
                stack.append((e.expression, depth + 1))
            elif isinstance(e, cst.Name):
                values = fn.assigns.get(e.value)
                if values and e.value not in seen:
                    seen.add(e.value)
                    stack.extend((v, depth + 1) for v in reversed(values))
                else:
                    yield e
            elif isinstance(e, (cst.BinaryOperation, cst.ConcatenatedString)) and _is_add_chain(e):
                operands = _add_operands(e)
                if any(isinstance(o, (cst.SimpleString, cst.FormattedString)) for o in operands):
                    yield e
                    stack.extend((o, depth + 1) for o in reversed(operands)
                                 if not isinstance(o, (cst.SimpleString, cst.FormattedString)))
                else:
                    stack.extend((o, depth + 1) for o in reversed(operands))
            elif isinstance(e, cst.IfExp):
                stack.append((e.orelse, depth + 1))
                stack.append((e.body, depth + 1))
            elif isinstance(e, cst.BooleanOperation):
                stack.append((e.right, depth + 1))
                stack.append((e.left, depth + 1))
            elif isinstance(e, cst.FormattedString):
                yield e
                literal = "".join(p.value for p in e.parts if isinstance(p, cst.FormattedStringText))
                if not literal.strip():
                    stack.extend((p.expression, depth + 1) for p in reversed(e.parts)
                                 if isinstance(p, cst.FormattedStringExpression))
            elif isinstance(e, cst.Call):
                inner = self._pass_through(e)
                if inner is None:
                    yield e
                else:
                    stack.extend((i, depth + 1) for i in reversed(inner))
            else:
                yield e

    def _pass_through(self, call) -> list | None:
        """Operands of calls that hand on the markup they are given."""
        import libcst as cst

        func = call.func
        name = dotted(func)
        if name in _PASS_THROUGH and call.args:
            return [call.args[0].value]
        if isinstance(func, cst.Attribute):
            if func.attr.value in ("strip", "lstrip", "rstrip") and not call.args:
                return [func.value]
            if func.attr.value == "join" and len(call.args) == 1:
                sep = _string(func.value)
                if sep is not None and not sep.strip():
                    arg = call.args[0].value
                    if isinstance(arg, (cst.List, cst.Tuple)):
                        return [el.value for el in arg.elements]
                    if isinstance(arg, (cst.ListComp, cst.GeneratorExp)):
                        return [arg.elt]
        return None

    # --- who sends ------------------------------------------------------------------------

    def sender(self, call, fn: Function) -> tuple[str, list] | None:
        """(how it sends, values sent) when ``call`` sends over a WebSocket."""
        import libcst as cst

        func = call.func
        if isinstance(func, cst.Call) and (dotted(func.func) or "").rsplit(".", 1)[-1] == "async_to_sync" and func.args:
            func = func.args[0].value
        name = dotted(func)
        if name is None and isinstance(func, cst.Attribute):  # get_channel_layer().group_send, conns[0].send_text
            code = " ".join(self.view.module.code_for_node(func.value).split())
            name = f"{code if len(code) <= 40 else '...'}.{func.attr.value}"
        if name is None:
            return None
        receiver, _, last = name.rpartition(".")
        for pattern in self.settings.ws_send_functions:
            if name == pattern or name.endswith("." + pattern):
                value = _arg(call, 0, _KEYWORDS)
                return (name, [value]) if value is not None else None
        derived = self.derived.get(last)
        if derived is not None and (derived.is_method == bool(receiver)):
            value = _arg(call, derived.index, (derived.param,))
            return (derived.how, [value]) if value is not None else None
        if last in WS_METHODS and receiver:
            value = _arg(call, 0, ("data", "text", "message"))
            return (name, [value]) if value is not None else None
        if last == "send" and receiver:
            text_data = _arg(call, None, ("text_data",))
            if receiver in ("self", "super()"):
                if text_data is not None:
                    return f"{name}(text_data=...)", [text_data]
                if fn.is_consumer:
                    value = _arg(call, 0)
                    return (name, [value]) if value is not None else None
                return None
            base = receiver.rsplit(".", 1)[-1]
            if _WS_NAME.search(base) or _WS_TYPE.search(fn.annotations.get(base, "")):
                value = text_data if text_data is not None else _arg(call, 0, ("message", "data"))
                if isinstance(value, cst.Dict):  # an ASGI message: {"type": "websocket.send", "text": ...}
                    value = _dict_value(value, "text")
                return (name, [value]) if value is not None else None
            return None
        if (name == "websockets.broadcast" or (name == "broadcast" and self.imports_broadcast)) and len(call.args) >= 2:
            return name, [call.args[1].value]
        if last == "group_send":
            return self._group_send(call, fn, name)
        return None

    def _group_send(self, call, fn: Function, name: str) -> tuple[str, list] | None:
        import libcst as cst

        event = _arg(call, 1, ("message",))
        if isinstance(event, cst.Name):
            values = fn.assigns.get(event.value) or []
            event = values[-1] if values else None
        if not isinstance(event, cst.Dict):
            return None
        kind = _string(_dict_value(event, "type"))
        if kind is None:
            return None
        handler = kind.replace(".", "_")
        keys = self.handlers.get(handler)
        if not keys:
            return None
        values = [v for k, v in keys.items() for v in [_dict_value(event, k)] if v is not None]
        how = next(iter(keys.values()))
        return (f"{name} to {how}", values) if values else None

    def sends(self) -> Iterator[Sent]:
        for fn in self._all():
            for call in fn.calls:
                found = self.sender(call, fn)
                if found is None:
                    continue
                how, values = found
                for value in values:
                    yield Sent(fn, call, value, how)

    def _all(self) -> list[Function]:
        return ([self.module_fn] if self.module_fn else []) + self.functions

    def derive_senders(self) -> dict[str, DerivedSender]:
        """Functions of this module that send one of their parameters (``broadcast(html)``)."""
        import libcst as cst

        found: dict[str, DerivedSender] = {}
        for _ in range(3):
            added = False
            for fn in self.functions:
                short = fn.name.rsplit(".", 1)[-1]
                if short in found or not fn.call_params:
                    continue
                for call in fn.calls:
                    result = self.sender(call, fn)
                    if result is None:
                        continue
                    how, values = result
                    for value in values:
                        for t in self.terminals(value, fn):
                            if isinstance(t, cst.Name) and t.value in fn.call_params:
                                found[short] = DerivedSender(short, fn.cls is not None, fn.call_params.index(t.value),
                                                             t.value, f"{fn.name}() (which sends it with {how})")
                                self.derived[short] = found[short]
                                added = True
                                break
                        if short in found:
                            break
                    if short in found:
                        break
            if not added:
                break
        return found

    def group_handlers(self) -> dict[str, dict[str, str]]:
        """Channels handlers that send a key of their event: {method: {key: how}}."""
        import libcst as cst

        found: dict[str, dict[str, str]] = {}
        for fn in self.functions:
            if fn.cls is None or len(fn.call_params) != 1:
                continue
            event = fn.call_params[0]
            for call in fn.calls:
                result = self.sender(call, fn)
                if result is None:
                    continue
                how, values = result
                for value in values:
                    for t in self.terminals(value, fn):
                        key = _event_key(t, event)
                        if key is not None:
                            short = fn.name.rsplit(".", 1)[-1]
                            found.setdefault(short, {})[key] = f"{fn.name}() (which sends event[{key!r}] with {how})"
        return found

    # --- what is rendered -----------------------------------------------------------------

    def template_names(self, call, fn: Function) -> list[str] | None:
        """Names of the templates a call renders; None when it renders none."""
        import libcst as cst

        func = call.func
        name = dotted(func) or ""
        last = name.rsplit(".", 1)[-1]
        if isinstance(func, cst.Attribute) and func.attr.value in ("render", "render_async"):
            recv = func.value
            if isinstance(recv, cst.Name):
                values = fn.assigns.get(recv.value) or []
                recv = values[-1] if len(values) == 1 else None
            if isinstance(recv, cst.Await):
                recv = recv.expression
            if isinstance(recv, cst.Call) and (dotted(recv.func) or "").rsplit(".", 1)[-1] in _GET_TEMPLATE:
                return self._names(_arg(recv, 0, ("template_name", "name", "template_name_list")), fn)
            return None
        if last in _RENDERERS:
            return self._names(_arg(call, 0, ("template_name", "template_name_or_list")), fn)
        return None

    def _names(self, node, fn: Function) -> list[str]:
        import libcst as cst

        if node is None:
            return []
        value = _string(node)
        if value is not None:
            return [value]
        if isinstance(node, (cst.List, cst.Tuple)):
            return [v for el in node.elements for v in self._names(el.value, fn)]
        if isinstance(node, cst.Name):
            for scope in (fn, self.module_fn):
                values = scope.assigns.get(node.value) if scope else None
                if values:
                    return [v for val in values for v in self._names(val, scope)]
        return []

    def template_dirs(self) -> list[str]:
        """Folders named in ``Jinja2Templates(directory=...)`` / ``FileSystemLoader(...)``."""
        dirs = []
        for fn in self._all():
            for call in fn.calls:
                last = (dotted(call.func) or "").rsplit(".", 1)[-1]
                if last in ("Jinja2Templates", "FileSystemLoader", "Jinja2"):
                    value = _string(_arg(call, 0, ("directory", "searchpath")))
                    if value:
                        dirs.append(value)
        return dirs

    # --- who receives ---------------------------------------------------------------------

    def receivers(self) -> Iterator[Function]:
        """Functions that read WebSocket data sent by htmx (and so see its metadata key)."""
        import libcst as cst

        for fn in self.functions:
            short = fn.name.rsplit(".", 1)[-1]
            if short in ("receive", "receive_json") and fn.cls is not None and any(
                    p in ("text_data", "content") for p in fn.params):
                yield fn
                continue
            names = [(dotted(c.func) or "").rsplit(".", 1)[-1] for c in fn.calls]
            loads = "loads" in names
            if "receive_json" in names or (loads and any(n in ("receive_text", "receive_str", "receive", "recv") for n in names)):
                yield fn
                continue
            if loads and any(isinstance(n, cst.For) and n.asynchronous is not None and isinstance(n.iter, cst.Name)
                             and _WS_NAME.search(n.iter.value) for n in fn.nodes):
                yield fn


def _nested_defs(node):
    """Functions and classes directly inside ``node``'s body (through if/try/with blocks)."""
    import libcst as cst

    stack = list(reversed(node.body.children)) if isinstance(node, (cst.ClassDef, cst.FunctionDef)) else list(reversed(node.children))
    while stack:
        n = stack.pop()
        if isinstance(n, (cst.FunctionDef, cst.ClassDef)):
            yield n
            continue
        if isinstance(n, (cst.BaseExpression,)):
            continue
        stack.extend(reversed(n.children))


def _is_add_chain(node) -> bool:
    import libcst as cst

    if isinstance(node, cst.ConcatenatedString):
        return True
    return isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Add)


def _add_operands(node) -> list:
    import libcst as cst

    out = []
    stack = [node]
    while stack:
        n = stack.pop()
        if isinstance(n, cst.ConcatenatedString):
            stack.extend([n.right, n.left])
        elif isinstance(n, cst.BinaryOperation) and isinstance(n.operator, cst.Add) and not n.lpar:
            stack.extend([n.right, n.left])
        else:
            out.append(n)
    return out


def _dict_value(node, key: str):
    import libcst as cst

    if not isinstance(node, cst.Dict):
        return None
    for el in node.elements:
        if isinstance(el, cst.DictElement) and _string(el.key) == key:
            return el.value
    return None


def _event_key(node, event: str) -> str | None:
    """``event["k"]`` or ``event.get("k")`` -> "k"."""
    import libcst as cst

    if isinstance(node, cst.Subscript) and isinstance(node.value, cst.Name) and node.value.value == event:
        if len(node.slice) == 1 and isinstance(node.slice[0].slice, cst.Index):
            return _string(node.slice[0].slice.value)
    if (isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) and node.func.attr.value == "get"
            and isinstance(node.func.value, cst.Name) and node.func.value.value == event and node.args):
        return _string(node.args[0].value)
    return None


# --- the project ---------------------------------------------------------------------------

def glob_match(rel: str, pattern: str) -> bool:
    """Glob with ``**`` (any number of folders, none included), ``*`` and ``?`` within one
    folder, ``[...]`` sets. A pattern without "/" matches a file name at any depth."""
    return _glob_regex(pattern).match(rel) is not None


_GLOBS: dict[str, re.Pattern[str]] = {}


def _glob_regex(pattern: str) -> re.Pattern[str]:
    cached = _GLOBS.get(pattern)
    if cached is not None:
        return cached
    p = pattern.strip()
    p = p[2:] if p.startswith("./") else p
    anywhere = "/" not in p.rstrip("/")  # as in .gitignore: a slash anchors the pattern
    if p.endswith("/"):
        p += "**"
    tail = ""
    if p.endswith("/**"):  # the folder's files at any depth
        p, tail = p[:-3], "(?:/.*)?"
    out = []
    i = 0
    n = len(p)
    while i < n:
        c = p[i]
        if p.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif p.startswith("**", i):
            out.append(".*")
            i += 2
        elif c == "*":
            out.append("[^/]*")
            i += 1
        elif c == "?":
            out.append("[^/]")
            i += 1
        elif c == "[":
            close = p.find("]", i + 2)
            if close < 0:
                out.append(re.escape(c))
                i += 1
            else:
                body = p[i + 1:close]
                if body.startswith("!"):
                    body = "^" + body[1:]
                out.append("[" + body.replace("\\", "\\\\") + "]")
                i = close + 1
        else:
            out.append(re.escape(c))
            i += 1
    regex = re.compile(("(?:.*/)?" if anywhere else "") + "".join(out) + tail + r"\Z")
    _GLOBS[pattern] = regex
    return regex


class _Project:
    def __init__(self, files: list[Path], settings: "Settings") -> None:
        from .source import kind_of

        self.settings = settings
        self.root = Path(settings.root).resolve()
        paths = {self._resolve(p) for p in files}
        # With a project root, its server code decides which of the given templates are
        # messages, whether or not the run was given that code (pre-commit passes only
        # the changed files). Without templates to decide about there is nothing to find.
        if (settings.config_file is not None and any(kind_of(p) == "markup" for p in paths)
                and not any(self.root == p or p in self.root.parents for p in paths)):
            paths |= self._walk()
        self.python = sorted(p for p in paths if p.suffix.lower() == ".py")
        self.markup = sorted(p for p in paths if kind_of(p) == "markup")
        self.dirs: list[Path] = []
        seen = set()
        for d in settings.template_dirs:
            self._add_dir(self.root / d, seen)
        for p in self.markup:
            for parent in p.parents:
                if parent.name == "templates":
                    self._add_dir(parent, seen)
                if parent == self.root or parent == parent.parent:
                    break
        self._seen_dirs = seen

    def _walk(self) -> set[Path]:
        from .files import collect

        try:
            found = collect([self.root], list(self.settings.exclude) + list(self.settings.extend_exclude), self.root)
        except OSError:
            return set()
        return {self._resolve(p) for p in found.files}

    @staticmethod
    def _resolve(p: Path) -> Path:
        try:
            return Path(p).resolve()
        except OSError:
            return Path(p).absolute()

    def _add_dir(self, d: Path, seen: set) -> None:
        d = self._resolve(d)
        if d not in seen and d.is_dir():
            seen.add(d)
            self.dirs.append(d)

    def rel(self, p: Path) -> str:
        try:
            return p.relative_to(self.root).as_posix()
        except ValueError:
            return p.as_posix()

    def resolve_template(self, name: str, near: Path | None = None) -> list[Path]:
        name = name.strip()
        if not name or name.startswith("/") or "://" in name:
            return []
        found = []
        bases = list(self.dirs)
        if near is not None:
            bases.append(near)
        for base in bases:
            candidate = base / name
            if candidate.is_file():
                found.append(self._resolve(candidate))
        if not found:
            suffix = "/" + name
            found = [p for p in self.markup if p.as_posix().endswith(suffix)]
        return list(dict.fromkeys(found))


def read_python(path: Path) -> str | None:
    try:
        data = path.read_bytes()
    except OSError:
        return None
    if len(data) > 4 * 1024 * 1024:
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def discover(files: Iterable[Path], settings: "Settings") -> dict[Path, str]:
    """{absolute path of a message template: why it is one}."""
    from .syntax.python import PythonView

    project = _Project(list(files), settings)
    result: dict[Path, str] = {}

    # Python: two passes, so that a helper in one module that sends its parameter, or a
    # Channels handler, counts where another module calls it.
    texts: dict[Path, str] = {}
    for path in project.python:
        text = read_python(path)
        if text is not None and (SEND_HINT.search(text) or RENDER_HINT.search(text)):
            texts[path] = text
    derived: dict[str, DerivedSender] = {}
    handlers: dict[str, dict[str, str]] = {}
    views: dict[Path, PythonView] = {}
    for path, text in texts.items():
        if not SEND_HINT.search(text):
            continue
        try:
            view = views[path] = PythonView(text)
            if view.module is None:
                continue
            module = ServerModule(view, settings)
        except Exception:  # one unreadable module never stops a run
            continue
        derived.update(module.derived)
        handlers.update(module.handlers)
        for d in module.template_dirs():
            for base in (project.root, path.parent):
                project._add_dir(base / d, project._seen_dirs)
    names = re.compile(r"\b(?:" + "|".join(map(re.escape, derived)) + r")\b") if derived else None
    for path, text in texts.items():
        if not RENDER_HINT.search(text) or not (SEND_HINT.search(text) or (names and names.search(text))):
            continue
        try:
            view = views.get(path) or PythonView(text)
            if view.module is None:
                continue
            module = ServerModule(view, settings, derived, handlers)
            for sent in module.sends():
                for t in module.terminals(sent.value, sent.function):
                    for name in (module.template_names(t, sent.function) if _is_call(t) else None) or ():
                        reason = (f"rendered in {project.rel(path)}:{view.line(t)} {sent.function.label()} and sent "
                                  f"with {sent.how}")
                        for target in project.resolve_template(name):
                            result.setdefault(target, reason)
        except Exception:
            continue

    # Templates named in the settings or marked in the file, then top-level includes.
    seeds = list(result)
    for path in project.markup:
        rel = project.rel(path)
        for pattern in settings.ws_message_templates:
            if glob_match(rel, pattern):
                result.setdefault(path, f"matches ws-message-templates pattern {pattern!r}")
                seeds.append(path)
                break
        else:
            if _has_marker(path):
                seeds.append(path)
    _add_includes(project, seeds, result)
    return result


def _is_call(node) -> bool:
    import libcst as cst

    return isinstance(node, cst.Call)


def _has_marker(path: Path) -> bool:
    from .project import _MARKER

    try:
        data = path.read_bytes()
    except OSError:
        return False
    return b"hxmigrate" in data and _MARKER.search(data.decode("utf-8", "replace")) is not None


def _add_includes(project: _Project, seeds: list[Path], result: dict[Path, str]) -> None:
    from .rules._messages import top_level_includes

    todo = list(dict.fromkeys(seeds))
    done = set()
    while todo:
        path = todo.pop(0)
        if path in done:
            continue
        done.add(path)
        try:
            text = path.read_bytes().decode("utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        if "{" not in text and "<%" not in text and "<?" not in text:
            continue
        for name in top_level_includes(text):
            if not name:
                continue
            for target in project.resolve_template(name, near=path.parent):
                if target not in result:
                    result[target] = f"included at the top level of message template {project.rel(path)}"
                    todo.append(target)
