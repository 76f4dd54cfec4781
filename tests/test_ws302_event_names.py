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
        ('el.addEventListener("htmx:wsOpen", f); function f() {}',
         'el.addEventListener("htmx:ws:after:connection", f); function f() {}'),
        ("el.removeEventListener('htmx:wsClose', f); function f() {}",
         "el.removeEventListener('htmx:ws:close', f); function f() {}"),
        ('htmx.on("htmx:ws-after-message", f); const f = () => {};',
         'htmx.on("htmx:ws:after:message:incoming", f); const f = () => {};'),
        ('htmx.off("#c", "htmx:wsError", f); function f() {}', 'htmx.off("#c", "htmx:ws:error", f); function f() {}'),
        ("$(document).on('htmx:wsConnecting htmx:wsOpen click', f); function f(e) { log(e.type); }",
         "$(document).on('htmx:ws:before:connection htmx:ws:after:connection click', f); function f(e) { log(e.type); }"),
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


def test_handler_defined_elsewhere_waits_for_a_person():
    source = 'import { onMessage } from "./chat.js";\nel.addEventListener("htmx:wsAfterMessage", onMessage);\n'
    fixed, first, remaining = run(source, **JS)
    assert fixed == source and [d.code for d in remaining] == ["WS302"]
    assert "`onMessage` is defined elsewhere" in first[0].message and not first[0].fix.safe
    unsafe, _, _ = run(source, **JS, settings=make_settings(unsafe_fixes=True))
    assert "htmx:ws:after:message:incoming" in unsafe


def test_a_name_built_by_template_syntax_is_left_alone():
    page = "<script>htmx.on('{{ prefix }}htmx:wsOpen', f); htmx.on('htmx:wsOpen', g); function g() {}</script>"
    fixed, first, _ = run(page, filename="p.jinja", select=["WS302"])
    assert fixed == ("<script>htmx.on('{{ prefix }}htmx:wsOpen', f); htmx.on('htmx:ws:after:connection', g); "
                     "function g() {}</script>")


def test_alpha_target():
    check_transformed('on("htmx:wsAfterMessage", (e) => f(e.detail.message));',
                      'on("htmx:after:ws:message", (e) => f(e.detail.message));', **ALPHA)
    _, first, _ = run('on("htmx:wsConfigSend", (e) => f(e.detail.parameters));', **ALPHA)
    assert [d.fix is None for d in first] == [False, True]


# --- handlers passed by name, and code a handler hands the event to -------------------------------

@pytest.mark.parametrize(
    "before, after",
    [
        ('htmx.on("htmx:wsConfigSend", addMeta);\nfunction addMeta(e) { e.detail.parameters.token = t; }\n',
         'htmx.on("htmx:ws:before:message:outgoing", addMeta);\nfunction addMeta(e) { e.detail.message.values.token = t; }\n'),
        ('const show = (e) => log(e.detail.message);\nel.addEventListener("htmx:wsAfterMessage", show);\n',
         'const show = (e) => log(e.detail.message.data);\nel.addEventListener("htmx:ws:after:message:incoming", show);\n'),
        ('const show = function ({ detail }) { log(detail.message); };\nhtmx.on("#c", "htmx:wsBeforeMessage", show);\n',
         'const show = function ({ detail }) { log(detail.message.data); };\nhtmx.on("#c", "htmx:ws:before:message:incoming", show);\n'),
        # added and taken away again: both calls renamed, the handler rewritten once
        ('function show(e) { log(e.detail.message); }\nel.addEventListener("htmx:wsAfterMessage", show);\n'
         'el.removeEventListener("htmx:wsAfterMessage", show);\n',
         'function show(e) { log(e.detail.message.data); }\nel.addEventListener("htmx:ws:after:message:incoming", show);\n'
         'el.removeEventListener("htmx:ws:after:message:incoming", show);\n'),
        # the event handed to a function used nowhere else is followed
        ('el.addEventListener("htmx:wsAfterMessage", (e) => render(e));\nfunction render(ev) { show(ev.detail.message); }\n',
         'el.addEventListener("htmx:ws:after:message:incoming", (e) => render(e));\n'
         'function render(ev) { show(ev.detail.message.data); }\n'),
        ('htmx.on("htmx:wsConfigSend", (e) => stamp(Date.now(), e));\nfunction stamp(t, e) { e.detail.headers.T = t; }\n',
         'htmx.on("htmx:ws:before:message:outgoing", (e) => stamp(Date.now(), e));\n'
         'function stamp(t, e) { e.detail.message.headers.T = t; }\n'),
        # an event name kept in a const
        ('const EVT = "htmx:wsAfterMessage";\nel.addEventListener(EVT, (e) => log(e.detail.message));\n',
         'const EVT = "htmx:ws:after:message:incoming";\nel.addEventListener(EVT, (e) => log(e.detail.message.data));\n'),
        # logging the event reads nothing
        ('el.addEventListener("htmx:wsOpen", (e) => console.log(e));\n',
         'el.addEventListener("htmx:ws:after:connection", (e) => console.log(e));\n'),
    ],
)
def test_named_and_followed_handlers(before, after):
    check_transformed(before, after, **JS)


