"""SE106: htmx 1.x `hx-sse` becomes `hx-sse:connect` (and `sse-swap` for SE103) where the page
runs htmx 1.x; where it runs htmx 2, which read no `hx-sse`, it is reported."""

from __future__ import annotations

import pytest

from hxmigrate.testing import check_transformed, run

HTMX1 = '<script src="https://unpkg.com/htmx.org@1.9.12"></script>'
HTMX2 = '<script src="https://unpkg.com/htmx.org@2.0.8/dist/htmx.min.js"></script>'
ONE = dict(filename="page.html", select=["SE106"])


@pytest.mark.parametrize(
    "before, after",
    [
        ('<div hx-sse="connect:/news"></div>', '<div hx-sse:connect="/news" hx-swap="none"></div>'),
        ("<div data-hx-sse='connect:/news'></div>", "<div data-hx-sse:connect='/news' data-hx-swap='none'></div>"),
        # the URL keeps everything after the first colon
        ('<div hx-sse="connect:https://x.test/a?b=1"></div>',
         '<div hx-sse:connect="https://x.test/a?b=1" hx-swap="none"></div>'),
        # swap:message swaps unnamed messages: no hx-swap="none"; the swap goes to SE103 as sse-swap
        ('<div hx-sse="connect:/feed swap:message"></div>', '<div hx-sse:connect="/feed" sse-swap="message"></div>'),
        ('<div hx-sse="connect:/f"><p id="p" hx-sse="swap:message"></p></div>',
         '<div hx-sse:connect="/f"><p id="p" sse-swap="message"></p></div>'),
        # a named swap leaves unnamed messages unswapped
        ('<div hx-sse="connect:/f"><p id="p" hx-sse="swap:alert"></p></div>',
         '<div hx-sse:connect="/f" hx-swap="none"><p id="p" sse-swap="alert"></p></div>'),
        # words htmx 1.x did nothing with go
        ('<div hx-sse="connect:/f bogus"></div>', '<div hx-sse:connect="/f" hx-swap="none"></div>'),
        # its own hx-swap stays its own
        ('<div hx-sse="connect:/f" hx-swap="beforeend"></div>', '<div hx-sse:connect="/f" hx-swap="beforeend"></div>'),
    ],
)
def test_transformed_on_an_htmx1_page(before, after):
    check_transformed(HTMX1 + before, HTMX1 + after, **ONE)


def test_the_whole_migration_hands_the_swap_to_se103():
    source = HTMX1 + '<div hx-sse="connect:/f"><ul id="items" hx-sse="swap:message" hx-swap="beforeend"></ul></div>'
    fixed, _, _ = run(source, filename="page.html")
    assert '<div hx-sse:connect="/f" hx-target="#items" hx-swap="beforeend"><ul id="items"></ul></div>' in fixed


def test_the_message_says_to_load_hx_sse_js():
    _, first, _ = run(HTMX1 + '<div hx-sse="connect:/f"></div>', **ONE)
    assert "`dist/ext/hx-sse.js`" in first[0].message and "this page loads htmx 1.x" in first[0].message


@pytest.mark.parametrize(
    "source, fragment",
    [
        (HTMX2 + '<div hx-sse="connect:/f"></div>', "did nothing (this page loads htmx 2.x"),
        ('<div hx-sse="connect:/f"></div>', "neither this page nor the project"),
        (HTMX1 + '<div hx-sse="connect:/a connect:/b"></div>', "for each `connect:` word"),
        (HTMX1 + '<div hx-sse="bogus"></div>', "did nothing (no `connect:URL`"),
        (HTMX1 + '<div hx-sse="connect:/a" sse-connect="/b"></div>', "next to `sse-connect`"),
        (HTMX1 + '<div hx-sse="connect:{{ url }}"></div>', "template syntax"),
        (HTMX1 + '<div hx-sse="connect:/a"><p hx-get="/x" hx-trigger="sse:news delay:1s"></p></div>',
         "htmx 1.x dropped"),
        (HTMX1 + '<div hx-sse="connect:/a"><p hx-get="/x" hx-trigger="sse:news, load"></p></div>', "htmx 1.x dropped"),
    ],
)
def test_reported(source, fragment):
    fixed, first, _ = run(source, filename="page.jinja", select=["SE106"])
    assert fixed == source
    found = [d for d in first if fragment in d.message]
    assert found and all(d.fix is None for d in found), [d.message for d in first]


def test_the_project_decides_when_the_page_does_not_tell():
    from hxmigrate.analysis.project import Project
    from hxmigrate.testing import make_settings

    settings = make_settings()
    source = '<div hx-sse="connect:/f"></div>'
    fixed, first, _ = run(source, settings=settings, project=Project(settings, core_majors=frozenset({1})),
                          select=["SE106"])
    assert fixed == '<div hx-sse:connect="/f" hx-swap="none"></div>'
    assert "the project loads htmx 1.x" in first[0].message
    fixed, first, _ = run(source, settings=settings, project=Project(settings, core_majors=frozenset({2})),
                          select=["SE106"])
    assert fixed == source and "did nothing" in first[0].message


def test_a_child_trigger_waits_for_the_conversion():
    source = HTMX1 + '<div hx-sse="connect:/f"><p hx-get="/x" hx-trigger="sse:news"></p></div>'
    fixed, _, _ = run(source, filename="page.html", select=["SE105", "SE106"])
    assert fixed == HTMX1 + ('<div hx-sse:connect="/f" hx-swap="none"><p hx-get="/x" '
                             'hx-trigger="news from:\'closest [hx-sse\\:connect]\'"></p></div>')
