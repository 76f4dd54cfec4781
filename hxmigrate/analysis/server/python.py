"""Python server code, read with libcst: the first front-end of the server model.

A template is a message when a Python function renders it and sends the result over a
WebSocket in the same function, directly or through local variables (renderers: Jinja2
``env.get_template(NAME).render()``, Flask/Quart ``render_template``, Starlette/FastAPI
``templates.get_template(NAME).render()``, Django ``render_to_string`` and
``loader.get_template(NAME).render()``; senders: Starlette/FastAPI ``send_text``/``send``,
Channels ``self.send(text_data=...)`` (or any ``X.send(text_data=...)``) and group messages whose handler sends them,
Flask-Sock and ``websockets`` ``ws.send``, ``websockets.broadcast``, Quart
``websocket.send``, aiohttp ``send_str``, Litestar ``send_text``/``send_data``, the
``ws-send-functions`` setting, and functions of the project that pass a parameter on to
one of these).

Renderers may be wrapped in ``sync_to_async(...)``/``database_sync_to_async(...)``/
``async_to_sync(...)``. Helpers of the project take the template *name* as a parameter:
a *renderer wrapper* returns the rendering of the template its parameter names, a
*template sender* renders it (directly or through a wrapper) and sends the result over a
WebSocket; a call of either with a literal name renders that template. Helpers are found
across modules; ``self.``/``cls.``/``super().`` calls resolve through the class and its
base classes defined in the project (by class name), other calls to module-level
functions by name.

Templates rendered for an HTTP response or by a Django inclusion tag are reported as
renders, so discovery can tell where a message template is also used in a page.

The same reading of Python code serves the rules: WS201-WS205 find the HTML strings a
module sends, WS401/WS402 the functions that receive WebSocket data; what the whole
project tells them about one module is :class:`PythonFacts`.
"""

from __future__ import annotations

import functools
import inspect
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, Iterator

from ...isolation import TooComplex, reading
from ...syntax.cst import cst
from ...syntax.python import PythonView, call_arg, dotted, string_value
from ...syntax.python import children as _children
from ..templates import http_render_sites, inclusion_tag_sites
from .model import RenderSite, SentTemplate, ServerFacts, ServerProject, ServerReading

if TYPE_CHECKING:
    from ...config import Settings

# Cheap tests before a module is parsed.
SEND_HINT = re.compile(r"\b(?:send_text|send_str|send_data|send|group_send|broadcast)\b")
RENDER_HINT = re.compile(r"\b(?:render|render_async|render_template|render_to_string|get_template|group_send)\b")
# A renderer called with a name that is no string literal: maybe a helper's parameter.
WRAPPER_HINT = re.compile(r"\b(?:render_template|render_to_string|render_template_async|get_template|select_template"
                          r"|get_or_select_template)\s*\)?\s*\(\s*(?:\w+\s*=\s*)?[A-Za-z_]")
RECEIVE_HINT = re.compile(r"\b(?:receive_json|receive_text|receive_str|receive_bytes|receive|on_receive|recv|iter_json|iter_text|"
                          r"iter_bytes|text_data|loads)\b")
# Calls that read a WebSocket's next message as text (or yield each one) and calls that
# parse such a text as JSON, or into a pydantic model.
_RECEIVES_TEXT = frozenset(("receive_text", "receive_str", "receive_bytes", "receive", "recv", "iter_text", "iter_bytes"))
_PARSES_JSON = frozenset(("loads", "model_validate_json", "parse_raw", "validate_json"))

WS_METHODS = ("send_text", "send_str", "send_data")  # WebSocket-only method names
_WS_NAME = re.compile(r"(?:^|_)(?:ws|websocket|websockets|web_socket|socket|sock|wsock)(?:_|$)|^ws[a-z]*$", re.I)
_WS_TYPE = re.compile(r"WebSocket|Websocket|ServerConnection|ClientConnection|WebSocketServerProtocol|WebSocketResponse")
CONSUMER_BASES = ("WebsocketConsumer", "AsyncWebsocketConsumer", "JsonWebsocketConsumer", "AsyncJsonWebsocketConsumer")
_RENDERERS = ("render_template", "render_to_string", "render_template_async")
_GET_TEMPLATE = ("get_template", "select_template", "get_or_select_template")
_PASS_THROUGH = ("str", "Markup", "mark_safe", "SafeString", "markupsafe.Markup", "dedent", "textwrap.dedent")
_KEYWORDS = ("text_data", "data", "text", "message", "html", "content")
_ASYNC_WRAPPERS = ("sync_to_async", "database_sync_to_async", "async_to_sync")
_NAME_KEYWORDS = ("template_name", "template_name_or_list", "name", "template_name_list")
_CLASS_HEADER = re.compile(r"^[ \t]*class[ \t]+(\w+)[ \t]*\(([^)]*)\)", re.M)


def _unwrap(func):
    """``f`` for ``sync_to_async(f)``, ``database_sync_to_async(f)``, ``async_to_sync(f)``."""
    for _ in range(4):
        if (isinstance(func, cst.Call) and func.args and func.args[0].keyword is None
                and (dotted(func.func) or "").rsplit(".", 1)[-1] in _ASYNC_WRAPPERS):
            func = func.args[0].value
        else:
            break
    return func


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


@dataclass
class TemplateHelper:
    """A function of the project that takes a template name as a parameter."""

    name: str  # "BaseConsumer.send_template", "render_partial"
    index: int  # position of the name parameter, as callers pass it
    param: str
    site: object  # "chat/consumers.py:9", or a function that returns it (lines are counted only when asked)
    how: str = ""  # for a template sender: "sends it with self.send(text_data=...)"

    @property
    def where(self) -> str:
        if callable(self.site):
            self.site = self.site()
        return self.site


class Helpers:
    """Renderer wrappers and template senders of the whole project, and its classes.

    Keys are (class name, function name); module-level functions have None as class."""

    def __init__(self) -> None:
        self.wrappers: dict[tuple[str | None, str], TemplateHelper] = {}
        self.senders: dict[tuple[str | None, str], TemplateHelper] = {}
        self.bases: dict[str, set[str]] = {}  # class name -> names of its base classes
        self.methods: dict[str, set[str]] = {}  # class name -> names of the methods it defines
        self._consumers: dict[str, bool] = {}

    def add_class(self, name: str, bases: Iterable[str], methods: Iterable[str] = ()) -> None:
        self.bases.setdefault(name, set()).update(b for b in bases if b and b != name)
        self.methods.setdefault(name, set()).update(methods)
        self._consumers.clear()

    def names(self) -> set[str]:
        return {short for _, short in (*self.wrappers, *self.senders)}

    def _lineage(self, cls: str) -> Iterator[str]:
        """The class and its ancestors known to the project, nearest first, each once."""
        todo = [cls]
        seen: set[str] = set()
        i = 0
        while i < len(todo) and i < 256:
            c = todo[i]
            i += 1
            if c in seen:
                continue
            seen.add(c)
            yield c
            todo.extend(sorted(self.bases.get(c, ())))

    def is_consumer(self, cls: str | None) -> bool:
        """A Channels consumer: one of its ancestors is a Channels consumer class."""
        if cls is None:
            return False
        known = self._consumers.get(cls)
        if known is None:
            known = self._consumers[cls] = any(c in CONSUMER_BASES for c in self._lineage(cls))
        return known

    def method(self, cls: str, name: str, table: dict, skip_own: bool = False) -> TemplateHelper | None:
        """The helper ``self.name`` means in class ``cls`` (the nearest definition wins)."""
        for c in self._lineage(cls):
            if skip_own and c == cls:
                continue
            found = table.get((c, name))
            if found is not None:
                return found
            if name in self.methods.get(c, ()):
                return None  # defined there, and not such a helper
        return None


