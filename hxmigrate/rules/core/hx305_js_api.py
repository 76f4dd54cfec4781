"""Replace the htmx 2 JavaScript API that htmx 4 removed.

What it does:
    Rewrites the calls of htmx 2's helpers that htmx 4 dropped to the DOM calls they made:
    `htmx.addClass(el, "c")` -> `el?.classList.add("c")`, `htmx.removeClass(el, "c")` ->
    `el?.classList.remove("c")` (an unsafe fix: htmx 2 also removed a `class` attribute left
    empty), `htmx.toggleClass(el, "c")` -> `el.classList.toggle("c")`, `htmx.closest(el, sel)`
    -> `el?.closest(sel) ?? null`, `htmx.remove(el)` -> `el.remove()`, `htmx.off(...)` ->
    `removeEventListener(...)` (on `document` for the two-argument form, where htmx 4's
    `htmx.on` listens), `htmx.logAll()` -> `htmx.config.logAll = true` and `htmx.logNone()` ->
    `htmx.config.logAll = false`, and the scoped `htmx.find(el, sel)` / `htmx.findAll(el, sel)`
    -> `el.querySelector(sel)` / `el.querySelectorAll(sel)` (htmx 4 kept both names, with
    another meaning). A selector string, which htmx 2 looked up with
    `document.querySelector`, becomes that call. An element argument hxmigrate cannot tell
    from a selector string (a parameter, a variable of unknown origin) makes the rewrite an
    unsafe fix. The delay argument of `addClass`, `removeClass` and `remove`, and the rest of
    the removed API (`htmx.values`, `htmx.takeClass`, `htmx.logger`, `htmx.defineExtension`,
    `htmx.removeExtension`, `htmx.createEventSource`, `htmx.swap`, `htmx.location`, `htmx._`,
    the `handler` option of `htmx.ajax`) are reported with the htmx 4 way, and so is a scoped
    `find`/`findAll` whose first argument is a string (htmx 2 looked that string up and ignored
    the selector) or whose selector is one of htmx 4's extended ones (`closest form`, `next`,
    `find .x`, `this`, `<.x/>`): htmx 2 read it as CSS (the `<closest>` elements...), htmx 4
    reads it relative to the element. `htmx.createWebSocket` is WS301's, and
    `htmx.createEventSource` SE306's where the target has the SSE extension's table.

Why:
    htmx 4's `htmx` object has none of these: a call throws `TypeError: htmx.addClass is not a
    function` and stops the script. `htmx.find(el, sel)` was `el.querySelector(sel)` in htmx 2;
    htmx 4's runs a plain selector on `el.getRootNode()`, the whole document, and finds the
    first match anywhere on the page, no longer inside `el` (`findAll` all of them).

Example:
    htmx.addClass(htmx.find("#status"), "active");
    htmx.remove("#flash");
    becomes
    htmx.find("#status")?.classList.add("active");
    document.querySelector("#flash").remove();
    and `htmx.find(column, ".count")` becomes `column.querySelector(".count")`.

Fix safety:
    Safe where the element is known to be an element (or a selector string): the DOM call is
    what htmx 2 did, with its null checks. Unsafe where the argument may be a selector string
    held in a variable, and for `removeClass` (htmx 2 removed an empty `class` attribute).
    The parameter of a `forEach` callback over `querySelectorAll(...)`, `htmx.findAll(...)`
    or `getElementsBy...(...)` is an element.
"""

from __future__ import annotations

import re

from ...diagnostics import Diagnostic, fix
from ...edits import Edit
from .._javascript import (
    FUNCTIONS,
    call_arguments,
    const_value,
    descendants,
    function_params,
    list_items,
    member_path,
    property_name,
    string_value,
    unwrap,
)
from ._js import in_extension, is_htmx_copy

CODE = "HX305"
NAME = "js-api"
LANGUAGES = ("javascript", "markup")
FIX = "sometimes"
SAFETY = "safe"
TRIGGERS = ("htmx.", "htmx[")

