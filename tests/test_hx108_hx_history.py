"""HX108: hx-history="false" is reported: htmx 4 keeps no history snapshot."""

from __future__ import annotations

import pytest

from hxmigrate.testing import run

HTML = dict(filename="page.html", select=["HX108"])


@pytest.mark.parametrize(
    "source, fragment",
    [
        ('<div hx-history="false">', "hx-history-cache.js"),
        ('<div data-hx-history="false">', "hx-history-cache.js"),
        ('<div hx-history="FALSE">', "in lowercase"),
        ('<div hx-history="true">', "remove it"),
    ],
)
def test_reported(source, fragment):
    fixed, first, _ = run(source, **HTML)
    assert fixed == source
    assert len(first) == 1 and first[0].fix is None and fragment in first[0].message


def test_history_elt_is_not_reported():
    _, first, _ = run('<main hx-history-elt>', **HTML)
    assert first == []
