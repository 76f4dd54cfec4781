"""Independent checks of a rewritten file before it is written.

Markup is re-read with lxml's HTML parser (no network, no external entities), with
template regions masked on both sides: the output must hold the same elements in
the same order, with the same text, and differ only in the attributes and
``<hx-partial>`` wrappers the migration is allowed to touch.
"""

from __future__ import annotations

import ast
import re
from collections import Counter
from typing import Callable

from .syntax.javascript import LANGUAGES, inline_scripts, parse
from .syntax.markup import IMPLIED_END, VOID, EndTag, MarkupView, StartTag, tokenize
from .syntax.templates import Region, find_regions, is_statement
from .syntax.treesitter import error_count
from .syntax.treesitter import parse as parse_code

# Attribute names whose presence or value a migration may change. Names are compared
# lowercase, with and without the "data-" prefix.
MAY_CHANGE = {
    "ws-connect", "ws-send", "hx-ws", "hx-ext", "hx-ws:connect", "hx-ws:send", "hx-swap", "hx-swap-oob",
    "hx-trigger", "src", "integrity", "content", "crossorigin",
    "name",  # <meta name="htmx-config"> -> "htmx:config" for the 4.0-alpha target
    # the core's renames (rules/core)
    "hx-disable", "hx-disabled-elt", "hx-ignore",
    # the core's attributes (HX103 hx-vars, HX106 hx-ext, HX107 hx-request, HX109 hx-inherit and
    # hx-disinherit, HX111 hx-boost:inherited="false" where htmx 2 disinherited it, HX112 preload,
    # HX113 hx-include)
    "hx-vars", "hx-vals", "hx-request", "hx-config", "hx-inherit", "hx-disinherit", "preload", "hx-preload",
    "hx-include", "hx-boost",
    # hx-trigger's queue: moved to hx-sync (HX204)
    "hx-sync",
    # the SSE extension's (rules/sse): sse-connect/sse-close renamed, sse-swap="message" gone with
    # the connection element's hx-target in its place (SE101, SE102, SE103; hx-target: _sse_target)
    "sse-connect", "sse-close", "sse-swap", "hx-sse:connect", "hx-sse:close",
    # htmx 1.x's hx-sse converted (SE106)
    "hx-sse",
}
MAY_CHANGE_PREFIXES = ("hx-on", "@htmx:", "x-on:htmx:")  # htmx listeners, also Alpine's
# the response-targets extension's hx-target-CODE, htmx 4's hx-status:CODE (HX207, HX208)
MAY_CHANGE_PREFIXES += ("hx-target-", "hx-status:")
WRAPPER = "hx-partial"
# Renames that must keep the value: old name -> new names.
RENAMES = {"ws-connect": ("hx-ws:connect",), "hx-disabled-elt": ("hx-disable", "hx-disable:inherited"),
           "hx-disable": ("hx-ignore",), "sse-connect": ("hx-sse:connect",), "sse-close": ("hx-sse:close",)}
# An attribute htmx 4 reads on descendants too is written NAME:inherited (or :append).
_INHERITED = (":inherited:append", ":inherited", ":append")


class VerificationError(Exception):
    pass


class MalformedMarkup(VerificationError):
    """The rewrite could not be checked because the input is malformed markup: the HTML
    parser reads its elements differently from how they are written (the rules read them
    as written), at ``line``."""

    def __init__(self, line: int, what: str) -> None:
        super().__init__(f"line {line}: {what}")
        self.line = line
        self.what = what


def _may_change(name: str) -> bool:
    bare = name[5:] if name.startswith("data-") else name
    for suffix in _INHERITED:
        if bare.startswith("hx-") and bare.endswith(suffix):
            bare = bare[: -len(suffix)]
            break
    return bare in MAY_CHANGE or bare.startswith(MAY_CHANGE_PREFIXES)


