"""``--target auto``: read the htmx version the project already pins."""

from __future__ import annotations

import json
import re
from pathlib import Path

from ..files import collect
from ..paths import kind_of

_VERSION = re.compile(r"htmx(?:\.org)?@(\d+)\.(\d+)\.(\d+)(-[\w.]+)?")
_HEADER = re.compile(r"version:\s*['\"]?(\d+)\.(\d+)\.(\d+)(-[\w.]+)?")


def _profile(major: int, prerelease: str | None) -> str | None:
    if major != 4:
        return None
    return "4.0-alpha" if prerelease and "alpha" in prerelease else "4.0"


def detect_target(root: Path, paths: list[Path]) -> str:
    """The target profile for the htmx 4 version found, or "4.0"."""
    package = root / "package.json"
    if _is_file(package):
        try:
            data = json.loads(package.read_text(encoding="utf-8"))
        except (OSError, ValueError, RecursionError):
            data = {}
        if not isinstance(data, dict):
            data = {}
        for section in ("dependencies", "devDependencies", "peerDependencies"):
            table = data.get(section)
            spec = table.get("htmx.org") if isinstance(table, dict) else None
            if isinstance(spec, str):
                m = re.search(r"(\d+)\.(\d+)\.(\d+)(-[\w.]+)?", spec)
                if m and (p := _profile(int(m.group(1)), m.group(4))):
                    return p
    lock = root / "package-lock.json"
    if _is_file(lock):
        try:
            data = json.loads(lock.read_text(encoding="utf-8"))
            version = data.get("packages", {}).get("node_modules/htmx.org", {}).get("version", "")
            m = re.match(r"(\d+)\.(\d+)\.(\d+)(-[\w.]+)?", version)
            if m and (p := _profile(int(m.group(1)), m.group(4))):
                return p
        except (OSError, ValueError, AttributeError, TypeError, RecursionError):
            pass
    for base in paths or [root]:
        candidates = [base] if _is_file(base) else _candidates(base)
        for path in candidates:
            try:
                if not path.is_file() or path.is_symlink():
                    continue
                with open(path, "rb") as fh:
                    head = fh.read(4000).decode("utf-8", "replace")
            except OSError:
                continue
            m = _HEADER.search(head) or _VERSION.search(head)
            if m and (p := _profile(int(m.group(1)), m.group(4))):
                return p
    return "4.0"


def _is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except OSError:  # in a folder that cannot be searched: the run names it
        return False


def _candidates(base: Path, limit: int = 400) -> list[Path]:
    """Vendored htmx files first, then pages that may load htmx from a CDN."""
    vendored = [p for p in base.rglob("htmx*.js") if "node_modules" not in p.parts][:20]
    pages = [p for p in collect([base]).files if kind_of(p) == "markup"][:limit]
    return vendored + pages
