"""SE103: `sse-swap="message"` gives way to the connection element's own swap (htmx 4 swaps
unnamed messages into the connection element or its hx-target); named events are reported."""

from __future__ import annotations

import pytest

from hxmigrate.testing import check_noop, check_transformed, make_settings, run

HTML = dict(filename="page.html", select=["SE103"])
JINJA = dict(filename="page.jinja", select=["SE103"])
NOTE = "explicit `event: message` line is no longer swapped"


@pytest.mark.parametrize(
    "before, after",
    [
        # on the connection element: htmx 4 swaps unnamed messages into it by itself
        ('<div sse-connect="/c" sse-swap="message">old</div>', '<div sse-connect="/c">old</div>'),
        ('<div hx-sse:connect="/c" data-sse-swap="message" hx-swap="beforeend">old</div>',
         '<div hx-sse:connect="/c" hx-swap="beforeend">old</div>'),
        ('<div sse-connect="/c" sse-swap="message" hx-target="#out" hx-swap="afterbegin">',
         '<div sse-connect="/c" hx-target="#out" hx-swap="afterbegin">'),
        # a list keeps its named events (reported) and its separator
        ('<div sse-connect="/c" sse-swap="message, news">', '<div sse-connect="/c" sse-swap="news">'),
        ('<div sse-connect="/c" sse-swap="news,message,done">', '<div sse-connect="/c" sse-swap="news,done">'),
        # on a child: its target (and swap) move to the connection element
        ('<div sse-connect="/c"><ul id="items" sse-swap="message" hx-swap="beforeend"></ul></div>',
         '<div sse-connect="/c" hx-target="#items" hx-swap="beforeend"><ul id="items"></ul></div>'),
        ('<div sse-connect="/c"><p id="last" sse-swap="message">-</p></div>',
         '<div sse-connect="/c" hx-target="#last"><p id="last">-</p></div>'),
        ('<div data-sse-connect="/c"><p id="a" data-sse-swap="message" data-hx-swap=\'afterbegin swap:1s\'></p></div>',
         '<div data-sse-connect="/c" data-hx-target="#a" data-hx-swap=\'afterbegin swap:1s\'><p id="a"></p></div>'),
        # no id: the first element of its name inside the connection element
        ('<div sse-connect="/c"><h2>News</h2><ul sse-swap="message"></ul></div>',
         '<div sse-connect="/c" hx-target="find ul"><h2>News</h2><ul></ul></div>'),
        # its own absolute hx-target is where 2.x swapped; hx-target="this" is the element
        ('<div sse-connect="/c"><p sse-swap="message" hx-target="#out" hx-swap="beforeend"></p></div>',
         '<div sse-connect="/c" hx-target="#out" hx-swap="beforeend"><p></p></div>'),
        ('<div sse-connect="/c"><p id="p" sse-swap="message" hx-target="this"></p></div>',
         '<div sse-connect="/c" hx-target="#p"><p id="p"></p></div>'),
        # the swap it inherited from an element between them goes to the connection element
        ('<div sse-connect="/c"><div hx-swap="beforeend"><ol id="log" sse-swap="message"></ol></div></div>',
         '<div sse-connect="/c" hx-target="#log" hx-swap="beforeend"><div hx-swap="beforeend"><ol id="log"></ol></div></div>'),
        # the connection element's own swap was the one it inherited: kept
        ('<div sse-connect="/c" hx-swap="beforeend"><ol id="log" sse-swap="message"></ol></div>',
         '<div sse-connect="/c" hx-target="#log" hx-swap="beforeend"><ol id="log"></ol></div>'),
        # something below reads the element's hx-swap (2.x inherited it): it stays there
        ('<div sse-connect="/c"><ul id="u" sse-swap="message" hx-swap="beforeend"><li hx-get="/i" hx-target="this">'
         '</li></ul></div>',
         '<div sse-connect="/c" hx-target="#u" hx-swap="beforeend"><ul id="u" hx-swap="beforeend"><li hx-get="/i" '
         'hx-target="this"></li></ul></div>'),
        # requests with their own hx-target beside it: an hx-target on the connection reaches none of them
        ('<div sse-connect="/c"><p id="p" sse-swap="message"></p><form hx-post="/s" hx-target="#p"></form></div>',
         '<div sse-connect="/c" hx-target="#p"><p id="p"></p><form hx-post="/s" hx-target="#p"></form></div>'),
        # an empty sse-swap swapped nothing
        ('<div sse-connect="/c"><p sse-swap="">-</p></div>', '<div sse-connect="/c"><p>-</p></div>'),
        # on a connection element that inherited its target and swap in 2.x: written on it
        ('<div hx-target="#log" hx-swap="beforeend"><p sse-connect="/c" sse-swap="message">-</p></div>',
         '<div hx-target="#log" hx-swap="beforeend"><p sse-connect="/c" hx-target="#log" hx-swap="beforeend">-</p></div>'),
        ('<div data-hx-swap=\'afterbegin swap:1s\'><p data-sse-connect="/c" data-sse-swap="message" hx-target="#t">-</p>'
         '</div>',
         '<div data-hx-swap=\'afterbegin swap:1s\'><p data-sse-connect="/c" data-hx-swap=\'afterbegin swap:1s\' '
         'hx-target="#t">-</p></div>'),
        ('<section hx-target:inherited="#a"><p sse-connect="/c" sse-swap="message">-</p></section>',
         '<section hx-target:inherited="#a"><p sse-connect="/c" hx-target="#a">-</p></section>'),
    ],
)
def test_transformed(before, after):
    check_transformed(before, after, **HTML)


