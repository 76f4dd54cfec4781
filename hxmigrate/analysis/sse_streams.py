"""The project's named SSE events, read on both sides: the Python endpoints that stream them
(``server/sse_python.py``) and the pages whose `sse-swap` swaps them; and, for each route and
event name, whether the server's event can be sent as an unnamed `<hx-partial>` message
(SE201) and the page's `sse-swap` removed (SE103). Both rules read the same decision, so a
run never rewrites one side only.

An event ``x`` of a route is converted when: every Python endpoint of that route is read and
writes every ``x`` message in a way SE201 can rewrite; pages of the run connect to the route
(a literal URL), and in each of them exactly one element swaps ``x``, every one into the same
`#id` with the same plain swap style that leaves the element in place; nothing else listens
to ``x`` (`sse:x` anywhere, an `sse-close`, an `hx-on` or `addEventListener` of that name, a
connection whose URL hxmigrate cannot read listening to it); both rules run on every file
involved (selected, not ignored there, no suppression comment in it). Data that hxmigrate
sees whole and without `hx-swap-oob` is converted safely; data it does not see whole (a
variable, a rendered template) only as an unsafe fix: 2.x swapped its out-of-band elements,
an `<hx-partial>` inserts them as they are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from fnmatch import fnmatch
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

from ..paths import flavor_of, real_path
from ..syntax.markup import MarkupView
from ..syntax.python import PythonView
from ..targets.sse import CLOSE_2X, CONNECT_2X, SSE_4_0, SWAP_2X
from .server import sse_code, sse_python

if TYPE_CHECKING:
    from ..config import Settings

RULES = ("SE201", "SE103")
UNNAMED = "message"
# Swap styles that leave the element in place (a later message finds it again), as htmx 4
# spells them: the facts of tests/browser/test_sse_partial_facts.py.
STYLES = {s.lower(): s for s in ("innerHTML", "beforeend", "afterbegin", "beforebegin", "afterend")}
_PLAIN_ID = re.compile(r"-?[A-Za-z_][\w-]*")
_CONNECT = CONNECT_2X + (SSE_4_0.connect_attr, "data-" + SSE_4_0.connect_attr)
_CLOSE = CLOSE_2X + (SSE_4_0.close_attr, "data-" + SSE_4_0.close_attr)
_TARGET = tuple(p + "hx-target" + s for p in ("", "data-") for s in ("", ":inherited"))
_SWAP = tuple(p + "hx-swap" + s for p in ("", "data-") for s in ("", ":inherited"))
_HX_ON = re.compile(r"^(?:data-)?hx-on(?::+|-+)(.+)$", re.I)
_LISTENED = re.compile(r"""addEventListener\(\s*["'`]([\w.:-]+)["'`]""")
_SSE_TRIGGER = re.compile(r"\bsse:([\w.:-]+)")


@dataclass(frozen=True)
class Decision:
    """What happens to the named event ``event`` of ``route``."""

    route: str
    event: str
    target: str = ""  # "#id": the server's data goes into <hx-partial hx-target=... hx-swap=...>
    swap: str = ""
    safe: bool = True  # False: hxmigrate does not see the whole data (an unsafe fix)
    why: str = ""  # why it stays a named event ("" when converted)
    servers: tuple[str, ...] = ()  # "app.py:12": where the server sends it

    @property
    def converted(self) -> bool:
        return not self.why


@dataclass
class SseStreams:
    decisions: dict[tuple[str, str], Decision] = field(default_factory=dict)
    files: frozenset[Path] = frozenset()  # the server files and pages the decisions read
    routes: dict[str, str] = field(default_factory=dict)  # function -> route, from route tables
    # SE202: the pages' `sse-swap` of named events, the names something else listens to, and
    # what the Go, Rust and JavaScript servers tell each other (their files are in ``files``)
    listeners: tuple["_Listener", ...] = ()
    blocked: dict[str, str] = field(default_factory=dict)
    code: sse_code.CodeFacts = sse_code.NO_FACTS

    def decision(self, route: str | None, event: str) -> Decision | None:
        if route is None:
            return None
        return self.decisions.get((route, event))

    def for_url(self, url: str | None, event: str) -> Decision | None:
        """The decision for an event of the stream a connection's literal URL opens."""
        return self.decision(route_of(url), event)

    def concerns(self, path: Path) -> bool:
        return path in self.files


NO_STREAMS = SseStreams()


def route_of(url: str | None) -> str | None:
    """The route a connection's literal URL names ("/events?x=1" -> "/events")."""
    if not url or not url.startswith("/") or url.startswith("//"):
        return None
    return url.split("?", 1)[0].split("#", 1)[0]


# --- the pages --------------------------------------------------------------------------------

@dataclass
class _Listener:
    where: str  # "templates/page.html:4"
    route: str | None
    events: list[str]
    target: str
    swap: str
    why: str


def _attr(tag, names):
    for name in names:
        a = tag.attr(name)
        if a is not None:
            return a
    return None


def _swap_attr(tag):
    plain = tag.attr(SWAP_2X[0])
    if plain is not None and plain.value:
        return plain
    return tag.attr(SWAP_2X[1]) or plain


def _resolve(element) -> tuple[str, str, str]:
    """(target, swap style, why not) of an `sse-swap` element, as htmx 2 swapped into it."""
    tag = element.tag
    if any(type(i).__name__ == "Region" for i in tag.items):
        return "", "", "template syntax between its attributes may set `hx-target` or `hx-swap`"
    target = _attr(tag, _TARGET)
    own_id = tag.attr("id")
    if target is not None:
        value = (target.value or "").strip()
        if target.value_has_template:
            return "", "", f"its `{target.name}` is written by template syntax"
        if value == "this":
            target = None
        elif value.startswith("#") and _PLAIN_ID.fullmatch(value[1:]):
            selector = value
        else:
            return "", "", f"its `{target.name}=\"{value}\"` is no `#id`"
    if target is None:
        node = element.parent
        while node is not None:
            inherited = _attr(node.tag, _TARGET)
            if inherited is not None:
                return "", "", f"it inherits the `{inherited.name}` of `<{node.tag.name}>`"
            node = node.parent
        if own_id is None or own_id.value_has_template or not _PLAIN_ID.fullmatch(own_id.value or ""):
            return "", "", ("it has no id (or one written by template syntax) for `hx-target` to name: give it one "
                            "and run hxmigrate again")
        selector = "#" + own_id.value
    node, swap = element, None
    while node is not None and swap is None:
        swap = _attr(node.tag, _SWAP)
        node = node.parent
    style = "innerHTML"
    if swap is not None:
        value = (swap.value or "").strip()
        if swap.value_has_template or value.lower() not in STYLES:
            return "", "", (f"its swap `{value}` is not a plain style that leaves the element in place "
                            "(innerHTML, beforeend, afterbegin, beforebegin, afterend)")
        style = STYLES[value.lower()]
    return selector, style, ""


def _read_page(text: str, flavor: str, rel: str, listeners: list[_Listener], blocked: dict[str, str]) -> None:
    view = MarkupView(text, flavor)

    def line(offset: int) -> int:
        return text.count("\n", 0, offset) + 1

    for m in _SSE_TRIGGER.finditer(text):
        blocked.setdefault(m.group(1), f"`sse:{m.group(1)}` in {rel}:{line(m.start())} listens to it")
    for m in _LISTENED.finditer(text):
        blocked.setdefault(m.group(1), f"a listener in {rel}:{line(m.start())} listens to it")
    stack = [(e, None, False) for e in reversed(view.elements)]
    while stack:
        element, route, connected = stack.pop()
        tag = element.tag
        for a in tag.attrs:
            hx_on = _HX_ON.match(a.name)
            if hx_on:
                blocked.setdefault(hx_on.group(1), f"`{a.name}` in {rel}:{line(a.start)} listens to it")
            elif a.lname in _CLOSE and a.value:
                blocked.setdefault(a.value.strip(), f"`{a.name}` in {rel}:{line(a.start)} closes the stream on it")
        connect = _attr(tag, _CONNECT)
        if connect is not None:
            connected = True
            route = None if connect.value_has_template or connect.name_has_template else route_of(connect.value)
        swap = _swap_attr(tag)
        if swap is not None and swap.value and not swap.value_has_template and not swap.name_has_template:
            names = [n.strip() for n in swap.value.split(",")]
            named = [n for n in dict.fromkeys(names) if n and n != UNNAMED]
            if named:
                target, style, why = _resolve(element)
                if not connected:
                    why = "no connection element around it in its template"
                elif UNNAMED in names:
                    why = "it also swaps unnamed messages"
                listeners.append(_Listener(f"{rel}:{line(swap.start)}", route, named, target, style, why))
        stack.extend((child, route, connected) for child in reversed(element.children))


# --- the decisions ----------------------------------------------------------------------------

def _selected(settings: "Settings") -> bool:
    def matches(code: str, prefixes) -> bool:
        return any(code.startswith(p.upper()) or p.upper() == "ALL" for p in prefixes)

    chosen = [c for c in RULES if settings.select is None or matches(c, settings.select)
              or matches(c, settings.extend_select)]
    return len(chosen) == len(RULES) and not any(matches(c, settings.ignore) for c in RULES)


def _ignored(settings: "Settings", rel: str, text: str) -> bool:
    """Whether either rule may not run on the file (per-file-ignores, a suppression comment)."""
    if "hxmigrate:" in text and re.search(r"hxmigrate:\s*ignore", text):
        return True
    for pattern, codes in (settings.per_file_ignores or {}).items():
        if (fnmatch(rel, pattern) or fnmatch(Path(rel).name, pattern)) and any(
                c.upper() == "ALL" or r.startswith(c.upper()) for c in codes for r in RULES):
            return True
    return False


def read(settings: "Settings", files: Iterable[Path]) -> SseStreams:
    root = Path(settings.root).resolve()

    def rel(path: Path) -> str:
        try:
            return path.resolve().relative_to(root).as_posix()
        except (OSError, ValueError, RuntimeError):
            return path.as_posix()

    servers: list[tuple[Path, str, PythonView, list]] = []
    routes: dict[str, str] = {}
    listeners: list[_Listener] = []
    blocked: dict[str, str] = {}
    involved: set[Path] = set()
    ignored: set[str] = set()  # files of either side where the rules do not both run
    default_style = ""  # where the project sets htmx 2's defaultSwapStyle (htmx 4's defaultSwap, once migrated)
    # the pages first: without an `sse-swap` of a named event the Python code is not read
    kinds = [(path, settings.kind_of(path)) for path in files]
    code_files: list[tuple[Path, str, str]] = []
    for path, kind in sorted(kinds, key=lambda item: item[1] == "python"):
        if kind not in ("python", "markup", *sse_code.KINDS) or (kind == "python" and not listeners):
            continue
        try:
            data = path.read_bytes()
        except OSError:
            continue
        if len(data) > 4 * 1024 * 1024 or b"\x00" in data[:8192]:
            continue
        text = data.decode("utf-8", "replace")
        if kind != "python" and not default_style and "defaultSwap" in text:
            default_style = rel(path)
        if kind in sse_code.KINDS and (kind == "go" or sse_code.hinted(text)):
            code_files.append((path, kind, text))  # a Go package's constants are read in every file
        if kind in ("go", "rust"):
            continue
        if kind == "python":
            routes.update(sse_python.routes_in(text))
            if not sse_python.hinted(text):
                continue
            try:
                view = PythonView(text)
                found = sse_python.endpoints(view)
            except Exception:  # an unreadable module streams nothing hxmigrate knows of
                continue
            if found:
                servers.append((path, rel(path), view, found))
        elif kind == "javascript":
            if "sse" in text or "EventSource" in text:
                for m in _LISTENED.finditer(text):
                    blocked.setdefault(m.group(1), f"a listener in {rel(path)} listens to it")
                for m in _SSE_TRIGGER.finditer(text):
                    blocked.setdefault(m.group(1), f"`sse:{m.group(1)}` in {rel(path)} listens to it")
            continue
        else:
            if "sse-" not in text and "hx-sse" not in text:
                continue
            count = len(listeners)
            try:
                _read_page(text, flavor_of(path), rel(path), listeners, blocked)
            except (RecursionError, ValueError):
                continue
            if len(listeners) == count and "sse-swap" not in text:
                continue
        try:
            involved.add(real_path(path))
        except (OSError, ValueError, RuntimeError):
            continue
        if _ignored(settings, rel(path), text):
            ignored.add(rel(path))
    code = sse_code.read(code_files, lambda p: rel(p))
    streams = SseStreams(files=frozenset(involved | {real_path(p) for p in code.files}), routes=routes,
                         listeners=tuple(listeners), blocked=dict(blocked), code=code)
    if not servers:
        return streams
    selected = _selected(settings)
    # every event each route sends
    by_route: dict[str, list[tuple[str, PythonView, object]]] = {}
    for path, where, view, found in servers:
        for endpoint in found:
            route = endpoint.route or routes.get(endpoint.function)
            if route is not None:
                by_route.setdefault(route, []).append((where, view, endpoint))
    for route, served in by_route.items():
        names = {s.name for _, _, e in served for s in e.sends if s.name and s.name != UNNAMED}
        for event in sorted(names):
            decision = _decide(route, event, served, listeners, blocked, selected, ignored)
            if decision.converted and default_style:
                decision = Decision(route, event, why=f"{default_style} sets htmx's default swap style, which the "
                                    "pages' swaps may rely on", servers=decision.servers)
            streams.decisions[(route, event)] = decision
    return streams


def _decide(route, event, served, listeners, blocked, selected, ignored) -> Decision:
    sends = [(where, view, s) for where, view, e in served for s in e.sends if s.name == event]
    at = tuple(dict.fromkeys(f"{where}:{view.line(s.node)}" for where, view, s in sends))

    def no(why: str) -> Decision:
        return Decision(route, event, why=why, servers=at)

    unknown = next((f"{where} {e.function}(): {e.unknown}" for where, _, e in served if e.unknown), None)
    if unknown:
        return no(f"hxmigrate does not read every message of this stream ({unknown})")
    safe = True
    for where, view, s in sends:
        why = sse_python.unnamed_edits(view, s, "#x", "innerHTML")
        if isinstance(why, str):
            return no(f"the message at {where}:{view.line(s.node)} cannot be rewritten: {why}")
        whole, oob = s.data_visible(view)
        if oob:
            return no(f"its data at {where}:{view.line(s.node)} holds an out-of-band element, which 2.x swapped out of "
                      "band and an `<hx-partial>` would insert as it is")
        safe = safe and whole
    if event in blocked:
        return no(blocked[event] + ", so it must stay a named event")
    unread = next((li for li in listeners if event in li.events and li.route is None), None)
    if unread is not None:
        return no(f"the `sse-swap` at {unread.where} listens to it on a connection whose URL hxmigrate cannot read")
    here = [li for li in listeners if li.route == route and event in li.events]
    if not here:
        return no(f"no page of this run swaps it from `{route}` with `sse-swap`")
    pages = {li.where.rsplit(":", 1)[0] for li in here}
    for page in pages:
        if sum(1 for li in here if li.where.rsplit(":", 1)[0] == page) > 1:
            return no(f"several elements of {page} swap it (one `<hx-partial>` per element would be needed)")
    for li in here:
        if li.why:
            return no(f"the `sse-swap` at {li.where} does not swap it exactly as an `<hx-partial>` would: {li.why}")
    if len({(li.target, li.swap) for li in here}) > 1:
        return no("the pages swap it into different elements or ways: " + ", ".join(
            f"{li.where} ({li.target}, {li.swap})" for li in here))
    if not selected:
        return no("SE201 and SE103 do not both run (--select/--ignore): the server and the pages change together")
    left_out = sorted({w.rsplit(":", 1)[0] for w in at} | pages & ignored)
    left_out = [w for w in left_out if w in ignored]
    if left_out:
        return no(f"SE201 or SE103 is ignored or suppressed in {', '.join(left_out)}: the server and the pages change "
                  "together")
    return Decision(route, event, here[0].target, here[0].swap, safe, "", at)
