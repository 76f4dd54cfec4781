"""Python Server-Sent Events endpoints, read with libcst: the streams a Python server
writes, the events each sends, and where to edit them.

An endpoint is a call that answers with a stream: sse-starlette's ``EventSourceResponse(gen)``,
and, with ``text/event-stream`` as its media type, Starlette/FastAPI ``StreamingResponse``,
Django ``StreamingHttpResponse``, Flask and Quart ``Response`` (also around
``stream_with_context``) and Quart ``make_response``. Its generator is a function of the
module called (or named) there, directly or through a local variable. Each ``yield`` of the
generator sends messages:

- under sse-starlette, ``ServerSentEvent(data, event=..., ...)`` and dicts ``{"event": ...,
  "data": ...}`` (a string is data of an unnamed message);
- elsewhere, text in the event-stream format, written with literals, f-strings, ``%`` or
  ``str.format`` (``.encode()``d or not); one message may be written by consecutive
  ``yield`` statements of one block.

A message whose event name is not written literally, or a ``yield`` of anything else, makes
the endpoint's events unknown (``Endpoint.unknown``). The route is the one a decorator of
the function that answers (``@app.get("/events")``, ``@app.route(...)``) names; a route
table of another module (Django's ``path("events/", views.stream)``, Starlette's
``Route(...)``) is read by ``routes_in``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterator

from ...edits import Edit
from ...syntax.cst import cst
from ...syntax.python import PythonView, call_arg, dotted, string_text, string_value
from ...syntax.strings import StringText

# Cheap test before a module is parsed.
HINT = re.compile(r"text/event-stream|EventSourceResponse")
STREAM_TYPE = "text/event-stream"
# Responses that stream an answer: the name called, and the keywords that may pass the content.
_ALWAYS = ("EventSourceResponse",)
_TYPED = ("StreamingResponse", "StreamingHttpResponse", "Response", "make_response")
_CONTENT_KEYWORDS = ("content", "streaming_content", "response")
_WRAPPERS = ("stream_with_context",)
_EVENT_CLASSES = ("ServerSentEvent",)
_ROUTE_METHODS = ("get", "post", "put", "patch", "delete", "route", "api_route", "websocket_route")
_FRAMEWORKS = {"EventSourceResponse": "sse-starlette", "StreamingResponse": "Starlette StreamingResponse",
               "StreamingHttpResponse": "Django StreamingHttpResponse", "Response": "Flask/Quart Response",
               "make_response": "Quart make_response"}
_OOB = re.compile(r"hx-swap-oob|hx-select-oob", re.I)
# A route table entry of another module: path("events/", views.stream), Route("/e", endpoint=f).
_ROUTE_ENTRY = re.compile(r"""\b(?:re_path|path|Route|add_url_rule|add_api_route)\(\s*[rR]?(["'])([^"'\r\n]*)\1\s*,"""
                          r"""\s*(?:\w+\s*=\s*)?(?:[\w.]+\.)?(\w+)\b""")
_PLAIN_ROUTE = re.compile(r"[\w\-./~%]*")


@dataclass(eq=False)
class Send:
    """One message a generator sends."""

    kind: str  # "event" (ServerSentEvent), "dict", "text"
    name: str | None  # the event name; None for an unnamed message
    node: object  # where it is reported: the yield's value (the first, for a text message)
    framework: str
    # call / dict: the event argument or entry, and the data expression
    event_item: object = None
    items: tuple = ()  # the call's args or the dict's elements, in order
    data: object = None
    # text: the message's text and, for each of its characters, where it is written
    text: StringText | None = None
    event_line: tuple[int, int] | None = None  # span of "event: x\n" in text.text
    data_span: tuple[int, int] | None = None  # from the first data value to the newline ending the last data line

    def data_text(self, view: PythonView) -> StringText | None:
        if self.kind == "text":
            return self.text
        return string_text(view, self.data) if self.data is not None else None

    def data_visible(self, view: PythonView) -> tuple[bool, bool]:
        """(whether hxmigrate sees all of the data, whether what it sees holds an out-of-band element)."""
        st = self.data_text(view)
        if st is None:
            return False, False
        if self.kind == "text":
            a, b = self.data_span or (0, 0)
            seen = st.text[a:b]
            opaque = any(s < b and a < e for s, e, _ in st.opaque)
        else:
            seen, opaque = st.text, bool(st.opaque)
        return not opaque, bool(_OOB.search(seen))


@dataclass(eq=False)
class Endpoint:
    function: str  # the function that answers (qualified: "Stream.get")
    node: object  # the response call
    framework: str
    route: str | None
    generator: str | None  # the generator's name
    sends: list[Send] = field(default_factory=list)
    unknown: str = ""  # why some of its messages cannot be read; "" when all are


def hinted(text: str) -> bool:
    return HINT.search(text) is not None


def endpoints(view: PythonView) -> list[Endpoint]:
    """The module's SSE endpoints, in the order of their response calls."""
    module = view.module
    if module is None:
        return []
    functions: dict[str, list] = {}
    found: list[tuple[object, list]] = []  # (response call, enclosing functions, innermost last)

    def walk(node, scope: list) -> None:
        for child in _kids(node):
            if type(child) is cst.FunctionDef:
                functions.setdefault(child.name.value, []).append((child, len(scope)))
                walk(child, [*scope, child])
            elif type(child) is cst.ClassDef:
                walk(child, scope)
            else:
                if type(child) is cst.Call and _response_name(view, child) is not None:
                    found.append((child, scope))
                walk(child, scope)

    walk(module, [])
    out = []
    for call, scope in found:
        name = _response_name(view, call)
        handler = scope[-1] if scope else None
        endpoint = Endpoint(handler.name.value if handler is not None else "<module>", call, _FRAMEWORKS[name],
                            _route(handler) if handler is not None else None, None)
        generator = _generator(call, handler, functions)
        if isinstance(generator, str):
            endpoint.unknown = generator
        else:
            endpoint.generator = generator.name.value
            _read_generator(view, generator, endpoint)
        out.append(endpoint)
    return out


def routes_in(text: str) -> dict[str, str]:
    """The routes a route table of this text gives to functions: {function name: "/route"}."""
    found: dict[str, str] = {}
    if "(" not in text:
        return found
    for m in _ROUTE_ENTRY.finditer(text):
        route = m.group(2)
        if _PLAIN_ROUTE.fullmatch(route):
            found.setdefault(m.group(3), route if route.startswith("/") else "/" + route)
    return found


# --- the response and its generator ---------------------------------------------------------

def _kids(node) -> list:
    try:
        return list(node.children)
    except Exception:
        return []


def _response_name(view: PythonView, call) -> str | None:
    name = (dotted(call.func) or "").rsplit(".", 1)[-1]
    if name in _ALWAYS:
        return name
    if name in _TYPED and STREAM_TYPE in view.code(call):
        return name
    return None


def _route(handler) -> str | None:
    for decorator in handler.decorators:
        d = decorator.decorator
        if type(d) is not cst.Call or type(d.func) is not cst.Attribute or d.func.attr.value not in _ROUTE_METHODS:
            continue
        value = string_value(call_arg(d, 0, ("path", "rule")))
        if value is not None:
            return value
    return None


def _generator(call, handler, functions: dict):
    """The generator function the response streams, or why it is not known."""
    arg = call_arg(call, 0, _CONTENT_KEYWORDS)
    for _ in range(3):
        if type(arg) is cst.Await:
            arg = arg.expression
        if type(arg) is cst.Call and (dotted(arg.func) or "").rsplit(".", 1)[-1] in _WRAPPERS and arg.args:
            arg = arg.args[0].value
    if type(arg) is cst.Name and handler is not None:
        assigned = [s.value for s in _statements(handler) if type(s) is cst.Assign and len(s.targets) == 1
                    and type(s.targets[0].target) is cst.Name and s.targets[0].target.value == arg.value]
        if len(assigned) == 1:
            arg = assigned[0]
    if type(arg) is cst.Call and type(arg.func) is cst.Name:
        name = arg.func.value
    elif type(arg) is cst.Name:
        name = arg.value
    else:
        return "the stream is not a generator function of this module called there"
    defined = functions.get(name, [])
    if len(defined) != 1:
        return f"`{name}` is not defined once in this module"
    return defined[0][0]


def _statements(fn) -> Iterator:
    """The simple statements of a function, nested blocks included, nested functions not."""
    stack = list(reversed(_kids(fn.body)))
    while stack:
        node = stack.pop()
        if type(node) in (cst.FunctionDef, cst.ClassDef):
            continue
        if type(node) is cst.SimpleStatementLine:
            yield from node.body
            continue
        stack.extend(reversed(_kids(node)))


def _yields(fn) -> Iterator:
    """The yield expressions of a function (not of functions nested in it), in order."""
    stack = list(reversed(_kids(fn.body)))
    while stack:
        node = stack.pop()
        t = type(node)
        if t in (cst.FunctionDef, cst.ClassDef, cst.Lambda):
            continue
        if t is cst.Yield:
            yield node
        stack.extend(reversed(_kids(node)))


# --- the messages ---------------------------------------------------------------------------

def _read_generator(view: PythonView, fn, endpoint: Endpoint) -> None:
    if endpoint.framework == "sse-starlette":
        for y in _yields(fn):
            why = _read_object(view, y, endpoint)
            if why:
                endpoint.unknown = endpoint.unknown or why
        return
    _read_text(view, fn, endpoint)


def _read_object(view: PythonView, y, endpoint: Endpoint) -> str:
    value = y.value
    if isinstance(value, cst.From) or value is None:
        return f"line {view.line(y)}: a `yield` hxmigrate does not read"
    if string_text(view, value) is not None:
        endpoint.sends.append(Send("event", None, value, endpoint.framework, data=value))
        return ""
    if type(value) is cst.Call and (dotted(value.func) or "").rsplit(".", 1)[-1] in _EVENT_CLASSES:
        args = tuple(value.args)
        if any(a.star for a in args):
            return f"line {view.line(y)}: arguments passed with * or **"
        event = next((a for a in args if a.keyword is not None and a.keyword.value == "event"), None)
        data = call_arg(value, 0, ("data",))
        return _add_object(view, y, value, "event", event, event.value if event is not None else None, args, data,
                           endpoint)
    if type(value) is cst.Dict:
        items = tuple(value.elements)
        keys = [string_value(e.key) if type(e) is cst.DictElement else None for e in items]
        if None in keys:
            return f"line {view.line(y)}: a dict whose keys are not all written as strings"
        event = next((e for e, k in zip(items, keys) if k == "event"), None)
        data = next((e.value for e, k in zip(items, keys) if k == "data"), None)
        return _add_object(view, y, value, "dict", event, event.value if event is not None else None, items, data,
                           endpoint)
    return f"line {view.line(y)}: a `yield` of `{_short(view.code(value))}`, which hxmigrate does not read"


def _add_object(view, y, value, kind, event, name_node, items, data, endpoint) -> str:
    name = None
    if name_node is not None:
        name = string_value(name_node)
        if name is None:
            return f"line {view.line(y)}: an event name that is not written as a string (`{_short(view.code(name_node))}`)"
    endpoint.sends.append(Send(kind, name, value, endpoint.framework, event_item=event, items=items, data=data))
    return ""


def _text_of(view: PythonView, value) -> StringText | None:
    """The text a yielded value writes: a string expression, its ``.encode()``, or a ``%`` or
    ``str.format`` of a literal."""
    if (type(value) is cst.Call and type(value.func) is cst.Attribute and value.func.attr.value == "encode"):
        value = value.func.value
    if type(value) is cst.BinaryOperation and type(value.operator) is cst.Modulo:
        return string_text(view, value.left, "percent")
    if (type(value) is cst.Call and type(value.func) is cst.Attribute and value.func.attr.value == "format"
            and string_value(value.func.value) is not None):
        return string_text(view, value.func.value, "format")
    return string_text(view, value)


def _read_text(view: PythonView, fn, endpoint: Endpoint) -> None:
    """Messages written as event-stream text, each by one yield or by consecutive yield
    statements of one block."""
    pending: list[tuple[object, StringText]] = []
    previous = None
    for y in _yields(fn):
        st = _text_of(view, y.value) if y.value is not None and not isinstance(y.value, cst.From) else None
        if st is None:
            endpoint.unknown = endpoint.unknown or f"line {view.line(y)}: a `yield` hxmigrate does not read as text"
            pending = []
            continue
        if pending and not _follows(view, previous, y):
            endpoint.unknown = endpoint.unknown or (f"line {view.line(pending[0][0])}: a message that does not end "
                                                    "with an empty line in its block")
            pending = []
        pending.append((y, st))
        previous = y
        joined = _join([s for _, s in pending])
        if joined.text.endswith("\n\n") or joined.text.endswith("\r\n\r\n"):
            why = _messages(view, pending[0][0], joined, endpoint)
            if why:
                endpoint.unknown = endpoint.unknown or why
            pending = []
    if pending:
        endpoint.unknown = endpoint.unknown or (f"line {view.line(pending[0][0])}: a message that does not end "
                                                "with an empty line")


def _follows(view: PythonView, previous, y) -> bool:
    """Whether ``y`` is the yield of the statement right after ``previous``'s, in one block."""
    if previous is None:
        return False
    between = view.text[view.span(previous)[1]:view.span(y)[0]]
    return re.fullmatch(r"[ \t]*(?:#[^\r\n]*)?\r?\n(?:[ \t]*(?:#[^\r\n]*)?\r?\n)*[ \t]*(?:await\s+)?", between) is not None \
        or re.fullmatch(r"\s*;\s*", between) is not None


def _join(parts: list[StringText]) -> StringText:
    if len(parts) == 1:
        return parts[0]
    out = StringText.empty()
    for st in parts:
        base, text_base = len(out.pieces), len(out.text)
        out.pieces.extend(st.pieces)
        out.text += st.text
        out.starts.extend(st.starts)
        out.ends.extend(st.ends)
        out.piece_of.extend(p + base for p in st.piece_of)
        out.opaque.extend((a + text_base, b + text_base, p + base) for a, b, p in st.opaque)
        out.single.extend((a + text_base, b + text_base) for a, b in st.single)
    return out


_BREAK = re.compile(r"\r\n|\r|\n")


def _lines(text: str):
    """(start, end of the content, end after the line break) of each line of ``text`` that ends
    with a line break."""
    start = 0
    for m in _BREAK.finditer(text):
        yield start, m.start(), m.end()
        start = m.end()


def _messages(view: PythonView, node, st: StringText, endpoint: Endpoint) -> str:
    """Read the messages of one text (each ends with an empty line)."""
    name: str | None = None
    event_line = None
    data: list[tuple[int, int]] = []  # (start of the line, end of its content)
    pos = 0
    for start, end, stop in _lines(st.text):
        pos = stop
        if start == end:
            if data:
                span = (_value_start(st.text, data[0][0]), data[-1][1])
                endpoint.sends.append(Send("text", name, node, endpoint.framework, text=st, event_line=event_line,
                                           data_span=span))
            elif name is not None:
                return f"line {view.line(node)}: an event without data"
            name, event_line, data = None, None, []
            continue
        colon = st.text.find(":", start, end)
        head_end = end if colon < 0 else colon + 1
        if any(a < head_end and start < b for a, b, _ in st.opaque):
            return f"line {view.line(node)}: a line of the stream whose field is not written literally"
        field_name = st.text[start:head_end].rstrip(":")
        if field_name == "event":
            if any(a < end and start < b for a, b, _ in st.opaque):
                return f"line {view.line(node)}: an event name that is not written literally"
            name = st.text[head_end:end].removeprefix(" ")
            event_line = (start, stop)
        elif field_name == "data":
            data.append((start, end))
    if pos != len(st.text):
        return f"line {view.line(node)}: text after the last empty line"
    return ""


def _value_start(text: str, line_start: int) -> int:
    start = line_start + len("data:")
    return start + 1 if text.startswith(" ", start) else start


def _short(code: str) -> str:
    code = " ".join(code.split())
    return code if len(code) <= 40 else code[:37] + "..."


# --- the rewrite ------------------------------------------------------------------------------

def partial_tags(target: str, swap: str, quote: str = '"') -> tuple[str, str]:
    return f"<hx-partial hx-target={quote}{target}{quote} hx-swap={quote}{swap}{quote}>", "</hx-partial>"


def unnamed_edits(view: PythonView, send: Send, target: str, swap: str) -> "list[Edit] | str":
    """The edits that send ``send`` as an unnamed message whose data is wrapped in
    ``<hx-partial hx-target=target hx-swap=swap>`` (as it is, with ``target`` empty); or why
    they cannot be written."""
    if send.kind == "text":
        return _text_edits(send, target, swap)
    if send.data is None:
        return "it sends no data"
    edits = [_drop_item(view, send.items, send.event_item)]
    if not target:
        return edits
    st = string_text(view, send.data)
    if st is not None and st.text:
        wrapped = _wrap_inside(st, 0, len(st.text), target, swap)
        if wrapped is not None:
            return edits + wrapped
    start, end = view.span(send.data)
    code = view.text[start:end]
    open_tag, close_tag = partial_tags(target, swap)
    if re.fullmatch(r"[\w.]+(?:\(\s*[\w.]*\s*\))?", code):
        written = "f'" + open_tag + "{" + code + "}" + close_tag + "'"
    else:
        written = "'" + open_tag + "{}" + close_tag + "'.format(" + code + ")"
    return edits + [Edit(start, end, written)]


def _wrap_inside(st: StringText, a: int, b: int, target: str, swap: str) -> "list[Edit] | None":
    """Edits that write the partial's tags around text[a:b] inside the literals; None when
    the ends are not in literals."""
    if a >= b:
        return None
    first, last = st.piece_of[a], st.piece_of[b - 1]
    if st.pieces[first].opaque or st.pieces[last].opaque:
        return None
    quote = "'" if getattr(st.pieces[first], "quote", '"') in ('"', '"""') else '"'
    open_tag, close_tag = partial_tags(target, swap, quote)
    opened, closed = st.escape(open_tag, first), st.escape(close_tag, last)
    if opened is None or closed is None:
        return None
    return [Edit(st.starts[a], st.starts[a], opened), Edit(st.ends[b - 1], st.ends[b - 1], closed)]


def _text_edits(send: Send, target: str, swap: str) -> "list[Edit] | str":
    st = send.text
    if send.event_line is None or send.data_span is None:
        return "it is no named event with data"
    a, b = send.event_line
    if len({st.piece_of[i] for i in range(a, b)}) != 1 or st.pieces[st.piece_of[a]].opaque:
        return "its `event:` line is not written in one literal"
    start, end = st.starts[a], st.ends[b - 1]
    edits = [Edit(start, end)]
    if not target:
        return edits
    data_start, newline = send.data_span
    # the partial opens after "data: " and closes before the newline that ends the last data line
    if data_start >= newline:
        return "its data is empty"
    open_tag, close_tag = partial_tags(target, swap, "'" if getattr(st.pieces[st.piece_of[data_start - 1]], "quote", '"')
                                       in ('"', '"""') else '"')
    opened = st.escape(open_tag, st.piece_of[data_start - 1])
    closed = st.escape(close_tag, st.piece_of[newline])
    if opened is None or closed is None or st.pieces[st.piece_of[newline]].opaque:
        return "its data line is not written in literals hxmigrate can write into"
    edits.append(Edit(st.ends[data_start - 1], st.ends[data_start - 1], opened))
    edits.append(Edit(st.starts[newline], st.starts[newline], closed))
    return edits


def _drop_item(view: PythonView, items: tuple, item) -> Edit:
    """Remove an argument or dict entry with its separator."""
    index = items.index(item)
    start = view.span(item)[0]
    end = view.span(item)[1]
    if index + 1 < len(items):
        return Edit(start, view.span(items[index + 1])[0])
    if index > 0:
        comma = item.comma
        end = view.span(comma)[1] if isinstance(comma, cst.Comma) else end
        return Edit(view.span(items[index - 1])[1], end)
    return Edit(start, end)
