"""SE302: the SSE extension's 2.x event names in JavaScript and Alpine listeners become htmx 4's,
with their handlers' `event.detail` reads; the message events and `htmx:sseError`, which htmx 4
fires on other elements or occasions, only with `--unsafe-fixes`."""

from __future__ import annotations

import pytest

from hxmigrate.testing import check_noop, check_transformed, make_settings, run

HTML = dict(filename="page.html", select=["SE302"])
JS = dict(filename="app.js", select=["SE302"])
UNSAFE = dict(filename="app.js", select=["SE302"], settings=make_settings(unsafe_fixes=True))


def _js(code: str) -> str:
    return f"<script>\n{code}\n</script>\n"


@pytest.mark.parametrize(
    "before, after",
    [
        # the connection events: same element, same moment; kebab twins too
        ('document.body.addEventListener("htmx:sseOpen", () => go());',
         'document.body.addEventListener("htmx:sse:after:connection", () => go());'),
        ("htmx.on('htmx:sse-close', () => stop());", "htmx.on('htmx:sse:close', () => stop());"),
        # detail.elt of an event fired on the connection element is the event's target
        ('document.addEventListener("htmx:sseOpen", (e) => e.detail.elt.classList.add("on"));',
         'document.addEventListener("htmx:sse:after:connection", (e) => e.target.classList.add("on"));'),
        ('document.addEventListener("htmx:sseClose", function (evt) { mark(evt.detail.elt.id); });',
         'document.addEventListener("htmx:sse:close", function (evt) { mark(evt.target.id); });'),
        # a handler passed by name, used only for this event (add and remove)
        ('function onOpen(e) { e.detail.elt.hidden = false; }\n'
         'document.addEventListener("htmx:sseOpen", onOpen);\ndocument.removeEventListener("htmx:sseOpen", onOpen);',
         'function onOpen(e) { e.target.hidden = false; }\n'
         'document.addEventListener("htmx:sse:after:connection", onOpen);\n'
         'document.removeEventListener("htmx:sse:after:connection", onOpen);'),
        # a const the calls use
        ('const OPEN = "htmx:sseOpen";\ndocument.addEventListener(OPEN, (e) => e.detail.elt.focus());',
         'const OPEN = "htmx:sse:after:connection";\ndocument.addEventListener(OPEN, (e) => e.target.focus());'),
        # jQuery's lists of events
        ('$(document).on("htmx:sseOpen htmx:sseClose", () => toggle());',
         '$(document).on("htmx:sse:after:connection htmx:sse:close", () => toggle());'),
        # the event handed to a function of the file used nowhere else: followed
        ('function show(ev) { ev.detail.elt.hidden = false; }\n'
         'document.addEventListener("htmx:sseOpen", (e) => show(e));',
         'function show(ev) { ev.target.hidden = false; }\n'
         'document.addEventListener("htmx:sse:after:connection", (e) => show(e));'),
        # console.* reads nothing of it
        ('document.addEventListener("htmx:sseOpen", (e) => console.log(e));',
         'document.addEventListener("htmx:sse:after:connection", (e) => console.log(e));'),
    ],
)
def test_transformed(before, after):
    check_transformed(before, after, **JS)
    check_transformed(_js(before), _js(after), **HTML)


