"""Load htmx 4's extension files instead of htmx 2's extension scripts.

What it does:
    Rewrites a `<script src>` that loads an htmx 1.x/2.x extension from unpkg, jsDelivr or
    cdnjs to the file of `htmx.org@4.0.1/dist/ext/` that ports it, on the same CDN, `.min`
    kept: `htmx-ext-preload` (or `htmx.org@2.x/dist/ext/preload.js`) becomes `hx-preload.js`,
    `htmx-ext-head-support` becomes `hx-head.js`, with the new file's integrity hash where the
    tag has one. The scripts of `response-targets` and of idiomorph's `morph` extension
    (`idiomorph-ext.js`), whose work htmx 4 does in its core, are removed: they cannot
    register with htmx 4, and HX206/HX208 rewrite (or report) what used them; a script with
    template syntax inside is reported. Extensions without an htmx 4 port, an ES
    module build, template syntax in the tag and a copy of an extension served by the project
    (`/static/js/preload.js` on a page whose `hx-ext` names it, `/static/htmx/ext/json-enc.js`)
    are reported. `htmx-ext-ws` is WS307's, and `htmx-ext-sse` the SSE rules'.

Why:
    A 2.x extension registers with `htmx.defineExtension`, which htmx 4 does not have: loaded
    with htmx 4, it throws and does nothing. htmx 4's ports are files of the `htmx.org`
    package. An old `integrity` hash would make the browser refuse the new file.

Example:
    <script src="https://unpkg.com/htmx-ext-preload@2.1.0/preload.js"></script>
    becomes
    <script src="https://unpkg.com/htmx.org@4.0.1/dist/ext/hx-preload.js"></script>

Fix safety:
    Safe: the same CDN serves the htmx 4 file, with its hash; a script is removed only where
    nothing on the page needs it.
"""

from __future__ import annotations

import re

from ...analysis.script_urls import extension_url, extension_url_for
from ...diagnostics import Diagnostic, fix
from ...edits import Edit
from .._script_port import port_edits
from ._extensions import (
    ELSEWHERE,
    IN_CORE,
    NO_PORT,
    VERSION,
    ext_items,
    no_port,
    script_end,
)

CODE = "HX302"
NAME = "extension-scripts"
LANGUAGES = ("markup",)
FIX = "sometimes"
SAFETY = "safe"
TRIGGERS = ("htmx", "idiomorph", "hx-ext")

# Template syntax that puts the markup of another template here (an include, a block a child
# template fills, a macro call), anywhere in the file.


def check(file):
    if file.target.core is None:
        return
    view = file.markup
    ports = file.target.core.extension_ports
    listed = None
    for tag, _ in view.scripts():
        src = tag.attr("src")
        if src is None or not src.value:
            continue
        found = None if src.value_has_template else extension_url(src.value)
        if found is None:
            if listed is None:
                listed = _listed(view)
            yield from _copy(src, listed, ports)
            continue
        name, kind, match = found
        if name in ELSEWHERE:
            continue
        if kind == "esm":
            yield Diagnostic(CODE, f"this loads the ES module of htmx 2's `{name}` extension, which imports htmx 2: "
                             + (f"load `htmx.org@{VERSION}/dist/ext/{ports[name]}.js` as a classic script after the "
                                "htmx 4 core instead" if name in ports else _instead(name)), src.start, src.end)
            continue
        if name in ports:
            yield from _port(view, tag, src, name, ports[name], kind == "min", match)
        elif name in IN_CORE:
            yield from _in_core(view, tag, src, name)
        else:
            yield Diagnostic(CODE, f"this loads htmx 2's `{name}` extension, which cannot register with htmx 4: "
                             f"{no_port(name)}; then remove the script", src.start, src.end)


# The file of a copy of a 2.x extension served by the project: /static/js/preload.js,
# {% static 'htmx/ext/json-enc.min.js' %}.
_COPY = re.compile(r"(?:^|[/'\"\s])(?P<name>[a-z][a-z0-9-]*?)(?:\.min)?\.js(?=$|[?#'\"\s])")
_KNOWN = ("preload", "head-support", *IN_CORE, *NO_PORT, "idiomorph-ext", "idiomorph-htmx")


def _listed(view) -> set[str]:
    """The extension names the page's `hx-ext` attributes list."""
    names = set()
    for tag in view.start_tags():
        for attr in tag.attrs:
            if attr.lname in ("hx-ext", "data-hx-ext") and attr.value and not attr.value_has_template:
                names.update(n for n, _, _ in ext_items(attr.value))
    return names


def _copy(src, listed: set[str], ports):
    """A copy of a 2.x extension served by the project: its file is named as the extension, in a
    path that says htmx, or on a page whose `hx-ext` names it."""
    m = _COPY.search(src.value.strip())
    if not m or m.group("name") not in _KNOWN:
        return
    file = m.group("name")
    name = "morph" if file.startswith("idiomorph-") else file
    low = src.value.lower()
    if name not in listed and "htmx" not in low and "/ext/" not in low:
        return
    if name in ports:
        what = (f"vendor `dist/ext/{ports[name]}.js` of the htmx.org@{VERSION} npm package "
                f"(node_modules/htmx.org/dist/ext/{ports[name]}.js) and load that instead")
    elif name in IN_CORE:
        what = f"htmx 4 does its work in its core ({IN_CORE[name]}): remove the script once nothing uses it"
    else:
        what = no_port(name)
    yield Diagnostic(CODE, f"`{src.value}` looks like a copy of htmx 2's `{name}` extension served by the project, "
                     f"which cannot register with htmx 4: {what}", src.start, src.end)


def _instead(name: str) -> str:
    return IN_CORE[name] if name in IN_CORE else no_port(name)


def _port(view, tag, src, name: str, port: str, minified: bool, match):
    file = f"{port}{'.min' if minified else ''}.js"
    edits, how = port_edits(view, tag, src, file, match, VERSION)
    message = f"htmx 2's `{name}` extension: htmx 4 loads `{extension_url_for(match, file, VERSION)}`{how}"
    yield Diagnostic(CODE, message, src.start, src.end, fix(*edits) if edits else None)


def _in_core(view, tag, src, name: str):
    """The script of an extension htmx 4 does in its core (response-targets, idiomorph): it
    cannot register with htmx 4 (it calls `htmx.defineExtension`), so it goes whatever still
    uses it (HX206 and HX208 rewrite those uses, or report them)."""
    end = script_end(view, tag)
    if end is None or view.regions.within(tag.start, end):
        yield Diagnostic(CODE, f"htmx 2's `{name}` extension has no use in htmx 4, which does its work in its core "
                         f"({IN_CORE[name]}): remove the script (it holds template syntax, or its end cannot be "
                         "told, so hxmigrate leaves it)", src.start, src.end)
        return
    yield Diagnostic(CODE, f"htmx 2's `{name}` extension cannot register with htmx 4, which does its work in its core "
                     f"({IN_CORE[name]}; HX206 and HX208 rewrite what used it): removed", src.start, src.end,
                     fix(_remove_element(view.text, tag.start, end)))


def _remove_element(text: str, start: int, end: int) -> Edit:
    """The element, with its line when it stands alone on it."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    if not text[line_start:start].strip() and not text[end:line_end].strip():
        return Edit(line_start, min(line_end + 1, len(text)))
    return Edit(start, end)
