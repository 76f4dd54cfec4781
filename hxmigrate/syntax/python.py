"""A lossless view of Python source: libcst's concrete tree, with spans as text offsets.

libcst round-trips the source exactly, so every node's code is the text it came from and
rules can describe edits as spans. libcst is imported only when a Python file is read.
Positions are those libcst's ``ByteSpanPositionProvider`` gives, counted in characters (the
``str`` offsets every edit uses) while the code is generated once; a string literal whose
token is written once in the file is found without that. Lines are counted from offsets.
A file libcst cannot parse gives a view whose ``module`` is None and whose ``error`` says
why; rules then find nothing in it. Text whose nesting would crash
libcst's native parser, or keep it busy for minutes, is never handed to it: ``module``
raises ``TooComplex`` (see ``too_complex``), and the engine reports the file.
"""

from __future__ import annotations

import bisect
import dataclasses
import re
import unicodedata
from array import array
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Iterable, Iterator

from ..isolation import TooComplex
from . import strings
from .cst import cst
from .pyast import BOM, STRING_BODY
from .strings import StringText

# How many string literals are looked up in the text before every node's position is
# generated instead.
FINDS = 16


class PythonView:
    def __init__(self, text: str) -> None:
        self.text = text
        # libcst drops a leading BOM from the code it returns and counts offsets without it.
        self._base = 1 if text.startswith(BOM) else 0
        self.error: str | None = None
        self._finds = FINDS

    @cached_property
    def module(self) -> "cst.Module | None":
        """The parsed module; None for text libcst does not read as Python. Raises
        TooComplex for text that libcst's parser must not be given."""
        body = self.text[self._base:]
        reason = too_complex(body)
        if reason is not None:
            raise TooComplex(reason)

        try:
            return cst.parse_module(body)
        except cst.ParserSyntaxError as exc:
            self.error = f"libcst cannot parse this file: {str(exc).splitlines()[0]}"
        except (RecursionError, MemoryError):
            raise TooComplex("too deeply nested for libcst's parser") from None
        except Exception as exc:  # libcst is not ours: any failure means "not readable"
            self.error = f"libcst failed: {exc.__class__.__name__}"
        return None

    @cached_property
    def _spans(self) -> "_Spans":
        """(start, end) text offsets of every node, by id, packed in one int (``_pack``):
        the positions libcst's ``ByteSpanPositionProvider`` gives (the syntax of a node,
        without the whitespace it owns), counted in characters as the code is generated
        once. A project read keeps those of a thousand modules: kept in two arrays
        (``_Spans``), they take a sixth of the room of a dict."""
        spans: dict[int, int] = {}
        module = self.module
        if module is not None:
            try:
                module._codegen(_span_state()(module.default_indent, module.default_newline, spans, self._base))
            except (AttributeError, TypeError):  # a libcst whose code generation works otherwise
                spans = self._provider_spans()
        return _Spans(spans)

    def _provider_spans(self) -> dict[int, int]:
        """The same from libcst's provider itself, its UTF-8 byte offsets turned into
        text offsets."""
        from libcst.metadata import ByteSpanPositionProvider, MetadataWrapper

        found = MetadataWrapper(self.module, unsafe_skip_copy=True).resolve(ByteSpanPositionProvider)
        ends: list[int] = []  # byte offsets just after each non-ASCII character
        extra: list[int] = []  # ... and the bytes beyond one per character up to there
        byte = total = 0
        for ch in self.text[self._base:]:
            n = len(ch.encode("utf-8", "surrogatepass"))
            byte += n
            if n > 1:
                total += n - 1
                ends.append(byte)
                extra.append(total)

        def offset(b: int) -> int:
            i = bisect.bisect_right(ends, b)
            return b - (extra[i - 1] if i else 0) + self._base

        return {id(node): _pack(offset(s.start), offset(s.start + s.length)) for node, s in found.items()}

    @cached_property
    def _line_starts(self) -> list[int]:
        # Python ends a line at \r\n, \r or \n.
        return [0, *(m.end() for m in re.finditer(r"\r\n?|\n", self.text))]

    def span(self, node: "cst.CSTNode") -> tuple[int, int]:
        """(start, end) text offsets of a node of ``module``."""
        value = getattr(node, "value", None)
        if type(value) is str and type(node).__name__ == "SimpleString" and self._finds and "_spans" not in self.__dict__:
            # A token written once in the whole text can only be this literal. Each look
            # reads the whole text: after a few, generating the positions of every node
            # once costs less than looking on.
            self._finds -= 1
            start = self.text.find(value, self._base)
            if start != -1 and self.text.find(value, start + 1) == -1:
                return start, start + len(value)
        packed = self._spans[id(node)]
        return packed >> _SHIFT, packed & _MASK

    def line(self, node: "cst.CSTNode") -> int:
        """The 1-based line a node starts on."""
        return bisect.bisect_right(self._line_starts, self.span(node)[0])

    def code(self, node: "cst.CSTNode") -> str:
        start, end = self.span(node)
        return self.text[start:end]

    def walk(self, node: "cst.CSTNode | None" = None) -> Iterator["cst.CSTNode"]:
        """Every node under ``node`` (the module by default), parents before children."""
        root = self.module if node is None else node
        if root is None:
            return
        stack = [root]
        while stack:
            current = stack.pop()
            yield current
            stack.extend(reversed(children(current)))


