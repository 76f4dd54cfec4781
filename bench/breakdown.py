"""Where the time of one hxmigrate run goes, part by part, measured in one process.

    python bench/breakdown.py CORPUS            # a --check of CORPUS
    python bench/breakdown.py CORPUS --write    # a --write of a copy of CORPUS (the copy is not timed)

The run is the command line's without its process pool: the settings, the file list,
the project read (``Project.build``), then ``engine.process_path`` for every file, as
``--check`` (one round of fixes) or ``--write`` (fixes until nothing changes, then
written). Functions of hxmigrate are wrapped from the outside, nothing in hxmigrate is
changed, and each part's time is its own: the time of the parts it called is
subtracted and billed to them. So a parse that a rule builds lazily (``file.markup``,
a script's tree, a Python module) is billed to the parse, in the phase it ran in (the
project read, the rules, the verifier), not to the rule that happened to ask first;
a rule family's row is its rules' own code. The modules a run imports lazily are
imported before the timed run (their time is printed on its own), so that no rule is
billed an import. A part that a version of hxmigrate lacks is left out and named in the
notes.
"""

from __future__ import annotations

import argparse
import functools
import gc
import importlib
import json
import resource
import shutil
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

FAMILIES = {"core": "HX", "sse": "SE", "websockets": "WS", "tool": "tool (WS9)"}


class Clock:
    """Exclusive time per part: a frame's time less the time of the frames it opened."""

    def __init__(self) -> None:
        self.stack: list[list] = []  # [part, phase, detail, start, children's time]
        self.own: dict[str, float] = defaultdict(float)
        self.calls: dict[str, int] = defaultdict(int)
        self.detail: dict[str, float] = defaultdict(float)  # by rule code
        self.missing: list[str] = []

    def phase(self) -> str:
        for frame in reversed(self.stack):
            if frame[1]:
                return frame[1]
        return "engine"

    def enter(self, part: str, phase: str | None = None, detail: str | None = None) -> None:
        self.stack.append([part, phase, detail, time.perf_counter(), 0.0])

    def leave(self) -> None:
        part, _, detail, start, children = self.stack.pop()
        spent = time.perf_counter() - start
        self.own[part] += spent - children
        self.calls[part] += 1
        if detail:
            self.detail[detail] += spent - children
        if self.stack:
            self.stack[-1][4] += spent

    def wrap(self, fn, part, phase: str | None = None, consume: bool = False):
        """``fn`` timed as ``part`` (a name, or a function of the call's arguments giving
        (name, detail)); ``consume``: its result is an iterator, read to its end inside."""
        clock = self

        @functools.wraps(fn)
        def timed(*args, **kwargs):
            if callable(part):
                name, detail = part(*args)
            else:
                name, detail = (part if "{phase}" not in part else part.format(phase=clock.phase())), None
            clock.enter(name, phase, detail)
            try:
                result = fn(*args, **kwargs)
                return list(result) if consume else result
            finally:
                clock.leave()

        timed.__wrapped_by_breakdown__ = fn
        return timed


def _replace_everywhere(original, replacement) -> int:
    """Put ``replacement`` wherever a module of hxmigrate holds ``original`` (a function
    imported by name is held by each module that imported it)."""
    count = 0
    for name, module in list(sys.modules.items()):
        if not (name == "hxmigrate" or name.startswith("hxmigrate.")) or module is None:
            continue
        for attr, value in list(vars(module).items()):
            if value is original:
                setattr(module, attr, replacement)
                count += 1
    return count


