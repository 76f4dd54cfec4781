"""Helpers the markup rules share: connection elements and the hx-swap="none" insertion."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...edits import Edit
from ...syntax.templates import Region, is_statement

if TYPE_CHECKING:  # the tokenizer is loaded only when a file is tokenized
    from ...syntax.markup import Attr, StartTag

CONNECT_2X = ("ws-connect", "data-ws-connect")
SEND_2X = ("ws-send", "data-ws-send")
REQUEST_ATTRS = tuple(p + v for p in ("", "data-") for v in ("hx-get", "hx-post", "hx-put", "hx-patch", "hx-delete"))
SWAP_ATTRS = ("hx-swap", "data-hx-swap")
TARGET_ATTRS = ("hx-target", "data-hx-target")


def connect_names(target) -> tuple[str, ...]:
    """Names that make an element a WebSocket connection, in 2.x and in the target."""
    return CONNECT_2X + (target.connect_attr, "data-" + target.connect_attr)


def legacy_hx_ws_connects(tag: StartTag) -> bool:
    attr = tag.attr("hx-ws", "data-hx-ws")
    return attr is not None and attr.value is not None and "connect:" in attr.value


def is_connection(tag: StartTag, target) -> bool:
    return tag.attr(*connect_names(target)) is not None or legacy_hx_ws_connects(tag)


def own_swap_settings(tag: StartTag) -> list[Attr]:
    """Attributes that make the element's own swap apply to WebSocket messages in 4.x
    (an hx-swap of "none" is the migration's own and harmless)."""
    found = []
    for attr in tag.attrs:
        name = attr.lname
        if name in SWAP_ATTRS and (attr.value or "").strip().lower() != "none":
            found.append(attr)
        elif name in TARGET_ATTRS or name in REQUEST_ATTRS:
            found.append(attr)
    return found


def has_template_attrs(tag: StartTag) -> bool:
    """Template syntax between attributes may add attributes we cannot see."""
    return any(isinstance(i, Region) and i.kind in ("expr", "erb", "php") for i in tag.items)


def swap_none_edit(file, tag: StartTag, connect: Attr, data_prefix: bool) -> Edit | None:
    """Insert hx-swap="none" after the connect attribute, separated by the whitespace
    that preceded it; None when it must not be added (the hazard rule reports why)."""
    if tag.attr(*SWAP_ATTRS) is not None or own_swap_settings(tag) or has_template_attrs(tag):
        return None
    if file.project.implicit_inheritance:
        return None
    ws_start, ws_end = tag.whitespace_before(file.text, connect)
    sep = file.text[ws_start:ws_end] or " "
    name = ("data-" if data_prefix else "") + "hx-swap"
    # After "ws-connect=" with nothing before ">", the inserted attribute would be read as
    # the value: write the empty value it has.
    empty = '""' if connect.value == "" and not connect.quote else ""
    return Edit(connect.end, connect.end, f'{empty}{sep}{name}="none"')


def template_tag_in(file, attr: Attr) -> str | None:
    """The first template tag ({% if %}, {% url %}, <% ... %>) in an attribute, as written;
    None when it holds none. Such an attribute is never removed, nor its value dropped."""
    if not (attr.name_has_template or attr.value_has_template):
        return None

    text = file.text
    for region in file.markup.regions.within(attr.start, attr.end):
        if is_statement(text, region):
            return text[region.start:region.end]
    return None


def in_other_branch(tag: StartTag, attr: Attr) -> bool:
    """True when a template block tag (an {% else %}, say) stands between ``attr`` and
    the attribute before it, so the two are alternatives rather than duplicates."""
    prev = tag.previous(attr)
    return isinstance(prev, Region) and prev.kind == "block"



def kept_apart(file, attr: Attr, replacement: str) -> str:
    """``replacement`` for the whole of ``attr``, with a space after it where something
    follows the attribute with no space (a="1"b): glued to the new text, it would change
    the name or value that follows."""
    text = file.text
    end = attr.end
    if replacement[-1:] in "\"'":
        return replacement
    after = end
    while after < len(text) and text[after] in " \t\n\f\r":
        after += 1
    if after < len(text) and text[after] == "=":
        # A name that begins with "=" (="") follows: after a bare name it would read as this
        # attribute's value; after an empty value it stays a name of its own.
        return replacement + '=""'
    if end >= len(text) or text[end] in " \t\n\f\r>/":
        return replacement
    return replacement + " "
