"""hxmigrate against htmx's own upgrade checker (tests/parity.py): every finding of
upgrade-check.py 4.0.1 on the parity corpus (fixtures/parity) and on the core rules' fixture
inputs has an hxmigrate finding on the same element, or is a listed checker false positive."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from parity import CHECKER, compare, render

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def checker():
    assert CHECKER.is_file(), f"{CHECKER} is missing: run `npm ci` in tests/browser (scripts/test does)"
    return CHECKER


def _corpus(tmp_path: Path, name: str) -> Path:
    dst = tmp_path / name
    if name == "parity":
        shutil.copytree(ROOT / "fixtures" / "parity", dst)
    else:  # the inputs of the core rules' fixture tables
        dst.mkdir()
        for path in sorted((ROOT / "fixtures" / "cases" / "core").glob("*.before.*")):
            shutil.copy(path, dst / path.name)
    return dst


@pytest.mark.parametrize("name", ["parity", "core-cases"])
def test_every_checker_finding_has_an_hxmigrate_finding(name, checker, tmp_path):
    result = compare(_corpus(tmp_path, name))
    print(render(result))  # the counts, visible with -rP
    assert result.checker, "the checker found nothing: the corpus no longer exercises it"
    assert not result.missing, render(result)


def test_hxmigrate_finds_what_the_checker_does_not(checker, tmp_path):
    """The checker reads only unprefixed attributes, no dash/kebab hx-on spellings and no
    unquoted `from:closest`: on the parity corpus hxmigrate reports such lines too."""
    result = compare(_corpus(tmp_path, "parity"))
    assert {"HX201", "HX203", "HX301"} <= set(result.only_hxmigrate), render(result)
