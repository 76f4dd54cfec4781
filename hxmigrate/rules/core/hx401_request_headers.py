"""Report server code that reads the request headers htmx 4 sends differently or not at all.

What it does:
    Reports each place where code reads `HX-Trigger`, `HX-Trigger-Name`, `HX-Target` or
    `HX-Prompt` from an HTTP request, with the htmx 4 form of the read:
    Python (`request.headers.get("HX-Trigger")`, `request.headers["hx-trigger"]`,
    `"HX-Target" in request.headers`, Django's `request.META["HTTP_HX_TRIGGER"]`, django-htmx's
    and litestar's `request.htmx.trigger`/`.trigger_name`/`.target`/`.prompt`, flask-htmx's
    and FastHTML's `htmx.trigger`, a FastAPI parameter `hx_trigger: str = Header(None)`),
    JavaScript and TypeScript (`req.get("HX-Trigger")`, `req.headers["hx-trigger"]`,
    `c.req.header("HX-Trigger")`, h3's `getHeader(event, "hx-target")`), Go
    (`r.Header.Get("HX-Trigger")`, `r.Header["Hx-Target"]`, `c.GetHeader(...)`), Rust
    (`headers.get("hx-trigger")`, axum-htmx's `HxTrigger` extractors), and code that sends them
    as htmx 2 did (a test client's `headers={"HX-Trigger": "save"}`). In template code (a
    Jinja `{% if request.headers['HX-Target'] %}`, a Django `{{ request.htmx.target }}`, PHP's
    `$_SERVER['HTTP_HX_TARGET']`) and in languages hxmigrate does not parse (Ruby, Java, C#,
    Elixir...), each string literal naming one of them is reported. A constant holding one of
    the names (`static readonly HxTarget = "HX-Target"`, `HX_TRIGGER = "HX-Trigger"`, Go's and
    Rust's `const`) is reported where it is declared: its uses are not followed. Reads of a
    WebSocket message's headers are WS402's.

Why:
    htmx 2 sent `HX-Trigger` (the id of the element that made the request, when it had one),
    `HX-Trigger-Name` (its name) and `HX-Target` (the target's id). htmx 4 sends `HX-Source`
    and `HX-Target` as `tag#id` (`button#save`, `div#main`; just `button` when the element has
    no id; the id encoded as encodeURI does), no `HX-Trigger-Name`, and `HX-Prompt` only
    through the hx-prompt.js extension, URI-encoded. Code that compares them with an id
    silently takes the other branch. New in htmx 4: `HX-Request-Type: partial|full`, and a
    history restore sends `HX-Request` with `HX-History-Restore-Request`.

Example:
    if request.headers.get("HX-Trigger") == "save": ...
    is reported: read `request.headers.get("HX-Source")` (`button#save`) and take the id
    after "#".

Fix safety:
    No fix: `HX-Source` is always sent and holds `tag#id`, so no use of the old value reads
    the new one the same way; what the code does with it decides the rewrite.
"""

from __future__ import annotations

from ...diagnostics import Diagnostic
from ._headers import (
    ANY,
    NAMED,
    SEND,
    SET,
    language_name,
    overlaps,
    owned_elsewhere,
    sites,
)
from ._pages import page_major

CODE = "HX401"
NAME = "request-headers"
LANGUAGES = ("python", "javascript", "go", "rust", "markup", "other")
FIX = "never"
SAFETY = "safe"
TRIGGERS = ("hx-trigger", "hx-target", "hx-prompt", "http_hx_", "htmx.", "hx_trigger", "hx_target", "hx_prompt",
            "hxtrigger", "hxtarget", "hxprompt")
FACTS = ("htmx_majors",)
SEES_FINDINGS = True  # a read the WebSocket rules report (WS401, WS402) is theirs

# How each language takes the id out of `tag#id`, and decodes a URI-encoded value.
_ID = {"python": '`.partition("#")[2]`', "javascript": '`.split("#")[1]`', "go": '`strings.Cut(v, "#")`',
       "rust": "`.split_once('#')`"}
