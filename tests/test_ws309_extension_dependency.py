"""WS309: package.json dependencies on htmx-ext-ws are reported."""

from __future__ import annotations

from hxmigrate.testing import run


def test_dependency_and_old_core_are_reported():
    source = '{\n  "dependencies": {\n    "htmx.org": "^2.0.4",\n    "htmx-ext-ws": "^2.0.2"\n  }\n}\n'
    fixed, first, _ = run(source, filename="package.json", select=["WS309"])
    assert fixed == source
    assert [source[d.start : d.end] for d in first] == ['"htmx.org": "^2.0.4"', '"htmx-ext-ws": "^2.0.2"']
    assert all(d.fix is None for d in first)


def test_htmx_4_alone_is_fine():
    source = '{"dependencies": {"htmx.org": "4.0.1"}, "description": "htmx-ext-ws was removed"}'
    assert run(source, filename="package.json", select=["WS309"])[1] == []


def test_not_json_is_skipped():
    assert run('{"dependencies": {"htmx-ext-ws": ', filename="package.json", select=["WS309"])[1] == []