# --- what libcst's parser must not be given ---------------------------------------------

# libcst's native parser recurses once per level of nesting and overflows its stack (the
# process dies of SIGSEGV, with no exception to catch) at about 1,300 nested brackets, and
# at 3,500 to 8,500 links of a chain (lambdas, unary and boolean operators, attribute and
# call chains, elif branches). Long left-recursive chains also cost it quadratic time or
# worse (1,000 `a+a+...` take a second, 2,000 subscripts `x[0][0]...` forty). CPython
# itself refuses more than 200 nested brackets ("too many nested parentheses"), so that
# limit refuses no valid Python; the others are far above what hand-written code holds.
MAX_BRACKETS = 200
MAX_CHAIN = 1000
MAX_ELIFS = 2000

_KEYWORD = r"(?:and|or|not|in|is|if|else|lambda|await|yield|elif)\b"
# One token that matters, after a run of what does not: blanks, and names and numbers (the
# last of which is group `a`), which the expression engine skips without a step of Python.
_PY_TOKEN = re.compile(r"""
  (?:[ \t\f]++|(?P<a>(?!""" + _KEYWORD + r""")[^\W\d]\w*+(?!['"])|\d[\w.]*+|[^\s\w"'\#\\()\[\]{},;=!<>:*/+%@&|^~.\-]))*+
  (?:
    (?P<q>[rRbBuUfFtT]{0,2}(?:'''|\"\"\"|'|\"))     # a string starts
  | (?P<n>\r\n?|\n)
  | (?P<o>[(\[{])
  | (?P<x>[)\]}])
  | (?P<p>==|!=|<=|>=|:=)                          # comparisons and := chain on
  | (?P<s>[,;]|->|(?:\*\*|//|>>|<<|[-+*/%@&|^])?=)  # separators and assignments end a chain
  | (?P<r>\*\*|//|<<|>>|[-+*/%@&|^~<>.])
  | (?P<m>:)                                       # a colon neither links nor ends a chain
  | (?P<k>""" + _KEYWORD + r""")
  | (?P<c>\#[^\r\n]*+)                             # a comment
  | (?P<b>\\(?:\r\n?|\n))                          # a line continued
  | (?P<w>\w++|[\s\S])                             # a name before a quote, anything else
  | (?P<e>\Z)
  )
""", re.X)
_FIELD_BRACKET = re.compile(r"\{\{|\}\}|[{(\[]|[})\]]")


