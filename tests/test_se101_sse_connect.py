"""SE101: `sse-connect` becomes `hx-sse:connect`, with `hx-swap="none"` where htmx 2 swapped no
unnamed message into the connection element (no `sse-swap="message"` on it or below it)."""

from __future__ import annotations

import pytest

from hxmigrate.testing import check_noop, check_transformed, make_settings, run

HTML = dict(filename="page.html", select=["SE101"])
JINJA = dict(filename="page.jinja", select=["SE101"])


@pytest.mark.parametrize(
    "before, after",
    [
        # nothing swapped unnamed messages in 2.x: hx-swap="none" keeps them out in 4.x
        ('<div sse-connect="/news"></div>', '<div hx-sse:connect="/news" hx-swap="none"></div>'),
        ('<div sse-connect="/news"><p sse-swap="update">-</p></div>',
         '<div hx-sse:connect="/news" hx-swap="none"><p sse-swap="update">-</p></div>'),
        ('<div data-sse-connect="/news"></div>', '<div data-hx-sse:connect="/news" data-hx-swap="none"></div>'),
        ("<div SSE-CONNECT='/news' class=feed></div>", "<div hx-sse:connect='/news' hx-swap=\"none\" class=feed></div>"),
        ('<div\n    sse-connect="/news"\n    id="feed"></div>',
         '<div\n    hx-sse:connect="/news"\n    hx-swap="none"\n    id="feed"></div>'),
        ("<div sse-connect=/news></div>", '<div hx-sse:connect=/news hx-swap="none"></div>'),
        ("<div sse-connect=></div>", '<div hx-sse:connect="" hx-swap="none"></div>'),
        # a named listener only, or a trigger: unnamed messages went nowhere
        ('<div sse-connect="/n"><p sse-swap="news,done">-</p><b hx-get="/b" hx-trigger="sse:message">-</b></div>',
         '<div hx-sse:connect="/n" hx-swap="none"><p sse-swap="news,done">-</p>'
         '<b hx-get="/b" hx-trigger="sse:message">-</b></div>'),
        # an sse-swap="message" below a nested connection listens to that one
        ('<div sse-connect="/a"><div sse-connect="/b"><p sse-swap="message">-</p></div></div>',
         '<div hx-sse:connect="/a" hx-swap="none"><div hx-sse:connect="/b"><p sse-swap="message">-</p></div></div>'),
        # a swap of "none" is kept, and nothing added
        ('<div sse-connect="/n" hx-swap="none"></div>', '<div hx-sse:connect="/n" hx-swap="none"></div>'),
    ],
)
def test_transformed(before, after):
    check_transformed(before, after, **HTML)


@pytest.mark.parametrize(
    "before, after",
    [
        # an element that swaps unnamed messages: only the rename (SE103 moves the swap)
        ('<div sse-connect="/n" sse-swap="message"></div>', '<div hx-sse:connect="/n" sse-swap="message"></div>'),
        ('<div sse-connect="/n" sse-swap="news, message"></div>',
         '<div hx-sse:connect="/n" sse-swap="news, message"></div>'),
        ('<div sse-connect="/n"><ul><li data-sse-swap="message"></li></ul></div>',
         '<div hx-sse:connect="/n"><ul><li data-sse-swap="message"></li></ul></div>'),
        # the element's own swap settings now apply to unnamed messages: reported
        ('<div sse-connect="/n" hx-target="#out"></div>', '<div hx-sse:connect="/n" hx-target="#out"></div>'),
        ('<div sse-connect="/n" hx-swap="beforeend"></div>', '<div hx-sse:connect="/n" hx-swap="beforeend"></div>'),
        ('<div sse-connect="/n" hx-get="/x"></div>', '<div hx-sse:connect="/n" hx-get="/x"></div>'),
    ],
)
def test_renamed_only(before, after):
    check_transformed(before, after, **HTML)


@pytest.mark.parametrize(
    "before, after, fragment",
    [
        ('<div sse-connect="/n">{% include "feed.html" %}</div>', '<div hx-sse:connect="/n">{% include "feed.html" %}</div>',
         "may render an `sse-swap=\"message\"`"),
        ('<div sse-connect="/n" {{ attrs }}></div>', '<div hx-sse:connect="/n" {{ attrs }}></div>',
         "between its attributes"),
        ('<div sse-connect="/n" sse-swap="{{ events }}"></div>', '<div hx-sse:connect="/n" sse-swap="{{ events }}"></div>',
         "is `hx-sse:connect` in htmx 4"),
        ('<div sse-connect="/n" hx-target="#out"></div>', '<div hx-sse:connect="/n" hx-target="#out"></div>',
         "with this element's `hx-target`"),
    ],
)
def test_reasons_are_reported(before, after, fragment):
    fixed, first, _ = run(before, **JINJA)
    assert fixed == after
    assert len(first) == 1 and fragment in first[0].message, [d.message for d in first]


def test_template_branches_get_one_swap_each():
    check_transformed(
        '<div {% if live %}sse-connect="/live"{% else %}sse-connect="/replay"{% endif %}></div>',
        '<div {% if live %}hx-sse:connect="/live" hx-swap="none"{% else %}hx-sse:connect="/replay" hx-swap="none"'
        '{% endif %}></div>',
        **JINJA,
    )


def test_implicit_inheritance_leaves_the_swap_out():
    from hxmigrate.analysis.project import Project

    settings = make_settings()
    project = Project(settings, implicit_inheritance=True)
    fixed, first, _ = run('<div sse-connect="/n"></div>', settings=settings, project=project, select=["SE101"])
    assert fixed == '<div hx-sse:connect="/n"></div>'
    assert "implicitInheritance" in first[0].message


@pytest.mark.parametrize(
    "source",
    [
        '<div hx-sse:connect="/n"></div>',
        '<div data-hx-sse:connect="/n" hx-swap="none"></div>',
        '<div sse="/n" connect="/n"></div>',
    ],
)
def test_noop(source):
    check_noop(source, **HTML)


def test_both_names_reported():
    source = '<div sse-connect="/a" hx-sse:connect="/a"></div>'
    fixed, first, _ = run(source, **HTML)
    assert fixed == source and "remove the 2.x attribute by hand" in first[0].message


def test_message_says_why():
    _, first, _ = run('<div sse-connect="/n"></div>', **HTML)
    assert "`hx-swap=\"none\"` keeps unnamed messages out of it" in first[0].message
    _, first, _ = run('<div sse-connect="/n" sse-swap="message"></div>', **HTML)
    assert first[0].message == "`sse-connect` is `hx-sse:connect` in htmx 4"


def test_targets_without_sse_names_are_left_alone():
    settings = make_settings(target="4.0-alpha")
    source = '<div hx-ext="sse" sse-connect="/n"></div>'
    fixed, first, _ = run(source, settings=settings, select=["SE"])
    assert fixed == source and first == []
