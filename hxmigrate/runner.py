"""Runs the engine over many files, in a process pool when it pays, in a fixed order.

The results come back in the order of ``files`` whatever the number of workers, so
the output of a parallel run is the output of a serial one. A worker that dies (a
crash in a parser's native code, the out-of-memory killer) costs the run one file,
reported as failed, never the run.
"""

from __future__ import annotations

import os
import signal
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterator

from .engine import FileResult, process_path

if TYPE_CHECKING:
    from .config import Settings
    from .project import Project

# Below this many files a pool costs more than it saves.
POOL_THRESHOLD = 64
# Chunks per worker: small enough to even out slow files, large enough to keep the
# per-task overhead of the pool low.
CHUNKS_PER_JOB = 8
_state: dict = {}


def _init(settings: "Settings", project: "Project", rules, write: bool) -> None:
    _state["args"] = (settings, project, tuple(rules), write)


def _one(path: Path) -> FileResult:
    settings, project, rules, write = _state["args"]
    return process_path(path, settings, project, rules, write)


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


def run(files: list[Path], settings: "Settings", project: "Project", rules, write: bool, jobs: int | None = None,
        progress: "Callable[[int], None] | None" = None) -> list[FileResult]:
    """Results in the order of ``files``; ``progress(n)`` is told how many are done."""
    jobs = default_jobs() if not jobs else jobs
    with _terminate_as_exit():
        if jobs <= 1 or len(files) < POOL_THRESHOLD:
            results = []
            for p in files:
                results.append(process_path(p, settings, project, rules, write))
                if progress is not None:
                    progress(len(results))
            return results
        return _run_pool(files, settings, project, rules, write, jobs, progress)


def _run_pool(files: list[Path], settings, project, rules, write: bool, jobs: int, progress=None) -> list[FileResult]:
    # Imported here: a run over a few files (a pre-commit hook) never pays for them.
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    # Forked workers inherit these as they are; elsewhere they are pickled (a rule's
    # check is a module-level function, so it pickles by name).
    initargs = (settings, project, tuple(rules), write)
    chunk = max(1, len(files) // (jobs * CHUNKS_PER_JOB))
    results: list[FileResult] = []
    try:
        with ProcessPoolExecutor(max_workers=jobs, mp_context=_context(), initializer=_init, initargs=initargs) as pool:
            try:
                for result in pool.map(_one, files, chunksize=chunk):
                    results.append(result)
                    if progress is not None:
                        progress(len(results))
            except BaseException:
                pool.shutdown(wait=True, cancel_futures=True)
                raise
    except BrokenProcessPool:
        pass
    if len(results) < len(files):
        results.extend(_one_at_a_time(files[len(results):], initargs))
    return results


def _one_at_a_time(files: list[Path], initargs) -> Iterator[FileResult]:
    """After a worker died: each file in a worker of its own pool, so the file that
    kills its worker is the one reported, and the others are still read."""
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    pool = None
    try:
        for path in files:
            if pool is None:
                pool = ProcessPoolExecutor(max_workers=1, mp_context=_context(), initializer=_init, initargs=initargs)
            try:
                yield pool.submit(_one, path).result()
            except BrokenProcessPool:
                pool.shutdown(wait=True)
                pool = None
                yield FileResult(str(path), "failed", message="internal error: the worker process died while reading this file "
                                 "(a crash or the system running out of memory); the file is unchanged")
    finally:
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)


def _context():
    import multiprocessing

    # fork: workers start with the rules already imported. Elsewhere, the default.
    if "fork" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("fork")
    return None  # pragma: no cover - not on Linux


@contextmanager
def _terminate_as_exit():
    """SIGTERM (a CI timeout, a killed pre-commit run) unwinds like Ctrl-C, so a file
    being written is left as it was and its temporary copy is removed."""
    def handler(signum, frame):
        raise SystemExit(128 + signum)

    try:
        previous = signal.signal(signal.SIGTERM, handler)
    except (ValueError, OSError):  # not the main thread: leave signals alone
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
