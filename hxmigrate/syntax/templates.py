"""Template syntax regions: the spans of a file that a template engine owns.

Everything inside a region is opaque to the markup layer: it is never edited and
its characters never end a tag, an attribute value or a comment. Regions are
found once per file, in linear time:

* Jinja/Django/Nunjucks ``{{ }}``, ``{% %}``, ``{# #}``: with Jinja's own lexer when
  the file lexes as Jinja (so ``{{ "}}" }}`` is one region, and ``{% raw %}`` blocks
  are whole), otherwise with a quote-aware scanner that also covers Go templates
  and Handlebars (``{{{ }}}``);
* Django ``{% comment %}…{% endcomment %}`` and ``{% verbatim %}…{% endverbatim %}``;
* ERB/EJS ``<% %>`` and PHP ``<?php ?>`` / ``<?= ?>`` (to the end of the file when
  the closing tag is left out, as PHP allows);
* for the "braces" flavor (Svelte, Astro, HEEx): single-brace expressions ``{expr}``
  outside ``<script>`` and ``<style>``, and Astro's ``---`` front matter, instead of the
  Jinja syntax (``{#if}`` is Svelte's, not a Jinja comment);
* for the "razor" flavor (``.cshtml``, ``.razor``): Razor's ``@expr``, ``@(...)``,
  ``@{...}``, ``@*...*@``, control statements' heads and directives;
* for the "templ" flavor (``.templ``, Go's templ components): everything outside the
  component bodies is Go (the package clause, imports, declarations, ``css`` and
  ``script`` templates, each ``templ Name(...) {`` and its closing ``}``), one "block"
  region per stretch; in a body, ``{ expr }``, ``{ children... }`` and ``@component(args)``
  are expressions, ``{{ go }}``, the heads of ``if``/``for``/``switch`` and of a
  ``@component(args) {`` with children (to their ``{``), ``} else {``, ``case x:``,
  ``default:`` and the ``}`` that ends a block are statements ("block"), ``//`` and
  ``/* */`` are comments; in a start tag, ``attr={ expr }`` values
  and whole ``{ attrs... }``, ``if cond { attr="v" }`` and ``attr?={ cond }`` attributes;
  in a JavaScript ``<script>``, ``{{ expr }}``. Quoted attribute values, HTML comments and
  ``<style>`` hold none: templ reads them as text. No maintained parser is available from
  PyPI: the scanner follows templ's own parser (a statement is one only where a node
  starts, as templ reads it).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache

_OPENERS = ("{{", "{%", "{#", "<%", "<?")
_ANY_OPENER = re.compile(r"\{[{%#]|<[%?]")
_BLOCK_NAME = re.compile(r"\{%[-+]?\s*(\w+)")
# Django block pairs whose whole body is opaque.
_OPAQUE_BLOCKS = {"comment": "endcomment", "verbatim": "endverbatim"}


@dataclass(frozen=True, slots=True)
class Region:
    start: int
    end: int
    kind: str  # "expr", "block", "comment", "raw", "erb", "php"

    def __contains__(self, offset: int) -> bool:
        return self.start <= offset < self.end


class Regions:
    """Sorted, non-overlapping template regions with fast position queries."""

    __slots__ = ("items", "_starts", "_by_start")

    def __init__(self, items: list[Region]) -> None:
        self.items = items
        self._starts = [r.start for r in items]
        self._by_start = {r.start: r for r in items}

    def __bool__(self) -> bool:
        return bool(self.items)

    def __iter__(self):
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def at(self, offset: int) -> Region | None:
        """The region that starts exactly at ``offset``."""
        return self._by_start.get(offset)

    def containing(self, offset: int) -> Region | None:
        i = bisect.bisect_right(self._starts, offset) - 1
        if i >= 0 and offset < self.items[i].end:
            return self.items[i]
        return None

    def next_start(self, offset: int) -> int:
        """Start of the first region at or after ``offset`` (or -1)."""
        i = bisect.bisect_left(self._starts, offset)
        return self._starts[i] if i < len(self._starts) else -1

    def within(self, start: int, end: int) -> list[Region]:
        i = bisect.bisect_left(self._starts, start)
        j = bisect.bisect_left(self._starts, end)
        return self.items[i:j]

    def overlaps(self, start: int, end: int) -> bool:
        if self.containing(start) is not None:
            return True
        i = bisect.bisect_left(self._starts, start)
        return i < len(self._starts) and self._starts[i] < end

    def find_outside(self, text: str, needle: str, pos: int, end: int | None = None) -> int:
        """``text.find(needle, pos)`` skipping matches that start inside a region."""
        limit = len(text) if end is None else end
        while True:
            idx = text.find(needle, pos, limit)
            if idx < 0 or not self.items:
                return idx
            region = self.containing(idx)
            if region is None:
                return idx
            pos = region.end

    def search_outside(self, pattern: re.Pattern[str], text: str, pos: int) -> re.Match[str] | None:
        while True:
            m = pattern.search(text, pos)
            if m is None or not self.items:
                return m
            region = self.containing(m.start())
            if region is None:
                return m
            pos = region.end


EMPTY = Regions([])

# The regions of the last few texts read: a file's text is read by the rules, by the
# verifier, and (rewritten) by the rules' next round and the verifier again.
_RECENT: dict[tuple[str, str], Regions] = {}
RECENT_TEXTS = 8


def find_regions(text: str, flavor: str = "html") -> Regions:
    key = (flavor, text)
    found = _RECENT.get(key)
    if found is None:
        found = _find_regions(text, flavor)
        if len(_RECENT) >= RECENT_TEXTS:
            del _RECENT[next(iter(_RECENT))]
        _RECENT[key] = found
    return found


def _find_regions(text: str, flavor: str) -> Regions:
    if flavor == "braces":
        regions = _brace_regions(text)
        if "<%" in text or "<?" in text:
            regions = _add_angle_regions(text, regions)
        return Regions(regions) if regions else EMPTY
    if flavor == "razor":
        return Regions(_razor_regions(text)) if "@" in text else EMPTY
    if flavor == "templ":
        return Regions(_templ_regions(text)) if text else EMPTY
    if _ANY_OPENER.search(text) is None:
        return EMPTY
    regions: list[Region] = []
    if "{{" in text or "{%" in text or "{#" in text:
        # The quote-aware scanner agrees with Jinja's lexer except where Jinja reads
        # more than it does (raw blocks, strings across lines, "{" balanced across
        # "}}"); only then is the lexer (and the jinja2 import) worth its cost.
        regions, settled = _scan_curly_settled(text)
        if not settled:
            jinja = _jinja_regions(text)
            if jinja is not None:
                regions = jinja
        regions = _merge_opaque_blocks(text, regions)
    if "<%" in text or "<?" in text:
        regions = _add_angle_regions(text, regions)
    return Regions(regions)


# --- Jinja's own lexer -------------------------------------------------------------

@lru_cache(maxsize=1)
def _lexer():
    import jinja2

    return jinja2.Environment(keep_trailing_newline=True).lexer


_BEGIN = {"variable_begin": "expr", "block_begin": "block", "comment_begin": "comment", "raw_begin": "raw"}
_END = {"variable_end", "block_end", "comment_end", "raw_end"}
_NEWLINES = re.compile(r"\r\n|\r")


def _jinja_regions(text: str) -> list[Region] | None:
    """Regions as Jinja's lexer sees them, or None when the text is not Jinja."""
    import jinja2

    # The lexer works on "\n" newlines; map its offsets back to the original text.
    crlf = [m.start() for m in _NEWLINES.finditer(text) if m.group() == "\r\n"]
    source = text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text
    try:
        tokens = _lexer().tokeniter(source, None)
        regions: list[Region] = []
        cursor = 0
        open_at = -1
        kind = ""
        for _, token, value in tokens:
            if not value:
                continue
            idx = source.find(value, cursor)
            if idx < 0 or (idx > cursor and not source[cursor:idx].isspace()):
                return None
            if token in _BEGIN:
                open_at, kind = idx, _BEGIN[token]
            cursor = idx + len(value)
            if token in _END and open_at >= 0:
                # An end token may carry the whitespace that "-%}" strips after it.
                end = idx + len(value.rstrip()) if value[-1:].isspace() else cursor
                regions.append(Region(open_at, end, kind))
                open_at = -1
        if open_at >= 0:
            return None
    except jinja2.TemplateSyntaxError:
        return None
    except Exception:  # the lexer is not ours: any failure means "not Jinja"
        return None
    if crlf:
        regions = [Region(_unmap(r.start, crlf), _unmap(r.end, crlf), r.kind) for r in regions]
    return regions


