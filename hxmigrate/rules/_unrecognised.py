"""What the rules that report unrecognised 2.x constructs (HX501 for the core, WS502 for the
WebSocket extension) share, which knows nothing of either: which of the traces found in a
file the other rules left without a finding, once comments and docstrings (prose, no code
to migrate) are set apart, by line."""

from __future__ import annotations

import bisect
from collections.abc import Callable, Collection, Iterable, Sequence
from typing import TypeVar

from ..syntax.cst import cst

# Whole-line comments of Python, JavaScript, Go and Rust (and the inner lines of a block comment).
LINE_COMMENTS = ("#", "//", "/*", "*")
# In markup, a line of an inline script that is a comment (HTML text seldom starts so).
_MARKUP_LINE_COMMENTS = ("//", "/*")
_CODE_KINDS = ("python", "javascript", "go", "rust")
# The comment nodes of tree-sitter's JavaScript/TypeScript, Go and Rust grammars.
_CODE_COMMENTS = frozenset({"comment", "line_comment", "block_comment"})

T = TypeVar("T")  # a trace: anything with a ``start`` offset


def union(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted, non-overlapping spans covering the same offsets."""
    out: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if out and start <= out[-1][1]:
            if end > out[-1][1]:
                out[-1] = (out[-1][0], end)
        else:
            out.append((start, end))
    return out


def inside(spans: Sequence[tuple[int, int]], offset: int) -> bool:
    """Whether ``offset`` falls in one of ``spans`` (as ``union`` returns them)."""
    i = bisect.bisect_right(spans, (offset, float("inf"))) - 1
    return i >= 0 and spans[i][0] <= offset < spans[i][1]


def prose_spans(file) -> list[tuple[int, int]]:
    """The comments of a file (HTML and template-language comments, and those of its inline
    scripts; the comments of a script or of Go and Rust code, JSX's `{/* */}` among them) and
    the docstrings and comments of a Python module: what they hold is no code to migrate."""
    if file.kind == "markup":
        return union(_comment_spans(file) + _script_comments(file))
    if file.kind == "javascript":
        return union(_script_comments(file))
    if file.kind in ("go", "rust"):
        view = file.go if file.kind == "go" else file.rust
        return union(view.span(n) for n in view.walk(_CODE_COMMENTS))
    if file.kind == "python":
        return _python_prose(file)
    return []


def commented_line(file, line: int) -> bool:
    """Whether a whole line is a comment of the code of a file."""
    if file.kind in _CODE_KINDS:
        return file.lines.line_text(line).lstrip().startswith(LINE_COMMENTS)
    if file.kind == "markup":
        return file.lines.line_text(line).lstrip().startswith(_MARKUP_LINE_COMMENTS)
    return False


def unreported(file, findings, traces: Iterable[T],
               handled_by: Callable[[T], Collection[str]] | None = None) -> dict[int, list[T]]:
    """The traces, by line (in order), that no finding covers and that stand in no comment or
    docstring. A trace is covered when a finding's span holds it, or when a finding is on its
    line: with ``handled_by``, a finding of one of the rules it names for the trace (those that
    report its kind of construct) that starts on the line; without it, a finding of any rule
    on any of the lines it spans."""
    traces = list(traces)
    if not traces:
        return {}
    lines = file.lines
    spans = union((d.start, d.end) for d in findings)
    codes_on: dict[int, set[str]] = {}
    covered: set[int] = set()
    for d in findings:
        first = lines.line_col(d.start)[0]
        if handled_by is not None:
            codes_on.setdefault(first, set()).add(d.code)
        else:
            covered.update(range(first, lines.line_col(max(d.start, d.end - 1))[0] + 1))
    prose = None  # read only for a trace no finding covers: a Python module's take a parse
    by_line: dict[int, list[T]] = {}
    for trace in traces:
        line = lines.line_col(trace.start)[0]
        if handled_by is not None:
            if not codes_on.get(line, set()).isdisjoint(handled_by(trace)):
                continue
        elif line in covered:
            continue
        if inside(spans, trace.start):
            continue
        if prose is None:
            prose = prose_spans(file)
        if inside(prose, trace.start) or commented_line(file, line):
            continue
        by_line.setdefault(line, []).append(trace)
    return by_line


def _python_prose(file) -> list[tuple[int, int]]:
    """Comments, docstrings and strings standing alone as statements (attribute docstrings):
    an example of 2.x markup there is no code to migrate."""
    view = file.python
    if view.module is None:
        return []
    spans = []
    for node in view.walk():
        if isinstance(node, cst.Comment):
            spans.append(view.span(node))
        elif (isinstance(node, cst.SimpleStatementLine) and len(node.body) == 1 and isinstance(node.body[0], cst.Expr)
                and isinstance(node.body[0].value, (cst.SimpleString, cst.ConcatenatedString))):
            spans.append(view.span(node.body[0].value))
    return union(spans)


def _script_comments(file) -> list[tuple[int, int]]:
    return [script.span(n) for script in file.javascript for n in script.walk(_CODE_COMMENTS)]


def _comment_spans(file) -> list[tuple[int, int]]:
    view = file.markup
    return view.comment_spans() + [(r.start, r.end) for r in view.regions if r.kind == "comment"]
