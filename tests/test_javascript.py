"""The JavaScript view: file offsets (also past non-ASCII text and inside pages), masked
template syntax, lazy tree-sitter, and the JavaScript verifier."""

from __future__ import annotations

import subprocess
import sys

import pytest
from hypothesis import given, settings, strategies as st

from hxmigrate.syntax.javascript import Script, inline_scripts, mask_templates, parse
from hxmigrate.syntax.treesitter import OffsetMap, error_count
from hxmigrate.syntax.markup import MarkupView
from hxmigrate.syntax.templates import find_regions
from hxmigrate.testing import make_settings
from hxmigrate.analysis.project import Project
from hxmigrate.source import SourceFile
from hxmigrate.verify import VerificationError, verify


@given(st.text(max_size=60))
@settings(max_examples=200, deadline=None)
def test_offset_map_round_trips(text):
    m = OffsetMap(text)
    for i in range(len(text) + 1):
        b = len(text[:i].encode("utf-8", "surrogatepass"))
        assert m.to_bytes(i) == b
        assert m.to_str(b) == i


def test_spans_are_str_offsets_of_the_file():
    text = 'const s = "héllo → 🎉"; htmx.on("htmx:wsOpen", f);\n'
    script = Script(text)
    strings = [n for n in script.walk({"string"})]
    assert [text[slice(*script.span(n))] for n in strings] == ['"héllo → 🎉"', '"htmx:wsOpen"']


def test_inline_scripts_map_to_the_page():
    page = ('<p>ü</p>\n<script src="x.js"></script><script type="text/hyperscript">on click</script>'
            '<script type="module">\nhtmx.config.wsReconnectDelay = {{ delay }};\n</script>'
            '<script type="application/json">{"a": 1}</script><script>  let ok = "é";</script>')
    scripts = inline_scripts(MarkupView(page))
    assert len(scripts) == 2
    first, second = scripts
    assignment = next(first.walk({"assignment_expression"}))
    assert page[slice(*first.span(assignment))] == "htmx.config.wsReconnectDelay = {{ delay }}"
    assert first.has_template(assignment)
    assert first.masked.count("_") >= len("{{ delay }}") and error_count(first.tree) == 0
    string = next(second.walk({"string"}))
    assert page[slice(*second.span(string))] == '"é"' and not second.has_template(string)


def test_masking_keeps_length_and_newlines():
    text = "a = {{ x }};\n{% if y %}\nb();\n{% endif %}\n"
    masked = mask_templates(text, list(find_regions(text)))
    assert len(masked) == len(text) and masked.count("\n") == text.count("\n")
    assert error_count(parse(masked)) == 0


def test_source_file_javascript_by_kind():
    settings = make_settings()
    project = Project(settings)
    js = SourceFile("a.ts", "let a: number = 1;", "javascript", settings, project)
    assert [s.lang for s in js.javascript] == ["typescript"]
    assert SourceFile("a.tsx", "x", "javascript", settings, project).javascript[0].lang == "tsx"
    page = SourceFile("a.html", "<script>a()</script>", "markup", settings, project)
    assert [s.offset for s in page.javascript] == [8]
    assert SourceFile("a.py", "x = 1", "python", settings, project).javascript == []


def test_tree_sitter_is_not_imported_for_files_without_triggers():
    code = (
        "import sys\n"
        "from hxmigrate.testing import run\n"
        "run('<div ws-connect=\"/a\"></div><script>let x = 1;</script>', filename='p.html')\n"
        "run('const a = 1;', filename='a.js')\n"
        "print('tree_sitter' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


@pytest.mark.parametrize(
    "before, after, ok",
    [
        ("let a = 1;", "let a = 2;", True),
        ("let a = 1;", "let a = ;", False),
        ("let a = ;", "let b = ;", True),  # no worse than before
        ("let a: number = 1;", "let a: number = 2;", True),  # TypeScript is read as TypeScript
        ("const x = <div/>;", "const x = <span/>;", True),
    ],
)
def test_javascript_verifier(before, after, ok):
    if ok:
        verify("javascript", before, after)
    else:
        with pytest.raises(VerificationError):
            verify("javascript", before, after)


def test_markup_verifier_checks_inline_scripts():
    verify("markup", "<script>a();</script>", "<script>b();</script>")
    with pytest.raises(VerificationError):
        verify("markup", "<script>a();</script>", "<script>a(;</script>")


_PIECES = [
    "htmx.config.wsReconnectDelay = 'full-jitter';",
    "htmx.config.wsReconnectDelay = (n) => Math.min(30000, 1000 * 2 ** n);",
    "htmx.config.wsReconnectDelay = function (n) { return n * 1000; };",
    "htmx.config.wsBinaryType = 'arraybuffer';",
    "htmx.createWebSocket = (u) => new WebSocket(u, ['p']);",
    "htmx.config.ws = { pauseOnBackground: false };",
    "Object.assign(htmx.config, { wsBinaryType: 'blob', a: 1 });",
    "document.addEventListener('htmx:wsAfterMessage', (e) => f(e.detail.message));",
    "htmx.on('htmx:wsConfigSend', (e) => { e.detail.parameters.x = 1; });",
    "if (x) {",
    "}",
    "function g() {",
    "import 'htmx-ext-ws';",
    "log(htmx.config.wsReconnectDelay);",
    "// comment",
    "",
]


@given(st.lists(st.sampled_from(_PIECES), max_size=8), st.booleans())
@settings(max_examples=150, deadline=None)
def test_any_mix_settles_in_one_run_and_verifies(lines, unsafe):
    from hxmigrate.testing import run

    source = "\n".join(lines) + "\n"
    settings_ = make_settings(unsafe_fixes=unsafe)
    fixed, _, _ = run(source, filename="mix.js", settings=settings_)
    if fixed != source:
        verify("javascript", source, fixed)
    assert run(fixed, filename="mix.js", settings=settings_)[0] == fixed
    page = "<script>\n" + source + "</script>\n"
    fixed_page, _, _ = run(page, filename="mix.html", settings=settings_)
    if fixed_page != page:
        verify("markup", page, fixed_page)
    assert run(fixed_page, filename="mix.html", settings=settings_)[0] == fixed_page