def _import_everything() -> float:
    """Import what a run imports lazily (every rule, the parsers, the verifier), and return
    the time it took."""
    start = time.perf_counter()
    from hxmigrate.rules import discover_rules

    discover_rules()
    for name in ("hxmigrate.app", "hxmigrate.engine", "hxmigrate.verify", "hxmigrate.syntax.markup", "hxmigrate.syntax.javascript", "hxmigrate.syntax.python",
                 "hxmigrate.syntax.go", "hxmigrate.syntax.rust", "hxmigrate.analysis.discovery",
                 "hxmigrate.analysis.sse_streams", "hxmigrate.analysis.server"):
        try:
            importlib.import_module(name)
        except ImportError:
            pass
    from hxmigrate.analysis import server
    for language in ("python", "javascript", "go", "rust"):
        try:
            server.load(language)
        except (ImportError, KeyError, ValueError, AttributeError):  # a front-end this version lacks
            continue
    from hxmigrate.syntax.cst import cst
    _ = cst.Module  # libcst's code runs on first use
    from hxmigrate.syntax import treesitter
    for lang in ("javascript", "typescript"):
        try:
            treesitter.language(lang)
        except (ImportError, ValueError):  # a grammar that is not installed
            continue
    importlib.import_module("lxml.etree")
    return time.perf_counter() - start


def _rule_part(rule, *args):
    family = FAMILIES.get(rule.module.split(".")[2], rule.code[:2])
    return f"rules: {family}", rule.code


def instrument(clock: Clock) -> None:
    """Wrap the functions whose time is wanted. Parses are named by the phase they ran in."""
    from hxmigrate import engine, verify
    from hxmigrate.analysis import project as project_mod
    from hxmigrate.rules import Rule
    from hxmigrate.syntax import markup, templates, treesitter
    from hxmigrate.syntax import python as python_syntax
    from hxmigrate.syntax.cst import cst

    def optional(owner, name: str, part, phase=None, everywhere: bool = False, consume: bool = False) -> None:
        fn = getattr(owner, name, None)
        if fn is None:
            clock.missing.append(f"{getattr(owner, '__name__', owner)}.{name}")
            return
        timed = clock.wrap(fn, part, phase, consume)
        if everywhere:
            _replace_everywhere(fn, timed)
        setattr(owner, name, timed)

    # Phases.
    build = project_mod.Project.__dict__["build"].__func__
    project_mod.Project.build = classmethod(clock.wrap(build, "project facts: reading every file", "project facts"))
    optional(verify, "verify", "verification: comparing before and after (with ast)", "verification")
    Rule.check = clock.wrap(Rule.check, _rule_part, "rules", consume=True)
    # The engine's own steps.
    optional(engine, "process_path", "engine: other (per-file bookkeeping)")
    optional(engine, "_read_text", "reading files (read + decode)")
    optional(engine, "write_atomic", "writing files")
    optional(engine, "_run_rules", "engine: trigger prefilter, rule dispatch, sorting")
    optional(engine, "filter_suppressed", "engine: suppression comments")
    optional(engine, "locate", "engine: line and column of findings")
    optional(engine, "apply_edits", "engine: merging and applying fixes")
    optional(engine, "merge_sorted", "engine: merging and applying fixes")
    # Parts of the project read.
    from hxmigrate.analysis import discovery, sse_streams
    optional(discovery, "discover_project", "project facts: discovery (server code, template uses)", "project facts")
    optional(sse_streams, "read", "project facts: SSE streams", "project facts")
    # Parses shared by the rules, the project read and the verifier.
    optional(templates, "find_regions", "parse: template regions [{phase}]", everywhere=True)
    optional(markup, "tokenize", "parse: markup tokenizer [{phase}]", everywhere=True)
    optional(markup.MarkupView, "__init__", "parse: markup tokenizer [{phase}]")
    optional(treesitter, "parse", "parse: tree-sitter [{phase}]", everywhere=True)
    optional(cst, "parse_module", "parse: libcst [{phase}]")
    spans = python_syntax.PythonView.__dict__.get("_spans")
    if spans is not None and hasattr(spans, "func"):
        prop = functools.cached_property(clock.wrap(spans.func, "parse: libcst positions [{phase}]"))
        prop.__set_name__(python_syntax.PythonView, "_spans")
        python_syntax.PythonView._spans = prop
    else:
        clock.missing.append("PythonView._spans")
    optional(verify, "_tree_elements", "parse: lxml [{phase}]")


