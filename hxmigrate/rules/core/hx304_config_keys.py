"""Rename the `htmx.config` keys htmx 4 reads under another name, and report the ones it dropped.

What it does:
    Renames the keys htmx 4 reads under another name (`defaultSwapStyle` -> `defaultSwap`,
    `globalViewTransitions` -> `transitions`, `historyEnabled` -> `history`,
    `includeIndicatorStyles` -> `includeIndicatorCSS`, `timeout` -> `defaultTimeout`) in
    `htmx.config.KEY`, `htmx.config["KEY"]`, the keys of `Object.assign(htmx.config, {...})`
    (script files and inline `<script>` blocks) and the JSON of
    `<meta name="htmx-config" content='{...}'>`, whose other keys, order and spacing stay.
    Keys htmx 4 no longer reads (`allowEval`, `selfRequestsOnly`, `withCredentials`,
    `responseHandling`, `historyCacheSize`...) are reported with the htmx 4 way to do it. So
    are three things htmx 4 reads only once, when `htmx.js` loads: a `<meta name="htmx-config">`
    that comes after the script tag that loads htmx, and a script that sets
    `includeIndicatorStyles`, `indicatorClass` or `requestClass` (htmx 4 builds its indicator
    CSS then). The WebSocket keys (`wsReconnectDelay`, `wsBinaryType`) are WS301's and WS306's.

Why:
    htmx 4 ignores a key it does not know, without an error: the page silently falls back to
    htmx 4's defaults (`innerHTML`, no view transitions, a 60 s timeout...).

Example:
    htmx.config.defaultSwapStyle = "outerHTML";
    <meta name="htmx-config" content='{"historyEnabled": false}'>
    become
    htmx.config.defaultSwap = "outerHTML";
    <meta name="htmx-config" content='{"history": false}'>

Fix safety:
    Safe: htmx 4 reads the renamed key where and when htmx 2 read the old one, with the same
    values (a timeout of 0 is no timeout in both). A page that sets no timeout gets htmx 4's
    default of 60 s, where htmx 2 had none: the findings on its meta tag say so.
"""

from __future__ import annotations

import json

from ...analysis.script_urls import core_url
from ...diagnostics import Diagnostic, fix
from ...edits import Edit
from .._javascript import call_arguments, list_items, member_path, property_name
from .._json import Bad, decode, members, string_end, value_edit
from ._js import is_htmx_copy
from ._pages import page_scripts

CODE = "HX304"
NAME = "config-keys"
LANGUAGES = ("javascript", "markup")
FIX = "sometimes"
SAFETY = "safe"
TRIGGERS = ("htmx.config", "htmx-config")

_WS = ("wsReconnectDelay", "wsBinaryType")  # WS301's and WS306's
# Read by htmx 4 once, in its constructor (#initRequestIndicatorCss), before any other script runs.
_AT_LOAD = {
    "includeIndicatorStyles": "htmx 4 reads `includeIndicatorCSS` once, when htmx.js loads, so setting it in a "
                              "script has no effect: write `\"includeIndicatorCSS\": false` in a "
                              "`<meta name=\"htmx-config\">` placed before the script tag that loads htmx",
    "indicatorClass": "htmx 4 builds its indicator CSS when htmx.js loads, with the `indicatorClass` of that moment: "
                      "set it in a `<meta name=\"htmx-config\">` placed before the script tag that loads htmx",
    "requestClass": "htmx 4 builds its indicator CSS when htmx.js loads, with the `requestClass` of that moment: "
                    "set it in a `<meta name=\"htmx-config\">` placed before the script tag that loads htmx",
}
_TIMEOUT = ("htmx 4 aborts a request after 60 s (`defaultTimeout`: 60000), htmx 2 waited as long as it took: write "
            "`\"defaultTimeout\": 0` for a page with long requests")


def check(file):
    core = file.target.core
    if core is None:
        return
    for script in file.javascript:
        if is_htmx_copy(script) or "config" not in script.text:
            continue
        yield from _script(script, core)
    if file.kind == "markup" and "htmx-config" in file.text:
        yield from _metas(file, core)


# --- htmx.config in JavaScript ----------------------------------------------------------------

def _script(script, core):
    for node in script.walk({"member_expression", "subscript_expression", "call_expression"}):
        if node.type == "call_expression":
            yield from _assign_call(script, node, core)
            continue
        path = member_path(script, node)
        if path is None or len(path) != 3 or path[:2] != ["htmx", "config"]:
            continue
        key = path[2]
        if key in _WS:
            continue
        prop = node.child_by_field_name("property" if node.type == "member_expression" else "index")
        assigned = _assigned(node)
        written = f"htmx.config.{key}"
        if assigned and key in _AT_LOAD:
            yield Diagnostic(CODE, f"`{written}`: {_AT_LOAD[key]}", *script.span(node))
            continue
        if key in core.config_renames:
            new = core.config_renames[key]
            if script.has_template(prop):
                yield Diagnostic(CODE, f"`{written}` is `htmx.config.{new}` in htmx 4, next to template syntax: "
                                 "rename it by hand", *script.span(node))
                continue
            start, end = script.span(prop)
            if node.type == "subscript_expression":
                start, end = start + 1, end - 1  # inside the quotes
            yield Diagnostic(CODE, f"`{written}` is `htmx.config.{new}` in htmx 4", *script.span(node),
                             fix(Edit(start, end, new)))
        elif key in core.config_removed:
            yield Diagnostic(CODE, f"`{written}`: {core.config_removed[key]}", *script.span(node))