class ServerModule:
    """One Python module read for WebSocket sends, renders and received data."""

    def __init__(self, view: "PythonView", settings: "Settings", derived: dict[str, DerivedSender] | None = None,
                 handlers: dict[str, dict[str, str]] | None = None, helpers: Helpers | None = None) -> None:
        self.view = view
        self.settings = settings
        self.helpers = helpers
        self.functions: list[Function] = []
        self._by_name: dict[str, list[Function]] | None = None  # module-level functions by name
        self.module_fn: Function | None = None
        # Literals that terminals() reached as the receiver of .format() ("format") or the left
        # operand of % ("percent"), by id.
        self.format_strings: dict[int, str] = {}
        self.imports_broadcast = False
        self.imported_names: frozenset[str] = frozenset()  # names bound by imports (modules among them)
        # name -> (the module it is imported from, its name there): `from .html import row as r`
        # gives r -> (".html", "row"); `import a.b as x` gives x -> ("", "a.b").
        self.import_from: dict[str, tuple[str, str]] = {}
        self.star_import = False
        self.classes: dict[str, tuple[tuple[str, ...], set[str]]] = {}  # name -> (base names, method names)
        if view.module is not None:
            self._collect(view.module)
        self.derived: dict[str, DerivedSender] = dict(derived or {})
        self.handlers: dict[str, dict[str, str]] = dict(handlers or {})
        self.derived.update(self.derive_senders())
        self.handlers.update(self.group_handlers())

    def adopt(self, derived: dict[str, DerivedSender], handlers: dict[str, dict[str, str]]) -> None:
        """Know the senders and Channels handlers of the whole project (as if built with them)."""
        self.derived = dict(derived)
        self.derived.update(self.derive_senders())
        self.handlers = dict(handlers)
        self.handlers.update(self.group_handlers())

    # --- reading functions ----------------------------------------------------------------

    def _collect(self, module) -> None:
        self.module_fn = self._function(module, "<module>", None, ())
        todo: list[tuple[object, str | None, tuple[str, ...], str]] = [(module, None, (), "")]
        while todo:
            node, cls, bases, prefix = todo.pop()
            for stmt in _nested_defs(node):
                if isinstance(stmt, cst.ClassDef):
                    names = tuple(filter(None, (dotted(a.value) for a in stmt.bases)))
                    todo.append((stmt, stmt.name.value, names, prefix + stmt.name.value + "."))
                    short = tuple(d.rsplit(".", 1)[-1] for a in stmt.bases if a.keyword is None
                                  for d in [dotted(a.value)] if d)
                    known = self.classes.setdefault(stmt.name.value, (short, set()))
                    if known[0] != short:
                        self.classes[stmt.name.value] = (tuple(dict.fromkeys(known[0] + short)), known[1])
                else:
                    fn = self._function(stmt, prefix + stmt.name.value, cls, bases)
                    self.functions.append(fn)
                    if cls is not None:
                        self.classes[cls][1].add(stmt.name.value)
                    todo.append((stmt, None, (), prefix + stmt.name.value + "."))
        imported: set[str] = set()
        Import, ImportFrom, ImportStar = cst.Import, cst.ImportFrom, cst.ImportStar
        for fn in [self.module_fn, *self.functions]:
            for node in fn.nodes:
                t = type(node)  # libcst's node classes have no subclasses
                if t is not Import and t is not ImportFrom:
                    continue
                if type(node.names) is ImportStar:
                    self.star_import = True
                    continue
                source = ""
                if t is ImportFrom:
                    source = "." * len(node.relative) + (dotted(node.module) or "") if node.module is not None or \
                        node.relative else ""
                for alias in node.names:
                    full = dotted(alias.name) or ""
                    bound = alias.asname.name.value if (alias.asname is not None
                                                        and type(alias.asname.name) is cst.Name) else full.split(".", 1)[0]
                    imported.add(bound)
                    if t is ImportFrom:
                        self.import_from[bound] = (source, full)
                    elif alias.asname is not None:
                        self.import_from[bound] = ("", full)  # import a.b as x: x is the module a.b
                if t is ImportFrom and (dotted(node.module) or "").split(".", 1)[0] == "websockets":
                    if any(n.name.value == "broadcast" for n in node.names):
                        self.imports_broadcast = True
        imported.discard("")
        self.imported_names = frozenset(imported)

    def _function(self, node, name: str, cls: str | None, bases: tuple[str, ...]) -> Function:
        fn = Function(node, name, cls, bases)
        if isinstance(node, cst.FunctionDef):
            for p in (*node.params.posonly_params, *node.params.params, *node.params.kwonly_params):
                fn.params.append(p.name.value)
                if p.annotation is not None:
                    fn.annotations[p.name.value] = self.view.module.code_for_node(p.annotation.annotation)
        # libcst's node classes have no subclasses, so the type tells the kind of node.
        skip = _skip_types()
        Call, Assign, AnnAssign, AugAssign, NamedExpr, Name = (cst.Call, cst.Assign, cst.AnnAssign, cst.AugAssign,
                                                               cst.NamedExpr, cst.Name)
        nodes, calls, assigns = fn.nodes, fn.calls, fn.assigns
        stack = _children(node.body if isinstance(node, cst.FunctionDef) else node)
        stack.reverse()
        while stack:
            n = stack.pop()
            t = type(n)
            if t in skip:
                continue  # a nested function or class, or whitespace and punctuation
            nodes.append(n)
            if t is Call:
                calls.append(n)
            elif t is Assign:
                for target in n.targets:
                    if type(target.target) is Name:
                        assigns.setdefault(target.target.value, []).append(n.value)
            elif t is AnnAssign or t is AugAssign or t is NamedExpr:
                if (type(n.target) is Name and (t is not AnnAssign or n.value is not None)
                        and (t is not AugAssign or type(n.operator) is cst.AddAssign)):
                    assigns.setdefault(n.target.value, []).append(n.value)
            kids = _children(n)
            kids.reverse()
            stack.extend(kids)
        return fn

    # --- where values come from -----------------------------------------------------------

    def terminals(self, expr, fn: Function, follow_returns: bool = False) -> Iterator[object]:
        """The expressions a value is built from, through local variables, ``await``,
        conditionals, ``+`` and whitespace joins. A ``+`` chain with a string literal in it
        is yielded whole (it is one piece of HTML) and its other operands are followed.
        Literals reached as the receiver of ``.format()`` or the left operand of ``%`` are
        noted in ``format_strings``.
        With ``follow_returns``, a call of a module-level function of this module is followed
        into what that function returns, and a name no function assigns into the module's
        assignments (the terminals then belong to several functions)."""
        seen: set[tuple[int, str]] = set()
        entered: set[int] = set()
        stack = [(expr, 0, fn, "")]
        while stack:
            e, depth, scope, fmt = stack.pop()
            if depth > 24:
                continue
            if isinstance(e, cst.Await):
                stack.append((e.expression, depth + 1, scope, fmt))
            elif isinstance(e, cst.Name):
                values = scope.assigns.get(e.value)
                if not values and follow_returns and self.module_fn is not None and e.value not in scope.params:
                    scope = self.module_fn  # a module-level name (ROW = "<tr ...>")
                    values = scope.assigns.get(e.value)
                if values and (id(scope), e.value) not in seen:
                    seen.add((id(scope), e.value))
                    stack.extend((v, depth + 1, scope, fmt) for v in reversed(values))
                else:
                    yield e
            elif isinstance(e, (cst.BinaryOperation, cst.ConcatenatedString)) and _is_add_chain(e):
                operands = _add_operands(e)
                if any(isinstance(o, (cst.SimpleString, cst.FormattedString)) for o in operands):
                    if fmt:
                        self.format_strings[id(e)] = fmt
                    yield e
                    stack.extend((o, depth + 1, scope, fmt) for o in reversed(operands)
                                 if not isinstance(o, (cst.SimpleString, cst.FormattedString)))
                else:
                    stack.extend((o, depth + 1, scope, fmt) for o in reversed(operands))
            elif (isinstance(e, cst.BinaryOperation) and isinstance(e.operator, cst.Modulo)
                  and isinstance(e.left, (cst.SimpleString, cst.ConcatenatedString, cst.Name, cst.BinaryOperation))):
                # '<b id="load">%s</b>' % value: the markup is the format string.
                stack.append((e.left, depth + 1, scope, "percent"))
            elif isinstance(e, cst.IfExp):
                stack.append((e.orelse, depth + 1, scope, fmt))
                stack.append((e.body, depth + 1, scope, fmt))
            elif isinstance(e, cst.BooleanOperation):
                stack.append((e.right, depth + 1, scope, fmt))
                stack.append((e.left, depth + 1, scope, fmt))
            elif isinstance(e, cst.FormattedString):
                yield e
                literal = "".join(p.value for p in e.parts if isinstance(p, cst.FormattedStringText))
                if not literal.strip():
                    stack.extend((p.expression, depth + 1, scope, fmt) for p in reversed(e.parts)
                                 if isinstance(p, cst.FormattedStringExpression))
            elif isinstance(e, cst.Call):
                inner = self._pass_through(e)
                callee = self._module_function(e) if follow_returns and inner is None else None
                if inner is not None:
                    fmt = fmt or ("format" if _is_format(e) else "")
                    stack.extend((i, depth + 1, scope, fmt) for i in reversed(inner))
                elif callee is not None and id(callee) not in entered:
                    entered.add(id(callee))
                    returned = [n.value for n in callee.nodes if isinstance(n, cst.Return) and n.value is not None]
                    stack.extend((r, depth + 1, callee, fmt) for r in reversed(returned))
                else:
                    yield e
            else:
                if fmt:
                    self.format_strings[id(e)] = fmt
                yield e

    def _module_function(self, call) -> Function | None:
        """The module-level function of this module a call calls by its bare name."""
        if not isinstance(call.func, cst.Name):
            return None
        if self._by_name is None:  # one pass over the functions, not one per call
            self._by_name = {}
            for f in self.functions:
                if f.cls is None:
                    self._by_name.setdefault(f.name, []).append(f)
        found = self._by_name.get(call.func.value, ())
        return found[0] if len(found) == 1 else None

    def _pass_through(self, call) -> list | None:
        """Operands of calls that hand on the markup they are given."""
        func = call.func
        name = dotted(func)
        if name in _PASS_THROUGH and call.args:
            return [call.args[0].value]
        if name in ("format_html", "html.format_html") and call.args and call.args[0].keyword is None:
            return [call.args[0].value]  # Django's format_html(FORMAT, *args): a str.format string
        if isinstance(func, cst.Attribute):
            if func.attr.value in ("strip", "lstrip", "rstrip") and not call.args:
                return [func.value]
            if func.attr.value == "format" and isinstance(func.value, (cst.Name, cst.SimpleString, cst.ConcatenatedString)):
                # "<p id='{id}'>{text}</p>".format(...): the markup is the format string, its
                # fields filled in alike wherever an edit copies them.
                return [func.value]
            if func.attr.value == "join" and len(call.args) == 1:
                sep = string_value(func.value)
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
        func = _unwrap(call.func)
        name = dotted(func)
        if name is None and isinstance(func, cst.Attribute):  # get_channel_layer().group_send, conns[0].send_text
            code = " ".join(self.view.module.code_for_node(func.value).split())
            name = f"{code if len(code) <= 40 else '...'}.{func.attr.value}"
        if name is None:
            return None
        receiver, _, last = name.rpartition(".")
        for pattern in self.settings.ws_send_functions:
            if name == pattern or name.endswith("." + pattern):
                value = call_arg(call, 0, _KEYWORDS)
                return (name, [value]) if value is not None else None
        derived = self.derived.get(last)
        if derived is not None and (derived.is_method == bool(receiver)):
            value = call_arg(call, derived.index, (derived.param,))
            return (derived.how, [value]) if value is not None else None
        if last in WS_METHODS and receiver:
            value = call_arg(call, 0, ("data", "text", "message"))
            return (name, [value]) if value is not None else None
        if last == "send" and receiver:
            text_data = call_arg(call, None, ("text_data",))
            if receiver in ("self", "super()"):
                if text_data is not None:
                    return f"{name}(text_data=...)", [text_data]
                if fn.is_consumer or (self.helpers is not None and self.helpers.is_consumer(fn.cls)):
                    value = call_arg(call, 0)
                    return (name, [value]) if value is not None else None
                return None
            base = receiver.rsplit(".", 1)[-1]
            if _WS_NAME.search(base) or _WS_TYPE.search(fn.annotations.get(base, "")):
                value = text_data if text_data is not None else call_arg(call, 0, ("message", "data"))
                if isinstance(value, cst.Dict):  # an ASGI message: {"type": "websocket.send", "text": ...}
                    value = _dict_value(value, "text")
                return (name, [value]) if value is not None else None
            if text_data is not None:  # Channels' keyword: a consumer passed around (consumer.send)
                return f"{name}(text_data=...)", [text_data]
            return None
        if (name == "websockets.broadcast" or (name == "broadcast" and self.imports_broadcast)) and len(call.args) >= 2:
            return name, [call.args[1].value]
        if last == "group_send":
            return self._group_send(call, fn, name)
        return None

    def _group_send(self, call, fn: Function, name: str) -> tuple[str, list] | None:
        event = call_arg(call, 1, ("message",))
        if isinstance(event, cst.Name):
            values = fn.assigns.get(event.value) or []
            event = values[-1] if values else None
        if not isinstance(event, cst.Dict):
            return None
        kind = string_value(_dict_value(event, "type"))
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
        found: dict[str, DerivedSender] = {}
        for _ in range(3):
            added = False
            for fn in self.functions:
                short = fn.name.rsplit(".", 1)[-1]
                if short in found or not fn.call_params:
                    continue
                for how, t in self._sent_terminals(fn):
                    if isinstance(t, cst.Name) and t.value in fn.call_params:
                        found[short] = DerivedSender(short, fn.cls is not None, fn.call_params.index(t.value),
                                                     t.value, f"{fn.name}() (which sends it with {how})")
                        self.derived[short] = found[short]
                        added = True
                        break
            if not added:
                break
        return found

    def group_handlers(self) -> dict[str, dict[str, str]]:
        """Channels handlers that send a key of their event: {method: {key: how}}."""
        found: dict[str, dict[str, str]] = {}
        for fn in self.functions:
            if fn.cls is None or len(fn.call_params) != 1:
                continue
            event = fn.call_params[0]
            for how, t in self._sent_terminals(fn):
                key = _event_key(t, event)
                if key is not None:
                    short = fn.name.rsplit(".", 1)[-1]
                    found.setdefault(short, {})[key] = f"{fn.name}() (which sends event[{key!r}] with {how})"
        return found

    def _sent_terminals(self, fn: Function) -> Iterator[tuple[str, object]]:
        """(how it is sent, terminal) for what each send in ``fn`` sends."""
        for call in fn.calls:
            result = self.sender(call, fn)
            if result is None:
                continue
            how, values = result
            for value in values:
                for t in self.terminals(value, fn):
                    yield how, t

    # --- what is rendered -----------------------------------------------------------------

    def rendered_name(self, call, fn: Function) -> tuple[object, TemplateHelper | None] | None:
        """(the expression that names the template a call renders, the renderer wrapper of the
        project it renders through or None); None when the call renders no template."""
        if self.helpers is not None and self.helpers.wrappers:
            wrapper = self.resolve(call, fn, self.helpers.wrappers)
            if wrapper is not None:
                return call_arg(call, wrapper.index, (wrapper.param,)), wrapper
        func = _unwrap(call.func)
        name = dotted(func) or ""
        last = name.rsplit(".", 1)[-1]
        if isinstance(func, cst.Attribute) and func.attr.value in ("render", "render_async"):
            recv = func.value
            if isinstance(recv, cst.Name):
                if recv.value in fn.call_params and recv.value not in fn.assigns:
                    # A template object passed in (``def show(template): return template.render()``):
                    # the callers name it.
                    return recv, None
                values = fn.assigns.get(recv.value) or (
                    self.module_fn.assigns.get(recv.value) if self.module_fn is not None else None) or []
                recv = values[-1] if len(values) == 1 else None
            if isinstance(recv, cst.Await):
                recv = recv.expression
            if isinstance(recv, cst.Call) and (dotted(_unwrap(recv.func)) or "").rsplit(".", 1)[-1] in _GET_TEMPLATE:
                return call_arg(recv, 0, ("template_name", "name", "template_name_list")), None
            return None
        if last in _RENDERERS:
            return call_arg(call, 0, ("template_name", "template_name_or_list")), None
        return None

    def _names(self, node, fn: Function, depth: int = 0) -> list[str]:
        if node is None or depth > 16:
            return []
        value = string_value(node)
        if value is not None:
            return [value]
        if isinstance(node, (cst.List, cst.Tuple)):
            return [v for el in node.elements for v in self._names(el.value, fn, depth + 1)]
        if isinstance(node, cst.Call) and (dotted(_unwrap(node.func)) or "").rsplit(".", 1)[-1] in _GET_TEMPLATE:
            # A template object: ``env.get_template("message.html")``.
            return self._names(call_arg(node, 0, ("template_name", "name", "template_name_list")), fn, depth + 1)
        if isinstance(node, cst.Name):
            for scope in (fn, self.module_fn):
                values = scope.assigns.get(node.value) if scope else None
                if values:
                    return [v for val in values for v in self._names(val, scope, depth + 1)]
        return []

    # --- helpers that take a template name ----------------------------------------------------

    def resolve(self, call, fn: Function, table: dict) -> TemplateHelper | None:
        """The helper of ``table`` a call calls: ``self.x()`` through the class and its bases,
        ``x()`` a module-level function of the project."""
        name = dotted(_unwrap(call.func))
        if not name or self.helpers is None:
            return None
        receiver, _, last = name.rpartition(".")
        if not receiver:
            return table.get((None, last))
        if receiver in ("self", "cls", "super()") and fn.cls is not None:
            return self.helpers.method(fn.cls, last, table, skip_own=receiver == "super()")
        return None

    def _param(self, node, fn: Function) -> str | None:
        """The parameter of ``fn`` an expression is (through local variables)."""
        if node is None or not fn.call_params:
            return None
        for t in self.terminals(node, fn):
            if isinstance(t, cst.Name) and t.value in fn.call_params:
                return t.value
        return None

    def _rendered_param(self, expr, fn: Function) -> tuple[str, TemplateHelper | None] | None:
        """(parameter, wrapper) when ``expr`` is the rendering of the template a parameter names."""
        for t in self.terminals(expr, fn):
            if isinstance(t, cst.Call):
                found = self.rendered_name(t, fn)
                if found is not None:
                    param = self._param(found[0], fn)
                    if param is not None:
                        return param, found[1]
        return None

    def _sent_param(self, fn: Function) -> tuple[str, str] | None:
        """(parameter, how) when ``fn`` sends the rendering of the template a parameter names."""
        helpers = self.helpers
        for call in fn.calls:
            result = self.sender(call, fn)
            if result is not None:
                how, values = result
                for value in values:
                    found = self._rendered_param(value, fn)
                    if found is not None:
                        return found[0], f"sends it with {how}"
            inner = self.resolve(call, fn, helpers.senders) if helpers.senders else None
            if inner is not None:
                param = self._param(call_arg(call, inner.index, (inner.param,)), fn)
                if param is not None:
                    return param, f"passes it on to {inner.name}(), which {inner.how}"
        return None

    def find_helpers(self, rel: str) -> bool:
        """Add this module's renderer wrappers and template senders to ``self.helpers``;
        True when it found one it did not know."""
        helpers = self.helpers
        changed = False
        for fn in self.functions:
            if not fn.call_params:
                continue
            key = (fn.cls, fn.name.rsplit(".", 1)[-1])
            if key not in helpers.wrappers:
                for node in fn.nodes:
                    if isinstance(node, cst.Return) and node.value is not None:
                        found = self._rendered_param(node.value, fn)
                        if found is not None:
                            param = found[0]
                            helpers.wrappers[key] = TemplateHelper(fn.name, fn.call_params.index(param), param,
                                                                   self._site(rel, fn))
                            changed = True
                            break
            if key not in helpers.senders:
                found = self._sent_param(fn)
                if found is not None:
                    param, how = found
                    helpers.senders[key] = TemplateHelper(fn.name, fn.call_params.index(param), param,
                                                          self._site(rel, fn), how)
                    changed = True
        return changed

    def _site(self, rel: str, fn: Function):
        """"path:line" of a function, counted when first asked (line numbers need a pass
        over the whole module)."""
        return lambda: f"{rel}:{self.view.line(fn.node.name)}"

    def sender_calls(self) -> Iterator[tuple[Function, object, TemplateHelper, list[str]]]:
        """Calls of template senders with a literal template name: (caller, call, sender, names)."""
        helpers = self.helpers
        if helpers is None or not helpers.senders:
            return
        for fn in self._all():
            for call in fn.calls:
                helper = self.resolve(call, fn, helpers.senders)
                if helper is not None:
                    names = self._names(call_arg(call, helper.index, (helper.param,)), fn)
                    if names:
                        yield fn, call, helper, names

    def template_dirs(self) -> list[str]:
        """Folders named in ``Jinja2Templates(directory=...)`` / ``FileSystemLoader(...)``."""
        dirs = []
        for fn in self._all():
            for call in fn.calls:
                last = (dotted(call.func) or "").rsplit(".", 1)[-1]
                if last in ("Jinja2Templates", "FileSystemLoader", "Jinja2"):
                    value = string_value(call_arg(call, 0, ("directory", "searchpath")))
                    if value:
                        dirs.append(value)
        return dirs

    # --- who receives ---------------------------------------------------------------------

    def receivers(self, helpers: "dict[str, str] | None" = None) -> Iterator[Function]:
        """Functions that read WebSocket data sent by htmx (and so see its metadata key): those
        that receive it, the functions of this module they hand it to, and the functions named
        in ``helpers`` (by their qualified name: other modules hand them received data)."""
        found: dict[int, Function] = {}
        todo: list[tuple[Function, frozenset[str]]] = []
        for fn in self.functions:
            names = self.received_names(fn)
            if names is not None:
                found[id(fn)] = fn
                todo.append((fn, names))
            elif helpers and fn.name in helpers:
                found[id(fn)] = fn
                todo.append((fn, frozenset(fn.call_params)))
        while todo:
            fn, names = todo.pop()
            for call, callee_ref, index, keyword in self.received_data_calls(fn, names):
                for callee in self.local_callees(callee_ref, fn):
                    if id(callee) in found:
                        continue
                    param = _callee_param(callee, index, keyword)
                    if param is None:
                        continue
                    found[id(callee)] = callee
                    todo.append((callee, frozenset((param,))))
        for fn in self.functions:
            if id(fn) in found:
                yield fn

    def received_names(self, fn: Function) -> frozenset[str] | None:
        """The names in ``fn`` that hold data received over a WebSocket (a parameter, a
        parsed message); None when ``fn`` receives none."""
        short = fn.name.rsplit(".", 1)[-1]
        names: set[str] = set()
        direct = False
        if fn.cls is not None and short in ("receive", "receive_json"):
            given = [p for p in fn.params if p in ("text_data", "content")]
            if given:
                names.update(given)
                direct = True
        if fn.cls is not None and short == "on_receive" and len(fn.call_params) >= 2:
            # Starlette's WebSocketEndpoint.on_receive(websocket, data): data is the message,
            # decoded by the class's encoding ("json" gives the dictionary).
            names.add(fn.call_params[1])
            direct = True
        calls = {(dotted(c.func) or "").rsplit(".", 1)[-1] for c in fn.calls}
        reads = "receive_json" in calls or "iter_json" in calls or (
            not calls.isdisjoint(_PARSES_JSON) and not calls.isdisjoint(_RECEIVES_TEXT))
        loops = False
        if "loads" in calls or "iter_json" in calls:
            for n in fn.nodes:
                if type(n) is cst.For and type(n.target) is cst.Name:
                    it = n.iter
                    if n.asynchronous is not None and isinstance(it, cst.Name) and _WS_NAME.search(it.value):
                        loops = True
                        names.add(n.target.value)
                    elif isinstance(it, cst.Call) and (dotted(it.func) or "").rsplit(".", 1)[-1] == "iter_json":
                        names.add(n.target.value)
        if not (direct or reads or loops):
            return None
        for name, values in fn.assigns.items():
            for v in values:
                while isinstance(v, cst.Await):
                    v = v.expression
                if isinstance(v, cst.Call):
                    last = (dotted(_unwrap(v.func)) or "").rsplit(".", 1)[-1]
                    if last in _PARSES_JSON or last in _RECEIVES_TEXT or last == "receive_json":
                        names.add(name)
        return frozenset(names)

    def received_data_calls(self, fn: Function, names: frozenset[str]) -> Iterator[tuple[object, tuple, int | None, str | None]]:
        """(call, what it calls, position, keyword) for each call in ``fn`` that passes one of
        ``names`` on as an argument."""
        if not names:
            return
        for call in fn.calls:
            positional = 0
            for a in call.args:
                if a.star:
                    break
                given = _carries(a.value, names)
                if a.keyword is None:
                    if given:
                        ref = self.callee(call, fn)
                        if ref is not None:
                            yield call, ref, positional, None
                    positional += 1
                elif given:
                    ref = self.callee(call, fn)
                    if ref is not None:
                        yield call, ref, None, a.keyword.value

    # --- calls of the project's own functions ---------------------------------------------------

    def callee(self, call, fn: Function) -> tuple[str, str | None, str, str | None] | None:
        """What a call may call among the project's functions: ("func", None, name, module) for
        a module-level function, with the module it is imported from (``".html"`` for ``from
        .html import name`` or ``from . import html; html.name()``; None when the name is not
        imported, "*" after a star import); ("method", class or None, name, None) for a method
        (``self.name()``, ``obj.name()`` with ``obj = Class(...)``)."""
        func = _unwrap(call.func)
        if type(func) is cst.Name:
            name = func.value
            source = self.import_from.get(name)
            if source is not None:
                return ("func", None, source[1].rsplit(".", 1)[-1], source[0])
            return ("func", None, name, "*" if self.star_import else None)
        if type(func) is not cst.Attribute:
            return None
        name = func.attr.value
        recv = func.value
        if type(recv) is cst.Name:
            if recv.value in ("self", "cls") and fn.cls is not None:
                return ("method", fn.cls, name, None)
            source = self.import_from.get(recv.value)
            if source is not None and recv.value not in fn.assigns and recv.value not in fn.params:
                package, module = source
                joined = f"{package}{module}" if not package or package.endswith(".") else f"{package}.{module}"
                return ("func", None, name, joined)
            return ("method", self._instance_class(recv.value, fn), name, None)
        if type(recv) is cst.Call and type(recv.func) is cst.Name and recv.func.value[:1].isupper():
            return ("method", recv.func.value, name, None)  # Content(game).show_rules()
        if type(recv) is cst.Attribute:
            return ("method", None, name, None)  # self.content.show_turn()
        return None

    def _instance_class(self, name: str, fn: Function) -> str | None:
        """The class of the project a local name holds an instance of (``x = Class(...)``,
        ``x: Class``), when that is written."""
        annotation = fn.annotations.get(name)
        if annotation and re.fullmatch(r"[A-Z]\w*", annotation):
            return annotation
        for scope in (fn, self.module_fn):
            values = scope.assigns.get(name) if scope is not None else None
            if values:
                v = values[-1]
                while isinstance(v, cst.Await):
                    v = v.expression
                if isinstance(v, cst.Call):
                    cls = dotted(v.func) or ""
                    last = cls.rsplit(".", 1)[-1]
                    if last[:1].isupper():
                        return last
                return None
        return None

    def local_callees(self, ref: tuple, fn: Function) -> list[Function]:
        """The functions of this module a call of ``ref`` (see ``callee``) reaches."""
        kind, cls, name, source = ref
        if kind == "func" and source is not None and source != "*":
            return []  # imported from another module
        if kind == "func":
            return [f for f in self.functions if f.cls is None and f.name == name]
        if cls is None:
            return []
        lineage = list(self.helpers._lineage(cls)) if self.helpers is not None else [cls]
        for c in lineage:
            found = [f for f in self.functions if f.cls == c and f.name.rsplit(".", 1)[-1] == name]
            if found:
                return found
        return []

    def defined(self, ref: tuple) -> list[Function]:
        """The functions of this module named by ``ref`` when it is called from another module
        (a method of a class of unknown name: any class's method of that name)."""
        kind, cls, name, _ = ref
        if kind == "func":
            return [f for f in self.functions if f.cls is None and f.name == name]
        return [f for f in self.functions if f.cls is not None and f.name.rsplit(".", 1)[-1] == name
                and f.name.count(".") == 1 and (cls is None or f.cls == cls or f.cls in self._ancestors_of(cls))]

    def _ancestors_of(self, cls: str) -> set[str]:
        return set(self.helpers._lineage(cls)) if self.helpers is not None else {cls}

    def returned(self, fn: Function) -> list:
        return [n.value for n in fn.nodes if isinstance(n, cst.Return) and n.value is not None]


