"""Load htmx 4's `hx-ws.js` instead of the 2.x WebSocket extension script.

What it does:
    Rewrites a `<script src>` that loads the 2.x extension from unpkg, jsDelivr or cdnjs
    (`htmx-ext-ws@2.x` as `ws.js`, `dist/ws.js`, `dist/ws.min.js` or the bare package, and
    htmx 1.x/2.x's own `htmx.org@.../dist/ext/ws.js`) to the target's
    `htmx.org@4.0.1/dist/ext/hx-ws.js` on the same CDN, `.min` kept. An `integrity`
    attribute gets the hash of the new file (from a table computed from the npm package),
    or is removed and reported when the file is not in the table or the hash is written by a
    template expression (`integrity="{{ sri }}"`, which goes with it); one written by a
    template tag is never removed, so that script is reported and left as it is. A self-hosted copy
    (`/static/js/ws.js`, also behind template syntax such as `{% static 'js/ws.js' %}`) is
    reported with the file to vendor instead, and so is a page that loads the htmx 1.x/2.x
    core from a CDN next to WebSocket code but no extension (HX301 loads the htmx 4 core in
    its place).

Why:
    The 2.x extension registers with `htmx.defineExtension`, which htmx 4 does not have; the
    4.x extension is a file of the `htmx.org` package and needs the htmx 4 core. An old
    `integrity` hash would make the browser refuse the new file.

Example:
    <script src="https://unpkg.com/htmx-ext-ws@2.0.4/dist/ws.min.js"></script>
    becomes
    <script src="https://unpkg.com/htmx.org@4.0.1/dist/ext/hx-ws.min.js"></script>

Fix safety:
    Safe: the same CDN serves the htmx 4 extension file; the hash is that file's.
"""

from __future__ import annotations

import re

from ...analysis.script_urls import classify
from ...diagnostics import Diagnostic, fix
from ...edits import Edit
from ._jsx import ELEMENTS, attributes
from ._markup import template_tag_in
from ._scripts import new_url, sri_table

CODE = "WS307"
NAME = "extension-script"
LANGUAGES = ("markup", "javascript")
FIX = "sometimes"
SAFETY = "safe"
# A script tag of the 2.x extension names ws.js (or a folder of htmx-ext-ws); the htmx
# core only matters on a page that uses WebSocket attributes.
TRIGGERS = ("ws.js", "ws.min.js", "ws.esm.js", "htmx-ext-ws", "ws-connect", "ws-send", "hx-ws")

_LOCAL_WS = re.compile(r"(?:^|[/'\"\s])(?:htmx-ext-ws[^/'\"\s]*/(?:dist/)?)?ws(?P<min>\.min)?\.js(?=$|[?#'\"\s])", re.I)
_WS_MARKERS = ("ws-connect", "ws-send", "hx-ws", "hx-ext")


