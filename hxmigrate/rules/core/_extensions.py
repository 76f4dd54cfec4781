"""htmx 2's extensions against htmx 4's: what each `hx-ext` name became (HX106), the script
tags that load them (HX302), and the htmx 4 extension files a page must load after its core
(HX105's hx-prompt.js). Read off htmx.org 4.0.1's ``dist/ext/`` and the 2.x extension
packages; the rows a rule relies on are proven by the core-attrs-* browser scenarios."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ...analysis.script_urls import core_url, core_url_for, extension_url, sri_table
from ...edits import Edit
from ._pages import page_scripts

if TYPE_CHECKING:
    from ...syntax.markup import MarkupView, StartTag

VERSION = "4.0.1"

# The 2.x extensions an htmx 4 file of dist/ext/ ports are the target's (targets/core.py,
# `extension_ports`): loaded, the port is active on the whole page (htmx 4 has no hx-ext).

# 2.x extensions whose work htmx 4 does in its core: what the page writes instead.
IN_CORE = {
    "response-targets": "htmx 4 picks a target per response code in its core: `hx-status:404=\"target:#x\"` for "
                        "`hx-target-404=\"#x\"`",
    "morph": "htmx 4 morphs in its core: `hx-swap=\"outerMorph\"` (idiomorph's `morph`, `morph:outerHTML`) or "
             "`innerMorph` (`morph:innerHTML`)",
}

# Other rules' extensions: the WebSocket rules (WS103, WS307) and the SSE migration.
ELSEWHERE = {"ws": "WS103", "sse": "the SSE rules"}

_NO_PORT = "htmx 4.0.1 has no port of it"
# 2.x extensions without an htmx 4 port: what to do instead.
NO_PORT = {
    "json-enc": f"{_NO_PORT}: accept form data on the server, or write the JSON body yourself in a "
                "`htmx:before:request` listener (`ctx.request.body` and its `Content-Type` header)",
    "loading-states": f"{_NO_PORT}: style the `htmx-request` class htmx 4 puts on the requesting element and its "
                      "`hx-indicator`, or disable elements with `hx-disable`",
    "class-tools": f"{_NO_PORT}: add and remove the classes in `hx-on` handlers",
    "remove-me": f"{_NO_PORT}: remove the element with a timer of your own",
    "path-deps": f"{_NO_PORT}: refresh the dependent elements with an `HX-Trigger` response header and "
                 "`hx-trigger=\"EVENT from:body\"`",
    "event-header": f"{_NO_PORT}: htmx 4 sends no `Triggering-Event` header; add one in a `htmx:config:request` "
                    "listener (`ctx.sourceEvent`, `ctx.request.headers`)",
    "multi-swap": f"{_NO_PORT}: answer with `<hx-partial hx-target=\"#a\" hx-swap=\"innerHTML\">` elements, one "
                  "per target",
    "debug": f"{_NO_PORT}: set `htmx.config.logAll = true`",
    "include-vals": f"{_NO_PORT}: write the values in `hx-vals`",
    "ajax-header": f"{_NO_PORT}: htmx 4 sends no `X-Requested-With`; add it with `hx-headers`",
    "method-override": f"{_NO_PORT}: send `X-HTTP-Method-Override` with `hx-headers` on an `hx-post`",
    "disable-element": f"{_NO_PORT}: write `hx-disable` (htmx 2's `hx-disabled-elt`)",
    "restored": f"{_NO_PORT}: listen for `htmx:before:history:restore`",
    "morphdom-swap": f"{_NO_PORT}: htmx 4 morphs in its core (`hx-swap=\"innerMorph\"` or `outerMorph`)",
    "alpine-morph": f"{_NO_PORT}: htmx 4 morphs in its core (`outerMorph`); load hx-alpine-compat.js for Alpine",
    "client-side-templates": f"{_NO_PORT}: render the templates on the server or in a `htmx:before:swap` listener",
}


def no_port(name: str) -> str:
    return NO_PORT.get(name, f"no htmx 4 port of `{name}` is known: an extension of your own is rewritten for "
                             "`htmx.registerExtension` (htmx 4 has no `defineExtension`)")


_ITEM = re.compile(r"[^,]+")


def ext_items(value: str) -> list[tuple[str, int, int]]:
    """The items an `hx-ext` value lists: (name as htmx 2 read it, spaces removed; start; end)."""
    out = []
    for m in _ITEM.finditer(value):
        name = m.group().replace(" ", "").strip()
        if name:
            out.append((name, m.start(), m.end()))
    return out


def loads_extension(view: "MarkupView", stem: str) -> bool:
    """Whether a script tag of the page already loads htmx 4's ``stem`` (hx-prompt, hx-preload...)."""
    pattern = re.compile(rf"(?:^|/){re.escape(stem)}(?:\.min)?\.js(?:$|[?#])")
    for tag, _ in view.scripts():
        src = tag.attr("src")
        if src is not None and src.value and pattern.search(src.value.strip()):
            return True
    return False


