"""The files mutants are made from: every file under fixtures/ that hxmigrate reads, and the
generated projects, each with the context the engine needs to read it as its project does.

A :class:`Context` is plain data (it is saved next to every reproducer), so a mutant can
be run again anywhere without the fixture it came from: the file's name in its project, its
[tool.hxmigrate] settings, whether its project treats it as a WebSocket message template, and
the project-wide facts the rules ask for.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import asdict, dataclass, field
from pathlib import Path

from . import projects

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "fixtures"
CASES = FIXTURES / "cases"
KINDS = ("markup", "javascript", "python", "go", "rust")


@dataclass
class Context:
    filename: str  # relative to the project root
    kind: str
    table: dict = field(default_factory=dict)  # [tool.hxmigrate] keys
    message: bool = False  # a WebSocket message template in its project
    built: bool = False  # the project was read whole (discovery ran)
    implicit: bool = False
    meta_keys: list = field(default_factory=list)
    core_majors: list = field(default_factory=list)

    def to_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict) -> "Context":
        return cls(**data)


@dataclass
class Entry:
    name: str  # where it comes from: a path under the repository, or gen-NAME/PATH
    text: str
    context: Context
    project: str | None = None  # the project it belongs to, for project-level mutants


@dataclass
class ProjectSource:
    name: str
    files: dict[str, bytes]  # every file of the project, by relative path


@dataclass
class Corpus:
    entries: dict[str, list[Entry]]  # by kind
    projects: list[ProjectSource]

    def describe(self) -> str:
        counts = ", ".join(f"{len(v)} {k}" for k, v in self.entries.items())
        return f"{counts} files; {len(self.projects)} projects"


def engine_inputs(ctx: Context, root: Path):
    """(path, settings, project, rules) to run the engine on a text with this context."""
    from hxmigrate.analysis.project import Project
    from hxmigrate.rules import select_rules
    from hxmigrate.paths import real_path
    from hxmigrate.testing import make_settings

    settings = make_settings(root, **{k.replace("-", "_"): v for k, v in ctx.table.items()})
    path = root / ctx.filename
    discovered = {real_path(path): "a message template of its project"} if ctx.message else {}
    project = Project(settings, discovered, ctx.implicit, set(ctx.meta_keys), {} if ctx.built else None,
                      frozenset(ctx.core_majors))
    rules = select_rules(settings.select, settings.ignore, settings.extend_select)
    return str(path), settings, project, rules


def _case_table(folder: Path) -> dict:
    table: dict = {}
    for parent in reversed([folder, *folder.parents]):
        f = parent / "settings.toml"
        if f.is_file() and CASES in (parent, *parent.parents):
            table.update(tomllib.loads(f.read_text(encoding="utf-8")))
    return table


def _decoded(data: bytes) -> str | None:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _is_message(ctx: Context, text: str, root: Path, project=None) -> bool:
    from hxmigrate.source import SourceFile

    path, settings, plain, _ = engine_inputs(Context(ctx.filename, ctx.kind, ctx.table), root)
    file = SourceFile(path, text, ctx.kind, settings, project or plain)
    return file.kind == "markup" and file.project.message_template_reason(file) is not None


def _case_entries() -> list[Entry]:
    from hxmigrate.paths import kind_of

    out = []
    for path in sorted(CASES.rglob("*")):
        kind = kind_of(path)
        if not path.is_file() or kind not in KINDS:
            continue
        text = _decoded(path.read_bytes())
        if text is None:
            continue
        ctx = Context(path.name, kind, _case_table(path.parent))
        ctx.message = kind == "markup" and _is_message(ctx, text, path.parent)
        out.append(Entry(str(path.relative_to(REPO)), text, ctx))
    return out


def project_roots() -> list[Path]:
    roots = [FIXTURES / "demo-app", FIXTURES / "demo-app.expected", FIXTURES / "server-project",
             FIXTURES / "channels-project"]
    roots += [p / ".expected" for p in roots if (p / ".expected").is_dir()]
    roots += sorted(p for p in (FIXTURES / "browser").iterdir() if p.is_dir())
    return [r for r in roots if r.is_dir()]


def _read_tree(root: Path) -> dict[str, bytes]:
    files = {}
    for folder, dirs, names in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d not in (".expected", "__pycache__", "node_modules"))
        for name in sorted(names):
            p = Path(folder, name)
            if p.is_file() and not p.is_symlink():
                files[p.relative_to(root).as_posix()] = p.read_bytes()
    return files


def project_entries(name: str, root: Path) -> list[Entry]:
    """The files of a project on disk, each with the context of the project read whole."""
    from hxmigrate.app import Options, build_settings
    from hxmigrate.config import load_table
    from hxmigrate.files import collect
    from hxmigrate.analysis.project import Project
    from hxmigrate.paths import kind_of
    from hxmigrate.source import SourceFile

    settings = build_settings(Options(paths=[root]), [root])
    table = load_table(settings.config_file) if settings.config_file else {}
    fileset = collect([root], settings.exclude + settings.extend_exclude, settings.root)
    files = [f for f in fileset.files if ".expected" not in f.relative_to(root).parts]
    project = Project.build(settings, files)
    out = []
    for path in files:
        kind = kind_of(path)
        if kind not in KINDS:
            continue
        text = _decoded(path.read_bytes())
        if text is None:
            continue
        rel = path.resolve().relative_to(settings.root.resolve()).as_posix()
        ctx = Context(rel, kind, dict(table), built=True, implicit=project.implicit_inheritance,
                      meta_keys=sorted(project.meta_config_keys), core_majors=sorted(project.core_majors))
        ctx.message = kind == "markup" and project.message_template_reason(SourceFile(str(path), text, kind, settings, project)) is not None
        entry_name = f"{name}/{path.relative_to(root).as_posix()}"
        out.append(Entry(entry_name, text, ctx, project=name))
    return out


def write_tree(root: Path, files: dict[str, bytes | str]) -> None:
    for rel, data in files.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)


def load(seed: str, workdir: Path, generated_per_kind: int = 2) -> Corpus:
    """The whole corpus; generated projects are written under ``workdir`` (their contexts
    come from reading them there)."""
    entries: dict[str, list[Entry]] = {k: [] for k in KINDS}
    sources: list[ProjectSource] = []
    for e in _case_entries():
        entries[e.context.kind].append(e)
    for root in project_roots():
        name = root.relative_to(REPO).as_posix()
        sources.append(ProjectSource(name, _read_tree(root)))
        for e in project_entries(name, root):
            entries[e.context.kind].append(e)
    for name, files in projects.generated(seed, generated_per_kind).items():
        root = workdir / name
        write_tree(root, files)
        sources.append(ProjectSource(name, {k: v.encode("utf-8") for k, v in files.items()}))
        for e in project_entries(name, root):
            entries[e.context.kind].append(e)
    return Corpus(entries, sources)
