"""HX402: the response headers htmx 4 no longer reads, and HX-Trigger's new timing."""

from __future__ import annotations

import pytest

from hxmigrate.testing import check_noop, check_transformed, make_settings, run


def _unsafe():
    return make_settings(unsafe_fixes=True)


def _found(source: str, filename: str):
    _, first, _ = run(source, filename=filename, select=["HX402"])
    return first


@pytest.mark.parametrize(
    "filename, before, after",
    [
        ("views.py", 'def v(request):\n    r = HttpResponse("x")\n    r["HX-Trigger-After-Settle"] = "saved"\n',
         'def v(request):\n    r = HttpResponse("x")\n    r["HX-Trigger"] = "saved"\n'),
        ("views.py", "def v(request):\n    return HTMLResponse('x', headers={'hx-trigger-after-swap': 'a'})\n",
         "def v(request):\n    return HTMLResponse('x', headers={'hx-trigger': 'a'})\n"),
        ("app.py", 'def v():\n    return "x", 200, {"HX-Trigger-After-Settle": "saved"}\n',
         'def v():\n    return "x", 200, {"HX-Trigger": "saved"}\n'),
        # django-htmx merges the events of one header: after="receive" sets HX-Trigger
        ("views.py", 'def v(request, r):\n    trigger_client_event(r, "saved", {}, after="settle")\n',
         'def v(request, r):\n    trigger_client_event(r, "saved", {}, after="receive")\n'),
        ("server.js", 'app.post("/", (req, res) => { res.set("HX-Trigger-After-Settle", "saved"); res.send("x"); });\n',
         'app.post("/", (req, res) => { res.set("HX-Trigger", "saved"); res.send("x"); });\n'),
        ("server.ts", "export default (c) => c.html('x', 200, { 'HX-Trigger-After-Swap': 'saved' });\n",
         "export default (c) => c.html('x', 200, { 'HX-Trigger': 'saved' });\n"),
        ("main.go", ('package main\nfunc h(w http.ResponseWriter, r *http.Request) {\n'
                     '\tw.Header().Set("HX-Trigger-After-Settle", "saved")\n}\n'),
         'package main\nfunc h(w http.ResponseWriter, r *http.Request) {\n\tw.Header().Set("HX-Trigger", "saved")\n}\n'),
        ("main.rs", 'async fn h() -> impl IntoResponse { ([("HX-Trigger-After-Settle", "saved")], "ok") }\n',
         'async fn h() -> impl IntoResponse { ([("HX-Trigger", "saved")], "ok") }\n'),
    ],
)
def test_unsafe_fix(filename, before, after):
    check_transformed(before, after, filename=filename, select=["HX402"], settings=_unsafe())
    check_noop(before, filename=filename, select=["HX402"])  # only with --unsafe-fixes
    found = _found(before, filename)
    assert found and all(d.fix is not None and not d.fix.safe for d in found if "After" in before[d.start:d.end])


@pytest.mark.parametrize(
    "filename, source, reported, fragment",
    [
        # the same function sets HX-Trigger: the two values must be merged
        ("views.py", ('def v(request):\n    return HttpResponse("x", headers={"HX-Trigger": "a", '
                      '"HX-Trigger-After-Swap": "b"})\n'), '"HX-Trigger-After-Swap"', "merge the two"),
        ("server.js", 'function h(req, res) { res.set("HX-Trigger", "a"); res.set("HX-Trigger-After-Settle", "b"); }\n',
         '"HX-Trigger-After-Settle"', "merge the two"),
        # keywords that set the removed headers
        ("app.py", 'def v():\n    return make_response("x", trigger_after_settle={"saved": 1})\n',
         "trigger_after_settle", "`trigger=`"),
        ("main.rs", "fn h() -> impl IntoResponse { HxResponseTrigger::after_settle([\"saved\"]) }\n",
         "HxResponseTrigger::after_settle", "`HX-Trigger`"),
        # languages hxmigrate does not parse, and template code
        ("c.rb", 'response.headers["HX-Trigger-After-Settle"] = "saved"\n', "HX-Trigger-After-Settle",
         "hxmigrate cannot read Ruby files"),
        ("C.cs", 'Response.Headers.Append("HX-Trigger-After-Swap", "saved");\n', "HX-Trigger-After-Swap",
         "hxmigrate cannot read C# files"),
        # a module Python's parser does not read: found in its text, never renamed
        ("views.py", 'def v(request, r):\n    r["HX-Trigger-After-Settle"] = "saved"\n    x = = 1\n',
         "HX-Trigger-After-Settle", "Python's parser cannot read this module, invalid syntax (line 3)"),
        # HX-Trigger itself: htmx 4 fires it after the swap
        ("views.py", 'def v(request):\n    r = HttpResponse("x")\n    r["HX-Trigger"] = "saved"\n', '"HX-Trigger"',
         "after the swap and the settling, where 2.x fired them when the response arrived"),
        ("views.py", 'def v(request, r):\n    trigger_client_event(r, "saved")\n', "trigger_client_event",
         "`trigger_client_event` sets `HX-Trigger`"),
        ("server.js", 'res.setHeader("HX-Trigger", "saved");\n', '"HX-Trigger"', "now sees the new content"),
        ("main.go", 'package main\nfunc h(w http.ResponseWriter) {\n\tw.Header().Set("HX-Trigger", "saved")\n}\n',
         '"HX-Trigger"', "before the swap"),
    ],
)
def test_reported(filename, source, reported, fragment):
    found = _found(source, filename)
    assert any(source[d.start:d.end] == reported and fragment in d.message and d.fix is None for d in found), \
        [(source[d.start:d.end], d.message) for d in found]


@pytest.mark.parametrize(
    "filename, source",
    [
        ("views.py", 'def v(request):\n    return request.headers.get("HX-Trigger")\n'),  # a request header: HX401
        ("test_views.py", 'def test(client):\n    client.get("/", headers={"HX-Trigger": "save"})\n'),
        ("views.py", 'def v(request, r):\n    trigger_client_event(r, "saved", {}, after="receive")\n'.replace(
            "trigger_client_event", "notify")),
        ("page.html", '<div hx-trigger="load">'),
        ("page.js", "htmx.config.defaultSettleDelay = 0;\n"),
    ],
)
def test_noop(filename, source):
    check_noop(source, filename=filename, select=["HX402"], settings=_unsafe())
    assert _found(source, filename) == []


def test_a_second_run_changes_nothing():
    before = 'def v(request):\n    r = HttpResponse("x")\n    r["HX-Trigger-After-Settle"] = "saved"\n    return r\n'
    fixed, _, _ = run(before, filename="views.py", select=["HX402"], settings=_unsafe())
    again, first, _ = run(fixed, filename="views.py", select=["HX402"], settings=_unsafe())
    assert again == fixed
    assert all(d.fix is None for d in first)  # what is left is HX-Trigger's timing, reported
