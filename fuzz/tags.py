"""Template tags as the fuzzer sees them: a scanner of its own, independent of the tool's.

The scanner finds ``{{ }}``, ``{% %}``, ``{# #}``, ``<% %>``, ``<?php ?>`` and ``<?= ?>``
without reading inside them (no quote handling: it only has to read the input and the
output the same way). It is linear: a closer that is missing once is missing for the rest
of the text.

Two checks are built on it:

* :func:`tag_change`: the tags between elements are kept in order; a start tag may lose
  whole template constructs with an attribute or with the tag itself, never half a block;
  an ``id``'s tags may be copied, whole, into the ``hx-target`` of an ``<hx-partial>``;
* :func:`partial_block_mismatches`: every ``<hx-partial>`` opens and closes in the same
  branch of the same template block.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from difflib import SequenceMatcher

OPEN = re.compile(r"\{\{|\{%|\{#|<%|<\?(?:php|=)")
CLOSERS = {"{{": "}}", "{%": "%}", "{#": "#}", "<%": "%>", "<?": "?>"}


@dataclass(frozen=True, slots=True)
class Tag:
    start: int
    end: int
    text: str
    closed: bool


# Inside {{ }} and {% %} a quoted string may hold the closer, as in Jinja ({{ "}}" }}); a
# string is at most 200 characters on one line here, which keeps the scan linear.
_CLOSE_IN = {
    closer: re.compile(r"""'(?:[^'\\\n]|\\.){0,200}'|"(?:[^"\\\n]|\\.){0,200}"|""" + re.escape(closer))
    for closer in ("}}", "%}")
}


def _find_closer(text: str, closer: str, pos: int) -> int:
    pattern = _CLOSE_IN.get(closer)
    if pattern is None:
        return text.find(closer, pos)
    while True:
        m = pattern.search(text, pos)
        if m is None:
            return -1
        if m.group() == closer:
            return m.start()
        pos = m.end()


def scan(text: str) -> list[Tag]:
    tags: list[Tag] = []
    pos = 0
    missing: set[str] = set()
    while True:
        m = OPEN.search(text, pos)
        if m is None:
            return tags
        opener = m.group()[:2]
        closer = CLOSERS[opener]
        j = -1 if closer in missing else _find_closer(text, closer, m.end())
        if j < 0:
            missing.add(closer)
            if opener == "<?":  # PHP's closing tag may be left out at the end of a file
                tags.append(Tag(m.start(), len(text), text[m.start():], True))
                return tags
            tags.append(Tag(m.start(), m.end(), opener, False))
            pos = m.end()
            continue
        end = j + 2
        tags.append(Tag(m.start(), end, text[m.start():end], True))
        pos = end


_WORD = re.compile(r"[-+~=]?\s*([#/^]?\s*[A-Za-z_]\w*)")


def keyword(tag: str) -> str:
    """The first word of a tag's content: ``if``, ``endif``, ``#each``, ``/each``, or ''."""
    if tag.startswith("<?"):
        body = tag[5:] if tag.startswith("<?php") else tag[3:]
    elif tag.startswith("{{"):
        body = tag[2:].lstrip("{")
    else:
        body = tag[2:]
    m = _WORD.match(body)
    return m.group(1).replace(" ", "") if m else ""


def describe(tag: str) -> str:
    """A tag reduced to its kind and keyword, for failure signatures: ``{% if %}``."""
    opener = tag[:2]
    if opener == "<?":
        return "<?php ?>"
    closer = CLOSERS.get(opener, "")
    if opener == "{{":
        word = keyword(tag)
        block_like = word[:1] in "#/^" or word in _GO_WORDS
        return f"{{{{ {word} }}}}" if block_like and word else "{{ }}"
    if opener == "{#":
        return "{# #}"
    if opener == "<%":
        return "<%= %>" if tag[2:3] in "=-" else "<% %>"
    word = keyword(tag)
    return f"{opener} {word} {closer}" if word else f"{opener} {closer}"


# --- block structure -------------------------------------------------------------------