_DECODE = {"python": "`urllib.parse.unquote(...)`", "javascript": "`decodeURIComponent(...)`",
           "go": "`url.PathUnescape(...)`"}
# The attributes of django-htmx's `request.htmx` and its kin, which read the headers.
_DETAILS = ("trigger", "trigger_name", "target", "prompt")
# Still sent by htmx 4 (in a new form): code of a project written for htmx 4 reads them as they are.
_STILL_SENT = ("HX-Target", "HX-Prompt")


def check(file, findings):
    core = file.target.core
    if core is None:
        return
    found = sites(file, core)
    if not found:
        return
    taken = owned_elsewhere(findings)
    major = page_major(file)
    for site in found:
        if site.header not in core.request_headers or site.role == SET:
            continue
        if overlaps(taken, site.start, site.end):
            continue
        if major == 4 and site.header in _STILL_SENT:
            continue
        yield Diagnostic(CODE, _message(file, site), site.start, site.end)


def _message(file, site) -> str:
    lang = file.kind
    header = site.header
    if site.role == SEND:
        return _sent(site)
    read = f"`{site.new_site}`" if site.new_site and len(site.new_site) <= 100 else None
    where = ""
    if lang == "other":
        where = f" (hxmigrate cannot read {language_name(file) or 'these'} files: change it by hand)"
    elif site.template:
        where = " (template code: change it by hand)"
    elif site.unread:
        where = f" (Python's parser cannot read this module, {site.unread}: change it by hand)"
    id_hint = _ID.get(lang, "")
    take = f"take the id after \"#\" ({id_hint})" if id_hint else "take the id after \"#\""
    if header == "HX-Trigger":
        message = ("htmx 4 sends no `HX-Trigger`: it sends `HX-Source`, the element that made the request as `tag#id` "
                   "(`button#save`; just `button` without an id, where 2.x sent no header; the id encoded as encodeURI "
                   f"does): read {read or '`HX-Source`'} and {take}")
        if site.role in (ANY, NAMED):
            message += ("; if it is the response header, htmx 4 fires its events after the swap and the settling, "
                        "where 2.x fired them when the response arrived")
    elif header == "HX-Trigger-Name":
        message = ("htmx 4 sends no `HX-Trigger-Name`, and nothing in its place: the name of a form's submit button "
                   "comes with the form's values (`name=value`); for another element, send what the code needs with "
                   "`hx-vals`")
    elif header == "HX-Target":
        message = ("htmx 4 sends `HX-Target` as `tag#id` (`div#main`; just `div` when the target has no id, where 2.x "
                   "sent no header; the id encoded as encodeURI does), where 2.x sent the bare id: compare with that "
                   f"form (reading {read or '`HX-Target`'}), or {take}; to tell a partial request from a full page, "
                   "htmx 4 sends `HX-Request-Type: partial|full`")
    else:
        decode = _DECODE.get(lang, "")
        message = ("htmx 4 sends `HX-Prompt` only when the page loads the hx-prompt.js extension "
                   "(`htmx.org@4.0.1/dist/ext/hx-prompt.js`), and encodes the answer as encodeURI does (`a%20b`): "
                   f"decode it{f' ({decode})' if decode else ''}")
    if site.written in _DETAILS and site.site:
        message = f"`{site.site}` is the `{header}` header: " + message
    if site.role == NAMED:
        message = (f"this constant names the `{header}` header, and hxmigrate does not follow where it is used: "
                   "where the code reads the request's header through it, " + message)
    return message + where


def _sent(site) -> str:
    header = site.header
    what = {
        "HX-Trigger": "htmx 4 sends `HX-Source: tag#id` (`button#save`) instead",
        "HX-Trigger-Name": "htmx 4 never sends it",
        "HX-Target": "htmx 4 sends it as `tag#id` (`div#main`)",
        "HX-Prompt": "htmx 4 sends it only with hx-prompt.js, URI-encoded",
    }[header]
    return f"this request sends `{site.written}` as htmx 2 did: {what}; send what htmx 4 sends"
