"""The "nothing silent" invariant, checked from outside the tool: in a repository that
hxmigrate has migrated, every line that still holds a trace of htmx 2 code (the WebSocket
extension's, the core's: CORE_TRACES, the SSE extension's: SSE_TRACES) has a finding, is
suppressed on the spot, or (in prose) is named in the run's summary.

The traces are written here on their own, not taken from hxmigrate, so that a trace the
tool does not know is a failure of the tool, not of this check."""

from __future__ import annotations

import re
from pathlib import Path

TRACES = re.compile(
    r"(?<![\w.-])(?:data-)?ws-(?:connect|send)(?![\w:.-])"  # 2.x attributes (hx-ws:connect has no "ws-")
    r"|\bws_(?:connect|send)\s*=(?!=)"  # the same as keyword arguments (FastHTML, htpy)
    r"|hx[-_]ext\W{1,4}[^\n>]{0,80}?(?<![\w-])ws(?![\w-])"  # hx-ext="ws", "json-enc, ws"
    r"|\bexts\s*=\s*\W{0,3}ws\b"  # FastHTML's exts="ws"
    r"|(?<![\w:.-])hx-ws\s*="  # htmx 1.x hx-ws
    r"|htmx:ws[A-Z-]"  # 2.x event names, camelCase and kebab-case
    r"|hx-on(?:::|--|-htmx-)ws-[a-z]"  # their hx-on spellings
    r"|\bws(?:ReconnectDelay|BinaryType)\b"
    r"|htmx-ext-ws\b|/ext/ws(?:\.min)?\.js"  # the 2.x extension's package and script
)
# htmx 2 core constructs that htmx 4 reads differently or not at all (a rewritten line no
# longer holds them). Inheritance is not a trace a line shows: the rules' own tests cover it.
CORE_TRACES = re.compile(
    r"(?<![\w:.-])(?:data-)?hx-disabled-elt(?![\w:-])"
    r"|(?<![\w:.-])(?:data-)?hx-disable(?![\w:-])(?:\s*=\s*([\"'])(?:true|false)?\1)?(?=[\s/>])"  # 2.x's
    r"|(?<![\w:.-])(?:data-)?hx-(?:vars|params|request|history|inherit|disinherit|ext)\s*="
    r"|(?<![\w:.-])(?:data-)?hx-on(?:-(?!-)[a-z]|--|::[a-z]+-[a-z]|:htmx:[a-z]+-[a-z])"  # dash forms, kebab names
    r"|htmx:(?:afterRequest|afterOnLoad|beforeRequest|beforeSend|configRequest|beforeSwap|oobBeforeSwap|afterSwap"
    r"|oobAfterSwap|afterSettle|load|afterProcessNode|beforeProcessNode|beforeOnLoad|beforeCleanupElement"
    r"|beforeHistorySave|beforeHistoryUpdate|historyRestore|historyCacheMiss|pushedIntoHistory|replacedInHistory"
    r"|beforeTransition|responseError|sendError|sendAbort|swapError|targetError|timeout|xhr:\w+|validation:\w+)\b"
    r"|htmx:(?:after|before|config|oob|send|swap|target|response|pushed|replaced|history)-[a-z]"  # kebab-case
    r"|\b(?:from|target|root):(?:closest|find|next|previous)\s+[^\s,'\"]|\b(?:from|target|root):[({]"
    r"|\bqueue:(?:first|last|all|none)\b"
    r"|\b(?:show|scroll):[^\s:\"']+:(?:top|bottom)\b|\bfocus-scroll:"
    r"|hx-swap\s*=\s*[\"']?\s*morph\b"
    r"|(?<![\w:.-])(?:data-)?hx-target-(?:\d|[45][*x]|error)"
    r"|\bhtmx\.(?:addClass|removeClass|toggleClass|closest|remove|off|values|logAll|logNone|logger|takeClass"
    r"|defineExtension|removeExtension|createEventSource|location|swap)\b"
    r"|(?:config\.|config\[\s*[\"']|[\"'])(?:defaultSwapStyle|globalViewTransitions|historyEnabled|includeIndicatorStyles|historyCacheSize"
    r"|refreshOnHistoryMiss|selfRequestsOnly|responseHandling|withCredentials|disableSelector|allowEval"
    r"|allowScriptTags|useTemplateFragments|scrollBehavior|getCacheBusterParam|methodsThatUseUrlParams"
    r"|scrollIntoViewOnBoost|defaultSwapDelay|attributesToSettle|addedClass|settlingClass|swappingClass"
    r"|disableInheritance)\b"
    r"|HX-Trigger-(?:Name|After-Swap|After-Settle)\b|HTTP_HX_TRIGGER|htmx\.trigger_name\b"
    r"|htmx\.org@[12]\.|/ajax/libs/htmx/[12]\.|htmx-ext-(?!ws\b|sse\b)[a-z-]+"  # ws and sse: their own traces
)
# htmx 2's SSE extension (htmx-ext-sse) and htmx 1.x's hx-sse.
SSE_TRACES = re.compile(
    r"(?<![\w.:-])(?:data-)?sse-(?:connect|close|swap)(?![\w:.-])"  # 2.x attributes (hx-sse:connect has no "sse-")
    r"|(?<![\w:.-])(?:data-)?hx-sse\s*="  # htmx 1.x hx-sse
    r"|hx[-_]ext\W{1,4}[^\n>]{0,80}?(?<![\w-])sse(?![\w-])"  # hx-ext="sse"
    r"|(?<![\w:-])sse:[A-Za-z_][\w.-]*"  # sse:NAME triggers (hx-sse:connect has a "-" before it)
    r"|htmx:sse[A-Z-]"  # 2.x event names, camelCase and kebab-case
    r"|hx-on(?:::|--|-htmx-|:htmx:)sse-[a-z]"  # their hx-on spellings
    r"|htmx-ext-sse\b|/ext/sse(?:\.min)?\.js|htmx-ext-sse@[^/\s\"']*/(?:dist/)?sse"  # the 2.x script and package
)
HEADERS = re.compile(r"""["'`]HEADERS["'`]|\.HEADERS\b""")  # the 2.x payload key, read or written
HX_HEADER = re.compile(r"HX-(?:Trigger|Request|Target|Current-URL)", re.I)
# Markup with an id at the start of a string, in server code that sends over a WebSocket.
ID_ROOT = re.compile(r"""["'`]\s*<[a-zA-Z][\w-]*\s[^<>"'`]*?\bid\s*=""")
WS_SEND = re.compile(r"WriteMessage|WriteJSON|wsjson\.Write|Message::Text|SendAsync|\.send\(|socket\.send|ws\.send")
WS_SERVER = re.compile(r"gorilla/websocket|coder/websocket|nhooyr\.io/websocket|WebSocketServer|tungstenite|axum::extract::ws"
                       r"|require\(['\"]ws['\"]\)|from ['\"]ws['\"]|express-ws|upgradeWebSocket|Bun\.serve")

