"""Rewrite `hx-trigger="sse:NAME"` to the DOM event htmx 4 fires on the connection element.

What it does:
    Rewrites each `sse:NAME` specification of an `hx-trigger` (or `data-hx-trigger`) on an
    element below a connection element to `NAME from:"closest [hx-sse\\:connect]"`, keeping
    its filter and modifiers (`delay:`, `throttle:`, `once`, `queue:`) and the other
    specifications of the value. The selector names the connection's attribute as htmx 4
    reads it (`[data-hx-sse\\:connect]` under `data-sse-connect`); where the connection
    element is not in the file (a fragment swapped into it, a block of a base template) it
    matches both spellings: `closest :is([hx-sse\\:connect],[data-hx-sse\\:connect])`. The
    quotes are those the attribute's own do not use. Reported instead: the trigger on the
    connection element itself; an element of a page without any connection element around
    it (2.x never fired it); `from:`, `target:`, `changed` and `consume`, which htmx 4 would
    apply to the connection element's event; `once` on several specifications of one element
    (htmx 2 fired them once in all, htmx 4 each once); a filter that reads more of the event than
    `detail.data`; `sse:message` (htmx 4 dispatches no event for unnamed messages); event
    names htmx 4 or the browser fire themselves (`load`, `click`, `htmx:...`); template
    syntax in the specification; an htmx 1.x `hx-sse` connection (SE106 converts it first).

Why:
    htmx 2's SSE extension listened on the EventSource of the closest connection element
    (the element itself or an ancestor, `getClosestMatch`) and fired `sse:NAME` on each
    element whose `hx-trigger` named it; htmx's own trigger handling then applied the
    filter and the modifiers to that event. htmx 4 fires a bubbling DOM event `NAME` (detail
    `{data, id}`) on the connection element only: `sse:NAME`, and a bare `NAME` on a child,
    never fire. `from:"closest ..."` listens where htmx 2 found the connection: the closest
    connection element, whatever its id and whichever template writes it (`from:#id` works
    too, but breaks when the id is not unique or changes, and cannot be written where the
    connection element is in another template). On a connection element htmx 4 reads
    `hx-trigger` as the event to connect on.

Example:
    <div hx-ext="sse" sse-connect="/news"><p hx-get="/latest" hx-trigger="sse:news delay:200ms"></p></div>
    becomes (with SE101 and SE104)
    <div hx-sse:connect="/news" hx-swap="none"><p hx-get="/latest"
        hx-trigger="news from:'closest [hx-sse\\:connect]' delay:200ms"></p></div>

Fix safety:
    Safe: the element makes its request on the same messages, with the same modifiers.
"""

from __future__ import annotations

import re

from ...diagnostics import Diagnostic, fix
from ...edits import Edit
from .._triggers import parse
from ._markup import UNNAMED, connect_attr, owner

CODE = "SE105"
NAME = "sse-trigger"
LANGUAGES = ("markup",)
FIX = "sometimes"
SAFETY = "safe"
TRIGGERS = ("sse:",)

TRIGGER_ATTRS = ("hx-trigger", "data-hx-trigger")
# Where the connection element is not in the file: either spelling htmx 4 reads (a comma
# list would be split by htmx 4's selector parser; `:is()` keeps it one selector).
ANY_CONNECTION = r":is([hx-sse\:connect],[data-hx-sse\:connect])"
# Modifiers htmx 4 would apply to the connection element's event, not to an event on this
# element: `from:` and `target:` name other elements, `changed` compares the event target's
# value (2.x: this element's, never changed for an element without a value), `consume` stops
# the event at the connection element, where the other listeners still hear it.
_DIFFERENT = {
    "from": "listened on other elements for the `sse:` event this element fired",
    "target": "matched the element the `sse:` event was fired on (this element; in htmx 4 the connection element)",
    "changed": "compared this element's value, which htmx 4 reads on the connection element",
    "consume": "kept the `sse:` event from the elements above this one; htmx 4 would stop the connection "
               "element's event, which the other listeners on it still hear",
}
# What a filter may read and mean the same: htmx 2's detail was the MessageEvent, htmx 4's is
# {data, id}; the event's target is the connection element in htmx 4.
_FILTER_READS = re.compile(r"\bdetail\b(?!\s*\.\s*data\b)|\b(?:event|target|currentTarget|srcElement|lastEventId)\b")
# Event names htmx 4 or the browser fire on (or bubble to) the connection element themselves,
# and those htmx 4's triggers read specially.
_OWN_EVENTS = frozenset("""
load every intersect revealed click dblclick auxclick contextmenu mousedown mouseup mouseover mouseout mousemove
mouseenter mouseleave wheel keydown keyup keypress input beforeinput change submit reset focus blur focusin focusout
pointerdown pointerup pointermove pointerover pointerout pointerenter pointerleave pointercancel touchstart touchend
touchmove touchcancel dragstart drag dragend dragenter dragleave dragover drop copy cut paste select selectionchange
invalid toggle scroll animationstart animationend transitionend compositionstart compositionend
""".split())


