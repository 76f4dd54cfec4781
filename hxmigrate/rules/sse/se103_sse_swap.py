"""Replace `sse-swap="message"` with the connection element's own swap, and report named `sse-swap` events.

What it does:
    `sse-swap="message"` (or `message` in a list) on the connection element goes: htmx 4
    swaps unnamed messages into it without being told. On an element below the connection
    element, when it is the only one that swaps the connection's unnamed messages, it goes
    too, and the connection element gets the `hx-target` of that swap (`#its-id`; `find TAG`
    when it has no id and is the first element of its name inside the connection element; or
    the element's own absolute `hx-target`) and, when it was not the default, its `hx-swap`.
    The element's own `hx-target` and `hx-swap` go with them when nothing below it could read
    them. That move is made only where htmx 4 then swaps exactly where and how htmx 2 did;
    otherwise the finding says why and what to write: the element inherits an `hx-target` or
    an `hx-select`, its `hx-target` is relative to it, its swap replaces or removes it (htmx 4
    resolves the connection's target once, when it connects), it is rendered by a template
    loop or condition, the connection element makes requests, has its own `hx-target` or
    another `hx-swap`, or holds requests without an `hx-target` of their own (HX110 would take
    the new `hx-target` for htmx 2's, inherited by them), template syntax writes attributes,
    or the project turns on `implicitInheritance`. Several elements that swap unnamed
    messages, an `sse-swap` outside any connection element of the template, and named events
    (`sse-swap="news"`) are reported with htmx 4's ways of doing it; an empty `sse-swap` is
    removed.

Why:
    htmx 4 has no `sse-swap`. It swaps every message without an `event:` line into the
    connection element (or its `hx-target`, with its `hx-swap`) and dispatches every named
    message as a DOM event of that name on the connection element, swapping nothing. A
    server that writes `event: message` explicitly is therefore no longer swapped: 2.x read
    it as an unnamed message. Named events need the server to send them as unnamed messages
    wrapped in `<hx-partial hx-target=... hx-swap=...>`, or a handler (`hx-on:news`).

Example:
    <div hx-ext="sse" sse-connect="/feed"><ul id="items" sse-swap="message" hx-swap="beforeend"></ul></div>
    becomes (together with SE101 and SE104)
    <div hx-sse:connect="/feed" hx-target="#items" hx-swap="beforeend"><ul id="items"></ul></div>

Fix safety:
    Safe: unnamed messages are swapped into the same element, the same way.
"""

from __future__ import annotations

import re

from ...diagnostics import Diagnostic, fix
from ...edits import Edit
from .._lists import list_separator
from ._markup import (
    REQUEST_ATTRS,
    REQUEST_ELEMENTS,
    SELECT_ATTRS,
    SWAP_ATTRS,
    TARGET_ATTRS,
    UNNAMED,
    connect_attr,
    has_template_attrs,
    insert_after,
    inserts_between,
    inserts_elements,
    listeners,
    listens_unnamed,
    owner,
    quoted,
    statement_between,
    swap_attr,
    swap_items,
)

CODE = "SE103"
NAME = "sse-swap"
LANGUAGES = ("markup",)
FIX = "sometimes"
SAFETY = "safe"
TRIGGERS = ("sse-swap",)
FACTS = ("implicit_inheritance",)

NOTE = ("; a message the server writes with an explicit `event: message` line is no longer swapped (htmx 4 dispatches "
        "it as a DOM event `message` on the connection element): send those without the `event:` line")
# Swap styles that leave the target in place: htmx 4 resolves the connection's target once.
_KEEPING = ("innerhtml", "beforebegin", "afterbegin", "beforeend", "afterend", "none", "textcontent")
_PLAIN_ID = re.compile(r"-?[A-Za-z_][\w-]*")
# Attributes of htmx and its extensions (what may read an inherited hx-target or hx-swap).
_HTMX_PREFIXES = ("hx-", "data-hx-", "sse-", "data-sse-", "ws-", "data-ws-")
# A selector htmx resolves relative to the element that has it.
_RELATIVE = re.compile(r"^\s*(?:this|closest|find|findall|next|previous|host)\b", re.I)


