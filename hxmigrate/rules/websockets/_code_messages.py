"""The WebSocket messages a Go, Rust or JavaScript/TypeScript server writes in its own code
(WS201-WS205): the strings its front-end traced into a send (``project.sent_strings``),
read with the language's view, and the JSX elements a JavaScript server sends, read as
markup in place. The analysis and the rewrite are ``_messages``'; this module only reads
these sources, and is imported for files of those languages alone.
"""

from __future__ import annotations

import html
import re
from typing import Iterator

from ...analysis.templates import OOB_ATTRS, Message, read_message
from ...diagnostics import Diagnostic
from ...edits import Edit
from ...syntax.go import string_text as go_string_text
from ...syntax.javascript import string_text as js_string_text
from ...syntax.markup import tokenize
from ...syntax.rust import string_text as rust_string_text
from ...syntax.templates import Region, Regions, find_regions
from ...syntax.treesitter import node_by_key
from ._jsx_toolchain import toolchain
from ._messages import (
    _HTML_START,
    CROSSING,
    REWRITE,
    CodeString,
    Finding,
    Source,
    _looks_like_markup,
    _outside,
    _style_for,
    diagnostics_for,
    message_findings,
    to_diagnostics,
)


def code_message_diagnostics(file, code: str) -> Iterator[Diagnostic]:
    """The WS2xx diagnostics with ``code`` in a Go, Rust or JavaScript file."""
    if file.kind in CODE_STRINGS:
        return diagnostics_for(file, code, code_diagnostics)
    return iter(())


class JsxSource(Source):
    """A JSX element (or a fragment's children) that server code sends: the analysis reads its
    markup, each ``{...}`` (a child, an attribute value, a spread) opaque; edits go at its place
    in the file. An expression is never copied: written into ``hx-target="#..."`` it would be
    text, since a JSX string has no expressions."""

    def __init__(self, file_text: str, start: int, end: int) -> None:
        text = file_text[start:end]
        super().__init__(text, _jsx_regions(text))
        self.offset = start

    def replace(self, start: int, end: int, new: str) -> Edit | None:
        return None if new is None else Edit(self.offset + start, self.offset + end, new)

    def insert_before(self, pos: int, new: str) -> Edit | None:
        return None if new is None else Edit(self.offset + pos, self.offset + pos, new)

    def insert_after(self, pos: int, new: str) -> Edit | None:
        return None if new is None else Edit(self.offset + pos, self.offset + pos, new)

    def copy(self, start: int, end: int) -> str | None:
        if self.regions and self.regions.overlaps(start, end):
            return None
        return self.text[start:end]

    def file_span(self, start: int, end: int) -> tuple[int, int]:
        return self.offset + start, self.offset + end

    def decode(self, raw: str) -> str:
        # JSX decodes only complete references (`&amp;`, `&#38;`): a bare `&` is itself.
        return _JSX_REFERENCE.sub(lambda m: html.unescape(m.group(0)), raw)


_JSX_REFERENCE = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")
_JS_COMMENTS = re.compile(r"/\*.*?\*/|//[^\n]*", re.S)


def _jsx_regions(text: str) -> Regions:
    """The ``{...}`` of JSX markup; one that holds only comments (``{/* note */}``) renders nothing."""
    regions = find_regions(text, "braces")
    if not regions:
        return regions
    return Regions([Region(r.start, r.end, "comment") if r.kind == "expr"
                    and not _JS_COMMENTS.sub("", text[r.start + 1:r.end - 1]).strip() else r for r in regions])


def _go_string(file, sent):
    view = file.go
    node = node_by_key(view.root, sent.key)
    return (view.span(node), go_string_text(view, node, sent.format)) if node is not None else (None, None)


def _rust_string(file, sent):
    view = file.rust
    node = node_by_key(view.root, sent.key)
    return (view.span(node), rust_string_text(view, node, sent.format)) if node is not None else (None, None)


def _js_string(file, sent):
    scripts = file.javascript
    node = node_by_key(scripts[0].root, sent.key) if scripts else None
    return (scripts[0].span(node), js_string_text(scripts[0], node)) if node is not None else (None, None)


# Kinds of server code whose front-end traces the strings it sends (project.sent_strings),
# and how the value of one is read: (its span, its StringText), found by the key of its
# node, since rewrites of strings before it in the file (an earlier round of fixes) move
# its span, never its key.
CODE_STRINGS = {"go": _go_string, "rust": _rust_string, "javascript": _js_string}


