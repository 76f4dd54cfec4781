"""Runs the engine over many files, in a process pool when it pays, in a fixed order.

The results come back in the order of ``files`` whatever the number of workers, so
the output of a parallel run is the output of a serial one. A worker that dies (a
crash in a parser's native code, the out-of-memory killer) costs the run one file,
reported as failed, never the run. Where libcst's parser may run (Python files, or a
project read that parses server code), the project read and a run too small for the pool
happen in child processes too (isolation.py), so a crash there costs one file as well.
"""

from __future__ import annotations

import functools
import gc
import heapq
import os
import signal
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterator

from . import isolation
from .analysis.project import Project, Provisional
from .engine import FileResult, process_path, write_result
from .paths import forget_real_paths, kind_of, real_path
from .syntax.cst import preload

if TYPE_CHECKING:
    from .analysis.project import Project, Provisional
    from .config import Settings

# Below this many files a pool costs more than it saves.
POOL_THRESHOLD = 64
# Chunks per worker: small enough to even out slow files, large enough to keep the
# per-task overhead of the pool low.
CHUNKS_PER_JOB = 32
# ... and at most this many files: the results a worker sends at once are kept until the
# files before them are done.
MAX_CHUNK = 64
# The workers read at most this many files ahead of the first file not given: what they
# find is kept (compressed, see _guesses) until the files before it are done, and the first
# Python module is done only once the project is read. Enough to keep them busy while a
# project of 50,000 files is read.
AHEAD = 8192
# How much lower the priority of workers started before the project is read is.
_BEHIND = 5
_state: dict = {}


def _init(parent: int, settings: "Settings", project: "Project | Provisional", rules, write: bool,
          settle: bool = True) -> None:
    isolation.prepare_child(parent)
    _state["args"] = (settings, project, tuple(rules), write, settle)


def _ends_worker(task):
    """A worker's task: SIGTERM unwinds it (isolation.prepare_child) as SystemExit, which the
    pool would report as the task's error and go on to the next one; the worker ends."""
    @functools.wraps(task)
    def run(*args):
        try:
            return task(*args)
        except SystemExit as exc:
            os._exit(exc.code if isinstance(exc.code, int) else 1)
    return run


@_ends_worker
def _one(path: Path) -> FileResult:
    settings, project, rules, write, settle = _state["args"]
    return process_path(path, settings, project, rules, write, settle).lean(_keep(write, settle))


def _init_behind(*args) -> None:
    """A worker that runs ahead yields the processor to the main process, which is
    reading the project everything after waits for."""
    _init(*args)
    try:
        os.nice(_BEHIND)
    except (OSError, AttributeError):  # pragma: no cover - not permitted, or not on this system
        pass


@_ends_worker
def _guesses(paths: "list[Path]") -> "tuple[list, bytes]":
    """``_guess`` of each file: what the main process decides on (each result's status,
    what the file asked, its absolute path, its status on disk), and the results themselves,
    pickled and compressed (a twentieth of the room they take as objects): the main process
    reads them only when it gives the first of them, and keeps the results of thousands of
    files until then while the project is read."""
    import pickle
    import zlib

    guessed = [_guess(path) for path in paths]
    answers = [(result.status, asked, abspath, before) for result, asked, abspath, before in guessed]
    return answers, zlib.compress(pickle.dumps([result for result, *_ in guessed], pickle.HIGHEST_PROTOCOL), 1)


class _Packed:
    """A task's results as ``_guesses`` sends them, read when the first of them is wanted;
    each is let go once it is taken."""

    __slots__ = ("blob", "results")

    def __init__(self, blob: bytes) -> None:
        self.blob: bytes | None = blob
        self.results: list | None = None

    def take(self, k: int) -> FileResult:
        if self.results is None:
            import pickle
            import zlib

            self.results = pickle.loads(zlib.decompress(self.blob))
            self.blob = None
        result, self.results[k] = self.results[k], None
        return result