_TAKE_CLASS = ("htmx 4 has no `htmx.takeClass`: paste htmx 2's `(elt, cls) => { for (const c of "
               "elt.parentElement.children) c.classList.remove(cls); elt.classList.add(cls); }` or load the hx-live "
               "extension and use `htmx.live.take()`")
_REPORTED = {
    "values": "htmx 4 has no `htmx.values`: `new FormData(form)` holds a form's fields (htmx 2 also added the "
              "element's `hx-include`d and inherited values, and gave several values of one name as an array)",
    "takeClass": _TAKE_CLASS,
    "logger": "htmx 4 has no `htmx.logger`: it logs to `console` itself (`htmx.config.logAll = true` logs every "
              "event)",
    "defineExtension": "htmx 4 registers extensions with `htmx.registerExtension(name, {...})`, whose hooks are "
                       "named after the events (`htmx_before_request(elt, detail)`...): rewrite the extension",
    "removeExtension": "htmx 4 has no `htmx.removeExtension`: an extension stays registered (`htmx.config."
                       "extensions` lists the ones allowed)",
    "createEventSource": "htmx 4 has no `htmx.createEventSource`: the hx-sse.js extension makes its requests with "
                         "fetch() (`htmx.config.sse` holds its settings)",
    "swap": "`htmx.swap` takes one object in htmx 4: `htmx.swap({target, text, swap, select, ...})`; rewrite the call",
    "location": "htmx 4 has no `htmx.location`: use `window.location` (or `htmx.ajax` for a request)",
    "_": "htmx 4 has no `htmx._` (htmx 2's internal eval)",
}
# htmx 4 kept these names: the one-argument form searches the document in both; the scoped
# form was the element's own querySelector(All) in htmx 2.
_FIND = {"find": "querySelector", "findAll": "querySelectorAll"}
_CALLS = ("addClass", "removeClass", "toggleClass", "closest", "remove", "off", "logAll", "logNone")
# What a DOM property or call returns is an element (or null), never a selector string.
_ELEMENT_PROPERTIES = frozenset({"target", "currentTarget", "srcElement", "body", "documentElement", "parentElement",
                                 "parentNode", "firstElementChild", "lastElementChild", "nextElementSibling",
                                 "previousElementSibling", "elt", "sourceElement", "activeElement", "form"})
_ELEMENT_CALLS = frozenset({"querySelector", "getElementById", "closest", "find", "createElement"})
# Calls that return a list of elements: a forEach callback's first parameter is one of them.
_ELEMENT_LIST_CALLS = frozenset({"querySelectorAll", "findAll", "getElementsByClassName", "getElementsByTagName",
                                 "getElementsByName"})
# Expressions that can be written before `.x`/`?.x` as they are.
_MEMBER_SAFE = frozenset({"identifier", "this", "member_expression", "subscript_expression", "call_expression",
                          "parenthesized_expression"})
# Places where an expression needs no parentheses around it.
_OPEN_PLACES = frozenset({"expression_statement", "arguments", "variable_declarator", "return_statement", "pair",
                          "array", "parenthesized_expression", "arrow_function", "assignment_expression",
                          "template_substitution"})


def check(file):
    if file.target.core is None:
        return
    if file.kind == "markup":
        yield from _in_attributes(file)
    for script in file.javascript:
        if is_htmx_copy(script) or "htmx" not in script.text:
            continue
        for node in script.walk({"member_expression", "subscript_expression"}):
            path = member_path(script, node)
            if path is None or len(path) != 2 or path[0] != "htmx":
                continue
            name = path[1]
            if name == "createEventSource" and file.target.sse is not None:
                continue  # SE306 reports it with the htmx 4 way for the stream's origin
            if name in _CALLS or name in _REPORTED or name in _FIND or name == "ajax":
                yield from _use(script, node, name)


