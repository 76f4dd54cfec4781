"""WS201: top-level parts of WebSocket messages become <hx-partial> (or get hx-swap-oob)."""

from __future__ import annotations

import pytest

from hxmigrate.analysis.project import OtherUse, Project
from hxmigrate.rules.websockets._messages import css_escape
from hxmigrate.testing import check_noop, check_transformed, make_settings, run
from hxmigrate.verify import verify

MESSAGES = make_settings(ws_message_templates=["**"])
SWAP_OOB = make_settings(ws_message_templates=["**"], oob_style="swap-oob")


def transformed(before: str, after: str, filename: str = "m.html", settings=MESSAGES) -> None:
    check_transformed(before, after, filename=filename, settings=settings)
    kind = "python" if filename.endswith(".py") else "markup"
    verify(kind, before, after)


@pytest.mark.parametrize(
    "before, after",
    [
        pytest.param('<div id="a">x</div>', '<hx-partial hx-target="#a" hx-swap="outerHTML"><div id="a">x</div></hx-partial>', id="implicit-id"),
        pytest.param("<div id=a hx-swap-oob=true>x</div>", '<hx-partial hx-target="#a" hx-swap="outerHTML"><div id=a>x</div></hx-partial>', id="unquoted"),
        pytest.param('<DIV ID="a" HX-SWAP-OOB="outerHTML">x</DIV>', '<hx-partial hx-target="#a" hx-swap="outerHTML"><DIV ID="a">x</DIV></hx-partial>', id="uppercase"),
        pytest.param('<div id="a" hx-swap-oob="beforeend" class="c"><i>1</i> <b>2</b></div>', '<hx-partial hx-target="#a" hx-swap="beforeend"><i>1</i> <b>2</b></hx-partial>', id="inner-keeps-content"),
        pytest.param('<div id="a"\r\n hx-swap-oob="true">x</div>\r\n', '<hx-partial hx-target="#a" hx-swap="outerHTML"><div id="a">x</div></hx-partial>\r\n', id="crlf"),
        pytest.param('\ufeff<p id="a">x</p>', '\ufeff<hx-partial hx-target="#a" hx-swap="outerHTML"><p id="a">x</p></hx-partial>', id="bom"),
        pytest.param('<p id="a">1</p><p id="b">2</p><p id="c">3</p><p id="d">4</p>',
                     '<hx-partial hx-target="#a" hx-swap="outerHTML"><p id="a">1</p></hx-partial>'
                     '<hx-partial hx-target="#b" hx-swap="outerHTML"><p id="b">2</p></hx-partial>'
                     '<hx-partial hx-target="#c" hx-swap="outerHTML"><p id="c">3</p></hx-partial>'
                     '<hx-partial hx-target="#d" hx-swap="outerHTML"><p id="d">4</p></hx-partial>', id="adjacent"),
        pytest.param('<img id="pic" src="a.png" hx-swap-oob="true">', '<hx-partial hx-target="#pic" hx-swap="outerHTML"><img id="pic" src="a.png"></hx-partial>', id="void"),
        pytest.param('<div id="x" hx-swap-oob="afterend:#list > li:last-child"><li>n</li></div>',
                     '<hx-partial hx-target="#list > li:last-child" hx-swap="afterend"><li>n</li></hx-partial>', id="selector-with-colon"),
        pytest.param('<div hx-swap-oob="innerHTML:p">n</div>', '<hx-partial hx-target="p" hx-swap="innerHTML">n</hx-partial>', id="selector-p"),
        pytest.param("<div id='x' hx-swap-oob='innerHTML:[data-k=\"v\"]'>n</div>",
                     "<hx-partial hx-target='[data-k=\"v\"]' hx-swap='innerHTML'>n</hx-partial>", id="selector-quotes"),
        pytest.param('<p id="a">x</p>\n<hx-partial hx-target="#b" hx-swap="outerHTML"><p id="b">y</p></hx-partial>',
                     '<hx-partial hx-target="#a" hx-swap="outerHTML"><p id="a">x</p></hx-partial>\n<hx-partial hx-target="#b" hx-swap="outerHTML"><p id="b">y</p></hx-partial>', id="mixed-with-partials"),
        pytest.param('<div id="o"><div id="n" hx-swap-oob="innerHTML">x</div></div>',
                     '<hx-partial hx-target="#o" hx-swap="outerHTML"><div id="o"><div id="n" hx-swap-oob="innerHTML">x</div></div></hx-partial>', id="nested-kept"),
        pytest.param('<div id="a" {# note #} hx-swap-oob="true">x</div>', '<hx-partial hx-target="#a" hx-swap="outerHTML"><div id="a" {# note #}>x</div></hx-partial>', id="template-comment-in-tag"),
        pytest.param('<div id="{{ a }}-{{ b }}">x</div>', '<hx-partial hx-target="#{{ a }}-{{ b }}" hx-swap="outerHTML"><div id="{{ a }}-{{ b }}">x</div></hx-partial>', id="template-id"),
        pytest.param('<div id="a" hx-swap-oob="true" title="{{ t }}">x</div>', '<hx-partial hx-target="#a" hx-swap="outerHTML"><div id="a" title="{{ t }}">x</div></hx-partial>', id="template-value"),
    ],
)
def test_partial_style(before, after):
    transformed(before, after)


