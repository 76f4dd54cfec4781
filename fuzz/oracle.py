"""The invariants, each its own failure class, checked on one text with one context.

``examine`` runs the real engine (``hxmigrate.engine.process_text``, the function every
file of a command-line run goes through) three times: as ``--check`` reads the file, as
``--write`` fixes it, and ``--write`` again on the result. Then it checks:

=====================  ==================================================================
class                  fails when
=====================  ==================================================================
crash                  the process dies by a signal or exits outside 0/1/2 (found by the
                       pool or the command-line run, not here)
exception              a file ends as "internal error: SomeError: ..." (a rule or the
                       engine raised), or the command line prints a traceback
internal-error         a file ends as any other "internal error" (the rewrite did not
                       verify, too deeply nested...) while its input is valid (below)
not-idempotent         a second --write changes the text
second-write-error     a second --write fails on the first one's output
change-without-finding the text changed on a line where --check reported no fixable finding
template-tags          a template tag of a valid input was lost, added or reordered (ids
                       may move into the hx-target of the <hx-partial> that replaces their
                       element)
template-structure     an <hx-partial> opens and closes in different template branches
                       (valid input)
template-compile       the input parses as Jinja and the output does not
check-write-disagree   --check says the file would change and --write fails, or the reverse
decode                 undecodable bytes end other than as a per-file "not valid UTF-8" error
resource-time          CPU time over TIME_BASE + TIME_PER_BYTE x size, or killed at the
                       wall-clock deadline
resource-superlinear   a grown mutant costs more than SUPERLINEAR x the same mutant grown a
                       quarter as much
resource-memory        the worker's peak memory grew more than MEMORY_BASE + MEMORY_PER_BYTE
                       x size (or MemoryError)
resource-output        the --check report (full format) is longer than OUTPUT_BASE +
                       OUTPUT_PER_BYTE x size + OUTPUT_PER_FINDING x findings (a finding
                       shows a bounded window of its line: a report that grows with the
                       line's length for each finding is caught)
=====================  ==================================================================

"internal-error-invalid" counts the refusals on invalid input; it is reported, never a
failure. Valid input (see ``dialect``): markup that Jinja's or Django's own parser compiles,
or that has no template syntax, or a Go (.gohtml, .tmpl) or Handlebars (.hbs) template
whose tags are closed and whose blocks pair up; Python that ``ast.parse`` reads; JavaScript
that tree-sitter reads without an error node. HTML itself has no invalid documents (a
browser reads everything), so it is not judged. The template checks run on valid input
only, with the blocks of the language the input is valid in.
"""

from __future__ import annotations

import ast
import re
import time
import traceback
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path

from . import tags as tagscan
from .corpus import Context, engine_inputs

TIME_BASE = 2.0  # seconds of CPU, for the three runs together
TIME_PER_BYTE = 40e-6  # about 75 KB/s per run; the fixtures run at 15-35 us/byte for the three
SUPERLINEAR = 8.0  # a quarter of the size at a quarter of the time is linear (ratio 4); quadratic is 16
SUPERLINEAR_MIN = 1.0  # seconds: below this the ratio is noise
MEMORY_BASE = 512 * 2**20
MEMORY_PER_BYTE = 200
OUTPUT_BASE = 2**20
OUTPUT_PER_BYTE = 50
OUTPUT_PER_FINDING = 1200  # its message, a window of its line (at most 240 characters) and the carets

FAILING = (
    "crash", "exception", "internal-error", "not-idempotent", "second-write-error", "change-without-finding",
    "template-tags", "template-structure", "template-compile", "check-write-disagree", "decode", "resource-time",
    "resource-superlinear", "resource-memory", "resource-output",
)
INFO = ("internal-error-invalid",)


@dataclass
class Failure:
    cls: str
    signature: str  # what identifies the class of bug: no offsets, names or values
    detail: str = ""

    def key(self) -> tuple[str, str]:
        return (self.cls, self.signature)


@dataclass
class Outcome:
    failures: list[Failure] = field(default_factory=list)
    cpu: float = 0.0  # engine CPU seconds
    size: int = 0
    valid: bool = True
    status: str = ""  # the --write run's status


# --- validity ---------------------------------------------------------------------------

def _jinja_parses(text: str) -> bool:
    import jinja2

    try:
        jinja2.Environment().parse(text)
    except jinja2.TemplateSyntaxError:
        return False
    except (RecursionError, MemoryError):
        return False
    return True


_DJANGO: list = []


