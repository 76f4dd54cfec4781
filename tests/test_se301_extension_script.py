"""SE301: the 2.x SSE extension's script tag loads htmx 4's hx-sse.js instead."""

from __future__ import annotations

import pytest

from hxmigrate.analysis.script_urls import sri_table
from hxmigrate.testing import check_noop, check_transformed, run

HTML = dict(filename="page.html", select=["SE301"])
NEW = "https://unpkg.com/htmx.org@4.0.1/dist/ext/hx-sse"
SRI = sri_table()["htmx.org@4.0.1/dist/ext/hx-sse.js"]


@pytest.mark.parametrize(
    "before, after",
    [
        ('<script src="https://unpkg.com/htmx-ext-sse@2.2.4/sse.js"></script>', f'<script src="{NEW}.js"></script>'),
        ('<script src="https://unpkg.com/htmx-ext-sse@2.2.4"></script>', f'<script src="{NEW}.min.js"></script>'),
        ('<script src="https://unpkg.com/htmx-ext-sse@2.2.4/dist/sse.min.js" defer></script>',
         f'<script src="{NEW}.min.js" defer></script>'),
        ('<script src="https://cdn.jsdelivr.net/npm/htmx-ext-sse@2.2.2/dist/sse.js"></script>',
         '<script src="https://cdn.jsdelivr.net/npm/htmx.org@4.0.1/dist/ext/hx-sse.js"></script>'),
        ('<script src="https://unpkg.com/htmx.org@1.9.12/dist/ext/sse.js"></script>', f'<script src="{NEW}.js"></script>'),
        ('<script src="https://cdnjs.cloudflare.com/ajax/libs/htmx/2.0.8/ext/sse.min.js"></script>',
         '<script src="https://cdnjs.cloudflare.com/ajax/libs/htmx/4.0.1/ext/hx-sse.min.js"></script>'),
        # the old hash would make the browser refuse the new file: the new file's hash
        ('<script src="https://unpkg.com/htmx-ext-sse@2.2.4/sse.js" integrity="sha384-x" crossorigin="anonymous">'
         '</script>', f'<script src="{NEW}.js" integrity="{SRI}" crossorigin="anonymous"></script>'),
    ],
)
def test_transformed(before, after):
    check_transformed(before, after, **HTML)


@pytest.mark.parametrize(
    "source",
    [
        '<script src="https://unpkg.com/htmx.org@2.0.8/dist/htmx.min.js"></script>',
        '<script src="https://unpkg.com/htmx-ext-ws@2.0.4/ws.js"></script>',
        f'<script src="{NEW}.js"></script>',
        '<script src="/static/js/sse.js"></script>',  # no sign of htmx: some other library
    ],
)
def test_noop(source):
    check_noop(source, **HTML)


@pytest.mark.parametrize(
    "source, fragment",
    [
        ('<script type="module" src="https://unpkg.com/htmx-ext-sse@2.2.4/dist/sse.esm.js"></script>', "ES module"),
        ('<script src="/static/htmx/ext/sse.min.js"></script>', "`dist/ext/hx-sse.min.js`"),
        ('<div hx-ext="sse"></div><script src="/static/js/sse.js"></script>', "self-hosted copy"),
        ("<script src=\"{% static 'js/sse.js' %}\"></script><div sse-connect=\"/n\"></div>", "self-hosted copy"),
        ('<script src="https://unpkg.com/htmx-ext-sse@2.2.4/sse.js" integrity="{{ sri }}"></script>',
         "written by template syntax"),
    ],
)
def test_reported(source, fragment):
    fixed, first, _ = run(source, filename="page.jinja", select=["SE301"])
    assert fixed == source
    assert len(first) == 1 and first[0].fix is None and fragment in first[0].message, [d.message for d in first]


def test_the_new_hash_is_said():
    _, first, _ = run('<script src="https://unpkg.com/htmx-ext-sse@2.2.4/sse.js" integrity="sha384-x"></script>', **HTML)
    assert "with its integrity hash" in first[0].message
