"""CDN URLs of htmx, its WebSocket extension and Alpine.js, served from the pinned node_modules.

Pages keep their real script tags (so hxmigrate's script rewrite is exercised); the
browser context routes those URLs here. The htmx core is served in the side's version
(upgrading the core is the user's step, not the WebSocket migration's); a WebSocket
extension is served as the URL asks, so a 4.x page that still loads the 2.x extension gets
the 2.x file, and breaks the way it would in production.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

NODE_MODULES = Path(__file__).resolve().parent.parent / "node_modules"

CDN_HOSTS = {"unpkg.com", "cdn.jsdelivr.net", "cdnjs.cloudflare.com"}

# One npm package spec in a CDN path: /npm/htmx.org@2.0.8/dist/htmx.min.js (jsdelivr),
# /htmx.org@2.0.8/dist/htmx.min.js (unpkg), /ajax/libs/htmx/2.0.8/htmx.min.js (cdnjs).
_NPM_PATH = re.compile(r"^/(?:npm/)?(?P<pkg>htmx\.org|htmx-ext-ws|alpinejs)(?:@(?P<version>[^/]+))?(?P<file>/.*)?$")
_CDNJS_PATH = re.compile(r"^/ajax/libs/htmx/(?P<version>[^/]+)(?P<file>/.*)$")

# What a page loaded, in words a diff can show.
CORE = "htmx core"
WS2 = "htmx 2.x WebSocket extension (htmx-ext-ws)"
WS4 = "htmx 4.x WebSocket extension (hx-ws.js)"
ALPINE = "Alpine.js"  # the same file on both sides: what changes is the page's listeners


@dataclass(frozen=True)
class Asset:
    role: str  # CORE, WS2 or WS4
    url_version: str  # the version the URL asked for
    minified: bool

    def file(self, side: str) -> Path:
        suffix = ".min.js" if self.minified else ".js"
        if self.role == CORE:
            folder = "htmx2" if side == "2" else "htmx4"
            return NODE_MODULES / folder / "dist" / f"htmx{suffix}"
        if self.role == ALPINE:
            return NODE_MODULES / "alpinejs" / "dist" / f"cdn{suffix}"
        if self.role == WS2:
            return NODE_MODULES / "htmx-ext-ws" / "dist" / f"ws{suffix}"
        return NODE_MODULES / "htmx4" / "dist" / "ext" / f"hx-ws{suffix}"


def classify(url: str) -> Asset | None:
    """The htmx asset a CDN URL names, or None for anything else."""
    parts = urlsplit(url)
    if parts.hostname not in CDN_HOSTS:
        return None
    match = _NPM_PATH.match(parts.path) or _CDNJS_PATH.match(parts.path)
    if not match:
        return None
    groups = match.groupdict()
    package = groups.get("pkg") or "htmx.org"
    version = groups["version"] or "latest"
    file = groups["file"] or ""
    minified = file.endswith(".min.js") or file == ""
    name = file.rsplit("/", 1)[-1]
    if package == "alpinejs":
        return Asset(ALPINE, version, minified) if name.startswith("cdn.") or not name else None
    if package == "htmx-ext-ws":
        return Asset(WS2, version, minified) if name.startswith("ws.") or not name else None
    if name in ("", "htmx.js", "htmx.min.js"):
        return Asset(CORE, version, minified)
    if name in ("ws.js", "ws.min.js") and "/ext/" in file:
        return Asset(WS2, version, minified)
    if name in ("hx-ws.js", "hx-ws.min.js"):
        return Asset(WS4, version, minified)
    return None


def expected_roles(side: str) -> list[str]:
    return [CORE, WS2 if side == "2" else WS4]
