"""The harness's own mappings: which URLs it serves, how it equates 2.x and 4.x frames and
HTTP requests, how it reads endpoints and streams, and that a request or stream difference
fails the comparison."""

from __future__ import annotations

import json
import shutil
import tomllib
from types import SimpleNamespace

import pytest

from hxbrowser import assets
from hxbrowser.normalize import frame_line, request_line, stream_line
from hxbrowser.runner import SNAPSHOT_JS, HarnessError, Migration, Observation, Report, run_scenario, run_sides
from hxbrowser.scenario import FIXTURES, KINDS, Endpoint, Scenario, Stream, all_scenarios
from hxbrowser.serve import HeaderDict, params_of, parse_body, sse_text

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(
    "url, role, file_name",
    [
        ("https://unpkg.com/htmx.org@2.0.8/dist/htmx.min.js", assets.CORE, "htmx.min.js"),
        ("https://cdn.jsdelivr.net/npm/htmx.org@2.0.8", assets.CORE, "htmx.min.js"),
        ("https://unpkg.com/htmx-ext-ws@2.0.4/ws.js", assets.WS2, "ws.js"),
        ("https://cdn.jsdelivr.net/npm/htmx-ext-ws@2.0.4/dist/ws.min.js", assets.WS2, "ws.min.js"),
        ("https://unpkg.com/htmx.org@1.9.12/dist/ext/ws.js", assets.WS2, "ws.js"),
        ("https://unpkg.com/htmx.org/dist/ext/ws.js", assets.WS2, "ws.js"),
        ("https://unpkg.com/htmx.org@4.0.1/dist/ext/hx-ws.js", assets.WS4, "hx-ws.js"),
        ("https://cdn.jsdelivr.net/npm/htmx.org@4.0.1/dist/ext/hx-ws.min.js", assets.WS4, "hx-ws.min.js"),
    ],
)
def test_cdn_urls_map_to_the_pinned_files(url, role, file_name):
    asset = assets.classify(url)
    assert asset is not None and asset.role == role
    assert asset.file("4").name == file_name


def test_the_core_is_served_in_each_sides_version():
    asset = assets.classify("https://unpkg.com/htmx.org@2.0.8/dist/htmx.min.js")
    assert asset.file("2").parent.parent.name == "htmx2"
    assert asset.file("4").parent.parent.name == "htmx4"


@pytest.mark.parametrize(
    "url, role, path",
    [
        ("https://unpkg.com/htmx-ext-preload@2.1.0/preload.js", assets.PRELOAD2, "htmx-ext-preload/dist/preload.js"),
        ("https://cdn.jsdelivr.net/npm/htmx-ext-preload@2.1.2", assets.PRELOAD2, "htmx-ext-preload/dist/preload.min.js"),
        ("https://unpkg.com/htmx-ext-response-targets@2.0.2/response-targets.js", assets.RESPONSE_TARGETS2,
         "htmx-ext-response-targets/dist/response-targets.js"),
        ("https://unpkg.com/htmx-ext-head-support@2.0.4/head-support.js", assets.HEAD2,
         "htmx-ext-head-support/dist/head-support.js"),
        ("https://unpkg.com/htmx.org@2.0.8/dist/ext/preload.js", assets.PRELOAD2, "htmx-ext-preload/dist/preload.js"),
        ("https://unpkg.com/idiomorph@0.7.3/dist/idiomorph-ext.min.js", assets.MORPH2,
         "idiomorph/dist/idiomorph-ext.min.js"),
        ("https://unpkg.com/idiomorph@0.7.3", assets.IDIOMORPH, "idiomorph/dist/idiomorph.min.js"),
        ("https://cdn.jsdelivr.net/npm/htmx.org@4.0.1/dist/ext/hx-preload.js", assets.PRELOAD4,
         "htmx4/dist/ext/hx-preload.js"),
        ("https://cdn.jsdelivr.net/npm/htmx.org@4.0.1/dist/ext/hx-head.min.js", assets.HEAD4,
         "htmx4/dist/ext/hx-head.min.js"),
        ("https://cdn.jsdelivr.net/npm/htmx.org@4.0.1/dist/ext/hx-sse.js", assets.SSE4,
         "htmx4/dist/ext/hx-sse.js"),
        ("https://unpkg.com/htmx.org@4.0.1/dist/ext/hx-sse.min.js", assets.SSE4, "htmx4/dist/ext/hx-sse.min.js"),
        ("https://unpkg.com/htmx-ext-sse@2.2.4", assets.SSE2, "htmx-ext-sse/dist/sse.min.js"),
        ("https://unpkg.com/htmx-ext-sse@2.2.2/sse.js", assets.SSE2, "htmx-ext-sse/dist/sse.js"),
        ("https://cdn.jsdelivr.net/npm/htmx-ext-sse@2.2.4/dist/sse.min.js", assets.SSE2,
         "htmx-ext-sse/dist/sse.min.js"),
        ("https://cdn.jsdelivr.net/npm/htmx-ext-sse@2", assets.SSE2, "htmx-ext-sse/dist/sse.min.js"),
        ("https://unpkg.com/htmx.org@1.9.12/dist/ext/sse.js", assets.SSE2, "htmx-ext-sse/dist/sse.js"),
        ("https://unpkg.com/htmx.org@4.0.1/dist/ext/htmx-2-compat.min.js", assets.ext4("htmx-2-compat"),
         "htmx4/dist/ext/htmx-2-compat.min.js"),
    ],
)
def test_extension_urls_map_to_the_pinned_files(url, role, path):
    asset = assets.classify(url)
    assert asset is not None and asset.role == role
    for side in ("2", "4"):
        assert asset.file(side) == assets.NODE_MODULES / path
        assert asset.file(side).is_file(), path


