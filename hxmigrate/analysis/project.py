"""Facts about the whole project that single files cannot tell: which templates are
WebSocket messages, and whether htmx's implicit inheritance is on."""

from __future__ import annotations

import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Protocol

from ..files import collect
from ..paths import SERVER_SUFFIXES, glob_match, real_path
from ..syntax.markers import has_marker, server_sends
from .script_urls import (
    core_majors,
    dependency_majors,
    dependency_majors_any,
    htmx_majors,
    vendored_major,
)

if TYPE_CHECKING:
    from ..config import Settings
    from .server.model import SentString
    from .server.python import PythonFacts
    from .sse_streams import SseStreams

def _discovery():
    """Discovery, imported when the project read first needs it: a run over templates of a
    project without server code or project file never does."""
    from . import discovery

    return discovery


def _server():
    """The server front-ends (see ``_discovery``)."""
    from . import server

    return server


def _sse():
    """The SSE streams of both sides (see ``_discovery``): a project without SSE rules never reads them."""
    from . import sse_streams

    return sse_streams


class TemplateFile(Protocol):
    """What the project reads of a file to tell whether it is a message template (a
    ``SourceFile`` is one)."""

    kind: str
    text: str
    abspath: Path


_META_CONFIG = re.compile(r"<meta\b[^>]*\bhtmx-config\b[^>]*>", re.I)
_IMPLICIT = re.compile(r"""["']?implicitInheritance["']?\s*[:=]\s*true""")
_DISABLED = re.compile(r"""["']?disableInheritance["']?\s*[:=]\s*true""")
# What sse_streams.read looks for in Rust and JavaScript (sse_code.hinted, and a listener of an
# SSE event), or more.
_SSE_HINT = re.compile(rb"(?i)sse|event:|event-?stream|eventsource")


_USE_NOTES = {"page": "", "tag": " (an inclusion tag)", "import": " (its macros imported)", "http": " (an HTTP response)",
              "message": " (inside a part of a message)"}


# The facts a rule may read of the project (the attributes of Project it declares in its
# FACTS), and those that only discovery, reading the server code, computes: without a rule
# that reads one of these, the project read leaves discovery out.
FACTS = frozenset({
    "discovered", "template_uses", "message_uses", "uses_discovered", "python_facts", "server_senders",
    "implicit_inheritance", "meta_config_keys", "core_majors", "read", "unread_senders", "messages_declared",
    "ws_used", "sent_strings", "receiving", "message_parts",
    "jsx_configs", "htmx_majors", "inheritance_disabled", "sse_streams",
})
DISCOVERY_FACTS = frozenset({"discovered", "template_uses", "message_uses", "uses_discovered", "python_facts",
                             "server_senders", "unread_senders", "sent_strings", "receiving", "message_parts"})
# File kinds whose WebSocket sends no front-end reads: a send found there is unread.
_UNREAD_KINDS = ("other",)


@dataclass(frozen=True)
class OtherUse:
    """A place where a message template is also used outside WebSocket messages."""

    kind: str  # "page" (included by a page), "tag" (a Django inclusion tag), "import" (its macros
    # imported), "http" (rendered for an HTTP response), "message" (inside an element of a message)
    where: str  # "path:line", relative to the project root


@dataclass(frozen=True)
class FirstUse:
    """The first use of a message template outside messages: where WS206 reports it."""

    name: str  # the template's name as written there
    occurrence: int  # which of that file's uses of the name (0 for the first)
    kind: str  # as in OtherUse
    message: str  # the message template, relative to the project root
    others: tuple[str, ...]  # its other uses, "path:line (note)"
    line: int = 0  # where it is, in that file


@dataclass(frozen=True)
class UnreadSend:
    """A WebSocket send in server code hxmigrate does not analyse for messages."""

    path: str  # relative to the project root
    line: int
    call: str  # as written: "WriteMessage", "send"
    why: str = ""  # what stopped the front-end that read it, when that is worth saying