def _selector_of(connection_attr_name: str) -> str:
    return "[" + connection_attr_name.replace(":", "\\:") + "]"


def _legacy_connection(element) -> bool:
    """Whether an htmx 1.x `hx-sse="connect:..."` element is on or above ``element`` (up to the
    closest 2.x/4.x connection element)."""
    node = element
    while node is not None:
        legacy = node.tag.attr("hx-sse", "data-hx-sse")
        if legacy is not None and "connect:" in (legacy.value or ""):
            return True
        node = node.parent
    return False


def _in_page(element) -> bool:
    """Whether the element stands in the `<body>` of this file: every element around it is then
    in this file."""
    node = element.parent
    while node is not None:
        if node.tag.lname == "body":
            return True
        node = node.parent
    return False


def check(file):
    names = file.target.sse
    if names is None:
        return
    view = file.markup
    for tag in view.start_tags():
        for attr in tag.attrs:
            if attr.lname not in TRIGGER_ATTRS or attr.name_has_template or not attr.value or "sse:" not in attr.value:
                continue
            specs = parse(attr.value)
            found = [s for s in specs or () if s.event.startswith("sse:")]
            if specs is None or not found:
                if specs is None or re.search(r"(?:^|[\s,])sse:", attr.value):
                    yield Diagnostic(CODE, f"`{attr.name}` names an `sse:` event in a value hxmigrate cannot read: htmx 4 "
                                     "fires a named event `NAME` on the connection element, not `sse:NAME`: listen with "
                                     "`NAME from:\"closest [hx-sse\\:connect]\"` (quoted)", attr.start, attr.end)
                continue
            yield from _attribute(file, names, tag, attr, found)


