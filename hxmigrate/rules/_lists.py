"""Comma-separated attribute values (`hx-ext="json-enc, ws"`, `sse-swap="message, news"`),
as the rules of every family that drop an item from one rewrite them: in the list's own style."""

from __future__ import annotations


def list_separator(value: str) -> str:
    """A list's own separator: its first comma with the whitespace around it (", " without one)."""
    comma = value.find(",")
    if comma < 0:
        return ", "
    start, end = comma, comma + 1
    while start > 0 and value[start - 1].isspace():
        start -= 1
    while end < len(value) and value[end].isspace():
        end += 1
    return value[start:end]


def hx_ext_items(value: str) -> list[str]:
    """The extension names an `hx-ext` value lists."""
    return [item.strip() for item in value.split(",") if item.strip()]
