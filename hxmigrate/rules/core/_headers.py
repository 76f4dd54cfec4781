"""Where server code reads the request headers htmx sends and writes the response headers it
reads (HX401, HX402): Python through Python's own parser (``syntax/pyast.py``; a module it
does not read, through its text), JavaScript/TypeScript, Go and Rust through tree-sitter,
and in languages hxmigrate has no view for (and in the template code of markup) the string
literals that name one of them.

Each place is a :class:`Site`: the header (its 2.x name), what the code does with it (``read``
a request header, ``send`` one as htmx would, ``set`` a response header, or ``any`` where the
code cannot tell), the code around it and that code with the 4.x header."""

from __future__ import annotations

import ast
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass

from ...analysis.script_urls import vendored_major
from ...diagnostics import Diagnostic
from ...syntax.pyast import children, dotted
from ...targets.core import REMOVED_RESPONSE_HEADERS, REQUEST_HEADERS, CoreNames

READ, SEND, SET, ANY = "read", "send", "set", "any"
NAMED = "named"  # the value of a constant (HX_TARGET = "HX-Target"): its uses are not followed
REMOVED = frozenset(h.lower() for h in REMOVED_RESPONSE_HEADERS)  # a removed header means nothing else
_RECEIVE_AFTER = "HX-Trigger"
# The attributes of django-htmx's and litestar's `request.htmx` (and flask-htmx's `htmx`, FastHTML's
# HtmxHeaders), and the parameters FastAPI fills from a header of the same name.
_DETAILS = {"trigger": "HX-Trigger", "trigger_name": "HX-Trigger-Name", "target": "HX-Target", "prompt": "HX-Prompt"}
# axum-htmx's extractors of the request headers.
_RUST_EXTRACTORS = {"HxTrigger": "HX-Trigger", "HxTriggerName": "HX-Trigger-Name", "HxTarget": "HX-Target",
                    "HxPrompt": "HX-Prompt"}
_WIDEST_SITE = 90  # a longer read is not quoted in the message
_ENVIRON_KEYWORDS = {"http_hx_trigger": "HX-Trigger", "http_hx_trigger_name": "HX-Trigger-Name",
                     "http_hx_target": "HX-Target", "http_hx_prompt": "HX-Prompt"}


@dataclass
class Site:
    start: int  # the span reported: the literal, the attribute, the parameter
    end: int
    header: str  # the 2.x header, as htmx's documentation writes it ("HX-Trigger")
    role: str  # READ, SEND, SET, ANY or NAMED
    written: str = ""  # the name as the code writes it ("hx-trigger", "HTTP_HX_TRIGGER", "trigger")
    site: str = ""  # the code of the read or write
    new_site: str = ""  # the same code naming the 4.x header ("" when there is none)
    literal: tuple[int, int] | None = None  # the name's characters, inside the quotes
    scope: tuple[int, int] | None = None  # the function (or file) the site is in
    function: str = ""  # for SET: what writes the header (a keyword, a call), when not a literal
    template: bool = False  # found in the template code of a markup file
    unread: str = ""  # why the code around it could not be read (a module Python's parser does not read)


class Headers:
    """The header names of one core table, lowercase, in each spelling code uses."""

    def __init__(self, core: CoreNames) -> None:
        self.request = {h.lower(): h for h in core.request_headers}
        self.removed = {h.lower(): h for h in core.removed_response_headers}
        self.new = dict(core.request_headers)
        self.replacement = dict(core.removed_response_headers)
        self.all = {**self.request, **self.removed, _RECEIVE_AFTER.lower(): _RECEIVE_AFTER}
        # WSGI/Django's environ keys: HTTP_HX_TRIGGER
        self.environ = {"http_" + h.replace("-", "_"): name for h, name in self.request.items()}

    def of(self, value: str) -> str | None:
        return self.all.get(value.lower())


_CACHE: dict[int, Headers] = {}


def headers_of(core: CoreNames) -> Headers:
    found = _CACHE.get(id(core))
    if found is None:
        found = _CACHE[id(core)] = Headers(core)
    return found


def styled(new: str, written: str) -> str:
    """``new`` (``HX-Source``) written the way the code wrote the header it replaces."""
    if written.startswith(("http_", "HTTP_")):
        new = "HTTP_" + new.replace("-", "_")
    if written.islower():
        return new.lower()
    if written.isupper():
        return new.upper()
    if written[:2] == "Hx":  # Go's canonical form
        return "Hx" + new[2:]
    return new


def quoted_site(code: str) -> str:
    """The code of a site as a message quotes it, or "" when it is too long to."""
    code = " ".join(code.split())
    return code if len(code) <= _WIDEST_SITE else ""


def overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(a < end and start < b for a, b in spans)