class Project:
    def __init__(self, settings: "Settings", discovered: dict[Path, str] | None = None, implicit_inheritance: bool = False,
                 meta_config_keys: set[str] | None = None,
                 template_uses: dict[Path, list[FirstUse]] | None = None,
                 core_majors: frozenset[int] = frozenset(),
                 message_uses: dict[Path, tuple[OtherUse, ...]] | None = None, read: bool = False,
                 unread_senders: tuple[UnreadSend, ...] = (), server_senders: int = 0,
                 messages_declared: bool = False, python_facts: "PythonFacts | None" = None,
                 ws_used: bool = False, sent_strings: "dict[Path, list[SentString]] | None" = None,
                 receiving: "dict[Path, dict[str, str]] | None" = None,
                 jsx_configs: "dict[Path, tuple[tuple[Path, str], ...]] | None" = None,
                 message_parts: "dict[Path, frozenset[str]] | None" = None,
                 htmx_majors: frozenset[int] = frozenset(), inheritance_disabled: bool = False,
                 sse_streams: "SseStreams | None" = None) -> None:
        self.settings = settings
        self.discovered = discovered or {}  # absolute path -> reason
        # Message templates also used outside a WebSocket message (WS206), each reported once,
        # in the file of its first use: {absolute path of that file: [its first uses there]}.
        self.template_uses = template_uses or {}
        # The same uses by message template, for its rewrite (WS201 keeps the elements of a
        # template used outside messages in place): {absolute path of the message template:
        # its uses}.
        self.message_uses = message_uses or {}
        # Whether discovery read the project (Project.build); without it WS206 goes by the
        # ws-message-templates setting alone, one file at a time.
        self.uses_discovered = template_uses is not None
        self.implicit_inheritance = implicit_inheritance
        # htmx 2's `disableInheritance: true` set somewhere (a meta, a script): the pages that
        # load it inherited nothing but what `hx-inherit` names.
        self.inheritance_disabled = inheritance_disabled
        # 2.x settings that a <meta name="htmx-config"> sets somewhere in the project: htmx 2
        # applied the meta tag last, so script assignments of these had no effect.
        self.meta_config_keys = meta_config_keys or set()
        # The majors of the htmx cores (1, 2) that the project's pages load from a CDN or its
        # package.json depends on: htmx 1.x read `hx-ws` itself, 2.x left it to the extension.
        self.core_majors = core_majors
        # The majors of every htmx core the project loads (1, 2, 4...): from CDN URLs in its
        # pages, its package.json, and copies of htmx in its static folders. The HX rules
        # tell by it which htmx a page without a script tag of its own is written for.
        self.htmx_majors = htmx_majors
        # Whether the project's files were read (Project.build); a bare project knows nothing
        # of the server, and says nothing about it.
        self.read = read
        # WebSocket sends in server code hxmigrate does not analyse for messages (C#, Java...),
        # and those whose message a front-end could not trace.
        self.unread_senders = unread_senders
        # Server files read (by a front-end of analysis/server/) that send or receive over a WebSocket.
        self.server_senders = server_senders
        # Message templates named by ws-message-templates or a marker comment.
        self.messages_declared = messages_declared
        # Whether the project's pages or scripts use htmx WebSockets (2.x or 4.x names).
        self.ws_used = ws_used
        # What the server code of the whole project tells the rules of one module: senders
        # and Channels handlers defined elsewhere, functions whose return value another
        # module sends, functions another module hands received data to.
        self._python_facts = python_facts
        # The string expressions of each file of server code (Go, Rust...) that its
        # front-end traced into a WebSocket send: the message rules rewrite them.
        self.sent_strings = sent_strings or {}
        # Files of server code (Go, Rust...) that belong to code receiving WebSocket data:
        # the types declared there may be what a message is read into. For each, what its
        # front-end says of that code ({"": where it receives, "encodes": where it writes JSON}).
        self.receiving = receiving or {}
        # Message templates of which the server sends only some parts: the templ components
        # it renders and sends, by file (the file's other components are pages).
        self.message_parts = message_parts or {}
        # For each folder with JSX that may hold 2.x attributes: the files that tell how its JSX
        # is compiled and rendered (see _jsx_configs), nearest first.
        self.jsx_configs = jsx_configs or {}
        # The named SSE events of the Python servers and of the pages that swap them: which
        # SE201 sends as <hx-partial> messages and SE103 removes the `sse-swap` of.
        self._sse_streams = sse_streams
        # What the project read could not read, and why: (path, message), reported by the run.
        self.read_errors: list[tuple[str, str]] = []

    @property
    def python_facts(self) -> "PythonFacts":
        if self._python_facts is None:
            return _server().load("python").NO_FACTS
        return self._python_facts

    @property
    def sse_streams(self) -> "SseStreams":
        return self._sse_streams if self._sse_streams is not None else _sse().NO_STREAMS

    @classmethod
    def quick_facts(cls, settings: "Settings", files: Iterable[Path]) -> dict:
        """The facts that one read of the files' bytes tells, with no parser and no server
        code (``_Scan.facts``): a run reads them before its workers start, so that the result
        of no file waits on them (see ``Provisional``)."""
        root = Path(settings.root).resolve()
        return _scan(settings, list(files), root, wants_jsx=True, needs_discovery=False, scan_markup=False).facts(settings)

    @classmethod
    def build(cls, settings: "Settings", files: Iterable[Path], facts: "Iterable[str] | None" = None) -> "Project":
        """The project's facts, read from ``files`` (and, with a [tool.hxmigrate] table, the
        rest of the project root); ``facts``: the names of those the selected rules read
        (None: all of them)."""
        files = list(files)
        needs_discovery = facts is None or not DISCOVERY_FACTS.isdisjoint(facts)
        wants_jsx = facts is None or "jsx_configs" in facts
        wants_sse = facts is None or "sse_streams" in facts
        discovered: dict[Path, str] = {}
        uses: dict[Path, list[FirstUse]] | None = None
        by_message: dict[Path, tuple[OtherUse, ...]] = {}
        facts = None
        certain = needs_discovery and cls.discovery_certain(settings, files)
        root = Path(settings.root).resolve()
        scan = _scan(settings, files, root, wants_jsx=wants_jsx, needs_discovery=needs_discovery, scan_markup=certain)
        # Without server code, a project file or a marker comment nothing can be a message
        # template, so discovery can be skipped: a pre-commit run over a few templates
        # starts fast.
        unread = scan.unread + _sends_elsewhere(settings, files, root)
        known = dict(read=True, unread_senders=tuple(unread), **scan.facts(settings))
        if wants_sse and scan.sse:
            known["sse_streams"] = _sse().read(settings, files)
        if not (certain or ((scan.marked or scan.js_server) and needs_discovery)):
            return cls(settings, discovered, template_uses=uses, **known)
        found = _discovery().discover_project(files, settings, scan.scanned)
        discovered = found.messages
        facts = found.facts.get("python")
        strings: dict[Path, list] = {}
        receiving: dict[Path, dict[str, str]] = {}
        for language, server_facts in found.facts.items():
            for path, sent in server_facts.strings.items():
                strings.setdefault(path, []).extend(sent)
            if language != "python":  # Python's are by function (python_facts)
                for path, where in server_facts.receives.items():
                    receiving.setdefault(path, where)
        uses = {}

        def rel(p: Path) -> str:
            try:
                return p.relative_to(root).as_posix()
            except ValueError:
                return p.as_posix()

        for message, found_uses in found.uses.items():
            first, rest = found_uses[0], found_uses[1:]
            others = tuple(dict.fromkeys(f"{rel(u.file)}:{u.line}{_USE_NOTES[u.kind]}" for u in rest))
            uses.setdefault(first.file, []).append(FirstUse(first.name, first.occurrence, first.kind, rel(message), others,
                                                      first.line))
            by_message[message] = tuple(dict.fromkeys(OtherUse(u.kind, f"{rel(u.file)}:{u.line}") for u in found_uses))
        known["unread_senders"] += tuple(UnreadSend(rel(u.path), u.line, u.call, u.why) for u in found.untraced)
        project = cls(settings, discovered, template_uses=uses, message_uses=by_message, server_senders=found.senders, python_facts=facts, sent_strings=strings,
                      receiving=receiving, message_parts=found.parts, **known)
        project.read_errors = [(str(path), why) for path, why in found.errors]
        return project

    @staticmethod
    def discovery_certain(settings: "Settings", files: "Iterable[Path]") -> bool:
        """Whether discovery runs whatever the files hold: with server code, a project
        file or ws-message-templates (otherwise only a marker comment makes it run)."""
        return (settings.config_file is not None or bool(settings.ws_message_templates)
                or any(p.suffix.lower() in SERVER_SUFFIXES for p in files))

    def message_template_reason(self, file: TemplateFile) -> str | None:
        if file.kind != "markup":
            return None
        if has_marker(file.text):
            return "marked with a 'hxmigrate: ws-message' comment"
        path = file.abspath
        try:
            rel = path.relative_to(self.settings.root).as_posix()
        except ValueError:
            rel = path.as_posix()
        if self.settings.ws_message_templates:
            for pattern in self.settings.ws_message_templates:
                if glob_match(rel, pattern):
                    return f"matches ws-message-templates pattern {pattern!r}"
        return self.discovered.get(path)


