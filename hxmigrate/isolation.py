"""Work that may crash the process doing it, done in a child process.

libcst's parser is native code: on some inputs it overflows its stack and the process dies
(SIGSEGV) with nothing to catch. ``syntax.python.too_complex`` refuses the inputs known to do
that; whatever slips past must cost the file being read, not the run. Pool workers are child
processes already (runner.py); the reads the main process would otherwise make itself, the
project read and a run too small for a pool, are made in a child of their own
(``Child``). Before a read that may crash, the child tells the parent what it reads
(``reading``); when the child dies, the parent names that file, and the next child leaves
it out.

Every child (pool workers included, ``prepare_child``) dies with its parent, and ends on
SIGTERM by unwinding (so a file being written is left whole), not with the handler of the
main process.
"""

from __future__ import annotations

import os
import signal
import struct
import sys
import threading
import time
from typing import Any, Callable, Iterator


class TooComplex(Exception):
    """Text a parser is not handed because it could crash it or keep it busy for minutes
    (``syntax.python.too_complex``); the message says why."""

    def __str__(self) -> str:
        return f"not read: {self.args[0]}"

_to_parent: int | None = None  # in a child: the write end of the pipe to the parent
_crashed: set = set()  # what crashed a child before: refused in the children after


class Crashed(Exception):
    """A child died before it finished. ``how`` says how (``killed by SIGSEGV``),
    ``reading`` is what it last said it was reading (None when it said nothing)."""

    def __init__(self, how: str, reading: Any = None) -> None:
        super().__init__(how)
        self.how = how
        self.reading = reading


class CrashedBefore(Exception):
    """Raised by ``reading`` for what crashed a child before."""


def available() -> bool:
    return hasattr(os, "fork") and hasattr(os, "waitpid")


def reading(what: Any) -> None:
    """Before reading ``what`` with a parser that may crash: refuses what crashed a child
    before, and in a child tells the parent what it reads now."""
    if what in _crashed:
        raise CrashedBefore(what)
    if _to_parent is not None:
        _send(("reading", what))


def remember(what: Any) -> None:
    """``what`` crashed a child: the children forked from now on refuse it."""
    _crashed.add(what)


def forget() -> None:
    """A new run: what crashed a child in an earlier run in this process is tried again."""
    _crashed.clear()


def send(message: Any) -> None:
    """In a child: a message for the parent (``Child.messages`` yields it)."""
    _send(("message", message))


def _loads(data: bytes) -> Any:
    import pickle

    return pickle.loads(data)


def _send(item: Any) -> None:
    import pickle  # a run without child processes does without

    data = pickle.dumps(item, protocol=pickle.HIGHEST_PROTOCOL)
    view = memoryview(struct.pack("!Q", len(data)) + data)
    while view:
        view = view[os.write(_to_parent, view):]


class Child:
    """``fn(*args)`` in a forked child process. ``messages()`` yields what it sends while
    it runs, then ``result`` is what it returned; when it raised, ``messages()`` raises
    the same, and when it died, ``Crashed``."""

    def __init__(self, fn: Callable[..., Any], *args: Any) -> None:
        parent = os.getpid()
        read_end, write_end = os.pipe()
        # What this process has buffered for its streams must not be written twice.
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except (OSError, ValueError, AttributeError):
                pass
        pid = os.fork()
        if pid == 0:  # pragma: no cover - the child; its work is checked through the parent
            os.close(read_end)
            _child_main(write_end, parent, fn, args)
        os.close(write_end)
        self.pid = pid
        self.result: Any = None
        self._pipe = os.fdopen(read_end, "rb")
        self._reading: Any = None
        self._status: int | None = None

    def messages(self) -> Iterator[Any]:
        finished = False
        try:
            while True:
                head = self._pipe.read(8)
                if len(head) < 8:
                    break
                (size,) = struct.unpack("!Q", head)
                data = self._pipe.read(size)
                if len(data) < size:
                    break
                kind, value = _loads(data)
                if kind == "message":
                    yield value
                elif kind == "reading":
                    self._reading = value
                elif kind == "done":
                    self.result = value
                    finished = True
                elif kind == "raised":
                    raise value
        except BaseException:
            self.stop()
            raise
        self._pipe.close()
        status = self._wait()
        if not finished:
            raise Crashed(_describe(status), self._reading)

    def run(self) -> Any:
        """What ``fn`` returned (for a child that sends no messages)."""
        for _ in self.messages():
            pass
        return self.result

    def stop(self) -> None:
        """End the child (it unwinds on SIGTERM; one stuck in native code is killed)."""
        if self._status is not None:
            return
        try:
            self._pipe.close()
        except OSError:
            pass
        try:
            os.kill(self.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass

        for _ in range(40):
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self._status = status
                return
            time.sleep(0.05)
        try:
            os.kill(self.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self._wait()

    def _wait(self) -> int:
        if self._status is None:
            while True:
                try:
                    self._status = os.waitpid(self.pid, 0)[1]
                    break
                except InterruptedError:  # pragma: no cover - retried by Python itself since 3.5
                    continue
        return self._status


def _describe(status: int) -> str:
    code = os.waitstatus_to_exitcode(status)
    if code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = f"signal {-code}"
        return f"killed by {name}"
    return f"exited with status {code} before it finished"


def _child_main(write_end: int, parent: int, fn: Callable[..., Any], args: tuple) -> None:  # pragma: no cover - in the child
    global _to_parent
    code = 0
    try:
        _to_parent = write_end
        prepare_child(parent)
        result = fn(*args)
        _send(("done", result))
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    except KeyboardInterrupt:
        code = 128 + signal.SIGINT
    except BaseException as exc:
        try:
            _send(("raised", exc))
        except BaseException:
            try:
                _send(("raised", RuntimeError(f"{exc.__class__.__name__}: {exc}")))
            except BaseException:
                code = 1
    finally:
        os._exit(code)


# --- children die with their parent ----------------------------------------------------

def prepare_child(parent: int) -> None:
    """In a child process (a pool worker or a ``Child``): SIGTERM unwinds it, and it dies
    when ``parent``, the process that started it, does."""
    try:
        signal.signal(signal.SIGTERM, _terminated)
    except (ValueError, OSError):  # pragma: no cover - not the main thread
        pass
    if not _die_with_parent():
        _watch_parent(parent)
    if os.getppid() != parent:  # the parent was gone before the request was made
        os._exit(1)


def _terminated(signum, frame):
    raise SystemExit(128 + signum)


def _die_with_parent() -> bool:
    """Linux: the kernel kills this process when its parent ends (prctl PR_SET_PDEATHSIG)."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        import ctypes  # only a child process needs it

        libc = ctypes.CDLL(None, use_errno=True)
        PR_SET_PDEATHSIG = 1
        return libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0
    except (OSError, AttributeError, ImportError):  # pragma: no cover - no C library to ask
        return False


def _watch_parent(parent: int) -> None:
    """Elsewhere: a thread that ends this process once its parent is gone (it is then
    adopted by another process)."""
    def watch() -> None:
        while True:
            time.sleep(0.5)
            if os.getppid() != parent:
                os._exit(1)

    threading.Thread(target=watch, name="hxmigrate-parent-watch", daemon=True).start()
