"""A lossless, template-aware HTML tokenizer.

Every token carries exact offsets into the original text, so rules can describe
edits as spans and the rest of the file stays byte for byte as it was. The
tokenizer follows the HTML tokenizer's rules closely enough for rewriting
attributes (raw-text elements, comments, bogus comments, unquoted values,
duplicate attributes), treats template syntax as opaque wherever it appears, and
never raises: text it cannot read as markup stays text, and nothing is edited in it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import Iterator, Union

from ..edits import Edit
from .templates import RECENT_TEXTS, Region, Regions, find_regions

RAW_TEXT = frozenset({"script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes"})
VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"}
)

_P_CLOSERS = frozenset(
    "address article aside blockquote details div dl fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 "
    "header hgroup hr main menu nav ol p pre section table ul".split()
)
# Start tags that end an open element of these names (HTML's implied end tags).
IMPLIED_END = {
    "li": {"li"}, "dt": {"dt", "dd"}, "dd": {"dt", "dd"}, "option": {"option"}, "optgroup": {"option", "optgroup"},
    "tr": {"tr", "td", "th"}, "td": {"td", "th"}, "th": {"td", "th"},
    "thead": {"tbody", "tfoot", "tr", "td", "th"}, "tbody": {"thead", "tbody", "tfoot", "tr", "td", "th"},
    "tfoot": {"thead", "tbody", "tr", "td", "th"},
}
for _name in _P_CLOSERS:
    IMPLIED_END.setdefault(_name, set()).add("p")

_WS = re.compile(r"[\t\n\f\r ]*")
_TAG_NAME = re.compile(r"[A-Za-z][^\t\n\f\r />]*")
_ATTR_NAME = re.compile(r"[^\t\n\f\r />=]+")
_UNQUOTED = re.compile(r"[^\t\n\f\r >]+")
_SPACE = " \t\n\f\r"
_SIMPLE_END_TAG = re.compile(r"</([A-Za-z][^\t\n\f\r />]*+)>")
# One attribute (or the tag's end) as the careful path below reads it, for the common
# case of a tag without template syntax. Possessive quantifiers keep it linear: it
# never backtracks. An unclosed quote matches the empty "bad" branch, and an end at the
# end of the text is left to the careful path too.
_FAST_ATTR = re.compile(
    r"(?:[\t\n\f\r ]|/(?!>))*+"
    r"(?:(?P<close>/?>)"
    r"|(?P<name>=?[^\t\n\f\r />=]*+)"
    r"(?:(?P<eq>[\t\n\f\r ]*+=[\t\n\f\r ]*+)"
    r"(?:\"(?P<dq>[^\"]*+)\"|'(?P<sq>[^']*+)'|(?P<uq>(?![\"'])[^\t\n\f\r >]*+)|(?P<bad>)))?)"
)


@dataclass(slots=True)
class Attr:
    name: str  # as written
    start: int  # start of the name
    name_end: int
    value: str | None  # raw text between the quotes, or the unquoted value; None without "="
    value_start: int  # start of the value text (after the quote); == end when no value
    value_end: int
    quote: str  # '"', "'", or "" (unquoted or no value)
    end: int  # end of the whole attribute, closing quote included
    name_has_template: bool = False
    value_has_template: bool = False
    lname: str = field(default="", compare=False, repr=False)  # the name in lowercase, as browsers read it

    def __post_init__(self) -> None:
        self.lname = self.name.lower()


Item = Union[Attr, Region]


@dataclass(slots=True)
class StartTag:
    start: int
    end: int
    name: str
    name_end: int
    items: list[Item]  # attributes and template regions, in order
    self_closing: bool = False
    _positions: dict | None = field(default=None, compare=False, repr=False)
    _by_name: dict | None = field(default=None, compare=False, repr=False)
    _attrs: list | None = field(default=None, compare=False, repr=False)
    lname: str = field(default="", compare=False, repr=False)  # the name in lowercase

    def __post_init__(self) -> None:
        self.lname = self.name.lower()

    @property
    def attrs(self) -> list[Attr]:
        """The attributes, in order (one list, read by many rules: not to be changed)."""
        found = self._attrs
        if found is None:
            found = self._attrs = [i for i in self.items if isinstance(i, Attr)]
        return found

    def attr(self, *names: str) -> Attr | None:
        """The first attribute with one of these (lowercase) names, as browsers read it."""
        items = self.items
        if len(items) <= 16:
            for item in items:
                if isinstance(item, Attr) and item.lname in names:
                    return item
            return None
        # A tag with thousands of attributes must not cost a scan per question.
        index = self._by_name
        if index is None:
            index = {}
            for item in items:
                if isinstance(item, Attr):
                    index.setdefault(item.lname, item)
            self._by_name = index
        found = [a for a in (index.get(n) for n in names) if a is not None]
        return min(found, key=lambda a: a.start) if found else None

    def has_template(self) -> bool:
        return any(isinstance(i, Region) for i in self.items)

    def whitespace_before(self, text: str, item: Item) -> tuple[int, int]:
        """The span of whitespace between ``item`` and what precedes it in the tag."""
        end = item.start
        start = end
        while start > self.name_end and text[start - 1] in _SPACE:
            start -= 1
        return start, end

    def _position(self, item: Item) -> int:
        # A tag with thousands of attributes must not cost a scan per question.
        positions = self._positions
        if positions is None or len(positions) != len(self.items):
            positions = self._positions = {id(i): n for n, i in enumerate(self.items)}
        n = positions.get(id(item))
        if n is None or self.items[n] is not item:
            self._positions = None
            return self.items.index(item)
        return n

    def previous(self, item: Item) -> Item | None:
        idx = self._position(item)
        return self.items[idx - 1] if idx > 0 else None

    def following(self, item: Item) -> Item | None:
        idx = self._position(item)
        return self.items[idx + 1] if idx + 1 < len(self.items) else None


@dataclass(slots=True)
class EndTag:
    start: int
    end: int
    name: str

    @property
    def lname(self) -> str:
        return self.name.lower()


@dataclass(slots=True)
class Text:
    start: int
    end: int


@dataclass(slots=True)
class Comment:
    start: int
    end: int
    closed: bool = True


@dataclass(slots=True)
class Doctype:  # also bogus comments: <!x>, <?x>, </1>
    start: int
    end: int


@dataclass(slots=True)
class RawText:  # the content of script, style, textarea, title
    start: int
    end: int
    element: str


@dataclass(slots=True)
class Template:
    start: int
    end: int
    region: Region


Token = Union[StartTag, EndTag, Text, Comment, Doctype, RawText, Template]


# The tokens of the last few texts read (see templates.find_regions): the same text with
# the same regions is tokenized once. Tokens are never changed by their readers.
_RECENT: dict[tuple[str, int], tuple[Regions, list]] = {}


def tokenize(text: str, regions: Regions | None = None) -> list[Token]:
    if regions is None:
        regions = find_regions(text)
    key = (text, id(regions))
    found = _RECENT.get(key)
    if found is not None and found[0] is regions:
        return found[1]
    tokens = _Tokenizer(text, regions).run()
    if len(_RECENT) >= RECENT_TEXTS:
        del _RECENT[next(iter(_RECENT))]
    _RECENT[key] = (regions, tokens)
    return tokens


class _Tokenizer:
    def __init__(self, text: str, regions: Regions) -> None:
        self.text = text
        self.regions = regions
        self.has_regions = bool(regions)  # asked at every tag: keep it a plain attribute
        self.tokens: list[Token] = []

    def run(self) -> list[Token]:
        # The common tokens (a start tag whose attributes the one-pattern reading takes, an
        # end tag without template syntax) are read inline; everything else goes through
        # _markup. ``text_start`` is always where the last token ended.
        text = self.text
        n = len(text)
        regions = self.regions
        tokens = self.tokens
        append = tokens.append
        starts = regions._starts if self.has_regions else []
        nstarts = len(starts)
        ri = 0  # the first region starting at or after ``pos``
        find = text.find
        end_tag = _SIMPLE_END_TAG.match
        tag_name = _TAG_NAME.match
        attributes = self._attributes_fast
        pos = 0
        text_start = 0
        while pos < n:
            lt = find("<", pos)
            while ri < nstarts and starts[ri] < pos:
                ri += 1
            rs = starts[ri] if ri < nstarts else -1
            if lt < 0 and rs < 0:
                break
            if rs >= 0 and (lt < 0 or rs <= lt):
                region = regions.at(rs)
                if rs > text_start:
                    append(Text(text_start, rs))
                append(Template(rs, region.end, region))
                pos = text_start = region.end
                continue
            # No region starts before ``lt`` or holds it: one starting before the end of a
            # token read here (``rs``) would be part of it.
            if text.startswith("/", lt + 1):
                m = end_tag(text, lt)
                if m is not None and (rs < 0 or rs >= m.end()):
                    if lt > text_start:
                        append(Text(text_start, lt))
                    pos = text_start = m.end()
                    append(EndTag(lt, pos, m.group(1)))
                    continue
            else:
                m = tag_name(text, lt + 1)
                if m is not None and (rs < 0 or rs >= m.end()):
                    name_end = m.end()
                    fast = attributes(name_end)
                    if fast is not None:
                        items, end, self_closing = fast
                        if lt > text_start:
                            append(Text(text_start, lt))
                        name = text[lt + 1 : name_end]
                        append(StartTag(lt, end, name, name_end, items, self_closing))
                        lname = name.lower()
                        if lname in RAW_TEXT:
                            close = self._raw_end(lname, end)
                            if close > end:
                                append(RawText(end, close, lname))
                            end = close
                        pos = text_start = end
                        continue
            nxt = self._markup(lt)
            if nxt is None:  # a "<" that opens nothing is text
                pos = lt + 1
                continue
            # _markup appended its tokens after the text before it
            pos = text_start = nxt
        self._text(text_start, n)
        return tokens

    def _text(self, start: int, end: int) -> None:
        if end > start:
            self.tokens.append(Text(start, end))

    def _emit(self, text_start: int, lt: int, *tokens: Token) -> None:
        self._text(text_start, lt)
        self.tokens.extend(tokens)

    def _markup(self, lt: int) -> int | None:
        """Read markup at ``lt``; append it (after pending text) and return its end."""
        text = self.text
        nxt = text[lt + 1 : lt + 2]
        if nxt == "!":
            if text.startswith("<!--", lt):
                close = self.regions.find_outside(text, "-->", lt + 4)
                # "<!-->" and "<!--->" are complete (empty) comments
                if text.startswith(">", lt + 4) or text.startswith("->", lt + 4):
                    close = lt + 2
                end = close + 3 if close >= 0 else len(text)
                return self._flush(lt, Comment(lt, end, close >= 0))
            return self._bogus(lt)
        if nxt == "?":
            return self._bogus(lt)
        if nxt == "/":
            if _TAG_NAME.match(text, lt + 2):
                return self._end_tag(lt)
            if text.startswith(">", lt + 2):  # "</>" is dropped by browsers
                return self._flush(lt, Doctype(lt, lt + 3))
            return self._bogus(lt)
        if _TAG_NAME.match(text, lt + 1):
            return self._start_tag(lt)
        return None

    def _flush(self, lt: int, *tokens: Token) -> int:
        # Text before `lt` that has not been emitted yet.
        last_end = self.tokens[-1].end if self.tokens else 0
        self._emit(last_end, lt, *tokens)
        return tokens[-1].end

    def _bogus(self, lt: int) -> int:
        close = self.regions.find_outside(self.text, ">", lt + 2)
        end = close + 1 if close >= 0 else len(self.text)
        return self._flush(lt, Doctype(lt, end))

    def _name(self, pos: int) -> tuple[str, int]:
        m = _TAG_NAME.match(self.text, pos)
        end = m.end()
        if self.has_regions:
            rs = self.regions.next_start(pos)
            if 0 <= rs < end:
                end = rs
        return self.text[pos:end], end

    def _end_tag(self, lt: int) -> int:
        m = _SIMPLE_END_TAG.match(self.text, lt)
        if m is not None and not (self.has_regions and self.regions.overlaps(lt, m.end())):
            return self._flush(lt, EndTag(lt, m.end(), m.group(1)))
        name, pos = self._name(lt + 2)
        items, pos, _ = self._attributes(pos)
        if pos < 0:  # EOF inside the tag: as for a start tag, the rest stays text
            return self._flush(lt, Text(lt, len(self.text)))
        return self._flush(lt, EndTag(lt, pos, name))

    def _start_tag(self, lt: int) -> int:
        name, pos = self._name(lt + 1)
        items, end, self_closing = self._attributes(pos)
        if end < 0:  # EOF inside the tag: browsers drop it; we leave it as text
            return self._flush(lt, Text(lt, len(self.text)))
        tag = StartTag(lt, end, name, pos, items, self_closing)
        lname = name.lower()
        if lname in RAW_TEXT:
            close = self._raw_end(lname, end)
            tokens: list[Token] = [tag]
            if close > end:
                tokens.append(RawText(end, close, lname))
            self._flush(lt, *tokens)
            return close
        return self._flush(lt, tag)

    def _raw_end(self, lname: str, pos: int) -> int:
        pattern = _raw_close(lname)
        m = self.regions.search_outside(pattern, self.text, pos)
        return m.start() if m else len(self.text)

    def _attributes(self, pos: int) -> tuple[list[Item], int, bool]:
        """Parse attributes up to ">"; return (items, end of tag, self-closing).
        The end is -1 when the text ends inside the tag."""
        fast = self._attributes_fast(pos)
        if fast is not None:
            return fast
        return self._attributes_careful(pos)

    def _attributes_fast(self, pos: int) -> tuple[list[Item], int, bool] | None:
        """The attributes of a tag read with one regular expression each, where template
        regions lie only inside quoted values (and do not hold the closing quote);
        None when the careful path must decide."""
        text = self.text
        n = len(text)
        regions = self.regions
        rs = regions.next_start(pos) if self.has_regions else -1
        if rs < 0:
            rs = n + 1
        items: list[Item] = []
        match = _FAST_ATTR.match
        while True:
            m = match(text, pos)
            end = m.end()
            if end >= n:
                return None
            close = m.group("close")
            if close is not None:
                if rs < end:
                    return None
                return items, end, len(close) == 2
            name_start, name_end = m.span("name")
            if rs <= name_end:
                return None
            name = text[name_start:name_end]
            if m.group("eq") is None:
                items.append(Attr(name, name_start, name_end, None, name_end, name_end, "", name_end))
            elif m.group("uq") is not None:
                vs, ve = m.span("uq")
                if rs <= ve:
                    return None
                items.append(Attr(name, name_start, name_end, m.group("uq"), vs, ve, "", ve))
            elif m.group("bad") is None:
                quote = '"' if m.group("dq") is not None else "'"
                vs, ve = m.span("dq" if quote == '"' else "sq")
                if rs < vs:
                    return None
                has_template = False
                if rs < ve:
                    if regions.containing(ve) is not None:
                        return None  # the quote closes inside a region: not the end
                    has_template = True
                    rs = regions.next_start(end)
                    if rs < 0:
                        rs = n + 1
                items.append(Attr(name, name_start, name_end, text[vs:ve], vs, ve, quote, ve + 1, False, has_template))
            else:
                return None  # an unclosed quote
            pos = end

    def _attributes_careful(self, pos: int) -> tuple[list[Item], int, bool]:
        text = self.text
        regions = self.regions
        n = len(text)
        items: list[Item] = []
        while True:
            pos = _WS.match(text, pos).end()
            if pos >= n:
                return items, -1, False
            region = regions.at(pos) if self.has_regions else None
            if region is not None:
                items.append(region)
                pos = region.end
                continue
            c = text[pos]
            if c == ">":
                return items, pos + 1, False
            if c == "/":
                if text.startswith(">", pos + 1):
                    return items, pos + 2, True
                pos += 1
                continue
            attr = self._attribute(pos)
            if attr is None:
                return items, -1, False
            items.append(attr)
            pos = attr.end

    def _word(self, pos: int, pattern: re.Pattern[str]) -> tuple[int, bool]:
        """Extend a name or unquoted value over adjacent template regions."""
        text = self.text
        has_template = False
        while True:
            region = self.regions.at(pos) if self.has_regions else None
            if region is not None:
                has_template = True
                pos = region.end
                continue
            m = pattern.match(text, pos)
            if m is None or m.end() == pos:
                return pos, has_template
            end = m.end()
            if self.has_regions:
                rs = self.regions.next_start(pos)
                if 0 <= rs < end:
                    end = rs
            pos = end

    def _attribute(self, start: int) -> Attr | None:
        text = self.text
        # A name may begin with "=" (the HTML tokenizer keeps it as a name character).
        first = start + 1 if text.startswith("=", start) else start
        name_end, name_tpl = self._word(first, _ATTR_NAME)
        after = _WS.match(text, name_end).end()
        if not text.startswith("=", after):
            return Attr(text[start:name_end], start, name_end, None, name_end, name_end, "", name_end, name_tpl)
        pos = _WS.match(text, after + 1).end()
        if pos >= len(text):
            return None
        q = text[pos]
        if q in "\"'":
            close = self.regions.find_outside(text, q, pos + 1)
            if close < 0:
                return None
            has_tpl = bool(self.regions) and bool(self.regions.within(pos + 1, close))
            return Attr(text[start:name_end], start, name_end, text[pos + 1 : close], pos + 1, close, q, close + 1, name_tpl, has_tpl)
        value_end, has_tpl = self._word(pos, _UNQUOTED)
        return Attr(text[start:name_end], start, name_end, text[pos:value_end], pos, value_end, "", value_end, name_tpl, has_tpl)


_RAW_CLOSE: dict[str, re.Pattern[str]] = {}


def _raw_close(lname: str) -> re.Pattern[str]:
    pattern = _RAW_CLOSE.get(lname)
    if pattern is None:
        pattern = _RAW_CLOSE[lname] = re.compile(rf"</{lname}(?=[\t\n\f\r />]|$)", re.I)
    return pattern


# --- the view rules read -----------------------------------------------------------------

@dataclass
class Element:
    """A node of the best-effort element tree (for top-level questions)."""

    tag: StartTag
    end_tag: EndTag | None
    parent: "Element | None"
    children: list["Element"] = field(default_factory=list)

    @property
    def end(self) -> int:
        return self.end_tag.end if self.end_tag else self.tag.end


class MarkupView:
    """Tokens of one markup text plus the queries rules need."""

    def __init__(self, text: str, flavor: str = "html") -> None:
        self.text = text
        self.regions = find_regions(text, flavor)
        self.tokens = tokenize(text, self.regions)

    def start_tags(self) -> Iterator[StartTag]:
        return iter(self._start_tags)

    @cached_property
    def _start_tags(self) -> list[StartTag]:
        # listed once: most rules read every start tag of the file
        return [token for token in self.tokens if isinstance(token, StartTag)]

    def scripts(self) -> Iterator[tuple[StartTag, RawText | None]]:
        """Each <script> start tag with its content token (None when empty, and for a
        `<script .../>`: what follows it is script text to a browser and markup to other
        parsers, the verifier's among them, so no rule reads it as either)."""
        return iter(self._scripts)

    @cached_property
    def _scripts(self) -> list[tuple[StartTag, RawText | None]]:
        tokens = self.tokens
        found = []
        for i, token in enumerate(tokens):
            if isinstance(token, StartTag) and token.lname == "script":
                nxt = tokens[i + 1] if i + 1 < len(tokens) and not token.self_closing else None
                found.append((token, nxt if isinstance(nxt, RawText) else None))
        return found

    @cached_property
    def elements(self) -> list[Element]:
        """Top-level elements with their children, matched the way a lenient parser would."""
        roots: list[Element] = []
        stack: list[Element] = []
        for token in self.tokens:
            if isinstance(token, StartTag):
                closes = IMPLIED_END.get(token.lname)
                while closes and stack and stack[-1].tag.lname in closes and stack[-1].end_tag is None:
                    stack.pop()
                parent = stack[-1] if stack else None
                el = Element(token, None, parent)
                (parent.children if parent else roots).append(el)
                if token.lname not in VOID and not token.self_closing or token.lname in RAW_TEXT:
                    stack.append(el)
            elif isinstance(token, EndTag):
                lname = token.lname
                for depth in range(len(stack) - 1, -1, -1):
                    if stack[depth].tag.lname == lname:
                        stack[depth].end_tag = token
                        del stack[depth:]
                        break
        return roots

    @cached_property
    def element_at(self) -> dict[int, Element]:
        """Each element of the tree by the start offset of its tag (built once per view: every
        rule that asks where an element stands reads the same index)."""
        found: dict[int, Element] = {}
        stack = list(self.elements)
        while stack:
            el = stack.pop()
            found[el.tag.start] = el
            stack.extend(el.children)
        return found

    def comment_spans(self) -> list[tuple[int, int]]:
        """(start, end) of each HTML comment."""
        return [(t.start, t.end) for t in self.tokens if isinstance(t, Comment)]

    def remove_attr(self, tag: StartTag, attr: Attr) -> "Edit":
        """Remove an attribute with the whitespace before it; when only a template
        tag precedes it, the whitespace after it goes instead."""
        prev = tag.previous(attr)
        ws_start, ws_end = tag.whitespace_before(self.text, attr)
        if isinstance(prev, Region):
            end = attr.end
            while end < tag.end and self.text[end] in _SPACE:
                end += 1
            nxt = tag.following(attr)
            if nxt is None:  # nothing follows: keep the tag's own spacing before ">"
                end = attr.end
                return Edit(ws_start, end) if ws_end > ws_start else Edit(attr.start, attr.end)
            return Edit(attr.start, min(end, nxt.start))
        if (isinstance(prev, Attr) and prev.value is not None and not prev.quote
                and attr.end < len(self.text) and self.text[attr.end] not in _SPACE + ">"):
            # An unquoted value would run on into what follows ("id=main/>" reads as
            # the value "main/"): keep the whitespace that ends it.
            return Edit(attr.start, attr.end)
        if attr.end < tag.end and self.text[attr.end] not in _SPACE + ">/":
            # Something follows with no space (a="1"b): the whitespace before keeps it apart
            # from the name or value before.
            return Edit(attr.start, attr.end)
        if ws_start == attr.start and attr.start > 0 and self.text[attr.start - 1] == "/":
            # a="1"/b="2": the slash goes with it, or it would end the tag as "/>"
            return Edit(attr.start - 1, attr.end)
        return Edit(ws_start, attr.end)


def is_plain(attr: Attr) -> bool:
    """No template syntax in the attribute's name or value."""
    return not (attr.name_has_template or attr.value_has_template)