# Words without which no file is server-side WebSocket code (see markers.SERVER_HINT).
_SERVER_WORDS = ("ocket", "tungstenite", "::ws", "_ws", '"ws"', "'ws'", "express-ws", "expressWs", "Bun.serve",
                 "Phoenix", "Cable", "Ratchet", "WebSock", "Oxygen")


@dataclass
class _Scan:
    """What one read of the project's files (bytes first, text where a test needs it) tells."""

    implicit: bool = False
    disabled: bool = False
    marked: bool = False  # a marker comment names a message template
    meta_keys: set = field(default_factory=set)
    majors: set = field(default_factory=set)  # htmx cores (1, 2) loaded from CDNs or package.json
    every_major: set = field(default_factory=set)  # every htmx core loaded, copies included
    ws_used: bool = False
    jsx_folders: set = field(default_factory=set)
    js_server: bool = False  # a script serves WebSockets: the JavaScript front-end reads it
    # Something the SSE streams read may find (sse_streams.read): a page with `sse-` or
    # `hx-sse`, a Go file, a Rust or JavaScript file with a hint of SSE. Without one, that read
    # finds nothing and is not made.
    sse: bool = False
    # What discovery needs of each template, read here with everything else, when it is sure
    # to run (otherwise only a marker comment makes it run, and it reads the templates itself).
    scanned: "dict[Path, tuple[bool, list]] | None" = None
    unread: list = field(default_factory=list)

    def facts(self, settings: "Settings") -> dict:
        """The project's facts this read tells, by their names in Project."""
        return {"implicit_inheritance": self.implicit, "inheritance_disabled": self.disabled,
                "meta_config_keys": self.meta_keys, "core_majors": frozenset(self.majors),
                "htmx_majors": frozenset(self.every_major), "ws_used": self.ws_used,
                "messages_declared": self.marked or bool(settings.ws_message_templates),
                "jsx_configs": _jsx_configs(self.jsx_folders)}


