"""The textual traces of htmx 2 WebSocket code, in any language.

A lexical scan, not a parser: it reads files in languages hxmigrate has no syntax view
for (Go, Rust, C#, Ruby, Elixir...) and, in the files it does read, finds what the rules
left without a finding. Every pattern is specific to the 2.x extension (htmx 4's
``hx-ws:connect``, ``hx-ws.js`` and ``htmx:ws:...`` names never match) and linear.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# (construct, pattern). The construct names the manual step (see STEPS).
_PATTERNS: tuple[tuple[str, str], ...] = (
    # ws-connect, data-ws-connect; ws_connect= as a keyword argument (FastHTML, htpy)
    ("connect", r"(?<![\w.-])(?:data-)?ws-connect(?![\w:.-])|(?<![\w.])(?:data_)?ws_connect\s*=(?!=)"),
    ("send", r"(?<![\w.-])(?:data-)?ws-send(?![\w:.-])|(?<![\w.])(?:data_)?ws_send\s*=(?!=)"),
    # hx-ext="ws", hx-ext="json-enc, ws", hx_ext="ws", FastHTML's exts="ws" / exts=["ws"]
    ("hx-ext", r"""(?:hx[-_]ext|\bexts)["'`]?\s*[=:]\s*[\[(]?\s*(?:["'`]|\{\s*["'`])[^"'`\n>]{0,200}?(?<![\w-])ws(?![\w-])"""),
    ("hx-ws", r"""(?<![\w:.-])(?:data-)?hx-ws(?:\s*=|["'`]\s*[,:)\]])|["'`](?:data-)?hx-ws["'`]"""),
    ("event", r"htmx:ws(?:[A-Z]\w*|-[a-z][\w-]*)|hx-on(?::|-htmx)?[:-]{1,2}ws-[a-z][\w-]*"),
    ("config", r"\bws(?:ReconnectDelay|BinaryType)\b|\bhtmx\s*\.\s*createWebSocket\b"),
    ("script", r"htmx-ext-ws(?![\w-])|/ext/ws(?:\.min)?\.js\b|htmx\.org@1[^\s\"'`]*?/dist/ext/ws\b"),
)
_COMBINED = re.compile("|".join(f"(?P<g{i}>{p})" for i, (_, p) in enumerate(_PATTERNS)))
_NAMES = tuple(name for name, _ in _PATTERNS)
# Cheap lowercase substrings: a text without any of them holds no marker.
_HINTS = ("ws-connect", "ws_connect", "ws-send", "ws_send", "hx-ext", "hx_ext", "exts", "hx-ws", "htmx:ws",
          "hx-on", "wsreconnectdelay", "wsbinarytype", "createwebsocket", "htmx-ext-ws", "/ext/ws", "headers")

# The 2.x outgoing message's metadata key, read by server code. Only where the file also
# names an htmx request header, so an HTTP client's HEADERS constant is not taken for it.
_HEADERS = re.compile(r"""["'`]HEADERS["'`]|\.HEADERS\b|:HEADERS\b""")
_HX_HEADER = re.compile(r"hx-(?:trigger|request|target|current-url)", re.I)

# An element with an id at the start of a string: in 2.x a WebSocket message swapped it by
# its id, in 4.x it needs an <hx-partial> (or an explicit hx-swap-oob).
_ID_ROOT = re.compile(r"""(?:["'`]|\[\]byte\(\s*["'`]|r#*")\s*<[A-Za-z][\w-]*\s[^<>"'`]{0,300}?\bid\s*=""")
_HAS_OOB = re.compile(r"hx-swap-oob|hx-partial", re.I)
# WebSocket sends in server code, per stack.
SEND = re.compile(
    r"\.WriteMessage\s*\(|\.WriteJSON\s*\(|\bwsjson\.Write\s*\(|\bwebsocket\.(?:MessageText|TextMessage)\b|\.NextWriter\s*\(|\bwebsocket\.Message\.Send\s*\("
    r"|Message::Text\s*\(|\bMessage::text\s*\(|\bWsMessage::Text\b|\.SendAsync\s*\(|\.sendText\s*\("
    r"|\.getBasicRemote\(\)\s*\.send|\bnew\s+TextMessage\s*\(|Frame\.Text\s*\(|\.send\s*\(|\.send_text\s*\("
    r"|\.send_str\s*\(|\bbroadcast\s*\(|\.Broadcast\s*\(|\bpush\s*\(\s*socket\b|\bsend_frame\s*\("
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
        for m in _COMBINED.finditer(text):
            found.append(Marker(m.start(), m.end(), _NAMES[int(m.lastgroup[1:])]))
        if "headers" in lower and "HEADERS" in text and _HX_HEADER.search(text):
            found.extend(Marker(m.start(), m.end(), "headers") for m in _HEADERS.finditer(text))
    if id_roots and "id" in lower and "<" in text and SERVER_HINT.search(text) and SEND.search(text):
        for m in _ID_ROOT.finditer(text):
            line_end = text.find("\n", m.end())
            rest = text[m.start(): line_end if line_end >= 0 else len(text)]
            if not _HAS_OOB.search(rest):
                found.append(Marker(m.start(), m.end(), "id-root"))
    found.sort(key=lambda k: k.start)
    return found


def server_sends(text: str) -> list[tuple[int, str]]:
    """(offset, call) of each WebSocket send in server-side code, [] for other code."""
    if SERVER_HINT.search(text) is None:
        return []
    return [(m.start(), m.group().rstrip("( \t")) for m in SEND.finditer(text)]
