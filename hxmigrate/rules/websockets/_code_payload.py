"""What Go server code reads from the messages htmx sends (WS401, WS402, WS404).

A ``ws-send`` message reaches the server as JSON text, decoded in Go into a struct (or a
map). The 2.x metadata key was ``HEADERS``; htmx 4 writes ``headers``. Go's
``encoding/json`` matches a JSON key to a field's name or tag *case-insensitively*
(preferring an exact match), so a field tagged ``json:"HEADERS"`` or named ``HEADERS``
is filled from htmx 4's ``headers`` as it was from 2.x's ``HEADERS``: decoding keeps
working, and the tag is renamed only to say what htmx sends. The header values inside
changed (``HX-Trigger`` and ``HX-Trigger-Name`` are gone, ``HX-Target`` is ``tag#id``):
those are reported wherever the file names them. Only files of a package that receives
WebSocket data are read (the Go front-end tells which).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ...analysis.server.go import ENCODES
from ...analysis.server.go import RECEIVE_HINT as GO_RECEIVE
from ...diagnostics import Diagnostic, fix
from ...edits import Edit
from ._messages import _HEADER_NOTES

if TYPE_CHECKING:
    from tree_sitter import Node

HEADERS_CODE, HEADER_VALUES_CODE, FIELD_CODE = "WS401", "WS402", "WS404"
_JSON_TAG = re.compile(r'(?<![\w-])json:"([^",]*)')
_HEADER_NAME = re.compile(r"^(?:hx-trigger|hx-trigger-name|hx-target)$", re.I)
# http.Request headers (an HTTP request's, not a WebSocket message's): htmx's core migration reads those.
_HTTP_HEADER = re.compile(r"\.Header\.(?:Get|Values)\s*\(\s*$|\.Header\s*\[\s*$")


def receives(file) -> bool:
    """Whether the file belongs to Go code that receives WebSocket data."""
    return GO_RECEIVE.search(file.text) is not None or file.abspath in file.project.receiving


def go_payload(file) -> list[Diagnostic]:
    if not receives(file):
        return []
    view = file.go
    # A struct renamed for decoding is also written under the new key where the package writes JSON.
    found = ENCODES.search(file.text)
    encodes = (f"{file.lines.line_col(found.start())[0]}" if found is not None
               else file.project.receiving.get(file.abspath, {}).get("encodes"))
    out: list[Diagnostic] = []
    for field in view.walk({"field_declaration"}):
        out.extend(_field(file, view, field, encodes))
    for literal in view.walk({"interpreted_string_literal"}):
        value = view.text_of(literal)[1:-1]
        if not _HEADER_NAME.match(value) or literal.parent is None or literal.parent.type == "field_declaration":
            continue
        start, end = view.span(literal)
        if _HTTP_HEADER.search(file.text[max(0, start - 40):start]):
            continue
        out.append(Diagnostic(HEADER_VALUES_CODE, f"`{value}`: {_HEADER_NOTES[value.lower()]}", start, end))
    out.sort(key=lambda d: (d.start, d.end))
    return out


def _field(file, view, field: "Node", encodes: str | None) -> list[Diagnostic]:
    names = [view.text_of(c) for c in field.children_by_field_name("name")]
    tag = field.child_by_field_name("tag")
    found: list[Diagnostic] = []
    key = None
    if tag is not None:
        start = view.start(tag)
        text = view.text_of(tag)
        m = _JSON_TAG.search(text)
        if m is not None:
            key = m.group(1)
            a, b = start + m.start(1), start + m.end(1)
            if key == "HEADERS":
                if encodes:
                    where = f"line {encodes}" if encodes.isdigit() else encodes
                    note = (f"; the package also writes JSON ({where}): a value of this struct written out would "
                            "carry `headers` too, so check who reads it (`--unsafe-fixes` renames it)")
                else:
                    note = ""
                found.append(Diagnostic(HEADERS_CODE, "htmx 4 sends the request headers of a WebSocket message under "
                                        "`headers`: encoding/json already fills this field from it (it matches keys "
                                        "case-insensitively), the tag is renamed to say so" + note, a, b,
                                        fix(Edit(a, b, "headers"), safe=encodes is None)))
            elif _HEADER_NAME.match(key):
                found.append(Diagnostic(HEADER_VALUES_CODE, f"`{key}`: {_HEADER_NOTES[key.lower()]}", a, b))
    if key is None and "HEADERS" in names:
        name = next(c for c in field.children_by_field_name("name") if view.text_of(c) == "HEADERS")
        a, b = view.span(name)
        found.append(Diagnostic(FIELD_CODE, "the 2.x `HEADERS` field: encoding/json fills it from htmx 4's `headers` "
                                "too (it matches keys case-insensitively), so decoding keeps working; the header "
                                "values read from it changed (see WS402)", a, b))
    return found