def _unmap(offset: int, crlf: list[int]) -> int:
    # crlf holds original offsets of "\r\n"; each one before `offset` took one char.
    lo, hi = 0, len(crlf)
    while lo < hi:
        mid = (lo + hi) // 2
        if crlf[mid] - mid < offset:
            lo = mid + 1
        else:
            hi = mid
    return offset + lo



# --- the fallback scanner (Go, Handlebars, broken Jinja) ------------------------------

_CLOSERS = {"{{": "}}", "{%": "%}", "{#": "#}"}
_CURLY = re.compile(r"\{[{%#]")
_STRING = re.compile(r"\"(?:[^\"\\\n]|\\.)*\"|'(?:[^'\\\n]|\\.)*'|`[^`]*`", re.S)


def _scan_curly(text: str) -> list[Region]:
    return _scan_curly_settled(text)[0]


# A Jinja raw block: its whole body is one region for Jinja, text for the scanner.
_RAW_BLOCK = re.compile(r"\{%[-+]?\s*raw\b")


def _scan_curly_settled(text: str) -> tuple[list[Region], bool]:
    """Regions by the quote-aware scanner, and whether Jinja's lexer would find the
    same ones. It would whenever the text is not Jinja at all (the lexer fails and
    this scanner is the fallback) or has no raw block, no tag whose string or brace
    reading could run past the first closer, and no unclosed tag."""
    regions: list[Region] = []
    pos = 0
    quote_aware = True
    settled = _RAW_BLOCK.search(text) is None
    n = len(text)
    # Closers known to be absent from some offset on: a later opener needs no search.
    absent: dict[str, int] = {}
    while pos < n:
        m = _CURLY.search(text, pos)
        if m is None:
            break
        start = m.start()
        opener = m.group()
        closer = _CLOSERS[opener]
        kind = _KINDS[opener]
        if opener == "{{" and text.startswith("{{{", start):
            closer = "}}}"
        end = -1
        if absent.get(closer, n + 1) <= start + 2:
            pos = start + 1
            continue
        if opener != "{#" and quote_aware:
            end, agrees = _quote_aware_end(text, start + len(closer), closer)
            settled = settled and agrees
            if end < 0:
                # An unclosed quote, or no closer outside strings: plain search from
                # here on (quote-aware searches from every later opener would make
                # the scan quadratic).
                quote_aware = False
        if end < 0:
            idx = text.find(closer, start + 2)
            if idx < 0:
                absent[closer] = start + 2
            end = idx + len(closer) if idx >= 0 else -1
        if end < 0:
            pos = start + 1
            continue
        regions.append(Region(start, end, kind))
        pos = end
    return regions, settled


