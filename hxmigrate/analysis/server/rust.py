"""The Rust front-end: what Rust server code sends over a WebSocket, read with tree-sitter.

A send is the construction of a text frame: axum's, tungstenite's and tokio-tungstenite's
``Message::Text(data)`` (and ``Message::text(data)``, warp's among them), whatever sink it
is handed to (``socket.send(...)``, ``sender.send(...)``), and actix's ``session.text(data)``
(actix-ws) and ``ctx.text(data)`` (actix-web-actors) in a file that uses actix. The data
is followed back, within a crate (the ``.rs`` files below one ``Cargo.toml``, or the
whole project without one), through:

* conversions (``.into()``, ``.to_string()``, ``.to_owned()``, ``String::from(x)``,
  ``Utf8Bytes::from(x)``, ``.unwrap()``, ``?``, ``.await``), down to the string literals and
  raw strings that write the HTML, and the formats of ``format!`` (sent strings, rewritten
  in place by the message rules) and the literals of ``concat!``;
* local ``let`` bindings and their assignments, and a ``String`` filled by ``push_str``,
  ``+=`` and ``write!``/``writeln!`` before it is sent;
* Askama and rinja templates: a struct that derives ``Template`` with
  ``#[template(path = "...")]``, rendered with ``.render()`` or ``.to_string()`` (sent
  templates, by name; looked up in the crate's ``templates/`` folder or the ``dirs`` of its
  ``askama.toml``/``rinja.toml``); an inline ``#[template(source = "...")]`` is a sent string;
* the return values of the crate's functions (the last expression of the body, and
  ``return x``), the arguments of calls to a function that sends its parameter, and the
  values sent into a tokio channel whose receiver's values are sent (``tx.send(html)``
  where ``rx`` comes from ``tx.subscribe()`` or ``let (tx, rx) = mpsc::channel(..)``).

A send whose data leads anywhere else (a parameter no call fills, another crate, a JSON
value from ``serde_json``) is *untraced*: the connection elements it may serve are
reported instead (WS111), never assumed to receive nothing.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ...isolation import reading
from ...syntax.rust import STRING_TYPES, RustView, macro_format, operands, string_text
from ...syntax.treesitter import node_key
from .model import (
    RenderSite,
    SentString,
    SentTemplate,
    ServerFacts,
    ServerProject,
    ServerReading,
    Untraced,
)

if TYPE_CHECKING:
    from tree_sitter import Node

LANGUAGE = "rust"
SUFFIXES = (".rs",)

# Words without which a Rust file sends nothing over a WebSocket (actix's ``.text(x)`` is
# a send only in a file that uses actix: see _sends).
SEND_HINT = re.compile(r"\bMessage::(?:Text|text)\s*\(")
_ACTIX_SEND = re.compile(r"\.text\s*\(")
# ... and receives nothing: a received text frame matched, a socket stream read, a message decoded.
RECEIVE_HINT = re.compile(r"\bMessage::Text\s*\(\s*(?:ref\s+)?\w+\s*\)\s*(?:=>|=[^=>])|\bserde_json::from_(?:str|slice)\b|"
                          r"\.next\(\)\s*\.await")
_FUNCS = frozenset({"function_item", "closure_expression"})
# Methods and functions whose value is the string they are given, for what is sent.
_PASS_METHODS = frozenset({"into", "to_string", "to_owned", "clone", "unwrap", "expect", "unwrap_or_default",
                           "as_str", "as_ref", "into_owned", "as_bytes", "into_bytes", "to_vec", "as_deref"})
_PASS_TYPES = frozenset({"String", "Utf8Bytes", "Cow", "ByteString", "Bytes", "Box", "Arc", "Rc", "Str"})
_WRAPPERS = frozenset({"Some", "Ok"})
_SINKS = frozenset({"send", "feed", "send_message", "write", "write_message", "start_send", "unbounded_send",
                    "do_send", "try_send"})
_NEW_STRING = frozenset({"String::new", "String::with_capacity", "String::default"})
_CHANNELS = frozenset({"channel", "unbounded_channel", "sync_channel", "bounded", "unbounded"})
_RECEIVES = frozenset({"recv", "recv_async", "try_recv", "blocking_recv", "recv_timeout"})
_JSON = frozenset({"to_string", "to_string_pretty", "to_vec", "to_vec_pretty", "to_value"})
_ASKAMA = re.compile(r"#\[\s*template\s*\(")
# Where a unit template struct named alone is used as a value (returned, passed, bound).
_UNIT_USES = frozenset({"return_expression", "block", "arguments", "let_declaration", "tuple_expression",
                        "array_expression"})
_MAX_DEPTH = 24


@dataclass
class Function:
    node: "Node"
    name: str  # "" for a closure
    params: list[str]  # without self
    body: "Node | None"

    def label(self) -> str:
        return f"{self.name}()" if self.name else "a closure"


@dataclass
class TemplateStruct:
    """A struct that derives Askama's (or rinja's) ``Template``."""

    path: str | None  # #[template(path = "...")]
    source: "Node | None"  # #[template(source = "...")]: the literal
    module: "RustModule | None" = None  # where the struct is declared


@dataclass
class RustModule:
    """One Rust file: its functions and template structs."""

    path: Path
    rel: str
    view: RustView
    functions: list[Function] = field(default_factory=list)
    templates: dict[str, TemplateStruct] = field(default_factory=dict)

    @classmethod
    def read(cls, path: Path, rel: str, text: str) -> "RustModule":
        module = cls(path, rel, RustView(text))
        for node in module.view.walk(_FUNCS):
            module.functions.append(_function(module.view, node))
        if _ASKAMA.search(text) is not None:
            for item in module.view.walk({"struct_item"}):
                found = _template_struct(module.view, item)
                name = item.child_by_field_name("name")
                if found is not None and name is not None:
                    found.module = module
                    module.templates[module.view.text_of(name)] = found
        return module

    def function_of(self, node: "Node | None") -> Function | None:
        while node is not None and node.type not in _FUNCS:
            node = node.parent
        if node is None:
            return None
        return next((f for f in self.functions if f.node == node), None)

    def line(self, node: "Node") -> int:
        return self.view.line(node)

    def text(self, node: "Node | None") -> str:
        return self.view.text_of(node) if node is not None else ""


def _param_name(view: RustView, node: "Node") -> str:
    pattern = node.child_by_field_name("pattern") if node.type == "parameter" else node
    if pattern is not None and pattern.type == "mut_pattern" and pattern.named_children:
        pattern = pattern.named_children[-1]
    return view.text_of(pattern) if pattern is not None and pattern.type == "identifier" else ""


def _function(view: RustView, node: "Node") -> Function:
    name_node = node.child_by_field_name("name") if node.type == "function_item" else None
    params: list[str] = []
    plist = node.child_by_field_name("parameters")
    if plist is not None:
        for p in plist.named_children:
            if p.type in ("self_parameter", "attribute_item", "line_comment", "block_comment"):
                continue
            params.append(_param_name(view, p))
    return Function(node, view.text_of(name_node) if name_node is not None else "", params,
                    node.child_by_field_name("body"))


def attributes(view: RustView, item: "Node") -> list[tuple[str, "Node"]]:
    """(name, token tree) of the outer attributes written just before ``item``:
    ``#[derive(...)]`` gives ("derive", the tree of ``(...)``)."""
    out = []
    node = item.prev_named_sibling
    while node is not None and node.type in ("attribute_item", "line_comment", "block_comment"):
        if node.type == "attribute_item":
            attr = next((c for c in node.named_children if c.type == "attribute"), None)
            if attr is not None and attr.named_children:
                args = attr.child_by_field_name("arguments")
                if args is not None:
                    out.append((view.text_of(attr.named_children[0]), args))
        node = node.prev_named_sibling
    out.reverse()
    return out


