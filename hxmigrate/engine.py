"""The one place that reads, fixes, verifies and writes a file.

Per file: read bytes -> decode -> run the selected rules on a SourceFile -> apply
the fixes that do not conflict -> run again until nothing more is fixed -> verify
the result independently -> write it atomically, keeping the file's mode.
"""

from __future__ import annotations

import errno
import gc
import os
import stat
import sys
from dataclasses import dataclass, field
from fnmatch import fnmatch
from pathlib import Path
from typing import TYPE_CHECKING

from .diagnostics import Diagnostic
from .edits import LineIndex, apply_edits, merge_sorted
from .files import MAX_FILE_SIZE, too_large
from .isolation import TooComplex
from .paths import flavor_of
from .rules._javascript import written_for_htmx_4
from .source import SourceFile
from .suppressions import filter_suppressed
from .syntax.markers import find_markers
from .targets.sse import TRACES as SSE_TRACES

if TYPE_CHECKING:
    from .analysis.project import Project
    from .config import Settings
    from .rules import Rule

MAX_PASSES = 8
@dataclass
class FileResult:
    path: str
    status: str  # "changed", "unchanged", "skipped", "failed"
    diagnostics: list[Diagnostic] = field(default_factory=list)
    message: str = ""  # why it was skipped or failed
    original: str | None = None
    fixed: str | None = None
    fixes_applied: int = 0
    remaining: list[Diagnostic] = field(default_factory=list)  # left in the fixed text
    mentions: list[int] = field(default_factory=list)  # prose: lines that mention 2.x constructs
    texts_dropped: bool = False  # a changed file's texts, left out where no diff shows them (see lean)

    @property
    def changed(self) -> bool:
        if self.texts_dropped:
            return self.status == "changed"
        return self.fixed is not None and self.original is not None and self.fixed != self.original

    def lean(self, run: str) -> "FileResult":
        """The result as a run keeps it to the end. ``run``: "check" (its findings), "diff"
        (both texts of a changed file too), "write" (the findings left: a --write run reports
        those), "to-write" (and the fixed text, still to be written). The texts of the
        thousands of unchanged files are never kept."""
        if run in ("write", "to-write"):
            self.diagnostics = []
        if self.status != "changed":
            self.original = self.fixed = None
        elif run != "diff":
            self.original = None
            if run != "to-write":
                self.fixed = None
            self.texts_dropped = True
        return self


class SkipFile(Exception):
    """A file that cannot be read as text; the message says why. ``error`` is False
    for files that are plainly not templates (binary content): skipping them is no
    failure of the run."""

    def __init__(self, message: str, error: bool = True) -> None:
        super().__init__(message)
        self.error = error


def mentions(text: str) -> list[int]:
    """The lines of a prose file that mention a 2.x construct of the WebSocket or the SSE extension."""
    starts = [m.start for m in find_markers(text)]
    if "sse" in text:
        starts += [m.start() for m in SSE_TRACES.finditer(text)]
    if not starts:
        return []

    index = LineIndex(text)
    return sorted({index.line_col(start)[0] for start in starts})


