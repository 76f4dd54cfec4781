"""Give FastHTML components sent over a WebSocket the `hx_swap_oob` htmx 4 needs.

What it does:
    In a module that uses FastHTML, reads what an `@app.ws(...)` handler sends: the components
    passed to its `send` parameter (also where `send` was stored, `for u in users.values():
    await u(...)`) and what the handler or its `conn`/`disconn` functions return. A component
    at the top level of such a message (`Div(..., id="notifications")`) that 2.x swapped by
    its id gets `hx_swap_oob="true"`, which FastHTML writes as `hx-swap-oob="true"`. A
    component with neither `id` nor `hx_swap_oob`, one whose attributes come from `**kwargs`
    or a dictionary, one with nested `hx_swap_oob` components, a morph swap, and a component
    returned by a helper of the module are reported.

Why:
    2.x swapped every top-level element of a message out of band by its id. htmx 4 swaps a
    message into the connection element: an element that has only an id replaces the whole
    content of the connection element instead of the element it was meant for (or is dropped
    when the connection element has `hx-swap="none"`). An explicit `hx-swap-oob` still works.

Example:
    await send(Div("Hello " + msg, id="notifications"))
    becomes
    await send(Div("Hello " + msg, id="notifications", hx_swap_oob="true"))

Fix safety:
    Safe: `hx-swap-oob="true"` swaps the element with the same id as 2.x did. Nested
    `hx_swap_oob` components would also be swapped by htmx 4 (2.x left them alone), so those
    messages are reported, as are components built by helpers (the helper may also build
    the page): wrap them where they are sent (`HxPartial(helper(), hx_target="#id",
    hx_swap="outerHTML")`) or pass `hx_swap_oob="true"` there.
"""

from __future__ import annotations

from ...diagnostics import Diagnostic, fix
from ...edits import Edit
from ...syntax.cst import cst
from ._fasthtml import (
    WsHandlers,
    component_name,
    keyword,
    nested_oob,
    oob_value,
    top_level,
)
from ._messages import server_module

CODE = "WS217"
NAME = "fasthtml-message"
LANGUAGES = ("python",)
FIX = "sometimes"
SAFETY = "safe"
TRIGGERS = ("fasthtml",)
FACTS = ("python_facts",)


def check(file):
    if ".ws(" not in file.text:
        return
    module = server_module(file)
    if module is None:
        return
    view = file.python
    seen: set[int] = set()
    for fn, expr, how in WsHandlers(module).messages():
        for kind, call, owner in top_level(module, fn, expr):
            if id(call) in seen:
                continue
            seen.add(id(call))
            start, end = view.span(call.func)
            if kind == "helper":
                yield Diagnostic(CODE, f"{owner.name}() returns a component that is sent as a WebSocket message "
                                 f"({how}): 2.x swapped its top-level elements by id, htmx 4 swaps the message into "
                                 "the connection element; where it is sent, wrap it (`HxPartial(..., "
                                 "hx_target=\"#ID\", hx_swap=\"outerHTML\")`) or pass `hx_swap_oob=\"true\"` to its "
                                 "element (the helper may also build the page, so hxmigrate leaves it)", start, end)
                continue
            tag = f"<{component_name(call)}>"
            if any(a.star == "**" for a in call.args) or any(
                    a.keyword is None and not a.star and isinstance(a.value, cst.Dict) for a in call.args):
                yield Diagnostic(CODE, f"{tag} is sent as a WebSocket message ({how}) with attributes from a "
                                 "dictionary: if it has an id and no hx_swap_oob, htmx 4 swaps it into the connection "
                                 "element instead of by id: give it hx_swap_oob=\"true\" by hand", start, end)
                continue
            ident = keyword(call, "id")
            oob = keyword(call, "hx_swap_oob")
            has_id = ident is not None and not (isinstance(ident.value, cst.Name) and ident.value.value in ("None", "False"))
            if oob is not None:
                value = oob_value(oob.value) or ""
                if value.split(":", 1)[0] in ("morph", "morphdom"):
                    s, e = view.span(oob)
                    yield Diagnostic(CODE, f"hx_swap_oob=\"{value}\" named a 2.x extension's morph swap: htmx 4 has it "
                                     "built in as `outerMorph` (`innerMorph` for the children)", s, e)
                continue
            if not has_id:
                yield Diagnostic(CODE, f"{tag} without id or hx_swap_oob at the top level of a WebSocket message "
                                 f"({how}): 2.x dropped it, htmx 4 swaps it into the connection element (replacing "
                                 "its content) unless that element has hx-swap=\"none\"; remove it, give it an id and "
                                 "hx_swap_oob, or wrap it in HxPartial", start, end)
                continue
            nested = nested_oob(call)
            if nested:
                yield Diagnostic(CODE, f"{tag} is swapped by its id ({how}) and contains components with "
                                 "hx_swap_oob: 2.x never swapped nested ones, htmx 4 does once the outer element has "
                                 "hx_swap_oob; wrap it in HxPartial(..., hx_target=\"#ID\", hx_swap=\"outerHTML\") "
                                 "or remove the nested hx_swap_oob", start, end)
                continue
            _, at = view.span(ident)
            yield Diagnostic(CODE, f"{tag} was swapped out of band by its id in 2.x ({how}); htmx 4 swaps an element "
                             "out of band only with hx-swap-oob (anything else replaces the connection element's "
                             "content): add hx_swap_oob=\"true\"", start, end, fix(Edit(at, at, ', hx_swap_oob="true"')))
