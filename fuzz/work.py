"""What a worker does with a task, and how mutant number N of a seed is made.

Everything here is a pure function of (seed, index) and the corpus, so the parent can make
again a mutant whose worker died, and ``--replay`` can run one again alone.
"""

from __future__ import annotations

import os
import random
import re
import resource
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from . import mutate, oracle, tags as tagscan
from .corpus import Context, Corpus, Entry, ProjectSource, write_tree
from .oracle import Failure

KIND_WEIGHTS = {"markup": 0.56, "javascript": 0.18, "python": 0.18, "go": 0.04, "rust": 0.04}


@dataclass
class Options:
    seed: str = "0"
    max_size: int = 256 * 1024  # characters a growth mutator may reach
    project_rate: float = 0.01  # share of mutants that are whole projects run through the command line
    real_cli_rate: float = 0.05  # share of those run as a new interpreter (python -m hxmigrate)
    grow: bool = True
    memory_limit: int = 4 << 30  # RLIMIT_AS of a worker, bytes
    timeout: float = 60.0  # wall-clock seconds per task before the worker is killed


@dataclass
class Mutant:
    index: int
    mode: str  # "file" or "project"
    kind: str  # the mutated file's kind ("project" for a project)
    origin: str  # the corpus entry or project it was made from
    ops: list[str]
    data: str | bytes | None = None  # file mode
    context: Context | None = None
    files: dict[str, bytes] = field(default_factory=dict)  # project mode: every file
    mutated: dict[str, str] = field(default_factory=dict)  # project mode: mutated file -> kind
    real_cli: bool = False

    @property
    def size(self) -> int:
        if self.mode == "file":
            return len(self.data or "")
        return sum(len(self.files[p]) for p in self.mutated)


# The parent sets these before the workers are forked.
STATE: dict = {}


def make(index: int, scale: float = 1.0, corpus: Corpus | None = None, opts: Options | None = None) -> Mutant:
    from hxmigrate.paths import kind_of

    corpus = corpus or STATE["corpus"]
    opts = opts or STATE["opts"]
    rng = random.Random(f"{opts.seed}/{index}")
    if rng.random() < opts.project_rate:
        source: ProjectSource = rng.choice(corpus.projects)
        files = dict(source.files)
        readable = sorted(p for p in files if kind_of(p) in KIND_WEIGHTS)
        mutated: dict[str, str] = {}
        ops: list[str] = []
        for rel in rng.sample(readable, min(len(readable), rng.choice([1, 1, 2]))):
            kind = kind_of(rel)
            text = files[rel].decode("utf-8", "replace")
            data, done = mutate.mutate(rng, text, kind, min(opts.max_size, 200_000), scale, opts.grow)
            files[rel] = data if isinstance(data, bytes) else data.encode("utf-8")
            mutated[rel] = kind
            ops += [f"{rel}:{op}" for op in done]
        if rng.random() < 0.3:
            rel, text, op = _new_file(rng, files, scale)
            files[rel] = text.encode("utf-8")
            mutated[rel] = kind_of(rel)
            ops.append(f"{rel}:{op}")
        return Mutant(index, "project", "project", source.name, ops, files=files, mutated=mutated,
                      real_cli=rng.random() < opts.real_cli_rate)
    kind = rng.choices(list(KIND_WEIGHTS), list(KIND_WEIGHTS.values()))[0]
    entry: Entry = rng.choice(corpus.entries[kind])
    data, ops = mutate.mutate(rng, entry.text, kind, opts.max_size, scale, opts.grow)
    return Mutant(index, "file", kind, entry.name, ops, data=data, context=entry.context)


