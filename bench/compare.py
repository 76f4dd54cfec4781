"""hxmigrate against htmx's own upgrade checker and against `import click`, measured in one run.

    python bench/compare.py                               # both corpora, 3 runs each (about 15 minutes)
    python bench/compare.py --files 500 --runs 1 --single-runs 5 --skip-breakdown   # a quick look
    python bench/compare.py --corpus full --growth        # also 50,000 files (long: see --growth)

The peer is ``dist/scripts/upgrade-check.py`` from the ``htmx.org@4.0.1`` npm package
(fetched once with ``npm pack`` into bench/.cache/). Both tools run on the same corpora
(bench/corpus.py: ``ws``, ordinary htmx 2 code with 5% WebSocket files, and ``full``, every
template an htmx 2 page or fragment; generated once per size into bench/corpus/),
interleaved run by run so a busy machine slows all alike; medians and ratios are
printed against the goals, marked met or NOT met. The one-file and pre-commit cases are
measured against ``python -c "import click"`` run alongside. Memory is the peak of the
summed PSS of each run's process tree (the parent and its workers), sampled every 10 ms,
and the largest single process's peak RSS as the kernel counts it. The floor is plain
Python reading and decoding every file of a corpus (bench/floor.py); the breakdown is
bench/breakdown.py, one run in one process with its parts timed.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tarfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
CACHE = HERE / ".cache"
PEER_VERSION = "4.0.1"
PYTHON = sys.executable  # the interpreter both tools run on (main() may choose another)

sys.path.insert(0, str(HERE))
import breakdown  # noqa: E402
import corpus  # noqa: E402
import corpus_full  # noqa: E402

# The goals, each with what it is a ratio of (2 cores, the bench's own corpora, ratios in one run).
GOALS = {
    "single_plain": (1.2, "one plain template: hxmigrate --check / import click"),
    "single_marked": (1.6, "one marked message template: hxmigrate --check / import click"),
    "precommit": (2.0, "pre-commit, 5 templates of a 2,000-file project: hxmigrate --check / import click"),
    "ws_check": (0.05, "WebSocket corpus: hxmigrate --check / upgrade-check.py"),
    "full_check": (0.10, "full htmx 2 corpus: hxmigrate --check / upgrade-check.py"),
    "full_write": (0.15, "full htmx 2 corpus: hxmigrate --write / upgrade-check.py"),
    "growth": (11.0, "growth: --check at 50,000 files / at 5,000 (full corpus)"),
    "memory_5000": (150.0, "peak memory, whole process tree, 5,000 files (MB)"),
    "memory_50000": (300.0, "peak memory, whole process tree, 50,000 files (MB)"),
}


# --- the peer ---------------------------------------------------------------------

def peer_script() -> Path:
    target = CACHE / f"htmx.org-{PEER_VERSION}" / "package" / "dist" / "scripts" / "upgrade-check.py"
    if target.is_file():
        return target
    folder = target.parents[3]
    folder.mkdir(parents=True, exist_ok=True)
    npm = shutil.which("npm")
    if npm is None:
        sys.exit("bench: npm is needed once to fetch htmx.org's upgrade-check.py (npm pack htmx.org@4.0.1)")
    out = subprocess.run([npm, "pack", f"htmx.org@{PEER_VERSION}", "--silent", "--pack-destination", str(folder)],
                         capture_output=True, text=True, check=True).stdout.strip().splitlines()[-1]
    with tarfile.open(folder / out) as tar:
        tar.extractall(folder, filter="data")
    if not target.is_file():
        sys.exit(f"bench: {target} is not in the package")
    return target


# --- measuring one command ----------------------------------------------------------

def _tree(pid: int) -> list[int]:
    pids, todo = [], [pid]
    while todo:
        p = todo.pop()
        pids.append(p)
        try:
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as fh:
                    todo.extend(int(c) for c in fh.read().split())
        except OSError:
            pass
    return pids


def _pss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as fh:
            for line in fh:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def measure(cmd: list[str], cwd: Path | None = None, sample: bool = False) -> dict:
    """Wall time, CPU time, the largest process's peak RSS and (sampled) the peak of
    the summed PSS of the whole process tree."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak = [0]
    done = threading.Event()

    def sampler() -> None:
        while not done.wait(0.01):
            peak[0] = max(peak[0], sum(_pss_kb(p) for p in _tree(proc.pid)))

    thread = threading.Thread(target=sampler, daemon=True) if sample and Path("/proc").is_dir() else None
    if thread:
        thread.start()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    done.set()
    if thread:
        thread.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    return {
        "wall": wall,
        "cpu": usage.ru_utime + usage.ru_stime,
        "maxrss_mb": usage.ru_maxrss / 1024,
        "tree_pss_mb": peak[0] / 1024,
        "exit": proc.returncode,
    }


