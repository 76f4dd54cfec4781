"""The regions of a templ file: the Go code around its components, and in a component body
the Go it holds (expressions, statements, comments), as templ's own parser reads them."""

from __future__ import annotations

import time

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from hxmigrate.syntax.markup import tokenize
from hxmigrate.syntax.templates import find_regions

HEAD = "package views\n\ntempl T() {\n"
TAIL = "\n}\n"


def regions(text: str) -> list[tuple[str, str]]:
    return [(r.kind, text[r.start:r.end]) for r in find_regions(text, "templ")]


def in_body(body: str) -> list[tuple[str, str]]:
    """The regions of a component body (the Go before and after the component left out)."""
    found = regions(HEAD + body + TAIL)
    assert found[0] == ("block", HEAD.rstrip("\n")) and found[-1] == ("block", TAIL.lstrip("\n"))
    return found[1:-1]


def test_go_around_components():
    text = ('package views\n\nimport "fmt"\n\nvar s = "<div ws-connect=\\"x\\">"\n\n'
            'templ A(n int) {\n\t<p>a</p>\n}\n\nfunc f() string { return "}" }\n\n'
            'templ (c Card) B(p struct{ X string }) {\n\t<p>b</p>\n}\n')
    assert regions(text) == [
        ("block", 'package views\n\nimport "fmt"\n\nvar s = "<div ws-connect=\\"x\\">"\n\ntempl A(n int) {'),
        ("block", '}\n\nfunc f() string { return "}" }\n\ntempl (c Card) B(p struct{ X string }) {'),
        ("block", "}\n"),
    ]


def test_css_and_script_templates_are_go():
    text = ('package views\n\ncss red() {\n\tcolor: { "red" };\n}\n\n'
            'script hi(name string) {\n\tif (x) { alert("}") }\n\t// templ X() {\n}\n\n'
            'templ T() {\n\t<p class={ red() }>x</p>\n}\n')
    assert regions(text) == [
        ("block", text[:text.index("templ T() {") + len("templ T() {")]),
        ("expr", "{ red() }"),
        ("block", "}\n"),
    ]


def test_a_file_without_components_is_all_go():
    text = 'package views\n\nfunc f() string { return "<div ws-connect=\\"/ws\\">" }\n'
    assert regions(text) == [("block", text)]
    assert regions("") == []


