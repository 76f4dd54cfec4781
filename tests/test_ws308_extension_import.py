"""WS308: imports of htmx-ext-ws -> htmx.org/dist/ext/hx-ws.js."""

from __future__ import annotations

import pytest

from hxmigrate.testing import check_noop, check_transformed, run

JS = dict(filename="main.js", select=["WS308"])


@pytest.mark.parametrize(
    "before, after",
    [
        ("import 'htmx-ext-ws';", "import 'htmx.org/dist/ext/hx-ws.js';"),
        ('import "htmx-ext-ws/ws.js";', 'import "htmx.org/dist/ext/hx-ws.js";'),
        ('import "htmx-ext-ws/dist/ws.esm.js";', 'import "htmx.org/dist/ext/hx-ws.js";'),
        ("require('htmx-ext-ws/dist/ws.min.js');", "require('htmx.org/dist/ext/hx-ws.min.js');"),
        ("await import('htmx.org/dist/ext/ws.js');", "await import('htmx.org/dist/ext/hx-ws.js');"),
    ],
)
def test_transformed(before, after):
    check_transformed(before, after, **JS)
    check_transformed(before, after, filename="main.ts", select=["WS308"])


@pytest.mark.parametrize("source", ["import 'htmx.org/dist/ext/hx-ws.js';", "const name = 'htmx-ext-ws';",
                                    "import 'htmx-ext-sse';", "log(require.resolve('htmx-ext-ws'));"])
def test_noop(source):
    check_noop(source, **JS)


def test_binding_import_is_reported():
    source = "import ws from 'htmx-ext-ws';"
    fixed, first, _ = run(source, **JS)
    assert fixed == source and first[0].fix is None and "exports nothing" in first[0].message


def test_inline_module_script():
    check_transformed('<script type="module">import "htmx-ext-ws";</script>',
                      '<script type="module">import "htmx.org/dist/ext/hx-ws.js";</script>',
                      filename="p.html", select=["WS308"])


def test_vendored_copy_of_the_extension_is_reported_and_left_alone():
    source = "(function(){ htmx.defineExtension('ws', {}); trigger(e, 'htmx:wsOpen'); htmx.config.wsReconnectDelay = 'full-jitter' })()"
    fixed, first, _ = run(source, filename="static/ws.js")
    assert fixed == source
    assert [d.code for d in first] == ["WS308"] and "copy of the 2.x WebSocket extension" in first[0].message


def test_a_vendored_htmx_2_core_is_reported(tmp_path):
    """hx-ws.js runs only on the htmx 4 core: a self-hosted htmx 2 stays a finding after the
    migration (HX301, at the copy and at the script tag that loads it), until it is replaced
    (a vendored core's URL tells no version)."""
    import json
    import os
    import subprocess
    import sys

    core = 'var htmx=function(){"use strict";const Q={defineExtension:null,version:"2.0.2"};return Q}();\n'
    (tmp_path / "static").mkdir()
    (tmp_path / "static" / "htmx.min.js").write_text(core)
    page = '<script src="/static/htmx.min.js"></script>\n<div hx-ws:connect="/x" hx-swap="none"></div>\n'

    def codes():
        env = dict(os.environ, NO_COLOR="1")
        r = subprocess.run([sys.executable, "-m", "hxmigrate", ".", "--output-format", "json", "--ignore", "WS111"],
                           cwd=tmp_path, capture_output=True, text=True, env=env, timeout=120)
        return [(i["filename"].removeprefix("./"), i["code"]) for i in json.loads(r.stdout)]

    assert codes() == [("static/htmx.min.js", "HX301")]
    (tmp_path / "index.html").write_text(page)
    assert codes() == [("index.html", "HX301"), ("static/htmx.min.js", "HX301")]
    (tmp_path / "static" / "htmx.min.js").write_text(core.replace('"2.0.2"', '"4.0.1"'))
    assert codes() == []
