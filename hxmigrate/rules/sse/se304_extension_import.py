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
from .._extension_import import ENTRY_KEYS, script_head, specifier, uses
from .._javascript import htmx_library

CODE = "SE304"
NAME = "sse-extension-import"
LANGUAGES = ("javascript", "markup")
FIX = "sometimes"
SAFETY = "safe"
TRIGGERS = ("htmx-ext-sse", "dist/ext/sse", "defineextension")

_SPECIFIER = specifier("sse")
_DEFINES_SSE = re.compile(r"""defineExtension\(\s*['"]sse['"]""")


def check(file):
    names = file.target.sse
    if names is None:
        return
    new_module = f"htmx.org/{names.ext_script}"
    for script in file.javascript:
        if "defineExtension" in script.text and _DEFINES_SSE.search(script.text):
            if htmx_library(script.text) is None:  # not a bundle of htmx itself
                yield Diagnostic(CODE, "this is a copy of htmx 2's SSE extension (left as it is): it cannot register "
                                 f"with htmx 4: replace it with `{names.ext_script}` of the "
                                 f"htmx.org@{names.ext_version} npm package", *script_head(script))
            continue
        if htmx_library(script.text) is not None:
            continue  # a copy of htmx itself: its strings are the library's
        # any other string naming the extension: SE501 reports it
        for use in uses(script, _SPECIFIER, new_module, ENTRY_KEYS):
            value, new, start, end = use.value, use.new, use.start, use.end
            if use.kind == "templated":
                yield Diagnostic(CODE, f"`{value}` is htmx 2's SSE extension: import `{new}` instead", start, end)
                continue
            if use.kind == "binding":
                yield Diagnostic(CODE, f"this imports names from `{value}`, htmx 2's SSE extension; `{new}` exports "
                                 f"nothing: import it for its effect (`import '{new}'`, after htmx.org) and drop the "
                                 "names", start, end)
                continue
            yield Diagnostic(CODE, f"`{value}` is htmx 2's SSE extension: htmx 4 ships `{new}` (it registers on the "
                             "global `htmx`, so import htmx.org first)", start, end, fix(Edit(start + 1, end - 1, new)))
