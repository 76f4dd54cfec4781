"""Helpers the WS3xx rules share: 2.x event names, JavaScript node shapes, the
reconnect-delay evaluator and fit, and list/statement removal."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterable

from .._javascript import (  # noqa: F401 (the WebSocket rules import these from here)
    FUNCTIONS,
    GLOBALS,
    TS_WRAPPERS,
    call_arguments,
    function_params,
    htmx_library,
    insert_items,
    is_async_or_generator,
    list_items,
    member_path,
    object_keys,
    property_name,
    removable,
    remove_items,
    remove_statement,
    statement_of,
    string_value,
    unwrap,
)

if TYPE_CHECKING:
    from tree_sitter import Node

    from ...syntax.javascript import Script

# --- events ----------------------------------------------------------------------------

EVENTS_2X = (
    "htmx:wsConnecting", "htmx:wsOpen", "htmx:wsClose", "htmx:wsError", "htmx:wsBeforeMessage",
    "htmx:wsAfterMessage", "htmx:wsConfigSend", "htmx:wsBeforeSend", "htmx:wsAfterSend",
)
INCOMING = ("htmx:wsBeforeMessage", "htmx:wsAfterMessage")
OUTGOING = ("htmx:wsConfigSend", "htmx:wsBeforeSend", "htmx:wsAfterSend")


def kebab(name: str) -> str:
    """htmx 2 fired every event under this name too (``htmx:ws-after-message``)."""
    return re.sub(r"([a-z0-9])([A-Z])", r"\1-\2", name).lower()


_BY_NAME = {**{n: n for n in EVENTS_2X}, **{kebab(n): n for n in EVENTS_2X}}
# Names a browser makes of a camelCase event in an attribute *name* (never fired in 2.x).
_LOWERED = {n.lower(): n for n in EVENTS_2X}


def event_2x(name: str) -> str | None:
    """The camelCase 2.x event for a 2.x event name in either spelling, else None."""
    return _BY_NAME.get(name)


def lowered_camel(name: str) -> str | None:
    """The 2.x event whose camelCase name, lowercased, is ``name`` (and not its kebab form)."""
    found = _LOWERED.get(name)
    return found if found is not None and kebab(found) != name else None


EVENT_DETAIL_HINTS = {
    "socketWrapper": "`detail.socketWrapper` has no htmx 4 equivalent: `detail.connection.socket` is the raw "
                     "WebSocket (send with `socket.send(...)`)",
    "event": "`detail.event` is gone: a close gives `detail.code` and `detail.reason` "
             "(\"closed\", \"removed\" or \"cancelled\"), an open has no event",
    "elt": "`detail.elt` is gone in htmx 4: use the event's `target`",
    "unfilteredParameters": "`detail.unfilteredParameters` is gone: `detail.message.values` holds what is sent",
    "errors": "`detail.errors` is gone: htmx 4 validates before the event",
    "triggeringEvent": "`detail.triggeringEvent` is gone in htmx 4",
    "message": "`detail.message` is an object in htmx 4 ({headers, values, data}); before sending, `data` is "
               "not built yet: read `detail.message.values` / `detail.message.headers`",
    "parameters": "`detail.parameters` is `detail.message.values` in htmx 4",
    "headers": "`detail.headers` is `detail.message.headers` in htmx 4",
    "messageBody": "`detail.messageBody` is `detail.message.data` in htmx 4",
}

_DEFINES_WS = re.compile(r"""defineExtension\(\s*['"]ws['"]""")


def vendored_htmx(script: "Script") -> str | None:
    """"extension" for a copy of the 2.x WebSocket extension, "core" for a copy of htmx itself
    (1.x, 2.x, or 4.x and its htmax bundle), else None. Their strings and settings are the
    library's, not the project's, and stay as they are."""
    if "defineExtension" in script.text and _DEFINES_WS.search(script.text):
        return "extension"
    if htmx_library(script.text) is not None:
        return "core"
    return None


def is_2x_extension(script: "Script") -> bool:
    return vendored_htmx(script) is not None


# --- node shapes -------------------------------------------------------------------------

def scope_key(script_index: int, statement: "Node"):
    """Statements at the top level of any script in a file run in one sequence."""
    parent = statement.parent
    if parent is None or parent.type == "program":
        return "top"
    return (script_index, parent.start_byte, parent.end_byte)


# --- numbers -----------------------------------------------------------------------------

def format_number(x: float) -> str:
    if math.isinf(x):
        return "Infinity" if x > 0 else "-Infinity"
    if x == int(x) and abs(x) < 1e21:
        return str(int(x))
    return repr(float(x))


def parse_number(text: str) -> float:
    t = text.replace("_", "")
    if t.endswith("n"):
        raise Unsupported("BigInt")
    low = t.lower()
    if low.startswith("0x"):
        return float(int(t[2:], 16))
    if low.startswith("0o"):
        return float(int(t[2:], 8))
    if low.startswith("0b"):
        return float(int(t[2:], 2))
    if len(t) > 1 and t[0] == "0" and t.isdigit():  # legacy octal
        return float(int(t, 8)) if all(c in "01234567" for c in t) else float(t)
    return float(t)


# --- evaluating a 2.x wsReconnectDelay function ------------------------------------------

class Unsupported(Exception):
    """The code does something the evaluator does not model."""


@dataclass(frozen=True)
class Lin:
    """``a + b * R`` with ``R = Math.random()`` uniform in [0, 1)."""

    a: float
    b: float


class _Undefined:
    def __repr__(self) -> str:
        return "undefined"


UNDEFINED = _Undefined()


class _Return(Exception):
    def __init__(self, value) -> None:
        self.value = value


_MATH_1 = {
    "floor": math.floor, "ceil": math.ceil, "trunc": math.trunc, "abs": abs, "sqrt": math.sqrt,
    "log": math.log, "log2": math.log2, "log10": math.log10, "exp": math.exp, "cbrt": lambda x: math.copysign(abs(x) ** (1 / 3), x),
    "sign": lambda x: (x > 0) - (x < 0),
}
_MATH_CONST = {"PI": math.pi, "E": math.e, "LN2": math.log(2), "LN10": math.log(10), "SQRT2": math.sqrt(2)}
MAX_STEPS = 20000


def _num(v) -> float:
    if isinstance(v, bool):
        return 1.0 if v else 0.0
    if isinstance(v, float):
        return v
    if v is UNDEFINED:
        return math.nan
    raise Unsupported("not a number")


def _truthy(v) -> bool:
    if isinstance(v, bool):
        return v
    if isinstance(v, float):
        return not (v == 0 or math.isnan(v))
    if v is UNDEFINED or v is None:
        return False
    if isinstance(v, list):
        return True
    raise Unsupported("random truthiness")


def _int32(x: float) -> int:
    if math.isnan(x) or math.isinf(x):
        return 0
    n = int(math.trunc(x)) & 0xFFFFFFFF
    return n - 0x100000000 if n >= 0x80000000 else n


def _safe(fn, *args) -> float:
    try:
        return float(fn(*args))
    except OverflowError:
        return math.inf
    except (ValueError, ZeroDivisionError):
        return math.nan


def _div(a: float, b: float) -> float:
    if b == 0:
        if a == 0 or math.isnan(a):
            return math.nan
        return math.copysign(math.inf, a) * (1 if math.copysign(1, b) > 0 else -1)
    return a / b


def _pow(a: float, b: float) -> float:
    if math.isnan(b):
        return math.nan
    if b == 0:
        return 1.0
    return _safe(math.pow, a, b)


class DelayFunction:
    """A 2.x ``wsReconnectDelay`` function, evaluated for a retry count.

    Models numbers, the retry count, local constants, module-level constants, arithmetic,
    comparisons, ternaries, ``if``/``return``, array lookups and ``Math``; ``Math.random()``
    is kept symbolic as long as the result is linear in it."""

    def __init__(self, script: "Script", fn: "Node", module_consts: "dict[str, Node] | None" = None) -> None:
        if fn.type not in FUNCTIONS or is_async_or_generator(fn):
            raise Unsupported("not a plain function")
        params = function_params(fn)
        if params is None:
            raise Unsupported("destructured parameters")
        self.script = script
        self.fn = fn
        self.param = params[0] if params else None
        self.extra_params = params[1:]
        self.module_consts = module_consts or {}
        self._const_cache: dict[str, object] = {}
        self._resolving: set[str] = set()
        self._steps = 0

    def integer_literals(self) -> set[int]:
        out = set()
        stack = [self.fn]
        while stack:
            node = stack.pop()
            if node.type == "number":
                try:
                    v = parse_number(node.text.decode())
                except (Unsupported, ValueError):
                    continue
                if v == int(v) and 0 <= v <= 10**6:
                    out.add(int(v))
            stack.extend(node.children)
        return out

    def __call__(self, n: int):
        self._steps = 0
        env = {}
        if self.param is not None:
            env[self.param] = float(n)
        for extra in self.extra_params:
            env[extra] = UNDEFINED
        body = self.fn.child_by_field_name("body")
        if body is None:
            raise Unsupported("no body")
        if body.type == "statement_block":
            try:
                self._block(body, env)
            except _Return as r:
                return self._result(r.value)
            return self._result(UNDEFINED)
        return self._result(self.expr(body, env))

    def _result(self, v):
        if isinstance(v, bool):
            v = 1.0 if v else 0.0
        if isinstance(v, float):
            if math.isnan(v):
                raise Unsupported("NaN delay")
            return v
        if isinstance(v, Lin):
            return v
        raise Unsupported("the function does not return a number")

    # statements

    def _tick(self) -> None:
        self._steps += 1
        if self._steps > MAX_STEPS:
            raise Unsupported("too long")

    def _block(self, node: "Node", env: dict) -> None:
        for stmt in node.named_children:
            self._stmt(stmt, env)

    def _stmt(self, node: "Node", env: dict) -> None:
        self._tick()
        t = node.type
        if t in ("comment", "empty_statement"):
            return
        if t == "statement_block":
            self._block(node, dict(env))
            return
        if t == "return_statement":
            value = [c for c in node.named_children if c.type != "comment"]
            raise _Return(self.expr(value[0], env) if value else UNDEFINED)
        if t == "if_statement":
            cond = node.child_by_field_name("condition")
            if _truthy(self.expr(cond, env)):
                self._stmt(node.child_by_field_name("consequence"), env)
            else:
                alt = node.child_by_field_name("alternative")
                if alt is not None:
                    inner = [c for c in alt.named_children if c.type != "comment"]
                    if inner:
                        self._stmt(inner[0], env)
            return
        if t in ("lexical_declaration", "variable_declaration"):
            for decl in node.named_children:
                if decl.type != "variable_declarator":
                    continue
                name = decl.child_by_field_name("name")
                if name is None or name.type != "identifier":
                    raise Unsupported("destructuring")
                value = decl.child_by_field_name("value")
                env[name.text.decode()] = self.expr(value, env) if value is not None else UNDEFINED
            return
        if t == "expression_statement":
            inner = node.named_children[0] if node.named_children else None
            if inner is not None and inner.type in ("assignment_expression", "augmented_assignment_expression"):
                self.expr(inner, env)
                return
        raise Unsupported(f"statement {t}")

    # expressions

    def expr(self, node: "Node", env: dict):
        self._tick()
        t = node.type
        if t == "number":
            return parse_number(node.text.decode())
        if t in ("true", "false"):
            return t == "true"
        if t in ("null", "undefined"):
            return UNDEFINED
        if t == "identifier":
            return self._name(node.text.decode(), env)
        if t in TS_WRAPPERS:
            return self.expr(unwrap(node), env)
        if t == "unary_expression":
            op = node.child_by_field_name("operator").type
            v = self.expr(node.child_by_field_name("argument"), env)
            if op == "-":
                if isinstance(v, Lin):
                    return Lin(-v.a, -v.b)
                return -_num(v)
            if op == "+":
                return v if isinstance(v, Lin) else _num(v)
            if op == "!":
                return not _truthy(v)
            if op == "~":
                return float(~_int32(_num(v)))
            raise Unsupported(f"unary {op}")
        if t == "binary_expression":
            return self._binary(node, env)
        if t == "ternary_expression":
            cond = self.expr(node.child_by_field_name("condition"), env)
            branch = "consequence" if _truthy(cond) else "alternative"
            return self.expr(node.child_by_field_name(branch), env)
        if t in ("assignment_expression", "augmented_assignment_expression"):
            left = node.child_by_field_name("left")
            if left is None or left.type != "identifier" or left.text.decode() not in env:
                raise Unsupported("assignment to a non-local")
            name = left.text.decode()
            value = self.expr(node.child_by_field_name("right"), env)
            if t == "augmented_assignment_expression":
                op = node.child_by_field_name("operator").type[:-1]
                value = self._apply(op, env[name], value)
            env[name] = value
            return value
        if t == "array":
            return [self.expr(c, env) for c in node.named_children if c.type != "comment"]
        if t == "subscript_expression":
            obj = self.expr(node.child_by_field_name("object"), env)
            idx = self.expr(node.child_by_field_name("index"), env)
            if not isinstance(obj, list):
                raise Unsupported("subscript of a non-array")
            i = _num(idx)
            if i != int(i) or i < 0 or i >= len(obj):
                return UNDEFINED
            return obj[int(i)]
        if t == "member_expression":
            obj = node.child_by_field_name("object")
            prop = node.child_by_field_name("property").text.decode()
            if obj.type == "identifier" and obj.text.decode() == "Math" and "Math" not in env:
                if prop in _MATH_CONST:
                    return _MATH_CONST[prop]
                raise Unsupported(f"Math.{prop}")
            value = self.expr(obj, env)
            if isinstance(value, list) and prop == "length":
                return float(len(value))
            raise Unsupported(f"property {prop}")
        if t == "call_expression":
            return self._call(node, env)
        raise Unsupported(f"expression {t}")

    def _name(self, name: str, env: dict):
        if name in env:
            return env[name]
        if name == "Infinity":
            return math.inf
        if name == "NaN":
            return math.nan
        if name == "undefined":
            return UNDEFINED
        if name in self._const_cache:
            return self._const_cache[name]
        node = self.module_consts.get(name)
        if node is None or name in self._resolving:
            raise Unsupported(f"free variable {name}")
        self._resolving.add(name)
        try:
            value = self.expr(node, {})
        finally:
            self._resolving.discard(name)
        self._const_cache[name] = value
        return value

    def _binary(self, node: "Node", env: dict):
        op = node.child_by_field_name("operator").type
        left = self.expr(node.child_by_field_name("left"), env)
        if op == "&&":
            return self.expr(node.child_by_field_name("right"), env) if _truthy(left) else left
        if op == "||":
            return left if _truthy(left) else self.expr(node.child_by_field_name("right"), env)
        if op == "??":
            return left if left is not UNDEFINED else self.expr(node.child_by_field_name("right"), env)
        right = self.expr(node.child_by_field_name("right"), env)
        return self._apply(op, left, right)

    def _apply(self, op: str, left, right):
        if isinstance(left, Lin) or isinstance(right, Lin):
            return self._linear(op, left, right)
        if isinstance(left, list) or isinstance(right, list):
            raise Unsupported("arithmetic on an array")
        a, b = _num(left), _num(right)
        if op == "+":
            return a + b
        if op == "-":
            return a - b
        if op == "*":
            return a * b
        if op == "/":
            return _div(a, b)
        if op == "%":
            if b == 0 or math.isinf(a) or math.isnan(a) or math.isnan(b):
                return math.nan
            return math.fmod(a, b) if not math.isinf(b) else a
        if op == "**":
            return _pow(a, b)
        if op in ("<", "<=", ">", ">=", "==", "===", "!=", "!=="):
            return {"<": a < b, "<=": a <= b, ">": a > b, ">=": a >= b, "==": a == b, "===": a == b,
                    "!=": a != b, "!==": a != b}[op]
        if op in ("<<", ">>", ">>>", "|", "&", "^"):
            x, y = _int32(a), _int32(b) & 31
            if op == "<<":
                return float(_int32(float((x << y) & 0xFFFFFFFF)))
            if op == ">>":
                return float(x >> y)
            if op == ">>>":
                return float((x & 0xFFFFFFFF) >> y)
            y = _int32(b)
            return float({"|": x | y, "&": x & y, "^": x ^ y}[op])
        raise Unsupported(f"operator {op}")

    def _linear(self, op: str, left, right) -> Lin:
        la = left if isinstance(left, Lin) else Lin(_num(left), 0.0)
        ra = right if isinstance(right, Lin) else Lin(_num(right), 0.0)
        if op == "+":
            return Lin(la.a + ra.a, la.b + ra.b)
        if op == "-":
            return Lin(la.a - ra.a, la.b - ra.b)
        if op == "*" and (la.b == 0 or ra.b == 0):
            k, v = (la.a, ra) if la.b == 0 else (ra.a, la)
            return Lin(v.a * k, v.b * k)
        if op == "/" and ra.b == 0 and ra.a != 0:
            return Lin(la.a / ra.a, la.b / ra.a)
        raise Unsupported("random used non-linearly")

    def _call(self, node: "Node", env: dict):
        fn = node.child_by_field_name("function")
        args = call_arguments(node)
        if fn.type == "member_expression":
            obj = fn.child_by_field_name("object")
            name = fn.child_by_field_name("property").text.decode()
            if obj.type == "identifier" and obj.text.decode() == "Math" and "Math" not in env:
                values = [self.expr(a, env) for a in args]
                if name == "random" and not values:
                    return Lin(0.0, 1.0)
                if any(isinstance(v, Lin) for v in values):
                    raise Unsupported(f"Math.{name} of a random value")
                nums = [_num(v) for v in values]
                if name == "pow" and len(nums) >= 2:
                    return _pow(nums[0], nums[1])
                if name == "min":
                    return math.nan if any(math.isnan(x) for x in nums) else min(nums, default=math.inf)
                if name == "max":
                    return math.nan if any(math.isnan(x) for x in nums) else max(nums, default=-math.inf)
                if name == "round" and nums:
                    x = nums[0]
                    return x if math.isinf(x) or math.isnan(x) else float(math.floor(x + 0.5))
                if name in _MATH_1 and nums:
                    x = nums[0]
                    if math.isnan(x):
                        return math.nan
                    if math.isinf(x) and name in ("floor", "ceil", "trunc"):
                        return x
                    return _safe(_MATH_1[name], x)
        raise Unsupported("call")


@dataclass
class Fit:
    """4.x reconnect settings for a 2.x delay, and how close they come."""

    delay: float
    max_delay: float
    jitter: float
    exact: bool
    old: list[tuple[float, float]]  # 2.x [low, high] for attempts 1..
    new: list[tuple[float, float]]  # 4.x [low, high] for the same attempts

    def entries(self) -> list[tuple[str, str]]:
        return [("reconnectDelay", format_number(self.delay)), ("reconnectMaxDelay", format_number(self.max_delay)),
                ("reconnectJitter", format_number(self.jitter))]

    def comparison(self, attempts: int = 6) -> str:
        def show(ranges):
            return ", ".join(_range(lo, hi) for lo, hi in ranges[:attempts])

        return f"2.x waited {show(self.old)} ms for retries 1-{attempts}; htmx 4 will wait {show(self.new)} ms"


def _range(lo: float, hi: float) -> str:
    if abs(hi - lo) < 1e-9:
        return format_number(round(lo, 3))
    return f"{format_number(round(lo, 3))}-{format_number(round(hi, 3))}"


def _close(a: float, b: float) -> bool:
    if a == b:
        return True
    if math.isinf(a) or math.isinf(b):
        return False
    return abs(a - b) <= 1e-9 * max(abs(a), abs(b), 1.0)


def new_range(delay: float, max_delay: float, jitter: float, attempt: int) -> tuple[float, float]:
    """htmx 4.0.1's scheduleReconnect: d = min(delay * 2^(attempt-1), max); d +- jitter * d, at least 0."""
    d = min(_safe(lambda: delay * 2.0 ** (attempt - 1)), max_delay)
    if jitter > 0:
        return max(0.0, d - d * jitter), d + d * jitter
    return d, d


FULL_JITTER = "full-jitter"


def full_jitter_samples(n: int) -> Lin:
    return Lin(0.0, 1000.0 * 2 ** min(n, 6))


def fit(sample, hints: Iterable[int] = ()) -> Fit:
    """Fit ``sample(retryCount) -> float | Lin`` (raises Unsupported) to htmx 4's formula.

    Exact when, for every retry count tried, 2.x's uniform range [a, a+b) equals 4.x's
    [d - j*d, d + j*d] with d = min(D * 2^n, M), one D, M and j <= 1."""
    ns = set(range(0, 201))
    for k in hints:
        for m in (k - 1, k, k + 1):
            if 0 <= m <= 10**6:
                ns.add(m)
    ordered = sorted(ns)
    ranges: dict[int, tuple[float, float]] = {}
    for n in ordered:
        v = sample(n)
        a, b = (v.a, v.b) if isinstance(v, Lin) else (v, 0.0)
        if math.isnan(a) or math.isnan(b) or math.isinf(b):
            raise Unsupported("not a finite delay")
        lo, hi = (a, a + b) if b >= 0 else (a + b, a)
        ranges[n] = (lo, hi)
    centers = {n: (lo + hi) / 2 for n, (lo, hi) in ranges.items()}
    halves = {n: (hi - lo) / 2 for n, (lo, hi) in ranges.items()}
    exact = True
    if any(lo < 0 for lo, _ in ranges.values()) or math.isinf(centers[0]):
        exact = False
    jitters = {halves[n] / centers[n] for n in ordered if centers[n] > 0 and not math.isinf(centers[n])}
    jitter = 0.0
    if jitters:
        jitter = sum(jitters) / len(jitters)
        if any(not _close(j, jitter) for j in jitters) or jitter > 1 + 1e-12:
            exact = False
        jitter = min(max(jitter, 0.0), 1.0)
    if any(centers[n] == 0 and halves[n] > 0 for n in ordered):
        exact = False
    delay = centers[0]
    exp_ok = delay > 0 and all(_close(centers[n], _safe(lambda: delay * 2.0 ** n)) for n in ordered)
    if delay == 0 and all(centers[n] == 0 for n in ordered):
        max_delay = 0.0
    elif exp_ok:
        max_delay = math.inf
    else:
        max_delay = centers[ordered[-1]]
        if not (delay > 0 and all(_close(centers[n], min(_safe(lambda: delay * 2.0 ** n), max_delay)) for n in ordered)):
            exact = False
    if not exact:
        # The closest exponential: the first delay that is not zero, scaled back to the
        # first retry, and the longest delay of the first ten retries as the cap.
        first = [(n, centers[n]) for n in ordered[:10] if centers[n] > 0 and not math.isinf(centers[n])]
        if not first:
            raise Unsupported("no positive delay")
        n0, c0 = first[0]
        delay = c0 / 2 ** n0
        max_delay = max(c for _, c in first)
        jitter = round(jitter, 3)
    if exact and jitter < 1e-12:
        jitter = 0.0
    if exact and _close(jitter, 1.0):
        jitter = 1.0
    old = [ranges[n] for n in range(10)]
    new = [new_range(delay, max_delay, jitter, n + 1) for n in range(10)]
    return Fit(delay, max_delay, jitter, exact, old, new)


# --- misc --------------------------------------------------------------------------------

def module_constants(script: "Script") -> dict[str, "Node"]:
    """Top-level ``const NAME = <expression>`` and function declarations of a program."""
    out: dict[str, Node] = {}
    for stmt in script.root.named_children:
        if stmt.type == "lexical_declaration" and stmt.child(0) is not None and stmt.child(0).type == "const":
            for decl in stmt.named_children:
                if decl.type != "variable_declarator":
                    continue
                name, value = decl.child_by_field_name("name"), decl.child_by_field_name("value")
                if name is not None and name.type == "identifier" and value is not None:
                    out[name.text.decode()] = value
        elif stmt.type == "function_declaration":
            name = stmt.child_by_field_name("name")
            if name is not None:
                out[name.text.decode()] = stmt
    return out
