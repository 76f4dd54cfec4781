"""FastHTML, as python-fasthtml 0.14 has it (read from its sources).

- `FastHTML(exts="ws")` / `fast_app(exts="ws")` add a script tag for its `htmx_exts["ws"]`,
  `htmx-ext-ws@2.0.3/ws.js`, to headers that load the htmx 2 core (`htmx.org@2.0.7`) unless
  `htmx=False`/`default_hdrs=False`. With `htmx4=True` it loads `htmx.org@4.0.0` and maps
  "ws" to its `hx-ws.min.js`, and sets htmx's `metaCharacter` to "-": htmx 4 then reads
  `hx-ws-connect`/`hx-ws-send` (and fires `htmx-ws-...` events) instead of the ":" names.
- Components (`Div(...)`, the `ft_hx` functions) turn keyword arguments into attributes:
  "_" becomes "-" (`ws_connect=` writes `ws-connect`, `hx_ws_connect=` `hx-ws-connect`), a
  name with ":" (`**{"hx-ws:connect": url}`) is kept as it is, `True` writes the bare name.
- A `@app.ws(path, conn=..., disconn=...)` handler's `send` parameter, and what the handler
  (or its conn/disconn functions) returns, render a component with `to_xml` and send it as
  the text of one WebSocket message.
"""

from __future__ import annotations

import re
from typing import Iterator

from ...syntax.cst import cst
from ...syntax.python import children, dotted, string_value

# The HTML element components of fasthtml.components (and HxPartial, Script, Style).
FT_TAGS = frozenset("""
A Abbr Address Area Article Aside Audio B Base Bdi Bdo Blockquote Body Br Button Canvas Caption Cite Code Col
Colgroup Data Datalist Dd Del Details Dfn Dialog Div Dl Dt Em Embed Fencedframe Fieldset Figcaption Figure Footer
Form H1 H2 H3 H4 H5 H6 Head Header Hgroup Hr I Iframe Img Input Ins Kbd Label Legend Li Link Main Map Mark Menu
Meta Meter Nav Noscript Object Ol Optgroup Option Output P Picture Pre Progress Q Rp Rt Ruby S Samp Search
Section Select Slot Small Source Span Strong Sub Summary Sup Table Tbody Td Template Textarea Tfoot Th Thead Time
Title Tr Track U Ul Var Video Wbr
""".split())
APP_CALLS = ("FastHTML", "fast_app")
_MORPH = re.compile(r"^(?:morph|morphdom)\b")


def app_calls(view) -> list:
    """The `FastHTML(...)` and `fast_app(...)` calls of a module."""
    return [n for n in view.walk() if isinstance(n, cst.Call)
            and (dotted(n.func) or "").rsplit(".", 1)[-1] in APP_CALLS]


def keyword(call, name: str):
    for a in call.args:
        if a.keyword is not None and a.keyword.value == name:
            return a
    return None


def is_true(node) -> bool:
    return isinstance(node, cst.Name) and node.value == "True"


def dialect(file) -> str:
    """How htmx 4 spells the WebSocket attributes for this module's FastHTML app: "-" when
    the app (this module's, else the project's) is made with `htmx4=True`, ":" otherwise."""
    view = file.python
    if view.module is not None and ("FastHTML" in file.text or "fast_app" in file.text):
        calls = app_calls(view)
        if calls:
            return "-" if any((a := keyword(c, "htmx4")) is not None and is_true(a.value) for c in calls) else ":"
    return "-" if file.project.python_facts.fasthtml == "htmx4" else ":"


def ext_names(node) -> list[str] | None:
    """The extension names an `exts=` value lists; None when it is not written literally."""
    value = string_value(node)
    if value is not None:
        return [value]
    if isinstance(node, (cst.List, cst.Tuple, cst.Set)):
        out = []
        for el in node.elements:
            v = string_value(el.value)
            if v is None:
                return None
            out.append(v)
        return out
    return None


# --- the messages a @app.ws handler sends ----------------------------------------------------