def _carries(node, names: frozenset[str]) -> bool:
    """The expression is received data: one of ``names``, parsed (``json.loads(data)``) or a
    part of it (``data["message"]``)."""
    # libcst's node classes have no subclasses: the type tells the kind of node.
    for _ in range(5):
        t = type(node)
        if t is cst.Name:
            return node.value in names
        if t is cst.Await:
            node = node.expression
        elif t is cst.Subscript:
            node = node.value
        elif t is cst.Call and node.args and (dotted(node.func) or "").rsplit(".", 1)[-1] in _PARSES_JSON:
            node = node.args[0].value
        else:
            return False
    return False


def _callee_param(fn: Function, index: int | None, keyword: str | None) -> str | None:
    params = fn.call_params
    if keyword is not None:
        return keyword if keyword in params else None
    if index is not None and index < len(params):
        return params[index]
    return None


@functools.cache
def _skip_types() -> frozenset[type]:
    """Node types a function's walk neither keeps nor enters: nested functions and classes
    (read on their own), and whitespace and punctuation (which hold nothing else)."""
    found = {cst.FunctionDef, cst.ClassDef}
    for mod in (cst._nodes.op, cst._nodes.whitespace):
        for value in vars(mod).values():
            if inspect.isclass(value) and issubclass(value, cst.CSTNode) and value.__module__ == mod.__name__:
                found.add(value)
    return frozenset(found)


