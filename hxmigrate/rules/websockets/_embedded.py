"""Markup and JavaScript written inside Python strings (WS405, WS406), and the machinery
that reads a string of any language as a document of its own (WS409 for Go and Rust).

A page built in Python (`f'<body hx-ext="ws" ws-connect="{url}">'`) or a script handed to a
component (FastHTML's `Script("htmx.config.wsReconnectDelay = ...")`) holds the same 2.x
constructs as a template or a script file. Each such string is read as a document of its
own: the value of the string (f-string placeholders and format fields kept as opaque
template regions), given to the markup or JavaScript rules as a file, and their findings
and edits mapped back into the string's literals, escaped for its quotes, prefix and
braces. An edit that cannot be written there (into a placeholder, a newline into a
one-line string, a brace into an f-string) is dropped and its finding says so.
"""

from __future__ import annotations

import re
from fnmatch import fnmatch
from functools import cached_property
from pathlib import Path
from typing import Iterator

from ...diagnostics import Diagnostic, fix
from ...edits import Edit
from ...source import SourceFile
from ...syntax.cst import cst
from ...syntax.javascript import Script, inline_scripts
from ...syntax.markup import MarkupView, tokenize
from ...syntax.python import children, dotted, string_text
from ...syntax.templates import Region, Regions
from .. import select_rules
from ._fasthtml import dialect

MARKUP_CODE, SCRIPT_CODE = "WS405", "WS406"
# What a string must hold for the markup rules to find anything in it (lowercase).
MARKUP_HINTS = ("ws-connect", "ws-send", "hx-ext", "hx-ws", "ws.js", "ws.min.js", "htmx-ext-ws", "hx-on", "htmx:ws",
                "wsreconnect", "wsbinarytype", "createwebsocket", "htmx-config", "htmx.org")
SCRIPT_HINTS = ("htmx", "ws-connect", "ws-send", "hx-ws")
TAG = re.compile(r"<[A-Za-z]")
# Calls whose first argument is JavaScript source: FastHTML's Script (and ScriptX's code).
_SCRIPT_CALLS = ("Script",)


class EmbeddedFile(SourceFile):
    """The value of a Python string as a file of another kind, for the rules of that kind."""

    def __init__(self, outer: SourceFile, st, kind: str) -> None:
        super().__init__(outer.path, st.text, kind, outer.settings, outer.project)
        self.st = st
        self.outer = outer
        self._regions = Regions([Region(a, b, "expr") for a, b, _ in st.opaque])

    @cached_property
    def markup(self):
        view = MarkupView.__new__(MarkupView)
        view.text, view.regions = self.text, self._regions
        view.tokens = tokenize(self.text, self._regions)
        return view

    @cached_property
    def javascript(self):
        if self.kind == "javascript":
            return [Script(self.text, 0, "javascript", list(self._regions))]
        return inline_scripts(self.markup)

    @property
    def message_template_reason(self):
        return None  # a page or a script: the HTML a server sends is read by WS201-WS205

    @cached_property
    def abspath(self) -> Path:
        return self.outer.abspath


def embedded_diagnostics(file) -> list[Diagnostic]:
    """Findings of the markup rules in HTML strings (WS405) and of the JavaScript rules in
    script strings (WS406) of a Python module."""
    lower = file.lower
    markup_hint = "<" in file.text and any(h in lower for h in MARKUP_HINTS)
    script_hint = "script(" in lower and any(h in lower for h in SCRIPT_HINTS)
    if not (markup_hint or script_hint):
        return []
    view = file.python
    if view.module is None:
        return []
    dash = False
    if "fasthtml" in file.text:
        dash = dialect(file) == "-"
    out: list[Diagnostic] = []
    for node, kind, fmt in _documents(view, markup_hint, script_hint):
        st = string_text(view, node, format_fields=fmt)
        if st is None or not st.text:
            continue
        low = st.text.lower()
        if kind == "markup":
            if not TAG.search(st.text) or not any(h in low for h in MARKUP_HINTS):
                continue
        elif not any(h in low for h in SCRIPT_HINTS):
            continue
        inner = EmbeddedFile(file, st, kind)
        code = MARKUP_CODE if kind == "markup" else SCRIPT_CODE
        for d in run_embedded(inner):
            found = mapped(st, d, code, kind)
            if dash and found.fix is not None:
                # htmx 4 with FastHTML(htmx4=True) reads "-" where these rules write ":".
                found = Diagnostic(code, found.message + "; FastHTML(htmx4=True) sets htmx's metaCharacter to \"-\": "
                                   "write the new names with \"-\" instead of \":\" by hand", found.start, found.end)
            out.append(found)
    out.sort(key=lambda d: (d.start, d.end))
    return out


