"""Helpers the SSE markup rules share: connection elements, the `sse-swap` elements that
listen to each of them, and attributes written right after the connect attribute."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Iterator, NamedTuple

from ...edits import Edit
from ...syntax.templates import Region, is_statement
from ...targets.sse import CLOSE_2X, CONNECT_2X, SWAP_2X

if TYPE_CHECKING:  # the tokenizer is loaded only when a file is tokenized
    from ...syntax.markup import Attr, Element, MarkupView, StartTag
    from ...targets.sse import SseNames

__all__ = ["CLOSE_2X", "CONNECT_2X", "SWAP_2X"]

REQUEST_ATTRS = tuple(p + "hx-" + v for p in ("", "data-") for v in ("get", "post", "put", "patch", "delete"))


def _both(*names: str) -> tuple[str, ...]:
    """The names with both prefixes, also as HX110 writes them for htmx 4 (NAME:inherited): a
    later pass of the fixes reads the page after HX110 rewrote them."""
    return tuple(p + n + s for n in names for s in ("", ":inherited") for p in ("", "data-"))


SWAP_ATTRS = _both("hx-swap")
TARGET_ATTRS = _both("hx-target")
SELECT_ATTRS = _both("hx-select", "hx-select-oob")
# Elements that make requests (or connections) of their own, as HX110 counts them.
REQUEST_ELEMENTS = REQUEST_ATTRS + tuple(p + n for p in ("", "data-") for n in (
    "ws-connect", "ws-send", "hx-ws", "hx-ws:connect", "hx-ws:send", "sse-connect", "hx-sse:connect"))

# The event name htmx 2's EventSource gives a message without an `event:` line.
UNNAMED = "message"


def connect_names(names: "SseNames") -> tuple[str, ...]:
    """Names that make an element an SSE connection, in 2.x and in the target."""
    return CONNECT_2X + (names.connect_attr, "data-" + names.connect_attr)


def connect_attr(tag: "StartTag", names: "SseNames") -> "Attr | None":
    return tag.attr(*connect_names(names))


def swap_attr(tag: "StartTag") -> "Attr | None":
    """The `sse-swap` htmx 2 read: `sse-swap`, or `data-sse-swap` when that is missing or empty
    (getAttributeValue)."""
    plain = tag.attr(SWAP_2X[0])
    if plain is not None and plain.value:
        return plain
    return tag.attr(SWAP_2X[1]) or plain


def swap_items(value: str) -> list[str]:
    """The event names of an `sse-swap` value, as htmx 2 split them (on commas, trimmed)."""
    return [item.strip() for item in value.split(",")]


def listens_unnamed(attr: "Attr") -> bool:
    """Whether an `sse-swap` swaps unnamed messages (or may: its value is built by template syntax)."""
    if attr.value is None:
        return False
    return attr.value_has_template or UNNAMED in swap_items(attr.value)


def owner(element: "Element", names: "SseNames") -> "Element | None":
    """The connection element an `sse-swap` element listens to in this file: itself or its
    closest ancestor that connects (htmx 2's getClosestMatch)."""
    node = element
    while node is not None:
        if connect_attr(node.tag, names) is not None:
            return node
        node = node.parent
    return None


def listeners(connection: "Element", names: "SseNames") -> Iterator["tuple[Element, Attr]"]:
    """The connection element and the elements below it with an `sse-swap`, in document
    order, leaving out the subtrees of nested connection elements (they listen to those)."""
    attr = swap_attr(connection.tag)
    if attr is not None:
        yield connection, attr
    stack = list(reversed(connection.children))
    while stack:
        node = stack.pop()
        if connect_attr(node.tag, names) is not None:
            continue
        attr = swap_attr(node.tag)
        if attr is not None:
            yield node, attr
        stack.extend(reversed(node.children))


def own_swap_settings(tag: "StartTag") -> list["Attr"]:
    """Attributes that make the element's own swap apply to unnamed messages in 4.x (an
    hx-swap of "none" is the migration's own and harmless)."""
    found = []
    for attr in tag.attrs:
        name = attr.lname
        if name in SWAP_ATTRS and (attr.value or "").strip().lower() != "none":
            found.append(attr)
        elif name in TARGET_ATTRS or name in REQUEST_ATTRS:
            found.append(attr)
    return found


def has_template_attrs(tag: "StartTag") -> bool:
    """Template syntax between attributes may add attributes we cannot see."""
    return any(isinstance(i, Region) and i.kind in ("expr", "erb", "php") for i in tag.items)


# Template syntax that can put elements of another template inside an element: includes,
# blocks, macro calls, partials, yields; and templ's components.
_INSERTS = re.compile(r"(?:php\s+)?(?:>|include|block|call|render|embed|yield|template|import|partial|require|"
                      r"extends)\b", re.I)
_COMPONENT = re.compile(r"@[A-Za-z_]|\{[ \t]*children\.\.\.")
_DELIMITERS = "{<%?=#@ \t\r\n-"


def inserts_elements(view: "MarkupView", element: "Element") -> bool:
    """Whether template syntax inside the element may render elements hxmigrate does not see
    here (an include, a block a child template fills, a macro call)."""
    return inserts_between(view, element.tag.end, element.end_tag.start if element.end_tag is not None else element.tag.end)


def inserts_between(view: "MarkupView", start: int, end: int) -> bool:
    """Whether template syntax between two offsets may render elements hxmigrate does not see."""
    for region in view.regions.within(start, end):
        if region.kind == "comment":
            continue
        head = view.text[region.start:region.start + 40]
        if _INSERTS.match(head.lstrip(_DELIMITERS)) or _COMPONENT.match(head.lstrip()):
            return True
    return False


def statement_between(view: "MarkupView", start: int, end: int) -> str | None:
    """The first template statement ({% if %}, {% for %}...) between two offsets, as written."""
    for region in view.regions.within(start, end):
        if is_statement(view.text, region):
            return view.text[region.start:region.end]
    return None


class NoSwapNoneWords(NamedTuple):
    """How a rule words why it writes no `hx-swap="none"` on a connection element."""
    unnamed: str  # htmx 4 swaps unnamed messages into the connection element, which ...
    own: str  # after ``unnamed``, ``{listed}``: the element's own swap settings
    template_attrs: str  # after ``unnamed``: template syntax between its attributes
    implicit: str  # after ``unnamed``: the project turns on implicitInheritance
    inserted: str  # after ``unnamed``: template syntax inside the element


def why_no_swap_none(file, tag: "StartTag", element: "Element | None", swaps_unnamed: bool,
                     words: NoSwapNoneWords) -> str | None:
    """None when `hx-swap="none"` goes on the connection element (``tag``); "" when it must
    not because something swaps unnamed messages (``swaps_unnamed``) or an `hx-swap` is there
    already; otherwise the reason it is left out."""
    if swaps_unnamed:
        return ""
    own = own_swap_settings(tag)
    if own:
        return words.unnamed + words.own.format(listed=", ".join(f"`{a.name}`" for a in own))
    if tag.attr(*SWAP_ATTRS) is not None:
        return ""  # hx-swap="none" already
    if has_template_attrs(tag):
        return words.unnamed + words.template_attrs
    if file.project.implicit_inheritance:
        return words.unnamed + words.implicit
    if element is None or inserts_elements(file.markup, element):
        return words.unnamed + words.inserted
    return None


def in_other_branch(tag: "StartTag", attr: "Attr") -> bool:
    """True when a template block tag (an {% else %}, say) stands between ``attr`` and
    the attribute before it, so the two are alternatives rather than duplicates."""
    prev = tag.previous(attr)
    return isinstance(prev, Region) and prev.kind == "block"


def insert_after(file, tag: "StartTag", connect: "Attr", *attributes: str) -> Edit:
    """Insert ``attributes`` (each ``name="value"``) after the connect attribute, each after
    the whitespace that preceded it."""
    ws_start, ws_end = tag.whitespace_before(file.text, connect)
    sep = file.text[ws_start:ws_end] or " "
    # After "sse-connect=" with nothing before ">", the inserted attribute would be read as
    # the value: write the empty value it has.
    empty = '""' if connect.value == "" and not connect.quote else ""
    return Edit(connect.end, connect.end, empty + "".join(sep + a for a in attributes))


def template_tag_in(file, attr: "Attr") -> str | None:
    """The first template tag ({% if %}, {% url %}, <% ... %>) in an attribute, as written;
    None when it holds none. Such an attribute is never removed."""
    if not (attr.name_has_template or attr.value_has_template):
        return None
    text = file.text
    for region in file.markup.regions.within(attr.start, attr.end):
        if is_statement(text, region):
            return text[region.start:region.end]
    return None


def quoted(value: str, quote: str = '"') -> str:
    """``value`` between quotes that it does not hold."""
    if quote and quote not in value:
        return f"{quote}{value}{quote}"
    return f"'{value}'" if '"' in value else f'"{value}"'
