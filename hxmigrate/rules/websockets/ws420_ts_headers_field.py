"""Rename, or report, a TypeScript type's `HEADERS` field for the messages htmx sends.

What it does:
    In a TypeScript file that receives WebSocket data (see WS401), or where the field's own
    type names an `HX-` header, finds an interface or object type that declares a property
    `HEADERS`. When the type is not exported and every other place the file names a
    `HEADERS` property is a read of received data that WS401 renames, the field is renamed to
    `headers` with them; otherwise it is reported.

Why:
    2.x sent the htmx request headers of a `ws-send` message under the key `HEADERS`; htmx 4
    sends them under `headers`. Once the reads are renamed, a type that still declares
    `HEADERS` no longer compiles against them, and one that types parsed messages describes a
    key that never arrives.

Example:
    interface HtmxMessage { message: string; HEADERS: Record<string, string | null> }
    becomes
    interface HtmxMessage { message: string; headers: Record<string, string | null> }

Fix safety:
    Safe where made: the file's only uses of the field are the reads renamed with it. An
    exported type, or a file that also builds or reads `HEADERS` objects of another origin,
    is reported: rename the field and its uses by hand.
"""

from __future__ import annotations

from ._js_payload import payload_diagnostics

CODE = "WS420"
NAME = "ts-headers-field"
LANGUAGES = ("javascript",)
FIX = "sometimes"
SAFETY = "safe"
TRIGGERS = ("headers",)
FACTS = ("python_facts", "receiving")


def check(file):
    return (d for d in payload_diagnostics(file) if d.code == CODE)