def owned_elsewhere(findings, codes=("WS401", "WS402")) -> list[tuple[int, int]]:
    """The spans the WebSocket rules report (a header read of a message's payload)."""
    return [(d.start, d.end) for d in findings if d.code in codes]


# --- Python ------------------------------------------------------------------------------------

_HEADERISH = re.compile(r"(?:headers|header|META|environ)$", re.IGNORECASE)
_READ_METHODS = frozenset({"get", "getlist", "get_all", "getall", "getone", "get_one", "getheader", "get_header",
                           "getHeader", "has", "Get", "GetHeader", "Values", "contains_key", "get_req_header"})
_GET_ANYWHERE = frozenset({"getheader", "get_header", "getHeader", "GetHeader", "get_req_header"})
_SET_METHODS = frozenset({"set", "add", "setdefault", "append", "add_header", "set_header", "setHeader",
                          "Set", "Add", "insert", "append_header", "insert_header", "put_resp_header", "header",
                          "Header"})
_SET_ANYWHERE = frozenset({"add_header", "set_header", "setHeader", "append_header", "insert_header",
                           "put_resp_header"})
# Calls that send a request (an HTTP client, a test client) with the headers they are given.
_SENDS = re.compile(r"(?:^|\.)(?:get|post|put|patch|delete|head|options|request|fetch|stream|ajax|open|"
                    r"Request|build_request|send)$")
_RESPONDS = re.compile(r"(?:Response|response|^make_response|^render|render_template|TemplateResponse|^jsonify|"
                       r"writeHead|HTMXTemplate|Template|Redirect)$")
# FastAPI's parameters filled from a header of the same name.
_PARAMS = {"hx_" + k: v for k, v in _DETAILS.items()}


def _last(dotted_name: str | None) -> str:
    return (dotted_name or "").rsplit(".", 1)[-1]


def python_sites(file, headers: Headers) -> list[Site]:
    """The sites of a Python module, read with Python's own parser (``syntax.pyast``). A
    module it does not read has its header names found in its text, reported with the
    reason and no fix."""
    view = file.python_ast
    module = view.module
    if module is None:
        return _unread_python(file, headers, view.error or "")
    parents: dict[int, ast.AST] = {}  # each node's parent, by id, known before the node is read
    out: list[Site] = []
    stack: list = [module]
    while stack:
        node = stack.pop()
        kind = type(node)
        # only the expressions of an f-string are code: its literal text is no node to read
        kids = [v for v in node.values if type(v) is ast.FormattedValue] if kind is ast.JoinedStr else children(node)
        for kid in kids:
            parents[id(kid)] = node
        stack.extend(reversed(kids))
        if kind is ast.JoinedStr:
            # the plain literals of a concatenation with an f-string are read as parts
            if "hx" in view.code(node).lower():
                for part in view.string_parts(node):
                    _python_part(view, node, part, False, headers, parents, out)
        elif kind is ast.Constant and _may_name_header(node.value):
            parts = view.string_parts(node)
            single = len(parts) == 1
            for part in parts:
                _python_part(view, node, part, single, headers, parents, out)
        elif kind is ast.Attribute and node.attr in _DETAILS:
            site = _python_detail(view, node, parents)
            if site is not None:
                out.append(site)
        elif kind is ast.arguments:
            out.extend(_python_params(view, node, headers))
        elif kind is ast.keyword and node.arg is not None:
            site = _python_keyword(view, node, parents)
            if site is not None:
                out.append(site)
        elif (kind is ast.Call and _last(dotted(node.func)) == "trigger_client_event"
              and not any(k.arg == "after" for k in node.keywords)):
            start, end = view.span(node.func)
            out.append(Site(start, end, _RECEIVE_AFTER, SET, "", view.code(node), scope=_scope(view, node, parents),
                            function="trigger_client_event"))
    for site in out:
        if site.scope is None:
            site.scope = (0, len(file.text))
    return out


def _may_name_header(value) -> bool:
    """A str or bytes value that may hold a header's name."""
    if type(value) is str:
        return "hx" in value.lower()
    return type(value) is bytes and b"hx" in value.lower()


def _unread_python(file, headers: Headers, why: str) -> list[Site]:
    """The header names in the text of a module Python's parser does not read: reported,
    never renamed."""
    out = []
    for site in text_sites(file, headers):
        site.literal = None
        site.unread = why
        out.append(site)
    return out


def _python_part(view, node, part, single: bool, headers: Headers, parents, out: list[Site]) -> None:
    value = part.value
    if type(value) is bytes:
        value = _bytes_value(value)
    if value is None:
        return
    header = headers.of(value) or headers.environ.get(value.lower())
    if header is None:
        return
    site = _python_literal(view, node, part, single, value, header, parents)
    if site is not None:
        out.append(site)