def too_complex(text: str) -> str | None:
    """Why ``text`` must not be handed to libcst's parser, or None.

    One pass over the tokens that matter (strings and comments are skipped, names and
    numbers are never looked at one by one) measures: the depth of brackets, those of
    f-string fields included; per bracket level, the links of the current chain
    (operators, keywords that chain, and calls or subscripts on what comes before, which
    count twice for their cost), reset by commas, semicolons and assignments; and per
    indentation, the elif branches of one if statement."""
    depth = 0
    chains = [0]
    elifs: dict[int, int] = {}
    closed = False  # the token before is a name, number, string or closing bracket
    statement = True  # the next token starts a statement (a logical line)
    line_start = 0
    pos = 0
    n = len(text)
    match = _PY_TOKEN.match
    while pos < n:
        m = match(text, pos)
        kind = m.lastgroup
        if kind == "e":  # only blanks, names and numbers were left
            break
        start = m.start(kind)
        if m.start("a") != -1:  # a name or a number stood before the token
            closed = True
        if statement and kind != "c" and kind != "n" and kind != "b":
            statement = False
            run = text[pos:start]
            first = pos + len(run) - len(run.lstrip())
            if _statement(elifs, first - line_start, first == start and m.group(kind) == "elif"):
                return _too_many_elifs()
        pos = m.end()
        if kind == "o":
            # A call or a subscript (a bracket right after a name, a number, a string or a
            # closing bracket) is a link of the chain before it: left-recursive, the dearest.
            if closed:
                chains[-1] += 2
                if chains[-1] > MAX_CHAIN:
                    return _too_long(text, start)
            depth += 1
            if depth > MAX_BRACKETS:
                return _too_deep(text, start)
            chains.append(0)
            closed = False
        elif kind == "x":
            if depth:
                depth -= 1
                chains.pop()
            closed = True
        elif kind == "s":
            chains[-1] = 0
            closed = False
        elif kind == "n":
            closed = False
            if depth == 0:
                chains[0] = 0
                statement = True
                line_start = pos
        elif kind == "q":
            opener = m.group(kind)
            quote = opener.lstrip("rRbBuUfFtT")
            body = STRING_BODY[quote].match(text, pos)
            pos = body.end()
            closed = True
            if body.start("z") == -1:  # never closed (Python refuses it): it runs to the line's end
                continue
            if "{" in body.group() and "f" in opener.lower():
                inner = deepest = 0
                for f in _FIELD_BRACKET.finditer(body.group()):
                    c = f.group()
                    if c == "{{" or c == "}}":
                        continue
                    inner = inner + 1 if c in "{([" else max(0, inner - 1)
                    deepest = max(deepest, inner)
                if depth + deepest > MAX_BRACKETS:
                    return _too_deep(text, start)
        elif kind == "w":
            closed = True
        elif kind == "m":
            closed = False
        elif kind != "c" and kind != "b":  # an operator, or a keyword that chains
            closed = False
            if kind == "k" and m.group(kind) == "elif":
                continue
            chains[-1] += 1
            if chains[-1] > MAX_CHAIN:
                return _too_long(text, start)
    return None


def _statement(elifs: dict[int, int], indent: int, is_elif: bool) -> bool:
    """Note a statement at ``indent``: an elif branch adds to the chain there, anything
    else ends the chains at that indentation and deeper. True when a chain is too long."""
    if is_elif:
        elifs[indent] = count = elifs.get(indent, 0) + 1
        return count > MAX_ELIFS
    if elifs:
        for key in [k for k in elifs if k >= indent]:
            del elifs[key]
    return False


def _line(text: str, pos: int) -> int:
    return text.count("\n", 0, pos) + 1


def _too_deep(text: str, pos: int) -> str:
    return (f"more than {MAX_BRACKETS} nested brackets (line {_line(text, pos)}), which Python itself refuses; "
            "libcst's parser crashes on deep nesting")


def _too_long(text: str, pos: int) -> str:
    return (f"an expression chains more than {MAX_CHAIN:,} operators, calls or subscripts (line {_line(text, pos)}); "
            "libcst's parser slows down quadratically on long chains and crashes on longer ones")


