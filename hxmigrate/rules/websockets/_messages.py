"""Helpers the WS2xx rules share: the top level of a WebSocket message and its htmx 4 form.

A message is read once per file (a message template, or each HTML string a Python
module sends) and every finding is computed in one pass; each WS2xx rule yields the
findings with its code. The rewrite follows the table in the migration reference:
an element 2.x swapped by its id (or with an outer `hx-swap-oob` style) is wrapped in
`<hx-partial>`; an element with a non-outer style is replaced by the partial, its
content kept byte for byte. Where the top level cannot be known for sure (tags in
different template branches, attributes written by template code) nothing is edited
and the finding says why.
"""

from __future__ import annotations

import html
import re
import weakref
from dataclasses import dataclass
from typing import Callable, Iterable, Iterator

from ...analysis.server.python import RECEIVE_HINT, SEND_HINT, ServerModule
from ...analysis.templates import (
    FRAME_ELEMENTS,
    OOB_ATTRS,
    WRAPPER,
    Message,
    TemplateRoles,
    TopElement,
    read_message,
)
from ...diagnostics import Diagnostic, fix
from ...edits import Edit
from ...syntax.cst import cst
from ...syntax.markup import RAW_TEXT, Attr, StartTag, tokenize
from ...syntax.python import string_text
from ...syntax.templates import Region, Regions, is_statement
from ._fasthtml import WsHandlers
from ._markup import is_connection

# 2.x swap styles an out-of-band element could name -> the htmx 4 swap style.
STYLES_2X = {
    "outerHTML": "outerHTML",
    "innerHTML": "innerHTML",
    "beforebegin": "beforebegin",
    "afterbegin": "afterbegin",
    "beforeend": "beforeend",
    "afterend": "afterend",
    "delete": "delete",
    "none": "none",
    # the idiomorph and morphdom extensions of 2.x; both swapped the element itself
    "morph": "outerMorph",
    "morphdom": "outerMorph",
}
# Whole values idiomorph documented, read before the "style:selector" split.
MORPH_VALUES = {"morph:outerHTML": "outerMorph", "morph:innerHTML": "innerMorph"}
OUTER_STYLES = ("outerHTML", "outerMorph")

CROSSING, STRAY, OOB_VALUE, NESTED, REWRITE = "WS202", "WS203", "WS204", "WS205", "WS201"


# --- CSS identifiers ---------------------------------------------------------------------

def css_escape(value: str, at_start: bool = True) -> str:
    """``CSS.escape``: the identifier a browser would build for an id selector.
    ``at_start`` is False for a piece that follows other characters of the identifier."""
    out = []
    n = len(value)
    for i, ch in enumerate(value):
        code = ord(ch)
        first = at_start and i == 0
        second = at_start and i == 1
        if code == 0:
            out.append("\ufffd")
        elif 0x01 <= code <= 0x1F or code == 0x7F:
            out.append(f"\\{code:x} ")
        elif first and ch.isdigit() and ch.isascii():
            out.append(f"\\{code:x} ")
        elif second and ch.isascii() and ch.isdigit() and value[0] == "-":
            out.append(f"\\{code:x} ")
        elif first and ch == "-" and n == 1:
            out.append("\\-")
        elif code >= 0x80 or ch in "-_" or (ch.isascii() and ch.isalnum()):
            out.append(ch)
        else:
            out.append("\\" + ch)
    return "".join(out)


def _removal_start(text: str, tag: StartTag, attr: Attr) -> int:
    """Where the removal of an attribute starts: with the whitespace before it, or with the
    "/" before it when it has none (a="1"/b="2"), which would otherwise end the tag as "/>"."""
    start = tag.whitespace_before(text, attr)[0]
    if start == attr.start and start > tag.name_end and text[start - 1] == "/":
        return start - 1
    return start


class Source:
    """Maps the message text the analysis reads back to the file. For a template the two
    are the same text; an HTML string in Python code has its own (see CodeString)."""

    def __init__(self, text: str, regions: Regions) -> None:
        self.text = text
        self.regions = regions

    def replace(self, start: int, end: int, new: str) -> Edit | None:
        return Edit(start, end, new)

    def insert_before(self, pos: int, new: str) -> Edit | None:
        """Insert ``new`` right before text[pos] (a tag's first character)."""
        return Edit(pos, pos, new)

    def insert_after(self, pos: int, new: str) -> Edit | None:
        """Insert ``new`` right after text[pos-1] (a tag's last character)."""
        return Edit(pos, pos, new)

    def copy(self, start: int, end: int) -> str | None:
        """text[start:end] as it must be written again elsewhere in the same source."""
        return self.text[start:end]

    def escape(self, generated: str, near: int) -> str | None:
        """Generated text as it must be written at ``near``; None when it cannot be."""
        return generated

    def holds(self, written: str, near: int) -> bool:
        """Whether text already escaped for the source can stand at ``near`` as one piece
        (a Rust raw string cannot hold its own closing delimiter, made of two pieces)."""
        return True

    def file_span(self, start: int, end: int) -> tuple[int, int]:
        return start, end

    def decode(self, raw: str) -> str:
        """The value of literal attribute text with character references."""
        return html.unescape(raw)


