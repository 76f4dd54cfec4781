"""What libcst's parser is not given (syntax.python.too_complex): the shapes its native code
overflows its stack on, or spends minutes on; and no valid Python short of them."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from hxmigrate.syntax.python import MAX_BRACKETS, MAX_CHAIN, MAX_ELIFS, PythonView, TooComplex, too_complex

REFUSED = {
    "brackets": "x = " + "(" * 201 + "1" + ")" * 201,
    "lists": "x = " + "[" * 201 + "]" * 201,
    "unclosed": "x = " + "{" * 201,
    "calls": "x = " + "f(" * 201 + ")" * 201,
    "f-string-field": 'x = f"{' + "(" * 201 + "1" + ")" * 201 + '}"',
    "brackets-around-an-f-string": "x = " + "(" * 150 + 'f"{' + "(" * 60 + "1" + ")" * 60 + '}"' + ")" * 150,
    "binary-chain": "x = " + "+".join(["a"] * (MAX_CHAIN + 2)),
    "power-chain": "x = " + "**".join(["a"] * (MAX_CHAIN + 2)),
    "unary-chain": "x = " + "- " * (MAX_CHAIN + 1) + "x",
    "not-chain": "x = " + "not " * (MAX_CHAIN + 1) + "x",
    "and-chain": "x = " + " and ".join(["a"] * (MAX_CHAIN + 2)),
    "lambda-chain": "x = " + "lambda: " * (MAX_CHAIN + 1) + "0",
    "ternary-chain": "x = " + "a if b else " * (MAX_CHAIN // 2 + 1) + "c",
    "attribute-chain": "x = a" + ".b" * (MAX_CHAIN + 1),
    "call-chain": "x = f" + "()" * (MAX_CHAIN // 2 + 1),
    "subscript-chain": "x = a" + "[0]" * (MAX_CHAIN // 2 + 1),
    "chain-across-lines": "x = (a\n" + "    + a\n" * (MAX_CHAIN + 1) + ")",
    "chain-continued-lines": "x = a \\\n" + "    + a \\\n" * (MAX_CHAIN + 1) + "    + a",
    "elif-chain": "if a:\n    pass\n" + "elif a:\n    pass\n" * (MAX_ELIFS + 1),
    "nested-elif-chain": "def f():\n    if a:\n        pass\n" + "    elif a:\n        pass\n" * (MAX_ELIFS + 1),
}

ACCEPTED = {
    "brackets-at-the-limit": "x = " + "(" * MAX_BRACKETS + "1" + ")" * MAX_BRACKETS,
    "f-string-at-the-limit": 'x = f"{' + "(" * (MAX_BRACKETS - 1) + "1" + ")" * (MAX_BRACKETS - 1) + '}"',
    "binary-chain-at-the-limit": "x = " + "+".join(["a"] * (MAX_CHAIN + 1)),
    "subscripts-at-the-limit": "x = a" + "[0]" * (MAX_CHAIN // 2),
    "elifs-at-the-limit": "if a:\n    pass\n" + "elif a:\n    pass\n" * MAX_ELIFS,
    "many-short-elif-chains": ("if a:\n    pass\n" + "elif a:\n    pass\n" * (MAX_ELIFS // 2) + "x = 1\n") * 3,
    "elif-chains-nested-in-branches": "if a:\n    pass\n" + "elif a:\n    if b:\n        pass\n    elif c:\n        pass\n"
                                      * (MAX_ELIFS * 3 // 4),
    "a-long-flat-list": "x = [" + ", ".join(["-1"] * 20_000) + "]",
    "a-long-list-of-tuples": "x = [" + ", ".join(["(1, 2)"] * 20_000) + "]",
    "a-long-dict": "x = {" + ", ".join(f"'k{i}': a.b(c)" for i in range(20_000)) + "}",
    "many-statements": "def f(a=1, b=2) -> int:\n    return a.b.c(d)[e] + 1\n" * 5000,
    "implicit-concatenation": "x = (" + "\n".join(["    'text '"] * 5000) + "\n)",
    "brackets-in-strings": 'x = "' + "(" * 300 + '" + \'' + "[" * 300 + "'",
    "brackets-in-triple-quotes": "x = '''\n" + "(" * 300 + "\n'''\ny = \"\"\"" + "{" * 300 + '"""',
    "brackets-in-comments": "# " + "(" * 300 + "\nx = 1",
    "escaped-quotes": r"x = 'it\'s (' + " + '"a \\" (((("',
    "doubled-braces-in-an-f-string": 'x = f"' + "{{" * 300 + "{a}" + "}}" * 300 + '"',
    "an-unclosed-string": "x = 'never closed (((\ny = " + "(" * 10 + ")" * 10,
    "operators-in-a-docstring": '"""' + "a + " * 5000 + '"""',
}


