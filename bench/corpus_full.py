"""The "full" corpus: a deterministic htmx 2 project where every template is an htmx 2 page
or fragment.

Laid out like a 40-app Django project: a site base template and one base per app
(``{% block %}``), pages that extend them and include fragments, fragments (rows, forms,
out-of-band counters, modals), and standalone pages with their own script tags; every
one uses htmx 2 attributes (requests, targets, swaps with modifiers, triggers with
``from:``/``delay:``/``queue``, ``hx-on`` in its three spellings, ``hx-boost``,
``hx-indicator``, ``hx-confirm``, ``hx-vals``, ``hx-headers``, ``hx-select``,
``hx-push-url``, ``hx-disabled-elt``, ``hx-ext`` with response-targets and preload) and
inline scripts that set ``htmx.config`` and listen to htmx 2 events reading
``event.detail``. A share of the files uses the WebSocket extension (pages with
``ws-connect``, message templates that consumers render and send) and a share the SSE
extension (``sse-connect``/``sse-swap`` pages, Python streams that send named events).
JavaScript files register htmx event listeners, set ``htmx.config`` and call
``htmx.ajax``; Python views read ``HX-Request``/``HX-Target``/``HX-Trigger`` and set
``HX-Trigger``/``HX-Redirect``; a few are sse-starlette or Django streams and Channels
consumers. Sizes per kind of file are those of the WebSocket corpus (corpus.py).

Each file draws from its own random generator (seeded by the corpus seed and its
index), after one planning pass that fixes every file's kind, app and name, so that
pages include fragments that exist and consumers render message templates that exist.
"""

from __future__ import annotations

import json
import random
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from pieces import (
    KINDS,
    WORDS,
    _form,
    _list,
    _prose,
    _table,
    _w,
    js_function,
    js_websocket,
)

APPS = 40
# Bumped whenever the generator's output changes, so that a corpus generated before is made again.
VERSION = 1
HTMX_SCRIPT = ('<script src="https://unpkg.com/htmx.org@2.0.4" integrity="sha384-HGfztofotfshcF7+8n44JQL2oJmowVChPTg48S'
               '+jvZoztPfvwD79OC/LTtG6dMp+" crossorigin="anonymous"></script>')
EXT_SCRIPTS = {
    "response-targets": '<script src="https://unpkg.com/htmx-ext-response-targets@2.0.2/response-targets.js"></script>',
    "preload": '<script src="https://unpkg.com/htmx-ext-preload@2.1.0/preload.js"></script>',
    "ws": '<script src="https://unpkg.com/htmx-ext-ws@2.0.2/ws.js"></script>',
    "sse": '<script src="https://unpkg.com/htmx-ext-sse@2.2.2/sse.js"></script>',
}
# Template kinds and their shares among the templates that use neither WebSockets nor SSE.
TEMPLATE_KINDS = (("page", 0.45), ("fragment", 0.40), ("standalone", 0.15))
EVENTS = ("created", "updated", "deleted", "progress", "notice", "presence", "tick")


@dataclass
class Plan:
    """What the planning pass fixed for one file."""

    index: int
    kind: str  # template, javascript, python
    sub: str  # page, fragment, standalone, ws-page, ws-message, sse-page / plain, ws, sse / views, consumer, stream
    app: str
    path: str  # relative to the corpus root
    name: str  # the template's name as views render it (templates only)


@dataclass
class Context:
    """What every file's generator may refer to: names that exist elsewhere in the corpus."""

    fragments: dict[str, list[str]] = field(default_factory=dict)  # app -> fragment names
    messages: dict[str, list[str]] = field(default_factory=dict)  # app -> WebSocket message templates
    all_messages: list[str] = field(default_factory=list)
    streams: dict[str, list[str]] = field(default_factory=dict)  # app -> SSE event names its pages swap


def _pick(rng: random.Random, table) -> str:
    r, acc = rng.random(), 0.0
    for name, share in table:
        acc += share
        if r < acc:
            return name
    return table[-1][0]


# --- markup blocks (each returns a piece of a template) --------------------------------

def _search(rng: random.Random, app: str) -> str:
    name = _w(rng)
    trigger = rng.choice([
        "input changed delay:300ms, search",
        "keyup changed delay:500ms, change from:closest form",
        f"keyup[key=='Enter'] from:#q-{name}, click from:#go-{name}",
        "input changed throttle:400ms",
    ])
    return f"""
<form id="{name}-search" class="search" hx-get="/{app}/{name}s/search" hx-target="#{name}-results"
      hx-select="#{name}-results" hx-push-url="true" hx-indicator="#{name}-searching">
  <input id="q-{name}" type="search" name="q" value="{{{{ request.GET.q|default:'' }}}}" placeholder="{_w(rng).title()}..."
         hx-get="/{app}/{name}s/search" hx-trigger="{trigger}" hx-target="#{name}-results" hx-sync="closest form:abort">
  <button id="go-{name}" type="submit">Search</button>
  <span id="{name}-searching" class="htmx-indicator">Searching&hellip;</span>
</form>
<div id="{name}-results" hx-swap="innerHTML show:window:top">{{% include "{app}/partials/{name}_results.html" %}}</div>
"""


