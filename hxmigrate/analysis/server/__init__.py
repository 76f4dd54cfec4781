"""Server code, read by one front-end per language into the language-neutral model of
``model.py``: which templates it sends over a WebSocket and why, which it renders for
pages, which files serve WebSockets. A front-end is a module with ``LANGUAGE``,
``SUFFIXES`` and ``read(project) -> ServerReading``; discovery runs the one of each
language the project has files of (``front_ends``), imported only then: a run over
templates and Python code never loads the Go, Rust or JavaScript reading."""

from __future__ import annotations

from types import ModuleType
from typing import Iterable

from ...paths import JS_SUFFIXES

# The languages with a front-end, in the order discovery runs them, and their files' suffixes
# (each front-end's SUFFIXES; tests/test_architecture.py checks that they agree).
LANGUAGES = {
    "python": (".py",),
    "go": (".go",),
    "rust": (".rs",),
    "javascript": tuple(sorted(JS_SUFFIXES)),
}


def load(language: str) -> ModuleType:
    """The front-end of ``language``, imported on first use."""
    if language == "python":
        from . import python

        return python
    if language == "go":
        from . import go

        return go
    if language == "rust":
        from . import rust

        return rust
    if language == "javascript":
        from . import javascript

        return javascript
    raise ValueError(f"no front-end for {language!r}")


def front_ends(suffixes: Iterable[str]) -> list[ModuleType]:
    """The front-ends of the languages among these file suffixes (lowercase, with the dot)."""
    present = set(suffixes)
    return [load(language) for language, own in LANGUAGES.items() if not present.isdisjoint(own)]
