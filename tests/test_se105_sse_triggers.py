"""SE105: `hx-trigger="sse:NAME"` listens for the DOM event `NAME` htmx 4 fires on the
connection element (`from:"closest [hx-sse\\:connect]"`); what would mean something else is
reported."""

from __future__ import annotations

import pytest

from hxmigrate.testing import check_noop, check_transformed, run

HTML = dict(filename="page.html", select=["SE105"])
JINJA = dict(filename="page.jinja", select=["SE105"])
CLOSEST = r"closest [hx-sse\:connect]"
ANY = r"closest :is([hx-sse\:connect],[data-hx-sse\:connect])"


@pytest.mark.parametrize(
    "before, after",
    [
        # the quotes the attribute's own do not use
        ('<div sse-connect="/e"><p hx-get="/a" hx-trigger="sse:news"></p></div>',
         f'<div sse-connect="/e"><p hx-get="/a" hx-trigger="news from:\'{CLOSEST}\'"></p></div>'),
        ("<div sse-connect='/e'><p hx-get='/a' hx-trigger='sse:news'></p></div>",
         f"<div sse-connect='/e'><p hx-get='/a' hx-trigger='news from:\"{CLOSEST}\"'></p></div>"),
        # an unquoted value is quoted
        ('<div sse-connect="/e"><p hx-get="/a" hx-trigger=sse:news></p></div>',
         f'<div sse-connect="/e"><p hx-get="/a" hx-trigger="news from:\'{CLOSEST}\'"></p></div>'),
        # data-hx-trigger, and a connection written data-sse-connect (htmx 4: data-hx-sse:connect)
        ('<div data-sse-connect="/e"><p data-hx-get="/a" data-hx-trigger="sse:news"></p></div>',
         '<div data-sse-connect="/e"><p data-hx-get="/a" data-hx-trigger="news from:\'closest '
         '[data-hx-sse\\:connect]\'"></p></div>'),
        # an already migrated connection element
        ('<div hx-sse:connect="/e"><p hx-get="/a" hx-trigger="sse:news"></p></div>',
         f'<div hx-sse:connect="/e"><p hx-get="/a" hx-trigger="news from:\'{CLOSEST}\'"></p></div>'),
        # modifiers and filters that mean the same stay; other specifications stay
        ('<div sse-connect="/e"><p hx-get="/a" hx-trigger="sse:news delay:300ms"></p></div>',
         f'<div sse-connect="/e"><p hx-get="/a" hx-trigger="news from:\'{CLOSEST}\' delay:300ms"></p></div>'),
        ('<div sse-connect="/e"><p hx-get="/a" hx-trigger="load, sse:news once, sse:done throttle:1s"></p></div>',
         f'<div sse-connect="/e"><p hx-get="/a" hx-trigger="load, news from:\'{CLOSEST}\' once, done '
         f'from:\'{CLOSEST}\' throttle:1s"></p></div>'),
        ('<div sse-connect="/e"><p hx-get="/a" hx-trigger="sse:news[detail.data == \'go\'] queue:last"></p></div>',
         f'<div sse-connect="/e"><p hx-get="/a" hx-trigger="news[detail.data == \'go\'] from:\'{CLOSEST}\' '
         'queue:last"></p></div>'),
        # names with colons and dots are kept as the server sends them
        ('<div sse-connect="/e"><p hx-get="/a" hx-trigger="sse:user:created"></p></div>',
         f'<div sse-connect="/e"><p hx-get="/a" hx-trigger="user:created from:\'{CLOSEST}\'"></p></div>'),
        # no connection element in the file (a fragment, a block): both spellings
        ('<p hx-get="/a" hx-trigger="sse:news"></p>', f'<p hx-get="/a" hx-trigger="news from:\'{ANY}\'"></p>'),
    ],
)
def test_transformed(before, after):
    check_transformed(before, after, **HTML)


def test_a_jinja_block_with_template_syntax_elsewhere_in_the_tag():
    before = ('{% block feed %}<p hx-get="/n/{{ id }}" hx-trigger="sse:news, every {{ period }}s">'
              '</p>{% endblock %}')
    after = (f'{{% block feed %}}<p hx-get="/n/{{{{ id }}}}" hx-trigger="news from:\'{ANY}\', every {{{{ period }}}}s">'
             '</p>{% endblock %}')
    check_transformed(before, after, **JINJA)