class CodeString(Source):
    """An HTML string in server code (Python, Go, Rust, JavaScript): the analysis reads its
    value (``syntax.strings.StringText``), edits go into its literals, escaped for each
    literal's delimiters, escapes and format syntax."""

    def __init__(self, file_text: str, st) -> None:
        super().__init__(st.text, Regions([Region(a, b, "expr") for a, b, _ in st.opaque]))
        self.file_text = file_text
        self.st = st

    def _literal(self, start: int, end: int) -> bool:
        """text[start:end] lies inside one literal (not an operand of a + chain)."""
        pieces = self.st.piece_of
        piece = pieces[start]
        return not self.st.pieces[piece].opaque and pieces[end - 1] == piece

    def insert_before(self, pos: int, new: str) -> Edit | None:
        if new is None or pos >= len(self.text) or self.st.pieces[self.st.piece_of[pos]].opaque:
            return None
        return Edit(self.st.starts[pos], self.st.starts[pos], new)

    def insert_after(self, pos: int, new: str) -> Edit | None:
        if new is None or pos <= 0 or self.st.pieces[self.st.piece_of[pos - 1]].opaque:
            return None
        return Edit(self.st.ends[pos - 1], self.st.ends[pos - 1], new)

    def replace(self, start: int, end: int, new: str) -> Edit | None:
        if new is None or end <= start or not self._literal(start, end):
            return None
        return Edit(self.st.starts[start], self.st.ends[end - 1], new)

    def copy(self, start: int, end: int) -> str | None:
        if end <= start or not self._literal(start, end) or not self.st.copyable(start, end):
            return None
        return self.file_text[self.st.starts[start]:self.st.ends[end - 1]]

    def escape(self, generated: str, near: int) -> str | None:
        near = min(max(near, 0), len(self.text) - 1)
        return self.st.escape(generated, self.st.piece_of[near])

    def holds(self, written: str, near: int) -> bool:
        near = min(max(near, 0), len(self.text) - 1)
        return self.st.pieces[self.st.piece_of[near]].holds(written)

    def file_span(self, start: int, end: int) -> tuple[int, int]:
        n = len(self.text)
        if n == 0:
            return 0, 0
        s = self.st.starts[min(start, n - 1)]
        e = self.st.ends[min(max(end - 1, start), n - 1)]
        return s, max(s, e)


# --- the rewrite ---------------------------------------------------------------------------

@dataclass
class OobSpec:
    swap: str  # the htmx 4 swap style
    outer: bool  # the element itself is swapped, so the partial keeps it
    selector: tuple[int, int] | None  # an explicit target selector, as a span of the text


def parse_oob(attr: Attr) -> OobSpec | str:
    """What 2.x did with an hx-swap-oob value, or why it could not have meant anything."""
    if attr.value is None:
        return OobSpec("outerHTML", True, None)
    value = attr.value
    if value in ("", "true"):
        return OobSpec("outerHTML", True, None)
    if value in MORPH_VALUES:
        swap = MORPH_VALUES[value]
        return OobSpec(swap, swap in OUTER_STYLES, None)
    if value in STYLES_2X:
        swap = STYLES_2X[value]
        return OobSpec(swap, swap in OUTER_STYLES, None)
    colon = value.find(":")
    if colon > 0:
        style, selector = value[:colon], value[colon + 1:]
        if style in STYLES_2X and selector.strip():
            swap = STYLES_2X[style]
            return OobSpec(swap, swap in OUTER_STYLES, (attr.value_start + colon + 1, attr.value_end))
        if style not in STYLES_2X:
            return (f"2.x read `{style}` as the swap style and `{selector}` as the target selector, which cannot "
                    "be what was meant (2.x took no swap modifiers here)")
        return "2.x could not use an empty selector and swapped nothing"
    if value.lower() in {s.lower() for s in STYLES_2X} or value.strip() in STYLES_2X:
        return f"2.x compares swap styles exactly, so `{value}` fell back to its default swap of the element's children"
    return f"`{value}` is not a swap style 2.x knew, so it fell back to its default swap of the element's children"


def _attributes_uncertain(tag: StartTag, roles: "TemplateRoles") -> bool:
    """Template code in the start tag may write or leave out its id or hx-swap-oob:
    output between attributes may write any attribute, and a block may hold them."""
    depth = 0
    for item in tag.items:
        if isinstance(item, Region):
            role, _ = roles.role(item)
            if role == "open":
                depth += 1
            elif role == "close":
                depth = max(0, depth - 1)
            elif role in ("output", "include") or (role == "" and item.kind in ("expr", "erb", "php")):
                return True
        elif depth and (item.lname == "id" or item.lname in OOB_ATTRS):
            return True
    return False


def _style_is_literal(src: Source, oob: Attr) -> bool:
    """The swap style of an hx-swap-oob value is plain text (template code, if any, is
    only in a selector after the colon)."""
    if not oob.value_has_template:
        return True
    regions = src.regions.within(oob.value_start, oob.value_end) if src.regions else []
    if not regions:
        return True
    colon = src.text.find(":", oob.value_start, regions[0].start)
    return colon > oob.value_start


