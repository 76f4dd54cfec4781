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
from .source import forget_real_paths, real_path

if TYPE_CHECKING:
    from .config import Settings
    from .project import Project, Provisional

# Below this many files a pool costs more than it saves.
POOL_THRESHOLD = 64
# Chunks per worker: small enough to even out slow files, large enough to keep the
# per-task overhead of the pool low.
CHUNKS_PER_JOB = 8
# How much lower the priority of workers started before the project is read is.
_BEHIND = 5
_state: dict = {}


def _init(settings: "Settings", project: "Project | Provisional", rules, write: bool, settle: bool = True) -> None:
    _state["args"] = (settings, project, tuple(rules), write, settle)


def _one(path: Path) -> FileResult:
    settings, project, rules, write, settle = _state["args"]
    return _lean(process_path(path, settings, project, rules, write, settle))


def _init_behind(*args) -> None:
    """A worker that runs ahead yields the processor to the main process, which is
    reading the project everything after waits for."""
    _init(*args)
    try:
        os.nice(_BEHIND)
    except (OSError, AttributeError):  # pragma: no cover - not permitted, or not on this system
        pass


def _guess(path: Path) -> "tuple[FileResult, frozenset[str], Path | None]":
    """A file's result with the provisional project, what the file asked of it, and the
    file's absolute path (to ask the real project the same)."""
    settings, project, rules, _, settle = _state["args"]
    project.asked = set()
    result = _lean(process_path(path, settings, project, rules, False, settle))
    asked = frozenset(project.asked)
    abspath = None
    if asked:
        try:
            abspath = real_path(path)
        except (OSError, RuntimeError, ValueError):  # its folder moved: the file is read again
            pass
    return result, asked, abspath


def _final(item: "tuple[Path, Project]") -> FileResult:
    path, project = item
    settings, _, rules, write, settle = _state["args"]
    return _lean(process_path(path, settings, project, rules, write, settle))


def _lean(result: FileResult) -> FileResult:
    """A result to send back to the main process: the texts only of a changed file
    (for its diff), not of the thousands that are unchanged."""
    if result.status != "changed":
        result.original = result.fixed = None
    return result


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


def run(files: list[Path], settings: "Settings", project: "Project | Callable[[], Project]", rules, write: bool,
        jobs: int | None = None, progress: "Callable[[int], None] | None" = None, settle: bool = True) -> list[FileResult]:
    """Results in the order of ``files``; ``progress(n)`` is told how many are done.

    ``project`` is the project, or a function that reads it: then, in a pool, the workers
    start on the files while the main process reads the project, and only the files whose
    result depended on what the project turned out to be are read again."""
    forget_real_paths()
    jobs = default_jobs() if not jobs else jobs
    with _terminate_as_exit():
        if jobs <= 1 or len(files) < POOL_THRESHOLD:
            if callable(project):
                project = project()
            results = []
            for p in files:
                results.append(process_path(p, settings, project, rules, write, settle))
                if progress is not None:
                    progress(len(results))
            return results
        if callable(project):
            return _run_ahead(files, settings, project, rules, write, jobs, progress, settle)
        return _run_pool(files, settings, project, rules, write, jobs, progress, settle)


def _run_pool(files: list[Path], settings, project, rules, write: bool, jobs: int, progress=None,
              settle: bool = True) -> list[FileResult]:
    # Imported here: a run over a few files (a pre-commit hook) never pays for them.
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    # Forked workers inherit these as they are; elsewhere they are pickled (a rule's
    # check is a module-level function, so it pickles by name).
    initargs = (settings, project, tuple(rules), write, settle)
    results: list[FileResult] = []
    try:
        with ProcessPoolExecutor(max_workers=jobs, mp_context=_context(), initializer=_init, initargs=initargs) as pool:
            try:
                for result in pool.map(_one, files, chunksize=_chunk(files, jobs)):
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


def _run_ahead(files: list[Path], settings, build: "Callable[[], Project]", rules, write: bool, jobs: int,
               progress=None, settle: bool = True) -> list[FileResult]:
    """The workers read every file with a provisional project (and write nothing) while
    this process reads the project; then the files whose answers differ, and in a
    --write run the files to change, are read again with the real project."""
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    from .project import Project, Provisional

    provisional = Provisional(settings, Project.discovery_certain(settings, files))
    if any(p.suffix == ".py" for p in files):
        # Reading the project and the workers' Python rules both need libcst: imported once
        # here, the forked workers start with it.
        try:
            import libcst  # noqa: F401
        except ImportError:  # pragma: no cover - a dependency
            pass
    project = None
    out: list[FileResult | None] = [None] * len(files)  # final results
    done = 0
    try:
        with ProcessPoolExecutor(max_workers=jobs, mp_context=_context(), initializer=_init_behind,
                                 initargs=(settings, provisional, tuple(rules), write, settle)) as pool:
            try:
                guesses = pool.map(_guess, files, chunksize=_chunk(files, jobs))  # the workers start now
                project = build()
                again: list[int] = []
                for i, (result, asked, abspath) in enumerate(guesses):
                    if (write and result.status == "changed") or (asked and (
                            abspath is None or not provisional.same_answers(asked, abspath, project))):
                        again.append(i)
                        continue
                    out[i] = result
                    done += 1
                    if progress is not None:
                        progress(done)
                redone = pool.map(_final, [(files[i], project) for i in again], chunksize=_chunk(again, jobs))
                for i, result in zip(again, redone):
                    out[i] = result
                    done += 1
                    if progress is not None:
                        progress(done)
            except BaseException:
                pool.shutdown(wait=True, cancel_futures=True)
                raise
    except BrokenProcessPool:
        pass
    if done < len(files):
        # A worker died: the files without a final result, one per worker, with the real project.
        if project is None:
            project = build()
        todo = [i for i, r in enumerate(out) if r is None]
        initargs = (settings, project, tuple(rules), write, settle)
        for i, result in zip(todo, _one_at_a_time([files[i] for i in todo], initargs)):
            out[i] = result
    return out  # type: ignore[return-value]


def _chunk(items: list, jobs: int) -> int:
    return max(1, len(items) // (jobs * CHUNKS_PER_JOB))


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
