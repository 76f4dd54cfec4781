"""Frames, HTTP requests and stream connections the page made, in a form both sides share,
and the diffs shown on failure."""

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


# Request headers every browser sends, or that only say how a request travels: not the page's.
# Any other header is the page's own (hx-headers, a listener that sets one) and is compared.
BROWSER_HEADERS = frozenset({
    "accept", "accept-charset", "accept-encoding", "accept-language", "cache-control", "connection",
    "content-length", "cookie", "dnt", "expect", "forwarded", "host", "if-match", "if-modified-since",
    "if-none-match", "if-range", "if-unmodified-since", "keep-alive", "origin", "pragma", "priority", "purpose",
    "range", "referer", "te", "transfer-encoding", "upgrade", "upgrade-insecure-requests", "user-agent", "via",
})  # fmt: skip
BROWSER_HEADER_PREFIXES = ("sec-",)  # Sec-Fetch-*, Sec-CH-UA*, Sec-Purpose, Sec-GPC
# htmx headers with no counterpart on the other side, or that only say how htmx swaps.
DROPPED_HX_HEADERS = frozenset({"hx-trigger-name", "hx-request-type"})
HX_HEADER_NAMES = {
    name.lower(): name
    for name in (
        "HX-Request", "HX-Boosted", "HX-Prompt", "HX-History-Restore-Request", "HX-Current-URL", "HX-Trigger",
        "HX-Target", "HX-Source",
    )
}


def _header_name(name: str) -> str:
    """One spelling for a header name (fetch sends lowercase names, XMLHttpRequest as written)."""
    lower = name.lower()
    if lower in HX_HEADER_NAMES:
        return HX_HEADER_NAMES[lower]
    return "-".join("HX" if part == "hx" else part[:1].upper() + part[1:] for part in lower.split("-"))


def request_headers(side: str, headers, body: bool = True) -> dict:
    """A request's headers in the shared form: browser headers and Accept dropped,
    ``Content-Type`` reduced to its media type (and dropped without a ``body``: 2.x sends
    one with an empty DELETE), the element headers mapped as for frames (``source id``,
    ``target id``; an element without id leaves its key out on both sides)."""
    kept = {}
    for name, value in headers:
        lower = name.lower()
        if lower in BROWSER_HEADERS or lower.startswith(BROWSER_HEADER_PREFIXES) or lower in DROPPED_HX_HEADERS:
            continue
        if lower == "content-type":
            if not body:
                continue
            value = value.split(";", 1)[0].strip().lower()
        kept[_header_name(name)] = value
    mapped = headers_2(kept) if side == "2" else headers_4(kept)
    return {k: v for k, v in mapped.items() if not (k in ("source id", "target id") and not v)}


def _fields(pairs) -> dict:
    out: dict = {}
    for name, value in pairs:
        out.setdefault(name, []).append(value)
    return {name: values[0] if len(values) == 1 else values for name, values in sorted(out.items())}


def request_line(side: str, record: dict) -> str:
    """One request the server received as one line: method, path, then JSON with sorted
    keys of its query parameters, form fields (urlencoded or multipart; a name sent several
    times maps to the list of its values), any other body, and headers."""
    entry: dict = {}
    if record.get("query"):
        entry["query"] = _fields(record["query"])
    if record.get("form") is not None:
        entry["form"] = _fields(record["form"])
    if record.get("body"):
        entry["body"] = record["body"]
    has_body = record.get("form") is not None or bool(record.get("body"))
    entry["headers"] = request_headers(side, record.get("headers", []), has_body)
    return f"{record['method']} {record['path']} {json.dumps(entry, sort_keys=True, ensure_ascii=False)}"


def stream_line(record: dict) -> str:
    """One stream connection the server accepted as one line: method, path, then JSON of its
    query parameters and the Last-Event-ID header it sent (each left out when absent)."""
    entry: dict = {}
    if record.get("query"):
        entry["query"] = _fields(record["query"])
    if record.get("last_event_id") is not None:
        entry["Last-Event-ID"] = record["last_event_id"]
    line = f"{record['method']} {record['path']}"
    return f"{line} {json.dumps(entry, sort_keys=True, ensure_ascii=False)}" if entry else line


def unified(old: str, new: str, old_label: str, new_label: str, limit: int = 80) -> str:
    lines = list(
        difflib.unified_diff(old.splitlines(), new.splitlines(), old_label, new_label, n=3, lineterm="")
    )
    if len(lines) > limit:
        lines = lines[:limit] + [f"... ({len(lines) - limit} more diff lines)"]
    return "\n".join(lines)
