"""The command line: ``hxmigrate [PATHS]... [--write | --diff | --check]``."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from . import __version__
from .app import Options, run_cli
from .report import FORMATS

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


def _codes(values: tuple[str, ...]) -> list[str]:
    out: list[str] = []
    for value in values:
        out.extend(v.strip().upper() for v in value.split(",") if v.strip())
    return out


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path, allow_dash=True))
@click.option("--write", "mode", flag_value="write", help="Apply the fixes to the files.")
@click.option("--diff", "mode", flag_value="diff", help="Print the fixes as unified diffs; write nothing.")
@click.option("--check", "mode", flag_value="check", help="Only report (the default); for CI.")
@click.option("--target", type=click.Choice(["auto", "4.0", "4.0-alpha"]), default=None, help="htmx release to migrate to (default 4.0; auto reads the version the project pins).")
@click.option("--select", multiple=True, help="Rule codes or prefixes to run (comma-separated).")
@click.option("--ignore", multiple=True, help="Rule codes or prefixes to skip.")
@click.option("--extend-select", multiple=True, help="Rule codes or prefixes to add to the selection.")
@click.option("--unsafe-fixes", is_flag=True, default=None, help="Also apply fixes that may change behaviour (always reported).")
@click.option("--oob-style", type=click.Choice(["partial", "swap-oob"]), default=None, help="How message templates are rewritten.")
@click.option("--output-format", type=click.Choice(FORMATS), default=None, help="Diagnostic format (default full; github under GitHub Actions).")
@click.option("--statistics", is_flag=True, help="Count findings per rule instead of listing them.")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when findings remain.")
@click.option("--exit-non-zero-on-fix", is_flag=True, help="With --write, exit 1 when anything was fixed.")
@click.option("--stdin-filename", type=str, default=None, help="The name of the file read from '-' (decides its kind).")
@click.option("--config", "config_file", type=click.Path(path_type=Path, dir_okay=False), default=None, help="A pyproject.toml to read [tool.hxmigrate] from.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None, help="Worker processes (default: all cores).")
@click.option("--explain-discovery", is_flag=True, help="List each WebSocket message template and why it was chosen.")
@click.option("--list-rules", is_flag=True, help="List every rule and exit.")
@click.option("--explain", "explain_code", metavar="CODE", default=None, help="Show a rule's documentation and exit.")
@click.option("--quiet", "-q", is_flag=True, help="Print diagnostics only, no summary.")
@click.version_option(__version__, prog_name="hxmigrate")
def main(paths, mode, target, select, ignore, extend_select, unsafe_fixes, oob_style, output_format, statistics,
         exit_zero, exit_non_zero_on_fix, stdin_filename, config_file, jobs, explain_discovery, list_rules,
         explain_code, quiet):
    """Migrate htmx 2 projects (the core, the WebSocket and SSE extensions) to htmx 4, and lint what is left.

    Without --write, reports what would change and exits 1 if anything would.
    """
    opts = Options(
        paths=list(paths), mode=mode or "check", target=target, select=_codes(select) or None, ignore=_codes(ignore),
        extend_select=_codes(extend_select), unsafe_fixes=unsafe_fixes, oob_style=oob_style, output_format=output_format,
        statistics=statistics, exit_zero=exit_zero, exit_non_zero_on_fix=exit_non_zero_on_fix,
        stdin_filename=stdin_filename, config_file=config_file, jobs=jobs, explain_discovery=explain_discovery,
        list_rules=list_rules, explain=explain_code, quiet=quiet,
    )
    sys.exit(run_cli(opts))
