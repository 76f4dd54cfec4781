"""HX302: htmx 4's extension files in place of htmx 2's extension scripts."""

from __future__ import annotations

import pytest

from hxmigrate.analysis.script_urls import extension_url, sri_table
from hxmigrate.testing import check_noop, check_transformed, run

HTML = dict(filename="page.html", select=["HX302"])


def tag(src: str, extra: str = "") -> str:
    return f'<script src="{src}"{extra}></script>'


@pytest.mark.parametrize(
    "old, new",
    [
        ("https://unpkg.com/htmx-ext-preload@2.1.0/preload.js",
         "https://unpkg.com/htmx.org@4.0.1/dist/ext/hx-preload.js"),
        ("https://unpkg.com/htmx-ext-preload@2.1.0", "https://unpkg.com/htmx.org@4.0.1/dist/ext/hx-preload.min.js"),
        ("https://cdn.jsdelivr.net/npm/htmx-ext-preload@2/dist/preload.min.js",
         "https://cdn.jsdelivr.net/npm/htmx.org@4.0.1/dist/ext/hx-preload.min.js"),
        ("https://unpkg.com/htmx-ext-head-support@2.0.4/head-support.js",
         "https://unpkg.com/htmx.org@4.0.1/dist/ext/hx-head.js"),
        ("https://unpkg.com/htmx.org@1.9.12/dist/ext/preload.js",
         "https://unpkg.com/htmx.org@4.0.1/dist/ext/hx-preload.js"),
        ("https://cdnjs.cloudflare.com/ajax/libs/htmx/1.9.12/ext/head-support.min.js",
         "https://cdnjs.cloudflare.com/ajax/libs/htmx/4.0.1/ext/hx-head.min.js"),
        ("//unpkg.com/htmx-ext-preload@2.1.0/preload.js?v=1", "//unpkg.com/htmx.org@4.0.1/dist/ext/hx-preload.js?v=1"),
    ],
)
def test_rewritten(old, new):
    check_transformed(tag(old), tag(new), **HTML)


def test_integrity_gets_the_new_hash():
    digest = sri_table()["htmx.org@4.0.1/dist/ext/hx-preload.min.js"]
    old = tag("https://unpkg.com/htmx-ext-preload@2.1.0", ' integrity="sha384-old" crossorigin="anonymous"')
    check_transformed(old,
                      tag("https://unpkg.com/htmx.org@4.0.1/dist/ext/hx-preload.min.js",
                          f' integrity="{digest}" crossorigin="anonymous"'), **HTML)


@pytest.mark.parametrize(
    "before, after",
    [
        # htmx 4 does their work in its core; nothing on the page still needs them
        ("<head>\n  <script src=\"https://unpkg.com/htmx-ext-response-targets@2.0.4\"></script>\n</head>",
         "<head>\n</head>"),
        ("<head>" + tag("https://unpkg.com/idiomorph@0.7.3/dist/idiomorph-ext.min.js") + "</head>", "<head></head>"),
        ("<head>\n  " + tag("https://unpkg.com/idiomorph/dist/idiomorph-htmx.js") + "\n</head>\n"
         "<div hx-swap=\"outerMorph\"></div>", "<head>\n</head>\n<div hx-swap=\"outerMorph\"></div>"),
    ],
)
def test_removed(before, after):
    check_transformed(before, after, **HTML)


@pytest.mark.parametrize(
    "source",
    [
        tag("https://unpkg.com/htmx.org@4.0.1/dist/ext/hx-preload.js"),
        tag("https://unpkg.com/htmx-ext-ws@2.0.4/ws.js"),  # WS307's
        tag("https://unpkg.com/htmx-ext-sse@2.2.2/sse.js"),  # the SSE rules'
        tag("https://unpkg.com/idiomorph@0.7.3/dist/idiomorph.min.js"),  # the library alone
        tag("https://unpkg.com/htmx.org@2.0.8/dist/htmx.min.js"),
        tag("/static/js/preload.js"),  # nothing says it is htmx's
        tag("/static/ws.js") + '<body hx-ext="ws">',  # WS307's
    ],
)
def test_noop(source):
    check_noop(source, **HTML)


@pytest.mark.parametrize(
    "source, fragment",
    [
        (tag("https://unpkg.com/htmx-ext-json-enc@2.0.2/json-enc.js"), "no port of it"),
        (tag("https://unpkg.com/htmx.org@1.9.12/dist/ext/loading-states.js"), "`htmx-request` class"),
        (tag("https://unpkg.com/htmx-ext-preload@2.1.0/dist/preload.esm.js"), "as a classic script"),
        (tag("https://unpkg.com/htmx-ext-preload@2.1.0", ' integrity="{{ sri }}"'), "template syntax"),
        ('<script src="https://unpkg.com/idiomorph/idiomorph-ext.min.js">{% for x in xs %}{% endfor %}</script>',
         "it holds template syntax"),
        # copies served by the project
        (tag("/static/js/preload.js") + '<body hx-ext="preload">', "vendor `dist/ext/hx-preload.js`"),
        (tag("/static/htmx/ext/json-enc.min.js"), "no port of it"),
        (tag("{% static 'js/htmx/response-targets.js' %}"), "does its work in its core"),
    ],
)
def test_reported(source, fragment):
    fixed, first, _ = run(source, **HTML)
    assert fixed == source
    assert any(d.fix is None and fragment in d.message for d in first), [d.message for d in first]


@pytest.mark.parametrize(
    "url, name",
    [
        ("https://unpkg.com/htmx-ext-class-tools@2.0.1/class-tools.js", "class-tools"),
        ("https://unpkg.com/htmx-ext-class-tools@2.0.1/dist/other.js", None),
        ("https://unpkg.com/htmx.org@2.0.8/dist/ext/debug.js", "debug"),
        ("https://unpkg.com/htmx.org/dist/ext/debug.js", "debug"),  # unpinned: htmx 4, which has no such file
        ("https://unpkg.com/htmx.org@4.0.1/dist/ext/hx-sse.js", None),
        ("https://unpkg.com/htmx-ext-idiomorph@0.3.0", "morph"),
        ("https://example.com/htmx-ext-preload@2.1.0/preload.js", None),
    ],
)
def test_extension_urls(url, name):
    found = extension_url(url)
    assert (found[0] if found else None) == name


@pytest.mark.parametrize(
    "page",
    [
        tag("https://unpkg.com/htmx-ext-response-targets@2.0.4") + '<div hx-target-404="#e"></div>',
        tag("https://unpkg.com/idiomorph/dist/idiomorph-ext.min.js") + '<div hx-swap="morph"></div>',
        tag("https://unpkg.com/htmx-ext-response-targets@2.0.4") + "{% block content %}{% endblock %}",
    ],
)
def test_core_extension_scripts_go_whatever_still_uses_them(page):
    """They cannot register with htmx 4; what used them is HX206's and HX208's."""
    fixed, found, _ = run(page, filename="page.html", select=["HX302"])
    assert "<script" not in fixed and any(d.fix is not None for d in found)
