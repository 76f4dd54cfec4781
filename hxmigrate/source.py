"""One file as the rules see it: its text, its kind, lazily built syntax views, the run's
settings and the project's facts."""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from .edits import LineIndex
from .paths import flavor_of, real_path

if TYPE_CHECKING:
    from .analysis.project import Project
    from .config import Settings
    from .syntax.go import GoView
    from .syntax.javascript import Script
    from .syntax.markup import MarkupView
    from .syntax.pyast import AstView
    from .syntax.python import PythonView
    from .syntax.rust import RustView
    from .targets import Target


class SourceFile:
    def __init__(self, path: str, text: str, kind: str, settings: "Settings", project: "Project") -> None:
        self.path = path  # as given or found; absolute or relative to the run's directory
        self.text = text
        self.kind = kind
        self.settings = settings
        self.project = project
        self.rule_codes: frozenset[str] = frozenset()  # the rules run on it (set by the engine for WS502)

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
    def flavor(self) -> str:
        return flavor_of(self.path) if self.kind == "markup" else "html"

    @cached_property
    def markup(self) -> "MarkupView":
        # The views' modules are imported with the first view a rule reads: most files
        # match no rule's triggers and need none.
        from .syntax.markup import MarkupView

        return MarkupView(self.text, self.flavor)

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
    def python_ast(self) -> "AstView":
        """The module as Python's own parser reads it: for rules that only find sites (their
        sites are kept per text, so a text read again is not parsed again)."""
        from .syntax.pyast import AstView

        return AstView(self.text)

    @cached_property
    def go(self) -> "GoView":
        from .syntax.go import GoView

        return GoView(self.text)

    @cached_property
    def rust(self) -> "RustView":
        from .syntax.rust import RustView

        return RustView(self.text)

    @cached_property
    def abspath(self) -> Path:
        return real_path(self.path)