@pytest.mark.parametrize(
    "source, fragment",
    [
        ('<div sse-connect="/c"><p id="a" sse-swap="message"></p><p id="b" sse-swap="message"></p></div>',
         "2 elements swap this connection's unnamed messages"),
        ('<div sse-connect="/c" sse-swap="message"><p id="b" sse-swap="news,message"></p></div>', "2 elements"),
        ('<p id="z" sse-swap="message"></p>', 'no connection element around it in this template'),
        ('<div sse-connect="/c"><ul><li>a</li></ul><ul sse-swap="message"></ul></div>', "it has no id"),
        ('<div sse-connect="/c"><p id="a" sse-swap="message" hx-swap="outerHTML"></p></div>', "swap `outerhtml`"),
        ('<div sse-connect="/c"><p id="a" sse-swap="message" hx-swap="delete"></p></div>', "swap `delete`"),
        ('<div sse-connect="/c" hx-target="#x"><p id="a" sse-swap="message"></p></div>', "an `hx-target` of its own"),
        ('<div sse-connect="/c" hx-get="/x"><p id="a" sse-swap="message"></p></div>', "makes requests of its own"),
        ('<div sse-connect="/c" hx-swap="innerHTML"><p id="a" sse-swap="message" hx-swap="beforeend"></p></div>',
         "an `hx-swap` of its own"),
        ('<div sse-connect="/c"><p id="a" sse-swap="message" hx-target="closest div"></p></div>', "relative to it"),
        ('<section hx-target="#main"><div sse-connect="/c"><p id="a" sse-swap="message"></p></div></section>',
         "it inherits the `hx-target` of `<section>`"),
        ('<div sse-connect="/c"><div hx-select="#x"><p id="a" sse-swap="message"></p></div></div>',
         "`hx-select` (inherited)"),
        ('<div sse-connect="/c">{% if on %}<p id="a" sse-swap="message"></p>{% endif %}</div>',
         "rendered under `{% if on %}`"),
        ('<div sse-connect="/c"><p id="{{ pid }}" sse-swap="message"></p></div>', "template syntax"),
        ('<div sse-connect="/c"><p id="a" sse-swap="message"></p><button hx-get="/x">x</button></div>',
         "`<button hx-get>` makes requests without an `hx-target` of its own"),
        ('<div sse-connect="/c">{% include "x.html" %}<p id="a" sse-swap="message"></p></div>',
         "template syntax may render requests"),
        ('<div sse-connect="/c"><p id="a" sse-swap="{{ events }}"></p></div>', "built by template syntax"),
        # a connection element's own sse-swap that inherited what htmx 4 cannot take as it is
        ('<div hx-target="closest section"><p sse-connect="/c" sse-swap="message"></p></div>',
         "is relative to `<div>` in 2.x"),
        ('<div hx-target="this"><p sse-connect="/c" sse-swap="message"></p></div>', "is relative to `<div>`"),
        ('<div hx-swap="outerHTML"><p sse-connect="/c" sse-swap="message"></p></div>', "its swap `outerhtml`"),
        ('<div hx-target="{{ t }}"><p sse-connect="/c" sse-swap="message"></p></div>', "written by template syntax"),
        ('<div hx-target="#a" hx-disinherit="*"><p sse-connect="/c" sse-swap="message"></p></div>',
         "`hx-disinherit`/`hx-inherit`"),
        ('<div hx-swap="beforeend"><p sse-connect="/c" {{ attrs }} sse-swap="message"></p></div>',
         "template syntax between its attributes"),
        ('<div ws-connect="/w" hx-swap="none"><p sse-connect="/c" sse-swap="message"></p></div>',
         "may be the one hxmigrate writes there"),
    ],
)
def test_reported(source, fragment):
    fixed, first, _ = run(source, **JINJA)
    assert fixed == source
    found = [d for d in first if fragment in d.message]
    assert found and all(d.fix is None for d in found), [d.message for d in first]