def _scan(settings: "Settings", files: list[Path], root: Path, wants_jsx: bool, needs_discovery: bool,
          scan_markup: bool) -> _Scan:
    found = _Scan(scanned={} if scan_markup else None)
    scanned = found.scanned
    for path in files:
        if path.suffix.lower() == ".py":
            continue
        kind = settings.kind_of(path)
        if kind in (None, "doc"):
            continue
        try:
            st = path.stat()
            # Only regular files: a FIFO or device named like a template would block.
            if not stat.S_ISREG(st.st_mode) or st.st_size > 8 * 1024 * 1024:
                continue
            data = path.read_bytes()
        except OSError:
            continue
        text = None

        def decoded() -> str:  # the file's text, decoded once, when a test first needs it
            nonlocal text
            if text is None:
                text = data.decode("utf-8", "replace")
            return text

        if b"implicitInheritance" in data and _IMPLICIT.search(decoded()):
            found.implicit = True
        elif b"htmx-2-compat" in data:  # htmx 4's compatibility extension turns it on
            found.implicit = True
        if b"disableInheritance" in data and _DISABLED.search(decoded()):
            found.disabled = True
        found.marked = found.marked or (b"hxmigrate" in data and b"ws-message" in data)
        if scanned is not None and kind == "markup":
            try:
                scanned[real_path(path)] = _discovery().scan_markup(decoded())
            except (OSError, ValueError, RuntimeError):  # RecursionError too: the file's own read reports it
                pass
        if b"htmx.org" in data or b"/htmx/" in data:
            try:
                if path.name == "package.json":
                    found.majors |= dependency_majors(decoded())
                    found.every_major |= dependency_majors_any(decoded())
                elif kind == "markup":
                    found.majors |= core_majors(decoded())
                    found.every_major |= htmx_majors(decoded())
            except RecursionError:  # JSON nested too deeply: the file's own read reports it
                pass
        if kind == "javascript" and path.name.lower().startswith("htmx") and b"version" in data[:16384]:
            if (vendored := vendored_major(data[:16384].decode("utf-8", "replace"))) is not None:
                found.every_major.add(vendored)
        if (not found.js_server and needs_discovery and kind == "javascript" and (b".send" in data or b"publish" in data)
                and _server().load("javascript").serves(decoded())):
            found.js_server = True
        if not found.sse and (kind == "go" or (kind == "markup" and (b"sse-" in data or b"hx-sse" in data))
                              or (kind in ("rust", "javascript") and _SSE_HINT.search(data))):
            found.sse = True
        if not found.ws_used and kind in ("markup", "javascript") and (b"ws-connect" in data or b"hx-ws" in data):
            found.ws_used = True
        if wants_jsx and kind == "javascript" and b"<" in data and (
                path.suffix.lower() in _JSX_SUFFIXES or any(w in data for w in _JSX_WORDS)):
            found.jsx_folders.add(real_path(path).parent)
        if kind in _UNREAD_KINDS and b"\x00" not in data[:8192]:
            found.unread.extend(_sends_in(decoded(), path, root))
        if b"htmx-config" in data and b"ws" in data:
            for tag in _META_CONFIG.findall(decoded()):
                # Before the migration the meta tag names wsReconnectDelay, after it the
                # translated reconnectDelay: either way it wins over the 2.x script setting.
                if "wsReconnectDelay" in tag or "reconnectDelay" in tag:
                    found.meta_keys.add("wsReconnectDelay")
    return found


