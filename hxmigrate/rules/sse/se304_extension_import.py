"""Import htmx 4's `hx-sse.js` instead of the `htmx-ext-sse` package.

What it does:
    Rewrites `import 'htmx-ext-sse'`, `require('htmx-ext-sse')`, `import('htmx-ext-sse')`
    and the module names listed in a bundler's `entry`/`entryPoints`/`input` (also the
    package's files: `htmx-ext-sse/sse.js`, `htmx-ext-sse/dist/sse.js`, `dist/sse.min.js`,
    `dist/sse.esm.js`, and htmx 1.x/2.x's `htmx.org/dist/ext/sse.js`) to
    `htmx.org/dist/ext/hx-sse.js`, quotes kept. An import that binds names
    (`import sse from 'htmx-ext-sse'`, `export ... from`) is reported: `hx-sse.js` exports
    nothing. A vendored copy of the 2.x extension itself (a file that calls
    `htmx.defineExtension('sse', ...)`) is reported and left alone.

Why:
    `htmx-ext-sse` is the 2.x extension (its ES module imports htmx 2 and calls
    `htmx.defineExtension`, which htmx 4 does not have); htmx 4 ships its SSE support in the
    `htmx.org` package. `hx-sse.js` registers itself on the global `htmx`, so htmx 4 must be
    imported (or loaded) first, as `import htmx from 'htmx.org'` does.

Example:
    import 'htmx-ext-sse';
    becomes
    import 'htmx.org/dist/ext/hx-sse.js';

Fix safety:
    Safe: the import loads the htmx 4 extension in the same place, as the 2.x one was
    (`.min` kept).
"""

from __future__ import annotations

import re

from ...diagnostics import Diagnostic, fix
from ...edits import Edit
from .._javascript import call_arguments, htmx_library, property_name, string_value

CODE = "SE304"
NAME = "sse-extension-import"
LANGUAGES = ("javascript", "markup")
FIX = "sometimes"
SAFETY = "safe"
TRIGGERS = ("htmx-ext-sse", "dist/ext/sse", "defineextension")

_SPECIFIER = re.compile(
    r"^(?:htmx-ext-sse(?:/(?:dist/)?sse(?P<min1>\.min)?(?:\.esm)?\.js)?|htmx\.org/dist/ext/sse(?P<min2>\.min)?\.js)$")
_DEFINES_SSE = re.compile(r"""defineExtension\(\s*['"]sse['"]""")
# Bundler options whose strings are module names the bundle starts from.
_ENTRY_KEYS = frozenset({"entry", "entryPoints", "input"})


def check(file):
    names = file.target.sse
    if names is None:
        return
    new_module = f"htmx.org/{names.ext_script}"
    for script in file.javascript:
        if "defineExtension" in script.text and _DEFINES_SSE.search(script.text):
            if htmx_library(script.text) is None:  # not a bundle of htmx itself
                start = script.offset
                yield Diagnostic(CODE, "this is a copy of htmx 2's SSE extension (left as it is): it cannot register "
                                 f"with htmx 4: replace it with `{names.ext_script}` of the "
                                 f"htmx.org@{names.ext_version} npm package",
                                 start, start + max(1, min(len(script.text.split("\n", 1)[0]), 80)))
            continue
        if htmx_library(script.text) is not None:
            continue  # a copy of htmx itself: its strings are the library's
        for node in script.walk({"string"}):
            value = string_value(script, node)
            if value is None:
                continue
            m = _SPECIFIER.match(value)
            if not m:
                continue
            kind = _kind(script, node)
            if kind is None:
                continue  # any other string: SE501 reports it
            new = new_module.replace(".js", ".min.js") if (m.group("min1") or m.group("min2")) else new_module
            start, end = script.span(node)
            if script.has_template(node) or script.in_error(node):
                yield Diagnostic(CODE, f"`{value}` is htmx 2's SSE extension: import `{new}` instead", start, end)
                continue
            if kind == "binding":
                yield Diagnostic(CODE, f"this imports names from `{value}`, htmx 2's SSE extension; `{new}` exports "
                                 f"nothing: import it for its effect (`import '{new}'`, after htmx.org) and drop the "
                                 "names", start, end)
                continue
            yield Diagnostic(CODE, f"`{value}` is htmx 2's SSE extension: htmx 4 ships `{new}` (it registers on the "
                             "global `htmx`, so import htmx.org first)", start, end, fix(Edit(start + 1, end - 1, new)))


def _kind(script, node):
    """"plain" for an import, a require or a bundler entry that loads the module for its
    effect, "binding" for an import or export that binds names, None when the string is no
    module specifier."""
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
    # a bundler's entry: {entry: ["htmx.org", "htmx-ext-sse"]}, {entry: {app: "..."}}
    child, holder = node, parent
    while holder is not None and holder.type in ("array", "object", "pair"):
        if holder.type == "pair":
            if holder.child_by_field_name("value") != child:
                return None  # a key
            if property_name(script, holder.child_by_field_name("key")) in _ENTRY_KEYS:
                return "plain"
        child, holder = holder, holder.parent
    return None
