"""SE501: what the SSE rules do not read yet is reported at its line, never passed silently."""

from __future__ import annotations

import pytest

from hxmigrate.testing import run

PAGE = ('<script src="https://unpkg.com/htmx.org@2.0.8"></script>\n'
        '<div hx-ext="sse" sse-connect="/events">\n')


def _se501(source, filename="page.html"):
    fixed, found, _ = run(source, filename=filename)
    return fixed, [d for d in found if d.code == "SE501"]


@pytest.mark.parametrize(
    "filename, source, reported, says",
    [
        # a trigger set from code (SE105 reads hx-trigger attributes)
        ("page.html", PAGE + '  <div id="n" hx-get="/news"></div>\n</div>\n'
         '<script>n.setAttribute("hx-trigger", "sse:news")</script>\n', "sse:news",
         'news from:"closest [hx-sse\\:connect]"'),
        # an event name in Go (SE302 reads JavaScript)
        ("events.go", 'package ui\n\nconst Opened = "htmx:sseOpen"\n', "htmx:sseOpen", "`htmx:sse:after:connection`"),
        ("layout.go", 'package ui\n\nconst SSE = "https://unpkg.com/htmx-ext-sse@2.2.4/sse.js"\n', "htmx-ext-sse",
         "hx-sse.js"),
        ("Feed.vue", '<template>\n  <div :sse-connect="url"></div>\n</template>\n', "sse-connect", "hx-sse:connect"),
        # a language hxmigrate has no parser for
        ("Feed.cs", 'var feed = "<div sse-connect=\\"/feed\\"></div>";\n', "sse-connect", "hx-sse:connect"),
        ("views.py", 'def page():\n    return Div(hx_trigger="sse:tick")\n', "sse:tick", "named event `tick`"),
    ],
)
def test_reported(filename, source, reported, says):
    fixed, found = _se501(source, filename)
    assert [source[d.start:d.end] for d in found] == [reported], [d.message for d in found]
    assert says in found[0].message and found[0].fix is None


@pytest.mark.parametrize(
    "source",
    [
        # migrated by the markup rules, or written for htmx 4
        PAGE + "</div>\n",
        '<div hx-sse:connect="/events" hx-swap="none"></div>\n',
        '<div hx-get="/n" hx-trigger=\'news from:"closest [hx-sse\\:connect]"\'></div>\n',
        # a comment
        PAGE + '</div>\n<!-- <div hx-trigger="sse:news"> -->\n',
    ],
)
def test_not_reported(source):
    assert _se501(source)[1] == []