def _tabs(rng: random.Random, app: str) -> str:
    tabs = rng.sample(WORDS, rng.randint(3, 5))
    active = ' class="active"'
    links = "".join(
        f'\n    <a href="/{app}/{t}" hx-get="/{app}/{t}" hx-select="#tab-content" hx-target="#tab-content" '
        f'hx-push-url="true" hx-swap="outerHTML swap:100ms settle:200ms"{active if i == 0 else ""}>{t.title()}</a>'
        for i, t in enumerate(tabs))
    return f"""
<nav class="tabs" role="tablist" hx-on:htmx:after-on-load="this.querySelectorAll('a').forEach(a => a.classList.remove('active')); event.target.classList.add('active')">{links}
</nav>
<div id="tab-content" role="tabpanel" hx-get="/{app}/{tabs[0]}" hx-trigger="load delay:50ms" hx-swap="innerHTML">
  <p class="placeholder">{{{{ _("Loading") }}}}&hellip;</p>
</div>
"""


def _poll(rng: random.Random, app: str) -> str:
    name = _w(rng)
    every = rng.choice(["every 10s", "every 30s", "load, every 60s", "every 5s [document.visibilityState === 'visible']"])
    return f"""
<section class="stats" id="{name}-stats" hx-get="/{app}/{name}s/stats" hx-trigger="{every}" hx-swap="innerHTML settle:500ms"
         hx-headers='{{"X-Poll": "1"}}'>
  {{% for stat in stats %}}<div class="stat"><b>{{{{ stat.value }}}}</b> {{{{ stat.label }}}}</div>{{% endfor %}}
</section>
"""


def _error_form(rng: random.Random, app: str) -> str:
    name = _w(rng)
    return f"""
<div hx-ext="response-targets">
  <form hx-post="/{app}/{name}s/new" hx-target="#{name}-list" hx-swap="beforeend" hx-target-422="#{name}-errors"
        hx-target-5*="#server-error" hx-target-error="#{name}-errors" hx-disabled-elt="find button[type='submit']"
        hx-on::after-request="if (event.detail.successful) this.reset()">
    {{% csrf_token %}}
    <input name="title" required placeholder="New {name}">
    <select name="{_w(rng)}">{{% for o in options %}}<option value="{{{{ o.pk }}}}">{{{{ o }}}}</option>{{% endfor %}}</select>
    <button type="submit" class="btn primary">Add</button>
  </form>
  <ul id="{name}-errors" class="errors"></ul>
  <ul id="{name}-list">{{% for {name} in {name}s %}}<li>{{{{ {name}.title }}}}</li>{{% endfor %}}</ul>
</div>
"""


def _preload_nav(rng: random.Random, app: str) -> str:
    items = "".join(
        f'\n    <li><a href="/{app}/{w}/" preload="{rng.choice(["mouseover", "mousedown", "mouseover"])}">{w.title()}</a></li>'
        for w in rng.sample(WORDS, rng.randint(3, 6)))
    return f"""
<nav class="sidebar" hx-boost="true" hx-target="#main" hx-select="#main" hx-swap="outerHTML" hx-push-url="true">
  <ul preload>{items}
  </ul>
  <a href="/logout/" hx-boost="false">{{{{ _("Log out") }}}}</a>
</nav>
"""


def _hx_on(rng: random.Random, app: str) -> str:
    name = _w(rng)
    handler = rng.choice([
        'hx-on::after-request="if (event.detail.xhr.status === 204) this.closest(\'.card\').remove()"',
        'hx-on::before-request="this.classList.add(\'busy\')" hx-on::after-request="this.classList.remove(\'busy\')"',
        'hx-on:htmx:before-request="document.body.classList.add(\'loading\')"',
        'hx-on-htmx-after-swap="initWidgets(event.detail.target)"',
        'hx-on::response-error="showToast(event.detail.xhr.statusText)"',
    ])
    return f"""
<div class="card {name}" id="{name}-card-{{{{ {name}.pk }}}}">
  <h3>{{{{ {name}.title }}}}</h3>
  <button class="btn" hx-post="/{app}/{name}s/{{{{ {name}.pk }}}}/archive" hx-target="closest .card" hx-swap="outerHTML"
          hx-confirm="Archive this {name}?" {handler}>Archive</button>
  <button class="btn" hx-on:click="document.getElementById('{name}-dialog').showModal()">Details</button>
  <dialog id="{name}-dialog" hx-on::after-settle="this.showModal()" hx-on-htmx-before-swap="console.debug('{name}', event.detail.serverResponse.length)">
    <div hx-get="/{app}/{name}s/{{{{ {name}.pk }}}}/details" hx-trigger="intersect once" hx-swap="innerHTML">&hellip;</div>
  </dialog>
</div>
"""


