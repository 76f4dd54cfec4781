"""One file as the rules see it: its text, its kind, and lazily built syntax views."""

from __future__ import annotations

import os
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from .edits import LineIndex

if TYPE_CHECKING:
    from .config import Settings
    from .project import Project
    from .syntax.javascript import Script
    from .syntax.markup import MarkupView
    from .syntax.python import PythonView
    from .targets import Target

MARKUP_SUFFIXES = frozenset(
    {".html", ".htm", ".jinja", ".jinja2", ".j2", ".djhtml", ".tmpl", ".tpl", ".gohtml", ".njk", ".hbs", ".erb", ".php"}
)
JS_SUFFIXES = frozenset({".js", ".mjs", ".cjs", ".ts", ".mts", ".cts", ".jsx", ".tsx"})
PYTHON_SUFFIXES = frozenset({".py"})


_REAL_DIRS: dict[str, str] = {}


def real_path(path: str | Path) -> Path:
    """``Path(path).resolve()``, with each folder resolved once for all the files in it
    (only a file that is itself a symbolic link is resolved on its own)."""
    text = os.fspath(path)
    head, name = os.path.split(text)
    if name in ("", ".", "..") or os.path.islink(text):
        return Path(text).resolve()
    folder = os.path.abspath(head or ".")
    real = _REAL_DIRS.get(folder)
    if real is None:
        real = _REAL_DIRS[folder] = str(Path(folder).resolve())
    return Path(real, name)


def forget_real_paths() -> None:
    """Folders may be moved or linked between runs in one process."""
    _REAL_DIRS.clear()


def kind_of(path: str | Path) -> str | None:
    """The language of a file, from its name; None for files hxmigrate does not read."""
    p = Path(path)
    name = p.name.lower()
    if name == "package.json":
        return "json"
    suffixes = [s.lower() for s in p.suffixes]
    for suffix in reversed(suffixes):
        if suffix in MARKUP_SUFFIXES:
            return "markup"
        if suffix in JS_SUFFIXES:
            return "javascript"
        if suffix in PYTHON_SUFFIXES:
            return "python"
        break  # only the last suffix, or the one before a template suffix, counts
    if len(suffixes) >= 2 and suffixes[-1] in {".j2", ".jinja", ".jinja2", ".tmpl", ".tpl"}:
        return "markup"
    return None


class SourceFile:
    def __init__(self, path: str, text: str, kind: str, settings: "Settings", project: "Project") -> None:
        self.path = path  # as given or found; absolute or relative to the run's directory
        self.text = text
        self.kind = kind
        self.settings = settings
        self.project = project

    @property
    def target(self) -> "Target":
        return self.settings.target

    @cached_property
    def lower(self) -> str:
        return self.text.lower()

    @cached_property
    def lines(self) -> LineIndex:
        return LineIndex(self.text)

    @cached_property
    def markup(self) -> "MarkupView":
        from .syntax.markup import MarkupView

        return MarkupView(self.text)

    @cached_property
    def javascript(self) -> "list[Script]":
        """The JavaScript programs of the file: the whole file for a script, the
        inline ``<script>`` blocks for markup; parsed lazily, one tree each."""
        from .syntax.javascript import Script, inline_scripts, language_for_path

        if self.kind == "javascript":
            return [Script(self.text, 0, language_for_path(self.path))]
        if self.kind == "markup":
            return inline_scripts(self.markup)
        return []

    @cached_property
    def python(self) -> "PythonView":
        from .syntax.python import view_of

        return view_of(self.text)

    @cached_property
    def message_template_reason(self) -> str | None:
        """Why this file is a WebSocket message template, or None when it is not."""
        return self.project.message_template_reason(self)

    @property
    def is_message_template(self) -> bool:
        return self.message_template_reason is not None

    @cached_property
    def abspath(self) -> Path:
        return real_path(self.path)