def _guess(path: Path) -> "tuple[FileResult, frozenset[str], Path | None, os.stat_result | None]":
    """A file's result with the provisional project (nothing written), what the file asked
    of it, the file's absolute path (to ask the real project the same) and, in a --write run,
    the file's status from before it was read: when the real project answers alike, the
    fixed text is written over the file as it was then (``_write``), or not at all."""
    settings, project, rules, write, settle = _state["args"]
    project.asked = set()
    before = _stat(path) if write else None
    result = process_path(path, settings, project, rules, False, settle).lean(_keep(write, settle, written=False))
    asked = frozenset(project.asked)
    abspath = None
    if asked:
        try:
            abspath = real_path(path)
        except (OSError, RuntimeError, ValueError):  # its folder moved: the file is read again
            pass
    return result, asked, abspath, before


@_ends_worker
def _write(item: "tuple[Path, FileResult, os.stat_result]") -> FileResult:
    path, result, before = item
    return write_result(path, result, before).lean("write")


@_ends_worker
def _finals(paths: "list[Path]", project: bytes) -> "list[tuple[FileResult, os.stat_result | None]]":
    """``_final`` of each file; ``project`` is the real project, pickled once by the main
    process and read once by each worker."""
    if _state.get("pickled") != project:
        import pickle

        _state["pickled"], _state["project"] = project, pickle.loads(project)
    return [_final(path, _state["project"]) for path in paths]


def _final(path: Path, project: "Project") -> "tuple[FileResult, os.stat_result | None]":
    """A file's result with the real project, nothing written; in a --write run with the
    file's status from before it was read, to write it (``_write``) once no parser runs."""
    settings, _, rules, write, settle = _state["args"]
    before = _stat(path) if write else None
    return process_path(path, settings, project, rules, False, settle).lean(_keep(write, settle, written=False)), before


def _stat(path: Path) -> "os.stat_result | None":
    try:
        return os.stat(path)
    except OSError:  # the file's own read reports it
        return None


def _keep(write: bool, settle: bool, written: bool = True) -> str:
    """What the main process keeps of a result (FileResult.lean): --diff settles the fixes
    and writes nothing; a --write result not ``written`` yet keeps its fixed text."""
    if write:
        return "write" if written else "to-write"
    return "diff" if settle else "check"


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


def run(files: list[Path], settings: "Settings", project: "Project | Callable[[], Project]", rules, write: bool,
        jobs: int | None = None, progress: "Callable[[int], None] | None" = None, settle: bool = True,
        on_project: "Callable[[Project], None] | None" = None) -> list[FileResult]:
    """Every result (``results``), in the order of ``files``."""
    return list(results(files, settings, project, rules, write, jobs, progress, settle, on_project))


def results(files: list[Path], settings: "Settings", project: "Project | Callable[[], Project]", rules, write: bool,
            jobs: int | None = None, progress: "Callable[[int], None] | None" = None, settle: bool = True,
            on_project: "Callable[[Project], None] | None" = None) -> Iterator[FileResult]:
    """The results in the order of ``files``, each as soon as it and those before it are
    final (a run keeps only the few done out of order); ``progress(n)`` is told how many
    are done.

    ``project`` is the project, or a function that reads it: then, in a pool, the workers
    start on the files while the project is read, and only the files whose result depended
    on what the project turned out to be are read again; ``on_project`` is given the
    project once it is read (its ``read_errors`` name what could not be read)."""
    forget_real_paths()
    isolation.forget()
    jobs = default_jobs() if not jobs else jobs
    isolated = _isolated(files, settings, callable(project))
    with _terminate_as_exit():
        if jobs <= 1 or len(files) < POOL_THRESHOLD:
            if isolated:
                yield from _run_isolated(files, settings, project, rules, write, progress, settle, on_project)
                return
            if callable(project):
                project = project()
                if on_project is not None:
                    on_project(project)
            for done, p in enumerate(files, 1):
                yield process_path(p, settings, project, rules, write, settle).lean(_keep(write, settle))
                if progress is not None:
                    progress(done)
            return
        if callable(project):
            yield from _run_ahead(files, settings, project, rules, write, jobs, progress, settle, on_project, isolated)
            return
        yield from _run_pool(files, settings, project, rules, write, jobs, progress, settle)


def _isolated(files: list[Path], settings: "Settings", reads_project: bool) -> bool:
    """Whether libcst's parser may run: on Python files, or in a project read that walks
    the project for its server code. lxml and tree-sitter were given the shapes that crash
    libcst (a million nested elements, brackets or operators) and crashed on none; a run
    over templates alone pays no extra process."""
    return isolation.available() and (
        (reads_project and settings.config_file is not None)
        or any(kind_of(p) == "python" for p in files if ".py" in os.fspath(p).lower()))


