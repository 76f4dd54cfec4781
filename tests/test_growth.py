"""The cost of a run as one input grows, counted rather than timed where it can be: memory
(tracemalloc's peak), characters kept and written, calls made. Most cases compare n with
4n; linear growth is 4x, quadratic 16x, and the bound sits between them."""

from __future__ import annotations

import io
import re
import time
import tracemalloc

import pytest

from hxmigrate.engine import SHOWN_WIDTH, process_text
from hxmigrate.analysis.project import Project
from hxmigrate.report import CUT, FORMATS, statistics, unified_diff, write_diagnostics
from hxmigrate.rules import all_rules, select_rules
from hxmigrate.testing import make_settings
from hxmigrate.verify import verify

GROWTH = 4
BOUND = 6  # linear is 4x; quadratic 16x

# A minified page: one line, a few findings every hundred characters.
UNIT = ('<div hx-ext="ws" ws-connect="/chat/{i}"><form ws-send id="f{i}"><input name="m"></form>'
        '<span id="s{i}">x</span></div>')


def one_line_page(n: int) -> str:
    return "".join(UNIT.format(i=i) for i in range(n)) + "\n"


def process(text: str, name: str = "page.html"):
    settings = make_settings()
    return process_text(name, text, settings, Project(settings), select_rules(None), settle=False)


def peak_memory(fn) -> int:
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_diagnostics_of_a_long_line_keep_a_bounded_part_of_it():
    text = one_line_page(300)
    result = process(text)
    assert len(result.diagnostics) > 600
    assert all(d.line == 1 for d in result.diagnostics)
    assert max(len(d.source_line) for d in result.diagnostics) <= SHOWN_WIDTH
    for d in result.diagnostics:
        # the part kept is the text of the line at the columns it says
        first = d.source_col - 1
        assert text[first:first + len(d.source_line)] == d.source_line
        assert first <= d.start < first + len(d.source_line)
        assert d.source_more == (first + len(d.source_line) < len(text) - 1)


def test_memory_of_a_one_line_file_grows_linearly():
    process(one_line_page(5))  # modules imported and caches filled before counting
    small = peak_memory(lambda: process(one_line_page(100)))
    large = peak_memory(lambda: process(one_line_page(100 * GROWTH)))
    assert large < BOUND * small, f"{GROWTH}x input: peak {small / 1e6:.1f} MB -> {large / 1e6:.1f} MB"


def _report(fmt: str, text: str) -> str:
    result = process(text)
    out = io.StringIO()
    rules = {r.code: r for r in all_rules()}
    items = [("page.html", d) for d in result.diagnostics]
    if fmt == "statistics":
        statistics(items, out, rules)
    elif fmt == "diff":
        out.write(unified_diff(result))
    else:
        write_diagnostics(fmt, items, out, rules)
    return out.getvalue()


@pytest.mark.parametrize("fmt", [*FORMATS, "statistics", "diff"])
def test_output_of_a_one_line_file_grows_linearly(fmt):
    small, large = len(_report(fmt, one_line_page(60))), len(_report(fmt, one_line_page(60 * GROWTH)))
    assert large < BOUND * small, f"{GROWTH}x input: {small} -> {large} characters of {fmt} output"


def test_full_format_shows_a_window_of_a_long_line_under_its_caret():
    text = one_line_page(200)
    result = process(text)
    report = _report("full", text)
    blocks = report.split("\n\n")[:-1]
    assert len(blocks) == len(result.diagnostics)
    cut = 0
    for d, block in zip(result.diagnostics, blocks):
        _, shown, carets = block.split("\n")
        assert len(shown) <= len("1 | ") + SHOWN_WIDTH + 2 * len(CUT)
        body = shown[len("1 | "):]
        cut += body.startswith(CUT)
        at = carets.index("^") - len("  | ")
        width = len(re.search(r"\^+", carets).group())
        # the carets stand under the span's text, wherever the window begins
        assert body[at:at + width] == text[d.start:d.start + width], block
        assert width == min(d.end - d.start, 120)
    assert cut > len(blocks) // 2


def test_short_lines_are_shown_whole():
    text = one_line_page(1).replace("><", ">\n<")
    result = process(text)
    lines = text.split("\n")
    for d in result.diagnostics:
        assert d.source_line == lines[d.line - 1] and d.source_col == 1 and not d.source_more