def _use(script, node, name):
    parent = node.parent
    called = parent is not None and parent.type == "call_expression" and parent.child_by_field_name("function") == node
    where = script.span(parent if called else node)
    if name == "ajax":
        if called:
            yield from _ajax(script, parent)
        return
    if name in _FIND:
        if called:
            yield from _find(script, parent, name, where)
        return
    if name in _REPORTED:
        if name == "defineExtension":
            yield from _define_extension(script, parent if called else None, where)
        elif not in_extension(script, node):
            yield Diagnostic(CODE, _REPORTED[name], *where)
        return
    if not called:
        yield Diagnostic(CODE, f"htmx 4 has no `htmx.{name}`: {_HOW[name]}", *where)
        return
    call = parent
    if script.has_template(call):
        yield Diagnostic(CODE, f"htmx 4 has no `htmx.{name}` ({_HOW[name]}); the call holds template syntax: rewrite it "
                         "by hand", *where)
        return
    args = call_arguments(call)
    if any(a.type == "spread_element" for a in args):
        yield Diagnostic(CODE, f"htmx 4 has no `htmx.{name}`: {_HOW[name]}", *where)
        return
    yield from _CALL_REWRITES[name](script, call, args, where)


_HOW = {
    "addClass": "use `element.classList.add(name)`",
    "removeClass": "use `element.classList.remove(name)`",
    "toggleClass": "use `element.classList.toggle(name)`",
    "closest": "use `element.closest(selector)`",
    "remove": "use `element.remove()`",
    "off": "use `removeEventListener` (htmx 4's `htmx.on` listens on `document`, or on the element given)",
    "logAll": "set `htmx.config.logAll = true`",
    "logNone": "set `htmx.config.logAll = false`",
}


# --- the element argument ------------------------------------------------------------------

def _receiver(script, node) -> tuple[str, bool, bool] | None:
    """(the code of the element, whether it may be null, whether it is surely no selector
    string) for an element-or-selector argument; None when it holds template syntax."""
    node = unwrap(node) if node.type != "parenthesized_expression" else node
    if script.has_template(node):
        return None
    value = string_value(script, node) if node.type in ("string", "template_string") else None
    if value is not None:
        return f"document.querySelector({script.text_of(node)})", True, True
    if node.type in ("string", "template_string"):
        return f"document.querySelector({script.text_of(node)})", True, True
    text = script.text_of(node)
    if node.type not in _MEMBER_SAFE:
        text = f"({text})"
    if node.type == "this":
        return text, False, True
    return text, True, _is_element(script, node, 0)


def _is_element(script, node, depth: int) -> bool:
    """Is the expression surely an element (or null), never a selector string?"""
    node = unwrap(node)
    if node.type == "this":
        return True
    if node.type == "member_expression":
        prop = node.child_by_field_name("property")
        return prop is not None and script.text_of(prop) in _ELEMENT_PROPERTIES
    if node.type == "call_expression":
        fn = node.child_by_field_name("function")
        if fn is not None and fn.type == "member_expression":
            prop = fn.child_by_field_name("property")
            return prop is not None and script.text_of(prop) in _ELEMENT_CALLS
        return False
    if node.type == "identifier" and depth < 3:
        value = const_value(script, node)
        if value is not None:
            return _is_element(script, value, depth + 1)
        return _each_element(script, node)
    return False