def _too_many_elifs() -> str:
    return (f"an if statement has more than {MAX_ELIFS:,} elif branches; libcst's parser nests them one in "
            "another and crashes on long chains of them")


_RECENT: dict[str, PythonView] = {}
_RECENT_SIZE = 4


def view_of(text: str) -> PythonView:
    """A view of ``text``, shared by the readers of the same text close together (the
    rules of a file's last pass and the verifier read the same fixed text): parsed once."""
    view = _RECENT.pop(text, None)
    if view is None:
        view = PythonView(text)
        while len(_RECENT) >= _RECENT_SIZE:
            del _RECENT[next(iter(_RECENT))]
    _RECENT[text] = view
    return view


@lru_cache(maxsize=None)
def _span_state():
    """libcst's code generation with positions recorded, as its span provider records them,
    but in characters (no UTF-8 encoding of each token), keyed by node id (libcst nodes
    hash in Python) and without a generator-based context manager per node: a third of
    the provider's cost."""
    from libcst._nodes.internal import CodegenState

    class SpanState(CodegenState):
        def __init__(self, default_indent: str, default_newline: str, spans: dict, base: int) -> None:
            super().__init__(default_indent, default_newline)
            self.spans = spans
            self.position = base
            self.starts: list[int] = []

        def add_indent_tokens(self) -> None:
            self.tokens.extend(self.indent_tokens)
            for token in self.indent_tokens:
                self.position += len(token)

        def add_token(self, value: str) -> None:
            self.tokens.append(value)
            self.position += len(value)

        def before_codegen(self, node) -> None:
            self.starts.append(self.position)

        def after_codegen(self, node) -> None:
            start = self.starts.pop()
            self.spans.setdefault(id(node), _pack(start, self.position))

        def record_syntactic_position(self, node, *, start_node=None, end_node=None) -> "_Syntactic":
            return _Syntactic(self, node, start_node, end_node)

    return SpanState


class _Spans:
    """Packed spans by node id, as two arrays sorted by id: 16 bytes a node, where a dict of
    ints takes about a hundred."""

    __slots__ = ("keys", "values")

    def __init__(self, spans: dict[int, int]) -> None:
        keys = sorted(spans)
        self.keys = array("Q", keys)
        self.values = array("Q", [spans[k] for k in keys])

    def __getitem__(self, key: int) -> int:
        keys = self.keys
        i = bisect.bisect_left(keys, key)
        if i < len(keys) and keys[i] == key:
            return self.values[i]
        raise KeyError(key)

    def items(self) -> Iterator[tuple[int, int]]:
        return zip(self.keys, self.values)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, _Spans):
            return self.keys == other.keys and self.values == other.values
        return isinstance(other, dict) and dict(self.items()) == other


# A span packed in one int: its start above these bits, its end in them (a text read is at
# most a few megabytes).
_SHIFT = 32
_MASK = (1 << _SHIFT) - 1


def _pack(start: int, end: int) -> int:
    return start << _SHIFT | end


class _Syntactic:
    """The part of a node's code that is its syntax (inside its parentheses, say)."""

    __slots__ = ("state", "node", "start_node", "end_node", "start")

    def __init__(self, state, node, start_node, end_node) -> None:
        self.state, self.node, self.start_node, self.end_node = state, node, start_node, end_node

    def __enter__(self) -> None:
        self.start = self.state.position

    def __exit__(self, *exc) -> bool:
        spans = self.state.spans
        start = spans[id(self.start_node)] >> _SHIFT if self.start_node is not None else self.start
        end = spans[id(self.end_node)] & _MASK if self.end_node is not None else self.state.position
        spans[id(self.node)] = _pack(start, end)
        return False


# --- children without libcst's visitor machinery ------------------------------------------

_FIELDS: dict[type, tuple[str, ...]] = {}
_ORDERS: dict[tuple, tuple[str, ...] | None] = {}