@pytest.mark.parametrize(
    "url",
    [
        "https://example.com/htmx.js",
        "https://unpkg.com/htmx-ext-sse@2.2.4/dist/sse.esm.js",
        "https://unpkg.com/htmx-ext-sse@2.2.4/dist/ws.js",
        "https://unpkg.com/htmx.org@4.0.1/dist/ext/hx-nothing.js",
        "https://unpkg.com/htmx-ext-preload@2.1.2/dist/preload.esm.js",
    ],
)
def test_other_urls_are_not_served(url):
    assert assets.classify(url) is None


def test_the_4x_page_is_expected_to_load_the_counterparts_of_the_2x_files():
    loaded_2 = [assets.CORE, assets.WS2, assets.PRELOAD2, assets.RESPONSE_TARGETS2, assets.MORPH2, assets.ALPINE]
    assert assets.expected_4(loaded_2) == sorted([assets.CORE, assets.WS4, assets.PRELOAD4, assets.ALPINE])
    # A core scenario's page loads no WebSocket extension, and none is expected of 4.x.
    assert assets.expected_4([assets.CORE]) == [assets.CORE]
    # htmx-ext-sse -> hx-sse.js, whichever URL named it.
    assert assets.COUNTERPART_4[assets.SSE2] == assets.SSE4
    assert assets.expected_4([assets.CORE, assets.SSE2]) == sorted([assets.CORE, assets.SSE4])
    sse_2 = assets.classify("https://unpkg.com/htmx-ext-sse@2.2.4/dist/sse.js")
    sse_4 = assets.classify("https://unpkg.com/htmx.org@4.0.1/dist/ext/hx-sse.js")
    assert assets.COUNTERPART_4[sse_2.role] == sse_4.role


def test_2x_and_4x_frames_of_one_send_are_equal():
    two = {
        "message": "hi",
        "tags": ["a", "b"],
        "HEADERS": {
            "HX-Request": "true",
            "HX-Trigger": "chat-form",
            "HX-Trigger-Name": None,
            "HX-Target": "chat-form",
            "HX-Current-URL": "http://127.0.0.1:40001/",
        },
    }
    four = {
        "tags": ["a", "b"],
        "message": "hi",
        "headers": {
            "HX-Request": "true",
            "HX-Source": "form#chat-form",
            "HX-Current-URL": "http://127.0.0.1:40002/",
            "HX-Target": "form#chat-form",
        },
    }
    assert frame_line("2", "/ws", json.dumps(two)) == frame_line("4", "/ws", json.dumps(four))


def test_an_element_without_id_maps_to_null():
    two = {"HEADERS": {"HX-Trigger": None, "HX-Target": None}}
    four = {"headers": {"HX-Source": "button", "HX-Target": "button"}}
    assert frame_line("2", "/ws", json.dumps(two)) == frame_line("4", "/ws", json.dumps(four))


