"""JavaScript helpers both rule families share, which know nothing of htmx: the shapes of
tree-sitter nodes (string values, member paths, call arguments, parameters), the removal
and insertion of statements and list items, and the named functions of a file with the
places their names occur."""

from __future__ import annotations

import re
import weakref
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable, Iterable, Iterator

from ..edits import Edit

if TYPE_CHECKING:
    from tree_sitter import Node

    from ..syntax.javascript import Script

# --- node shapes -------------------------------------------------------------------------

GLOBALS = ("window", "globalThis", "self")
FUNCTIONS = frozenset({"function_expression", "function", "arrow_function", "function_declaration"})
TS_WRAPPERS = frozenset({"as_expression", "satisfies_expression", "non_null_expression", "type_assertion",
                          "parenthesized_expression"})


def unwrap(node: "Node") -> "Node":
    """The expression inside parentheses and TypeScript casts."""
    while node is not None and node.type in TS_WRAPPERS:
        inner = [c for c in node.named_children if c.type not in ("type_arguments",) and not c.type.endswith("type")
                 and c.type not in ("predefined_type", "type_identifier", "generic_type", "comment")]
        if not inner:
            break
        node = inner[0]
    return node


def string_value(script: "Script", node: "Node") -> str | None:
    """The value of a string literal (or a template literal without substitutions)
    with no escape sequences; None for anything else."""
    if node is None or node.type not in ("string", "template_string"):
        return None
    for child in node.named_children:
        if child.type not in ("string_fragment",):
            return None
    text = script.text_of(node)
    return text[1:-1] if len(text) >= 2 else None


def property_name(script: "Script", node: "Node") -> str | None:
    """The key of a pair, or the name of a member/subscript property."""
    if node is None:
        return None
    if node.type in ("property_identifier", "identifier", "shorthand_property_identifier"):
        return script.text_of(node)
    return string_value(script, node)


def member_path(script: "Script", node: "Node") -> list[str] | None:
    """``htmx.config["ws"]`` -> ["htmx", "config", "ws"]; None for other shapes.
    A leading ``window.``/``globalThis.``/``self.`` is dropped."""
    parts: list[str] = []
    node = unwrap(node)
    while node is not None:
        if node.type == "member_expression":
            prop = node.child_by_field_name("property")
            if prop is None or prop.type not in ("property_identifier",):
                return None
            parts.append(script.text_of(prop))
            node = unwrap(node.child_by_field_name("object"))
        elif node.type == "subscript_expression":
            name = string_value(script, node.child_by_field_name("index"))
            if name is None:
                return None
            parts.append(name)
            node = unwrap(node.child_by_field_name("object"))
        elif node.type == "identifier":
            parts.append(script.text_of(node))
            break
        else:
            return None
    parts.reverse()
    while len(parts) > 1 and parts[0] in GLOBALS:
        parts.pop(0)
    return parts


def statement_of(node: "Node") -> "Node | None":
    """The expression statement whose whole expression is ``node``."""
    parent = node.parent
    if parent is not None and parent.type == "expression_statement":
        return parent
    return None


def removable(statement: "Node") -> bool:
    """A statement that can go without changing what the code around it means."""
    parent = statement.parent
    return parent is not None and parent.type in ("program", "statement_block", "switch_case", "switch_default")


def function_params(node: "Node") -> list[str] | None:
    """Names of a function's parameters (None when one is not a plain name)."""
    single = node.child_by_field_name("parameter")
    if single is not None:
        return [single.text.decode("utf-8")] if single.type == "identifier" else None
    params = node.child_by_field_name("parameters")
    if params is None:
        return []
    names = []
    for p in params.named_children:
        if p.type == "comment":
            continue
        if p.type == "identifier":
            names.append(p.text.decode("utf-8"))
        elif p.type in ("required_parameter", "optional_parameter"):
            pattern = p.child_by_field_name("pattern")
            if pattern is None or pattern.type != "identifier":
                return None
            names.append(pattern.text.decode("utf-8"))
        else:
            return None
    return names


def call_arguments(node: "Node") -> list["Node"]:
    args = node.child_by_field_name("arguments")
    if args is None:
        return []
    return [a for a in args.named_children if a.type != "comment"]


def call_of(node: "Node") -> "tuple[Node | None, int]":
    """(the call whose argument the node is, the argument's index) or (None, -1)."""
    parent = node.parent
    if parent is None or parent.type != "arguments":
        return None, -1
    call = parent.parent
    if call is None or call.type not in ("call_expression", "new_expression"):
        return None, -1
    for i, arg in enumerate(call_arguments(call)):
        if arg == node:
            return call, i
    return None, -1