def derives(view: RustView, item: "Node") -> set[str]:
    """The traits ``item`` derives, by their last name: {"Deserialize", "Template"}."""
    out = set()
    for name, args in attributes(view, item):
        if name == "derive":
            out.update(re.findall(r"(\w+)\s*(?:,|\)|$)", view.text_of(args)))
    return out


def attribute_strings(view: RustView, tree: "Node") -> list[tuple[str, "Node"]]:
    """(key, string literal) of each ``key = "..."`` in an attribute's token tree."""
    out = []
    children = tree.children
    for i, child in enumerate(children):
        if child.type in STRING_TYPES and i >= 2 and children[i - 1].type == "=" \
                and children[i - 2].type == "identifier":
            out.append((view.text_of(children[i - 2]), child))
    return out


def literal_value(view: RustView, node: "Node") -> str | None:
    """The value of a string literal without placeholders, or None."""
    st = string_text(view, node)
    return st.text if st is not None else None


def _template_struct(view: RustView, item: "Node") -> TemplateStruct | None:
    if "Template" not in derives(view, item):
        return None
    for name, args in attributes(view, item):
        if name != "template":
            continue
        path, source = None, None
        for key, literal in attribute_strings(view, args):
            if key == "path":
                path = literal_value(view, literal)
            elif key == "source":
                source = literal
        if path is not None or source is not None:
            return TemplateStruct(path, source)
    return None


def _strip(node: "Node | None") -> "Node | None":
    """The expression without parentheses, ``&``, ``?`` and ``.await``."""
    while node is not None:
        if node.type == "parenthesized_expression" and node.named_child_count == 1:
            node = node.named_children[0]
        elif node.type in ("reference_expression", "try_expression", "await_expression") and node.named_children:
            node = node.named_children[-1] if node.type == "reference_expression" else node.named_children[0]
        else:
            return node
    return None