def code_diagnostics(file) -> list[Diagnostic]:
    """Findings in the HTML strings that Go, Rust or JavaScript code sends over a WebSocket (traced
    through the project by the language's front-end)."""
    sent = file.project.sent_strings.get(file.abspath)
    if not sent or "<" not in file.text:
        return []
    read = CODE_STRINGS[file.kind]
    style = file.settings.oob_style
    groups: dict[str, list] = {}
    out: list[Diagnostic] = []
    for s in sent:
        if s.jsx:
            out.extend(_jsx_diagnostics(file, s))
            continue
        span, st = read(file, s)
        if st is None:
            if span is not None and _looks_like_markup(file.text[span[0]:span[1]]):
                groups.setdefault(s.how, []).append((span, None))
            continue
        src = CodeString(file.text, st)
        if not _HTML_START.search(_outside(src)):
            continue
        groups.setdefault(s.how, []).append((span, (src, read_message(src.text, tokenize(src.text, src.regions),
                                                                   src.regions))))
    for how, group in groups.items():
        for span, found in group:
            if found is None:
                out.append(Diagnostic(REWRITE, f"HTML {how} is a string hxmigrate cannot read (an escape or a format "
                                      "directive it does not know): rewrite its top-level parts for htmx 4 by hand "
                                      "(an <hx-partial> around each, or hx-swap-oob)", *span))
        readable = [f for _, f in group if f is not None]
        if any(not msg.balanced for _, msg in readable):
            src, _ = next((src, msg) for src, msg in readable if not msg.balanced)
            start, end = src.file_span(0, len(src.text))
            out.append(Diagnostic(CROSSING, f"HTML {how} is assembled from several strings (an element opens in one "
                                  "and closes in another): hxmigrate cannot find its top level; wrap each top-level "
                                  "part in <hx-partial> by hand", start, end))
            continue
        for src, msg in readable:
            out.extend(to_diagnostics(src, message_findings(src, msg, _style_for(src, msg, style), target=file.target)))
    out.sort(key=lambda d: (d.start, d.end))
    return out


# JSX runtimes whose TypeScript types take <hx-partial> (checked with tsc and the real packages:
# hono/jsx types any lowercase tag name; React's JSX.IntrinsicElements has no `hx-partial`,
# so `<hx-partial>` in a .tsx file of a React project is a type error).
_TYPES_TAKE_PARTIAL = ("hono/jsx",)
_TYPESCRIPT = (".tsx", ".mts", ".cts", ".ts")


def _jsx_diagnostics(file, sent) -> list[Diagnostic]:
    """Findings in a JSX element (or fragment) that JavaScript code sends as a message."""
    scripts = file.javascript
    script = scripts[0] if scripts else None
    node = node_by_key(script.root, sent.key) if script is not None else None
    if node is None or node.type not in ("jsx_element", "jsx_self_closing_element", "jsx_fragment"):
        return []
    start, end = _jsx_content(script, node)
    src = JsxSource(file.text, start, end)
    msg = read_message(src.text, tokenize(src.text, src.regions), src.regions)
    found: list[Finding] = []
    elements = []
    for el in msg.elements:
        name = el.tag.name
        if name[:1].isupper() or "." in name:  # a component: what it renders is not written here
            found.append(Finding(CROSSING, f"the JSX component <{name}> is at the top level of a WebSocket message "
                                 f"({sent.how}): hxmigrate cannot see the elements it "
                                 "renders; wrap each top-level element in <hx-partial> by hand",
                                 el.tag.start, el.tag.name_end))
        else:
            elements.append(el)
    msg.elements = elements
    style, why = _jsx_style(file, msg, file.settings.oob_style)
    for f in message_findings(src, msg, style, target=file.target):
        if why and f.code == REWRITE:
            f.message = f"{f.message} ({why})"
        found.append(f)
    return to_diagnostics(src, found)


def _jsx_content(script, node) -> tuple[int, int]:
    """The span of a sent JSX element in the file; for a fragment (``<>...</>``), that of its
    children, which are the message's top level."""
    start, end = script.span(node)
    if node.type == "jsx_element":
        opening = node.child_by_field_name("open_tag")
        closing = node.child_by_field_name("close_tag")
        if opening is not None and closing is not None and opening.child_by_field_name("name") is None:
            return script.span(opening)[1], script.span(closing)[0]
    elif node.type == "jsx_fragment":
        text = script.text_of(node)
        first, last = text.find(">"), text.rfind("</")
        if 0 <= first < last:
            return start + first + 1, start + last
    return start, end


def _jsx_style(file, msg: Message, style: str) -> tuple[str, str]:
    """The oob style for a JSX message, and why it is not the one asked for. An <hx-partial>
    target copies the element's id, which cannot be done when an expression writes it
    (``id={key}``), since a JSX string is text; and TypeScript rejects <hx-partial> with a
    runtime whose types do not know the tag (React's). Then the elements keep their 2.x form
    with an explicit hx-swap-oob, which htmx 4 still honours."""
    if style != "partial":
        return style, ""
    for el in msg.elements:
        for attr in (el.tag.attr("id"), el.tag.attr(*OOB_ATTRS)):
            if attr is not None and attr.value_has_template:
                return "swap-oob", ""
    if file.abspath.suffix.lower() in _TYPESCRIPT:
        chain = toolchain(file, file.text)
        if chain.runtime not in _TYPES_TAKE_PARTIAL:
            runtime = f"`{chain.runtime}`" if chain.runtime else "this file's JSX runtime (no config names it)"
            return "swap-oob", (f"no <hx-partial> here: the TypeScript types of {runtime} do not declare it, so "
                                "the element keeps its 2.x form with hx-swap-oob, which htmx 4 still honours")
    return style, ""