def _mask(text: str, regions=None) -> str:
    """The text with every template region replaced by a placeholder of its length, so that
    lxml reads the markup around it: blanks where the region stands between the attributes
    of a tag (keeping apart what is around it), "x"s everywhere else, so that a region in a
    value or a name stays part of it (ws-connect={url}, id={{ d }}"), as the tokenizer reads
    it. A region is masked alike wherever it is copied, as an id into an hx-target."""
    regions = find_regions(text) if regions is None else regions
    if not regions:
        return text
    between = _between_attributes(text, regions)
    parts = []
    pos = 0
    for r in regions:
        parts.append(text[pos : r.start])
        if r.start in between:
            parts.append(re.sub(r"[^\n]", " ", text[r.start : r.end]))
        else:
            parts.append("x" * (r.end - r.start))
        pos = r.end
    parts.append(text[pos:])
    return "".join(parts)


def _between_attributes(text: str, regions) -> set[int]:
    """Starts of the regions that stand between the attributes of a start tag."""
    found: set[int] = set()
    for token in tokenize(text, regions):
        if isinstance(token, StartTag):
            found.update(i.start for i in token.items if isinstance(i, Region))
        elif isinstance(token, EndTag):
            found.update(r.start for r in regions.within(token.start, token.end))
    return found


# Elements the HTML parser implies around a document: they are compared by their
# attributes only, since where the parser opens them (and whether it puts an unknown
# element such as <hx-partial> in <head>) is no part of the markup as written.
_FRAME = ("html", "head", "body")


class _Element:
    """An element as lxml's HTML parser reads it: what the checks below ask of one."""

    __slots__ = ("tag", "attrib", "parent", "_text", "_tail")
    sourceline = None  # the parser's events tell no line

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


def _tree_elements(text: str, regions=None) -> list[_Element]:
    """The elements lxml's HTML parser reads in ``text`` (template regions masked), in
    document order. No network, no entities: the parser only reads the string."""
    import lxml.etree as etree

    masked = _mask(text, regions)
    if not masked.strip():
        return []
    parser = etree.HTMLParser(no_network=True, recover=True, remove_comments=True, remove_pis=True, huge_tree=True,
                              encoding="utf-8", target=_Reader())
    return etree.fromstring(masked.encode("utf-8"), parser) or []


class _Parsed:
    """One side as lxml's HTML parser reads it (template regions masked): its elements in
    document order without the implied frame, the frame's attributes, and its text."""

    def __init__(self, text: str, regions=None) -> None:
        self.elements: list = []
        self.frame: dict[str, dict[str, str]] = {}
        self.text = ""
        found = _tree_elements(text, regions)
        children: dict[int, list] = {id(el): [] for el in found}
        roots = []
        for el in found:
            (children[id(el.parent)] if el.parent is not None else roots).append(el)
        texts: list[str] = []
        # Depth first gives the text in document order: an element's text, its children,
        # then its tail (the text after it); and the elements in the order they start.
        stack = [(el, False) for el in reversed(roots)]
        while stack:
            el, done = stack.pop()
            if done:
                if el.tail:
                    texts.append(el.tail)
                continue
            tag = el.tag.lower()
            if tag in _FRAME:
                self.frame.setdefault(tag, {}).update({k.lower(): v for k, v in el.attrib.items()})
            else:
                self.elements.append(el)
            if el.text and tag not in ("script", "style"):
                texts.append(el.text)
            stack.append((el, True))
            stack.extend((child, False) for child in reversed(children[id(el)]))
        self.text = " ".join(" ".join(texts).split())

    def tuples(self) -> list[tuple[str, dict[str, str], str]]:
        """(tag, attributes, its own text before its first child, whitespace folded)."""
        out = []
        for el in self.elements:
            tag = el.tag.lower()
            own = "" if tag in ("script", "style") else " ".join((el.text or "").split())
            out.append((tag, {k.lower(): v for k, v in el.attrib.items()}, own))
        return out

    def descendants(self) -> list[int]:
        """For each element, how many elements it holds (summed up from the leaves in one pass)."""
        elements = self.elements
        index = {el: i for i, el in enumerate(elements)}
        counts = [0] * len(elements)
        for i in range(len(elements) - 1, -1, -1):
            parent = elements[i].getparent()
            if parent is not None and parent in index:
                counts[index[parent]] += counts[i] + 1
        return counts


