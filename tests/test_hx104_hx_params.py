"""HX104: hx-params is gone in htmx 4; the report gives the htmx:config:request listener."""

from __future__ import annotations

import pytest

from hxmigrate.rules.core.hx104_hx_params import listener
from hxmigrate.testing import run

HTML = dict(filename="page.html", select=["HX104"])


@pytest.mark.parametrize(
    "value, code",
    [
        ("*", None),
        ("none", "event.detail.ctx.request.body = new FormData()"),
        ("not csrf, token", "for (const name of ['csrf', 'token']) event.detail.ctx.request.body.delete(name)"),
        ("q,page", "const body = event.detail.ctx.request.body; for (const name of [...body.keys()]) "
                   "if (!['q', 'page'].includes(name)) body.delete(name)"),
    ],
)
def test_listener(value, code):
    assert listener(value) == code


@pytest.mark.parametrize(
    "source, fragment",
    [
        ('<form hx-post="/x" hx-params="not csrf">',
         "`hx-on:htmx:config:request=\"for (const name of ['csrf']) event.detail.ctx.request.body.delete(name)\"`"),
        ('<form hx-post="/x" data-hx-params="none">', "`data-hx-on:htmx:config:request=\""),
        ('<form hx-post="/x" hx-params="*">', "remove the attribute"),
        ('<form hx-post="/x" hx-params="{{ p }}">', "a FormData"),
    ],
)
def test_reported(source, fragment):
    fixed, first, _ = run(source, **HTML)
    assert fixed == source
    assert len(first) == 1 and first[0].fix is None and fragment in first[0].message, [d.message for d in first]


@pytest.mark.parametrize(
    "source",
    [
        '<form hx-post="/x" params="a"><input name="hx-params"></form>',
        '<form ws-send hx-params="none"><input name="m"></form>',  # WS112's
        '<form hx-ws:send hx-params="none"><input name="m"></form>',
    ],
)
def test_not_reported(source):
    _, first, _ = run(source, **HTML)
    assert first == []


def test_star_on_a_websocket_sender_is_removed_by_hand():
    source = '<form hx-ws:send hx-params="*"><input name="m"></form>'
    fixed, found, _ = run(source, filename="page.html", select=["HX104"])
    assert fixed == source and any("remove the attribute" in d.message for d in found)
