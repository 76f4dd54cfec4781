"""A package.json's declared dependencies, as npm reads them: shared by the rules that
report htmx packages a project installs."""

from __future__ import annotations

import json

SECTIONS = ("dependencies", "devDependencies", "peerDependencies", "optionalDependencies")


def dependencies(text: str) -> dict[str, str] | None:
    """Each package the file declares with a version string (in any of the dependency
    sections, the first section naming it winning), mapped to that string; None when the
    text is not a JSON object."""
    try:
        data = json.loads(text.lstrip("\ufeff"))
    except (ValueError, RecursionError):
        return None
    if not isinstance(data, dict):
        return None
    declared: dict[str, str] = {}
    for section in SECTIONS:
        deps = data.get(section)
        if isinstance(deps, dict):
            for name, spec in deps.items():
                if isinstance(spec, str):
                    declared.setdefault(name, spec)
    return declared