def _suffixed(name: str, before: dict[str, str], after: dict[str, str]) -> bool:
    """Whether ``name`` only gained or lost an inheritance suffix (hx-target ->
    hx-target:inherited), its value kept."""
    base = name
    for suffix in _INHERITED:
        if name.endswith(suffix):
            base = name[: -len(suffix)]
            break
    names = [base] + [base + s for s in _INHERITED]
    old = [n for n in names if n in before and n not in after]
    new = [n for n in names if n in after and n not in before]
    return len(old) == 1 and len(new) == 1 and before[old[0]] == after[new[0]]


# What makes an element an SSE connection element after a rewrite: htmx 4's name, or htmx 2's
# where SE101 did not run (--ignore SE101, --select SE103).
_SSE_CONNECTS = ("hx-sse:connect", "data-hx-sse:connect", "sse-connect", "data-sse-connect")


def _sse_target(name: str, before: dict[str, str], after: dict[str, str]) -> bool:
    """Whether ``name`` is an `hx-target` (either prefix, any inheritance suffix) that SE103
    may write, change or remove: written or changed only on an SSE connection element (one
    with `hx-sse:connect` after the rewrite), removed only from an element whose `sse-swap` it
    served (its target moved to the connection element)."""
    bare = name[5:] if name.startswith("data-") else name
    for suffix in _INHERITED:
        if bare.endswith(suffix):
            bare = bare[: -len(suffix)]
            break
    if bare != "hx-target":
        return False
    if name in after:
        return any(connect in after for connect in _SSE_CONNECTS)
    return "sse-swap" in before or "data-sse-swap" in before


def _check_attrs(before: dict[str, str], after: dict[str, str], where: str) -> None:
    for name in set(before) | set(after):
        if (before.get(name) != after.get(name) and not _may_change(name) and not _suffixed(name, before, after)
                and not _sse_target(name, before, after)):
            raise VerificationError(f"{where}: attribute {name!r} changed from {before.get(name)!r} to {after.get(name)!r}")
    for old, news in RENAMES.items():
        for prefix in ("", "data-"):
            o = prefix + old
            if o not in before or o in after:
                continue
            for new in news:
                n = prefix + new
                if n in after and n not in before and before[o] != after[n]:
                    raise VerificationError(f"{where}: {o} value {before[o]!r} became {after[n]!r}")


def verify_markup(before_text: str, after_text: str, flavor: str = "html") -> None:
    """``flavor``: the template syntax the markup may hold (see paths.MARKUP_FLAVORS)."""
    regions = find_regions(before_text, flavor), find_regions(after_text, flavor)
    _check_statements(before_text, after_text, *regions)
    parsed = _Parsed(before_text, regions[0]), _Parsed(after_text, regions[1])
    try:
        _compare(*parsed)
    except VerificationError as exc:
        found = malformed(before_text, parsed[0], flavor)
        if found is not None:
            raise MalformedMarkup(*found) from exc
        raise


def _compare(before_doc: _Parsed, after_doc: _Parsed) -> None:
    for name in _FRAME:
        _check_attrs(before_doc.frame.get(name, {}), after_doc.frame.get(name, {}), f"<{name}>")
    before = before_doc.tuples()
    after = after_doc.tuples()
    shapes: tuple[list[int], list[int]] | None = None
    wrapped = False  # the next pair is an element inside a wrapper just added
    i = j = 0
    while i < len(before) or j < len(after):
        skip = _extension_script(before, after, i, j)
        if skip:
            i, j = i + skip[0], j + skip[1]
            continue
        if _config_meta_added(before, after, i, j):
            j += 1
            continue
        if j < len(after) and after[j][0] == WRAPPER and (i >= len(before) or before[i][0] != WRAPPER):
            # A wrapper added around an element (next element matches), or an element
            # replaced by a wrapper (its start and end tag became the wrapper's).
            swap = after[j][1].get("hx-swap")
            if i < len(before) and (swap in _OUTER_SWAPS or swap in _INNER_SWAPS):
                if shapes is None:
                    shapes = (before_doc.descendants(), after_doc.descendants())
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
                if after[j][2] != before[i][2]:
                    raise VerificationError(f"element {i + 1} <{before[i][0]}>: the <{WRAPPER}> that replaced it starts with other text")
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
        if b[2] != a[2]:
            raise VerificationError(f"element {i + 1} <{b[0]}>: its text changed")
        if not wrapped:
            _check_oob_change(b[1], a[1], f"element {i + 1} <{b[0]}>")
        wrapped = False
        i += 1
        j += 1
    if before_doc.text != after_doc.text:
        raise VerificationError("the text content changed")


