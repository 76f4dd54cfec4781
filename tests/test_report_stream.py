"""A run writes each file's findings once the files before it are done and forgets them:
the JSON and SARIF documents are framed around findings written one by one, and come out
byte for byte as ``json.dump`` writes the whole document."""

from __future__ import annotations

import io
import json

import pytest

from hxmigrate.diagnostics import Diagnostic, fix
from hxmigrate.edits import Edit
from hxmigrate.report import DiagnosticWriter, Statistics, _json_item, _sarif_document, _sarif_result
from hxmigrate.rules import all_rules

RULES = {r.code: r for r in all_rules()}


def _finding(n: int) -> Diagnostic:
    code = sorted(RULES)[n % len(RULES)]
    message = ["plain", 'quoted "x" and \\ back', "two\nlines", "caf\u00e9 \u2192 \U0001f600", "tab\there"][n % 5]
    edit = fix(Edit(n, n + 3, f"<new {n}>\n"), safe=n % 2 == 0) if n % 3 else None
    return Diagnostic(code, message, n, n + 3, edit, line=n + 1, col=2, end_line=n + 1, end_col=5,
                      source_line="<div>", source_col=1)


FILES = {0: [], 1: [("a.html", [_finding(1)])],
         7: [("a.html", [_finding(i) for i in range(3)]), ("b/c.py", []), ("d e.html", [_finding(i) for i in range(3, 7)])]}


def _written(fmt: str, files) -> str:
    out = io.StringIO()
    writer = DiagnosticWriter(fmt, out, RULES)
    for path, found in files:
        writer.add(path, found)
    writer.close()
    return out.getvalue()


@pytest.mark.parametrize("count", sorted(FILES))
def test_json_written_file_by_file_is_the_whole_document(count):
    files = FILES[count]
    whole = [_json_item(path, d, RULES) for path, found in files for d in found]
    assert _written("json", files) == json.dumps(whole, indent=2) + "\n"
    assert len(json.loads(_written("json", files))) == count


@pytest.mark.parametrize("count", sorted(FILES))
def test_sarif_written_file_by_file_is_the_whole_document(count):
    files = FILES[count]
    index = {c: i for i, c in enumerate(sorted(RULES))}
    whole = _sarif_document([_sarif_result(path, d, index) for path, found in files for d in found], RULES)
    assert _written("sarif", files) == json.dumps(whole, indent=2) + "\n"
    doc = json.loads(_written("sarif", files))
    assert len(doc["runs"][0]["results"]) == count
    for result in doc["runs"][0]["results"]:
        assert doc["runs"][0]["tool"]["driver"]["rules"][result["ruleIndex"]]["id"] == result["ruleId"]


@pytest.mark.parametrize("fmt", ["full", "concise", "github"])
def test_text_formats_write_nothing_without_findings(fmt):
    assert _written(fmt, FILES[0]) == ""
    assert _written(fmt, FILES[7]).count("a.html:") == 3


def test_statistics_count_as_the_findings_come():
    counts = Statistics()
    for _, found in FILES[7]:
        counts.add(found)
    out = io.StringIO()
    counts.write(out, RULES)
    lines = out.getvalue().splitlines()
    assert len(lines) == 7 and all(line.split("\t")[0].strip() == "1" for line in lines)
    assert sum("[*]" in line for line in lines) == sum(d.fix is not None for _, found in FILES[7] for d in found)


def test_unknown_format_is_refused():
    with pytest.raises(ValueError):
        DiagnosticWriter("xml", io.StringIO(), RULES)
