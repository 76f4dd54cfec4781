"""Move `wsReconnectDelay`, `wsBinaryType` and `htmx.createWebSocket` to htmx 4's `htmx.config.ws`.

What it does:
    Reads `htmx.config.wsReconnectDelay = ...` (also `htmx.config["wsReconnectDelay"]` and
    the key of an object passed to `Object.assign(htmx.config, {...})`), in script files and
    inline `<script>` blocks, and writes the htmx 4 reconnect settings instead:
    `'full-jitter'` becomes `reconnectDelay: 500, reconnectMaxDelay: 32000,
    reconnectJitter: 1`; a function is evaluated for every retry count and, when htmx 4's
    formula `min(reconnectDelay * 2^(attempt-1), reconnectMaxDelay) +- reconnectJitter`
    reproduces it exactly (a constant, `B * 2 ** n`, `B * Math.pow(2, n)`, capped with
    `Math.min`, full jitter `Math.random() * B * 2 ** n`), becomes those three numbers.
    `htmx.config.wsBinaryType` is removed. `htmx.createWebSocket = url => new WebSocket(url, P)`
    becomes `protocols: P`. Everything lands in one
    `htmx.config.ws = { ...htmx.config.ws, ... };` per scope, merged into an existing
    `htmx.config.ws = {...}` assignment of the same scope when the file has one. Other
    delay functions (linear, branches, lookups) get the closest exponential as an unsafe
    fix, with the delays of both versions side by side; code the tool cannot evaluate,
    template syntax inside the statement, and reads of these settings are reported and
    left as they are.

Why:
    htmx 4's `hx-ws.js` reads its settings only from `htmx.config.ws` (the `4.0-alpha`
    target: `htmx.config.websockets`) and has no delay function, no `binaryType` setting
    and no socket factory. The spread keeps whatever the extension or other code already
    put there, whichever script loads first.

Example:
    htmx.config.wsReconnectDelay = (n) => Math.min(30000, 1000 * 2 ** n);
    becomes
    htmx.config.ws = { ...htmx.config.ws, reconnectDelay: 1000, reconnectMaxDelay: 30000, reconnectJitter: 0 };

Fix safety:
    Safe for the exact translations: htmx 4 waits the same delays (or draws from the same
    ranges) for every attempt. Unsafe for approximations (`--unsafe-fixes`): the message says
    which delays change. htmx 4 also differs in ways no setting here changes: it reconnects
    after close codes 1001, 1005 and 1014 too, and pauses in background tabs.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from ...diagnostics import Diagnostic, Fix
from ...edits import Edit
from ._js import (
    FULL_JITTER,
    FUNCTIONS,
    DelayFunction,
    Fit,
    Unsupported,
    call_arguments,
    fit,
    format_number,
    full_jitter_samples,
    function_params,
    insert_items,
    is_2x_extension,
    list_items,
    member_path,
    module_constants,
    new_range,
    object_keys,
    property_name,
    removable,
    remove_items,
    remove_statement,
    scope_key,
    statement_of,
    string_value,
    unwrap,
)

CODE = "WS301"
NAME = "reconnect-config"
LANGUAGES = ("javascript", "markup")
FIX = "sometimes"
SAFETY = "unsafe"
TRIGGERS = ("wsreconnectdelay", "wsbinarytype", "createwebsocket")
FACTS = ("meta_config_keys",)

DELAY, BINARY, FACTORY = "wsReconnectDelay", "wsBinaryType", "createWebSocket"
_PATHS = {("htmx", "config", DELAY): DELAY, ("htmx", "config", BINARY): BINARY, ("htmx", FACTORY): FACTORY}
FORMULA = "htmx 4 waits min(reconnectDelay * 2^(attempt-1), reconnectMaxDelay), spread by +-reconnectJitter"


@dataclass
class Item:
    script: object
    kind: str
    node: object  # the assignment or the pair
    start: int
    end: int
    message: str
    scope: object = None
    statement: object = None  # the statement an assignment item replaces or removes
    pair: object = None  # the pair of an Object.assign item
    container: object = None  # the object holding the pair
    call_statement: object = None  # the Object.assign(...) statement of a pair item
    call: object = None  # the Object.assign(...) call of a pair item
    config_text: str = "htmx.config"  # how the code names htmx.config
    entries: list = field(default_factory=list)
    safe: bool = True
    fixable: bool = False


def check(file):
    target = file.target
    cfg = target.config_object
    items: list[Item] = []
    existing: dict = {}  # scope -> (script, object node)
    for index, script in enumerate(file.javascript):
        if is_2x_extension(script):
            continue
        module = _is_module(script)
        consts = None
        handled: set[tuple[int, int]] = set()
        for node in script.walk({"assignment_expression", "call_expression", "member_expression", "subscript_expression"}):
            if node.type == "assignment_expression":
                left = node.child_by_field_name("left")
                path = member_path(script, left)
                if path is None:
                    continue
                kind = _PATHS.get(tuple(path))
                if kind is None:
                    if path == ["htmx", "config", cfg]:
                        right = unwrap(node.child_by_field_name("right"))
                        stmt = statement_of(node)
                        if right is not None and right.type == "object" and stmt is not None \
                                and not script.has_template(stmt) and not script.in_error(stmt):
                            key = _scope(index, stmt, module)
                            existing.setdefault(key, (script, right))
                    continue
                handled.add((left.start_byte, left.end_byte))
                if consts is None:
                    consts = module_constants(script)
                items.append(_assignment_item(file, script, index, module, node, kind, consts))
            elif node.type == "call_expression":
                if consts is None and "assign" in script.text_of(node.child_by_field_name("function") or node):
                    consts = module_constants(script)
                items.extend(_object_assign_items(file, script, index, module, node, consts or {}))
            else:
                if (node.start_byte, node.end_byte) in handled:
                    continue
                path = member_path(script, node)
                if path is None or tuple(path) not in _PATHS:
                    continue
                parent = node.parent
                if parent is not None and parent.type == "assignment_expression" and parent.child_by_field_name("left") == node:
                    continue
                name = ".".join(path)
                start, end = script.span(node)
                items.append(Item(script, "read", node, start, end,
                                  f"`{name}` is read here, but htmx 4 has no such setting: read "
                                  f"`htmx.config.{cfg}` instead (reconnectDelay, reconnectMaxDelay, reconnectJitter"
                                  + (f", {target.protocols_key}" if target.protocols_key else "") + ")"))
    if not items:
        return
    _check_conflicts(items, existing, target)
    _check_meta_precedence(items, file.project.meta_config_keys)
    # One tuple each, shared by every diagnostic whose fix it is (the engine applies it once).
    used = tuple(_plan(items, existing, target, lambda it: it.fixable and (it.safe or file.settings.unsafe_fixes)))
    every = tuple(_plan(items, existing, target, lambda it: it.fixable))
    for item in items:
        if not item.fixable:
            yield Diagnostic(CODE, item.message, item.start, item.end)
            continue
        applied = item.safe or file.settings.unsafe_fixes
        yield Diagnostic(CODE, item.message, item.start, item.end, Fix(used if applied else every, item.safe))


def _is_module(script) -> bool:
    """An inline module script runs after the page is parsed, not in sequence with classic scripts."""
    if not script.inline:
        return False
    attr = script.start_tag.attr("type")
    return attr is not None and (attr.value or "").strip().lower() == "module"


def _scope(index, statement, module):
    key = scope_key(index, statement)
    return ("top-module" if module else "top") if key == "top" else key


def _object_text(script, left) -> str:
    left = unwrap(left)
    obj = left.child_by_field_name("object")
    return script.text_of(obj) if obj is not None else "htmx.config"


def _assignment_item(file, script, index, module, node, kind, consts) -> Item:
    target = file.target
    left = node.child_by_field_name("left")
    right = node.child_by_field_name("right")
    start, end = script.span(node)
    stmt = statement_of(node)
    config_text = _object_text(script, left)
    if kind == FACTORY:
        config_text += ".config"
    item = Item(script, kind, node, start, end, "", statement=stmt, config_text=config_text)
    name = f"htmx.config.{kind}" if kind != FACTORY else "htmx.createWebSocket"
    if stmt is None or script.in_error(node):
        item.message = f"`{name}` is set inside a larger expression: {_manual(target, kind)}"
        return item
    if script.root.has_error:
        item.message = f"`{name}` is set in a script with syntax errors, where a rewrite could not be checked: " \
                       f"{_manual(target, kind)}"
        return item
    item.scope = _scope(index, stmt, module)
    if script.has_template(stmt):
        item.message = f"`{name}` is set with template syntax, so its value is unknown here: {_manual(target, kind)}"
        return item
    _analyse(file, script, item, right, consts, name)
    if item.fixable and not removable(stmt) and not item.entries:
        item.fixable = False
        item.message += " (not removed automatically: it is the body of a statement without braces)"
    return item


def _object_assign_items(file, script, index, module, node, consts):
    fn = node.child_by_field_name("function")
    if member_path(script, fn) != ["Object", "assign"]:
        return
    args = call_arguments(node)
    if len(args) < 2 or member_path(script, args[0]) != ["htmx", "config"]:
        return
    stmt = statement_of(node)
    for arg in args[1:]:
        obj = unwrap(arg)
        if obj.type != "object":
            continue
        for pair in list_items(obj):
            if pair.type == "pair":
                key = property_name(script, pair.child_by_field_name("key"))
                value = pair.child_by_field_name("value")
            elif pair.type == "shorthand_property_identifier":
                key, value = script.text_of(pair), pair
            else:
                continue
            if key not in (DELAY, BINARY):
                continue
            start, end = script.span(pair)
            item = Item(script, key, pair, start, end, "", pair=pair, container=obj, call_statement=stmt, call=node,
                        config_text=script.text_of(args[0]))
            name = f"{key}` in `Object.assign(htmx.config, ...)"
            anchor = stmt if stmt is not None else node
            item.scope = _scope(index, anchor, module) if stmt is not None else ("expr", index, node.start_byte)
            if script.has_template(pair) or script.in_error(pair):
                item.message = f"`{name}` is set with template syntax, so its value is unknown here: " \
                               f"{_manual(file.target, key)}"
                yield item
                continue
            _analyse(file, script, item, value, consts, name)
            yield item


def _analyse(file, script, item: Item, value, consts, name: str) -> None:
    target = file.target
    cfg = f"htmx.config.{target.config_object}"
    if item.kind == BINARY:
        item.fixable = True
        item.message = (f"`{name}` has no htmx 4 equivalent (binary frames were never swapped): removed; if a handler "
                        "reads binary frames, set `detail.connection.socket.binaryType` in an "
                        f"`{target.event('htmx:wsOpen')}` listener")
        return
    if item.kind == FACTORY:
        _analyse_factory(script, item, value, target, name)
        return
    result, reason = _delay_fit(script, value, consts)
    if result is None:
        item.message = f"`{name}` cannot be translated ({reason}): {_manual(target, DELAY)}"
        return
    fit_, note = result
    item.entries = fit_.entries()
    item.fixable = True
    settings = ", ".join(f"{k} {v}" for k, v in item.entries)
    if fit_.exact:
        item.message = f"`{name}` is `{cfg}` in htmx 4: {settings} give the same delays"
    else:
        item.safe = False
        item.message = (f"`{name}` has no exact htmx 4 form{note}; the closest is {settings} (an unsafe fix): "
                        f"{fit_.comparison()}")


_FITTED: dict = {}


def _delay_fit(script, value, consts):
    """((Fit, note), None) or (None, why not)."""
    value = unwrap(value)
    if value is None:
        return None, "no value"
    if value.type == "identifier":
        name = script.text_of(value)
        resolved = consts.get(name)
        if resolved is None:
            return None, f"`{name}` is not a function or constant of this script"
        value = unwrap(resolved)
    text = string_value(script, value)
    if text is not None:
        if text == FULL_JITTER:
            return (fit(full_jitter_samples), ""), None
        return None, f"2.x accepted only a function or 'full-jitter', not {text!r}"
    if value.type == "number":
        try:
            n = float(script.text_of(value).replace("_", ""))
        except ValueError:
            return None, "not a number"
        new = [new_range(n, n, 0.0, a) for a in range(1, 11)]
        result = Fit(n, n, 0.0, False, [(0.0, 0.0)] * 10, new)
        return (result, f" (2.x ignored a number: it logged an error and retried at once; this assumes a constant "
                        f"{format_number(n)} ms was meant)"), None
    if value.type in FUNCTIONS:
        # The evaluation reads only the function's text and the script's constants: the
        # same function in many pages (a shared base template) is fitted once.
        key = (value.text, tuple(sorted((k, v.text) for k, v in consts.items())))
        found = _FITTED.get(key)
        if found is None:
            try:
                fn = DelayFunction(script, value, consts)
                found = (fit(fn, fn.integer_literals()), ""), None
            except Unsupported as exc:
                found = None, f"the function cannot be evaluated: {exc}"
            except RecursionError:
                found = None, "the function is too deeply nested"
            if len(_FITTED) >= 256:
                _FITTED.clear()
            _FITTED[key] = found
        return found
    return None, "the value is not a function this tool can evaluate"


def _analyse_factory(script, item: Item, value, target, name: str) -> None:
    value = unwrap(value)
    manual = (f"htmx 4 creates the socket itself with `new WebSocket(url, config.{target.protocols_key or 'protocols'})`; "
              f"to change the socket, listen for `{target.event('htmx:wsOpen')}` and use `detail.connection.socket`")
    socket = _returned_new_websocket(script, value)
    if socket is None:
        item.message = f"`{name}` has no htmx 4 equivalent: {manual}"
        return
    args = call_arguments(socket)
    params = function_params(value) or []
    if not args or args[0].type != "identifier" or not params or script.text_of(args[0]) != params[0] or len(args) > 2:
        item.message = f"`{name}` does more than pass the URL on: {manual}"
        return
    if len(args) == 1:
        item.fixable = True
        item.message = f"`{name}` only creates the socket, as htmx 4 does: removed"
        return
    protocols = args[1]
    if target.protocols_key is None:
        item.message = f"`{name}` sets WebSocket subprotocols, which the {target.name} target has no setting for"
        return
    if not _literal(script, protocols):
        item.message = (f"`{name}` computes its subprotocols on every connection; htmx 4 reads "
                        f"`htmx.config.{target.config_object}.{target.protocols_key}` once: set it by hand")
        return
    item.entries = [(target.protocols_key, script.text_of(protocols))]
    item.fixable = True
    item.message = f"`{name}` only sets subprotocols: `{target.protocols_key}` in `htmx.config.{target.config_object}`"


def _returned_new_websocket(script, fn):
    if fn is None or fn.type not in FUNCTIONS:
        return None
    body = fn.child_by_field_name("body")
    if body is None:
        return None
    if body.type == "statement_block":
        stmts = [s for s in body.named_children if s.type != "comment"]
        if len(stmts) != 1 or stmts[0].type != "return_statement":
            return None
        values = [c for c in stmts[0].named_children if c.type != "comment"]
        if not values:
            return None
        body = values[0]
    body = unwrap(body)
    if body.type != "new_expression" or member_path(script, body.child_by_field_name("constructor")) != ["WebSocket"]:
        return None
    return body


def _literal(script, node) -> bool:
    node = unwrap(node)
    if string_value(script, node) is not None:
        return True
    if node.type == "array":
        return all(string_value(script, c) is not None for c in list_items(node))
    return False


def _manual(target, kind: str) -> str:
    cfg = f"htmx.config.{target.config_object}"
    if kind == FACTORY:
        return f"set `{cfg}.{target.protocols_key or 'protocols'}` by hand if it only chose subprotocols"
    if kind == BINARY:
        return "remove it by hand (htmx 4 has no such setting)"
    return f"set `{cfg}` (reconnectDelay, reconnectMaxDelay, reconnectJitter) by hand; {FORMULA}"


def _check_meta_precedence(items, meta_keys) -> None:
    """htmx 2 merged <meta name="htmx-config"> at DOMContentLoaded, after the page's
    scripts had run, so the meta tag won; htmx 4 reads it when htmx.js loads, so a
    translated assignment would now win instead. Keep such assignments as they are."""
    for item in items:
        if item.fixable and item.kind == DELAY and item.kind in meta_keys:
            item.fixable = False
            item.message += (f"; not applied: a <meta name=\"htmx-config\"> in this project also sets {item.kind}, and "
                             "htmx 2 applied the meta tag after the page's scripts, so this assignment had no effect; "
                             "in htmx 4 it would override the meta tag: delete it, or move its value into the meta tag")


def _check_conflicts(items, existing, target) -> None:
    for item in items:
        if not item.fixable or not item.entries or item.scope not in existing:
            continue
        script, obj = existing[item.scope]
        taken = object_keys(script, obj) & {k for k, _ in item.entries}
        if taken:
            item.fixable = False
            item.message += (f"; not applied: the existing `htmx.config.{target.config_object}` already sets "
                             f"{', '.join(sorted(taken))}")


def _plan(items, existing, target, include) -> list[Edit]:
    """The edits for the chosen items: per scope, one config object that all their
    settings go to (an existing one, or one written in place of the first item)."""
    cfg = target.config_object
    groups: dict = defaultdict(list)
    for item in items:
        if item.kind != "read" and include(item):
            groups[item.scope].append(item)
    edits: list[Edit] = []
    for scope, group in groups.items():
        entries: dict[str, str] = {}
        for item in group:
            for key, value in item.entries:
                entries[key] = value
        host = None
        if entries and scope not in existing:
            host = next(it for it in group if it.entries)
        if entries and scope in existing:
            script, obj = existing[scope]
            edits.append(insert_items(script, obj, list(entries.items())))
        body = ", ".join(f"{k}: {v}" for k, v in entries.items())
        containers: dict = defaultdict(list)
        for item in group:
            if item.pair is not None:
                containers[(id(item.script), item.container.start_byte)].append(item)
                continue
            if item is host:
                text = item.script.text_of(item.statement)
                semi = ";" if text.rstrip().endswith(";") else ""
                new = f"{item.config_text}.{cfg} = {{ ...{item.config_text}.{cfg}, {body} }}{semi}"
                edits.append(Edit(*item.script.span(item.statement), new))
            else:
                edits.append(remove_statement(item.script, item.statement))
        for pairs in containers.values():
            script, container = pairs[0].script, pairs[0].container
            hosted = host in pairs
            gone = [it.pair for it in pairs if it is not host]
            if hosted:
                edits.append(Edit(*script.span(host.pair), f"{cfg}: {{ ...{host.config_text}.{cfg}, {body} }}"))
            stmt = pairs[0].call_statement
            whole = (not hosted and stmt is not None and removable(stmt) and len(call_arguments(pairs[0].call)) == 2
                     and len(gone) == len(list_items(container)))
            if whole:
                edits.append(remove_statement(script, stmt))
            elif gone:
                edits.extend(remove_items(script, container, gone))
    return edits