@pytest.mark.parametrize("name", list(REFUSED))
def test_refused(name):
    reason = too_complex(REFUSED[name])
    assert reason is not None
    with pytest.raises(TooComplex, match=r"^not read: (more than|an expression chains|an if statement)"):
        PythonView(REFUSED[name]).module


@pytest.mark.parametrize("name", list(ACCEPTED))
def test_accepted(name):
    assert too_complex(ACCEPTED[name]) is None


def test_the_bracket_limit_is_pythons_own():
    compile("x = " + "(" * MAX_BRACKETS + "1" + ")" * MAX_BRACKETS, "x", "exec")
    with pytest.raises(SyntaxError, match="too many nested parentheses"):
        compile("x = " + "(" * (MAX_BRACKETS + 1) + "1" + ")" * (MAX_BRACKETS + 1), "x", "exec")


def test_the_message_names_the_line():
    text = "x = 1\n\ny = " + "(" * 300 + ")" * 300
    assert too_complex(text) == ("more than 200 nested brackets (line 3), which Python itself refuses; libcst's "
                                 "parser crashes on deep nesting")


def test_real_modules_are_accepted():
    import argparse
    import ast
    import inspect
    import pathlib
    import typing

    for module in (argparse, ast, inspect, pathlib, typing):
        assert too_complex(Path(module.__file__).read_text(encoding="utf-8")) is None, module.__name__


# What is accepted must not crash libcst's parser, nor keep it long: each shape at the limit,
# parsed in a process of its own. (The shapes past the limits crash it; the hostile-file
# suite runs them through the command line.)
AT_THE_LIMITS = {
    "brackets": "x = " + "(" * MAX_BRACKETS + "1" + ")" * MAX_BRACKETS,
    "calls": "x = " + "f(" * MAX_BRACKETS + ")" * MAX_BRACKETS,
    "lists-and-dicts": "x = " + "[{1: " * (MAX_BRACKETS // 2) + "1" + "}]" * (MAX_BRACKETS // 2),
    "binary": "x = " + "+".join(["a"] * (MAX_CHAIN + 1)),
    "unary": "x = " + "- " * MAX_CHAIN + "x",
    "not": "x = " + "not " * MAX_CHAIN + "x",
    "lambda": "x = " + "lambda: " * MAX_CHAIN + "0",
    "attribute": "x = a" + ".b" * MAX_CHAIN,
    "subscript": "x = a" + "[0]" * (MAX_CHAIN // 2),
    "elif": "if a:\n    pass\n" + "elif a:\n    pass\n" * MAX_ELIFS,
}


def test_what_is_accepted_does_not_crash_the_parser(tmp_path):
    script = textwrap.dedent("""
        import sys, time, libcst
        from hxmigrate.syntax.python import too_complex
        for path in sys.argv[1:]:
            text = open(path).read()
            assert too_complex(text) is None, path
            start = time.perf_counter()
            libcst.parse_module(text)
            print(path, round(time.perf_counter() - start, 2), flush=True)
    """)
    paths = []
    for name, text in AT_THE_LIMITS.items():
        (tmp_path / f"{name}.py").write_text(text + "\n")
        paths.append(f"{name}.py")
    r = subprocess.run([sys.executable, "-c", script, *paths], cwd=tmp_path, capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, (r.returncode, r.stdout, r.stderr[-2000:])
    times = dict(line.rsplit(" ", 1) for line in r.stdout.splitlines())
    assert set(times) == set(paths)
    # A generous bound: minutes would mean a limit that no longer holds the cost down.
    assert all(float(t) < 30 for t in times.values()), times