def _sends_elsewhere(settings: "Settings", files: list[Path], root: Path) -> list[UnreadSend]:
    """WebSocket sends in server code of the project that the run was not given (pre-commit
    passes only the changed files), when a [tool.hxmigrate] table marks the project root."""
    if settings.config_file is None or not any(settings.kind_of(p) == "markup" for p in files):
        return []
    given = set()
    for p in files:
        try:
            given.add(real_path(p))
        except (OSError, ValueError, RuntimeError):
            continue

    found: list[UnreadSend] = []
    try:
        walked = collect([root], list(settings.exclude) + list(settings.extend_exclude), root).files
    except OSError:
        return []
    for path in walked:
        if settings.kind_of(path) not in _UNREAD_KINDS or real_path(path) in given:
            continue
        try:
            data = path.read_bytes()
        except OSError:
            continue
        if b"\x00" in data[:8192] or len(data) > 8 * 1024 * 1024:
            continue
        found.extend(_sends_in(data.decode("utf-8", "replace"), path, root))
    return found


def _sends_in(text: str, path: Path, root: Path) -> list[UnreadSend]:
    """WebSocket sends in a file of server code hxmigrate does not analyse for messages."""
    if not any(h in text for h in _SERVER_WORDS):
        return []
    found = server_sends(text)
    if not found:
        return []
    try:
        rel = path.resolve().relative_to(root).as_posix()
    except (OSError, ValueError, RuntimeError):
        rel = path.as_posix()
    sites: dict[int, UnreadSend] = {}
    for offset, call in found:  # one per line
        line = text.count("\n", 0, offset) + 1
        sites.setdefault(line, UnreadSend(rel, line, call.lstrip(".")))
    return list(sites.values())