def _nested_defs(node):
    """Functions and classes directly inside ``node``'s body (through if/try/with blocks)."""
    stack = _children(node.body) if isinstance(node, (cst.ClassDef, cst.FunctionDef)) else _children(node)
    stack.reverse()
    skip = _skip_types()
    while stack:
        n = stack.pop()
        t = type(n)
        if t is cst.FunctionDef or t is cst.ClassDef:
            yield n
            continue
        if t in skip or isinstance(n, cst.BaseExpression):
            continue
        kids = _children(n)
        kids.reverse()
        stack.extend(kids)


def _is_format(call) -> bool:
    """``X.format(...)``, ``format_html(X, ...)``."""
    if isinstance(call.func, cst.Attribute) and call.func.attr.value == "format":
        return True
    return dotted(call.func) in ("format_html", "html.format_html")


def _is_add_chain(node) -> bool:
    if isinstance(node, cst.ConcatenatedString):
        return True
    return isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Add)


def _add_operands(node) -> list:
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
    if not isinstance(node, cst.Dict):
        return None
    for el in node.elements:
        if isinstance(el, cst.DictElement) and string_value(el.key) == key:
            return el.value
    return None


def _event_key(node, event: str) -> str | None:
    """``event["k"]`` or ``event.get("k")`` -> "k"."""
    if isinstance(node, cst.Subscript) and isinstance(node.value, cst.Name) and node.value.value == event:
        if len(node.slice) == 1 and isinstance(node.slice[0].slice, cst.Index):
            return string_value(node.slice[0].slice.value)
    if (isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) and node.func.attr.value == "get"
            and isinstance(node.func.value, cst.Name) and node.func.value.value == event and node.args):
        return string_value(node.args[0].value)
    return None


