"""Runs the engine over many files, in a process pool when it pays, in a fixed order."""

from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

from .engine import FileResult, process_path

if TYPE_CHECKING:
    from .config import Settings
    from .project import Project

# Below this many files a pool costs more than it saves.
POOL_THRESHOLD = 64
_state: dict = {}


def _init(settings: "Settings", project: "Project", codes: tuple[str, ...], write: bool) -> None:
    from .rules import all_rules

    _state["args"] = (settings, project, tuple(r for r in all_rules() if r.code in codes), write)


def _one(path: Path) -> FileResult:
    settings, project, rules, write = _state["args"]
    return process_path(path, settings, project, rules, write)


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


def run(files: list[Path], settings: "Settings", project: "Project", rules, write: bool, jobs: int | None = None) -> list[FileResult]:
    jobs = default_jobs() if not jobs else jobs
    if jobs <= 1 or len(files) < POOL_THRESHOLD:
        return [process_path(p, settings, project, rules, write) for p in files]
    codes = tuple(r.code for r in rules)
    chunk = max(1, len(files) // (jobs * 8))
    with ProcessPoolExecutor(max_workers=jobs, initializer=_init, initargs=(settings, project, codes, write)) as pool:
        return list(pool.map(_one, files, chunksize=chunk))
