"""The floor under any tool that reads a corpus: plain Python reading and decoding every file.

    python bench/floor.py CORPUS [--jobs 2]

Prints, as JSON, the time to read and decode (UTF-8) every file of CORPUS in one process,
and in ``--jobs`` processes (forked, each reading a share of the files; starting and
ending them included). The file list is made before the clock starts. Each figure is the
best of ``--repeat`` runs: a floor is a lower bound.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import time
from pathlib import Path


def files_of(root: Path) -> list[str]:
    found = []
    for folder, _, names in os.walk(root):
        found.extend(os.path.join(folder, n) for n in names)
    return sorted(found)


def read_decode(paths: list[str]) -> int:
    """Read and decode each file; the number of characters (so nothing is optimised away)."""
    chars = 0
    for path in paths:
        with open(path, "rb") as fh:
            chars += len(fh.read().decode("utf-8", "replace"))
    return chars


def measure(root: Path, jobs: int = 2, repeat: int = 3) -> dict:
    paths = files_of(root)
    size = sum(os.path.getsize(p) for p in paths)
    one = []
    for _ in range(repeat):
        start = time.perf_counter()
        read_decode(paths)
        one.append(time.perf_counter() - start)
    many = []
    if jobs > 1:
        chunks = [paths[i::jobs] for i in range(jobs)]
        context = multiprocessing.get_context("fork")
        for _ in range(repeat):
            start = time.perf_counter()
            with context.Pool(jobs) as pool:
                pool.map(read_decode, chunks)
            many.append(time.perf_counter() - start)
    return {"files": len(paths), "bytes": size, "one_process_s": min(one),
            "jobs": jobs, "per_core_s": min(many) if many else min(one)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--jobs", type=int, default=len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity")
                        else os.cpu_count() or 1)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(json.dumps(measure(args.corpus, args.jobs, args.repeat)))


if __name__ == "__main__":
    main()