# {% %} tags that always open a block (Jinja's and Django's); any other {% X %} opens one
# when the document has an {% endX %} (Jinja's {% trans %}...{% endtrans %}, a block
# {% set %}), so Django's one-tag {% trans "x" %} is no block.
_ALWAYS_BLOCKS = frozenset({
    "if", "for", "block", "with", "macro", "call", "filter", "raw", "autoescape", "comment", "verbatim",
    "spaceless", "ifchanged", "blocktrans", "blocktranslate", "ifequal", "ifnotequal", "unless",
})
_JINJA_BRANCHES = frozenset({"else", "elif", "elseif", "empty", "pluralize", "plural"})
_GO_WORDS = frozenset({"if", "range", "with", "block", "define", "else", "end"})
_GO_OPENERS = frozenset({"if", "range", "with", "block", "define"})
# Which tags make blocks, by the template language a file is written in: Jinja and Django
# blocks are {% %} tags only, Go's and Handlebars' are {{ }} tags.
BLOCK_DIALECTS = ("jinja", "django", "go", "handlebars")


class Blocks:
    """How the block tags of one document open, branch and close."""

    def __init__(self, dialect: str = "any", document: list[str] = ()) -> None:
        self.dialect = dialect
        self.closed = set()
        for t in document:
            if t[:2] == "{%":
                word = keyword(t)
                if word.startswith("end"):
                    self.closed.add(word[3:])

    def event(self, tag: str) -> tuple[str, str] | None:
        """("open", name), ("branch", name), ("close", name), or None."""
        opener = tag[:2]
        dialect = self.dialect
        word = keyword(tag)
        if not word:
            return None
        if opener == "{%" and dialect in ("jinja", "django", "any"):
            if word in _JINJA_BRANCHES:
                return ("branch", word)
            if word.startswith("end"):
                return ("close", word[3:])
            if word == "set" and "=" in tag:
                return None
            if word in _ALWAYS_BLOCKS or word in self.closed:
                return ("open", word)
            return None
        if opener == "{{" and dialect in ("handlebars", "any"):
            if word[:1] in "#^":
                return ("open", word[1:].strip())
            if word.startswith("/"):
                return ("close", word[1:].strip())
            if word == "else":
                return ("branch", "else")
        if opener == "{{" and dialect in ("go", "any"):
            if word == "else":
                return ("branch", "else")
            if word == "end":
                return ("close", "")
            if word in _GO_OPENERS:
                return ("open", word)
        return None

    def balanced(self, tags: list[str]) -> bool:
        """Whether the block tags in ``tags`` open and close in pairs, each closer naming
        its opener (Go's ``end`` closes any), with branches only inside a block."""
        stack: list[str] = []
        for t in tags:
            event = self.event(t)
            if event is None:
                continue
            kind, name = event
            if kind == "open":
                stack.append(name)
            elif kind == "close":
                if not stack or (name and stack[-1] != name):
                    return False
                stack.pop()
            elif not stack:
                return False
        return not stack

    def first_block_tag(self, tags: list[str]) -> str:
        return next((t for t in tags if self.event(t)), tags[0])


def block_paths(tags: list[Tag], positions: list[int], blocks: Blocks) -> list[tuple]:
    """For each position (sorted), the template branch it lies in: a tuple of
    (index of the opening tag, branch number) from the outermost block in."""
    out: list[tuple] = []
    stack: list[list[int]] = []
    i = 0
    for pos in positions:
        while i < len(tags) and tags[i].start < pos:
            event = blocks.event(tags[i].text)
            if event is not None:
                if event[0] == "open":
                    stack.append([i, 0])
                elif event[0] == "branch" and stack:
                    stack[-1][1] += 1
                elif event[0] == "close" and stack:
                    stack.pop()
            i += 1
        out.append(tuple(tuple(s) for s in stack))
    return out


# --- attribute values ----------------------------------------------------------------

_ATTR = re.compile(r"""(?<=[\s"'])(id|hx-target)\s*=\s*(["']?)""", re.I)