@pytest.mark.parametrize(
    "before, after, reason",
    [
        ('document.body.addEventListener("htmx:sseMessage", (e) => log(e.detail.data, e.detail.lastEventId));',
         'document.body.addEventListener("htmx:sse:after:message", (e) => log(e.detail.message.data, '
         'e.detail.message.id));',
         "once for every message of the stream, named ones too"),
        ('document.addEventListener("htmx:sse-before-message", ({ detail }) => { if (!detail.data) stop(); });',
         'document.addEventListener("htmx:sse:before:message", ({ detail }) => { if (!detail.message.data) stop(); });',
         "cancelling it then also keeps a named message's DOM event from firing"),
        ('document.addEventListener("htmx:sseMessage", (e) => { const d = e.detail; show(d.data); });',
         'document.addEventListener("htmx:sse:after:message", (e) => { const d = e.detail; show(d.message.data); });',
         "on each `sse-swap`"),
        ('document.addEventListener("htmx:sseError", () => offline());',
         'document.addEventListener("htmx:sse:error", () => offline());',
         "each time the server ended the stream"),
        # a handler that needs a look is renamed with --unsafe-fixes, its reads reported
        ('document.addEventListener("htmx:sseOpen", (e) => keep(e.detail.source));',
         'document.addEventListener("htmx:sse:after:connection", (e) => keep(e.detail.source));',
         "the handler needs a look first"),
    ],
)
def test_unsafe(before, after, reason):
    fixed, first, _ = run(before, filename="app.js", select=["SE302"])
    assert fixed == before
    renames = [d for d in first if d.fix is not None]
    assert len(renames) == 1 and not renames[0].fix.safe and reason in renames[0].message, \
        [d.message for d in first]
    check_transformed(before, after, **UNSAFE)


@pytest.mark.parametrize(
    "source, fragments",
    [
        ('document.addEventListener("htmx:sseOpen", (e) => keep(e.detail.source));',
         ["`detail.source` was the EventSource", "`detail.connection`"]),
        ('document.addEventListener("htmx:sseClose", (e) => { if (e.detail.type === "message") done(); });',
         ["`detail.type`", "`detail.reason`", '"ended"']),
        ('document.addEventListener("htmx:sseMessage", (e) => route(e.detail.type));',
         ["`detail.message.event`", 'is "" for an unnamed message']),
        ('document.addEventListener("htmx:sseMessage", (e) => e.detail.elt.scrollIntoView());',
         ["`detail.elt` was the `sse-swap` element", "on the connection element"]),
        ('document.addEventListener("htmx:sseMessage", (e) => check(e.detail.origin));',
         ["`detail.origin` was a property of the EventSource's MessageEvent"]),
        ('document.addEventListener("htmx:sseError", (e) => report(e.detail.error));',
         ["`detail.error` was the EventSource's error Event"]),
        ('document.addEventListener("htmx:sseBeforeMessage", (e) => { e.detail.data = clean(e.detail.data); });',
         ["assigning `detail.data` had no effect in 2.x", "`detail.message.data` is what gets swapped"]),
        ('document.addEventListener("htmx:sseOpen", (e) => other(e));', ["hands the event to `other()`"]),
        ('document.addEventListener("htmx:sseOpen", handler);', ["the handler `handler` is defined elsewhere"]),
        ('function h(e) { e.detail.elt.focus(); }\ndocument.addEventListener("htmx:sseOpen", h);\nh(null);',
         ["`h` is also used elsewhere", "`detail.elt` is the event's `target`", "rewrite it by hand"]),
        ('document.addEventListener("htmx:sseMessage", ({ detail: { data } }) => show(data));',
         ["destructures the detail"]),
        # one handler, two events whose detail changed differently
        ('$(document).on("htmx:sseOpen htmx:sseMessage", (e) => use(e.detail.elt));',
         ["several events whose detail changed differently"]),
        # already renamed, still reading the 2.x detail
        ('document.addEventListener("htmx:sse:after:message", (e) => show(e.detail.data));',
         ["`detail.data` is a 2.x detail property", "`detail.message.data` holds it"]),
        ('document.addEventListener("htmx:sse:close", (e) => show(e.detail.type));',
         ["`detail.type` is a 2.x detail property"]),
    ],
)
def test_reported(source, fragments):
    fixed, first, _ = run(source, **JS)
    text = "\n".join(d.message for d in first)
    for fragment in fragments:
        assert fragment in text, text
    assert fixed == source or all(d.fix is None or not d.fix.safe for d in first if fragments[0] in d.message)


def test_reports_hold_the_rename_back():
    source = 'document.addEventListener("htmx:sseOpen", (e) => keep(e.detail.source));'
    _, first, _ = run(source, **JS)
    rename = next(d for d in first if d.fix is not None)
    assert not rename.fix.safe
    assert any(d.fix is None and "`detail.source`" in d.message for d in first)