# The 2.x attributes WS312 rewrites in JSX (a .jsx or .tsx file may also hold a message the
# WS2xx rules rewrite), and the files that tell how JSX is compiled and rendered: TypeScript's,
# Deno's and package.json files (with the tsconfig files they extend), and the config files of
# Babel and SWC, which compile JSX their own way (listed with no text).
_JSX_WORDS = (b"ws-connect", b"ws-send", b"hx-ws", b"hx-ext", b"hx-on-")
_JSX_SUFFIXES = (".jsx", ".tsx")
_JSX_CONFIGS = ("tsconfig.json", "jsconfig.json", "deno.json", "deno.jsonc", "package.json")
_JSX_COMPILERS = (".babelrc", ".babelrc.json", ".babelrc.js", ".babelrc.cjs", ".babelrc.mjs", "babel.config.json",
                  "babel.config.js", "babel.config.cjs", "babel.config.mjs", "babel.config.cts", "babel.config.ts",
                  ".swcrc")
_EXTENDS = re.compile(r'"extends"\s*:\s*(\[[^\]]*\]|"[^"]*")')


def _jsx_configs(folders: set[Path]) -> dict[Path, tuple[tuple[Path, str], ...]]:
    """For each folder: the config files in it and in each folder above it up to the
    repository root (the first with `.git`), nearest first, each followed by the files it
    extends by a relative path."""
    texts: dict[Path, str | None] = {}
    own: dict[Path, list[tuple[Path, str]]] = {}

    def text(path: Path) -> str | None:
        if path not in texts:
            try:
                small = path.is_file() and path.stat().st_size < 1 << 20
                texts[path] = path.read_text("utf-8", "replace") if small else None
            except OSError:
                texts[path] = None
        return texts[path]

    def listed(folder: Path) -> list[tuple[Path, str]]:
        if folder not in own:
            found: list[tuple[Path, str]] = []
            todo = [folder / name for name in _JSX_CONFIGS]
            while todo and len(found) < 16:
                path = todo.pop(0)
                content = text(path)
                if content is None or any(p == path for p, _ in found):
                    continue
                found.append((path, content))
                if path.name != "package.json":
                    bases = [path.parent / b for m in _EXTENDS.finditer(content)
                             for b in re.findall(r'"(\.[^"]*)"', m.group(1))]
                    todo[:0] = [b if b.suffix == ".json" else b.with_name(b.name + ".json") for b in bases]
            found.extend((folder / name, "") for name in _JSX_COMPILERS if (folder / name).is_file())
            own[folder] = found
        return own[folder]

    out = {}
    for folder in folders:
        found = []
        for above in (folder, *folder.parents):
            found.extend(listed(above))
            if (above / ".git").exists():
                break
        out[folder] = tuple(found)
    return out