def read_python(path: Path, cannot_read: "Callable[[Path, str], None] | None" = None) -> str | None:
    try:
        data = path.read_bytes()
    except OSError as exc:
        if cannot_read is not None:
            cannot_read(path, f"cannot read: {exc.strerror or exc}")
        return None
    if len(data) > 4 * 1024 * 1024:
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


@dataclass
class PythonFacts(ServerFacts):
    """What the server code of the whole project tells the rules that read one module: the
    language-neutral facts, and the senders and handlers other modules define."""

    derived: dict[str, DerivedSender] = field(default_factory=dict)  # functions that send a parameter
    handlers: dict[str, dict[str, str]] = field(default_factory=dict)  # Channels handlers that send an event key
    # The htmx a FastHTML app of the project loads: "htmx4" (FastHTML(htmx4=True)), "htmx2" (its
    # default headers), None without a FastHTML app.
    fasthtml: str | None = None

    def concerns(self, path: Path) -> bool:
        """Whether a module at ``path`` reads anything here."""
        return bool(self.derived or self.handlers or path in self.returns_sent or path in self.receives
                    or path in self.shared or self.fasthtml is not None)


NO_FACTS = PythonFacts()


_FASTHTML_APP = re.compile(r"\b(?:FastHTML|fast_app)\s*\(")
_HTMX4_ON = re.compile(r"\bhtmx4\s*=\s*True\b")
_DEF_OF = "^[ \t]*(?:async[ \t]+)?def[ \t]+{}\\b"