def _triggers(rng: random.Random, app: str) -> str:
    name = _w(rng)
    return f"""
<div id="{name}-board" class="board" hx-get="/{app}/{name}s/board" hx-trigger="{name}Changed from:body, refresh from:window"
     hx-swap="outerHTML">
  {{% for column in columns %}}
  <ul class="column" data-status="{{{{ column.status }}}}">
    {{% for card in column.cards %}}
    <li hx-post="/{app}/{name}s/{{{{ card.pk }}}}/move" hx-trigger="{rng.choice(['click queue:last', 'dblclick queue:first', 'click queue:all', 'click consume'])}"
        hx-vals='{{"status": "{{{{ column.next }}}}"}}' hx-swap="none">{{{{ card.title }}}}</li>
    {{% endfor %}}
  </ul>
  {{% endfor %}}
  <button hx-get="/{app}/{name}s/board" hx-trigger="click, keyup[ctrlKey&&key=='r'] from:body" hx-target="#{name}-board">Refresh</button>
</div>
"""


def _inline_edit(rng: random.Random, app: str) -> str:
    name = _w(rng)
    return f"""
<div id="{name}-{{{{ {name}.pk }}}}" hx-target="this" hx-swap="outerHTML">
  <p><b>{{{{ {name}.title }}}}</b> &middot; {{{{ {name}.{_w(rng)} }}}}</p>
  <button hx-get="/{app}/{name}s/{{{{ {name}.pk }}}}/edit" hx-headers='{{"X-Edit-Mode": "inline"}}' class="btn">Edit</button>
  <button hx-delete="/{app}/{name}s/{{{{ {name}.pk }}}}" hx-confirm="Delete {{{{ {name}.title }}}}?" hx-disabled-elt="this"
          hx-vals='{{"next": "{{{{ request.path }}}}"}}' class="btn danger">Delete</button>
</div>
"""


def _config_script(rng: random.Random, app: str) -> str:
    """An inline script: htmx.config settings and listeners of htmx 2 events reading event.detail."""
    name = _w(rng)
    config = rng.sample([
        'htmx.config.defaultSwapStyle = "outerHTML";',
        "htmx.config.historyCacheSize = 20;",
        'htmx.config.scrollBehavior = "smooth";',
        "htmx.config.timeout = 15000;",
        "htmx.config.globalViewTransitions = true;",
        "htmx.config.includeIndicatorStyles = false;",
        "htmx.config.selfRequestsOnly = true;",
        "htmx.config.refreshOnHistoryMiss = true;",
    ], rng.randint(1, 3))
    listeners = rng.sample([
        f"""  document.body.addEventListener("htmx:afterSwap", function (event) {{
    if (event.detail.target.id === "{name}-panel") {{ window.scrollTo(0, 0); }}
  }});""",
        """  document.body.addEventListener("htmx:beforeRequest", (event) => {
    event.detail.elt.setAttribute("aria-busy", "true");
  });""",
        """  document.body.addEventListener("htmx:configRequest", (event) => {
    event.detail.headers["X-CSRFToken"] = document.querySelector("[name=csrfmiddlewaretoken]").value;
    event.detail.parameters["tz"] = Intl.DateTimeFormat().resolvedOptions().timeZone;
  });""",
        """  htmx.on("htmx:responseError", function (evt) {
    showToast("Error " + evt.detail.xhr.status + " on " + evt.detail.pathInfo.requestPath);
  });""",
        """  document.addEventListener("htmx:beforeSwap", (evt) => {
    if (evt.detail.xhr.status === 422) { evt.detail.shouldSwap = true; evt.detail.isError = false; }
  });""",
        """  htmx.on("htmx:afterSettle", (e) => initWidgets(e.detail.elt));""",
    ], rng.randint(1, 3))
    return "\n<script>\n  " + "\n  ".join(config) + "\n" + "\n".join(listeners) + "\n</script>\n"


PAGE_BLOCKS = (_table, _form, _list, _prose)
HTMX_BLOCKS = (_search, _tabs, _poll, _error_form, _preload_nav, _hx_on, _triggers, _inline_edit)


def _body(rng: random.Random, app: str, low: int, high: int) -> list[str]:
    """Blocks of a page: the plain ones of the WebSocket corpus and htmx 2 ones, mixed."""
    parts = []
    for _ in range(rng.randint(low, high)):
        if rng.random() < 0.45:
            parts.append(rng.choice(PAGE_BLOCKS)(rng))
        else:
            parts.append(rng.choice(HTMX_BLOCKS)(rng, app))
    return parts


# --- WebSocket and SSE pieces --------------------------------------------------------------

