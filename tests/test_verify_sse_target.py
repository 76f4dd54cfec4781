"""The verifier lets `hx-target` change only where SE103 writes or removes it: written or
changed on an SSE connection element (`hx-sse:connect` after the rewrite, or `sse-connect`
where SE101 did not run), removed from an
element whose `sse-swap` it served; anywhere else a new, changed or removed `hx-target` is
refused, while the core's renames (`hx-target:inherited`, `hx-target-404` -> `hx-status:404`)
still pass."""

from __future__ import annotations

import pytest

from hxmigrate.verify import VerificationError, verify


@pytest.mark.parametrize("before, after", [
    # SE103: the child's target moved to the connection element
    pytest.param('<div sse-connect="/c"><ul id="i" sse-swap="message" hx-target="#out" hx-swap="beforeend"></ul></div>',
                 '<div hx-sse:connect="/c" hx-target="#out" hx-swap="beforeend"><ul id="i"></ul></div>',
                 id="moved-to-connection"),
    pytest.param('<div data-sse-connect="/c"><ol data-sse-swap="message"></ol></div>',
                 '<div data-hx-sse:connect="/c" data-hx-target="find ol"><ol></ol></div>', id="data-prefix"),
    # SE103: a nested connection element gets the target it inherited
    pytest.param('<div hx-target="#a"><p sse-connect="/c" sse-swap="message">x</p></div>',
                 '<div hx-target:inherited="#a"><p hx-sse:connect="/c" hx-target="#a">x</p></div>', id="inherited"),
    # written by SE103, then made :inherited by HX110 in a later pass
    pytest.param('<div sse-connect="/c"><p id="p" sse-swap="message"></p></div>',
                 '<div hx-sse:connect="/c" hx-target:inherited="#p"><p id="p"></p></div>', id="then-inherited"),
    # with SE101 left out (--ignore SE101), the connection element keeps htmx 2's name
    pytest.param('<div data-sse-connect="/c"><p id="p" data-sse-swap="message"></p></div>',
                 '<div data-sse-connect="/c" data-hx-target="#p"><p id="p"></p></div>', id="2x-connect-name"),
    # the core's renames
    pytest.param('<main hx-target="#flash"><button hx-get="/x">x</button></main>',
                 '<main hx-target:inherited="#flash"><button hx-get="/x">x</button></main>', id="hx110"),
    pytest.param('<form hx-post="/s" hx-target-422="#errors"></form>',
                 '<form hx-post="/s" hx-status:422="target:#errors"></form>', id="hx208"),
])
def test_accepted(before, after):
    verify("markup", before, after)


@pytest.mark.parametrize("before, after", [
    # a new hx-target on an element that is no connection element
    pytest.param('<div sse-connect="/c"><p id="p" sse-swap="message"></p></div>',
                 '<div hx-sse:connect="/c"><p id="p" hx-target="#p"></p></div>', id="new-on-child"),
    pytest.param('<button hx-get="/x">x</button>', '<button hx-get="/x" hx-target="#out">x</button>', id="new-on-request"),
    pytest.param('<div ws-connect="/ws"><p>x</p></div>', '<div hx-ws:connect="/ws" hx-target="#x"><p>x</p></div>',
                 id="new-on-ws-connection"),
    # a changed one
    pytest.param('<button hx-get="/x" hx-target="#a">x</button>', '<button hx-get="/x" hx-target="#b">x</button>',
                 id="changed"),
    pytest.param('<main hx-target="#a"><b hx-get="/x">x</b></main>', '<main hx-target:inherited="#b"><b hx-get="/x">x</b></main>',
                 id="changed-with-suffix"),
    # a removed one, from an element that had no sse-swap
    pytest.param('<div sse-connect="/c"><button hx-get="/x" hx-target="#a">x</button></div>',
                 '<div hx-sse:connect="/c"><button hx-get="/x">x</button></div>', id="removed"),
    # the connection element's own, removed
    pytest.param('<div sse-connect="/c" hx-target="#a"></div>', '<div sse-connect="/c"></div>', id="removed-from-connection"),
])
def test_refused(before, after):
    with pytest.raises(VerificationError) as exc:
        verify("markup", before, after)
    assert "hx-target" in str(exc.value)
