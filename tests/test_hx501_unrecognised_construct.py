"""HX501: a trace of htmx 2 core code that no other rule found is reported at its line."""

from __future__ import annotations

import pytest
from clirun import hx

from hxmigrate.testing import run

CDN2 = '<script src="https://unpkg.com/htmx.org@2.0.8"></script>\n'
CDN4 = '<script src="https://cdn.jsdelivr.net/npm/htmx.org@4.0.1/dist/htmx.min.js"></script>\n'

TEMPL_MAP = """package tables

templ RoleRow(id int) {
\t<tr>
\t\t@clickable.Clickable(clickable.Props{
\t\t\tAttributes: templ.Attributes{
\t\t\t\t"hx-delete": fmt.Sprintf("/roles/%d", id),
\t\t\t\t"_": "on htmx:afterRequest remove closest <tr/>",
\t\t\t},
\t\t})
\t</tr>
}
"""


def _hx501(source, filename, select=None):
    _, found, _ = run(source, filename=filename, select=select)
    return [d for d in found if d.code == "HX501"]


@pytest.mark.parametrize(
    "filename, source, reported, says",
    [
        # hyperscript in a Go map of attributes, in a templ component
        ("roles.templ", TEMPL_MAP, "htmx:afterRequest", "htmx 4 fires `htmx:after:request`"),
        # an event name in a Python string, in both of htmx 2's spellings
        ("views.py", 'REFRESH = "htmx:afterRequest"\n', "htmx:afterRequest", "`htmx:after:request`"),
        ("views.py", 'def f():\n    return {"trigger": "htmx:after-swap"}\n', "htmx:after-swap", "`htmx:after:swap`"),
        # a queue: modifier in markup a JavaScript string builds
        ("app.js", 'const row = `<input name="q" hx-get="/s" hx-trigger="keyup queue:last">`;\n', "queue:last",
         "hx-sync"),
        # 2.x attributes in server code and bound by a framework
        ("app.py", 'def page():\n    return Button("Go", hx_post="/go", hx_vars="a: 1")\n', "hx_vars=",
         '`hx-vals="js:..."`'),
        ("Row.vue", '<template>\n  <button :hx-disabled-elt="sel" hx-post="/x">Go</button>\n</template>\n',
         "hx-disabled-elt", "`hx-disable`"),
        ("page.rs", 'fn page() -> String {\n    r#"<form hx-post="/x" hx-params="none">"#.to_string()\n}\n',
         "hx-params", "htmx:config:request"),
        ("layout.go", 'package ui\n\nconst HtmxURL = "https://unpkg.com/htmx.org@2.0.4/dist/htmx.min.js"\n',
         "htmx.org@2", "htmx.org@4.0.1"),
        ("views.py", 'def f():\n    return Div(hx_ext="json-enc")\n', "json-enc", "no `hx-ext`"),
        ("settings.py", 'HTMX_CONFIG = {"defaultSwapStyle": "outerHTML"}\n', "defaultSwapStyle", "`defaultSwap`"),
        ("app.js", 'const attrs = {"hx-target-404": "#errors"};\n', "hx-target-404", "hx-status:CODE"),
        ("attrs.go", 'package ui\n\nvar Attrs = templ.Attributes{"hx-on--after-request": "done()"}\n',
         "hx-on--after-request", "`hx-on::after:request`"),
        # left on a page that loads htmx 4 (a second --check after --write): htmx 4 ignores it
        ("page.html", CDN4 + "<script>const row = '<input hx-trigger=\"keyup queue:last\">';</script>\n",
         "queue:last", "hx-sync"),
    ],
)
def test_reported(filename, source, reported, says):
    found = _hx501(source, filename)
    assert [source[d.start:d.end] for d in found] == [reported]
    assert says in found[0].message and "did not recognise" in found[0].message and found[0].fix is None