def test_a_2x_headers_key_left_on_the_4x_side_is_visible():
    assert frame_line("2", "/ws", '{"HEADERS": {}}') != frame_line("4", "/ws", '{"HEADERS": {}}')


def test_every_scenario_file_loads():
    for root in all_scenarios():
        scenario = Scenario.load(root)
        assert scenario.steps, root.name
        assert scenario.source.is_dir(), root.name


# --------------------------------------------------------------------------- HTTP requests

# One form POST as each side's server received it: 2.x (XMLHttpRequest: names as written,
# HX-Trigger = the id) and 4.x (fetch: lowercase names, HX-Source = tag#id, Accept set).
POST_2 = {
    "method": "POST",
    "path": "/items",
    "query": [["page", "2"]],
    "form": [["title", "milk"], ["tags", "a"], ["tags", "b"]],
    "body": None,
    "headers": [
        ["Host", "127.0.0.1:40001"],
        ["Content-Type", "application/x-www-form-urlencoded; charset=UTF-8"],
        ["HX-Request", "true"],
        ["HX-Trigger", "add-form"],
        ["HX-Trigger-Name", "add"],
        ["HX-Target", "list"],
        ["HX-Current-URL", "http://127.0.0.1:40001/"],
        ["X-CSRFToken", "abc"],
        ["Accept", "*/*"],
        ["User-Agent", "Mozilla/5.0"],
        ["Origin", "http://127.0.0.1:40001"],
        ["Referer", "http://127.0.0.1:40001/"],
        ["Sec-Fetch-Mode", "cors"],
        ["sec-ch-ua", "Chromium"],
    ],
}
POST_4 = {
    "method": "POST",
    "path": "/items",
    "query": [["page", "2"]],
    "form": [["tags", "a"], ["title", "milk"], ["tags", "b"]],
    "body": None,
    "headers": [
        ["host", "127.0.0.1:40002"],
        ["content-type", "application/x-www-form-urlencoded;charset=UTF-8"],
        ["hx-request", "true"],
        ["hx-source", "form#add-form"],
        ["hx-target", "ul#list"],
        ["hx-request-type", "partial"],
        ["hx-current-url", "http://127.0.0.1:40002/"],
        ["x-csrftoken", "abc"],
        ["accept", "text/html"],
        ["priority", "u=1, i"],
    ],
}


def test_2x_and_4x_requests_of_one_submit_are_equal():
    line = request_line("2", POST_2)
    assert line == request_line("4", POST_4)
    method, path, entry = line.split(" ", 2)
    assert (method, path) == ("POST", "/items")
    assert json.loads(entry) == {
        "query": {"page": "2"},
        "form": {"tags": ["a", "b"], "title": "milk"},
        "headers": {
            "Content-Type": "application/x-www-form-urlencoded",
            "HX-Current-URL": "http://127.0.0.1:<port>/",
            "HX-Request": "true",
            "X-Csrftoken": "abc",
            "source id": "add-form",
            "target id": "list",
        },
    }


def test_a_different_field_value_or_header_makes_requests_differ():
    changed = dict(POST_4, form=[["title", "eggs"], ["tags", "a"], ["tags", "b"]])
    assert request_line("2", POST_2) != request_line("4", changed)
    one_tag = dict(POST_4, form=[["title", "milk"], ["tags", "a"]])
    assert request_line("2", POST_2) != request_line("4", one_tag)
    no_token = dict(POST_4, headers=[h for h in POST_4["headers"] if h[0] != "x-csrftoken"])
    assert request_line("2", POST_2) != request_line("4", no_token)
    as_put = dict(POST_4, method="PUT")
    assert request_line("2", POST_2) != request_line("4", as_put)


def test_an_element_without_id_and_an_empty_body_leave_their_headers_out():
    two = {"method": "DELETE", "path": "/x", "query": [], "form": None, "body": None,
           "headers": [["Content-Type", "application/x-www-form-urlencoded"], ["HX-Request", "true"]]}
    four = {"method": "DELETE", "path": "/x", "query": [], "form": None, "body": None,
            "headers": [["hx-request", "true"], ["hx-source", "button"], ["hx-target", "div"]]}
    assert request_line("2", two) == request_line("4", four) == 'DELETE /x {"headers": {"HX-Request": "true"}}'