_KINDS = {"{{": "expr", "{%": "block", "{#": "comment"}


def _quote_aware_end(text: str, pos: int, closer: str) -> tuple[int, bool]:
    """End of a tag whose strings may contain the closer (-1 without a closer, -2 for
    an unclosed quote), and whether Jinja's lexer, which balances "{" and "}" inside
    a tag before it takes "}}" as the closer, would end the tag at the same place."""
    if closer != "}}}":
        # The common tag: no braces, backticks or unclosed quotes before the closer.
        m = _PLAIN_TAG[closer].match(text, pos)
        if m is not None:
            return m.end(), True
    first = closer[0]
    jinja_closer = closer[:2]
    # Jinja reads the third brace of "{{{" as an open "{".
    depth = 1 if closer == "}}}" else 0
    agrees = True
    n = len(text)
    while pos < n:
        c = text[pos]
        if c in "\"'`":
            m = _STRING.match(text, pos)
            if m is None:
                return -2, False
            pos = m.end()
            continue
        if c == first and text.startswith(closer, pos):
            return pos + len(closer), agrees and depth == (1 if closer == "}}}" else 0)
        if depth == 0 and text.startswith(jinja_closer, pos):
            agrees = False  # Jinja would close the tag here, before this scanner
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
        # jump to the next interesting character
        nxt = _NEXT_INTERESTING.search(text, pos + 1)
        if nxt is None:
            return -1, False
        pos = nxt.start()
    return -1, False


_PLAIN_STRINGS = r"\"(?:[^\"\\\n]|\\.)*+\"|'(?:[^'\\\n]|\\.)*+'"
_PLAIN_TAG = {
    "}}": re.compile(rf"(?:[^\"'`{{}}]|{_PLAIN_STRINGS})*+\}}\}}", re.S),
    "%}": re.compile(rf"(?:[^\"'`{{}}%]|{_PLAIN_STRINGS})*+%\}}", re.S),
}
_NEXT_INTERESTING = re.compile(r"[\"'`{}%#]")


def _merge_opaque_blocks(text: str, regions: list[Region]) -> list[Region]:
    """Fold Django's {% comment %}…{% endcomment %} (and verbatim) into one region."""
    if "comment" not in text and "verbatim" not in text:
        return regions
    out: list[Region] = []
    i = 0
    n = len(regions)
    # Closers already searched for to the end in vain: searching again from a later
    # opener would find nothing either, and would make the merge quadratic.
    missing: set[str] = set()
    while i < n:
        r = regions[i]
        if r.kind == "block":
            m = _BLOCK_NAME.match(text, r.start)
            name = m.group(1) if m else ""
            closer = _OPAQUE_BLOCKS.get(name)
            if closer is not None and closer not in missing:
                j = i + 1
                while j < n:
                    mm = _BLOCK_NAME.match(text, regions[j].start) if regions[j].kind == "block" else None
                    if mm and mm.group(1) == closer:
                        break
                    j += 1
                if j < n:
                    out.append(Region(r.start, regions[j].end, "comment"))
                    i = j + 1
                    continue
                missing.add(closer)
        out.append(r)
        i += 1
    return out


# --- ERB / EJS / PHP -------------------------------------------------------------------

_ANGLE = re.compile(r"<%|<\?(?:php\b|=)", re.I)


def _add_angle_regions(text: str, regions: list[Region]) -> list[Region]:
    curly = Regions(regions)
    found: list[Region] = []
    pos = 0
    while True:
        m = _ANGLE.search(text, pos)
        if m is None:
            break
        start = m.start()
        if curly.containing(start) is not None:
            pos = start + 2
            continue
        if m.group() == "<%":
            idx = text.find("%>", start + 2)
            if idx < 0:
                break
            found.append(Region(start, idx + 2, "erb"))
            pos = idx + 2
        else:
            idx = text.find("?>", m.end())
            end = len(text) if idx < 0 else idx + 2
            found.append(Region(start, end, "php"))
            pos = end
    if not found:
        return regions
    merged = sorted(regions + found, key=lambda r: r.start)
    out: list[Region] = []
    for r in merged:
        if out and r.start < out[-1].end:
            if r.end > out[-1].end:
                # Overlap between two template languages: keep the union opaque.
                out[-1] = Region(out[-1].start, r.end, out[-1].kind)
            continue
        out.append(r)
    return out


# --- single-brace expressions (Svelte, Astro, HEEx) --------------------------------------

_RAW_OPEN = re.compile(r"<(script|style)(?=[\t\n\f\r />])", re.I)
_FRONT_MATTER = re.compile(r"\A(?:\ufeff)?---[ \t]*\r?\n")
_FRONT_MATTER_END = re.compile(r"^---[ \t]*$", re.M)


def _raw_spans(text: str) -> list[tuple[int, int]]:
    """The contents of <script> and <style> elements: their braces are code, not expressions."""
    spans = []
    lower = None
    pos = 0
    while True:
        m = _RAW_OPEN.search(text, pos)
        if m is None:
            return spans
        gt = text.find(">", m.end())
        if gt < 0:
            return spans
        if lower is None:
            lower = text.lower()
        close = lower.find("</" + m.group(1).lower(), gt + 1)
        end = len(text) if close < 0 else close
        spans.append((gt + 1, end))
        pos = end


