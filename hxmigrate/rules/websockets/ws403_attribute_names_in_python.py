"""Rewrite the 2.x WebSocket attributes that FastHTML components write; report other names.

What it does:
    In a module that uses FastHTML, rewrites the keyword arguments its element components
    (`Div`, `Form`, `ft_hx("div", ...)`...) turn into attributes: `ws_connect=URL` becomes `**{"hx-ws:connect": URL, "hx-swap": "none"}` and
    `ws_send=V` becomes `**{"hx-ws:send": V}` (FastHTML keeps a name with ":" as it is);
    when the app is made with `FastHTML(htmx4=True)` (htmx's metaCharacter "-"), they become
    `hx_ws_connect=URL, hx_swap="none"` and `hx_ws_send=V`. `hx_ext="ws"` is removed (only
    `ws` from a list such as `"ws, preload"`). `hx-swap="none"` is not added to a component
    with its own `hx_swap`, `hx_target`, requests or `**` attributes (WS105 explains why).
    Elsewhere (htpy, other libraries) the same keywords are reported, and so are string
    literals that name a 2.x attribute (`"[ws-connect]"`, `{"ws-send": ""}`) outside HTML,
    which WS405 reads.

Why:
    htmx 4 reads `hx-ws:connect` and `hx-ws:send` (`hx-ws-connect` with metaCharacter "-"),
    and has no `hx-ext`. The 2.x names only run through a deprecation shim.

Example:
    Div(Form(..., ws_send=True), hx_ext="ws", ws_connect="/ws")
    becomes
    Div(Form(..., **{"hx-ws:send": True}), **{"hx-ws:connect": "/ws", "hx-swap": "none"})

Fix safety:
    Safe: the component writes the attribute htmx 4 reads for the app's metaCharacter, with
    the same value. A keyword whose removal would take a comment with it, and names in
    strings, are reported.
"""

from __future__ import annotations

import re

from ...diagnostics import Diagnostic, fix
from ...edits import Edit
from ...syntax.cst import cst
from ...syntax.python import string_value
from ._fasthtml import component_name
from ._fasthtml import dialect as fasthtml_dialect

CODE = "WS403"
NAME = "attribute-names-in-python"
LANGUAGES = ("python",)
FIX = "sometimes"
SAFETY = "safe"
TRIGGERS = ("ws-connect", "ws-send", "ws_connect", "ws_send", "hx-ws", "hx_ext")
FACTS = ("python_facts",)

_NAME = re.compile(r"(?<![\w:/.-])(?:data-)?(?:ws-connect|ws-send)(?![\w:/.-])")
_TAG = re.compile(r"<[A-Za-z]")
_KEYWORDS = {"ws_connect": "hx-ws:connect", "ws_send": "hx-ws:send", "data_ws_connect": "data-hx-ws:connect",
             "data_ws_send": "data-hx-ws:send"}
# Keywords that make a component's own swap apply to its messages (see WS105).
_OWN_SWAP = ("hx_swap", "hx_target", "hx_get", "hx_post", "hx_put", "hx_patch", "hx_delete", "data_hx_swap",
             "data_hx_target")


def check(file):
    view = file.python
    if view.module is None:
        return
    dialect = None
    if "fasthtml" in file.text:
        dialect = fasthtml_dialect(file)
    for node in view.walk():
        if isinstance(node, cst.Call):
            yield from _call(file, view, node, dialect)
        elif isinstance(node, (cst.SimpleString, cst.FormattedStringText)):
            text = node.value
            if _TAG.search(text):
                continue  # HTML: WS405 migrates it
            m = _NAME.search(text)
            if m is not None:
                start, _ = view.span(node)
                yield Diagnostic(CODE, f"the 2.x attribute name `{m.group()}` in a string: htmx 4 uses "
                                 f"`{m.group().replace('ws-connect', 'hx-ws:connect').replace('ws-send', 'hx-ws:send')}`",
                                 start + m.start(), start + m.end())