def _assigned(node) -> bool:
    parent = node.parent
    return parent is not None and parent.type in ("assignment_expression", "augmented_assignment_expression") and \
        parent.child_by_field_name("left") == node


def _assign_call(script, call, core):
    """`Object.assign(htmx.config, {defaultSwapStyle: "outerHTML"})`."""
    if member_path(script, call.child_by_field_name("function")) != ["Object", "assign"]:
        return
    args = call_arguments(call)
    if not args or member_path(script, args[0]) != ["htmx", "config"]:
        return
    for obj in args[1:]:
        if obj.type != "object":
            continue
        for item in list_items(obj):
            if item.type == "pair":
                key_node = item.child_by_field_name("key")
                key = property_name(script, key_node)
            elif item.type == "shorthand_property_identifier":
                key_node, key = item, script.text_of(item)
            else:
                continue
            if key is None or key in _WS:
                continue
            where = script.span(item)
            if key in _AT_LOAD:
                yield Diagnostic(CODE, f"`{key}`: {_AT_LOAD[key]}", *where)
            elif key in core.config_renames:
                new = core.config_renames[key]
                if script.has_template(key_node):
                    yield Diagnostic(CODE, f"`{key}` is `{new}` in htmx 4, next to template syntax: rename it by hand",
                                     *where)
                    continue
                start, end = script.span(key_node)
                if item.type == "shorthand_property_identifier":
                    edit = Edit(start, end, f"{new}: {key}")
                elif key_node.type == "string":
                    edit = Edit(start + 1, end - 1, new)
                else:
                    edit = Edit(start, end, new)
                yield Diagnostic(CODE, f"`{key}` is `{new}` in htmx 4", *where, fix(edit))
            elif key in core.config_removed:
                yield Diagnostic(CODE, f"`{key}`: {core.config_removed[key]}", *where)


# --- <meta name="htmx-config"> ------------------------------------------------------------------

def _metas(file, core):
    core_script_at = _core_script_start(file)
    for tag in file.markup.start_tags():
        if tag.lname != "meta":
            continue
        name = tag.attr("name")
        if name is None or name.value_has_template or (name.value or "").strip() != "htmx-config":
            continue
        content = tag.attr("content")
        if content is None or not content.value:
            continue
        if core_script_at is not None and tag.start > core_script_at:
            yield Diagnostic(CODE, "htmx 4 reads `<meta name=\"htmx-config\">` once, when htmx.js loads, and this one "
                             "comes after the script tag that loads htmx (htmx 2 read it when the page was ready): "
                             "move it before that script", tag.start, tag.end)
        yield from _meta(tag, content, core)


def _core_script_start(file) -> int | None:
    """The start of the first script tag that loads the htmx core from a CDN."""
    for tag, _ in page_scripts(file.markup):
        src = tag.attr("src")
        if src is not None and src.value and not src.value_has_template and core_url(src.value) is not None:
            return tag.start
    return None


def _meta(tag, content, core):
    raw = content.value
    where = (content.start, content.end)
    keys = set(core.config_renames) | set(core.config_removed)
    if content.value_has_template:
        if any(f'"{k}"' in raw or f"&quot;{k}&quot;" in raw for k in keys - set(_WS)):
            yield Diagnostic(CODE, "the content of `<meta name=\"htmx-config\">` is built with template syntax: rename "
                             "its htmx 2 keys by hand (" + ", ".join(f"{k} -> {v}" for k, v in core.config_renames.items())
                             + ")", *where)
        return
    text, starts = decode(raw)
    try:
        json.loads(text)
        found, _ = members(text)
    except (ValueError, Bad, RecursionError):
        return
    present = {m[0] for m in found}
    note = "" if {"timeout", "defaultTimeout"} & present else f"; {_TIMEOUT}"
    for key, key_start, _value_start, _value_end in found:
        if key in _WS:
            continue
        key_end = string_end(text, key_start)
        span = (content.value_start + starts[key_start], content.value_start + starts[key_end])
        if key in core.config_renames:
            new = core.config_renames[key]
            if new in present:
                yield Diagnostic(CODE, f"`\"{key}\"` is `\"{new}\"` in htmx 4, which the meta config sets already: "
                                 "keep one by hand", *span)
                continue
            edit = value_edit(content.value_start, starts, key_start, key_end, json.dumps(new), content.quote)
            yield Diagnostic(CODE, f"`\"{key}\"` is `\"{new}\"` in htmx 4{note}", *span, fix(edit))
            note = ""
        elif key in core.config_removed:
            yield Diagnostic(CODE, f"`\"{key}\"`: {core.config_removed[key]}{note}", *span)
            note = ""