def _documents(view, markup: bool, script: bool) -> Iterator[tuple[object, str, "bool | str"]]:
    """(string node, "markup"/"javascript", its format kind) for the strings worth reading:
    whole literals (an implicit concatenation once), not docstrings."""
    strings = (cst.SimpleString, cst.FormattedString, cst.ConcatenatedString)
    scripts: set[int] = set()  # the first arguments of Script(...) calls
    stack = [(view.module, None)]
    while stack:
        node, parent = stack.pop()
        t = type(node)
        if t in strings or (t is cst.BinaryOperation and _string_chain(node)
                            and not (type(parent) is cst.BinaryOperation and _string_chain(parent))):
            if isinstance(parent, cst.Expr):
                continue  # a docstring or a bare string: nothing uses it
            if script and isinstance(parent, cst.Arg) and id(parent) in scripts:
                yield node, "javascript", False
            elif markup:
                yield node, "markup", _format_of(node, parent)
            if t is cst.BinaryOperation:
                # The operands that are no literals may hold strings of their own.
                stack.extend((o, node) for o in reversed(_chain_operands(node)) if type(o) not in strings)
            continue
        if t is cst.Call and node.args and (dotted(node.func) or "").rsplit(".", 1)[-1] in _SCRIPT_CALLS:
            first = node.args[0]
            if first.keyword is None and not first.star:
                scripts.add(id(first))
        for k in reversed(children(node)):
            stack.append((k, node))


def _string_chain(node) -> bool:
    """A ``+`` chain with a string literal among its operands (one piece of text)."""
    if not (isinstance(node.operator, cst.Add) and not node.lpar):
        return False
    return any(isinstance(o, (cst.SimpleString, cst.FormattedString, cst.ConcatenatedString))
               for o in _chain_operands(node))


def _chain_operands(node) -> list:
    out, stack = [], [node]
    while stack:
        n = stack.pop()
        if isinstance(n, cst.BinaryOperation) and isinstance(n.operator, cst.Add) and not n.lpar:
            stack.extend([n.right, n.left])
        else:
            out.append(n)
    return out


def _format_of(node, parent) -> "bool | str":
    """How the string's own text is formatted: the left operand of ``%`` ("percent"), the
    receiver of ``.format`` ("format"), else as written."""
    if isinstance(parent, cst.BinaryOperation) and isinstance(parent.operator, cst.Modulo) and parent.left is node:
        return "percent"
    if isinstance(parent, cst.Attribute) and parent.attr.value == "format" and parent.value is node:
        return "format"
    return False


def _selected(file) -> list:
    settings = file.settings
    # WS405/WS406 carry the markup and JavaScript rules: selecting them runs those rules (all
    # of them, so --select WS405 is enough), ignoring one of those rules drops it here too.
    rules = select_rules(None, settings.ignore)
    skip: set[str] = set()
    if settings.per_file_ignores:
        try:
            rel = Path(file.path).resolve().relative_to(settings.root).as_posix()
        except ValueError:
            rel = Path(file.path).as_posix()
        for pattern, values in settings.per_file_ignores.items():
            if fnmatch(rel, pattern) or fnmatch(Path(file.path).name, pattern):
                skip.update(v.upper() for v in values)
    # The message rules read what a server sends (WS201-WS205 do that for Python strings).
    return [r for r in rules if not r.code.startswith(("WS2", "WS9")) and not any(r.code.startswith(c) for c in skip)]


def run_embedded(inner: EmbeddedFile) -> list[Diagnostic]:
    out = []
    lower = inner.lower
    for rule in _selected(inner.outer):
        if inner.kind not in rule.languages:
            continue
        if rule.triggers and not any(t in lower for t in rule.triggers):
            continue
        out.extend(rule.check(inner))
    return out


def mapped(st, d: Diagnostic, code: str, kind: str) -> Diagnostic:
    n = len(st.text)
    start = st.starts[min(d.start, n - 1)]
    end = st.ends[min(max(d.end - 1, d.start), n - 1)]
    where = "an HTML string" if kind == "markup" else "a script string"
    message = f"in {where}: {d.message} ({d.code})"
    new_fix = None
    if d.fix is not None:
        edits = [map_edit(st, e) for e in d.fix.edits]
        if all(e is not None for e in edits):
            new_fix = fix(*edits, safe=d.fix.safe)
        else:
            message += "; this edit cannot be written inside the string: make it by hand"
    return Diagnostic(code, message, start, max(start, end), new_fix)


def map_edit(st, e: Edit) -> Edit | None:
    """An edit of the string's value as an edit of the file; None when it cannot be written
    there (it touches a placeholder or another literal, or its text cannot be escaped)."""
    n = len(st.text)
    opaque = [(a, b) for a, b, _ in st.opaque]
    if e.start == e.end:
        p = e.start
        candidates = []
        if p > 0:
            candidates.append((st.piece_of[p - 1], st.ends[p - 1], p - 1))
        if p < n:
            candidates.append((st.piece_of[p], st.starts[p], p))
        for piece, at, ch in candidates:
            if any(a <= ch < b for a, b in opaque):
                continue  # next to a placeholder: write into the literal on the other side
            text = _escaped(st, e.text, piece)
            if text is not None:
                return Edit(at, at, text)
        return None
    if e.end > n or any(a < e.end and e.start < b for a, b in opaque):
        return None
    piece = st.piece_of[e.start]
    if st.piece_of[e.end - 1] != piece:
        return None
    text = _escaped(st, e.text, piece)
    if text is None:
        return None
    return Edit(st.starts[e.start], st.ends[e.end - 1], text)


def _escaped(st, text: str, piece: int) -> str | None:
    p = st.pieces[piece]
    if p.opaque:
        return None
    braces = getattr(p, "fstring", False) or getattr(p, "braces", False)
    if (braces and ("{" in text or "}" in text)) or (getattr(p, "percent", False) and "%" in text):
        # Text copied from a placeholder would become literal text: not written.
        return None
    return st.escape(text, piece)
