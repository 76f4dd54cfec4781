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


class _Element:
    """An element as lxml's HTML parser reads it: what the checks below ask of one."""

    __slots__ = ("tag", "attrib", "parent", "_text", "_tail")

    def __init__(self, tag: str, attrib: dict[str, str], parent: "_Element | None") -> None:
        self.tag, self.attrib, self.parent = tag, attrib, parent
        self._text: list[str] = []
        self._tail: list[str] = []

    @property
    def text(self) -> str:
        return "".join(self._text)

    @property
    def tail(self) -> str:
        return "".join(self._tail)

    def getparent(self) -> "_Element | None":
        return self.parent


# libxml2's HTML boolean attributes (htmlIsBooleanAttr).
_BOOLEAN = frozenset(("checked", "compact", "declare", "defer", "disabled", "ismap", "multiple", "nohref", "noresize",
                      "noshade", "nowrap", "readonly", "selected"))


class _Reader:
    """lxml parser target: the parser's events, kept as elements in document order.
    lxml's own tree would do, but libxml2 appends each attribute by walking the ones
    before it, and lxml looks each value up by name: a tag with n attributes costs n^2."""

    def __init__(self) -> None:
        self.elements: list[_Element] = []
        self.open: list[_Element] = []
        self.sink: list[str] | None = None  # where text goes: the open element's text or the closed one's tail
        self.closed = False  # the root element ended

    def start(self, tag, attrib) -> None:
        if self.closed:
            # What follows the root (after </html>) is a second root, which the tree's
            # root element does not hold.
            return
        if "" in attrib.values():
            # The tree gives a valueless boolean attribute its name as value; the parser's
            # events give "" (as for name="").
            attrib = {k: v or (k if k in _BOOLEAN else v) for k, v in attrib.items()}
        el = _Element(tag, attrib, self.open[-1] if self.open else None)
        self.elements.append(el)
        self.open.append(el)
        self.sink = el._text

    def end(self, tag) -> None:
        if self.open and not self.closed:
            closed = self.open.pop()
            self.closed = not self.open
            self.sink = None if self.closed else closed._tail

    def data(self, data) -> None:
        if self.sink is not None:
            self.sink.append(data)

    def close(self) -> list[_Element]:
        # The parser and its target reference each other: what the target keeps lives
        # until the cycle collector runs, so it keeps nothing.
        elements, self.elements, self.open, self.sink = self.elements, [], [], None
        return elements


def _tree_elements(text: str) -> list:
    """The elements lxml's HTML parser sees in ``text`` (template regions masked), in
    document order. No network, no entities: the parser only reads the string."""
    import lxml.etree as etree

    masked = _mask(text)
    if not masked.strip():
        return []
    parser = etree.HTMLParser(no_network=True, recover=True, remove_comments=True, remove_pis=True, huge_tree=True,
                              encoding="utf-8", target=_Reader())
    return etree.fromstring(masked.encode("utf-8"), parser) or []


def _elements(text: str) -> list[tuple[str, dict[str, str], str]]:
    out = []
    for el in _tree_elements(text):
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
    shapes: tuple[list[int], list[int]] | None = None
    wrapped = False  # the next pair is an element inside a wrapper just added
    i = j = 0
    while i < len(before) or j < len(after):
        if j < len(after) and after[j][0] == WRAPPER and (i >= len(before) or before[i][0] != WRAPPER):
            # A wrapper added around an element (next element matches), or an element
            # replaced by a wrapper (its start and end tag became the wrapper's).
            swap = after[j][1].get("hx-swap")
            if i < len(before) and (swap in _OUTER_SWAPS or swap in _INNER_SWAPS):
                if shapes is None:
                    shapes = (_descendants(before_text), _descendants(after_text))
                outer = swap in _OUTER_SWAPS
                _check_partial(before[i], after[j], after[j + 1] if outer and j + 1 < len(after) else None, i)
                b_size, w_size = shapes[0][i], shapes[1][j]
                if outer:
                    if j + 1 >= len(after) or after[j + 1][0] != before[i][0] or w_size != 1 + shapes[1][j + 1]:
                        raise VerificationError(f"element {i + 1} <{before[i][0]}>: the <{WRAPPER}> around it does not hold exactly it")
                    j += 1
                    wrapped = True
                    continue
                if w_size != b_size:
                    raise VerificationError(f"element {i + 1} <{before[i][0]}>: the <{WRAPPER}> that replaced it holds other content")
                i += 1
                j += 1
                continue
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
        if not wrapped:
            _check_oob_change(b[1], a[1], f"element {i + 1} <{b[0]}>")
        wrapped = False
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


# --- <hx-partial> wrappers for WebSocket messages (what each 2.x hx-swap-oob meant) -----------

_OOB = ("hx-swap-oob", "data-hx-swap-oob")
_OUTER_SWAPS = ("outerHTML", "outerMorph")
_INNER_SWAPS = ("innerHTML", "innerMorph", "beforebegin", "afterbegin", "beforeend", "afterend", "delete", "none")
_OOB_MEANT = {
    "": ("outerHTML", None), "true": ("outerHTML", None), "outerHTML": ("outerHTML", None),
    "morph": ("outerMorph", None), "morphdom": ("outerMorph", None), "morph:outerHTML": ("outerMorph", None),
    "morph:innerHTML": ("innerMorph", None),
    **{s: (s, None) for s in ("innerHTML", "beforebegin", "afterbegin", "beforeend", "afterend", "delete", "none")},
}
_CSS_ESCAPE = re.compile(r"\\([0-9a-fA-F]{1,6})[ \t\n]?|\\(.)", re.S)


