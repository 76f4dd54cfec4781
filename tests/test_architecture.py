"""The shape of the package, beyond the layers `lint-imports` checks (pyproject.toml): no
module imports itself back through others (imports inside functions included), a rule
never imports another rule, so each rule can be read, moved or dropped on its own, and
an import inside a function only defers what a run may not need, from one module each
(the layers contract sees those imports too)."""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

import grimp

GRAPH = grimp.build_graph("hxmigrate", include_external_packages=False, exclude_type_checking_imports=True)
RULE = re.compile(r"^hxmigrate\.rules\.\w+\.(?:ws|hx|se)\d{3}_\w+$")
PACKAGE = Path(__file__).resolve().parent.parent / "hxmigrate"
# What a function may import, and the one module that may (json, a small standard module,
# two): what a run may not need, kept out of the start of every run (a pre-commit run over
# one template imports none of it).
DEFERRED = {
    # parsers, and the process pool
    "libcst": "syntax/python.py",  # its submodules; libcst itself through syntax/cst.py
    "jinja2": "syntax/templates.py",
    "tree_sitter": "syntax/treesitter.py",
    "tree_sitter_javascript": "syntax/treesitter.py",
    "tree_sitter_typescript": "syntax/treesitter.py",
    "tree_sitter_go": "syntax/treesitter.py",
    "tree_sitter_rust": "syntax/treesitter.py",
    "lxml": "verify.py",
    "pathspec": "config.py",
    "tomllib": "config.py",
    "concurrent": "runner.py",
    "multiprocessing": "runner.py",
    # standard modules only some runs need: writes, --diff, JSON output, child processes
    "tempfile": "engine.py",
    "difflib": "report.py",
    "json": ("report.py", "analysis/script_urls.py"),
    "ctypes": "isolation.py",
    "pickle": ("isolation.py", "runner.py"),  # a run with child processes, a pool given the project
    "zlib": "runner.py",  # the results a pool keeps while the project is read
    # hxmigrate's own, which only some files or runs need
    "hxmigrate.syntax.markup": "source.py",  # the views, built when a rule first reads one
    "hxmigrate.syntax.javascript": "source.py",
    "hxmigrate.syntax.python": ("source.py", "verify.py"),  # Python files only
    "hxmigrate.syntax.pyast": "source.py",
    "hxmigrate.syntax.go": "source.py",
    "hxmigrate.syntax.rust": "source.py",
    "hxmigrate.verify": "engine.py",  # a file that changed
    "hxmigrate.analysis.discovery": "analysis/project.py",  # a project with server code or a project file
    "hxmigrate.analysis.server": "analysis/project.py",
    "hxmigrate.analysis.sse_streams": "analysis/project.py",  # a run with the SSE stream rules
    # the front-end of a language, when the project has files of it
    "hxmigrate.analysis.server.python": "analysis/server/__init__.py",
    "hxmigrate.analysis.server.go": "analysis/server/__init__.py",
    "hxmigrate.analysis.server.rust": "analysis/server/__init__.py",
    "hxmigrate.analysis.server.javascript": "analysis/server/__init__.py",
    "hxmigrate.analysis.detect": "app.py",  # --target auto
    "hxmigrate.rules.websockets._messages": "rules/websockets/_gate.py",  # a message template
    "hxmigrate.rules.websockets._code_messages": "rules/websockets/_gate.py",  # Go, Rust, JavaScript messages
    "hxmigrate.rules.websockets._js": "rules/websockets/ws502_unrecognised_construct.py",  # a file with traces
    "hxmigrate.analysis.templates": "rules/websockets/ws206_message_template_in_page.py",  # a use of a message
    "hxmigrate.rules.websockets._markup": "rules/websockets/ws206_message_template_in_page.py",
}


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


def _imports_in_functions() -> list[tuple[str, int, str]]:
    """(module file, line, module imported: absolute, a package's own for a third-party
    one) of each import inside a function, those only type checkers read left out."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE).as_posix()
        package = ["hxmigrate", *path.relative_to(PACKAGE).parent.parts]

        def target(node: ast.ImportFrom) -> list[str]:
            if not node.level:
                return [(node.module or "").split(".")[0]]
            base = ".".join(package[: len(package) - node.level + 1])
            module = f"{base}.{node.module}" if node.module else base
            folder = PACKAGE.parent.joinpath(*module.split("."))
            # from .package import module: the module; from .module import name: the module
            subs = [f"{module}.{a.name}" for a in node.names
                    if (folder / f"{a.name}.py").is_file() or (folder / a.name / "__init__.py").is_file()]
            return subs or [module]

        def walk(node, in_function: bool) -> None:
            for child in ast.iter_child_nodes(node):
                if isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
                    continue
                if in_function and isinstance(child, ast.ImportFrom):
                    found.extend((rel, child.lineno, t) for t in target(child))
                elif in_function and isinstance(child, ast.Import):
                    found.extend((rel, child.lineno, a.name.split(".")[0]) for a in child.names)
                walk(child, in_function or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)))

        walk(ast.parse(path.read_text(encoding="utf-8")), False)
    return found


def test_imports_inside_functions_only_defer_what_a_run_may_not_need_from_one_module():
    def allowed(rel: str, name: str) -> bool:
        where = DEFERRED.get(name, ())
        return rel in where if isinstance(where, tuple) else rel == where

    assert [(rel, line, name) for rel, line, name in _imports_in_functions() if not allowed(rel, name)] == []


def test_the_test_of_imports_inside_functions_sees_them():
    found = _imports_in_functions()
    # an import inside a method, a relative one resolved, and none at module level
    assert ("syntax/python.py", "libcst") in {(rel, name) for rel, _, name in found}
    assert ("analysis/project.py", "hxmigrate.analysis.discovery") in {(rel, name) for rel, _, name in found}
    assert not any(name == "bisect" for _, _, name in found)


def test_each_front_end_reads_the_suffixes_discovery_runs_it_for():
    from hxmigrate.analysis import server

    for language, suffixes in server.LANGUAGES.items():
        front_end = server.load(language)
        assert front_end.LANGUAGE == language and tuple(sorted(front_end.SUFFIXES)) == tuple(sorted(suffixes))
