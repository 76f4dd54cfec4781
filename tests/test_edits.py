import pytest

from hxmigrate.edits import Edit, LineIndex, OverlapError, apply_edits, check_overlaps, conflicts, merge_sorted


@pytest.mark.parametrize(
    "text, edits, expected",
    [
        pytest.param("abcdef", [Edit(1, 3, "X")], "aXdef", id="replace"),
        pytest.param("abcdef", [Edit(0, 0, ">")], ">abcdef", id="insert-at-start"),
        pytest.param("abcdef", [Edit(6, 6, "<")], "abcdef<", id="insert-at-end"),
        pytest.param("abcdef", [Edit(4, 6), Edit(0, 1, "A")], "Abcd", id="applied-back-to-front"),
        pytest.param("abcdef", [Edit(1, 2, "B"), Edit(2, 2, "+")], "aB+cdef", id="insert-right-after-replacement"),
        pytest.param("abcdef", [Edit(2, 2, "+"), Edit(2, 3, "C")], "ab+Cdef", id="insert-right-before-replacement"),
        pytest.param("abcdef", [], "abcdef", id="nothing"),
    ],
)
def test_apply(text, edits, expected):
    assert apply_edits(text, edits) == expected


@pytest.mark.parametrize(
    "a, b",
    [
        pytest.param(Edit(0, 3), Edit(2, 4), id="overlap"),
        pytest.param(Edit(1, 1, "x"), Edit(1, 1, "y"), id="two-insertions-at-one-point"),
        pytest.param(Edit(0, 4), Edit(2, 2, "x"), id="insertion-inside-replacement"),
    ],
)
def test_overlaps_rejected(a, b):
    assert conflicts(a, b) and conflicts(b, a)
    with pytest.raises(OverlapError):
        check_overlaps([a, b])
    with pytest.raises(OverlapError):
        apply_edits("abcdef", [a, b])


def test_edit_past_end_rejected():
    with pytest.raises(ValueError):
        apply_edits("abc", [Edit(2, 5, "x")])


def test_bad_span_rejected():
    with pytest.raises(ValueError):
        Edit(3, 2)


def test_merge_takes_whole_fixes_in_order():
    first = [Edit(0, 2, "A"), Edit(5, 6, "B")]
    clashing = [Edit(1, 3, "C"), Edit(8, 9, "D")]  # overlaps the first fix: dropped whole
    independent = [Edit(3, 4, "E")]
    assert merge_sorted([first, clashing, independent]) == first + independent


@pytest.mark.parametrize(
    "text, offset, expected",
    [
        ("a\nb\nc", 2, (2, 1)),
        ("a\r\nb\r\nc", 3, (2, 1)),
        ("a\r\nb\r\nc", 6, (3, 1)),
        ("a\rb\rc", 4, (3, 1)),
        ("ab\ncd", 4, (2, 2)),
        ("\ufeffab", 2, (1, 3)),
    ],
)
def test_line_col(text, offset, expected):
    assert LineIndex(text).line_col(offset) == expected


def test_line_text_strips_only_newline():
    index = LineIndex("one  \r\ntwo\t\nthree")
    assert [index.line_text(i) for i in (1, 2, 3)] == ["one  ", "two\t", "three"]


@pytest.mark.parametrize(
    "col, end_col, expected",
    [
        (1, 3, ("0123456789", 1, True)),  # at the start: nothing before to show
        (15, 17, ("bcdefghijk", 12, True)),  # a third of the width before the span
        (30, 33, ("klmnopqrst", 21, False)),  # near the end: the last width characters
        (13, 23, ("cdefghijkl", 13, True)),  # a span as wide as the window: all of it, nothing before
    ],
)
def test_excerpt_of_a_long_line(col, end_col, expected):
    index = LineIndex("short\r\n0123456789abcdefghijklmnopqrst\r\nlast")
    assert index.excerpt(2, col, end_col, 10) == expected
    assert index.excerpt(1, 1, 2, 10) == ("short", 1, False)
    assert index.excerpt(3, 1, 2, 10) == ("last", 1, False)
    assert index.line_bounds(2) == (7, 37)