def _ws_page_block(rng: random.Random, app: str) -> str:
    name = _w(rng)
    variant = rng.randrange(4)
    if variant == 0:
        return f"""
<div hx-ext="ws" ws-connect="/ws/{app}/{name}/{{{{ {name}.pk }}}}/">
  <ul id="{name}-log">{{% for m in messages %}}<li>{{{{ m.text }}}}</li>{{% endfor %}}</ul>
  <span id="{name}-count">{{{{ messages|length }}}}</span>
  <form id="{name}-form" ws-send hx-on::ws-after-send="this.reset()">
    <input name="message" autocomplete="off">
    <button type="submit">Send</button>
  </form>
</div>
"""
    if variant == 1:
        return f"""
<section id="{name}-feed" class="feed" hx-ext="ws,json-enc" ws-connect="/ws/{app}/feed?topic={name}">
  <div id="{name}-items"></div>
  <button ws-send hx-vals='{{"action": "refresh"}}' hx-trigger="click, every 60s">Refresh</button>
</section>
"""
    if variant == 2:
        return f"""
<aside data-hx-ext="ws" data-ws-connect="/ws/{app}/presence">
  <span id="presence-{name}" data-ws-send data-hx-trigger="load">&hellip;</span>
</aside>
<script>
  document.body.addEventListener("htmx:wsOpen", function () {{ document.body.classList.add("live"); }});
  document.body.addEventListener("htmx:wsClose", function (e) {{ console.warn("closed", e.detail.event.code); }});
</script>
"""
    return f"""
<div hx-ws="connect:/ws/{app}/{name}">
  <form hx-ws="send"><input name="q"></form>
</div>
"""


def ws_message(rng: random.Random, app: str, marked: bool) -> str:
    """A message template: top-level elements with ids, swapped out of band by htmx 2."""
    name = _w(rng)
    head = "{# hxmigrate: ws-message #}\n" if marked else ""
    rows = "".join(
        f'\n  <li class="message {w}">{{{{ message.author }}}}: {{{{ message.{w} }}}}</li>' for w in rng.sample(WORDS, 2))
    return f"""{head}{{% load i18n %}}
<ul id="{name}-log" hx-swap-oob="beforeend">{rows}
</ul>
<span id="{name}-count" hx-swap-oob="true">{{{{ count }}}}</span>
<div id="{name}-status">{{% if message.typing %}}{{{{ message.author }}}} {{% trans "is typing" %}}{{% endif %}}</div>
"""


def _sse_page_block(rng: random.Random, app: str, events: list[str]) -> str:
    name = _w(rng)
    first, second = events[0], events[-1]
    variant = rng.randrange(3)
    if variant == 0:
        return f"""
<div hx-ext="sse" sse-connect="/{app}/events/{name}" id="{name}-live">
  <ul id="{name}-items" sse-swap="{first}" hx-swap="beforeend"></ul>
  <span id="{name}-state" sse-swap="{second}">&hellip;</span>
  <div hx-get="/{app}/{name}s/summary" hx-trigger="sse:{first} delay:500ms">{{{{ summary }}}}</div>
</div>
"""
    if variant == 1:
        return f"""
<section data-hx-ext="sse" data-sse-connect="/{app}/events/{name}" data-sse-close="done">
  <div data-sse-swap="message">waiting for {name}s&hellip;</div>
</section>
<script>
  document.body.addEventListener("htmx:sseOpen", (e) => e.detail.elt.classList.add("live"));
  document.body.addEventListener("htmx:sseError", (e) => console.warn("sse", e.detail.error));
</script>
"""
    return f"""
<div hx-ext="sse" sse-connect="/{app}/events/{name}">
  <p id="{name}-progress" sse-swap="{first}" hx-on::sse-before-message="if (event.detail.data === '') event.preventDefault()">0%</p>
</div>
"""


# --- templates ----------------------------------------------------------------------------

def site_base(rng: random.Random) -> str:
    return f"""<!DOCTYPE html>
{{% load static i18n %}}
<html lang="{{{{ LANGUAGE_CODE|default:"en" }}}}">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <meta name="htmx-config" content='{{"historyCacheSize": 15, "refreshOnHistoryMiss": true, "defaultSettleDelay": 100}}'>
  <title>{{% block title %}}{{{{ site.name }}}}{{% endblock %}}</title>
  <link rel="stylesheet" href="{{% static 'css/app.css' %}}">
  {HTMX_SCRIPT}
  {EXT_SCRIPTS["response-targets"]}
  {EXT_SCRIPTS["preload"]}
  {{% block extra_head %}}{{% endblock %}}
</head>
<body hx-boost="true" hx-ext="response-targets, preload" hx-headers='{{"X-CSRFToken": "{{{{ csrf_token }}}}"}}'
      hx-indicator="#global-spinner" hx-target-5*="#server-error">
  <img id="global-spinner" class="htmx-indicator" src="{{% static 'img/spinner.svg' %}}" alt="">
  <header>{{% include "_nav.html" %}}</header>
  <main id="main">{{% block content %}}{{% endblock %}}</main>
  <div id="server-error" role="alert"></div>
  {{% include "_messages.html" %}}
{_config_script(rng, "site")}</body>
</html>
"""


def site_partial(rng: random.Random, which: str) -> str:
    if which == "_nav.html":
        return "{% load i18n %}" + _preload_nav(rng, "site")
    return """{% if messages %}
<ul id="messages" class="messages" hx-swap-oob="true">
  {% for message in messages %}<li class="{{ message.tags }}" hx-on:click="this.remove()">{{ message }}</li>{% endfor %}
</ul>
{% endif %}
"""