def _quote_for(*attrs: Attr | None) -> str:
    for a in attrs:
        if a is not None and a.quote:
            return a.quote
    return '"'


def _id_selector(src: Source, id_attr: Attr, quote: str) -> str | None:
    """``#ID`` as it must be written: literal parts CSS-escaped (and HTML-encoded), parts
    written by template code (or f-string placeholders) copied as they are."""
    start, end = id_attr.value_start, id_attr.value_end
    pieces = ["#"]
    pos = start
    first = True
    for region in list(src.regions.within(start, end)) if src.regions else []:
        if region.start > pos:
            pieces.append(_literal_id(src, pos, region.start, first, quote))
        copied = src.copy(region.start, region.end)
        if copied is None or pieces[-1] is None:
            return None
        pieces.append(copied)
        pos = region.end
        first = False
    if end > pos:
        pieces.append(_literal_id(src, pos, end, first, quote))
    if any(p is None for p in pieces):
        return None
    return "".join(pieces)


def _literal_id(src: Source, start: int, end: int, at_start: bool, quote: str) -> str | None:
    raw = src.text[start:end]
    value = src.decode(raw) if "&" in raw else raw
    escaped = css_escape(value, at_start)
    if escaped == value and raw == value:
        copied = src.copy(start, end)  # as the source writes it (escape sequences included)
        return copied if copied is not None else src.escape(raw, start)
    encoded = escaped.replace("&", "&amp;")
    if quote in encoded:
        encoded = encoded.replace(quote, "&quot;" if quote == '"' else "&#39;")
    return src.escape(encoded, start)


@dataclass
class Finding:
    code: str
    message: str
    start: int  # in the message text
    end: int
    edits: list[Edit] | None = None


def _describe(tag: StartTag) -> str:
    return f"<{tag.name}>"


@dataclass(frozen=True)
class Shared:
    """Where a message template is also used outside WebSocket messages (its project uses)."""

    uses: tuple  # of analysis.project.OtherUse

    def listed(self, limit: int = 3) -> str:
        notes = {"http": " (an HTTP response)", "tag": " (an inclusion tag)", "import": " (its macros imported)",
                 "message": " (inside a part of a message)"}
        shown = [f"{use.where}{notes.get(use.kind, '')}" for use in self.uses[:limit]]
        more = len(self.uses) - limit
        return ", ".join(shown) + (f" and {more} more" if more > 0 else "")


def message_findings(src: Source, msg: Message, style: str, shared: Shared | None = None,
                     target=None) -> Iterator[Finding]:
    """Everything the WS2xx rules say about one message. ``shared`` tells where a message
    template is also used outside WebSocket messages; ``target`` (the htmx 4 profile) is
    given where connection elements are to be told apart."""
    text = src.text
    roles = TemplateRoles(text)
    for el in msg.elements:
        yield from _element_findings(src, el, style, roles, shared, target)
    for start, end in msg.stray_text:
        s = start + (len(text[start:end]) - len(text[start:end].lstrip()))
        e = start + len(text[start:end].rstrip())
        snippet = " ".join(text[s:e].split())
        if len(snippet) > 40:
            snippet = snippet[:37] + "..."
        yield Finding(STRAY, f"text `{snippet}` at the top level of a WebSocket message: 2.x dropped it, htmx 4 swaps it "
                      "into the connection element (replacing its content) unless that element has hx-swap=\"none\"; "
                      "remove it or wrap it in an <hx-partial>", s, e)
    for start, end in msg.outputs:
        yield Finding(STRAY, "template output at the top level of a WebSocket message: hxmigrate cannot see what it "
                      "renders; any text or element without an <hx-partial> around it replaces the connection "
                      "element's content in htmx 4 (2.x dropped text and swapped elements by id)", start, end)
    for start, end, name in msg.includes:
        if name is None:
            yield Finding(STRAY, "a template included at the top level of a WebSocket message by a name hxmigrate "
                          "cannot read: migrate it as a message template too (mark it with a "
                          "'hxmigrate: ws-message' comment)", start, end)


def _oob_2x(tag: StartTag) -> Attr | None:
    """The hx-swap-oob attribute whose value 2.x read: a browser keeps the first of
    duplicate attributes, and 2.x read `hx-swap-oob` before `data-hx-swap-oob` (the
    data- one when the plain one is empty)."""
    plain, data = tag.attr("hx-swap-oob"), tag.attr("data-hx-swap-oob")
    if plain is not None and (plain.value or data is None):
        return plain
    return data


def _statement_in(src: Source, start: int, end: int) -> Region | None:
    """The first template statement ({% if %}, {{#each}}, <% end %>...) in text[start:end]."""
    if not src.regions:
        return None
    for region in src.regions.within(start, end):
        if region.end <= end and is_statement(src.text, region):
            return region
    return None


def _tag_text(src: Source, region: Region) -> str:
    body = " ".join(src.text[region.start:region.end].split())
    return body if len(body) <= 40 else body[:37] + "..."