def _value_spans(text: str, tags: list[Tag]) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """Spans of ``id`` values, and of ``hx-target`` values of ``<hx-partial>`` start tags.
    Quotes and spaces inside template tags do not end a value."""
    starts = [t.start for t in tags]
    import bisect

    def inside_tag(pos: int) -> Tag | None:
        k = bisect.bisect_right(starts, pos) - 1
        if k >= 0 and pos < tags[k].end:
            return tags[k]
        return None

    ids: list[tuple[int, int]] = []
    targets: list[tuple[int, int]] = []
    pos = 0
    n = len(text)
    while True:
        m = _ATTR.search(text, pos)
        if m is None:
            break
        if inside_tag(m.start()) is not None:
            pos = m.end()
            continue
        quote = m.group(2)
        p = m.end()
        while p < n:
            tag = inside_tag(p)
            if tag is not None and tag.start == p:
                p = tag.end
                continue
            c = text[p]
            if (quote and c == quote) or (not quote and (c.isspace() or c == ">")):
                break
            p += 1
        span = (m.end(), p)
        if m.group(1).lower() == "id":
            ids.append(span)
        else:
            lt = text.rfind("<", 0, m.start())
            if lt >= 0 and text[lt:lt + 11].lower() == "<hx-partial":
                targets.append(span)
        pos = max(p, m.end())
    return ids, targets


def _inside(tags: list[Tag], spans: list[tuple[int, int]]) -> list[bool]:
    out = []
    k = 0
    for t in tags:
        while k < len(spans) and spans[k][1] <= t.start:
            k += 1
        out.append(k < len(spans) and spans[k][0] <= t.start and t.end <= spans[k][1])
    return out


_LT = re.compile(r"</?[A-Za-z]")


def start_tag_spans(text: str, tags: list[Tag]) -> list[tuple[int, int]]:
    """Spans of start and end tags, from ``<name`` or ``</name`` to the ``>`` that is
    outside template tags and outside quoted attribute values (a quote opens a value only
    right after ``=``)."""
    import bisect

    starts = [t.start for t in tags]
    by_start = {t.start: t.end for t in tags}
    spans: list[tuple[int, int]] = []
    n = len(text)
    pos = 0
    while True:
        m = _LT.search(text, pos)
        if m is None:
            return spans
        k = bisect.bisect_right(starts, m.start()) - 1
        if k >= 0 and m.start() < tags[k].end:
            pos = tags[k].end
            continue
        p = m.end()
        quote = None
        last = ""
        while p < n:
            end = by_start.get(p)
            if end is not None:
                p = end
                if not quote:
                    last = "}"  # a value written by a template tag: a quote after it opens nothing
                continue
            c = text[p]
            if quote:
                if c == quote:
                    quote = None
            elif c in "\"'" and last == "=":
                quote = c
            elif c == ">":
                break
            if not c.isspace():
                last = c
            p += 1
        spans.append((m.start(), min(p + 1, n)))
        pos = p + 1


# Beyond this many differing tags the sequences are compared as multisets only (the
# diff of two long sequences is quadratic at worst).
_DIFF_LIMIT = 400


def _diff(b: list[str], a: list[str]) -> tuple[list[str], list[str]]:
    """(deleted, inserted) turning ``b`` into ``a``."""
    lo = 0
    while lo < min(len(b), len(a)) and b[lo] == a[lo]:
        lo += 1
    hi_b, hi_a = len(b), len(a)
    while hi_b > lo and hi_a > lo and b[hi_b - 1] == a[hi_a - 1]:
        hi_b -= 1
        hi_a -= 1
    mid_b, mid_a = b[lo:hi_b], a[lo:hi_a]
    if not mid_b and not mid_a:
        return [], []
    if len(mid_b) > _DIFF_LIMIT or len(mid_a) > _DIFF_LIMIT:
        return list((Counter(mid_b) - Counter(mid_a)).elements()), list((Counter(mid_a) - Counter(mid_b)).elements())
    deleted: list[str] = []
    inserted: list[str] = []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, mid_b, mid_a, autojunk=False).get_opcodes():
        if op in ("delete", "replace"):
            deleted.extend(mid_b[i1:i2])
        if op in ("insert", "replace"):
            inserted.extend(mid_a[j1:j2])
    return deleted, inserted


