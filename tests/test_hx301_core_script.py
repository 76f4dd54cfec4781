"""HX301: the htmx core's script tag (and its URL in JavaScript and JSX) loads htmx 4."""

from __future__ import annotations

import pytest

from hxmigrate.testing import check_noop, check_transformed, run

HTML = dict(filename="page.html", select=["HX301"])


@pytest.mark.parametrize(
    "before, after",
    [
        ('<script src="https://unpkg.com/htmx.org@2.0.8"></script>',
         '<script src="https://unpkg.com/htmx.org@4.0.1/dist/htmx.min.js"></script>'),
        ('<script src="https://cdn.jsdelivr.net/npm/htmx.org@1.9.12/dist/htmx.js"></script>',
         '<script src="https://cdn.jsdelivr.net/npm/htmx.org@4.0.1/dist/htmx.js"></script>'),
        ('<script src="https://cdnjs.cloudflare.com/ajax/libs/htmx/2.0.4/htmx.min.js"></script>',
         '<script src="https://cdnjs.cloudflare.com/ajax/libs/htmx/4.0.1/htmx.min.js"></script>'),
        ('<script src="https://unpkg.com/htmx.org"></script>',
         '<script src="https://unpkg.com/htmx.org@4.0.1/dist/htmx.min.js"></script>'),
    ],
)
def test_transformed(before, after):
    check_transformed(before, after, **HTML)


@pytest.mark.parametrize(
    "filename, before, after",
    [
        ("Layout.tsx", 'export const L = () => <script src="https://unpkg.com/htmx.org@2.0.4"></script>;\n',
         'export const L = () => <script src="https://unpkg.com/htmx.org@4.0.1/dist/htmx.min.js"></script>;\n'),
        ("load.js", 's.src = "https://cdn.jsdelivr.net/npm/htmx.org@2.0.8/dist/htmx.min.js";\n',
         's.src = "https://cdn.jsdelivr.net/npm/htmx.org@4.0.1/dist/htmx.min.js";\n'),
    ],
)
def test_urls_in_scripts_and_jsx(filename, before, after):
    check_transformed(before, after, filename=filename, select=["HX301"])


@pytest.mark.parametrize(
    "source",
    [
        '<script src="https://unpkg.com/htmx.org@4.0.1/dist/htmx.min.js"></script>',
        '<script src="https://unpkg.com/htmx.org@2.0.8/dist/ext/ws.js"></script>',
        '<script src="/static/app.js"></script>',
    ],
)
def test_noop(source):
    check_noop(source, **HTML)


def test_integrity_gets_the_new_hash():
    fixed, _, _ = run('<script src="https://unpkg.com/htmx.org@2.0.8" integrity="sha384-OLD"></script>', **HTML)
    assert 'integrity="sha384-' in fixed and "sha384-OLD" not in fixed


@pytest.mark.parametrize(
    "source, fragment",
    [
        ('<script src="https://unpkg.com/htmx.org@2.0.8/dist/htmx.amd.js"></script>', "ships no such build"),
        ('<script src="/static/js/htmx.min.js"></script>', "a copy of htmx served by the project"),
        ('<script src="https://unpkg.com/htmx.org@2.0.8" integrity="{{ sri }}"></script>', "change both by hand"),
    ],
)
def test_reported(source, fragment):
    _, found, _ = run(source, **HTML)
    assert any(d.fix is None and fragment in d.message for d in found), [d.message for d in found]


@pytest.mark.parametrize(
    "filename, text",
    [
        # a copy of htmx 4 (or its htmax bundle): the method, not a call
        ("htmax-4.js", "var htmx = (() => { class Htmx { registerExtension(name, extension) { return 1 } "
                       "swap(ctx) {} } ; const legacy = ['ws-connect', 'hx-ws']; htmx.swap(a, b); })();\n"),
        # an htmx 4 extension (a copy of dist/ext/hx-ws.js, or a compatibility extension)
        ("hx-ws-4.js", "htmx.registerExtension('ws', { init() {} }); el.getAttribute('ws-connect');\n"
                       "htmx.trigger(elt, 'htmx:afterSwap', detail);\n"),
    ],
)
def test_code_written_for_htmx_4_gets_no_findings(filename, text):
    """Found on a real project that ships htmx 4's files: their strings name the legacy
    attributes htmx 4 maps and the old events its compatibility extension re-fires."""
    fixed, found, _ = run(text, filename=filename)
    assert fixed == text and found == []