def _call(file, view, call, dialect: str | None):
    names = [a.keyword.value for a in call.args if a.keyword is not None]
    splats = [a for a in call.args if a.star == "**"]
    if dialect is not None and (splats or "hx_ws_connect" in names):
        yield from _migrated(view, call, names, splats, dialect)
    if not any(n in _KEYWORDS or n == "hx_ext" for n in names):
        return
    own_swap = [n for n in names if n in _OWN_SWAP] or bool(splats)
    if dialect is not None:
        if component_name(call) is None:
            dialect = None  # a function of the app's own: its parameters are its own too
    for arg in call.args:
        if arg.keyword is None:
            continue
        name = arg.keyword.value
        start, end = view.span(arg)
        if name in _KEYWORDS:
            attr = name.replace("_", "-")
            new = _KEYWORDS[name] if dialect != "-" else _KEYWORDS[name].replace(":", "-")
            if dialect is None:
                yield Diagnostic(CODE, f"`{name}=` writes the 2.x attribute `{attr}`: htmx 4 reads `{_KEYWORDS[name]}` "
                                 f"(write `**{{\"{_KEYWORDS[name]}\": ...}}`, or the library's own way to spell an "
                                 "attribute with a colon)", start, end)
                continue
            value = view.code(arg.value)
            connect = "connect" in name
            swap = connect and not own_swap
            if dialect == "-":
                text = f"{name.replace('ws_', 'hx_ws_', 1)}={value}"
                if swap:
                    text += ', data_hx_swap="none"' if name.startswith("data_") else ', hx_swap="none"'
            else:
                swap_key = "data-hx-swap" if name.startswith("data_") else "hx-swap"
                text = f'**{{"{_KEYWORDS[name]}": {value}' + (f', "{swap_key}": "none"' if swap else "") + "}"
            how = (f"FastHTML writes `{new}` for htmx's metaCharacter \"-\" (FastHTML(htmx4=True))" if dialect == "-"
                   else f"FastHTML keeps the name `{new}` as it is")
            message = f"`{name}=` writes the 2.x attribute `{attr}`: htmx 4 reads `{new}`; {how}"
            if connect:
                message += ("; `hx-swap=\"none\"` keeps stray message content out of it as in 2.x" if swap else
                            "; its own swap or request attributes apply to its messages in htmx 4 (see WS105): "
                            "decide on hx-swap=\"none\" by hand")
            yield Diagnostic(CODE, message, start, end, fix(Edit(start, end, text)))
        elif name == "hx_ext":
            yield from _hx_ext(file, view, call, arg, dialect)


def _migrated(view, call, names: list[str], splats: list, dialect: str):
    """Components already written for htmx 4: spelled for the other metaCharacter, or a
    connection whose own swap or requests apply to its messages."""
    connects = "hx_ws_connect" in names
    for a in splats:
        if not isinstance(a.value, cst.Dict):
            continue
        keys = [string_value(el.key) if isinstance(el, cst.DictElement) else None for el in a.value.elements]
        if "hx-ws:connect" in keys:
            connects = True
        if dialect == "-" and any(k in ("hx-ws:connect", "hx-ws:send") for k in keys):
            start, end = view.span(a)
            if all(k in ("hx-ws:connect", "hx-ws:send", "hx-swap") for k in keys):
                parts = [f"{k.replace('-', '_').replace(':', '_')}={view.code(el.value)}"
                         for k, el in zip(keys, a.value.elements)]
                yield Diagnostic(CODE, "FastHTML(htmx4=True) sets htmx's metaCharacter to \"-\": htmx 4 reads "
                                 "`hx-ws-connect`/`hx-ws-send`, not the \":\" names", start, end,
                                 fix(Edit(start, end, ", ".join(parts))))
            else:
                yield Diagnostic(CODE, "FastHTML(htmx4=True) sets htmx's metaCharacter to \"-\": htmx 4 reads "
                                 "`hx-ws-connect`/`hx-ws-send`, not the \":\" names: rename them by hand", start, end)
    if connects and "hx_swap" not in names and not any(
            isinstance(a.value, cst.Dict) and any(isinstance(el, cst.DictElement) and string_value(el.key) == "hx-swap"
                                                  for el in a.value.elements) for a in splats):
        own = [n for n in names if n in _OWN_SWAP]
        if own:
            start, end = view.span(call.func)
            yield Diagnostic(CODE, f"this WebSocket connection has its own `{own[0]}`: in htmx 4 it applies to the "
                             "messages too (2.x swapped them only out of band), so stray message content goes there; "
                             "add hx_swap=\"none\" if that is not meant, or suppress this once reviewed", start, end)


