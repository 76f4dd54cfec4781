"""Wrap each top-level part of a WebSocket message in `<hx-partial>`.

What it does:
    In a WebSocket message template (see `--explain-discovery`) and in HTML strings Python code
    sends over a WebSocket, rewrites every top-level element that 2.x swapped out of band:
    an element with an `id` and no `hx-swap-oob`, or with `hx-swap-oob="true"`/`"outerHTML"`,
    gets `<hx-partial hx-target="#ID" hx-swap="outerHTML">` before it and `</hx-partial>`
    after it (its `hx-swap-oob` removed); an element with another style (`innerHTML`,
    `beforeend`, `afterbegin`, `beforebegin`, `afterend`, `delete`, `none`) has its start and
    end tag replaced by the partial's, its content kept byte for byte; `STYLE:SELECTOR` targets
    the selector; the morph styles of 2.x extensions become `outerMorph`/`innerMorph`. An id
    that is not a plain CSS identifier is escaped in `hx-target`; template expressions and
    f-string placeholders in it are kept as written. Template blocks are transparent: an
    element inside `{% for %}` or `{{ range }}` is still top level. With
    `--oob-style swap-oob`, adds `hx-swap-oob="true"` to elements swapped by id instead, and
    keeps explicit `hx-swap-oob` (4.0 still honours it). In Python, `str.format` fields and
    `%` directives are kept as they are (braces and "%" written into such strings are
    doubled); where an id or selector holds a field that takes the next argument each time it
    is written (`{}`, `%s`), copying it into `hx-target` would shift the arguments, so that
    message keeps its elements and gets `hx-swap-oob="true"` instead. HTML returned by a
    function that another module sends is rewritten where it is written, unless that function
    is also called for something else (an HTTP response): then it is reported.

Why:
    2.x swapped every top-level element of a message out of band, by its `hx-swap-oob` or by
    its id. htmx 4 swaps a message into the connection element (its `innerHTML` by default);
    only `<hx-partial>` parts and `hx-swap-oob` elements go elsewhere. An unwrapped element
    replaces the whole content of the connection element.

Example:
    <div id="status">ok</div>
    <ul id="log" hx-swap-oob="beforeend"><li>deployed</li></ul>
    becomes
    <hx-partial hx-target="#status" hx-swap="outerHTML"><div id="status">ok</div></hx-partial>
    <hx-partial hx-target="#log" hx-swap="beforeend"><li>deployed</li></hx-partial>

Fix safety:
    Safe: each part is swapped into the same target with the same style as in 2.x, and
    `hx-swap-oob` elements nested inside a part stay unprocessed, as 2.x left them.
"""

from __future__ import annotations

from ._gate import message_check

CODE = "WS201"
NAME = "message-partial"
LANGUAGES = ("markup", "python")
FIX = "sometimes"
SAFETY = "safe"
TRIGGERS = ()


def check(file):
    return message_check(file, CODE)
