"""Report where a WebSocket message template is also used outside WebSocket messages.

What it does:
    Reports a WebSocket message template (see `--explain-discovery`) that is also used
    outside a WebSocket message: `{% include %}`d (or `{{> partial}}`, `{{ template }}`) by
    a page or HTTP fragment, its macros imported (`{% from "x.html" import m %}`,
    `{% import "x.html" as x %}`), rendered by a Django `@register.inclusion_tag("x.html")`,
    rendered for an HTTP response from Python (`render(request, NAME)`,
    `TemplateResponse(...)`), or included inside an element of another message that keeps
    `hx-swap-oob`. Each such template is reported once, at its first use (by path), and the
    message names its other uses. When hxmigrate reads one file on its own (standard input)
    and cannot see the project, it reports instead each use of a template that matches
    `ws-message-templates`.

Why:
    A template used in pages cannot take `<hx-partial>` wrappers: in a page the browser
    loads, a wrapper stays an unknown inline element around the content (seen by CSS child
    selectors and flex/grid layouts, moved out of tables by the parser); an element whose
    `hx-swap-oob` style swaps only its children is replaced by the wrapper, so the page loses
    the element with its classes and Alpine attributes; an HTTP response htmx swaps cuts
    every wrapper out and swaps it into its `hx-target`; inside a part of another message
    htmx 4 never looks at it, so it arrives as an inert `<template>`. So WS201 keeps the
    elements of such a template where they are, with `hx-swap-oob` (adding
    `hx-swap-oob="true"` where 2.x swapped by id), which htmx 4.0.1 honours on a top-level
    element of a message and which a page the browser loads ignores. What is left to check:
    htmx 4 swaps every `hx-swap-oob` element of a response it swaps, at any depth, by its
    id (and drops it when no element has that id). An HTTP response that renders the
    template replaces the element with that id instead of the request's target; a page that
    htmx swaps in (`hx-boost`, `hx-get`) loses those elements; inside an element of another
    message that keeps `hx-swap-oob`, they are swapped by their id too, which 2.x never did.

Example:
    {# chat/room.html #}
    <ul id="messages">
      {% for message in messages %}{% include "chat/_message.html" %}{% endfor %}
    </ul>
    where chat/_message.html (`<li id="m-{{ message.id }}">...</li>`) is also sent over the
    WebSocket, so it becomes `<li id="m-{{ message.id }}" hx-swap-oob="true">...</li>`.

Fix safety:
    No fix: check the use. Where an HTTP response or a page htmx swaps in must keep the
    elements where they are, split the template: one with `hx-swap-oob` for the socket, one
    without for the pages and views, which the socket's can include.
"""

from __future__ import annotations

from ...diagnostics import Diagnostic
from ...paths import glob_match
from ._gate import is_message

CODE = "WS206"
NAME = "message-template-in-page"
LANGUAGES = ("markup", "python", "go", "rust", "javascript")
FIX = "never"
SAFETY = "safe"
# An include (Jinja/Django `include`, Handlebars `{{>`, Go `template`), a macro import, an
# HTTP render or an inclusion tag.
TRIGGERS = ("include", "{{>", "{{~>", "{{ >", "template", "import", "render", "inclusion_tag")
FACTS = ("implicit_inheritance", "discovered", "uses_discovered", "template_uses", "message_uses")

def _templates():
    """The structure of templates, imported once a file is found to use a message template
    (most files with an include use none)."""
    from ...analysis import templates

    return templates


_SPLIT = "or split the template: one with hx-swap-oob for the socket, one without for"


def check(file):
    project = file.project
    if not project.uses_discovered:  # one file on its own: the ws-message-templates setting decides
        yield from _by_settings(file)
        return
    if not project.template_uses:
        return
    entries = project.template_uses.get(file.abspath)
    if not entries:
        return

    if file.kind in ("go", "rust", "javascript"):
        # Their front-ends name the line of the render (an Askama struct built for a response).
        for use in entries:
            if use.line:
                start, end = _line_span(file, use.line)
                yield Diagnostic(CODE, _message(use.kind, f"`{use.message}`", use.others), start, end)
        return
    if file.kind == "python":
        sites = {"http": _templates().http_render_sites(file.text), "tag": _templates().inclusion_tag_sites(file.text)}
    else:
        includes = _templates().include_sites(file.text)
        sites = {"page": includes, "message": includes, "import": _templates().import_sites(file.text)}
    for use in entries:
        same = [(start, end) for start, end, n in sites.get(use.kind, ()) if n == use.name]
        if not same:
            continue
        start, end = same[use.occurrence] if use.occurrence < len(same) else same[0]
        if use.kind == "message" and not _part_keeps_oob(file, start):
            continue  # inside an <hx-partial>: htmx 4 leaves its hx-swap-oob alone, as 2.x did
        yield Diagnostic(CODE, _message(use.kind, f"`{use.message}`", use.others), start, end)


