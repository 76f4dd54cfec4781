"""JSON in attribute values (`<meta name="htmx-config" content='{...}'>`), read with the
offsets of its members so that a rule can edit one member and keep the rest as written:
character references decoded (and encoded again in what an edit writes), keys, values
and separators found by a small scanner that knows JSON's strings and nesting."""

from __future__ import annotations

import html
import json
import re

from ..edits import Edit

_ENTITY = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);?")


def decode(raw: str) -> tuple[str, list[int]]:
    """The attribute value as the browser sees it, and for each decoded character the
    offset in ``raw`` where it starts (plus one final entry: ``len(raw)``)."""
    out: list[str] = []
    starts: list[int] = []
    pos = 0
    for m in _ENTITY.finditer(raw):
        for i in range(pos, m.start()):
            out.append(raw[i])
            starts.append(i)
        decoded = html.unescape(m.group())
        if decoded == m.group():
            for i in range(m.start(), m.end()):
                out.append(raw[i])
                starts.append(i)
        else:
            for ch in decoded:
                out.append(ch)
                starts.append(m.start())
        pos = m.end()
    for i in range(pos, len(raw)):
        out.append(raw[i])
        starts.append(i)
    starts.append(len(raw))
    return "".join(out), starts


class Bad(Exception):
    """Not a JSON object this module can read."""


def _skip_ws(s: str, i: int) -> int:
    while i < len(s) and s[i] in " \t\r\n":
        i += 1
    return i


def string_end(s: str, i: int) -> int:
    i += 1
    while i < len(s):
        c = s[i]
        if c == "\\":
            i += 2
            continue
        if c == '"':
            return i + 1
        i += 1
    raise Bad()


def _value_end(s: str, i: int) -> int:
    if i >= len(s):
        raise Bad()
    c = s[i]
    if c == '"':
        return string_end(s, i)
    if c in "{[":
        depth = 0
        while i < len(s):
            c = s[i]
            if c == '"':
                i = string_end(s, i)
                continue
            if c in "{[":
                depth += 1
            elif c in "}]":
                depth -= 1
                if depth == 0:
                    return i + 1
            i += 1
        raise Bad()
    m = re.compile(r"[^,}\]\s]+").match(s, i)
    if not m:
        raise Bad()
    return m.end()


def members(s: str, start: int = 0):
    """Members of the JSON object at ``s[start]``: (key, key_start, value_start, value_end)."""
    i = _skip_ws(s, start)
    if i >= len(s) or s[i] != "{":
        raise Bad()
    i += 1
    out = []
    while True:
        i = _skip_ws(s, i)
        if i < len(s) and s[i] == "}":
            return out, i
        if i >= len(s) or s[i] != '"':
            raise Bad()
        key_end = string_end(s, i)
        key = json.loads(s[i:key_end])
        j = _skip_ws(s, key_end)
        if j >= len(s) or s[j] != ":":
            raise Bad()
        v = _skip_ws(s, j + 1)
        v_end = _value_end(s, v)
        out.append((key, i, v, v_end))
        i = _skip_ws(s, v_end)
        if i < len(s) and s[i] == ",":
            i += 1
            continue
        if i < len(s) and s[i] == "}":
            return out, i
        raise Bad()


def value_edit(base: int, starts: list[int], start: int, end: int, new: str, quote: str) -> Edit:
    """An edit of the raw attribute value (which starts at ``base``) for decoded offsets."""
    if quote == '"':
        new = new.replace("&", "&amp;").replace('"', "&quot;")
    elif quote == "'":
        new = new.replace("&", "&amp;").replace("'", "&#39;")
    return Edit(base + starts[start], base + starts[end], new)
