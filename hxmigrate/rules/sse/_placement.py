"""Whether a listener that an element of the page holds (`hx-on`, an Alpine listener, an
`hx-trigger` without `from:`) still hears an SSE event in htmx 4.

A listener on an element hears the events fired on it and below it. htmx 2 fired the
message events on the `sse-swap` (and `hx-trigger="sse:..."`) elements; htmx 4 fires
`htmx:sse:before:message` and `htmx:sse:after:message` on the connection element, above them:
a listener on an element inside a connection element (or on an `sse-swap` element of a
fragment) that holds no connection element never hears them. The connection events fire on
the connection element in both versions. (The `sse-swap` attributes are not what tells a
listener inside apart: SE103 removes some of them in the same run.)
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._events import MESSAGE_EVENTS
from ._markup import connect_attr, inserts_elements, owner, swap_attr

if TYPE_CHECKING:
    from ...syntax.markup import Element, StartTag
    from ...targets.sse import SseNames


def element_of(file, tag: "StartTag") -> "Element | None":
    return file.markup.element_at.get(tag.start)


def unheard(file, tag: "StartTag", event: str, names: "SseNames") -> str | None:
    """Why htmx 4 fires the counterpart of the 2.x ``event`` nowhere a listener on this
    element hears it, or None when it does or may."""
    if event not in MESSAGE_EVENTS or connect_attr(tag, names) is not None:
        return None
    element = element_of(file, tag)
    if element is None or inserts_elements(file.markup, element) or _below(element, _connects(names)):
        return None
    connection = owner(element.parent, names) if element.parent is not None else None
    if connection is None and not _listens(tag):
        return None  # no sign that it is inside a connection element
    new = names.events[event]
    where = ""
    if connection is not None:
        conn_id = connection.tag.attr("id")
        where = f" (`#{conn_id.value}`)" if conn_id is not None and conn_id.value and not conn_id.value_has_template \
            else f" (the `<{connection.tag.name}>` around it)"
    return (f"htmx 4 fires `{new}` on the connection element{where}, which holds this element: a listener below "
            "the connection element never hears it")


def _connects(names: "SseNames"):
    return lambda tag: connect_attr(tag, names) is not None


def _below(element: "Element", test) -> bool:
    """Whether an element below this one passes ``test`` (on its start tag)."""
    stack = list(element.children)
    while stack:
        node = stack.pop()
        if test(node.tag):
            return True
        stack.extend(node.children)
    return False


def _listens(tag: "StartTag") -> bool:
    """An element htmx 2 fired the message events on: an `sse-swap` (or `hx-trigger="sse:..."`) element."""
    if swap_attr(tag) is not None:
        return True
    attr = tag.attr("hx-trigger", "data-hx-trigger")
    return attr is not None and "sse:" in (attr.value or "")
