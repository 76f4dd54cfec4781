"""WS305: 2.x WebSocket events inside hyperscript are reported."""

from __future__ import annotations

import pytest

from hxmigrate.testing import run


@pytest.mark.parametrize(
    "source, count",
    [
        ('<div _="on htmx:wsOpen from #c remove .off">', 1),
        ('<div data-script="on htmx:ws-after-message(message) log message">', 1),
        ('<script type="text/hyperscript">on htmx:wsOpen or htmx:wsClose log it</script>', 2),
        ('<div _="on htmx:ws:after:connection log it">', 0),
        ('<script>htmx.on("htmx:ws:close", f)</script>', 0),
    ],
)
def test_reported(source, count):
    fixed, first, _ = run(source, filename="p.html", select=["WS305"])
    assert fixed == source
    assert [d.code for d in first] == ["WS305"] * count
    assert all(d.fix is None for d in first)