def extension_scripts(view: "MarkupView") -> list[tuple["StartTag", str]]:
    """The script tags of the page that load an htmx 1.x/2.x extension from a CDN, with its name."""
    found = []
    for tag, _ in view.scripts():
        src = tag.attr("src")
        if src is None or not src.value or src.value_has_template:
            continue
        kind = extension_url(src.value)
        if kind is not None:
            found.append((tag, kind[0]))
    return found


def core_script(view: "MarkupView"):
    """(start tag, URL match, whether minified) of the first script tag that loads the htmx core
    (1.x, 2.x or 4.x) from a CDN, or None; with the tag's problem for an extension loaded after
    it as the fourth item ("" when there is none)."""
    found = None
    for tag, _ in page_scripts(view):
        src = tag.attr("src")
        if src is None or not src.value or src.value_has_template:
            continue
        url = core_url(src.value)
        if url is None:
            continue
        _, new_file, match = url
        if new_file is None:
            continue
        problem = ""
        kind = (tag.attr("type").value or "").strip().lower() if tag.attr("type") is not None else ""
        if new_file.startswith("htmx.esm") or kind == "module":
            problem = "the page loads htmx as an ES module, and htmx 4's extension files are classic scripts that " \
                      "read the global `htmx`: import htmx 4 so that it sets `window.htmx`, then load"
        elif tag.attr("async") is not None:
            problem = "the page loads htmx with `async`, so nothing says an extension runs after it: load htmx " \
                      "without `async`, then"
        if found is not None:
            # Two tags (a template's branches for debug and production, say): one insertion
            # after the first would leave the other without the extension.
            return found[0], found[1], found[2], "the page loads the htmx core in more than one script tag: after " \
                "each, load"
        found = (tag, match, new_file.endswith(".min.js"), problem)
    return found


def script_end(view: "MarkupView", tag: "StartTag") -> int | None:
    """Where the element of a <script> start tag ends (after its end tag)."""
    tokens = view.tokens
    for i, token in enumerate(tokens):
        if token is tag:
            for later in tokens[i + 1:i + 3]:
                if type(later).__name__ == "EndTag" and later.lname == "script":
                    return later.end
            return None
    return None


def extension_tag(view: "MarkupView", core: "StartTag", match, minified: bool, stem: str) -> tuple[str, str]:
    """(the <script> element that loads htmx 4's ``stem`` as the core's tag loads the core: same
    CDN, minified or not, `defer`, an integrity hash with `crossorigin` where the core has one;
    its URL)."""
    name = f"{stem}{'.min' if minified else ''}.js"
    url = core_url_for(match, f"ext/{name}", VERSION)
    attrs = [f'src="{url}"']
    integrity = core.attr("integrity")
    if integrity is not None:
        digest = sri_table().get(f"htmx.org@{VERSION}/dist/ext/{name}")
        if digest is not None:
            attrs.append(f'integrity="{digest}"')
            cross = core.attr("crossorigin")
            value = cross.value if cross is not None and cross.value and not cross.value_has_template else "anonymous"
            attrs.append(f'crossorigin="{value}"')
    if core.attr("defer") is not None:
        attrs.append("defer")
    return f"<script {' '.join(attrs)}></script>", url


def insert_after(view: "MarkupView", core: "StartTag", element: str) -> Edit | None:
    """An edit that puts ``element`` on the line after the core's script element, indented as it is
    (right after it when other markup shares its line)."""
    end = script_end(view, core)
    if end is None:
        return None
    text = view.text
    line_start = text.rfind("\n", 0, core.start) + 1
    indent = text[line_start:core.start]
    rest = text[end:text.find("\n", end) if "\n" in text[end:] else len(text)]
    if indent.strip() or rest.strip():
        return Edit(end, end, element)
    newline = "\r\n" if text[line_start - 2:line_start] == "\r\n" else "\n"
    return Edit(end, end, f"{newline}{indent}{element}")