def check(file):
    names = file.target.sse
    if names is None:
        return
    view = file.markup
    for tag in view.start_tags():
        attr = swap_attr(tag)
        if attr is None:
            continue
        if attr.name_has_template or attr.value_has_template:
            yield Diagnostic(CODE, f"`{attr.name}` is built by template syntax: htmx 4 has no `sse-swap`; it swaps "
                             "unnamed messages into the connection element (or its `hx-target`) and dispatches named "
                             "ones as DOM events: rewrite it by hand", attr.start, attr.end)
            continue
        element = view.element_at.get(tag.start)
        if not (attr.value or "").strip():
            yield Diagnostic(CODE, f"an empty `{attr.name}` swapped nothing in 2.x, and htmx 4 has no `sse-swap`: "
                             "removed", attr.start, attr.end, fix(view.remove_attr(tag, attr)))
            continue
        items = swap_items(attr.value)
        named = list(dict.fromkeys(i for i in items if i and i != UNNAMED))
        connection = owner(element, names) if element is not None else None
        if UNNAMED in items:
            yield _unnamed(file, names, element, connection, attr, items)
        if named:
            yield _named(element, attr, named)


def _unnamed(file, names, element, connection, attr, items) -> Diagnostic:
    view = file.markup
    span = (attr.start, attr.end)
    if connection is None:
        return Diagnostic(CODE, f"`{attr.name}=\"message\"` has no connection element around it in this template: "
                          "htmx 4 has no `sse-swap`, and swaps unnamed messages into the connection element (or its "
                          f"`hx-target`, with its `hx-swap`): give the element with `hx-sse:connect` "
                          f"`hx-target=\"{_describe(element)}\"` and this element's `hx-swap`" + NOTE, *span)
    swapping = [e for e, a in listeners(connection, names) if listens_unnamed(a)]
    if len(swapping) > 1:
        return Diagnostic(CODE, f"{len(swapping)} elements swap this connection's unnamed messages in 2.x; htmx 4 has "
                          "no `sse-swap` and swaps an unnamed message into one target, the connection element's "
                          "`hx-target`: either the server wraps each part in `<hx-partial hx-target=\"...\" "
                          "hx-swap=\"...\">` (the connection element with `hx-swap=\"none\"`), or a handler on the "
                          "connection element (`hx-on:htmx:sse:after:message`) puts `event.detail.message.data` "
                          "where each went" + NOTE, *span)
    drop = _drop_unnamed(view, element.tag, attr, items)
    if element is connection:
        return Diagnostic(CODE, f"`{attr.name}=\"message\"` on the connection element: htmx 4 swaps unnamed messages "
                          "into it (its `hx-target`, its `hx-swap`) by itself: removed" + NOTE, *span, fix(drop))
    moved = _move(file, names, connection, element)
    if isinstance(moved, str):
        return Diagnostic(CODE, f"`{attr.name}=\"message\"`: htmx 4 has no `sse-swap`, and swaps unnamed messages into "
                          "the connection element (or its `hx-target`, with its `hx-swap`); hxmigrate does not move "
                          f"this element's swap there: {moved}" + NOTE, *span)
    edits, written = moved
    return Diagnostic(CODE, f"`{attr.name}=\"message\"`: htmx 4 has no `sse-swap`, and swaps unnamed messages with the "
                      f"connection element's settings: {written} on the connection element swaps them into this "
                      "element as 2.x did" + NOTE, *span, fix(drop, *edits))


def _drop_unnamed(view, tag, attr, items) -> Edit:
    rest = [i for i in items if i and i != UNNAMED]
    if not rest:
        return view.remove_attr(tag, attr)
    return Edit(attr.value_start, attr.value_end, list_separator(attr.value).join(rest))