def _hx_ext(file, view, call, arg, dialect: str | None):
    value = arg.value
    if not isinstance(value, cst.SimpleString):
        return
    raw = value.evaluated_value
    if not isinstance(raw, str) or "ws" not in re.split(r"[\s,]+", raw):
        return
    start, end = view.span(arg)
    items = [m.group().strip() for m in re.finditer(r"[^,]+", raw) if m.group().strip()]
    if dialect is None:
        yield Diagnostic(CODE, "`hx_ext=` names the `ws` extension: htmx 4 has no hx-ext; remove `ws` from it", start, end)
        return
    rest = [i for i in items if i != "ws"]
    if rest:
        comma = raw.find(",")
        sep = ", " if comma < 0 else re.search(r"\s*,\s*", raw).group()
        new_value = sep.join(rest)
        v_start, v_end = view.span(value)
        q = len(value.prefix) + len(value.quote)
        if "\\" in value.raw_value or value.quote in new_value:
            yield Diagnostic(CODE, "`ws` in `hx_ext` has no effect in htmx 4: remove it by hand", start, end)
            return
        yield Diagnostic(CODE, f"`ws` in `hx_ext` has no effect in htmx 4; the rest (`{new_value}`) stays for you to "
                         "migrate (htmx 4 has no hx-ext)", start, end,
                         fix(Edit(v_start + q, v_end - len(value.quote), new_value)))
        return
    edit = _removal(view, call, arg)
    message = "`hx_ext=\"ws\"` has no effect in htmx 4 (loading hx-ws.js is enough)"
    if edit is None:
        yield Diagnostic(CODE, message + ": remove it by hand (a comment stands next to it)", start, end)
        return
    yield Diagnostic(CODE, message, start, end, fix(edit))


def _removal(view, call, arg) -> Edit | None:
    """An edit that removes a keyword argument with its comma (the whole line when it stands
    alone on one); None when that would remove a comment."""
    text = view.text
    args = list(call.args)
    i = next(k for k, a in enumerate(args) if a is arg)
    start, end = view.span(arg)
    if i + 1 < len(args):
        j = end
        while j < len(text) and text[j] in " \t":
            j += 1
        if j < len(text) and text[j] == ",":
            j += 1
        while j < len(text) and text[j] in " \t":
            j += 1
        line_start = max(text.rfind("\n", 0, start), text.rfind("\r", 0, start)) + 1
        if not text[line_start:start].strip() and text.startswith(("\r\n", "\n", "\r"), j):
            j += 2 if text.startswith("\r\n", j) else 1
            start = line_start
        span = (start, j)
    elif i == 0:  # the only argument: its trailing comma goes too
        j = end
        while j < len(text) and text[j] in " \t":
            j += 1
        span = (start, j + 1 if text.startswith(",", j) else end)
    else:  # the last argument: the comma before it goes, a trailing comma stays
        span = (view.span(args[i - 1])[1], end)
    if "#" in text[span[0]:span[1]].replace(view.code(arg), ""):
        return None
    return Edit(span[0], span[1], "")