@pytest.mark.parametrize(
    "source",
    [
        'document.addEventListener("htmx:sse:after:message", (e) => show(e.detail.message.data));',
        'document.addEventListener("htmx:sse:after:connection", (e) => e.target.focus());',
        'const text = "we listen to htmx:sseMessage for updates";',  # not an event name by itself
        'document.addEventListener("htmx:wsOpen", () => go());',
    ],
)
def test_noop(source):
    fixed, first, _ = run(source, **JS)
    assert fixed == source and not [d for d in first if d.code == "SE302"], [d.message for d in first]


def test_a_copy_of_the_2x_extension_is_left_alone():
    source = ("htmx.defineExtension('sse', { onEvent: function (name, evt) {} });\n"
              "api.triggerEvent(elt, 'htmx:sseOpen', { source });")
    check_noop(source, **JS)
    _, first, _ = run(source, **JS)
    assert not first


def test_template_syntax_next_to_the_name_is_reported():
    source = '<script>document.addEventListener("htmx:sseOpen{{ suffix }}", go);</script>'
    fixed, first, _ = run(source, filename="page.jinja", select=["SE302"])
    assert fixed == source


@pytest.mark.parametrize(
    "before, after",
    [
        ('<div x-data @htmx:sse-open.window="open = true"></div>',
         '<div x-data @htmx:sse:after:connection.window="open = true"></div>'),
        ('<div x-data x-on:htmx:sse-close.document="open = false"></div>',
         '<div x-data x-on:htmx:sse:close.document="open = false"></div>'),
        ('<div x-data @htmx:sse-open.camel.window="open = true"></div>',
         '<div x-data @htmx:sse:after:connection.camel.window="open = true"></div>'),
        ('<div x-data @htmx:sse-open.window="$event.detail.elt.focus()"></div>',
         '<div x-data @htmx:sse:after:connection.window="$event.target.focus()"></div>'),
    ],
)
def test_alpine_transformed(before, after):
    check_transformed(before, after, **HTML)


def test_alpine_message_listener_is_unsafe():
    before = '<div x-data @htmx:sse-message.window="last = $event.detail.data"></div>'
    after = '<div x-data @htmx:sse:after:message.window="last = $event.detail.message.data"></div>'
    fixed, first, _ = run(before, **HTML)
    assert fixed == before and not first[0].fix.safe
    check_transformed(before, after, filename="page.html", select=["SE302"], settings=make_settings(unsafe_fixes=True))


@pytest.mark.parametrize(
    "source, fragment",
    [
        ('<div x-data @htmx:sseOpen.window="go()"></div>', "never ran in htmx 2"),
        ('<div sse-connect="/e"><p sse-swap="message" x-data @htmx:sse-message="n++"></p></div>',
         "a listener below the connection element never hears it"),
        ('<div x-data @htmx:sse-open.window="onOpen"></div>', "Alpine calls `onOpen` with the event"),
    ],
)
def test_alpine_reported(source, fragment):
    fixed, first, _ = run(source, **HTML)
    assert fixed == source
    assert any(fragment in d.message for d in first), [d.message for d in first]


def test_alpine_in_vue_is_reported_not_renamed():
    source = '<template><div @htmx:sse-open.window="open = true"></div></template>'
    fixed, first, _ = run(source, filename="App.vue", select=["SE302"])
    assert fixed == source and first and first[0].fix is None and "a Vue template" in first[0].message


def test_se501_leaves_handled_names_and_reports_the_others():
    handled = '<script>document.addEventListener("htmx:sseOpen", () => go());</script>'
    _, first, _ = run(handled, select=["SE302", "SE501"])
    assert [d.code for d in first] == ["SE302"]
    unread = '<script>const help = "listen for htmx:sseOpen";</script>'
    _, first, _ = run(unread, select=["SE302", "SE501"])
    assert [d.code for d in first] == ["SE501"] and "`htmx:sse:after:connection`" in first[0].message
