"""What a command-line run does, step by step, and which exit code it ends with."""

from __future__ import annotations

import inspect
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from . import isolation
from .analysis.project import Project
from .config import ConfigError, load_settings
from .engine import FileResult, SkipFile, decode, process_text, read_file
from .files import collect
from .report import DiagnosticWriter, Statistics, unified_diff, write_diagnostics
from .rules import all_rules, rule_by_code, select_rules
from .runner import _terminate_as_exit, read_project, results
from .source import SourceFile
from .targets import get_target

if TYPE_CHECKING:
    from .analysis.project import Project

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


@dataclass
class Options:
    paths: list[Path] = field(default_factory=list)
    mode: str = "check"  # check, write, diff
    target: str | None = None
    select: list[str] | None = None
    ignore: list[str] = field(default_factory=list)
    extend_select: list[str] = field(default_factory=list)
    unsafe_fixes: bool | None = None
    oob_style: str | None = None
    output_format: str | None = None
    statistics: bool = False
    exit_zero: bool = False
    exit_non_zero_on_fix: bool = False
    stdin_filename: str | None = None
    config_file: Path | None = None
    jobs: int | None = None
    explain_discovery: bool = False
    list_rules: bool = False
    explain: str | None = None
    quiet: bool = False


def _err(message: str) -> None:
    sys.stderr.write(f"hxmigrate: {message}\n")


def list_rules(stream=sys.stdout) -> None:
    for rule in all_rules():
        fix = {"always": "fix", "sometimes": "fix?", "never": "-"}[rule.fix]
        safety = "" if rule.fix == "never" else f" ({rule.safety})"
        stream.write(f"{rule.code}  {rule.name:<32} {fix + safety:<16} {rule.summary}\n")


def explain(code: str, stream=sys.stdout) -> int:
    rule = rule_by_code(code)
    if rule is None:
        _err(f"no rule {code!r}; see --list-rules")
        return EXIT_ERROR
    stream.write(f"# {rule.code} {rule.name}\n\n")
    stream.write(f"Languages: {', '.join(rule.languages)}. Fix: {rule.fix}")
    stream.write(f" ({rule.safety}).\n\n" if rule.fix != "never" else ".\n\n")

    stream.write(inspect.cleandoc(rule.doc) + "\n")
    return EXIT_CLEAN


def build_settings(opts: Options, paths: list[Path]):
    settings = load_settings(paths, opts.config_file)
    if opts.target:
        settings.target_name = opts.target
    if opts.select is not None:
        settings.select = opts.select
    settings.ignore = settings.ignore + opts.ignore
    settings.extend_select = settings.extend_select + opts.extend_select
    if opts.unsafe_fixes is not None:
        settings.unsafe_fixes = opts.unsafe_fixes
    if opts.oob_style:
        settings.oob_style = opts.oob_style
    name = settings.target_name
    if name == "auto":
        from .analysis.detect import (
            detect_target,  # only --target auto reads the versions
        )

        name = detect_target(settings.root, paths)
    try:
        settings.target = get_target(name)
    except ValueError as exc:
        raise ConfigError(str(exc)) from None
    return settings


