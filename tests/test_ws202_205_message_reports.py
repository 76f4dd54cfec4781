"""WS202-WS205: what the message rewrite leaves alone, and says why."""

from __future__ import annotations

import pytest

from hxmigrate.testing import make_settings, run

MESSAGES = make_settings(ws_message_templates=["**"])
SWAP_OOB = make_settings(ws_message_templates=["**"], oob_style="swap-oob")


def codes(source: str, filename: str = "m.html", settings=MESSAGES) -> list[str]:
    fixed, found, _ = run(source, filename=filename, settings=settings)
    if not any(d.fix for d in found):
        assert fixed == source
    return [d.code for d in found]


@pytest.mark.parametrize(
    "source, expected",
    [
        pytest.param('{% if a %}<div id="a">{% else %}<div id="b">{% endif %}</div>', ["WS202", "WS202"], id="branches"),
        pytest.param('<div id="a">{% if x %}</div>{% endif %}', ["WS202"], id="end-in-branch"),
        pytest.param('{% for r in rs %}<li id="r">{{ r }}{% endfor %}', ["WS202"], id="loop-unclosed"),
        pytest.param('{{ if .A }}<div id="a">{{ else }}<div id="b">{{ end }}</div>', ["WS202", "WS202"], id="go"),
        pytest.param('<% if a %><div id="a"><% else %><div id="b"><% end %></div>', ["WS202", "WS202"], id="erb"),
        pytest.param('<?php if ($a): ?><div id="a"><?php else: ?><div id="b"><?php endif; ?></div>', ["WS202", "WS202"], id="php"),
        pytest.param('<div id="a">x', ["WS202"], id="no-end-tag"),
        pytest.param('<div id="a" {{ attrs }}>x</div>', ["WS202"], id="attrs-by-expression"),
        pytest.param('<div {% if a %}id="a"{% endif %}>x</div>', ["WS202"], id="conditional-id"),
        pytest.param('<div id="a"><span>{% if a %}</span>{% endif %}</div>', ["WS201"], id="inner-crossing-is-fine"),
        pytest.param('<div id="a" {% if a %}class="on"{% endif %}>x</div>', ["WS201"], id="conditional-class-is-fine"),
    ],
)
def test_ws202_structure(source, expected):
    assert codes(source) == expected


@pytest.mark.parametrize(
    "source, expected",
    [
        ("<p>no id</p>", ["WS203"]),
        ("hello <b id='x'>x</b>", ["WS203", "WS201"]),
        ("{{ html|safe }}", ["WS203"]),
        ("{% include name %}", ["WS203"]),
        ("{% include 'known.html' %}", []),
        ("<!-- a comment -->\n\n{# a template comment #}", []),
        ("{% set x = 1 %}{% macro m() %}<p>in a macro</p>{% endmacro %}", []),
        ('<div><p id="n" hx-swap-oob="true">x</p></div>', ["WS203"]),
        ("&nbsp;", ["WS203"]),
    ],
)
def test_ws203_stray(source, expected):
    assert codes(source) == expected


def test_ws203_mentions_nested_oob():
    _, found, _ = run('<div><p id="n" hx-swap-oob="true">x</p></div>', filename="m.html", settings=MESSAGES)
    assert "nested hx-swap-oob" in found[0].message


@pytest.mark.parametrize(
    "value",
    ["innerHTML swap:1s", "outerhtml", "InnerHTML", "textContent", "beforeEnd", "innerHTML:", "true:#x", " true", "{{ s }}"],
)
def test_ws204_values(value):
    assert codes(f'<div id="a" hx-swap-oob="{value}">x</div>') == ["WS204"]


def test_ws204_no_target():
    assert codes('<div hx-swap-oob="innerHTML">x</div>') == ["WS204"]


def test_ws204_selector_may_hold_template_code():
    assert codes('<div hx-swap-oob="innerHTML:#{{ t }}">x</div>') == ["WS201"]


@pytest.mark.parametrize(
    "source, expected",
    [
        ('<div id="a"><p id="b" hx-swap-oob="true">x</p></div>', ["WS201", "WS205"]),
        ('<ul id="a" hx-swap-oob="beforeend"><li id="b" hx-swap-oob="true">x</li><li data-hx-swap-oob="true" id="c">y</li></ul>', ["WS205"]),
        ('<div id="a"><p id="b">x</p></div>', ["WS201"]),
    ],
)
def test_ws205_nested_in_swap_oob_style(source, expected):
    assert sorted(codes(source, settings=SWAP_OOB)) == sorted(expected)


def test_ws205_silent_in_partial_style():
    assert codes('<div id="a"><p id="b" hx-swap-oob="true">x</p></div>') == ["WS201"]


def test_python_reports():
    source = ("async def h(websocket):\n    await websocket.send_text('<p>x</p>')\n"
              "    await websocket.send_text('<p id=\"a\" hx-swap-oob=\"outerhtml\">x</p>')\n"
              "    html = '<ul id=\"l\">'\n    html += '<li>x</li></ul>'\n    await websocket.send_text(html)\n")
    assert codes(source, filename="app.py") == ["WS203", "WS204", "WS202"]
