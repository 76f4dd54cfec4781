"""Which files a run reads: directories walked, .gitignore honoured, kinds chosen by name."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from fnmatch import fnmatch
from pathlib import Path

from .source import kind_of

SKIP_DIRS = frozenset(
    {".git", ".hg", ".svn", "node_modules", "__pycache__", ".tox", ".nox", ".mypy_cache", ".pytest_cache",
     ".ruff_cache", ".venv", "venv", ".direnv", "site-packages", "bower_components"}
)


@dataclass
class FileSet:
    files: list[Path] = field(default_factory=list)
    skipped: list[tuple[Path, str]] = field(default_factory=list)


def _ignore_spec(folder: Path):
    gitignore = folder / ".gitignore"
    try:
        lines = gitignore.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return None
    import pathspec

    return pathspec.GitIgnoreSpec.from_lines(lines)


def _excluded(rel: str, name: str, patterns: list[str]) -> bool:
    for pattern in patterns:
        p = pattern.rstrip("/")
        if fnmatch(rel, p) or fnmatch(name, p) or rel.startswith(p + "/") or fnmatch(rel, p + "/*"):
            return True
    return False


def collect(paths: list[Path], exclude: list[str] = (), root: Path | None = None) -> FileSet:
    """Files to read under ``paths``: given files always, directories recursively."""
    result = FileSet()
    seen: set[Path] = set()
    roots = [p.resolve() for p in paths if p.exists()]
    base = root or Path.cwd()

    def inside_roots(real: Path) -> bool:
        return any(real == r or r in real.parents for r in roots)

    def add(path: Path, explicit: bool) -> None:
        try:
            real = path.resolve(strict=True)
        except (OSError, RuntimeError) as exc:
            result.skipped.append((path, f"cannot resolve: {exc.__class__.__name__}"))
            return
        if path.is_symlink() and not explicit and not inside_roots(real):
            result.skipped.append((path, "symbolic link to a file outside the given paths"))
            return
        if real in seen:
            return
        seen.add(real)
        result.files.append(path if not path.is_symlink() else real)

    for given in paths:
        if not given.exists() and not given.is_symlink():
            result.skipped.append((given, "no such file or directory"))
            continue
        if given.is_file() or (given.is_symlink() and not given.is_dir()):
            if not given.exists():
                result.skipped.append((given, "broken symbolic link"))
                continue
            add(given, explicit=True)
            continue
        specs: list[tuple[Path, object]] = []
        for folder, dirnames, filenames in os.walk(given, followlinks=False, onerror=lambda e: result.skipped.append((Path(e.filename or given), f"cannot list: {e.strerror}"))):
            here = Path(folder)
            specs = [(d, s) for d, s in specs if d == here or d in here.parents]
            spec = _ignore_spec(here)
            if spec is not None:
                specs.append((here, spec))

            def ignored(name: str, is_dir: bool) -> bool:
                full = here / name
                for d, s in specs:
                    rel = full.relative_to(d).as_posix() + ("/" if is_dir else "")
                    if s.match_file(rel):
                        return True
                try:
                    rel_root = full.resolve().relative_to(base.resolve()).as_posix()
                except ValueError:
                    rel_root = full.as_posix()
                return _excluded(rel_root, name, list(exclude))

            keep = []
            for d in sorted(dirnames):
                full = here / d
                if d in SKIP_DIRS or (full / "pyvenv.cfg").exists() or full.is_symlink() or ignored(d, True):
                    continue
                keep.append(d)
            dirnames[:] = keep
            for name in sorted(filenames):
                if kind_of(name) is None or ignored(name, False):
                    continue
                add(here / name, explicit=False)
    return result