# The htmx 4 extension a migrated page loads after its core for an attribute htmx 2 read itself
# (HX105: hx-prompt.js), and the 2.x extensions whose work htmx 4 does in its core (HX302:
# response-targets, idiomorph's morph): a <script src> element of the one may be added, of the
# others removed.
_ADDED_SCRIPT = re.compile(r"htmx(?:\.org)?[@/]4[^/]*/(?:dist/)?ext/hx-prompt(?:\.min)?\.js(?:$|[?#])")
_REMOVED_SCRIPT = re.compile(r"(?:htmx-ext-response-targets|/ext/response-targets(?:\.min)?\.js|htmx-ext-idiomorph|"
                             r"idiomorph(?:@[^/]*)?/dist/idiomorph-(?:ext|htmx))")


def _extension_script(before, after, i: int, j: int) -> tuple[int, int] | None:
    """(1, 0) to pass over a removed extension script, (0, 1) over an added one, or None."""
    def script(side, k: int, pattern: re.Pattern[str]) -> bool:
        return k < len(side) and side[k][0] == "script" and bool(pattern.search(side[k][1].get("src", "").strip()))

    def same() -> bool:
        return i < len(before) and j < len(after) and before[i][:2] == after[j][:2]

    if script(before, i, _REMOVED_SCRIPT) and not same():
        return (1, 0)
    if script(after, j, _ADDED_SCRIPT) and not same():
        return (0, 1)
    return None


def _config_meta_added(before, after, i: int, j: int) -> bool:
    """Whether ``after[j]`` is an htmx-config meta added before the htmx script (HX207)."""
    def meta(side, k: int) -> bool:
        return k < len(side) and side[k][0] == "meta" and side[k][1].get("name", "").strip() == "htmx-config"

    return meta(after, j) and not meta(before, i)


# --- template statements ----------------------------------------------------------------

def _statements(text: str, regions) -> list[tuple[int, str]]:
    return [(r.start, text[r.start:r.end]) for r in regions if is_statement(text, r)]


def _check_statements(before_text: str, after_text: str, before_regions, after_regions) -> None:
    """The template statements ({% if %}, {% endfor %}, {{#each}}, <% end %>...) are the same,
    in the same order: a rewrite never removes, moves or copies one, so the template's
    block structure stays as it was and it still compiles."""
    before, after = _statements(before_text, before_regions), _statements(after_text, after_regions)
    if len(before) == len(after) and all(b[1] == a[1] for b, a in zip(before, after)):
        return

    had, has = Counter(t for _, t in before), Counter(t for _, t in after)
    lost = next((t for _, t in before if has[t] < had[t]), None)
    extra = next((t for _, t in after if has[t] > had[t]), None)
    if lost is not None:
        how, tag = "remove", lost
    elif extra is not None:
        how, tag = "copy", extra
    else:
        how, tag = "move", next(b[1] for b, a in zip(before, after) if b[1] != a[1])
    start = next((offset for offset, t in before if t == tag), 0)
    line = before_text.count("\n", 0, start) + 1
    shown = tag if len(tag) <= 60 else tag[:57] + "..."
    raise VerificationError(f"line {line}: the rewrite would {how} the template tag `{shown}`; template tags are "
                            "never removed, moved or copied, so the template keeps its block structure")


# --- malformed input ----------------------------------------------------------------------

