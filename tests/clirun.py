"""The command line as the tests run it: this checkout's package under the interpreter
running the tests (never an `hxmigrate` found on PATH), without colour or CI annotations."""

from __future__ import annotations

import os
import subprocess
import sys


def hx(*args, cwd=None, input=None, timeout: int = 300) -> subprocess.CompletedProcess:
    env = dict(os.environ, NO_COLOR="1")
    env.pop("GITHUB_ACTIONS", None)
    return subprocess.run([sys.executable, "-m", "hxmigrate", *map(str, args)], cwd=cwd, input=input,
                          capture_output=True, text=True, env=env, timeout=timeout)