def check(file):
    if file.kind == "javascript":
        yield from _jsx(file)
        return
    target = file.target
    view = file.markup
    scripts = [(tag, tag.attr("src")) for tag, _ in view.scripts()]
    scripts = [(tag, src) for tag, src in scripts if src is not None and src.value]
    if not scripts:
        return
    has_ext = False
    cores = []
    for tag, src in scripts:
        if src.value_has_template:
            m = _LOCAL_WS.search(src.value)
            if m:
                has_ext = True
                yield _local(target, src, bool(m.group("min")))
            continue
        kind = classify(src.value)
        if kind is None:
            m = _LOCAL_WS.search(src.value)
            if m and _looks_like_htmx_ext(file, src.value):
                has_ext = True
                yield _local(target, src, bool(m.group("min")))
            elif "hx-ws" in src.value:
                has_ext = True
            continue
        what, extra, match = kind
        if what == "core":
            cores.append((tag, src, extra))
            continue
        has_ext = True
        if what == "esm":
            yield Diagnostic(CODE, "this loads the 2.x extension's ES module, which imports `htmx.org` itself: load "
                             f"`htmx.org@{target.ext_version}/{target.ext_script}` as a classic script after the "
                             "htmx 4 core instead", src.start, src.end)
            continue
        minified = extra
        url = new_url(match, minified, target)
        edits = [Edit(src.value_start, src.value_end, url)]
        message = f"the 2.x WebSocket extension: htmx 4 loads `{url}`"
        integrity = tag.attr("integrity")
        statement = template_tag_in(file, integrity) if integrity is not None else None
        if statement is not None:
            yield Diagnostic(CODE, f"the 2.x WebSocket extension: htmx 4 loads `{url}`, but this script's `integrity` "
                             f"is written by the template tag `{statement}`, which hxmigrate never removes, and the "
                             "old hash would make the browser refuse the new file: change both by hand", src.start, src.end)
            continue
        if integrity is not None:
            key = f"htmx.org@{target.ext_version}/{target.ext_script.replace('.js', '.min.js') if minified else target.ext_script}"
            digest = sri_table().get(key)
            if digest is not None and integrity.value is not None and not integrity.value_has_template:
                edits.append(Edit(integrity.value_start, integrity.value_end, digest))
                message += " (with its integrity hash)"
            else:
                edits.append(view.remove_attr(tag, integrity))
                message += "; the old `integrity` hash was removed: add the new file's hash"
        yield Diagnostic(CODE, message, src.start, src.end, fix(*edits))
    if cores and (has_ext or any(marker in file.lower for marker in _WS_MARKERS)):
        core = f"htmx.org@{target.ext_version}/dist/htmx.min.js"
        for tag, src, major in cores:
            if target.core is not None:  # HX301 loads the htmx 4 core in its place
                if not has_ext:
                    built_in = " (which had `hx-ws` built in)" if major == 1 else ""
                    yield Diagnostic(CODE, f"this page loads the htmx {major}.x core{built_in} and no WebSocket "
                                     "extension: after the htmx 4 core (HX301), load "
                                     f"`htmx.org@{target.ext_version}/{target.ext_script}`", src.start, src.end)
                continue
            if has_ext:
                what = f"the htmx {major}.x core, and htmx 4's `hx-ws.js` needs htmx 4: load `{core}`"
            else:
                built_in = " (which had `hx-ws` built in)" if major == 1 else ""
                what = (f"the htmx {major}.x core{built_in} and no WebSocket extension; htmx 4 needs its own core and "
                        f"extension: load `{core}`, then `htmx.org@{target.ext_version}/{target.ext_script}`")
            yield Diagnostic(CODE, f"this page loads {what} (and migrate the rest of the page to htmx 4)",
                             src.start, src.end)


def _looks_like_htmx_ext(file, value: str) -> bool:
    low = value.lower()
    return "htmx" in low or "/ext/" in low or any(marker in file.lower for marker in _WS_MARKERS)


def _local(target, src, minified: bool) -> Diagnostic:
    name = target.ext_script.replace(".js", ".min.js") if minified else target.ext_script
    return Diagnostic(CODE, f"`{src.value}` looks like a self-hosted copy of the 2.x WebSocket extension: vendor "
                      f"`{name}` from the htmx.org@{target.ext_version} npm package (node_modules/htmx.org/{name}) "
                      "and load that instead", src.start, src.end)


def _jsx(file):
    """`<script src="...">` elements written in JSX (a layout rendered by Hono, Kita or React)."""
    target = file.target
    for script in file.javascript:
        if script.inline or "<script" not in script.text:
            continue
        for element in script.walk(ELEMENTS):
            name = element.child_by_field_name("name")
            if name is None or script.text_of(name) != "script":
                continue
            attrs, _ = attributes(script, element)
            src = next((a for a in attrs if a.lname == "src" and not a.spread), None)
            node = src.string_node() if src is not None else None
            value = src.string() if src is not None else None
            if node is None or not value:
                continue
            kind = classify(value)
            if kind is None or kind[0] == "core":
                continue  # the core of a JSX layout is left to the whole-upgrade rules
            start, end = script.span(node)
            if kind[0] == "esm":
                yield Diagnostic(CODE, "this loads the 2.x extension's ES module, which imports `htmx.org` itself: load "
                                 f"`htmx.org@{target.ext_version}/{target.ext_script}` as a classic script after the "
                                 "htmx 4 core instead", start, end)
                continue
            _, minified, match = kind
            url = new_url(match, minified, target)
            quote = script.text[start - script.offset]
            edits = [Edit(start + 1, end - 1, url)] if quote in "\"'" and value == script.text_of(node)[1:-1] else None
            integrity = next((a for a in attrs if a.lname == "integrity"), None)
            message = f"the 2.x WebSocket extension in JSX: htmx 4 loads `{url}`"
            if integrity is not None:
                yield Diagnostic(CODE, message + "; this element's `integrity` holds the old file's hash: change both by "
                                 "hand", start, end)
                continue
            if edits is None:
                yield Diagnostic(CODE, message + ": change the address by hand", start, end)
                continue
            yield Diagnostic(CODE, message, start, end, fix(*edits))