def children(node) -> list:
    """``node.children`` (a new list), without running libcst's visitor machinery: the
    fields that hold child nodes are read in the order libcst visits them, learned once per
    node type and set of filled fields from libcst itself and checked against it."""
    t = type(node)
    names = _FIELDS.get(t)
    if names is None:
        names = _FIELDS[t] = tuple(f.name for f in dataclasses.fields(t))
    present = []
    for name in names:
        v = getattr(node, name)
        if type(v) is tuple or type(v) is list:
            if v:
                present.append(name)
        elif hasattr(v, "_visit_and_replace_children"):
            present.append(name)
    key = (t, *present)
    order = _ORDERS.get(key, False)
    if order is False:
        order = _ORDERS[key] = _learn_order(node, present)
    if order is None:
        return list(node.children)
    out = []
    for name in order:
        v = getattr(node, name)
        if type(v) is tuple or type(v) is list:
            out.extend(v)
        else:
            out.append(v)
    return out


def _learn_order(node, present: list[str]) -> tuple[str, ...] | None:
    """The filled fields of ``node`` in the order libcst visits them; None when its
    children are not simply those fields' nodes, one field after another."""
    owner: dict[int, str] = {}
    for name in present:
        v = getattr(node, name)
        for item in (v if isinstance(v, (tuple, list)) else (v,)):
            if not isinstance(item, cst.CSTNode):
                return None
            owner[id(item)] = name
    order: list[str] = []
    children = node.children
    for child in children:
        name = owner.get(id(child))
        if name is None:
            return None
        if not order or order[-1] != name:
            if name in order:
                return None
            order.append(name)
    if set(order) != set(present):
        return None
    rebuilt = []
    for name in order:
        v = getattr(node, name)
        rebuilt.extend(v if isinstance(v, (tuple, list)) else (v,))
    if len(rebuilt) != len(children) or any(a is not b for a, b in zip(rebuilt, children)):
        return None
    return tuple(order)


# --- string literals as text -------------------------------------------------------------

