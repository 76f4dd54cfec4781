"""The rule registry: every module in this package (not starting with "_") is a rule.

A rule module declares ``CODE``, ``NAME`` (a slug), ``LANGUAGES`` (the file kinds it
reads), ``FIX`` ("always", "sometimes" or "never"), ``SAFETY`` ("safe" or "unsafe"),
``TRIGGERS`` (lowercase substrings without which the rule cannot find anything in a
file; empty means it always runs), a docstring with *What it does*, *Why*,
*Example* and *Fix safety*, and ``check(file)``, which yields diagnostics.
Rules never write, print, or parse a file themselves: they read the views the
:class:`~hxmigrate.source.SourceFile` offers and return edits.
"""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass
from functools import lru_cache
from types import ModuleType
from typing import Callable, Iterable

FIX_AVAILABILITY = ("always", "sometimes", "never")
FIX_SAFETY = ("safe", "unsafe")
FAMILIES = {
    "WS1": "markup",
    "WS2": "server messages",
    "WS3": "JavaScript and configuration",
    "WS4": "server code",
    "WS9": "the tool itself",
}


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    languages: tuple[str, ...]
    fix: str
    safety: str
    triggers: tuple[str, ...]
    doc: str
    check: Callable[..., Iterable]
    module: str

    @property
    def summary(self) -> str:
        return self.doc.strip().splitlines()[0].strip() if self.doc.strip() else ""

    @property
    def family(self) -> str:
        return FAMILIES.get(self.code[:3], "")


def _rule_from(module: ModuleType) -> Rule:
    missing = [a for a in ("CODE", "NAME", "LANGUAGES", "FIX", "SAFETY", "check") if not hasattr(module, a)]
    if missing:
        raise TypeError(f"rule module {module.__name__} lacks {', '.join(missing)}")
    if module.FIX not in FIX_AVAILABILITY or module.SAFETY not in FIX_SAFETY:
        raise TypeError(f"rule module {module.__name__} has a bad FIX or SAFETY")
    return Rule(
        code=module.CODE,
        name=module.NAME,
        languages=tuple(module.LANGUAGES),
        fix=module.FIX,
        safety=module.SAFETY,
        triggers=tuple(getattr(module, "TRIGGERS", ())),
        doc=module.__doc__ or "",
        check=module.check,
        module=module.__name__,
    )


@lru_cache(maxsize=1)
def all_rules() -> tuple[Rule, ...]:
    rules = []
    for info in pkgutil.iter_modules(__path__):
        if info.name.startswith("_"):
            continue
        rules.append(_rule_from(importlib.import_module(f"{__name__}.{info.name}")))
    codes = [r.code for r in rules]
    dupes = {c for c in codes if codes.count(c) > 1}
    if dupes:
        raise TypeError(f"rule codes declared twice: {sorted(dupes)}")
    return tuple(sorted(rules, key=lambda r: r.code))


def rule_by_code(code: str) -> Rule | None:
    for rule in all_rules():
        if rule.code == code.upper() or rule.name == code:
            return rule
    return None


def select_rules(select: Iterable[str] | None, ignore: Iterable[str] = (), extend: Iterable[str] = ()) -> tuple[Rule, ...]:
    """Rules chosen by code or code prefix (``WS1``, ``WS10``, ``WS101``), as ruff does."""
    def matches(rule: Rule, prefixes: Iterable[str]) -> bool:
        return any(rule.code.startswith(p.upper()) or p.upper() == "ALL" for p in prefixes)

    chosen = [r for r in all_rules() if select is None or matches(r, select) or matches(r, extend)]
    ignore = list(ignore)
    return tuple(r for r in chosen if not matches(r, ignore))