def test_urlencoded_and_multipart_bodies_are_parsed_into_fields():
    assert parse_body("application/x-www-form-urlencoded", b"a=1&b=&a=2") == ([["a", "1"], ["b", ""], ["a", "2"]], None)
    boundary = "----hxm"
    body = (
        f"--{boundary}\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nmilk & honey\r\n"
        f"--{boundary}\r\nContent-Disposition: form-data; name=\"tags\"\r\n\r\na\r\n"
        f"--{boundary}\r\nContent-Disposition: form-data; name=\"tags\"\r\n\r\nb\r\n"
        f"--{boundary}\r\nContent-Disposition: form-data; name=\"doc\"; filename=\"a.txt\"\r\n"
        f"Content-Type: text/plain\r\n\r\nhello\r\n--{boundary}--\r\n"
    ).encode()
    fields, text = parse_body(f"multipart/form-data; boundary={boundary}", body)
    assert text is None
    assert fields == [["title", "milk & honey"], ["tags", "a"], ["tags", "b"], ["doc", "<file 'a.txt', 5 bytes>"]]
    assert params_of(fields) == {"title": "milk & honey", "tags": ["a", "b"], "doc": "<file 'a.txt', 5 bytes>"}
    assert parse_body("application/json", b'{"a": 1}') == (None, '{"a": 1}')
    assert parse_body("", b"") == (None, None)


def test_an_endpoint_template_reads_headers_in_any_case():
    headers = HeaderDict([("hx-request", "true"), ("X-Client", "page")])
    assert headers["HX-Request"] == headers.get("hx-request") == "true"
    assert "x-client" in headers and headers.get("HX-Prompt", "none") == "none"


def test_an_endpoint_is_read_from_toml():
    data = tomllib.loads(
        """
        [[endpoints]]
        path = "/items"
        method = "post"
        template = "fragments/items.html"
        status = 422
        headers = { "HX-Trigger" = "done" }
        hold = true
        delay_ms = 50
        context = { title = "Items" }

        [[endpoints]]
        path = "/ping"
        body = "<p>pong</p>"
        """
    )
    items, ping = (Endpoint.from_toml(table) for table in data["endpoints"])
    assert items == Endpoint(
        path="/items", method="POST", template="fragments/items.html", status=422,
        headers={"HX-Trigger": "done"}, hold=True, delay_ms=50, context={"title": "Items"},
    )
    assert items.matches("POST", "/items") and not items.matches("GET", "/items")
    assert ping.method == "GET" and ping.status == 200 and not ping.hold and ping.body == "<p>pong</p>"
    assert Endpoint.from_toml({"path": "/any", "method": "*"}).matches("DELETE", "/any")


@pytest.mark.parametrize(
    "table",
    [
        {"path": "/items", "tempalte": "x.html"},
        {"path": "items"},
        {"path": "/items?page=1"},
        {"path": "/items", "template": "x.html", "body": "<p></p>"},
    ],
)
def test_a_bad_endpoint_is_refused(table):
    with pytest.raises((ValueError, TypeError)):
        Endpoint.from_toml(table)


def test_a_scenario_with_endpoints_loads(tmp_path):
    (tmp_path / "scenario.toml").write_text(
        """
        title = "t"
        connections = 0
        requests_on_load = 2
        dom = "behaviour"

        [[endpoints]]
        path = "/items"
        method = "POST"
        hold = true

        [[steps]]
        click = "#add"
        requests = 1

        [[steps]]
        release = "/items"

        [[steps]]
        wait = 300
        """,
        encoding="utf-8",
    )
    scenario = Scenario.load(tmp_path)
    assert scenario.requests_on_load == 2 and scenario.dom == "behaviour"
    assert [e.path for e in scenario.endpoints] == ["/items"]
    assert scenario.server_spec["endpoints"][0]["hold"] is True
    assert [step.describe() for step in scenario.steps] == ["click #add", "release /items", "wait 300 ms"]
    (tmp_path / "scenario.toml").write_text('dom = "pixels"\n[[steps]]\nwait = 1\n', encoding="utf-8")
    with pytest.raises(ValueError):
        Scenario.load(tmp_path)