# --- one start tag with many attributes ------------------------------------------------------
# Timed, but against the same attributes spread over many tags on the same machine in the
# same run: work linear in the attributes costs about the same both ways (the one tag
# costs less, having fewer elements), while work quadratic in a tag's attributes costs
# the one tag n/10 times more.

def _attributes(lo: int, hi: int) -> str:
    return " ".join("ws-send" if i % 100 == 0 else f'a{i}="v{i}"' for i in range(lo, hi))


def one_tag(n: int) -> str:
    return "<div " + _attributes(0, n) + "><p>x</p></div>\n"


def spread_tags(n: int, per: int = 10) -> str:
    return "".join(f"<div {_attributes(i, i + per)}><p>x</p></div>\n" for i in range(0, n, per))


def best_time(fn, arg, runs: int = 3) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        fn(arg)
        best = min(best, time.perf_counter() - start)
    return best


def _verify(text: str) -> None:
    verify("markup", text, text.replace(" ws-send", " hx-ws:send"))


def _migrate(text: str) -> None:
    assert process(text).status == "changed"


@pytest.mark.parametrize("fn", [_verify, _migrate], ids=["verify", "migrate"])
def test_a_tag_with_many_attributes_costs_what_many_small_tags_cost(fn):
    n = 16000
    fn(one_tag(100))
    one, spread = best_time(fn, one_tag(n)), best_time(fn, spread_tags(n))
    assert one < 3 * spread, f"{n} attributes in one tag: {one * 1000:.0f} ms; in {n // 10} tags: {spread * 1000:.0f} ms"


def test_the_verifiers_elements_are_freed_without_the_cycle_collector():
    # lxml's parser and its target reference each other: elements the target kept would
    # live, as much memory as the page's markup, until the collector next ran.
    import gc

    from hxmigrate.verify import _Element, _Parsed

    text = one_tag(50) + spread_tags(2000)
    gc.collect()
    gc.disable()
    try:
        assert len(_Parsed(text).tuples()) > 400
        left = sum(1 for o in gc.get_objects() if type(o) is _Element)
    finally:
        gc.enable()
    assert left == 0


# --- a Python module with many sends -----------------------------------------------------------

def server_module(n: int, plain: bool = False) -> str:
    """FastAPI endpoints sending HTML: a helper's f-string, a literal and an f-string each,
    or (``plain``) literals only."""
    head = ('from fastapi import FastAPI, WebSocket\n\napp = FastAPI()\n\n\n'
            'def render_row(item):\n    return f\'<tr id="row-{item.id}" hx-swap-oob="true"><td>{item.name}</td></tr>\'\n')
    unit = ('\n\n@app.websocket("/ws{i}")\nasync def ws{i}(websocket: WebSocket):\n    item = await websocket.receive_json()\n'
            '    await websocket.send_text(render_row(item))\n'
            '    await websocket.send_text(\'<div id="status{i}" hx-swap-oob="beforeend">ok</div>\')\n'
            '    await websocket.send_text(f\'<span id="count{i}">{{item.count}}</span>\')\n')
    if plain:
        head = 'from fastapi import FastAPI, WebSocket\n\napp = FastAPI()\n'
        unit = ('\n\n@app.websocket("/ws{i}")\nasync def ws{i}(websocket: WebSocket):\n'
                '    await websocket.send_text(\'<div id="status{i}" hx-swap-oob="beforeend">ok</div>\')\n'
                '    await websocket.send_text("<p id=\'note{i}\' hx-swap-oob=\'true\'>" + "ready</p>")\n')
    return head + "".join(unit.format(i=i) for i in range(n))


def python_findings(text: str):
    from hxmigrate.engine import run_rules
    from hxmigrate.source import SourceFile

    settings = make_settings()
    file = SourceFile("app.py", text, "python", settings, Project(settings))
    return run_rules(file, select_rules(["WS2"]), set())


class CountingText(str):
    """A file's text that counts the characters its searches read."""

    read = 0

    def find(self, sub, start=0, end=None):
        end = len(self) if end is None else end
        found = str.find(self, sub, start, end)
        CountingText.read += (found + len(sub) if found >= 0 else end) - start
        return found


