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
from .._extension_import import script_head, specifier, uses
from ._js import vendored_htmx

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


_SPECIFIER = specifier("ws")


def check(file):
    target = file.target
    for script in file.javascript:
        vendored = vendored_htmx(script)
        if vendored == "extension":
            yield Diagnostic(CODE, "this is a copy of the 2.x WebSocket extension (left as it is): replace it with "
                             f"`{target.ext_script}` from the htmx.org@{target.ext_version} npm package",
                             *script_head(script))
            continue
        if vendored is not None:  # a copy of htmx itself: its strings are the library's
            major = _vendored_major(script.text)
            if major is not None and major < 4 and file.project.ws_used and target.core is None:  # else HX301's
                yield Diagnostic(CODE, f"this is a copy of htmx {major}.x (left as it is), and the project uses htmx "
                                 f"WebSockets: htmx 4's `hx-ws.js` runs only on the htmx 4 core: replace it with "
                                 f"`dist/htmx.min.js` from the htmx.org@{target.ext_version} npm package",
                                 *script_head(script))
            continue
        for use in uses(script, _SPECIFIER, f"htmx.org/{target.ext_script}"):
            value, new, start, end = use.value, use.new, use.start, use.end
            if use.kind == "templated":
                yield Diagnostic(CODE, f"`{value}` is the 2.x WebSocket extension: import `{new}` instead",
                                 start, end)
                continue
            if use.kind == "binding":
                yield Diagnostic(CODE, f"this imports names from `{value}`, the 2.x extension; `{new}` exports "
                                 "nothing: import it for its effect (`import '" + new + "'`) and drop the names",
                                 start, end)
                continue
            yield Diagnostic(CODE, f"`{value}` is the 2.x WebSocket extension: htmx 4 ships `{new}` (it registers "
                             "on the global `htmx`, so import htmx.org first)", start, end,
                             fix(Edit(start + 1, end - 1, new)))
