"""CDN URLs of htmx, its extensions, idiomorph and Alpine.js, served from the pinned node_modules.

Pages keep their real script tags (so hxmigrate's script rewrite is exercised); the
browser context routes those URLs here. The htmx core is served in the side's version
(upgrading the core is the user's step, not the WebSocket migration's); an extension is
served as the URL asks, whatever the side, so a 4.x page that still loads a 2.x extension
gets the 2.x file, and breaks the way it would in production. The version in the URL of a
package other than the core is not looked at: the pinned release is served.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

NODE_MODULES = Path(__file__).resolve().parent.parent / "node_modules"

CDN_HOSTS = {"unpkg.com", "cdn.jsdelivr.net", "cdnjs.cloudflare.com"}

# What a page loaded, in words a diff can show.
CORE = "htmx core"
WS2 = "htmx 2.x WebSocket extension (htmx-ext-ws)"
WS4 = "htmx 4.x WebSocket extension (hx-ws.js)"
SSE2 = "htmx 2.x SSE extension (htmx-ext-sse)"
SSE4 = "htmx 4.x SSE extension (hx-sse.js)"
PRELOAD2 = "htmx 2.x preload extension (htmx-ext-preload)"
PRELOAD4 = "htmx 4.x preload extension (hx-preload.js)"
HEAD2 = "htmx 2.x head-support extension (htmx-ext-head-support)"
HEAD4 = "htmx 4.x head extension (hx-head.js)"
RESPONSE_TARGETS2 = "htmx 2.x response-targets extension (htmx-ext-response-targets)"
MORPH2 = "htmx 2.x morph extension (idiomorph-ext)"
IDIOMORPH = "idiomorph"  # the library alone: the same file on both sides
ALPINE = "Alpine.js"  # the same file on both sides: what changes is the page's listeners


def ext4(file_name: str) -> str:
    """The role of a file of htmx 4's ``dist/ext/`` (hx-sse.js, htmx-2-compat.js, ...)."""
    return f"htmx 4.x extension ({file_name.removesuffix('.js').removesuffix('.min')}.js)"


# The file a 2.x role is replaced by on a migrated page; None: htmx 4 does it in its core
# (response-targets: hx-status:CODE; idiomorph's swaps: innerMorph/outerMorph).
COUNTERPART_4 = {
    CORE: CORE,
    ALPINE: ALPINE,
    IDIOMORPH: IDIOMORPH,
    WS2: WS4,
    SSE2: SSE4,
    PRELOAD2: PRELOAD4,
    HEAD2: HEAD4,
    RESPONSE_TARGETS2: None,
    MORPH2: None,
}

# npm packages of 2.x extensions: package -> (role, base name of its files in dist/).
PACKAGES_2 = {
    "htmx-ext-ws": (WS2, "ws"),
    "htmx-ext-sse": (SSE2, "sse"),
    "htmx-ext-preload": (PRELOAD2, "preload"),
    "htmx-ext-head-support": (HEAD2, "head-support"),
    "htmx-ext-response-targets": (RESPONSE_TARGETS2, "response-targets"),
}
# The copies of those extensions htmx.org 1.x and 2.x shipped in dist/ext/, by file name.
OLD_EXT_FILES = {base: package for package, (_, base) in PACKAGES_2.items()}
# htmx 4's dist/ext/ files whose role has a name of its own (the rest: ext4(file)).
EXT_FILES_4 = {"hx-ws": WS4, "hx-sse": SSE4, "hx-preload": PRELOAD4, "hx-head": HEAD4}

# One npm package spec in a CDN path: /npm/htmx.org@2.0.8/dist/htmx.min.js (jsdelivr),
# /htmx.org@2.0.8/dist/htmx.min.js (unpkg), /ajax/libs/htmx/2.0.8/htmx.min.js (cdnjs).
_NPM_PATH = re.compile(
    r"^/(?:npm/)?(?P<pkg>htmx\.org|htmx-ext-[a-z-]+|idiomorph|alpinejs)(?:@(?P<version>[^/]+))?(?P<file>/.*)?$"
)
_CDNJS_PATH = re.compile(r"^/ajax/libs/htmx/(?P<version>[^/]+)(?P<file>/.*)$")


@dataclass(frozen=True)
class Asset:
    role: str  # one of the role names above, or ext4(file)
    url_version: str  # the version the URL asked for
    minified: bool
    path: str = ""  # for extension files: the file under node_modules (unminified name)

    def file(self, side: str) -> Path:
        suffix = ".min.js" if self.minified else ".js"
        if self.role == CORE:
            folder = "htmx2" if side == "2" else "htmx4"
            return NODE_MODULES / folder / "dist" / f"htmx{suffix}"
        if self.role == ALPINE:
            return NODE_MODULES / "alpinejs" / "dist" / f"cdn{suffix}"
        stem = self.path.removesuffix(".js")
        return NODE_MODULES / f"{stem}{suffix}"


def classify(url: str) -> Asset | None:
    """The asset a CDN URL names, or None for anything the harness does not serve."""
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
    stem = name.removesuffix(".js").removesuffix(".min")
    if package == "alpinejs":
        return Asset(ALPINE, version, minified) if stem in ("cdn", "") else None
    if package == "idiomorph":
        if stem == "idiomorph-ext":
            return Asset(MORPH2, version, minified, "idiomorph/dist/idiomorph-ext.js")
        if stem in ("idiomorph", ""):
            return Asset(IDIOMORPH, version, minified, "idiomorph/dist/idiomorph.js")
        return None
    if package in PACKAGES_2:
        role, base = PACKAGES_2[package]
        return Asset(role, version, minified, f"{package}/dist/{base}.js") if stem in (base, "") else None
    if package != "htmx.org":
        return None
    if name in ("", "htmx.js", "htmx.min.js"):
        return Asset(CORE, version, minified)
    if "/ext/" not in file:
        return None
    if stem in OLD_EXT_FILES:  # htmx.org@1.x/2.x dist/ext/ws.js and the like
        package = OLD_EXT_FILES[stem]
        role, base = PACKAGES_2[package]
        return Asset(role, version, minified, f"{package}/dist/{base}.js")
    if (NODE_MODULES / "htmx4" / "dist" / "ext" / f"{stem}.js").is_file():
        return Asset(EXT_FILES_4.get(stem, ext4(stem)), version, minified, f"htmx4/dist/ext/{stem}.js")
    return None


# htmx 4 extension files that restore what the htmx 2 core did itself (hx-prompt.js: hx-prompt).
ADDED_4 = {ext4("hx-prompt")}


def expected_4(roles_2: list[str], roles_4: list[str] = ()) -> list[str]:
    """What a migrated page should load, from what its 2.x page loaded: each file's 4.x
    counterpart, nothing for what htmx 4 does in its core, and the files of ADDED_4 it loads;
    sorted."""
    out = [role for role in roles_4 if role in ADDED_4]
    for role in roles_2:
        counterpart = COUNTERPART_4.get(role, role)
        if counterpart is not None:
            out.append(counterpart)
    return sorted(out)