@pytest.mark.parametrize(
    "before, after",
    [
        ('<div id="a">x</div>', '<div id="a" hx-swap-oob="true">x</div>'),
        ("<div id='a' class=c>x</div>", "<div id='a' hx-swap-oob='true' class=c>x</div>"),
        ('<div id="a" hx-swap-oob="innerHTML">x</div>', None),
        ('<div id="a" hx-swap-oob="morphdom">x</div>', '<div id="a" hx-swap-oob="outerMorph">x</div>'),
        ('<hx-partial hx-target="#a" hx-swap="outerHTML"><div id="a">x</div></hx-partial>', None),
    ],
)
def test_swap_oob_style(before, after):
    if after is None:
        check_noop(before, filename="m.html", settings=SWAP_OOB)
    else:
        transformed(before, after, settings=SWAP_OOB)


# --- elements that stay where they are: they open the connection, or the template is also used in pages ---

def shared_project(settings, uses):
    """The project as discovery leaves it when m.html is also used outside messages."""
    path = (settings.root / "m.html").resolve()
    uses = tuple(OtherUse(kind, where) for kind, where in uses or ())
    return Project(settings, template_uses={}, message_uses={path: uses} if uses else {})


@pytest.mark.parametrize("uses, before, after", [
    # A connection element is renamed in place (WS101/103); a wrapper would take the connection
    # out of the page that includes the container.
    pytest.param((), '<div id="chat" hx-ext="ws" ws-connect="/ws">x</div>',
                 '<div id="chat" hx-swap-oob="true" hx-ws:connect="/ws" hx-swap="none">x</div>', id="connection-by-id"),
    pytest.param((), '<div id="chat" ws-connect="/ws" hx-swap-oob="innerHTML">x</div>',
                 '<div id="chat" hx-ws:connect="/ws" hx-swap="none" hx-swap-oob="innerHTML">x</div>', id="connection-inner"),
    pytest.param((), '<div id="chat" data-ws-connect="/ws" hx-swap-oob="true">x</div>',
                 '<div id="chat" data-hx-ws:connect="/ws" data-hx-swap="none" hx-swap-oob="true">x</div>', id="connection-data-prefix"),
    # Other elements of the same message still get their <hx-partial>.
    pytest.param((), '<div id="chat" ws-connect="/ws">x</div><p id="n">1</p>',
                 '<div id="chat" hx-swap-oob="true" hx-ws:connect="/ws" hx-swap="none">x</div>'
                 '<hx-partial hx-target="#n" hx-swap="outerHTML"><p id="n">1</p></hx-partial>', id="connection-and-part"),
    # A template also rendered into pages: the element, its classes and Alpine state stay.
    pytest.param((("page", "templates/room.html:4"),),
                 '<li id="m-{{ m.id }}" class="msg" x-data="{ open: false }">{{ m.text }}</li>',
                 '<li id="m-{{ m.id }}" hx-swap-oob="true" class="msg" x-data="{ open: false }">{{ m.text }}</li>', id="page-by-id"),
    pytest.param((("tag", "chat/templatetags/chat.py:7"),),
                 '<ul id="log" class="log" x-data hx-swap-oob="beforeend"><li>{{ line }}</li></ul>', None, id="tag-inner"),
    pytest.param((("import", "templates/base.html:1"), ("http", "chat/views.py:9")),
                 '<div id="a" hx-swap-oob="morph">x</div><p id="b">y</p>',
                 '<div id="a" hx-swap-oob="outerMorph">x</div><p id="b" hx-swap-oob="true">y</p>', id="import-and-http"),
])
def test_kept_in_place(uses, before, after):
    project = shared_project(MESSAGES, uses)
    if after is None:
        check_noop(before, filename="m.html", settings=MESSAGES, project=project)
    else:
        check_transformed(before, after, filename="m.html", settings=MESSAGES, project=project)
        verify("markup", before, after)


