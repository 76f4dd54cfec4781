"""Report a `package.json` dependency on htmx 1 or 2, or on an htmx 2 extension package.

What it does:
    Reports `"htmx.org"` with a 1.x or 2.x version in `dependencies`, `devDependencies`,
    `peerDependencies` or `optionalDependencies`, and the `htmx-ext-*` packages of htmx 2's
    extensions (`htmx-ext-preload`, `htmx-ext-head-support`, `htmx-ext-response-targets`,
    `htmx-ext-json-enc`...), with what htmx 4 has in their place. `htmx-ext-ws` is WS309's and
    `htmx-ext-sse` is left to the SSE rules.

Why:
    The rewritten pages and scripts load htmx 4; a project that installs htmx from npm keeps
    installing htmx 2 until its dependency changes. Changing a dependency changes the lock file
    and the installed tree, which this tool leaves to the package manager.

Example:
    "dependencies": {"htmx.org": "^2.0.8", "htmx-ext-preload": "^2.1.0"}
    is reported: run `npm install htmx.org@4.0.1` and `npm uninstall htmx-ext-preload`
    (htmx 4's `htmx.org/dist/ext/hx-preload.js` takes its place).

Fix safety:
    No fix.
"""

from __future__ import annotations

import re

from ...diagnostics import Diagnostic
from .._package_json import dependencies, entries
from ._extensions import IN_CORE, no_port

CODE = "HX307"
NAME = "core-dependency"
LANGUAGES = ("json",)
FIX = "never"
SAFETY = "safe"
TRIGGERS = ('"htmx.org"', '"htmx-ext-')

VERSION = "4.0.1"
_MAJOR = re.compile(r"^[\^~=v<>\s]*(\d+)")
_LEFT = ("htmx-ext-ws", "htmx-ext-sse")


def check(file):
    if file.target.core is None:
        return
    declared = dependencies(file.text)
    ports = file.target.core.extension_ports
    for m in entries(file.text, r"htmx\.org|htmx-ext-[a-z0-9-]+"):
        name, spec = m.group(1), m.group(2)
        if name not in declared or name in _LEFT:
            continue
        start, end = m.start(), m.end()
        if name == "htmx.org":
            if "htmx-ext-ws" in declared:
                continue  # WS309 reports it with the WebSocket extension
            major = _MAJOR.match(spec)
            if major is None or int(major.group(1)) >= 4:
                continue
            yield Diagnostic(CODE, f"the project installs htmx {major.group(1)} (`\"htmx.org\": \"{spec}\"`): run "
                             f"`npm install htmx.org@{VERSION}` (the rewritten pages and scripts are written for "
                             "htmx 4)", start, end)
            continue
        ext = name[len("htmx-ext-"):]
        if ext in ports:
            instead = f"htmx 4's `htmx.org/dist/ext/{ports[ext]}.js` takes its place"
        elif ext in IN_CORE:
            instead = f"htmx 4 does its work in its core ({IN_CORE[ext]})"
        else:
            instead = no_port(ext)
        yield Diagnostic(CODE, f"`{name}` is an htmx 2 extension, which cannot register with htmx 4: {instead}; then "
                         f"`npm uninstall {name}`", start, end)
