"""The command line run by a user whom permissions bind, for the tests where they must.

Root lists, enters and reads every folder, so a test of an unreadable folder run as root
(as CI runs the suite) would prove nothing. As root, the command runs as `nobody` (uid
65534, through util-linux's `setpriv`, which every Debian system has). Nobody cannot reach
an interpreter or a checkout under /root: what the command needs (the interpreter's files,
this checkout's package and the distributions it depends on) is then laid out as hard
links (copies across file systems) in a folder under the system's temporary folder that
everyone can read. Run by any other user, the tests run the command as that user.

``project()`` gives an empty folder, ``own(folder)`` gives what was made in it to that
user, ``run(args, cwd)`` runs ``hxmigrate ARGS`` there as that user.
"""

from __future__ import annotations

import os
import re
import shutil
import stat
import subprocess
import sys
import sysconfig
import tempfile
from importlib import metadata
from pathlib import Path

import hxmigrate

NOBODY = 65534
DEPENDENCIES_OF = "hxmigrate"


def _link_tree(source: Path, target: Path, skip=()) -> None:
    """``source`` laid out again at ``target``: folders made, files hard-linked (copied when
    a link cannot be made), readable by everyone."""
    for folder, dirs, files in os.walk(source):
        dirs[:] = [d for d in dirs if d not in skip]
        here = target / Path(folder).relative_to(source)
        here.mkdir(parents=True, exist_ok=True)
        here.chmod(0o755)
        for name in files:
            src = Path(folder, name)
            dst = here / name
            if src.is_symlink():
                dst.symlink_to(os.readlink(src))
                continue
            _link(src, dst)


def _link(source: Path, target: Path) -> None:
    mode = source.stat().st_mode
    if mode & stat.S_IROTH:
        try:
            os.link(source, target)
            return
        except OSError:
            pass
    shutil.copy2(source, target)  # a copy, so the original keeps its mode
    target.chmod(mode | stat.S_IROTH | (stat.S_IXOTH if mode & stat.S_IXUSR else 0))


def _distributions(name: str) -> list[metadata.Distribution]:
    """``name``'s distribution and those it depends on (without extras), as installed."""
    found: dict[str, metadata.Distribution] = {}
    todo = [name]
    while todo:
        wanted = todo.pop()
        try:
            dist = metadata.distribution(wanted)
        except metadata.PackageNotFoundError:  # a requirement of another Python's only
            continue
        key = dist.metadata["Name"].lower().replace("_", "-")
        if key in found:
            continue
        found[key] = dist
        for requirement in dist.requires or ():
            if "extra ==" in requirement:
                continue
            todo.append(re.match(r"[A-Za-z0-9._-]+", requirement).group())
    return list(found.values())


def _reachable_by_all(folder: Path) -> bool:
    """Whether every folder down to ``folder`` lets anyone through."""
    try:
        return all(os.stat(f).st_mode & stat.S_IXOTH for f in (folder, *folder.parents))
    except OSError:
        return False


def _temporary_folder() -> Path:
    for candidate in (tempfile.gettempdir(), "/tmp", "/var/tmp", "/dev/shm"):
        if _reachable_by_all(Path(candidate).resolve()):
            return Path(tempfile.mkdtemp(prefix="hxmigrate-unprivileged-", dir=candidate))
    raise RuntimeError("no temporary folder that every user can reach")


