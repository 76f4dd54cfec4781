"""A package.json's declared dependencies, as npm reads them: shared by the rules that
report htmx packages a project installs."""

from __future__ import annotations

import json
import re
from functools import lru_cache
from typing import Iterator

SECTIONS = ("dependencies", "devDependencies", "peerDependencies", "optionalDependencies")


def dependencies(text: str) -> dict[str, str]:
    """Each package the file declares with a version string (in any of the dependency
    sections, the first section naming it winning), mapped to that string; nothing when the
    text is not a JSON object."""
    try:
        data = json.loads(text.lstrip("\ufeff"))
    except (ValueError, RecursionError):
        return {}
    if not isinstance(data, dict):
        return {}
    declared: dict[str, str] = {}
    for section in SECTIONS:
        deps = data.get(section)
        if isinstance(deps, dict):
            for name, spec in deps.items():
                if isinstance(spec, str):
                    declared.setdefault(name, spec)
    return declared


def entries(text: str, names: str, spec: str = r'[^"\\]*') -> "Iterator[re.Match[str]]":
    """Each `"NAME": "SPEC"` written in ``text`` whose name matches the regular expression
    ``names`` and whose value ``spec``: group 1 is the name, group 2 the value (where the
    findings stand: the file's dependencies are read by `dependencies`)."""
    return _entry(names, spec).finditer(text)


@lru_cache(maxsize=None)
def _entry(names: str, spec: str) -> "re.Pattern[str]":
    return re.compile(rf'"({names})"\s*:\s*"({spec})"')