def _move(file, names, connection, element):
    """The edit that gives the connection element the target (and swap) of ``element``, with
    how it reads; or why that would not swap as 2.x did."""
    view = file.markup
    ctag, tag = connection.tag, element.tag
    if file.project.implicit_inheritance:
        return ("the project turns on implicitInheritance, so an `hx-target` on the connection element would also "
                "reach the requests below it")
    if has_template_attrs(ctag) or has_template_attrs(tag):
        return "template syntax between the attributes may set `hx-target` or `hx-swap`"
    requests = ctag.attr(*REQUEST_ATTRS)
    if requests is not None:
        return (f"the connection element makes requests of its own (`{requests.name}`), whose answers an "
                "`hx-target` there would redirect: move them to another element first")
    own_target = ctag.attr(*TARGET_ATTRS)
    if own_target is not None:
        return (f"the connection element has an `{own_target.name}` of its own (which 2.x applied to this element "
                "when it had none): set the connection element's `hx-target` and `hx-swap` by hand")
    unaimed = _request_without_target(view, connection)
    if unaimed:
        return (f"{unaimed} inside the connection element, and hxmigrate reads an `hx-target` there as htmx 2's, "
                "inherited by such requests (HX110 would write it `:inherited`): once the migration is done, add "
                f"{_wanted(view, names, connection, element)} to the connection element by hand (htmx 4 passes a "
                "plain `hx-target` to no other element)")
    between = _ancestors(element, stop=connection)
    above = _ancestors(connection)
    statement = statement_between(view, ctag.end, tag.start)
    if statement is not None:
        return (f"it is rendered under `{statement}`, so the page may hold it several times or not at all, and an "
                "`hx-target` that finds no element makes htmx 4 swap into the connection element itself")
    for node in [element, *between]:
        select = node.tag.attr(*SELECT_ATTRS)
        if select is not None:
            return f"its `{select.name}`{'' if node is element else ' (inherited)'} applied to the message in 2.x"
    # The target: the element's own hx-target, or the element itself.
    target = tag.attr(*TARGET_ATTRS)
    if target is not None:
        value = (target.value or "").strip()
        if value == "this":
            selector = _selector(view, connection, element)
            if selector is None:
                return _no_selector(element)
        elif not value or _RELATIVE.match(value):
            return (f"its `{target.name}=\"{target.value}\"` is relative to it; write the connection element's "
                    "`hx-target` by hand")
        else:
            selector = target.value
    else:
        inherited = next((n for n in [*between, *above] if n.tag.attr(*TARGET_ATTRS) is not None), None)
        if inherited is not None:
            name = inherited.tag.attr(*TARGET_ATTRS).name
            return (f"it inherits the `{name}` of `<{inherited.tag.name}>`, which 2.x swapped the message into: "
                    "set the connection element's `hx-target` and `hx-swap` by hand")
        selector = _selector(view, connection, element)
        if selector is None:
            return _no_selector(element)
    # The swap: the closest hx-swap from the element up, as 2.x read it.
    swap_node = next((n for n in [element, *between, connection, *above] if n.tag.attr(*SWAP_ATTRS) is not None), None)
    swap = swap_node.tag.attr(*SWAP_ATTRS) if swap_node is not None else None
    if swap is not None:
        if swap.value_has_template:
            return f"its `{swap.name}` is written by template syntax"
        style = _style(swap.value or "")
        if style not in _KEEPING:
            return (f"its swap `{style}` replaces or removes it, and htmx 4 resolves the connection element's target "
                    "once, when it connects: later messages would go to the element that is gone")
    own_swap = ctag.attr(*SWAP_ATTRS)
    prefix = "data-" if connect_attr(ctag, names).lname.startswith("data-") else ""
    attributes = [f"{prefix}hx-target={quoted(selector)}"]
    if swap is not None and swap_node is not connection:
        if own_swap is not None:
            if (own_swap.value or "").strip() != (swap.value or "").strip():
                return (f"the connection element has an `{own_swap.name}` of its own, and this element swapped with "
                        f"`{swap.value}`: set the connection element's `hx-target` and `hx-swap` by hand")
        else:
            attributes.append(f"{prefix}hx-swap=" + quoted(swap.value or "", swap.quote or '"'))
    connect = connect_attr(ctag, names)
    edits = [insert_after(file, ctag, connect, *attributes)]
    written = " ".join(f"`{a}`" for a in attributes)
    # What moved leaves the element when it served only the SSE swap: nothing below it reads
    # it (2.x let descendants inherit it; HX110 would write it :inherited for them).
    moved_here = [a for a in (target, swap if swap_node is element else None) if a is not None]
    if moved_here and _serves_only_itself(view, element):
        edits.extend(view.remove_attr(tag, a) for a in moved_here)
        written += f" (moved from this element: {', '.join(f'`{a.name}`' for a in moved_here)})"
    return edits, written


def _serves_only_itself(view, element) -> bool:
    """Whether the element makes no request and nothing below it has htmx attributes or may be
    rendered by template syntax: its hx-target and hx-swap then served only its SSE swap."""
    if element.tag.attr(*REQUEST_ATTRS) is not None or inserts_elements(view, element):
        return False
    if element.end_tag is not None and view.regions.within(element.tag.end, element.end_tag.start):
        return False
    stack = list(element.children)
    while stack:
        node = stack.pop()
        if any(a.lname.startswith(_HTMX_PREFIXES) for a in node.tag.attrs):
            return False
        stack.extend(node.children)
    return True


