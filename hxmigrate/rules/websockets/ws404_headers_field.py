"""Report message classes that declare the 2.x `HEADERS` field.

What it does:
    In a Python module that receives WebSocket data (see WS401), reports a class field
    declared as `HEADERS: ...`: a pydantic model, dataclass, `TypedDict` or msgspec `Struct`
    that a received message is read into.

Why:
    2.x sent the htmx request headers of a `ws-send` message under the key `HEADERS`; htmx 4
    sends them under `headers`. A model with a required `HEADERS` field fails to validate
    every htmx 4 message, and an optional one stays empty.

Example:
    class HtmxMessage(BaseModel):
        message: str
        HEADERS: dict[str, str | None]

    In Go, a struct field named `HEADERS` without a `json` tag in a package that receives
    WebSocket data: encoding/json matches keys case-insensitively, so it is filled from htmx
    4's `headers` as well; the finding says so, and that the header values in it changed.

    In Rust, in a crate that receives WebSocket data, a field of a struct that derives
    `Deserialize` named `HEADERS` without a serde rename, or named `headers` under
    `#[serde(rename_all = "UPPERCASE")]` (or `"SCREAMING_SNAKE_CASE"`): serde matches keys
    exactly, so it is no longer filled; the finding names the fix,
    `#[serde(rename = "headers")]` on the field, which keeps its name.

Fix safety:
    No fix: the field's name is also the attribute the code reads (`msg.HEADERS`), possibly
    in other modules. Rename the field to `headers` and its uses, or keep the name and read
    the new key with an alias (pydantic: `HEADERS: dict[str, str | None] = Field(alias="headers")`).
"""

from __future__ import annotations

from ...diagnostics import Diagnostic
from ...syntax.cst import cst
from ._code_payload import go_payload, rust_payload
from ._messages import diagnostics_for, receiving_module

CODE = "WS404"
NAME = "ws-headers-field"
LANGUAGES = ("python", "go", "rust")
FIX = "never"
SAFETY = "safe"
TRIGGERS = ("headers",)
FACTS = ("python_facts", "receiving")


def _headers_fields(module) -> list[tuple[str, object]]:
    """(class name, the `HEADERS` name node) of every class field declared `HEADERS: ...`."""
    found = []
    todo = list(module.body)
    while todo:
        node = todo.pop()
        if isinstance(node, (cst.If, cst.Try)):
            todo.extend(node.body.body)
            continue
        if not isinstance(node, cst.ClassDef):
            continue
        for stmt in node.body.body:
            if isinstance(stmt, cst.ClassDef):
                todo.append(stmt)
            elif isinstance(stmt, cst.SimpleStatementLine):
                for small in stmt.body:
                    if isinstance(small, cst.AnnAssign) and isinstance(small.target, cst.Name) \
                            and small.target.value == "HEADERS":
                        found.append((node.name.value, small.target))
    return found


def check(file):
    if file.kind == "rust":
        if "HEADERS" in file.text or "rename_all" in file.text:
            yield from diagnostics_for(file, CODE, rust_payload)
        return
    if "HEADERS" not in file.text:
        return
    if file.kind == "go":
        yield from diagnostics_for(file, CODE, go_payload)
        return
    view = file.python
    if view.module is None:
        return
    fields = _headers_fields(view.module)
    if not fields:
        return
    module, helpers = receiving_module(file)
    if module is None or next(module.receivers(helpers), None) is None:
        return
    for cls, name in sorted(fields, key=lambda f: view.span(f[1])):
        start, end = view.span(name)
        yield Diagnostic(CODE, f"`{cls}.HEADERS`: htmx 4 sends the request headers of a WebSocket message under "
                         "`headers`, so a message read into this class has no `HEADERS` (a required field fails to "
                         "validate every message): rename the field and its uses to `headers`, or read the new key "
                         "with an alias (pydantic: `Field(alias=\"headers\")`)", start, end)
