"""The value of a string expression in code, character by character mapped to the file.

A server builds the HTML it sends in strings: a Python f-string, a Go raw string handed to
``fmt.Sprintf``, a Rust ``format!`` literal, a JavaScript template literal. The rules read
the value (what the string holds at run time) and write their edits into the literals
that hold it. A :class:`StringText` is that value: each character knows the file span of
the source that wrote it and the literal (*piece*) it belongs to; what no literal writes
(a placeholder, a format directive, an operand of a ``+`` chain that is not a literal)
stands as its source code in an opaque span. Each language's view decodes its literals
into one (``syntax/python.py``, ``syntax/go.py``, ``syntax/rust.py``,
``syntax/javascript.py``); a piece of that language knows how text must be escaped to be
written inside it.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Piece:
    """One literal of a string expression (or, with ``start`` -1, an opaque operand)."""

    start: int  # file offset of the content (after the opening delimiter); -1 for an operand

    @property
    def opaque(self) -> bool:
        return self.start < 0

    def escape(self, generated: str) -> str | None:
        """``generated`` as it must be written inside this literal; None when it cannot be."""
        return None

    def holds(self, written: str) -> bool:
        """Whether text already escaped for this literal can stand in it as one run (an
        escaped part may still close the literal when written next to another)."""
        return True


@dataclass
class StringText:
    """The value of a string expression; see the module docstring.

    ``text`` is what the string holds at run time, except that placeholders (and the
    non-literal operands of a ``+`` chain) stand as their source code and are listed in
    ``opaque`` as (start, end, piece) spans of ``text``."""

    text: str
    starts: list[int]  # file offset where the source of each character starts
    ends: list[int]  # ... and ends
    piece_of: list[int]  # index into ``pieces`` for each character
    pieces: list[Piece]
    opaque: list[tuple[int, int, int]] = field(default_factory=list)
    # Opaque spans that must not be written twice: fields that take the next argument
    # each time they are written (Python's "{}" and "%s", Go's "%s", Rust's "{}").
    single: list[tuple[int, int]] = field(default_factory=list)

    def copyable(self, start: int, end: int) -> bool:
        """text[start:end] can be written again elsewhere in the string."""
        return not any(a < end and start < b for a, b in self.single)

    def escape(self, generated: str, piece: int) -> str | None:
        """``generated`` as it must be written inside ``pieces[piece]``; None when it cannot be."""
        p = self.pieces[piece]
        if p.opaque:
            return None
        return p.escape(generated)

    # --- building ------------------------------------------------------------------------

    @classmethod
    def empty(cls) -> "StringText":
        return cls("", [], [], [], [])

    def add_piece(self, piece: Piece) -> int:
        self.pieces.append(piece)
        return len(self.pieces) - 1

    def add_decoded(self, items: "list[tuple[str, int, int]]", piece: int) -> None:
        """Append decoded text: each item is (the characters one escape or character of the
        source writes, possibly none, and the file span of that source)."""
        text = []
        for value, start, end in items:
            for c in value:
                text.append(c)
                self.starts.append(start)
                self.ends.append(end)
                self.piece_of.append(piece)
        self.text += "".join(text)

    def fields(self, at: int, found: "list[tuple[int, int, str | None, bool]]") -> None:
        """Rewrite text[at:] for the format syntax found in it: (start, end, what, single)
        spans of that part, in order. ``what`` is the character an escape writes ("%" for
        "%%", "{" for "{{"); None marks a field (``%s``, ``{}``), which stays as its code,
        opaque, and with ``single`` takes the next argument each time it is written."""
        segment = self.text[at:]
        text, starts, ends, piece_of = [self.text[:at]], self.starts[:at], self.ends[:at], self.piece_of[:at]
        out_len = at
        pos = 0
        for i, j, what, single in found:
            text.append(segment[pos:i])
            starts.extend(self.starts[at + pos:at + i])
            ends.extend(self.ends[at + pos:at + i])
            piece_of.extend(self.piece_of[at + pos:at + i])
            out_len += i - pos
            if what is not None:
                text.append(what)
                starts.append(self.starts[at + i])
                ends.append(self.ends[at + j - 1])
                piece_of.append(self.piece_of[at + i])
                out_len += len(what)
            else:
                code = segment[i:j]
                text.append(code)
                starts.extend(self.starts[at + i:at + j])
                ends.extend(self.ends[at + i:at + j])
                piece_of.extend(self.piece_of[at + i:at + j])
                self.opaque.append((out_len, out_len + len(code), self.piece_of[at + i]))
                if single:
                    self.single.append((out_len, out_len + len(code)))
                out_len += len(code)
            pos = j
        text.append(segment[pos:])
        starts.extend(self.starts[at + pos:])
        ends.extend(self.ends[at + pos:])
        piece_of.extend(self.piece_of[at + pos:])
        self.text, self.starts, self.ends, self.piece_of = "".join(text), starts, ends, piece_of

    def add_opaque(self, code: str, start: int, piece: int, single: bool = False) -> None:
        """Append source code that stands for what it writes at run time (file[start:start+len])."""
        at = len(self.text)
        self.text += code
        self.starts.extend(range(start, start + len(code)))
        self.ends.extend(range(start + 1, start + len(code) + 1))
        self.piece_of.extend([piece] * len(code))
        self.opaque.append((at, at + len(code), piece))
        if single:
            self.single.append((at, at + len(code)))

    def add_operand(self, code: str, start: int) -> None:
        """Append an operand that is no literal (an expression of a ``+`` chain)."""
        self.add_opaque(code, start, self.add_piece(Piece(-1)))