class Provisional:
    """The project as a file sees it before the project was read: the facts only the
    whole project can tell are at their defaults, and each one a file asks for is noted
    in ``asked``. A file's result computed with it is the real one when the project
    built later gives the same answers to what the file asked (``same_answers``)."""

    def __init__(self, settings: "Settings", uses_discovered: bool, known: "dict | None" = None) -> None:
        self.settings = settings
        self._uses_discovered = uses_discovered
        # Facts read already (Project.quick_facts), by name: their answers are the project's.
        self._known = known or {}
        self.asked: set[str] = set()

    @property
    def discovered(self) -> dict[Path, str]:
        self.asked.add("discovered")
        return {}

    @property
    def implicit_inheritance(self) -> bool:
        self.asked.add("implicit_inheritance")
        return self._known.get("implicit_inheritance", False)

    @property
    def meta_config_keys(self) -> set[str]:
        self.asked.add("meta_config_keys")
        return self._known.get("meta_config_keys", set())

    @property
    def inheritance_disabled(self) -> bool:
        self.asked.add("inheritance_disabled")
        return self._known.get("inheritance_disabled", False)

    @property
    def core_majors(self) -> frozenset[int]:
        self.asked.add("core_majors")
        return self._known.get("core_majors", frozenset())

    @property
    def htmx_majors(self) -> frozenset[int]:
        self.asked.add("htmx_majors")
        return self._known.get("htmx_majors", frozenset())

    @property
    def uses_discovered(self) -> bool:
        self.asked.add("uses_discovered")
        return self._uses_discovered

    @property
    def template_uses(self) -> dict:
        self.asked.add("template_uses")
        return {}

    @property
    def read(self) -> bool:
        return True  # the project is read, later

    @property
    def unread_senders(self) -> tuple:
        self.asked.add("unread_senders")
        return ()

    @property
    def server_senders(self) -> int:
        self.asked.add("server_senders")
        return 0

    @property
    def messages_declared(self) -> bool:
        self.asked.add("messages_declared")
        return self._known.get("messages_declared", False)

    @property
    def ws_used(self) -> bool:
        self.asked.add("ws_used")
        return self._known.get("ws_used", False)

    @property
    def message_uses(self) -> dict:
        self.asked.add("message_uses")
        return {}

    @property
    def sent_strings(self) -> dict:
        self.asked.add("sent_strings")
        return {}

    @property
    def receiving(self) -> dict:
        self.asked.add("receiving")
        return {}

    @property
    def message_parts(self) -> dict:
        self.asked.add("message_parts")
        return {}

    @property
    def python_facts(self) -> "PythonFacts":
        self.asked.add("python_facts")
        return _server().load("python").NO_FACTS

    @property
    def jsx_configs(self) -> dict:
        self.asked.add("jsx_configs")
        return self._known.get("jsx_configs", {})

    @property
    def sse_streams(self) -> "SseStreams":
        self.asked.add("sse_streams")
        return _sse().NO_STREAMS

    message_template_reason = Project.message_template_reason

    def same_answers(self, asked: "Iterable[str]", abspath: Path, project: Project) -> bool:
        """Whether ``project`` answers what a file at ``abspath`` asked as this one did."""
        known = self._known
        for fact in asked:
            if fact in known:
                if fact == "jsx_configs":
                    if project.jsx_configs.get(abspath.parent) != known[fact].get(abspath.parent):
                        return False
                elif getattr(project, fact) != known[fact]:
                    return False
                continue
            if fact == "discovered" and abspath in project.discovered:
                return False
            if fact == "implicit_inheritance" and project.implicit_inheritance:
                return False
            if fact == "inheritance_disabled" and project.inheritance_disabled:
                return False
            if fact == "meta_config_keys" and project.meta_config_keys:
                return False
            if fact == "core_majors" and project.core_majors:
                return False
            if fact == "htmx_majors" and project.htmx_majors:
                return False
            if fact == "uses_discovered" and project.uses_discovered != self._uses_discovered:
                return False
            if fact == "unread_senders" and project.unread_senders:
                return False
            if fact == "server_senders" and project.server_senders:
                return False
            if fact == "messages_declared" and project.messages_declared:
                return False
            if fact == "ws_used" and project.ws_used:
                return False
            if fact == "jsx_configs" and project.jsx_configs.get(abspath.parent):
                return False
            # An empty table and a table without this file give a file the same answer.
            if fact == "template_uses" and project.template_uses.get(abspath):
                return False
            if fact == "message_uses" and project.message_uses.get(abspath):
                return False
            if fact == "sent_strings" and project.sent_strings.get(abspath):
                return False
            if fact == "receiving" and abspath in project.receiving:
                return False
            if fact == "message_parts" and abspath in project.message_parts:
                return False
            if fact == "python_facts" and project.python_facts.concerns(abspath):
                return False
            if fact == "sse_streams" and project.sse_streams.concerns(abspath):
                return False
        return True