def _new_file(rng: random.Random, files: dict[str, bytes], scale: float) -> tuple[str, str, str]:
    """A file added to a project: server code that sends one of its templates (discovery
    must follow it), a module nested deeply next to a send, or a marked message template."""
    what = rng.random()
    templates = sorted(p for p in files if "templates/" in p and p.endswith((".html", ".jinja", ".j2")))
    if what < 0.4 and templates:
        name = rng.choice(templates).split("templates/", 1)[1]
        send = rng.choice(["await websocket.send_text({html})", "await websocket.send({html})",
                           "await manager.broadcast({html})"])
        html = rng.choice([f'templates.get_template("{name}").render(x=1)',
                           f'templates.TemplateResponse(request, "{name}", {{}}).body.decode()'])
        return ("fuzz_consumer.py", "from fastapi import WebSocket\nfrom fastapi.templating import Jinja2Templates\n\n"
                'templates = Jinja2Templates(directory="templates")\n\n\n'
                "async def push(websocket: WebSocket, request=None, manager=None):\n"
                f"    {send.format(html=html)}\n", "add_consumer")
    if what < 0.7:
        depth = max(1, int(2 ** rng.uniform(4, 12) * scale))
        opener, closer = rng.choice([("[", "]"), ("(", ")"), ("{", "}"), ("-(", ")")])
        return ("fuzz_deep.py", "async def f(ws):\n    await ws.send_text('<div id=\"a\">x</div>')\n\n"
                f"x = {opener * depth}1{closer * depth}\n", "add_deep_module")
    from .projects import _message

    return ("templates/fuzz_marked.html", _message(rng, marked=True), "add_marked_template")


# --- in the worker -------------------------------------------------------------------------

def setup() -> None:
    opts: Options = STATE["opts"]
    import faulthandler

    faulthandler.disable()  # a crash is the finding; its dump (under pytest) is noise
    try:
        resource.setrlimit(resource.RLIMIT_AS, (opts.memory_limit, opts.memory_limit))
    except (ValueError, OSError):
        pass
    # Core dumps of the crashes the fuzzer provokes would fill the disk.
    try:
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    except (ValueError, OSError):
        pass
    STATE["root"] = Path(tempfile.mkdtemp(prefix="w", dir=STATE["workdir"]))


