"""WebSocket messages a Python server sends as JSON (WS215, WS216).

2.x parsed every text frame as HTML, so HTML inside a JSON message was still swapped (the
JSON punctuation became stray text). htmx 4.0.1 parses a text frame as JSON first: it swaps
only the string under `content` (or the deprecated `payload`), lets `target`, `swap` and
`select` override the connection element's `hx-target`, `hx-swap` and `hx-select`, and swaps
nothing at all for JSON without `content`. A JSON message is read once per file; each rule
yields the findings with its code.
"""

from __future__ import annotations

import re
from typing import Iterator

from ...analysis.server.python import SEND_HINT
from ...diagnostics import Diagnostic
from ...syntax.cst import cst
from ...syntax.python import call_arg, dotted, string_text, string_value
from ._messages import sent_values, server_module

HTML_CODE, KEYS_CODE = "WS215", "WS216"
HTMX_KEYS = ("content", "payload", "target", "swap", "select")
# Calls that write their argument as JSON text (the last part of the dotted name).
_DUMPS = frozenset(("dumps",))
_JSON_SENDERS = frozenset(("send_json",))
_HTML_START = re.compile(r"<[A-Za-z]")
_KEY_NOTES = {
    "content": "htmx 4 swaps the string under `content` as HTML into the connection element (with its hx-target and "
               "hx-swap, or the message's own `target`/`swap` keys), where 2.x read the whole text as HTML and swapped "
               "only its elements with an id out of band",
    "payload": "htmx 4 swaps the string under `payload` (a deprecated name for `content`) as HTML into the connection "
               "element, where 2.x read the whole text as HTML and swapped only its elements with an id out of band",
    "target": "htmx 4 reads `target` of a JSON message as the CSS selector to swap its `content` into (overriding "
              "hx-target)",
    "swap": "htmx 4 reads `swap` of a JSON message as the swap style of its `content` (overriding hx-swap, even "
            "hx-swap=\"none\")",
    "select": "htmx 4 reads `select` of a JSON message as the part of its `content` to swap (overriding hx-select)",
}


def json_diagnostics(file) -> list[Diagnostic]:
    text = file.text
    if "send_json" not in text and "dumps" not in text:
        return []

    if "send_json" not in text and not SEND_HINT.search(text) and not file.project.python_facts.returns_sent.get(file.abspath):
        return []

    module = server_module(file)
    if module is None:
        return []
    out: list[Diagnostic] = []
    done: set[int] = set()
    for fn, call, value, how in _json_sends(file, module):
        for d in _dicts(module, value, fn):
            if id(d) in done:
                continue
            done.add(id(d))
            out.extend(_dict_findings(file, module, fn, d, how))
    out.sort(key=lambda d: (d.start, d.code))
    return out


def _json_sends(file, module) -> Iterator[tuple[object, object, object, str]]:
    """(function, call, the value written as JSON, how) for each JSON message the module sends."""
    for fn, call, value, how, _ in sent_values(file, module):
        for t in module.terminals(value, fn, follow_returns=True):
            if isinstance(t, cst.Call) and (dotted(t.func) or "").rsplit(".", 1)[-1] in _DUMPS and t.args:
                yield fn, call, t.args[0].value, f"{how} ({dotted(t.func)}(...))"
    for fn in module._all():
        for call in fn.calls:
            if isinstance(call.func, cst.Attribute) and call.func.attr.value in _JSON_SENDERS:
                value = call_arg(call, 0, ("content", "data"))
                if value is not None:
                    name = dotted(call.func) or call.func.attr.value
                    yield fn, call, value, name


def _dicts(module, value, fn) -> list:
    return [t for t in module.terminals(value, fn, follow_returns=True) if isinstance(t, cst.Dict)]


def _key(element) -> str | None:
    if isinstance(element, cst.DictElement):
        return string_value(element.key)
    return None


def _dict_findings(file, module, fn, d, how: str, path: str = "", depth: int = 0) -> Iterator[Diagnostic]:
    view = file.python
    for element in d.elements:
        key = _key(element)
        if key is None:
            continue
        start, end = view.span(element.key)
        name = f"{path}{key}"
        html = _html_in(module, element.value, fn)
        if not path and key in HTMX_KEYS:
            yield Diagnostic(KEYS_CODE, key_finding_text(key, how, html), start, end)
            continue
        if html:
            yield Diagnostic(HTML_CODE, html_finding_text(name, how, html), start, end)
            continue
        if depth < 3:
            for inner in _dicts(module, element.value, fn):
                yield from _dict_findings(file, module, fn, inner, how, name + ".", depth + 1)


def key_finding_text(key: str, how: str, html: str | None) -> str:
    """WS216's finding for a top-level key htmx 4 reads, in a JSON message sent with ``how``."""
    note = _KEY_NOTES[key]
    if key in ("content", "payload"):
        step = ("wrap each top-level part of that HTML in <hx-partial hx-target=... hx-swap=...> as for message "
                "templates, or rename the key if it is not meant for htmx" if html else
                "rename the key (and its reader in your JavaScript) if it is not meant as HTML for htmx")
    else:
        step = "rename the key (and its reader in your JavaScript) if it is not meant for htmx"
    return f"`{key}` at the top level of a JSON message sent with {how}: {note}; {step}"


def html_finding_text(name: str, how: str, html: str) -> str:
    """WS215's finding for a key whose value is HTML, in a JSON message sent with ``how``."""
    return (f"`{name}` carries HTML ({html}) in a JSON message sent with {how}: htmx 4 parses a JSON message and "
            "swaps only its `content` string, so this HTML, which 2.x swapped, is ignored: send the HTML as the "
            "message itself, or under `content` with <hx-partial> wrappers around its top-level parts (or handle "
            "the JSON in your own JavaScript, on htmx:ws:before:message:incoming)")


def _html_in(module, value, fn) -> str | None:
    """What the value holds that is HTML: "a string with <div>", "template chat/msg.html"; None."""
    view = module.view
    for t in module.terminals(value, fn, follow_returns=True):
        if isinstance(t, cst.Call):
            found = module.rendered_name(t, fn)
            if found is not None:
                names = module._names(found[0], fn)
                return f"the template {names[0]}" if names else "a rendered template"
            continue
        if isinstance(t, (cst.SimpleString, cst.FormattedString, cst.ConcatenatedString, cst.BinaryOperation)):
            formatted = module.format_strings.get(id(t), False)
            st = string_text(view, t, format_fields=formatted)
            literal = st.text if st is not None else view.code(t)
            if st is not None and st.opaque:
                parts, pos = [], 0
                for a, b, _ in st.opaque:
                    parts.append(st.text[pos:a])
                    pos = b
                parts.append(st.text[pos:])
                literal = " ".join(parts)
            m = _HTML_START.search(literal)
            if m is not None:
                tag = re.match(r"<[A-Za-z][\w-]*", literal[m.start():]).group()
                return f"a string with {tag}>"
    return None