def _bytes_value(value: bytes) -> str | None:
    """An ASGI response's raw headers: (b"hx-trigger-after-settle", ...)."""
    text = value.decode("latin-1")
    return text if text.lower() in REMOVED or text.lower() == _RECEIVE_AFTER.lower() else None


def _scope(view, node, parents) -> tuple[int, int]:
    current = parents.get(id(node))
    while current is not None:
        if isinstance(current, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            return view.span(current)
        current = parents.get(id(current))
    return 0, len(view.text)


def _python_literal(view, node, part, single: bool, value: str, header: str, parents) -> Site | None:
    """``part``, a literal of the string node ``node`` (its only one when ``single``)."""
    start, end = part.start, part.end
    inner = start + len(part.prefix) + len(part.quote)
    # the name's characters, to rename: a str literal without escapes (the verifier compares
    # the values of str literals only, so a bytes one is reported, not renamed)
    literal = (inner, end - len(part.quote)) if part.raw == value and "b" not in part.prefix.lower() else None
    scope = _scope(view, node, parents)

    def fallback() -> Site | None:
        # a removed response header means nothing else, wherever it is written
        if header.lower() in REMOVED:
            return make(ANY, None)
        above = parents.get(id(node)) if single else None
        if isinstance(above, (ast.Assign, ast.AnnAssign)) and above.value is node:
            return make(NAMED, None)
        return None

    def make(role: str, around: tuple[int, int] | None) -> Site:
        code = view.text[around[0]:around[1]] if around is not None else view.text[start:end]
        new = ""
        replacement = _replacement(header, value)
        if replacement and around is not None:
            a = around[0]
            new = code[:start - a] + part.prefix + part.quote + replacement + part.quote + code[end - a:]
        return Site(start, end, header, role, value, code, new, literal, scope)

    if value.lower().startswith("http_"):
        enclosing = _enclosing_expression(node, parents) if single else None
        return make(READ, view.span(enclosing) if enclosing is not None else None)
    if not single:
        return fallback()
    parent = parents.get(id(node))
    # X["HX-Trigger"], X["HX-Trigger"] = v
    subscript = _subscripted(node, parent, parents)
    if subscript is not None:
        above = parents.get(id(subscript))
        if isinstance(above, ast.Assign) and any(t is subscript for t in above.targets):
            return make(SET, view.span(subscript))  # response["HX-Trigger"] = ...: nobody writes a request's
        if _headerish(dotted(subscript.value)):
            return make(READ, view.span(subscript))
        return fallback()
    call, keyword = _argument_of(node, parent, parents)
    if call is not None:
        name = dotted(call.func)
        method = _last(name)
        container = name.rsplit(".", 1)[0] if name and "." in name else ""
        if method == "Header":  # FastAPI's Header(alias="HX-Trigger")
            return make(READ, view.span(call))
        first = keyword is None and bool(call.args) and (call.args[0] is node or call.args[0] is parent)
        if not first:
            return fallback()
        if method in _READ_METHODS and (method in _GET_ANYWHERE or _headerish(container)):
            return make(READ, view.span(call))
        if (len(call.args) + len(call.keywords) >= 2 and method in _SET_METHODS
                and (method in _SET_ANYWHERE or _headerish(container))):
            return make(SET, view.span(call))
        return fallback()
    # "HX-Trigger" in request.headers
    if isinstance(parent, ast.Compare) and parent.left is node:
        if isinstance(parent.ops[0], (ast.In, ast.NotIn)) and _headerish(dotted(parent.comparators[0])):
            return make(READ, view.span(parent))
        return fallback()
    # {"HX-Trigger": ...} given to a response, returned with one (Flask), or sent by a client
    if isinstance(parent, ast.Dict) and any(k is node for k in parent.keys):
        role = _dict_role(parent, parents)
        if role is not None:
            return make(role, _dict_element(view, parent, node))
        return fallback()
    return fallback()


def _subscripted(node, parent, parents):
    """The subscript whose index ``node`` is (alone, or one of a tuple of indexes), or None."""
    if isinstance(parent, ast.Subscript) and parent.slice is node:
        return parent
    if isinstance(parent, ast.Tuple) and parent.elts and (parent.elts[0].lineno, parent.elts[0].col_offset) == (
            parent.lineno, parent.col_offset):  # x["a", "b"], not x[("a", "b")]
        above = parents.get(id(parent))
        if isinstance(above, ast.Subscript) and above.slice is parent:
            return above
    return None


def _argument_of(node, parent, parents):
    """(the call, the keyword or None) when ``node`` is an argument of a call, else (None, None)."""
    if isinstance(parent, ast.Call) and any(a is node for a in parent.args):
        return parent, None
    if isinstance(parent, ast.keyword):
        call = parents.get(id(parent))
        return (call, parent.arg) if isinstance(call, ast.Call) else (None, None)
    if isinstance(parent, ast.Starred):
        call = parents.get(id(parent))
        if isinstance(call, ast.Call) and any(a is parent for a in call.args):
            return call, None
    return None, None


def _dict_element(view, d, key) -> tuple[int, int]:
    """The span of the key and value of ``d`` starting with ``key``, with the parentheses
    around either."""
    value = d.values[next(i for i, k in enumerate(d.keys) if k is key)]
    text = view.text
    start, _ = view.span(key)
    _, end = view.span(value)
    at = start
    while at > 0 and text[at - 1] in " \t\f\r\n(":
        at -= 1
        if text[at] == "(":
            start = at
    at = end
    while at < len(text) and text[at] in " \t\f\r\n)":
        at += 1
        if text[at - 1] == ")":
            end = at
    return start, end


def _replacement(header: str, written: str) -> str:
    new = REQUEST_HEADERS.get(header) or REMOVED_RESPONSE_HEADERS.get(header)
    if not new or new == header:
        return ""
    return styled(new, written)


def _enclosing_expression(node, parents):
    current = parents.get(id(node))
    if isinstance(current, (ast.keyword, ast.Starred)):
        current = parents.get(id(current))
    else:
        current = _subscripted(node, current, parents) or current
    return current if isinstance(current, (ast.Subscript, ast.Call)) else None


def _headerish(name: str | None) -> bool:
    if not name:
        return False
    last = _last(name)
    return bool(_HEADERISH.search(last)) and last != "HEADERS"


def _dict_role(d, parents) -> str | None:
    parent = parents.get(id(d))
    if isinstance(parent, ast.Tuple):
        return SET if isinstance(parents.get(id(parent)), ast.Return) else None  # Flask: return body, status, headers
    call, keyword = _argument_of(d, parent, parents)
    if call is None:
        return None
    name = dotted(call.func) or ""
    if keyword is not None and keyword != "headers":
        return None
    if keyword is None and _last(name) != "update":
        return None
    if _last(name) == "update":
        return SET if _headerish(name.rsplit(".", 1)[0]) else None
    if _RESPONDS.search(name):
        return SET
    if _SENDS.search(name):
        return SEND
    return None


def _python_detail(view, node, parents) -> Site | None:
    """`request.htmx.trigger` (django-htmx, litestar), `htmx.trigger` (flask-htmx, FastHTML)."""
    owner_name = dotted(node.value)
    if owner_name is None or _last(owner_name) != "htmx":
        return None
    parent = parents.get(id(node))
    if isinstance(parent, ast.Call) and parent.func is node:
        return None  # a method, not the header's value
    attr = node.attr
    header = _DETAILS[attr]
    request = owner_name.rsplit(".", 1)[0] if "." in owner_name else "request"
    new_header = REQUEST_HEADERS.get(header)
    new = f'{request}.headers.get("{new_header}")' if new_header else ""
    start, end = view.span(node)
    return Site(start, end, header, READ, attr, view.code(node), new)


def _python_params(view, arguments, headers: Headers) -> list[Site]:
    """FastAPI's `hx_trigger: str = Header(None)`: a parameter filled from the header."""
    positional = [*arguments.posonlyargs, *arguments.args]
    defaults = [None] * (len(positional) - len(arguments.defaults)) + list(arguments.defaults)
    pairs = [*zip(positional, defaults), *zip(arguments.kwonlyargs, arguments.kw_defaults)]
    pairs += [(a, None) for a in (arguments.vararg, arguments.kwarg) if a is not None]
    out = []
    for arg, default in pairs:
        header = _PARAMS.get(arg.arg)
        if header is None:
            continue
        code = "".join(view.code(n) for n in (arg.annotation, default) if n is not None)
        if "Header" not in code:
            continue
        start = view.offset(arg.lineno, arg.col_offset)
        renamed = headers.new.get(header)
        new = "hx_" + renamed[3:].lower().replace("-", "_") if renamed else ""
        out.append(Site(start, start + len(arg.arg), header, READ, arg.arg, arg.arg, new))
    return out


def _python_keyword(view, arg, parents) -> Site | None:
    """django-htmx's and litestar's ``after="swap"``/``after="settle"``, and the
    ``trigger_after_swap=``/``trigger_after_settle=`` of flask-htmx's and others' responses."""
    keyword = arg.arg
    call = parents.get(id(arg))
    if not isinstance(call, ast.Call):
        return None
    start = view.offset(arg.lineno, arg.col_offset)
    end = start + len(keyword)
    if keyword.lower() in _ENVIRON_KEYWORDS:
        # Django's test client: client.get("/", HTTP_HX_TRIGGER="save")
        return Site(start, end, _ENVIRON_KEYWORDS[keyword.lower()], SEND, keyword, view.code(arg))
    name = dotted(call.func) or ""
    if keyword in ("trigger_after_swap", "trigger_after_settle"):
        header = "HX-Trigger-After-" + keyword.rsplit("_", 1)[1].capitalize()
        return Site(start, end, header, SET, keyword, view.code(arg), scope=_scope(view, call, parents),
                    function=f"{keyword}=")
    if keyword != "after" or not ("trigger" in _last(name).lower() or _last(name) == "HTMXTemplate"):
        return None
    node = arg.value
    if not (isinstance(node, ast.Constant) and type(node.value) is str):
        return None
    value = node.value
    if value == "receive":
        fstart, fend = view.span(call.func)
        return Site(fstart, fend, _RECEIVE_AFTER, SET, "", view.code(call), scope=_scope(view, call, parents),
                    function=_last(name))
    parts = view.string_parts(node)
    if value not in ("swap", "settle") or len(parts) != 1:
        return None
    part = parts[0]
    inner = part.start + len(part.prefix) + len(part.quote)
    header = "HX-Trigger-After-" + value.capitalize()
    return Site(part.start, part.end, header, SET, value, view.code(arg), literal=(inner, part.end - len(part.quote)),
                scope=_scope(view, call, parents), function="after=")


# --- JavaScript, Go, Rust (tree-sitter) ----------------------------------------------------------

_LITERALS = {
    "javascript": frozenset({"string", "template_string"}),
    "go": frozenset({"interpreted_string_literal", "raw_string_literal"}),
    "rust": frozenset({"string_literal", "raw_string_literal"}),
}
_CALLS = frozenset({"call_expression", "new_expression"})
_ARGUMENTS = frozenset({"arguments", "argument_list"})
_SUBSCRIPTS = frozenset({"subscript_expression", "index_expression"})
_FUNCTIONS = frozenset({"function_declaration", "function_expression", "arrow_function", "method_definition",
                        "function", "generator_function_declaration", "method_declaration", "func_literal",
                        "function_item", "closure_expression"})
_COMMENTS = frozenset({"comment", "line_comment", "block_comment"})


def _literal_value(view, node) -> tuple[str, int, int] | None:
    """(the value, where its characters start and end) of a literal without escapes or
    substitutions."""
    text = view.text_of(node)
    start = view.start(node)
    if node.type == "raw_string_literal" and text.startswith("r"):
        hashes = len(text) - len(text[1:].lstrip("#")) - 1
        a, b = 2 + hashes, len(text) - 1 - hashes
    elif text[:1] in "\"'`" and len(text) >= 2:
        a, b = 1, len(text) - 1
    else:
        return None
    value = text[a:b]
    if "\\" in value or "${" in value or any(c.type == "template_substitution" for c in node.children):
        return None
    return value, start + a, start + b


def _callee_name(view, call) -> str:
    fn = call.child_by_field_name("function") or call.child_by_field_name("constructor")
    if fn is None:
        return ""
    return " ".join(view.text_of(fn).split())


def _method_of(callee: str) -> tuple[str, str]:
    """(the object, the method) of ``a.b.method`` / ``a::method``; ("", name) for a bare name."""
    for sep in (".", "::"):
        if sep in callee:
            obj, _, method = callee.rpartition(sep)
            return obj, method
    return "", callee


def _args(node) -> list:
    return [c for c in node.named_children if c.type not in _COMMENTS]


def code_sites(file, view, lang: str, headers: Headers) -> list[Site]:
    out: list[Site] = []
    types = _LITERALS[lang]
    for node in view.walk(types | {"type_identifier", "scoped_identifier"} if lang == "rust" else types):
        if node.type == "type_identifier":
            header = _RUST_EXTRACTORS.get(view.text_of(node))
            if header is not None and _in_parameter(node):
                start, end = view.span(node)
                out.append(Site(start, end, header, READ, view.text_of(node), view.text_of(node)))
            continue
        if node.type == "scoped_identifier":
            text = view.text_of(node)
            if text.endswith(("HxResponseTrigger::after_swap", "HxResponseTrigger::after_settle")):
                start, end = view.span(node)
                header = "HX-Trigger-After-" + text.rsplit("_", 1)[1].capitalize()
                out.append(Site(start, end, header, SET, text, text, function=text, scope=_ts_scope(view, node)))
            continue
        found = _literal_value(view, node)
        if found is None or (getattr(view, "regions", None) and view.has_template(node)):
            continue  # template syntax in an inline script's literal: not this code's own header
        value, inner_start, inner_end = found
        header = headers.of(value) or headers.environ.get(value.lower())
        if header is None:
            continue
        site = _code_literal(view, node, value, header)
        if site is not None:
            site.literal = (inner_start, inner_end)
            site.scope = _ts_scope(view, node)
            out.append(site)
    return out


def _in_parameter(node) -> bool:
    while node is not None:
        if node.type == "parameter":
            return True
        if node.type in _FUNCTIONS or node.type == "block":
            return False
        node = node.parent
    return False


def _ts_scope(view, node) -> tuple[int, int]:
    current = node.parent
    while current is not None:
        if current.type in _FUNCTIONS:
            return view.span(current)
        current = current.parent
    return view.offset, view.offset + len(view.text)


def _code_literal(view, node, value: str, header: str) -> Site | None:
    start, end = view.span(node)

    def fallback() -> Site | None:
        if header.lower() in REMOVED:
            return make(ANY, node)
        return make(NAMED, node) if _declared(node) else None

    def make(role: str, site_node) -> Site:
        code = view.text_of(site_node)
        new = ""
        replacement = _replacement(header, value)
        if replacement:
            a = view.start(site_node)
            literal = view.text_of(node)
            new = code[:start - a] + literal.replace(value, replacement, 1) + code[end - a:]
        return Site(start, end, header, role, value, code, new)

    if value.lower().startswith("http_"):
        return make(READ, node)
    parent = node.parent
    if parent is None:
        return fallback()
    # a call's argument: req.get("HX-Trigger"), res.set("HX-Trigger", v), r.Header.Get(...)
    if parent.type in _ARGUMENTS and parent.parent is not None and parent.parent.type in _CALLS:
        call = parent.parent
        args = _args(parent)
        callee = _callee_name(view, call)
        obj, method = _method_of(callee)
        if args and args[0] == node:
            n = len(args)
            if method in ("header", "Header"):
                return make(READ if n == 1 else _set_or_send(callee), call)
            if method in _READ_METHODS and (method in _GET_ANYWHERE or _headerish_code(obj)
                                            or re.search(r"(?:^|\.)(?:req|request|ctx|c|r)$", obj)):
                return make(READ, call)
            if n >= 2 and method in _SET_METHODS:
                return make(_set_or_send(callee), call)
            lower = method.lower()
            if "response" in lower:
                return fallback()  # a client reading the response's header (getResponseHeader)
            if method in ("from_static", "from_bytes", "from_str"):
                return make(ANY, call)  # Rust's HeaderName::from_static("hx-trigger")
            if "header" in lower:
                if lower.startswith(("get", "read", "has")):
                    return make(READ, call)
                if lower.startswith(("set", "append", "add", "put", "insert")) and n >= 2:
                    return make(_set_or_send(callee), call)
        elif len(args) >= 2 and args[1] == node and method.lower() in ("getheader", "getrequestheader",
                                                                      "get_req_header"):
            return make(READ, call)  # h3's getHeader(event, "hx-trigger")
        elif len(args) >= 3 and args[1] == node and method.lower() in ("setheader", "setresponseheader",
                                                                      "appendheader", "put_resp_header"):
            return make(SET, call)
        return fallback()
    # X.headers["hx-trigger"], r.Header["Hx-Trigger"] (= v)
    if parent.type in _SUBSCRIPTS:
        obj = parent.child_by_field_name("object") or parent.child_by_field_name("operand") or parent.named_children[0]
        if obj == node:
            return fallback()
        above = parent.parent
        while above is not None and above.type == "expression_list":
            above = above.parent
        left = above.child_by_field_name("left") if above is not None else None
        if left is not None and (left == parent or left.type == "expression_list" and parent in left.named_children):
            return make(SET, parent)
        if not _headerish_code(view.text_of(obj)):
            return fallback()
        return make(READ, parent)
    # "hx-trigger" in req.headers
    if parent.type == "binary_expression" and view.text_of(parent.child_by_field_name("operator") or parent) == "in":
        right = parent.child_by_field_name("right")
        if right is not None and _headerish_code(view.text_of(right)):
            return make(READ, parent)
        return fallback()
    # an object's key: { headers: { "HX-Trigger": ... } } given to a response or a request
    if parent.type in ("pair", "keyed_element", "literal_element") and _first_named(parent) == node or (
            parent.type == "literal_element" and parent.parent is not None and parent.parent.type == "keyed_element"
            and _first_named(parent.parent) == parent):
        role = _object_role(view, parent)
        return make(role, parent) if role is not None else fallback()
    # Rust: ("HX-Trigger", "x") in a response's headers
    if parent.type == "tuple_expression" and _first_named(parent) == node:
        return make(SET, parent)
    return fallback()


# What gives a name to a value: `const X = "..."`, a class field, `X = "..."`, a TypeScript
# enum member, an object's property (`Headers = { Trigger: "HX-Trigger" }`), Go's and Rust's
# const/static/let.
_DECLARATIONS = frozenset((
    "variable_declarator", "public_field_definition", "field_definition", "assignment_expression",
    "enum_assignment", "pair", "const_spec", "var_spec", "short_var_declaration", "assignment_statement",
    "const_item", "static_item", "let_declaration",
))


def _declared(node) -> bool:
    """``node`` (a string literal) is the whole value a declaration binds to a name."""
    parent = node.parent
    while parent is not None and parent.type in ("expression_list", "literal_value"):
        if parent.named_child_count != 1:
            return False
        parent = parent.parent
    if parent is None or parent.type not in _DECLARATIONS:
        return False
    value = parent.child_by_field_name("value") or parent.child_by_field_name("right")
    if value is None:
        return parent.named_children[-1] == node
    while value is not None and value.type in ("expression_list", "literal_value") and value.named_child_count == 1:
        value = value.named_children[0]
    return value == node


def _first_named(node):
    kids = _args(node)
    return kids[0] if kids else None


def _headerish_code(code: str) -> bool:
    code = code.strip().rstrip("()").rstrip()
    last = re.split(r"[.:>\s]", code)[-1] if code else ""
    return bool(_HEADERISH.search(last)) and last != "HEADERS"


def _set_or_send(callee: str) -> str:
    """A header written by a response (SET) or by a request a client builds (SEND: `r.Header.Set`
    on Go's *http.Request, `xhr.setRequestHeader`, reqwest's `.header`)."""
    if "Response" in callee or "response" in callee:
        return SET
    if re.search(r"(?:client|reqwest|Request|request|fetch|\breq|\br)\b|RequestHeader", callee):
        return SEND
    return SET


def _object_role(view, node) -> str | None:
    """What the object holding the key (up to the call it is given to) is: the headers of a
    response, or of a request a client sends."""
    current = node.parent
    while current is not None and current.type not in _CALLS:
        if current.type in _FUNCTIONS or current.type in ("statement_block", "block", "program", "source_file"):
            return None
        current = current.parent
    if current is None:
        return None
    callee = _callee_name(view, current)
    obj, method = _method_of(callee)
    if re.search(r"Response|writeHead|^set$|^header$|^headers$|^json$|^html$|^send$", method) or \
            re.search(r"Response", obj):
        return SET
    if re.search(r"^(?:fetch|axios|request|get|post|put|patch|delete|ajax|open)$", method):
        return SEND
    return None


# --- other languages, and the template code of markup --------------------------------------------

# A quoted header name, or one that starts a quoted `Name: value` line (PHP's header()).
_QUOTED = re.compile(r"""(["'`])((?i:hx-trigger-after-settle|hx-trigger-after-swap|hx-trigger-name|hx-trigger|"""
                     r"""hx-target|hx-prompt))(?:\1|\s*:)""")
_ENVIRON = re.compile(r"\bHTTP_HX_(?:TRIGGER_NAME|TRIGGER|TARGET|PROMPT)\b")
_TEMPLATE_DETAIL = re.compile(r"\b(?:\w+\.)*htmx\.(trigger_name|trigger|target|prompt)\b(?!\s*\()")
_LINE_COMMENTS = ("#", "//", "--", ";", "%", "/*", "*", "@*", "<!--", "{#", "{{!--", "{{/*")


def text_sites(file, headers: Headers, spans: list[tuple[int, int]] | None = None,
               details: bool = False) -> Iterator[Site]:
    """The header names in the file's text (in ``spans`` only, when given): quoted, or as
    WSGI environ keys; with ``details``, `request.htmx.trigger` and its kin too."""
    text = file.text
    ranges = spans if spans is not None else [(0, len(text))]
    for a, b in ranges:
        for m in _QUOTED.finditer(text, a, b):
            value = m.group(2)
            header = headers.of(value)
            if header is None:
                continue
            line = _line_of(text, m.start())
            if _skipped_line(line):
                continue
            if not m.group().endswith(m.group(1)) and "header" not in line.lower():
                continue  # "HX-Trigger: ..." is a header line only where the code says so (PHP's header())
            if value.islower() and header in headers.request.values() and "header" not in line.lower():
                continue  # an attribute name (hx-target=...), unless the line is about headers
            yield Site(m.start(2), m.end(2), header, READ if details else _role_of_line(line), value, "", "",
                       (m.start(2), m.end(2)), template=details)
        for m in _ENVIRON.finditer(text, a, b):
            if _skipped_line(_line_of(text, m.start())):
                continue
            header = headers.environ[m.group().lower()]
            yield Site(m.start(), m.end(), header, READ, m.group(), m.group(), _replacement(header, m.group()),
                       template=details)
        if details:
            for m in _TEMPLATE_DETAIL.finditer(text, a, b):
                header = _DETAILS[m.group(1)]
                yield Site(m.start(), m.end(), header, READ, m.group(1), m.group(), template=True)


def _role_of_line(line: str) -> str:
    """What a line of code in another language does with a header, by the words on it."""
    lower = line.lower()
    request, response = "request" in lower or "req." in lower, "response" in lower or "resp" in lower
    if request and not response:
        return READ
    if response and not request:
        return SET
    return ANY


def _line_of(text: str, offset: int) -> str:
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    return text[start:end if end >= 0 else len(text)]


def _skipped_line(line: str) -> bool:
    """A whole-line comment, or a WebSocket message's ``HEADERS`` (the WebSocket rules')."""
    return line.lstrip().startswith(_LINE_COMMENTS) or "HEADERS" in line


def template_spans(file) -> list[tuple[int, int]]:
    """The template code of a markup file (``{% %}``, ``{{ }}``, ERB, PHP), comments left out."""
    return [(r.start, r.end) for r in file.markup.regions if r.kind != "comment"]


# --- every site of a file --------------------------------------------------------------------------

# What a file with a site holds, one pattern each: each starts with a literal (a word
# boundary is looked behind, after it), which the regular expression engine looks for at
# C speed; one pattern of them all would be tried at every character.
_PRESENT = tuple(re.compile(p) for p in (
    r"""["'`](?i:hx-trigger|hx-target|hx-prompt)""", r"htmx(?<!\whtmx)\.(?:trigger|target|prompt)",
    r"hx_(?<!\whx_)(?:trigger|target|prompt)", "trigger_after_s", r"after\s*=", "trigger_client_event",
    r"Hx(?<!\wHx)(?:Trigger|Target|Prompt|ResponseTrigger)\b"))


_RECENT: dict[tuple, list[Site]] = {}


def sites(file, core: CoreNames) -> list[Site]:
    """Every site of the file, in order; nothing in a vendored copy of htmx. Both rules read
    them: they are found once per text."""
    key = (file.path, file.kind, id(core), file.text)
    found = _RECENT.get(key)
    if found is None:
        found = _sites(file, core)
        if len(_RECENT) >= 4:
            del _RECENT[next(iter(_RECENT))]
        _RECENT[key] = found
    return found


def _sites(file, core: CoreNames) -> list[Site]:
    if "http_hx_" not in file.lower and not any(p.search(file.text) for p in _PRESENT):
        return []
    headers = headers_of(core)
    kind = file.kind
    if kind == "python":
        found = python_sites(file, headers)
    elif kind in ("javascript", "markup"):
        found = []
        if kind == "markup":
            spans = template_spans(file)
            if spans:
                found.extend(text_sites(file, headers, spans, details=True))
        if kind == "javascript" or "<script" in file.lower:
            if kind == "javascript" and vendored_major(file.text[:16384]) is not None:
                return []  # a copy of htmx itself (HX301)
            for script in file.javascript:
                found.extend(code_sites(file, script, "javascript", headers))
    elif kind == "go":
        found = code_sites(file, file.go, "go", headers)
    elif kind == "rust":
        found = code_sites(file, file.rust, "rust", headers)
    elif kind == "other":
        if file.path.lower().endswith((".lock", "-lock.json", ".css", ".scss", ".less", ".svg")):
            return []
        found = list(text_sites(file, headers))
    else:
        return []
    found.sort(key=lambda s: (s.start, s.end))
    unique: list[Site] = []
    for s in found:
        if not unique or (s.start, s.end) != (unique[-1].start, unique[-1].end):
            unique.append(s)
    return unique


def language_name(file) -> str:
    """The language of an "other" file, for a message ("Ruby"), or ""."""
    name = os.path.basename(file.path).lower()
    return _LANGUAGES.get(name[name.rfind("."):], "") if "." in name else ""


_LANGUAGES = {".rb": "Ruby", ".php": "PHP", ".java": "Java", ".kt": "Kotlin", ".kts": "Kotlin", ".cs": "C#",
              ".fs": "F#", ".vb": "Visual Basic", ".ex": "Elixir", ".exs": "Elixir", ".erl": "Erlang",
              ".scala": "Scala", ".groovy": "Groovy", ".clj": "Clojure", ".cr": "Crystal", ".pl": "Perl",
              ".pm": "Perl", ".lua": "Lua", ".dart": "Dart", ".swift": "Swift", ".hs": "Haskell", ".ml": "OCaml",
              ".gleam": "Gleam", ".jl": "Julia", ".nim": "Nim", ".zig": "Zig", ".c": "C", ".cpp": "C++",
              ".cc": "C++", ".templ": "templ", ".yml": "YAML", ".yaml": "YAML", ".toml": "TOML", ".json": "JSON"}


def diagnostic(code: str, site: Site, message: str, fix=None) -> Diagnostic:
    return Diagnostic(code, message, site.start, site.end, fix)