def method_of(script: "Script", call: "Node") -> str | None:
    """`addEventListener` of `x.addEventListener(...)`, `on` of `$(x).on(...)`."""
    fn = call.child_by_field_name("function")
    if fn is not None and fn.type == "member_expression":
        prop = fn.child_by_field_name("property")
        return script.text_of(prop) if prop is not None else None
    return None


def registrations(script: "Script", node: "Node") -> "list[tuple[Node, Node, int]]":
    """(call, the argument naming the event, its index) for each call a string (an event's
    name) is given to: directly, or through a `const` the calls name."""
    call, index = call_of(node)
    if call is not None:
        return [(call, node, index)]
    decl = node.parent
    if decl is None or decl.type != "variable_declarator" or decl.child_by_field_name("value") != node:
        return []
    name_node = decl.child_by_field_name("name")
    if name_node is None or name_node.type != "identifier" or decl.parent is None or \
            decl.parent.child(0) is None or decl.parent.child(0).type != "const":
        return []
    name = script.text_of(name_node)
    out = []
    for ident in script.walk({"identifier"}):
        if ident == name_node or script.text_of(ident) != name:
            continue
        call, index = call_of(ident)
        if call is not None:
            out.append((call, ident, index))
    return out


# Calls that take a handler away rather than run it.
REMOVALS = frozenset({"off", "unbind", "removeEventListener", "removeListener"})
# What can hold a handler passed by reference (`addEventListener(n, handler, options)`).
HANDLER_REFERENCES = ("identifier", "member_expression", "call_expression")


def plain_callee(script: "Script", call: "Node") -> str | None:
    """`f` of `f(...)`: the function a call names by a plain name, else None."""
    fn = call.child_by_field_name("function")
    return script.text_of(fn) if fn is not None and fn.type == "identifier" else None


def removes(script: "Script", call: "Node") -> bool:
    """Does the call take a handler away (`x.removeEventListener(...)`, `$(x).off(...)`,
    `off(...)`)?"""
    return method_of(script, call) in REMOVALS or plain_callee(script, call) in REMOVALS


def const_value(script: "Script", ident: "Node", read: "Callable[[Node | None], object] | None" = None):
    """The value of the one `const NAME = ...` of the script the name refers to (as ``read``
    makes of it: a declaration whose value ``read`` makes None does not count as one)."""
    name = script.text_of(ident)
    found = None
    for decl in script.walk({"variable_declarator"}):
        n = decl.child_by_field_name("name")
        if n is None or n.type != "identifier" or script.text_of(n) != name:
            continue
        first = decl.parent.child(0) if decl.parent is not None else None
        if found is not None or first is None or first.type != "const":
            return None
        value = decl.child_by_field_name("value")
        found = read(value) if read is not None else value
    return found


def const_string(script: "Script", ident: "Node") -> str | None:
    """The string of the one `const NAME = "..."` of the script the name refers to."""
    return const_value(script, ident, lambda value: string_value(script, value))


def callback_argument(call: "Node", name_node: "Node", references=HANDLER_REFERENCES) -> "Node | None":
    """The handler among the arguments after the event name: a function literal, else the
    first argument of the ``references`` types, which can hold one."""
    args = call_arguments(call)
    after = args[next((i for i, a in enumerate(args) if a == name_node), len(args)) + 1:]
    literal = next((a for a in after if unwrap(a).type in FUNCTIONS), None)
    if literal is not None:
        return literal
    return next((a for a in after if a.type in references), None)


def events_named(script: "Script", node: "Node", event_of: Callable[[str], "str | None"]) -> set[str]:
    """The events a string argument (or a `const` holding one) names: each space-separated
    word that ``event_of`` knows, as ``event_of`` names it."""
    value = string_value(script, node)
    if value is None and node.type == "identifier":
        value = const_string(script, node)
    if value is None:
        return set()
    return {ev for t in value.split() if (ev := event_of(t)) is not None}


def handler_function(file, script: "Script", handler: "Node") -> "tuple[Script, Node] | None":
    """(script, function) of a handler argument: a function literal, or a function of the file
    passed by name; None for anything else."""
    handler = unwrap(handler)
    if handler.type in FUNCTIONS:
        return script, handler
    if handler.type == "identifier":
        found = file_functions(file).named(script.text_of(handler))
        if found is not None:
            return found.script, found.node
    return None


