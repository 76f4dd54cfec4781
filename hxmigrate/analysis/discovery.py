"""Which templates are WebSocket messages, and where else each is used.

A template is a message when server code renders it and sends it over a WebSocket (the
front-ends of ``analysis/server/``, one per language the project has files of, say which
names and why), when
``ws-message-templates`` names it or a marker comment marks it, or when it is included at
the top level of a message template.

Discovery also records where a message template is used outside a WebSocket message (an
include in a page, an HTTP response rendered by server code): the rewrite puts its
``<hx-partial>`` wrappers there too (WS206).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

from ..files import collect
from ..paths import glob_match, real_path
from ..syntax.markers import has_marker
from .server import front_ends
from .server.model import RenderSite, ServerFacts, Untraced
from .templates import import_sites, include_sites, top_level_includes, top_level_starts

if TYPE_CHECKING:
    from ..config import Settings


# --- the project ---------------------------------------------------------------------------

class _Project:
    def __init__(self, files: list[Path], settings: "Settings") -> None:
        kind_of = settings.kind_of
        self.settings = settings
        self.root = Path(settings.root).resolve()
        self.errors: list[tuple[Path, str]] = []  # what could not be read, and why
        self._unresolved: set[Path] = set()
        paths = {self._resolve_file(p) for p in files}
        # With a project root, its server code decides which of the given templates are
        # messages, whether or not the run was given that code (pre-commit passes only
        # the changed files). Without templates to decide about there is nothing to find.
        if (settings.config_file is not None and any(kind_of(p) == "markup" for p in paths)
                and not any(self.root == p or p in self.root.parents for p in paths)):
            paths |= self._walk()
        self.paths = paths
        self.markup = sorted(p for p in paths if kind_of(p) == "markup")
        self.dirs: list[Path] = []
        seen = set()
        for d in settings.template_dirs:
            self._add_dir(self.root / d, seen)
        walked: set[Path] = set()
        for p in self.markup:
            for parent in p.parents:
                if parent in walked:
                    break  # this folder and those above it are done
                walked.add(parent)
                if parent.name == "templates":
                    self._add_dir(parent, seen)
                if parent == self.root or parent == parent.parent:
                    break
        self._seen_dirs = seen
        self._markup_posix: list[str] | None = None

    def _walk(self) -> set[Path]:
        try:
            found = collect([self.root], list(self.settings.exclude) + list(self.settings.extend_exclude), self.root)
        except OSError as exc:
            self.errors.append((self.root, f"cannot list: {exc.strerror or exc}"))
            return set()
        self.errors.extend((p, reason) for p, reason in found.skipped if reason.startswith("cannot"))
        return {self._resolve_file(p) for p in found.files}

    def _resolve_file(self, p: Path) -> Path:
        """``_resolve(p)`` for a file: its folder is resolved once for all the files in it."""
        try:
            return real_path(p)
        except (OSError, ValueError, RuntimeError):
            return self._resolve(p)

    @staticmethod
    def _resolve(p: Path) -> Path:
        try:
            return Path(p).resolve()
        except OSError:
            return Path(p).absolute()

    def _add_dir(self, d: Path, seen: set) -> None:
        d = self._resolve(d)
        if d in seen:
            return
        try:
            if not d.is_dir():
                return
        except OSError as exc:  # a folder on the way cannot be searched, or the name is too long
            seen.add(d)
            self.errors.append((d, f"cannot look up template folder: {exc.strerror or exc}"))
            return
        seen.add(d)
        self.dirs.append(d)

    def files(self, suffixes: Iterable[str]) -> list[Path]:
        suffixes = tuple(suffixes)
        return sorted(p for p in self.paths if p.suffix.lower() in suffixes)

    def add_template_dir(self, path: Path) -> None:
        self._add_dir(path, self._seen_dirs)

    def cannot_read(self, path: Path, why: str) -> None:
        self.errors.append((path, why))

    def rel(self, p: Path) -> str:
        try:
            return p.relative_to(self.root).as_posix()
        except ValueError:
            return p.as_posix()

    def resolve_template(self, name: str, near: Path | None = None) -> list[Path]:
        name = name.strip()
        if not name or name.startswith("/") or "://" in name:
            return []
        found = []
        bases = list(self.dirs)
        if near is not None:
            bases.append(near)
        for base in bases:
            candidate = base / name
            try:
                if candidate.is_file():
                    found.append(self._resolve(candidate))
            except (OSError, ValueError) as exc:  # a name over 255 bytes, a folder that cannot be searched
                if candidate not in self._unresolved:
                    self._unresolved.add(candidate)
                    why = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
                    self.errors.append((candidate, f"cannot look up template: {why}"))
        if not found:
            suffix = "/" + name
            if self._markup_posix is None:
                self._markup_posix = [p.as_posix() for p in self.markup]
            found = [p for p, posix in zip(self.markup, self._markup_posix) if posix.endswith(suffix)]
        return list(dict.fromkeys(found))


@dataclass(frozen=True)
class Use:
    """A place where a message template is used outside a WebSocket message."""

    message: Path
    file: Path  # the template or Python module that uses it
    line: int
    name: str  # the template name as written there
    occurrence: int  # which of the file's uses of that name (0 for the first)
    kind: str  # "page": included by a template that is no message; "import": macros imported from it;
    # "tag": rendered by a Django inclusion tag; "message": included inside an element of a message
    # template; "http": rendered for an HTTP response


@dataclass
class Discovery:
    messages: dict[Path, str]  # absolute path of a message template -> why it is one
    uses: dict[Path, list[Use]] = field(default_factory=dict)  # message template -> its other uses
    facts: dict[str, ServerFacts] = field(default_factory=dict)  # language -> its front-end's facts for the rules
    senders: int = 0  # server files read that serve WebSockets (send or receive)
    untraced: list[Untraced] = field(default_factory=list)  # sends whose message could not be traced
    # message templates of which only some parts are sent (templ components): path -> their names
    parts: dict[Path, frozenset[str]] = field(default_factory=dict)
    errors: list[tuple[Path, str]] = field(default_factory=list)  # what could not be read, and why


def discover(files: Iterable[Path], settings: "Settings") -> dict[Path, str]:
    """{absolute path of a message template: why it is one}."""
    return discover_project(files, settings).messages


def discover_project(files: Iterable[Path], settings: "Settings",
                     scanned: "dict[Path, tuple[bool, list[tuple[int, int, str]]]] | None" = None) -> Discovery:
    """The message templates, and where each is also used outside a WebSocket message.

    ``scanned`` holds what ``scan_markup`` found in templates already read (by their
    real paths), so they are not read again."""
    project = _Project(list(files), settings)
    result: dict[Path, str] = {}
    renders: dict[Path, list[RenderSite]] = {}
    facts: dict[str, ServerFacts] = {}
    senders = 0
    untraced: list[Untraced] = []
    parts: dict[Path, frozenset[str] | None] = {}  # message template -> the parts sent (None: all of it)
    for front_end in front_ends({p.suffix.lower() for p in project.paths}):
        found = front_end.read(project)
        facts[found.language] = found.facts
        senders += len(found.serving)
        untraced.extend(found.untraced)
        renders.update(found.renders)
        for sent in found.sent:
            targets = project.resolve_template(sent.name)
            if not targets and sent.site is not None:
                # Sent, but no template file has that name: its messages are not rewritten.
                untraced.append(replace(sent.site, why=f"the template {sent.name!r} is no file hxmigrate found (a "
                                                       "{{define}} block, or a folder it does not read)"))
            for target in targets:
                result.setdefault(target, sent.reason)
                if sent.part and parts.get(target, frozenset()) is not None:
                    parts[target] = parts.get(target, frozenset()) | {sent.part}
                else:
                    parts[target] = None  # sent whole

    # Templates named in the settings or marked in the file, then top-level includes.
    seeds = list(result)
    markers: set[Path] = set()
    includes: dict[Path, list[tuple[int, int, str]]] = {}
    for path in project.markup:
        found = scanned.get(path) if scanned is not None else None
        if found is None:
            text = _read_markup(path, project.errors)
            if text is None:
                continue
            found = scan_markup(text)
        marked, sites = found
        rel = project.rel(path)
        for pattern in settings.ws_message_templates:
            if glob_match(rel, pattern):
                result.setdefault(path, f"matches ws-message-templates pattern {pattern!r}")
                seeds.append(path)
                break
        else:
            if marked:
                seeds.append(path)
                markers.add(path)
        if sites:
            includes[path] = sites
    _add_includes(project, seeds, result)
    messages = set(result) | markers
    return Discovery(result, _uses(project, messages, includes, renders), facts=facts, senders=senders,
                     untraced=untraced, errors=project.errors,
                     parts={path: found for path, found in parts.items() if found})


def _read_markup(path: Path, errors: "list[tuple[Path, str]] | None" = None) -> str | None:
    try:
        if path.stat().st_size > 8 * 1024 * 1024:
            return None
        return path.read_bytes().decode("utf-8", "replace")
    except OSError as exc:
        if errors is not None:
            errors.append((path, f"cannot read: {exc.strerror or exc}"))
        return None


def scan_markup(text: str) -> tuple[bool, list[tuple[int, int, str, str]]]:
    """What discovery reads in a template: whether it has the marker comment, and its
    includes and macro imports with a literal name as (offset, line, name, "include" or
    "import")."""
    return has_marker(text), _include_sites(text)


def _include_sites(text: str) -> list[tuple[int, int, str, str]]:
    """(offset, line, name, how) of each template include or macro import with a literal name."""
    if "{" not in text:
        return []
    found = [(start, name, "include") for start, _, name in include_sites(text) if name]
    found += [(start, name, "import") for start, _, name in import_sites(text) if name]
    return [(start, text.count("\n", 0, start) + 1, name, how) for start, name, how in sorted(found)]


def _uses(project: _Project, messages: set[Path], includes: dict[Path, list[tuple[int, int, str, str]]],
          http_sites: dict[Path, list[tuple[int, int, str, str]]]) -> dict[Path, list[Use]]:
    """Where message templates are used outside a WebSocket message: included by a page,
    macros imported from them, included inside an element of a message template, rendered
    for an HTTP response or by a Django inclusion tag."""
    if not messages:
        return {}
    basenames = {p.name for p in messages}
    uses: dict[Path, list[Use]] = {}
    for kind_of_file, table in (("template", includes), ("http", http_sites)):
        for path, sites in table.items():
            counts: dict[str, int] = {}
            top: set[int] | None = None
            for start, line, name, how in sites:
                occurrence = counts.get(name, 0)
                counts[name] = occurrence + 1
                if name.strip().rsplit("/", 1)[-1] not in basenames:
                    continue
                near = path.parent if kind_of_file == "template" else None
                try:
                    targets = project.resolve_template(name, near=near) if "\x00" not in name else []
                except (OSError, ValueError):
                    continue
                for target in targets:
                    if target not in messages or target == path:
                        continue
                    kind = how  # "http", "tag" (rendered into pages) or "import" (macros in pages)
                    if how == "include":
                        kind = "page"
                        if path in messages:
                            if top is None:
                                try:
                                    top = top_level_starts(_read_markup(path) or "")
                                except (RecursionError, ValueError, IndexError):
                                    top = set()
                            if start in top:
                                continue  # a part of the message, as it should be
                            kind = "message"
                    uses.setdefault(target, []).append(Use(target, path, line, name, occurrence, kind))
    rank = {"page": 0, "tag": 1, "import": 2, "http": 3, "message": 4}
    for found in uses.values():
        found.sort(key=lambda u: (rank[u.kind], project.rel(u.file), u.line))
    return uses


def _add_includes(project: _Project, seeds: list[Path], result: dict[Path, str]) -> None:
    todo = list(dict.fromkeys(seeds))
    done = set()
    while todo:
        path = todo.pop(0)
        if path in done:
            continue
        done.add(path)
        try:
            text = path.read_bytes().decode("utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        if "{" not in text and "<%" not in text and "<?" not in text:
            continue
        for name in top_level_includes(text):
            if not name:
                continue
            for target in project.resolve_template(name, near=path.parent):
                if target not in result:
                    result[target] = f"included at the top level of message template {project.rel(path)}"
                    todo.append(target)
