"""The structure of a template as a WebSocket message: its top level (elements not inside
another element, template blocks being transparent, each branch read as an alternative),
what its template tags do to that structure, the templates it includes, and where it is
used otherwise (included by a page, its macros imported, rendered by a Django inclusion
tag or for an HTTP response). Discovery reads it to tell which templates are messages and
where they are also used; the WS2xx rules read it to rewrite them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..syntax.markup import (
    IMPLIED_END,
    RAW_TEXT,
    VOID,
    Comment,
    Doctype,
    EndTag,
    MarkupView,
    StartTag,
    Template,
    Text,
    is_plain,
)
from ..syntax.templates import Region, Regions, find_regions

OOB_ATTRS = ("hx-swap-oob", "data-hx-swap-oob")
WRAPPER = "hx-partial"

# --- template control flow ---------------------------------------------------------------

_JINJA_TAG = re.compile(r"\{%[-+~]?\s*(\w+)")
_JINJA_END = re.compile(r"\{%[-+~]?\s*end(\w+)")
_CURLY_WORD = re.compile(r"\{\{[-~]?\s*([#/^>]?)\s*(\*?[\w.]*)")
_STRING_LIT = re.compile(r"\"([^\"\\]*)\"|'([^'\\]*)'|`([^`]*)`")
_JINJA_MIDDLE = {"elif", "else", "empty", "plural", "pluralize"}
# Blocks that define something instead of writing their content where they stand.
HIDDEN_BLOCKS = {"set", "macro", "define", "*inline"}
_GO_OPEN = {"if", "range", "with", "block", "define"}
_ERB_OPEN = re.compile(r"^(?:if|unless|while|until|for|case|begin)\b|\bdo\s*(?:\|[^|]*\|)?\s*$")
_ERB_MIDDLE = re.compile(r"^(?:else|elsif|when|rescue|ensure)\b")
_PHP_ALT_OPEN = re.compile(r"^(?:if|foreach|for|while|switch)\b.*:\s*;?$", re.S)
_PHP_ALT_MIDDLE = re.compile(r"^(?:else|elseif|else\s*if)\b.*:\s*;?$", re.S)
_PHP_ALT_CLOSE = re.compile(r"^end(?:if|foreach|for|while|switch)\s*;?$")


def _first_string(text: str) -> str | None:
    m = _STRING_LIT.search(text)
    if m is None:
        return None
    return next(g for g in m.groups() if g is not None)


class TemplateRoles:
    """What each template tag does to the structure: opens a block, starts another branch,
    closes a block, includes a template, outputs text; or nothing the top level sees."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.closable = {m.group(1) for m in _JINJA_END.finditer(text)} if "{%" in text else set()

    def role(self, region: Region) -> tuple[str, str | None]:
        text = self.text
        body = text[region.start:region.end]
        kind = region.kind
        if kind == "comment":
            return "", None
        if kind == "raw":
            return "output", None
        if kind == "block":
            m = _JINJA_TAG.match(body)
            name = m.group(1) if m else ""
            if name.startswith("end"):
                return "close", name[3:]
            if name in _JINJA_MIDDLE:
                return "middle", name
            if name == "include":
                return "include", _first_string(body[m.end():])
            if name == "set":
                return ("open", name) if "=" not in body and "set" in self.closable else ("", None)
            if name in self.closable:  # Django's {% trans "x" %} is no block, Jinja's {% trans %} is
                return "open", name
            return "", None
        if kind == "expr":
            m = _CURLY_WORD.match(body)
            if m is None:
                return "output", None
            sigil, word = m.group(1), m.group(2)
            if sigil == "#":
                return "open", word
            if sigil == "/":
                return "close", word
            if sigil == "^" or word == "else":
                return "middle", word
            if sigil == ">":
                return "include", _first_string(body) or (word or None)
            if word == "end":
                return "close", None
            if word in _GO_OPEN:
                return "open", word
            if word == "template":
                return "include", _first_string(body)
            if body.startswith("{{!"):
                return "", None  # a Handlebars comment
            return "output", None
        if kind == "erb":
            if body.startswith(("<%=", "<%-")):
                return "output", None
            if body.startswith("<%#"):
                return "", None
            code = body[2:-2].strip().strip("-").strip()
            if code.startswith("}") and code.endswith("{"):
                return "middle", None
            if code == "}" or code.startswith("})") or code == "end" or code.startswith("end "):
                return "close", None
            if _ERB_MIDDLE.match(code):
                return "middle", None
            if code.endswith("{") or _ERB_OPEN.search(code):
                return "open", None
            return "", None
        if kind == "php":
            if body.lower().startswith("<?="):
                return "output", None
            code = re.sub(r"^<\?php", "", body, flags=re.I).removesuffix("?>").strip()
            if code.startswith("}") and code.endswith("{"):
                return "middle", None
            if code == "}" or _PHP_ALT_CLOSE.match(code):
                return "close", None
            if _PHP_ALT_MIDDLE.match(code):
                return "middle", None
            if code.endswith("{") or _PHP_ALT_OPEN.match(code):
                return "open", None
            if code.startswith(("echo", "print")):
                return "output", None
            return "", None
        return "", None


# --- the top level of a message ----------------------------------------------------------

FRAME_ELEMENTS = frozenset(("html", "head", "body"))
TABLE_PARTS = frozenset(("tr", "td", "th", "thead", "tbody", "tfoot", "caption", "colgroup", "col"))


@dataclass(eq=False)
class TopElement:
    tag: StartTag
    end_tag: EndTag | None = None
    closed: bool = False  # by its end tag, or a void/self-closing element
    crossing: bool = False  # start and end tag in different template branches
    nested_oob: list[StartTag] = field(default_factory=list)
    # The element its start tag closes, as HTML reads it (<li> after an unclosed <li>): an
    # <hx-partial> written before it would keep that element open instead.
    closes_open: str | None = None
    # A table part left open inside it, which its end tag ends (<tbody><tr></tbody>): an
    # <hx-partial>'s end tag in its place is read (by the verifier's parser) as not ending it.
    ends_open: str | None = None
    holds_partial: bool = False  # an <hx-partial> or </hx-partial> tag written inside it

    @property
    def end(self) -> int:
        return self.end_tag.end if self.end_tag is not None else self.tag.end


@dataclass
class Message:
    text: str
    elements: list[TopElement] = field(default_factory=list)
    stray_text: list[tuple[int, int]] = field(default_factory=list)
    outputs: list[tuple[int, int]] = field(default_factory=list)  # template output at top level
    includes: list[tuple[int, int, str | None]] = field(default_factory=list)
    stray_end_tags: list[EndTag] = field(default_factory=list)

    @property
    def balanced(self) -> bool:
        return not self.stray_end_tags and all(e.closed for e in self.elements)


@dataclass(eq=False)
class _Open:
    """An open element: a persistent stack, so a template block can remember the stack it
    started with in constant time."""

    lname: str
    top: TopElement | None  # the top-level element this one is, or is inside
    is_top: bool
    ctx: int  # the template branch it was opened in
    parent: "_Open | None"


def read_message(text: str, tokens: list, regions: Regions | None = None) -> Message:
    """The top level of a message: elements not inside another element, template blocks
    being transparent. Each branch of a block starts from the element stack the block
    started with, so branches are read as alternatives; an element whose start and end
    tag are in different branches is marked ``crossing``."""
    msg = Message(text)
    # Template tags inside an HTML comment (or a bogus comment, <!{% if c %}>) are run by the
    # template engine all the same: they shape the message as much as the ones outside.
    commented = [t for t in tokens if isinstance(t, (Comment, Doctype))
                 and ("{%" in text[t.start:t.end] or "{{" in text[t.start:t.end] or "<%" in text[t.start:t.end]
                      or "<?" in text[t.start:t.end])]
    in_tags = any((isinstance(t, StartTag) and (t.has_template() or any(not is_plain(a) for a in t.attrs)))
                  or (isinstance(t, EndTag) and t.end - t.start > len(t.name) + 3) for t in tokens)
    if regions is None and (commented or in_tags):
        regions = find_regions(text)
    in_comments = regions if commented else None
    roles = TemplateRoles(text) if commented or in_tags or any(isinstance(t, Template) for t in tokens) else None
    head: _Open | None = None
    blocks: list[tuple[_Open | None, int, int]] = []  # (stack at the block's start, outer branch, its first branch)
    ctx = 0
    next_ctx = 1

    def left_open(first_ctx: int) -> None:
        # Elements opened in this block's branches (ids from first_ctx on) and still open.
        node = head
        while node is not None and node.ctx >= first_ctx:
            if node.is_top:
                node.top.crossing = True
            node = node.parent

    hidden = -1  # inside a block whose content is not output here: the block depth it started at

    def expanded():
        for token in tokens:
            if in_comments is not None and isinstance(token, (Comment, Doctype)):
                for region in in_comments.within(token.start, token.end):
                    if region.end <= token.end:
                        yield Template(region.start, region.end, region), True
                continue
            inside = []
            if in_tags and isinstance(token, (StartTag, EndTag)) and (
                    isinstance(token, EndTag) or token.has_template() or any(not is_plain(a) for a in token.attrs)):
                # A block opened (or closed) inside a tag shapes the element: one opened in a
                # start tag holds what follows it (<small {% if c %}></small>{% endif %}), one
                # in an end tag is entered before the element ends (</h3{% if c %}>).
                inside = [(Template(r.start, r.end, r), True) for r in regions.within(token.start, token.end)
                          if r.end <= token.end and roles.role(r)[0] in ("open", "middle", "close")]
            if isinstance(token, EndTag):
                yield from inside
                yield token, False
            else:
                yield token, False
                yield from inside

    for token, in_comment in expanded():
        if hidden >= 0:
            if isinstance(token, Template):
                role, _ = roles.role(token.region)
                if role == "open":
                    blocks.append((head, ctx, ctx))
                elif role == "close" and blocks:
                    blocks.pop()
                    if len(blocks) == hidden:
                        hidden = -1
            continue
        if isinstance(token, StartTag):
            lname = token.lname
            closes = IMPLIED_END.get(lname)
            implied = None
            while closes and head is not None and head.lname in closes:
                implied = head.lname
                head = head.parent
            if head is None:
                top = TopElement(token, closes_open=implied)
                msg.elements.append(top)
                is_top = True
            else:
                top, is_top = head.top, False
                if top is not None and token.attr(*OOB_ATTRS) is not None:
                    top.nested_oob.append(token)
                if top is not None and lname == WRAPPER:
                    top.holds_partial = True
            if (lname in VOID or token.self_closing) and lname not in RAW_TEXT:
                if is_top:
                    top.closed = True
                    # Its start tag is all of it: a block that opens or closes in it, unbalanced
                    # there, leaves it half inside the block (<input {% endif %}>).
                    if in_tags and _unbalanced_blocks(roles, regions.within(token.start, token.end)):
                        top.crossing = True
                continue
            head = _Open(lname, top, is_top, ctx, head)
        elif isinstance(token, EndTag):
            lname = token.lname
            node = head
            while node is not None and node.lname != lname:
                node = node.parent
            if node is not None:
                if node.is_top:
                    node.top.end_tag = token
                    node.top.closed = True
                    if node.ctx != ctx:
                        node.top.crossing = True
                    open_part = head
                    while open_part is not node and open_part.lname not in TABLE_PARTS:
                        open_part = open_part.parent
                    if open_part is not node:  # it also ends a table part left open inside it
                        node.top.ends_open = open_part.lname
                head = node.parent
            elif head is None:
                msg.stray_end_tags.append(token)
            elif lname == WRAPPER and head.top is not None:
                head.top.holds_partial = True  # a stray </hx-partial> inside it
        elif isinstance(token, Text):
            if head is None and text[token.start:token.end].strip():
                msg.stray_text.append((token.start, token.end))
        elif isinstance(token, Template) and roles is not None:
            role, name = roles.role(token.region)
            if role == "open":
                if name in HIDDEN_BLOCKS:
                    hidden = len(blocks)
                blocks.append((head, ctx, next_ctx))
                ctx, next_ctx = next_ctx, next_ctx + 1
            elif role == "middle" and blocks:
                saved, _, first = blocks[-1]
                left_open(first)
                head = saved
                ctx, next_ctx = next_ctx, next_ctx + 1
            elif role == "close" and blocks:
                _, outer, first = blocks.pop()
                left_open(first)
                ctx = outer
            elif role == "include" and head is None and not in_comment:
                msg.includes.append((token.start, token.end, name))
            elif role == "output" and head is None and not in_comment:
                msg.outputs.append((token.start, token.end))
    return msg



def _unbalanced_blocks(roles: "TemplateRoles", regions) -> bool:
    depth = 0
    for region in regions:
        role = roles.role(region)[0]
        if role == "open":
            depth += 1
        elif role == "close":
            depth -= 1
        elif role == "middle" and depth == 0:
            return True
        if depth < 0:
            return True
    return depth != 0


def top_level_includes(text: str) -> list[str | None]:
    """Names of the templates a message template includes at its top level."""
    view = MarkupView(text)
    return [name for _, _, name in read_message(text, view.tokens, view.regions).includes]


def top_level_starts(text: str) -> set[int]:
    """Offsets of the includes at the top level of a message template."""
    view = MarkupView(text)
    return {start for start, _, _ in read_message(text, view.tokens, view.regions).includes}


# --- where a template is used ----------------------------------------------------------------

# Includes with a literal name: Jinja/Django/Nunjucks `{% include %}`, Handlebars/Mustache
# `{{> name}}`, Go `{{ template "name" }}`.
_INCLUDE_SITE = re.compile(
    r"\{%[-+~]?\s*+include\s++(?:ignore\s++missing\s++)?(?P<jq>[\"'])(?P<jinja>[^\"'\n]*+)(?P=jq)"
    r"|\{\{[~ ]?>\s*+(?P<hbs>\"[^\"]*+\"|'[^']*+'|[\w./-]++)"
    r"|\{\{-?\s*+template\s++(?P<go>\"[^\"]*+\"|`[^`]*+`)")
_COMMENT_OPEN = re.compile(r"\{#|\{%-?\s*+comment\s*+-?%\}|\{\{!--")
_COMMENT_CLOSE = {"{#": re.compile(r"#\}"), "{%": re.compile(r"\{%-?\s*+endcomment\s*+-?%\}"), "{{": re.compile(r"--\}\}")}
# A template rendered as an HTTP response from Python: Django `render(request, NAME)`,
# `TemplateResponse(request, NAME)`, `render_to_response(NAME)`, Starlette
# `templates.TemplateResponse(request, NAME)` / `TemplateResponse(NAME, {...})`.
_HTTP_RENDER = re.compile(
    r"\b(?:render\s*\(\s*[\w.]+\s*,\s*(?:template_name\s*=\s*)?"
    r"|TemplateResponse\s*\(\s*(?:[\w.]+\s*(?:=\s*[\w.]+\s*)?,\s*)?(?:(?:name|template|template_name)\s*=\s*)?"
    r"|render_to_response\s*\(\s*(?:template_name\s*=\s*)?)"
    r"(?P<q>[\"'])(?P<name>[^\"'\\\n]+)(?P=q)")


def _comment_spans(text: str) -> list[tuple[int, int]]:
    """Template comments (`{# #}`, `{% comment %}`, `{{!-- --}}`), in one pass."""
    spans = []
    pos = 0
    while True:
        m = _COMMENT_OPEN.search(text, pos)
        if m is None:
            return spans
        close = _COMMENT_CLOSE[m.group()[:2]].search(text, m.end())
        if close is None:
            spans.append((m.start(), len(text)))
            return spans
        spans.append((m.start(), close.end()))
        pos = close.end()


# Jinja macros imported from a template: `{% from "x.html" import m %}`, `{% import "x.html" as x %}`.
_IMPORT_SITE = re.compile(r"\{%[-+~]?\s*+(?:from|import)\s++(?P<jq>[\"'])(?P<jinja>[^\"'\n]*+)(?P=jq)")
# A Django inclusion tag renders its template into the pages that use the tag:
# `@register.inclusion_tag("x.html")`, `register.inclusion_tag(filename="x.html")(f)`.
_INCLUSION_TAG = re.compile(r"\binclusion_tag\s*\(\s*(?:filename\s*=\s*)?(?P<q>[\"'])(?P<name>[^\"'\\\n]+)(?P=q)")


def include_sites(text: str) -> list[tuple[int, int, str]]:
    """(start, end, name) of each template include with a literal name; includes inside
    template comments are left out."""
    return _sites(text, _INCLUDE_SITE)


def import_sites(text: str) -> list[tuple[int, int, str]]:
    """(start, end, name) of each Jinja import of macros from a template with a literal name
    (outside template comments)."""
    if "import" not in text:
        return []
    return _sites(text, _IMPORT_SITE)


def inclusion_tag_sites(text: str) -> list[tuple[int, int, str]]:
    """(start, end, name) of each template a Django inclusion tag renders (the span is the
    string literal)."""
    if "inclusion_tag" not in text:
        return []
    return [(m.start("q"), m.end(), m.group("name")) for m in _INCLUSION_TAG.finditer(text)]


def _sites(text: str, pattern: re.Pattern[str]) -> list[tuple[int, int, str]]:
    if "{" not in text:
        return []
    comments = _comment_spans(text) if ("{#" in text or "comment" in text or "{{!--" in text) else []
    out = []
    ci = 0
    for m in pattern.finditer(text):
        while ci < len(comments) and comments[ci][1] <= m.start():
            ci += 1
        if ci < len(comments) and comments[ci][0] <= m.start():
            continue
        if m.group("jinja") is not None:
            name = m.group("jinja")
            close = text.find("%}", m.end(), m.end() + 400)
            end = close + 2 if close >= 0 else m.end()
        else:
            raw = m.group("hbs") or m.group("go") or ""
            name = raw[1:-1] if raw[:1] in "\"'`" else raw
            close = text.find("}}", m.end(), m.end() + 400)
            end = close + 2 if close >= 0 else m.end()
        if name.strip():
            out.append((m.start(), end, name.strip()))
    return out


def http_render_sites(text: str) -> list[tuple[int, int, str]]:
    """(start, end, name) of each template name a Python module renders as an HTTP response
    (the span is the string literal)."""
    return [(m.start("q"), m.end(), m.group("name")) for m in _HTTP_RENDER.finditer(text)]


# --- where the message text lives ----------------------------------------------------------