def handler_registrations(file, fn: "Function", events: Iterable[str],
                          event_of: Callable[[str], "str | None"]) -> dict[int, bool]:
    """File offsets where the function's name is passed as the handler of one of ``events``
    (named so by ``event_of``), each with whether that call takes it away."""
    wanted = set(events)
    out: dict[int, bool] = {}
    for script, ident in name_uses(file, fn.script.text_of(fn.name_node)):
        parent = ident.parent
        if parent is None or parent.type != "arguments" or parent.parent is None:
            continue
        call = parent.parent
        args = call_arguments(call)
        index = next((i for i, a in enumerate(args) if a == ident), -1)
        for a in args[:index]:
            if events_named(script, a, event_of) & wanted and callback_argument(call, a) == ident:
                out[script.start(ident)] = removes(script, call)
                break
    return out


def name_uses(file, name: str) -> "Iterator[tuple[Script, Node]]":
    """(script, identifier) for each place the file's scripts name ``name`` (in file order)."""
    offsets = set(file_functions(file).occurrences(name))
    for script in file.javascript:
        if name not in script.text:
            continue
        end = script.offset + len(script.text)
        for offset in sorted(o for o in offsets if script.offset <= o < end):
            ident = script.node_at(offset)
            if ident is not None and ident.type == "identifier" and script.text_of(ident) == name:
                yield script, ident


def is_async_or_generator(node: "Node") -> bool:
    return any(c.type in ("async", "*") for c in node.children)


# --- removal -----------------------------------------------------------------------------

def remove_statement(script: "Script", statement: "Node") -> Edit:
    """Remove a statement; when it is alone on its line, the whole line goes."""
    start, end = script.span(statement)
    return Edit(*_whole_line(script, start, end))


def _whole_line(script: "Script", start: int, end: int) -> tuple[int, int]:
    text, base = script.text, script.offset
    s, e = start - base, end - base
    ls = s
    while ls > 0 and text[ls - 1] in " \t":
        ls -= 1
    le = e
    while le < len(text) and text[le] in " \t":
        le += 1
    at_line_start = ls == 0 or text[ls - 1] in "\r\n"
    at_line_end = le == len(text) or text[le] in "\r\n"
    if at_line_start and at_line_end:
        le = _past_newline(text, le)
        if le == len(text) and (le == e or text[le - 1] not in "\r\n") and ls > 0:
            ls = _before_newline(text, ls)  # the last line, without a newline: take the one before it
        # Between two blank lines (or a blank line and the end), one blank line goes too.
        prev_blank = ls == 0 or _before_newline(text, ls) == 0 or text[_before_newline(text, ls) - 1] in "\r\n"
        if prev_blank and le < len(text) and text[le] in "\r\n":
            le = _past_newline(text, le)
        elif prev_blank and le == len(text) and ls > 0:
            ls = _before_newline(text, ls)
        return ls + base, le + base
    if at_line_end:
        return ls + base, le + base
    return s + base, le + base


def _past_newline(text: str, i: int) -> int:
    if text.startswith("\r\n", i):
        return i + 2
    if i < len(text) and text[i] in "\r\n":
        return i + 1
    return i


def _before_newline(text: str, i: int) -> int:
    """The start of the newline that ends at ``i``."""
    if text[i - 2 : i] == "\r\n":
        return i - 2
    if i > 0 and text[i - 1] in "\r\n":
        return i - 1
    return i


def list_items(container: "Node") -> list["Node"]:
    return [c for c in container.named_children if c.type != "comment"]


def remove_items(script: "Script", container: "Node", remove: Iterable["Node"]) -> list[Edit]:
    """Edits removing some items of an object, array or argument list with their
    separators; the other items keep their text and places."""
    items = list_items(container)
    gone = {(n.start_byte, n.end_byte) for n in remove}
    flags = [(i.start_byte, i.end_byte) in gone for i in items]
    edits: list[Edit] = []
    i = 0
    while i < len(items):
        if not flags[i]:
            i += 1
            continue
        j = i
        while j + 1 < len(items) and flags[j + 1]:
            j += 1
        first, last = items[i], items[j]
        if j + 1 < len(items):
            edits.append(Edit(script.start(first), script.start(items[j + 1])))
        elif i > 0:
            edits.append(Edit(script.end(items[i - 1]), script.end(last)))
        else:
            end = script.end(last)
            nxt = last.next_sibling
            if nxt is not None and nxt.type == ",":
                end = script.end(nxt)
            edits.append(Edit(script.start(first), end))
        i = j + 1
    return edits