def _each_element(script, ident) -> bool:
    """Is the name the first parameter of a `forEach` callback over a list of elements
    (`document.querySelectorAll(...).forEach((row) => ...)`), never set again in it?"""
    name = script.text_of(ident)
    fn = ident.parent
    while fn is not None:
        if fn.type in FUNCTIONS:
            params = function_params(fn)
            if params is None:
                return False  # a destructured parameter: the name may be one of its
            if name in params:
                break
        fn = fn.parent
    if fn is None or function_params(fn).index(name) != 0:
        return False
    args = fn.parent
    call = args.parent if args is not None and args.type == "arguments" else None
    if call is None or call.type != "call_expression" or call_arguments(call)[:1] != [fn]:
        return False
    callee = call.child_by_field_name("function")
    if callee is None or callee.type != "member_expression" or \
            property_name(script, callee.child_by_field_name("property")) != "forEach":
        return False
    listed = unwrap(callee.child_by_field_name("object"))
    if listed.type != "call_expression":
        return False
    lister = listed.child_by_field_name("function")
    if lister is None or lister.type != "member_expression" or \
            property_name(script, lister.child_by_field_name("property")) not in _ELEMENT_LIST_CALLS:
        return False
    for node in descendants(fn.child_by_field_name("body"), {"variable_declarator", "assignment_expression",
                                                              "augmented_assignment_expression", "function_declaration",
                                                              "formal_parameters", "arrow_function"}):
        target = node.child_by_field_name("left" if "assignment" in node.type else
                                          "parameter" if node.type == "arrow_function" else "name")
        if node.type == "formal_parameters":
            target = node
        if target is None or target.type in ("member_expression", "subscript_expression"):
            continue
        names = descendants(target, {"identifier", "shorthand_property_identifier_pattern"})
        if name in {script.text_of(c) for c in names
                    if c.parent is None or c.parent.type not in ("member_expression", "subscript_expression")}:
            return False  # set again, or shadowed
    return True


def _statement(call) -> bool:
    return call.parent is not None and call.parent.type == "expression_statement"


def _wrap(call, text: str) -> str:
    parent = call.parent
    return text if parent is None or parent.type in _OPEN_PLACES else f"({text})"


def _unsure(text: str) -> str:
    return (f"; if `{text}` can hold a selector string (htmx 2 looked one up), write "
            f"`document.querySelector({text})` (an unsafe fix)")


# --- each call -------------------------------------------------------------------------------

def _class_call(method: str):
    def rewrite(script, call, args, where):
        name = "addClass" if method == "add" else "removeClass"
        if len(args) == 3:
            yield Diagnostic(CODE, f"htmx 4 has no `htmx.{name}`; with a delay it is "
                             f"`setTimeout(() => element.classList.{method}(name), delay)`: rewrite it by hand", *where)
            return
        if len(args) != 2:
            yield Diagnostic(CODE, f"htmx 4 has no `htmx.{name}`: {_HOW[name]}", *where)
            return
        found = _receiver(script, args[0])
        if found is None:
            yield Diagnostic(CODE, f"htmx 4 has no `htmx.{name}`: {_HOW[name]}; the element is written with template "
                             "syntax: rewrite it by hand", *where)
            return
        text, nullable, sure = found
        new = f"{text}{'?.' if nullable else '.'}classList.{method}({script.text_of(args[1])})"
        message = f"htmx 4 has no `htmx.{name}`: `{new}`"
        safe = sure
        if method == "remove":
            safe = False
            message += " (htmx 2 also removed the `class` attribute when no class was left: check CSS or code that " \
                       "reads it)"
        if not sure:
            message += _unsure(script.text_of(args[0]))
        yield Diagnostic(CODE, message, *where, fix(Edit(*where, _wrap(call, new)), safe=safe))
    return rewrite


def _toggle(script, call, args, where):
    found = _receiver(script, args[0]) if len(args) == 2 else None
    if found is None or not _statement(call):
        yield Diagnostic(CODE, f"htmx 4 has no `htmx.toggleClass`: {_HOW['toggleClass']}", *where)
        return
    text, _, sure = found
    new = f"{text}.classList.toggle({script.text_of(args[1])})"
    message = f"htmx 4 has no `htmx.toggleClass`: `{new}`"
    if not sure:
        message += _unsure(script.text_of(args[0]))
    yield Diagnostic(CODE, message, *where, fix(Edit(*where, new), safe=sure))