def test_requests_that_differ_fail_the_comparison():
    assert "requests" in KINDS
    scenario = Scenario.load(FIXTURES / "http-form-hold")
    report = Report(scenario, Migration(["."], 0, "", ""))
    report.labels = ["page load", "click #send"]
    sent = [request_line("2", POST_2)]
    report.observed = {
        "2": [Observation(), Observation(requests=sent)],
        "4": [Observation(), Observation(requests=[request_line("4", dict(POST_4, form=[["title", "eggs"]]))])],
    }
    differences = report.differences()
    assert [(step, kind) for step, kind, _ in differences] == [(1, "requests")]
    assert '"title": "eggs"' in differences[0][2]


# --------------------------------------------------------------------------- in Chromium


def test_a_side_that_sends_other_fields_fails_the_comparison(browser_session, hxmigrate_available, tmp_path):
    """http-form-hold with a script that changes the name field on the htmx 4 page only: the
    request log of the submit differs, and so does the answer's text."""
    root = tmp_path / "scenario"
    shutil.copytree(FIXTURES / "http-form-hold", root)
    page = root / "templates" / "page.html"
    page.write_text(
        page.read_text(encoding="utf-8").replace(
            "</body>",
            "<script>if (htmx.version.startsWith('4')) document.getElementById('name').value = 'Grace'</script>\n"
            "</body>",
        ),
        encoding="utf-8",
    )
    # Fill the field before the script could matter: start with the submit.
    scenario = Scenario.load(root)
    scenario.steps = [step for step in scenario.steps if step.action in ("click", "release")]
    try:
        report = run_scenario(browser_session, scenario, tmp_path / "run")
    except HarnessError as error:
        pytest.fail(str(error), pytrace=False)
    text = report.render()
    print(text)
    assert "click #send (the server holds the POST)): requests differ" in text, text
    assert '-POST /signup {"form": {"email": "", "name": "", ' in text, text
    assert '+POST /signup {"form": {"email": "", "name": "Grace", ' in text, text
    assert "the server answers the POST): dom differ" in text, text


def test_the_behaviour_dom_leaves_htmx_attributes_out_and_shows_disabled(browser_session):
    html = """
      <form hx-post="/x" data-hx-target="#out" class="htmx-request card" data-htmx-powered="true">
        <input name="q" hx-trigger="keyup" value="v" @htmx:after-request="n++">
        <button preload="mouseover" disabled>Go</button>
        <div id="out" hx-on::after-request="x()">text</div>
      </form>
    """

    async def snapshots():
        page = await browser_session.browser.new_page()
        try:
            await page.set_content(html)
            return [await page.evaluate(SNAPSHOT_JS, {"side": "2", "dom": dom}) for dom in ("markup", "behaviour")]
        finally:
            await page.close()

    markup, behaviour = browser_session.run(snapshots())
    assert 'hx-post="/x"' in markup and ":disabled" not in markup
    assert behaviour.splitlines() == [
        "<body>",
        '  <form class="card">',
        '    <input name="q" value="v" :value="v" :disabled="false">',
        '    <button disabled :disabled="true">',
        '      "Go"',
        '    <div id="out">',
        '      "text"',
    ]


# --------------------------------------------------------------------------- Server-Sent Events


def test_a_stream_is_read_from_toml():
    data = tomllib.loads(
        """
        [[streams]]
        path = "/events"
        events = [ { data = "<p>hello</p>" }, { name = "news", template = "news.html", context = { n = 2 }, delay_ms = 50 } ]
        end = true
        headers = { "X-Accel-Buffering" = "no" }

        [[streams]]
        path = "/post-stream"
        method = "post"
        status = 204
        """
    )
    events, posted = (Stream.from_toml(table) for table in data["streams"])
    assert events.method == "GET" and events.end and events.status == 200
    assert events.events[1] == {"name": "news", "template": "news.html", "context": {"n": 2}, "delay_ms": 50}
    assert events.matches("GET", "/events") and not events.matches("POST", "/events")
    assert posted.matches("POST", "/post-stream") and posted.events == [] and not posted.end


@pytest.mark.parametrize(
    "table",
    [
        {"path": "/events", "hold": True},
        {"path": "events"},
        {"path": "/events?x=1"},
        {"path": "/events", "events": [{"data": "a", "delay": 50}]},
        {"path": "/events", "events": [{"data": "a", "template": "a.html"}]},
        {"path": "/events", "events": {"data": "a"}},
    ],
)
def test_a_bad_stream_is_refused(table):
    with pytest.raises((ValueError, TypeError)):
        Stream.from_toml(table)