@pytest.mark.parametrize("body, expected", [
    # expressions: braces, strings, runes and raw strings inside them
    ('<p>{ name }</p>', [("expr", "{ name }")]),
    ('<p>{ fmt.Sprintf("{%s}", `}`) + string(\'}\') }</p>', [("expr", '{ fmt.Sprintf("{%s}", `}`) + string(\'}\') }')]),
    ('<p>{ map[string]int{"a": 1}["a"] }</p>', [("expr", '{ map[string]int{"a": 1}["a"] }')]),
    ("<div>{ children... }</div>", [("expr", "{ children... }")]),
    ('{! Old("x") }', [("expr", '{! Old("x") }')]),
    # component calls: to the end of the call; with children, a block
    ('@Header(user.Name, "}")\n<p>x</p>', [("expr", '@Header(user.Name, "}")')]),
    ("@templ.Raw(html) and text", [("expr", "@templ.Raw(html)")]),
    ("@components.Card{Title: t}.Render()", [("expr", "@components.Card{Title: t}.Render()")]),
    ('@Layout("t") {\n\t<p>x</p>\n}', [("block", '@Layout("t") {'), ("block", "}")]),
    ("<p>mail a@b.com or @@x</p>", []),
    ("<p>hi @Name()</p>", [("expr", "@Name()")]),
    # raw Go
    ('{{ x := fmt.Sprint("}}") }}\n<p>{ x }</p>', [("block", '{{ x := fmt.Sprint("}}") }}'), ("expr", "{ x }")]),
    # statements
    ("if a > b {\n\t<p>a</p>\n} else if f(a, \"{\") {\n\t<p>b</p>\n} else {\n\t<p>c</p>\n}",
     [("block", "if a > b {"), ("block", '} else if f(a, "{") {'), ("block", "} else {"), ("block", "}")]),
    ("for i, x := range xs {\n\t<li>{ x }</li>\n}", [("block", "for i, x := range xs {"), ("expr", "{ x }"), ("block", "}")]),
    ("for i := 0; i < n; i++ {\n\t<br/>\n}", [("block", "for i := 0; i < n; i++ {"), ("block", "}")]),
    ('switch x {\n\tcase "a:b", y[1:2]:\n\t\t<p>a</p>\n\t\tfallthrough\n\tdefault:\n\t\t<p>d</p>\n}',
     [("block", "switch x {"), ("block", 'case "a:b", y[1:2]:'), ("block", "fallthrough"), ("block", "default:"),
      ("block", "}")]),
    # statements at the start of a node only; text otherwise
    ("<p>Ask if you like, or for help.</p>", []),
    ("<p>\n\tif you like it\n</p>", []),
    ("<p>case closed: default</p>", []),
    ("<span>if x {\n</span>\n}", [("block", "if x {"), ("block", "}")]),
    # comments: Go's in a body, HTML's are markup
    ("// a note\n<p>x</p>\n/* a { note */", [("comment", "// a note"), ("comment", "/* a { note */")]),
    ("<!-- { not go } if x { -->", []),
    ("<p>see http://x.org/{ y }</p>", [("expr", "{ y }")]),
    # quoted attribute values are text to templ
    ('<a href="/x/{ id }" title=\'{ t }\'>x</a>', []),
    # in a start tag
    ('<div ws-connect={ url + "}" } class="c">', [("expr", '{ url + "}" }')]),
    ("<div { attrs... } id=x>", [("expr", "{ attrs... }")]),
    ('<div { "data-" + k }="v" id="a">', [("expr", '{ "data-" + k }="v"')]),
    ("<hr noshade?={ a > b }/>", [("expr", "noshade?={ a > b }")]),
    ('<div a="1" if x > 0 { hx-get="/x" b={ y } } c="2">',
     [("expr", 'if x > 0 { hx-get="/x" b={ y } }')]),
    ('<div\n\tif ok {\n\t\tclass="a"\n\t} else {\n\t\tclass="b"\n\t}\n>',
     [("expr", 'if ok {\n\t\tclass="a"\n\t} else {\n\t\tclass="b"\n\t}')]),
    ('<div // a note\n\tid="a" /* b */>', [("comment", "// a note"), ("comment", "/* b */")]),
    ("<option if selected>x</option>", []),
    # script and style
    ('<script>let a = {{ n }}, b = { c: 1 }; // {{ not go }}\nlet s = "{{ s }}";</script>',
     [("expr", "{{ n }}"), ("expr", "{{ s }}")]),
    ('<script type="text/hyperscript">on load {{ x }}</script>', []),
    ("<style>p { margin: 0 } {{ x }}</style>", []),
    ("<title>{ t }</title>", [("expr", "{ t }")]),
])
def test_body(body, expected):
    assert in_body(body) == expected


@pytest.mark.parametrize("text, expected", [
    # unbalanced braces: the rest of the file is opaque, as Go code
    (HEAD + "<p>{ f(a </p>\n}\n", [("block", HEAD.rstrip("\n")), ("expr", "{ f(a </p>\n}\n")]),
    (HEAD + "<div a={ b[>\n}\n", [("block", HEAD.rstrip("\n")), ("expr", "{ b[>\n}\n")]),
    # a brace that closes is the expression's end, whatever it holds (templ reports the Go)
    (HEAD + "<p>{ a </p>\n}\n", [("block", HEAD.rstrip("\n")), ("expr", "{ a </p>\n}")]),
    (HEAD + "{{ x := 1\n}\n", [("block", HEAD.rstrip("\n")), ("block", "{{ x := 1\n}\n")]),
    (HEAD + "<p>{ `a }</p>\n}\n", [("block", HEAD.rstrip("\n")), ("expr", "{ `a }</p>\n}\n")]),
    # an unclosed component body: markup to the end
    (HEAD + "<p>x</p>\n", [("block", HEAD.rstrip("\n"))]),
    ("package views\n\ntempl T(", [("block", "package views\n\ntempl T(")]),
    # a block left open takes the component's closing brace
    (HEAD + "if a {\n<p>x</p>\n}\n", [("block", HEAD.rstrip("\n")), ("block", "if a {"), ("block", "}")]),
])
def test_malformed(text, expected):
    assert regions(text) == expected