@pytest.mark.parametrize(
    "source, fragments",
    [
        ('<div sse-connect="/c"><p id="news" sse-swap="news">-</p></div>',
         ["named event `news`", '<hx-partial hx-target="#news" hx-swap="innerHTML">', "`hx-on:news`",
          "`event.detail.data`"]),
        ('<div sse-connect="/c"><ul sse-swap="add, remove" hx-swap="beforeend"></ul></div>',
         ["named events `add`, `remove`", 'hx-swap="beforeend"', "`hx-on:add`"]),
        # on the connection element itself, an unnamed message lands where 2.x swapped the event
        ('<div sse-connect="/c" sse-swap="created" hx-swap="beforeend"></div>',
         ["named event `created`", "sending it without its `event:` line is enough", "with its own `hx-swap`"]),
    ],
)
def test_named_events_are_reported(source, fragments):
    fixed, first, _ = run(source, **HTML)
    assert fixed == source
    found = [d for d in first if d.code == "SE103"]
    assert len(found) == 1 and found[0].fix is None
    for fragment in fragments:
        assert fragment in found[0].message, found[0].message


def test_named_event_on_the_connection_element_names_the_swap_none_to_drop():
    found = [d for d in run('<div sse-connect="/c" sse-swap="created"></div>', **HTML)[1] if d.code == "SE103"]
    assert "without the `hx-swap=\"none\"` SE101 writes here" in found[0].message
    found = [d for d in run('<div sse-connect="/c"><p sse-swap="created"></p></div>', **HTML)[1] if d.code == "SE103"]
    assert "without its `event:` line" not in found[0].message


def test_messages_say_what_4x_does_with_an_explicit_message_event():
    for source in ('<div sse-connect="/c" sse-swap="message"></div>',
                   '<div sse-connect="/c"><p id="p" sse-swap="message"></p></div>',
                   '<div sse-connect="/c"><p sse-swap="message"></p><p sse-swap="message"></p></div>'):
        _, first, _ = run(source, **HTML)
        assert first and all(NOTE in d.message for d in first), source


def test_whole_migration_of_a_child():
    source = ('<div hx-ext="sse" sse-connect="/feed">\n  <ul id="items" sse-swap="message" hx-swap="beforeend"></ul>\n'
              '</div>')
    fixed, first, remaining = run(source, filename="page.html")
    assert fixed == '<div hx-sse:connect="/feed" hx-target="#items" hx-swap="beforeend">\n  <ul id="items"></ul>\n</div>'
    assert remaining == []