def run(corpus: Path, write: bool = False) -> dict:
    """Time a run over ``corpus`` (a --write runs on a copy) and return the breakdown."""
    imports = _import_everything()
    from hxmigrate import app, engine
    from hxmigrate.analysis.project import Project
    from hxmigrate.app import build_settings
    from hxmigrate.files import collect
    from hxmigrate.rules import select_rules

    clock = Clock()
    instrument(clock)
    copy = None
    root = corpus.resolve()
    if write:
        copy = Path(tempfile.mkdtemp(prefix="hxmigrate-breakdown-"))
        shutil.copytree(root, copy / root.name)
        root = copy / root.name
    gc.collect()
    try:
        start = time.perf_counter()
        clock.enter("settings, file list, rule selection")
        opts = app.Options(paths=[root])
        settings = build_settings(opts, [root])
        rules = tuple(select_rules(settings.select, settings.ignore, settings.extend_select))
        files = collect([root], settings.exclude + settings.extend_exclude, settings.root).files
        needed = frozenset().union(*(r.facts for r in rules))
        clock.leave()
        project = Project.build(settings, files, needed)
        statuses: dict[str, int] = defaultdict(int)
        for path in files:
            statuses[engine.process_path(path, settings, project, rules, write, write).status] += 1
        total = time.perf_counter() - start
    finally:
        if copy is not None:
            shutil.rmtree(copy, ignore_errors=True)
    parts = sorted(clock.own.items(), key=lambda kv: -kv[1])
    accounted = sum(clock.own.values())
    return {
        "corpus": str(corpus), "mode": "write" if write else "check", "files": len(files), "statuses": dict(statuses),
        "total_s": total, "imports_s": imports,
        "parts": [{"part": p, "s": s, "share": s / total, "calls": clock.calls[p]} for p, s in parts],
        "unattributed_s": total - accounted,
        "rules": sorted(({"code": c, "s": s} for c, s in clock.detail.items()), key=lambda r: -r["s"]),
        "missing": clock.missing,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


NOTES = (
    "Each part's own time: what it called is billed to the callee (a lazily built parse to its parse row,",
    "in the phase it ran in: [project facts], [rules], [verification], [engine]), so the rule rows hold",
    "the rules' own code only, and the rows add up to the total. One process, no pool: the command line",
    "splits the file rows over its workers while the main process reads the project.",
)


def render(result: dict, top: int = 12) -> str:
    total = result["total_s"]
    statuses = ", ".join(f"{v} {k}" for k, v in sorted(result["statuses"].items()))
    lines = [(f"Breakdown of one {result['mode']} in one process: {result['corpus']}, {result['files']} files "
              f"({statuses}), {total:.2f} s (imports before it, not counted: {result['imports_s']:.2f} s); "
              f"peak RSS of the process {result.get('peak_rss_mb', 0):.0f} MB")]
    lines.append(f"  {'part':<62} {'seconds':>8} {'share':>7} {'calls':>8}")
    for p in result["parts"]:
        lines.append(f"  {p['part']:<62} {p['s']:8.2f} {p['share']:7.1%} {p['calls']:8d}")
    lines.append(f"  {'(not in any part: the loop itself)':<62} {result['unattributed_s']:8.2f} "
                 f"{result['unattributed_s'] / total:7.1%}")
    if result["rules"]:
        shown = ", ".join(f"{r['code']} {r['s']:.2f}" for r in result["rules"][:top])
        lines.append(f"  costliest rules (own time, s): {shown}")
    lines += ["  " + n for n in NOTES]
    if result["missing"]:
        lines.append("  not found in this version, so not timed apart: " + ", ".join(result["missing"]))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--write", action="store_true", help="time a --write on a copy of the corpus")
    parser.add_argument("--json", type=Path, help="also write the breakdown here")
    args = parser.parse_args(argv)
    result = run(args.corpus, args.write)
    print(render(result))
    if args.json:
        args.json.write_text(json.dumps(result, indent=1) + "\n")


if __name__ == "__main__":
    main()
