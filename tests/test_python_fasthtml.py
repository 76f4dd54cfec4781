"""FastHTML (python-fasthtml 0.14): the app's headers (WS408), component keywords for the
app's metaCharacter (WS403), components an @app.ws handler sends (WS217), and the Python
verifier, which accepts exactly these keyword changes."""

from __future__ import annotations

import pytest

from hxmigrate.testing import check_noop, check_transformed, run
from hxmigrate.verify import VerificationError, verify

HEAD = "from fasthtml.common import *\n"
HTMX4 = HEAD + "app, rt = fast_app(htmx4=True)\n"


def transformed(before: str, after: str) -> None:
    check_transformed(before, after, filename="app.py")
    verify("python", before, after)


def codes(source: str) -> list[str]:
    return [d.code for d in run(source, filename="app.py")[1]]


# --- WS403: keywords --------------------------------------------------------------------------

@pytest.mark.parametrize(
    "head, before, after",
    [
        pytest.param(HEAD, 'Div(ws_connect="/ws")', 'Div(**{"hx-ws:connect": "/ws", "hx-swap": "none"})', id="colon"),
        pytest.param(HEAD, "Form(Input(), ws_send=True)", 'Form(Input(), **{"hx-ws:send": True})', id="colon-send"),
        pytest.param(HEAD, 'Div(P(), hx_ext="ws", id="c")', 'Div(P(), id="c")', id="hx-ext-removed"),
        pytest.param(HEAD, 'Div(P(),\n    hx_ext="ws",\n    id="c")', 'Div(P(),\n    id="c")', id="hx-ext-line-removed"),
        pytest.param(HEAD, 'Div(P(), hx_ext="ws")', "Div(P())", id="hx-ext-last"),
        pytest.param(HEAD, 'Div(hx_ext="ws",)', "Div()", id="hx-ext-only"),
        pytest.param(HEAD, 'Div(hx_ext="morph, ws")', 'Div(hx_ext="morph")', id="hx-ext-list"),
        pytest.param(HEAD, 'Div(ws_connect=url, hx_target="#x")', 'Div(**{"hx-ws:connect": url}, hx_target="#x")',
                     id="own-target-no-swap"),
        pytest.param(HTMX4, 'Div(ws_connect=f"/ws/{room}")', 'Div(hx_ws_connect=f"/ws/{room}", hx_swap="none")',
                     id="dash"),
        pytest.param(HTMX4, "Form(ws_send=True)", "Form(hx_ws_send=True)", id="dash-send"),
        pytest.param(HTMX4, 'Div(**{"hx-ws:connect": "/ws", "hx-swap": "none"})', 'Div(hx_ws_connect="/ws", hx_swap="none")',
                     id="dash-from-colon"),
    ],
)
def test_keywords(head, before, after):
    transformed(f"{head}x = {before}\n", f"{head}x = {after}\n")


def test_keywords_elsewhere_are_reported_not_rewritten():
    source = 'from htpy import div\nx = div(hx_ext="ws", ws_connect="/ws")\n'
    check_noop(source, filename="app.py")
    assert codes(source) == ["WS403", "WS403"]


def test_a_comment_next_to_hx_ext_is_kept():
    transformed(HEAD + 'x = Div(P(),\n    hx_ext="ws",  # the chat\n    id="c")\n',
                HEAD + 'x = Div(P(),\n    # the chat\n    id="c")\n')
    source = HEAD + 'x = Div(P(),  # the chat\n    hx_ext="ws")\n'
    fixed, found, _ = run(source, filename="app.py")
    assert fixed == source and "by hand" in found[0].message


def test_a_connection_with_its_own_target_is_reported_after_the_rename():
    fixed, _, left = run(HTMX4 + 'x = Div(ws_connect="/ws", hx_target="#log")\n', filename="app.py")
    assert 'hx_ws_connect="/ws", hx_target="#log"' in fixed
    assert [d.code for d in left] == ["WS403"] and "hx_target" in left[0].message


# --- WS408: the app ------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "app, found",
    [
        ('app, rt = fast_app(exts="ws")', ["WS408"]),
        ('app = FastHTML(exts=["ws", "preload"])', ["WS408"]),
        ("app = FastHTML(exts=EXTS)", ["WS408"]),
        ('app, rt = fast_app(exts="ws", htmx4=True)', []),
        ('app, rt = fast_app(exts="preload")', []),
        ('app, rt = fast_app()\nx = Div(**{"hx-ws:connect": "/ws"})', ["WS408"]),
        ('app, rt = fast_app(htmx=False, hdrs=HDRS)\nx = Div(**{"hx-ws:connect": "/ws"})', []),
    ],
)
def test_app_headers(app, found):
    assert [c for c in codes(HEAD + app + "\n") if c == "WS408"] == found


