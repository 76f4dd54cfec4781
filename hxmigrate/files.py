"""Which files a run reads: directories walked, .gitignore honoured, kinds chosen by name."""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass, field
from fnmatch import fnmatch
from pathlib import Path

from .config import gitignore_spec
from .paths import kind_of

# Hand-written templates and scripts are far smaller; a larger file is generated
# output (a bundle, a report, a dump). Reading one would cost seconds and hundreds of
# megabytes per pass for nothing a migration needs, so it is reported and skipped.
MAX_FILE_SIZE = 16 * 1024 * 1024


def too_large(size: int) -> str:
    mib = 1024 * 1024
    return f"larger than {MAX_FILE_SIZE // mib} MiB ({size / mib:.0f} MiB): generated output is not migrated; not read"

SKIP_DIRS = frozenset(
    {".git", ".hg", ".svn", "node_modules", "__pycache__", ".tox", ".nox", ".mypy_cache", ".pytest_cache",
     ".ruff_cache", ".venv", "venv", ".direnv", "site-packages", "bower_components"}
)


@dataclass
class FileSet:
    files: list[Path] = field(default_factory=list)
    skipped: list[tuple[Path, str]] = field(default_factory=list)


def _why(exc: OSError) -> str:
    return exc.strerror or exc.__class__.__name__


def _ignore_spec(folder: Path):
    """The folder's .gitignore rules; None when it has none. OSError when it cannot be read."""
    gitignore = folder / ".gitignore"
    try:
        lines = gitignore.read_text(encoding="utf-8", errors="replace").splitlines()
    except FileNotFoundError:  # gone since the folder was listed, or a dangling link
        return None
    return gitignore_spec(lines)


def _excluded(rel: str, name: str, patterns: list[str]) -> bool:
    for pattern in patterns:
        p = pattern.rstrip("/")
        if fnmatch(rel, p) or fnmatch(name, p) or rel.startswith(p + "/") or fnmatch(rel, p + "/*"):
            return True
    return False


def collect(paths: list[Path], exclude: list[str] = (), root: Path | None = None) -> FileSet:
    """Files to read under ``paths``: given files always, directories recursively.

    A symbolic link found while walking is followed only to a file inside the given
    paths (never out of them, never into a directory); a link loop or a dangling link
    is skipped with a message. Files larger than the engine reads are skipped here,
    before anything reads them."""
    result = FileSet()
    seen: set[Path] = set()
    roots = []
    for p in paths:
        try:
            if p.exists():
                roots.append(p.resolve())
        except (OSError, RuntimeError):  # reported below, where the path is read
            pass
    base = (root or Path.cwd()).resolve()
    exclude = list(exclude)

    def inside_roots(real: Path) -> bool:
        return any(real == r or r in real.parents for r in roots)

    def add(path: Path, explicit: bool, real: Path | None = None, size: int | None = None) -> None:
        if real is None:
            try:
                real = path.resolve(strict=True)
            except RuntimeError:
                result.skipped.append((path, "symbolic link loop"))
                return
            except FileNotFoundError:
                result.skipped.append((path, "broken symbolic link" if path.is_symlink() else "no such file or directory"))
                return
            except OSError as exc:
                if exc.errno == errno.ELOOP:
                    result.skipped.append((path, "symbolic link loop"))
                else:
                    result.skipped.append((path, f"cannot resolve: {exc.strerror or exc.__class__.__name__}"))
                return
            if _is_link(path) and not explicit and not inside_roots(real):
                result.skipped.append((path, "symbolic link to a file outside the given paths"))
                return
        if real in seen:
            return
        if size is None:
            try:
                st = real.stat()
            except OSError:
                st = None  # the engine reports what is wrong with it
            if st is not None and not stat.S_ISREG(st.st_mode):
                # A FIFO would block every reader; a device is no template.
                result.skipped.append((path, "not a regular file"))
                return
            size = st.st_size if st is not None else 0
        if size > MAX_FILE_SIZE:
            seen.add(real)
            result.skipped.append((path, too_large(size)))
            return
        seen.add(real)
        result.files.append(real if real != path and _is_link(path) else path)

    for given in paths:
        try:
            if not given.exists() and not given.is_symlink():
                result.skipped.append((given, "no such file or directory"))
                continue
            is_dir = given.is_dir()
        except OSError as exc:  # a folder on the way cannot be searched
            result.skipped.append((given, f"cannot read: {_why(exc)}"))
            continue
        if not is_dir:  # a file, a link to one, or something the engine names (a FIFO)
            add(given, explicit=True)
            continue
        _walk(given, base, exclude, result, add)
    return result


def _is_link(path: Path) -> bool:
    try:
        return path.is_symlink()
    except OSError:
        return False


def _walk(top: Path, base: Path, exclude: list[str], result: FileSet, add) -> None:
    """Depth first, names sorted, like os.walk; with the DirEntry's own type and size,
    so a plain file costs no extra system call."""
    top_real = Path(os.path.realpath(top))
    # (folder, its real path, its .gitignore specs from the folders above it)
    stack: list[tuple[Path, Path, list]] = [(top, top_real, [])]
    while stack:
        here, here_real, inherited = stack.pop()
        try:
            with os.scandir(here) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            result.skipped.append((Path(exc.filename or here), f"cannot list: {exc.strerror}"))
            continue
        specs = list(inherited)
        if any(e.name == ".gitignore" for e in entries):
            try:
                spec = _ignore_spec(here)
            except OSError as exc:
                # Without its rules, files the project ignores would be read and rewritten.
                result.skipped.append((here / ".gitignore", f"cannot read: {_why(exc)}; the folder was not read"))
                continue
            if spec is not None:
                specs.append((here, spec))
        try:
            rel_here = here_real.relative_to(base).as_posix()
        except ValueError:
            rel_here = None

        def ignored(name: str, is_dir: bool) -> bool:
            full = here / name
            for d, s in specs:
                rel = full.relative_to(d).as_posix() + ("/" if is_dir else "")
                if s.match_file(rel):
                    return True
            if not exclude:
                return False
            if rel_here is None:
                rel_root = full.as_posix()
            else:
                rel_root = name if rel_here == "." else f"{rel_here}/{name}"
            return _excluded(rel_root, name, exclude)

        subdirs = []
        for entry in entries:
            name = entry.name
            try:
                is_link = entry.is_symlink()
                is_dir = not is_link and entry.is_dir(follow_symlinks=False)
            except OSError as exc:
                result.skipped.append((here / name, f"cannot read: {_why(exc)}"))
                continue
            if is_dir:
                full = here / name
                if name in SKIP_DIRS or ignored(name, True):
                    continue
                try:
                    if (full / "pyvenv.cfg").exists():
                        continue
                except OSError as exc:  # a folder that cannot be searched: nothing in it can be read
                    result.skipped.append((full, f"cannot list: {_why(exc)}"))
                    continue
                subdirs.append((full, here_real / name, specs))
                continue
            if is_link:
                try:
                    if os.path.isdir(entry.path):  # a link to a folder is never walked into
                        continue
                except OSError:
                    pass
            if kind_of(name) is None or ignored(name, False):
                continue
            if is_link:
                add(here / name, explicit=False)
                continue
            try:
                if not entry.is_file(follow_symlinks=False):
                    result.skipped.append((here / name, "not a regular file"))
                    continue
                size = entry.stat(follow_symlinks=False).st_size
            except OSError:
                size = None
            add(here / name, explicit=False, real=here_real / name, size=size)
        stack.extend(reversed(subdirs))
