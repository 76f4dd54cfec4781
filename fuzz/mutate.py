"""Mutators: each takes a ``random.Random``, a text and a size budget and returns the
mutated text (or bytes, for byte-level flips). :func:`mutate` picks and chains them.

Markup mutators know start tags and attributes (found by a rough scanner of their own:
mutants need not be exact); Python mutators work on the tokens of :mod:`tokenize` and
JavaScript ones on a token scanner, so that many Python and JavaScript mutants still parse.

Growth mutators ("grow" in their name) repeat something N times, N drawn from a
heavy-tailed distribution and multiplied by ``scale``: the same mutant at a quarter of the
scale is the same construct repeated a quarter as often, which the time check uses to tell
a superlinear cost from a large input.
"""

from __future__ import annotations

import io
import math
import random
import re
import tokenize
from typing import Callable

# --- what is spliced in ----------------------------------------------------------------

TEMPLATE_TAGS = [
    "{% if a %}", "{% else %}", "{% endif %}", "{% elif b %}", "{% for i in xs %}", "{% endfor %}", "{{ x }}",
    '{{ "}}" }}', "{{ url_for('ws') }}", "{# c #}", "{% if a %}x{% endif %}", "{% if a %}{% else %}{% endif %}",
    "<% if a %>", "<% end %>", "<%= x %>", "<?php echo $x; ?>", "<?= $y ?>", "{{ if .X }}", "{{ end }}",
    "{{#if a}}", "{{/if}}", "{{else}}", "{{{ raw }}}", "{% raw %}{{ x }}{% endraw %}", "{%- if a -%}", "{% endif -%}",
]
WS_ATTRS = [
    'ws-connect="/chat"', "ws-connect='/ws/{{ room }}'", "ws-connect=", "ws-connect", "data-ws-connect=/feed",
    "ws-send", 'ws-send=""', 'ws-send="{{ x }}"', "data-ws-send", 'hx-ext="ws"', "hx-ext='ws, json-enc'",
    'data-hx-ext="morph,ws"', 'hx-ext="ignore:ws"', 'hx-ws="connect:/x"', 'hx-ws="send"', 'hx-ws="connect:/x send"',
    'hx-ws="send:submit"', 'hx-swap-oob="true"', 'hx-swap-oob="beforeend"', 'hx-swap-oob="innerHTML:#log"',
    'hx-swap-oob="outerHTML"', 'hx-swap-oob="delete"', "hx-swap-oob", 'hx-swap-oob=""', 'id="a"', "id=b",
    'id="{{ item.id }}"', 'id=""', 'hx-on::ws-after-message="go()"', 'hx-on:htmx:ws-open="x()"',
    'hx-on="htmx:wsAfterMessage: go()"', 'hx-trigger="every 1s"', 'hx-trigger="htmx:wsOpen"', 'hx-target="#log"',
    'hx-swap="innerHTML"', 'hx-vals=\'{"a": 1}\'', 'hx-include="#f"', 'hx-headers=\'{"X": 1}\'',
    '_="on htmx:wsAfterMessage log it"', 'hx-get="/x"', 'class="a"', 'name="HEADERS"', "disabled",
]
CONSTRUCTS = [
    '<div hx-ext="ws" ws-connect="/chat">', "</div>", '<form ws-send><input name="m"></form>',
    '<div id="a" hx-swap-oob="true">x</div>', '<ul id="log" hx-swap-oob="beforeend"><li>x</li></ul>',
    '<tr id="r" hx-swap-oob="outerHTML"><td>1</td></tr>', '<span id="c">3</span>', "stray text",
    "<script>htmx.config.wsReconnectDelay = 'full-jitter';</script>",
    "<script>document.body.addEventListener('htmx:wsAfterMessage', function (e) { go(e.detail.message); });</script>",
    '<meta name="htmx-config" content=\'{"wsReconnectDelay": "full-jitter", "wsBinaryType": "blob"}\'>',
    '<script src="https://unpkg.com/htmx-ext-ws@2.0.4/ws.js"></script>',
    '<script src="https://unpkg.com/htmx.org@2.0.8/dist/htmx.min.js" integrity="sha384-x"></script>',
    '<hx-partial hx-target="#a" hx-swap="innerHTML">x</hx-partial>', "<!-- hxmigrate: ws-message -->",
    "{# hxmigrate: ws-message #}", "<!-- hxmigrate: ignore[WS101] -->", "<template><div id=t>x</div></template>",
    "<style>#a{}</style>", "<small id=\"d\"><p>hi</small>", "<table><tr id=x hx-swap-oob=true><td>1</td></tr></table>",
    '<main hx-ws="connect:/legacy"><button hx-ws="send">go</button></main>', "<![CDATA[x]]>", "<!doctype html>",
    "<svg><a id=s hx-swap-oob=true>x</a></svg>", '<div id="a" hx-swap-oob="true" hx-swap-oob="beforeend">x</div>',
]
NON_ASCII = ["é", "中文", "😀", "\u2028", "\u200b", "\u00a0", "\u202e", "ß", "\ufeff", "Ω", "\U0001f9ea", "\x0c"]
SYNTAX_CHARS = "<>\"'=/{}%#-!?&;`\\ \n\t"
MARKERS = ["{# hxmigrate: ws-message #}\n", "<!-- hxmigrate: ws-message -->\n"]

