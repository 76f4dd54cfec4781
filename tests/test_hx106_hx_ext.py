"""HX106: hx-ext items htmx 4 does without go; those without a port are reported."""

from __future__ import annotations

import pytest

from hxmigrate.testing import check_noop, check_transformed, run

HTML = dict(filename="page.html", select=["HX106"])


@pytest.mark.parametrize(
    "before, after",
    [
        ('<body hx-ext="preload">', "<body>"),
        ('<body class="x" hx-ext="preload, head-support">', '<body class="x">'),
        ('<body data-hx-ext="head-support">', "<body>"),
        # the list keeps its separator and the items left to migrate
        ('<body hx-ext="preload,json-enc">', '<body hx-ext="json-enc">'),
        ('<body hx-ext="json-enc , preload , debug">', '<body hx-ext="json-enc , debug">'),
        # htmx 4 does these in its core: gone where nothing inside still needs them
        ('<body hx-ext="response-targets"><button hx-get="/x">X</button></body>',
         '<body><button hx-get="/x">X</button></body>'),
        ('<div hx-ext="morph"><div hx-swap="outerMorph"></div></div>', '<div><div hx-swap="outerMorph"></div></div>'),
    ],
)
def test_transformed(before, after):
    check_transformed(before, after, **HTML)


@pytest.mark.parametrize(
    "source",
    [
        '<div hx-ext="ws" ws-connect="/c">',  # WS103's
        '<div hx-ext="sse" sse-connect="/c">',
        '<div ext="preload">',
    ],
)
def test_noop(source):
    check_noop(source, **HTML)


@pytest.mark.parametrize(
    "source, fragment",
    [
        ('<body hx-ext="json-enc">', "no port of it"),
        ('<body hx-ext="loading-states">', "`htmx-request` class"),
        ('<body hx-ext="my-ext">', "`htmx.registerExtension`"),
        ('<div hx-ext="ignore:preload">', "`ignore:preload`"),
        ('<body hx-ext="{{ exts }}">', "template syntax"),
    ],
)
def test_reported(source, fragment):
    fixed, first, _ = run(source, **HTML)
    assert fixed == source
    assert any(d.fix is None and fragment in d.message for d in first), [d.message for d in first]


def test_ws_is_left_to_ws103_first():
    # HX106 edits nothing while `ws` is there; with WS103 the list empties in two passes.
    source = '<body hx-ext="ws, preload" ws-connect="/c">'
    fixed, first, _ = run(source, **HTML)
    assert fixed == source and "once WS103 removed `ws`" in first[0].message
    fixed, _, _ = run(source, filename="page.html", select=["HX106", "WS103"])
    assert fixed == '<body ws-connect="/c">'


@pytest.mark.parametrize(
    "before, after",
    [
        # inert in htmx 4 either way: what still used the extension has its own finding (HX206, HX208)
        ('<body hx-ext="response-targets"><button hx-target-404="#e" hx-get="/x">',
         '<body><button hx-target-404="#e" hx-get="/x">'),
        ('<body hx-ext="morph"><div hx-swap="morph:innerHTML">', '<body><div hx-swap="morph:innerHTML">'),
        ('<body hx-ext="response-targets">{% block content %}{% endblock %}</body>',
         '<body>{% block content %}{% endblock %}</body>'),
    ],
)
def test_core_extensions_go_whatever_still_uses_them(before, after):
    check_transformed(before, after, filename="page.html", select=["HX106"])
