"""WS302: 2.x WebSocket event names in JavaScript, and their handlers' detail reads."""

from __future__ import annotations

import pytest

from hxmigrate.testing import check_noop, check_transformed, make_settings, run

JS = dict(filename="app.js", select=["WS302"])
TS = dict(filename="app.ts", select=["WS302"])
ALPHA = dict(JS, settings=make_settings(target="4.0-alpha"))


@pytest.mark.parametrize(
    "before, after",
    [
        ('el.addEventListener("htmx:wsOpen", f);', 'el.addEventListener("htmx:ws:after:connection", f);'),
        ("el.removeEventListener('htmx:wsClose', f);", "el.removeEventListener('htmx:ws:close', f);"),
        ('htmx.on("htmx:ws-after-message", f);', 'htmx.on("htmx:ws:after:message:incoming", f);'),
        ('htmx.off("#c", "htmx:wsError", f);', 'htmx.off("#c", "htmx:ws:error", f);'),
        ("$(document).on('htmx:wsConnecting htmx:wsOpen click', f);",
         "$(document).on('htmx:ws:before:connection htmx:ws:after:connection click', f);"),
        ("const names = [`htmx:wsBeforeSend`, 'htmx:wsAfterSend'];",
         "const names = [`htmx:ws:before:message:outgoing`, 'htmx:ws:after:message:outgoing'];"),
        ('on("htmx:wsAfterMessage", (e) => show(e.detail.message));',
         'on("htmx:ws:after:message:incoming", (e) => show(e.detail.message.data));'),
        ('on("htmx:wsBeforeMessage", function (evt) { if (evt.detail.message === "") evt.preventDefault(); });',
         'on("htmx:ws:before:message:incoming", function (evt) { if (evt.detail.message.data === "") evt.preventDefault(); });'),
        ('on("htmx:wsAfterSend", e => log(e.detail.message));',
         'on("htmx:ws:after:message:outgoing", e => log(e.detail.message.data));'),
        ('on("htmx:wsConfigSend", (e) => { e.detail.parameters.a = 1; e.detail.messageBody = "x"; });',
         'on("htmx:ws:before:message:outgoing", (e) => { e.detail.message.values.a = 1; e.detail.message.data = "x"; });'),
        ('on("htmx:wsConfigSend", ({ detail }) => { detail.headers["X"] = "1"; });',
         'on("htmx:ws:before:message:outgoing", ({ detail }) => { detail.message.headers["X"] = "1"; });'),
        ('on("htmx:wsAfterMessage", (e) => { const d = e.detail; use(d.message); });',
         'on("htmx:ws:after:message:incoming", (e) => { const d = e.detail; use(d.message.data); });'),
        ('on("htmx:wsError", (e) => console.error(e.detail.error));',
         'on("htmx:ws:error", (e) => console.error(e.detail.error));'),
    ],
)
def test_transformed(before, after):
    check_transformed(before, after, **JS)


def test_typescript():
    check_transformed('el.addEventListener("htmx:wsAfterMessage", (e: CustomEvent) => f(e.detail.message as string));',
                      'el.addEventListener("htmx:ws:after:message:incoming", (e: CustomEvent) => f(e.detail.message.data as string));',
                      **TS)


@pytest.mark.parametrize(
    "source",
    [
        'el.addEventListener("htmx:ws:after:message:incoming", (e) => f(e.detail.message.data));',
        'const text = "htmx:wsOpen fired";',  # not exactly an event name
        'el.addEventListener("message", (e) => f(e.data));',
        "// htmx:wsOpen in a comment",
    ],
)
def test_noop(source):
    check_noop(source, **JS)


@pytest.mark.parametrize(
    "source, fragment",
    [
        ('on("htmx:wsOpen", (e) => e.detail.socketWrapper.send("hi"));', "socketWrapper"),
        ('on("htmx:wsClose", (e) => log(e.detail.event.code));', "detail.code"),
        ('on("htmx:wsBeforeSend", (e) => log(e.detail.message));', "before the text is built"),
        ('on("htmx:wsAfterMessage", (e) => { e.detail.message = "x"; });', "had no effect in 2.x"),
        ('on("htmx:wsConfigSend", (e) => { const { parameters } = e.detail; });', "destructures"),
    ],
)
def test_detail_reports(source, fragment):
    fixed, first, _ = run(source, **JS)
    reports = [d for d in first if d.fix is None]
    assert reports and fragment in reports[0].message
    assert any(d.fix is not None for d in first)  # the name itself is still renamed


def test_leftover_detail_is_still_reported_after_the_rename():
    source = 'on("htmx:wsOpen", (e) => e.detail.socketWrapper.send("hi"));'
    fixed, _, remaining = run(source, **JS)
    assert "htmx:ws:after:connection" in fixed
    assert [d.code for d in remaining] == ["WS302"] and "socketWrapper" in remaining[0].message


def test_named_handler_gets_a_hint():
    _, first, _ = run('el.addEventListener("htmx:wsAfterMessage", onMessage);', **JS)
    assert "check how the handler reads `event.detail`" in first[0].message


def test_a_name_built_by_template_syntax_is_left_alone():
    page = "<script>htmx.on('{{ prefix }}htmx:wsOpen', f); htmx.on('htmx:wsOpen', g);</script>"
    fixed, first, _ = run(page, filename="p.jinja", select=["WS302"])
    assert fixed == "<script>htmx.on('{{ prefix }}htmx:wsOpen', f); htmx.on('htmx:ws:after:connection', g);</script>"


def test_alpha_target():
    check_transformed('on("htmx:wsAfterMessage", (e) => f(e.detail.message));',
                      'on("htmx:after:ws:message", (e) => f(e.detail.message));', **ALPHA)
    _, first, _ = run('on("htmx:wsConfigSend", (e) => f(e.detail.parameters));', **ALPHA)
    assert [d.fix is None for d in first] == [False, True]