class _ProjectFunctions:
    """The functions of the project's modules, read when a call names them."""

    def __init__(self, texts: dict[Path, str], called: dict[Path, frozenset[str]],
                 defined: dict[Path, frozenset[str]], load) -> None:
        self.texts = texts
        self.called = called
        self.defined = defined
        self.load = load
        self._paths: dict[str, list[Path]] = {}

    def paths_defining(self, name: str) -> list[Path]:
        found = self._paths.get(name)
        if found is None:
            rx = re.compile(_DEF_OF.format(re.escape(name)), re.M)
            found = [p for p, text in self.texts.items() if f"def {name}" in text and rx.search(text)]
            for p, names in self.defined.items():
                if name in names and p not in self.texts:
                    text = read_python(p)
                    if text is not None and rx.search(text):
                        self.texts.setdefault(p, text)
                        found.append(p)
            self._paths[name] = found
        return found

    def callers(self, name: str) -> Iterator[tuple[Path, "ServerModule", Function, object]]:
        """Every call in the project's modules of a function or method named ``name``."""
        rx = re.compile(r"\b" + re.escape(name) + r"\s*\(")
        paths = [p for p, text in self.texts.items() if rx.search(text)]
        for p, names in self.called.items():
            if name in names and p not in self.texts:
                text = read_python(p)
                if text is not None:
                    self.texts[p] = text
                    paths.append(p)
        for p in paths:
            module = self.load(p, self.texts[p])
            if module is None:
                continue
            for fn in module._all():
                for call in fn.calls:
                    func = _unwrap(call.func)
                    last = func.attr.value if type(func).__name__ == "Attribute" else getattr(func, "value", None)
                    if last == name:
                        yield p, module, fn, call

    def resolve(self, ref: tuple, caller: Path, caller_module: "ServerModule",
                caller_fn: Function) -> list[tuple[Path, "ServerModule", Function]]:
        """The functions of the project a call of ``ref`` (see ServerModule.callee) may reach."""
        kind, cls, name, source = ref
        if kind == "func":
            local = caller_module.local_callees(ref, caller_fn)
            if local:
                return [(caller, caller_module, f) for f in local]
            if source is None or name in caller_fn.assigns or name in caller_fn.params:
                return []  # a builtin, or a name the function binds itself
        elif cls is None and name in _GENERIC_METHODS:
            return []  # obj.render(), obj.get(): most likely a library's
        out = []
        for path in self.paths_defining(name):
            if kind == "func" and source != "*" and not _module_is(path, source, caller):
                continue
            module = self.load(path, self.texts[path])
            if module is None:
                continue
            out.extend((path, module, f) for f in module.defined(ref))
        if kind == "method" and cls is None and len({(str(p), f.cls) for p, _, f in out}) > 1:
            return []  # a method name several classes define, on an object of unknown class
        return out


