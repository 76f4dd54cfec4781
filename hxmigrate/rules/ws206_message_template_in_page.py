"""Report WebSocket message templates that a page includes or an HTTP view renders.

What it does:
    Reports a WebSocket message template (see `--explain-discovery`) that is also used
    outside a WebSocket message: `{% include %}`d (or `{{> partial}}`, `{{ template }}`) by a
    page or HTTP fragment, included inside an element of another message template, or
    rendered for an HTTP response from Python (`render(request, NAME)`,
    `TemplateResponse(...)`). Each such template is reported once, at its first use (by
    path), and the message names its other uses.

Why:
    WS201 wraps the top-level elements of a message template in `<hx-partial>`, which the
    WebSocket messages need. The wrappers come along wherever the template is used. htmx 4
    turns `<hx-partial>` into a partial only in response text it swaps. In a page the
    browser loads, it stays an unknown inline element around the content: CSS child
    selectors, `:first-child` and flex/grid layouts see it, inside a table the parser moves
    it out (an empty `<hx-partial>` before the table), and with `implicitInheritance` its
    `hx-target`/`hx-swap` are inherited by requests inside it. In an HTTP response that htmx
    swaps (`hx-get`, `hx-boost`, a view returning the template), every `<hx-partial>`, at
    any depth, is cut out and swapped into its `hx-target` instead of where the page put it,
    and nothing happens when that target is not on the page yet; when only partials
    remain, the main swap is skipped. Inside a part of another message, htmx 4 never looks
    at it, so it arrives as an inert `<template>` and its content never shows.

Example:
    {# chat/room.html #}
    <ul id="messages">
      {% for message in messages %}{% include "chat/_message.html" %}{% endfor %}
    </ul>
    where chat/_message.html (`<li id="m-{{ message.id }}">...</li>`) is also sent over the
    WebSocket, so it becomes
    `<hx-partial hx-target="#m-{{ message.id }}" hx-swap="outerHTML"><li ...>...</li></hx-partial>`.

Fix safety:
    No fix: split the template, one for the page and one for the socket. Keep a copy
    without the `<hx-partial>` wrappers for the page (and the HTTP view) and include that
    here; the server sends the wrapped one, which can itself include the page copy inside
    `<hx-partial>`.
"""

from __future__ import annotations

from ..diagnostics import Diagnostic
from ._messages import http_render_sites, include_sites, read_message

CODE = "WS206"
NAME = "message-template-in-page"
LANGUAGES = ("markup", "python")
FIX = "never"
SAFETY = "safe"
# An include (Jinja/Django `include`, Handlebars `{{>`, Go `template`) or an HTTP render.
TRIGGERS = ("include", "{{>", "{{~>", "{{ >", "template", "render")

_SPLIT = "Split the template: one for the socket (the wrapped one), one without wrappers for"


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
    sites = http_render_sites(file.text) if file.kind == "python" else include_sites(file.text)
    for name, occurrence, kind, message, others in entries:
        if (kind == "http") != (file.kind == "python"):
            continue
        same = [(start, end) for start, end, n in sites if n == name]
        if same:
            start, end = same[occurrence] if occurrence < len(same) else same[0]
            yield Diagnostic(CODE, _message(kind, f"`{message}`", others, project.implicit_inheritance), start, end)


def _by_settings(file):
    """Uses of templates whose name matches a ws-message-templates pattern (once per name)."""
    from ..discovery import glob_match

    patterns = file.settings.ws_message_templates
    if not patterns:
        return
    if file.kind == "python":
        sites = [(start, end, name, "http") for start, end, name in http_render_sites(file.text)]
    else:
        found = include_sites(file.text)
        if not found:
            return
        top: set[int] = set()
        message = file.is_message_template
        if message:
            top = {start for start, _, _ in read_message(file.text, file.markup.tokens).includes}
        sites = [(start, end, name, "message" if message else "page") for start, end, name in found if start not in top]
    done = set()
    for start, end, name, kind in sites:
        plain = name.removeprefix("./")
        if name in done or not any(glob_match(plain, p) for p in patterns):
            continue
        done.add(name)
        yield Diagnostic(CODE, _message(kind, f"`{name}` (it matches ws-message-templates)", (),
                                        file.project.implicit_inheritance), start, end)


def _message(kind: str, message: str, others: tuple[str, ...], inheritance: bool) -> str:
    """The finding for a use of ``message`` (already quoted) of kind page, message or http."""
    also = ""
    if others:
        listed = ", ".join(others[:3]) + (f" and {len(others) - 3} more" if len(others) > 3 else "")
        also = f" (also used in {listed})"
    head = f"{message} is a WebSocket message template{also}: WS201 wraps its top-level elements in <hx-partial> for htmx 4"
    if kind == "message":
        return (f"{head}, and this include puts those wrappers inside a part of this message, where htmx 4 never "
                "looks: they arrive in the page as inert <template> elements and the content never shows. "
                f"{_SPLIT} this include")
    if kind == "http":
        return (f"{head}, and this HTTP response carries them too: htmx 4 cuts every <hx-partial> out of a response it "
                "swaps and swaps it into its hx-target instead of the request's target (nothing when that target is "
                f"not on the page yet; with only partials left the main swap is skipped). {_SPLIT} this response")
    inherit = (" Implicit inheritance is on, so requests inside a wrapper inherit its hx-target and hx-swap."
               if inheritance else "")
    return (f"{head}, and this include puts the wrappers into the page, where htmx 4 leaves them as extra inline "
            "elements (seen by CSS child selectors and flex/grid layouts; moved out of tables by the parser) and, "
            "when it swaps this page from an HTTP response (hx-get, hx-boost), cuts each one out and swaps it into "
            f"its hx-target instead.{inherit} {_SPLIT} the page (include that here)")