def run_cli(opts: Options) -> int:
    if opts.list_rules:
        list_rules()
        return EXIT_CLEAN
    if opts.explain:
        return explain(opts.explain)
    if not opts.paths:
        _err("no paths given (try 'hxmigrate templates/' or 'hxmigrate --help')")
        return EXIT_ERROR
    stdin = [p for p in opts.paths if str(p) == "-"]
    files_given = [p for p in opts.paths if str(p) != "-"]
    if stdin and files_given:
        _err("'-' (standard input) cannot be combined with other paths")
        return EXIT_ERROR
    try:
        settings = build_settings(opts, files_given or [Path(opts.stdin_filename or ".").parent])
    except ConfigError as exc:
        _err(str(exc))
        return EXIT_ERROR

    rules = select_rules(settings.select, settings.ignore, settings.extend_select)
    unknown = [c for c in (settings.select or []) + settings.ignore + settings.extend_select
               if c != "ALL" and not any(r.code.startswith(c) for r in all_rules())]
    if unknown:
        _err(f"unknown rule code or prefix: {', '.join(unknown)} (see --list-rules)")
        return EXIT_ERROR
    fmt = opts.output_format or ("github" if os.environ.get("GITHUB_ACTIONS") == "true" else "full")
    if stdin:
        return _run_stdin(opts, settings, rules, fmt)


    fileset = collect(files_given, settings.exclude + settings.extend_exclude, settings.root)
    # Only the facts the selected rules read (all of them to explain discovery).
    needed = None if opts.explain_discovery else frozenset().union(*(r.facts for r in rules))

    def build() -> Project:
        return Project.build(settings, fileset.files, needed)

    read: list[Project] = []
    project: "Project | Callable[[], Project]" = build  # read while the workers start on the files
    if opts.explain_discovery:
        project = read_project(build, settings, fileset.files)
        read.append(project)
        _explain_discovery(project, fileset.files, settings)
    progress = _Progress(len(fileset.files)) if not opts.quiet else None
    shown = progress if progress and progress.enabled else None
    stream = results(fileset.files, settings, project, rules, write=opts.mode == "write", jobs=opts.jobs,
                     progress=shown.update if shown else None, settle=opts.mode != "check", on_project=read.append)
    outcome = _Outcome(opts, settings, fmt, shown)
    for result in stream:
        outcome.add(result)
    if progress:
        progress.done()
    return outcome.finish(fileset.skipped, read[0].read_errors if read else ())


def _explain_discovery(project, files, settings) -> None:
    found = 0
    for path in files:
        if settings.kind_of(path) != "markup":
            continue
        try:
            text = decode(read_file(path)[0])
        except (SkipFile, OSError):
            continue
        reason = project.message_template_reason(SourceFile(str(path), text, "markup", settings, project))
        if reason:
            found += 1
            sys.stderr.write(f"{path}: WebSocket message template: {reason}\n")
    sys.stderr.write(f"{found} WebSocket message template{'s' if found != 1 else ''} found\n")


class _Progress:
    """A progress bar on stderr for long runs, only on a terminal, never in CI."""

    WIDTH = 30

    def __init__(self, total: int, stream=None) -> None:
        self.stream = stream or sys.stderr
        self.total = total
        self.enabled = (total >= 200 and hasattr(self.stream, "isatty") and self.stream.isatty()
                        and not os.environ.get("CI") and os.environ.get("TERM") != "dumb")
        self.shown = -1

    def update(self, done: int) -> None:
        percent = done * 100 // max(1, self.total)
        if percent == self.shown:
            return
        self.shown = percent
        filled = self.WIDTH * done // max(1, self.total)
        self.stream.write(f"\r[{'#' * filled}{'.' * (self.WIDTH - filled)}] {done}/{self.total} files")
        self.stream.flush()

    def done(self) -> None:
        if self.enabled:
            self.stream.write("\r\x1b[2K")
            self.stream.flush()

    def clear(self) -> None:
        """Takes the bar off its line, for a report written meanwhile; the next update draws it again."""
        if self.enabled and self.shown >= 0:
            self.done()
            self.shown = -1


_PROSE_SHOWN = 20


def _lines(numbers: list[int]) -> str:
    """'line 4' or 'lines 3-5, 9'."""
    runs: list[list[int]] = []
    for n in numbers:
        if runs and n == runs[-1][1] + 1:
            runs[-1][1] = n
        else:
            runs.append([n, n])
    text = ", ".join(str(a) if a == b else f"{a}-{b}" for a, b in runs)
    return ("line " if len(numbers) == 1 else "lines ") + text


