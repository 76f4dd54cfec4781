"""Messages a scenario's Go, Rust or JavaScript server code builds, evaluated by the real
toolchain of that language.

A scenario whose server is written in Go, Rust or JavaScript names the files that build
its messages (``[code] language = "go", files = ["messages.go"]``); they hold functions
that return the HTML and use only the language's standard library. A step
``call = "Announce(3)"`` compiles those files of the side being served (the 2.x project,
or the copy ``hxmigrate --write`` rewrote) with a small program that prints the
expression, runs it, and the server pushes what it printed. So the message the 4.x page
gets is what the migrated code itself writes, not a copy made by hand.

Go programs run with ``go run`` (package ``main``), Rust files are a module ``messages``
of a program built with ``rustc``, JavaScript files are ES modules imported by ``node``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

TOOLS = {"go": "go", "rust": "rustc", "javascript": "node"}


class CodeError(RuntimeError):
    pass


def evaluate(root: Path, spec: dict, expr: str) -> str:
    """What ``expr`` evaluates to, with the scenario's code files of ``root``."""
    language = spec["language"]
    tool = shutil.which(TOOLS[language])
    if tool is None:
        raise CodeError(f"{TOOLS[language]} is not installed (scripts/test installs it)")
    files = [root / f for f in spec["files"]]
    with tempfile.TemporaryDirectory(prefix="hxbrowser-code-") as tmp:
        work = Path(tmp)
        if language == "go":
            for f in files:
                shutil.copy(f, work / f.name)
            (work / "hxbrowser_main.go").write_text(
                'package main\n\nimport "fmt"\n\nfunc main() {\n\tfmt.Print(' + expr + ")\n}\n")
            env = dict(os.environ, GO111MODULE="off", GOCACHE=str(work / "cache"), GOPATH=str(work / "gopath"),
                       GOFLAGS="", CGO_ENABLED="0")
            command = [tool, "run", *sorted(p.name for p in work.glob("*.go"))]
            return _run(command, work, env)
        if language == "rust":
            if len(files) != 1:
                raise CodeError("a Rust scenario names one file, the module `messages`")
            shutil.copy(files[0], work / "messages.rs")
            (work / "main.rs").write_text("#![allow(dead_code)]\nmod messages;\n\nfn main() {\n"
                                          f'    print!("{{}}", messages::{expr});\n}}\n')
            _run([tool, "--edition", "2021", "-o", str(work / "main"), "main.rs"], work, dict(os.environ))
            return _run([str(work / "main")], work, dict(os.environ))
        if language == "javascript":
            for f in files:
                shutil.copy(f, work / f.name)
            script = ("const m = {};\n"
                      + "".join(f"Object.assign(m, await import({(work / f.name).as_uri()!r}));\n" for f in files)
                      + f"const f = new Function(...Object.keys(m), {('return (' + expr + ');')!r});\n"
                      + "process.stdout.write(String(f(...Object.values(m))));\n")
            return _run([tool, "--input-type=module", "-e", script], work, dict(os.environ))
    raise CodeError(f"unknown language {language!r}")


def _run(command: list[str], cwd: Path, env: dict) -> str:
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=120)
    if done.returncode != 0:
        raise CodeError(f"{' '.join(command[:2])} failed ({done.returncode}): {done.stderr.strip()[-2000:]}")
    return done.stdout
