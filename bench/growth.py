"""How the cost of one file grows with its size, through the command line.

    python bench/growth.py                   # every case, each at its sizes
    python bench/growth.py --case one-line --format full --format json
    python bench/growth.py --scale 0.25      # quicker, smaller inputs

Cases (generated, deterministic):

* ``one-line``: a minified page, one line, with a few 2.x findings every hundred characters;
* ``attributes``: one start tag with n attributes, one in a hundred a WebSocket one;
* ``python``: a FastAPI module with three sends of HTML per endpoint (a helper's f-string,
  a literal, an f-string).

Each size is twice the one before; the table shows wall time, processor time (the child's
user + system), the child's peak RSS, the bytes written to stdout, and each figure's
ratio to the size before (linear growth is 2.0, quadratic 4.0). Processor time is the
figure to compare on a busy machine.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

UNIT = ('<div hx-ext="ws" ws-connect="/chat/{i}"><form ws-send id="f{i}"><input name="m"></form>'
        '<span hx-swap-oob="true" id="s{i}">x</span></div>')


def one_line(size: int) -> str:
    return "".join(UNIT.format(i=i) for i in range(max(1, size // len(UNIT.format(i=0))))) + "\n"


def attributes(n: int) -> str:
    attrs = ('ws-send hx-ext="ws" ws-connect="/c%d"' % i if i % 100 == 0 else 'a%d="v%d"' % (i, i) for i in range(n))
    return "<div " + " ".join(attrs) + "><p>x</p></div>\n"


def python(size: int) -> str:
    head = ('from fastapi import FastAPI, WebSocket\n\napp = FastAPI()\n\n\n'
            'def render_row(item):\n    return f\'<tr id="row-{item.id}" hx-swap-oob="true"><td>{item.name}</td></tr>\'\n')
    unit = ('\n\n@app.websocket("/ws{i}")\nasync def ws{i}(websocket: WebSocket):\n    item = await websocket.receive_json()\n'
            '    await websocket.send_text(render_row(item))\n'
            '    await websocket.send_text(\'<div id="status{i}" hx-swap-oob="beforeend">ok</div>\')\n'
            '    await websocket.send_text(f\'<span id="count{i}">{{item.count}}</span>\')\n')
    return head + "".join(unit.format(i=i) for i in range(max(1, size // len(unit))))


# case: (file name, generator, sizes: bytes, or attributes for "attributes")
CASES = {
    "one-line": ("page.html", one_line, [125_000, 250_000, 500_000, 1_000_000]),
    "attributes": ("page.html", attributes, [10_000, 20_000, 40_000, 80_000]),
    "python": ("app.py", python, [90_000, 180_000, 360_000, 720_000]),
}


def run(args: list[str], cwd: Path) -> tuple[float, float, int, int, int]:
    """(wall s, processor s, peak RSS MB, stdout bytes, exit code) of one run."""
    with tempfile.TemporaryFile() as out:
        start = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-m", "hxmigrate", *args, "--jobs", "1"], cwd=cwd, stdout=out,
                                stderr=subprocess.DEVNULL, env=dict(os.environ, NO_COLOR="1"))
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        size = out.seek(0, os.SEEK_END)
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss // 1024, size, proc.returncode


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--case", action="append", choices=list(CASES), help="a case to run (default: all)")
    parser.add_argument("--format", action="append", help="output formats to run (default: full), "
                        "or statistics, diff, write")
    parser.add_argument("--scale", type=float, default=1.0, help="multiply every size by this")
    opts = parser.parse_args(argv)
    formats = opts.format or ["full"]
    print(f"{'case':<11} {'format':<10} {'size':>9} {'wall s':>8} {'cpu s':>8} {'RSS MB':>7} {'out KB':>9}   ratios cpu/RSS/out")
    with tempfile.TemporaryDirectory() as tmp:
        for case in opts.case or list(CASES):
            name, make, sizes = CASES[case]
            for fmt in formats:
                previous = None
                for size in (int(s * opts.scale) for s in sizes):
                    folder = Path(tmp, f"{case}-{size}")
                    folder.mkdir(exist_ok=True)
                    (folder / name).write_text(make(size), encoding="utf-8")
                    args = [name, {"statistics": "--statistics", "diff": "--diff", "write": "--write"}[fmt]] if fmt in (
                        "statistics", "diff", "write") else [name, "--output-format", fmt]
                    wall, cpu, rss, out, code = run(args, folder)
                    if code not in (0, 1):
                        print(f"{case:<11} {fmt:<10} {size:>9}  exit {code}")
                        continue
                    ratios = ""
                    if previous is not None:
                        ratios = "   " + " / ".join(f"{a / b:.2f}" if b else "-" for a, b in zip((cpu, rss, out), previous))
                    print(f"{case:<11} {fmt:<10} {size:>9} {wall:>8.2f} {cpu:>8.2f} {rss:>7} {out / 1024:>9.0f}{ratios}")
                    previous = (cpu, rss, out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