def _run_stdin(opts: Options, settings, rules, fmt: str) -> int:
    name = opts.stdin_filename or "-"
    data = sys.stdin.buffer.read()
    write = opts.mode == "write"
    try:
        text = decode(data)
    except SkipFile as exc:
        _err(f"{name}: {exc}")
        if write:  # `hxmigrate - --write < f > g` must never leave g emptied
            _write_stdout(data)
        return EXIT_ERROR
    project = Project(settings)
    kind = (settings.kind_of(name) or "other") if opts.stdin_filename else "markup"
    result = _process_stdin(name, text, settings, project, rules, kind)
    if result.status == "failed":
        _err(f"{name}: {result.message}")
        if write:
            _write_stdout(data)
        return EXIT_ERROR

    by_code = {r.code: r for r in all_rules()}
    if write:
        _write_stdout(result.fixed.encode("utf-8"))
        if result.remaining:
            write_diagnostics(fmt if fmt != "full" else "concise", [(name, d) for d in result.remaining], sys.stderr, by_code, settings.unsafe_fixes)
        if opts.exit_zero:
            return EXIT_CLEAN
        if opts.exit_non_zero_on_fix and result.changed:
            return EXIT_FINDINGS
        return EXIT_FINDINGS if result.remaining else EXIT_CLEAN
    if opts.mode == "diff":
        sys.stdout.write(unified_diff(result))
        return EXIT_FINDINGS if result.changed and not opts.exit_zero else EXIT_CLEAN
    write_diagnostics(fmt, [(name, d) for d in result.diagnostics], sys.stdout, by_code, settings.unsafe_fixes)
    return EXIT_FINDINGS if result.diagnostics and not opts.exit_zero else EXIT_CLEAN


def _process_stdin(name: str, text: str, settings, project, rules, kind: str):
    """The text's result; for Python, read in a child process, so that a crash of libcst's
    parser is reported (and the input echoed) rather than the end of the process."""
    if kind != "python" or not isolation.available():
        return process_text(name, text, settings, project, rules, kind=kind)

    with _terminate_as_exit():
        try:
            return isolation.Child(process_text, name, text, settings, project, rules, kind).run()
        except isolation.Crashed as crash:
            return FileResult(name, "failed", message=f"internal error: the process reading it died ({crash.how}: a "
                              "crash in a parser's native code, or the system out of memory); nothing was written")


def _write_stdout(data: bytes) -> None:
    """Bytes as they are: the text layer's encoding and newline translation left out."""
    sys.stdout.flush()
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:  # a text-only stream (a test's, an embedding program's)
        sys.stdout.write(data.decode("utf-8", "surrogateescape"))
        return
    buffer.write(data)
    buffer.flush()


