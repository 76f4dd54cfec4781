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
  ``@{...}``, ``@*...*@``, control statements' heads and directives.
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

def find_regions(text: str, flavor: str = "html") -> Regions:
    if flavor == "braces":
        regions = _brace_regions(text)
        if "<%" in text or "<?" in text:
            regions = _add_angle_regions(text, regions)
        return Regions(regions) if regions else EMPTY
    if flavor == "razor":
        return Regions(_razor_regions(text)) if "@" in text else EMPTY
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