def malformed(text: str, parsed: "_Parsed | None" = None, flavor: str = "html") -> tuple[int, str] | None:
    """(line, what) of the first element that the HTML parser reads elsewhere than it is
    written (the rules read markup as written, so a rewrite there cannot be checked), or
    None when both readings agree."""
    written: list[tuple[str, int, int]] = []  # (name, index of the parent or -1, offset)
    stack: list[int] = []
    regions = find_regions(text, flavor)
    for token in tokenize(text, regions):
        if isinstance(token, StartTag):
            name = token.lname
            if name in _FRAME:
                continue  # compared by their attributes only, as in _Parsed
            closes = IMPLIED_END.get(name)
            while closes and stack and written[stack[-1]][0] in closes:
                stack.pop()
            written.append((name, stack[-1] if stack else -1, token.start))
            if not (name in VOID or token.self_closing):
                stack.append(len(written) - 1)
        elif isinstance(token, EndTag):
            name = token.lname
            for depth in range(len(stack) - 1, -1, -1):
                if written[stack[depth]][0] == name:
                    del stack[depth:]
                    break
    parsed = parsed or _Parsed(text, regions)
    index = {el: i for i, el in enumerate(parsed.elements)}
    read: list[tuple[str, int]] = []
    for el in parsed.elements:
        parent = el.getparent()
        while parent is not None and parent not in index:
            parent = parent.getparent()
        read.append((el.tag.lower(), index[parent] if parent is not None else -1))

    def line(offset: int) -> int:
        return text.count("\n", 0, offset) + 1

    for k, ((name, parent, offset), (r_name, r_parent)) in enumerate(zip(written, read)):
        if name != r_name:
            if k + 1 < len(read) and read[k + 1][0] == name:
                return line(offset), f"an HTML parser reads an element <{r_name}> before <{name}> that is not written there"
            return line(offset), f"an HTML parser does not read <{name}> as an element where it is written"
        if parent != r_parent:
            inside = f"inside <{written[parent][0]}> (line {line(written[parent][2])})" if parent >= 0 else "at the top level"
            where = f"inside <{read[r_parent][0]}>" if r_parent >= 0 else "at the top level"
            return line(offset), f"<{name}> is written {inside}, but an HTML parser reads it {where}"
    if len(written) > len(read):
        name, _, offset = written[len(read)]
        return line(offset), f"an HTML parser does not read <{name}> as an element where it is written"
    if len(read) > len(written):
        el = parsed.elements[len(written)]
        return (el.sourceline or 1), f"an HTML parser reads an element <{el.tag.lower()}> that is not written there"
    return None


def _same_enough(b, a) -> bool:
    try:
        _check_attrs(b[1], a[1], "")
    except VerificationError:
        return False
    return True


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


VERIFIERS: dict[str, Callable[[str, str], None]] = {"markup": verify_markup}


# --- JavaScript ----------------------------------------------------------------------

def _js_errors(text: str, lang: str) -> int:
    return error_count(parse(text, lang))


def verify_javascript(before_text: str, after_text: str) -> None:
    """The output, re-parsed by tree-sitter with the grammar that reads the input best,
    has no more ERROR/MISSING nodes than the input."""
    counts = {lang: _js_errors(before_text, lang) for lang in LANGUAGES}
    lang = min(LANGUAGES, key=lambda name: counts[name])
    after = _js_errors(after_text, lang)
    if after > counts[lang]:
        raise VerificationError(f"the JavaScript no longer parses cleanly ({after} syntax errors, was {counts[lang]})")


def _inline_script_errors(text: str, flavor: str = "html") -> int:
    return sum(error_count(s.tree) for s in inline_scripts(MarkupView(text, flavor)))


def _with_inline_scripts(markup_verifier: Callable[[str, str], None]) -> Callable[[str, str], None]:
    """The markup check, then: inline <script> blocks parse no worse than before."""

    def verify_markup_and_scripts(before_text: str, after_text: str, flavor: str = "html") -> None:
        markup_verifier(before_text, after_text, flavor)
        if "<script" not in before_text.lower():
            return
        before, after = _inline_script_errors(before_text, flavor), _inline_script_errors(after_text, flavor)
        if after > before:
            raise VerificationError(f"an inline script no longer parses cleanly ({after} syntax errors, was {before})")

    return verify_markup_and_scripts


VERIFIERS["javascript"] = verify_javascript
VERIFIERS["markup"] = _with_inline_scripts(VERIFIERS["markup"])


# --- Python ----------------------------------------------------------------------------