class Unprivileged:
    def __init__(self) -> None:
        self.as_root = os.geteuid() == 0
        self.base = _temporary_folder() if self.as_root else Path(tempfile.mkdtemp(prefix="hxmigrate-unprivileged-"))
        self.base.chmod(0o755)
        self.env = {"PATH": "/usr/bin:/bin", "HOME": str(self.base), "LC_ALL": "C.UTF-8",
                    "PYTHONNOUSERSITE": "1", "PYTHONDONTWRITEBYTECODE": "1"}
        self.python = sys.executable
        self._projects = 0
        if self.as_root:
            self._lay_out()

    def _lay_out(self) -> None:
        site = self.base / "site"
        site.mkdir()
        site.chmod(0o755)
        _link_tree(Path(hxmigrate.__file__).parent, site / "hxmigrate", skip=("__pycache__",))
        for dist in _distributions(DEPENDENCIES_OF):
            if dist.metadata["Name"].lower() == DEPENDENCIES_OF:
                continue  # this checkout's package, laid out above
            for top in sorted({f.parts[0] for f in dist.files or () if len(f.parts) >= 1}):
                source = Path(dist.locate_file(top))
                if top.endswith((".pth", ".dist-info")) or top in ("..", "bin") or not source.exists():
                    continue
                if source.is_dir():
                    _link_tree(source, site / top, skip=("__pycache__",))
                elif not (site / top).exists():
                    _link(source, site / top)
        self.env["PYTHONPATH"] = str(site)
        base_python = Path(os.path.realpath(getattr(sys, "_base_executable", sys.executable)))
        if self._runs(str(base_python)):
            self.python = str(base_python)
            return
        # The interpreter itself sits where nobody cannot go: its files, laid out here.
        prefix = Path(sys.base_prefix)
        version = f"python{sys.version_info[0]}.{sys.version_info[1]}"
        home = self.base / "python"
        (home / "bin").mkdir(parents=True)
        for folder in (home, home / "bin"):
            folder.chmod(0o755)
        _link(base_python, home / "bin" / version)
        stdlib = Path(sysconfig.get_paths()["stdlib"])
        _link_tree(stdlib, home / "lib" / version, skip=("site-packages", "test", "idlelib", "tkinter", "turtledemo",
                                                          "ensurepip", "__pycache__"))
        for library in (prefix / "lib").glob("libpython*"):
            shutil.copy2(library, home / "lib" / library.name, follow_symlinks=True)
        self.env["PYTHONHOME"] = str(home)
        self.env["LD_LIBRARY_PATH"] = str(home / "lib")
        self.python = str(home / "bin" / version)
        if not self._runs(self.python):
            raise RuntimeError(f"cannot run {self.python} as uid {NOBODY}: " + self._last_error)

    _last_error = ""

    def _command(self, args: list[str]) -> list[str]:
        if not self.as_root:
            return args
        return ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups", "--", *args]

    def _runs(self, python: str) -> bool:
        """Whether ``python`` runs as the user, as the interpreter running the tests (not, say,
        a binary that reached a system library of another version), with what it needs."""
        probe = subprocess.run(
            self._command([python, "-c", "import sys, hxmigrate.cli, libcst, lxml.etree, tree_sitter; print(sys.version)"]),
            env=self.env, cwd=self.base, capture_output=True, text=True, timeout=120)
        self._last_error = probe.stderr
        return probe.returncode == 0 and probe.stdout.strip() == sys.version

    def project(self) -> Path:
        """An empty folder, in a place the user can reach."""
        self._projects += 1
        folder = self.base / "projects" / str(self._projects)
        folder.mkdir(parents=True)
        (self.base / "projects").chmod(0o755)
        return folder

    def own(self, folder: Path) -> None:
        """Everything under ``folder`` to the user the command runs as."""
        if not self.as_root:
            return
        for path in [folder, *folder.rglob("*")]:
            os.lchown(path, NOBODY, NOBODY)

    def run(self, args: list[str], cwd: Path, stdin: bytes | None = None, timeout: float = 120):
        return subprocess.run(self._command([self.python, "-m", "hxmigrate", *args]), cwd=cwd, env=self.env,
                              input=stdin, capture_output=True, timeout=timeout)

    def close(self) -> None:
        for folder, dirs, _ in os.walk(self.base):  # folders the tests locked
            for d in dirs:
                try:
                    os.chmod(Path(folder, d), 0o755)
                except OSError:
                    pass
        shutil.rmtree(self.base, ignore_errors=True)