def _line_span(file, line: int) -> tuple[int, int]:
    """The span of a line's text, without its indentation."""
    start, end = file.lines.line_bounds(line)
    text = file.text[start:end]
    lead = len(text) - len(text.lstrip())
    return start + lead, start + len(text.rstrip())


def _part_keeps_oob(file, offset: int) -> bool:
    """Whether the top-level element of this message around ``offset`` keeps (or gets)
    hx-swap-oob in its htmx 4 form, rather than becoming or going into an <hx-partial>."""
    from ._markup import is_connection  # a message template included in one

    for el in _templates().read_message(file.text, file.markup.tokens, file.markup.regions).elements:
        if el.tag.start <= offset < el.end:
            return bool(file.settings.oob_style == "swap-oob" or file.project.message_uses.get(file.abspath)
                        or is_connection(el.tag, file.target))
    return False


def _message(kind: str, message: str, others: tuple[str, ...]) -> str:
    """The finding for a use of ``message`` (already quoted), a message template whose
    top-level elements keep (or get, WS201) hx-swap-oob because of uses like this one."""
    also = ""
    if others:
        listed = ", ".join(others[:3]) + (f" and {len(others) - 3} more" if len(others) > 3 else "")
        also = f" (also used in {listed})"
    head = (f"{message} is a WebSocket message template{also}: its top-level elements keep their hx-swap-oob, and "
            "WS201 gives hx-swap-oob=\"true\" to those 2.x swapped by id, rather than <hx-partial> wrappers, which "
            "would stay around them here or take their place")
    if kind == "message":
        return (f"{head}; this include puts them inside an element of this message that keeps hx-swap-oob, and htmx 4 "
                "swaps nested hx-swap-oob elements by their id too (2.x never did), so they may leave this part or be "
                f"dropped. Check what this message does to them, {_SPLIT} this include")
    if kind == "http":
        return (f"{head}. This HTTP response carries them: htmx 4 swaps every hx-swap-oob element of a response it "
                "swaps by its id, instead of into the request's target (and skips the main swap when nothing else "
                "is left), and drops it when no element has that id. Check the request that gets this response, "
                f"{_SPLIT} this response")
    use = {"tag": "This inclusion tag renders them into pages", "import": "Pages use the macros imported here"}
    return (f"{head}. {use.get(kind, 'This include puts them into the page')}: a page the browser loads ignores "
            "hx-swap-oob, but when htmx swaps the page in from a response (hx-boost, hx-get), htmx 4 swaps each of "
            "them by its id instead, into the page being replaced, or drops it. Check that htmx never swaps such a "
            f"page in, {_SPLIT} the page")


def _by_settings(file):
    """Uses of templates whose name matches a ws-message-templates pattern (once per name)."""
    patterns = file.settings.ws_message_templates
    if not patterns:
        return

    if file.kind == "python":
        sites = [(start, end, name, "http") for start, end, name in _templates().http_render_sites(file.text)]
    else:
        found = _templates().include_sites(file.text)
        if not found:
            return
        top: set[int] = set()
        message = is_message(file)
        if message:
            read = _templates().read_message(file.text, file.markup.tokens, file.markup.regions)
            top = {start for start, _, _ in read.includes}
        sites = [(start, end, name, "message" if message else "page") for start, end, name in found if start not in top]
    done = set()
    for start, end, name, kind in sites:
        plain = name.removeprefix("./")
        if name in done or not any(glob_match(plain, p) for p in patterns):
            continue
        done.add(name)
        yield Diagnostic(CODE, _alone(kind, f"`{name}` (it matches ws-message-templates)",
                                      file.project.implicit_inheritance), start, end)


def _alone(kind: str, message: str, inheritance: bool) -> str:
    """The finding for a use of ``message`` (already quoted) of kind page, message or http,
    when hxmigrate reads one file on its own and cannot see the project."""
    head = (f"{message} is a WebSocket message template, and hxmigrate, reading this file on its own, cannot see where "
            "else it is used: migrated on its own, its top-level elements get <hx-partial> wrappers (WS201)")
    whole = ("Migrate it together with the project (hxmigrate then keeps the elements of a template used outside "
             "messages in place with hx-swap-oob, which works in both), or split it into a template for the socket "
             "and one for")
    if kind == "message":
        return (f"{head}, and this include puts them inside a part of this message, where htmx 4 never looks: they "
                f"arrive in the page as inert <template> elements and the content never shows. {whole} this include")
    if kind == "http":
        return (f"{head}, and this HTTP response would carry them: htmx 4 cuts every <hx-partial> out of a response it "
                f"swaps and swaps it into its hx-target instead of the request's target. {whole} this response")
    inherit = (" Implicit inheritance is on, so requests inside a wrapper would inherit its hx-target and hx-swap."
               if inheritance else "")
    return (f"{head}, and this include would put them into the page, where htmx 4 leaves them as extra inline "
            "elements (seen by CSS child selectors and flex/grid layouts; moved out of tables by the parser), and an "
            f"element whose hx-swap-oob swaps only its children would be replaced by its wrapper.{inherit} "
            f"{whole} the page")