@pytest.mark.parametrize(
    "source, fragment",
    [
        ('<div sse-connect="/e" hx-get="/a" hx-trigger="sse:news"></div>', "on the connection element"),
        ('<div hx-sse:connect="/e" hx-get="/a" hx-trigger="sse:news"></div>', "on the connection element"),
        ('<body><p hx-get="/a" hx-trigger="sse:news"></p></body>', "htmx 2 never fired it"),
        ('<div sse-connect="/e"><p hx-get="/a" hx-trigger="sse:news from:body"></p></div>', "its `from`"),
        ('<div sse-connect="/e"><p hx-get="/a" hx-trigger="sse:news target:.x"></p></div>', "its `target`"),
        ('<div sse-connect="/e"><input hx-get="/a" hx-trigger="sse:news changed"></div>', "its `changed`"),
        ('<div sse-connect="/e"><p hx-get="/a" hx-trigger="sse:news consume"></p></div>', "its `consume`"),
        ('<div sse-connect="/e"><p hx-get="/a" hx-trigger="sse:news[detail.lastEventId]"></p></div>',
         "beyond `detail.data`"),
        ('<div sse-connect="/e"><p hx-get="/a" hx-trigger="sse:news[event.detail.data]"></p></div>',
         "beyond `detail.data`"),
        ('<div sse-connect="/e"><p hx-get="/a" hx-trigger="sse:message"></p></div>', "htmx:sse:after:message"),
        ('<div sse-connect="/e"><p hx-get="/a" hx-trigger="sse:click"></p></div>', "the browser fires"),
        ('<div sse-connect="/e"><p hx-get="/a" hx-trigger="sse:load"></p></div>', "reads specially"),
        ('<div sse-connect="/e"><p hx-get="/a" hx-trigger="sse:htmx:afterSwap"></p></div>', "htmx 4 or the browser"),
        ('<div sse-connect="/e"><p hx-get="/a" hx-trigger="sse:a once, sse:b once"></p></div>', "once in all"),
        ('<div sse-connect="/e"><p hx-get="/a" hx-trigger="sse:{{ name }}"></p></div>', "template syntax"),
        ('<div hx-sse="connect:/e"><p hx-get="/a" hx-trigger="sse:news"></p></div>', "SE106"),
        ('<div sse-connect="/e"><p hx-get="/a" hx-trigger="sse:news[detail.data"></p></div>', "cannot read"),
    ],
)
def test_reported(source, fragment):
    fixed, first, _ = run(source, **JINJA)
    assert fixed == source
    found = [d for d in first if fragment in d.message]
    assert found and all(d.fix is None for d in found), [d.message for d in first]


def test_a_reported_specification_leaves_the_others_fixed():
    source = '<div sse-connect="/e"><p hx-get="/a" hx-trigger="sse:news, sse:ping consume"></p></div>'
    fixed, first, _ = run(source, **HTML)
    assert fixed == f'<div sse-connect="/e"><p hx-get="/a" hx-trigger="news from:\'{CLOSEST}\', sse:ping consume"></p></div>'
    assert [d.fix is not None for d in first] == [False, True] or [d.fix is not None for d in first] == [True, False]


def test_messages_name_the_rewrite_and_the_id_alternative():
    _, first, _ = run('<div id="feed" sse-connect="/e"><p hx-get="/a" hx-trigger="sse:news"></p></div>', **HTML)
    assert len(first) == 1 and first[0].fix is not None
    assert f"`sse:news` -> `news from:'{CLOSEST}'`" in first[0].message
    assert "`from:#feed` would work too" in first[0].message
    _, first, _ = run('<p hx-get="/a" hx-trigger="sse:news"></p>', **HTML)
    assert "not in this template" in first[0].message


def test_whole_migration():
    source = '<div hx-ext="sse" sse-connect="/e">\n  <p hx-get="/a" hx-trigger="sse:news from:closest div"></p>\n' \
             '  <p hx-get="/b" hx-trigger="sse:news delay:1s"></p>\n</div>'
    fixed, _, remaining = run(source, filename="page.html")
    assert fixed == ('<div hx-sse:connect="/e" hx-swap="none">\n'
                     '  <p hx-get="/a" hx-trigger="sse:news from:\'closest div\'"></p>\n'
                     f'  <p hx-get="/b" hx-trigger="news from:\'{CLOSEST}\' delay:1s"></p>\n</div>')
    # the reported one keeps SE105's finding, and SE501 says nothing more of it
    assert [d.code for d in remaining] == ["SE105"]


def test_se501_still_reports_sse_events_in_script_strings():
    source = '<script>el.setAttribute("hx-trigger", "sse:news")</script>'
    _, first, _ = run(source, filename="page.html", select=["SE105", "SE501"])
    assert [d.code for d in first] == ["SE501"]


@pytest.mark.parametrize(
    "source",
    [
        f'<div hx-sse:connect="/e"><p hx-get="/a" hx-trigger="news from:\'{CLOSEST}\'"></p></div>',
        '<p hx-get="/a" hx-trigger="click from:#sse:x"></p>',
        '<p hx-get="/a" hx-trigger="keyup[key==\'sse:\']"></p>',
    ],
)
def test_noop(source):
    check_noop(source, **HTML)