PROSE = (".md", ".markdown", ".rst", ".txt", ".adoc")
# The test harness's own description of a fixture, no part of the project it stands for.
HARNESS_FILES = {"scenario.toml", "checker_false_positives.toml"}
SKIP_DIRS = {".git", "node_modules", ".venv", "__pycache__"}
COMMENT_LINE = ("#", "//", "*", "/*", "<!--", "{#", "{{!", "@*", "{% comment")


def _files(root: Path):
    for path in sorted(root.rglob("*")):
        if path.is_file() and not SKIP_DIRS & set(path.relative_to(root).parts):
            yield path


def unexplained_markers(root: Path, findings: list[dict], stderr: str) -> list[str]:
    """``path:line: text`` of each trace without a finding, for a run's JSON findings and
    its standard error (where prose files are summed up)."""
    covered: dict[str, set[int]] = {}
    for item in findings:
        rel = Path(item["filename"]).as_posix().removeprefix("./")
        rows = range(item["location"]["row"], item["end_location"]["row"] + 1)
        covered.setdefault(rel, set()).update(rows)
    missing = []
    for path in _files(root):
        if path.name in HARNESS_FILES:
            continue
        rel = path.relative_to(root).as_posix()
        data = path.read_bytes()
        if b"\x00" in data[:8192]:
            continue
        text = data.decode("utf-8", "replace")
        if "hxmigrate: ignore-file" in text:
            continue
        lines = text.splitlines()
        hits = _trace_lines(path, text, lines)
        if not hits:
            continue
        if path.suffix.lower() in PROSE or path.name.upper().startswith("README"):
            if rel not in stderr:
                missing.append(f"{rel}: prose with 2.x constructs, not named in the summary")
            continue
        if "defineExtension" in text:  # a vendored copy of htmx or its extension: one finding for the file
            if rel not in covered:
                missing.append(f"{rel}: vendored copy without a finding")
            continue
        prose_lines = _docstring_lines(text) if path.suffix == ".py" else _html_comment_lines(text)
        for number in sorted(hits - prose_lines):
            line = lines[number - 1]
            before = lines[number - 2] if number >= 2 else ""
            if number in covered.get(rel, ()) or "hxmigrate: ignore" in line or "hxmigrate: ignore" in before:
                continue
            if line.lstrip().startswith(COMMENT_LINE):
                continue
            missing.append(f"{rel}:{number}: {line.strip()[:160]}")
    return missing


def _trace_lines(path: Path, text: str, lines: list[str]) -> set[int]:
    hits = {n for n, line in enumerate(lines, 1)
            if TRACES.search(line) or CORE_TRACES.search(line) or SSE_TRACES.search(line)}
    if re.search(r"\bhtmx4\s*=\s*True", text):
        # FastHTML(htmx4=True) loads htmx 4 and its hx-ws.js for exts="ws" (FastHTML 0.14).
        hits = {n for n in hits if not re.search(r"\bexts\s*=", lines[n - 1])}
    if HX_HEADER.search(text):
        hits |= {n for n, line in enumerate(lines, 1) if HEADERS.search(line)
                 and path.suffix != ".py"}  # Python's HEADERS reads are followed by data flow
    if path.suffix not in (".py", ".html", ".htm") and WS_SERVER.search(text) and WS_SEND.search(text):
        hits |= {n for n, line in enumerate(lines, 1) if ID_ROOT.search(line)
                 and "hx-partial" not in line and "hx-swap-oob" not in line}
    return hits


def _docstring_lines(text: str) -> set[int]:
    """The lines of a Python module's docstrings and other strings standing alone as
    statements: prose, like a README."""
    import ast

    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError):
        return set()
    lines: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
            lines.update(range(node.lineno, node.end_lineno + 1))
    return lines


def _html_comment_lines(text: str) -> set[int]:
    """The lines inside <!-- ... --> comments (commented-out markup is no code), but for
    the line a comment starts on, which may hold code before it."""
    lines: set[int] = set()
    for m in re.finditer(r"<!--.*?-->", text, re.S):
        first = text.count("\n", 0, m.start()) + 1
        last = first + text.count("\n", m.start(), m.end())
        lines.update(range(first + 1, last + 1))
    return lines
