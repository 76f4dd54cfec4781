"""An anchored pattern finds what its regular expression finds: the same matches in the same
order, over every fixture and over texts made to trip it (the literal at the edges of the
text, inside a longer name, after `data-`, matches that overlap)."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from hxmigrate.rules.core import hx501_unrecognised_construct as hx501
from hxmigrate.syntax.anchored import Anchored
from hxmigrate.targets import get_target

ROOT = Path(__file__).resolve().parent.parent
TEXTS = [p.read_text("utf-8", "replace") for folder in ("fixtures", "tests") for p in sorted((ROOT / folder).rglob("*"))
         if p.is_file() and p.stat().st_size < 300_000 and p.suffix not in (".pyc", ".png")]


def _anchored() -> list[Anchored]:
    traces = hx501._traces_of(get_target("4.0").core)
    found = [p for _, _, p in hx501._FIXED if isinstance(p, Anchored)]
    found += [p for p in (traces.event, traces.hx_on_short, traces.config, hx501._HX_EXT) if isinstance(p, Anchored)]
    return found


PATTERNS = _anchored()
PIECES = ["hx-on", "hx-on::", "data-", "hx-on-click", "hx-on--after-request", "=", '"', "'", " ", "\n", "x", "-", ".",
          "htmx", "htmx.", "htmx:", "htmx:afterSwap", "htmx:after-swap", "queue:", "last", "from:", "closest ", "div",
          "show:", "scroll:", "focus-scroll:", "top", ":", "hx-swap", "morph", "hx-target-", "404", "error",
          "htmx.org@", "2", "/ajax/libs/htmx/", "idiomorph-ext", "htmx-ext-", "ws", "hx-inherit", "hx-disinherit",
          "hx-disable", "d", "hx-vars", "{", "(", "swap", "addClass", "hx-request", "hx-history", "hx-params", "$",
          "hx-ext", "hx_ext", "json-enc", "config.", "defaultSwapStyle", "historyCacheSize", "includeIndicatorStyles",
          "`"]


def _spans(matches) -> list[tuple[int, int, tuple]]:
    return [(m.start(), m.end(), m.groups()) for m in matches]


def test_there_are_anchored_patterns():
    assert len(PATTERNS) >= 18


@pytest.mark.parametrize("index", range(len(PATTERNS)))
def test_the_fixtures_read_alike(index):
    anchored = PATTERNS[index]
    hits = 0
    for text in TEXTS:
        expected = _spans(anchored.pattern.finditer(text))
        assert _spans(anchored.finditer(text)) == expected, anchored.pattern.pattern
        hits += len(expected)
    assert hits > 0, anchored.pattern.pattern  # the comparison saw matches


@pytest.mark.parametrize("index", range(len(PATTERNS)))
def test_made_up_texts_read_alike(index):
    anchored = PATTERNS[index]
    rng = random.Random(index)
    for _ in range(1500):
        text = "".join(rng.choice(PIECES) for _ in range(rng.randint(0, 14)))
        assert _spans(anchored.finditer(text)) == _spans(anchored.pattern.finditer(text)), (anchored.pattern.pattern, text)


def test_a_wrong_anchor_is_caught_by_the_comparison():
    # The literal at the wrong offset misses the matches that start with "data-": what the
    # tests above would report for a pattern declared wrong.
    pattern = re.compile(r"(?<![\w.-])(?:data-)?hx-on\b")
    wrong = Anchored(pattern, ("hx-on",), (0,))
    right = Anchored(pattern, ("hx-on",), (0, 5))
    text = '<a data-hx-on="x" hx-on="y">'
    assert _spans(right.finditer(text)) == _spans(pattern.finditer(text)) == [(3, 13, ()), (18, 23, ())]
    assert _spans(wrong.finditer(text)) == [(18, 23, ())]


def test_case_folding_patterns_are_refused():
    with pytest.raises(ValueError):
        Anchored(re.compile("hx-on", re.I), ("hx-on",))