_START_TAG = re.compile(r"<([A-Za-z][\w:.-]*)")
_ATTR = re.compile(r"""\s([^\s=>"'/]+)(\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]*))?""")
_END_TAG = re.compile(r"</[A-Za-z][\w:.-]*\s*>")


def _cap(rng: random.Random, unit: int, max_size: int, scale: float, top: int = 1 << 15) -> int:
    """A heavy-tailed repetition count that keeps the result under ``max_size``."""
    n = int(2 ** rng.uniform(1, math.log2(top)))
    n = min(n, max(1, max_size // max(1, unit)))
    return max(1, int(n * scale))


def _pos(rng: random.Random, text: str) -> int:
    return rng.randint(0, len(text))


def _line_starts(text: str) -> list[int]:
    starts = [0]
    for m in re.finditer(r"\r\n|\r|\n", text):
        starts.append(m.end())
    return starts


def _tags(text: str) -> list[tuple[int, int, int]]:
    """(start, end of name, end) of start tags, roughly: end is after the next '>'."""
    out = []
    for m in _START_TAG.finditer(text):
        close = text.find(">", m.end())
        if close < 0:
            close = len(text) - 1
        out.append((m.start(), m.end(), close + 1))
        if len(out) > 5000:
            break
    return out


def _pick_tag(rng: random.Random, text: str):
    tags = _tags(text)
    return rng.choice(tags) if tags else None


def _attrs(text: str, tag) -> list[tuple[int, int]]:
    start, name_end, end = tag
    inner = text[name_end:end - 1]
    return [(name_end + m.start(), name_end + m.end()) for m in _ATTR.finditer(inner)]


# --- markup ----------------------------------------------------------------------------

def splice_template(rng, text, max_size, scale):
    tag = _pick_tag(rng, text)
    what = rng.choice(TEMPLATE_TAGS)
    if tag is None or rng.random() < 0.2:
        pos = _pos(rng, text)
    else:
        start, name_end, end = tag
        where = rng.random()
        attrs = _attrs(text, tag)
        if where < 0.4 or not attrs:  # between attributes
            pos = rng.choice([name_end, end - 1] + [a[1] for a in attrs])
            what = " " + what
        elif where < 0.7:  # inside an attribute value
            a = rng.choice(attrs)
            pos = rng.randint(a[0], a[1])
        else:  # around an attribute: the attribute is inside the block
            a = rng.choice(attrs)
            opener, closer = rng.choice([("{% if a %}", "{% endif %}"), ("{% if a %}", "{% else %}"),
                                         ("<% if a %>", "<% end %>"), ("{{#if a}}", "{{/if}}")])
            return text[:a[0]] + " " + opener + text[a[0]:a[1]] + closer + text[a[1]:]
    return text[:pos] + what + text[pos:]


def wrap_block(rng, text, max_size, scale):
    """A template block around a random stretch: crossing tags, with an else somewhere."""
    a, b = sorted((_pos(rng, text), _pos(rng, text)))
    opener, middle, closer = rng.choice([("{% if c %}", "{% else %}", "{% endif %}"),
                                        ("{% for x in xs %}", "{% empty %}", "{% endfor %}"),
                                        ("{{#if c}}", "{{else}}", "{{/if}}"), ("{{ if .C }}", "{{ else }}", "{{ end }}")])
    if rng.random() < 0.5:
        m = rng.randint(a, b)
        return text[:a] + opener + text[a:m] + middle + text[m:b] + closer + text[b:]
    return text[:a] + opener + text[a:b] + closer + text[b:]


def insert_attr(rng, text, max_size, scale):
    tag = _pick_tag(rng, text)
    attr = rng.choice(WS_ATTRS)
    if tag is None:
        return text + f"<div {attr}>x</div>"
    start, name_end, end = tag
    pos = rng.choice([name_end, end - 1] + [a[1] for a in _attrs(text, tag)])
    sep = rng.choice([" ", "\n  ", "\t", "\r\n "])
    return text[:pos] + sep + attr + text[pos:]


def edit_attrs(rng, text, max_size, scale):
    """Duplicate, delete or swap attributes of one start tag."""
    tag = _pick_tag(rng, text)
    if tag is None:
        return text
    attrs = _attrs(text, tag)
    if not attrs:
        return text
    a = rng.choice(attrs)
    what = rng.random()
    if what < 0.4:
        return text[:a[1]] + text[a[0]:a[1]] + text[a[1]:]
    if what < 0.7 or len(attrs) < 2:
        return text[:a[0]] + text[a[1]:]
    b = rng.choice(attrs)
    (x, y) = sorted((a, b))
    if x == y:
        return text
    return text[:x[0]] + text[y[0]:y[1]] + text[x[1]:y[0]] + text[x[0]:x[1]] + text[y[1]:]


def insert_construct(rng, text, max_size, scale):
    starts = _line_starts(text)
    pos = rng.choice(starts + [_pos(rng, text)])
    return text[:pos] + rng.choice(CONSTRUCTS) + rng.choice(["", "\n"]) + text[pos:]


def toggle_marker(rng, text, max_size, scale):
    for marker in MARKERS:
        if marker.strip() in text:
            return text.replace(marker.strip(), "", 1)
    return rng.choice(MARKERS) + text


def unbalance(rng, text, max_size, scale):
    what = rng.random()
    ends = list(_END_TAG.finditer(text))
    if what < 0.3 and ends:
        m = rng.choice(ends)
        return text[:m.start()] + text[m.end():]
    if what < 0.5:
        pos = _pos(rng, text)
        return text[:pos] + rng.choice(["<div>", "</div>", "</span>", "<p>", "</ul>", "<li>", "</template>", "<!--",
                                        "-->", "<script>", "</script>", "<![CDATA[", "<"]) + text[pos:]
    quotes = [m.start() for m in re.finditer(r"[\"']", text)]
    if what < 0.8 and quotes:
        q = rng.choice(quotes)
        return text[:q] + text[q + 1:]
    tag = _pick_tag(rng, text)
    if tag is None:
        return text
    pos = rng.randint(tag[1], tag[2] - 1)
    return text[:pos] + rng.choice(['"', "'", "=", "/", "<", ">", '="', "'x"]) + text[pos:]


def lines(rng, text, max_size, scale):
    """Duplicate, delete or swap lines."""
    parts = text.splitlines(keepends=True)
    if not parts:
        return text
    i = rng.randrange(len(parts))
    what = rng.random()
    if what < 0.4:
        parts.insert(i, parts[i])
    elif what < 0.7 and len(parts) > 1:
        del parts[i]
    else:
        j = rng.randrange(len(parts))
        parts[i], parts[j] = parts[j], parts[i]
    return "".join(parts)


def newlines(rng, text, max_size, scale):
    what = rng.random()
    plain = text.replace("\r\n", "\n").replace("\r", "\n")
    if what < 0.3:
        return plain.replace("\n", "\r\n")
    if what < 0.5:
        return plain.replace("\n", "\r")
    if what < 0.7:  # mixed
        return "".join(ch + ("\r" if ch == "\n" and rng.random() < 0.5 else "") if ch != "\n" or rng.random() < 0.5
                       else "\r" for ch in plain)
    if what < 0.85:
        return "\ufeff" + text if not text.startswith("\ufeff") else text[1:]
    return text.rstrip("\r\n") if rng.random() < 0.5 else text + "\n\n"


def non_ascii(rng, text, max_size, scale):
    pos = _pos(rng, text)
    return text[:pos] + rng.choice(NON_ASCII) * rng.randint(1, 3) + text[pos:]


def chars(rng, text, max_size, scale):
    """Insert or delete a few syntax characters anywhere."""
    for _ in range(rng.randint(1, 3)):
        pos = _pos(rng, text)
        if rng.random() < 0.5 and text:
            pos = min(pos, len(text) - 1)
            text = text[:pos] + text[pos + 1:]
        else:
            text = text[:pos] + rng.choice(SYNTAX_CHARS) + text[pos:]
    return text


def grow_line(rng, text, max_size, scale):
    """Minify: one line, the content repeated N times."""
    one = re.sub(r"\s*[\r\n]+\s*", " ", text) or "<div ws-send>x</div>"
    n = _cap(rng, len(one), max_size, scale, top=1 << 12)
    return one * n


def grow_nesting(rng, text, max_size, scale):
    opener, closer = rng.choice([("<div>", "</div>"), ("<div id=n hx-swap-oob=true>", "</div>"), ("<ul><li>", "</li></ul>"),
                                 ("{% if a %}", "{% endif %}"), ("<div>", ""), ("<b ws-send>", "</b>")])
    n = _cap(rng, len(opener) + len(closer), max_size, scale)
    pos = _pos(rng, text)
    return text[:pos] + opener * n + "x" + closer * n + text[pos:]


def grow_attrs(rng, text, max_size, scale):
    attr = rng.choice(WS_ATTRS + ['a="v"', "{{ x }}", "{% if a %}b{% endif %}"])
    n = _cap(rng, len(attr) + 1, max_size, scale)
    tag = _pick_tag(rng, text)
    if tag is None:
        return text + "<div " + " ".join([attr] * n) + ">x</div>"
    pos = tag[1]
    if rng.random() < 0.5:
        many = "".join(f" {attr.replace('=', str(i) + '=', 1) if '=' in attr else attr + str(i)}" for i in range(n))
    else:
        many = (" " + attr) * n
    return text[:pos] + many + text[pos:]


def grow_elements(rng, text, max_size, scale):
    tags = _tags(text)
    unit = None
    if tags:
        start, _, _ = rng.choice(tags)
        ends = [m for m in _END_TAG.finditer(text, start)]
        if ends:
            unit = text[start:rng.choice(ends[:8]).end()]
    if not unit:
        unit = rng.choice(CONSTRUCTS[:8])
    sep = rng.choice(["", "\n"])
    n = _cap(rng, len(unit) + len(sep), max_size, scale)
    pos = _pos(rng, text)
    return text[:pos] + (unit + sep) * n + text[pos:]


# --- bytes -----------------------------------------------------------------------------

def byte_flips(rng, data: bytes) -> bytes:
    b = bytearray(data or b" ")
    for _ in range(rng.randint(1, 4)):
        what = rng.random()
        i = rng.randrange(len(b))
        if what < 0.4:
            b[i] ^= 1 << rng.randrange(8)
        elif what < 0.6:
            b[i:i] = bytes([rng.choice([0x80, 0xc3, 0xe2, 0xf0, 0xff, 0xfe, 0xed, 0xc0])])
        elif what < 0.7:
            b[i:i] = b"\x00"
        elif what < 0.8:
            b[:0] = rng.choice([b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf", b"\xef\xbb"])
        else:  # cut inside a multibyte character
            b = b + "é中".encode()[: rng.randint(1, 3)]
    return bytes(b)


# --- Python (tokens) ------------------------------------------------------------------

PY_STRINGS = [
    "'<div id=\"x\" hx-swap-oob=\"true\">y</div>'", "f'<li id=\"m-{n}\" hx-swap-oob=\"beforeend\">{t}</li>'",
    "'<span id=\"a\">1</span><b>stray</b>'", '"ws/message.html"', "'chat/_message.html'", '"HEADERS"',
    "'<ul id=\"log\" hx-swap-oob=\"beforeend\" {% if a %}>'", "'<form ws-send>'", "'hx-ext'", "'ws-connect'",
    '"""<div id="big">\n  {{ x }}\n</div>"""', "'{a}<div id=\"{b}\">{{c}}</div>'", "b'<div id=\"b\">x</div>'",
    "r'<p id=\"r\">\\d</p>'", "'<div id=\"q\" hx-swap-oob=\"true\">' + x + '</div>'",
]
PY_CALLS = ["send_text", "send", "send_json", "send_str", "broadcast", "group_send", "render", "render_to_string",
            "get_template", "format", "receive_json", "iter_json"]
PY_STATEMENTS = [
    "await websocket.send_text('<div id=\"n\" hx-swap-oob=\"true\">x</div>')",
    "await websocket.send_text(templates.get_template('ws/message.html').render(x=1))",
    "html = render_to_string('chat/message.html', {'t': 1})", "self.send(text_data=html)",
    "h = data['HEADERS']['HX-Trigger']", "h = message.get('HEADERS', {}).get('HX-Request')",
    "ws.send(f'<p id=\"{i}\">{t}</p>')", "await ws.send_str(ROW.format(a=1))",
    "return '<tr id=\"r\" hx-swap-oob=\"outerHTML\"><td>x</td></tr>'",
    "x = htmx_headers['HEADERS']", "await manager.broadcast('<span id=\"c\">1</span>')",
]
PY_TOPLEVEL = [
    "class Msg(BaseModel):\n    HEADERS: dict\n", "ROW = '<tr id=\"row\" hx-swap-oob=\"outerHTML\"><td>{a}</td></tr>'\n",
    "def part():\n    return '<div id=\"p\" hx-swap-oob=\"true\">p</div>'\n",
    "async def ws(websocket):\n    await websocket.send_text(part())\n",
]


def _py_tokens(text: str):
    try:
        return list(tokenize.generate_tokens(io.StringIO(text).readline))
    except (tokenize.TokenError, IndentationError, SyntaxError):
        return None


def _offsets(text: str):
    starts = [0]
    for line in text.splitlines(keepends=True):
        starts.append(starts[-1] + len(line))
    return lambda row, col: starts[row - 1] + col if row - 1 < len(starts) else len(text)


def py_tokens(rng, text, max_size, scale):
    """Replace a string with markup or a template name, or a called name with a sender."""
    toks = _py_tokens(text)
    if not toks:
        return chars(rng, text, max_size, scale)
    at = _offsets(text)
    strings = [t for t in toks if t.type == tokenize.STRING]
    names = [t for t, nxt in zip(toks, toks[1:]) if t.type == tokenize.NAME and nxt.string == "("]
    if strings and (rng.random() < 0.6 or not names):
        t = rng.choice(strings)
        a, b = at(*t.start), at(*t.end)
        return text[:a] + rng.choice(PY_STRINGS) + text[b:]
    if names:
        t = rng.choice(names)
        a, b = at(*t.start), at(*t.end)
        return text[:a] + rng.choice(PY_CALLS) + text[b:]
    return text


def py_statement(rng, text, max_size, scale):
    """A statement at a line boundary, indented like the next line; or a top-level one."""
    lines_ = text.splitlines(keepends=True)
    if rng.random() < 0.25 or not lines_:
        return text + ("\n" if text and not text.endswith("\n") else "") + rng.choice(PY_TOPLEVEL)
    i = rng.randrange(len(lines_))
    line = lines_[i]
    indent = line[: len(line) - len(line.lstrip())]
    if not line.strip() or line.lstrip().startswith(("else", "elif", "except", "finally", ")", "]", "}")):
        return text
    stmt = rng.choice(PY_STATEMENTS)
    if not indent and stmt.startswith(("await", "return")):
        stmt = "async def _f(websocket, ws, self, data, message, manager):\n    " + stmt
    return "".join(lines_[:i]) + indent + stmt + "\n" + "".join(lines_[i:])


def py_grow_sends(rng, text, max_size, scale):
    """Many functions that send: the cost of a large server module."""
    body = ("async def handler_{i}(websocket):\n    await websocket.send_text(f'<li id=\"m-{{n}}\" hx-swap-oob=\"beforeend\">"
            "{{t}}</li>')\n    await websocket.send_text(templates.get_template('ws/m{i}.html').render())\n\n\n")
    n = _cap(rng, len(body) + 4, max_size, scale, top=1 << 13)
    return text + "\n\n" + "".join(body.replace("{i}", str(i)) for i in range(n))


def py_grow_nesting(rng, text, max_size, scale):
    """An expression in N brackets, next to a send (parsers recurse on both)."""
    opener, closer = rng.choice([("[", "]"), ("(", ")"), ("{", "}"), ("f(", ")"), ("-(", ")")])
    n = _cap(rng, 2, max_size, scale, top=4096)
    send = rng.choice(["", "async def f(ws):\n    await ws.send_text('<div id=\"a\">x</div>')\n"])
    return text + "\n" + send + "x = " + opener * n + "1" + closer * n + "\n"


# --- JavaScript (tokens) --------------------------------------------------------------

_JS_TOKEN = re.compile(r"""//[^\n]*|/\*.*?\*/|"(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*'|`(?:\\.|[^`\\])*`|[A-Za-z_$][\w$]*|\d+|\s+|.""", re.S)
JS_STRINGS = ["'htmx:wsAfterMessage'", '"htmx:wsOpen"', "'htmx:wsBeforeMessage'", '"ws-connect"', "'ws-send'",
              '"hx-ext"', "'htmx-ext-ws'", '"htmx.org"', "`<div hx-ext=\"ws\" ws-connect=\"${u}\"></div>`",
              "'full-jitter'", '"htmx:wsConfigSend"', "'[ws-connect]'", '"htmx-ext-ws/ws.js"']
JS_NAMES = ["wsReconnectDelay", "wsBinaryType", "createWebSocket", "htmx", "config", "socketWrapper", "addEventListener"]
JS_STATEMENTS = [
    "htmx.config.wsReconnectDelay = 'full-jitter';", "htmx.config.wsReconnectDelay = function (n) { return n * 1000; };",
    "htmx.on('htmx:wsOpen', (e) => e.detail.socketWrapper.send('x'));", "el.setAttribute('ws-connect', '/x');",
    "import 'htmx-ext-ws';", "htmx.createWebSocket = (u) => new WebSocket(u);", "htmx.config.wsBinaryType = 'arraybuffer';",
    "document.body.addEventListener('htmx:wsBeforeMessage', function (e) { e.detail.message; });",
    "el.innerHTML = '<div hx-ext=\"ws\" ws-connect=\"/x\"></div>';", "htmx.config['wsReconnectDelay'] = 5;",
    "const { wsReconnectDelay } = htmx.config;", "require('htmx-ext-ws');", "htmx.process(document.querySelector('[ws-send]'));",
]


def js_tokens(rng, text, max_size, scale):
    toks = [(m.start(), m.end(), m.group()) for m in _JS_TOKEN.finditer(text)]
    strings = [t for t in toks if t[2][:1] in "\"'`"]
    names = [t for t in toks if re.match(r"[A-Za-z_$]", t[2])]
    if strings and (rng.random() < 0.5 or not names):
        a, b, _ = rng.choice(strings)
        return text[:a] + rng.choice(JS_STRINGS) + text[b:]
    if names:
        a, b, _ = rng.choice(names)
        return text[:a] + rng.choice(JS_NAMES) + text[b:]
    return text


def js_statement(rng, text, max_size, scale):
    starts = _line_starts(text)
    pos = rng.choice(starts)
    return text[:pos] + rng.choice(JS_STATEMENTS) + "\n" + text[pos:]


def js_grow_nesting(rng, text, max_size, scale):
    opener, closer = rng.choice([("(", ")"), ("[", "]"), ("{ ", " }"), ("f(", ")"), ("() => (", ")")])
    n = _cap(rng, len(opener) + len(closer), max_size, scale, top=1 << 14)
    return text + "\nhtmx.config.wsReconnectDelay = " + opener * n + "1" + closer * n + ";\n"


def js_grow_statements(rng, text, max_size, scale):
    stmt = rng.choice(JS_STATEMENTS)
    n = _cap(rng, len(stmt) + 1, max_size, scale)
    return text + "\n" + (stmt + rng.choice(["\n", " "])) * n


# --- Go and Rust server code --------------------------------------------------------------

# Tokens of either language, strings first (Go's raw `...`, Rust's r#"..."#), so a mutant
# replaces whole literals.
_CODE_TOKEN = re.compile(r"""//[^\n]*|/\*.*?\*/|r#+"(?:[^"]|"(?!#))*"#+|r"[^"]*"|"(?:\\.|[^"\\\n])*"|`[^`]*`|[A-Za-z_][\w]*|\d+|\s+|.""",
                         re.S)
CODE_STRINGS = {
    "go": ['`<div id="a">x</div>`', '"<p id=\\"n\\">%d</p>"', '`<ul id="l" hx-swap-oob="beforeend"><li>%s</li></ul>`',
           '"<div hx-ext=\\"ws\\" ws-connect=\\"/x\\"></div>"', '`<b id="`', '`</b>`', '"100%"', '`%[1]s`',
           '"HEADERS"', '`json:"HEADERS"`', '"HX-Trigger"', '"`"', '"\\u00e9<i id=\\"\\x41\\">"'],
    "rust": ['r#"<div id="a">x</div>"#', '"<p id=\\"n\\">{}</p>"', 'r#"<ul id="l" hx-swap-oob="beforeend"><li>{}</li></ul>"#',
             'r"<b id=\'q\'>"', '"{{<i id=\\"x\\">}}"', 'r##"<a id="x" href="#y">"##', '"HEADERS"', '"HX-Target"',
             '"<div hx-ext=\\"ws\\" ws-connect=\\"/x\\"></div>"', '"\\u{e9}<s id=\\"s\\">"'],
}
CODE_NAMES = {
    "go": ["WriteMessage", "Sprintf", "WriteString", "send", "Render", "ExecuteTemplate", "TextMessage", "msg", "buf"],
    "rust": ["Text", "format", "send", "render", "push_str", "into", "html", "tx", "Message"],
}
CODE_STATEMENTS = {
    "go": ['c.WriteMessage(websocket.TextMessage, []byte(`<div id="s">ok</div>`))',
           'conn.WriteMessage(websocket.TextMessage, []byte(fmt.Sprintf("<p id=\\"t\\">%s</p>", x)))',
           'client.send <- []byte("<span id=\\"n\\">" + name + "</span>")', 'buf.WriteString(`<li id="i">`)',
           'var page = `<main hx-ext="ws" ws-connect="/ws"><form ws-send></form></main>`'],
    "rust": ['socket.send(Message::Text(format!(r#"<div id="s">{}</div>"#, x).into())).await;',
             'let html = String::from("<p id=\\"p\\">") + &x + "</p>";',
             'sender.send(Message::Text("<b id=\\"b\\">1</b>".into())).await;',
             'let page = r#"<main hx-ext="ws" ws-connect="/ws"></main>"#;'],
}


def _code_tokens(language: str) -> Mutator:
    def mutator(rng, text, max_size, scale):
        toks = [(m.start(), m.end(), m.group()) for m in _CODE_TOKEN.finditer(text)]
        strings = [t for t in toks if t[2][:1] in "\"`" or t[2].startswith("r")and '"' in t[2][:4]]
        names = [t for t in toks if re.match(r"[A-Za-z_]", t[2]) and t not in strings]
        if strings and (rng.random() < 0.6 or not names):
            a, b, _ = rng.choice(strings)
            return text[:a] + rng.choice(CODE_STRINGS[language]) + text[b:]
        if names:
            a, b, _ = rng.choice(names)
            return text[:a] + rng.choice(CODE_NAMES[language]) + text[b:]
        return text
    return mutator


def _code_statement(language: str) -> Mutator:
    def mutator(rng, text, max_size, scale):
        pos = rng.choice(_line_starts(text))
        return text[:pos] + rng.choice(CODE_STATEMENTS[language]) + "\n" + text[pos:]
    return mutator


# --- choosing --------------------------------------------------------------------------

Mutator = Callable[[random.Random, str, int, float], str]

COMMON: dict[str, tuple[Mutator, float]] = {
    "lines": (lines, 3), "newlines": (newlines, 1), "non_ascii": (non_ascii, 1), "chars": (chars, 1),
}
BY_KIND: dict[str, dict[str, tuple[Mutator, float]]] = {
    "markup": {
        "splice_template": (splice_template, 6), "wrap_block": (wrap_block, 3), "insert_attr": (insert_attr, 6),
        "edit_attrs": (edit_attrs, 4), "insert_construct": (insert_construct, 5), "toggle_marker": (toggle_marker, 2),
        "unbalance": (unbalance, 3), "grow_line": (grow_line, 0.05), "grow_nesting": (grow_nesting, 0.05),
        "grow_attrs": (grow_attrs, 0.05), "grow_elements": (grow_elements, 0.05), **COMMON,
    },
    "python": {
        "py_tokens": (py_tokens, 8), "py_statement": (py_statement, 6), "py_grow_sends": (py_grow_sends, 0.08),
        "py_grow_nesting": (py_grow_nesting, 0.08), "splice_template": (splice_template, 0.5), **COMMON,
    },
    "javascript": {
        "js_tokens": (js_tokens, 8), "js_statement": (js_statement, 6), "js_grow_nesting": (js_grow_nesting, 0.08),
        "js_grow_statements": (js_grow_statements, 0.08), "splice_template": (splice_template, 0.5), **COMMON,
    },
    "go": {"go_tokens": (_code_tokens("go"), 8), "go_statement": (_code_statement("go"), 6), **COMMON},
    "rust": {"rust_tokens": (_code_tokens("rust"), 8), "rust_statement": (_code_statement("rust"), 6), **COMMON},
}
BYTE_FLIP_RATE = 0.03


def mutate(rng: random.Random, text: str, kind: str, max_size: int, scale: float = 1.0,
           grow: bool = True) -> tuple[str | bytes, list[str]]:
    """A mutant of ``text`` and the names of the mutators applied, in order."""
    table = BY_KIND[kind]
    names = [n for n in table if grow or "grow" not in n]
    weights = [table[n][1] for n in names]
    chosen = [rng.choices(names, weights)[0] for _ in range(rng.choice([1, 1, 1, 2, 2, 3, 4]))]
    # At most one growth, applied last: at another scale everything before it is the same
    # text, so the two mutants differ only in how often the construct is repeated.
    growth = [n for n in chosen if "grow" in n][:1]
    chosen = [n for n in chosen if "grow" not in n] + growth
    ops: list[str] = []
    for name in chosen:
        text = table[name][0](rng, text, max_size, scale)
        ops.append(name)
    if rng.random() < BYTE_FLIP_RATE:
        ops.append("byte_flips")
        return byte_flips(rng, text.encode("utf-8")), ops
    return text, ops


def is_growth(ops: list[str]) -> bool:
    return any("grow" in op for op in ops)
