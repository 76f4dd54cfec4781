"""Convert htmx 1.x `hx-sse` to `hx-sse:connect`, and report it where htmx 2 ignored it.

What it does:
    Where the page runs htmx 1.x (the htmx core its script tag loads, else the one the
    project's pages load), rewrites `hx-sse="connect:URL"` (also `data-hx-sse`) to
    `hx-sse:connect="URL"`, with `hx-swap="none"` after it as SE101 writes it when nothing
    swaps the connection's unnamed messages. Its `swap:NAME` words (on the connection
    element or an element below it) become `sse-swap="NAME"`, which SE103 then migrates:
    `swap:message` is removed or moved to the connection element's `hx-target`, a named
    event is reported. Reported instead: a page that runs htmx 2 (neither htmx 2 nor
    `htmx-ext-sse` reads `hx-sse`: the attribute did nothing, and hxmigrate does not start a
    connection the page did not have), a page whose htmx cannot be told, several `connect:`
    words, an element that also has `sse-connect` or `sse-swap`, values written with
    template syntax, and a connection element below which an `hx-trigger` has something
    after an `sse:NAME` (htmx 1.x dropped modifiers, filters and the specifications after
    it, htmx 4 would apply them). htmx 1.x had SSE in its core: where the page loads no SSE
    script, the finding says to load `dist/ext/hx-sse.js` (no script tag is added).

Why:
    htmx 1.x's core read `hx-sse` (1.9.12 `processSSEInfo`: words split on whitespace, each
    at its first colon; `connect:URL` opened an EventSource, `swap:NAME` swapped that event's
    data into the element from the closest element with a source). htmx 2 dropped it for the
    extension's `sse-connect`/`sse-swap`, and htmx 4 reads `hx-sse:connect`.

Example:
    <div hx-sse="connect:/news swap:message">  becomes  <div hx-sse:connect="/news" sse-swap="message">
    and SE103 then removes `sse-swap="message"` (htmx 4 swaps unnamed messages into the
    connection element).

Fix safety:
    Safe: the page connects to the same URL and swaps the same messages.
"""

from __future__ import annotations

from ...diagnostics import Diagnostic, fix
from ...edits import Edit
from .._runtime import page_runtime
from .._triggers import parse
from ._markup import (
    SWAP_2X,
    UNNAMED,
    NoSwapNoneWords,
    connect_attr,
    listens_unnamed,
    swap_attr,
    why_no_swap_none,
)

CODE = "SE106"
NAME = "legacy-hx-sse"
LANGUAGES = ("markup",)
FIX = "sometimes"
SAFETY = "safe"
TRIGGERS = ("hx-sse",)
FACTS = ("implicit_inheritance", "core_majors", "htmx_majors")

LEGACY = ("hx-sse", "data-hx-sse")
_WORDS = NoSwapNoneWords(
    unnamed="htmx 4 swaps unnamed messages into the connection element, which 1.x did only where `swap:message` "
            "listened",
    own=", with this element's {listed}: make sure the server sends none",
    template_attrs="; template syntax between its attributes may set `hx-swap`: add `hx-swap=\"none\"` by hand unless "
                   "it does",
    implicit="; the project turns on implicitInheritance: make sure the server sends none",
    inserted="; template syntax inside it may render a `swap:message`: if none does, add `hx-swap=\"none\"`",
)


def _words(value: str) -> tuple[list[str], list[str], list[str]]:
    """The URLs of the `connect:` words, the events of the `swap:` words, and the words htmx
    1.x did nothing with (it split each word at its first colon and wanted something after it)."""
    connects, swaps, other = [], [], []
    for word in value.split():
        key, _, rest = word.partition(":")
        if key == "connect" and rest:
            connects.append(rest)
        elif key == "swap" and rest:
            swaps.append(rest)
        else:
            other.append(word)
    return connects, swaps, other


def check(file):
    names = file.target.sse
    if names is None:
        return
    view = file.markup
    runtime: tuple[int | None, str] | None = None
    for tag in view.start_tags():
        attr = tag.attr(*LEGACY)
        if attr is None:
            continue
        span = (attr.start, attr.end)
        if attr.name_has_template or attr.value_has_template:
            yield Diagnostic(CODE, f"htmx 1.x `{attr.name}` written with template syntax: htmx 4 reads "
                             "`hx-sse:connect=\"URL\"` (and has no `swap:`): convert it by hand", *span)
            continue
        connects, swaps, other = _words(attr.value or "")
        if runtime is None:
            runtime = page_runtime(file)
        major, seen = runtime
        if major is None:
            yield Diagnostic(CODE, f"htmx 1.x `{attr.name}`: htmx 1.x read it, htmx 2 did not (nor `htmx-ext-sse`), and "
                             "neither this page nor the project's pages load an htmx core that tells which ran it: for "
                             f"htmx 1.x write {_written(names, connects, swaps)}; for htmx 2 it did nothing: remove it",
                             *span)
            continue
        if major >= 2:
            yield Diagnostic(CODE, f"htmx 1.x `{attr.name}` did nothing ({seen}: neither htmx 2 nor `htmx-ext-sse` reads "
                             "it), and hxmigrate does not start a connection the page did not have: remove it, or write "
                             f"{_written(names, connects, swaps)} if the page should have it", *span)
            continue
        element = view.element_at.get(tag.start)
        yield _convert(file, names, tag, attr, element, connects, swaps, other, seen)