class WsHandlers:
    """The functions of a module that FastHTML runs for a WebSocket route, and the names that
    send a message there: their `send` parameters, and containers those are stored in."""

    def __init__(self, module) -> None:
        self.module = module
        self.handlers: list = []  # Function objects whose return value is sent
        self.send_names: dict[int, set[str]] = {}  # id(Function) -> names that send there
        self.stores: set[str] = set()  # module-level containers that hold send functions
        by_name = {f.name: f for f in module.functions if f.cls is None}
        for fn in module.functions:
            node = fn.node
            if not isinstance(node, cst.FunctionDef):
                continue
            for dec in node.decorators:
                d = dec.decorator
                if isinstance(d, cst.Call) and (dotted(d.func) or "").endswith(".ws"):
                    self._add(fn)
                    for kw in ("conn", "disconn"):
                        a = keyword(d, kw)
                        if a is not None and isinstance(a.value, cst.Name) and a.value.value in by_name:
                            self._add(by_name[a.value.value])
        # `users[key] = send`, `clients.append(send)`: a container of send functions.
        for fn in self.handlers:
            sends = self.send_names.get(id(fn), set())
            for n in fn.nodes:
                if isinstance(n, cst.Assign) and isinstance(n.value, cst.Name) and n.value.value in sends:
                    for t in n.targets:
                        if isinstance(t.target, cst.Subscript) and isinstance(t.target.value, cst.Name):
                            self.stores.add(t.target.value.value)
                elif (isinstance(n, cst.Call) and isinstance(n.func, cst.Attribute)
                      and n.func.attr.value in ("append", "add") and isinstance(n.func.value, cst.Name)
                      and n.args and isinstance(n.args[0].value, cst.Name) and n.args[0].value.value in sends):
                    self.stores.add(n.func.value.value)

    def _add(self, fn) -> None:
        if fn not in self.handlers:
            self.handlers.append(fn)
            if "send" in fn.params:
                self.send_names.setdefault(id(fn), set()).add("send")

    def messages(self) -> Iterator[tuple[object, object, str]]:
        """(function, sent expression, how) for each component a handler sends."""
        for fn in self.handlers:
            for n in fn.nodes:
                if isinstance(n, cst.Return) and n.value is not None:
                    yield fn, n.value, f"the return value of {fn.label()}, which FastHTML sends"
        for fn in self.module.functions:
            senders = set(self.send_names.get(id(fn), ()))
            if self.stores:
                for n in fn.nodes:
                    if isinstance(n, cst.For) and isinstance(n.target, cst.Name) and self._from_store(n.iter):
                        senders.add(n.target.value)
            if not senders:
                continue
            for call in fn.calls:
                if isinstance(call.func, cst.Name) and call.func.value in senders and call.args:
                    yield fn, call.args[0].value, f"{call.func.value}() in {fn.label()}"
                elif (isinstance(call.func, cst.Subscript) and isinstance(call.func.value, cst.Name)
                      and call.func.value.value in self.stores and call.args):
                    yield fn, call.args[0].value, f"{call.func.value.value}[...]() in {fn.label()}"

    def _from_store(self, node) -> bool:
        if isinstance(node, cst.Name):
            return node.value in self.stores
        if (isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) and node.func.attr.value == "values"
                and isinstance(node.func.value, cst.Name)):
            return node.func.value.value in self.stores
        if isinstance(node, cst.Call) and isinstance(node.func, cst.Name) and node.func.value == "list" and node.args:
            return self._from_store(node.args[0].value)
        return False


def component_name(call) -> str | None:
    """The element a component call writes (`Div(...)` -> "div"), or None."""
    name = (dotted(call.func) or "").rsplit(".", 1)[-1]
    if name in FT_TAGS:
        return name.lower()
    if name in ("ft_hx", "ft_html") and call.args and call.args[0].keyword is None:
        return string_value(call.args[0].value)
    if isinstance(call.func, cst.Name) and name == "HxPartial":
        return "hx-partial"
    return None


def top_level(module, fn, expr, depth: int = 0) -> Iterator[tuple[str, object, object]]:
    """("component", call, fn) for each component at the top level of a sent value,
    ("helper", call, callee) for a call of a module function that returns one."""
    if depth > 12 or expr is None:
        return
    if isinstance(expr, cst.Await):
        yield from top_level(module, fn, expr.expression, depth + 1)
    elif isinstance(expr, (cst.Tuple, cst.List)):
        for el in expr.elements:
            yield from top_level(module, fn, el.value, depth + 1)
    elif isinstance(expr, cst.Name):
        for v in fn.assigns.get(expr.value, ())[-1:]:
            yield from top_level(module, fn, v, depth + 1)
    elif isinstance(expr, cst.IfExp):
        yield from top_level(module, fn, expr.body, depth + 1)
        yield from top_level(module, fn, expr.orelse, depth + 1)
    elif isinstance(expr, cst.Call):
        if component_name(expr) is not None:
            yield "component", expr, fn
            return
        callee = module._module_function(expr)
        if callee is not None:
            for r in module.returned(callee):
                if any(kind == "component" for kind, _, _ in top_level(module, callee, r, depth + 1)):
                    yield "helper", expr, callee
                    return


def oob_value(node) -> str | None:
    return string_value(node)


def nested_oob(call) -> list:
    """Component calls with `hx_swap_oob=` inside a component's children."""
    found = []
    stack = [a.value for a in call.args if a.keyword is None]
    while stack:
        n = stack.pop()
        if isinstance(n, cst.Call) and component_name(n) is not None and keyword(n, "hx_swap_oob") is not None:
            found.append(n)
        if isinstance(n, (cst.Call, cst.Tuple, cst.List, cst.Arg, cst.BaseElement)):
            stack.extend(children(n))
    return found
