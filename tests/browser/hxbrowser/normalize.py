"""Frames the page sent, in a form both sides share, and the diffs shown on failure."""

from __future__ import annotations

import difflib
import json
import re
from urllib.parse import unquote

_ORIGIN = re.compile(r"https?://127\.0\.0\.1:\d+")


def _strip_origin(value):
    return _ORIGIN.sub("http://127.0.0.1:<port>", value) if isinstance(value, str) else value


def _id_of(identifier):
    """4.x writes an element as ``tag#id`` (id URI-encoded); 2.x wrote the bare id or null."""
    if not isinstance(identifier, str):
        return identifier
    _, hash_, element_id = identifier.partition("#")
    return unquote(element_id) if hash_ else None


def headers_2(headers: dict) -> dict:
    """htmx 2.x ``HEADERS`` in the shared form. HX-Trigger-Name has no 4.x counterpart."""
    out = {}
    for key, value in headers.items():
        if key == "HX-Trigger":
            out["source id"] = value
        elif key == "HX-Target":
            out["target id"] = value
        elif key != "HX-Trigger-Name":
            out[key] = _strip_origin(value)
    return out


def headers_4(headers: dict) -> dict:
    """htmx 4.x ``headers`` in the shared form (HX-Source and HX-Target are ``tag#id``)."""
    out = {}
    for key, value in headers.items():
        if key == "HX-Source":
            out["source id"] = _id_of(value)
        elif key == "HX-Target":
            out["target id"] = _id_of(value)
        else:
            out[key] = _strip_origin(value)
    return out


def frame_line(side: str, path: str, data: str) -> str:
    """One sent frame as one line: the socket's path and its JSON with sorted keys."""
    try:
        message = json.loads(data)
    except ValueError:
        return f"{path} (not JSON) {data!r}"
    if isinstance(message, dict):
        key, mapping = ("HEADERS", headers_2) if side == "2" else ("headers", headers_4)
        if isinstance(message.get(key), dict):
            message[key] = mapping(message.pop(key))
            message["headers (mapped)"] = message.pop(key)
    return f"{path} {json.dumps(message, sort_keys=True, ensure_ascii=False)}"


def unified(old: str, new: str, old_label: str, new_label: str, limit: int = 80) -> str:
    lines = list(
        difflib.unified_diff(old.splitlines(), new.splitlines(), old_label, new_label, n=3, lineterm="")
    )
    if len(lines) > limit:
        lines = lines[:limit] + [f"... ({len(lines) - limit} more diff lines)"]
    return "\n".join(lines)