PIECES = ["package views\n", "templ T(a int) {\n", "}\n", "css c() {\n", "script s() {\n", "func f() {", "{", "}",
          "{{", "}}", "{ x }", "{ children... }", "@C(", "@C(a)", ")", "(", "[", "]", "if a {\n", "} else {\n",
          "} else if b {\n", "for _, x := range xs {\n", "switch x {\n", "case 1:\n", "default:\n", "fallthrough\n",
          "<div", "<p ", ">", "/>", "</div>", "<script>", "</script>", "<style>", "</style>", "<!--", "-->", '"', "'",
          "`", "//", "/*", "*/", "\n", " ", "\t", "a", "=", "?=", " if x { ", "{ attrs... }", "ws-connect={ u }",
          'class="c"', "hx-ext=\"ws\"", "@", "\\", "\r\n", "é"]


@settings(max_examples=400, derandomize=True, deadline=None, database=None, suppress_health_check=list(HealthCheck))
@given(st.lists(st.sampled_from(PIECES), max_size=60))
def test_regions_are_sorted_disjoint_and_in_bounds(pieces):
    text = "".join(pieces)
    found = find_regions(text, "templ")
    pos = 0
    for r in found:
        assert pos <= r.start < r.end <= len(text)
        pos = r.end
    tokens = tokenize(text, found)  # the tokenizer reads the text around them
    assert "".join(text[t.start:t.end] for t in tokens) == text


@settings(max_examples=200, derandomize=True, deadline=None, database=None, suppress_health_check=list(HealthCheck))
@given(st.text(max_size=200))
def test_any_text(text):
    pos = 0
    for r in find_regions(text, "templ"):
        assert pos <= r.start < r.end <= len(text)
        pos = r.end


SCALE = 8
LIMIT = 24  # linear is 8x; quadratic 64x


def _cost(text: str) -> float:
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        find_regions(text, "templ")
        best = min(best, time.perf_counter() - start)
    return best


@pytest.mark.parametrize("make, n", [
    (lambda n: HEAD + "<p>{ x }</p>\nif a {\n<b c={ d }>@E(f)</b>\n}\n" * n + TAIL, 300),
    (lambda n: HEAD + "if a \n" * n, 2000),
    (lambda n: HEAD + '<a b="' * n, 2000),
    (lambda n: HEAD + "<script>{{ '\" " * n, 2000),
    (lambda n: HEAD + "@C(" * n, 2000),
    (lambda n: "package views\n" + "templ T(\n" * n, 2000),
    (lambda n: HEAD + "case x\n" * n, 2000),
    (lambda n: HEAD + "if a <b>" * n + "{ x }", 2000),
    (lambda n: HEAD + "<p if a>\n" * n + ")", 2000),
    (lambda n: HEAD + "switch x {\n" + "case a <b>" * n + "{ x }", 2000),
    (lambda n: HEAD + "if a {\n" + "} else if a <b>" * n + "{ x }", 2000),
    (lambda n: HEAD + "<x>\nif a {\n" + "<a>" * n + "</x>" * n, 2000),
])
def test_linear(make, n):
    small, large = _cost(make(n)), _cost(make(n * SCALE))
    assert large < LIMIT * small + 0.005, f"{SCALE}x input: {small * 1000:.2f} ms -> {large * 1000:.2f} ms"