# Method names libraries use too: on an object of unknown class, not read as the project's.
_GENERIC_METHODS = frozenset((
    "render", "render_async", "get", "format", "join", "read", "decode", "encode", "strip", "dumps", "json", "text",
    "html", "items", "values", "copy", "send", "send_text", "receive", "__str__", "__html__", "to_xml"))


def _module_is(path: Path, source: str, caller: Path) -> bool:
    """Whether ``path`` is the module an import names (``.html`` next to ``caller``,
    ``game.html`` anywhere, ``__init__.py`` for a package)."""
    dots = len(source) - len(source.lstrip("."))
    parts = [p for p in source[dots:].split(".") if p]
    stem = path.parent if path.name == "__init__.py" else path.with_suffix("")
    if dots:
        base = caller.parent
        for _ in range(dots - 1):
            base = base.parent
        return stem == base.joinpath(*parts)
    return bool(parts) and list(stem.parts[-len(parts):]) == parts


def _follow_sent_returns(project: ServerProject, modules: dict, reader: _ProjectFunctions, facts: PythonFacts,
                         sent: list[SentTemplate]) -> None:
    """Functions of the project whose return value is sent over a WebSocket (helpers that take
    no template name: ``def show_turn(self): return turn.render(...)``, ``def render_all():
    return f"<ul id=...>"``): the templates they render are messages, and the rules read the
    HTML they return as sent (``facts.returns_sent``)."""
    queue: list[tuple[Path, ServerModule, Function, tuple, str, int]] = []
    sent_calls: set[int] = set()  # the calls whose value is sent
    for path, module in list(modules.items()):
        if module is None:
            continue
        rel = project.rel(path)
        for s in module.sends():
            for t in module.terminals(s.value, s.function, follow_returns=True):
                if not _is_call(t) or module.rendered_name(t, s.function) is not None:
                    continue
                ref = module.callee(t, s.function)
                if ref is not None:
                    sent_calls.add(id(t))
                    where = f"{rel}:{module.view.line(t)} {s.function.label()}"
                    queue.append((path, module, s.function, ref, f"sent in {where} with {s.how}", 0))
    done: set[tuple[Path, str]] = set()
    found: list[tuple[Path, Function]] = []
    while queue:
        path, module, fn, ref, how, depth = queue.pop(0)
        for dpath, dmodule, callee in reader.resolve(ref, path, module, fn):
            key = (dpath, callee.name)
            if key in done:
                continue
            done.add(key)
            found.append((dpath, callee))
            label = f"{callee.name}() (whose return value is {how})"
            facts.returns_sent.setdefault(dpath, {})[callee.name] = label
            drel = project.rel(dpath)
            for value in dmodule.returned(callee):
                for t in dmodule.terminals(value, callee, follow_returns=True):
                    if not _is_call(t):
                        continue
                    rendered = dmodule.rendered_name(t, callee)
                    if rendered is None:
                        inner = dmodule.callee(t, callee)
                        if inner is not None and depth < 6:
                            sent_calls.add(id(t))
                            queue.append((dpath, dmodule, callee, inner, f"returned by {label}", depth + 1))
                        continue
                    reason = f"rendered in {drel}:{dmodule.view.line(t)} {callee.label()}, whose return value is {how}"
                    sent.extend(SentTemplate(name, reason) for name in dmodule._names(rendered[0], callee))
    # A function also called for something else (an HTTP response, a page) cannot have its HTML
    # rewritten for the WebSocket: the rules report it instead.
    for dpath, callee in found:
        short = callee.name.rsplit(".", 1)[-1]
        for cpath, cmodule, cfn, call in reader.callers(short):
            if id(call) in sent_calls or cfn is callee:
                continue
            ref = cmodule.callee(call, cfn)
            if ref is None or not any(p == dpath and f is callee for p, _, f in reader.resolve(ref, cpath, cmodule, cfn)):
                continue
            facts.shared.setdefault(dpath, {})[callee.name] = f"{project.rel(cpath)}:{cmodule.view.line(call)} {cfn.label()}"
            break


def _follow_received_data(project: ServerProject, receiving: list[Path], texts: dict[Path, str],
                          reader: _ProjectFunctions, facts: PythonFacts) -> None:
    """Functions of other modules that a receiver hands the received data to (``on_receive``
    calls ``apply_command(name, data)``): their reads of ``HEADERS`` are reads of htmx's
    message (``facts.receives``)."""
    queue: list[tuple[Path, ServerModule, Function, frozenset[str], int]] = []
    for path in receiving:
        text = texts.get(path)
        if text is None:
            text = read_python(path)
            if text is None:
                continue
            texts.setdefault(path, text)
        module = reader.load(path, text)
        if module is None:
            continue
        for fn in module.receivers():
            names = module.received_names(fn)
            queue.append((path, module, fn, names if names is not None else frozenset(fn.call_params), 0))
    done: set[tuple[Path, str]] = set()
    while queue:
        path, module, fn, names, depth = queue.pop(0)
        for call, ref, index, keyword in module.received_data_calls(fn, names):
            for dpath, dmodule, callee in reader.resolve(ref, path, module, fn):
                if dpath == path:
                    continue  # the module's own receivers() follows its functions
                param = _callee_param(callee, index, keyword)
                key = (dpath, callee.name)
                if param is None or key in done:
                    continue
                done.add(key)
                facts.receives.setdefault(dpath, {})[callee.name] = (
                    f"{project.rel(path)}:{module.view.line(call)} {fn.label()} hands it received data")
                if depth < 6:
                    queue.append((dpath, dmodule, callee, frozenset((param,)), depth + 1))


def _base_names(text: str) -> list[str]:
    """Class names among the bases written in a class header."""
    out = []
    for part in text.split(","):
        part = part.strip()
        m = re.match(r"[\w.]+", part)
        if m and "=" not in part:
            out.append(m.group(0).rsplit(".", 1)[-1])
    return out


# Sends of data that is no message HTML (JSON, bytes): the module serves WebSockets all the same.
_OTHER_SENDS = re.compile(r"\.(?:send_json|send_bytes|receive_json|receive_bytes|iter_json)\s*\(")
# A name written before "(" (called, or defined after "def").
_CALLED = re.compile(r"\b(?:(def)[ \t]++)?(\w++)\s*+\(")


def _is_call(node) -> bool:
    return isinstance(node, cst.Call)


# --- the front-end ---------------------------------------------------------------------------

LANGUAGE = "python"
SUFFIXES = (".py",)


