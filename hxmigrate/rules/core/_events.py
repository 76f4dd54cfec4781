"""htmx 2 event names in every spelling it fired them, and their htmx 4 names from the
target's core table."""

from __future__ import annotations

import re

from ...targets.core import CoreNames


def kebab(name: str) -> str:
    """htmx 2 fired each event under this name too (``htmx:after-request``)."""
    return re.sub(r"([a-z0-9])([A-Z])", r"\1-\2", name).lower()


class Events:
    """The 2.x names of one core table: camelCase, kebab-case, and what a browser makes of a
    camelCase name written in an attribute name (lowercased: never fired)."""

    def __init__(self, core: CoreNames) -> None:
        self.core = core
        known = list(core.events) + list(core.removed_events)
        self._by_name = {**{n: n for n in known}, **{kebab(n): n for n in known}}
        self._lowered = {n.lower(): n for n in known if n.lower() != kebab(n)}

    def of(self, name: str) -> str | None:
        """The camelCase 2.x event for a 2.x name in either spelling, else None."""
        return self._by_name.get(name)

    def lowered(self, name: str) -> str | None:
        """The 2.x event whose camelCase name, lowercased, is ``name``."""
        return self._lowered.get(name)

    def new(self, event: str) -> str | None:
        """The 4.x name of a 2.x event (camelCase), None when 4.x has none."""
        return self.core.events.get(event)

    def removed(self, event: str) -> str | None:
        return self.core.removed_events.get(event)


_CACHE: dict[int, Events] = {}


def events_of(core: CoreNames) -> Events:
    found = _CACHE.get(id(core))
    if found is None:
        found = _CACHE[id(core)] = Events(core)
    return found