def app_base(rng: random.Random, app: str) -> str:
    links = "".join(
        f'\n    <a href="/{app}/{w}/" hx-get="/{app}/{w}/" hx-target="#app-panel" hx-push-url="true">{w.title()}</a>'
        for w in rng.sample(WORDS, 4))
    return f"""{{% extends "base.html" %}}
{{% load static %}}
{{% block title %}}{app.title()} &middot; {{{{ block.super }}}}{{% endblock %}}
{{% block extra_head %}}<script src="{{% static '{app}/js/{app}.js' %}}" defer></script>{{% endblock %}}
{{% block content %}}
<div class="app {app}" hx-target="#app-panel" hx-swap="innerHTML">
  <aside class="app-nav">{links}
  </aside>
  <section id="app-panel">{{% block app_content %}}{{% endblock %}}</section>
</div>
{{% endblock %}}
"""


def _includes(rng: random.Random, app: str, ctx: Context) -> str:
    names = ctx.fragments.get(app) or ["_messages.html"]
    return "".join(f'\n{{% include "{n}" %}}\n' for n in rng.sample(names, min(len(names), rng.randint(0, 2))))


def page(rng: random.Random, plan: Plan, ctx: Context) -> str:
    app = plan.app
    head = ""
    if plan.sub == "ws-page":
        head = f'{{% block extra_head %}}{{{{ block.super }}}}\n{EXT_SCRIPTS["ws"]}{{% endblock %}}\n'
    elif plan.sub == "sse-page":
        head = f'{{% block extra_head %}}{{{{ block.super }}}}\n{EXT_SCRIPTS["sse"]}{{% endblock %}}\n'
    parts = [f'{{% extends "{app}/base.html" %}}\n{{% load static i18n %}}\n{head}{{% block app_content %}}\n']
    parts += _body(rng, app, 3, 12)
    parts.insert(rng.randint(1, len(parts)), _includes(rng, app, ctx))
    if plan.sub == "ws-page":
        parts.insert(rng.randint(1, len(parts)), _ws_page_block(rng, app))
    elif plan.sub == "sse-page":
        parts.insert(rng.randint(1, len(parts)), _sse_page_block(rng, app, ctx.streams[app]))
    if rng.random() < 0.35:
        parts.append(_config_script(rng, app))
    parts.append("{% endblock %}\n")
    return "".join(parts)


def standalone(rng: random.Random, plan: Plan, ctx: Context) -> str:
    app = plan.app
    exts = [e for e in ("response-targets", "preload") if rng.random() < 0.6]
    if plan.sub == "ws-page":
        exts.append("ws")
    elif plan.sub == "sse-page":
        exts.append("sse")
    scripts = "".join(f"\n  {EXT_SCRIPTS[e]}" for e in exts)
    body_ext = f' hx-ext="{", ".join(exts)}"' if exts else ""
    parts = [f"""<!DOCTYPE html>
{{% load static i18n %}}
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>{{% block title %}}{app.title()}{{% endblock %}}</title>
  {HTMX_SCRIPT}{scripts}
</head>
<body{body_ext} hx-headers='{{"X-CSRFToken": "{{{{ csrf_token }}}}"}}' hx-boost="true">
"""]
    parts += _body(rng, app, 3, 9)
    if plan.sub == "ws-page":
        parts.insert(rng.randint(1, len(parts)), _ws_page_block(rng, app))
    elif plan.sub == "sse-page":
        parts.insert(rng.randint(1, len(parts)), _sse_page_block(rng, app, ctx.streams[app]))
    parts.append(_config_script(rng, app))
    parts.append("</body>\n</html>\n")
    return "".join(parts)


def _rows(rng: random.Random, app: str) -> str:
    name = _w(rng)
    cols = rng.sample(WORDS, 3)
    cells = "".join(f"<td>{{{{ {name}.{c} }}}}</td>" for c in cols)
    return f"""
{{% for {name} in {name}s %}}
<tr id="{name}-row-{{{{ {name}.pk }}}}" hx-target="this" hx-swap="outerHTML swap:200ms">
  {cells}
  <td><button hx-get="/{app}/{name}s/{{{{ {name}.pk }}}}/edit" hx-trigger="click" hx-indicator="closest tr">Edit</button>
      <button hx-delete="/{app}/{name}s/{{{{ {name}.pk }}}}" hx-confirm="Delete?" hx-on::after-request="htmx.trigger('body', '{name}Changed')">Delete</button></td>
</tr>
{{% endfor %}}
{{% if page.has_next %}}
<tr hx-get="/{app}/{name}s/?page={{{{ page.next_page_number }}}}" hx-trigger="revealed" hx-swap="afterend"><td colspan="4">&hellip;</td></tr>
{{% endif %}}
"""


