"""WS405-WS407: markup, scripts and extension URLs written in Python strings, rewritten inside
the string's literals (its quotes, prefix, f-string placeholders and format fields kept), or
reported where the edit cannot be written there."""

from __future__ import annotations

import pytest

from hxmigrate.testing import check_noop, check_transformed, run
from hxmigrate.verify import verify


def transformed(before: str, after: str) -> None:
    check_transformed(before, after, filename="app.py")
    verify("python", before, after)


def ret(body: str) -> str:
    return f"def page(url, room):\n    return {body}\n"


@pytest.mark.parametrize(
    "before, after",
    [
        pytest.param("f'<body hx-ext=\"ws\" ws-connect=\"{url}\">'", "f'<body hx-ws:connect=\"{url}\" hx-swap=\"none\">'",
                     id="f-string"),
        pytest.param("'<body hx-ext=\"ws\" ws-connect=\"' + url + '\">'",
                     "'<body hx-ws:connect=\"' + url + '\" hx-swap=\"none\">'", id="concatenation"),
        pytest.param("\"<form ws-send='x'>\" \"<input name=m></form>\"", "\"<form hx-ws:send>\" \"<input name=m></form>\"",
                     id="implicit-concatenation"),
        pytest.param("'<div ws-connect=\"/r/%s\">' % room", "'<div hx-ws:connect=\"/r/%s\" hx-swap=\"none\">' % room",
                     id="percent"),
        pytest.param("'<div ws-connect=\"{}\">'.format(url)", "'<div hx-ws:connect=\"{}\" hx-swap=\"none\">'.format(url)",
                     id="format"),
        pytest.param("\"<div ws-connect='/x'>\"", "\"<div hx-ws:connect='/x' hx-swap=\\\"none\\\">\"", id="quote-escaped"),
        pytest.param("f'<div\\n  ws-connect=\"{url}\">'", "f'<div\\n  hx-ws:connect=\"{url}\"\\n  hx-swap=\"none\">'",
                     id="newline-escape"),
        pytest.param("'<script src=\"https://unpkg.com/htmx-ext-ws@2.0.2/ws.js\"></script>'",
                     "'<script src=\"https://unpkg.com/htmx.org@4.0.1/dist/ext/hx-ws.js\"></script>'", id="script-tag"),
        pytest.param("f'<div hx-on::ws-after-message=\"go({{x: 1}})\">'",
                     "f'<div hx-on::ws:after:message:incoming=\"go({{x: 1}})\">'", id="braces-kept"),
    ],
)
def test_markup_in_strings(before, after):
    transformed(ret(before), ret(after))


@pytest.mark.parametrize(
    "source, why",
    [
        pytest.param(ret("f'<div hx-ws=\"connect:{url}\">'"), "cannot be converted automatically", id="template-url"),
        pytest.param(ret("r'''<div\n  ws-connect=\"/x\">'''"), None, id="raw-triple-quoted-is-fine"),
    ],
)
def test_markup_edits_that_cannot_be_written_are_reported(source, why):
    fixed, found, _ = run(source, filename="app.py")
    codes = [d.code for d in found]
    assert "WS405" in codes
    if why is None:
        assert fixed != source
        verify("python", source, fixed)
    else:
        assert fixed == source
        assert any(why in d.message for d in found if d.code == "WS405")


def test_edits_map_into_literals_or_not_at_all():
    from hxmigrate.edits import Edit
    from hxmigrate.rules.websockets._embedded import map_edit
    from hxmigrate.syntax.python import PythonView, string_text

    code = "x = f'<a id=\"{i}\">' + b + 'z'\n"
    view = PythonView(code)
    st = string_text(view, view.module.body[0].body[0].value)
    assert st.text == '<a id="{i}">bz'
    placeholder = st.text.index("{i}")
    # A rename inside one literal, with the f-string's braces doubled.
    assert map_edit(st, Edit(1, 2, "b")) == Edit(7, 8, "b")
    assert map_edit(st, Edit(1, 2, "{x}")) is None  # a brace written into an f-string
    assert map_edit(st, Edit(placeholder, placeholder + 3, "1")) is None  # into a placeholder
    assert map_edit(st, Edit(placeholder + 2, placeholder + 5, "")) is None  # across the placeholder's end
    assert map_edit(st, Edit(len(st.text) - 3, len(st.text), "")) is None  # across literals and an operand
    # An insertion right after a placeholder goes into the literal that follows it.
    end = placeholder + 3
    at = map_edit(st, Edit(end, end, " hx-swap=x"))
    assert at is not None and code[:at.start].endswith("{i}")
    assert map_edit(st, Edit(2, 2, "\n")) == Edit(8, 8, "\\n")  # a newline as its escape


