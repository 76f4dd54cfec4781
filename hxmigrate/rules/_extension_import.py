"""Where a script loads an htmx 2 extension package (`htmx-ext-NAME`, its files, or htmx
2's `htmx.org/dist/ext/NAME.js`): the module specifiers, how a string is used as one, and
the htmx 4 module that replaces it. Shared by the rule families that rewrite these imports."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterator

from ._javascript import call_arguments, property_name, string_value

if TYPE_CHECKING:
    from tree_sitter import Node

    from ..syntax.javascript import Script

# Bundler options whose strings are module names the bundle starts from.
ENTRY_KEYS = frozenset({"entry", "entryPoints", "input"})


def specifier(ext: str) -> "re.Pattern[str]":
    """The module specifiers of the 2.x extension ``ext``: `htmx-ext-EXT`, its files
    (`htmx-ext-EXT/EXT.js`, `dist/EXT.min.js`, `dist/EXT.esm.js`) and
    `htmx.org/dist/ext/EXT.js`; a match of a minified file has group `min1` or `min2`."""
    e = re.escape(ext)
    return re.compile(
        rf"^(?:htmx-ext-{e}(?:/(?:dist/)?{e}(?P<min1>\.min)?(?:\.esm)?\.js)?|htmx\.org/dist/ext/{e}(?P<min2>\.min)?\.js)$")


@dataclass
class Use:
    """A string that loads the 2.x extension: ``kind`` is "plain" (for its effect), "binding"
    (an import or export that binds names) or "templated" (next to template syntax, or in
    code that does not parse); ``new`` is the htmx 4 module; ``start``/``end`` span the string
    with its quotes."""

    value: str
    new: str
    kind: str
    start: int
    end: int


def uses(script: "Script", pattern: "re.Pattern[str]", module: str,
         entry_keys: frozenset[str] = frozenset()) -> Iterator[Use]:
    """The strings of ``script`` that load the extension ``pattern`` (a `specifier`) as a
    module, with ``module`` (minified where they name a minified file) in their place."""
    for node in script.walk({"string"}):
        value = string_value(script, node)
        if value is None:
            continue
        m = pattern.match(value)
        if not m:
            continue
        kind = import_kind(script, node, entry_keys)
        if kind is None:
            continue  # any other string
        start, end = script.span(node)
        if script.has_template(node) or script.in_error(node):
            kind = "templated"
        yield Use(value, replacement(m, module), kind, start, end)


def replacement(match: "re.Match[str]", module: str) -> str:
    """``module`` (the htmx 4 file), minified where the specifier ``match`` names a minified file."""
    return module.replace(".js", ".min.js") if (match.group("min1") or match.group("min2")) else module


def import_kind(script: "Script", node: "Node", entry_keys: frozenset[str] = frozenset()) -> str | None:
    """"plain" for an import, a require (or, with ``entry_keys``, a bundler entry under one of
    those keys) that loads the module of the string ``node`` for its effect, "binding" for an
    import or export that binds names, None when the string is no module specifier."""
    parent = node.parent
    if parent is None:
        return None
    if parent.type in ("import_statement", "export_statement"):
        if parent.type == "import_statement" and not any(c.type == "import_clause" for c in parent.named_children):
            return "plain"
        return "binding"
    if parent.type == "arguments":
        call = parent.parent
        if call is None or call.type != "call_expression":
            return None
        args = call_arguments(call)
        if not args or args[0] != node:
            return None
        fn = call.child_by_field_name("function")
        if fn is not None and (fn.type == "import" or (fn.type == "identifier" and script.text_of(fn) == "require")):
            return "plain"
        return None
    if not entry_keys:
        return None
    # a bundler's entry: {entry: ["htmx.org", "htmx-ext-sse"]}, {entry: {app: "..."}}
    child, holder = node, parent
    while holder is not None and holder.type in ("array", "object", "pair"):
        if holder.type == "pair":
            if holder.child_by_field_name("value") != child:
                return None  # a key
            if property_name(script, holder.child_by_field_name("key")) in entry_keys:
                return "plain"
        child, holder = holder, holder.parent
    return None


def script_head(script: "Script") -> tuple[int, int]:
    """The span a finding on a whole script stands on: its first line, 80 characters at most."""
    start = script.offset
    return start, start + max(1, min(len(script.text.split("\n", 1)[0]), 80))