def _callee(module: RustModule, call: "Node") -> tuple["Node | None", str, str]:
    """(receiver node of a method call or None, path of a function call as written or "",
    the last name): (``socket``, "", "send"), (None, "Message::Text", "Text")."""
    fn = call.child_by_field_name("function")
    if fn is None:
        return None, "", ""
    if fn.type == "field_expression":
        return fn.child_by_field_name("value"), "", module.text(fn.child_by_field_name("field"))
    if fn.type == "generic_function":
        fn = fn.child_by_field_name("function") or fn
    path = module.text(fn)
    return None, path, path.rsplit("::", 1)[-1]


def _args(call: "Node") -> list["Node"]:
    args = call.child_by_field_name("arguments")
    return [c for c in args.named_children if c.type not in ("line_comment", "block_comment", "attribute_item")] \
        if args is not None else []


def _name_of(module: RustModule, node: "Node | None") -> str | None:
    """The name a channel end goes by in its crate: the field of ``state.tx``, or a variable's name."""
    node = _strip(node)
    if node is None:
        return None
    if node.type == "field_expression":
        return module.text(node.child_by_field_name("field"))
    if node.type in ("identifier", "self"):
        return module.text(node)
    return None


def _macro_name(module: RustModule, macro: "Node") -> str:
    name = macro.child_by_field_name("macro")
    return module.text(name).rsplit("::", 1)[-1] if name is not None else ""


def _tails(node: "Node | None") -> list["Node"]:
    """The expressions a block (or an ``if``/``match`` of blocks) evaluates to."""
    node = _strip(node)
    if node is None:
        return []
    if node.type in ("block", "unsafe_block", "async_block"):
        block = node if node.type == "block" else next((c for c in node.named_children if c.type == "block"), None)
        items = [c for c in block.named_children if c.type not in ("line_comment", "block_comment")] if block else []
        if not items:
            return []
        last = items[-1]
        if last.type == "expression_statement":
            if last.children and last.children[-1].type == ";":
                return []
            return _tails(last.named_children[0]) if last.named_children else []
        if last.type.endswith("_declaration") or last.type.endswith("_item"):
            return []
        return _tails(last)
    if node.type == "if_expression":
        out = _tails(node.child_by_field_name("consequence"))
        alt = node.child_by_field_name("alternative")
        if alt is not None:
            out += _tails(alt.named_children[0] if alt.named_children else None)
        return out
    if node.type == "else_clause":
        return _tails(node.named_children[0] if node.named_children else None)
    if node.type == "match_expression":
        body = node.child_by_field_name("body")
        out = []
        for arm in body.named_children if body is not None else []:
            if arm.type == "match_arm":
                out += _tails(arm.child_by_field_name("value"))
        return out
    return [node]


def _pattern_binds(module: RustModule, pattern: "Node | None", name: str) -> bool:
    """Whether the pattern binds ``name`` as the whole value, or as the one value of
    ``Some(..)``/``Ok(..)``."""
    pattern = pattern if pattern is None or pattern.type != "mut_pattern" else pattern.named_children[-1]
    if pattern is None:
        return False
    if pattern.type == "identifier":
        return module.text(pattern) == name
    if pattern.type == "tuple_struct_pattern":
        kind = pattern.child_by_field_name("type")
        inner = [c for c in pattern.named_children if c != kind]
        return module.text(kind) in _WRAPPERS and len(inner) == 1 and _pattern_binds(module, inner[0], name)
    return False


