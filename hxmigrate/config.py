"""Settings: ``[tool.hxmigrate]`` in pyproject.toml, merged with command-line flags."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .paths import kind_of
from .targets import DEFAULT_TARGET, TARGETS, Target

OOB_STYLES = ("partial", "swap-oob")

# key -> (type description, validator)
_LIST_KEYS = (
    "select",
    "ignore",
    "extend-select",
    "exclude",
    "extend-exclude",
    "ws-message-templates",
    "template-dirs",
    "ws-send-functions",
    "extend-include",
)
_KNOWN_KEYS = set(_LIST_KEYS) | {"target", "per-file-ignores", "oob-style", "unsafe-fixes"}


class ConfigError(Exception):
    """A setting that cannot be used; the message names the key."""


@dataclass
class Settings:
    target: Target = DEFAULT_TARGET
    target_name: str = "4.0"  # as asked for: "auto" is resolved into `target`
    select: list[str] | None = None
    ignore: list[str] = field(default_factory=list)
    extend_select: list[str] = field(default_factory=list)
    per_file_ignores: dict[str, list[str]] = field(default_factory=dict)
    exclude: list[str] = field(default_factory=list)
    extend_exclude: list[str] = field(default_factory=list)
    ws_message_templates: list[str] = field(default_factory=list)
    template_dirs: list[str] = field(default_factory=list)
    ws_send_functions: list[str] = field(default_factory=list)
    oob_style: str = "partial"
    unsafe_fixes: bool = False
    root: Path = field(default_factory=Path.cwd)
    config_file: Path | None = None
    # Glob patterns (as in .gitignore) of more files to read as markup templates.
    extend_include: list[str] = field(default_factory=list)
    _include_spec: Any = field(default=None, repr=False, compare=False)

    def kind_of(self, path: str | Path) -> str | None:
        """The kind of a file as this run reads it: a file that ``extend-include`` or
        ``ws-message-templates`` names is markup, otherwise its name decides
        (``paths.kind_of``)."""
        kind = kind_of(path)
        if kind in ("markup", "javascript", "python", "json") or not (self.extend_include or self.ws_message_templates):
            return kind
        if self._include_spec is None:
            self._include_spec = gitignore_spec([*self.extend_include, *self.ws_message_templates])
        p = Path(path)
        try:
            rel = p.resolve().relative_to(Path(self.root).resolve()).as_posix()
        except (OSError, ValueError, RuntimeError):
            rel = p.name
        return "markup" if self._include_spec.match_file(rel) else kind


def _resolve(path: Path) -> Path:
    """An absolute path, resolved where that is possible (a symlink loop is not)."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        return path.absolute()


def _is_dir(path: Path) -> bool:
    try:
        return path.is_dir()
    except OSError:  # in a folder that cannot be searched
        return False


def find_pyproject(start: Path) -> Path | None:
    """The nearest pyproject.toml with a [tool.hxmigrate] table, from ``start`` up.

    A pyproject.toml that names hxmigrate but cannot be read as TOML is an error: going
    on without its settings would rewrite what they exclude."""
    start = _resolve(start)
    if not _is_dir(start):
        start = start.parent
    for folder in (start, *start.parents):
        candidate = folder / "pyproject.toml"
        try:
            if not candidate.is_file():
                continue
        except OSError:  # a folder that cannot be searched: no file in it is read either
            continue
        try:
            data = candidate.read_bytes()
        except FileNotFoundError:  # gone since it was seen
            continue
        except OSError as exc:
            raise ConfigError(f"{candidate}: cannot read: {exc.strerror or exc}; it may hold [tool.hxmigrate] "
                              "settings (pass --config to name the file to use)") from None
        # Without the name (written plainly or with an escape in a quoted key) there
        # is no such table, and the TOML parser need not even be loaded.
        if b"hxmigrate" not in data and b"\\u" not in data and b"\\U" not in data:
            continue
        import tomllib

        try:
            parsed = tomllib.loads(data.decode("utf-8"))
        except UnicodeDecodeError as exc:
            if b"hxmigrate" not in data:
                continue
            raise ConfigError(f"{candidate}: not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
                              "it names hxmigrate, so its settings cannot be known") from None
        except tomllib.TOMLDecodeError as exc:
            if b"hxmigrate" not in data:
                continue
            raise ConfigError(f"{candidate}: not valid TOML ({exc}); it names hxmigrate, so its settings "
                              "cannot be known") from None
        tool = parsed.get("tool")
        if isinstance(tool, dict) and "hxmigrate" in tool:
            return candidate
    return None


def load_table(path: Path) -> dict[str, Any]:
    import tomllib

    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror or exc}") from None
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: not valid UTF-8 ({exc.reason} at offset {exc.start})") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None
    table = data.get("tool", {}).get("hxmigrate", {})
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [tool.hxmigrate] must be a table")
    return table


def apply_table(settings: Settings, table: dict[str, Any], source: str) -> None:
    for key, value in table.items():
        if key not in _KNOWN_KEYS:
            known = ", ".join(sorted(_KNOWN_KEYS))
            raise ConfigError(f"{source}: unknown key {key!r} in [tool.hxmigrate] (known keys: {known})")
        attr = key.replace("-", "_")
        if key in _LIST_KEYS:
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise ConfigError(f"{source}: {key!r} must be a list of strings")
            setattr(settings, attr, list(value))
        elif key == "target":
            if value != "auto" and value not in TARGETS:
                raise ConfigError(f"{source}: 'target' must be one of auto, {', '.join(TARGETS)}; got {value!r}")
            settings.target_name = value
        elif key == "oob-style":
            if value not in OOB_STYLES:
                raise ConfigError(f"{source}: 'oob-style' must be one of {', '.join(OOB_STYLES)}; got {value!r}")
            settings.oob_style = value
        elif key == "unsafe-fixes":
            if not isinstance(value, bool):
                raise ConfigError(f"{source}: 'unsafe-fixes' must be true or false")
            settings.unsafe_fixes = value
        elif key == "per-file-ignores":
            if not isinstance(value, dict) or not all(
                isinstance(v, list) and all(isinstance(c, str) for c in v) for v in value.values()
            ):
                raise ConfigError(f"{source}: 'per-file-ignores' must map glob patterns to lists of codes")
            settings.per_file_ignores = {k: list(v) for k, v in value.items()}


def load_settings(paths: list[Path], config_file: Path | None = None) -> Settings:
    settings = Settings()
    found = config_file or find_pyproject(paths[0] if paths else Path.cwd())
    if found is not None:
        settings.config_file = found
        settings.root = found.parent.resolve()
        apply_table(settings, load_table(found), str(found))
    else:
        first = _resolve(paths[0] if paths else Path.cwd())
        settings.root = first if _is_dir(first) else first.parent
    return settings


def gitignore_spec(lines: list[str]):
    """A matcher of paths by .gitignore patterns (pathspec, imported when first needed)."""
    import pathspec

    return pathspec.GitIgnoreSpec.from_lines(lines)
