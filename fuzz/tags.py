"""Template tags as the fuzzer sees them: a scanner of its own, independent of the tool's.

The scanner finds ``{{ }}``, ``{% %}``, ``{# #}``, ``<% %>``, ``<?php ?>`` and ``<?= ?>``
without reading inside them (no quote handling: it only has to read the input and the
output the same way). It is linear: a closer that is missing once is missing for the rest
of the text.

Two checks are built on it:

* :func:`tag_change`: the sequence of tags of the output is the sequence of the input,
  except that a tag inside an ``id`` value may move into the ``hx-target`` of the
  ``<hx-partial>`` that replaces its element, and copies of such tags may appear there;
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

_JINJA_OPENERS = frozenset({
    "if", "for", "block", "with", "macro", "call", "filter", "raw", "autoescape", "trans", "blocktrans",
    "blocktranslate", "comment", "verbatim", "spaceless", "ifchanged", "ifequal", "ifnotequal", "unless",
})
_JINJA_BRANCHES = frozenset({"else", "elif", "elseif", "empty", "pluralize", "plural"})
_GO_WORDS = frozenset({"if", "range", "with", "block", "define", "else", "end"})
_GO_OPENERS = frozenset({"if", "range", "with", "block", "define"})


def block_event(tag: str) -> tuple[str, str] | None:
    """("open", name), ("branch", name), ("close", name) for a block tag, else None."""
    opener = tag[:2]
    word = keyword(tag)
    if not word:
        return None
    if opener == "{%":
        if word in _JINJA_BRANCHES:
            return ("branch", word)
        if word.startswith("end"):
            return ("close", word[3:])
        if word == "set" and "=" not in tag:  # a block set: {% set x %}...{% endset %}
            return ("open", "set")
        if word in _JINJA_OPENERS:
            return ("open", word)
        return None
    if opener == "{{":
        if word.startswith("#"):
            return ("open", word[1:])
        if word.startswith("^"):
            return ("open", word[1:])
        if word.startswith("/"):
            return ("close", word[1:])
        if word == "else":
            return ("branch", "else")
        if word == "end":
            return ("close", "")
        if word in _GO_OPENERS:
            return ("open", word)
    return None


def balanced(tags: list[str]) -> bool:
    """Whether block tags in ``tags`` open and close in pairs (branches inside a block)."""
    depth = 0
    for t in tags:
        event = block_event(t)
        if event is None:
            continue
        if event[0] == "open":
            depth += 1
        elif event[0] == "close":
            depth -= 1
            if depth < 0:
                return False
        elif depth == 0:
            return False
    return depth == 0


def block_paths(text: str, tags: list[Tag], positions: list[int]) -> list[tuple]:
    """For each position (sorted), the template branch it lies in: a tuple of
    (index of the opening tag, branch number) from the outermost block in."""
    out: list[tuple] = []
    stack: list[list[int]] = []
    i = 0
    for pos in positions:
        while i < len(tags) and tags[i].start < pos:
            event = block_event(tags[i].text)
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


# Beyond this many differing tags the sequences are compared as multisets only (the
# diff of two long sequences is quadratic at worst).
_DIFF_LIMIT = 4000


def tag_change(before: str, after: str) -> str | None:
    """Why the template tags of ``after`` are not those of ``before``, or None."""
    tb, ta = scan(before), scan(after)
    sb, sa = [t.text for t in tb], [t.text for t in ta]
    if sb == sa:
        return None
    ids_b, _ = _value_spans(before, tb)
    ids_a, targets_a = _value_spans(after, ta)
    in_id_b, in_id_a, in_target_a = _inside(tb, ids_b), _inside(ta, ids_a), _inside(ta, targets_a)
    # Outside ids and hx-targets the sequence is the same, in the same order.
    core_b = [t for t, in_id in zip(sb, in_id_b) if not in_id]
    core_a = [t for t, in_id, in_target in zip(sa, in_id_a, in_target_a) if not in_id and not in_target]
    if core_b != core_a:
        lo = 0
        while lo < min(len(core_b), len(core_a)) and core_b[lo] == core_a[lo]:
            lo += 1
        hi_b, hi_a = len(core_b), len(core_a)
        while hi_b > lo and hi_a > lo and core_b[hi_b - 1] == core_a[hi_a - 1]:
            hi_b -= 1
            hi_a -= 1
        mid_b, mid_a = core_b[lo:hi_b], core_a[lo:hi_a]
        deleted: list[str] = []
        inserted: list[str] = []
        if len(mid_b) > _DIFF_LIMIT or len(mid_a) > _DIFF_LIMIT:
            deleted = list((Counter(mid_b) - Counter(mid_a)).elements())
            inserted = list((Counter(mid_a) - Counter(mid_b)).elements())
        else:
            for op, i1, i2, j1, j2 in SequenceMatcher(None, mid_b, mid_a, autojunk=False).get_opcodes():
                if op in ("delete", "replace"):
                    deleted.extend(mid_b[i1:i2])
                if op in ("insert", "replace"):
                    inserted.extend(mid_a[j1:j2])
        if deleted:
            return _lost(deleted)
        if inserted:
            return f"added {describe(inserted[0])}"
        return "moved template tags"
    # What an id held is in an id or an hx-target now; what an hx-target holds comes from the input.
    id_tags_b = Counter(t for t, in_id in zip(sb, in_id_b) if in_id)
    pool_a = Counter(t for t, in_id, in_target in zip(sa, in_id_a, in_target_a) if in_id or in_target)
    lost = id_tags_b - pool_a
    if lost:
        return _lost(list(lost.elements()))
    everywhere = Counter(sb)
    for t, in_target in zip(sa, in_target_a):
        if in_target and t not in everywhere:
            return f"added {describe(t)}"
    # A copy is harmless only when it is a whole: half a block copied into an hx-target
    # leaves the template with an opener or closer too many.
    for start, end in targets_a:
        copied = [t.text for t in ta if start <= t.start and t.end <= end]
        if copied and not balanced(copied):
            return f"copied part of a template block into an hx-target: {describe(next(t for t in copied if block_event(t)))}"
    return None


def _lost(tags: list[str]) -> str:
    what = describe(tags[0])
    if balanced(tags) and all(block_event(t) is None for t in tags):
        return f"removed template syntax: {what}"
    if balanced(tags):
        return f"removed a whole template block: {what}"
    return f"removed part of a template block: {what}"


_PARTIAL = re.compile(r"<(/?)hx-partial\b", re.I)


def partial_block_mismatches(text: str) -> int:
    """How many ``<hx-partial>`` elements open and close in different template branches."""
    tags = scan(text)
    events: list[tuple[int, bool]] = []
    starts = [t.start for t in tags]
    import bisect

    for m in _PARTIAL.finditer(text):
        k = bisect.bisect_right(starts, m.start()) - 1
        if k >= 0 and m.start() < tags[k].end:
            continue  # inside a template tag
        events.append((m.start(), m.group(1) == "/"))
    if not events:
        return 0
    paths = block_paths(text, tags, [p for p, _ in events])
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