def read_project(build: "Callable[[], Project]", settings: "Settings", files: list[Path]) -> "Project":
    """``build()``, in a child process where libcst's parser may run."""
    if _isolated(files, settings, True):
        with _terminate_as_exit():
            return _Build(build, settings).result()
    return build()


class _Build:
    """The project, read in a child process: started at once (before a pool's threads
    exist), waited for by ``result``. A child that dies while it reads a file (it says
    which, isolation.reading) is followed by one that leaves that file out; the project's
    ``read_errors`` name it."""

    def __init__(self, build: "Callable[[], Project]", settings: "Settings") -> None:
        self.build = build
        self.settings = settings
        self.child = isolation.Child(build)

    def result(self) -> "Project":
        crashes: list[tuple[str, str]] = []
        while True:
            try:
                project = self.child.run()
            except isolation.Crashed as crash:
                if crash.reading is None:
                    return _unread_project(self.settings, crash, crashes)
                isolation.remember(crash.reading)
                crashes.append(_left_out(crash))
                self.child = isolation.Child(self.build)
                continue
            project.read_errors = list(project.read_errors) + crashes
            return project


def _run_isolated(files: list[Path], settings, project, rules, write: bool, progress=None, settle: bool = True,
                  on_project=None) -> Iterator[FileResult]:
    """The project read, then the files one after the other, in a child process (one: what
    it imports is imported once). After a crash, the next child goes on after the file
    that was being read, or reads the project without it."""
    crashes: list[tuple[str, str]] = []
    done = 0  # the results given, in order: the child sends them so
    while done < len(files) or callable(project):
        child = isolation.Child(_read_in_child, files, done, settings, project, rules, write, settle)
        try:
            for message in child.messages():
                if message[0] == "project":
                    project = message[1]
                    project.read_errors = list(project.read_errors) + crashes
                    if on_project is not None:
                        on_project(project)
                    continue
                _, i, result = message
                assert i == done
                done += 1
                yield result
                if progress is not None:
                    progress(done)
            return
        except isolation.Crashed as crash:
            if callable(project):  # while the project was read
                if crash.reading is None:
                    project = _unread_project(settings, crash, crashes)
                    if on_project is not None:
                        on_project(project)
                    continue
                isolation.remember(crash.reading)
                crashes.append(_left_out(crash))
                continue
            # the file being read when it died; the next child starts after it
            done += 1
            yield FileResult(str(files[done - 1]), "failed", message=_died("process", crash.how))
            if progress is not None:
                progress(done)


def _read_in_child(files: list[Path], start: int, settings, project, rules, write: bool, settle: bool) -> None:
    if callable(project):
        project = project()
        isolation.send(("project", project))
    for i in range(start, len(files)):
        isolation.send(("result", i, process_path(files[i], settings, project, rules, write, settle).lean(_keep(write, settle))))


def _left_out(crash: "isolation.Crashed") -> tuple[str, str]:
    return (str(crash.reading), f"internal error: the process reading the project died while reading this file "
            f"({crash.how}); it was left out of the project read")


def _unread_project(settings, crash: "isolation.Crashed", crashes: list[tuple[str, str]]) -> "Project":
    """The project when its read died, not while reading a file: what only the read finds stays unknown."""
    project = Project(settings)
    project.read_errors = crashes + [(str(settings.root), f"internal error: the process reading the project died "
                                      f"({crash.how}); message templates found through server code, includes or "
                                      "markers are not known")]
    return project


def _died(what: str, how: str) -> str:
    return (f"internal error: the {what} died while reading this file ({how}: a crash in a parser's "
            "native code, or the system out of memory); nothing was written")