def test_whole_migration_reads_what_hx110_rewrote_first():
    # hx-swap before sse-swap: HX110 writes it :inherited in the first pass, SE103 moves it in the next
    source = '<div sse-connect="/feed"><ul hx-swap="beforeend" id="items" sse-swap="message"></ul></div>'
    fixed, _, _ = run(source, filename="page.html")
    assert fixed == '<div hx-sse:connect="/feed" hx-target="#items" hx-swap="beforeend"><ul id="items"></ul></div>'


def test_inherited_settings_are_named_in_the_message():
    _, first, _ = run('<div hx-target="#log" hx-swap="beforeend"><p sse-connect="/c" sse-swap="message">-</p></div>',
                      **HTML)
    (finding,) = first
    assert finding.fix is not None and finding.fix.safe
    for fragment in ("the `hx-target` of `<div>` and the `hx-swap` of `<div>`", "does not pass down",
                     '`hx-target="#log"` `hx-swap="beforeend"` on it'):
        assert fragment in finding.message, finding.message


def test_inherited_settings_under_implicit_inheritance_are_left_to_htmx_4():
    from hxmigrate.analysis.project import Project

    settings = make_settings()
    source = '<div hx-target="#log"><p sse-connect="/c" sse-swap="message">-</p></div>'
    fixed, _, _ = run(source, settings=settings, project=Project(settings, implicit_inheritance=True),
                      select=["SE103"])
    assert fixed == '<div hx-target="#log"><p sse-connect="/c">-</p></div>'


def test_inherited_settings_with_inheritance_disabled_are_reported():
    from hxmigrate.analysis.project import Project

    settings = make_settings()
    source = '<div hx-target="#log"><p sse-connect="/c" sse-swap="message">-</p></div>'
    fixed, first, _ = run(source, settings=settings, project=Project(settings, inheritance_disabled=True),
                          select=["SE103"])
    assert fixed == source and "disableInheritance" in first[0].message


def test_nested_connection_elements_are_moved_in_one_pass():
    # the outer move waits for no later pass: the nested connection element gets a target of its own
    source = ('<div sse-connect="/a"><ul id="x" sse-swap="message"></ul>'
              '<div sse-connect="/b"><p id="y" sse-swap="message"></p></div></div>')
    _, first, remaining = run(source, **HTML)
    assert len(first) == 2 and all(d.fix is not None for d in first), [d.message for d in first]
    assert remaining == []
    # deeper than any page nests them: settles within the engine's passes
    deep = "".join(f'<div sse-connect="/{i}"><p id="p{i}" sse-swap="message"></p>' for i in range(40))
    deep += "</div>" * 40
    fixed, _, remaining = run(deep, **HTML)
    assert "sse-swap" not in fixed and remaining == []


def test_a_nested_connection_element_without_a_target_keeps_the_outer_one_reported():
    source = ('<div sse-connect="/a"><ul id="x" sse-swap="message"></ul>'
              '<div sse-connect="/b" sse-swap="message"></div></div>')
    fixed, first, _ = run(source, **HTML)
    assert '<ul id="x" sse-swap="message">' in fixed
    assert any("`<div sse-connect>` makes requests without an `hx-target`" in d.message for d in first)


def test_implicit_inheritance_is_reported():
    from hxmigrate.analysis.project import Project

    settings = make_settings()
    source = '<div sse-connect="/c"><p id="p" sse-swap="message"></p></div>'
    fixed, first, _ = run(source, settings=settings, project=Project(settings, implicit_inheritance=True),
                          select=["SE103"])
    assert fixed == source and "implicitInheritance" in first[0].message


@pytest.mark.parametrize(
    "source",
    [
        '<div hx-sse:connect="/c" hx-target="#p"><p id="p"></p></div>',
        '<div sse-connect="/c" swap="message"></div>',
    ],
)
def test_noop(source):
    check_noop(source, **HTML)
