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
    # --- attributes ---
    # No :inherited: the containers' targets (htmx 2's hx-inherit/hx-disinherit placement) reach nothing,
    # the answers land in the buttons themselves.
    pytest.param("core-attrs-inherit", "HX110", ["requests differ", "dom differ"], id="HX110-inherit"),
    # No :inherited: the body's CSRF header and main's target reach nothing; the help widget's
    # request under the (removed) hx-disinherit="*" goes without the header.
    pytest.param("core-attrs-disinherit", "HX110", ["requests differ", "X-Csrftoken", "dom differ",
                 '"about labels, sent with no token"'], id="HX110-disinherit"),
    # data-hx-disable left as it is: htmx 4 processes the send button, which posts.
    pytest.param("core-data-prefix", "HX101", ["requests differ", "POST /send-all", '"sent to 12,000 subscribers"'],
                 id="HX101-data"),
    # data-hx-disabled-elt left as it is: the save button stays enabled while the POST is held.
    pytest.param("core-data-prefix", "HX102", ["dom differ", 'button disabled id="save"'], id="HX102-data"),
    # data-hx-on::before-request/after-request: htmx 4 never fires them, the handlers never run.
    pytest.param("core-data-prefix", "HX201", ["dom differ", '"saving"', '"saved at June release notes"'],
                 id="HX201-data"),
    # from:previous form unquoted: htmx 4 reads from "previous" (the hint paragraph), typing sends nothing.
    pytest.param("core-data-prefix", "HX203", ["requests differ", "GET /preview", '"Preview: June release notes"'],
                 id="HX203-data"),
    # A plain data-hx-boost on the nav: htmx 4 boosts nothing, the archive link navigates.
    pytest.param("core-data-prefix", "HX111", ["requests differ", "HX-Boosted", '"boosted: true"'], id="HX111-data"),
    # hx-disabled-elt left as it is: htmx 4 disables nothing while the requests are held.
    pytest.param("core-disable-selectors", "HX102", ["dom differ", 'fieldset disabled id="merge"',
                 'button disabled id="add-label"'], id="HX102-selectors"),
    # The form's hx-target not :inherited: its button's answer lands in the button itself.
    pytest.param("core-disable-selectors", "HX110", ["requests differ", '"target id": "add-label"'],
                 id="HX110-disable-selectors"),
    # A plain hx-boost on <body>: htmx 4 boosts nothing, the links and the form navigate.
    pytest.param("core-attrs-boost-body", "HX111", ["requests differ", "HX-Boosted", '"Invoices (boosted: no)"'],
                 id="HX111-body"),
    # No :inherited on <body>: the plain button swaps the whole answer into itself.
    pytest.param("core-attrs-boost-body", "HX110", ["requests differ", '"target id": "refresh-stats"', "dom differ"],
                 id="HX110-boost-body"),
    # --- triggers, swaps, inheritance, responses ---
    # from:/target: selectors left unquoted: htmx 4 reads `from:find` and `target:(tr.member`, the filter
    # form and the seat table make no request.
    pytest.param("core-trigger-target", "HX203", ["requests differ", "GET /members", "GET /seats/total",
                 '"1 seat: ada"'], id="HX203-target"),
    # htmx:afterRequest left in hx-trigger: htmx 4 never fires it, the activity line is not refreshed.
    pytest.param("core-trigger-target", "HX202", ["requests differ", "GET /activity",
                 '"activity refreshed 1 time(s) at top"'], id="HX202-from"),
    # scroll:/show: selectors left in one value, focus-scroll not renamed: htmx 4 scrolls nothing, the
    # refocused reply input stays out of view.
    pytest.param("core-swap-scroll", "HX205", ["dom differ", '"at the latest entry"', '"conversation +',
                 '"history +0"', '"top +0"'], id="HX205-scroll"),
    # No :inherited in base.html: the body's CSRF header is not sent, main's flash target and afterbegin
    # swap reach neither the included row nor the block's form.
    pytest.param("core-inheritance-django", "HX110", ["requests differ", "X-Csrftoken", '"target id": "flash"',
                 "dom differ"], id="HX110-django"),
    # No :inherited on the table bodies and the section: the draft is discarded without the question,
    # the spinner never shows, the answers land in the clicked buttons.
    pytest.param("core-inheritance-macro", "HX110", ["requests differ", "POST /invoices/1/discard", '-    "saving"',
                 '"target id": "invoice-4"', "dom differ"], id="HX110-macro"),
    # No noSwap in the page's own meta: htmx 4 swaps the 422's text over the signup form and the 500's page.
    pytest.param("core-resp-errors-form", "HX207", ["dom differ", '+  "ada@example.com is already registered"',
                 '"Internal Server Error"'], id="HX207-meta"),
    # The htmx:responseError listener keeps its 2.x name: the 422's text and the 500's flash are never shown.
    pytest.param("core-resp-errors-form", "HX303", ["dom differ", '-      "ada@example.com is already registered"',
                 '"Something went wrong on our side (500), please try again."'], id="HX303-errors"),
    # hx-on::response-error not renamed: htmx 4 never runs it, the form is not marked invalid.
    pytest.param("core-resp-errors-form", "HX201", ["dom differ", '-  <form class="invalid" id="signup">'],
                 id="HX201-errors"),
    # defaultSwapStyle not renamed in the meta: htmx 4 swaps the 200 innerHTML, into the newsletter form.
    pytest.param("core-resp-errors-form", "HX304", ["dom differ", '+  <form id="newsletter">'], id="HX304-meta"),
    # No :inherited on the connection element: the Open buttons, the pushed one too, swap into themselves.
    pytest.param("core-ws-and-core", "HX110", ["requests differ", '"source id": "open-18", "target id": "open-18"',
                 "dom differ"], id="HX110-ws"),
    # hx-disabled-elt left as it is: htmx 4 does not disable the claim button while the POST is held.
    pytest.param("core-ws-and-core", "HX102", ["dom differ", '<button disabled id="claim" :disabled="true">'],
                 id="HX102-ws"),
    # hx-on::after-request not renamed: htmx 4 never runs it, the button keeps its label.
    pytest.param("core-ws-and-core", "HX201", ["dom differ", '-      "Claimed"'], id="HX201-ws"),
    # ws-send not renamed: the 4.x page needs hx-ws.js's legacy shim.
    pytest.param("core-ws-and-core", "WS102", ["legacy ws-connect/ws-send shim"], id="WS102-core"),
    # No hx-sync:inherited="queue last" on <body>: htmx 4 keeps the first search typed while one was out
    # ("la") and the first sort chosen ("name"), and drops the last ones.
    pytest.param("core-queue-default", "HX210", ["requests differ", "GET /search", "GET /sorted"], id="HX210"),
    # --- events and JavaScript ---
    # 2.x hx-on names in data-hx-on and on the swap target: htmx 4 never fires them, the filter stays
    # hidden, nothing counts the swaps.
    pytest.param("core-hx-on-legacy", "HX201", ["dom differ", '<form hidden id="filter">', '"filter configured"'],
                 id="HX201-legacy"),
    # 2.x event names and detail reads left: the header and the parameter are not added, the
    # afterRequest/beforeSwap/afterSettle/load listeners never run.
    pytest.param("core-js-detail", "HX303", ["requests differ", '"per_page": "20"',
                 '"search -> #ticket-list: get 200 OK, count 2'], id="HX303-detail"),
    # Alpine listeners keep the 2.x names: no sort parameter or header, no counters, no pushed URL.
    pytest.param("core-alpine-events", "HX303", ["dom differ", '"lamps sorted by price (v2)"', '"/catalogue/filtered"',
                 "requests differ"], id="HX303-alpine"),
    # htmx.closest, htmx.addClass... are gone in htmx 4: the card never moves, the board never toggles.
    pytest.param("core-js-api-helpers", "HX305", ["dom differ", '<article class="card in-progress" id="card-2">',
                 "htmx.closest is not a function"], id="HX305-helpers"),
    # The 2.x keys in the meta tag, the subscript and Object.assign: htmx 4's indicator CSS hides the hint,
    # no transition, innerHTML, the slow export is swapped.
    pytest.param("core-config-meta", "HX304", ["dom differ", '"hint hidden, opacity 0"',
                 '"entry 1 from /entries/export"'], id="HX304-meta-keys"),
    # 2.x event names left: the read-only POST goes out, no workspace parameter or header, no error flash.
    pytest.param("core-js-cancel", "HX303", ["requests differ", "POST /comments", '"read-only: blocked post from #comment-form"',
                 '"Sync failed (500): database is locked"'], id="HX303-cancel"),
    # --- the SSE extension ---
    # sse-connect left for hx-sse.js's legacy shim, without hx-swap="none": the unnamed messages htmx 2
    # swapped nowhere replace the panel's content.
    pytest.param("sse-connect-unnamed", "SE101", ["dom differ", '+        "heartbeat 0"',
                 "legacy sse-connect/sse-close shim"], id="SE101"),
    # The 2.x extension's script tag stays: it cannot register with htmx 4, nothing connects.
    pytest.param("sse-connect-unnamed", "SE301", ["htmx files loaded differ", "streams differ"], id="SE301"),
    # data-sse-close left as it is (hx-sse.js's shim reads only sse-close): the stream is not closed on
    # `finished`, and htmx 4 reconnects once the server ends it.
    pytest.param("sse-close", "SE102", ["streams differ", "+GET /jobs/8/events", "legacy sse-connect/sse-close shim"],
                 id="SE102"),
    # sse-swap="message" left on the feed's <ul>: htmx 4 has no sse-swap, the connection element swaps
    # the unnamed messages into itself, and the heading, the list and the button are gone.
    pytest.param("sse-swap-child", "SE103", ["dom differ", '-      <h2>', "legacy sse-swap shim"], id="SE103"),
    # On the connection element itself sse-swap="message" changes nothing htmx 4 swaps, but it is
    # the removed attribute hx-sse.js warns about.
    pytest.param("sse-swap-self", "SE103", ["legacy sse-swap shim"], id="SE103-self"),
    # sse-swap="message" left on the log's <ol>: after each reconnect too, the connection element swaps
    # the new connection's lines into itself, replacing the heading and the list.
    pytest.param("sse-reconnect-resume", "SE103", ["dom differ", '-      <ol id="lines">'], id="SE103-reconnect"),
    # Next to a WebSocket: sse-swap="message" left on the presence list, the <aside> swaps the updates
    # into itself and the heading and the list are gone.
    pytest.param("sse-and-ws", "SE103", ["dom differ", '-        "Online"'], id="SE103-ws"),
    # The WebSocket extension's 2.x script tag stays beside hx-sse.js: it cannot register with htmx 4,
    # the chat never connects and sends nothing.
    pytest.param("sse-and-ws", "WS307", ["htmx files loaded differ", "connections differ", "-/ws/room",
                 "frames differ"], id="WS307-sse"),
    # data-sse-connect left as it is: hx-sse.js (its shim too) never reads it, no stream is opened.
    pytest.param("sse-data-prefix", "SE101", ["streams differ", "-GET /orders/live"], id="SE101-data"),
    # data-sse-close left as it is: the import's stream is not closed on `complete`, and htmx 4 reconnects
    # each time the server ends it.
    pytest.param("sse-data-prefix", "SE102", ["streams differ", '+GET /imports/9/progress {"Last-Event-ID": "3"}'],
                 id="SE102-data"),
    # data-sse-swap="message" left on the table body (no shim warns about it): the orders panel swaps
    # each new row into itself, the table and the button are gone.
    pytest.param("sse-data-prefix", "SE103", ["dom differ", '-        <tbody id="rows">'], id="SE103-data"),
    # sse-swap="message" left on the monitor and the nested incident connection (their updates still land
    # where htmx 2 put them, with the monitor's hx-target:inherited and hx-swap:inherited): the removed
    # attribute hx-sse.js warns about.
    pytest.param("sse-own-target", "SE103", ["legacy sse-swap shim"], id="SE103-own-target"),
    # No hx-swap="none" on the nested watch connection: its heartbeats, which htmx 2 swapped nowhere, replace
    # the alert list (the monitor's hx-target:inherited).
    pytest.param("sse-own-target", "SE101", ["dom differ", '+        "8 still open"'], id="SE101-own-target"),
    # sse-swap="message" left on the timeline: the order's article swaps the updates into itself.
    pytest.param("sse-multiple-events", "SE103", ["dom differ", '-      <ol id="timeline">', "legacy sse-swap shim"],
                 id="SE103-events"),
    # sse-close left for hx-sse.js's legacy shim.
    pytest.param("sse-multiple-events", "SE102", ["legacy sse-connect/sse-close shim"], id="SE102-events"),
    # The base template's sse-connect left for the legacy shim.
    pytest.param("sse-jinja-base", "SE101", ["legacy sse-connect/sse-close shim"], id="SE101-jinja"),
    # The base template's connection keeps a plain hx-target and hx-swap: htmx 4 reads them for its own
    # messages but the child template's button no longer inherits them, and swaps into itself.
    pytest.param("sse-jinja-base", "HX110", ["dom differ", '-        "#99 delivered"'], id="HX110-sse-jinja"),
    # The base template's 2.x script tag stays: it cannot register with htmx 4, the child template's list
    # never gets the new orders.
    pytest.param("sse-jinja-base", "SE301", ["htmx files loaded differ", "streams differ", "-GET /events/orders"],
                 id="SE301-jinja"),
    # The SSE events' 2.x names left in the listeners: htmx 4 never fires them, the open and close
    # counters stay at 0 and the message log stays empty.
    pytest.param("sse-events-js", "SE302", ["dom differ", '-        "feed"', '-        "<p>three</p> (last id: 2)"'],
                 id="SE302"),
    # The 2.x hx-on names left: htmx 4 never runs the handlers, the job panel is never marked open or
    # closed and the ticker's handler hears nothing.
    pytest.param("sse-events-hx-on", "SE303", ["dom differ", '-          "closed job"', '-          "13 chars"'],
                 id="SE303"),
    # The Alpine listeners' 2.x names left: htmx 4 never fires them, the counters stay at 0.
    pytest.param("sse-events-hx-on", "SE302", ["dom differ", '-          "<b>tick 2</b>"', '-        "2"'],
                 id="SE302-alpine"),
    # The server's named events left named (and so the pages' sse-swap kept with them): htmx 4 only
    # dispatches them as DOM events, the headlines and the score never change.
    pytest.param("sse-named-server-fastapi", "SE201", ["dom differ", '"kick-off"', "legacy sse-swap shim"],
                 id="SE201-fastapi"),
    pytest.param("sse-named-server-django", "SE201", ["dom differ", '"idle"', "legacy sse-swap shim"],
                 id="SE201-django"),
    # No reconnect settings in the page's htmx-config meta: htmx 4 reconnects the ended stream after its own
    # 500 ms +-30 %, htmx 2's EventSource after the browser's 3 s.
    pytest.param("sse-reconnect-ended", "SE107", ["4.x page: reconnected", "expected 2500..4200 ms"], id="SE107"),
    # hx-trigger="sse:news" left as it is: htmx 4 fires `news` on the connection element and no `sse:`
    # event, so the panels never ask.
    pytest.param("sse-trigger-child", "SE105", ["requests differ", "GET /headline", "GET /price"], id="SE105"),
    # The same where the connection element is in the base template and a fragment is swapped in later.
    pytest.param("sse-trigger-base", "SE105", ["requests differ", "GET /score", "GET /scorers/latest"],
                 id="SE105-base"),
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


def test_every_core_scenario_can_fail():
    """A core scenario proves its rules only if the comparison notices when one is switched off."""
    listed = {p.values[0] for p in BROKEN}
    core = {d.name for d in FIXTURES.iterdir() if d.is_dir() and d.name.startswith("core-")}
    assert core - listed == set(), f"core scenarios without a BROKEN entry: {sorted(core - listed)}"
