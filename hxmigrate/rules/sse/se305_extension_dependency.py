"""Report a `package.json` dependency on `htmx-ext-sse`.

What it does:
    Reports `"htmx-ext-sse"` in `dependencies`, `devDependencies`, `peerDependencies` or
    `optionalDependencies` of a `package.json`, with the npm commands that replace it. The
    `htmx.org` dependency beside it is HX307's (reported once, there, when it is htmx 1 or 2).

Why:
    `htmx-ext-sse` is the 2.x extension (`htmx.defineExtension`, which htmx 4 does not have);
    htmx 4's SSE support is `htmx.org/dist/ext/hx-sse.js`, part of the `htmx.org` package,
    and needs htmx 4. Changing a dependency changes the lock file and the installed tree,
    which this tool leaves to the package manager.

Example:
    "dependencies": {"htmx.org": "^2.0.8", "htmx-ext-sse": "^2.2.4"}
    is reported: run `npm uninstall htmx-ext-sse` (and `npm install htmx.org@4.0.1`, HX307).

Fix safety:
    No fix.
"""

from __future__ import annotations

from ...diagnostics import Diagnostic
from .._package_json import dependencies, entries

CODE = "SE305"
NAME = "sse-extension-dependency"
LANGUAGES = ("json",)
FIX = "never"
SAFETY = "safe"
TRIGGERS = ("htmx-ext-sse",)


def check(file):
    names = file.target.sse
    if names is None:
        return
    if "htmx-ext-sse" not in dependencies(file.text):
        return
    version = names.ext_version
    for m in entries(file.text, "htmx-ext-sse"):
        yield Diagnostic(CODE, f"`htmx-ext-sse` is htmx 2's SSE extension, which cannot register with htmx 4; "
                         f"htmx 4 ships it in htmx.org (`htmx.org/{names.ext_script}`): "
                         f"`npm uninstall htmx-ext-sse`, and depend on `htmx.org@{version}` "
                         f"(`npm install htmx.org@{version}`)", m.start(), m.end())