def test_kept_in_place_says_why():
    project = shared_project(MESSAGES, (("page", "templates/room.html:4"), ("http", "chat/views.py:9")))
    _, found, _ = run('<li id="m">x</li>', filename="m.html", settings=MESSAGES, project=project)
    [d] = [d for d in found if d.code == "WS201"]
    assert "also used outside WebSocket messages (templates/room.html:4, chat/views.py:9 (an HTTP response))" in d.message
    _, found, _ = run('<div id="c" ws-connect="/ws">x</div>', filename="m.html", settings=MESSAGES)
    [d] = [d for d in found if d.code == "WS201"]
    assert d.message.startswith("<div> opens the WebSocket connection, so it stays where it is")


def test_nested_oob_in_a_kept_element_is_reported():
    _, found, _ = run('<div id="c" ws-connect="/ws"><p id="n" hx-swap-oob="true">1</p></div>', filename="m.html",
                      settings=MESSAGES)
    [d] = [d for d in found if d.code == "WS205"]
    assert "remove the nested attributes" in d.message and "--oob-style partial" not in d.message


def test_templates_that_are_not_messages_are_untouched():
    check_noop('<div id="a" hx-swap-oob="true">x</div>', filename="page.html", settings=make_settings())


def test_marker_comment_makes_a_message():
    transformed('<!-- hxmigrate: ws-message -->\n<p id="a">x</p>',
                '<!-- hxmigrate: ws-message -->\n<hx-partial hx-target="#a" hx-swap="outerHTML"><p id="a">x</p></hx-partial>',
                settings=make_settings())


@pytest.mark.parametrize(
    "value, expected",
    [("price.BTC", "price\\.BTC"), ("1a", "\\31 a"), ("-1", "-\\31 "), ("-", "\\-"), ("a b", "a\\ b"), ("ok_-9", "ok_-9"),
     ("é", "é"), ("a\x01", "a\\1 "), ("a\x00", "a\ufffd"), ("#x", "\\#x")],
)
def test_css_escape(value, expected):
    assert css_escape(value) == expected


# --- HTML built in Python -------------------------------------------------------------------

def py(body: str) -> str:
    return f"async def handler(websocket, x):\n    await websocket.send_text({body})\n"


@pytest.mark.parametrize(
    "before, after",
    [
        pytest.param("'<p id=\"a\">x</p>'", "'<hx-partial hx-target=\"#a\" hx-swap=\"outerHTML\"><p id=\"a\">x</p></hx-partial>'", id="single-quoted"),
        pytest.param('"<p id=\\"a\\">x</p>"', '"<hx-partial hx-target=\\"#a\\" hx-swap=\\"outerHTML\\"><p id=\\"a\\">x</p></hx-partial>"', id="escaped-quotes"),
        pytest.param("r'<p id=\"a.b\">x</p>'", "r'<hx-partial hx-target=\"#a\\.b\" hx-swap=\"outerHTML\"><p id=\"a.b\">x</p></hx-partial>'", id="raw"),
        pytest.param("'<p id=\"a.b\">x</p>'", "'<hx-partial hx-target=\"#a\\\\.b\" hx-swap=\"outerHTML\"><p id=\"a.b\">x</p></hx-partial>'", id="backslash-escaped"),
        pytest.param("f'<p id=\"row-{x}\">{x!r:>{x}}</p>'", "f'<hx-partial hx-target=\"#row-{x}\" hx-swap=\"outerHTML\"><p id=\"row-{x}\">{x!r:>{x}}</p></hx-partial>'", id="f-string"),
        pytest.param("f'<p id=\"a\" hx-swap-oob=\"innerHTML\">{{literal}}</p>'", "f'<hx-partial hx-target=\"#a\" hx-swap=\"innerHTML\">{{literal}}</hx-partial>'", id="f-string-braces"),
        pytest.param("'<div id=\"a\">' + x + '</div>'", "'<hx-partial hx-target=\"#a\" hx-swap=\"outerHTML\"><div id=\"a\">' + x + '</div></hx-partial>'", id="concatenation"),
        pytest.param("('<div id=\"a\">'\n        '</div>')", "('<hx-partial hx-target=\"#a\" hx-swap=\"outerHTML\"><div id=\"a\">'\n        '</div></hx-partial>')", id="implicit-concatenation"),
        pytest.param("'''<ul id=\"l\" hx-swap-oob=\"beforeend\">\n<li>x</li>\n</ul>'''", "'''<hx-partial hx-target=\"#l\" hx-swap=\"beforeend\">\n<li>x</li>\n</hx-partial>'''", id="triple-quoted"),
        # Format strings: a wrapper that copies no field is written as it is; a field that takes
        # the next argument each time ("{}", "%s") in the id cannot be copied into hx-target, so
        # the element gets hx-swap-oob="true" instead; "%" and braces written are escaped.
        pytest.param("'<p id=\"a\">{}</p>'.format(x)", "'<hx-partial hx-target=\"#a\" hx-swap=\"outerHTML\"><p id=\"a\">{}</p></hx-partial>'.format(x)", id="format-auto"),
        pytest.param("'<p id=\"{}\">x</p>'.format(x)", "'<p id=\"{}\" hx-swap-oob=\"true\">x</p>'.format(x)", id="format-auto-id"),
        pytest.param("'<p id=\"{0}\">{0}</p>'.format(x)", "'<hx-partial hx-target=\"#{0}\" hx-swap=\"outerHTML\"><p id=\"{0}\">{0}</p></hx-partial>'.format(x)", id="format-numbered-id"),
        pytest.param("'<p id=\"a\">%d%%</p>' % x", "'<hx-partial hx-target=\"#a\" hx-swap=\"outerHTML\"><p id=\"a\">%d%%</p></hx-partial>' % x", id="percent"),
        pytest.param("'<p id=\"%s\">x</p>' % x", "'<p id=\"%s\" hx-swap-oob=\"true\">x</p>' % x", id="percent-id"),
        pytest.param("'<p id=\"job-%s\" class=\"j\">%s</p>' % (a, b)", "'<p id=\"job-%s\" hx-swap-oob=\"true\" class=\"j\">%s</p>' % (a, b)", id="percent-id-part"),
        pytest.param("\"<p id='%(k)s'>x</p>\" % d", "\"<hx-partial hx-target='#%(k)s' hx-swap='outerHTML'><p id='%(k)s'>x</p></hx-partial>\" % d", id="percent-named-id"),
        pytest.param("'<p id=\"a%%b\">x</p>' % ()", "'<hx-partial hx-target=\"#a\\\\%%b\" hx-swap=\"outerHTML\"><p id=\"a%%b\">x</p></hx-partial>' % ()", id="percent-in-id"),
        pytest.param("'<ul id=\"%s\" hx-swap-oob=\"beforeend\"><li>x</li></ul>' % x", None, id="percent-id-explicit-oob"),
        pytest.param("'<p id=\"\\u00e9t\\xe9\">x</p>'", "'<hx-partial hx-target=\"#\\u00e9t\\xe9\" hx-swap=\"outerHTML\"><p id=\"\\u00e9t\\xe9\">x</p></hx-partial>'", id="escape-sequences"),
    ],
)
def test_python_strings(before, after):
    if after is None:  # an explicit hx-swap-oob that names a field: htmx 4 still honours it
        check_noop(py(before), filename="app.py", settings=MESSAGES)
        return
    transformed(py(before), py(after), filename="app.py")