def _request_without_target(view, connection) -> str:
    """What inside the connection element would take an `hx-target` written on it for an
    inherited one: a request element without its own, or template syntax that may render one."""
    if inserts_elements(view, connection):
        return "template syntax may render requests"
    stack = list(connection.children)
    while stack:
        node = stack.pop()
        if node.tag.attr(*REQUEST_ELEMENTS) is not None and node.tag.attr(*TARGET_ATTRS) is None:
            request = node.tag.attr(*REQUEST_ELEMENTS)
            return f"`<{node.tag.name} {request.name}>` makes requests without an `hx-target` of its own"
        stack.extend(node.children)
    return ""


def _wanted(view, names, connection, element) -> str:
    """The attributes the connection element should get, as far as they can be told."""
    selector = _selector(view, connection, element) or "(a selector of this element)"
    swap = element.tag.attr(*SWAP_ATTRS)
    out = f'`hx-target="{selector}"`'
    if swap is not None and swap.value:
        out += f' and `hx-swap="{swap.value}"`'
    return out


def _ancestors(element, stop=None) -> list:
    out = []
    node = element.parent
    while node is not None and node is not stop:
        out.append(node)
        node = node.parent
    return out


def _selector(view, connection, element) -> str | None:
    """``#id`` for an element with a plain id; ``find TAG`` for the first element of its name
    inside the connection element when nothing before it is rendered by template syntax;
    otherwise None."""
    tag = element.tag
    id_attr = tag.attr("id")
    if id_attr is not None:
        value = id_attr.value or ""
        if id_attr.value_has_template or id_attr.name_has_template or not _PLAIN_ID.fullmatch(value):
            return None
        return "#" + value
    if _rendered_before(view, connection, element) or not re.fullmatch(r"[a-z][a-z0-9-]*", tag.lname):
        return None
    for node in _in_order(connection):
        if node.tag.lname == tag.lname:
            return f"find {tag.lname}" if node is element else None
    return None


def _rendered_before(view, connection, element) -> bool:
    """Whether template syntax inside the connection element, before ``element``, may render
    elements or decide which are rendered (an include, a block, a loop, a condition)."""
    start, end = connection.tag.end, element.tag.start
    return statement_between(view, start, end) is not None or inserts_between(view, start, end)


def _in_order(connection):
    stack = list(reversed(connection.children))
    while stack:
        node = stack.pop()
        yield node
        stack.extend(reversed(node.children))


def _no_selector(element) -> str:
    id_attr = element.tag.attr("id")
    if id_attr is not None:
        return (f"its id `{id_attr.value}` is written by template syntax or needs escaping in a selector: set the "
                "connection element's `hx-target` (and this element's `hx-swap`) by hand")
    return ("it has no id, and is not the first `<{0}>` inside the connection element (or something before it is "
            "rendered by template syntax): give it an id and run hxmigrate again, or set the connection element's "
            "`hx-target` (and this element's `hx-swap`) by hand").format(element.tag.name)


def _style(value: str) -> str:
    """The swap style of an hx-swap value, lowercase (innerhtml when only modifiers are given)."""
    first = value.split()[0] if value.split() else ""
    return "innerhtml" if not first or ":" in first else first.lower()


def _describe(element) -> str:
    id_attr = element.tag.attr("id") if element is not None else None
    if id_attr is not None and id_attr.value and _PLAIN_ID.fullmatch(id_attr.value):
        return "#" + id_attr.value
    return "(a selector of this element)"


def _named(element, attr, named: list[str]) -> Diagnostic:
    events = ", ".join(f"`{n}`" for n in named)
    target = _describe(element)
    swap = element.tag.attr(*SWAP_ATTRS) if element is not None else None
    swap_value = (swap.value or "innerHTML") if swap is not None and not swap.value_has_template else "innerHTML"
    return Diagnostic(CODE, f"`{attr.name}` swaps the named event{'s' if len(named) > 1 else ''} {events}: htmx 4 swaps "
                      "no named message, it dispatches each as a DOM event of that name on the connection element "
                      "(detail `data`, `id`). Either the server sends that content as an unnamed message wrapped in "
                      f"`<hx-partial hx-target=\"{target}\" hx-swap=\"{swap_value}\">` (the connection element then "
                      f"swaps nothing else of it), or a handler swaps it: `hx-on:{named[0]}` on the connection element, "
                      "with the content in `event.detail.data`", attr.start, attr.end)