def _closest(script, call, args, where):
    found = _receiver(script, args[0]) if len(args) == 2 else None
    if found is None:
        yield Diagnostic(CODE, f"htmx 4 has no `htmx.closest`: {_HOW['closest']}", *where)
        return
    text, nullable, sure = found
    selector = script.text_of(args[1])
    new = f"{text}?.closest({selector}) ?? null" if nullable else f"{text}.closest({selector})"
    message = f"htmx 4 has no `htmx.closest`: `{new}`"
    if not sure:
        message += _unsure(script.text_of(args[0]))
    yield Diagnostic(CODE, message, *where, fix(Edit(*where, _wrap(call, new) if nullable else new), safe=sure))


def _remove(script, call, args, where):
    if len(args) == 2:
        yield Diagnostic(CODE, "htmx 4 has no `htmx.remove`; with a delay it is `setTimeout(() => element.remove(), "
                         "delay)`: rewrite it by hand", *where)
        return
    found = _receiver(script, args[0]) if len(args) == 1 else None
    if found is None:
        yield Diagnostic(CODE, f"htmx 4 has no `htmx.remove`: {_HOW['remove']}", *where)
        return
    text, _, sure = found
    new = f"{text}.remove()"
    message = f"htmx 4 has no `htmx.remove`: `{new}`"
    if not sure:
        message += _unsure(script.text_of(args[0]))
    yield Diagnostic(CODE, message, *where, fix(Edit(*where, new), safe=sure))


def _off(script, call, args, where):
    callee_end = script.end(call.child_by_field_name("function"))
    if len(args) == 2:
        # htmx.off(event, handler): htmx 2 took it off <body>, where its htmx.on put it; htmx 4's
        # htmx.on puts it on `document`. A listener the file adds to `document.body` itself stays there.
        receiver = "document.body" if _on_body(script, args) else "document"
        why = "the file adds it to `document.body`" if receiver == "document.body" else \
            "htmx 4's `htmx.on` listens on `document`"
        yield Diagnostic(CODE, f"htmx 4 has no `htmx.off`: `{receiver}.removeEventListener(...)` ({why})", *where,
                         fix(Edit(script.start(call), callee_end, f"{receiver}.removeEventListener")))
        return
    if len(args) == 3:
        found = _receiver(script, args[0])
        if found is not None:
            text, _, sure = found
            message = f"htmx 4 has no `htmx.off`: `{text}.removeEventListener(...)`"
            if not sure:
                message += _unsure(script.text_of(args[0]))
            yield Diagnostic(CODE, message, *where,
                             fix(Edit(script.start(call), script.start(args[1]), f"{text}.removeEventListener("),
                                 safe=sure))
            return
    yield Diagnostic(CODE, f"htmx 4 has no `htmx.off`: {_HOW['off']}", *where)


def _on_body(script, args) -> bool:
    """Does the script add this listener with `document.body.addEventListener(event, handler)`?"""
    event, handler = script.text_of(args[0]), script.text_of(args[1])
    for call in script.walk({"call_expression"}):
        if member_path(script, call.child_by_field_name("function")) != ["document", "body", "addEventListener"]:
            continue
        found = call_arguments(call)
        if len(found) >= 2 and script.text_of(found[0]) == event and script.text_of(found[1]) == handler:
            return True
    return False


def _log(value: str):
    def rewrite(script, call, args, where):
        name = "logAll" if value == "true" else "logNone"
        if args or not _statement(call):
            yield Diagnostic(CODE, f"htmx 4 has no `htmx.{name}`: {_HOW[name]}", *where)
            return
        fn = call.child_by_field_name("function")
        obj = script.text_of(fn.child_by_field_name("object"))
        new = f"{obj}.config.logAll = {value}"
        yield Diagnostic(CODE, f"htmx 4 has no `htmx.{name}`: `{new}` (htmx 4 logs each event with its detail)", *where,
                         fix(Edit(*where, new)))
    return rewrite


