"""A deterministic corpus of web-project files for the benchmark.

The same arguments always give the same bytes: templates (Jinja/Django style), JavaScript
and Python server code laid out like a multi-app project. A share of the files uses the
htmx 2.x WebSocket extension (``ws-connect``, ``ws-send``, ``hx-ext="ws"``, ``htmx:ws*``
events, message templates sent from consumers); the rest is ordinary htmx 2 code that a
migration tool has to read and leave alone.

``--mode full`` writes the other corpus of the benchmark (corpus_full.py): a project where
every template is an htmx 2 page or fragment, with base templates, and the JavaScript and
Python of such a project. Both live side by side under bench/corpus/ (see ``folder``).

    python bench/corpus.py --files 5000 --ws-share 0.05            # bench/corpus/5000-0.05-4
    python bench/corpus.py --mode full --files 5000                # bench/corpus/full-5000-0.05-0.05-4
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
from pathlib import Path

from pieces import (
    KINDS,
    _form,
    _list,
    _prose,
    _table,
    _w,
    js_function,
    js_websocket,
)

# --- templates ---------------------------------------------------------------------

def _ws_block(rng: random.Random) -> str:
    name = _w(rng)
    variant = rng.randrange(5)
    if variant == 0:
        return f"""
<div hx-ext="ws" ws-connect="/ws/{name}/{{{{ {name}.id }}}}/">
  <ul id="{name}-log">{{% for m in messages %}}<li>{{{{ m.text }}}}</li>{{% endfor %}}</ul>
  <form id="{name}-form" ws-send>
    <input name="message" autocomplete="off">
    <button type="submit">Send</button>
  </form>
</div>
"""
    if variant == 1:
        return f"""
<section id="{name}-feed" class="feed" hx-ext="ws,json-enc" ws-connect="/ws/feed?topic={name}">
  <div id="{name}-items"></div>
  <button ws-send hx-vals='{{"action": "refresh"}}'>Refresh</button>
</section>
"""
    if variant == 2:
        return f"""
<div hx-ws="connect:/ws/{name}">
  <form hx-ws="send"><input name="q"></form>