def _css_unescape(selector: str) -> str:
    return _CSS_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)) if m.group(1) else m.group(2), selector)


def _fold(value: str) -> str:
    return " ".join(value.split())


def _meant(attrs: dict[str, str]) -> tuple[str, str | None] | None:
    """(htmx 4 swap, explicit selector or None for the element's id) for a 2.x element."""
    value = next((attrs[n] for n in _OOB if n in attrs), None)
    if value is None:
        return "outerHTML", None
    if value in _OOB_MEANT:
        return _OOB_MEANT[value]
    style, colon, selector = value.partition(":")
    if colon and style in _OOB_MEANT and style not in ("", "true"):
        return _OOB_MEANT[style][0], selector
    return None


def _check_partial(b, wrapper, inner, index: int) -> None:
    where = f"element {index + 1} <{b[0]}>"
    attrs = wrapper[1]
    if set(attrs) != {"hx-target", "hx-swap"}:
        raise VerificationError(f"{where}: its <{WRAPPER}> has attributes {sorted(attrs)}")
    meant = _meant(b[1])
    if meant is None:
        raise VerificationError(f"{where}: hx-swap-oob={b[1].get('hx-swap-oob')!r} has no <{WRAPPER}> form")
    swap, selector = meant
    if attrs["hx-swap"] != swap:
        raise VerificationError(f"{where}: hx-swap {attrs['hx-swap']!r} where 2.x meant {swap!r}")
    if (inner is not None) != (swap in _OUTER_SWAPS):
        raise VerificationError(f"{where}: a {swap} swap must {'keep' if swap in _OUTER_SWAPS else 'drop'} the element")
    target = attrs["hx-target"]
    if selector is not None:
        if _fold(target) != _fold(selector):
            raise VerificationError(f"{where}: hx-target {target!r} where 2.x targeted {selector!r}")
    elif _fold(_css_unescape(target)) != _fold("#" + b[1].get("id", "")):
        raise VerificationError(f"{where}: hx-target {target!r} does not select its id {b[1].get('id')!r}")
    if inner is not None and any(n in inner[1] for n in _OOB):
        raise VerificationError(f"{where}: kept its hx-swap-oob inside <{WRAPPER}>")


def _check_oob_change(before: dict[str, str], after: dict[str, str], where: str) -> None:
    """Outside a wrapper, hx-swap-oob may only be added as "true" or renamed to a built-in morph."""
    for name in _OOB:
        old, new = before.get(name), after.get(name)
        if old == new or (old is None and new == "true"):
            continue
        if old is not None and new is not None and _meant({name: old}) is not None and \
                _meant({name: old})[0] in ("outerMorph", "innerMorph") and new.split(":", 1)[0] == _meant({name: old})[0]:
            continue
        raise VerificationError(f"{where}: {name} changed from {old!r} to {new!r}")


def _descendants(text: str) -> list[int]:
    """For each element, in the order of _elements, how many elements it holds
    (summed up from the leaves in one pass)."""
    elements = _tree_elements(text)
    index = {el: i for i, el in enumerate(elements)}
    counts = [0] * len(elements)
    for i in range(len(elements) - 1, -1, -1):
        parent = elements[i].getparent()
        if parent is not None and parent in index:
            counts[index[parent]] += counts[i] + 1
    return counts


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


# --- Python ----------------------------------------------------------------------------

def verify_python(before_text: str, after_text: str) -> None:
    """The output parses, and its syntax tree equals the input's but for the values of
    string literals (f-strings may lose placeholders, never gain new ones). Python's own
    parser reads both sides; for syntax newer than this Python reads, libcst's parse of
    the output is the check."""
    import ast

    try:
        before_tree = ast.parse(before_text.removeprefix("\ufeff"))
    except (SyntaxError, ValueError):
        from .syntax.python import view_of

        after_view = view_of(after_text)  # usually read already, by the rules of the last pass
        if after_view.module is None:
            raise VerificationError(f"the Python no longer parses: {after_view.error}") from None
        return
    try:
        after_tree = ast.parse(after_text.removeprefix("\ufeff"))
    except (SyntaxError, ValueError) as exc:
        raise VerificationError(f"the Python no longer parses: {exc}") from None
    before_shape, before_exprs = _strings_blanked(before_tree)
    after_shape, after_exprs = _strings_blanked(after_tree)
    if before_shape != after_shape:
        raise VerificationError("the Python changed beyond the values of string literals")
    if not set(after_exprs) <= set(before_exprs):
        raise VerificationError("an f-string gained an expression it did not have")


def _strings_blanked(tree) -> tuple[str, list[str]]:
    import ast

    exprs: list[str] = []

    class Blank(ast.NodeTransformer):
        def visit_JoinedStr(self, node):
            for value in node.values:
                if isinstance(value, ast.FormattedValue):
                    exprs.append(ast.dump(value))
            return ast.copy_location(ast.Constant(""), node)

        def visit_Constant(self, node):
            if isinstance(node.value, str):
                return ast.copy_location(ast.Constant(""), node)
            return node

    return ast.dump(Blank().visit(tree)), exprs


VERIFIERS["python"] = verify_python


def verify(kind: str, before: str, after: str) -> None:
    verifier = VERIFIERS.get(kind)
    if verifier is not None:
        verifier(before, after)