def _attribute(file, names, tag, attr, found):
    view = file.markup
    element = view.element_at.get(tag.start)
    base = attr.value_start
    first = found[0]
    span = (base + first.event_start, base + found[-1].event_end)
    listed = ", ".join(f"`{s.event}`" for s in found)
    legacy = tag.attr("hx-sse", "data-hx-sse")
    if connect_attr(tag, names) is not None or (legacy is not None and "connect:" in (legacy.value or "")):
        pairs = ", ".join(f"`{_name(s)} from:\"closest [hx-sse\\:connect]\"`" for s in found)
        yield Diagnostic(CODE, f"{listed} on the connection element: htmx 4 reads `hx-trigger` there as the event to "
                         "connect on (this one never comes, so it would never connect), and fires the SSE event on this "
                         "element as `NAME`: move the request (its `hx-get`/`hx-post` and this trigger) to an element "
                         f"inside it listening with {pairs}, with `hx-target` and `hx-swap` for where 2.x swapped the "
                         "answer (this element: `hx-target=\"closest [hx-sse\\:connect]\"`)", *span)
        return
    if element is None:
        return
    if _legacy_connection(element.parent) and owner(element, names) is None:
        yield Diagnostic(CODE, f"{listed}: the connection element is htmx 1.x's `hx-sse`, which SE106 converts where "
                         "the page runs htmx 1.x (htmx 2 read no `hx-sse`: there it connected nothing, and this never "
                         "fired); htmx 4 fires the event on the connection element as `NAME`", *span)
        return
    connection = owner(element, names)
    if connection is None:
        if _in_page(element):
            yield Diagnostic(CODE, f"{listed}: no connection element (`sse-connect`) is around this element, so htmx 2 "
                             "never fired it (the extension listens on the closest connection element's stream); htmx 4 "
                             "has no `sse:` events: remove it, or put the element inside the connection element and "
                             "listen with `NAME from:\"closest [hx-sse\\:connect]\"`", *span)
            return
        selector, where = ANY_CONNECTION, ("the connection element is not in this template, so the selector matches "
                                           "both ways htmx 4 reads its attribute")
    else:
        cattr = connect_attr(connection.tag, names)
        prefix = "data-" if cattr.lname.startswith("data-") else ""
        selector, where = _selector_of(prefix + names.connect_attr), ""
        ident = connection.tag.attr("id")
        if ident is not None and ident.value and not ident.value_has_template and re.fullmatch(r"[A-Za-z][\w-]*",
                                                                                              ident.value):
            where = f"`from:#{ident.value}` would work too while that id is unique on the page"
    quote = {'"': "'", "'": '"'}.get(attr.quote, "'")
    source = f"from:{quote}closest {selector}{quote}"
    edits, written = [], []
    onces = sum(1 for s in parse(attr.value) if any(m.key == "once" for m in s.modifiers))
    for spec in found:
        why = _why_not(file, attr, spec)
        if not why and onces > 1 and any(m.key == "once" for m in spec.modifiers):
            why = ("htmx 2 made an element's `once` triggers fire once in all (one flag per element), htmx 4 each "
                   "of them once: write the trigger by hand")
        start, end = base + spec.event_start, base + spec.event_end
        if why and attr.value_has_template and file.markup.regions.overlaps(base + spec.start, base + spec.end):
            yield Diagnostic(CODE, f"an `sse:` event in `{attr.name}` written with template syntax: htmx 4 fires the SSE "
                             "event on the connection element as `NAME`, not `sse:NAME`: write "
                             "`NAME from:\"closest [hx-sse\\:connect]\"` by hand", start, end)
            continue
        if why:
            lead = "" if _name(spec) == UNNAMED else (f"htmx 4 fires the SSE event `{_name(spec)}` on the connection "
                                                      "element, not `sse:...` on this one; ")
            yield Diagnostic(CODE, f"`{spec.event}`: {lead}{why}", start, end)
            continue
        new = _name(spec) + spec.event[4 + len(_name(spec)):] + " " + source
        edits.append(Edit(start, end, new))
        written.append((spec, new))
    if not edits:
        return
    if not attr.quote:
        # An unquoted value ends at the first space: quote it (whole, or the edits above would
        # meet the inserted quotes at its ends).
        value = attr.value
        for spec, new in reversed(written):
            value = value[:spec.event_start] + new + value[spec.event_end:]
        edits = [Edit(attr.value_start, attr.value_end, f'"{value}"')]
    pairs = "; ".join(f"`{s.event}` -> `{new}`" for s, new in written)
    note = f" ({where})" if where else ""
    yield Diagnostic(CODE, f"htmx 4 fires the SSE event on the connection element as a DOM event of its name, and no "
                     f"`sse:` event: {pairs}{note}", base + written[0][0].event_start, base + written[-1][0].event_end,
                     fix(*edits))


def _name(spec) -> str:
    return spec.event[4:].partition("[")[0]


def _why_not(file, attr, spec) -> str:
    """Why a specification is reported instead of rewritten ("" when it is rewritten)."""
    base = attr.value_start
    if attr.value_has_template and file.markup.regions.overlaps(base + spec.start, base + spec.end):
        return "it is written with template syntax: rewrite it by hand"
    if not attr.quote and ("'" in attr.value or '"' in attr.value):
        return "the attribute is unquoted and holds quotes: quote it and run hxmigrate again"
    name = _name(spec)
    filter_ = spec.event[4 + len(name):]
    if not name:
        return "it names no event: remove it"
    if name == UNNAMED:
        return ("2.x fired `sse:message` for the messages without an `event:` line; htmx 4 swaps those into the "
                "connection element (or its `hx-target`) and dispatches no event of theirs: listen with "
                "`htmx:sse:after:message[!detail.message.event] from:\"closest [hx-sse\\:connect]\"`")
    if name.startswith("htmx:") or name.lower() in _OWN_EVENTS:
        return (f"`{name}` is also an event htmx 4 or the browser fires (or reads specially in `hx-trigger`), which a "
                f"`{name} from:\"closest [hx-sse\\:connect]\"` would hear too: rename the server's event, then listen "
                "for the new name")
    if filter_ and _FILTER_READS.search(filter_):
        return (f"its filter `{filter_}` reads the event beyond `detail.data` (htmx 2's detail was the MessageEvent, "
                "htmx 4's is `{data, id}`, and the event's target is the connection element): rewrite the filter for "
                f"`{name} from:\"closest [hx-sse\\:connect]\"` by hand")
    for mod in spec.modifiers:
        if mod.key in _DIFFERENT:
            return (f"its `{mod.key}` {_DIFFERENT[mod.key]}: write the trigger by hand "
                    f"(`{name} from:\"closest [hx-sse\\:connect]\"` and the modifiers that still apply)")
    return ""
