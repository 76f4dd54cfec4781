"""Helpers for rule tests: run the real engine on a snippet, as tables of before/after."""

from __future__ import annotations

from pathlib import Path

from .analysis.project import Project
from .config import Settings, apply_table
from .engine import fix_text, locate
from .paths import kind_of
from .rules import select_rules
from .targets import get_target


def make_settings(root: Path | None = None, **table) -> Settings:
    settings = Settings()
    if root is not None:
        settings.root = root
    target = table.pop("target", None)
    apply_table(settings, {k.replace("_", "-"): v for k, v in table.items()}, "test settings")
    if target:
        settings.target_name = target
        settings.target = get_target(target)
    return settings


def run(text: str, filename: str = "page.html", settings: Settings | None = None, project: Project | None = None,
        select: list[str] | None = None, kind: str | None = None):
    """(fixed text, diagnostics of the input, diagnostics left) for one snippet."""
    settings = settings or make_settings()
    project = project or Project(settings)
    rules = select_rules(select or settings.select, settings.ignore, settings.extend_select)
    path = str(settings.root / filename)
    fixed, first, remaining, _ = fix_text(path, text, kind or kind_of(filename) or "markup", settings, project, rules)
    locate(text, first)
    locate(fixed, remaining)
    return fixed, first, remaining


def check_transformed(before: str, after: str, **kwargs) -> None:
    fixed, _, _ = run(before, **kwargs)
    assert fixed == after, f"\n--- got ---\n{fixed}\n--- expected ---\n{after}"
    again, _, _ = run(fixed, **kwargs)
    assert again == fixed, "a second run changed the output"


def check_noop(source: str, **kwargs) -> None:
    fixed, _, _ = run(source, **kwargs)
    assert fixed == source
