"""Worker processes with a deadline per task: a task that kills its worker (a segfault in a
parser's native code, the kernel's out-of-memory killer) or outlives its deadline costs that
task, which comes back as ("died", exit code) or ("timeout", seconds), and a new worker takes
the place of the old one.

Workers are forked, so they start with what the parent loaded (the corpus, the tool).
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import time
from multiprocessing.connection import wait
from typing import Any, Callable, Iterable, Iterator

_handler: Callable[[Any], Any] | None = None


def _serve(conn, setup: Callable[[], None] | None) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides when to stop
    if setup is not None:
        setup()
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        try:
            result = ("ok", _handler(task))
        except BaseException as exc:  # noqa: BLE001 - a bug of the fuzzer itself, reported as such
            import traceback

            result = ("error", "".join(traceback.format_exception(exc))[-4000:])
        conn.send(result)


class _Slot:
    def __init__(self, ctx, setup) -> None:
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=_serve, args=(child, setup), daemon=True)
        self.process.start()
        child.close()
        self.task: Any = None
        self.started = 0.0
        self.deadline = 0.0

    def stop(self, kill: bool = False) -> int | None:
        if kill and self.process.is_alive():
            os.kill(self.process.pid, signal.SIGKILL)
        else:
            try:
                self.conn.send(None)
            except OSError:
                pass
        self.process.join(5)
        if self.process.is_alive():
            os.kill(self.process.pid, signal.SIGKILL)
            self.process.join()
        self.conn.close()
        return self.process.exitcode


class Pool:
    """``imap(tasks)`` yields (task, outcome) in completion order; outcome is ("ok",
    result), ("error", traceback), ("died", exit code) or ("timeout", seconds)."""

    def __init__(self, jobs: int, handler: Callable[[Any], Any], setup: Callable[[], None] | None = None,
                 timeout: Callable[[Any], float] | float = 120.0) -> None:
        global _handler
        _handler = handler
        self.jobs = max(1, jobs)
        self.setup = setup
        self.timeout = timeout if callable(timeout) else (lambda task, t=timeout: t)
        self.ctx = multiprocessing.get_context("fork")
        self.slots: list[_Slot] = []

    def __enter__(self) -> "Pool":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        for slot in self.slots:
            slot.stop(kill=slot.task is not None)
        self.slots = []

    def _fresh(self) -> _Slot:
        return _Slot(self.ctx, self.setup)

    def run_one(self, task: Any) -> tuple[Any, tuple[str, Any]]:
        return next(iter(self.imap([task])))

    def imap(self, tasks: Iterable[Any]) -> Iterator[tuple[Any, tuple[str, Any]]]:
        pending = iter(tasks)
        while len(self.slots) < self.jobs:
            self.slots.append(self._fresh())
        idle = list(self.slots)
        busy: list[_Slot] = []

        def feed(slot: _Slot) -> bool:
            for task in pending:
                slot.task = task
                slot.started = time.monotonic()
                slot.deadline = slot.started + self.timeout(task)
                slot.conn.send(task)
                busy.append(slot)
                return True
            slot.task = None
            return False

        for slot in idle:
            if not feed(slot):
                break
        while busy:
            now = time.monotonic()
            wait_for = max(0.0, min(s.deadline for s in busy) - now)
            ready = wait([s.conn for s in busy] + [s.process.sentinel for s in busy], timeout=wait_for)
            for slot in list(busy):
                outcome = None
                if slot.conn in ready:
                    try:
                        outcome = slot.conn.recv()
                    except (EOFError, OSError):
                        outcome = None
                if outcome is None and (slot.process.sentinel in ready or slot.conn in ready):
                    slot.process.join(5)
                    if not slot.process.is_alive():
                        outcome = ("died", slot.process.exitcode)
                if outcome is None and time.monotonic() > slot.deadline:
                    slot.stop(kill=True)
                    outcome = ("timeout", time.monotonic() - slot.started)
                if outcome is None:
                    continue
                task = slot.task
                busy.remove(slot)
                if outcome[0] in ("died", "timeout"):
                    if outcome[0] == "died":
                        slot.conn.close()
                    index = self.slots.index(slot)
                    slot = self.slots[index] = self._fresh()
                yield task, outcome
                feed(slot)


def signal_name(exitcode: int | None) -> str:
    if exitcode is None:
        return "unknown"
    if exitcode < 0:
        try:
            return signal.Signals(-exitcode).name
        except ValueError:
            return f"signal {-exitcode}"
    return f"exit {exitcode}"