def _oob(rng: random.Random, app: str) -> str:
    name = _w(rng)
    return f"""
<span id="{name}-count" hx-swap-oob="true">{{{{ {name}s|length }}}}</span>
<div id="{name}-flash" hx-swap-oob="innerHTML">{{% for m in messages %}}<p>{{{{ m }}}}</p>{{% endfor %}}</div>
"""


FRAGMENT_BLOCKS = (_rows, _oob, _inline_edit, _hx_on, _error_form, _triggers)


def fragment(rng: random.Random, plan: Plan, ctx: Context) -> str:
    parts = ["{% load i18n %}\n"]
    for _ in range(rng.randint(2, 8)):
        if rng.random() < 0.3:
            parts.append(rng.choice(PAGE_BLOCKS)(rng))
        else:
            parts.append(rng.choice(FRAGMENT_BLOCKS)(rng, plan.app))
    return "".join(parts)


# --- JavaScript ---------------------------------------------------------------------------

def javascript(rng: random.Random, plan: Plan, ctx: Context) -> str:
    name = _w(rng)
    out = [f'// {name.title()} page behaviour for {plan.app}.\n"use strict";\n\n']
    for _ in range(rng.randint(3, 11)):
        out.append(js_function(rng))
    pieces = [
        f"""htmx.on("htmx:afterSwap", (event) => {{
  if (event.detail.target.id === "{name}-panel") {{ window.scrollTo(0, 0); }}
}});
""",
        """document.body.addEventListener("htmx:beforeRequest", function (evt) {
  if (evt.detail.requestConfig.verb === "delete" && !window.confirm("Really?")) evt.preventDefault();
});
""",
        """document.body.addEventListener("htmx:configRequest", (event) => {
  event.detail.headers["X-Requested-With"] = "XMLHttpRequest";
  if (event.detail.parameters.page === undefined) event.detail.parameters.page = 1;
});
""",
        """document.addEventListener("htmx:responseError", (evt) => {
  console.error(evt.detail.xhr.status, evt.detail.xhr.responseURL);
});
""",
        f"""htmx.config.defaultSwapStyle = "outerHTML";
htmx.config.historyCacheSize = 0;
htmx.config.{rng.choice(['timeout = 10000', 'scrollBehavior = "auto"', 'globalViewTransitions = true'])};
""",
        f"""export function reload{name.title()}(id) {{
  return htmx.ajax("GET", `/{plan.app}/{name}s/${{id}}/`, {{ target: "#{name}-panel", swap: "innerHTML" }});
}}
""",
        f"""htmx.onLoad((content) => {{
  htmx.findAll(content, ".{name}-chart").forEach((el) => htmx.addClass(el, "ready"));
}});
""",
    ]
    out += rng.sample(pieces, rng.randint(1, 4))
    if plan.sub == "ws":
        out.append(js_websocket(name))
    elif plan.sub == "sse":
        out.append(f"""
document.body.addEventListener("htmx:sseMessage", (e) => {{
  console.debug("{name}", e.detail.type, e.detail.lastEventId);
}});
htmx.on("htmx:sseClose", (e) => document.getElementById("{name}-live")?.classList.remove("live"));
""")
    return "".join(out)


def entry_script(rng: random.Random) -> str:
    """The bundler entry that loads htmx and its extensions from npm."""
    return """// Bundler entry: htmx and the extensions the site uses.
import htmx from "htmx.org";
import "htmx-ext-response-targets";
import "htmx-ext-preload";
import "htmx-ext-sse";
import "htmx-ext-ws";

window.htmx = htmx;
htmx.config.includeIndicatorStyles = false;
htmx.config.historyCacheSize = 15;
document.addEventListener("htmx:historyRestore", (e) => console.debug("restored", e.detail.path));
"""


def package_json() -> str:
    return json.dumps({
        "name": "site-frontend", "private": True, "version": "1.0.0",
        "scripts": {"build": "esbuild static/js/main.js --bundle --outfile=static/dist/main.js"},
        "dependencies": {"htmx.org": "^2.0.4", "htmx-ext-response-targets": "^2.0.2", "htmx-ext-preload": "^2.1.0",
                         "htmx-ext-sse": "^2.2.2", "htmx-ext-ws": "^2.0.2"},
        "devDependencies": {"esbuild": "^0.24.0"},
    }, indent=2) + "\n"


# --- Python -------------------------------------------------------------------------------

