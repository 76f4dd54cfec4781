"""The comparison can fail: with one migration rule switched off (``--ignore CODE``) the
migrated page no longer behaves like the original, and the report shows where and how."""

from __future__ import annotations

import pytest

from hxbrowser.runner import HarnessError, run_scenario
from hxbrowser.scenario import FIXTURES, Scenario

pytestmark = pytest.mark.browser

BROKEN = [
    # No <hx-partial> around the message element: hx-swap="none" drops it, #status stays.
    pytest.param("implicit-id-swap", "WS201", ["dom differ", '-      "passing"', '+      "unknown"'], id="WS201"),
    # The same in a JSX message hono/jsx renders: the <span id="last"> keeps its first text.
    pytest.param("jsx-hono-message", "WS201", ["dom differ", '-        "hello"', '+        "nothing yet"'],
                 id="WS201-jsx"),
    # The 2.x extension's script tag stays: it cannot register with htmx 4, nothing connects.
    pytest.param("script-tags", "WS307", ["htmx files loaded differ", "connections differ"], id="WS307"),
    # wsReconnectDelay not translated: 4.x reconnects after its own 500 ms +-30 %.
    pytest.param("reconnect-1006", "WS301", ["4.x page: reconnected", "expected 950..2500 ms"], id="WS301"),
    # Go's, Rust's and JavaScript's strings not rewritten: what the real toolchain prints of
    # them lands nowhere in htmx 4.
    pytest.param("go-messages", "WS201", ["dom differ", '"3 online"'], id="WS201-go"),
    pytest.param("rust-messages", "WS201", ["dom differ", '"deploying"'], id="WS201-rust"),
    pytest.param("node-messages", "WS201", ["dom differ", '"3 online"'], id="WS201-node"),
    # htmx 2's hx-disable left as it is: htmx 4 processes the button, which makes a request.
    pytest.param("core-disable-pair", "HX101", ["requests differ", "/ping"], id="HX101"),
    # hx-disabled-elt left as it is: htmx 4 disables nothing while the POST is held.
    pytest.param("core-disable-pair", "HX102", ["dom differ", ':disabled="true"'], id="HX102"),
    # from:closest form unquoted: HCON reads {from: "closest", form: true}; nothing fires.
    pytest.param("core-trigger-from", "HX203", ["requests differ", "/search"], id="HX203"),
    # show:#log:top read as show = "#log:top": nothing scrolls.
    pytest.param("core-swap-show", "HX205", ["dom differ", '"log '], id="HX205"),
    # 2.x hx-on names: htmx 4 never fires them, the handlers never run.
    pytest.param("core-hx-on", "HX201", ["dom differ", '"sending"'], id="HX201"),
    pytest.param("core-hx-on-targets", "HX201", ["dom differ", "out after-swap"], id="HX201-targets"),
    # No :inherited: the body's header, main's target and the table body's swap reach nothing.
    pytest.param("core-inheritance", "HX110", ["requests differ", "X-CSRFToken", "dom differ"], id="HX110"),
    # HX-Trigger-After-Settle left as it is: htmx 4 reads no such header, the saved event never fires.
    pytest.param("core-server-headers", "HX402", ["dom differ", '"saved: saved 1"'], id="HX402"),
    # 2.x event names in scripts and Alpine listeners: htmx 4 never fires them, the CSRF header
    # and the parameter are not set, the afterRequest/afterSwap/history listeners never run.
    pytest.param("core-js-events", "HX303", ["requests differ", "X-Csrftoken", "dom differ", '"pushed /orders/more"'],
                 id="HX303"),
    # htmx 4 ignores defaultSwapStyle, historyEnabled and timeout: innerHTML, a pushed URL, the slow
    # request swapped.
    pytest.param("core-js-config", "HX304", ["dom differ", '"item 1 from /slow"', "requests differ"], id="HX304"),
    # htmx.logAll, htmx.addClass... are gone in htmx 4: the first call throws, the script stops.
    pytest.param("core-js-api", "HX305", ["dom differ", 'data-hit="yes"'], id="HX305"),
    # hx-vars left as it is: htmx 4 never reads it, the evaluated values are not sent.
    pytest.param("core-attrs-vars", "HX103", ["requests differ", "width=824", "page=2"], id="HX103"),
    # No hx-prompt.js: htmx 4 asks nothing, sends no HX-Prompt, and the cancelled request goes out.
    pytest.param("core-attrs-prompt", "HX105", ["requests differ", "HX-Prompt", "DELETE /drop"], id="HX105"),
    # hx-request left as it is: htmx 4 waits for the slow answer and swaps it.
    pytest.param("core-attrs-request", "HX107", ["dom differ", "answered /slow"], id="HX107"),
    # A plain hx-boost on <body>: htmx 4 boosts nothing, the form's submit makes no request.
    pytest.param("core-attrs-boost", "HX111", ["requests differ", "HX-Boosted"], id="HX111"),
    # preload left as it is: hx-preload.js preloads nothing on focus, the click goes to the server.
    pytest.param("core-attrs-preload", "HX112", ["4.x page: timed out", "(got 0)", "did not occur"], id="HX112"),
    # The 2.x extension scripts stay: they cannot register with htmx 4.
    pytest.param("core-attrs-preload", "HX302", ["htmx files loaded differ", "threw"], id="HX302"),
    # No hx-include: htmx 4's DELETE leaves the form's fields out.
    pytest.param("core-attrs-delete", "HX113", ["requests differ", "reason"], id="HX113"),
    # 2.x event names in hx-trigger: htmx 4 never fires them, the triggered requests are never made.
    pytest.param("core-trig-events", "HX202", ["requests differ", "GET /audit", "GET /lazy", "dom differ"], id="HX202"),
    # queue: left in hx-trigger: htmx 4 ignores it and queues first, so queue:all sends fewer requests.
    pytest.param("core-trig-queue", "HX204", ["requests differ", "POST /all"], id="HX204"),
    # hx-swap="morph" left as it is: htmx 4 knows no such swap style and swaps nothing.
    pytest.param("core-resp-morph", "HX206", ["dom differ", '"version 1"'], id="HX206"),
    # No noSwap: htmx 4 swaps the 422 and the 500 into the page.
    pytest.param("core-resp-errors", "HX207", ["dom differ", '"quantity -1 is invalid"', "Internal Server Error"],
                 id="HX207"),
    # No inherited hx-status on <body>: a 418 without a target is swapped into the element's target.
    pytest.param("core-resp-targets", "HX207", ["dom differ", "I'm a teapot"], id="HX207-targets"),
    # hx-target-CODE left as it is: htmx 4 reads no such attribute, the error targets stay empty.
    pytest.param("core-resp-targets", "HX208", ["dom differ", "is not an email address"], id="HX208"),
    # A history handler on <body> renamed in place: htmx 4 fires the event on document only.
    pytest.param("core-hx-on-history", "HX201", ["dom differ", '"pushed"'], id="HX201-history"),
]


@pytest.mark.parametrize("name, code, expected", BROKEN)
def test_a_disabled_rule_fails_the_comparison(name, code, expected, browser_session, hxmigrate_available, tmp_path):
    try:
        report = run_scenario(browser_session, Scenario.load(FIXTURES / name), tmp_path, ["--ignore", code])
    except HarnessError as error:
        pytest.fail(str(error), pytrace=False)
    text = report.render()
    print(text)  # the failure report the suite would show; visible with -rP
    assert text, f"{name} still passes with {code} ignored: the comparison did not notice"
    missing = [fragment for fragment in expected if fragment not in text]
    assert not missing, f"report lacks {missing}:\n{text}"