class _Crate:
    """The ``.rs`` files of one crate, and the sends traced through them."""

    def __init__(self, modules: list[RustModule]) -> None:
        self.modules = modules
        self.functions: dict[str, list[tuple[RustModule, Function]]] = {}
        self.template_structs: dict[str, TemplateStruct] = {}
        for m in modules:
            self.template_structs.update(m.templates)
            for f in m.functions:
                if f.name:
                    self.functions.setdefault(f.name, []).append((m, f))
        self.strings: dict[Path, dict[tuple[int, int], SentString]] = {}
        self.templates: list[SentTemplate] = []
        # Template structs built, and .render() calls, that a traced send renders: (file, start byte)
        self.sent_sites: set[tuple[Path, int]] = set()
        self.untraced: list[Untraced] = []
        self.serving: set[Path] = set()
        self.receiving: str | None = None  # where the crate receives WebSocket data
        # What was followed, and whether it led to what writes it all (True while it is
        # being followed: a recursion adds nothing).
        self._channels_done: dict[str, bool] = {}
        self._params_done: dict[tuple[str, int], bool] = {}
        self._returns_done: dict[str, bool] = {}
        self._why = ""

    # --- the sends ---------------------------------------------------------------------

    def run(self) -> None:
        for m in self.modules:
            text = m.view.text
            if RECEIVE_HINT.search(text) is not None:
                self.serving.add(m.path)
            if not _sends(text):
                continue
            actix = "actix" in text
            for call in m.view.walk({"call_expression"}):
                found = self._send(m, call, actix)
                if found is None:
                    continue
                value, how, short = found
                self.serving.add(m.path)
                fn = m.function_of(call)
                where = f"{m.rel}:{m.line(call)}" + (f" ({fn.label()})" if fn is not None and fn.name else "")
                self._why = ""
                if not self._trace(m, value, fn, f"sent with {how} in {where}", 0):
                    self.untraced.append(Untraced(m.path, m.line(call), short, self._why))
        for m in self.modules:
            found = RECEIVE_HINT.search(m.view.text)
            if found is not None:
                self.receiving = f"{m.rel}:{m.view.text.count(chr(10), 0, found.start()) + 1}"
                break

    def _send(self, m: RustModule, call: "Node", actix: bool) -> tuple["Node", str, str] | None:
        """(the data a call sends as a text frame, how it is written, the call's name) or None."""
        receiver, path, name = _callee(m, call)
        args = _args(call)
        if len(args) != 1:
            return None
        if receiver is None and name in ("Text", "text") and path.rsplit("::", 1)[0].endswith("Message"):
            ctor = path.rsplit("::", 2)[-2] + "::" + name if "::" in path else path
            how = ctor
            outer = call.parent.parent if call.parent is not None and call.parent.type == "arguments" else None
            if outer is not None and outer.type == "call_expression":
                sink, _, method = _callee(m, outer)
                if sink is not None and method in _SINKS:
                    how = f"{m.text(sink)}.{method}({ctor})"
            return args[0], how, ctor
        if actix and receiver is not None and name == "text":
            return args[0], f"{m.text(receiver)}.text", "text"
        return None

    # --- following data ------------------------------------------------------------------

    def _trace(self, m: RustModule, node: "Node | None", fn: Function | None, how: str, depth: int) -> bool:
        """Follow the data ``node`` evaluates to down to what writes it; False when some of
        it leads where hxmigrate cannot follow."""
        node = _strip(node)
        if node is None or depth > _MAX_DEPTH:
            return False
        t = node.type
        if t in STRING_TYPES:
            if string_text(m.view, node) is None:
                return False  # a byte string
            self._string(m, node, False, how)
            return True
        if t == "macro_invocation":
            return self._macro(m, node, how)
        if t == "binary_expression" and len(operands(node)) > 1:
            # "<p>" + &name + "</p>", String::from("<p>") + x: one string, the other operands opaque
            if string_text(m.view, node) is None:
                return False
            self._string(m, node, False, how)
            return True
        if t == "call_expression":
            return self._call(m, node, fn, how, depth)
        if t == "identifier":
            return self._name(m, node, fn, how, depth)
        if t == "struct_expression":
            return self._rendered(m, node, how)
        if t in ("block", "if_expression", "match_expression", "unsafe_block", "async_block"):
            tails = _tails(node)
            return bool(tails) and all(self._trace(m, x, fn, how, depth + 1) for x in tails)
        return False

    def _string(self, m: RustModule, node: "Node", fmt: bool, how: str) -> None:
        start, end = m.view.span(node)
        self.strings.setdefault(m.path, {}).setdefault(
            (start, end), SentString(start, end, fmt, how, node_key(m.view.root, node)))

    def _macro(self, m: RustModule, macro: "Node", how: str) -> bool:
        name = _macro_name(m, macro)
        if name == "format":
            literal = macro_format(m.view, macro)
            if literal is None or string_text(m.view, literal, True) is None:
                return False
            self._string(m, literal, True, how)
            return True
        if name == "concat":
            tree = next((c for c in macro.named_children if c.type == "token_tree"), None)
            items = tree.named_children if tree is not None else []
            if not items or any(c.type not in STRING_TYPES for c in items):
                return False
            for literal in items:
                self._string(m, literal, False, how)
            return True
        if name == "json":
            self._why = "its message is JSON (serde_json::json!): its keys are not checked"
        return False

    def _call(self, m: RustModule, call: "Node", fn: Function | None, how: str, depth: int) -> bool:
        receiver, path, name = _callee(m, call)
        args = _args(call)
        if receiver is not None:
            if name == "render" and not args:
                template = self._template_of(m, receiver, fn)
                if template is not None:
                    return self._rendered(m, template, how)
                received = self._received_template(m, receiver, fn)
                if received is not None:
                    self.sent_sites.add((m.path, call.start_byte))
                    return self._rendered_struct(m, received, call, how)
            if name == "to_string" and not args:
                template = self._template_of(m, receiver, fn)
                if template is not None:
                    return self._rendered(m, template, how)
            if name in _PASS_METHODS:
                return self._trace(m, receiver, fn, how, depth + 1)
            if name in _RECEIVES and not args:
                return self._channel_values(self._channel_of(m, receiver, fn), how, depth)
            if name in self.functions:
                return self._returns(name, how, depth)
            return False
        owner = path.rsplit("::", 1)[0] if "::" in path else ""
        if name in _WRAPPERS and len(args) == 1 and not owner:
            return self._trace(m, args[0], fn, how, depth + 1)
        if name == "from" and owner.rsplit("::", 1)[-1] in _PASS_TYPES and len(args) == 1:
            return self._trace(m, args[0], fn, how, depth + 1)
        if name in ("Text", "text") and owner.endswith("Message") and len(args) == 1:
            return self._trace(m, args[0], fn, how, depth + 1)  # a frame handed through a channel
        if owner.endswith("serde_json") and name in _JSON:
            self._why = "its message is JSON (serde_json): its keys are not checked"
            return False
        if name in self.functions and (not owner or owner in ("Self", "self") or owner[:1].isupper()
                                       or self._in_module(owner, name)):
            return self._returns(name, how, depth)
        return False

    def _in_module(self, owner: str, name: str) -> bool:
        """Whether ``owner::name`` is a function of the crate called through its module's path
        (``messages::online``, ``crate::views::render``, ``super::render``)."""
        last = owner.rsplit("::", 1)[-1]
        if last in ("crate", "super"):
            return True
        return any(m.path.stem == last or (m.path.stem == "mod" and m.path.parent.name == last)
                   for m, _ in self.functions.get(name, ()))

    def _template_of(self, m: RustModule, node: "Node | None", fn: Function | None) -> "Node | None":
        """The struct expression of a template struct that ``node`` is (directly or by a local name)."""
        node = _strip(node)
        if node is None:
            return None
        if node.type == "struct_expression":
            name = node.child_by_field_name("name")
            return node if m.text(name).rsplit("::", 1)[-1] in self.template_structs else None
        if node.type == "identifier" and fn is not None:
            values = self._assigned(m, fn, m.text(node), node)[0]
            if len(values) == 1:
                return self._template_of(m, values[0], fn)
        return None

    def _received_template(self, m: RustModule, node: "Node | None", fn: Function | None) -> str | None:
        """The template struct a value received from a channel of the crate is, by the
        channel's element type: ``while let Ok(msg) = rx.recv().await { msg.render() }``
        where ``rx`` subscribes to a ``tx: broadcast::Sender<ChatMessage>``."""
        node = _strip(node)
        if node is None or node.type != "identifier" or fn is None or fn.body is None:
            return None
        name = m.text(node)
        for binding in m.view.walk({"let_condition", "let_declaration"}, fn.body):
            if binding.start_byte >= node.start_byte:
                break
            pattern, value = binding.child_by_field_name("pattern"), _strip(binding.child_by_field_name("value"))
            if not _pattern_binds(m, pattern, name) or value is None or value.type != "call_expression":
                continue
            receiver, _, method = _callee(m, value)
            if receiver is None or method not in _RECEIVES:
                continue
            channel = self._channel_of(m, receiver, fn)
            element = self._channel_type(channel) if channel is not None else None
            if element in self.template_structs:
                return element
        return None

    def other_renders(self) -> dict[Path, list[RenderSite]]:
        """Where a template struct is built, or rendered, for something else than a traced
        WebSocket send (an HTTP response, most often: axum returns a template as a response):
        the message rules keep such a template's elements in a form both uses read (WS206)."""
        out: dict[Path, list[RenderSite]] = {}
        names = self.template_structs
        if not names:
            return out
        for m in self.modules:
            if ".render()" not in m.view.text and not any(name in m.view.text for name in names):
                continue
            for node in m.view.walk({"struct_expression", "call_expression", "identifier"}):
                if (m.path, node.start_byte) in self.sent_sites:
                    continue
                found = None
                if node.type == "struct_expression":
                    found = m.text(node.child_by_field_name("name")).rsplit("::", 1)[-1]
                elif node.type == "identifier" and node.parent is not None and node.parent.type in _UNIT_USES:
                    found = m.text(node)  # a unit struct: `IndexTemplate` returned as it is
                elif node.type == "call_expression":
                    receiver, _, method = _callee(m, node)
                    if method == "render" and receiver is not None:
                        found = self._rendered_type(m, receiver)
                template = names.get(found) if found else None
                if template is None or template.path is None:
                    continue
                start = m.view.start(node)
                out.setdefault(m.path, []).append(RenderSite(start, m.line(node), template.path, "http"))
        return out

    def _rendered_type(self, m: RustModule, receiver: "Node") -> str | None:
        """The template struct a ``.render()`` receiver is, where the code says: a local
        bound to a struct expression, or the item of an iterator over a call whose crate
        function returns a collection of one template struct (``history().iter().map(|m|
        m.render())``)."""
        fn = m.function_of(receiver)
        struct = self._template_of(m, receiver, fn)
        if struct is not None:
            return m.text(struct.child_by_field_name("name")).rsplit("::", 1)[-1]
        receiver = _strip(receiver)
        if receiver is None or receiver.type != "identifier":
            return None
        closure = receiver.parent
        while closure is not None and closure.type != "closure_expression":
            closure = closure.parent
        chain = closure.parent.parent if closure is not None and closure.parent is not None else None
        while chain is not None and chain.type in ("call_expression", "field_expression", "arguments"):
            if chain.type == "call_expression":
                _, _, called = _callee(m, chain)
                for owner, f in self.functions.get(called, ()):
                    returns = f.node.child_by_field_name("return_type")
                    text = owner.text(returns) if returns is not None else ""
                    named = [n for n in self.template_structs if re.search(rf"\b{n}\b", text)]
                    if len(named) == 1:
                        return named[0]
            first = chain.named_children[0] if chain.named_children else None
            chain = first if first is not None and first.type in ("call_expression", "field_expression") else None
        return None

    def _channel_type(self, channel: str) -> str | None:
        """The element type of the crate's channel whose sender goes by ``channel``: from a
        field ``channel: broadcast::Sender<T>`` or ``let (channel, _) = ...channel::<T>(..)``."""
        declared = re.compile(r"(?:Sender|Receiver)\s*<\s*(?:[\w:]+::)?(\w+)\s*>")
        made = re.compile(r"channel\s*::\s*<\s*(?:[\w:]+::)?(\w+)\s*>")
        for m in self.modules:
            if channel not in m.view.text:
                continue
            for field in m.view.walk({"field_declaration"}):
                named = field.child_by_field_name("name")
                kind = field.child_by_field_name("type")
                if named is not None and kind is not None and m.text(named) == channel:
                    found = declared.search(m.text(kind))
                    if found is not None:
                        return found.group(1)
            for binding in m.view.walk({"let_declaration"}):
                pattern = binding.child_by_field_name("pattern")
                if pattern is not None and _pattern_binds(m, pattern, channel):
                    found = made.search(m.text(binding.child_by_field_name("value")) or "")
                    if found is not None:
                        return found.group(1)
        return None

    def _rendered_struct(self, m: RustModule, name: str, site: "Node", how: str) -> bool:
        template = self.template_structs[name]
        if template.path is None:
            return False
        reason = f"rendered in {m.rel}:{m.line(site)} ({name}, received from a channel) and {how}"
        self.templates.append(SentTemplate(template.path, reason, site=Untraced(m.path, m.line(site), "render")))
        return True

    def _rendered(self, m: RustModule, struct: "Node", how: str) -> bool:
        name = m.text(struct.child_by_field_name("name")).rsplit("::", 1)[-1]
        template = self.template_structs.get(name)
        self.sent_sites.add((m.path, struct.start_byte))
        if template is None:
            return False
        if template.path is not None:
            reason = f"rendered in {m.rel}:{m.line(struct)} ({name}) and {how}"
            self.templates.append(SentTemplate(template.path, reason, site=Untraced(m.path, m.line(struct), name)))
            return True
        owner, source = template.module, template.source
        if owner is None or source is None or string_text(owner.view, source) is None:
            return False
        self._string(owner, source, False, how)
        return True

    def _returns(self, name: str, how: str, depth: int) -> bool:
        ok = True
        for m, f in self.functions.get(name, ()):
            if f.body is None:
                return False
            key = f"{m.path}:{f.node.start_byte}"
            if key in self._returns_done:
                ok = self._returns_done[key] and ok
                continue
            self._returns_done[key] = True
            values = list(_tails(f.body))
            for ret in m.view.walk({"return_expression"}, f.body):
                if m.function_of(ret) is f and ret.named_children:
                    values.append(ret.named_children[0])
            traced = bool(values)
            for value in values:
                traced = self._trace(m, value, f, how, depth + 1) and traced
            self._returns_done[key] = traced
            ok = traced and ok
        return ok and bool(self.functions.get(name))

    def _name(self, m: RustModule, ident: "Node", fn: Function | None, how: str, depth: int) -> bool:
        name = m.text(ident)
        if fn is None:
            return False
        values, writes = self._assigned(m, fn, name, ident)
        if values:
            ok = True
            for value in values:
                if m.text(_strip(value)).replace(" ", "").split("(", 1)[0] in _NEW_STRING:
                    continue  # an empty String, filled by the writes
                ok = self._trace(m, value, fn, how, depth + 1) and ok
            for kind, value in writes:
                if kind == "format":
                    if value is None or string_text(m.view, value, True) is None:
                        ok = False
                    else:
                        self._string(m, value, True, how)
                else:
                    ok = self._trace(m, value, fn, how, depth + 1) and ok
            return ok
        bound = self._bound(m, fn, name, ident)
        if bound is not None:
            return self._trace(m, bound, fn, how, depth + 1)
        if name in fn.params:
            if fn.name:
                return self._param_values(fn.name, fn.params.index(name), how, depth)
            return False  # a closure's parameter
        outer = m.function_of(fn.node.parent) if fn.node.parent is not None else None
        if outer is not None:
            return self._name(m, ident, outer, how, depth + 1)
        return False

    def _assigned(self, m: RustModule, fn: Function, name: str, before: "Node") \
            -> tuple[list["Node"], list[tuple[str, "Node | None"]]]:
        """The values given to a local ``name`` in ``fn`` before ``before``: the last
        ``let name = v`` and the assignments after it, and what is written into it
        (("value", v) for ``name.push_str(v)`` and ``name += v``, ("format", literal) for
        ``write!(name, "...")``)."""
        if fn.body is None:
            return [], []
        last = None
        for node in m.view.walk({"let_declaration"}, fn.body):
            if node.start_byte >= before.start_byte:
                break
            if node.end_byte > before.start_byte:
                continue  # the use is in its value: `let html = html.into();`
            value = node.child_by_field_name("value")
            if value is not None and _pattern_binds(m, node.child_by_field_name("pattern"), name) \
                    and node.child_by_field_name("pattern").type != "tuple_struct_pattern":
                last = node
        if last is None:
            return [], []
        values = [last.child_by_field_name("value")]
        writes: list[tuple[str, "Node | None"]] = []
        for node in m.view.walk({"assignment_expression", "compound_assignment_expr", "call_expression",
                                 "macro_invocation"}, fn.body):
            if node.start_byte <= last.end_byte:
                continue
            if node.start_byte >= before.start_byte:
                break
            if node.type in ("assignment_expression", "compound_assignment_expr"):
                left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
                if m.text(left) != name or right is None:
                    continue
                if node.type == "assignment_expression":
                    values.append(right)
                else:
                    writes.append(("value", right))
            elif node.type == "call_expression":
                receiver, _, method = _callee(m, node)
                args = _args(node)
                if receiver is not None and m.text(receiver) == name and method in ("push_str", "push") and args:
                    writes.append(("value", args[0]))
            elif _macro_name(m, node) in ("write", "writeln"):
                tree = next((c for c in node.named_children if c.type == "token_tree"), None)
                first = tree.named_children[0] if tree is not None and tree.named_children else None
                if first is not None and first.type == "identifier" and m.text(first) == name:
                    writes.append(("format", macro_format(m.view, node)))
        return values, writes

    def _bound(self, m: RustModule, fn: Function, name: str, before: "Node") -> "Node | None":
        """The value a pattern binds ``name`` to: ``while let Some(m) = rx.recv().await``,
        ``let Ok(m) = x else {..}``, a ``match`` arm ``Ok(m) =>`` on ``rx.recv().await``."""
        if fn.body is None:
            return None
        found = None
        for node in m.view.walk({"let_condition", "let_declaration", "match_expression"}, fn.body):
            if node.start_byte >= before.start_byte:
                break
            value = node.child_by_field_name("value")
            if node.type == "match_expression":
                body = node.child_by_field_name("body")
                for arm in body.named_children if body is not None else []:
                    pattern = arm.child_by_field_name("pattern") if arm.type == "match_arm" else None
                    inner = pattern.named_children[0] if pattern is not None and pattern.named_children else None
                    if _pattern_binds(m, inner, name) and arm.start_byte < before.start_byte < arm.end_byte:
                        found = value
            elif _pattern_binds(m, node.child_by_field_name("pattern"), name):
                found = value
        return found

    def _channel_of(self, m: RustModule, receiver: "Node", fn: Function | None) -> str | None:
        """The name of the sender whose values the receiver ``receiver`` gets: ``tx`` for an
        ``rx`` from ``tx.subscribe()`` or ``let (tx, rx) = mpsc::channel(..)``."""
        receiver = _strip(receiver)
        if receiver is None or receiver.type != "identifier" or fn is None:
            return None
        name = m.text(receiver)
        scope: Function | None = fn
        while scope is not None and scope.body is not None:
            values, _ = self._assigned(m, scope, name, receiver)
            for value in values:
                value = _strip(value)
                if value is not None and value.type == "call_expression":
                    sender, _, method = _callee(m, value)
                    if sender is not None and method in ("subscribe", "resubscribe"):
                        return _name_of(m, sender)
            for node in m.view.walk({"let_declaration"}, scope.body):
                pattern, value = node.child_by_field_name("pattern"), _strip(node.child_by_field_name("value"))
                if pattern is None or pattern.type != "tuple_pattern" or value is None \
                        or value.type != "call_expression" or _callee(m, value)[2] not in _CHANNELS:
                    continue
                names = [m.text(c.named_children[-1] if c.type == "mut_pattern" else c) for c in pattern.named_children]
                if len(names) == 2 and names[1] == name:
                    return names[0]
            scope = m.function_of(scope.node.parent) if scope.node.parent is not None else None
        return None

    def _channel_values(self, channel: str | None, how: str, depth: int) -> bool:
        """Follow the values sent into a channel of the crate (``tx.send(v)``, ``state.tx.send(v)``)."""
        if channel is None:
            return False
        if channel in self._channels_done:
            return self._channels_done[channel]
        self._channels_done[channel] = True
        ok, found = True, False
        for m in self.modules:
            if channel not in m.view.text:
                continue
            for call in m.view.walk({"call_expression"}):
                receiver, _, method = _callee(m, call)
                args = _args(call)
                if receiver is None or method not in ("send", "try_send", "send_async", "blocking_send") \
                        or len(args) != 1 or _name_of(m, receiver) != channel:
                    continue
                found = True
                ok = self._trace(m, args[0], m.function_of(call), how, depth + 1) and ok
        self._channels_done[channel] = ok and found
        return ok and found

    def _param_values(self, function: str, index: int, how: str, depth: int) -> bool:
        """Follow the arguments given to parameter ``index`` of the crate's ``function``."""
        key = (function, index)
        if key in self._params_done:
            return self._params_done[key]
        self._params_done[key] = True
        ok, found = True, False
        for m in self.modules:
            if function not in m.view.text:
                continue
            for call in m.view.walk({"call_expression"}):
                if _callee(m, call)[2] != function:
                    continue
                args = _args(call)
                if index >= len(args):
                    continue
                found = True
                ok = self._trace(m, args[index], m.function_of(call), how, depth + 1) and ok
        self._params_done[key] = ok and found
        return ok and found