def _element_findings(src: Source, el: TopElement, style: str, roles: TemplateRoles, shared: Shared | None,
                      target) -> Iterator[Finding]:
    tag = el.tag
    where = (tag.start, tag.name_end)
    if tag.lname == WRAPPER:
        return
    oob = _oob_2x(tag)
    id_attr = tag.attr("id")
    if el.crossing:
        yield Finding(CROSSING, f"{_describe(tag)} starts and ends in different template branches, so its top level "
                      "cannot be rewritten safely: give each branch a complete element (then run hxmigrate again) "
                      "or wrap it in <hx-partial> by hand", *where)
        return
    if not el.closed:
        yield Finding(CROSSING, f"{_describe(tag)} at the top level of a WebSocket message has no end tag: close it "
                      "(then run hxmigrate again) or wrap it in <hx-partial> by hand", *where)
        return
    if tag.lname in FRAME_ELEMENTS:
        yield Finding(CROSSING, f"{_describe(tag)} at the top level of a WebSocket message: an HTML parser reads no "
                      f"<{tag.lname}> element inside a message, so its htmx 4 form cannot be told: write it by hand",
                      *where)
        return
    if el.holds_partial:
        yield Finding(CROSSING, f"{_describe(tag)} holds an <hx-partial> tag already: write its htmx 4 form by hand",
                      *where)
        return
    if el.closes_open is not None:
        yield Finding(CROSSING, f"{_describe(tag)} ends the unclosed <{el.closes_open}> before it, as HTML reads it; "
                      f"anything written before it (an <hx-partial>) would leave that <{el.closes_open}> open: close "
                      "it by hand (then run hxmigrate again)", *where)
        return
    if _attributes_uncertain(tag, roles):
        yield Finding(CROSSING, f"template code between the attributes of {_describe(tag)} may set its id or "
                      "hx-swap-oob: write its htmx 4 form by hand (an <hx-partial> around it, or hx-swap-oob)", *where)
        return
    if oob is not None and (oob.name_has_template or not _style_is_literal(src, oob)):
        yield Finding(OOB_VALUE, f"`{oob.name}` of {_describe(tag)} is written by template code: hxmigrate cannot tell "
                      "which swap 2.x did; write the <hx-partial> by hand", oob.start, oob.end)
        return
    has_id = id_attr is not None and id_attr.value not in (None, "") and not id_attr.name_has_template
    if oob is None and not has_id:
        nested = " Its nested hx-swap-oob elements are still swapped by htmx 4, which 2.x never did." if el.nested_oob else ""
        yield Finding(STRAY, f"{_describe(tag)} at the top level of a WebSocket message has neither an id nor "
                      "hx-swap-oob: 2.x dropped it, htmx 4 swaps it into the connection element (replacing its "
                      "content) unless that element has hx-swap=\"none\"; remove it, give it an id, or wrap it in an "
                      f"<hx-partial>.{nested}", *where)
        return
    spec = parse_oob(oob) if oob is not None else OobSpec("outerHTML", True, None)
    if isinstance(spec, str):
        yield Finding(OOB_VALUE, f"hx-swap-oob=\"{oob.value}\": {spec}; write the intended <hx-partial> by hand",
                      oob.start, oob.end)
        return
    if spec.selector is None and not has_id:
        yield Finding(OOB_VALUE, f"{_describe(tag)} has hx-swap-oob but no id and no selector: 2.x found no target "
                      "and dropped it; remove it or give it a target", oob.start, oob.end)
        return
    connection = target is not None and is_connection(tag, target)
    if style == "swap-oob" or shared is not None or connection:
        yield from _swap_oob_style(src, el, oob, id_attr, spec, shared, connection)
    else:
        yield from _partial_style(src, el, oob, id_attr, spec)