def characters_searched(text: str) -> int:
    from hxmigrate.syntax import python

    python._RECENT.clear()  # a view of an equal text would be shared, with its own text
    CountingText.read = 0
    findings = python_findings(CountingText(text))
    assert len(findings) >= 2 * text.count("async def")
    return CountingText.read


def test_string_positions_in_a_module_with_many_sends_search_linearly():
    # Each look for a literal in the whole text reads the text: one per literal is quadratic.
    small = characters_searched(server_module(60, plain=True))
    large = characters_searched(server_module(60 * GROWTH, plain=True))
    assert 0 < small and large < BOUND * small, f"{GROWTH}x sends: {small} -> {large} characters searched"


def line_events(fn) -> int:
    """How many lines of hxmigrate's own code ``fn`` runs (a loop's lines once per turn)."""
    import os
    import sys

    package = os.sep + "hxmigrate" + os.sep
    count = 0

    def local(frame, event, arg):
        nonlocal count
        count += event == "line"
        return local

    def tracer(frame, event, arg):
        return local if package in frame.f_code.co_filename else None

    sys.settrace(tracer)
    try:
        fn()
    finally:
        sys.settrace(None)
    return count


def _lines_to_resolve_sends(n: int) -> int:
    """Lines run to follow what each send of ``server_module(n)`` sends to its strings."""
    import libcst as cst

    from hxmigrate.analysis.server.python import ServerModule
    from hxmigrate.syntax.python import PythonView

    module = ServerModule(PythonView(server_module(n)), make_settings())
    sends = list(module.sends())
    found: list = []
    lines = line_events(lambda: found.extend(t for sent in sends
                                             for t in module.terminals(sent.value, sent.function, follow_returns=True)))
    assert sum(isinstance(t, cst.FormattedString) for t in found) > n
    return lines


def test_resolving_sends_through_a_helper_is_linear_in_the_sends():
    # A call of a module-level function is followed into what it returns: finding the
    # function by scanning all of them, per call, is quadratic.
    small, large = _lines_to_resolve_sends(100), _lines_to_resolve_sends(100 * GROWTH)
    assert large < BOUND * small, f"{GROWTH}x sends: {small} -> {large} lines run"


def test_the_cycle_collector_does_not_walk_a_files_syntax_trees():
    # The trees are alive while the file is read and hold no cycles: each full collection
    # walks all of them for nothing, more often the larger they are. The collector waits
    # until the file is read.
    import gc

    collections = []

    def note(phase, info):
        if phase == "start":
            collections.append(info["generation"])

    text = server_module(200)
    settings = make_settings()
    project, rules = Project(settings), select_rules(None)
    process_text("app.py", text, settings, project, rules, "python", settle=False)  # imports done
    gc.callbacks.append(note)
    try:
        result = process_text("app.py", text, settings, project, rules, "python", settle=False)
    finally:
        gc.callbacks.remove(note)
    assert result.status == "changed" and len(result.diagnostics) > 400
    assert not collections, f"{len(collections)} collections while one file was read"


# --- inputs the fuzzer grew: lines of hxmigrate run, at n and 4n --------------------------------

def _lines_to_migrate(text: str, name: str) -> int:
    process(text, name)  # the rules' modules imported before counting
    return line_events(lambda: process(text, name))


@pytest.mark.parametrize("make, name", [
    # one start tag with many hx-on attributes: each asked the tag for another name by a scan
    (lambda n: '<div ws-connect="/x"' + ' hx-on:htmx:ws-after-message="a()"' * n + "></div>\n", "page.html"),
    # senders nested in senders (unclosed): each walked all of its descendants
    (lambda n: "<b ws-send>" * n, "page.html"),
    # a 2.x setting assigned again and again: each finding carried its own copy of every edit
    (lambda n: "htmx.createWebSocket = (u) => new WebSocket(u);\n" * n, "page.js"),
], ids=["hx-on-attributes", "nested-senders", "repeated-settings"])
def test_work_grows_linearly(make, name):
    small, large = _lines_to_migrate(make(200), name), _lines_to_migrate(make(200 * GROWTH), name)
    assert large < BOUND * small, f"{GROWTH}x input: {small} -> {large} lines run"
