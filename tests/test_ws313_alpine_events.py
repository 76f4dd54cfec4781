"""WS313: Alpine.js listeners of 2.x WebSocket events, in markup and in binding objects."""

from __future__ import annotations

import pytest

from hxmigrate.testing import check_noop, check_transformed, make_settings, run
from hxmigrate.verify import verify

HTML = dict(filename="page.html", select=["WS313"])


@pytest.mark.parametrize(
    "before, after",
    [
        ('<div @htmx:ws-after-message="n++">', '<div @htmx:ws:after:message:incoming="n++">'),
        ('<div @htmx:ws-after-message.window="n++">', '<div @htmx:ws:after:message:incoming.window="n++">'),
        ('<div x-on:htmx:ws-close.window.once="s = 0">', '<div x-on:htmx:ws:close.window.once="s = 0">'),
        ('<div X-ON:htmx:ws-open="s = 1">', '<div X-ON:htmx:ws:after:connection="s = 1">'),
        # .camel listened to the camelCase twin, which 2.x fired too
        ('<div @htmx:ws-open.camel="s = 1">', '<div @htmx:ws:after:connection.camel="s = 1">'),
        ('<div @htmx:ws-after-message="last = $event.detail.message">',
         '<div @htmx:ws:after:message:incoming="last = $event.detail.message.data">'),
        ('<form @htmx:ws-config-send="$event.detail.parameters.token = t">',
         '<form @htmx:ws:before:message:outgoing="$event.detail.message.values.token = t">'),
        ('<div @htmx:ws-open="console.log($event)">', '<div @htmx:ws:after:connection="console.log($event)">'),
        # a function of the page that Alpine calls with the event, used nowhere else
        ('<div @htmx:ws-after-message="onMessage"></div>\n<script>function onMessage(e) { log(e.detail.message); }</script>',
         '<div @htmx:ws:after:message:incoming="onMessage"></div>\n'
         '<script>function onMessage(e) { log(e.detail.message.data); }</script>'),
    ],
)
def test_renamed(before, after):
    check_transformed(before, after, **HTML)
    verify("markup", before, after)


@pytest.mark.parametrize(
    "source, fragment",
    [
        ('<div @htmx:ws-after-message="onMessage($event)">', "hands the event to `onMessage()`"),
        ('<div @htmx:ws-after-message="onMessage">', "Alpine calls `onMessage` with the event"),
        ('<div @htmx:ws-after-message="handlers.message">', "Alpine calls `handlers.message`"),
        ('<div @htmx:ws-after-message="{{ code }} $event.detail.message">', "template syntax"),
        ('<div @htmx:ws-after-message="a &amp;&amp; show($event.detail.message)">', "character references"),
    ],
)
def test_expressions_that_need_a_look_keep_their_name(source, fragment):
    fixed, first, _ = run(source, filename="page.jinja" if "{{" in source else "page.html", select=["WS313"])
    assert fixed == source
    assert [d.fix.safe for d in first if d.fix] == [False]
    assert any(fragment in d.message for d in first if d.fix is None), [d.message for d in first]


@pytest.mark.parametrize(
    "source, fragment",
    [
        ('<div @htmx:wsAfterMessage="n++">', "never ran in htmx 2"),
        ('<div @htmx:ws-open="a()" @htmx:ws:after:connection="b()">', "merge the two listeners"),
        ('<div x-on:htmx:ws-close="f($event.detail.event.code)">', "`detail.event` is gone"),
    ],
)
def test_reported(source, fragment):
    _, first, _ = run(source, **HTML)
    assert any(d.fix is None and fragment in d.message for d in first), [d.message for d in first]


@pytest.mark.parametrize(
    "source",
    [
        '<div @htmx:ws:after:message:incoming.window="n++">',
        '<div @click="open = true" x-on:htmx:after-swap="n++">',
        '<div @htmx:ws-open.dot="n++">',  # listened to htmx:ws.open, which nothing fires
        '<div x-bind:htmx-ws-open="x">',
    ],
)
def test_noop(source):
    check_noop(source, **HTML)


def test_gone_reads_are_reported_again_after_the_rename():
    fixed, _, remaining = run('<div @htmx:ws-open="$event.detail.socketWrapper.send(1)">', **HTML)
    assert fixed == '<div @htmx:ws:after:connection="$event.detail.socketWrapper.send(1)">'
    assert [d.code for d in remaining] == ["WS313"] and "socketWrapper" in remaining[0].message


@pytest.mark.parametrize(
    "before, after",
    [
        ('Alpine.bind("s", () => ({ "@htmx:wsOpen"() { this.on = true; } }));',
         'Alpine.bind("s", () => ({ "@htmx:ws:after:connection"() { this.on = true; } }));'),
        ('Alpine.bind("s", () => ({ ["x-on:htmx:ws-after-message.window"]: (e) => log(e.detail.message) }));',
         'Alpine.bind("s", () => ({ ["x-on:htmx:ws:after:message:incoming.window"]: (e) => log(e.detail.message.data) }));'),
        ('Alpine.data("chat", () => ({ bind: { "@htmx:ws-close": "open = false" } }));',
         'Alpine.data("chat", () => ({ bind: { "@htmx:ws:close": "open = false" } }));'),
    ],
)
def test_binding_objects_in_code(before, after):
    check_transformed(before, after, filename="app.js", select=["WS313"])


def test_binding_with_a_handler_defined_elsewhere_waits():
    source = 'Alpine.bind("s", () => ({ "@htmx:ws-after-message": handlers.onMessage }));'
    fixed, first, _ = run(source, filename="app.js", select=["WS313"])
    assert fixed == source and not first[0].fix.safe


def test_vue_templates_are_reported_not_rewritten():
    source = '<template><div @htmx:ws-after-message="n++"></div></template>\n'
    fixed, first, _ = run(source, filename="Chat.vue", kind="markup", select=["WS313"])
    assert fixed == source and first and first[0].fix is None and "Vue" in first[0].message


def test_alpha_target():
    check_transformed('<div @htmx:ws-after-message="n++">', '<div @htmx:after:ws:message="n++">',
                      **HTML, settings=make_settings(target="4.0-alpha"))
