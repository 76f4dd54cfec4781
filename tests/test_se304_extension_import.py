"""SE304: imports of htmx-ext-sse (and bundler entries naming it) -> htmx.org/dist/ext/hx-sse.js."""

from __future__ import annotations

import pytest

from hxmigrate.testing import check_noop, check_transformed, run

JS = dict(filename="main.js", select=["SE304"])


@pytest.mark.parametrize(
    "before, after",
    [
        ("import 'htmx-ext-sse';", "import 'htmx.org/dist/ext/hx-sse.js';"),
        ('import "htmx-ext-sse/sse.js";', 'import "htmx.org/dist/ext/hx-sse.js";'),
        ('import "htmx-ext-sse/dist/sse.esm.js";', 'import "htmx.org/dist/ext/hx-sse.js";'),
        ("require('htmx-ext-sse/dist/sse.min.js');", "require('htmx.org/dist/ext/hx-sse.min.js');"),
        ("await import('htmx.org/dist/ext/sse.js');", "await import('htmx.org/dist/ext/hx-sse.js');"),
        # a bundler's entry points name modules too
        ('module.exports = {entry: ["htmx.org", "htmx-ext-sse"]};',
         'module.exports = {entry: ["htmx.org", "htmx.org/dist/ext/hx-sse.js"]};'),
        ("export default {entry: {app: 'htmx-ext-sse/dist/sse.js'}};",
         "export default {entry: {app: 'htmx.org/dist/ext/hx-sse.js'}};"),
        ("build({entryPoints: ['htmx-ext-sse']});", "build({entryPoints: ['htmx.org/dist/ext/hx-sse.js']});"),
    ],
)
def test_transformed(before, after):
    check_transformed(before, after, **JS)
    check_transformed(before, after, filename="main.ts", select=["SE304"])


@pytest.mark.parametrize("source", [
    "import 'htmx.org/dist/ext/hx-sse.js';",
    "const name = 'htmx-ext-sse';",  # SE501's: no module is loaded here
    "const deps = {'htmx-ext-sse': '^2.2.4'};",
    "export default {alias: {sse: 'htmx-ext-sse'}};",
    "import 'htmx-ext-ws';",
    "log(require.resolve('htmx-ext-sse'));",
])
def test_noop(source):
    check_noop(source, **JS)


def test_an_import_that_binds_names_is_reported():
    for source in ("import sse from 'htmx-ext-sse';", "export * from 'htmx-ext-sse';"):
        fixed, first, _ = run(source, **JS)
        assert fixed == source and first[0].fix is None and "exports nothing" in first[0].message


def test_the_message_says_to_import_htmx_first():
    _, first, _ = run("import 'htmx-ext-sse';", **JS)
    assert [d.code for d in first] == ["SE304"]
    assert "registers on the global `htmx`, so import htmx.org first" in first[0].message


def test_inline_module_script():
    check_transformed('<script type="module">import "htmx-ext-sse";</script>',
                      '<script type="module">import "htmx.org/dist/ext/hx-sse.js";</script>',
                      filename="p.html", select=["SE304"])


def test_a_vendored_copy_of_the_extension_is_reported_and_left_alone():
    source = "(function(){ var api; htmx.defineExtension('sse', { init: function(a) { api = a } }) })()"
    fixed, first, _ = run(source, filename="static/sse.js", select=["SE304"])
    assert fixed == source
    assert [d.code for d in first] == ["SE304"] and "copy of htmx 2's SSE extension" in first[0].message
