"""Rename the preload extension's `preload` attribute to htmx 4's `hx-preload`.

What it does:
    Renames `preload` (and `data-preload`) on any element but `<audio>` and `<video>` (whose
    `preload` is HTML's) to `hx-preload` (`data-hx-preload`), and to `hx-preload:inherited` on
    an element whose links or `hx-get` elements below it it preloaded (a `<nav preload>`). The
    value is written as htmx 4's extension reads it: `mousedown` (htmx 2's default) becomes
    `mousedown, touchstart` and `mouseover` becomes `mouseover, touchstart`, the touch event
    htmx 2 added to both; `always` goes (htmx 4 preloads again once a preload was used); any
    other event stays. Reported: `preload:init` (htmx 4 fires no such event), `mouseover`
    (htmx 4 starts at once, htmx 2 after 100 ms of hovering), a form (htmx 2 preloaded its
    controls' choices), a link htmx 4 does not request itself (neither `hx-get` nor boosted),
    `preload-images`, template syntax.

Why:
    htmx 4's `hx-preload.js` reads `hx-preload` only: the old attribute preloads nothing. htmx 4
    also keeps the preloaded response for the click that follows, where htmx 2 only warmed
    the browser's cache: the server sees one request where it saw two without `Cache-Control`,
    and no `HX-Preloaded` header.

Example:
    <a hx-get="/contacts/1" hx-target="#main" preload="mouseover">Ada</a>
    becomes
    <a hx-get="/contacts/1" hx-target="#main" hx-preload="mouseover, touchstart">Ada</a>

Fix safety:
    Safe for the events htmx 2 used as they are; `mouseover` is an unsafe fix (preloads start
    without the 100 ms hover).
"""

from __future__ import annotations

from ...diagnostics import Diagnostic, fix
from ...edits import Edit
from ._attributes import bare, elements_by_tag, inserts_elements

CODE = "HX112"
NAME = "preload"
LANGUAGES = ("markup",)
FIX = "sometimes"
SAFETY = "unsafe"
TRIGGERS = ("preload",)

_MEDIA = ("audio", "video", "link")
_GETS = ("href", "hx-get", "data-hx-get")


def check(file):
    if file.target.core is None:
        return
    view = file.markup
    elements = None
    for tag in view.start_tags():
        if tag.lname in _MEDIA:
            continue
        for attr in tag.attrs:
            if attr.name_has_template or attr.lname not in ("preload", "data-preload", "preload-images",
                                                              "data-preload-images"):
                continue
            if elements is None:
                elements = elements_by_tag(view)
            if attr.lname.endswith("preload-images"):
                yield Diagnostic(CODE, f"`{attr.name}`: htmx 4's hx-preload.js loads no images of a preloaded "
                                 "response: remove it (or preload them with `<link rel=\"preload\">`)",
                                 attr.start, attr.end)
                continue
            yield from _attribute(view, elements.get(tag.start), tag, attr)


def _attribute(view, element, tag, attr):
    new = ("data-" if attr.lname.startswith("data-") else "") + "hx-preload"
    if attr.value_has_template:
        yield Diagnostic(CODE, f"`{attr.name}` is `{new}` in htmx 4; its value is built by template syntax: rename it "
                         "and check the event by hand", attr.start, attr.end)
        return
    if element is None:
        return
    value = attr.value or ""
    words = value.replace("always", " ").split()
    event = " ".join(words)
    if event == "preload:init":
        yield Diagnostic(CODE, f"`{attr.name}=\"{value.strip()}\"` preloaded as soon as htmx 2 processed the element; "
                         f"htmx 4 fires no `preload:init`: write `{new}` with the event that should start the preload",
                         attr.start, attr.end)
        return
    if tag.lname == "form" or tag.attr("form") is not None and not tag.attr(*_GETS):
        yield Diagnostic(CODE, f"`{attr.name}` on a form preloaded its controls' choices in htmx 2; htmx 4's "
                         f"`{new}` preloads the requests of elements htmx makes: put it on those by hand",
                         attr.start, attr.end)
        return
    targets = _targets(element)
    container = bool(targets and targets != [element]) or inserts_elements(view, element)
    suffix = ":inherited" if container else ""
    edits = [Edit(attr.start, attr.name_end, new + suffix)]
    safe = True
    notes = []
    if not event or event == "mousedown":
        wanted = "mousedown, touchstart"
    elif event == "mouseover":
        wanted = "mouseover, touchstart"
        safe = False
        notes.append("htmx 4 starts the preload on `mouseover` at once, htmx 2 after 100 ms of hovering")
    else:
        wanted = event
    if "always" in value:
        notes.append("`always` goes: htmx 4 preloads again once a preload was used")
    if value != wanted:
        if attr.value is None:
            edits.append(Edit(attr.name_end, attr.name_end, f'="{wanted}"'))
        else:
            edits.append(Edit(attr.value_start, attr.value_end, wanted))
    why = " (htmx 2 preloaded what is below it; htmx 4 reads an ancestor's only when written so)" if container else ""
    note = f"; {'; '.join(notes)}" if notes else ""
    yield Diagnostic(CODE, f"`{attr.name}` is `{new}{suffix}=\"{wanted}\"` in htmx 4{why}{note}; htmx 4 keeps the "
                     "preloaded response for the click, so the server sees no second request and no `HX-Preloaded` "
                     "header", attr.start, attr.name_end, fix(*edits, safe=safe))
    plain = [t for t in targets if not _requested(t)]
    if plain:
        link = plain[0].tag
        href = link.attr("href")
        shown = f'<{link.name} href="{href.value}">' if href is not None and href.value else f"<{link.name}>"
        yield Diagnostic(CODE, f"`{attr.name}`: htmx 2 preloaded plain links too (`{shown}`); htmx 4 preloads only "
                         "what it requests itself (an `hx-get`, a boosted link): boost the link or give it `hx-get`",
                         attr.start, attr.end)


def _has_get(tag) -> bool:
    return tag.attr(*_GETS) is not None


def _targets(element) -> list:
    """The elements htmx 2's extension preloaded for this `preload`: the element itself when it
    has a URL, and its descendants that have one."""
    found = [element] if _has_get(element.tag) else []
    stack = list(element.children)
    while stack:
        child = stack.pop()
        if _has_get(child.tag):
            found.append(child)
        stack.extend(child.children)
    return found


def _requested(element) -> bool:
    """Whether htmx 4 makes the request of this element itself: an `hx-get`, or a link below a
    boost (on it or an ancestor, in this file)."""
    if element.tag.attr("hx-get", "data-hx-get") is not None:
        return True
    node = element
    while node is not None:
        for a in node.tag.attrs:
            if not a.name_has_template and bare(a.lname).split(":", 1)[0] == "hx-boost":
                return (a.value or "").strip() != "false"
        node = node.parent
    return False