def _django_parses(text: str) -> bool:
    """Whether Django's template engine compiles the text (its built-in tags and the
    libraries Django ships: static, i18n, l10n, tz, cache)."""
    if not _DJANGO:
        try:
            import django
            from django.conf import settings

            if not settings.configured:
                settings.configure(INSTALLED_APPS=[], USE_I18N=True)
                django.setup()
            from django.template import Engine

            libraries = {name: f"django.templatetags.{name}" for name in ("static", "i18n", "l10n", "tz", "cache")}
            _DJANGO.append(Engine(libraries=libraries))
        except ImportError:
            _DJANGO.append(None)
    engine = _DJANGO[0]
    if engine is None:
        return False
    from django.template import TemplateSyntaxError

    try:
        engine.from_string(text)
    except (TemplateSyntaxError, RecursionError, MemoryError):
        return False
    except Exception:  # noqa: BLE001 - a tag's own parsing raising something else: not valid either
        return False
    return True


_CURLY = re.compile(r"\{[{%#]")
_GO_SUFFIXES = (".gohtml", ".tmpl", ".tpl", ".gotmpl")
_OTHER_SYNTAX = (".svelte", ".astro", ".heex", ".cshtml", ".razor", ".templ")


def dialect(text: str, filename: str) -> tuple[str | None, str]:
    """The template language a markup text is valid in, or None and why it is valid in none.

    Jinja's or Django's own parser decides wherever it accepts the text; Go templates
    (by their suffix) and Handlebars (.hbs) have no parser here, so there every tag must be
    closed and their blocks must pair up; ERB and PHP only need closed tags."""
    if filename.lower().endswith(_OTHER_SYNTAX):
        # Single-brace expressions, Razor's @ code and templ's Go: no parser of theirs here,
        # and the Jinja-style scan below would misread them.
        return None, "a Svelte, Astro, HEEx, Razor or templ template (no parser for it here)"
    found = tagscan.scan(text)
    if any(not t.closed for t in found):
        return None, "an unclosed template tag"
    if not _CURLY.search(text):
        return "plain", ""
    name = filename.lower()
    texts = [t.text for t in found]
    # Jinja reads much of Go's and Handlebars' syntax as expressions ({{ if .A }} is the
    # attribute A of a variable named if), so their files go by their suffix.
    if not (name.endswith(_GO_SUFFIXES) or name.endswith(".hbs")):
        if _jinja_parses(text):
            return "jinja", ""
        if _django_parses(text):
            return "django", ""
    else:
        which = "handlebars" if name.endswith(".hbs") else "go"
        if any(t[:2] == "{%" for t in texts):
            return None, f"{{% %}} tags in a {which} template"
        if any(t[:2] == "{{" and not t[2:-2].strip(" -~{}") for t in texts):
            return None, "an empty template tag"
        if tagscan.Blocks(which, texts).balanced(texts):
            return which, ""
        return None, f"{which} blocks that do not pair up"
    return None, "neither Jinja nor Django compiles it"


def invalid_reason(kind: str, text: str, filename: str = "x.html") -> str | None:
    """Why the input is not valid (see the module docstring), or None."""
    if kind == "markup":
        return dialect(text, filename)[1] or None
    if kind == "python":
        try:
            ast.parse(text)
        except (SyntaxError, ValueError, RecursionError, MemoryError) as exc:
            return f"not Python: {exc.__class__.__name__}"
        return None
    if kind == "javascript":
        from hxmigrate.syntax.javascript import language_for_path, parse

        try:
            tree = parse(text, language_for_path(filename))
        except (ValueError, RecursionError):
            return "not JavaScript"
        if tree.root_node.has_error:
            return "not JavaScript (a syntax error)"
    if kind in ("go", "rust"):
        from hxmigrate.syntax.treesitter import parse as parse_code

        try:
            tree = parse_code(text, kind)
        except (ValueError, RecursionError):
            return f"not {kind.capitalize()}"
        if tree.root_node.has_error:
            return f"not {kind.capitalize()} (a syntax error)"
    return None


# --- signatures --------------------------------------------------------------------------

def normalize(message: str) -> str:
    """A refusal's message without its values, for a signature."""
    msg = message.split(": ", 1)[1] if message.startswith("internal error: ") else message
    msg = msg.replace("; nothing was written", "").replace("; the file is unchanged", "")
    msg = re.sub(r"'[^']*'", "'…'", msg)
    msg = re.sub(r'"[^"]*"', '"…"', msg)
    msg = re.sub(r"<(?!hx-partial\b)[^<>\s]+>", "<…>", msg)
    msg = re.sub(r"\d+", "N", msg)
    msg = re.sub(r"#\S+", "#…", msg)
    return msg[:200]