def _written(names, connects, swaps) -> str:
    parts = [f"`{names.connect_attr}=\"{u}\"`" for u in connects[:1]]
    if swaps:
        parts.append("`sse-swap` for " + ", ".join(f"`{s}`" for s in swaps) + " (see SE103)")
    return " and ".join(parts) or "nothing"


def _convert(file, names, tag, attr, element, connects, swaps, other, seen) -> Diagnostic:
    span = (attr.start, attr.end)
    prefix = "data-" if attr.lname.startswith("data-") else ""
    if len(connects) > 1:
        return Diagnostic(CODE, f"htmx 1.x `{attr.name}` opened an EventSource for each `connect:` word ({seen}); htmx 4 "
                          f"connects an element once: keep one `{prefix}{names.connect_attr}`", *span)
    if not connects and not swaps:
        return Diagnostic(CODE, f"htmx 1.x `{attr.name}=\"{attr.value}\"` did nothing (no `connect:URL` or `swap:NAME` "
                          "word): remove it", *span)
    other_connect = connect_attr(tag, names)
    if connects and other_connect is not None:
        return Diagnostic(CODE, f"htmx 1.x `{attr.name}` next to `{other_connect.name}`: htmx 4 connects an element "
                          "once: keep the one you meant by hand", *span)
    if swaps and swap_attr(tag) is not None:
        return Diagnostic(CODE, f"htmx 1.x `{attr.name}` swaps {', '.join(swaps)} next to an `sse-swap`: merge them into "
                          "one `sse-swap` by hand", *span)
    quote = attr.quote or '"'
    if any(quote in w for w in connects + swaps):
        return Diagnostic(CODE, f"htmx 1.x `{attr.name}`: its words hold the attribute's quote: convert it by hand",
                          *span)
    parts, notes = [], []
    if connects:
        if element is not None:
            ignored = _ignored_trigger_parts(element, names)
            if ignored is not None:
                return Diagnostic(CODE, f"htmx 1.x `{attr.name}` ({seen}): `{ignored}` below it has something after an "
                                  "`sse:` event, which htmx 1.x dropped (modifiers, a filter, the specifications after "
                                  f"it) and htmx 4 would apply: remove it, then run hxmigrate again (htmx 4 reads "
                                  f"`{prefix}{names.connect_attr}=\"{connects[0]}\"`)", *span)
        parts.append(f"{prefix}{names.connect_attr}={quote}{connects[0]}{quote}")
        swaps_unnamed = UNNAMED in swaps or (element is not None and _swaps_unnamed(element, names))
        why_not = why_no_swap_none(file, tag, element, swaps_unnamed, _WORDS)
        if why_not is None:
            parts.append(f"{prefix}hx-swap={quote}none{quote}")
            notes.append(f"`{prefix}hx-swap=\"none\"` keeps unnamed messages out of it as in 1.x, where no "
                         "`swap:message` swapped them")
        elif why_not:
            notes.append(why_not)
    if swaps:
        items = list(dict.fromkeys(swaps))
        parts.append(f"{SWAP_2X[1] if prefix else SWAP_2X[0]}={quote}{','.join(items)}{quote}")
        notes.append("`sse-swap` is read by SE103 (htmx 4 has none: " + ("unnamed messages are swapped into the "
                     "connection element" if UNNAMED in items else "named events are dispatched as DOM events") + ")")
    if other:
        notes.append(f"`{' '.join(other)}` did nothing in 1.x, so it goes")
    if connects and "sse.js" not in file.text and "sse.min.js" not in file.text:
        notes.append(f"htmx 1.x had SSE in its core, htmx 4 in `{names.ext_script}` of htmx.org {names.ext_version}: "
                     "load it after htmx wherever this page's scripts are loaded")
    written = " ".join(parts)
    note = "; ".join(notes)
    return Diagnostic(CODE, f"htmx 1.x `{attr.name}` ({seen}) is `{written}`" + (f"; {note}" if note else ""), *span,
                      fix(Edit(attr.start, attr.end, written)))


def _swaps_unnamed(element, names) -> bool:
    """Whether the connection element or an element below it (not below another connection)
    swaps unnamed messages: a 1.x `swap:message`, or a 2.x `sse-swap="message"`."""
    stack = [element]
    while stack:
        node = stack.pop()
        if node is not element and (connect_attr(node.tag, names) is not None or "connect:" in _legacy_value(node)):
            continue
        if "swap:" + UNNAMED in _legacy_value(node).split():
            return True
        swap = swap_attr(node.tag)
        if swap is not None and listens_unnamed(swap):
            return True
        stack.extend(node.children)
    return False


def _legacy_value(node) -> str:
    attr = node.tag.attr(*LEGACY)
    return (attr.value or "") if attr is not None else ""


def _ignored_trigger_parts(element, names) -> str | None:
    """The first `hx-trigger` below the connection element (not below another) that has
    something after an `sse:NAME` specification, as written."""
    stack = list(element.children)
    while stack:
        node = stack.pop()
        if connect_attr(node.tag, names) is not None or "connect:" in _legacy_value(node):
            continue
        for attr in node.tag.attrs:
            if attr.lname in ("hx-trigger", "data-hx-trigger") and attr.value and "sse:" in attr.value:
                specs = parse(attr.value) or []
                for i, spec in enumerate(specs):
                    if spec.event.startswith("sse:") and (spec.modifiers or "[" in spec.event or i < len(specs) - 1):
                        return f'{attr.name}="{attr.value}"'
        stack.extend(node.children)
    return None