# htmx 4's extended selectors (#findAllExt): htmx 2's find(elt, sel) handed them to
# querySelector as CSS (`closest form` is a <form> inside a <closest> element).
_EXTENDED = re.compile(r"(?:closest|find|findAll|next|previous|global)\s|(?:next|previous|nextElementSibling|"
                       r"previousElementSibling|document|window|body|host|this)$")


def _selector_parts(selector: str) -> list[str]:
    """The comma-separated parts of a selector list (commas inside brackets, parentheses
    and quotes are the selector's own)."""
    parts, depth, quote, start = [], 0, "", 0
    for i, c in enumerate(selector):
        if quote:
            quote = "" if c == quote else quote
        elif c in "\"'":
            quote = c
        elif c in "([":
            depth += 1
        elif c in ")]":
            depth -= 1
        elif c == "," and depth == 0:
            parts.append(selector[start:i])
            start = i + 1
    parts.append(selector[start:])
    return [p.strip() for p in parts]


def _find(script, call, name, where):
    """`htmx.find(elt, sel)` / `htmx.findAll(elt, sel)`: htmx 2 ran `elt.querySelector(All)(sel)`;
    htmx 4 runs a plain selector on `elt.getRootNode()` (the document) and reads its extended
    selectors relative to `elt`. The one-argument form searches the document in both."""
    method = _FIND[name]
    if script.has_template(call):
        yield Diagnostic(CODE, f"htmx 4's `htmx.{name}(element, selector)` searches the whole document, htmx 2's only "
                         f"inside the element (`element.{method}(selector)`); the call holds template syntax: rewrite "
                         "it by hand", *where)
        return
    args = call_arguments(call)
    if len(args) != 2 or any(a.type == "spread_element" for a in args):
        if len(args) > 1:
            yield Diagnostic(CODE, f"htmx 4's `htmx.{name}(element, selector)` searches the whole document, htmx 2's "
                             f"only inside the element: write `element.{method}(selector)`", *where)
        return
    element, selector = args
    first = unwrap(element)
    if first.type in ("string", "template_string"):
        yield Diagnostic(CODE, f"`htmx.{name}` with a selector string first: htmx 2 looked that string up in the "
                         f"document and ignored the second argument, htmx 4 searches for the second from the first's "
                         f"element: write what is meant (`document.{method}(...)`, or the element's own "
                         f"`.{method}(...)`)", *where)
        return
    value = string_value(script, unwrap(selector))
    extended = [p for p in _selector_parts(value) if _EXTENDED.match(p) or p.startswith("<") and p.endswith("/>")] \
        if value is not None else []
    if extended:
        yield Diagnostic(CODE, f"`htmx.{name}(element, {script.text_of(selector)})`: htmx 2 handed `{extended[0]}` to "
                         f"`element.{method}` as CSS (it matches no element there, or throws), htmx 4 reads it as its "
                         "extended selector, relative to the element: keep the call if htmx 4's reading is meant, "
                         f"else write `element.{method}(...)`", *where)
        return
    text = script.text_of(element)
    if first.type not in _MEMBER_SAFE and element.type not in _MEMBER_SAFE:
        text = f"({text})"
    new = f"{text}.{method}({script.text_of(selector)})"
    sure = _is_element(script, element, 0)
    message = (f"htmx 4's `htmx.{name}(element, selector)` searches the whole document (and reads htmx's extended "
               f"selectors), htmx 2's only inside the element: `{new}`")
    if not sure:
        message += (f"; if `{script.text_of(element)}` can hold a selector string (htmx 2 looked that string up and "
                    "ignored the selector), this rewrite is an unsafe fix")
    yield Diagnostic(CODE, message, *where, fix(Edit(*where, new), safe=sure))


_CALL_REWRITES = {
    "addClass": _class_call("add"),
    "removeClass": _class_call("remove"),
    "toggleClass": _toggle,
    "closest": _closest,
    "remove": _remove,
    "off": _off,
    "logAll": _log("true"),
    "logNone": _log("false"),
}