def insert_items(script: "Script", container: "Node", entries: list[tuple[str, str]]) -> Edit:
    """An edit adding ``key: value`` entries at the end of an object literal, in its style."""
    items = list_items(container)
    text = script.text
    base = script.offset
    if not items:
        start, end = script.span(container)
        return Edit(start + 1, end - 1, " " + ", ".join(f"{k}: {v}" for k, v in entries) + " ")
    last = items[-1]
    last_end = script.end(last)
    comma = last.next_sibling if last.next_sibling is not None and last.next_sibling.type == "," else None
    multiline = any(c in text[script.start(container) - base : script.start(items[0]) - base] for c in "\r\n")
    if multiline:
        indent = script.line_indent(script.start(last))
        nl = script.newline()
        if comma is not None:
            return Edit(script.end(comma), script.end(comma), "".join(f"{nl}{indent}{k}: {v}," for k, v in entries))
        return Edit(last_end, last_end, "".join(f",{nl}{indent}{k}: {v}" for k, v in entries))
    if comma is not None:
        return Edit(script.end(comma), script.end(comma), "".join(f" {k}: {v}," for k, v in entries))
    return Edit(last_end, last_end, "".join(f", {k}: {v}" for k, v in entries))


def object_keys(script: "Script", obj: "Node") -> set[str]:
    keys = set()
    for item in list_items(obj):
        if item.type == "pair":
            name = property_name(script, item.child_by_field_name("key"))
            if name:
                keys.add(name)
        elif item.type == "shorthand_property_identifier":
            keys.add(script.text_of(item))
    return keys


# --- parameters and descendants --------------------------------------------------------------

def nth_param(handler: "Node", index: int) -> "Node | None":
    params = handler.child_by_field_name("parameters")
    single = handler.child_by_field_name("parameter")
    if single is not None:
        return single if index == 0 else None
    items = [p for p in params.named_children if p.type != "comment"] if params is not None else []
    if index >= len(items):
        return None
    p = items[index]
    if p.type in ("required_parameter", "optional_parameter"):
        p = p.child_by_field_name("pattern")
    return p


def descendants(root: "Node", types) -> list["Node"]:
    stack = [root]
    out = []
    while stack:
        node = stack.pop()
        if node.type in types:
            out.append(node)
        stack.extend(reversed(node.children))
    return out


# --- functions of the file, and whether one is used only where we look ---------------------------

@dataclass
class Function:
    script: "Script"
    node: "Node"  # the function (declaration, expression or arrow)
    name_node: "Node"
    exported: bool


class FileFunctions:
    """The named functions of a file's scripts (all inline scripts of a page share one
    global scope), and where else their names occur in the file."""

    def __init__(self, file) -> None:
        # Held weakly: the table is the value of a WeakKeyDictionary keyed by the file, which a
        # strong reference would keep alive (with its views) to the end of the run.
        self._file = weakref.ref(file)
        self._by_name: dict[str, list[Function]] | None = None
        self._names: dict[str, list[int]] | None = None

    @property
    def file(self):
        return self._file()

    def _index(self) -> dict[str, list[Function]]:
        if self._by_name is None:
            by_name: dict[str, list[Function]] = {}
            for script in self.file.javascript:
                for node in script.walk({"function_declaration", "generator_function_declaration", "variable_declarator"}):
                    if node.type == "variable_declarator":
                        name, value = node.child_by_field_name("name"), node.child_by_field_name("value")
                        value = unwrap(value) if value is not None else None
                        if name is None or name.type != "identifier" or value is None or value.type not in FUNCTIONS:
                            continue
                        decl = node.parent
                        fn = Function(script, value, name, _is_exported(decl))
                    else:
                        name = node.child_by_field_name("name")
                        if name is None:
                            continue
                        fn = Function(script, node, name, _is_exported(node))
                    by_name.setdefault(script.text_of(name), []).append(fn)
            self._by_name = by_name
        return self._by_name

    def named(self, name: str) -> Function | None:
        """The one function of the file with this name (None when there is none, or several)."""
        found = self._index().get(name, [])
        return found[0] if len(found) == 1 else None

    def exclusive(self, fn: Function, accept: Callable[[int], bool]) -> bool:
        """Is every occurrence of the function's name in the file its own declaration, or a
        place ``accept`` (a file offset) allows? Occurrences are the names in code (not
        property names, strings or comments) and, in markup, any use outside the scripts
        (an `onclick`, an `hx-on` attribute, template code)."""
        if fn.exported:
            return False
        name = fn.script.text_of(fn.name_node)
        declared = fn.script.start(fn.name_node)
        return all(offset == declared or accept(offset) for offset in self.occurrences(name))

    def occurrences(self, name: str) -> list[int]:
        """File offsets where ``name`` occurs (see :meth:`exclusive`)."""
        if self._names is None:
            self._names = self._name_index()
        return self._names.get(name, [])

    def _name_index(self) -> dict[str, list[int]]:
        """Every name of the file with its offsets, found in one pass: the names in code,
        and in markup each word outside the scripts."""
        index: dict[str, list[int]] = {}
        covered = []
        for script in self.file.javascript:
            covered.append((script.offset, script.offset + len(script.text)))
            for node in script.walk(_NAME_TYPES):
                index.setdefault(script.text_of(node), []).append(script.start(node))
        if self.file.kind != "javascript":
            text = self.file.text
            pos = 0
            for start, end in sorted(covered) + [(len(text), len(text))]:
                for m in _WORD.finditer(text, pos, start):
                    index.setdefault(m.group(), []).append(m.start())
                pos = max(pos, end)
        for offsets in index.values():
            offsets.sort()
        return index


