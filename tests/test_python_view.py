"""PythonView: spans and lines agree with libcst's own position metadata."""

import libcst as cst
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from libcst.metadata import ByteSpanPositionProvider, MetadataWrapper, PositionProvider

from hxmigrate.syntax.python import PythonView, children, string_text

MODULES = [
    'x = data["HEADERS"]\n',
    '# data["HEADERS"] in a comment\nx = data["HEADERS"]\n',
    'x = data["HEADERS"]\ny = "say \\"HEADERS\\""\nz = data["HEADERS"]\n',
    'x = "HEADERS" "HEADERS"\ny = f"{d[\'HEADERS\']} {\'HEADERS\'}"\n',
    '\ufeffs = "é"\nx = data["HEADERS"]  # ü\n',
    'a = ""\nb = """doc with "" inside"""\nc = \'\'\n',
    'def f(m):\n    """HEADERS"""\n    return m.get("HEADERS"), ("HEADERS")\n',
    'x = "a"\r\ny = "a"\r\n',
    'x = "a"\ry = "b"\rz = "a"\r',
]


def generated_spans(text: str) -> dict[int, tuple[int, int]]:
    base = 1 if text.startswith("\ufeff") else 0
    module = cst.parse_module(text[base:])
    wrapper = MetadataWrapper(module, unsafe_skip_copy=True)
    spans = wrapper.resolve(ByteSpanPositionProvider)
    lines = wrapper.resolve(PositionProvider)
    code = text[base:].encode("utf-8")
    out = {}
    for node, s in spans.items():
        if isinstance(node, cst.SimpleString):
            start = len(code[:s.start].decode("utf-8")) + base
            end = len(code[:s.start + s.length].decode("utf-8")) + base
            out[node.value, lines[node].start.line, start] = (start, end)
    return out


def view_spans(text: str) -> dict:
    view = PythonView(text)
    out = {}
    for node in view.walk():
        if isinstance(node, cst.SimpleString):
            start, end = view.span(node)
            out[node.value, view.line(node), start] = (start, end)
    return out


@pytest.mark.parametrize("text", MODULES)
def test_string_spans_and_lines_match_libcst_metadata(text):
    expected = generated_spans(text)
    assert expected  # every module has literals
    assert view_spans(text) == expected


def test_a_token_also_written_elsewhere_falls_back_to_generated_positions():
    text = '# "HEADERS"\nx = d["HEADERS"]\n'
    view = PythonView(text)
    literal = next(n for n in view.walk() if isinstance(n, cst.SimpleString))
    assert view.code(literal) == '"HEADERS"'
    assert "_spans" in view.__dict__  # two places, one literal: the positions were generated
    assert view.span(literal) == (text.rindex('"HEADERS"'), text.rindex('"HEADERS"') + 9)


def test_fast_children_are_libcsts_children():
    module = cst.parse_module(MODULES[3] + MODULES[6])
    stack = [module]
    while stack:
        node = stack.pop()
        kids = children(node)
        assert len(kids) == len(node.children) and all(a is b for a, b in zip(kids, node.children))
        stack.extend(kids)


_pieces = st.sampled_from(['"HEADERS"', "'HEADERS'", '"a"', "''", '""', 'f"{x}"', "x", "d", "1"])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(_pieces, _pieces, st.booleans()), min_size=1, max_size=8))
def test_generated_modules(lines):
    text = "".join(f"v = ({a}, {b})" + ("  # " + a if comment else "") + "\n" for a, b, comment in lines)
    assert view_spans(text) == generated_spans(text)


@pytest.mark.parametrize(
    "literal, text, fields",
    [
        ('"<p id=\'a-{id}\'>{text}</p>"', "<p id='a-{id}'>{text}</p>", ["{id}", "{text}"]),
        # Escaped braces are text; a \N{...} escape is no field.
        ('"{{x}} \\N{EM DASH} {0!r:>4}"', "{x} \u2014 {0!r:>4}", ["{0!r:>4}"]),
        ("r'\\d{3} {n}'", "\\d{3} {n}", ["{3}", "{n}"]),
    ],
)
def test_format_strings_have_opaque_fields(literal, text, fields):
    view = PythonView(f"x = {literal}\n")
    parsed = string_text(view, view.module.body[0].body[0].value, format_fields=True)
    assert parsed.text == text
    assert [parsed.text[a:b] for a, b, _ in parsed.opaque] == fields
    # A brace written into a format string is doubled, as in an f-string.
    assert parsed.escape("{", 0) == "{{"


def unpacked(spans: dict[int, int]) -> dict[int, tuple[int, int]]:
    """A view's spans, each packed in one int, as (start, end)."""
    from hxmigrate.syntax.python import _MASK, _SHIFT

    return {key: (packed >> _SHIFT, packed & _MASK) for key, packed in spans.items()}


def provider_spans(text: str, module) -> dict[int, tuple[int, int]]:
    base = 1 if text.startswith("\ufeff") else 0
    code = text[base:].encode("utf-8")
    spans = MetadataWrapper(module, unsafe_skip_copy=True).resolve(ByteSpanPositionProvider)
    chars = lambda b: len(code[:b].decode("utf-8")) + base  # noqa: E731
    return {id(node): (chars(s.start), chars(s.start + s.length)) for node, s in spans.items()}


FULL = MODULES + [
    '@app.websocket("/ws")\nasync def ws(websocket: WebSocket) -> None:\n    await websocket.send_text(f"<p id=\'{i}\'>{x!r:>4}</p>")\n',
    'class C(Base):\n    async def receive(self, text_data=None):\n        await self.send(text_data=("<b>" + name\n            + "</b>"))\n',
    'x = (  # comment é\n    "a"\n    f"{b}"  # ü\n)\nif a:\n\tpass\nelse:\n\ty = [1, 2,\n  3]\n',
    'def f():\n    return """\n    <div id="x">\n    """.format(**d)\n\n\n\n',
    "lambda: (yield)\nx = a if b else c\ndel x[1:2, ...]\n",
]


@pytest.mark.parametrize("text", FULL)
def test_every_nodes_span_is_the_one_libcsts_provider_gives(text):
    view = PythonView(text)
    assert unpacked(view._spans) == provider_spans(text, view.module)
    assert view._provider_spans() == view._spans


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(_pieces, _pieces, st.booleans()), min_size=1, max_size=8))
def test_every_nodes_span_in_generated_modules(lines):
    text = "".join(f"v = ({a}, {b})" + ("  # " + a if comment else "") + "\n" for a, b, comment in lines)
    view = PythonView(text)
    assert unpacked(view._spans) == provider_spans(text, view.module)
