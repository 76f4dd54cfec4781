"""HX307: a package.json dependency on htmx 1/2 or an htmx 2 extension package is reported."""

from __future__ import annotations

import pytest

from hxmigrate.testing import run

JSON = dict(filename="package.json", select=["HX307"])


@pytest.mark.parametrize(
    "deps, fragment",
    [
        ('"htmx.org": "^2.0.8"', "npm install htmx.org@4.0.1"),
        ('"htmx.org": "~1.9.12"', "installs htmx 1"),
        ('"htmx-ext-preload": "2.1.0"', "`htmx.org/dist/ext/hx-preload.js` takes its place"),
        ('"htmx-ext-response-targets": "2.0.4"', "in its core"),
        ('"htmx-ext-json-enc": "2.0.1"', "no port"),
    ],
)
def test_reported(deps, fragment):
    text = '{"dependencies": {' + deps + "}}\n"
    fixed, found, _ = run(text, **JSON)
    assert fixed == text
    assert any(d.fix is None and fragment in d.message for d in found), [d.message for d in found]


@pytest.mark.parametrize(
    "text",
    [
        '{"dependencies": {"htmx.org": "4.0.1"}}\n',
        '{"dependencies": {"htmx-ext-ws": "2.0.4"}}\n',  # WS309's
        '{"dependencies": {"htmx-ext-sse": "2.2.2"}}\n',  # the SSE rules'
        '{"scripts": {"x": "echo \\"htmx.org\\": \\"2.0.0\\""}}\n',  # not a dependency
        "not json",
    ],
)
def test_nothing_to_report(text):
    _, found, _ = run(text, **JSON)
    assert found == []
