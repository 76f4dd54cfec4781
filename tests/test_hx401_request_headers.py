"""HX401: server code that reads the request headers htmx 4 sends differently or not at all."""

from __future__ import annotations

import pytest

from hxmigrate.testing import check_noop, run


def _found(source: str, filename: str, select=("HX401",)):
    _, first, _ = run(source, filename=filename, select=list(select))
    return [d for d in first if d.code == "HX401"]


@pytest.mark.parametrize(
    "filename, source, reported, fragment",
    [
        # Python: Flask/Starlette/Django headers, Django's META, django-htmx, FastAPI
        ("views.py", 'def v(request):\n    if request.headers.get("HX-Trigger") == "save": pass\n', '"HX-Trigger"',
         'read `request.headers.get("HX-Source")` and take the id after "#" (`.partition("#")[2]`)'),
        ("views.py", 'def v(request):\n    return request.headers["hx-trigger"]\n', '"hx-trigger"',
         '`request.headers["hx-source"]`'),
        ("views.py", 'def v(request):\n    return "HX-Target" in request.headers\n', '"HX-Target"',
         "`div#main`; just `div` when the target has no id"),
        ("views.py", 'def v(request):\n    return request.headers.get("Hx-Target")\n', '"Hx-Target"',
         "`HX-Request-Type: partial|full`"),
        ("views.py", 'def v(request):\n    return request.META["HTTP_HX_TRIGGER"]\n', '"HTTP_HX_TRIGGER"',
         '`request.META["HTTP_HX_SOURCE"]`'),
        ("views.py", 'def v(request):\n    return request.META.get("HTTP_HX_TRIGGER_NAME")\n',
         '"HTTP_HX_TRIGGER_NAME"', "nothing in its place"),
        ("views.py", "def v(request):\n    return request.htmx.trigger\n", "request.htmx.trigger",
         '`request.headers.get("HX-Source")`'),
        ("views.py", "def v(request):\n    return request.htmx.trigger_name\n", "request.htmx.trigger_name",
         "sends no `HX-Trigger-Name`"),
        ("views.py", "def v(request):\n    if request.htmx.target == 'main': pass\n", "request.htmx.target",
         '`request.headers.get("HX-Target")`'),
        ("app.py", "from flask_htmx import HTMX\nhtmx = HTMX()\ndef v():\n    return htmx.prompt\n", "htmx.prompt",
         "`urllib.parse.unquote(...)`"),
        ("api.py", "def v(hx_trigger: str | None = Header(None)):\n    return hx_trigger\n", "hx_trigger",
         "`hx_source`"),
        ("api.py", 'def v(t: str = Header(alias="HX-Trigger")):\n    return t\n', '"HX-Trigger"', "`HX-Source`"),
        ("test_views.py", 'def test(client):\n    client.get("/", headers={"HX-Trigger": "save"})\n', '"HX-Trigger"',
         "this request sends `HX-Trigger` as htmx 2 did"),
        ("test_views.py", 'def test(client):\n    client.get("/", HTTP_HX_TARGET="main")\n', "HTTP_HX_TARGET",
         "sends it as `tag#id`"),
        # in an f-string's expression; in a module Python's parser does not read: found in its text
        ("views.py", "def v(request):\n    return f\"{request.headers['HX-Trigger']}\"\n", "'HX-Trigger'",
         "`request.headers['HX-Source']`"),
        ("views.py", 'def v(request):\n    if request.headers.get("HX-Trigger") == "x":\n        return 1\n    x = = 2\n',
         "HX-Trigger", "Python's parser cannot read this module, invalid syntax (line 4): change it by hand"),
        # JavaScript and TypeScript: Express, Node, Hono, h3, the client's configRequest
        ("server.js", 'app.get("/", (req, res) => req.get("HX-Trigger") === "x");\n', '"HX-Trigger"',
         '`req.get("HX-Source")`'),
        ("server.ts", "const t = req.headers['hx-target'];\n", "'hx-target'", '`.split("#")[1]`'),
        ("server.tsx", 'app.get("/", (c) => c.req.header("HX-Trigger-Name"));\n', '"HX-Trigger-Name"',
         "`hx-vals`"),
        ("server.mjs", "export default (event) => getHeader(event, 'hx-prompt');\n", "'hx-prompt'",
         "`decodeURIComponent(...)`"),
        ("server.js", "if ('hx-trigger' in req.headers) {}\n", "'hx-trigger'", "`HX-Source`"),
        ("page.js", 'document.body.addEventListener("htmx:configRequest", (e) => log(e.detail.headers["HX-Trigger"]));\n',
         '"HX-Trigger"', "`HX-Source`"),
        # Go and Rust
        ("main.go", 'package main\nfunc h(w http.ResponseWriter, r *http.Request) {\n\t_ = r.Header.Get("HX-Trigger")\n}\n',
         '"HX-Trigger"', '`strings.Cut(v, "#")`'),
        ("main.go", 'package main\nfunc h(c *gin.Context) {\n\t_ = c.GetHeader("HX-Target")\n}\n', '"HX-Target"',
         "`tag#id`"),
        ("main.go", 'package main\nfunc h(r *http.Request) {\n\t_ = r.Header["Hx-Trigger"]\n}\n', '"Hx-Trigger"',
         '`r.Header["Hx-Source"]`'),
        ("main.rs", 'async fn h(headers: HeaderMap) { let t = headers.get("hx-trigger"); }\n', '"hx-trigger"',
         "`.split_once('#')`"),
        ("main.rs", "async fn h(HxTarget(target): HxTarget) {}\n", "HxTarget", "`tag#id`"),
        # a constant naming the header: its uses are not followed, the constant is reported
        ("headers.ts", 'export abstract class H {\n  static readonly HxTriggerName = "HX-Trigger-Name"\n}\n',
         '"HX-Trigger-Name"', "this constant names the `HX-Trigger-Name` header"),
        ("headers.js", 'export const Headers = { Target: "HX-Target" };\n', '"HX-Target"', "does not follow"),
        ("headers.ts", 'enum H { Trigger = "HX-Trigger" }\n', '"HX-Trigger"', "if it is the response header"),
        ("headers.py", 'HX_TRIGGER = "HX-Trigger"\n', '"HX-Trigger"', "this constant names the `HX-Trigger` header"),
        ("headers.py", 'HX_TARGET: str = "HX-Target"\n', '"HX-Target"', "this constant names"),
        ("headers.go", 'package h\nconst HxTrigger = "HX-Trigger"\n', '"HX-Trigger"', "this constant names"),
        ("headers.go", 'package h\nvar prompt = "HX-Prompt"\n', '"HX-Prompt"', "this constant names"),
        ("headers.rs", 'pub const HX_TARGET: &str = "HX-Target";\n', '"HX-Target"', "this constant names"),
        # languages hxmigrate does not parse, and template code
        ("c.rb", 'def show\n  if request.headers["HX-Trigger"] == "x" then end\nend\n', "HX-Trigger",
         "hxmigrate cannot read Ruby files"),
        ("C.java", 'String t = request.getHeader("HX-Target");\n', "HX-Target", "hxmigrate cannot read Java files"),
        ("h.ex", 'get_req_header(conn, "hx-trigger")\n', "hx-trigger", "hxmigrate cannot read Elixir files"),
        ("p.php", "<?php if ($_SERVER['HTTP_HX_TARGET'] === 'main') {} ?>\n", "HTTP_HX_TARGET", "template code"),
        ("page.html", "{% if request.htmx.target == 'main' %}{% endif %}\n", "request.htmx.target", "template code"),
        ("page.html", "{% if request.headers['HX-Trigger'] %}{% endif %}\n", "HX-Trigger", "`HX-Source`"),
    ],
)
def test_reported(filename, source, reported, fragment):
    found = _found(source, filename)
    assert any(source[d.start:d.end] == reported and fragment in d.message and d.fix is None for d in found), \
        [(source[d.start:d.end], d.message) for d in found]