def read(project: ServerProject) -> ServerReading:
    """The templates the project's Python modules send over a WebSocket, the templates they
    render for HTTP responses and inclusion tags, the modules that serve WebSockets, and
    the :class:`PythonFacts` the rules of one module read."""
    settings = project.settings
    sent: list[SentTemplate] = []
    # Names of the ws-send-functions setting hint at a send as much as send_text does.
    extra = sorted({p.rsplit(".", 1)[-1] for p in settings.ws_send_functions if p.strip()})
    extra_rx = re.compile(r"\b(?:" + "|".join(map(re.escape, extra)) + r")\b") if extra else None

    def sends(text: str) -> bool:
        return SEND_HINT.search(text) is not None or (extra_rx is not None and extra_rx.search(text) is not None)

    helpers = Helpers()

    # A first pass finds the helpers (functions that send their parameter, Channels
    # handlers, renderer wrappers, template senders) of every module, so that a second pass
    # sees them wherever they are called.
    texts: dict[Path, str] = {}
    called: dict[Path, frozenset[str]] = {}  # modules without hints: the names they call
    defined: dict[Path, frozenset[str]] = {}  # ... and the functions they define
    http_sites: dict[Path, list[RenderSite]] = {}
    serving: set[Path] = set()  # modules that send or receive over a WebSocket
    receiving: list[Path] = []  # modules that may receive WebSocket data
    header_readers = False  # a module reads the 2.x metadata key or a header htmx changed
    fasthtml: str | None = None
    for path in project.files(SUFFIXES):
        text = read_python(path, project.cannot_read)
        if text is None:
            continue
        if _OTHER_SENDS.search(text):
            serving.add(path)
        if RECEIVE_HINT.search(text):
            receiving.append(path)
        if not header_readers and ("HEADERS" in text or "HX-Trigger" in text or "HX-Target" in text):
            header_readers = True
        if ("FastHTML" in text or "fast_app" in text) and _FASTHTML_APP.search(text):
            fasthtml = "htmx4" if fasthtml == "htmx4" or _HTMX4_ON.search(text) else "htmx2"
        if "class" in text:
            for m in _CLASS_HEADER.finditer(text):
                helpers.add_class(m.group(1), _base_names(m.group(2)))
        if "render" in text or "TemplateResponse" in text or "inclusion_tag" in text:
            sites = [(start, name, "http") for start, _, name in http_render_sites(text)]
            sites += [(start, name, "tag") for start, _, name in inclusion_tag_sites(text)]
            if sites:
                http_sites[path] = [RenderSite(start, text.count("\n", 0, start) + 1, name, how)
                                    for start, name, how in sites]
        if sends(text) or RENDER_HINT.search(text) or WRAPPER_HINT.search(text):
            texts[path] = text
        elif "(" in text:
            names = _CALLED.findall(text)
            called[path] = frozenset(name for _, name in names)
            own = frozenset(name for d, name in names if d)
            if own:
                defined[path] = own
    derived: dict[str, DerivedSender] = {}
    handlers: dict[str, dict[str, str]] = {}
    modules: dict[Path, ServerModule | None] = {}

    def load(path: Path, text: str) -> ServerModule | None:
        if path in modules:
            return modules[path]
        module = None
        try:
            reading(path)  # libcst's parser is native code: a crash must name this file
            view = PythonView(text)
            if view.module is not None:
                module = ServerModule(view, settings, helpers=helpers)
                for name, (bases, methods) in module.classes.items():
                    helpers.add_class(name, bases, methods)
        except TooComplex as exc:
            project.cannot_read(path, str(exc))
            module = None
        except Exception:  # one unreadable module never stops a run
            module = None
        modules[path] = module
        return module

    for path, text in texts.items():
        if not (sends(text) or WRAPPER_HINT.search(text)):
            continue
        module = load(path, text)
        if module is None:
            continue
        derived.update(module.derived)
        handlers.update(module.handlers)
        for d in module.template_dirs():
            for base in (project.root, path.parent):
                project.add_template_dir(base / d)

    adopted: set[Path] = set()

    def adopt(path: Path, module: ServerModule) -> None:
        if path not in adopted:
            adopted.add(path)
            try:
                module.adopt(derived, handlers)
            except Exception:
                pass

    # Renderer wrappers and template senders, until no module adds one; a module that calls
    # one by name is read too.
    active = [p for p, m in modules.items() if m is not None]
    for p in active:
        adopt(p, modules[p])
    pending = [p for p in texts if p not in modules] + list(called)
    known: set[str] = set()
    for _ in range(8):
        changed = False
        for p in active:
            try:
                changed |= modules[p].find_helpers(project.rel(p))
            except Exception:
                continue
        names = helpers.names()
        if names - known:
            known = names
            rx = re.compile(r"\b(?:" + "|".join(sorted(map(re.escape, names))) + r")\b")
            still = []
            for p in pending:
                hit = bool(rx.search(texts[p])) if p in texts else not names.isdisjoint(called[p])
                text = texts.get(p) or (read_python(p) if hit else None)
                module = load(p, text) if hit and text is not None else None
                if module is None:
                    if not hit:
                        still.append(p)
                    continue
                adopt(p, module)
                active.append(p)
                changed = True
            pending = still
        if not changed:
            break

    dnames = re.compile(r"\b(?:" + "|".join(map(re.escape, derived)) + r")\b") if derived else None
    hnames = re.compile(r"\b(?:" + "|".join(sorted(map(re.escape, known))) + r")\b") if known else None
    for path in sorted(set(texts) | set(active)):
        module = modules.get(path)
        text = texts[path] if path in texts else module.view.text if module is not None else ""
        helper_hit = hnames is not None and hnames.search(text) is not None
        if not ((RENDER_HINT.search(text) or helper_hit)
                and (sends(text) or (dnames and dnames.search(text)) or helper_hit)):
            continue
        module = load(path, text)
        if module is None:
            continue
        try:
            adopt(path, module)
            view = module.view
            rel = project.rel(path)
            for s in module.sends():
                for t in module.terminals(s.value, s.function):
                    found = module.rendered_name(t, s.function) if _is_call(t) else None
                    if found is None:
                        continue
                    through = f" through {found[1].name}()" if found[1] is not None else ""
                    reason = f"rendered in {rel}:{view.line(t)} {s.function.label()}{through} and sent with {s.how}"
                    sent.extend(SentTemplate(name, reason) for name in module._names(found[0], s.function))
            for fn, call, helper, names in module.sender_calls():
                reason = (f"rendered by {fn.label()} through {helper.name}() ({rel}:{view.line(call)}), "
                          f"which {helper.how}")
                sent.extend(SentTemplate(name, reason) for name in names)
        except Exception:
            continue

    facts = PythonFacts(derived=derived, handlers=handlers, fasthtml=fasthtml)
    reader = _ProjectFunctions(texts, called, defined, load)
    try:
        _follow_sent_returns(project, modules, reader, facts, sent)
    except RecursionError:
        pass
    if header_readers:
        try:
            _follow_received_data(project, receiving, texts, reader, facts)
        except RecursionError:
            pass
    for path, module in modules.items():
        if module is not None and path not in serving:
            try:
                if next(module.sends(), None) is not None or next(module.receivers(), None) is not None:
                    serving.add(path)
            except Exception:
                continue
    return ServerReading(LANGUAGE, sent, http_sites, serving, facts)