# --- WS217: what a handler sends -----------------------------------------------------------------

WS = HEAD + 'app, rt = fast_app()\nusers = {}\n\ndef on_conn(ws, send):\n    users[id(ws)] = send\n\n@app.ws("/ws", conn=on_conn)\nasync def ws(msg: str, send):\n'


@pytest.mark.parametrize(
    "before, after",
    [
        ('    await send(Div(msg, id="a"))\n', '    await send(Div(msg, id="a", hx_swap_oob="true"))\n'),
        ('    for u in users.values():\n        await u(P(msg, id=f"m-{msg}", cls="x"))\n',
         '    for u in users.values():\n        await u(P(msg, id=f"m-{msg}", hx_swap_oob="true", cls="x"))\n'),
        ('    return Div(msg, id="a"), Span(1, id="b")\n',
         '    return Div(msg, id="a", hx_swap_oob="true"), Span(1, id="b", hx_swap_oob="true")\n'),
        ('    el = Li(msg, id="last")\n    await send(el)\n', '    el = Li(msg, id="last", hx_swap_oob="true")\n    await send(el)\n'),
    ],
)
def test_messages_by_id_get_hx_swap_oob(before, after):
    transformed(WS + before, WS + after)


@pytest.mark.parametrize(
    "body, words",
    [
        ('    await send(Div("x"))\n', "without id"),
        ('    await send(Div(P(1, id="p", hx_swap_oob="true"), id="a"))\n', "nested"),
        ('    await send(Div(1, **attrs))\n', "dictionary"),
        ('    await send(Div(1, id="a", hx_swap_oob="morph"))\n', "outerMorph"),
        ("    return row(msg)\n\ndef row(m):\n    return Tr(Td(m), id=\"r\")\n", "helper may also build the page"),
    ],
)
def test_messages_reported(body, words):
    source = WS + body
    fixed, found, _ = run(source, filename="app.py")
    assert fixed == source
    assert [d.code for d in found] == ["WS217"] and words in found[0].message


@pytest.mark.parametrize(
    "source",
    [
        WS + '    await send(Ul(Li(msg), id="log", hx_swap_oob="beforeend"))\n',
        HEAD + 'def page():\n    return Div(P("x"), id="a")\n',  # a page, not a message
        'def f(send):\n    send(Div("x", id="a"))\n',  # no FastHTML
    ],
)
def test_messages_noop(source):
    check_noop(source, filename="app.py")


# --- the verifier ------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "before, after",
    [
        ('Div(id="a", ws_connect=u)', 'Div(id="b", ws_connect=u)'),  # a string value: allowed
        ('Div(ws_connect=u)', 'Div(hx_ws_connect=u, hx_swap="none")'),
        ('Div(ws_connect=u)', 'Div(**{"hx-ws:connect": u, "hx-swap": "none"})'),
        ('Div(hx_ext="ws", x=1)', "Div(x=1)"),
        ('Div(id="a")', 'Div(id="a", hx_swap_oob="true")'),
    ],
)
def test_verifier_accepts_the_migration(before, after):
    verify("python", f"x = {before}\n", f"x = {after}\n")


@pytest.mark.parametrize(
    "before, after",
    [
        ('Div(ws_connect=u)', 'Div(hx_ws_connect=v)'),  # another value
        ('Div(ws_connect=u)', 'Div(hx_ws_send=u)'),  # another attribute
        ('Div(hx_ext="morph", x=1)', "Div(x=1)"),  # another extension removed
        ('Div(id="a")', 'Div(id="a", hx_swap_oob="beforeend")'),  # another swap
        ('Div(ws_connect=u)', 'Div(**{"hx-ws:connect": u, "class": "x"})'),  # an attribute added
        ('Div(a, ws_connect=u)', 'Div(ws_connect=u)'),  # a child dropped
    ],
)
def test_verifier_refuses_other_changes(before, after):
    with pytest.raises(VerificationError):
        verify("python", f"x = {before}\n", f"x = {after}\n")


def test_html_strings_a_handler_sends_get_the_message_rewrite():
    transformed(WS + "    await send('<p id=\"last\">' + msg + '</p>')\n",
                WS + "    await send('<hx-partial hx-target=\"#last\" hx-swap=\"outerHTML\"><p id=\"last\">' + msg + "
                     "'</p></hx-partial>')\n")


def test_keywords_of_the_apps_own_functions_are_reported_not_rewritten():
    source = HEAD + 'def chat_box(ws_connect):\n    return Div(hx_ws_connect=ws_connect)\n\nx = chat_box(ws_connect="/ws")\n'
    fixed, found, _ = run(source, filename="app.py")
    assert fixed == source
    assert [d.code for d in found] == ["WS403"] and found[0].fix is None