_WORD = re.compile(r"[\w$]+")
_NAME_TYPES = frozenset({"identifier", "shorthand_property_identifier", "shorthand_property_identifier_pattern"})


def _is_exported(node: "Node | None") -> bool:
    while node is not None and node.type in ("lexical_declaration", "variable_declaration", "function_declaration",
                                             "generator_function_declaration"):
        parent = node.parent
        if parent is not None and parent.type == "export_statement":
            return True
        node = parent
    return False


_FUNCTIONS: "weakref.WeakKeyDictionary[object, FileFunctions]" = weakref.WeakKeyDictionary()


def file_functions(file) -> FileFunctions:
    found = _FUNCTIONS.get(file)
    if found is None:
        found = _FUNCTIONS[file] = FileFunctions(file)
    return found


# --- names and calls ---------------------------------------------------------------------------

def declared_names(script: "Script", root: "Node") -> set[str]:
    """Names the code declares itself (which shadow a `with` scope around it)."""
    out = set()
    for node in descendants(root, {"variable_declarator", "function_declaration", "class_declaration",
                                   "formal_parameters", "arrow_function"}):
        if node.type == "formal_parameters":
            out.update(script.text_of(c) for c in descendants(node, {"identifier"}))
            continue
        field_name = "parameter" if node.type == "arrow_function" else "name"
        name = node.child_by_field_name(field_name)
        if name is not None:
            out.update(script.text_of(c) for c in descendants(name, {"identifier", "shorthand_property_identifier_pattern"}))
    return out


def callee_of_argument(script: "Script", node: "Node") -> str | None:
    parent = node.parent
    if parent is None or parent.type != "arguments" or parent.parent is None:
        return None
    fn = parent.parent.child_by_field_name("function")
    return script.text_of(fn) if fn is not None and fn.type in ("identifier", "member_expression") else None


# A copy of htmx itself: htmx 2 defines `defineExtension`, htmx 4 (and its htmax bundle) the
# method `registerExtension(name, extension) {...}` (a call passes a string first).
_DEFINES_2 = re.compile(r"\bdefineExtension\s*:|\bfunction\s+defineExtension\b")
_DEFINES_4 = re.compile(r"\bregisterExtension\s*\(\s*[A-Za-z_$][\w$]*\s*,\s*[A-Za-z_$][\w$]*\s*\)\s*\{")


def htmx_library(text: str) -> int | None:
    """2 or 4 when ``text`` is a copy of htmx itself (vendored, bundled), else None: its strings
    and settings are the library's, not the project's."""
    if "defineExtension" in text and _DEFINES_2.search(text):
        return 2
    if "registerExtension" in text and _DEFINES_4.search(text):
        return 4
    return None


# An htmx 4 extension registering itself (a copy of dist/ext/hx-*.js, or the project's own).
_REGISTERS_4 = re.compile(r"\bhtmx\s*\.\s*registerExtension\s*\(\s*['\"`][\w:-]+['\"`]")


def written_for_htmx_4(text: str) -> bool:
    """A copy of htmx 4 itself (or its htmax bundle) or an htmx 4 extension: code written for
    htmx 4, with nothing of htmx 2 to migrate (its strings name the legacy attributes it maps,
    the old events a compatibility extension re-fires)."""
    if "registerExtension" not in text:
        return False
    return htmx_library(text) == 4 or _REGISTERS_4.search(text) is not None
