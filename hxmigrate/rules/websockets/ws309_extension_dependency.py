"""Report a `package.json` dependency on `htmx-ext-ws`.

What it does:
    Reports `"htmx-ext-ws"` in `dependencies`, `devDependencies`, `peerDependencies` or
    `optionalDependencies` of a `package.json`, and a `htmx.org` dependency on 1.x or 2.x next
    to it.

Why:
    `htmx-ext-ws` is the 2.x extension; htmx 4's WebSocket extension is
    `htmx.org/dist/ext/hx-ws.js`, part of the `htmx.org` package, and needs htmx 4. Changing a
    dependency changes the lock file and the installed tree, which this tool leaves to the
    package manager.

Example:
    "dependencies": {"htmx.org": "^2.0.4", "htmx-ext-ws": "^2.0.2"}
    is reported: run `npm uninstall htmx-ext-ws` and `npm install htmx.org@4.0.1`.

Fix safety:
    No fix.
"""

from __future__ import annotations

import re

from ...diagnostics import Diagnostic
from .._package_json import dependencies, entries

CODE = "WS309"
NAME = "extension-dependency"
LANGUAGES = ("json",)
FIX = "never"
SAFETY = "safe"
TRIGGERS = ("htmx-ext-ws",)


def check(file):
    if "htmx-ext-ws" not in dependencies(file.text):
        return
    version = file.target.ext_version
    for m in entries(file.text, r"htmx-ext-ws|htmx\.org", '[^"]*'):
        name, spec = m.group(1), m.group(2)
        if name == "htmx-ext-ws":
            yield Diagnostic(CODE, f"`htmx-ext-ws` is the htmx 2 WebSocket extension; htmx 4 ships it in htmx.org "
                             f"(`htmx.org/dist/ext/hx-ws.js`): remove this dependency (`npm uninstall htmx-ext-ws`) "
                             f"and depend on `htmx.org@{version}`", m.start(1) - 1, m.end())
        elif re.match(r"^[\^~=v]*[12]\.", spec.strip()) or spec.strip() in ("1", "2"):
            yield Diagnostic(CODE, f"`htmx.org` {spec} is htmx {spec.strip().lstrip('^~=v')[0]}; `hx-ws.js` needs "
                             f"htmx 4: `npm install htmx.org@{version}`", m.start(1) - 1, m.end())
