"""Move `wsReconnectDelay` and `wsBinaryType` in `<meta name="htmx-config">` to the `ws` object.

What it does:
    In the JSON of `<meta name="htmx-config" content='{...}'>`, replaces `"wsReconnectDelay"`
    with the htmx 4 object (`"ws": {"reconnectDelay": 500, "reconnectMaxDelay": 32000,
    "reconnectJitter": 1}` for `"full-jitter"`), merged into a `"ws"` object the JSON already
    has, and removes `"wsBinaryType"`. Every other key, the key order and the JSON's own
    spacing stay; entity-escaped content (`content="{&quot;a&quot;: 1}"`) stays escaped. For
    the `4.0-alpha` target the key is `"websockets"` and the tag is renamed to
    `<meta name="htmx:config">` when nothing else is in it (otherwise it is reported).

Why:
    htmx 4 reads WebSocket settings only from the `ws` object. It also reads the content as
    JSON only when it starts with `{`, so leading whitespace, which 2.x accepted, goes too.

Example:
    <meta name="htmx-config" content='{"defaultSwapStyle": "outerHTML", "wsReconnectDelay": "full-jitter"}'>
    becomes
    <meta name="htmx-config" content='{"defaultSwapStyle": "outerHTML", "ws": {"reconnectDelay": 500, "reconnectMaxDelay": 32000, "reconnectJitter": 1}}'>

Fix safety:
    Safe for `"full-jitter"`: the same delays. A number was ignored by 2.x (it logged an
    error and reconnected at once); reading it as a constant delay is an unsafe fix.
"""

from __future__ import annotations

import json

from ...diagnostics import Diagnostic, fix
from ...edits import Edit
from .._json import Bad, decode, members, string_end, value_edit
from ._js import FULL_JITTER, Fit, fit, format_number, full_jitter_samples, new_range

CODE = "WS306"
NAME = "config-meta"
LANGUAGES = ("markup",)
FIX = "sometimes"
SAFETY = "unsafe"
TRIGGERS = ("wsreconnectdelay", "wsbinarytype")

_WS_KEYS = ("wsReconnectDelay", "wsBinaryType")


def check(file):
    target = file.target
    for tag in file.markup.start_tags():
        if tag.lname != "meta":
            continue
        name = tag.attr("name")
        if name is None or name.value not in ("htmx-config", target.config_meta_name):
            continue
        content = tag.attr("content")
        if content is None or not content.value or not any(k in content.value for k in _WS_KEYS):
            continue
        yield from _meta(file, tag, name, content, target)


