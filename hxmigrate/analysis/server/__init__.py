"""Server code, read by one front-end per language into the language-neutral model of
``model.py``: which templates it sends over a WebSocket and why, which it renders for
pages, which files serve WebSockets. A front-end is a module with ``LANGUAGE``,
``SUFFIXES`` and ``read(project) -> ServerReading``; discovery runs each one listed here."""

from __future__ import annotations

from . import go, javascript, python, rust

FRONT_ENDS = (python, go, rust, javascript)