def hxmigrate_cmd() -> list[str]:
    script = Path(sys.executable).with_name("hxmigrate")
    return [str(script)] if script.exists() else [sys.executable, "-m", "hxmigrate"]


def _pip(python: Path, *args: str) -> None:
    done = subprocess.run([str(python), "-m", "pip", "-q", *args], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.exit(f"bench: pip {' '.join(args)} failed:\n{done.stdout}{done.stderr}")


def installed() -> tuple[str, list[str]]:
    """(python, hxmigrate command) of a regular install of this checkout into
    bench/.cache/venv, as a user has it: byte-compiled at install, no editable-install
    finder. Both tools and the bare interpreter then run on that venv's Python."""
    venv = CACHE / "venv"
    python = venv / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        _pip(python, "install", "--upgrade", "pip")
        _pip(python, "install", str(HERE.parent))
    else:  # this checkout as it is now
        _pip(python, "install", "--no-deps", "--force-reinstall", str(HERE.parent))
    return str(python), [str(venv / "bin" / "hxmigrate")]


# --- the corpora --------------------------------------------------------------------

def ensure_corpus(mode: str, files: int, args) -> Path:
    """The corpus of this mode and size under bench/corpus/, generated when missing or stale."""
    out = HERE / "corpus" / corpus.folder(mode, files, args.ws_share, args.sse_share, args.seed)
    manifest = out / "manifest.json"
    if manifest.is_file():
        data = json.loads(manifest.read_text())
        if mode == "ws" and "mode" not in data and (data["files"], data["ws_share"], data["seed"]) == (
                files, args.ws_share, args.seed):
            return out
        if mode == "full" and data.get("version") == corpus_full.VERSION and (
                data["files"], data["ws_share"], data["sse_share"], data["seed"]) == (
                files, args.ws_share, args.sse_share, args.seed):
            return out
    print(f"generating {files} files ({mode}) into {out.relative_to(HERE.parent)} ...", file=sys.stderr)
    corpus.build(mode, out, files, args.ws_share, args.sse_share, args.seed)
    return out


def median(runs: list[dict], key: str) -> float:
    good = [r[key] for r in runs if r["exit"] in (0, 1)]
    return statistics.median(good) if good else float("nan")


def checked(name: str, result: dict) -> dict:
    """Both tools exit 0 (clean) or 1 (findings); anything else is a broken run, which
    is reported and left out of the medians."""
    if result["exit"] not in (0, 1):
        print(f"  warning: {name} exited {result['exit']}: run left out", file=sys.stderr)
    return result


# --- the runs -----------------------------------------------------------------------

def whole_corpora(args, peer: Path, hx: list[str]) -> dict:
    """Each corpus: upgrade-check.py, hxmigrate --check and hxmigrate --write (on a fresh
    copy, the copying not timed), one after the other, run after run."""
    roots = {mode: ensure_corpus(mode, args.files, args) for mode in args.modes}
    jobs = ["--jobs", str(args.jobs)] if args.jobs else []
    copy = CACHE / "write-copy"
    out = {mode: {"runs": {"upgrade-check.py": [], "hxmigrate --check": [], "hxmigrate --write": []}} for mode in roots}
    for i in range(args.runs):
        for mode, root in roots.items():
            runs = out[mode]["runs"]
            runs["upgrade-check.py"].append(checked("upgrade-check.py", measure([PYTHON, str(peer), "--no-color", str(root)], sample=True)))
            runs["hxmigrate --check"].append(checked("hxmigrate --check", measure([*hx, "--check", "--quiet", *jobs, str(root)], sample=True)))
            if copy.exists():
                shutil.rmtree(copy)
            shutil.copytree(root, copy)
            runs["hxmigrate --write"].append(checked("hxmigrate --write", measure([*hx, "--write", "--quiet", *jobs, str(copy)], sample=True)))
            print(f"  {mode} run {i + 1}/{args.runs}: " + ", ".join(f"{k} {v[-1]['wall']:.2f}s" for k, v in runs.items()),
                  file=sys.stderr)
    shutil.rmtree(copy, ignore_errors=True)
    for mode, root in roots.items():
        out[mode]["corpus"] = json.loads((root / "manifest.json").read_text())
        out[mode]["root"] = str(root)
    return out


def floors(args, whole: dict) -> dict:
    """bench/floor.py over each corpus, on the interpreter the tools run on."""
    jobs = args.jobs or (len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)
    found = {}
    for mode, data in whole.items():
        done = subprocess.run([PYTHON, str(HERE / "floor.py"), data["root"], "--jobs", str(jobs)],
                              capture_output=True, text=True, check=True)
        found[mode] = json.loads(done.stdout)
    return found


def breakdowns(args) -> dict:
    """bench/breakdown.py over the full corpus, --check and --write (on a copy), each in a
    process of its own on the interpreter the tools run on."""
    root = ensure_corpus("full", args.files, args)
    found = {}
    for mode in ("check", "write"):
        target = CACHE / f"breakdown-{mode}.json"
        cmd = [PYTHON, str(HERE / "breakdown.py"), str(root), "--json", str(target)] + (["--write"] if mode == "write" else [])
        print(f"  breakdown ({mode}) ...", file=sys.stderr)
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
        found[mode] = json.loads(target.read_text())
    return found


def single_file(args, peer: Path, hx: list[str]) -> dict:
    import tempfile

    # A folder of its own outside this repository, as one template of a project with no
    # hxmigrate settings would be (this checkout's pyproject.toml is not the user's).
    folder = Path(tempfile.mkdtemp(prefix="hxmigrate-bench-single-"))
    out = {}
    # The marked one is a page-sized template with a `{# hxmigrate: ws-message #}` comment (a
    # marked message template: hxmigrate reads it as a WebSocket message, WS201/WS203).
    cases = (("plain", "plain template", corpus.one_template(ws=False)),
             ("marked", "marked message template", corpus.one_template(ws=True)))
    for key, label, text in cases:
        if key == "marked" and "{# hxmigrate: ws-message #}" not in text:
            sys.exit("bench: the marked template lost its ws-message comment")
        path = folder / f"{key}.html"
        path.write_text(text, encoding="utf-8")
        runs: dict[str, list[dict]] = {"python -c pass": [], "import click": [], "upgrade-check.py": [], "hxmigrate --check": []}
        for _ in range(args.single_runs):
            runs["python -c pass"].append(measure([PYTHON, "-c", "pass"]))
            # The floor under any click program on this interpreter: the import alone.
            runs["import click"].append(measure([PYTHON, "-c", "import click"]))
            runs["upgrade-check.py"].append(checked("upgrade-check.py", measure([PYTHON, str(peer), "--no-color", str(path)])))
            runs["hxmigrate --check"].append(checked("hxmigrate --check", measure([*hx, "--check", "--quiet", str(path)])))
        out[key] = {"label": label, "bytes": path.stat().st_size, "runs": runs}
    shutil.rmtree(folder, ignore_errors=True)
    return out


def precommit(args, hx: list[str]) -> dict:
    """hxmigrate --check over 5 templates of a 2,000-file full corpus, run in its root as
    pre-commit runs it. The corpus is copied outside this repository first (not timed), so
    that no pyproject.toml above it is read: the project has no [tool.hxmigrate] table."""
    import tempfile

    root = ensure_corpus("full", args.precommit_files, args)
    folder = Path(tempfile.mkdtemp(prefix="hxmigrate-bench-precommit-"))
    project = folder / "project"
    shutil.copytree(root, project)
    changed = corpus_full.templates_of(project, 5)
    runs: dict[str, list[dict]] = {"import click": [], "hxmigrate --check": []}
    for _ in range(args.single_runs):
        runs["import click"].append(measure([PYTHON, "-c", "import click"]))
        runs["hxmigrate --check"].append(checked("hxmigrate --check", measure([*hx, "--check", "--quiet", *changed], cwd=project)))
    shutil.rmtree(folder, ignore_errors=True)
    return {"files": args.precommit_files, "changed": changed, "runs": runs}


def growth(args, hx: list[str]) -> dict:
    """hxmigrate --check over the full corpus at each size of --growth-sizes (no peer)."""
    jobs = ["--jobs", str(args.jobs)] if args.jobs else []
    roots = {size: ensure_corpus("full", size, args) for size in args.growth_sizes}
    runs: dict[int, list[dict]] = {size: [] for size in roots}
    for i in range(args.growth_runs):
        for size, root in roots.items():
            runs[size].append(checked("hxmigrate --check", measure([*hx, "--check", "--quiet", *jobs, str(root)], sample=True)))
            print(f"  growth run {i + 1}/{args.growth_runs}: {size} files {runs[size][-1]['wall']:.2f}s", file=sys.stderr)
    return {"runs": {str(size): r for size, r in runs.items()},
            "bytes": {str(size): json.loads((root / "manifest.json").read_text())["bytes"] for size, root in roots.items()}}


# --- the report ---------------------------------------------------------------------

def _verdict(key: str, value: float) -> str:
    goal, _ = GOALS[key]
    met = value < goal if key.startswith("memory") else value <= goal
    return f"(goal {'<' if key.startswith('memory') else '<='} {goal:g}: {'met' if met else 'NOT met'})"


def report(results: dict, args) -> dict:
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    summary: dict = {"python": sys.version.split()[0], "cores": cores, "goals": {}}
    goals = summary["goals"]

    def goal(key: str, value: float) -> None:
        goals[key] = {"value": value, "goal": GOALS[key][0], "what": GOALS[key][1],
                      "met": value < GOALS[key][0] if key.startswith("memory") else value <= GOALS[key][0]}

    whole, floor, single, pre = results.get("whole"), results.get("floor"), results.get("single"), results.get("precommit")
    for mode, data in (whole or {}).items():
        c = data["corpus"]
        extra = f"; {c['sse']} use 2.x SSE" if "sse" in c else ""
        print()
        print(f"Corpus {mode}: {c['files']} files ({c['template']} templates, {c['javascript']} JS, {c['python']} Python; "
              f"{c['ws']} use 2.x WebSockets{extra}), {c['bytes'] / 1e6:.1f} MB; {args.runs} runs, medians; "
              f"{cores} cores, --jobs {args.jobs or 'default (all cores)'}")
        print(f"  {'':22} {'wall s':>8} {'cpu s':>8} {'tree PSS MB':>12} {'max RSS MB':>11}")
        for name, runs in data["runs"].items():
            print(f"  {name:22} {median(runs, 'wall'):8.2f} {median(runs, 'cpu'):8.2f} "
                  f"{max(r['tree_pss_mb'] for r in runs):12.0f} {max(r['maxrss_mb'] for r in runs):11.0f}")
        peer = median(data["runs"]["upgrade-check.py"], "wall")
        check = median(data["runs"]["hxmigrate --check"], "wall")
        write = median(data["runs"]["hxmigrate --write"], "wall")
        memory = max(max(r["tree_pss_mb"] for r in data["runs"][k]) for k in ("hxmigrate --check", "hxmigrate --write"))
        summary[mode] = {"medians_s": {name: median(runs, "wall") for name, runs in data["runs"].items()},
                         "check_ratio": check / peer, "write_ratio": write / peer, "memory_mb": memory}
        check_goal = f"{mode}_check"
        print(f"  --check / upgrade-check.py: {check / peer:.3f}  {_verdict(check_goal, check / peer)}")
        goal(check_goal, check / peer)
        if f"{mode}_write" in GOALS:
            print(f"  --write / upgrade-check.py: {write / peer:.3f}  {_verdict(f'{mode}_write', write / peer)}")
            goal(f"{mode}_write", write / peer)
        else:
            print(f"  --write / upgrade-check.py: {write / peer:.3f}  (no goal)")
        if c["files"] == 5000:
            print(f"  peak memory (hxmigrate, whole tree): {memory:.0f} MB  {_verdict('memory_5000', memory)}")
            goal("memory_5000", max(memory, goals.get("memory_5000", {}).get("value", 0)))
        else:
            print(f"  peak memory (hxmigrate, whole tree): {memory:.0f} MB  (the goal is at 5,000 files)")
        if floor and mode in floor:
            f = floor[mode]
            best = min(f["one_process_s"], f["per_core_s"])
            print(f"  floor (plain Python read + decode of every file, {f['files']} files, {f['bytes'] / 1e6:.1f} MB): "
                  f"{f['one_process_s']:.2f} s in one process, {f['per_core_s']:.2f} s on {f['jobs']} processes; "
                  f"hxmigrate --check takes {check / best:.0f}x the better of the two")
            summary[mode]["floor"] = f
    bd = results.get("breakdown")
    if bd:
        for mode in ("check", "write"):
            print()
            print(breakdown.render(bd[mode]))
            if whole and "full" in whole:
                cpu = median(whole["full"]["runs"][f"hxmigrate --{mode}"], "cpu")
                print(f"  processor time of the command line's --{mode} on this corpus (median, all processes): {cpu:.2f} s; "
                      f"this one-process run: {bd[mode]['total_s']:.2f} s")
    if single:
        print()
        print(f"One template, {args.single_runs} runs each, medians (ms):")
        for key, data in single.items():
            r = data["runs"]
            bare, click, peer, hx = (median(r[k], "wall") * 1000 for k in ("python -c pass", "import click", "upgrade-check.py", "hxmigrate --check"))
            ratio = hx / click
            goal(f"single_{key}", ratio)
            summary[f"single_{key}_ms"] = {"bare": bare, "import_click": click, "peer": peer, "hxmigrate": hx}
            print(f"  {data['label']} ({data['bytes']} bytes): python -c pass {bare:.1f}, python -c 'import click' {click:.1f}, "
                  f"upgrade-check.py {peer:.1f}, hxmigrate {hx:.1f}")
            print(f"    hxmigrate / import click: {ratio:.2f}  {_verdict(f'single_{key}', ratio)}; "
                  f"hxmigrate / upgrade-check.py: {hx / peer:.2f}")
    if pre:
        r = pre["runs"]
        click, hx = median(r["import click"], "wall") * 1000, median(r["hxmigrate --check"], "wall") * 1000
        goal("precommit", hx / click)
        summary["precommit_ms"] = {"import_click": click, "hxmigrate": hx}
        print()
        print(f"Pre-commit: hxmigrate --check over 5 templates of a {pre['files']}-file project (full corpus), in its root, "
              f"{args.single_runs} runs, medians: import click {click:.1f} ms, hxmigrate {hx:.1f} ms")
        print(f"  hxmigrate / import click: {hx / click:.2f}  {_verdict('precommit', hx / click)}")
    gr = results.get("growth")
    if gr:
        sizes = sorted(gr["runs"], key=int)
        print()
        print(f"Growth (full corpus, hxmigrate --check, {args.growth_runs} run(s) each, medians):")
        for size in sizes:
            runs = gr["runs"][size]
            memory = max(r["tree_pss_mb"] for r in runs)
            key = f"memory_{size}"
            verdict = _verdict(key, memory) if key in GOALS else "(no goal at this size)"
            print(f"  {int(size):>7} files ({gr['bytes'][size] / 1e6:.0f} MB): {median(runs, 'wall'):8.2f} s wall, "
                  f"{median(runs, 'cpu'):8.2f} s cpu, peak tree PSS {memory:.0f} MB {verdict}")
            if key in GOALS:
                goal(key, max(memory, goals.get(key, {}).get("value", 0)))
        if len(sizes) >= 2:
            small, large = sizes[0], sizes[-1]
            ratio = median(gr["runs"][large], "wall") / median(gr["runs"][small], "wall")
            cpu = median(gr["runs"][large], "cpu") / median(gr["runs"][small], "cpu")
            print(f"  {large} / {small} files: {ratio:.2f}x the time  "
                  + (_verdict("growth", ratio) if (small, large) == ("5000", "50000") else "(the goal is 50,000 / 5,000)")
                  + f"; {cpu:.2f}x the processor time (the steadier figure on a busy machine)")
            if (small, large) == ("5000", "50000"):
                goal("growth", ratio)
    print()
    print("Goals:")
    for key, (target, what) in GOALS.items():
        if key in goals:
            g = goals[key]
            print(f"  {'met    ' if g['met'] else 'NOT met'}  {what}: {g['value']:.3g} (goal {target:g})")
        else:
            print(f"  not run  {what} (goal {target:g})")
    return summary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", choices=("ws", "full", "both"), default="both", help="the whole-corpus runs (default both)")
    parser.add_argument("--files", type=int, default=5000, help="files of each whole corpus")
    parser.add_argument("--ws-share", type=float, default=0.05)
    parser.add_argument("--sse-share", type=float, default=0.05, help="full corpus: share of files using 2.x SSE")
    parser.add_argument("--seed", type=int, default=4)
    parser.add_argument("--runs", type=int, default=3, help="whole-corpus runs of each tool on each corpus")
    parser.add_argument("--single-runs", type=int, default=20, help="runs of each command for one template and for pre-commit")
    parser.add_argument("--precommit-files", type=int, default=2000, help="files of the pre-commit case's project")
    parser.add_argument("--growth", action="store_true",
                        help="also time --check over the full corpus at --growth-sizes (off by default: 50,000 files "
                             "take about ten times a 5,000-file run, plus generating 180 MB once)")
    parser.add_argument("--growth-sizes", type=lambda s: [int(x) for x in s.split(",")], default=[5000, 50000])
    parser.add_argument("--growth-runs", type=int, default=1)
    parser.add_argument("--jobs", type=int, default=None, help="hxmigrate --jobs (default: its own default, all cores)")
    parser.add_argument("--skip-corpus", action="store_true", help="no whole-corpus runs (nor their floor)")
    parser.add_argument("--skip-single", action="store_true", help="no one-template and pre-commit runs")
    parser.add_argument("--skip-breakdown", action="store_true", help="no breakdown of the full corpus")
    parser.add_argument("--json", type=Path, default=None, help="also write the summary and every run here")
    parser.add_argument("--here", action="store_true",
                        help="time the hxmigrate of this interpreter (an editable install) instead of a regular "
                             "install into bench/.cache/venv")
    args = parser.parse_args()
    args.modes = ["ws", "full"] if args.corpus == "both" else [args.corpus]

    peer = peer_script()
    if args.here:
        python, hx = sys.executable, hxmigrate_cmd()
    else:
        python, hx = installed()
    global PYTHON
    PYTHON = python
    results: dict = {}
    if not args.skip_corpus:
        results["whole"] = whole_corpora(args, peer, hx)
        results["floor"] = floors(args, results["whole"])
    if not args.skip_breakdown:
        results["breakdown"] = breakdowns(args)
    if not args.skip_single:
        results["single"] = single_file(args, peer, hx)
        results["precommit"] = precommit(args, hx)
    if args.growth:
        results["growth"] = growth(args, hx)
    summary = report(results, args)
    if args.json:
        args.json.write_text(json.dumps({"summary": summary, **results}, indent=1) + "\n")


if __name__ == "__main__":
    main()