def test_handler_in_another_inline_script_of_the_page():
    page = ('<script>function show(e) { log(e.detail.message); }</script>\n'
            '<script>document.body.addEventListener("htmx:wsAfterMessage", show);</script>\n')
    check_transformed(page, page.replace("e.detail.message", "e.detail.message.data")
                      .replace("htmx:wsAfterMessage", "htmx:ws:after:message:incoming"), filename="page.html", select=["WS302"])


@pytest.mark.parametrize(
    "source, why",
    [
        # called elsewhere
        ('htmx.on("htmx:wsConfigSend", addMeta);\nfunction addMeta(e) { e.detail.parameters.a = 1; }\naddMeta(fake);\n',
         "also used elsewhere"),
        # registered for another event too
        ('htmx.on("htmx:wsConfigSend", addMeta);\nhtmx.on("htmx:configRequest", addMeta);\n'
         'function addMeta(e) { e.detail.parameters.a = 1; }\n', "also used elsewhere"),
        # exported: other modules may call it
        ('htmx.on("htmx:wsConfigSend", addMeta);\nexport function addMeta(e) { e.detail.parameters.a = 1; }\n',
         "also used elsewhere"),
        # used from markup of the page
        ('<button onclick="addMeta(event)">x</button>\n<script>htmx.on("htmx:wsConfigSend", addMeta);\n'
         'function addMeta(e) { e.detail.parameters.a = 1; }</script>\n', "also used elsewhere"),
    ],
)
def test_shared_handlers_are_reported_not_rewritten(source, why):
    filename = "page.html" if source.startswith("<") else "app.js"
    fixed, first, remaining = run(source, filename=filename, select=["WS302"])
    assert fixed == source
    rename = first[0]
    assert why in rename.message and rename.fix is not None and not rename.fix.safe
    read = [d for d in first if "detail.parameters" in d.message]
    assert read and "rewrite it by hand" in read[0].message and read[0].line == source[: source.index("e.detail")].count("\n") + 1
    assert len(remaining) == len(first)


@pytest.mark.parametrize(
    "source, fragment",
    [
        ('el.addEventListener("htmx:wsAfterMessage", (e) => app.handle(e));', "hands the event to `app.handle()`"),
        ('el.addEventListener("htmx:wsAfterMessage", (e) => render(e));\nfunction render(ev) {}\nrender(other);',
         "hands the event to `render()`"),
        ('el.addEventListener("htmx:wsAfterMessage", (e) => { queue.push(e.detail); });', "hands its detail to"),
        ('el.addEventListener("htmx:wsConfigSend", (e) => { const { parameters } = e.detail; });', "destructures"),
        ('el.addEventListener("htmx:wsAfterMessage", (e) => { e.detail.message = ""; });', "had no effect in 2.x"),
    ],
)
def test_handlers_that_need_a_look_wait_for_the_rename(source, fragment):
    fixed, first, remaining = run(source, **JS)
    assert fixed == source
    assert not first[0].fix.safe and "unsafe" in first[0].message
    assert any(fragment in d.message for d in first[1:]), [d.message for d in first]


def test_a_read_of_a_gone_property_does_not_hold_the_rename_back():
    source = 'function onOpen(e) { e.detail.socketWrapper.send("hi"); }\nhtmx.on("htmx:wsOpen", onOpen);\n'
    fixed, first, remaining = run(source, **JS)
    assert "htmx:ws:after:connection" in fixed and [d.fix.safe for d in first if d.fix] == [True]
    assert [d.code for d in remaining] == ["WS302"] and "socketWrapper" in remaining[0].message


def test_the_handler_is_the_argument_before_the_options():
    check_transformed('function show(e) { log(e.detail.message); }\n'
                      'el.addEventListener("htmx:wsAfterMessage", show, options);\n',
                      'function show(e) { log(e.detail.message.data); }\n'
                      'el.addEventListener("htmx:ws:after:message:incoming", show, options);\n', **JS)
