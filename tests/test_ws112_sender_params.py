"""WS112: `hx-params` that applied to a WebSocket sender, which htmx 4 no longer reads."""

from __future__ import annotations

import pytest

from hxmigrate.testing import make_settings, run

HTML = dict(filename="page.html", select=["WS112"])
LISTENER = "hx-on:htmx:ws:before:message:outgoing="


def _findings(source, **kwargs):
    fixed, first, _ = run(source, **{**HTML, **kwargs})
    assert fixed == source, "WS112 only reports"
    assert all(d.code == "WS112" and d.fix is None for d in first)
    return first


@pytest.mark.parametrize(
    "source, attribute, fragments",
    [
        # 2.x sent only the headers
        ('<form ws-send hx-params="none"><input name="m"></form>', 'hx-params="none"',
         ["on this WebSocket sender", "2.x sent none of the sender's values",
          LISTENER + '"event.detail.message.values = {}"']),
        ('<div ws-connect="/chat" hx-params="none"><button ws-send>ping</button></div>', 'hx-params="none"',
         ["on an ancestor of a WebSocket sender", LISTENER + '"event.detail.message.values = {}"']),
        ('<form data-ws-send data-hx-params="none"></form>', 'data-hx-params="none"', ["2.x sent none"]),
        # an empty value is no value: 2.x went on to the ancestors
        ('<body hx-params="none"><div ws-connect="/c" hx-params=""><button ws-send>go</button></div></body>',
         'hx-params="none"', ["an ancestor"]),
        # the 2.x extension threw on a list, and the sender sent nothing
        ('<form ws-send hx-params="not password, token"></form>', 'hx-params="not password, token"',
         ["`inputValues.delete is not a function`", "sender sent nothing", "`password`, `token` included",
          LISTENER + '"delete event.detail.message.values.password; delete event.detail.message.values.token"']),
        ('<form ws-send hx-params="m, user-name"></form>', 'hx-params="m, user-name"',
         ["`inputValues.has is not a function`", "not only `m`, `user-name`",
          LISTENER + "\"event.detail.message.values = {m: event.detail.message.values.m, "
                     "'user-name': event.detail.message.values['user-name']}\""]),
        # 2.x compared the value as written: "None" was a list of one name
        ('<form ws-send hx-params="None"></form>', 'hx-params="None"', ["`inputValues.has is not a function`"]),
        ('<form ws-send hx-params="not a&quot;b"></form>', 'hx-params="not a&quot;b"',
         ["delete them from the values in a `htmx:ws:before:message:outgoing` listener"]),
        # the htmx 1.x sender the 2.x extension honoured, and senders already renamed
        ('<div hx-ws="send" hx-params="none"></div>', 'hx-params="none"', ["2.x sent none"]),
        ('<form hx-ws:send hx-params="none"></form>', 'hx-params="none"', ["htmx 4 has no `hx-params`"]),
        ('<form data-hx-ws:send HX-PARAMS="none"></form>', 'HX-PARAMS="none"', ["2.x sent none"]),
    ],
)
def test_reported(source, attribute, fragments):
    found = _findings(source)
    assert len(found) == 1, [d.message for d in found]
    d = found[0]
    assert source[d.start:d.end] == attribute
    for fragment in fragments:
        assert fragment in d.message, d.message


def test_template_value():
    found = _findings('<form ws-send hx-params="{{ params }}"></form>', filename="page.jinja")
    assert len(found) == 1 and "template syntax" in found[0].message


def test_one_finding_for_an_ancestor_of_many_senders():
    source = '<div ws-connect="/c" hx-params="none"><button ws-send>a</button><button ws-send>b</button></div>'
    assert len(_findings(source)) == 1


def test_alpha_target_names_its_event():
    found = _findings('<form ws-send hx-params="none"></form>', settings=make_settings(target="4.0-alpha"))
    assert len(found) == 1 and "`htmx:before:ws:send` listener" in found[0].message


def test_still_reported_after_the_rename():
    source = '<div hx-ext="ws" ws-connect="/c" hx-swap="none"><form ws-send hx-params="none"></form></div>'
    fixed, first, remaining = run(source, filename="page.html")
    assert "hx-ws:send" in fixed and 'hx-params="none"' in fixed
    assert [d.code for d in first].count("WS112") == 1
    assert [d.code for d in remaining].count("WS112") == 1


@pytest.mark.parametrize(
    "source",
    [
        '<form ws-send hx-params="*"><input name="m"></form>',  # filtered nothing
        '<div hx-params="none"><form ws-send hx-params="*"></form></div>',  # the closest value wins
        '<div hx-params="none"><form ws-send hx-params="unset"></form></div>',
        '<div hx-params="none" hx-disinherit="*"><form ws-send></form></div>',
        '<div hx-params="none" hx-disinherit="hx-target hx-params"><form ws-send></form></div>',
        '<div hx-params="none" data-hx-disinherit="hx-params"><form hx-ws:send></form></div>',
        # not a sender, nor an ancestor of one
        '<div ws-connect="/c"><button ws-send>go</button></div><form hx-post="/s" hx-params="none"></form>',
        '<form ws-send><input name="q" hx-params="none"></form>',
        '<div hx-ws:connect="/c" hx-params="none"></div>',
        '<div hx-ws="connect:/c" hx-params="none"></div>',
        '<form hx-post="/search" hx-params="not page"><input name="q"></form>',
    ],
)
def test_not_reported(source):
    assert _findings(source) == []