def _meta(file, tag, name_attr, content, target):
    raw = content.value
    where = (content.start, content.end)
    if content.value_has_template or name_attr.value_has_template:
        yield Diagnostic(CODE, f"`<meta name=\"{name_attr.value}\">` is built with template syntax: move "
                         f"{', '.join(_WS_KEYS)} into a `\"{target.config_meta_key}\"` object by hand", *where)
        return
    text, starts = decode(raw)
    try:
        json.loads(text)
        found, close = members(text)
    except (ValueError, Bad):
        yield Diagnostic(CODE, f"the content of `<meta name=\"{name_attr.value}\">` is not JSON this tool can edit: "
                         f"move {', '.join(_WS_KEYS)} into a `\"{target.config_meta_key}\"` object by hand", *where)
        return
    key = target.config_meta_key
    ws_members = [m for m in found if m[0] in _WS_KEYS]
    if not ws_members:
        return
    others = [m for m in found if m[0] not in _WS_KEYS]
    existing = next((m for m in found if m[0] == key), None)
    rename_meta = name_attr.value != target.config_meta_name
    if rename_meta and any(m[0] != key for m in others):
        yield Diagnostic(CODE, f"the {target.name} target reads WebSocket settings from "
                         f"`<meta name=\"{target.config_meta_name}\">`, and this tag holds other settings too: move "
                         f"{', '.join(m[0] for m in ws_members)} there by hand, as `\"{key}\": {{...}}`", *where)
        return
    colon = _colon_style(text, found)
    sep = ", " if _comma_style(text, found) else ","
    entries: list[tuple[str, str]] = []
    safe = True
    notes = []
    for m in ws_members:
        if m[0] == "wsBinaryType":
            notes.append("`wsBinaryType` has no htmx 4 equivalent (binary frames were never swapped): removed")
            continue
        value = json.loads(text[m[2] : m[3]])
        if value == FULL_JITTER:
            result = fit(full_jitter_samples)
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            n = float(value)
            result = Fit(n, n, 0.0, False, [(0.0, 0.0)] * 10, [new_range(n, n, 0.0, a) for a in range(1, 11)])
        else:
            yield Diagnostic(CODE, f"`wsReconnectDelay` is {text[m[2]:m[3]]}, which 2.x did not accept (only "
                             "\"full-jitter\" or a function): set the htmx 4 reconnect settings by hand", *where)
            return
        entries = [(f'"{k}"', v) for k, v in result.entries()]
        settings = ", ".join(f"{k} {v}" for k, v in result.entries())
        if result.exact:
            notes.append(f"`wsReconnectDelay` is `\"{key}\"` in htmx 4: {settings} give the same delays")
        else:
            safe = False
            notes.append(f"`wsReconnectDelay` {format_number(value)} was ignored by 2.x (it logged an error and "
                         f"reconnected at once); {settings} assume a constant delay was meant (an unsafe fix)")
    edits: list[Edit] = []
    host = next((m for m in ws_members if m[0] == "wsReconnectDelay"), None) if entries else None
    if entries and existing is not None:
        if text[existing[2]] != "{":
            yield Diagnostic(CODE, f"`\"{key}\"` in the meta config is not an object: merge the reconnect settings "
                             "by hand", *where)
            return
        inner, inner_close = members(text, existing[2])
        taken = {m[0] for m in inner} & {k.strip('"') for k, _ in entries}
        if taken:
            yield Diagnostic(CODE, f"the meta config's `\"{key}\"` already sets {', '.join(sorted(taken))}: merge "
                             "`wsReconnectDelay` by hand", *where)
            return
        body = sep.join(f"{k}{colon}{v}" for k, v in entries)
        at = inner[-1][3] if inner else existing[2] + 1
        edits.append(value_edit(content.value_start, starts, at, at, (sep if inner else "") + body, content.quote))
        host = None
    removed = [m for m in ws_members if m is not host]
    if host is not None:
        body = sep.join(f"{k}{colon}{v}" for k, v in entries)
        edits.append(value_edit(content.value_start, starts, host[1], host[3], f'"{key}"{colon}{{{body}}}', content.quote))
    edits.extend(value_edit(content.value_start, starts, s, e, "", content.quote) for s, e in _removal_spans(text, found, removed))
    lead = len(text) - len(text.lstrip(" \t\r\n"))
    if lead:
        edits.append(value_edit(content.value_start, starts, 0, lead, "", content.quote))
        notes.append("leading whitespace removed: htmx 4 reads the content as JSON only when it starts with `{`")
    if rename_meta:
        edits.append(Edit(name_attr.value_start, name_attr.value_end, target.config_meta_name))
        notes.append(f"the {target.name} target reads `<meta name=\"{target.config_meta_name}\">`")
    yield Diagnostic(CODE, "; ".join(notes), *where, fix(*edits, safe=safe))


def _removal_spans(text: str, found, removed) -> list[tuple[int, int]]:
    """Spans removing members with their separators, keeping the others' text."""
    gone = {m[1] for m in removed}
    spans = []
    i = 0
    while i < len(found):
        if found[i][1] not in gone:
            i += 1
            continue
        j = i
        while j + 1 < len(found) and found[j + 1][1] in gone:
            j += 1
        if j + 1 < len(found):
            spans.append((found[i][1], found[j + 1][1]))
        elif i > 0:
            spans.append((found[i - 1][3], found[j][3]))
        else:
            spans.append((found[i][1], found[j][3]))
        i = j + 1
    return spans


def _colon_style(text: str, found) -> str:
    key, ks, vs, _ = found[0]
    key_end = string_end(text, ks)
    return text[key_end:vs]


def _comma_style(text: str, found) -> bool:
    """Whether the JSON puts whitespace after its commas."""
    if len(found) < 2:
        return _colon_style(text, found) != ":"
    between = text[found[0][3] : found[1][1]]
    return between != ","
