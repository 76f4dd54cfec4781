"""The rule registry. Rules come in families, one sub-package each (``core/``, ``websockets/``, ``sse/``, ``tool/``),
as ruff groups its rules by linter; every module of a family that does not start with "_"
is a rule, and the family's shared helpers sit beside them in "_" modules.

A rule module declares ``CODE``, ``NAME`` (a slug), ``LANGUAGES`` (the file kinds it
reads), ``FIX`` ("always", "sometimes" or "never"), ``SAFETY`` ("safe" or "unsafe"),
``TRIGGERS`` (lowercase substrings without which the rule cannot find anything in a
file; empty means it always runs), ``FACTS`` (the facts of the project it reads, names of
``analysis.project.FACTS``: the project read computes only those the selected rules
declare), a docstring with *What it does*, *Why*,
*Example* and *Fix safety*, and ``check(file)``, which yields diagnostics. A rule that
declares ``SEES_FINDINGS = True`` runs after the others, as ``check(file, findings)``
with what they found in the file (to report what they left without a finding).
Rules never write, print, or parse a file themselves: they read the views the
:class:`~hxmigrate.source.SourceFile` offers and return edits.
"""

from __future__ import annotations

import importlib
import pkgutil
from functools import lru_cache
from types import ModuleType
from typing import Iterable

from ..analysis.project import FACTS
from ._index import RULES

FIX_AVAILABILITY = ("always", "sometimes", "never")
FIX_SAFETY = ("safe", "unsafe")
FAMILIES = {
    "HX1": "htmx core: attributes",
    "HX2": "htmx core: the values of hx-on, hx-trigger and hx-swap",
    "HX3": "htmx core: JavaScript, configuration and script tags",
    "HX4": "htmx core: server code",
    "HX5": "htmx core: code hxmigrate did not recognise",
    "SE1": "Server-Sent Events: markup",
    "SE2": "Server-Sent Events: the server's streams",
    "SE3": "Server-Sent Events: JavaScript, configuration and script tags",
    "SE5": "Server-Sent Events: code hxmigrate does not read yet",
    "WS1": "markup",
    "WS2": "server messages",
    "WS3": "JavaScript and configuration",
    "WS4": "server code",
    "WS5": "code hxmigrate cannot read or did not recognise",
    "WS9": "the tool itself",
}


class Rule:
    """A rule as the registry knows it. Its module is imported only when the rule is
    run on a file or its docs are read, so a run imports just the rules it needs."""

    __slots__ = ("code", "name", "languages", "fix", "safety", "triggers", "module", "facts", "sees_findings")

    def __init__(self, code: str, name: str, languages: tuple[str, ...], fix: str, safety: str,
                 triggers: tuple[str, ...], module: str, facts: tuple[str, ...] = (),
                 sees_findings: bool = False) -> None:
        self.code, self.name, self.languages = code, name, tuple(languages)
        self.fix, self.safety, self.triggers, self.module = fix, safety, tuple(triggers), module
        self.facts = tuple(facts)
        self.sees_findings = sees_findings

    def __repr__(self) -> str:
        return f"Rule({self.code} {self.name})"

    def __reduce__(self):
        return (Rule, self.declaration())

    def _module(self) -> ModuleType:
        return importlib.import_module(self.module)

    def check(self, file, findings=None) -> Iterable:
        if self.sees_findings:
            return self._module().check(file, findings or [])
        return self._module().check(file)

    @property
    def doc(self) -> str:
        return self._module().__doc__ or ""

    @property
    def summary(self) -> str:
        return self.doc.strip().splitlines()[0].strip() if self.doc.strip() else ""

    @property
    def family(self) -> str:
        return FAMILIES.get(self.code[:3], "")

    def declaration(self) -> tuple:
        declared = (self.code, self.name, self.languages, self.fix, self.safety, self.triggers, self.module)
        if self.sees_findings:
            return (*declared, self.facts, True)
        return (*declared, self.facts) if self.facts else declared


def _rule_from(module: ModuleType) -> Rule:
    missing = [a for a in ("CODE", "NAME", "LANGUAGES", "FIX", "SAFETY", "check") if not hasattr(module, a)]
    if missing:
        raise TypeError(f"rule module {module.__name__} lacks {', '.join(missing)}")
    if module.FIX not in FIX_AVAILABILITY or module.SAFETY not in FIX_SAFETY:
        raise TypeError(f"rule module {module.__name__} has a bad FIX or SAFETY")

    facts = tuple(getattr(module, "FACTS", ()))
    unknown = set(facts) - FACTS
    if unknown:
        raise TypeError(f"rule module {module.__name__} declares unknown project facts: {sorted(unknown)}")
    return Rule(module.CODE, module.NAME, tuple(module.LANGUAGES), module.FIX, module.SAFETY,
                tuple(getattr(module, "TRIGGERS", ())), module.__name__, facts,
                bool(getattr(module, "SEES_FINDINGS", False)))


def discover_rules() -> tuple[Rule, ...]:
    """Every rule module of every family, imported (for the docs, and to check the index)."""
    rules = []
    for family in pkgutil.iter_modules(__path__):
        if not family.ispkg:
            continue
        package = importlib.import_module(f"{__name__}.{family.name}")
        for info in pkgutil.iter_modules(package.__path__):
            if info.name.startswith("_"):
                continue
            rules.append(_rule_from(importlib.import_module(f"{package.__name__}.{info.name}")))
    codes = [r.code for r in rules]
    dupes = {c for c in codes if codes.count(c) > 1}
    if dupes:
        raise TypeError(f"rule codes declared twice: {sorted(dupes)}")
    return tuple(sorted(rules, key=lambda r: r.code))


def render_index(rules: Iterable[Rule]) -> str:
    lines = [
        '"""The rule index: the declarations of every rule module, so that a run imports',
        'only the rules a file needs. Generated by `python -m hxmigrate.docgen`; a test checks it."""',
        "",
        "RULES = (",
    ]
    lines += [f"    {r.declaration()!r}," for r in rules]
    lines += [")", ""]
    return "\n".join(lines)


@lru_cache(maxsize=1)
def all_rules() -> tuple[Rule, ...]:
    return tuple(Rule(*entry) for entry in RULES)


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