# htmx 2's own extensions: a copy of one is replaced, not rewritten (WS307/WS308 have "ws").
_OFFICIAL = frozenset({"sse", "preload", "response-targets", "head-support", "morph", "json-enc", "loading-states",
                       "class-tools", "remove-me", "path-deps", "event-header", "multi-swap", "debug", "alpine-morph",
                       "client-side-templates", "restored", "ajax-header", "include-vals", "method-override",
                       "path-params", "disable-element"})


def _define_extension(script, call, where):
    args = call_arguments(call) if call is not None else []
    name = string_value(script, args[0]) if args else None
    if name == "ws":
        return
    if name in _OFFICIAL:
        yield Diagnostic(CODE, f"a copy of htmx 2's `{name}` extension, which cannot register with htmx 4: load htmx "
                         "4's own (`htmx.org@4.0.1/dist/ext/hx-*.js`, or nothing where htmx 4 does it in its core) and "
                         "remove this copy", *where)
        return
    yield Diagnostic(CODE, _REPORTED["defineExtension"], *where)


def _ajax(script, call):
    for arg in call_arguments(call)[2:]:
        if arg.type != "object":
            continue
        for item in list_items(arg):
            key = property_name(script, item.child_by_field_name("key")) if item.type == "pair" else \
                script.text_of(item) if item.type == "shorthand_property_identifier" else None
            if key == "handler":
                yield Diagnostic(CODE, "htmx 4's `htmx.ajax` has no `handler` option: it swaps the response itself "
                                 "(use `swap: \"none\"` and read the response in an `htmx:after:request` listener, "
                                 "`event.detail.ctx.text`)", *script.span(item))


_HANDLER_ATTRS = ("on", "hx-on", "data-hx-on", "x-on:", "@")
_API_CALL = re.compile(r"\bhtmx\s*\.\s*([A-Za-z_]\w*)\b")


def _in_attributes(file):
    """The removed API called from handler code in attributes (`onclick="htmx.remove(this)"`,
    `hx-on:click=...`): reported, with the replacement the script rules write."""
    for tag in file.markup.start_tags():
        for attr in tag.attrs:
            if not attr.value or "htmx" not in attr.value or not attr.lname.startswith(_HANDLER_ATTRS):
                continue
            for m in _API_CALL.finditer(attr.value):
                name = m.group(1)
                start = attr.value_start + m.start()
                if name in _FIND:
                    if _scoped(attr.value, m.end()):
                        yield Diagnostic(CODE, f"`htmx.{name}(element, selector)` in the handler of `{attr.name}`: "
                                         "htmx 4's searches the whole document, htmx 2's only inside the element: "
                                         f"write `element.{_FIND[name]}(selector)`", start, attr.value_start + m.end())
                    continue
                if name not in _CALLS and name not in _REPORTED:
                    continue
                hint = _REPORTED.get(name) or f"htmx 4 has no `htmx.{name}`"
                yield Diagnostic(CODE, f"`htmx.{name}` in the handler of `{attr.name}`: {hint}; rewrite the call as in "
                                 "a script (see `hxmigrate --explain HX305`)", start, attr.value_start + m.end())


def _scoped(code: str, i: int) -> bool:
    """Does the call whose name ends at ``i`` pass two arguments or more (a comma outside
    brackets and strings before its closing parenthesis)?"""
    while i < len(code) and code[i].isspace():
        i += 1
    if i >= len(code) or code[i] != "(":
        return False
    depth, quote = 0, ""
    for c in code[i:]:
        if quote:
            quote = "" if c == quote else quote
        elif c in "\"'`":
            quote = c
        elif c in "([{":
            depth += 1
        elif c in ")]}":
            depth -= 1
            if depth == 0:
                return False
        elif c == "," and depth == 1:
            return True
    return False
