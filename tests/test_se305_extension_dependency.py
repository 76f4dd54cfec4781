"""SE305: a package.json dependency on htmx-ext-sse is reported with the npm commands; the
htmx.org dependency beside it stays HX307's."""

from __future__ import annotations

import json

from hxmigrate.testing import run

PKG = dict(filename="package.json")


def _package(**deps) -> str:
    return json.dumps({"name": "app", "dependencies": deps}, indent=2)


def test_the_extension_is_reported_with_the_npm_commands():
    _, first, _ = run(_package(**{"htmx-ext-sse": "^2.2.4"}), select=["SE305"], **PKG)
    assert [d.code for d in first] == ["SE305"]
    assert "`npm uninstall htmx-ext-sse`" in first[0].message
    assert "`npm install htmx.org@4.0.1`" in first[0].message and "htmx.org/dist/ext/hx-sse.js" in first[0].message


def test_the_core_dependency_is_reported_once_by_hx307():
    source = _package(**{"htmx.org": "^2.0.8", "htmx-ext-sse": "^2.2.4"})
    _, first, _ = run(source, select=["SE305", "HX307"], **PKG)
    assert sorted(d.code for d in first) == ["HX307", "SE305"]
    hx307 = next(d for d in first if d.code == "HX307")
    assert "htmx.org" in source[hx307.start:hx307.end]


def test_dev_dependencies_and_nothing_else():
    source = json.dumps({"devDependencies": {"htmx-ext-sse": "2.2.4"}})
    assert [d.code for d in run(source, select=["SE305"], **PKG)[1]] == ["SE305"]
    for source in (_package(**{"htmx.org": "^4.0.1"}), _package(**{"htmx-ext-ws": "^2.0.0"}),
                   json.dumps({"keywords": ["htmx-ext-sse"]}), "{not json htmx-ext-sse"):
        assert run(source, select=["SE305"], **PKG)[1] == [], source


def test_nothing_is_changed():
    source = _package(**{"htmx-ext-sse": "^2.2.4"})
    assert run(source, **PKG)[0] == source