def _exception_site(path, text, kind, settings, project, rules) -> str:
    """Where an exception a rule raised comes from: type and innermost hxmigrate frame."""
    from hxmigrate.engine import fix_text

    try:
        fix_text(path, text, kind, settings, project, rules)
    except Exception as exc:  # noqa: BLE001 - the point is to name it
        frames = [f for f in traceback.extract_tb(exc.__traceback__) if "hxmigrate" in f.filename]
        where = f" in {Path(frames[-1].filename).stem}.{frames[-1].name}" if frames else ""
        return f"{exc.__class__.__name__}{where}"
    return "not raised again"


# --- the checks --------------------------------------------------------------------------

def _split_lines(text: str) -> list[str]:
    return re.findall(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$", text)


_LINE_DIFF_LIMIT = 400


def _changed_lines(before: str, after: str) -> list[tuple[int, int]]:
    """What changed, in ``before``'s lines (1-based): (first, last) for changed lines, and
    (i, 0) for an insertion after line i (0: before the first)."""
    a, b = _split_lines(before), _split_lines(after)
    lo = 0
    while lo < min(len(a), len(b)) and a[lo] == b[lo]:
        lo += 1
    hi_a, hi_b = len(a), len(b)
    while hi_a > lo and hi_b > lo and a[hi_a - 1] == b[hi_b - 1]:
        hi_a -= 1
        hi_b -= 1
    if lo == hi_a and lo == hi_b:
        return []
    if hi_a - lo > _LINE_DIFF_LIMIT or hi_b - lo > _LINE_DIFF_LIMIT:
        # A diff of many similar lines costs the square of their number: one hunk instead.
        return [(lo + 1, hi_a)] if hi_a > lo else [(lo, 0)]
    out = []
    for op, i1, i2, _, _ in SequenceMatcher(None, a[lo:hi_a], b[lo:hi_b], autojunk=False).get_opcodes():
        if op == "equal":
            continue
        out.append((lo + i1, 0) if i1 == i2 else (lo + i1 + 1, lo + i2))
    return out


def _uncovered_change(before: str, after: str, diagnostics, unsafe: bool) -> str | None:
    """The first hunk of changed lines of ``before`` that no fixable finding of ``before``
    meets or touches."""
    from hxmigrate.edits import LineIndex

    index = LineIndex(before)
    covered: set[int] = set()
    spans: set[tuple[int, int]] = set()
    for d in diagnostics:
        if d.fix is None or not (d.fix.safe or unsafe):
            continue
        spans.add((d.start, d.end))
        spans.update((e.start, e.end) for e in d.fix.edits)
    for start, end in spans:
        first, _ = index.line_col(start)
        last, _ = index.line_col(max(start, end))
        covered.update(range(first, last + 1))
    # A line diff may align repeated lines either way, so a hunk counts as found when a
    # finding's lines meet it or touch it, not only when they hold each of its lines.
    for first, last in _changed_lines(before, after):
        if last == 0:  # inserted after line `first`
            if first not in covered and first + 1 not in covered:
                return f"lines inserted after line {first}"
        elif not any(line in covered for line in range(first - 1, last + 2)):
            return f"lines {first}-{last} changed" if last > first else f"line {first} changed"
    return None


class _Counter:
    """A stream that counts what is written and stops past a limit."""

    class Full(Exception):
        pass

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.count = 0

    def write(self, s: str) -> int:
        self.count += len(s)
        if self.count > self.limit:
            raise self.Full()
        return len(s)

    def isatty(self) -> bool:
        return False

    def flush(self) -> None:
        pass


def report_size(diagnostics, path: str, limit: int) -> int:
    """Characters the full-format report of these diagnostics takes (stops past ``limit``)."""
    from hxmigrate.report import write_diagnostics
    from hxmigrate.rules import all_rules

    stream = _Counter(limit)
    try:
        write_diagnostics("full", [(path, d) for d in diagnostics], stream, {r.code: r for r in all_rules()})
    except _Counter.Full:
        pass
    return stream.count


def _codes(diagnostics) -> str:
    codes = sorted({d.code for d in diagnostics if d.fix is not None})
    return ",".join(codes) or "no fixable finding"


def examine(data: str | bytes, ctx: Context, root: Path, check_output: bool = True) -> Outcome:
    from hxmigrate.engine import SkipFile, decode, process_text

    out = Outcome(size=len(data))
    if isinstance(data, bytes):
        try:
            text = decode(data)
        except SkipFile as exc:
            if exc.error and not str(exc):
                out.failures.append(Failure("decode", "an empty message for undecodable bytes"))
            out.status = "skipped"
            return out
        except Exception as exc:  # noqa: BLE001
            out.failures.append(Failure("decode", f"{exc.__class__.__name__} while decoding", str(exc)[:300]))
            return out
    else:
        text = data
    path, settings, project, rules = engine_inputs(ctx, root)
    kind = ctx.kind
    if kind == "markup":
        language, why_invalid = dialect(text, ctx.filename)
    else:
        language, why_invalid = None, invalid_reason(kind, text, ctx.filename) or ""
    out.valid = not why_invalid

    def engine(t: str, settle: bool):
        start = time.process_time()
        try:
            return process_text(path, t, settings, project, rules, kind=kind, settle=settle)
        finally:
            out.cpu += time.process_time() - start

    try:
        check = engine(text, False)
        write = engine(text, True)
    except MemoryError:
        out.failures.append(Failure("resource-memory", f"{kind}: MemoryError"))
        return out
    out.status = write.status

    def refusal(result, phase: str) -> None:
        message = result.message
        if not message.startswith("internal error"):
            return
        m = re.match(r"internal error: (\w+(?:Error|Exception|Warning|Exit|Interrupt)): ", message)
        if m:
            if m.group(1) == "MemoryError":
                out.failures.append(Failure("resource-memory", f"{kind}: MemoryError"))
                return
            site = _exception_site(path, text if phase != "second write" else write.fixed, kind, settings, project, rules)
            out.failures.append(Failure("exception", f"{kind}: {site}", message[:500]))
        elif phase == "second write":
            out.failures.append(Failure("second-write-error", f"{kind}: {normalize(message)}", message[:500]))
        elif out.valid:
            out.failures.append(Failure("internal-error", f"{kind}: {normalize(message)}", message[:500]))
        else:
            out.failures.append(Failure("internal-error-invalid", f"{kind}: {normalize(message)}",
                                        f"{why_invalid}: {message[:500]}"))

    refusal(check, "check")
    if write.message != check.message or write.status != "failed":
        refusal(write, "write")
    if (check.status == "changed") != (write.status == "changed") or (check.status == "failed") != (write.status == "failed"):
        out.failures.append(Failure("check-write-disagree", f"{kind}: check {check.status}, write {write.status}",
                                    f"check: {check.message} / write: {write.message}"[:500]))

    if write.status == "changed" and write.fixed is not None:
        fixed = write.fixed
        try:
            again = engine(fixed, True)
        except MemoryError:
            again = None
            out.failures.append(Failure("resource-memory", f"{kind}: MemoryError"))
        if again is not None:
            if again.status == "failed":
                refusal(again, "second write")
            elif again.fixed != fixed:
                out.failures.append(Failure("not-idempotent", f"{kind}: {_codes(again.diagnostics)}",
                                            f"the second write changed {len(_changed_lines(fixed, again.fixed))} places"))
        where = _uncovered_change(text, fixed, write.diagnostics, settings.unsafe_fixes)
        if where is not None:
            out.failures.append(Failure("change-without-finding", f"{kind}: {_codes(write.diagnostics)}", where))
        if kind == "markup" and out.valid:
            _template_checks(text, fixed, ctx, out, language)
    if check_output and check.diagnostics:
        limit = OUTPUT_BASE + OUTPUT_PER_BYTE * len(text) + OUTPUT_PER_FINDING * len(check.diagnostics)
        size = report_size(check.diagnostics, path, limit)
        if size > limit:
            out.failures.append(Failure("resource-output", f"{kind}: report over {OUTPUT_PER_BYTE}x the input",
                                        f"{len(check.diagnostics)} findings, report > {limit} characters for {len(text)}"))
    if out.cpu > TIME_BASE + TIME_PER_BYTE * len(text):
        out.failures.append(Failure("resource-time", f"{kind}: over the CPU budget",
                                    f"{out.cpu:.1f} s of CPU for {len(text)} characters"))
    return out


_MARKED = re.compile(r"hxmigrate:\s*ws-message")


def _template_checks(before: str, after: str, ctx: Context, out: Outcome, language: str) -> None:
    role = "message" if ctx.message or _MARKED.search(before) else "page"
    blocks = language if language in tagscan.BLOCK_DIALECTS else "none"
    change = tagscan.tag_change(before, after, blocks)
    if change is not None:
        out.failures.append(Failure("template-tags", f"markup {role}: {change}"))
    if tagscan.partial_block_mismatches(after, blocks) > tagscan.partial_block_mismatches(before, blocks):
        out.failures.append(Failure("template-structure", f"markup {role}: <hx-partial> opens and closes in different template branches"))
    compiles = {"jinja": _jinja_parses, "django": _django_parses}.get(language)
    if compiles is not None and not compiles(after):
        out.failures.append(Failure("template-compile", f"markup {role}: {language.capitalize()} compiled the input, not the output"))