def _run_pool(files: list[Path], settings, project, rules, write: bool, jobs: int, progress=None,
              settle: bool = True) -> Iterator[FileResult]:
    # Imported here: a run over a few files (a pre-commit hook) never pays for them.
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    # Forked workers inherit these as they are; elsewhere they are pickled (a rule's
    # check is a module-level function, so it pickles by name).
    initargs = (os.getpid(), settings, project, tuple(rules), write, settle)
    done = 0
    try:
        with ProcessPoolExecutor(max_workers=jobs, mp_context=_context(), initializer=_init, initargs=initargs) as pool:
            try:
                for result in pool.map(_one, files, chunksize=_chunk(files, jobs)):
                    done += 1
                    yield result
                    if progress is not None:
                        progress(done)
            except BaseException:
                pool.shutdown(wait=True, cancel_futures=True)
                raise
    except BrokenProcessPool:
        pass
    if done < len(files):
        yield from _one_at_a_time(files[done:], initargs)


def _run_ahead(files: list[Path], settings, build: "Callable[[], Project]", rules, write: bool, jobs: int,
               progress=None, settle: bool = True, on_project=None, isolated: bool = False) -> Iterator[FileResult]:
    """The workers read the first files but the Python modules with a provisional project
    (and write nothing) while the project is read (in a child process of its own when
    ``isolated``); then the rest, in the order of the files: the Python modules and the
    files whose answers differ with the real project; last, in a --write run, the fixed
    texts are written (each over the file as it was read, or not at all)."""
    provisional = Provisional(settings, Project.discovery_certain(settings, files), Project.quick_facts(settings, files))
    if any(p.suffix == ".py" for p in files):
        # Reading the project and the workers' Python rules both need libcst: imported once
        # here, the forked workers start with it.
        preload()
    # What the forked processes inherit is never collected in them: their collector would
    # touch (and so copy) every page of it.
    gc.freeze()
    try:
        # The child that reads the project is started before the pool, whose threads a fork
        # would copy in whatever state they are.
        pending = _Build(build, settings) if isolated else None

        def read() -> "Project":
            project = pending.result() if pending is not None else build()
            if on_project is not None:
                on_project(project)
            return project

        ahead = _Ahead(files, settings, provisional, write, jobs, progress)
        try:
            yield from ahead.run(read, rules, settle)
        except BaseException:
            if ahead.project is None and pending is not None:
                pending.child.stop()
            raise
        if ahead.done.given < len(files):
            # A worker died: the files without a final result, one per worker, with the real project.
            project = ahead.project if ahead.project is not None else read()
            todo = ahead.done.missing()
            initargs = (os.getpid(), settings, project, tuple(rules), write, settle)
            for i, result in zip(todo, _one_at_a_time([files[i] for i in todo], initargs)):
                ahead.done.put(i, result)
                yield from ahead.done.ready()
    finally:
        gc.unfreeze()  # a process that runs more than once collects them again