def _brace_regions(text: str) -> list[Region]:
    regions: list[Region] = []
    pos = 0
    m = _FRONT_MATTER.match(text)
    if m is not None:
        end = _FRONT_MATTER_END.search(text, m.end())
        stop = len(text) if end is None else end.end()
        regions.append(Region(0, stop, "comment"))
        pos = stop
    if "{" not in text:
        return regions
    spans = _raw_spans(text)
    k = 0
    n = len(text)
    while pos < n:
        i = text.find("{", pos)
        if i < 0:
            break
        while k < len(spans) and spans[k][1] <= i:
            k += 1
        if k < len(spans) and spans[k][0] <= i:
            pos = spans[k][1]
            continue
        end = _balanced_end(text, i, "{", "}")
        if end < 0:
            break  # unbalanced to the end: the rest is text
        regions.append(Region(i, end, "expr"))
        pos = end
    return regions


_CODE_STRING = re.compile(r"\"(?:[^\"\\\n]|\\.)*+\"|'(?:[^'\\\n]|\\.)*+'|`(?:[^`\\]|\\.)*+`", re.S)
_BRACKETS = {"{": "}", "(": ")", "[": "]"}


def _balanced_end(text: str, start: int, opener: str, closer: str) -> int:
    """The end of the bracketed code at ``start`` (strings skipped, brackets of every
    kind nested), or -1 when it does not close."""
    depth = 0
    pos = start
    n = len(text)
    interesting = _INTERESTING
    while pos < n:
        c = text[pos]
        if c in "\"'`":
            m = _CODE_STRING.match(text, pos)
            if m is None:  # an unclosed string: nothing after it closes (and no rescan)
                return -1
            pos = m.end()
            continue
        if c in "{([":
            depth += 1
        elif c in "})]":
            depth -= 1
            if depth == 0:
                return pos + 1 if c == closer else -1
        m = interesting.search(text, pos + 1)
        if m is None:
            return -1
        pos = m.start()
    return -1


_INTERESTING = re.compile(r"[\"'`{}()\[\]]")


# --- Razor ---------------------------------------------------------------------------------

_RAZOR_DIRECTIVES = frozenset((
    "model", "using", "inject", "inherits", "implements", "layout", "namespace", "attribute", "page",
    "addtaghelper", "removetaghelper", "taghelperprefix", "preservewhitespace", "rendermode", "typeparam",
))
_RAZOR_CODE_BLOCKS = frozenset(("code", "functions"))
_RAZOR_STATEMENTS = frozenset(("if", "for", "foreach", "while", "switch", "using", "lock", "try", "do", "section"))
_IDENT = re.compile(r"[A-Za-z_][\w]*")


def _razor_regions(text: str) -> list[Region]:
    regions: list[Region] = []
    pos = 0
    n = len(text)
    while True:
        i = text.find("@", pos)
        if i < 0 or i + 1 >= n:
            return regions
        nxt = text[i + 1]
        if nxt == "@":  # an escaped "@"
            pos = i + 2
            continue
        if i > 0 and (text[i - 1].isalnum() or text[i - 1] == "_"):  # an e-mail address
            pos = i + 1
            continue
        if nxt == "*":
            close = text.find("*@", i + 2)
            end = n if close < 0 else close + 2
            regions.append(Region(i, end, "comment"))
            pos = end
            continue
        if nxt in "({":
            end = _balanced_end(text, i + 1, nxt, _BRACKETS[nxt])
            if end < 0:
                return regions
            regions.append(Region(i, end, "expr" if nxt == "(" else "erb"))
            pos = end
            continue
        m = _IDENT.match(text, i + 1)
        if m is None:
            pos = i + 1
            continue
        word = m.group()
        lword = word.lower()
        end = m.end()
        statement = word in _RAZOR_STATEMENTS and text.startswith("(", _skip_space(text, end))
        if not statement and (lword in _RAZOR_DIRECTIVES and word == lword
                              or word in ("addTagHelper", "removeTagHelper", "tagHelperPrefix")):
            eol = text.find("\n", end)
            end = n if eol < 0 else eol
            regions.append(Region(i, end, "erb"))
        elif word in _RAZOR_CODE_BLOCKS:
            brace = _skip_space(text, end)
            if text.startswith("{", brace):
                end = _balanced_end(text, brace, "{", "}")
                if end < 0:
                    return regions  # unbalanced to the end: the rest is text
            regions.append(Region(i, end, "erb"))
        elif word in _RAZOR_STATEMENTS:
            paren = _skip_space(text, end)
            if text.startswith("(", paren):
                end = _balanced_end(text, paren, "(", ")")
                if end < 0:
                    return regions
            elif word == "section":
                name = _IDENT.match(text, paren)
                end = name.end() if name else end
            regions.append(Region(i, end, "erb"))
        else:
            # An implicit expression: @a.b(c)[d]?.e
            while end < n:
                c = text[end]
                if c == "." or (c == "?" and text.startswith((".", "["), end + 1)):
                    j = end + (2 if c == "?" else 1)
                    if c == "?" and text[end + 1] == "[":
                        j = end + 1
                    ident = _IDENT.match(text, j)
                    if ident is None:
                        if text.startswith("[", j):
                            close = _balanced_end(text, j, "[", "]")
                            if close < 0:
                                return regions
                            end = close
                            continue
                        break
                    end = ident.end()
                elif c in "([":
                    close = _balanced_end(text, end, c, _BRACKETS[c])
                    if close < 0:
                        return regions
                    end = close
                else:
                    break
            regions.append(Region(i, end, "expr"))
        pos = end