def decode(data: bytes, lenient: bool = False) -> str:
    """The text of a file. ``lenient``: a file only scanned for traces of 2.x code (never
    written) is read whatever its encoding; the traces are ASCII."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        if lenient:  # never written: its text is read as it is
            return data.decode("utf-16", "replace")
        raise SkipFile("UTF-16 text is not supported; convert the file to UTF-8")
    if b"\x00" in data[:8192]:
        raise SkipFile("binary content (NUL bytes)", error=False)
    if lenient:
        return data.decode("utf-8", "replace")
    try:
        return data.decode("utf-8")  # a UTF-8 BOM stays in the text as U+FEFF
    except UnicodeDecodeError as exc:
        raise SkipFile(f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start})") from None


def ignored_codes(path: str, settings: "Settings") -> set[str]:
    codes: set[str] = set()
    if not settings.per_file_ignores:
        return codes
    try:
        rel = Path(path).resolve().relative_to(settings.root).as_posix()
    except ValueError:
        rel = Path(path).as_posix()
    for pattern, values in settings.per_file_ignores.items():
        if fnmatch(rel, pattern) or fnmatch(Path(path).name, pattern):
            codes.update(v.upper() for v in values)
    return codes


_PLANS: dict = {}


def _plan(rules: "tuple[Rule, ...]", kind: str, skip: set[str]) -> "tuple[tuple[str, ...], list[tuple[Rule, frozenset[str]]]]":
    """The rules that run on a kind of file, each with its triggers, and every trigger
    among them: worked out once per run, not once per file."""
    key = (id(rules), kind, frozenset(skip))
    plan = _PLANS.get(key)
    if plan is None or plan[0] is not rules:
        chosen = [(r, frozenset(r.triggers)) for r in rules
                  if kind in r.languages and not any(r.code.startswith(c) for c in skip)]
        triggers = tuple(sorted(set().union(*(t for _, t in chosen)))) if chosen else ()
        plan = _PLANS[key] = (rules, triggers, chosen)
    return plan[1], plan[2]


_CODES: dict = {}


def _codes(rules: "tuple[Rule, ...]", skip: set[str]) -> frozenset[str]:
    """The codes of the rules that run (not ignored for the file), once per run and ignore set."""
    key = (id(rules), frozenset(skip))
    found = _CODES.get(key)
    if found is None or found[0] is not rules:
        found = _CODES[key] = (rules, frozenset(r.code for r in rules if not any(r.code.startswith(c) for c in skip)))
    return found[1]


# A minified script (``*.min.js``, or text whose lines average this many characters) is a
# library's copy or a build's output: a rewrite there is undone by the next update or build.
MINIFIED_MEAN_LINE = 400
_MINIFIED_NOTE = (
    "; none of it is written here: this file is minified (a library's copy or a build's output,"
    " which the next update or build replaces): update the library, or change the source it is built from"
)


def minified(file: SourceFile) -> bool:
    name = os.path.basename(file.path).lower()
    if ".min." in name:
        return True
    text = file.text
    return len(text) > 4 * MINIFIED_MEAN_LINE and len(text) / (text.count("\n") + 1) > MINIFIED_MEAN_LINE


def run_rules(file: SourceFile, rules: "tuple[Rule, ...]", skip: set[str]) -> list[Diagnostic]:
    diagnostics: list[Diagnostic] = []
    if file.kind == "javascript" and written_for_htmx_4(file.text):
        return diagnostics  # a copy of htmx 4 or an htmx 4 extension: nothing of htmx 2 in it
    diagnostics = _run_rules(file, rules, skip)
    if file.kind == "javascript" and any(d.fix for d in diagnostics) and minified(file):
        for d in diagnostics:
            if d.fix is not None:
                d.fix = None
                d.message += _MINIFIED_NOTE
    return diagnostics


def _run_rules(file: SourceFile, rules: "tuple[Rule, ...]", skip: set[str]) -> list[Diagnostic]:
    diagnostics: list[Diagnostic] = []
    triggers, chosen = _plan(rules, file.kind, skip)
    # Each trigger is looked for once per file, whatever the number of rules sharing it.
    present = frozenset(t for t in triggers if t in file.lower) if triggers else frozenset()
    last = []
    for rule, wanted in chosen:
        if wanted and present.isdisjoint(wanted):
            continue
        if rule.sees_findings:
            last.append(rule)
            continue
        diagnostics.extend(rule.check(file))
    if last:
        # What the others left without a finding; rules not chosen for this file are named,
        # so that what they would have reported is not taken for unrecognised.
        file.rule_codes = _codes(rules, skip)
        for rule in last:
            diagnostics.extend(rule.check(file, diagnostics))
    diagnostics.sort(key=lambda d: (d.start, d.end, d.code))
    return diagnostics


def fix_text(
    path: str, text: str, kind: str, settings: "Settings", project: "Project", rules: "tuple[Rule, ...]",
    settle: bool = True,
) -> tuple[str, list[Diagnostic], list[Diagnostic], int]:
    """Fix until nothing more can be fixed.

    Returns (fixed text, diagnostics of the original text, diagnostics left in the
    fixed text, number of fixes applied). With ``settle`` False (a --check run, which
    reports the file as it is) only the first round of fixes is applied, enough to
    know that the file would change and that the rewrite verifies; what would be left
    is then not known and returned empty."""
    skip = ignored_codes(path, settings)
    report_unused = any(r.code == "WS901" for r in rules) and "WS901" not in skip
    current = text
    first: list[Diagnostic] | None = None
    applied = 0
    for _ in range(MAX_PASSES):
        file = SourceFile(path, current, kind, settings, project)
        diagnostics = filter_suppressed(file, run_rules(file, rules, skip), report_unused=report_unused)
        if first is None:
            first = diagnostics
        fixes = [d.fix for d in diagnostics if d.fix is not None and (d.fix.safe or settings.unsafe_fixes)]
        if not fixes:
            return current, first, diagnostics, applied
        # Diagnostics of one rewrite may share one tuple of edits (every setting moved into one
        # config object): each tuple is sorted and checked once, whatever the number sharing it.
        groups = {id(f.edits): f.edits for f in fixes}
        chosen = merge_sorted([sorted(edits) for edits in groups.values()])
        if not chosen:
            return current, first, diagnostics, applied
        taken = set(chosen)
        whole = {key: all(e in taken for e in edits) for key, edits in groups.items()}
        applied += sum(1 for f in fixes if whole[id(f.edits)])
        current = apply_edits(current, chosen)
        if not settle:
            return current, first, [], applied
    raise RuntimeError(f"fixes did not settle after {MAX_PASSES} passes (a rule keeps rewriting its own output)")


# The most of a source line a diagnostic keeps to show: a whole line of a hand-written
# file, a window of a minified one (whose one line would otherwise be copied per finding).
SHOWN_WIDTH = 240


def locate(file_text: str, diagnostics: list[Diagnostic]) -> None:
    if not diagnostics:
        return
    index = LineIndex(file_text)
    for d in diagnostics:
        # One copy of each message however many files repeat it: a run keeps them all.
        d.message = sys.intern(d.message)
        d.line, d.col = index.line_col(d.start)
        d.end_line, d.end_col = index.line_col(d.end)
        end_col = d.end_col if d.end_line == d.line else d.col + SHOWN_WIDTH
        d.source_line, d.source_col, d.source_more = index.excerpt(d.line, d.col, end_col, SHOWN_WIDTH)


def process_text(path: str, text: str, settings: "Settings", project: "Project", rules, kind: str | None = None,
                 settle: bool = True) -> FileResult:
    kind = kind or settings.kind_of(path) or "other"
    if kind == "doc":
        return FileResult(path, "unchanged", mentions=mentions(text))
    if kind == "python" and gc.isenabled():
        # Python's syntax trees (libcst's, ast's) are millions of objects, alive while the
        # file is read and free of cycles: every full collection walked them all again (a
        # third of the time of a large module, more the larger it was) for nothing to
        # collect. The collector runs again between files. (Markup views hold cycles.)
        gc.disable()
        try:
            return process_text(path, text, settings, project, rules, kind, settle)
        finally:
            gc.enable()
    try:
        fixed, first, remaining, applied = fix_text(path, text, kind, settings, project, rules, settle)
        refusal = _verify(kind, text, fixed, flavor_of(path)) if fixed != text else None
        if refusal is not None:
            return FileResult(path, "failed", message=refusal, original=text)
    except RecursionError:
        return FileResult(path, "failed", message="internal error: input too deeply nested", original=text)
    except Exception as exc:  # a bug in a rule must not stop the run or touch the file

        if isinstance(exc, TooComplex):  # refused before a parser could crash on it
            return FileResult(path, "failed", message=f"{exc}; nothing was written", original=text)
        return FileResult(path, "failed", message=f"internal error: {exc.__class__.__name__}: {exc}", original=text)
    locate(text, first)
    locate(fixed, remaining)
    status = "changed" if fixed != text else "unchanged"
    return FileResult(path, status, first, original=text, fixed=fixed, fixes_applied=applied, remaining=remaining)


def _verify(kind: str, before: str, after: str, flavor: str = "html") -> str | None:
    """Why the rewrite must not be written, or None. The verifier (and lxml) is
    imported only when a file changed."""
    from . import verify

    try:
        verify.verify(kind, before, after, flavor)
    except verify.MalformedMarkup as exc:
        return (f"{exc}: the markup is malformed there, and a rewrite of it cannot be checked; nothing was written "
                "(correct the markup, then run hxmigrate again)")
    except verify.VerificationError as exc:
        return f"internal error: the rewrite did not verify ({exc}); nothing was written"
    return None


def read_file(path: Path, follow_symlinks: bool = True) -> tuple[bytes, os.stat_result]:
    """The bytes of a regular file and the status they were read with (one open, so
    the status describes what was read; a FIFO or device is never waited on)."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    if not follow_symlinks:
        flags |= getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        if exc.errno == errno.ELOOP and not follow_symlinks:
            raise SkipFile("it became a symbolic link during the run; not followed", error=False) from None
        raise
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise SkipFile("not a regular file", error=False)
        if st.st_size > MAX_FILE_SIZE:
            raise SkipFile(too_large(st.st_size), error=False)
        chunks = []
        remaining = MAX_FILE_SIZE + 1
        while remaining > 0:
            chunk = os.read(fd, min(remaining, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            remaining -= len(chunk)
    finally:
        os.close(fd)
    data = b"".join(chunks)
    if len(data) > MAX_FILE_SIZE:  # it grew while being read
        raise SkipFile(too_large(len(data)), error=False)
    return data, st


def process_path(path: Path, settings: "Settings", project: "Project", rules, write: bool, settle: bool = True) -> FileResult:
    display = str(path)
    kind = settings.kind_of(path) or "other"
    scanned_only = kind in ("other", "doc")
    try:
        text, st = _read_text(path, lenient=scanned_only)
    except SkipFile as exc:
        if scanned_only and not exc.error:  # a binary file among the others: nothing to say
            return FileResult(display, "unchanged")
        return FileResult(display, "failed" if exc.error else "skipped", message=str(exc))
    except FileNotFoundError:
        return FileResult(display, "skipped", message="the file disappeared during the run")
    except IsADirectoryError:
        return FileResult(display, "skipped", message="not a regular file")
    except OSError as exc:
        return FileResult(display, "failed", message=f"cannot read: {exc.strerror or exc}")
    result = process_text(display, text, settings, project, rules, kind=kind, settle=settle or write)
    if scanned_only and result.status == "changed":  # never: no rule edits what it cannot read
        return FileResult(display, "failed", message="internal error: a rule edited a file hxmigrate only scans; nothing was written")
    if write and result.status == "changed":
        write_result(path, result, st)
    return result


def write_result(path: Path, result: FileResult, before: os.stat_result) -> FileResult:
    """Write a changed file's fixed text over the file as it was read (``before``: its status
    then); nothing is written when it changed since. The result says what happened."""
    try:
        write_atomic(path, result.fixed.encode("utf-8"), before)
    except FileNotFoundError:
        result.status = "skipped"
        result.message = "the file disappeared during the run; nothing was written"
    except OSError as exc:
        result.status = "failed"
        result.message = f"cannot write: {exc.strerror or exc}; the file is unchanged"
    return result


def _read_text(path: Path, lenient: bool = False) -> tuple[str, os.stat_result]:
    # A function of its own, so the bytes are freed as soon as they are decoded. The
    # files of a run are real paths (links were resolved, or refused, when they were
    # found): a link in their place now is not followed out of the given paths.
    data, st = read_file(path, follow_symlinks=False)
    return decode(data, lenient), st


def write_atomic(path: Path, data: bytes, before: os.stat_result) -> None:
    """Write through a temporary file in the same folder and rename it into place,
    so a reader (or a crash) sees the old file or the new one, never half of one."""
    now = os.stat(path)
    if (now.st_mtime_ns, now.st_size, now.st_ino) != (before.st_mtime_ns, before.st_size, before.st_ino):
        raise OSError(0, "the file changed while it was being migrated")
    if not stat.S_IMODE(before.st_mode) & 0o222 or not os.access(path, os.W_OK):
        # A rename would replace it anyway; a read-only file is a request not to.
        raise OSError(0, "the file is read-only")

    folder = path.parent
    import tempfile  # only a run that writes needs it

    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".hxmigrate-tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, stat.S_IMODE(before.st_mode))
        try:
            os.chown(tmp, before.st_uid, before.st_gid)
        except OSError:
            pass
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