def test_events_are_written_in_the_event_stream_format():
    assert sse_text({"data": "x"}, "<p>hello</p>") == "data: <p>hello</p>\n\n"
    assert sse_text({"name": "news", "id": "7", "retry": 300}, "<p>a</p>\n<p>b</p>") == (
        "event: news\nid: 7\nretry: 300\ndata: <p>a</p>\ndata: <p>b</p>\n\n"
    )
    assert sse_text({"data": ""}, "") == "data: \n\n"  # empty data: still a message
    assert sse_text({"name": "done"}, None) == "event: done\n\n"  # no data line at all
    assert sse_text({"id": ""}, None) == "id: \n\n"  # an empty id resets Last-Event-ID


def test_a_stream_connection_is_one_line():
    record = {"method": "GET", "path": "/events", "query": [], "last_event_id": None, "t": 12.5}
    assert stream_line(record) == "GET /events"
    again = dict(record, query=[["room", "a"]], last_event_id="2", t=900.0)
    assert stream_line(again) == 'GET /events {"Last-Event-ID": "2", "query": {"room": "a"}}'
    assert "streams" in KINDS


def test_stream_connections_that_differ_fail_the_comparison():
    scenario = Scenario.load(FIXTURES / "http-form-hold")
    report = Report(scenario, Migration(["."], 0, "", ""))
    report.labels = ["page load", "end /events"]
    report.observed = {
        "2": [Observation(streams=["GET /events"]), Observation(streams=['GET /events {"Last-Event-ID": "2"}'])],
        "4": [Observation(streams=["GET /events"]), Observation(streams=["GET /events"])],
    }
    differences = report.differences()
    assert [(step, kind) for step, kind, _ in differences] == [(1, "streams")]
    assert '-GET /events {"Last-Event-ID": "2"}' in differences[0][2]


def test_a_4x_page_that_relies_on_the_legacy_sse_shim_is_reported():
    scenario = Scenario.load(FIXTURES / "http-form-hold")
    report = Report(scenario, Migration(["."], 0, "", ""))
    warning = "warning: htmx: [hx-sse] legacy attribute sse-connect is deprecated; use hx-sse:connect instead"
    report.pages = {
        "2": SimpleNamespace(blocked=[], errors=[], console=[], loaded=[(assets.CORE, "a"), (assets.SSE2, "b")]),
        "4": SimpleNamespace(blocked=[], errors=[], console=[warning], loaded=[(assets.CORE, "a"), (assets.SSE4, "b")]),
    }
    assert report._page_problems() == [f"4.x page still relies on the legacy sse-connect/sse-close shim: {warning}"]


def test_a_scenario_with_streams_loads(tmp_path):
    (tmp_path / "scenario.toml").write_text(
        """
        title = "t"
        connections = 0
        streams_on_load = 1
        messages_on_load = 1

        [[streams]]
        path = "/events"
        events = [ { data = "<p>hello</p>" } ]

        [[steps]]
        push = "/events"
        events = [ { name = "news", data = "<b>x</b>" }, { id = "3" } ]

        [[steps]]
        end = "/events"
        streams = 1
        """,
        encoding="utf-8",
    )
    scenario = Scenario.load(tmp_path)
    assert scenario.streams_on_load == 1 and [s.path for s in scenario.streams] == ["/events"]
    assert scenario.server_spec["streams"][0]["events"] == [{"data": "<p>hello</p>"}]
    assert [step.describe() for step in scenario.steps] == ["push 2 event(s) to /events", "end /events"]
    assert scenario.event_names() == ["message", "news"]
    (tmp_path / "scenario.toml").write_text('[[steps]]\npush = "/events"\nevents = [{ body = "x" }]\n', encoding="utf-8")
    with pytest.raises(ValueError):
        Scenario.load(tmp_path)


def test_the_markup_dom_writes_sse_connect_and_sse_close_in_4x_words(browser_session):
    two = '<div hx-ext="sse" sse-connect="/events" sse-close="done" sse-swap="news"></div>'
    # sse-swap has no 4.x attribute: it stays on both sides (a 4.x page that kept it shows it)
    four = '<div hx-sse:connect="/events" hx-sse:close="done" sse-swap="news"></div>'

    async def snapshots():
        page = await browser_session.browser.new_page()
        try:
            out = []
            for side, html in (("2", two), ("4", four)):
                await page.set_content(html)
                out.append(await page.evaluate(SNAPSHOT_JS, {"side": side, "dom": "markup"}))
            return out
        finally:
            await page.close()

    markup_2, markup_4 = browser_session.run(snapshots())
    assert markup_2 == markup_4
    assert 'hx-sse:connect="/events"' in markup_2 and "hx-ext" not in markup_2