def _sends(text: str) -> bool:
    return SEND_HINT.search(text) is not None or ("actix" in text and _ACTIX_SEND.search(text) is not None)


def read_rust(path: Path, cannot_read) -> str | None:
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
        cannot_read(path, "cannot read: not UTF-8 (Rust source is UTF-8)")
        return None


def crate_root(path: Path, root: Path, cache: dict[Path, Path]) -> Path:
    """The folder of the ``Cargo.toml`` nearest above ``path`` within the project, else the project root."""
    folder = path.parent
    seen = []
    found = root
    while True:
        if folder in cache:
            found = cache[folder]
            break
        seen.append(folder)
        if (folder / "Cargo.toml").is_file():
            found = folder
            break
        if folder == root or folder.parent == folder or root not in folder.parents:
            break
        folder = folder.parent
    for f in seen:
        cache[f] = found
    return found


def template_dirs(crate: Path, cannot_read) -> list[Path]:
    """The folders Askama (or rinja) looks templates up in: the ``dirs`` of the crate's
    ``askama.toml``/``rinja.toml``, else ``templates``."""
    for name in ("askama.toml", "rinja.toml"):
        config = crate / name
        if not config.is_file():
            continue
        try:
            table = tomllib.loads(config.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            cannot_read(config, f"cannot read: {exc}")
            continue
        dirs = table.get("general", {}).get("dirs") if isinstance(table.get("general"), dict) else None
        if isinstance(dirs, list) and all(isinstance(d, str) for d in dirs):
            return [crate / d for d in dirs]
    return [crate / "templates"]


def read(project: ServerProject) -> ServerReading:
    """The templates and strings the project's Rust crates send over a WebSocket."""
    texts: dict[Path, str] = {}
    for path in project.files(SUFFIXES):
        text = read_rust(path, project.cannot_read)
        if text is not None:
            texts[path] = text
    roots: dict[Path, Path] = {}
    crates: dict[Path, list[Path]] = {}
    for path in texts:
        crates.setdefault(crate_root(path, project.root, roots), []).append(path)
    facts = ServerFacts()
    sent: list[SentTemplate] = []
    untraced: list[Untraced] = []
    serving: set[Path] = set()
    renders: dict[Path, list[RenderSite]] = {}
    for root, paths in crates.items():
        if any(_ASKAMA.search(texts[p]) for p in paths):
            for folder in template_dirs(root, project.cannot_read):
                project.add_template_dir(folder)
        # Only the crates that send or receive: a crate is read whole, since its sends may
        # be traced into any of its files.
        if not any(_sends(texts[p]) or RECEIVE_HINT.search(texts[p]) for p in paths):
            continue
        modules = []
        for path in paths:
            try:
                reading(path)  # the grammar is native code: a crash must name this file
                modules.append(RustModule.read(path, project.rel(path), texts[path]))
            except (RecursionError, ValueError) as exc:
                project.cannot_read(path, f"cannot read: {exc}")
        crate = _Crate(modules)
        try:
            crate.run()
        except RecursionError:
            continue
        sent.extend(crate.templates)
        untraced.extend(crate.untraced)
        serving |= crate.serving
        for path, found in crate.strings.items():
            facts.strings[path] = sorted(found.values(), key=lambda s: s.start)
        if crate.receiving is not None:
            # Its structs may be what a received message is decoded into, in any of its files.
            for m in modules:
                facts.receives[m.path] = {"": f"the crate receives WebSocket data ({crate.receiving})"}
        renders.update(crate.other_renders())
    return ServerReading(LANGUAGE, sent, renders, serving, facts, untraced)
