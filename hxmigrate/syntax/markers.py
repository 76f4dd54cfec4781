"""The textual traces of htmx 2 WebSocket code, in any language.

A lexical scan, not a parser: it reads files in languages hxmigrate has no syntax view
for (Go, Rust, C#, Ruby, Elixir...) and, in the files it does read, finds what the rules
left without a finding. Every pattern is specific to the 2.x extension (htmx 4's
``hx-ws:connect``, ``hx-ws.js`` and ``htmx:ws:...`` names never match) and linear.
The comment that marks a template as a WebSocket message is found here too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Each construct is found from a literal anchor (str.find, fast and linear), then checked by
# a pattern matched at the anchor: (construct, anchor, pattern, characters that must not
# come right before the match, a prefix the match may carry).
_WORD_OR_PART = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-"
_ANCHORS: tuple[tuple[str, str, re.Pattern[str], str, str], ...] = (
    # ws-connect, data-ws-connect; ws_connect= as a keyword argument (FastHTML, htpy)
    ("connect", "ws-connect", re.compile(r"ws-connect(?![\w:.-])"), _WORD_OR_PART, "data-"),
    ("connect", "ws_connect", re.compile(r"ws_connect\s*=(?!=)"), _WORD_OR_PART[:-1], "data_"),
    ("send", "ws-send", re.compile(r"ws-send(?![\w:.-])"), _WORD_OR_PART, "data-"),
    ("send", "ws_send", re.compile(r"ws_send\s*=(?!=)"), _WORD_OR_PART[:-1], "data_"),
    # hx-ext="ws", hx-ext="json-enc, ws", hx_ext="ws", {"hx-ext": "ws"}, FastHTML's exts="ws"
    ("hx-ext", "hx-ext", re.compile(r"""hx-ext["'`]?\s*[=:]\s*\{?\s*["'`][^"'`\n>]{0,200}?(?<![\w-])ws(?![\w-])"""), "", ""),
    ("hx-ext", "hx_ext", re.compile(r"""hx_ext\s*=\s*[\[(]?\s*["'][^"'\n]{0,200}?(?<![\w-])ws(?![\w-])"""), "", ""),
    ("hx-ext", "exts", re.compile(r"""exts\s*=\s*[\[(]?\s*["'][^"'\n]{0,200}?(?<![\w-])ws(?![\w-])"""),
     _WORD_OR_PART[:-2], ""),
    # htmx 1.x: hx-ws="connect:/u", and the name in code
    ("hx-ws", "hx-ws", re.compile(r"""hx-ws(?:\s*=|["'`]\s*[,:)\]])"""), _WORD_OR_PART + ":", "data-"),
    ("hx-ws", "hx-ws", re.compile(r"""hx-ws["'`]"""), "", "\"'`"),
    # 2.x event names, camelCase and kebab-case, and their hx-on spellings
    ("event", "htmx:ws", re.compile(r"htmx:ws(?:[A-Z]\w*|-[a-z][\w-]*)"), "", ""),
    ("event", "hx-on", re.compile(r"hx-on(?::|-htmx)?[:-]{1,2}ws-[a-z][\w-]*"), "", ""),
    ("config", "wsReconnectDelay", re.compile(r"wsReconnectDelay\b"), _WORD_OR_PART[:-2], ""),
    ("config", "wsBinaryType", re.compile(r"wsBinaryType\b"), _WORD_OR_PART[:-2], ""),
    ("config", "createWebSocket", re.compile(r"createWebSocket\b"), "", ""),
    # the 2.x extension's package and script
    ("script", "htmx-ext-ws", re.compile(r"htmx-ext-ws(?![\w-])"), "", ""),
    ("script", "/ext/ws", re.compile(r"/ext/ws(?:\.min)?(?:\.esm)?\.js\b"), "", ""),
)
_HTMX_DOT = re.compile(r"\bhtmx\s*\.\s*$")
_HTMX4_ON = re.compile(r"\bhtmx4\s*=\s*True\b")
# Cheap lowercase substrings: a text without any of them holds no marker.
_HINTS = ("ws-connect", "ws_connect", "ws-send", "ws_send", "hx-ext", "hx_ext", "exts", "hx-ws", "htmx:ws",
          "hx-on", "wsreconnectdelay", "wsbinarytype", "createwebsocket", "htmx-ext-ws", "/ext/ws", "headers")

