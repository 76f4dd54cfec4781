"""hxmigrate against htmx's own upgrade checker, measured in the same run.

    python bench/compare.py                      # 5,000 files, 5% WebSocket, 5 runs
    python bench/compare.py --files 500 --runs 3 # a quick look

The peer is ``dist/scripts/upgrade-check.py`` from the ``htmx.org@4.0.1`` npm package
(fetched once with ``npm pack`` into bench/.cache/). Both tools run on the same corpus
(bench/corpus.py, generated once per size into bench/corpus/), interleaved run by run
so a busy machine slows both alike; medians and ratios are printed, with the goals
from bench/README.md marked as met or not. Memory is the peak of the summed PSS of
each run's process tree (the parent and its workers), sampled every 10 ms, and the
largest single process's peak RSS as the kernel counts it.
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
import corpus  # noqa: E402

GOALS = {
    "check_ratio": 0.10,  # hxmigrate --check time / upgrade-check.py time, whole corpus
    "single_ratio": 1.2,  # one template: hxmigrate / upgrade-check.py
    "memory_mb": 150,
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
    done = subprocess.run([str(python), "-m", "pip", "-q", *args], capture_output=True, text=True)
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


# --- the runs -----------------------------------------------------------------------

def ensure_corpus(files: int, ws_share: float, seed: int) -> Path:
    out = HERE / "corpus" / f"{files}-{ws_share:g}-{seed}"
    manifest = out / "manifest.json"
    if manifest.is_file():
        data = json.loads(manifest.read_text())
        if (data["files"], data["ws_share"], data["seed"]) == (files, ws_share, seed):
            return out
    print(f"generating {files} files into {out.relative_to(HERE.parent)} ...", file=sys.stderr)
    corpus.generate(out, files, ws_share, seed)
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


def whole_corpus(args, peer: Path, hx: list[str]) -> dict:
    root = ensure_corpus(args.files, args.ws_share, args.seed)
    jobs = ["--jobs", str(args.jobs)] if args.jobs else []
    copy = CACHE / "write-copy"
    runs: dict[str, list[dict]] = {"upgrade-check.py": [], "hxmigrate --check": [], "hxmigrate --write": []}
    for i in range(args.runs):
        runs["upgrade-check.py"].append(checked("upgrade-check.py", measure([PYTHON, str(peer), "--no-color", str(root)], sample=True)))
        runs["hxmigrate --check"].append(checked("hxmigrate --check", measure([*hx, "--check", "--quiet", *jobs, str(root)], sample=True)))
        if copy.exists():
            shutil.rmtree(copy)
        shutil.copytree(root, copy)
        runs["hxmigrate --write"].append(checked("hxmigrate --write", measure([*hx, "--write", "--quiet", *jobs, str(copy)], sample=True)))
        print(f"  run {i + 1}/{args.runs}: " + ", ".join(f"{k} {v[-1]['wall']:.2f}s" for k, v in runs.items()), file=sys.stderr)
    shutil.rmtree(copy, ignore_errors=True)
    manifest = json.loads((root / "manifest.json").read_text())
    return {"corpus": manifest, "runs": runs}


def single_file(args, peer: Path, hx: list[str]) -> dict:
    import tempfile

    # A folder of its own outside this repository, as one template of a project with no
    # hxmigrate settings would be (this checkout's pyproject.toml is not the user's).
    folder = Path(tempfile.mkdtemp(prefix="hxmigrate-bench-single-"))
    out = {}
    for label, ws in (("template with 2.x WebSockets", True), ("template without", False)):
        path = folder / ("ws.html" if ws else "plain.html")
        path.write_text(corpus.one_template(ws=ws), encoding="utf-8")
        runs: dict[str, list[dict]] = {"python -c pass": [], "import click": [], "upgrade-check.py": [], "hxmigrate --check": []}
        for _ in range(args.single_runs):
            runs["python -c pass"].append(measure([PYTHON, "-c", "pass"]))
            # The floor under any click program on this interpreter: the import alone.
            runs["import click"].append(measure([PYTHON, "-c", "import click"]))
            runs["upgrade-check.py"].append(checked("upgrade-check.py", measure([PYTHON, str(peer), "--no-color", str(path)])))
            runs["hxmigrate --check"].append(checked("hxmigrate --check", measure([*hx, "--check", "--quiet", str(path)])))
        out[label] = {"bytes": path.stat().st_size, "runs": runs}
    shutil.rmtree(folder, ignore_errors=True)
    return out


def report(whole: dict | None, single: dict | None, args) -> dict:
    summary: dict = {"python": sys.version.split()[0], "cores": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()}
    print()
    if whole:
        c = whole["corpus"]
        print(f"Corpus: {c['files']} files ({c['template']} templates, {c['javascript']} JS, {c['python']} Python; "
              f"{c['ws']} use 2.x WebSockets), {c['bytes'] / 1e6:.1f} MB; {args.runs} runs, medians; "
              f"{summary['cores']} cores, --jobs {args.jobs or 'default (all cores)'}")
        print(f"{'':22} {'wall s':>8} {'cpu s':>8} {'tree PSS MB':>12} {'max RSS MB':>11}")
        for name, runs in whole["runs"].items():
            print(f"{name:22} {median(runs, 'wall'):8.2f} {median(runs, 'cpu'):8.2f} "
                  f"{max(r['tree_pss_mb'] for r in runs):12.0f} {max(r['maxrss_mb'] for r in runs):11.0f}")
        summary["corpus_medians_s"] = {name: median(runs, "wall") for name, runs in whole["runs"].items()}
        peer = median(whole["runs"]["upgrade-check.py"], "wall")
        check = median(whole["runs"]["hxmigrate --check"], "wall")
        write = median(whole["runs"]["hxmigrate --write"], "wall")
        memory = max(max(r["tree_pss_mb"] for r in whole["runs"][k]) for k in ("hxmigrate --check", "hxmigrate --write"))
        summary.update(check_ratio=check / peer, write_ratio=write / peer, memory_mb=memory)
        print(f"ratio --check / upgrade-check.py: {check / peer:.3f}  (goal <= {GOALS['check_ratio']}: "
              f"{'met' if check / peer <= GOALS['check_ratio'] else 'NOT met'})")
        print(f"ratio --write / upgrade-check.py: {write / peer:.3f}")
        print(f"peak memory (hxmigrate, whole tree): {memory:.0f} MB  (goal < {GOALS['memory_mb']} MB: "
              f"{'met' if memory < GOALS['memory_mb'] else 'NOT met'})")
    if single:
        print()
        print(f"One template, {args.single_runs} runs each, medians (ms):")
        for label, data in single.items():
            r = data["runs"]
            bare, click, peer, hx = (median(r[k], "wall") * 1000 for k in ("python -c pass", "import click", "upgrade-check.py", "hxmigrate --check"))
            ratio = hx / peer
            key = "single_ratio_ws" if "WebSockets" in label else "single_ratio_plain"
            summary[key] = ratio
            summary[key.replace("ratio", "ms")] = {"bare": bare, "import_click": click, "peer": peer, "hxmigrate": hx}
            print(f"  {label} ({data['bytes']} bytes): python -c pass {bare:.1f}, python -c 'import click' {click:.1f}, "
                  f"upgrade-check.py {peer:.1f}, hxmigrate {hx:.1f} -> ratio {ratio:.2f} (goal <= {GOALS['single_ratio']}: "
                  f"{'met' if ratio <= GOALS['single_ratio'] else 'NOT met'}); {hx / bare:.1f}x a bare interpreter; "
                  f"importing click alone is {click / peer:.2f}x upgrade-check.py's whole run")
    return summary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=5000)
    parser.add_argument("--ws-share", type=float, default=0.05)
    parser.add_argument("--seed", type=int, default=4)
    parser.add_argument("--runs", type=int, default=5, help="whole-corpus runs of each tool")
    parser.add_argument("--single-runs", type=int, default=30, help="runs of each command on one template")
    parser.add_argument("--jobs", type=int, default=None, help="hxmigrate --jobs (default: its own default, all cores)")
    parser.add_argument("--skip-corpus", action="store_true", help="only the single-file case")
    parser.add_argument("--skip-single", action="store_true", help="only the whole corpus")
    parser.add_argument("--json", type=Path, default=None, help="also write the summary and every run here")
    parser.add_argument("--here", action="store_true",
                        help="time the hxmigrate of this interpreter (an editable install) instead of a regular "
                             "install into bench/.cache/venv")
    args = parser.parse_args()

    peer = peer_script()
    if args.here:
        python, hx = sys.executable, hxmigrate_cmd()
    else:
        python, hx = installed()
    global PYTHON
    PYTHON = python
    whole = None if args.skip_corpus else whole_corpus(args, peer, hx)
    single = None if args.skip_single else single_file(args, peer, hx)
    summary = report(whole, single, args)
    if args.json:
        args.json.write_text(json.dumps({"summary": summary, "whole": whole, "single": single}, indent=1) + "\n")


if __name__ == "__main__":
    main()