def _skip_space(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in " \t\r\n":
        pos += 1
    return pos


# --- statements and output ---------------------------------------------------------------

# After "{{" (and a whitespace-control mark): a Go action or a Handlebars block that
# shapes the template rather than writing a value where it stands.
# A third brace ({{{if}}}) is Handlebars' unescaped output, or in Go a "{" before an action.
_CURLY_STATEMENT = re.compile(
    r"\{\{\{?[-~]?\s*(?:[#/^>]|(?:if|else|range|with|block|define|end|template|break|continue)\b"
    r"|\$\w*\s*:?=(?!=))")


def is_statement(text: str, region: Region) -> bool:
    """Whether a template region is code that shapes the template (a tag such as
    ``{% if %}``, ``{% endfor %}``, ``{% url %}`` or a ``{% comment %}`` block, a Go action or
    Handlebars block word, a Go variable, ERB or PHP code) rather than an expression that
    only writes a value where it stands (``{{ x }}``, ``<%= x %>``, ``<?= $x ?>``) or a
    comment (``{# #}``, ``{{! }}``, ``<%# %>``). Removing, moving or copying a statement
    can change what the template renders, or stop it from compiling."""
    start = region.start
    kind = region.kind
    if kind in ("block", "raw"):
        return True
    if kind == "comment":
        return text.startswith("{%", start)  # Django's {% comment %} block; {# #} is a plain comment
    if kind == "expr":
        return _CURLY_STATEMENT.match(text, start) is not None
    if kind == "erb":
        return not text.startswith(("<%=", "<%-", "<%#"), start)
    if kind == "php":
        return not text.startswith("<?=", start)
    return True


# --- templ (Go) ----------------------------------------------------------------------------

# A line of Go code that starts a template, as templ's file parser tells one: it begins with
# "templ ", "css " or "script " and holds a "(".
_TEMPL_DECL = re.compile(r"^(templ|css|script) [^\n]*\(", re.M)
_GO_PACKAGE = re.compile(r"^package[ \t]", re.M)
# What a Go scan stops at: strings, runes, comments, brackets, newlines and the stop characters.
_GO_NEXT = re.compile(r"[\"'`/{}()\[\]\n:]")
_GO_STRING = re.compile(r"\"(?:[^\"\\\n]|\\.)*+\"")
_GO_RUNE = re.compile(r"'(?:[^'\\\n]|\\(?:[abfnrtv\\'\"]|x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0-7]{3}))'")
_GO_IDENT = re.compile(r"[^\W\d]\w*")
_GO_OPEN = "{(["
_GO_CLOSE = "})]"
# After these a newline ends a Go statement (the semicolon Go inserts at the end of a line).
_GO_LINE_END = frozenset("_)]}\"'`abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
_SPACE_TAB = " \t"
_WHITESPACE = " \t\r\n\f"

# Inside a component: the end of a text node (templ's own list), a statement's opening words.
_TEMPL_TEXT_END = re.compile(r"[<{}\n]|(?<=[ \t])@")
_TEMPL_ELSE = re.compile(r"\}[ \t\r\n]*else[ \t\r\n]*(?:\{|if )")
_TEMPL_DEFAULT = re.compile(r"default[ \t]*:")
_TEMPL_FALLTHROUGH = re.compile(r"fallthrough(?=[ \t]*(?:\r?\n|\Z))")
_TEMPL_STATEMENT = re.compile(r"(?:if|for|switch) ")
_TEMPL_BRACE_LINE = re.compile(r"[ \t]*(?:\r?\n|\Z)")
_TEMPL_TAG_NAME = re.compile(r"[A-Za-z][^\t\n\f\r />{}]*")
_TEMPL_ATTR_NAME = re.compile(r"[^\t\n\f\r <>/=?\"'{}]+")
_TEMPL_UNQUOTED = re.compile(r"[^\t\n\f\r >]*")
_TEMPL_ELSE_ATTRS = re.compile(r"\}[ \t\r\n]*else[ \t\r\n]*\{")
_TEMPL_RAW_END = {name: re.compile(rf"</{name}(?=[\t\n\f\r />]|$)", re.I) for name in ("script", "style")}
_TEMPL_SCRIPT_NEXT = re.compile(r"\{\{|//|/\*|</script(?=[\t\n\f\r />]|$)|[\"'`\n]", re.I)
# A <script> whose type is one of these (or that has none) holds JavaScript, where templ
# reads {{ expr }} as Go; any other type is text to templ.
_JS_TYPES = frozenset(("", "text/javascript", "javascript", "module"))
_TEMPL_VOID = frozenset(("area", "base", "br", "col", "command", "embed", "hr", "img", "input", "keygen", "link",
                         "meta", "param", "source", "track", "wbr"))


def _go_scan(text: str, pos: int, stops: str, line_ends: bool = False) -> int:
    """Scan Go code from ``pos`` (strings, runes, raw strings and comments skipped, brackets
    nested): the offset of the first character of ``stops`` outside brackets; -1 when the
    text ends first, -3 at a closing bracket that nothing opened and, with ``line_ends``, -2
    at a newline after which Go ends the statement."""
    return _go_scan_to(text, pos, stops, line_ends)[0]


def _go_scan_to(text: str, pos: int, stops: str, line_ends: bool = False) -> tuple[int, int]:
    """What _go_scan finds, and the offset where the scan stopped."""
    depth = 0
    n = len(text)
    while pos < n:
        m = _GO_NEXT.search(text, pos)
        if m is None:
            return -1, n
        pos = m.start()
        c = text[pos]
        if depth == 0 and c in stops:
            return pos, pos
        if c == '"':
            s = _GO_STRING.match(text, pos)
            # An unclosed string ends at its line (Go reports it; the scan goes on).
            pos = s.end() if s is not None else _line_end(text, pos)
            continue
        if c == "'":
            s = _GO_RUNE.match(text, pos)
            pos = s.end() if s is not None else pos + 1
            continue
        if c == "`":
            close = text.find("`", pos + 1)
            if close < 0:
                return -1, n
            pos = close + 1
            continue
        if c == "/":
            if text.startswith("//", pos):
                pos = _line_end(text, pos)
                continue
            if text.startswith("/*", pos):
                close = text.find("*/", pos + 2)
                if close < 0:
                    return -1, n
                pos = close + 2
                continue
        elif c in _GO_OPEN:
            depth += 1
        elif c in _GO_CLOSE:
            depth -= 1
            if depth < 0:
                return -3, pos
        elif c == "\n" and line_ends and depth == 0:
            before = pos
            while before > 0 and text[before - 1] in " \t\r":
                before -= 1
            if before > 0 and text[before - 1] in _GO_LINE_END:
                return -2, pos
        pos += 1
    return -1, n


def _line_end(text: str, pos: int) -> int:
    end = text.find("\n", pos)
    return len(text) if end < 0 else end


def _go_block_end(text: str, pos: int) -> int:
    """The end of the bracketed Go code that opens at ``pos``, or -1 when it does not close."""
    close = _go_scan(text, pos + 1, _GO_CLOSE[_GO_OPEN.index(text[pos])])
    return -1 if close < 0 else close + 1


_VALUE_START = re.compile(r"[ \t\r\n\f]*(\??)=[ \t\r\n\f]*")


def _value_start(text: str, pos: int) -> tuple[int, bool]:
    """Where the value of an attribute whose name ends at ``pos`` starts (-1 without one),
    and whether it is templ's ``?=``, which writes the attribute or not."""
    m = _VALUE_START.match(text, pos)
    if m is None:
        return -1, False
    return (m.end() if m.end() < len(text) else -1), bool(m.group(1))


def _text_value_end(text: str, pos: int) -> int:
    """The end of a quoted (-1 when unclosed) or unquoted attribute value: text to templ."""
    q = text[pos]
    if q in "\"'":
        close = text.find(q, pos + 1)
        return close + 1 if close >= 0 else -1
    return _TEMPL_UNQUOTED.match(text, pos).end()


@dataclass(slots=True)
class _TagFacts:
    """What the reader of a component body keeps of a start tag."""

    type: str | None = None  # the value of its type attribute, when written as text
    self_closing: bool = False


def _templ_regions(text: str) -> list[Region]:
    """The regions of a templ file: the Go code around its components (package clause,
    imports, functions, types, css and script templates, each component's ``templ Name(...) {``
    and closing ``}``), and in each component body the Go it holds (see _TemplBody)."""
    regions: list[Region] = []
    n = len(text)
    package = _GO_PACKAGE.search(text)
    pos = package.end() if package is not None else 0
    go_start = 0  # the start of the Go code not yet in a region
    while True:
        decl = _TEMPL_DECL.search(text, pos)
        if decl is None:
            break
        brace = _go_scan(text, decl.start(), "{")
        if brace < 0:
            break  # no body: Go code to the end
        if decl.group(1) != "templ":
            # A css or script template: CSS properties or JavaScript in Go's braces.
            end = _go_block_end(text, brace)
            if end < 0:
                break
            pos = end
            continue
        if brace + 1 > go_start:
            regions.append(Region(go_start, brace + 1, "block"))
        close = _TemplBody(text, regions).run(brace + 1)
        if close >= n:
            return regions
        go_start = close
        pos = close + 1
    if go_start < n:
        regions.append(Region(go_start, n, "block"))
    return regions


class _TemplBody:
    """The Go inside a component body, read as templ reads it. At the start of each node
    (after whitespace, a tag, an expression, or a text that ends at a newline, "<", "{", "}"
    or " @"): ``{ expr }``, ``{ children... }`` and ``@component(args)`` are expressions;
    ``{{ go }}``, ``if``/``for``/``switch`` heads up to their ``{``, ``} else if ... {``,
    ``} else {``, ``case x:``, ``default:``, ``fallthrough``, ``@component(args) {`` (with
    children) and the ``}`` that closes any of these are statements; ``//`` and ``/* */`` are
    comments. In a start tag: ``attr={ expr }`` values, and whole ``{ attrs... }`` spreads,
    ``if cond { attrs }`` conditional attributes, ``attr?={ expr }`` and ``{ key }=value``
    attributes. In a JavaScript ``<script>``: ``{{ expr }}``. HTML comments and ``<style>``
    hold none."""

    def __init__(self, text: str, regions: list[Region]) -> None:
        self.text = text
        self.regions = regions
        # Open statement blocks: (what opened it, how many elements were open then).
        self.blocks: list[tuple[str, int]] = []
        self.elements: list[str] = []  # open elements, innermost last
        self.open_at: dict[str, list[int]] = {}  # their places in self.elements, by name
        # Where the last Go head that was no statement stopped being read. templ fails on such
        # a head ("if you like it", unescaped); a head that starts before that offset is read
        # as text, so that no text is scanned for Go twice.
        self.no_head_until = -1

    def _scan_head(self, pos: int, stops: str) -> int:
        """_go_scan for the head of a statement at ``pos`` (Go up to its "{" or ":"), or -2
        when it starts where an earlier head that was none was read."""
        if pos < self.no_head_until:
            return -2
        found, stopped = _go_scan_to(self.text, pos, stops, line_ends=True)
        if found < -1:
            self.no_head_until = stopped
        return found

    def run(self, pos: int) -> int:
        """Read the body from ``pos``: the offset of the "}" that closes it, or the text's
        length when it does not close (a region then runs to the end where Go code does)."""
        text = self.text
        n = len(text)
        while True:
            while pos < n and text[pos] in _WHITESPACE:
                pos += 1
            if pos >= n:
                return n
            nxt = self._node(pos)
            if nxt is None:  # the body's closing brace
                return pos
            if nxt < 0:  # unclosed Go code: opaque to the end
                return n
            pos = nxt

    def _add(self, start: int, end: int, kind: str) -> int:
        self.regions.append(Region(start, end, kind))
        return end

    def _to_end(self, start: int, kind: str) -> int:
        self.regions.append(Region(start, len(self.text), kind))
        return -1

    def _node(self, pos: int) -> int | None:
        """Read the node at ``pos``: where the next one starts, -1 when the text ends inside
        Go code, None at the body's closing brace."""
        text = self.text
        c = text[pos]
        if c == "<":
            return self._markup(pos)
        if c == "{":
            if text.startswith("{{", pos):
                end = _go_block_end(text, pos)
                return self._add(pos, end, "block") if end >= 0 else self._to_end(pos, "block")
            end = _go_block_end(text, pos)
            return self._add(pos, end, "expr") if end >= 0 else self._to_end(pos, "expr")
        if c == "}":
            return self._close(pos)
        if c == "/" and text.startswith(("//", "/*"), pos):
            if text[pos + 1] == "/":
                return self._add(pos, _line_end(text, pos), "comment")
            close = text.find("*/", pos + 2)
            return self._add(pos, close + 2, "comment") if close >= 0 else self._to_end(pos, "comment")
        if c == "@":
            call = self._call(pos)
            if call is not None:
                return call
        elif c in "ifs" and _TEMPL_STATEMENT.match(text, pos):
            head = self._head(pos)
            if head is not None:
                return head
        elif c in "cdf" and self._in_switch():
            end = self._case(pos)
            if end is not None:
                return end
        return self._text(pos)

    def _text(self, pos: int) -> int:
        m = _TEMPL_TEXT_END.search(self.text, pos + 1)
        return len(self.text) if m is None else m.start()

    def _in_switch(self) -> bool:
        return bool(self.blocks) and self.blocks[-1] == ("switch", len(self.elements))

    def _head(self, pos: int) -> int | None:
        """``if``/``for``/``switch`` up to the "{" that opens its block (then a newline, as
        templ requires); None when it is text."""
        text = self.text
        brace = self._scan_head(pos, "{")
        if brace == -1:
            return self._to_end(pos, "block")
        if brace < 0:
            return None
        if not _TEMPL_BRACE_LINE.match(text, brace + 1):
            self.no_head_until = brace
            return None
        word = text[pos:text.index(" ", pos)]
        self.blocks.append((word, len(self.elements)))
        return self._add(pos, brace + 1, "block")

    def _case(self, pos: int) -> int | None:
        """``case x:``, ``default:`` or ``fallthrough`` directly in a switch; None when it is text."""
        text = self.text
        if text.startswith("case ", pos):
            colon = self._scan_head(pos + 5, ":")
            if colon == -1:
                return self._to_end(pos, "block")
            return self._add(pos, colon + 1, "block") if colon >= 0 else None
        m = _TEMPL_DEFAULT.match(text, pos) or _TEMPL_FALLTHROUGH.match(text, pos)
        return self._add(pos, m.end(), "block") if m is not None else None

    def _close(self, pos: int) -> int | None:
        """A "}" at the start of a node: ``} else if ... {`` or ``} else {`` in an if block, the
        end of a block, or the end of the body (None)."""
        text = self.text
        if not self.blocks:
            return None
        word, depth = self.blocks[-1]
        self._forget_elements(depth)
        if word == "if":
            m = _TEMPL_ELSE.match(text, pos)
            if m is not None:
                if text[m.end() - 1] == "{":
                    return self._add(pos, m.end(), "block")
                brace = self._scan_head(m.end() - 3, "{")
                if brace == -1:
                    return self._to_end(pos, "block")
                if brace >= 0:
                    return self._add(pos, brace + 1, "block")
        self.blocks.pop()
        return self._add(pos, pos + 1, "block")

    def _call(self, pos: int) -> int | None:
        """``@component(args)``: an expression; with ``{`` after it, a statement that opens a
        block of children. None when no Go expression follows the "@"."""
        text = self.text
        n = len(text)
        m = _GO_IDENT.match(text, pos + 1)
        if m is None:
            return None
        end = m.end()
        while end < n:
            c = text[end]
            if c == ".":
                m = _GO_IDENT.match(text, end + 1)
                if m is None:
                    break
                end = m.end()
            elif c in "([" or (c == "{" and text[end - 1] not in ")]"):
                # Arguments, an index, or a composite literal (Type{...}, with no space).
                close = _go_block_end(text, end)
                if close < 0:
                    return self._to_end(pos, "expr")
                end = close
            else:
                break
        brace = end
        while brace < n and text[brace] in _SPACE_TAB:
            brace += 1
        if text.startswith("{", brace):
            self.blocks.append(("@", len(self.elements)))
            return self._add(pos, brace + 1, "block")
        return self._add(pos, end, "expr")

    # --- markup ---

    def _markup(self, pos: int) -> int:
        text = self.text
        if text.startswith("<!--", pos):
            close = text.find("-->", pos + 4)
            return len(text) if close < 0 else close + 3
        if text.startswith(("<!", "</"), pos):
            if text.startswith("</", pos):
                name = _TEMPL_TAG_NAME.match(text, pos + 2)
                if name is not None:
                    self._end_tag(name.group().lower())
            close = text.find(">", pos + 2)
            return len(text) if close < 0 else close + 1
        name = _TEMPL_TAG_NAME.match(text, pos + 1)
        if name is None:
            return self._text(pos)
        tag = _TagFacts()
        end = self._attributes(name.end(), ">", tag)
        if end < 0:
            return end
        lname = name.group().lower()
        if tag.self_closing:
            return end
        if lname == "script":
            return self._script(end, (tag.type or "").strip().lower() in _JS_TYPES)
        if lname == "style":
            m = _TEMPL_RAW_END["style"].search(text, end)
            return len(text) if m is None else m.start()
        if lname not in _TEMPL_VOID:
            self.open_at.setdefault(lname, []).append(len(self.elements))
            self.elements.append(lname)
        return end

    def _end_tag(self, lname: str) -> None:
        """An end tag closes the innermost open element of its name opened in the same block."""
        at = self.open_at.get(lname)
        if at and at[-1] >= (self.blocks[-1][1] if self.blocks else 0):
            self._forget_elements(at[-1])

    def _forget_elements(self, depth: int) -> None:
        """Close the elements opened after the first ``depth``."""
        while len(self.elements) > depth:
            self.open_at[self.elements.pop()].pop()

    def _attributes(self, pos: int, closer: str, tag: "_TagFacts | None") -> int:
        """Read a start tag's attributes from ``pos`` to its ">" (``closer``), or those of a
        conditional attribute's block to its "}": the end of the tag, the offset of the "}",
        or -1 when the text ends first (after an unclosed brace, in a region to the end).
        Only a start tag's own items become regions: ``tag`` is None inside a conditional
        attribute, itself one region."""
        text = self.text
        n = len(text)
        while True:
            while pos < n and text[pos] in _WHITESPACE:
                pos += 1
            if pos >= n:
                return -1
            c = text[pos]
            if closer == ">":
                if c == ">":
                    return pos + 1
                if text.startswith("/>", pos):
                    tag.self_closing = True
                    return pos + 2
            elif c == "}":
                return pos
            start, kind = pos, "expr"
            if c == "/" and text.startswith(("//", "/*"), pos):
                kind = "comment"
                if text[pos + 1] == "/":
                    end = _line_end(text, pos)
                else:
                    close = text.find("*/", pos + 2)
                    end = close + 2 if close >= 0 else -1
            elif c == "{":
                # { attrs... }, or an attribute whose name is a Go expression: { key }="value".
                end = _go_block_end(text, pos)
                if end >= 0:
                    end = self._value_end(end)
            elif c == "i" and (end := self._conditional(pos)) is not None:
                pass  # if cond { attrs } else { attrs }
            else:
                m = _TEMPL_ATTR_NAME.match(text, pos)
                if m is None:
                    pos += 1  # a stray quote or "="
                    continue
                value, present = _value_start(text, m.end())
                if value < 0:  # no value
                    pos = m.end()
                    continue
                if present:  # name?={ cond }: the attribute is written or not, as the Go says
                    end = self._value_end(m.end())
                elif text.startswith("{", value):  # name={ expr }: the value
                    start = value
                    end = _go_block_end(text, value)
                else:
                    end = _text_value_end(text, value)
                    if end < 0:
                        return -1  # an unclosed quote: the tag never ends
                    if tag is not None and tag.type is None and m.group().lower() == "type":
                        tag.type = text[value:end].strip("\"'")
                    pos = end
                    continue
            if end < 0:
                if tag is not None:
                    self._to_end(start, kind)
                return -1
            if tag is not None:
                self._add(start, end, kind)
            pos = end

    def _value_end(self, pos: int) -> int:
        """The end of the value (``="v"``, ``={ expr }``, ``?={ cond }``) of an attribute whose
        name ends at ``pos``: ``pos`` when it has none, -1 when it does not end."""
        text = self.text
        value, _ = _value_start(text, pos)
        if value < 0:
            return pos
        if text.startswith("{", value):
            return _go_block_end(text, value)
        return _text_value_end(text, value)

    def _conditional(self, pos: int) -> int | None:
        """``if cond { attrs } else { attrs }`` in a start tag: its end, -1 when the text ends
        in it, None when no Go "if" is there (an attribute named "if", say)."""
        if not self.text.startswith("if ", pos):
            return None
        brace = self._scan_head(pos, "{")
        if brace == -1:
            return -1
        if brace < 0:
            return None
        text = self.text
        close = self._attributes(brace + 1, "}", None)
        if close < 0:
            return -1
        m = _TEMPL_ELSE_ATTRS.match(text, close)
        if m is not None:
            close = self._attributes(m.end(), "}", None)
            if close < 0:
                return -1
        return close + 1

    def _script(self, pos: int, javascript: bool) -> int:
        """The content of a <script> from ``pos`` to its end tag: in JavaScript, templ reads
        ``{{ expr }}`` as Go wherever it stands (in a string too), but not in a comment."""
        text = self.text
        n = len(text)
        if not javascript:
            m = _TEMPL_RAW_END["script"].search(text, pos)
            return n if m is None else m.start()
        quote = ""
        while True:
            m = _TEMPL_SCRIPT_NEXT.search(text, pos)
            if m is None:
                return n
            token = m.group()
            start = m.start()
            if token == "{{":
                end = _go_block_end(text, start)
                if end < 0:
                    return self._to_end(start, "expr")
                pos = self._add(start, end, "expr")
            elif token[:2] == "</":
                return start
            elif token in ("//", "/*"):
                if quote:
                    pos = start + 1
                elif token == "//":
                    pos = _line_end(text, start)
                else:
                    close = text.find("*/", start + 2)
                    pos = n if close < 0 else close + 2
            elif token == "\n":
                if quote in "\"'":
                    quote = ""  # a quoted string ends at its line
                pos = start + 1
            else:
                escaped = False
                back = start
                while back > 0 and text[back - 1] == "\\":
                    back -= 1
                    escaped = not escaped
                if not escaped:
                    if not quote:
                        quote = token
                    elif quote == token:
                        quote = ""
                pos = start + 1