# The 2.x outgoing message's metadata key, read by server code. Only where the file also
# names an htmx request header, so an HTTP client's HEADERS constant is not taken for it.
_HEADERS = re.compile(r"""["'`]HEADERS["'`]|\.HEADERS\b|:HEADERS\b""")
_HX_HEADER = re.compile(r"hx-(?:trigger|request|target|current-url)", re.I)

# An element with an id at the start of a string: in 2.x a WebSocket message swapped it by
# its id, in 4.x it needs an <hx-partial> (or an explicit hx-swap-oob).
_ID_ROOT = re.compile(r"""(?:["'`]|\[\]byte\(\s*["'`]|r#*"|~[A-Za-z]+[("'\[{|/])\s*<[A-Za-z][\w-]*\s[^<>"'`]{0,300}?\bid\s*=""")
_HAS_OOB = re.compile(r"hx-swap-oob|hx-partial", re.I)
# WebSocket sends in server code, per stack.
SEND = re.compile(
    r"\.WriteMessage\s*\(|\.WriteJSON\s*\(|\bwsjson\.Write\s*\(|\bwebsocket\.(?:MessageText|TextMessage)\b|\.NextWriter\s*\(|\bwebsocket\.Message\.Send\s*\("
    r"|Message::Text\s*\(|\bMessage::text\s*\(|\bWsMessage::Text\b|\.SendAsync\s*\(|\.sendText\s*\("
    r"|\.getBasicRemote\(\)\s*\.send|\bnew\s+TextMessage\s*\(|Frame\.Text\s*\(|\.send\s*\(|\.send_text\s*\("
    r"|\.send_str\s*\(|\bbroadcast\s*\(|\.Broadcast\s*\(|\bpush\s*\(\s*socket\b|\bsend_frame\s*\("
    r"|\bsend\(\s*(?:ws|socket|conn|websocket|client)\b|\{:push,\s*\{:text\b|\{:reply,\s*\{:text\b"
)
# What makes a file server-side WebSocket code (the send pattern alone also matches
# browser code and HTTP clients).
SERVER_HINT = re.compile(
    r"gorilla/websocket|nhooyr\.io/websocket|coder/websocket|x/net/websocket|fiber/\w*/?websocket|gofiber/contrib/websocket"
    r"|tungstenite|axum::extract::ws|actix_ws|actix_web_actors::ws|warp::ws|poem::web::websocket|rocket_ws"
    r"|System\.Net\.WebSockets|Microsoft\.AspNetCore\.SignalR|WebSocketServer|require\(\s*[\"']ws[\"']\s*\)"
    r"|from\s+[\"']ws[\"']|express-ws|expressWs|upgradeWebSocket|Deno\.upgradeWebSocket|Bun\.serve|@fastify/websocket"
    r"|socket\.io|javax\.websocket|jakarta\.websocket|TextWebSocketHandler|io\.ktor\.websocket|Phoenix\.Socket"
    r"|Phoenix\.Channel|ActionCable|faye-websocket|Faye::WebSocket|Ratchet\\|websocket\.Upgrader|websocket\.Accept"
    r"|HTTP\.WebSockets|\bWebSockets\.(?:listen|serve|upgrade)|\bWebSock(?:Adapter)?\b|\bOxygen\b"
)

STEPS = {
    "connect": "2.x `ws-connect`: htmx 4 reads `hx-ws:connect` (with `hx-swap=\"none\"` on the element, so "
               "stray message content is dropped as in 2.x)",
    "send": "2.x `ws-send`: htmx 4 reads `hx-ws:send`",
    "hx-ext": "`hx-ext` loading the 2.x `ws` extension: htmx 4 has no `hx-ext`; remove `ws` and load "
              "`htmx.org@4/dist/ext/hx-ws.js` after the htmx 4 core",
    "hx-ws": "htmx 1.x `hx-ws`: write `hx-ws:connect=\"URL\"` and `hx-ws:send`",
    "event": "a 2.x WebSocket event name: htmx 4 fires `htmx:ws:...` events (`htmx:wsAfterMessage` is "
             "`htmx:ws:after:message:incoming`...) with other `detail` fields",
    "config": "a 2.x WebSocket setting: htmx 4 reads `htmx.config.ws` (`reconnectDelay`, `reconnectMaxDelay`, "
              "`reconnectJitter`; `wsBinaryType` has no equivalent)",
    "script": "the 2.x WebSocket extension (`htmx-ext-ws`): htmx 4 loads `htmx.org@4/dist/ext/hx-ws.js`",
    "headers": "the 2.x outgoing message's `HEADERS` key: htmx 4 sends `headers` (no `HX-Trigger` or "
               "`HX-Trigger-Name`; `HX-Target` is `tag#id`)",
    "id-root": "markup sent over a WebSocket whose root element has an id: 2.x swapped it by its id, htmx 4 "
               "swaps it into the connection element unless it is wrapped in `<hx-partial hx-target=\"#ID\" "
               "hx-swap=\"outerHTML\">` or carries `hx-swap-oob=\"true\"`",
}


