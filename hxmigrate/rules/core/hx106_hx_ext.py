"""Remove `hx-ext` items htmx 4 does without, and report those without a port.

What it does:
    Removes from `hx-ext` (and `data-hx-ext`) the extensions whose htmx 4 port is active once
    its script is loaded (`preload`: hx-preload.js, `head-support`: hx-head.js; HX302 loads
    them in place of the 2.x scripts), and those htmx 4 does in its core (`response-targets`,
    whose `hx-target-*` attributes HX208 rewrites, and `morph`, whose swaps HX206 rewrites),
    keeping the list's separator; the attribute goes when nothing is left. Reported: extensions without an htmx 4 port (`json-enc`, `loading-states`,
    `class-tools`, `remove-me`, `path-deps`, `event-header`, `multi-swap`, `debug`, ...) with
    what htmx 4 offers instead, `ignore:` items, values built by template syntax. `ws` is
    WS103's and `sse` the SSE rules': a list with either is edited only once they are gone.

Why:
    htmx 4 has no `hx-ext`: an extension works on the whole page as soon as its script is
    loaded. The names left in the attribute do nothing.

Example:
    <body hx-ext="preload, head-support">
    becomes
    <body>

Fix safety:
    Safe: htmx 4 reads no `hx-ext`, and the ports work wherever their script is loaded (htmx 2
    confined an extension to the element's subtree; a `preload` attribute outside it, inert in
    htmx 2, preloads in htmx 4).
"""

from __future__ import annotations

from ...diagnostics import Diagnostic, fix
from ...edits import Edit
from .._lists import list_separator
from ._extensions import ELSEWHERE, IN_CORE, ext_items, no_port

CODE = "HX106"
NAME = "hx-ext"
LANGUAGES = ("markup",)
FIX = "sometimes"
SAFETY = "safe"
TRIGGERS = ("hx-ext",)



def check(file):
    if file.target.core is None:
        return
    view = file.markup
    for tag in view.start_tags():
        for attr in tag.attrs:
            if attr.lname not in ("hx-ext", "data-hx-ext") or attr.value is None:
                continue
            if attr.value_has_template:
                yield Diagnostic(CODE, f"`{attr.name}` is built by template syntax; htmx 4 has no hx-ext (an extension "
                                 "works once its script is loaded): remove it by hand", attr.start, attr.end)
                continue
            yield from _attribute(view, tag, attr, file.target.core.extension_ports)


def _attribute(view, tag, attr, ports):
    items = ext_items(attr.value)
    if not items:
        return
    names = [n for n, _, _ in items]
    waiting = [n for n in names if n in ELSEWHERE]
    removed, reports = [], []
    for name in names:
        if name in ELSEWHERE:
            continue
        if name.startswith("ignore:"):
            reports.append(f"`{name}`: htmx 4 has no hx-ext to stop an extension for a part of the page; an "
                           "extension works wherever its script is loaded")
        elif name in ports:
            removed.append(name)
        elif name in IN_CORE:
            removed.append(name)  # inert in htmx 4 either way: what still uses it has a finding of its own
        else:
            reports.append(f"`{name}`: {no_port(name)}")
    for note in reports:
        yield Diagnostic(CODE, f"`{attr.name}` lists {note}", attr.start, attr.end)
    if not removed:
        return
    gone = ", ".join(f"`{n}`" for n in removed)
    why = []
    ported = [f"{ports[n]}.js for `{n}`" for n in removed if n in ports]
    if ported:
        why.append(f"htmx 4 loads {', '.join(ported)}, active wherever it is loaded")
    core = [f"`{n}`" for n in removed if n in IN_CORE]
    if core:
        why.append(f"htmx 4 does what {', '.join(core)} did in its core: HX206/HX208 rewrite the swaps and "
                   "targets that used it")
    why = f" ({'; '.join(why)})"
    if waiting:
        owners = " and ".join(sorted({ELSEWHERE[n] for n in waiting}))
        yield Diagnostic(CODE, f"{gone} in `{attr.name}` has no use in htmx 4{why}; it goes once {owners} removed "
                         f"{', '.join(f'`{n}`' for n in waiting)}", attr.start, attr.end)
        return
    kept = [(n, s, e) for n, s, e in items if n not in removed]
    if not kept:
        yield Diagnostic(CODE, f"`{attr.name}=\"{attr.value}\"` has no use in htmx 4{why}", attr.start, attr.end,
                         fix(view.remove_attr(tag, attr)))
        return
    separator = list_separator(attr.value)
    value = separator.join(attr.value[s:e].strip() for _, s, e in kept)
    yield Diagnostic(CODE, f"{gone} in `{attr.name}` has no use in htmx 4{why}; the rest stays until it is migrated",
                     attr.start, attr.end, fix(Edit(attr.value_start, attr.value_end, value)))