</div>
"""
    if variant == 3:
        # a message template, sent over the socket by the server
        return f"""
{{# hxmigrate: ws-message #}}
<ul id="{name}-log" hx-swap-oob="beforeend">
  <li class="message">{{{{ message.author }}}}: {{{{ message.text }}}}</li>
</ul>
<span id="{name}-count" hx-swap-oob="true">{{{{ count }}}}</span>
"""
    return f"""
<aside data-hx-ext="ws" data-ws-connect="/ws/presence">
  <span id="presence-{name}" data-ws-send data-hx-trigger="load">&hellip;</span>
</aside>
<script>
  document.body.addEventListener("htmx:wsOpen", function () {{ document.body.classList.add("live"); }});
</script>
"""


def template(rng: random.Random, ws: bool) -> str:
    parts = []
    if rng.random() < 0.3:
        parts.append(f"""<!DOCTYPE html>
<html lang="{{{{ LANGUAGE_CODE|default:"en" }}}}">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>{{% block title %}}{{{{ site.name }}}}{{% endblock %}}</title>
  <link rel="stylesheet" href="{{% static 'css/app.css' %}}">
  <script src="https://unpkg.com/htmx.org@2.0.4" integrity="sha384-HGfztofotfshcF7+8n44JQL2oJmowVChPTg48S+jvZoztPfvwD79OC/LTtG6dMp+" crossorigin="anonymous"></script>
  {"<script src='https://unpkg.com/htmx-ext-ws@2.0.2/ws.js'></script>" if ws else ""}
</head>
<body hx-headers='{{"X-CSRFToken": "{{{{ csrf_token }}}}"}}'{' hx-ext="ws"' if ws and rng.random() < 0.3 else ''}>
""")
    else:
        parts.append(f'{{% extends "{rng.choice(["base", "layout", "app/base"])}.html" %}}\n{{% load static i18n %}}\n{{% block content %}}\n')
    blocks = [_table, _form, _list, _prose]
    for _ in range(rng.randint(2, 9)):
        parts.append(rng.choice(blocks)(rng))
    if ws:
        parts.insert(rng.randint(1, len(parts)), _ws_block(rng))
    parts.append("</body>\n</html>\n" if parts[0].startswith("<!DOCTYPE") else "{% endblock %}\n")
    return "".join(parts)


# --- JavaScript ----------------------------------------------------------------------

def javascript(rng: random.Random, ws: bool) -> str:
    name = _w(rng)
    out = [f'// {name.title()} page behaviour.\n"use strict";\n\n']
    for _ in range(rng.randint(3, 12)):
        out.append(js_function(rng))
    if rng.random() < 0.5:
        out.append(f"""document.body.addEventListener("htmx:afterSwap", (event) => {{
  if (event.detail.target.id === "{name}-panel") {{ window.scrollTo(0, 0); }}
}});
htmx.config.defaultSwapStyle = "outerHTML";
""")
    if ws:
        out.append(js_websocket(name))
    return "".join(out)


# --- Python ---------------------------------------------------------------------------

def python(rng: random.Random, ws: bool) -> str:
    name = _w(rng)
    out = [f'''"""Views for {name}s."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string

from .models import {name.title()}

''']
    for verb in rng.sample(["list", "detail", "edit", "save", "delete", "search", "export"], rng.randint(2, 6)):
        out.append(f'''
def {name}_{verb}(request, pk=None):
    obj = get_object_or_404({name.title()}, pk=pk) if pk else None
    context = {{"{name}": obj, "{name}s": {name.title()}.objects.filter(owner=request.user)[:50]}}
    if request.headers.get("HX-Request"):
        return render(request, "{name}s/partials/{verb}.html", context)
    return render(request, "{name}s/{verb}.html", context)
''')
    if ws:
        out.append(f'''

from channels.generic.websocket import AsyncWebsocketConsumer


class {name.title()}Consumer(AsyncWebsocketConsumer):
    async def receive(self, text_data=None, bytes_data=None):
        payload = json.loads(text_data)
        trigger = payload["HEADERS"].get("HX-Trigger")
        html = render_to_string("{name}s/partials/message.html", {{"message": payload.get("message"), "trigger": trigger}})
        await self.send(text_data=html)
''')
        out[0] = "import json\n" + out[0]
    return "".join(out)


GENERATORS = {"template": (template, ".html"), "javascript": (javascript, ".js"), "python": (python, ".py")}


def generate(out: Path, files: int, ws_share: float, seed: int = 4) -> dict:
    """Write the corpus under ``out`` (emptied first); return its manifest."""
    rng = random.Random(seed)
    if out.exists():
        shutil.rmtree(out)
    counts = {"template": 0, "javascript": 0, "python": 0, "ws": 0, "bytes": 0}
    ws_files = set(rng.sample(range(files), round(files * ws_share)))
    for i in range(files):
        r = rng.random()
        acc = 0.0
        for kind, share in KINDS:
            acc += share
            if r < acc:
                break
        make, suffix = GENERATORS[kind]
        ws = i in ws_files
        app = f"app{i % 40:02d}"
        folder = {"template": f"{app}/templates/{app}", "javascript": f"{app}/static/js", "python": app}[kind]
        path = out / folder / f"{_w(rng)}_{i:05d}{suffix}"
        path.parent.mkdir(parents=True, exist_ok=True)
        data = make(rng, ws).encode("utf-8")
        path.write_bytes(data)
        counts[kind] += 1
        counts["ws"] += ws
        counts["bytes"] += len(data)
    manifest = {"files": files, "ws_share": ws_share, "seed": seed, **counts}
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
    return manifest


def one_template(seed: int = 7, ws: bool = True) -> str:
    """A single realistic template (the pre-commit case)."""
    return template(random.Random(seed), ws)


MODES = ("ws", "full")


def folder(mode: str, files: int, ws_share: float = 0.05, sse_share: float = 0.05, seed: int = 4) -> str:
    """The name of a corpus's folder under bench/corpus/: the WebSocket corpus keeps the
    names it always had, the full one starts with "full-"."""
    if mode == "ws":
        return f"{files}-{ws_share:g}-{seed}"
    return f"full-{files}-{ws_share:g}-{sse_share:g}-{seed}"


def build(mode: str, out: Path, files: int, ws_share: float = 0.05, sse_share: float = 0.05, seed: int = 4) -> dict:
    """Write a corpus of either mode under ``out``; return its manifest."""
    if mode == "ws":
        return generate(out, files, ws_share, seed)
    import corpus_full  # beside this file

    return corpus_full.generate(out, files, ws_share, sse_share, seed)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mode", choices=MODES, default="ws",
                        help="ws: ordinary htmx 2 code with a share of WebSocket files (the default); "
                             "full: every template an htmx 2 page or fragment (corpus_full.py)")
    parser.add_argument("--files", type=int, default=5000)
    parser.add_argument("--ws-share", type=float, default=0.05, help="share of files using 2.x WebSockets (0..1)")
    parser.add_argument("--sse-share", type=float, default=0.05, help="full mode: share of files using 2.x SSE (0..1)")
    parser.add_argument("--seed", type=int, default=4)
    parser.add_argument("--out", type=Path, default=None, help="default: bench/corpus/ and the corpus's folder name")
    args = parser.parse_args()
    out = args.out or Path(__file__).resolve().parent / "corpus" / folder(
        args.mode, args.files, args.ws_share, args.sse_share, args.seed)
    manifest = build(args.mode, out, args.files, args.ws_share, args.sse_share, args.seed)
    print(json.dumps(manifest))


if __name__ == "__main__":
    main()