def verify_python(before_text: str, after_text: str) -> None:
    """The output parses, and its syntax tree equals the input's but for the values of
    string literals (f-strings may lose placeholders, never gain new ones) and the keyword
    arguments a component library turns into the WebSocket attributes (see
    ``_components_normalized``). Python's own parser reads both sides; for syntax newer than
    this Python reads, libcst's parse of the output is the check."""
    try:
        before_tree = ast.parse(before_text.removeprefix("\ufeff"))
    except (SyntaxError, ValueError):
        from .syntax.python import view_of  # for Python files only

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
        # SE201's rewrite of an SSE event: read with its own changes undone
        before_shape, before_exprs = _strings_blanked(ast.parse(before_text.removeprefix("\ufeff")), sse=True)
        after_shape, after_exprs = _strings_blanked(ast.parse(after_text.removeprefix("\ufeff")), sse=True)
    if before_shape != after_shape:
        raise VerificationError("the Python changed beyond the values of string literals")
    if not set(after_exprs) <= set(before_exprs):
        raise VerificationError("an f-string gained an expression it did not have")


# Keyword arguments that write the same attribute in 2.x and in htmx 4 (FastHTML turns
# `hx_ws_connect=` into `hx-ws-connect`, the name htmx 4 reads when FastHTML sets its
# metaCharacter to "-"; `**{"hx-ws:connect": ...}` writes the name as it is).
_SAME_ATTRIBUTE = {
    "ws_connect": "ws_connect", "hx_ws_connect": "ws_connect", "hx-ws:connect": "ws_connect",
    "ws_send": "ws_send", "hx_ws_send": "ws_send", "hx-ws:send": "ws_send",
    "data_ws_connect": "data_ws_connect", "data_hx_ws_connect": "data_ws_connect", "data-hx-ws:connect": "data_ws_connect",
    "data_ws_send": "data_ws_send", "data_hx_ws_send": "data_ws_send", "data-hx-ws:send": "data_ws_send",
    "hx-swap": "hx_swap", "hx_swap": "hx_swap",
}
# Keyword arguments the migration may add or remove, with the value they have: hx_ext="ws"
# (no hx-ext in htmx 4), hx_swap="none" next to a connection, hx_swap_oob="true" on a message.
_MAY_COME_OR_GO = {("hx_ext", "ws"), ("hx_swap", "none"), ("hx_swap_oob", "true")}


def _components_normalized(tree):
    """The tree with each call's keyword arguments as a component library reads them: the
    names of `_SAME_ATTRIBUTE` as one name, `**{"name": value}` with such names as keywords,
    and the keywords of `_MAY_COME_OR_GO` left out."""
    class Normalize(ast.NodeTransformer):
        def visit_Call(self, node):
            self.generic_visit(node)
            keywords = []
            for kw in node.keywords:
                if kw.arg is None and isinstance(kw.value, ast.Dict) and kw.value.keys and all(
                        isinstance(k, ast.Constant) and k.value in _SAME_ATTRIBUTE for k in kw.value.keys):
                    keywords.extend(ast.keyword(arg=_SAME_ATTRIBUTE[k.value], value=v)
                                    for k, v in zip(kw.value.keys, kw.value.values))
                elif kw.arg is not None:
                    keywords.append(ast.keyword(arg=_SAME_ATTRIBUTE.get(kw.arg, kw.arg), value=kw.value))
                else:
                    keywords.append(kw)
            node.keywords = [kw for kw in keywords if not (
                isinstance(kw.value, ast.Constant) and (kw.arg, kw.value.value) in _MAY_COME_OR_GO)]
            return node

    return Normalize().visit(tree)


_PARTIAL_OPEN = re.compile(r"<hx-partial hx-target=([\"'])#[^\"']*\1 hx-swap=\1\w+\1>")
_PARTIAL_CLOSE = "</hx-partial>"


