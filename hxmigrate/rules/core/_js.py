"""Helpers the HX3xx JavaScript rules share: which scripts are a library's own code, the call
a string is an argument of, what element a listener is added to, and whether template
syntax inside a handler is only ever part of a string literal."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .._javascript import (
    call_arguments,
    htmx_library,
    member_path,
    method_of,
    string_value,
    unwrap,
)
from ._attributes import (
    ancestor_target,
    elements_by_tag,
    htmx_attrs,
    is_request_element,
)

if TYPE_CHECKING:
    from tree_sitter import Node

    from ...syntax.javascript import Script

# A copy of htmx 1.x/2.x itself (its own definition of defineExtension), or of an extension
# written for it: its strings are the library's, not the project's.


def is_htmx_copy(script: "Script") -> bool:
    return htmx_library(script.text) is not None


def in_extension(script: "Script", node: "Node") -> bool:
    """Is the node inside the arguments of `htmx.defineExtension(...)` (an extension's own
    code, which HX305 reports as a whole)?"""
    parent = node.parent
    while parent is not None:
        if parent.type == "call_expression":
            path = member_path(script, parent.child_by_field_name("function"))
            if path is not None and path[-1] == "defineExtension":
                return True
        parent = parent.parent
    return False


def is_htmx(script: "Script", node: "Node | None") -> bool:
    """`htmx` or `window.htmx` (and the other global objects)."""
    return node is not None and member_path(script, node) == ["htmx"]


def jquery_receiver(script: "Script", node: "Node | None") -> "Node | None":
    """For `$(X)` or `jQuery(X)`: X (None for anything else)."""
    node = unwrap(node) if node is not None else None
    if node is None or node.type != "call_expression":
        return None
    fn = node.child_by_field_name("function")
    if fn is None or script.text_of(fn) not in ("$", "jQuery"):
        return None
    args = call_arguments(node)
    return args[0] if len(args) == 1 else None


@dataclass
class Receiver:
    """What a listener is added to. ``kind``: "document", "body", "window", "root" (the
    <html> element), "element" (with ``id`` when it is known), "unknown"."""

    kind: str
    node: "Node | None" = None  # the expression naming it, as written
    id: str | None = None
    jquery: bool = False  # a jQuery handler: the event's detail is `e.originalEvent.detail`
    delegated: bool = False  # jQuery's `.on(events, selector, handler)`
    written: str = ""  # how the receiver is written (for messages)

    @property
    def is_global(self) -> bool:
        return self.kind in ("document", "body", "window", "root")


_ID_SELECTOR = re.compile(r"#(-?[A-Za-z_][\w-]*)")


def classify(script: "Script", node: "Node | None", selector_strings: bool = False) -> Receiver:
    """The receiver an expression names; with ``selector_strings`` a string is a selector (as
    htmx.on and jQuery read one)."""
    if node is None:
        return Receiver("unknown")
    node = unwrap(node)
    written = script.text_of(node)
    path = member_path(script, node)
    if path == ["document"]:
        return Receiver("document", node, written=written)
    if path in (["window"], ["globalThis"], ["self"]):
        return Receiver("window", node, written=written)
    if path == ["document", "body"]:
        return Receiver("body", node, written=written)
    if path == ["document", "documentElement"]:
        return Receiver("root", node, written=written)
    selector = None
    if selector_strings and node.type in ("string", "template_string"):
        selector = string_value(script, node)
    elif node.type == "call_expression":
        fn = member_path(script, node.child_by_field_name("function"))
        args = call_arguments(node)
        value = string_value(script, args[0]) if len(args) == 1 else None
        if value is not None and fn in (["document", "getElementById"],):
            return Receiver("element", node, id=value, written=written)
        if value is not None and fn in (["document", "querySelector"], ["htmx", "find"]):
            selector = value
    if selector is not None:
        selector = selector.strip()
        if selector == "body":
            return Receiver("body", node, written=written)
        if selector == "html":
            return Receiver("root", node, written=written)
        m = _ID_SELECTOR.fullmatch(selector)
        if m:
            return Receiver("element", node, id=m.group(1), written=written)
    return Receiver("element" if node.type != "identifier" else "unknown", node, written=written)


def receiver_of(script: "Script", call: "Node", event_index: int) -> Receiver:
    """The receiver of a listener registration, the event name being argument ``event_index``."""
    fn = call.child_by_field_name("function")
    method = method_of(script, call)
    args = call_arguments(call)
    if fn is not None and fn.type == "member_expression" and is_htmx(script, fn.child_by_field_name("object")) \
            and method in ("on", "off"):
        if event_index == 0:
            # htmx 4's htmx.on listens on `document` (htmx 2's on <body>); HX305 writes htmx.off so.
            return Receiver("document", None, written="htmx." + method)
        return classify(script, args[0], selector_strings=True)
    if fn is not None and fn.type == "member_expression":
        obj = fn.child_by_field_name("object")
        inner = jquery_receiver(script, obj)
        if inner is not None:
            found = classify(script, inner, selector_strings=True)
            found.jquery = True
            after = args[event_index + 1:]
            found.delegated = bool(after) and unwrap(after[0]).type in ("string", "template_string")
            return found
        return classify(script, obj)
    return Receiver("unknown")


def templates_only_in_strings(script: "Script", node: "Node") -> bool:
    """Is every template region inside ``node`` part of a string literal (a CSRF token
    written into a header value) or a whole value of its own (`= {{ token|tojson }};`), so
    that it cannot change what the code reads of the event?"""
    if not script.regions:
        return True
    start, end = script.span(node)
    inside = [r for r in script.regions if r.start < end and start < r.end]
    if not inside:
        return True
    strings = [script.span(s) for s in script.walk({"string", "template_string"}, node)]
    for r in inside:
        if any(s < r.start and r.end < e for s, e in strings):
            continue
        if not _a_value(script, r):
            return False
    return True


def _a_value(script: "Script", region) -> bool:
    """A template expression that stands as a whole value (the identifier it is masked to is
    no object whose properties are read, no function called, no name declared)."""
    if region.kind not in ("expr", "erb", "php"):
        return False
    found = script.node_at(region.start)
    if found is None or found.type != "identifier" or script.span(found) != (region.start, region.end):
        return False
    parent = found.parent
    if parent is None:
        return False
    if parent.type in ("member_expression", "subscript_expression") and parent.child_by_field_name("object") == found:
        return False
    if parent.type == "call_expression" and parent.child_by_field_name("function") == found:
        return False
    return parent.type not in ("variable_declarator", "formal_parameters", "arrow_function", "function_declaration",
                               "assignment_expression") or parent.child_by_field_name("right") == found or \
        parent.child_by_field_name("value") == found


# --- the element a listener is on, in the page's own markup --------------------------------------

def element_by_id(file, id_value: str):
    """The start tag of the page's one element with this id (None in a script file, when
    there is none, or several, or an id written with template syntax equals it)."""
    if file.kind != "markup":
        return None
    found = None
    for tag in file.markup.start_tags():
        attr = tag.attr("id")
        if attr is None or attr.value is None:
            continue
        if attr.value_has_template:
            continue
        if attr.value == id_value:
            if found is not None:
                return None
            found = tag
    return found


def swap_event_for(file, tag, event: str, core) -> tuple[str, str]:
    """(the htmx 4 event, or "" and why there is none) for a listener of a 2.x swap event on
    the element of ``tag``. htmx 2 fired these on the swap target; htmx 4 fires
    `htmx:before:swap` and `htmx:after:swap` on the element that made the request,
    `htmx:after:settle` on the target (as HX201 reads `hx-on` handlers)."""
    source_event = core.events[event]
    target_event = core.target_events[event]
    if is_request_element(tag):
        own = next(htmx_attrs(tag, "hx-target"), None)
        element = elements_by_tag(file.markup).get(tag.start)
        inherited = element is not None and ancestor_target(element)
        if (own is None or (own.value or "").strip() == "this") and not (own is None and inherited):
            return source_event, ""  # the element swaps itself: it is both
        return "", (f"htmx 2 fired `{event}` on the swap target, not on this element (whose requests swap another "
                    f"one); htmx 4 fires `{source_event}` here for its own requests"
                    + (f", `{target_event}` on the target" if target_event else "") + ": choose one by hand")
    if target_event is None:
        return "", (f"htmx 2 fired `{event}` on the swap target, before swapping; htmx 4 fires `{source_event}` on the "
                    "element that made the request, and nothing on the target before the swap: listen on the "
                    "requesting elements (or on `document`, reading `event.detail.ctx.target`)")
    return target_event, ""