@pytest.mark.parametrize(
    "filename, source",
    [
        # a migrated page, and a page written for htmx 4
        ("page.html", CDN4 + '<button hx-post="/x" hx-on::after:request="done()" hx-disable="this">Go</button>\n'),
        ("app.py", ("from fasthtml.common import *\n\napp, rt = fast_app(htmx4=True)\n\n"
                    "def f():\n    return Div(hx_ext=\"preload\")\n")),
        # a line another rule reports
        ("page.html", CDN2 + '<div hx-trigger="click queue:last" hx-get="/x"></div>\n'),
        # comments and docstrings
        ("views.py", '"""Listens for htmx:afterRequest."""\n# htmx.config.defaultSwapStyle = "outerHTML"\nX = 1\n'),
        ("app.js", "// htmx.addClass(el, 'x')\n/*\n * hx-on--after-request\n */\n"),
        ("main.go", "package main\n\n// the page sends HX-Trigger-Name\nfunc main() {}\n"),
        ("app.js", "init(); // htmx.addClass(el, 'x')\n"),
        ("views.py", 'X = 1  # "htmx:afterRequest"\n'),
        ("Page.tsx", ("export const P = () => (\n  <div>\n    {/* <meta name=\"htmx-config\" "
                     "content='{\"allowScriptTags\": false}' /> */}\n  </div>\n);\n")),
        ("page.html", CDN2 + '<!-- <div hx-vars="a: 1"></div> -->\n{# <div hx-params="none"> #}\n'),
        # not htmx 2 core code: htmx 4 and the WebSocket extension, the HX-Request header, a package's name
        ("app.js", 'if (req.headers["hx-request"]) { res.set("HX-Trigger", "saved"); }\n'),
        ("app.js", 'el.addEventListener("htmx:wsAfterMessage", f); el.addEventListener("htmx:after:request", g);\n'),
        ("app.js", 'const html = \'<div hx-ext="ws" hx-on--ws-open="x()"></div>\';\n'),
        ("package.json", '{\n  "name": "htmx-ext-mine",\n  "dependencies": {"htmx.org": "4.0.1"}\n}\n'),
        ("settings.py", 'HTTP = {"timeout": 3, "withCredentials": True}\n'),
        ("page.html", '<meta name="theme-color" content="{&quot;globalViewTransitions&quot;: true}">\n'),
    ],
)
def test_not_reported(filename, source):
    _, found, left = run(source, filename=filename)
    assert [d for d in found + left if d.code == "HX501"] == []


def test_a_line_with_a_finding_is_reported_once_the_finding_is_fixed():
    # HX303 renames the event; the queue: on its line is seen once nothing else is reported there.
    source = 'document.body.addEventListener("htmx:afterRequest", () => { x = \'<a hx-trigger="click queue:all">\'; });\n'
    _, found, left = run(source, filename="app.js")
    assert [d.code for d in found] == ["HX303"]
    assert [d.code for d in left] == ["HX501"] and "`queue:all`" in left[0].message


def test_only_what_the_selected_rules_would_report_is_unrecognised():
    # With HX501 alone, nothing is "handled": what the other rules would report is not taken
    # for an unrecognised use (as WS502 does).
    assert _hx501(TEMPL_MAP, "roles.templ", select=["HX501"]) == []
    assert _hx501('REFRESH = "htmx:afterRequest"\n', "views.py", select=["HX303", "HX501"]) == []
    found = _hx501('REFRESH = "htmx:afterRequest"\n', "views.py", select=["HX201", "HX202", "HX303", "HX306", "HX501"])
    assert len(found) == 1


def test_one_finding_per_line_naming_each_construct():
    source = 'ROW = \'<tr hx-vars="a: 1" hx-trigger="click queue:first from:closest table">\'\n'
    found = _hx501(source, "views.py")
    assert len(found) == 1 and source[found[0].start:found[0].end] == "hx-vars"
    for said in ("`hx-vars`", "`queue:first`", "`from:closest table`"):
        assert said in found[0].message


def test_a_copy_of_an_htmx_2_extension_is_reported_as_a_whole_by_the_extension_rules():
    source = ("(function () {\n  htmx.defineExtension('json-enc', {\n    onEvent: function (name, evt) {\n"
              "      if (name === 'htmx:configRequest') { evt.detail.headers['Content-Type'] = 'application/json'; }\n"
              "    }\n  });\n})();\n")
    assert _hx501(source, "json-enc.js") == []


def test_a_component_is_still_read_once_the_project_loads_htmx_4(tmp_path):
    """After --write the project's script tags load htmx 4: a component without a tag of its
    own is no code written for htmx 4 for that, and its leftover is reported by --check."""
    (tmp_path / "base.html").write_text("<html><head>" + CDN2 + "</head><body></body></html>\n")
    (tmp_path / "roles.templ").write_text(TEMPL_MAP)
    hx(".", "--write", cwd=tmp_path)
    assert "htmx.org@4" in (tmp_path / "base.html").read_text()
    r = hx(".", "--check", "--output-format", "concise", cwd=tmp_path)
    assert "roles.templ:8:" in r.stdout and "HX501" in r.stdout, r.stdout