def _partial_style(src: Source, el: TopElement, oob: Attr | None, id_attr: Attr | None, spec: OobSpec) -> Iterator[Finding]:
    tag = el.tag
    text = src.text
    if spec.selector is not None:
        quote = _quote_for(oob)
        copied = spec.selector
    else:
        quote = _quote_for(id_attr)
        copied = (id_attr.value_start, id_attr.value_end)
    start, end = (oob.start, oob.end) if oob is not None else (tag.start, tag.name_end)
    statement = _statement_in(src, *copied)
    if statement is not None:
        what = "hx-swap-oob selector" if spec.selector is not None else "id"
        yield Finding(CROSSING, f"the {what} of {_describe(tag)} is written with the template tag "
                      f"`{_tag_text(src, statement)}`, which hxmigrate never copies (a tag can render differently a "
                      "second time, or define something twice): write its <hx-partial> by hand", start, end)
        return
    target = src.copy(*spec.selector) if spec.selector is not None else _id_selector(src, id_attr, quote)
    if target is None:
        yield Finding(REWRITE, f"{_describe(tag)} needs an <hx-partial> in htmx 4, but its target cannot be written "
                      "inside this string: wrap it by hand", start, end)
        return
    if not spec.outer and tag.lname in RAW_TEXT:
        yield Finding(CROSSING, f"{_describe(tag)} swapped its children in 2.x, but its content is text to an HTML "
                      "parser, and markup inside an <hx-partial>: write its htmx 4 form by hand", start, end)
        return
    if not spec.outer and el.ends_open is not None:
        yield Finding(CROSSING, f"the end tag of {_describe(tag)} also ends the unclosed <{el.ends_open}> inside it, "
                      f"as HTML reads it; the <hx-partial>'s end tag would not: close the <{el.ends_open}> by hand "
                      "(then run hxmigrate again)", start, end)
        return
    if spec.outer:
        # Every hx-swap-oob goes, the duplicates a browser never read included.
        removed = [(_removal_start(text, tag, a), a.end) for a in tag.attrs if a.lname in OOB_ATTRS]
    else:
        removed = [(tag.start, tag.end)] + ([(el.end_tag.start, el.end_tag.end)] if el.end_tag is not None else [])
    statement = next((r for r in (_statement_in(src, a, b) for a, b in removed) if r is not None), None)
    if statement is not None:
        what = (f"an hx-swap-oob attribute of {_describe(tag)}, which the rewrite removes" if spec.outer else
                f"the start tag of {_describe(tag)}, which the rewrite replaces with the <hx-partial>'s")
        yield Finding(CROSSING, f"the template tag `{_tag_text(src, statement)}` is in {what}; hxmigrate never "
                      "removes template tags: write its <hx-partial> by hand", start, end)
        return
    if quote in target:
        # A selector written in an unquoted value may hold the quote the new attribute would use.
        other = "'" if quote == '"' else '"'
        if other in target:
            yield Finding(REWRITE, f"{_describe(tag)} needs an <hx-partial> in htmx 4, but its target `{target}` holds "
                          "both kinds of quote: wrap it by hand", start, end)
            return
        quote = other
    open_text = _escaped_generated(src, target, spec.swap, quote, tag.start)
    if spec.outer:
        close_text = src.escape(f"</{WRAPPER}>", el.end - 1)
        edits = [
            src.insert_before(tag.start, open_text) if open_text is not None else None,
            src.insert_after(el.end, close_text) if close_text is not None else None,
        ]
        edits.extend(src.replace(a, b, "") for a, b in removed)
        how = "by its id" if oob is None else f"with {oob.name}=\"{oob.value or ''}\""
        message = (f"{_describe(tag)} was swapped out of band {how} in 2.x; htmx 4 swaps only <hx-partial> parts "
                   "that way (anything else replaces the connection element's content): wrap it in "
                   f"<hx-partial hx-target=\"{_plain(target)}\" hx-swap=\"{spec.swap}\">")
    else:
        if el.end_tag is None:  # a void element: there is no content to keep
            close_text = src.escape(f"</{WRAPPER}>", tag.start)
            both = None if open_text is None or close_text is None else open_text + close_text
            edits = [src.replace(tag.start, tag.end, both) if both is not None else None]
        else:
            close_text = src.escape(f"</{WRAPPER}>", el.end_tag.start)
            edits = [
                src.replace(tag.start, tag.end, open_text) if open_text is not None else None,
                src.replace(el.end_tag.start, el.end_tag.end, close_text) if close_text is not None else None,
            ]
        message = (f"{oob.name}=\"{oob.value}\" swapped the children of {_describe(tag)} in 2.x; in htmx 4 the "
                   f"element becomes <hx-partial hx-target=\"{_plain(target)}\" hx-swap=\"{spec.swap}\"> around "
                   "the same content")
    if any(e is None for e in edits):
        yield Finding(REWRITE, message + "; it cannot be written inside this string: wrap it by hand", start, end)
        return
    yield Finding(REWRITE, message, start, end, edits)


def _escaped_generated(src: Source, target: str, swap: str, quote: str, near: int) -> str | None:
    """The partial's start tag as written at ``near``: generated text escaped for the source,
    the target (already written for the source) kept as it is."""
    head = src.escape(f"<{WRAPPER} hx-target={quote}", near)
    tail = src.escape(f"{quote} hx-swap={quote}{swap}{quote}>", near)
    if head is None or tail is None or not src.holds(head + target + tail, near):
        # A literal that cannot hold `"` or `"#` (Rust's r"..." and r#"..."#): the same
        # attributes in single quotes.
        if quote == '"' and "'" not in target and '"' not in target:
            return _escaped_generated(src, target, swap, "'", near)
        return None
    return head + target + tail


def _plain(target: str) -> str:
    return target if len(target) <= 60 else target[:57] + "..."


