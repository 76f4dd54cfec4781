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
