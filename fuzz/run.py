"""The fuzzer's command line: ``python -m fuzz --seed S --count N`` (see fuzz/README.md).

Exit status: 0 when every failure belongs to an open class of fuzz/known.toml (or there is
none), 1 when a failure of another class was found, 2 on a usage error.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import sys
import tempfile
import time
import tomllib
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

if __package__ in (None, ""):  # python fuzz/run.py
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    __package__ = "fuzz"

from fuzz import corpus as corpus_mod, oracle, shrink as shrink_mod, work  # noqa: E402
from fuzz.pool import Pool, signal_name  # noqa: E402

HERE = Path(__file__).resolve().parent
KNOWN = HERE / "known.toml"
SHORT = {"seed": "0", "count": 6000, "max_size": 64 * 1024, "project_rate": 0.01, "real_cli_rate": 0.05,
         "shrink": "new"}
NO_SHRINK = ("resource-time", "resource-superlinear", "resource-memory", "resource-output", "internal-error-invalid")


# --- the list of open classes -------------------------------------------------------------

@dataclass
class Known:
    classes: tuple[str, ...]  # a cost shows as time, growth, memory or output, whichever comes first
    signature: str  # a regular expression matched against the whole signature
    reproducer: str  # relative to fuzz/
    note: str = ""

    def matches(self, cls: str, signature: str) -> bool:
        return cls in self.classes and re.fullmatch(self.signature, signature) is not None


def load_known(path: Path = KNOWN) -> list[Known]:
    if not path.is_file():
        return []
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    out = []
    for e in data.get("open", []):
        classes = (e["class"],) if isinstance(e["class"], str) else tuple(e["class"])
        out.append(Known(classes, e["signature"], e["reproducer"], e.get("note", "")))
    return out


def known_for(known: list[Known], cls: str, signature: str) -> Known | None:
    return next((k for k in known if k.matches(cls, signature)), None)


# --- a run -------------------------------------------------------------------------------

@dataclass
class Example:
    index: int
    mode: str
    kind: str
    origin: str
    ops: list[str]
    size: int
    detail: str
    payload: dict | None


@dataclass
class Results:
    seed: str
    count: int = 0
    seconds: float = 0.0
    jobs: int = 1
    by_kind: Counter = field(default_factory=Counter)
    valid_by_kind: Counter = field(default_factory=Counter)
    changed_by_kind: Counter = field(default_factory=Counter)
    by_op: Counter = field(default_factory=Counter)
    failures: Counter = field(default_factory=Counter)  # (class, signature) -> mutants
    examples: dict = field(default_factory=lambda: defaultdict(list))  # (class, signature) -> [Example]
    cpu: float = 0.0
    wall: Counter = field(default_factory=Counter)  # worker seconds by kind ("markup", "markup grown"...)
    timed: Counter = field(default_factory=Counter)  # mutants timed, by the same keys
    fuzzer_errors: list = field(default_factory=list)

    def add(self, index: int, outcome: tuple[str, object], mutant_for=None) -> None:
        self.count += 1
        state, value = outcome
        if state == "ok":
            r = value
            self.by_kind[r["kind"]] += 1
            self.valid_by_kind[r["kind"]] += bool(r["valid"])
            self.changed_by_kind[r["kind"]] += r["status"] == "changed"
            self.cpu += r["cpu"]
            key = r["kind"] + (" grown" if r.get("grown") else "")
            self.wall[key] += r.get("wall", 0.0)
            self.timed[key] += 1
            for op in r["ops"]:
                self.by_op[op.rsplit(":", 1)[-1]] += 1
            seen = set()
            for cls, sig, detail in r["failures"]:
                if (cls, sig) in seen:
                    continue
                seen.add((cls, sig))
                self._record(cls, sig, Example(index, r["mode"], r["kind"], r["origin"], r["ops"], r["size"], detail,
                                               r.get("payload")))
            return
        if state == "error":
            self.fuzzer_errors.append((index, value))
            return
        m = mutant_for(index)
        self.by_kind[m.kind] += 1
        for op in m.ops:
            self.by_op[op.rsplit(":", 1)[-1]] += 1
        where = "command line" if m.mode == "project" else "engine in a worker"
        if state == "died":
            cls, sig = "crash", f"{m.kind}: {where} died by {signal_name(value)}"
        else:
            growth = [op for op in m.ops if "grow" in op]
            cls, sig = "resource-time", f"{m.kind}: killed at the deadline" + (f" ({growth[0]})" if growth else "")
        self._record(cls, sig, Example(index, m.mode, m.kind, m.origin, m.ops, m.size, f"{state} {value}",
                                       work._payload(m)))

    def _record(self, cls: str, sig: str, example: Example) -> None:
        self.failures[(cls, sig)] += 1
        kept = self.examples[(cls, sig)]
        kept.append(example)
        kept.sort(key=lambda e: e.size)
        del kept[3:]


def _short_ops(ops: list[str]) -> str:
    return "+".join(o.rsplit(":", 1)[-1] for o in ops)


def fuzz(opts: work.Options, count: int, start: int, jobs: int, out: Path, shrink: str = "all",
         shrink_seconds: float = 60.0, progress_every: float = 30.0, log=print,
         max_minutes: float | None = None) -> tuple[Results, list[dict]]:
    """Make and check ``count`` mutants; save a reproducer per failure class under ``out``,
    shrunk for ``shrink`` = "all" classes, the "new" ones (of no open class) or "none"."""
    workdir = Path(tempfile.mkdtemp(prefix="hxmigrate-fuzz-"))
    try:
        corpus = corpus_mod.load(opts.seed, workdir / "generated")
        work.STATE.update(corpus=corpus, opts=opts, workdir=workdir)
        log(f"corpus: {corpus.describe()}")
        results = Results(opts.seed, jobs=jobs)
        began = time.monotonic()
        last = began
        stop_at = began + max_minutes * 60 if max_minutes else None

        def tasks():
            for i in range(start, start + count):
                if stop_at is not None and time.monotonic() > stop_at:
                    log(f"  time is up: stopping after mutant {i - 1}")
                    return
                yield ("mutant", i, 1.0)

        with Pool(jobs, work.handle, work.setup, opts.timeout) as pool:
            for task, outcome in pool.imap(tasks()):
                results.add(task[1], outcome, lambda i: work.make(i))
                now = time.monotonic()
                if progress_every and now - last >= progress_every:
                    last = now
                    failing = sum(n for (c, _), n in results.failures.items() if c in oracle.FAILING)
                    log(f"  {results.count}/{count} mutants, {results.count / (now - began):.1f}/s, "
                        f"{failing} failing mutants in {len(results.failures)} classes")
            results.seconds = time.monotonic() - began
            saved = save(results, out, pool, shrink_seconds, log, shrink)
        return results, saved
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def _predicate(pool: Pool, cls: str, sig: str, ctx_json: dict, valid: bool):
    """Whether a candidate fails the same way, and is still valid input if the original was
    (a reproducer of a bug on valid input must not shrink into broken template syntax)."""
    def still_fails(candidate) -> bool:
        _, (state, value) = pool.run_one(("examine", candidate, ctx_json))
        if state == "died":
            return cls == "crash" and signal_name(value) in sig
        if state != "ok" or (valid and not value["valid"]):
            return False
        return any(c == cls and s == sig for c, s, _ in value["failures"])
    return still_fails


def _suffix(ctx: dict) -> str:
    name = ctx.get("filename", "x.html")
    return "".join(Path(name).suffixes[-1:]) or ".html"


def save(results: Results, out: Path, pool: Pool | None, shrink_seconds: float, log=print,
         shrink_policy: str = "all") -> list[dict]:
    """Write a reproducer per failure class (shrunk where it can be) and summary.json."""
    repro = out / "repro"
    if repro.exists():
        shutil.rmtree(repro)
    repro.mkdir(parents=True, exist_ok=True)
    known = load_known()
    saved = []
    for n, ((cls, sig), examples) in enumerate(sorted(results.examples.items(), key=lambda kv: kv[0])):
        example = examples[0]
        slug = re.sub(r"[^a-z0-9]+", "-", f"{cls} {sig}".lower()).strip("-")[:70]
        meta = {"class": cls, "signature": sig, "seed": results.seed, "index": example.index, "mode": example.mode,
                "origin": example.origin, "ops": example.ops, "detail": example.detail, "size": example.size,
                "mutants": results.failures[(cls, sig)]}
        k = known_for(known, cls, sig)
        meta["known"] = k.reproducer if k else None
        payload = example.payload or {}
        if example.mode == "file" and "data" in payload:
            data = payload["data"]
            ctx = payload["context"]
            wanted = shrink_policy == "all" or (shrink_policy == "new" and k is None and cls not in oracle.INFO)
            if pool is not None and wanted and cls not in NO_SHRINK:
                began = time.monotonic()
                _, (state, value) = pool.run_one(("examine", data, ctx))
                valid = state == "ok" and value["valid"]
                small = shrink_mod.shrink(data, _predicate(pool, cls, sig, ctx, valid), seconds=shrink_seconds)
                log(f"  shrunk {cls} [{sig}]: {len(data)} -> {len(small)} characters in {time.monotonic() - began:.0f} s")
                meta["shrunk_from"] = len(data)
                data = small
            path = repro / f"{n:02d}-{slug}{_suffix(ctx)}"
            path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
            meta["context"] = ctx
        else:
            path = repro / f"{n:02d}-{slug}"
            corpus_mod.write_tree(path / "files", payload.get("files", {}))
            meta["mutated"] = payload.get("mutated", {})
            meta["real_cli"] = payload.get("real_cli", False)
        Path(str(path) + ".json").write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        meta["path"] = str(path)
        saved.append(meta)
    summary = {
        "seed": results.seed, "mutants": results.count, "seconds": round(results.seconds, 1), "jobs": results.jobs,
        "mutants_per_second": round(results.count / max(results.seconds, 1e-9), 2),
        "by_kind": dict(results.by_kind), "valid_by_kind": dict(results.valid_by_kind),
        "changed_by_kind": dict(results.changed_by_kind), "by_mutator": dict(results.by_op.most_common()),
        "engine_cpu_seconds": round(results.cpu, 1),
        "worker_ms_per_mutant": {k: round(1000 * results.wall[k] / n, 1) for k, n in results.timed.most_common()},
        "failures": [{"class": c, "signature": s, "mutants": n, "known": bool(known_for(known, c, s))}
                     for (c, s), n in sorted(results.failures.items())],
        "fuzzer_errors": results.fuzzer_errors[:20],
    }
    (out / "summary.json").write_text(json.dumps(summary, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return saved


def report(results: Results, saved: list[dict], stream=sys.stdout) -> int:
    """Print the results; the exit status (1 when a failure is of no open class)."""
    known = load_known()
    w = stream.write
    rate = results.count / max(results.seconds, 1e-9)
    w(f"\nseed {results.seed}: {results.count} mutants in {results.seconds:.0f} s "
      f"({rate:.1f}/s with {results.jobs} jobs; engine CPU {results.cpu:.0f} s)\n")
    w("mutants by kind: " + ", ".join(
        f"{k} {n} ({results.valid_by_kind[k]} valid, {results.changed_by_kind[k]} changed)"
        for k, n in results.by_kind.most_common()) + "\n")
    w("worker time per mutant: " + ", ".join(
        f"{k} {1000 * results.wall[k] / n:.0f} ms ({n})" for k, n in results.timed.most_common()) + "\n")
    w("by mutator: " + ", ".join(f"{k} {n}" for k, n in results.by_op.most_common()) + "\n")
    by_path = {(m["class"], m["signature"]): m["path"] for m in saved}
    new = 0
    if results.failures:
        w("failures (mutants, class, signature, reproducer):\n")
    for (cls, sig), n in sorted(results.failures.items(), key=lambda kv: (kv[0][0] not in oracle.FAILING, kv[0])):
        k = known_for(known, cls, sig)
        if cls in oracle.INFO:
            tag = "info"
        elif k is not None:
            tag = "open"
        else:
            tag = "NEW"
            new += 1
        w(f"  {tag:4} {n:6}  {cls:22} {sig}\n        {by_path.get((cls, sig), '')}\n")
    for index, trace in results.fuzzer_errors[:5]:
        w(f"fuzzer error on mutant {index}:\n{trace}\n")
    if results.fuzzer_errors:
        new += 1
    w(f"{new} new failure class{'es' if new != 1 else ''}" + (" (see fuzz/README.md: each needs a fix or, "
      "while it is being fixed, an entry in fuzz/known.toml)" if new else "") + "\n")
    return 1 if new else 0


# --- replay ------------------------------------------------------------------------------

def load_reproducer(path: Path) -> tuple[dict, object]:
    """(metadata, task) of a saved reproducer: a file with FILE.json next to it, or a
    project folder with FOLDER.json."""
    meta = json.loads(Path(str(path) + ".json").read_text(encoding="utf-8"))
    if path.is_dir():
        root = path / "files"
        files = {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}
        return meta, ("project", files, meta.get("mutated", {}), meta.get("real_cli", False))
    data: str | bytes = path.read_bytes()
    try:
        data = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if meta.get("repeat"):  # a cost reproducer: the file is the repeated unit
        return meta, ("scaled", meta.get("prefix", ""), data, meta.get("suffix", ""), int(meta["repeat"]), meta["context"])
    return meta, ("examine", data, meta["context"])


def replay(paths: list[Path], stream=sys.stdout) -> int:
    workdir = Path(tempfile.mkdtemp(prefix="hxmigrate-fuzz-"))
    status = 0
    try:
        work.STATE.update(opts=work.Options(), workdir=workdir)
        with Pool(1, work.handle, work.setup, 300.0) as pool:
            for path in paths:
                meta, task = load_reproducer(path)
                _, (state, value) = pool.run_one(task)
                kind = "project" if task[0] == "project" else meta["context"]["kind"]
                got = replay_failures(state, value, kind)
                stream.write(f"{path}: expected {meta['class']} [{meta['signature']}]\n")
                for cls, sig, detail in got:
                    stream.write(f"  {cls}: {sig}\n    {detail[:300]}\n")
                if not got:
                    stream.write("  no failure: fixed\n")
                status = max(status, 1 if any(c in oracle.FAILING for c, _, _ in got) else 0)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return status


def replay_failures(state: str, value, kind: str) -> list[tuple[str, str, str]]:
    """The failures of a task's outcome, named as a run names them."""
    where = "command line" if kind == "project" else "engine in a worker"
    if state == "died":
        return [("crash", f"{kind}: {where} died by {signal_name(value)}", "")]
    if state == "timeout":
        return [("resource-time", f"{kind}: killed at the deadline", f"{value:.0f} s")]
    if state == "error":
        return [("fuzzer-error", "the fuzzer failed", str(value))]
    return [tuple(f) for f in value["failures"]]