def _swap_oob_style(src: Source, el: TopElement, oob: Attr | None, id_attr: Attr | None, spec: OobSpec,
                    shared: Shared | None = None, connection: bool = False) -> Iterator[Finding]:
    """The element stays where it is, with an explicit hx-swap-oob (4.0.1 honours one on a
    top-level element of a message): the --oob-style swap-oob form, and the form for a
    template also used outside messages and for a connection element, which a wrapper
    would take out of the page that includes it."""
    tag = el.tag
    nested = el.nested_oob
    why = ""
    if connection:
        why = (f"{_describe(tag)} opens the WebSocket connection, so it stays where it is, renamed in place (an "
               "<hx-partial> around or instead of it would change the page that includes it)")
    elif shared is not None:
        why = (f"this template is also used outside WebSocket messages ({shared.listed()}), so {_describe(tag)} "
               "stays where it is (an <hx-partial> would stay around it in a page, or take its place and its "
               "attributes with it)")
    if nested:
        first = nested[0]
        remedy = ("remove the nested attributes" if why else
                  "use --oob-style partial (an <hx-partial> hides them as 2.x did) or remove the nested attributes")
        yield Finding(NESTED, f"{_describe(tag)} contains {len(nested)} element{'s' if len(nested) != 1 else ''} with "
                      "hx-swap-oob: 2.x never swapped nested ones, htmx 4 swaps them when the outer element keeps "
                      f"hx-swap-oob; {remedy}", first.start, first.name_end)
    if oob is None:
        quote = _quote_for(id_attr)
        added = src.escape(f" hx-swap-oob={quote}true{quote}", id_attr.end - 1)
        edit = src.insert_after(id_attr.end, added) if added is not None else None
        message = (f"{_describe(tag)} was swapped by its id in 2.x; htmx 4 swaps an element out of band only with "
                   "hx-swap-oob (anything else replaces the connection element's content): add hx-swap-oob=\"true\"")
        if why:
            message = f"{why}. {message[0].upper()}{message[1:]}"
        if edit is None:
            yield Finding(REWRITE, message + " by hand", tag.start, tag.name_end)
            return
        yield Finding(REWRITE, message, tag.start, tag.name_end, [edit])
        return
    value = oob.value or ""
    new_value = None
    if value in MORPH_VALUES:
        new_value = MORPH_VALUES[value]
    elif value.split(":", 1)[0] in ("morph", "morphdom"):
        rest = value.split(":", 1)[1] if ":" in value else None
        new_value = "outerMorph" + (f":{rest}" if rest is not None else "")
    if new_value is not None:
        written = src.escape(new_value, oob.value_start)
        edit = src.replace(oob.value_start, oob.value_end, written) if written is not None else None
        message = f"hx-swap-oob=\"{value}\" named a 2.x extension's morph swap; htmx 4 has it built in as `{new_value}`"
        yield Finding(REWRITE, message, oob.start, oob.end, [edit] if edit is not None else None)


# --- one cached reading per file ---------------------------------------------------------

_CACHE: "weakref.WeakKeyDictionary[object, dict]" = weakref.WeakKeyDictionary()


def diagnostics_for(file, code: str, compute: Callable[[object], list[Diagnostic]]) -> Iterator[Diagnostic]:
    """The diagnostics with ``code`` among those ``compute(file)`` finds; computed once
    per file for all the rules that share ``compute``."""
    per_file = _CACHE.get(file)
    if per_file is None:
        per_file = _CACHE[file] = {}
    found = per_file.get(compute)
    if found is None:
        found = per_file[compute] = compute(file)
    for d in found:
        if d.code == code:
            yield d


def to_diagnostics(src: Source, findings: Iterable[Finding]) -> list[Diagnostic]:
    out = []
    for f in findings:
        start, end = src.file_span(f.start, f.end)
        out.append(Diagnostic(f.code, f.message, start, end, fix(*f.edits) if f.edits else None))
    return out


def template_diagnostics(file) -> list[Diagnostic]:
    """Findings in a message template (markup; the gate has checked it is one)."""
    view = file.markup
    msg = read_message(file.text, view.tokens, view.regions)
    parts = file.project.message_parts.get(file.abspath) if file.flavor == "templ" else None
    if parts:
        msg = _within(msg, templ_bodies(file.text, parts))
    src = Source(file.text, view.regions)
    uses = file.project.message_uses.get(file.abspath)
    shared = Shared(tuple(uses)) if uses else None
    style = _templ_style(msg, file.settings.oob_style) if file.flavor == "templ" else file.settings.oob_style
    return to_diagnostics(src, message_findings(src, msg, style, shared, file.target))


_TEMPL_HEADER = re.compile(r"^templ[ \t]+(?:\([^)]*\)[ \t]*)?(\w+)[ \t]*[\[(]", re.M)
_TEMPL_END = re.compile(r"^\}", re.M)


def templ_bodies(text: str, names: "frozenset[str]") -> list[tuple[int, int]]:
    """The spans of the bodies of the named templ components: from the ``{`` that ends the
    header line to the ``}`` that starts a line (as templ's formatter writes them)."""
    spans = []
    for m in _TEMPL_HEADER.finditer(text):
        if m.group(1) not in names:
            continue
        line_end = text.find("\n", m.end())
        line_end = len(text) if line_end < 0 else line_end
        brace = text.rfind("{", m.end(), line_end)
        close = _TEMPL_END.search(text, line_end) if brace >= 0 else None
        if close is not None:
            spans.append((brace + 1, close.start()))
    return spans


