"""Report traces of 2.x WebSocket code that no other rule found, in files hxmigrate reads.

What it does:
    After the other rules have run on a template, script, Python module or `package.json`,
    reports each line that still holds a trace of htmx 2 WebSocket code (the same traces
    WS501 looks for in other languages) and has no finding of its own: a 2.x attribute
    written in a way the markup rules do not read (`:ws-connect` in Vue, a name built by
    template code), a 2.x event or setting in a string, markup with an `id` sent by
    server-side JavaScript, and the like. Markup and template comments, and whole-line
    `#`/`//` comments, are not reported.

Why:
    After `hxmigrate --write`, a clean `--check` must mean that no 2.x WebSocket construct is
    left. What hxmigrate does not recognise it says so, at the line.

Example:
    <div :ws-connect="url">   (Vue: a bound attribute keeps the 2.x name)

Fix safety:
    No fix: migrate the line by hand as the message says (or suppress the finding once
    reviewed, when the trace is no 2.x code).
"""

from __future__ import annotations

from ...diagnostics import Diagnostic
from ...syntax.cst import cst
from ...syntax.markers import STEPS, find_markers
from .._unrecognised import inside, union

CODE = "WS502"
NAME = "unrecognised-construct"
LANGUAGES = ("markup", "javascript", "python", "go", "rust", "json")
FIX = "never"
SAFETY = "safe"
TRIGGERS = ()
SEES_FINDINGS = True

_LINE_COMMENTS = ("#", "//", "/*", "*")
# The rules that report each construct: when one of them is not selected (or ignored for
# the file), what it would report is no unrecognised construct.
_HANDLED_BY = {
    "connect": ("WS101", "WS104", "WS107", "WS310", "WS312", "WS403", "WS405", "WS409"),
    "send": ("WS102", "WS104", "WS107", "WS310", "WS312", "WS403", "WS405", "WS409"),
    "hx-ext": ("WS103", "WS107", "WS108", "WS312", "WS403", "WS405", "WS408", "WS409"),
    "hx-ws": ("WS104", "WS107", "WS310", "WS312", "WS403", "WS405", "WS409"),
    "event": ("WS302", "WS303", "WS304", "WS305", "WS313", "WS405", "WS406", "WS409"),
    "config": ("WS301", "WS306", "WS405", "WS406", "WS409"),
    "script": ("WS307", "WS308", "WS309", "WS311", "WS405", "WS407", "WS408", "WS409"),
    "headers": ("WS401", "WS402", "WS404", "WS420"),
    "id-root": ("WS201", "WS202", "WS203", "WS217"),
}


def check(file, findings):
    markers = find_markers(file.text, file.lower, id_roots=file.kind in ("javascript", "go", "rust"))
    if not markers:
        return
    if file.kind == "javascript" and _vendored(file):
        return  # a copy of htmx or its 2.x extension: its names are the library's (WS308)
    running = file.rule_codes
    # Python's HEADERS reads are followed from the WebSocket receive (WS401/WS402/WS404); a
    # HEADERS key elsewhere in the module is no htmx payload.
    skip = ("headers",) if file.kind == "python" else ()
    markers = [m for m in markers if m.construct not in skip
               and all(code in running for code in _HANDLED_BY[m.construct])]
    if file.kind in ("go", "rust"):
        # A Go or Rust field is read by its name (`msg.HEADERS`): the key is its declaration's
        # (its json tag or serde attribute: WS401, WS404).
        markers = [m for m in markers if not (m.construct == "headers" and file.text.startswith(".", m.start))]
    lines = file.lines
    # A trace is found when a finding's span holds it, or a finding of a rule that reports
    # its kind of construct starts on its line.
    codes_on: dict[int, set[str]] = {}
    for d in findings:
        codes_on.setdefault(lines.line_col(d.start)[0], set()).add(d.code)
    spans = union((d.start, d.end) for d in findings)
    comments = _comment_spans(file) if file.kind == "markup" else _docstring_spans(file) if file.kind == "python" else []
    by_line: dict[int, list] = {}
    for m in markers:
        line = lines.line_col(m.start)[0]
        if (not codes_on.get(line, set()).isdisjoint(_HANDLED_BY[m.construct]) or inside(spans, m.start)
                or inside(comments, m.start)):
            continue
        if file.kind in ("python", "javascript", "go", "rust") and lines.line_text(line).lstrip().startswith(_LINE_COMMENTS):
            continue
        by_line.setdefault(line, []).append(m)
    for line, found in by_line.items():
        constructs = list(dict.fromkeys(m.construct for m in found))
        steps = "; ".join(STEPS[c] for c in constructs)
        yield Diagnostic(CODE, f"{steps} (hxmigrate did not recognise this use: migrate it by hand)",
                         found[0].start, found[-1].end)


def _vendored(file) -> bool:
    if "defineextension" not in file.lower:
        return False
    from ._js import vendored_htmx  # a file with traces only

    return any(vendored_htmx(script) is not None for script in file.javascript)


def _docstring_spans(file) -> list[tuple[int, int]]:
    """Docstrings, and strings standing alone as statements (attribute docstrings), are
    prose: an example of 2.x markup there is no code to migrate."""
    view = file.python
    if view.module is None:
        return []
    spans = []
    for node in view.walk():
        if (isinstance(node, cst.SimpleStatementLine) and len(node.body) == 1 and isinstance(node.body[0], cst.Expr)
                and isinstance(node.body[0].value, (cst.SimpleString, cst.ConcatenatedString))):
            spans.append(view.span(node.body[0].value))
    return union(spans)


def _comment_spans(file) -> list[tuple[int, int]]:
    view = file.markup
    spans = view.comment_spans()
    spans += [(r.start, r.end) for r in view.regions if r.kind == "comment"]
    return union(spans)