# One page of each side, written by hand: a feed that appends each unnamed message.
SSE_PAGE = {
    "2": '<script src="https://unpkg.com/htmx.org@2.0.8/dist/htmx.js"></script>'
         '<script src="https://unpkg.com/htmx-ext-sse@2.2.4/dist/sse.js"></script>'
         '<div id="feed" hx-ext="sse" sse-connect="/events" sse-swap="message" hx-swap="beforeend"></div>',
    "4": '<script src="https://unpkg.com/htmx.org@4.0.1/dist/htmx.js"></script>'
         '<script src="https://unpkg.com/htmx.org@4.0.1/dist/ext/hx-sse.js"></script>'
         '<div id="feed" hx-sse:connect="/events" hx-swap="beforeend"></div>',
}
SSE_SCENARIO = """
title = "a stream, hand-written on both sides"
engine = "html"
page = "page.html"
connections = 0
streams_on_load = 1
messages_on_load = 1
dom = "behaviour"

[[streams]]
path = "/events"
events = [ { NAME data = "<p>hello</p>", id = "1" } ]

[[steps]]
push = "/events"
events = [ { data = "<p>a</p>\\n<p>b</p>", id = "2", retry = 300 } ]

[[steps]]
name = "the server ends the stream, the page reconnects with Last-Event-ID 2 and hears hello again"
end = "/events"
streams = 1
messages = 1
reconnect_delay_ms = [100, 2000]
"""


def _run_hand_written_stream(browser_session, tmp_path, event_name: str = ""):
    (tmp_path / "scenario.toml").write_text(
        SSE_SCENARIO.replace("NAME ", f'name = "{event_name}", ' if event_name else ""), encoding="utf-8"
    )
    scenario = Scenario.load(tmp_path)
    roots = {}
    for side, body in SSE_PAGE.items():
        roots[side] = tmp_path / f"htmx{side}"
        (roots[side] / "templates").mkdir(parents=True)
        (roots[side] / "templates" / "page.html").write_text(
            f"<!doctype html><html><head></head><body>{body}</body></html>", encoding="utf-8"
        )
    try:
        return run_sides(browser_session, scenario, roots, tmp_path / "run", Migration(["(by hand)"], 0, "", ""))
    except HarnessError as error:
        pytest.fail(str(error), pytrace=False)


def test_a_stream_served_to_both_sides_compares_equal(browser_session, tmp_path):
    """htmx-ext-sse 2.2.4 with sse-swap="message" and hx-sse.js with hx-sse:connect, each
    served the same stream: the same DOM after each step, the same stream connections (the
    reconnect sends Last-Event-ID), the 4.x page loads hx-sse.js for htmx-ext-sse."""
    report = _run_hand_written_stream(browser_session, tmp_path)
    assert report.render() == ""
    for side in ("2", "4"):
        load, push, end = report.observed[side]
        assert load.streams == ["GET /events"]
        assert push.streams == []
        assert end.streams == ['GET /events {"Last-Event-ID": "2"}']
        texts = [line.strip() for line in end.dom.splitlines() if line.strip().startswith('"')]
        assert texts == ['"hello"', '"a"', '"b"', '"hello"'], side
    roles = {side: sorted(role for role, _ in report.pages[side].loaded) for side in ("2", "4")}
    assert roles == {"2": sorted([assets.CORE, assets.SSE2]), "4": sorted([assets.CORE, assets.SSE4])}


def test_an_explicit_message_event_fails_the_comparison(browser_session, tmp_path):
    """The same pages, the stream's first event sent as `event: message`: htmx 2 swaps it,
    htmx 4 dispatches it as a DOM event and swaps nothing; the report shows the DOM differing."""
    report = _run_hand_written_stream(browser_session, tmp_path, event_name="message")
    text = report.render()
    print(text)
    assert "step 0/2 (page load): dom differ" in text, text
    assert '-      "hello"' in text, text
    assert "timed out" not in text, text  # both sides counted the message, neither waited in vain
