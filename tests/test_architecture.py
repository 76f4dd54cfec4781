"""The shape of the package, beyond the layers `lint-imports` checks (pyproject.toml): no
module imports itself back through others (imports inside functions included), and a rule
never imports another rule, so each rule can be read, moved or dropped on its own."""

from __future__ import annotations

import re
import sys

import grimp

GRAPH = grimp.build_graph("hxmigrate", include_external_packages=False, exclude_type_checking_imports=True)
RULE = re.compile(r"^hxmigrate\.rules\.\w+\.ws\d{3}_\w+$")


def _cycles() -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan's algorithm)."""
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10_000))
    adjacent = {m: GRAPH.find_modules_directly_imported_by(m) for m in GRAPH.modules}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in adjacent[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for module in sorted(GRAPH.modules):
        if module not in index:
            visit(module)
    return found


def test_no_module_imports_itself_back():
    assert _cycles() == []


def test_a_rule_imports_no_other_rule():
    offending = sorted((m, d) for m in GRAPH.modules if ".rules." in m
                       for d in GRAPH.find_modules_directly_imported_by(m) if RULE.match(d))
    assert offending == []


def test_every_rule_module_is_found_where_the_registry_looks():
    from hxmigrate.rules import discover_rules

    modules = {m for m in GRAPH.modules if RULE.match(m)}
    assert modules == {r.module for r in discover_rules()}