@pytest.mark.parametrize(
    "filename, source",
    [
        # attribute names, not headers
        ("page.html", '<button hx-get="/x" hx-target="#out" hx-trigger="click">'),
        ("page.html", "{{ button(**{'hx-target': '#main'}) }}"),
        ("page.js", 'el.getAttribute("hx-target"); el.setAttribute("hx-trigger", "load");\n'),
        ("page.js", 'htmx.trigger(el, "saved");\n'),
        ("ext.js", 'const v = xhr.getResponseHeader("HX-Trigger");\n'),
        ("c.rb", 'tag.div("hx-target" => "#x")\n'),
        # a comment
        ("c.rb", '# request.headers["HX-Trigger"]\n'),
        # a list or a call that is no header access names no constant
        ("cors.py", 'ALLOWED = ["HX-Trigger", "HX-Target"]\n'),
        ("log.js", 'console.log("HX-Target");\n'),
        # the response header is HX402's
        ("views.py", 'def v(request):\n    r = HttpResponse("x")\n    r["HX-Trigger"] = "saved"\n'),
        ("server.js", 'res.set("HX-Trigger", "saved");\n'),
    ],
)
def test_noop(filename, source):
    check_noop(source, filename=filename, select=["HX401"])
    assert _found(source, filename) == []


@pytest.mark.parametrize(
    "filename, source",
    [
        # a WebSocket message's headers: WS402 reports them
        ("consumer.py", ('async def ws(websocket):\n    data = await websocket.receive_json()\n'
                         '    return data["HEADERS"]["HX-Trigger"]\n')),
        ("server.js", 'socket.on("message", (raw) => { const msg = JSON.parse(raw); f(msg.headers["HX-Target"]); });\n'),
    ],
)
def test_websocket_reads_are_ws402s(filename, source):
    _, first, _ = run(source, filename=filename, select=["HX401", "WS402"])
    assert [d.code for d in first] == ["WS402"], [(d.code, d.message) for d in first]


def test_a_project_written_for_htmx_4_reads_its_own_headers(tmp_path):
    from hxmigrate.analysis.project import Project
    from hxmigrate.testing import make_settings

    settings = make_settings(tmp_path)
    project = Project(settings)
    project.__dict__["htmx_majors"] = frozenset({4})
    source = 'def v(request):\n    a = request.headers.get("HX-Target")\n    b = request.headers.get("HX-Trigger")\n'
    _, first, _ = run(source, filename="views.py", settings=settings, project=project, select=["HX401"])
    assert [source[d.start:d.end] for d in first] == ['"HX-Trigger"']
