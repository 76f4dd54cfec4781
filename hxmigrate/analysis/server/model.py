"""What discovery needs from server code, whatever its language.

A front-end reads the server code of one language and answers in these records: which
templates the code renders and sends over a WebSocket (by name, as the code writes it,
with the reason ``--explain-discovery`` prints), which templates it renders for other
purposes (an HTTP response, an inclusion tag), the template folders it configures, and
which files serve WebSockets. Discovery resolves the names to files, so a front-end never
looks templates up itself. What the rules of that language need beyond this (the
functions whose return value is sent, those handed received data) travels in ``facts``,
a :class:`ServerFacts` (or a subclass of the front-end's own).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, NamedTuple, Protocol

if TYPE_CHECKING:
    from ...config import Settings


@dataclass(frozen=True)
class SentTemplate:
    """A template the server code renders and sends as a WebSocket message."""

    name: str  # as the code writes it ("chat/message.html")
    reason: str  # where and how it is sent: "rendered in app.py:12 chat() and sent with send_text"
    part: str = ""  # the part of the file that is sent, when only one is (a templ component's name)
    # the send, reported (WS111) when no template file has this name (a Go {{define}} block...)
    site: "Untraced | None" = None


@dataclass(frozen=True)
class SentString:
    """A string expression of a file that the server code sends as (part of) a WebSocket
    message: the rules rewrite its HTML where it is written."""

    start: int  # span of the expression (a literal, a chain of them, a format) in the file's text
    end: int
    format: bool  # a format string (Go's fmt, Rust's format!): its directives are opaque
    how: str  # "sent with conn.WriteMessage in hub.go:40 (Client.writePump)"
    key: int = -1  # the expression's node as syntax.treesitter.node_key names it: still found
    # after rewrites earlier in the file have moved its span
    jsx: bool = False  # a JSX element or fragment rendered to HTML, not a string: its markup is the
    # message, its {expressions} (children and attribute values) are opaque


@dataclass(frozen=True)
class Untraced:
    """A WebSocket send whose message the front-end could not trace to a string or a
    template: the connection elements it may serve are reported (WS111)."""

    path: Path
    line: int
    call: str  # as written: "WriteMessage", "send"
    why: str = ""  # what stopped the trace, when it is worth saying


class RenderSite(NamedTuple):
    """A template rendered for something else than a WebSocket message."""

    offset: int  # in the file's text
    line: int
    name: str
    how: str  # "http": an HTTP response; "tag": a template tag that renders it into pages


@dataclass
class ServerFacts:
    """What the server code of the whole project tells the rules that read one file of it:
    the functions whose HTML is a WebSocket message although the file does not send it
    itself, and those that read data received over a WebSocket although the file does not
    receive it itself. Keys are the files, then the functions' qualified names."""

    # file -> {function: how its return value is sent (by another function)}
    returns_sent: dict[Path, dict[str, str]] = field(default_factory=dict)
    # file -> {function: where it is also called for something else than a WebSocket
    # message ("app/views.py:12 index()"): its HTML is reported, not rewritten}
    shared: dict[Path, dict[str, str]] = field(default_factory=dict)
    # file -> {function: who hands it data received over a WebSocket}
    receives: dict[Path, dict[str, str]] = field(default_factory=dict)
    # file -> the string expressions in it that are sent (front-ends that trace sends
    # across files and functions themselves, so the rules need not)
    strings: dict[Path, list[SentString]] = field(default_factory=dict)

    def concerns(self, path: Path) -> bool:
        """Whether these facts tell the rules anything about the file at ``path``."""
        return any(path in table for table in (self.returns_sent, self.shared, self.receives, self.strings))


@dataclass
class ServerReading:
    """What one front-end found in the project's server code of its language."""

    language: str
    sent: list[SentTemplate] = field(default_factory=list)  # in the order found: the first reason wins
    renders: dict[Path, list[RenderSite]] = field(default_factory=dict)
    serving: set[Path] = field(default_factory=set)  # files that send or receive over a WebSocket
    facts: ServerFacts = field(default_factory=ServerFacts)  # for the rules of its language (a subclass may add more)
    untraced: list[Untraced] = field(default_factory=list)  # sends whose message could not be traced


class ServerProject(Protocol):
    """What a front-end may ask of the project it reads."""

    root: Path
    settings: "Settings"

    def files(self, suffixes: Iterable[str]) -> list[Path]:
        """The project's files with one of these suffixes (lowercase, with the dot)."""

    def rel(self, path: Path) -> str:
        """``path`` relative to the project root, with "/" separators."""

    def add_template_dir(self, path: Path) -> None:
        """A template folder the code configures: names are looked up there too."""

    def cannot_read(self, path: Path, why: str) -> None:
        """Report a file the front-end could not read; the run goes on."""
