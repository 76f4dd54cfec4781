"""What Go and Rust server code reads from the messages htmx sends (WS401, WS402, WS404).

A ``ws-send`` message reaches the server as JSON text, decoded in Go into a struct (or a
map). The 2.x metadata key was ``HEADERS``; htmx 4 writes ``headers``. Go's
``encoding/json`` matches a JSON key to a field's name or tag *case-insensitively*
(preferring an exact match), so a field tagged ``json:"HEADERS"`` or named ``HEADERS``
is filled from htmx 4's ``headers`` as it was from 2.x's ``HEADERS``: decoding keeps
working, and the tag is renamed only to say what htmx sends. The header values inside
changed (``HX-Trigger`` and ``HX-Trigger-Name`` are gone, ``HX-Target`` is ``tag#id``):
those are reported wherever the file names them. Only files of a package that receives
WebSocket data are read (the Go front-end tells which).

Rust's serde matches keys *exactly*: a field renamed ``#[serde(rename = "HEADERS")]`` (or
aliased so) is no longer filled from htmx 4's ``headers``, and the literal is renamed (a
fix); a field named ``HEADERS`` without a rename, or a ``headers`` field that
``rename_all`` turns into ``HEADERS``, is reported with the attribute that reads the new
key. ``value["HEADERS"]`` and ``.get("HEADERS")`` on a ``serde_json::Value`` are renamed.
Only files of a crate that receives WebSocket data are read (the Rust front-end tells which).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ...analysis.server.go import ENCODES
from ...analysis.server.go import RECEIVE_HINT as GO_RECEIVE
from ...analysis.server.rust import RECEIVE_HINT as RUST_RECEIVE
from ...analysis.server.rust import (
    attribute_strings,
    attributes,
    derives,
    literal_value,
)
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
    """Whether the file belongs to Go or Rust code that receives WebSocket data."""
    hint = RUST_RECEIVE if file.kind == "rust" else GO_RECEIVE
    return hint.search(file.text) is not None or file.abspath in file.project.receiving


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


# serde's rename_all rules that turn a field named `headers` into the 2.x key.
_UPPER_CASES = frozenset({"UPPERCASE", "SCREAMING_SNAKE_CASE", "SCREAMING-KEBAB-CASE"})


def rust_payload(file) -> list[Diagnostic]:
    if not receives(file):
        return []
    view = file.rust
    out: list[Diagnostic] = []
    in_attributes: set[int] = set()
    for item in view.walk({"struct_item"}):
        traits = derives(view, item)
        body = item.child_by_field_name("body")
        if "Deserialize" not in traits or body is None or body.type != "field_declaration_list":
            continue
        rename_all = None
        for name, args in attributes(view, item):
            if name == "serde":
                for key, literal in attribute_strings(view, args):
                    if key in ("rename_all", "rename_all_fields"):
                        rename_all = literal_value(view, literal)
        for decl in body.named_children:
            if decl.type == "field_declaration":
                # A struct that also derives Serialize is written under the renamed key too.
                out.extend(_rust_field(view, decl, rename_all, "Serialize" in traits, in_attributes))
    for literal in view.walk({"string_literal", "raw_string_literal"}):
        if literal.start_byte in in_attributes or _in_attribute(literal):
            continue
        value = literal_value(view, literal)
        if value is None:
            continue
        start, end = view.span(literal)
        if value == "HEADERS" and _json_key(view, literal) and view.text_of(literal) == '"HEADERS"':
            out.append(Diagnostic(HEADERS_CODE, "htmx 4 sends the request headers of a WebSocket message under "
                                  "`headers`: serde_json matches keys exactly, so `HEADERS` is read as `headers`",
                                  start + 1, end - 1, fix(Edit(start + 1, end - 1, "headers"))))
        elif _HEADER_NAME.match(value):
            out.append(Diagnostic(HEADER_VALUES_CODE, f"`{value}`: {_HEADER_NOTES[value.lower()]}", start, end))
    out.sort(key=lambda d: (d.start, d.end))
    return out


def _in_attribute(node) -> bool:
    while node is not None:
        if node.type in ("attribute_item", "inner_attribute_item"):
            return True
        node = node.parent
    return False


def _json_key(view, literal) -> bool:
    """``value["HEADERS"]``, ``value.get("HEADERS")`` (a serde_json::Value or a map)."""
    parent = literal.parent
    if parent is None:
        return False
    if parent.type == "index_expression":
        return parent.named_children[-1] == literal
    if parent.type == "arguments" and parent.parent is not None and parent.parent.type == "call_expression":
        fn = parent.parent.child_by_field_name("function")
        if fn is not None and fn.type == "field_expression":
            method = view.text_of(fn.child_by_field_name("field"))
            return method in ("get", "get_mut", "remove", "contains_key") and parent.named_children[0] == literal
    return False


def _rust_field(view, decl, rename_all: str | None, encodes: bool, in_attributes: set[int]) \
        -> list[Diagnostic]:
    name_node = decl.child_by_field_name("name")
    if name_node is None:
        return []
    name = view.text_of(name_node)
    found: list[Diagnostic] = []
    renamed = False
    for attr, args in attributes(view, decl):
        if attr != "serde":
            continue
        for key, literal in attribute_strings(view, args):
            in_attributes.add(literal.start_byte)
            value = literal_value(view, literal)
            if key not in ("rename", "alias", "deserialize") or value is None:
                continue
            renamed = renamed or key in ("rename", "deserialize")
            start, end = view.span(literal)
            if value == "HEADERS" and view.text_of(literal) == '"HEADERS"':
                a, b = start + 1, end - 1
                if key == "alias":
                    found.append(Diagnostic(HEADERS_CODE, "htmx 4 sends the request headers of a WebSocket message "
                                            "under `headers`: serde matches keys exactly, so this alias no longer "
                                            "matches them; it is renamed", a, b, fix(Edit(a, b, "headers"))))
                elif encodes:
                    found.append(Diagnostic(HEADERS_CODE, "htmx 4 sends the request headers of a WebSocket message "
                                            "under `headers`: serde matches keys exactly, so this field is no longer "
                                            "filled; the rename is changed to `headers`, and since the struct also "
                                            "derives Serialize, a value of it written out would carry `headers` too "
                                            "(`--unsafe-fixes` renames it; `#[serde(alias = \"headers\")]` reads "
                                            "both and writes the old key)", a, b,
                                            fix(Edit(a, b, "headers"), safe=False)))
                else:
                    found.append(Diagnostic(HEADERS_CODE, "htmx 4 sends the request headers of a WebSocket message "
                                            "under `headers`: serde matches keys exactly, so this field is no longer "
                                            "filled; the rename is changed to `headers`", a, b,
                                            fix(Edit(a, b, "headers"))))
            elif _HEADER_NAME.match(value):
                found.append(Diagnostic(HEADER_VALUES_CODE, f"`{value}`: {_HEADER_NOTES[value.lower()]}", start, end))
    if renamed:
        return found
    a, b = view.span(name_node)
    if name == "HEADERS" and rename_all not in ("lowercase", "snake_case", "kebab-case", "camelCase"):
        found.append(Diagnostic(FIELD_CODE, "the 2.x `HEADERS` field: htmx 4 sends `headers` and serde matches keys "
                                "exactly, so it is no longer filled (a required field fails every message): add "
                                "`#[serde(rename = \"headers\")]` to the field to keep its name, or rename the field "
                                "and its uses to `headers`; the header values read from it changed (see WS402)", a, b))
    elif name == "headers" and rename_all in _UPPER_CASES:
        found.append(Diagnostic(FIELD_CODE, f"`#[serde(rename_all = \"{rename_all}\")]` reads this field from the 2.x "
                                "key `HEADERS`: htmx 4 sends `headers` and serde matches keys exactly, so it is no "
                                "longer filled: add `#[serde(rename = \"headers\")]` to the field; the header values "
                                "read from it changed (see WS402)", a, b))
    return found
