"""Wrap each top-level part of a WebSocket message in `<hx-partial>`.

What it does:
    In a WebSocket message template (see `--explain-discovery`) and in HTML strings Python, Go,
    Rust and JavaScript code sends over a WebSocket, rewrites every top-level element that 2.x
    swapped out of band: an element with an `id` and no `hx-swap-oob`, or with
    `hx-swap-oob="true"`/`"outerHTML"`, gets `<hx-partial hx-target="#ID" hx-swap="outerHTML">`
    before it and `</hx-partial>` after it (its `hx-swap-oob` removed); an element with another style (`innerHTML`,
    `beforeend`, `afterbegin`, `beforebegin`, `afterend`, `delete`, `none`) has its start and
    end tag replaced by the partial's, its content kept byte for byte; `STYLE:SELECTOR` targets
    the selector; the morph styles of 2.x extensions become `outerMorph`/`innerMorph`. An id
    that is not a plain CSS identifier is escaped in `hx-target`; template expressions and
    f-string placeholders in it are kept as written. Template blocks are transparent: an
    element inside `{% for %}` or `{{ range }}` is still top level. With
    `--oob-style swap-oob`, adds `hx-swap-oob="true"` to elements swapped by id instead, and
    keeps explicit `hx-swap-oob` (4.0 still honours it). That form, which works both in a
    message and in a page, is also what an element that opens the connection (`ws-connect`,
    renamed in place by WS101) gets, and every element of a message template that is also
    used outside WebSocket messages (included by a page, rendered by a Django inclusion tag
    or for an HTTP response, its macros imported, included inside another message's element;
    WS206 names what to check there). Template tags (`{% if %}`, `{% cycle %}`...) in a start
    tag that becomes the partial's, in an `hx-swap-oob` it removes, or in an id or selector it
    would copy into `hx-target` are never removed or copied: such an element is reported
    (WS202) and left as it is. Expressions in an id (`{{ id }}`) are copied; those in the other
    attributes of a start tag the partial replaces go with it, as 2.x dropped them. In
    Python, `str.format` fields and `%` directives are kept as they are (braces and "%"
    written into such strings are doubled); where an id or selector holds a field that takes
    the next argument each time it is written (`{}`, `%s`), copying it into `hx-target` would
    shift the arguments, so that message keeps its elements and gets `hx-swap-oob="true"`
    instead; so does a templ message with an id written by a Go expression (`id={ key }`),
    which cannot be copied either, since templ reads a quoted value as text. HTML returned by a
    function that another module sends is rewritten where it is written, unless that function
    is also called for something else (an HTTP response): then it is reported.
    JSX elements a JavaScript/TypeScript server sends (Hono's `ws.send(tag.toString())`,
    `String(<Msg />)`, `renderToString(<Msg />)`, Kita's `ws.send(<Msg />)`) get the same
    rewrite, written as JSX: a fragment's children are the top level, `{...}` children and
    attribute values are opaque, a JSX comment renders nothing, a self-closing element is
    complete, character references in strings are decoded as JSX does. A component of the
    project is rewritten in the JSX it returns, unless the project also renders it elsewhere
    (a page): then the send is reported (WS111). An `id={expr}` cannot be copied into
    `hx-target="#..."` (a JSX string is text), so that message keeps its elements and gets
    `hx-swap-oob="true"`; so does a `.tsx` file whose JSX runtime is not `hono/jsx`, since
    React's TypeScript types declare no `hx-partial` element (`<hx-partial>` is a type error
    there). A `{items.map(...)}` or a component at the top level is reported: what it renders
    is not written there.

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
    `hx-swap-oob` elements nested inside a part stay unprocessed, as 2.x left them (where the
    element keeps `hx-swap-oob`, WS205 reports nested ones).
"""

from __future__ import annotations

from ._gate import message_check

CODE = "WS201"
NAME = "message-partial"
LANGUAGES = ("markup", "python", "go", "rust", "javascript")
FIX = "sometimes"
SAFETY = "safe"
TRIGGERS = ()
FACTS = ("discovered", "message_uses", "python_facts", "sent_strings", "jsx_configs", "message_parts")


def check(file):
    return message_check(file, CODE)
