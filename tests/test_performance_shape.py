"""The shape of the cost, not its size: 8 times the input must cost well under 64 times
the time (what a quadratic scanner would take), on inputs that once were quadratic.
Absolute speed is measured by bench/compare.py against the peer, never here."""

from __future__ import annotations

import time

import pytest

from hxmigrate.edits import Edit, LineIndex, apply_edits, merge_sorted
from hxmigrate.engine import fix_text
from hxmigrate.analysis.project import Project
from hxmigrate.rules import select_rules
from hxmigrate.syntax.markup import MarkupView, tokenize
from hxmigrate.syntax.templates import find_regions
from hxmigrate.testing import make_settings

SCALE = 8
LIMIT = 24  # linear is 8x; quadratic 64x


def cost(fn, arg) -> float:
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        fn(arg)
        best = min(best, time.perf_counter() - start)
    return best


def assert_linear(fn, make, n: int) -> None:
    small, large = cost(fn, make(n)), cost(fn, make(n * SCALE))
    assert large < LIMIT * small + 0.005, f"{SCALE}x input: {small * 1000:.2f} ms -> {large * 1000:.2f} ms"


PAGE = '<div class="c" id="{{ x.id }}" hx-get="/a"><p>{{ x.name }}</p>{% if a %}<br>{% endif %}</div>\n'

CASES = {
    "tokenize a page": (lambda t: tokenize(t), lambda n: PAGE * n, 200),
    "unclosed template tags": (find_regions, lambda n: "{{ " * n, 2000),
    "unclosed django comments": (find_regions, lambda n: "{% comment %}{{ a }}" * n, 1000),
    "quotes across tags": (find_regions, lambda n: "{{ a' }}" * n, 2000),
    "unclosed erb": (find_regions, lambda n: "<% " * n, 2000),
    "unclosed comments": (tokenize, lambda n: "<!--" * n, 2000),
    "open start tags": (tokenize, lambda n: "<a " * n, 2000),
    "open end tags": (tokenize, lambda n: "</a b" * n, 2000),
    "unclosed quotes": (tokenize, lambda n: '<a b="' * n, 2000),
    "many attributes": (tokenize, lambda n: "<div " + 'a="1" ' * n + ">", 2000),
    "raw text openers": (tokenize, lambda n: "<script>" * n, 2000),
    "element tree": (lambda t: MarkupView(t).elements, lambda n: "<div>" * n + "</div>" * n, 2000),
    "line index": (LineIndex, lambda n: "a\r\n" * n, 5000),
    "svelte expressions": (lambda t: find_regions(t, "braces"), lambda n: '<a b={x}>{#if y}{"}"}{/if}' * n, 1000),
    "unclosed braces": (lambda t: find_regions(t, "braces"), lambda n: "{ " * n, 2000),
    "unclosed strings in braces": (lambda t: find_regions(t, "braces"), lambda n: '{ "' * n, 2000),
    "script openers, braces flavor": (lambda t: find_regions(t, "braces"), lambda n: "<script>{" * n, 2000),
    "razor expressions": (lambda t: find_regions(t, "razor"), lambda n: '<a b="@Url.Action("x")">@(y)@if (a) {<p>@z</p>}' * n, 1000),
    "unclosed razor": (lambda t: find_regions(t, "razor"), lambda n: "@( " * n, 2000),
    "razor e-mail addresses": (lambda t: find_regions(t, "razor"), lambda n: "a@b.c " * n, 20000),
    "traces of 2.x code": (lambda t: __import__("hxmigrate.syntax.markers").syntax.markers.find_markers(t, id_roots=True),
                           lambda n: 'import "gorilla/websocket"\nc.WriteMessage(x, "<p id=\\"a\\">")\n' + 'ws-connect hx-ext="ws" ' * n,
                           4000),
}


@pytest.mark.parametrize("name", list(CASES))
def test_scanner_is_linear(name):
    fn, make, n = CASES[name]
    assert_linear(fn, make, n)


def test_many_edits_merge_and_apply_in_linear_time():
    def edits(n):
        return [[Edit(i * 10, i * 10 + 2, "xyz")] for i in range(n)]

    assert_linear(merge_sorted, edits, 1000)
    # an edit every ten characters: text and edits grow together
    assert_linear(lambda es: apply_edits("0123456789" * len(es), [e for g in es for e in g]), edits, 1000)


def test_fixing_many_constructs_in_one_file_is_linear():
    settings = make_settings()
    project = Project(settings)
    rules = select_rules(None)
    page = '<div hx-ext="ws" ws-connect="/chat"><form ws-send><input name="m"></form></div>\n'
    assert_linear(lambda t: fix_text("page.html", t, "markup", settings, project, rules), lambda n: page * n, 40)
