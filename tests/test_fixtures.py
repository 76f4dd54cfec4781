"""The fixture tables under fixtures/cases/: every ``NAME.before.EXT`` must become
``NAME.after.EXT`` (byte for byte), every ``NAME.noop.EXT`` must stay as it is, and a
second run must change nothing. A folder's ``settings.toml`` holds [tool.hxmigrate]
keys for its cases (``target`` included); ``NAME.codes`` lists the codes the input
must report (one per line, repeated when reported more than once)."""

from __future__ import annotations

import tomllib
from collections import Counter
from pathlib import Path

import pytest

from hxmigrate.testing import make_settings, run
from hxmigrate.verify import verify
from hxmigrate.paths import flavor_of, kind_of

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "cases"


def _settings_for(folder: Path):
    table = {}
    for parent in reversed([folder, *folder.parents]):
        f = parent / "settings.toml"
        if f.is_file() and FIXTURES in (parent, *parent.parents):
            table.update(tomllib.loads(f.read_text(encoding="utf-8")))
    return make_settings(folder, **{k.replace("-", "_"): v for k, v in table.items()})


def _cases():
    for path in sorted(FIXTURES.rglob("*")):
        if not path.is_file():
            continue
        parts = path.name.split(".")
        if len(parts) >= 3 and parts[1] in ("before", "noop"):
            yield pytest.param(path, id=str(path.relative_to(FIXTURES)))


def _read(path: Path) -> str:
    return path.read_bytes().decode("utf-8")


@pytest.mark.parametrize("path", list(_cases()))
def test_fixture(path: Path):
    name, role, *rest = path.name.split(".")
    ext = ".".join(rest)
    settings = _settings_for(path.parent)
    source = _read(path)
    fixed, first, remaining = run(source, filename=f"{name}.{ext}", settings=settings)
    if role == "noop":
        assert fixed == source, "a no-op fixture changed"
    else:
        expected = _read(path.with_name(f"{name}.after.{ext}"))
        assert fixed == expected, f"\n--- got ---\n{fixed}\n--- expected ---\n{expected}"
        verify(kind_of(path.name) or "markup", source, fixed, flavor_of(path.name))
    again, _, _ = run(fixed, filename=f"{name}.{ext}", settings=settings)
    assert again == fixed, "a second run changed the output"
    codes_file = path.with_name(f"{name}.codes")
    if codes_file.is_file():
        want = Counter(c.strip() for c in codes_file.read_text().split() if c.strip())
        assert Counter(d.code for d in first) == want


def test_every_after_has_a_before():
    for after in FIXTURES.rglob("*.after.*"):
        name, _, *rest = after.name.split(".")
        assert after.with_name(f"{name}.before.{'.'.join(rest)}").is_file(), after