def _within(msg: Message, spans: list[tuple[int, int]]) -> Message:
    """The parts of a message read from a whole file that lie inside ``spans``."""
    def inside(start: int) -> bool:
        return any(a <= start < b for a, b in spans)

    return Message(msg.text, [e for e in msg.elements if inside(e.tag.start)],
                   [(a, b) for a, b in msg.stray_text if inside(a)], [(a, b) for a, b in msg.outputs if inside(a)],
                   [i for i in msg.includes if inside(i[0])], [t for t in msg.stray_end_tags if inside(t.start)])


def _templ_style(msg: Message, style: str) -> str:
    """The oob style for a templ message: an <hx-partial> target copies the element's id,
    which cannot be done when a Go expression writes it (``id={ key }``), since templ reads
    a quoted value (``hx-target="#{ key }"``) as text; then the elements keep their 2.x form
    with an explicit hx-swap-oob, which htmx 4 still honours."""
    if style != "partial":
        return style
    for el in msg.elements:
        for attr in (el.tag.attr("id"), el.tag.attr(*OOB_ATTRS)):
            if attr is not None and attr.value_has_template:
                return "swap-oob"
    return style


def message_diagnostics(file, code: str) -> Iterator[Diagnostic]:
    """The WS2xx diagnostics with ``code`` in a message template (``_gate.message_check``
    has told it from other markup) or a Python module (Go, Rust and JavaScript are
    ``_code_messages``')."""
    if file.kind == "markup":
        return diagnostics_for(file, code, template_diagnostics)
    if file.kind == "python":
        return diagnostics_for(file, code, python_diagnostics)
    return iter(())


_HTML_START = re.compile(r"<[A-Za-z]")

def server_module(file):
    """The file's server code as the WS2xx/WS4xx rules read it (once per file), knowing the
    senders and Channels handlers the rest of the project defines; None when libcst cannot
    read the file."""
    per_file = _CACHE.get(file)
    if per_file is None:
        per_file = _CACHE[file] = {}
    if "server" not in per_file:
        view = file.python
        module = None
        if view.module is not None:
            facts = file.project.python_facts
            module = ServerModule(view, file.settings, derived=facts.derived, handlers=facts.handlers)
        per_file["server"] = module
    return per_file["server"]


def sent_values(file, module) -> Iterator[tuple[object, object, object, str, str | None]]:
    """(function, the node that sends it, the value, how, where else it is used) for every
    value the module sends over a WebSocket, and every value a function of it returns that
    the project sends (the last item names a call of that function for something else, whose
    result the rewrite would change too; None when there is none)."""
    for sent in module.sends():
        yield sent.function, sent.call, sent.value, sent.how, None
    if "fasthtml" in file.text and ".ws(" in file.text:
        for fn, value, how in WsHandlers(module).messages():
            yield fn, value, value, how, None
    facts = file.project.python_facts if module.functions else None
    returned = facts.returns_sent.get(file.abspath) if facts is not None else None
    if returned:
        shared = facts.shared.get(file.abspath) or {}
        for fn in module.functions:
            how = returned.get(fn.name)
            if how is not None:
                for node in fn.nodes:
                    if isinstance(node, cst.Return) and node.value is not None:
                        yield fn, node, node.value, how, shared.get(fn.name)


def python_diagnostics(file) -> list[Diagnostic]:
    """Findings in the HTML strings a Python module sends over a WebSocket."""
    text = file.text
    if "<" not in text:
        return []
    if not SEND_HINT.search(text) and not file.project.python_facts.returns_sent.get(file.abspath):
        return []
    module = server_module(file)
    if module is None:
        return []

    view = file.python
    style = file.settings.oob_style
    seen: set[int] = set()
    out: list[Diagnostic] = []
    for fn, _, value, how, elsewhere in sent_values(file, module):
        group = []
        for t in module.terminals(value, fn, follow_returns=True):
            if id(t) in seen or not isinstance(t, (cst.SimpleString, cst.FormattedString, cst.ConcatenatedString, cst.BinaryOperation)):
                continue
            seen.add(id(t))
            formatted = module.format_strings.get(id(t), False)
            st = string_text(view, t, format_fields=formatted)
            if st is None:
                if formatted == "percent" and _looks_like_markup(view.code(t)):
                    start, end = view.span(t)
                    out.append(Diagnostic(REWRITE, f"HTML sent with {how} is a %-format string hxmigrate cannot read "
                                          "(a \"%\" that starts no directive, or an f-string): rewrite its top-level "
                                          "parts for htmx 4 by hand (an <hx-partial> around each, or hx-swap-oob)",
                                          start, end))
                continue
            src = CodeString(text, st)
            if not _HTML_START.search(_outside(src)):
                continue
            group.append((src, read_message(src.text, tokenize(src.text, src.regions), src.regions)))
        if any(not msg.balanced for _, msg in group):
            src, _ = next((s, m) for s, m in group if not m.balanced)
            start, end = src.file_span(0, len(src.text))
            out.append(Diagnostic(CROSSING, f"HTML sent with {how} is assembled from several strings (an "
                                  "element opens in one and closes in another): hxmigrate cannot find its top level; "
                                  "wrap each top-level part in <hx-partial> by hand", start, end))
            continue
        for src, msg in group:
            found = to_diagnostics(src, message_findings(src, msg, _style_for(src, msg, style), target=file.target))
            if elsewhere is not None:
                # The same HTML answers something else too (an HTTP request): rewritten, that
                # answer would change. The person splits the function.
                found = [Diagnostic(d.code, f"{d.message}; not rewritten: {fn.name}() is also called in {elsewhere}, "
                                    "whose result would change too: give the WebSocket message a function of its own",
                                    d.start, d.end) for d in found]
            out.extend(found)
    return out


