"""Independent checks of a rewritten file before it is written.

Markup is re-read with lxml's HTML parser (no network, no external entities), with
template regions masked on both sides: the output must hold the same elements in
the same order, with the same text, and differ only in the attributes and
``<hx-partial>`` wrappers the migration is allowed to touch.
"""

from __future__ import annotations

import re
from typing import Callable

# Attribute names whose presence or value a migration may change. Names are compared
# lowercase, with and without the "data-" prefix.
MAY_CHANGE = {
    "ws-connect", "ws-send", "hx-ws", "hx-ext", "hx-ws:connect", "hx-ws:send", "hx-swap", "hx-swap-oob",
    "hx-trigger", "src", "integrity", "content", "crossorigin",
    "name",  # <meta name="htmx-config"> -> "htmx:config" for the 4.0-alpha target
}
MAY_CHANGE_PREFIXES = ("hx-on",)
WRAPPER = "hx-partial"
# Renames that must keep the value: old name -> new name.
RENAMES = {"ws-connect": "hx-ws:connect"}


class VerificationError(Exception):
    pass


def _may_change(name: str) -> bool:
    bare = name[5:] if name.startswith("data-") else name
    return bare in MAY_CHANGE or bare.startswith(MAY_CHANGE_PREFIXES)


def _mask(text: str) -> str:
    from .syntax.templates import find_regions

    regions = find_regions(text)
    if not regions:
        return text
    parts = []
    pos = 0
    for r in regions:
        parts.append(text[pos : r.start])
        parts.append(re.sub(r"[^\n]", " ", text[r.start : r.end]))
        pos = r.end
    parts.append(text[pos:])
    return "".join(parts)


def _elements(text: str) -> list[tuple[str, dict[str, str], str]]:
    import lxml.etree as etree

    parser = etree.HTMLParser(no_network=True, recover=True, remove_comments=True, remove_pis=True, huge_tree=True)
    masked = _mask(text)
    if not masked.strip():
        return []
    root = etree.fromstring(masked.encode("utf-8"), parser)
    if root is None:
        return []
    out = []
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        tag = el.tag.lower()
        text_parts = "" if tag in ("script", "style") else (el.text or "")
        tail = el.tail or ""
        out.append((tag, {k.lower(): v for k, v in el.attrib.items()}, " ".join((text_parts + "\x00" + tail).split())))
    return out


def _check_attrs(before: dict[str, str], after: dict[str, str], where: str) -> None:
    for name in set(before) | set(after):
        if before.get(name) != after.get(name) and not _may_change(name):
            raise VerificationError(f"{where}: attribute {name!r} changed from {before.get(name)!r} to {after.get(name)!r}")
    for old, new in RENAMES.items():
        for prefix in ("", "data-"):
            o, n = prefix + old, prefix + new
            if o in before and o not in after and n in after and before[o] != after[n]:
                raise VerificationError(f"{where}: {o} value {before[o]!r} became {after[n]!r}")


def verify_markup(before_text: str, after_text: str) -> None:
    before = _elements(before_text)
    after = _elements(after_text)
    i = j = 0
    while i < len(before) or j < len(after):
        if j < len(after) and after[j][0] == WRAPPER and (i >= len(before) or before[i][0] != WRAPPER):
            # A wrapper added around an element (next element matches), or an element
            # replaced by a wrapper (its start and end tag became the wrapper's).
            if i < len(before) and j + 1 < len(after) and after[j + 1][0] == before[i][0] and _same_enough(before[i], after[j + 1]):
                j += 1
                continue
            if i < len(before):
                i += 1
                j += 1
                continue
        if i >= len(before) or j >= len(after):
            extra = before[i:] if i < len(before) else after[j:]
            raise VerificationError(f"element count differs near <{extra[0][0]}>")
        b, a = before[i], after[j]
        if b[0] != a[0]:
            raise VerificationError(f"element {i + 1}: <{b[0]}> became <{a[0]}>")
        _check_attrs(b[1], a[1], f"element {i + 1} <{b[0]}>")
        i += 1
        j += 1
    if _text(before) != _text(after):
        raise VerificationError("the text content changed")


def _same_enough(b, a) -> bool:
    try:
        _check_attrs(b[1], a[1], "")
    except VerificationError:
        return False
    return True


def _text(elements) -> str:
    """All text of the document, whitespace folded (wrappers add none)."""
    return " ".join(" ".join(e[2] for e in elements).replace("\x00", " ").split())


VERIFIERS: dict[str, Callable[[str, str], None]] = {"markup": verify_markup}


# --- JavaScript ----------------------------------------------------------------------

def _js_errors(text: str, lang: str) -> int:
    from .syntax.javascript import error_count, parse

    return error_count(parse(text, lang))


def verify_javascript(before_text: str, after_text: str) -> None:
    """The output, re-parsed by tree-sitter with the grammar that reads the input best,
    has no more ERROR/MISSING nodes than the input."""
    from .syntax.javascript import LANGUAGES

    counts = {lang: _js_errors(before_text, lang) for lang in LANGUAGES}
    lang = min(LANGUAGES, key=lambda name: counts[name])
    after = _js_errors(after_text, lang)
    if after > counts[lang]:
        raise VerificationError(f"the JavaScript no longer parses cleanly ({after} syntax errors, was {counts[lang]})")


def _inline_script_errors(text: str) -> int:
    from .syntax.javascript import error_count, inline_scripts
    from .syntax.markup import MarkupView

    return sum(error_count(s.tree) for s in inline_scripts(MarkupView(text)))


def _with_inline_scripts(markup_verifier: Callable[[str, str], None]) -> Callable[[str, str], None]:
    """The markup check, then: inline <script> blocks parse no worse than before."""

    def verify_markup_and_scripts(before_text: str, after_text: str) -> None:
        markup_verifier(before_text, after_text)
        if "<script" not in before_text.lower():
            return
        before, after = _inline_script_errors(before_text), _inline_script_errors(after_text)
        if after > before:
            raise VerificationError(f"an inline script no longer parses cleanly ({after} syntax errors, was {before})")

    return verify_markup_and_scripts


VERIFIERS["javascript"] = verify_javascript
VERIFIERS["markup"] = _with_inline_scripts(VERIFIERS["markup"])


def verify(kind: str, before: str, after: str) -> None:
    verifier = VERIFIERS.get(kind)
    if verifier is not None:
        verifier(before, after)
