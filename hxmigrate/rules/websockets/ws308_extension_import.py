"""Import htmx 4's `hx-ws.js` instead of the `htmx-ext-ws` package.

What it does:
    Rewrites `import 'htmx-ext-ws'`, `require('htmx-ext-ws')`, `import('htmx-ext-ws')` and
    `export ... from 'htmx-ext-ws'` (also the package's files: `htmx-ext-ws/ws.js`,
    `htmx-ext-ws/dist/ws.js`, `dist/ws.min.js`, `dist/ws.esm.js`, and htmx 1.x/2.x's
    `htmx.org/dist/ext/ws.js`) to `htmx.org/dist/ext/hx-ws.js`, quotes kept. An import that
    binds names (`import ws from 'htmx-ext-ws'`) is reported: `hx-ws.js` exports nothing. A
    vendored copy of the 2.x extension itself is reported and left alone, and so is a vendored
    copy of htmx 1.x/2.x in a project that uses htmx WebSockets (`hx-ws.js` needs the htmx 4
    core) when no HX rule reports it (HX301); the WS3xx rules do not rewrite copies of the extension or of htmx itself.

Why:
    `htmx-ext-ws` is the 2.x extension; htmx 4 ships its WebSocket extension in the `htmx.org`
    package. `hx-ws.js` registers itself on the global `htmx`, so htmx 4 must be imported
    (or loaded) first, as `import htmx from 'htmx.org'` does.

Example:
    import 'htmx-ext-ws';
    becomes
    import 'htmx.org/dist/ext/hx-ws.js';

Fix safety:
    Safe: the import loads the htmx 4 extension in the same place.
"""

from __future__ import annotations

import re

from ...diagnostics import Diagnostic, fix
from ...edits import Edit
from ._js import call_arguments, string_value, vendored_htmx

CODE = "WS308"
NAME = "extension-import"
LANGUAGES = ("javascript", "markup")
FIX = "sometimes"
SAFETY = "safe"
TRIGGERS = ("htmx-ext-ws", "dist/ext/ws", "defineextension")
FACTS = ("ws_used",)

_VERSION = re.compile(r"""\bversion\s*:\s*["'](\d+)\.\d+""")


def _vendored_major(text: str) -> int | None:
    """The major version a copy of htmx declares (``version: "2.0.2"``)."""
    m = _VERSION.search(text)
    return int(m.group(1)) if m else None


_SPECIFIER = re.compile(
    r"^(?:htmx-ext-ws(?:/(?:dist/)?ws(?P<min1>\.min)?(?:\.esm)?\.js)?|htmx\.org/dist/ext/ws(?P<min2>\.min)?\.js)$")


def check(file):
    target = file.target
    for script in file.javascript:
        vendored = vendored_htmx(script)
        if vendored == "extension":
            start = script.offset
            yield Diagnostic(CODE, "this is a copy of the 2.x WebSocket extension (left as it is): replace it with "
                             f"`{target.ext_script}` from the htmx.org@{target.ext_version} npm package",
                             start, start + max(1, min(len(script.text.split("\n", 1)[0]), 80)))
            continue
        if vendored is not None:  # a copy of htmx itself: its strings are the library's
            major = _vendored_major(script.text)
            if major is not None and major < 4 and file.project.ws_used and target.core is None:  # else HX301's
                start = script.offset
                yield Diagnostic(CODE, f"this is a copy of htmx {major}.x (left as it is), and the project uses htmx "
                                 f"WebSockets: htmx 4's `hx-ws.js` runs only on the htmx 4 core: replace it with "
                                 f"`dist/htmx.min.js` from the htmx.org@{target.ext_version} npm package",
                                 start, start + max(1, min(len(script.text.split("\n", 1)[0]), 80)))
            continue
        for node in script.walk({"string"}):
            value = string_value(script, node)
            if value is None:
                continue
            m = _SPECIFIER.match(value)
            if not m:
                continue
            parent = node.parent
            kind = _kind(script, node, parent)
            if kind is None:
                continue
            new = f"htmx.org/{target.ext_script}"
            if m.group("min1") or m.group("min2"):
                new = new.replace(".js", ".min.js")
            start, end = script.span(node)
            if script.has_template(node) or script.in_error(node):
                yield Diagnostic(CODE, f"`{value}` is the 2.x WebSocket extension: import `{new}` instead",
                                 start, end)
                continue
            if kind == "binding":
                yield Diagnostic(CODE, f"this imports names from `{value}`, the 2.x extension; `{new}` exports "
                                 "nothing: import it for its effect (`import '" + new + "'`) and drop the names",
                                 start, end)
                continue
            yield Diagnostic(CODE, f"`{value}` is the 2.x WebSocket extension: htmx 4 ships `{new}` (it registers "
                             "on the global `htmx`, so import htmx.org first)", start, end,
                             fix(Edit(start + 1, end - 1, new)))


def _kind(script, node, parent):
    """"plain" for an import or require for its effect, "binding" for an import that
    binds names, None when the string is not a module specifier."""
    if parent is None:
        return None
    if parent.type in ("import_statement", "export_statement"):
        if parent.type == "import_statement" and any(c.type == "import_clause" for c in parent.named_children):
            return "binding"
        if parent.type == "export_statement":
            return "binding"
        return "plain"
    if parent.type == "arguments":
        call = parent.parent
        if call is None or call.type != "call_expression":
            return None
        args = call_arguments(call)
        if not args or args[0] != node:
            return None
        fn = call.child_by_field_name("function")
        if fn is not None and fn.type == "import":
            return "plain"
        if fn is not None and fn.type == "identifier" and script.text_of(fn) == "require":
            return "plain"
    return None