@pytest.mark.parametrize(
    "source",
    [
        '"""Module docs: <div hx-ext="ws" ws-connect="/x"> is left alone."""\n',
        'def f():\n    """<div ws-connect="/x"></div>"""\n    return 1\n',
        "x = '<p>no WebSocket</p>'\n",
        "x = f'<div hx-ws:connect=\"{u}\" hx-swap=\"none\">'\n",
    ],
)
def test_markup_noop(source):
    check_noop(source, filename="app.py")


def test_markup_in_a_sent_message_is_left_to_the_message_rules():
    # A message string with no 2.x attribute: only WS201 reads it.
    source = "async def h(websocket):\n    await websocket.send_text('<div id=\"a\">x</div>')\n"
    _, found, _ = run(source, filename="app.py", select=["WS405"])
    assert found == []


@pytest.mark.parametrize(
    "before, after",
    [
        # Handlers that read nothing of the event: renamed with it (a handler hxmigrate cannot
        # follow keeps its 2.x name, see WS302).
        pytest.param("Script('htmx.on(\"htmx:wsAfterMessage\", () => go())')",
                     "Script('htmx.on(\"htmx:ws:after:message:incoming\", () => go())')", id="event"),
        pytest.param("Script(\"document.body.addEventListener('htmx:wsOpen', () => go())\", type='module')",
                     "Script(\"document.body.addEventListener('htmx:ws:after:connection', () => go())\", type='module')",
                     id="event-double-quoted"),
    ],
)
def test_scripts_in_strings(before, after):
    transformed(f"from fasthtml.common import Script\nx = {before}\n", f"from fasthtml.common import Script\nx = {after}\n")


def test_script_fix_is_withheld_for_fasthtml_htmx4():
    source = ("from fasthtml.common import *\napp = FastHTML(htmx4=True)\n"
              "x = Script('htmx.on(\"htmx:wsOpen\", go)')\n")
    fixed, found, _ = run(source, filename="app.py")
    assert fixed == source
    assert [d.code for d in found] == ["WS406"] and "metaCharacter" in found[0].message


@pytest.mark.parametrize(
    "before, after",
    [
        pytest.param('URL = "https://unpkg.com/htmx-ext-ws@2.0.2/ws.js"\n',
                     'URL = "https://unpkg.com/htmx.org@4.0.1/dist/ext/hx-ws.js"\n', id="setting"),
        pytest.param("URL = 'https://cdn.jsdelivr.net/npm/htmx-ext-ws@2/dist/ws.min.js?v=1'\n",
                     "URL = 'https://cdn.jsdelivr.net/npm/htmx.org@4.0.1/dist/ext/hx-ws.min.js?v=1'\n", id="query-kept"),
    ],
)
def test_extension_urls(before, after):
    transformed(before, after)


def test_integrity_next_to_an_unknown_file_is_reported():
    source = 'x = Script(src="https://unpkg.com/htmx-ext-ws@2.0.2/ws.js", integrity=HASH)\n'
    fixed, found, _ = run(source, filename="app.py")
    assert fixed == source
    assert [d.code for d in found] == ["WS407"] and "integrity" in found[0].message


def test_core_url_alone_is_no_finding():
    check_noop('HTMX = "https://unpkg.com/htmx.org@2.0.4/dist/htmx.min.js"\n', filename="app.py")


def test_selection_runs_the_rules_inside_and_ignoring_one_drops_it():
    source = ret("f'<div hx-ext=\"ws\" ws-connect=\"{url}\">'")
    _, found, _ = run(source, filename="app.py", select=["WS405"])
    assert sorted(d.message.rsplit("(", 1)[-1] for d in found) == ["WS101)", "WS103)"]
    from hxmigrate.testing import make_settings

    _, found, _ = run(source, filename="app.py", settings=make_settings(ignore=["WS103"]))
    assert [d.message.rsplit("(", 1)[-1] for d in found] == ["WS101)"]
    _, found, _ = run(source, filename="app.py", settings=make_settings(ignore=["WS405"]))
    assert found == []