# --- command line ------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m fuzz", description="Fuzz hxmigrate: mutants of the fixtures and of "
                                "generated projects, checked against the invariants of fuzz/oracle.py.")
    p.add_argument("--seed", default="0")
    p.add_argument("--count", type=int, default=1000, help="mutants to make (default 1000)")
    p.add_argument("--start", type=int, default=0, help="index of the first mutant (to resume or split a run)")
    p.add_argument("--jobs", "-j", type=int, default=2, help="worker processes (default 2)")
    p.add_argument("--max-size", type=int, default=work.Options.max_size, help="largest mutant a growth makes, in characters")
    p.add_argument("--project-rate", type=float, default=work.Options.project_rate,
                   help="share of mutants that are whole projects run through the command line")
    p.add_argument("--real-cli-rate", type=float, default=work.Options.real_cli_rate,
                   help="share of project mutants run as a new interpreter")
    p.add_argument("--timeout", type=float, default=work.Options.timeout, help="seconds before a worker is killed")
    p.add_argument("--out", type=Path, default=None, help="where reproducers and summary.json go (default fuzz/out/SEED)")
    p.add_argument("--shrink", choices=("all", "new", "none"), default="all",
                   help="which failure classes get a shrunk reproducer: all, new (of no open class), none")
    p.add_argument("--shrink-seconds", type=float, default=60.0, help="time to shrink one reproducer")
    p.add_argument("--max-minutes", type=float, default=None,
                   help="stop making mutants after this many minutes (then shrink and report as usual)")
    p.add_argument("--progress", type=float, default=30.0, help="seconds between progress lines (0: none)")
    p.add_argument("--short", action="store_true", help="the run CI makes: " + ", ".join(f"{k}={v}" for k, v in SHORT.items()))
    p.add_argument("--replay", nargs="+", type=Path, metavar="REPRODUCER", help="run saved reproducers again")
    p.add_argument("--show", type=int, metavar="INDEX", help="print mutant INDEX of --seed and exit")
    args = p.parse_args(argv)
    if args.replay:
        return replay(args.replay)
    if args.short:
        for key, value in SHORT.items():
            setattr(args, key, value)
    opts = work.Options(seed=str(args.seed), max_size=args.max_size, project_rate=args.project_rate,
                        real_cli_rate=args.real_cli_rate, timeout=args.timeout)
    if args.show is not None:
        workdir = Path(tempfile.mkdtemp(prefix="hxmigrate-fuzz-"))
        try:
            corpus = corpus_mod.load(opts.seed, workdir)
            m = work.make(args.show, corpus=corpus, opts=opts)
        finally:
            shutil.rmtree(workdir, ignore_errors=True)
        sys.stdout.write(f"# {m.mode} {m.kind} from {m.origin}: {' '.join(m.ops)}\n")
        if m.mode == "file":
            sys.stdout.write(m.data if isinstance(m.data, str) else repr(m.data))
        else:
            for rel in m.mutated:
                sys.stdout.write(f"# --- {rel}\n{m.files[rel].decode('utf-8', 'replace')}")
        return 0
    import signal

    def stop(signum, frame):  # a terminated run stops its workers, as Ctrl-C does
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    out = args.out or HERE / "out" / str(args.seed)
    out.mkdir(parents=True, exist_ok=True)
    results, saved = fuzz(opts, args.count, args.start, args.jobs, out, args.shrink, args.shrink_seconds,
                          args.progress, log=lambda s: print(s, flush=True), max_minutes=args.max_minutes)
    status = report(results, saved)
    print(f"reproducers and summary.json: {out}")
    return status


if __name__ == "__main__":
    sys.exit(main())
