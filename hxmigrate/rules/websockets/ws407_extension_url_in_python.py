"""Point Python strings that hold a 2.x WebSocket extension URL at htmx 4's `hx-ws.js`.

What it does:
    Rewrites a Python string whose whole value is a CDN URL of the 2.x extension
    (`htmx-ext-ws@2.x`, htmx 1.x/2.x's `dist/ext/ws.js`; the URLs WS307 rewrites in script
    tags) to the target's `htmx.org@4.0.1/dist/ext/hx-ws.js` on the same CDN, `.min` kept: a
    setting (`HTMX_WS_URL = "..."`), a component argument (`Script(src="...")`). An
    `integrity=` argument of the same call gets the new file's hash. The extension's ES module
    is reported. A string holding an htmx 1.x/2.x core URL, in a module that also names the
    WebSocket extension or its attributes, is reported: `hx-ws.js` needs the htmx 4 core.

Why:
    A page built from these strings loads the 2.x extension, which registers with
    `htmx.defineExtension`, gone in htmx 4; the 4.x extension needs the htmx 4 core. URLs in
    HTML strings are read by WS405 (as WS307 reads them in templates).

Example:
    HTMX_WS_URL = "https://unpkg.com/htmx-ext-ws@2.0.2/ws.js"
    becomes
    HTMX_WS_URL = "https://unpkg.com/htmx.org@4.0.1/dist/ext/hx-ws.js"

Fix safety:
    Safe: the same CDN serves the htmx 4 extension file; the hash is that file's. An
    `integrity` value that is no literal, or a file without a known hash, is reported.
"""

from __future__ import annotations

import re

from ...analysis.script_urls import classify
from ...diagnostics import Diagnostic, fix
from ...edits import Edit
from ...syntax.cst import cst
from ...syntax.python import children
from ._scripts import new_url, sri_table

CODE = "WS407"
NAME = "extension-url-in-python"
LANGUAGES = ("python",)
FIX = "sometimes"
SAFETY = "safe"
TRIGGERS = ("ws.js", "ws.min.js", "ws.esm.js", "htmx-ext-ws", "htmx.org", "/htmx/")

_WS_WORDS = re.compile(r"htmx-ext-ws|hx-ws|/ext/ws(?:\.min)?\.js|ws[-_]connect|ws[-_]send|exts\s*=")


def check(file):
    view = file.python
    if view.module is None or "//" not in file.text:
        return
    target = file.target
    cores = []
    names_ws = _WS_WORDS.search(file.text) is not None
    for node, call in _url_strings(view):
        value = node.evaluated_value
        kind = classify(value) if isinstance(value, str) and "//" in value else None
        if kind is None:
            continue
        start, end = view.span(node)
        what, extra, match = kind
        if what == "core":
            cores.append((node, extra))
            continue
        if what == "esm":
            yield Diagnostic(CODE, "this URL loads the 2.x extension's ES module, which imports `htmx.org` itself: load "
                             f"`htmx.org@{target.ext_version}/{target.ext_script}` as a classic script after the htmx 4 "
                             "core instead", start, end)
            continue
        url = new_url(match, extra, target)
        if "\\" in node.raw_value or node.quote in url:
            yield Diagnostic(CODE, f"the 2.x WebSocket extension: htmx 4 loads `{url}` (write it by hand)", start, end)
            continue
        content_start = start + len(node.prefix) + len(node.quote)
        edits = [Edit(content_start, end - len(node.quote), url)]
        message = f"the 2.x WebSocket extension: htmx 4 loads `{url}`"
        integrity = _keyword(call, "integrity") if call is not None else None
        if integrity is not None:
            minified = extra
            key = (f"htmx.org@{target.ext_version}/"
                   f"{target.ext_script.replace('.js', '.min.js') if minified else target.ext_script}")
            digest = sri_table().get(key)
            if (digest is not None and isinstance(integrity, cst.SimpleString) and "\\" not in integrity.raw_value
                    and "b" not in integrity.prefix.lower()):  # a str: the hash of a bytes literal is no str
                i_start, i_end = view.span(integrity)
                q = len(integrity.prefix) + len(integrity.quote)
                edits.append(Edit(i_start + q, i_end - len(integrity.quote), digest))
                message += " (with its integrity hash)"
            else:
                yield Diagnostic(CODE, message + "; the `integrity` argument no longer matches: write the new file's "
                                 "hash by hand", start, end)
                continue
        yield Diagnostic(CODE, message, start, end, fix(*edits))
    if cores and names_ws:
        for node, major in cores:
            start, end = view.span(node)
            built_in = " (which had `hx-ws` built in)" if major == 1 else ""
            yield Diagnostic(CODE, f"the htmx {major}.x core{built_in}, next to WebSocket code: htmx 4's `hx-ws.js` needs "
                             f"htmx 4: load `htmx.org@{target.ext_version}/dist/htmx.min.js` (and migrate the rest of "
                             "the project to htmx 4)", start, end)


def _url_strings(view):
    """(string literal, the call it is an argument of or None) for each plain string literal
    that is not part of a longer string."""
    stack = [(view.module, None, None)]
    while stack:
        node, parent, call = stack.pop()
        t = type(node)
        if t is cst.SimpleString:
            if "b" not in node.prefix.lower() and not isinstance(parent, (cst.ConcatenatedString, cst.Expr)):
                yield node, call
            continue
        if t in (cst.FormattedString, cst.ConcatenatedString):
            continue  # markup and longer strings: WS405 reads them
        inner_call = node if t is cst.Call else (call if t is cst.Arg else None)
        for k in reversed(children(node)):
            stack.append((k, node, inner_call))


def _keyword(call, name: str):
    for a in call.args:
        if a.keyword is not None and a.keyword.value == name:
            return a.value
    return None