def _looks_like_markup(code: str) -> bool:
    return _HTML_START.search(code) is not None


def _style_for(src: "CodeString", msg: Message, style: str) -> str:
    """The oob style for one message: an <hx-partial> target copies the element's id (or the
    selector of its hx-swap-oob), which cannot be done when that holds a field that takes the
    next argument each time it is written ("{}", "%s"); then the element keeps its 2.x form
    with an explicit hx-swap-oob, which htmx 4 still honours."""
    single = src.st.single
    if style != "partial" or not single:
        return style
    for el in msg.elements:
        for attr in (el.tag.attr("id"), el.tag.attr(*OOB_ATTRS)):
            if attr is not None and attr.value is not None and not src.st.copyable(attr.value_start, attr.value_end):
                return "swap-oob"
    return style


def _outside(src: Source) -> str:
    """The message text without its opaque parts."""
    if not src.regions:
        return src.text
    parts, pos = [], 0
    for r in src.regions:
        parts.append(src.text[pos:r.start])
        pos = r.end
    parts.append(src.text[pos:])
    return " ".join(parts)


# --- what the server reads from htmx's messages (WS4xx) -------------------------------------

HEADERS_CODE, HEADER_VALUES_CODE = "WS401", "WS402"
_HEADER_NOTES = {
    "hx-trigger": "htmx 4 sends no HX-Trigger over a WebSocket: read HX-Source instead, whose value is `tag#id` "
                  "(e.g. `form#chat-form`) where 2.x sent the bare id",
    "hx-trigger-name": "htmx 4 sends no HX-Trigger-Name over a WebSocket: the submitter's name and value are among "
                       "the message's values in both versions",
    "hx-target": "HX-Target is `tag#id` in htmx 4 (e.g. `form#chat-form`) where 2.x sent the bare id: compare with "
                 "the new form, or take the part after '#'",
}


def payload_diagnostics(file) -> list[Diagnostic]:
    """The 2.x metadata key and header reads in functions that receive WebSocket data."""
    text = file.text
    lower = file.lower
    # The 2.x key is exactly "HEADERS"; after a migration only the header reads are left.
    if "HEADERS" not in text and "hx-trigger" not in lower and "hx-target" not in lower:
        return []
    module, helpers = receiving_module(file)
    if module is None:
        return []

    view = file.python
    out: list[Diagnostic] = []
    done: set[int] = set()
    for fn in module.receivers(helpers):
        for node in fn.nodes:
            for key in _keys_read(node):
                if id(key) in done:
                    continue
                done.add(id(key))
                value = key.evaluated_value if isinstance(key, cst.SimpleString) else None
                if not isinstance(value, str):
                    continue
                start, end = view.span(key)
                if value == "HEADERS":
                    new = key.prefix + key.quote + "headers" + key.quote
                    where = fn.label() + (f"; {helpers[fn.name]}" if helpers and fn.name in helpers else "")
                    out.append(Diagnostic(HEADERS_CODE, f"htmx 4 sends the request headers of a WebSocket message "
                                          f"under `headers`, not `HEADERS` (in {where})", start, end,
                                          fix(Edit(start, end, new))))
                elif value.lower() in _HEADER_NOTES:
                    out.append(Diagnostic(HEADER_VALUES_CODE, f"`{value}`: {_HEADER_NOTES[value.lower()]}", start, end))
    return out


def receiving_module(file):
    """(the file's server code, {function: who hands it received data}) when the module may
    read WebSocket data htmx sent; (None, None) when it cannot."""
    helpers = None
    if not RECEIVE_HINT.search(file.text):
        helpers = file.project.python_facts.receives.get(file.abspath)
        if not helpers:
            return None, None
    elif "def " in file.text:
        helpers = file.project.python_facts.receives.get(file.abspath)
    return server_module(file), helpers


def _keys_read(node) -> list:
    """String keys a node reads: X["K"], X.get("K"), X.pop("K"), "K" in X."""
    if isinstance(node, cst.Subscript) and len(node.slice) == 1 and isinstance(node.slice[0].slice, cst.Index):
        key = node.slice[0].slice.value
        return [key] if isinstance(key, cst.SimpleString) else []
    if (isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) and node.func.attr.value in ("get", "pop")
            and node.args and node.args[0].keyword is None):
        key = node.args[0].value
        return [key] if isinstance(key, cst.SimpleString) else []
    if isinstance(node, cst.Comparison) and isinstance(node.left, cst.SimpleString) and node.comparisons and \
            isinstance(node.comparisons[0].operator, (cst.In, cst.NotIn)):
        return [node.left]
    return []