def _views(rng: random.Random, plan: Plan, ctx: Context) -> str:
    name = _w(rng)
    app = plan.app
    frags = ctx.fragments.get(app) or ["_messages.html"]
    out = [f'''"""Views for {name}s."""

import json

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from .models import {name.title()}

''']
    for verb in rng.sample(["list", "detail", "edit", "save", "delete", "search", "export"], rng.randint(2, 6)):
        body = rng.choice([
            f'''    if request.headers.get("HX-Request"):
        return render(request, "{rng.choice(frags)}", context)
    return render(request, "{app}/{verb}.html", context)''',
            f'''    if request.headers.get("HX-Target") == "{name}-panel":
        return render(request, "{rng.choice(frags)}", context)
    if request.META.get("HTTP_HX_TRIGGER") == "{name}-refresh":
        context["refreshed"] = True
    return render(request, "{app}/{verb}.html", context)''',
            f'''    obj.save()
    response = HttpResponse(status=204)
    response["HX-Trigger"] = json.dumps({{"{name}Changed": {{"id": obj.pk}}, "showMessage": "Saved"}})
    return response''',
            f'''    if request.headers.get("HX-Trigger") == "delete-button":
        obj.delete()
    if request.htmx:
        response = HttpResponse()
        response["HX-Redirect"] = "/{app}/{name}s/"
        return response
    return redirect("{name}-list")''',
            f'''    response = render(request, "{rng.choice(frags)}", context)
    response["HX-Trigger-After-Settle"] = "{name}Loaded"
    response["HX-Push-Url"] = request.path
    return response''',
        ])
        out.append(f'''
def {name}_{verb}(request, pk=None):
    obj = get_object_or_404({name.title()}, pk=pk) if pk else {name.title()}()
    context = {{"{name}": obj, "{name}s": {name.title()}.objects.filter(owner=request.user)[:50]}}
{body}
''')
    return "".join(out)


def _consumer(rng: random.Random, plan: Plan, ctx: Context) -> str:
    name = _w(rng)
    names = ctx.messages.get(plan.app) or ctx.all_messages or [f"{plan.app}/partials/message.html"]
    first, second = rng.choice(names), rng.choice(names)
    return f'''"""The {name} room's WebSocket consumer."""

import json

from asgiref.sync import async_to_sync
from channels.generic.websocket import WebsocketConsumer
from django.template.loader import render_to_string


class {name.title()}Consumer(WebsocketConsumer):
    def connect(self):
        self.room = self.scope["url_route"]["kwargs"]["room"]
        async_to_sync(self.channel_layer.group_add)(self.room, self.channel_name)
        self.accept()

    def disconnect(self, code):
        async_to_sync(self.channel_layer.group_discard)(self.room, self.channel_name)

    def receive(self, text_data=None, bytes_data=None):
        payload = json.loads(text_data)
        trigger = payload["HEADERS"].get("HX-Trigger")
        html = render_to_string("{first}", {{"message": payload.get("message"), "trigger": trigger, "count": 1}})
        async_to_sync(self.channel_layer.group_send)(self.room, {{"type": "room.message", "html": html}})

    def room_message(self, event):
        self.send(text_data=event["html"])

    def room_typing(self, event):
        self.send(text_data=render_to_string("{second}", {{"message": event, "count": 0}}))
'''


def _stream(rng: random.Random, plan: Plan, ctx: Context) -> str:
    name = _w(rng)
    events = ctx.streams.get(plan.app) or list(EVENTS[:2])
    if rng.random() < 0.5:
        return f'''"""Server-sent events for {name}s (FastAPI with sse-starlette)."""

import asyncio

from fastapi import APIRouter, Request
from sse_starlette.sse import EventSourceResponse, ServerSentEvent

router = APIRouter()


@router.get("/{plan.app}/events/{name}")
async def {name}_events(request: Request):
    async def stream():
        n = 0
        while not await request.is_disconnected():
            n += 1
            yield ServerSentEvent(data=f"<li>{name} {{n}}</li>", event="{events[0]}", id=str(n))
            yield {{"event": "{events[-1]}", "data": f"<b>{{n}}</b>"}}
            await asyncio.sleep(1)
    return EventSourceResponse(stream())
'''
    return f'''"""Server-sent events for {name}s (Django)."""

import time

from django.http import StreamingHttpResponse


def {name}_events(request):
    def stream():
        for n in range(100):
            yield f"event: {events[0]}\\ndata: <li>{name} {{n}}</li>\\n\\n"
            yield "event: {events[-1]}\\ndata: <b>%d</b>\\n\\n" % n
            time.sleep(1)
    response = StreamingHttpResponse(stream(), content_type="text/event-stream")
    response["Cache-Control"] = "no-cache"
    return response
'''


# --- the corpus ---------------------------------------------------------------------------

FIXED = ("templates/base.html", "templates/_nav.html", "templates/_messages.html", "package.json",
         "static/js/main.js")