def test_python_non_ascii_before_the_string():
    before = "# Grüße – ünïcödé\n" + py("'<p id=\"a\">é</p>'")
    after = "# Grüße – ünïcödé\n" + py("'<hx-partial hx-target=\"#a\" hx-swap=\"outerHTML\"><p id=\"a\">é</p></hx-partial>'")
    transformed(before, after, filename="app.py")


def test_python_local_variable_and_helper():
    before = (
        "async def push(websocket, html):\n    await websocket.send_text(html)\n\n"
        "async def handler(websocket):\n    msg = '<p id=\"a\">x</p>'\n    await push(websocket, msg)\n"
    )
    after = before.replace("'<p id=\"a\">x</p>'", "'<hx-partial hx-target=\"#a\" hx-swap=\"outerHTML\"><p id=\"a\">x</p></hx-partial>'")
    transformed(before, after, filename="app.py")


@pytest.mark.parametrize(
    "source",
    [
        py("'plain text'"),
        py("b'<p id=\"a\">x</p>'"),
        "def page():\n    return '<p id=\"a\">x</p>'\n",
        "def mail(outbox):\n    outbox.send('<p id=\"a\">x</p>')\n",
        "def broken(:\n    websocket.send_text('<p id=\"a\">x</p>')\n",
        py("'<hx-partial hx-target=\"#a\" hx-swap=\"outerHTML\"><p id=\"a\">x</p></hx-partial>'"),
    ],
)
def test_python_noop(source):
    check_noop(source, filename="app.py", settings=MESSAGES)


def test_python_target_that_cannot_be_written_is_reported():
    source = py("'<div id=\"a' + x + '\">z</div>'")
    fixed, found, _ = run(source, filename="app.py", settings=MESSAGES)
    assert fixed == source
    assert [(d.code, d.fix) for d in found] == [("WS201", None)]
    assert "by hand" in found[0].message


def test_python_swap_oob_style():
    transformed(py("'<p id=\"a\">x</p>'"), py("'<p id=\"a\" hx-swap-oob=\"true\">x</p>'"), filename="app.py", settings=SWAP_OOB)