def tag_change(before: str, after: str, dialect: str = "any") -> str | None:
    """Why the template tags of ``after`` are not those of ``before``, or None.

    Outside start tags (in text, between elements) the sequence of tags is kept exactly.
    Inside start tags the tool may drop an attribute (a ``ws-send`` value) or a whole start
    tag (an element whose children are swapped): the tags it drops so must be whole
    constructs, never half of a block, and the tags left keep their order. A tag inside an
    ``id`` may be copied into the ``hx-target`` of the ``<hx-partial>`` that replaces its
    element, as a whole too."""
    tb, ta = scan(before), scan(after)
    sb, sa = [t.text for t in tb], [t.text for t in ta]
    if sb == sa:
        return None
    in_start_b = _inside(tb, start_tag_spans(before, tb))
    in_start_a = _inside(ta, start_tag_spans(after, ta))
    _, targets_a = _value_spans(after, ta)
    in_target_a = _inside(ta, targets_a)
    # An input may hold hx-target values of its own (an <hx-partial> written by hand): their
    # tags are no copies.
    _, targets_b = _value_spans(before, tb)
    in_target_b = _inside(tb, targets_b)
    own_targets = Counter(before[s:e] for s, e in targets_b)
    content_b = [t for t, inside in zip(sb, in_start_b) if not inside]
    content_a = [t for t, inside in zip(sa, in_start_a) if not inside]
    deleted, inserted = _diff(content_b, content_a)
    if deleted:
        return f"removed template syntax between tags: {describe(deleted[0])}"
    if inserted:
        return f"added template syntax between tags: {describe(inserted[0])}"
    blocks = Blocks(dialect, sb)
    attrs_b = [t for t, inside, target in zip(sb, in_start_b, in_target_b) if inside and not target]
    attrs_a = [t for t, inside, target in zip(sa, in_start_a, in_target_a) if inside and not target]
    deleted, inserted = _diff(attrs_b, attrs_a)
    if inserted:
        return f"added template syntax in a start tag: {describe(inserted[0])}"
    if deleted and not blocks.balanced(deleted):
        return f"removed part of a template block: {describe(blocks.first_block_tag(deleted))}"
    everywhere = Counter(sb)
    for t, target in zip(sa, in_target_a):
        if target and t not in everywhere:
            return f"added {describe(t)}"
    # A copy is harmless only when it is a whole: half a block copied into an hx-target
    # leaves the template with an opener or closer too many.
    for start, end in targets_a:
        if own_targets[after[start:end]] > 0:
            own_targets[after[start:end]] -= 1
            continue
        copied = [t.text for t in ta if start <= t.start and t.end <= end]
        if copied and not blocks.balanced(copied):
            return f"copied part of a template block into an hx-target: {describe(blocks.first_block_tag(copied))}"
    return None


_PARTIAL = re.compile(r"<(/?)hx-partial\b", re.I)


def partial_block_mismatches(text: str, dialect: str = "any") -> int:
    """How many ``<hx-partial>`` elements open and close in different template branches."""
    tags = scan(text)
    events: list[tuple[int, bool]] = []
    starts = [t.start for t in tags]
    import bisect

    for m in _PARTIAL.finditer(text):
        k = bisect.bisect_right(starts, m.start()) - 1
        if k >= 0 and m.start() < tags[k].end:
            continue  # inside a template tag
        if m.start() > 0 and text[m.start() - 1] in "=\\\"'":
            continue  # in an attribute value (an id written "<hx-partial", copied into an hx-target)
        events.append((m.start(), m.group(1) == "/"))
    if not events:
        return 0
    paths = block_paths(tags, [p for p, _ in events], Blocks(dialect, [t.text for t in tags]))
    mismatches = 0
    open_paths: list[tuple] = []
    for (_, closing), path in zip(events, paths):
        if not closing:
            open_paths.append(path)
        elif open_paths:
            if open_paths.pop() != path:
                mismatches += 1
        else:
            mismatches += 1
    return mismatches + len(open_paths)