def plan(files: int, ws_share: float, sse_share: float, seed: int) -> list[Plan]:
    """Every file's kind, app and name: the fixed project files, one base template per app,
    then files drawn like the WebSocket corpus's (60% templates, 20% JavaScript, 20% Python)."""
    rng = random.Random(seed)
    plans = [Plan(i, "fixed", "", "", p, p) for i, p in enumerate(FIXED[:files])]
    apps = [f"app{a:02d}" for a in range(APPS)]
    for app in apps[:max(0, files - len(plans))]:
        name = f"{app}/base.html"
        plans.append(Plan(len(plans), "template", "base", app, f"{app}/templates/{name}", name))
    rest = range(len(plans), files)
    special = rng.sample(list(rest), round(files * (ws_share + sse_share))) if rest else []
    ws = set(special[:round(files * ws_share)])
    for i in rest:
        r = rng.random()
        acc = 0.0
        for kind, share in KINDS:
            acc += share
            if r < acc:
                break
        app = apps[i % APPS]
        word = _w(rng)
        flavour = "ws" if i in ws else ("sse" if i in special else "")
        if kind == "template":
            if flavour == "ws":
                sub = rng.choice(["ws-page", "ws-message"])
            elif flavour == "sse":
                sub = "sse-page"
            else:
                sub = _pick(rng, TEMPLATE_KINDS)
            if sub in ("fragment", "ws-message"):
                name = f"{app}/partials/{word}_{i:05d}.html"
            else:
                name = f"{app}/{word}_{i:05d}.html"
                if sub != "page" and rng.random() < 0.3:
                    sub = {"ws-page": "ws-standalone", "sse-page": "sse-standalone"}.get(sub, sub)
            plans.append(Plan(i, kind, sub, app, f"{app}/templates/{name}", name))
        elif kind == "javascript":
            plans.append(Plan(i, kind, flavour or "plain", app, f"{app}/static/{app}/js/{word}_{i:05d}.js", ""))
        else:
            sub = {"ws": "consumer", "sse": "stream"}.get(flavour, "views")
            folder = {"consumer": "consumers", "stream": "streams", "views": "views"}[sub]
            plans.append(Plan(i, kind, sub, app, f"{app}/{folder}/{word}_{i:05d}.py", ""))
    return plans


def context_of(plans: list[Plan], seed: int) -> Context:
    ctx = Context()
    rng = random.Random(f"{seed}:context")
    for p in plans:
        if p.sub == "fragment":
            ctx.fragments.setdefault(p.app, []).append(p.name)
        elif p.sub == "ws-message":
            ctx.messages.setdefault(p.app, []).append(p.name)
            ctx.all_messages.append(p.name)
    for a in range(APPS):
        ctx.streams[f"app{a:02d}"] = rng.sample(EVENTS, 2)
    return ctx


def render(p: Plan, ctx: Context, seed: int) -> str:
    rng = random.Random(f"{seed}:{p.index}")
    if p.kind == "fixed":
        if p.path == "templates/base.html":
            return site_base(rng)
        if p.path.startswith("templates/"):
            return site_partial(rng, p.path.rsplit("/", 1)[1])
        return package_json() if p.path == "package.json" else entry_script(rng)
    if p.kind == "template":
        if p.sub == "base":
            return app_base(rng, p.app)
        if p.sub == "ws-message":
            return ws_message(rng, p.app, marked=rng.random() < 0.3)
        if p.sub == "fragment":
            return fragment(rng, p, ctx)
        if p.sub.endswith("standalone"):
            return standalone(rng, Plan(p.index, p.kind, p.sub.replace("standalone", "page"), p.app, p.path, p.name), ctx)
        return page(rng, p, ctx)
    if p.kind == "javascript":
        return javascript(rng, p, ctx)
    return {"consumer": _consumer, "stream": _stream, "views": _views}[p.sub](rng, p, ctx)


def generate(out: Path, files: int, ws_share: float = 0.05, sse_share: float = 0.05, seed: int = 4) -> dict:
    """Write the full corpus under ``out`` (emptied first); return its manifest."""
    if out.exists():
        shutil.rmtree(out)
    plans = plan(files, ws_share, sse_share, seed)
    ctx = context_of(plans, seed)
    counts: dict[str, int] = {}
    total = 0
    for p in plans:
        path = out / p.path
        path.parent.mkdir(parents=True, exist_ok=True)
        data = render(p, ctx, seed).encode("utf-8")
        path.write_bytes(data)
        key = "template" if p.kind == "template" else ("javascript" if p.path.endswith(".js") else
                                                        "python" if p.kind == "python" else "other")
        counts[key] = counts.get(key, 0) + 1
        counts[f"{p.kind}:{p.sub}" if p.sub else p.kind] = counts.get(f"{p.kind}:{p.sub}" if p.sub else p.kind, 0) + 1
        total += len(data)
    ws = sum(v for k, v in counts.items() if ":ws" in k or k.endswith("consumer"))
    sse = sum(v for k, v in counts.items() if ":sse" in k or k.endswith("stream"))
    manifest = {"mode": "full", "version": VERSION, "files": files, "ws_share": ws_share, "sse_share": sse_share, "seed": seed,
                "template": counts.get("template", 0), "javascript": counts.get("javascript", 0),
                "python": counts.get("python", 0), "ws": ws, "sse": sse, "bytes": total,
                "by_kind": dict(sorted((k, v) for k, v in counts.items() if ":" in k))}
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
    return manifest


def templates_of(root: Path, count: int) -> list[str]:
    """``count`` templates of a generated corpus spread over it (pages and fragments, no
    base), relative to its root: the files a commit changed."""
    found = sorted(p.relative_to(root).as_posix() for p in root.rglob("*.html")
                   if p.name != "base.html" and not p.relative_to(root).as_posix().startswith("templates/"))
    step = max(1, len(found) // count)
    return found[step // 2::step][:count]