class _Outcome:
    """What a run reports, file after file as the results come (the findings are written
    and forgotten), then the summary and the exit code."""

    def __init__(self, opts: Options, settings, fmt: str, progress: "_Progress | None" = None) -> None:
        self.opts = opts
        self.settings = settings
        self.write = opts.mode == "write"
        self.by_code = {r.code: r for r in all_rules()}
        self.progress = progress
        self.out = sys.stdout
        self.counts = Statistics() if opts.statistics and opts.mode != "diff" else None
        self.writer = DiagnosticWriter(fmt, self.out, self.by_code, settings.unsafe_fixes) \
            if opts.mode != "diff" and self.counts is None else None
        self.findings = 0
        self.fixable = 0
        self.fixes = 0
        self.changed = 0
        self.unchanged = 0
        self.failed: list[tuple[str, str | None]] = []
        self.skipped: list[tuple[str, str | None]] = []
        self.prose: list[tuple[str, list[int]]] = []

    def add(self, r: FileResult) -> None:
        diagnostics = r.remaining if self.write else r.diagnostics
        if self.opts.mode == "diff":
            if r.changed:
                self._clear_progress()
                self.out.write(unified_diff(r))
        elif self.counts is not None:
            self.counts.add(diagnostics)
        elif diagnostics:
            self._clear_progress()
            self.writer.add(r.path, diagnostics)
        self.findings += len(diagnostics)
        unsafe = self.settings.unsafe_fixes
        self.fixable += sum(1 for d in diagnostics if d.fix is not None and (d.fix.safe or unsafe))
        self.fixes += r.fixes_applied
        self.changed += bool(r.changed)
        self.unchanged += r.status == "unchanged" or (r.status == "changed" and not r.changed)
        if r.status == "failed":
            self.failed.append((r.path, r.message))
        elif r.status == "skipped":
            self.skipped.append((r.path, r.message))
        if r.mentions:
            self.prose.append((r.path, r.mentions))

    def _clear_progress(self) -> None:
        if self.progress is not None:
            self.progress.clear()

    def finish(self, skipped_paths, read_errors=()) -> int:
        opts, write = self.opts, self.write
        if self.counts is not None:
            self.counts.write(self.out, self.by_code)
        elif self.writer is not None:
            self.writer.close()

        for path, reason in skipped_paths:
            _err(f"{path}: skipped: {reason}")
        for path, message in self.skipped:
            _err(f"{path}: skipped: {message}")
        for path, message in self.failed:
            _err(f"{path}: {message}")
        read_errors = _not_yet_reported(read_errors, [str(p) for p, _ in skipped_paths]
                                        + [path for path, _ in self.failed + self.skipped])
        for path, message in read_errors:
            _err(f"{_relative(path)}: {message}")

        prose = self.prose
        if prose and not opts.quiet:
            listed = "; ".join(f"{path} ({_lines(lines)})" for path, lines in prose[:_PROSE_SHOWN])
            more = f"; and {len(prose) - _PROSE_SHOWN} more" if len(prose) > _PROSE_SHOWN else ""
            sys.stderr.write(f"{len(prose)} prose file{'s' if len(prose) != 1 else ''} mention{'s' if len(prose) == 1 else ''} "
                             f"htmx 2 WebSocket or SSE constructs (documentation is not migrated; update it by hand): "
                             f"{listed}{more}\n")
        items, changed = self.findings, self.changed
        if not opts.quiet:
            verb = "changed" if write else "would change"
            parts = [
                f"{changed} file{'s' if changed != 1 else ''} {verb}",
                f"{self.unchanged} unchanged",
                f"{len(self.skipped) + len(skipped_paths)} skipped",
                f"{len(self.failed)} failed",
            ]
            found = f"; {items} finding{'s' if items != 1 else ''}"
            if write:
                fixes = self.fixes
                found = f"; {fixes} fix{'es' if fixes != 1 else ''} applied" + (f", {items} finding{'s' if items != 1 else ''} left" if items else "")
            elif self.fixable:
                found += f" ({self.fixable} fixable with --write)"
            sys.stderr.write(", ".join(parts) + found + ".\n")

        if self.failed or read_errors or any(reason for _, reason in skipped_paths if reason.startswith(("no such", "cannot"))):
            return EXIT_ERROR
        if opts.exit_zero:
            return EXIT_CLEAN
        if write:
            if opts.exit_non_zero_on_fix and changed:
                return EXIT_FINDINGS
            return EXIT_FINDINGS if items else EXIT_CLEAN
        if opts.mode == "diff":
            return EXIT_FINDINGS if changed else EXIT_CLEAN
        return EXIT_FINDINGS if items else EXIT_CLEAN


def _not_yet_reported(read_errors, reported: list[str]) -> list[tuple[str, str]]:
    """What the project read could not read, less the files the run already named (each
    path once)."""
    if not read_errors:
        return []

    def real(path: str) -> str:
        return os.path.realpath(path)

    seen = {real(p) for p in reported}
    out = []
    for path, message in read_errors:
        key = real(path)
        if key not in seen:
            seen.add(key)
            out.append((path, message))
    return out


def _relative(path: str) -> str:
    """A path the project read found (absolute) as the walk names it: from the current folder."""
    try:
        rel = os.path.relpath(path)
    except ValueError:  # another drive
        return path
    return path if rel.startswith("..") else rel
