"""Replace `sse-swap="message"` with the connection element's own swap, and report named `sse-swap` events.

What it does:
    `sse-swap="message"` (or `message` in a list) on the connection element goes: htmx 4
    swaps unnamed messages into it without being told. Where htmx 2 swapped them with an
    `hx-target` or `hx-swap` the element inherited from an ancestor, that value is written on
    it (htmx 4 passes a plain attribute to no other element); a relative or templated one, or
    one under `hx-disinherit`, is reported instead. On an element below the connection
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
FACTS = ("implicit_inheritance", "inheritance_disabled", "sse_streams")

NOTE = ("; a message the server writes with an explicit `event: message` line is no longer swapped (htmx 4 dispatches "
        "it as a DOM event `message` on the connection element): send those without the `event:` line")
# Swap styles that leave the target in place: htmx 4 resolves the connection's target once.
_KEEPING = ("innerhtml", "beforebegin", "afterbegin", "beforeend", "afterend", "none", "textcontent")
_PLAIN_ID = re.compile(r"-?[A-Za-z_][\w-]*")
# Attributes of htmx and its extensions (what may read an inherited hx-target or hx-swap).
_HTMX_PREFIXES = ("hx-", "data-hx-", "sse-", "data-sse-", "ws-", "data-ws-")
# Connection elements of both extensions, on which the migration writes hx-swap="none" (SE101, WS101).
_CONNECTIONS = tuple(p + n for p in ("", "data-") for n in ("sse-connect", "hx-sse:connect", "ws-connect",
                                                             "hx-ws:connect", "hx-ws"))
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
            yield _named(file, names, element, connection, attr, named, items)


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
        said = (f"`{attr.name}=\"message\"` on the connection element: htmx 4 swaps unnamed messages into it (its "
                "`hx-target`, its `hx-swap`) by itself")
        inherited = _inherited(file, names, connection)
        if isinstance(inherited, str):
            return Diagnostic(CODE, f"{said}, but {inherited}" + NOTE, *span)
        if not inherited:
            return Diagnostic(CODE, f"{said}: removed" + NOTE, *span, fix(drop))
        edits, written, origin = inherited
        return Diagnostic(CODE, f"{said}, reading only its own attributes: 2.x swapped them with {origin}, which "
                          f"htmx 4 does not pass down; {written} on it keeps that; `{attr.name}` removed" + NOTE,
                          *span, fix(drop, *edits))
    moved = _move(file, names, connection, element)
    if isinstance(moved, str):
        return Diagnostic(CODE, f"`{attr.name}=\"message\"`: htmx 4 has no `sse-swap`, and swaps unnamed messages into "
                          "the connection element (or its `hx-target`, with its `hx-swap`); hxmigrate does not move "
                          f"this element's swap there: {moved}" + NOTE, *span)
    edits, written = moved
    return Diagnostic(CODE, f"`{attr.name}=\"message\"`: htmx 4 has no `sse-swap`, and swaps unnamed messages with the "
                      f"connection element's settings: {written} on the connection element swaps them into this "
                      "element as 2.x did" + NOTE, *span, fix(drop, *edits))


def _inherited(file, names, connection):
    """The `hx-target` and `hx-swap` the connection element's own `sse-swap` inherited in 2.x
    (getTarget and getSwapSpecification read the closest ancestor's), as the edit that writes
    them on it for htmx 4, which passes a plain attribute to no other element, with how it
    reads and where they come from; () when it inherited neither (or htmx 4 inherits them too);
    or why not."""
    ctag = connection.tag
    if file.project.implicit_inheritance:
        return ()  # htmx 4 reads the ancestors' plain attributes too
    above = _ancestors(connection)
    found = []
    for attrs, what in ((TARGET_ATTRS, "hx-target"), (SWAP_ATTRS, "hx-swap")):
        if ctag.attr(*attrs) is not None:
            continue
        node = next((n for n in above if n.tag.attr(*attrs) is not None), None)
        if node is not None:
            found.append((what, node, node.tag.attr(*attrs)))
    if not found:
        return ()
    origin = " and ".join(f"the `{a.name}` of `<{n.tag.name}>`" for _, n, a in found)
    by_hand = f"2.x swapped them with {origin}, which htmx 4 does not pass down: "
    if file.project.inheritance_disabled:
        return by_hand + ("the project sets htmx 2's `disableInheritance: true`, so on the pages that load it 2.x "
                          "inherited neither: write them on this element by hand where it did")
    if has_template_attrs(ctag):
        return by_hand + ("template syntax between its attributes may set them: write them on this element by "
                          "hand unless it does")
    last = max(above.index(n) for _, n, _ in found)
    guard = next((n for n in above[:last + 1] if n.tag.attr("hx-disinherit", "data-hx-disinherit", "hx-inherit",
                                                             "data-hx-inherit") is not None), None)
    if guard is not None:
        return by_hand + (f"`<{guard.tag.name}>` sets what its descendants inherit (`hx-disinherit`/`hx-inherit`): "
                          "write them on this element by hand where they applied")
    attributes = []
    prefix = "data-" if connect_attr(ctag, names).lname.startswith("data-") else ""
    for what, node, attr in found:
        value = (attr.value or "").strip()
        if attr.value_has_template or attr.name_has_template:
            return by_hand + f"its `{attr.name}` is written by template syntax: write it on this element by hand"
        if what == "hx-target" and (not value or _RELATIVE.match(value)):
            return by_hand + (f"`{attr.name}=\"{attr.value}\"` is relative to `<{node.tag.name}>` in 2.x and would "
                              "be relative to this element: write its target on this element by hand")
        if what == "hx-swap" and value.lower() == "none" and node.tag.attr(*_CONNECTIONS) is not None:
            return by_hand + (f"the `{attr.name}=\"none\"` of the connection element `<{node.tag.name}>` may be the "
                              "one hxmigrate writes there for htmx 4: write this element's `hx-swap` by hand")
        if what == "hx-swap" and _style(value) not in _KEEPING:
            return by_hand + (f"its swap `{_style(value)}` replaces or removes the target, and htmx 4 resolves the "
                              "connection element's target once, when it connects: write it by hand")
        attributes.append(f"{prefix}{what}=" + quoted(attr.value or "", attr.quote or '"'))
    written = " ".join(f"`{a}`" for a in attributes)
    return [insert_after(file, ctag, connect_attr(ctag, names), *attributes)], written, origin


def _drop_unnamed(view, tag, attr, items) -> Edit:
    rest = [i for i in items if i and i != UNNAMED]
    if not rest:
        return view.remove_attr(tag, attr)
    return Edit(attr.value_start, attr.value_end, list_separator(attr.value).join(rest))


def _move(file, names, connection, element, depth=0):
    """The edit that gives the connection element the target (and swap) of ``element``, with
    how it reads; or why that would not swap as 2.x did. ``depth``: how many connection
    elements around this one asked (a nested one is asked whether it gets a target too)."""
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
    unaimed = _request_without_target(file, names, connection, depth)
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


def _request_without_target(file, names, connection, depth=0) -> str:
    """What inside the connection element would take an `hx-target` written on it for an
    inherited one: a request element without its own, or template syntax that may render one.
    A connection element nested in it that this rule gives a target of its own in the same
    pass (it moves the swap of its one `sse-swap="message"` element there) takes none."""
    view = file.markup
    if inserts_elements(view, connection):
        return "template syntax may render requests"
    stack = list(connection.children)
    while stack:
        node = stack.pop()
        if node.tag.attr(*REQUEST_ELEMENTS) is not None and node.tag.attr(*TARGET_ATTRS) is None:
            if _gets_target(file, names, node, depth):
                continue  # nothing below it is left without one either (_move asked)
            request = node.tag.attr(*REQUEST_ELEMENTS)
            return f"`<{node.tag.name} {request.name}>` makes requests without an `hx-target` of its own"
        stack.extend(node.children)
    return ""


# Nested connection elements asked about, at most: a deeper one counts as getting no target
# (the connection elements around it are then moved in later passes, from the inside out).
_NESTING = 16


def _gets_target(file, names, node, depth) -> bool:
    """Whether ``node`` is a connection element to which this rule moves the target of its one
    `sse-swap="message"` element below it in this pass."""
    if connect_attr(node.tag, names) is None or depth >= _NESTING:
        return False
    swapping = [e for e, a in listeners(node, names) if listens_unnamed(a)]
    if len(swapping) != 1 or swapping[0] is node:
        return False
    return not isinstance(_move(file, names, node, swapping[0], depth + 1), str)


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


def _named(file, names, element, connection, attr, named: list[str], items: list[str]) -> Diagnostic:
    events = ", ".join(f"`{n}`" for n in named)
    target = _describe(element)
    swap = element.tag.attr(*SWAP_ATTRS) if element is not None else None
    swap_value = (swap.value or "innerHTML") if swap is not None and not swap.value_has_template else "innerHTML"
    said = (f"`{attr.name}` swaps the named event{'s' if len(named) > 1 else ''} {events}: htmx 4 swaps no named "
            "message, it dispatches each as a DOM event of that name on the connection element (detail `data`, `id`)")
    span = (attr.start, attr.end)
    decisions = _decisions(file, names, connection, named)
    if decisions and all(d.converted for d in decisions) and UNNAMED not in items:
        partials = ", ".join(f"`{d.event}` into `{d.target}` with `{d.swap}` (sent at {', '.join(d.servers)})"
                             for d in decisions)
        safe = all(d.safe for d in decisions)
        return Diagnostic(CODE, f"{said}. SE201 sends {'them' if len(named) > 1 else 'it'} as unnamed messages "
                          f"wrapped in `<hx-partial>`, which htmx 4 swaps where 2.x did: {partials}: removed"
                          + ("" if safe else " (unsafe, as SE201's rewrite of the server: hxmigrate does not see the "
                             "whole data it sends)"), *span, fix(file.markup.remove_attr(element.tag, attr), safe=safe))
    where = ""
    if decisions:
        where = "; " + "; ".join(f"the server sends `{d.event}` at {', '.join(d.servers)}"
                                 + (f" (SE201 keeps it named: {d.why})" if d.why else "") for d in decisions)
    itself = ""
    if element is connection and len(named) == 1 and items == named:
        # The connection element swapped the event into itself: an unnamed message lands there too.
        none = "" if swap is not None else " (and without the `hx-swap=\"none\"` SE101 writes here)"
        itself = (f"; as this is the connection element, sending it without its `event:` line is enough where the "
                  f"stream sends nothing else unnamed: htmx 4 swaps an unnamed message into it with its own "
                  f"`hx-swap`{none}")
    return Diagnostic(CODE, f"{said}. Either the server sends that content as an unnamed message wrapped in "
                      f"`<hx-partial hx-target=\"{target}\" hx-swap=\"{swap_value}\">` (the connection element then "
                      f"swaps nothing else of it), or a handler swaps it: `hx-on:{named[0]}` on the connection element, "
                      "with the content in `event.detail.data`" + itself + where, *span)


def _decisions(file, names, connection, named: list[str]) -> list:
    """SE201's decision for each named event of the connection's stream (the project's, read
    on both sides); [] when the stream or one of the events is not known."""
    if connection is None:
        return []
    connect = connect_attr(connection.tag, names)
    if connect is None or connect.value_has_template or connect.name_has_template:
        return []
    streams = file.project.sse_streams
    found = [streams.for_url(connect.value, n) for n in named]
    return found if all(d is not None for d in found) else [d for d in found if d is not None]