_SIMPLE_ESCAPES = {"\\": "\\", "'": "'", '"': '"', "a": "\a", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v"}
_HEX_LEN = {"x": 2, "u": 4, "U": 8}


@dataclass
class Piece(strings.Piece):
    """One literal of a Python string expression."""

    raw: bool = False
    fstring: bool = False
    quote: str = '"'  # the closing delimiter: ', ", ''' or \"\"\"
    byte: bool = False
    percent: bool = False  # the left operand of ``%``: a "%" written into it is doubled

    def escape(self, generated: str) -> str | None:
        if self.opaque or self.byte:
            return None
        out = generated
        if self.fstring:
            out = out.replace("{", "{{").replace("}", "}}")
        if self.percent:
            out = out.replace("%", "%%")
        if not self.raw:
            out = out.replace("\\", "\\\\")
        if len(self.quote) == 1 and ("\n" in out or "\r" in out):
            if self.raw:
                return None
            out = out.replace("\r", "\\r").replace("\n", "\\n")  # as the escapes that wrote them
        if len(self.quote) == 1:
            if self.quote in out:
                if self.raw:
                    return None
                out = out.replace(self.quote, "\\" + self.quote)
        return out


def _decode_into(st: StringText, raw_text: str, base: int, piece: int, is_raw: bool, is_f: bool) -> None:
    """Append the value of ``raw_text`` (source starting at file offset ``base``)."""
    i = 0
    n = len(raw_text)
    text, starts, ends, pieces = [], st.starts, st.ends, st.piece_of
    while i < n:
        ch = raw_text[i]
        j = i + 1
        value = ch
        if ch == "\\" and not is_raw and i + 1 < n:
            nxt = raw_text[i + 1]
            j = i + 2
            if nxt == "\n":
                value = ""
            elif nxt == "\r":
                value = ""
                if raw_text.startswith("\n", j):
                    j += 1
            elif nxt in _SIMPLE_ESCAPES:
                value = _SIMPLE_ESCAPES[nxt]
            elif nxt in "01234567":
                k = i + 1
                while k < n and k < i + 4 and raw_text[k] in "01234567":
                    k += 1
                value, j = chr(int(raw_text[i + 1:k], 8)), k
            elif nxt in _HEX_LEN:
                digits = raw_text[i + 2:i + 2 + _HEX_LEN[nxt]]
                try:
                    value, j = chr(int(digits, 16)), i + 2 + _HEX_LEN[nxt]
                except ValueError:
                    value, j = ch, i + 1
            elif nxt == "N" and raw_text.startswith("{", i + 2):
                close = raw_text.find("}", i + 3)

                try:
                    value, j = unicodedata.lookup(raw_text[i + 3:close]), close + 1
                except (KeyError, ValueError):
                    value, j = ch, i + 1
            else:
                value, j = ch, i + 1  # an unknown escape keeps its backslash
        elif is_f and ch in "{}" and raw_text.startswith(ch, i + 1):
            j = i + 2
        for c in value:
            text.append(c)
            starts.append(base + i)
            ends.append(base + j)
            pieces.append(piece)
        i = j
    st.text += "".join(text)


_FORMAT_FIELD = re.compile(r"\{\{|\}\}|\{[^{}]*\}")


def _decode_format_into(st: StringText, raw_text: str, base: int, piece: int, is_raw: bool) -> None:
    """Append a ``str.format`` literal: text as an f-string's, each ``{field}`` opaque."""
    pos = 0
    for m in _FORMAT_FIELD.finditer(raw_text):
        if m.group() in ("{{", "}}") or (not is_raw and raw_text.endswith("\\N", 0, m.start())):
            continue  # an escaped brace, or the name of a \N{...} escape
        _decode_into(st, raw_text[pos:m.start()], base + pos, piece, is_raw, True)
        code = m.group()
        at = len(st.text)
        st.text += code
        st.starts.extend(range(base + m.start(), base + m.end()))
        st.ends.extend(range(base + m.start() + 1, base + m.end() + 1))
        st.piece_of.extend([piece] * len(code))
        st.opaque.append((at, at + len(code), piece))
        pos = m.end()
    _decode_into(st, raw_text[pos:], base + pos, piece, is_raw, True)


_AUTO_FIELD = re.compile(r"\{(?:[!:][^{}]*)?\}")
# A printf-style directive: %% or %[(key)][flags][width][.precision][length]type.
_PERCENT = re.compile(r"%(?:%|(\([^()]*\))?[#0 +-]*(?:\*|\d+)?(?:\.(?:\*|\d*))?[hlL]?[diouxXeEfFgGcrsab])")


def _percent_fields(st: StringText, at: int) -> bool:
    """Turn the ``%`` directives of st.text[at:] into opaque fields and each ``%%`` into the
    one "%" it writes; False when the text has a "%" that starts no directive (the
    formatting fails at run time, or the string is not what it seems)."""
    segment = st.text[at:]
    if "%" not in segment:
        return True
    found = []
    pos = 0
    while (i := segment.find("%", pos)) >= 0:
        m = _PERCENT.match(segment, i)
        if m is None:
            return False
        found.append((i, m.end(), "%" if m.group() == "%%" else None, m.group(1) is None))
        pos = m.end()
    st.fields(at, found)
    return True


def string_text(view: PythonView, node: "cst.CSTNode", format_fields: "bool | str" = False) -> StringText | None:
    """The value of a str literal, f-string, implicit concatenation, or ``+`` chain with at
    least one literal; None for anything else (bytes, calls). With ``format_fields`` True
    (or "format") the literals are ``str.format`` strings: their ``{fields}`` are opaque and
    braces written into them are doubled, as in an f-string; with "percent" they are the
    left operand of ``%``: their directives are opaque, ``%%`` is one "%", and a "%" written
    into them is doubled (None when a "%" starts no directive, or for an f-string)."""
    percent = format_fields == "percent"
    format_fields = bool(format_fields) and not percent

    operands: list[cst.CSTNode] = []

    def flatten(n) -> bool:
        if isinstance(n, cst.ConcatenatedString):
            return flatten(n.left) and flatten(n.right)
        if isinstance(n, cst.BinaryOperation) and isinstance(n.operator, cst.Add) and not n.lpar:
            return flatten(n.left) and flatten(n.right)
        operands.append(n)
        return True

    flatten(node)
    if not any(isinstance(o, (cst.SimpleString, cst.FormattedString, cst.ConcatenatedString)) for o in operands):
        return None
    st = StringText("", [], [], [], [])
    for operand in operands:
        start, end = view.span(operand)
        if isinstance(operand, cst.SimpleString) and not operand.lpar:
            prefix = operand.prefix.lower()
            if "b" in prefix:
                return None
            quote = operand.quote
            content = start + len(operand.prefix) + len(quote)
            st.pieces.append(Piece(content, "r" in prefix, format_fields, quote, percent=percent))
            if format_fields:
                at = len(st.opaque)
                _decode_format_into(st, operand.raw_value, content, len(st.pieces) - 1, "r" in prefix)
                st.single.extend((a, b) for a, b, _ in st.opaque[at:] if _AUTO_FIELD.fullmatch(st.text[a:b]))
            else:
                at = len(st.text)
                _decode_into(st, operand.raw_value, content, len(st.pieces) - 1, "r" in prefix, False)
                if percent and not _percent_fields(st, at):
                    return None
        elif isinstance(operand, cst.FormattedString) and not operand.lpar:
            prefix = operand.prefix.lower()
            if "b" in prefix or percent:
                return None
            quote = operand.end
            content = start + len(operand.start)
            index = len(st.pieces)
            st.pieces.append(Piece(content, "r" in prefix, True, quote))
            pos = content
            for part in operand.parts:
                code = view.module.code_for_node(part)
                if isinstance(part, cst.FormattedStringText):
                    _decode_into(st, part.value, pos, index, "r" in prefix, True)
                else:
                    at = len(st.text)
                    st.text += code
                    st.starts.extend(range(pos, pos + len(code)))
                    st.ends.extend(range(pos + 1, pos + len(code) + 1))
                    st.piece_of.extend([index] * len(code))
                    st.opaque.append((at, at + len(code), index))
                pos += len(code)
        else:
            code = view.text[start:end]
            index = len(st.pieces)
            st.pieces.append(Piece(-1))
            at = len(st.text)
            st.text += code
            st.starts.extend(range(start, end))
            st.ends.extend(range(start + 1, end + 1))
            st.piece_of.extend([index] * len(code))
            st.opaque.append((at, at + len(code), index))
    return st


# --- reading nodes ---------------------------------------------------------------------------

def dotted(node) -> str | None:
    """``a.b.c`` for a name or attribute chain; None for anything else."""
    parts = []
    while isinstance(node, cst.Attribute):
        parts.append(node.attr.value)
        node = node.value
    if isinstance(node, cst.Name):
        parts.append(node.value)
        return ".".join(reversed(parts))
    if isinstance(node, cst.Call) and isinstance(node.func, cst.Name) and node.func.value == "super":
        parts.append("super()")
        return ".".join(reversed(parts))
    return None


def call_arg(call, index: int | None, keywords: Iterable[str] = ()):
    """The argument of ``call`` passed by one of ``keywords``, or else the ``index``-th
    positional one (None when there is none)."""
    positional = [a for a in call.args if a.keyword is None and not a.star]
    for a in call.args:
        if a.keyword is not None and a.keyword.value in keywords:
            return a.value
    if index is not None and index < len(positional):
        return positional[index].value
    return None


def string_value(node) -> str | None:
    """The value of a string literal (implicitly concatenated ones too); None for anything
    else, f-strings and bytes included."""
    if isinstance(node, (cst.SimpleString, cst.ConcatenatedString)):
        try:
            value = node.evaluated_value
        except Exception:
            return None
        return value if isinstance(value, str) else None
    return None