def _sse_normalized(tree):
    """The tree as SE201 rewrites it undone: the string `event=` of a `ServerSentEvent(...)`
    and the string "event" entry of a dict with a "data" entry left out, and a value wrapped
    in `<hx-partial ...>` by an f-string or a `.format()` of a literal read as the value."""
    def opens(value) -> bool:
        return isinstance(value, ast.Constant) and isinstance(value.value, str) and \
            _PARTIAL_OPEN.fullmatch(value.value) is not None

    def closes(value) -> bool:
        return isinstance(value, ast.Constant) and value.value == _PARTIAL_CLOSE

    def string(node) -> bool:
        return isinstance(node, ast.Constant) and isinstance(node.value, str)

    class Normalize(ast.NodeTransformer):
        def visit_Call(self, node):
            self.generic_visit(node)
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
            if name == "ServerSentEvent":
                node.keywords = [kw for kw in node.keywords if not (kw.arg == "event" and string(kw.value))]
            if (isinstance(func, ast.Attribute) and func.attr == "format" and string(func.value) and len(node.args) == 1
                    and not node.keywords and func.value.value.endswith("{}" + _PARTIAL_CLOSE)
                    and _PARTIAL_OPEN.fullmatch(func.value.value[:-len("{}" + _PARTIAL_CLOSE)])):
                return node.args[0]
            return node

        def visit_Dict(self, node):
            self.generic_visit(node)
            if any(string(k) and k.value == "data" for k in node.keys):
                kept = [(k, v) for k, v in zip(node.keys, node.values) if not (string(k) and k.value == "event"
                                                                               and string(v))]
                node.keys, node.values = [k for k, _ in kept], [v for _, v in kept]
            return node

        def visit_JoinedStr(self, node):
            self.generic_visit(node)
            parts = node.values
            if (len(parts) == 3 and opens(parts[0]) and closes(parts[2]) and isinstance(parts[1], ast.FormattedValue)
                    and parts[1].conversion == -1 and parts[1].format_spec is None):
                return parts[1].value
            return node

    return Normalize().visit(tree)


def _strings_blanked(tree, sse: bool = False) -> tuple[str, list[str]]:
    tree = _components_normalized(tree)
    if sse:
        tree = _sse_normalized(tree)
    exprs: list[str] = []

    class Blank(ast.NodeTransformer):
        def visit_JoinedStr(self, node):
            for value in node.values:
                if isinstance(value, ast.FormattedValue):
                    # Strings inside the expression are string literals too (data["HEADERS"]).
                    exprs.append(ast.dump(self.visit(value)))
            return ast.copy_location(ast.Constant(""), node)

        def visit_Constant(self, node):
            if isinstance(node.value, str):
                return ast.copy_location(ast.Constant(""), node)
            return node

    return ast.dump(Blank().visit(tree)), exprs


VERIFIERS["python"] = verify_python


# --- Go and Rust ---------------------------------------------------------------------------

_LITERALS = {"go": frozenset({"interpreted_string_literal", "raw_string_literal"}),
             "rust": frozenset({"string_literal", "raw_string_literal"})}


def _code_shape(text: str, lang: str) -> tuple[int, list[tuple[str, str]]]:
    """(syntax errors, the leaves outside string literals with their text) of a file."""
    tree = parse_code(text, lang)
    data = text.encode("utf-8", "surrogatepass")
    literals = _LITERALS[lang]
    leaves: list[tuple[str, str]] = []
    cursor = tree.walk()
    while True:
        node = cursor.node
        if node.type in literals:
            leaves.append((node.type, ""))  # its content may change, the literal stays one
        elif node.child_count == 0:
            leaves.append((node.type, data[node.start_byte:node.end_byte].decode("utf-8", "replace")))
        elif cursor.goto_first_child():
            continue
        while not cursor.goto_next_sibling():
            if not cursor.goto_parent():
                return error_count(tree), leaves


def _code_verifier(lang: str, name: str) -> Callable[[str, str], None]:
    def verify_code(before_text: str, after_text: str) -> None:
        """Only the contents of string literals changed: the output parses with no more
        errors, and every other token is the same."""
        before_errors, before = _code_shape(before_text, lang)
        after_errors, after = _code_shape(after_text, lang)
        if after_errors > before_errors:
            raise VerificationError(f"the {name} code no longer parses cleanly ({after_errors} syntax errors, was "
                                    f"{before_errors})")
        if before != after:
            at = next((i for i, (b, a) in enumerate(zip(before, after)) if b != a), min(len(before), len(after)))
            raise VerificationError(f"a rewrite changed {name} code outside string literals (token {at})")

    return verify_code


VERIFIERS["go"] = _code_verifier("go", "Go")
VERIFIERS["rust"] = _code_verifier("rust", "Rust")


def verify(kind: str, before: str, after: str, flavor: str = "html") -> None:
    verifier = VERIFIERS.get(kind)
    if verifier is None:
        return
    if kind == "markup":
        verifier(before, after, flavor)
    else:
        verifier(before, after)
