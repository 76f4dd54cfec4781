"""What both corpora of the benchmark are written from (corpus.py, corpus_full.py): the words,
the template blocks and the pieces of page scripts they share. The same random calls in the
same order: both corpora come out byte for byte as before these were shared."""

from __future__ import annotations

import random

KINDS = (("template", 0.6), ("javascript", 0.2), ("python", 0.2))
WORDS = (
    "account order invoice report team project task comment message room channel user profile "
    "setting billing export import search filter archive dashboard ticket customer product cart"
).split()


def _w(rng: random.Random) -> str:
    return rng.choice(WORDS)


# --- templates ---------------------------------------------------------------------

def _table(rng: random.Random) -> str:
    name = _w(rng)
    cols = rng.sample(WORDS, 4)
    head = "".join(f"<th>{c.title()}</th>" for c in cols)
    cells = "".join(f"<td>{{{{ {name}.{c} }}}}</td>" for c in cols)
    return f"""
<table class="table {name}s" id="{name}-table">
  <thead><tr>{head}<th></th></tr></thead>
  <tbody hx-target="closest tr" hx-swap="outerHTML">
    {{% for {name} in {name}s %}}
    <tr id="{name}-{{{{ {name}.id }}}}" class="{{% if {name}.active %}}active{{% else %}}muted{{% endif %}}">
      {cells}
      <td>
        <button class="btn" hx-get="/{name}s/{{{{ {name}.id }}}}/edit" hx-trigger="click">Edit</button>
        <button class="btn danger" hx-delete="/{name}s/{{{{ {name}.id }}}}" hx-confirm="Delete this {name}?">Delete</button>
      </td>
    </tr>
    {{% empty %}}
    <tr><td colspan="5">No {name}s yet. <a href="{{% url '{name}-new' %}}">Create one</a>.</td></tr>
    {{% endfor %}}
  </tbody>
</table>
"""


def _form(rng: random.Random) -> str:
    name = _w(rng)
    fields = "".join(
        f"""
    <label for="id_{f}">{f.title()}</label>
    <input type="text" id="id_{f}" name="{f}" value="{{{{ form.{f}.value|default:'' }}}}" {rng.choice(['required', '', 'autocomplete="off"'])}>
    {{% if form.{f}.errors %}}<p class="error">{{{{ form.{f}.errors|join:", " }}}}</p>{{% endif %}}"""
        for f in rng.sample(WORDS, rng.randint(2, 5))
    )
    return f"""
<form method="post" action="{{% url '{name}-save' %}}" hx-post="/{name}s/save" hx-target="#{name}-panel" hx-swap="innerHTML"
      hx-indicator="#spinner">
  {{% csrf_token %}}{fields}
  <button type="submit" class="btn primary">Save {name}</button>
  <img id="spinner" class="htmx-indicator" src="{{% static 'img/spinner.svg' %}}" alt="">
</form>
"""


def _list(rng: random.Random) -> str:
    name = _w(rng)
    return f"""
<section class="{name}-list" hx-get="/{name}s/page/{{{{ page.next_page_number }}}}" hx-trigger="revealed" hx-swap="afterend">
  {{# {name}s are paginated server side #}}
  <ul>
    {{% for item in page %}}
    <li class="item{{% if forloop.last %}} last{{% endif %}}"><a href="{{{{ item.get_absolute_url }}}}" hx-boost="true">{{{{ item.title|truncatechars:40 }}}}</a>
      <span class="meta">{{{{ item.created|date:"M d, Y" }}}} &middot; {{{{ item.author.get_full_name }}}}</span></li>
    {{% endfor %}}
  </ul>
</section>
"""


def _prose(rng: random.Random) -> str:
    words = " ".join(rng.choice(WORDS) for _ in range(rng.randint(20, 60)))
    return f"""
<article class="card">
  <h2>{{{{ _("{_w(rng).title()} overview") }}}}</h2>
  <p>{words}.</p>
  <!-- {_w(rng)} help text: shown to staff only -->
  {{% if user.is_staff %}}<p class="staff">{{{{ stats.{_w(rng)}_count }}}} {_w(rng)}s this week</p>{{% endif %}}
</article>
"""


# --- page scripts ----------------------------------------------------------------------

def js_function(rng: random.Random) -> str:
    """One exported helper of a page script (both corpora have them)."""
    fn = f"{rng.choice(['load', 'render', 'update', 'toggle', 'format'])}{_w(rng).title()}"
    return f"""export function {fn}(el, options = {{}}) {{
  const items = Array.from(el.querySelectorAll(".{_w(rng)}"));
  for (const item of items) {{
    if (options.{_w(rng)} && item.dataset.{_w(rng)} !== undefined) {{
      item.classList.toggle("active", item.textContent.includes(options.query || ""));
    }}
  }}
  return items.length;
}}

"""


def js_websocket(name: str) -> str:
    """A script's 2.x WebSocket settings and listeners (both corpora have them)."""
    return f"""
htmx.config.wsReconnectDelay = function (retryCount) {{
  return Math.min(1000 * Math.pow(2, retryCount), 30000);
}};
document.body.addEventListener("htmx:wsConfigSend", function (event) {{
  event.detail.parameters.sentAt = Date.now();
}});
htmx.on("htmx:wsAfterMessage", (event) => console.debug("{name}", event.detail.message.length));
"""