@dataclass(frozen=True, slots=True)
class Marker:
    start: int
    end: int
    construct: str  # a key of STEPS


def may_hold_markers(lower: str) -> bool:
    """False when a (lowercased) text certainly holds no marker."""
    return any(h in lower for h in _HINTS)


def find_markers(text: str, lower: str | None = None, id_roots: bool = False) -> list[Marker]:
    """Every trace of 2.x WebSocket code in ``text``, in order. ``id_roots`` also looks for
    markup with an id sent by server-side WebSocket code (for languages whose sends
    hxmigrate does not analyse)."""
    lower = text.lower() if lower is None else lower
    found: list[Marker] = []
    if may_hold_markers(lower):
        # FastHTML(htmx4=True) loads htmx 4 and its hx-ws.js for exts="ws".
        fasthtml_htmx4 = "htmx4" in text and _HTMX4_ON.search(text) is not None
        for construct, anchor, pattern, not_after, prefix in _ANCHORS:
            if anchor.lower() not in lower or (anchor == "exts" and fasthtml_htmx4):
                continue
            pos = text.find(anchor)
            while pos >= 0:
                m = pattern.match(text, pos)
                if m is not None and _stands_alone(text, pos, not_after, prefix) and (
                        anchor != "createWebSocket" or _HTMX_DOT.search(text, max(0, pos - 40), pos)):
                    found.append(Marker(pos, m.end(), construct))
                pos = text.find(anchor, pos + 1)
        if "headers" in lower and "HEADERS" in text and _HX_HEADER.search(text):
            found.extend(Marker(m.start(), m.end(), "headers") for m in _HEADERS.finditer(text))
    if id_roots and "id" in lower and "<" in text and SERVER_HINT.search(text) and SEND.search(text):
        for m in _ID_ROOT.finditer(text):
            line_end = text.find("\n", m.end())
            rest = text[m.start(): line_end if line_end >= 0 else len(text)]
            if not _HAS_OOB.search(rest):
                found.append(Marker(m.start(), m.end(), "id-root"))
    found.sort(key=lambda k: k.start)
    # Two anchors may find the same name ("hx-ws" in code): one marker per place.
    return [m for i, m in enumerate(found) if i == 0 or m.start != found[i - 1].start]


def _stands_alone(text: str, pos: int, not_after: str, prefix: str) -> bool:
    """Whether the name at ``pos`` is not the tail of a longer one (``prefix``, like
    "data-", may come before it; when ``not_after`` is empty, ``prefix`` is a set of
    characters one of which must come right before it)."""
    if not not_after:
        return not prefix or (pos > 0 and text[pos - 1] in prefix)
    if prefix and text.startswith(prefix, pos - len(prefix)):
        pos -= len(prefix)
    return pos == 0 or text[pos - 1] not in not_after


def server_sends(text: str) -> list[tuple[int, str]]:
    """(offset, call) of each WebSocket send in server-side code, [] for other code."""
    if SERVER_HINT.search(text) is None:
        return []
    return [(m.start(), m.group().rstrip("( \t")) for m in SEND.finditer(text)]


# A template marked as a WebSocket message by a comment in its own syntax.
MARKER = re.compile(r"(?:\{#|<!--|\{\{!--|\{\{/\*|<%#)\s*hxmigrate:\s*ws-message\s*(?:#\}|-->|--\}\}|\*/\}\}|%>)")


def has_marker(text: str) -> bool:
    """Whether a template is marked as a WebSocket message (``{# hxmigrate: ws-message #}``,
    ``<!-- hxmigrate: ws-message -->`` and the comments of other template languages)."""
    return "hxmigrate" in text and MARKER.search(text) is not None
