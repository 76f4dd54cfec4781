"""syntax/pyast.py: node positions in characters, and string literals as written, checked
against the standard library's own ``ast.get_source_segment`` and ``ast.literal_eval``."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from hxmigrate.syntax.pyast import AstView, children

ROOT = Path(__file__).resolve().parent.parent
# ast.get_source_segment splits the text again for each node: modules of a few pages
MODULES = sorted(p for p in (ROOT / "fixtures").rglob("*.py") if 0 < p.stat().st_size < 20_000)
MADE_UP = [
    "\ufeffx = 'é' + \"HX-Trigger\"\n",
    "a = 1\r\nb = 'ü'; c = \"HX-Target\"\r\n",
    "a = 1\rb = 'ünï'; c = r'HX-Prompt'\r",
    "x = ('HX-Trigger-After-Settle'\n     # a comment\n     \"more\" \\\n     'x').upper()\n",
    "f(*['a'], after='swap', **{'HX-Trigger': 1})\n",
    "s = f\"{request.headers['HX-Trigger']}\" 'HX-Trigger-After-Swap' \"é\"\n",
    "def g(hx_trigger: str = Header(None), /, *a, hx_target=1, **k): pass\n",
    "x = '''a\nb''' \"\"\"c\"\"\"\n",
]


def _reads(text: str) -> bool:
    try:
        ast.parse(text.removeprefix("\ufeff"))
    except SyntaxError:  # a fixture that is no Python on purpose
        return False
    return True


def _texts():
    for path in MODULES:
        text = path.read_text(encoding="utf-8")
        if _reads(text):
            yield pytest.param(text, id=str(path.relative_to(ROOT)))
    for i, text in enumerate(MADE_UP):
        yield pytest.param(text, id=f"made-up-{i}")


@pytest.mark.parametrize("text", list(_texts()))
def test_every_node_spans_its_source_segment(text):
    view = AstView(text)
    assert view.module is not None, view.error
    body = text.removeprefix("\ufeff")
    base = len(text) - len(body)
    seen = 0
    stack = [view.module]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.JoinedStr):
            # the literal text of an f-string is no node of its own in the source (this
            # Python gives it the f-string's position): only its expressions are read
            stack.extend(v for v in node.values if isinstance(v, ast.FormattedValue))
        else:
            stack.extend(children(node))
        if getattr(node, "end_col_offset", None) is None:
            continue
        segment = ast.get_source_segment(body, node)
        start, end = view.span(node)
        assert text[start:end] == segment and start >= base, (type(node).__name__, segment)
        seen += 1
        if isinstance(node, ast.Constant) and isinstance(node.value, (str, bytes)):
            parts = view.string_parts(node)
            # the literals as written, each read on its own, make the node's value
            joined = parts[0].value[:0].join(p.value for p in parts) if parts else None
            assert joined == node.value, segment
            for part in parts:
                assert ast.literal_eval(text[part.start:part.end]) == part.value
                assert text[part.start:part.end] == part.prefix + part.quote + part.raw + part.quote
    assert seen


def test_a_text_it_does_not_read_says_why():
    view = AstView("def f(:\n    pass\n")
    assert view.module is None and "line 1" in view.error
    assert AstView("x = 1\n").error is None


def test_the_literals_of_a_concatenation_with_an_f_string():
    text = "s = 'a' f'{b}' \"HX-Trigger\"\n"
    view = AstView(text)
    joined = view.module.body[0].value
    assert [(p.value, text[p.start:p.end]) for p in view.string_parts(joined)] == [
        ("a", "'a'"), ("HX-Trigger", '"HX-Trigger"')]