class _Ahead:
    """The pool's tasks of ``_run_ahead``, given in the order of the files."""

    def __init__(self, files: list[Path], settings, provisional: "Provisional", write: bool, jobs: int,
                 progress) -> None:
        self.files = files
        self.settings = settings
        self.provisional = provisional
        self.write = write
        self.jobs = jobs
        self.project: "Project | None" = None
        self.done = _InOrder(len(files), progress)
        self.size = min(_chunk(files, jobs), MAX_CHUNK)
        # Python modules wait for the project: its reading of the server code concerns most
        # of them, whose first reading would be thrown away. So do the files whose first
        # reading asked the project something it answered otherwise.
        self.kinds = [settings.kind_of(path) for path in files]
        self.later: list[int] = []  # a heap: the files to read with the real project, first file first
        self.to_write: list[tuple[int, FileResult, os.stat_result]] = []
        self.running: dict = {}  # a task of the pool: what it reads
        self.next_file = 0  # the first file no task reads yet

    def run(self, read: "Callable[[], Project]", rules, settle: bool) -> Iterator[FileResult]:
        import pickle
        from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
        from concurrent.futures.process import BrokenProcessPool

        files, jobs, write = self.files, self.jobs, self.write
        try:
            with ProcessPoolExecutor(max_workers=jobs, mp_context=_context(), initializer=_init_behind,
                                     initargs=(os.getpid(), self.settings, self.provisional, tuple(rules), write,
                                               settle)) as pool:
                try:
                    # the workers start now, on the first files
                    self._take(pool, AHEAD, len(files))
                    self.project = read()
                    pickled = pickle.dumps(self.project)
                    # A --write run keeps the fixed texts until every file is read: the first
                    # changed file is given last, and the workers never wait for it.
                    limit = len(files) if write else AHEAD
                    while self.running or self.later or self.next_file < len(files):
                        # in the order of the files: what waits for the real project, then the next files
                        while self.later and len(self.running) < 3 * jobs and (
                                self.next_file >= len(files) or self.later[0] < self.next_file):
                            chunk = [heapq.heappop(self.later) for _ in range(min(self.size, len(self.later)))]
                            self.running[pool.submit(_finals, [files[i] for i in chunk], pickled)] = ("final", chunk)
                        self._take(pool, limit, 3 * jobs)
                        if not self.running:  # pragma: no cover - every file not given is read, waits, or is to be read
                            limit = len(files)
                            continue
                        finished, _ = wait(self.running, return_when=FIRST_COMPLETED)
                        for future in finished:
                            what, chunk = self.running.pop(future)
                            self._settle(what, chunk, future.result())
                        yield from self.done.ready()
                    # Written last, when no parser runs any more: a worker that dies reading a file
                    # leaves every file unwritten, to be read again (``_run_ahead``).
                    to_write = sorted(self.to_write, key=lambda item: item[0])
                    written = pool.map(_write, [(files[i], result, before) for i, result, before in to_write],
                                       chunksize=_chunk(to_write, jobs))
                    for (i, _, _), result in zip(to_write, written):
                        self.done.put(i, result)
                        yield from self.done.ready()
                except BaseException:
                    pool.shutdown(wait=True, cancel_futures=True)
                    raise
        except BrokenProcessPool:
            pass

    def _take(self, pool, limit: int, tasks: int) -> None:
        """Tasks for the next files, while fewer than ``limit`` files wait to be given and
        fewer than ``tasks`` tasks run."""
        files = self.files
        while self.next_file < len(files) and self.next_file - self.done.given < limit and len(self.running) < tasks:
            chunk = []
            while self.next_file < len(files) and len(chunk) < self.size:
                if self.kinds[self.next_file] == "python":
                    heapq.heappush(self.later, self.next_file)
                else:
                    chunk.append(self.next_file)
                self.next_file += 1
            if chunk:
                self.running[pool.submit(_guesses, [files[i] for i in chunk])] = ("guess", chunk)
            if self.later and self.project is not None:
                return  # its turn first

    def _settle(self, what: str, chunk: list[int], answers) -> None:
        """What becomes of each file a task read: done, to be read again, or to be written."""
        if what == "guess":
            answers, blob = answers
            packed = _Packed(blob)
            for k, (i, (status, asked, abspath, before)) in enumerate(zip(chunk, answers)):
                if asked and (abspath is None or not self.provisional.same_answers(asked, abspath, self.project)):
                    heapq.heappush(self.later, i)
                elif self.write and status == "changed":
                    if before is None:
                        heapq.heappush(self.later, i)
                    else:
                        self.to_write.append((i, packed.take(k), before))
                else:
                    self.done.put(i, (packed, k))
            return
        for i, (result, before) in zip(chunk, answers):
            if self.write and result.status == "changed":
                if before is not None:
                    self.to_write.append((i, result, before))
                    continue
                result.status = "skipped"
                result.message = "the file disappeared during the run; nothing was written"
            self.done.put(i, result)


class _InOrder:
    """The results done, given in the order of the files: each once those before it are."""

    def __init__(self, total: int, progress: "Callable[[int], None] | None") -> None:
        self.waiting: dict[int, "FileResult | tuple[_Packed, int]"] = {}
        self.given = 0  # the files before this one are given
        self.total = total
        self.count = 0
        self.progress = progress

    def put(self, i: int, result: "FileResult | tuple[_Packed, int]") -> None:
        self.waiting[i] = result
        self.count += 1
        if self.progress is not None:
            self.progress(self.count)

    def ready(self) -> Iterator[FileResult]:
        while self.given in self.waiting:
            result = self.waiting.pop(self.given)
            if type(result) is tuple:  # (_Packed, its place there)
                result = result[0].take(result[1])
            self.given += 1
            yield result

    def missing(self) -> list[int]:
        """The files not done (after ``given``)."""
        return [i for i in range(self.given, self.total) if i not in self.waiting]


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
                yield FileResult(str(path), "failed", message=_died("worker process", "it ended abruptly"))
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