def _status_kb(field_name: str) -> int:
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith(field_name + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _reset_peak() -> bool:
    try:
        with open("/proc/self/clear_refs", "w") as fh:
            fh.write("5")
        return True
    except OSError:
        return False


def handle(task) -> dict:
    what = task[0]
    if what == "mutant":
        _, index, scale = task
        return run_mutant(make(index, scale))
    if what == "examine":  # shrinking and replay: a text with a context
        _, data, ctx_json = task
        return _examine_file(data, Context.from_json(ctx_json))
    if what == "scaled":  # replay of a cost reproducer: prefix + unit * repeat + suffix
        _, prefix, unit, suffix, repeat, ctx_json = task
        return _examine_scaled(prefix, unit, suffix, repeat, Context.from_json(ctx_json))
    if what == "project":  # replay of a project
        _, files, mutated, real_cli = task
        return _examine_project(files, mutated, real_cli)
    if what == "selftest-crash":  # for the tests of the pool
        import ctypes

        ctypes.string_at(0)
    if what == "selftest-sleep":
        time.sleep(task[1])
        return {}
    raise ValueError(f"unknown task {what!r}")


def _examine_file(data, ctx: Context) -> dict:
    measured = _reset_peak()
    before = _status_kb("VmRSS")
    outcome = oracle.examine(data, ctx, STATE["root"])
    grown = (_status_kb("VmHWM") - before) * 1024 if measured else 0
    if grown > oracle.MEMORY_BASE + oracle.MEMORY_PER_BYTE * outcome.size:
        outcome.failures.append(Failure("resource-memory", f"{ctx.kind}: peak memory over the budget",
                                        f"{grown >> 20} MB more for {outcome.size} characters"))
    return {"failures": [(f.cls, f.signature, f.detail) for f in outcome.failures], "cpu": outcome.cpu,
            "size": outcome.size, "valid": outcome.valid, "status": outcome.status, "memory": grown}


def _superlinear(cpu: float, size: int, small_cpu: float, small_size: int) -> bool:
    """Whether the cost grew like the square of the size (linear growth gives a ratio
    equal to the growth; SUPERLINEAR is the ratio allowed for a fourfold growth)."""
    ratio = cpu / max(small_cpu, 1e-3)
    return cpu >= oracle.SUPERLINEAR_MIN and ratio > oracle.SUPERLINEAR * (size / max(small_size, 1)) / 4


def _examine_scaled(prefix, unit, suffix, repeat: int, ctx: Context) -> dict:
    result = _examine_file(prefix + unit * repeat + suffix, ctx)
    if result["cpu"] >= oracle.SUPERLINEAR_MIN:
        small = prefix + unit * max(1, repeat // 4) + suffix
        quarter = oracle.examine(small, ctx, STATE["root"], check_output=False)
        if _superlinear(result["cpu"], result["size"], quarter.cpu, len(small)):
            result["failures"].append(("resource-superlinear", f"{ctx.kind}: repeated",
                                       f"{result['cpu']:.2f} s for {result['size']}, {quarter.cpu:.2f} s for {len(small)}"))
    return result


def run_mutant(m: Mutant) -> dict:
    began = time.monotonic()
    if m.mode == "project":
        result = _examine_project(m.files, m.mutated, m.real_cli)
    else:
        result = _examine_file(m.data, m.context)
        if (mutate.is_growth(m.ops) and result["cpu"] >= oracle.SUPERLINEAR_MIN
                and not any(f[0] == "resource-superlinear" for f in result["failures"])):
            small = make(m.index, 0.25)
            if small.size and small.size * 3 < m.size:
                quarter = oracle.examine(small.data, small.context, STATE["root"], check_output=False)
                if _superlinear(result["cpu"], m.size, quarter.cpu, small.size):
                    result["failures"].append((
                        "resource-superlinear", f"{m.kind}: {next(op for op in m.ops if 'grow' in op)}",
                        f"{result['cpu']:.2f} s for {m.size} characters, {quarter.cpu:.2f} s for {small.size}"))
    result.update(index=m.index, mode=m.mode, kind=m.kind, origin=m.origin, ops=m.ops, size=m.size,
                  wall=time.monotonic() - began, grown=mutate.is_growth(m.ops))
    if result["failures"]:
        result["payload"] = _payload(m)
    return result


def _payload(m: Mutant) -> dict:
    if m.mode == "file":
        return {"data": m.data, "context": m.context.to_json()}
    return {"files": m.files, "mutated": m.mutated, "real_cli": m.real_cli}


# --- whole projects through the command line -------------------------------------------------

_SUMMARY = re.compile(r"(\d+) files? (would change|changed), (\d+) unchanged, (\d+) skipped, (\d+) failed")
_REFUSAL = re.compile(r"^hxmigrate: (.*?): (internal error: .*)$", re.M)


@dataclass
class CliRun:
    status: int  # exit code, or -signal
    out_size: int
    out_head: str
    err: str
    cpu: float
    maxrss: int  # bytes
    timed_out: bool = False

    def summary(self):
        m = _SUMMARY.search(self.err)
        return None if m is None else (int(m.group(1)), int(m.group(3)), int(m.group(4)), int(m.group(5)))


def _collect(pid: int, out_fd: int, err_fd: int, deadline: float) -> CliRun:
    size = 0
    head = bytearray()
    err = bytearray()
    fds = {out_fd, err_fd}
    timed_out = False
    while fds:
        left = deadline - time.monotonic()
        if left <= 0:
            timed_out = True
            os.kill(pid, signal.SIGKILL)
            break
        ready, _, _ = select.select(list(fds), [], [], min(left, 1.0))
        for fd in ready:
            chunk = os.read(fd, 1 << 16)
            if not chunk:
                fds.discard(fd)
                continue
            if fd == out_fd:
                size += len(chunk)
                if len(head) < 1 << 16:
                    head += chunk[: (1 << 16) - len(head)]
            elif len(err) < 1 << 20:
                err += chunk
    for fd in (out_fd, err_fd):
        os.close(fd)
    _, status, usage = os.wait4(pid, 0)
    code = -os.WTERMSIG(status) if os.WIFSIGNALED(status) else os.WEXITSTATUS(status)
    return CliRun(code, size, head.decode("utf-8", "replace"), err.decode("utf-8", "replace"),
                  usage.ru_utime + usage.ru_stime, usage.ru_maxrss * 1024, timed_out)


def run_cli(args: list[str], cwd: Path, timeout: float, real: bool) -> CliRun:
    """The command line on ``cwd``: in a new interpreter (``real``) or in a child forked from
    this worker, which has the tool imported already (click's ``main``, as the console
    script runs it)."""
    deadline = time.monotonic() + timeout
    if real:
        env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
        env["PYTHONDONTWRITEBYTECODE"] = "1"
        proc = subprocess.Popen([sys.executable, "-m", "hxmigrate", *args], cwd=cwd, stdin=subprocess.DEVNULL,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
        run = _collect(proc.pid, os.dup(proc.stdout.fileno()), os.dup(proc.stderr.fileno()), deadline)
        proc.stdout.close()
        proc.stderr.close()
        proc.returncode = run.status  # reaped by _collect
        return run
    out_r, out_w = os.pipe()
    err_r, err_w = os.pipe()
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:  # the child: never returns
        code = 70
        try:
            os.chdir(cwd)
            os.dup2(out_w, 1)
            os.dup2(err_w, 2)
            for fd in (out_r, out_w, err_r, err_w):
                os.close(fd)
            devnull = os.open(os.devnull, os.O_RDONLY)
            os.dup2(devnull, 0)
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            signal.signal(signal.SIGINT, signal.SIG_DFL)
            from hxmigrate.cli import main

            try:
                main(args, prog_name="hxmigrate", standalone_mode=True)
                code = 0
            except SystemExit as exc:
                code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
            except BaseException:  # noqa: BLE001 - as the interpreter would: a traceback, exit 1
                import traceback

                traceback.print_exc()
                code = 1
            sys.stdout.flush()
            sys.stderr.flush()
        finally:
            os._exit(code)
    os.close(out_w)
    os.close(err_w)
    return _collect(pid, out_r, err_r, deadline)


def _read_tree(root: Path) -> dict[str, bytes]:
    out = {}
    for folder, dirs, names in os.walk(root):
        dirs[:] = [d for d in dirs if d != "__pycache__"]
        for name in names:
            p = Path(folder, name)
            out[p.relative_to(root).as_posix()] = p.read_bytes()
    return out


def _examine_project(files: dict[str, bytes], mutated: dict[str, str], real_cli: bool) -> dict:
    opts: Options = STATE["opts"]
    where = Path(tempfile.mkdtemp(prefix="p", dir=STATE["root"]))
    failures: list[tuple[str, str, str]] = []
    size = sum(len(files[p]) for p in mutated) if mutated else sum(len(v) for v in files.values())
    cpu = 0.0
    try:
        write_tree(where, files)
        runs = {}
        for phase, args in (("check", [".", "--check"]), ("write", [".", "--write"])):
            runs[phase] = run_cli(args, where, opts.timeout / 3, real_cli)
            if phase == "write":
                after = _read_tree(where)
        runs["again"] = run_cli([".", "--write"], where, opts.timeout / 3, real_cli)
        again = _read_tree(where)
        how = "python -m hxmigrate" if real_cli else "command line"
        broken = False
        for phase, run in runs.items():
            cpu += run.cpu
            if run.timed_out:
                failures.append(("resource-time", f"project: {how} killed at the deadline", phase))
            elif run.status < 0:
                from .pool import signal_name

                failures.append(("crash", f"project: {how} died by {signal_name(run.status)}", f"--{phase}"))
            elif run.status not in (0, 1, 2):
                failures.append(("crash", f"project: {how} exited {run.status}", f"--{phase}: {run.err[-500:]}"))
            if "Traceback (most recent call last)" in run.err:
                last = [ln for ln in run.err.strip().splitlines() if ln and not ln.startswith(" ")][-1:]
                failures.append(("exception", f"project: traceback {oracle.normalize(last[0] if last else '')}",
                                 run.err[-1500:]))
            texts = files if phase != "again" else after
            for path, message in _REFUSAL.findall(run.err):
                rel = Path(path).as_posix().removeprefix("./")
                if phase == "again" and after.get(rel) == files.get(rel):
                    continue  # refused by the first write already, and counted there
                kind = _kind(rel)
                data = texts.get(rel, b"")
                try:
                    text = data.decode("utf-8")
                except UnicodeDecodeError:
                    text = None
                exc = re.match(r"internal error: (\w+(?:Error|Exception)): ", message)
                if exc:
                    failures.append(("exception", f"project {kind}: {exc.group(1)}", f"{rel}: {message[:400]}"))
                elif phase == "again":
                    failures.append(("second-write-error", f"project {kind}: {oracle.normalize(message)}", rel))
                elif text is not None and oracle.invalid_reason(kind, text, rel) is None:
                    failures.append(("internal-error", f"project {kind}: {oracle.normalize(message)}", f"{rel}: {message[:400]}"))
                else:
                    failures.append(("internal-error-invalid", f"project {kind}: {oracle.normalize(message)}", rel))
            if run.timed_out or run.status < 0:
                broken = True
                continue  # what it left is not a result: the class above is the finding
            for rel in mutated:
                try:
                    files[rel].decode("utf-8")
                except UnicodeDecodeError:
                    if f"{rel}: not valid UTF-8" not in run.err.replace("./", "") and b"\x00" not in files[rel][:8192] \
                            and not files[rel].startswith((b"\xff\xfe", b"\xfe\xff")):
                        failures.append(("decode", "project: undecodable file not named", f"--{phase}: {rel}"))
        if broken:
            return {"failures": failures, "cpu": cpu, "size": size, "valid": True, "status": "", "memory": 0}
        if after != again:
            changed = sorted(p for p in after if after.get(p) != again.get(p))
            failures.append(("not-idempotent", f"project {_kind(changed[0]) if changed else ''}: second --write changed files",
                             ", ".join(changed[:5])))
        check_sum, write_sum = runs["check"].summary(), runs["write"].summary()
        if check_sum and write_sum and (check_sum[0], check_sum[3]) != (write_sum[0], write_sum[3]):
            failures.append(("check-write-disagree", "project: --check and --write count different files",
                             f"check {check_sum}, write {write_sum}"))
        for rel, data in after.items():
            if _kind(rel) != "markup" or files.get(rel) == data:
                continue
            try:
                before_text, after_text = files[rel].decode("utf-8"), data.decode("utf-8")
            except (KeyError, UnicodeDecodeError):
                continue
            language, why_invalid = oracle.dialect(before_text, rel)
            if why_invalid:
                continue
            blocks = language if language in tagscan.BLOCK_DIALECTS else "none"
            change = tagscan.tag_change(before_text, after_text, blocks)
            if change is not None:
                failures.append(("template-tags", f"markup project: {change}", rel))
            if tagscan.partial_block_mismatches(after_text, blocks) > tagscan.partial_block_mismatches(before_text, blocks):
                failures.append(("template-structure", "markup project: <hx-partial> opens and closes in different template branches", rel))
        limit = oracle.OUTPUT_BASE + oracle.OUTPUT_PER_BYTE * sum(len(v) for v in files.values())
        if runs["check"].out_size > limit:
            failures.append(("resource-output", "project: report over the budget", f"{runs['check'].out_size} bytes"))
        budget = 3 * 1.5 + oracle.TIME_BASE + oracle.TIME_PER_BYTE * sum(len(v) for v in files.values())
        if cpu > budget:
            failures.append(("resource-time", "project: over the CPU budget", f"{cpu:.1f} s"))
    finally:
        shutil.rmtree(where, ignore_errors=True)
    status = "changed" if after != files else "unchanged"
    return {"failures": failures, "cpu": cpu, "size": size, "valid": True, "status": status, "memory": 0}


def _kind(rel: str) -> str:
    from hxmigrate.paths import kind_of

    return kind_of(rel) or "other"
