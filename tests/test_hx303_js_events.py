"""HX303: htmx 2 event names in JavaScript and Alpine listeners, and their handlers' detail reads."""

from __future__ import annotations

import pytest

from hxmigrate.testing import check_noop, check_transformed, run

JS = dict(filename="app.js", select=["HX303"])
TS = dict(filename="app.ts", select=["HX303"])
HTML = dict(filename="page.html", select=["HX303"])


@pytest.mark.parametrize(
    "before, after",
    [
        # THE case: Django's and Flask's CSRF header
        ("document.body.addEventListener('htmx:configRequest', (e) => { e.detail.headers['X-CSRFToken'] = token; });",
         "document.body.addEventListener('htmx:config:request', (e) => { e.detail.ctx.request.headers['X-CSRFToken'] = token; });"),
        ('htmx.on("htmx:configRequest", function (evt) { evt.detail.headers["X-CSRFToken"] = getCookie("csrftoken"); });',
         'htmx.on("htmx:config:request", function (evt) { evt.detail.ctx.request.headers["X-CSRFToken"] = getCookie("csrftoken"); });'),
        ("document.addEventListener('htmx:config-request', ({ detail }) => { detail.headers.Authorization = t; });",
         "document.addEventListener('htmx:config:request', ({ detail }) => { detail.ctx.request.headers.Authorization = t; });"),
        # parameters, path, verb, the element, the triggering event
        ("on('htmx:configRequest', (e) => { e.detail.parameters['page'] = '2'; e.detail.parameters.lang = `en`; });",
         "on('htmx:config:request', (e) => { e.detail.ctx.request.body.set('page', '2'); e.detail.ctx.request.body.set(\"lang\", `en`); });"),
        ("on('htmx:configRequest', (e) => { e.detail.parameters.append('a', 1); e.detail.formData.delete('b'); });",
         "on('htmx:config:request', (e) => { e.detail.ctx.request.body.append('a', 1); e.detail.ctx.request.body.delete('b'); });"),
        ("on('htmx:configRequest', (e) => { if (e.detail.verb === 'get') e.detail.path = '/search'; });",
         "on('htmx:config:request', (e) => { if (e.detail.ctx.request.method.toLowerCase() === 'get') e.detail.ctx.request.action = '/search'; });"),
        ("on('htmx:configRequest', (e) => log(e.detail.elt.id, e.detail.target, e.detail.triggeringEvent));",
         "on('htmx:config:request', (e) => log(e.detail.ctx.sourceElement.id, e.detail.ctx.target, e.detail.ctx.sourceEvent));"),
        # the response
        ("htmx.on('htmx:afterRequest', (e) => show(e.detail.xhr.status, e.detail.xhr.responseText));",
         "htmx.on('htmx:after:request', (e) => show(e.detail.ctx.response.status, e.detail.ctx.text));"),
        ("el.addEventListener('htmx:after-on-load', (e) => go(e.detail.xhr.getResponseHeader('X-Next')));",
         "el.addEventListener('htmx:after:request', (e) => go(e.detail.ctx.response.headers.get('X-Next')));"),
        ("document.addEventListener('htmx:responseError', (e) => alert(e.detail.xhr.status + ' ' + e.detail.requestConfig.verb));",
         "document.addEventListener('htmx:response:error', (e) => alert(e.detail.ctx.response.status + ' ' + e.detail.ctx.request.method.toLowerCase()));"),
        ("document.body.addEventListener('htmx:beforeSwap', (e) => { if (e.detail.xhr.status === 204) log(e.detail.serverResponse); });",
         "document.body.addEventListener('htmx:before:swap', (e) => { if (e.detail.ctx.response.status === 204) log(e.detail.ctx.text); });"),
        # a const, a named handler (its reads follow once), a removal
        ("const EV = 'htmx:beforeRequest'; document.addEventListener(EV, busy); document.removeEventListener(EV, busy);\n"
         "function busy(e) { e.detail.elt.classList.add('busy'); }",
         "const EV = 'htmx:before:request'; document.addEventListener(EV, busy); document.removeEventListener(EV, busy);\n"
         "function busy(e) { e.detail.ctx.sourceElement.classList.add('busy'); }"),
        ("htmx.on('htmx:load', (e) => init(e.detail.elt));", "htmx.on('htmx:after:process', (e) => init(e.target));"),
        ("htmx.on('htmx:afterProcessNode', function (evt) { setup(evt.detail.elt); });",
         "htmx.on('htmx:after:init', function (evt) { setup(evt.target); });"),
        # the swap events on document: htmx:after:settle, fired on each swapped target (htmx:after:swap
        # fires for a 204 or a noSwap status too, where htmx 2 fired nothing); the target is the event's
        ("document.addEventListener('htmx:afterSwap', (e) => e.detail.target.focus());",
         "document.addEventListener('htmx:after:settle', (e) => e.target.focus());"),
        ("window.addEventListener('htmx:afterSettle', () => hljs.highlightAll());",
         "window.addEventListener('htmx:after:settle', () => hljs.highlightAll());"),
        ("$(document).on('htmx:afterSettle', (e) => e.originalEvent.detail.target.focus());",
         "$(document).on('htmx:after:settle', (e) => e.originalEvent.target.focus());"),
        ("document.addEventListener('htmx:afterSwap', (e) => e.target.focus());",
         "document.addEventListener('htmx:after:settle', (e) => e.target.focus());"),
        ("htmx.on('htmx:afterSettle', function (evt) { if (evt.detail.target.id === 'list') count(); });",
         "htmx.on('htmx:after:settle', function (evt) { if (evt.target.id === 'list') count(); });"),
        # htmx 2 fired the history events on <body>, htmx 4 on document
        ("document.body.addEventListener('htmx:pushedIntoHistory', (e) => track(e.detail.path));",
         "document.addEventListener('htmx:after:history:push', (e) => track(e.detail.path));"),
        ("document.addEventListener('htmx:replacedInHistory', (e) => track(e.detail.path));",
         "document.addEventListener('htmx:after:history:replace', (e) => track(e.detail.path));"),
        # jQuery lists, other names
        ("$(document).on('htmx:beforeRequest htmx:afterRequest click', () => spin());",
         "$(document).on('htmx:before:request htmx:after:request click', () => spin());"),
        ("document.addEventListener('htmx:sendError', () => offline());",
         "document.addEventListener('htmx:error', () => offline());"),
        ("const names = ['htmx:beforeCleanupElement'];", "const names = ['htmx:before:cleanup'];"),
        ("htmx.trigger(el, 'htmx:beforeRequest');", "htmx.trigger(el, 'htmx:before:request');"),
        # a template in a string of the handler (a CSRF token) stays as it is
        ("document.body.addEventListener('htmx:configRequest', (e) => { e.detail.headers['X-CSRFToken'] = '{{ csrf_token }}'; });",
         "document.body.addEventListener('htmx:config:request', (e) => { e.detail.ctx.request.headers['X-CSRFToken'] = '{{ csrf_token }}'; });"),
    ],
)
def test_transformed(before, after):
    check_transformed(before, after, **JS)


def test_typescript():
    check_transformed(
        "document.body.addEventListener('htmx:configRequest', (e: CustomEvent) => { e.detail.headers['X'] = '1'; });",
        "document.body.addEventListener('htmx:config:request', (e: CustomEvent) => { e.detail.ctx.request.headers['X'] = '1'; });",
        **TS)


@pytest.mark.parametrize(
    "before, after",
    [
        # inline scripts: an element of the page decides which event a swap listener gets
        ('<div id="out"></div><script>document.getElementById("out").addEventListener("htmx:afterSwap", f); '
         'function f() {}</script>',
         '<div id="out"></div><script>document.getElementById("out").addEventListener("htmx:after:settle", f); '
         'function f() {}</script>'),
        ('<div id="self" hx-get="/x"></div><script>htmx.on("#self", "htmx:beforeSwap", () => go());</script>',
         '<div id="self" hx-get="/x"></div><script>htmx.on("#self", "htmx:before:swap", () => go());</script>'),
        # Alpine
        ('<form x-on:htmx:config-request="$event.detail.headers[\'X-A\'] = 1"></form>',
         '<form x-on:htmx:config:request="$event.detail.ctx.request.headers[\'X-A\'] = 1"></form>'),
        ('<p x-data @htmx:after-request.window="n = $event.detail.elt.id"></p>',
         '<p x-data @htmx:after:request.window="n = $event.detail.ctx.sourceElement.id"></p>'),
        ('<div id="out" @htmx:after-swap="$event.detail.elt.focus()"></div>',
         '<div id="out" @htmx:after:settle="$event.target.focus()"></div>'),
        ('<body @htmx:pushed-into-history="n++"></body>', '<body @htmx:after:history:push.document="n++"></body>'),
        ('<div @htmx:after-settle.window="n++"></div>', '<div @htmx:after:settle.window="n++"></div>'),
        # a global listener of the settle: htmx:after:settle, which htmx 4 does not fire for a 503 it
        # does not swap (htmx:after:swap does; htmx 2 fired no afterSettle)
        ('<div x-on:htmx:after-settle.window="last = $event.detail.target.id"></div>',
         '<div x-on:htmx:after:settle.window="last = $event.target.id"></div>'),
        ('<ul id="out" @htmx:after-swap="n = $event.detail.target.children.length"></ul>',
         '<ul id="out" @htmx:after:settle="n = $event.target.children.length"></ul>'),
        # a parameter set in a double-quoted attribute: the key takes the other quote
        ('<form hx-get="/products" @htmx:config-request="$event.detail.parameters.sort = \'price\'"></form>',
         '<form hx-get="/products" @htmx:config:request="$event.detail.ctx.request.body.set(\'sort\', \'price\')"></form>'),
        ("<form hx-get=\"/p\" @htmx:config-request='$event.detail.parameters.sort = \"price\"'></form>",
         "<form hx-get=\"/p\" @htmx:config:request='$event.detail.ctx.request.body.set(\"sort\", \"price\")'></form>"),
        # htmx:confirm keeps its name: `elt` is the requesting element, `ctx.sourceElement`
        ('<button id="close" hx-delete="/tickets/7" hx-confirm="Close ticket 7?">Close</button>'
         "<script>document.addEventListener('htmx:confirm', function (e) { if (!e.detail.question) return; "
         "e.preventDefault(); log('for #' + e.detail.elt.id); e.detail.issueRequest(true); });</script>",
         '<button id="close" hx-delete="/tickets/7" hx-confirm="Close ticket 7?">Close</button>'
         "<script>document.addEventListener('htmx:confirm', function (e) { if (!e.detail.ctx.confirm) return; "
         "e.preventDefault(); log('for #' + e.detail.ctx.sourceElement.id); e.detail.issueRequest(true); });</script>"),
        # a template expression that is a whole value stays as it is
        ("<script>document.body.addEventListener('htmx:configRequest', (e) => { "
         "e.detail.headers['X-CSRFToken'] = {{ csrf_token()|tojson }}; });</script>",
         "<script>document.body.addEventListener('htmx:config:request', (e) => { "
         "e.detail.ctx.request.headers['X-CSRFToken'] = {{ csrf_token()|tojson }}; });</script>"),
    ],
)
def test_transformed_in_pages(before, after):
    check_transformed(before, after, **HTML)


@pytest.mark.parametrize(
    "source",
    [
        "document.addEventListener('htmx:config:request', (e) => { e.detail.ctx.request.headers['X'] = 1; });",
        "document.addEventListener('htmx:after:swap', (e) => e.detail.ctx.target.focus());",
        "const text = 'htmx:afterSwap fired';",
        "// htmx:afterSwap in a comment",
        "document.addEventListener('htmx:wsAfterMessage', f);",  # WS302's
        "document.addEventListener('htmx:confirm', (e) => e.preventDefault());",  # the same name in htmx 4
        # an extension's own code (HX305 reports the extension)
        "htmx.defineExtension('x', { onEvent(name, evt) { if (name === 'htmx:afterSwap') go(); } });",
        # a copy of htmx 2 itself
        "var htmx = { defineExtension: defineExtension }; function f() { triggerEvent(elt, 'htmx:afterSwap'); }",
    ],
)
def test_noop(source):
    check_noop(source, **JS)


@pytest.mark.parametrize(
    "source",
    [
        '<div x-data @htmx:after:request.window="n++"></div>',
        '<div _="on htmx:after:request add .done"></div>',
    ],
)
def test_noop_in_pages(source):
    check_noop(source, **HTML)


@pytest.mark.parametrize(
    "source, fragment",
    [
        ("document.addEventListener('htmx:xhr:progress', f);", "reports no upload progress"),
        ("document.addEventListener('htmx:validation:failed', f);", "has no such event"),
        ("el.addEventListener('htmx:afterSwap', f);", "rename it by hand"),
        ("$('#x').on('htmx:afterSwap', f);", "not an element of this page"),
        ("$(document).on('htmx:afterSwap', '.row', f);", "delegated jQuery listener"),
        ("if (e.type === 'htmx:afterSwap') go();", "rename it by hand"),
        ("$(document).on('htmx:afterSwap htmx:afterRequest', f);", "split the list"),
        ("$('body').on('htmx:pushedIntoHistory', f);", "listen on `document`"),
        # leftovers: an htmx 4 event whose handler reads the 2.x detail
        ("document.addEventListener('htmx:after:request', (e) => show(e.detail.xhr.status));",
         "`detail.xhr` is a 2.x detail property"),
        ("document.addEventListener('htmx:error', (e) => show(e.detail.errorInfo));", "`detail.errorInfo` is a 2.x"),
        ("document.addEventListener('htmx:config:request', (e) => { e.detail.{{ key }} = 1; });", None),
    ],
)
def test_reported(source, fragment):
    fixed, first, _ = run(source, **JS)
    assert fixed == source
    if fragment is None:
        return
    assert any(d.fix is None and fragment in d.message for d in first), [d.message for d in first]


@pytest.mark.parametrize(
    "source, fragment",
    [
        ('<div id="out" @htmx:before-swap="go()"></div>', "nothing on the target before the swap"),
        ('<button hx-get="/x" hx-target="#o" @htmx:after-swap="go()"></button>', "choose one by hand"),
        ('<div @htmx:afterSwap="go()"></div>', "never ran in htmx 2"),
        ('<div _="on htmx:afterRequest add .done"></div>', "hyperscript listens for `htmx:afterRequest`"),
        ('<div @htmx:xhr:progress="go()"></div>', "no upload progress"),
        ('<div id="b" hx-get="/x" hx-target="#o"></div><script>document.getElementById("b")'
         '.addEventListener("htmx:afterSwap", f);</script>', "choose one by hand"),
        ('<p @htmx:pushed-into-history="n++"></p>', "never fired it on"),
    ],
)
def test_reported_in_pages(source, fragment):
    fixed, first, _ = run(source, **HTML)
    assert fixed == source
    assert any(d.fix is None and fragment in d.message for d in first), [d.message for d in first]


@pytest.mark.parametrize(
    "source, fragment",
    [
        # reads htmx 4 has no value for hold the rename back
        ("htmx.on('htmx:afterRequest', (e) => { if (e.detail.successful) done(); });", "`detail.successful` is gone"),
        ("document.addEventListener('htmx:beforeSwap', (e) => { if (e.detail.xhr.status === 422) { "
         "e.detail.shouldSwap = true; e.detail.isError = false; } });", "`detail.shouldSwap` is gone"),
        ("document.addEventListener('htmx:beforeSwap', (e) => { e.detail.target = htmx.find('#x'); });",
         "retargeted the swap"),
        ("document.addEventListener('htmx:configRequest', (e) => { e.detail.parameters = {a: 1}; });",
         "a FormData"),
        ("document.addEventListener('htmx:configRequest', (e) => { const p = e.detail.parameters.page; });",
         "`ctx.request.body.get(name)`"),
        ("document.addEventListener('htmx:configRequest', (e) => { e.detail.headers['HX-Trigger']; });",
         "no `HX-Trigger` request header"),
        ("document.addEventListener('htmx:configRequest', handle);", "defined elsewhere"),
        ("document.addEventListener('htmx:configRequest', (e) => send(e)); send(1);", "cannot follow"),
        # a global settle listener that reads the response: htmx:after:swap has it, but fires for
        # responses htmx 4 does not swap (a 204, a 4xx/5xx), where htmx 2 fired nothing
        ("document.addEventListener('htmx:afterSwap', (e) => { e.target.focus(); log(e.detail.xhr.status); });",
         "`e.target`"),
        ("document.addEventListener('htmx:afterSettle', (e) => log(e.detail.xhr.status));",
         "204 or 400 and above"),
        # a confirm handler with a read htmx 4 has no value for is not half rewritten
        ("document.addEventListener('htmx:confirm', (e) => { e.preventDefault(); ask(e.detail.question, "
         "e.detail.pathInfo).then(() => e.detail.issueRequest(true), () => e.detail.dropRequest()); });",
         "`detail.pathInfo` is not part of the detail of `htmx:confirm`"),
    ],
)
def test_reads_hold_the_rename_back(source, fragment):
    fixed, first, _ = run(source, **JS)
    assert fixed == source
    assert any(d.fix is not None and not d.fix.safe for d in first), [d.message for d in first]
    assert any(fragment in d.message for d in first), [d.message for d in first]


@pytest.mark.parametrize(
    "source",
    [
        "<script>document.addEventListener('htmx:configRequest', (e) => { {% if x %}e.detail.headers.a = 1;"
        "{% endif %} });</script>",
        "<script>document.addEventListener('htmx:configRequest', (e) => { {{ extra }}.go(e); });</script>",
    ],
)
def test_template_code_in_a_handler_holds_the_rename_back(source):
    fixed, first, _ = run(source, **HTML)
    assert fixed == source
    assert any(d.fix is not None and not d.fix.safe for d in first)
    assert any("template syntax in the handler" in d.message for d in first), [d.message for d in first]


@pytest.mark.parametrize(
    "source, fragment",
    [
        ('<div x-on:htmx:after-settle.window="code = $event.detail.xhr.status"></div>', "204 or 400 and above"),
        # htmx 2 fired the settle after an hx-swap="none" request too, htmx 4 fires no htmx:after:settle
        ('<button hx-post="/ping" hx-swap="none">Ping</button><div @htmx:after-settle.window="n++"></div>',
         'the page has `hx-swap="none"` requests'),
        # no quote fits a string literal in an unquoted value
        ('<form hx-get="/p" @htmx:config-request=$event.detail.parameters.sort=1></form>', "unquoted attribute"),
    ],
)
def test_reads_hold_the_rename_back_in_pages(source, fragment):
    fixed, first, _ = run(source, **HTML)
    assert fixed == source
    assert any(d.fix is not None and not d.fix.safe for d in first), [d.message for d in first]
    assert any(fragment in d.message for d in first), [d.message for d in first]


@pytest.mark.parametrize(
    "source, declined",
    [
        # the answer comes later, and only a yes issues the request: htmx 4 holds a declined one in
        # the element's queue (its next request waits behind it) until dropRequest()
        ("document.addEventListener('htmx:confirm', function (e) { if (!e.detail.question) return; "
         "e.preventDefault(); Swal.fire(e.detail.question).then((r) => { if (r.isConfirmed) "
         "e.detail.issueRequest(true); }); });", True),
        ("document.addEventListener('htmx:confirm', (evt) => { evt.preventDefault(); "
         "pending = () => evt.detail.issueRequest(true); });", True),
        ("document.addEventListener('htmx:confirm', (e) => { e.preventDefault(); "
         "if (window.confirm(e.detail.question)) e.detail.issueRequest(true); });", True),
        # issued on every path, or dropped when declined
        ("document.addEventListener('htmx:confirm', (e) => { if (!e.detail.question) return; e.preventDefault(); "
         "log(e.detail.question); e.detail.issueRequest(true); });", False),
        ("document.addEventListener('htmx:confirm', (e) => { e.preventDefault(); ask().then((ok) => "
         "ok ? e.detail.issueRequest(true) : e.detail.dropRequest()); });", False),
        # not cancelled: htmx asks with window.confirm()
        ("document.addEventListener('htmx:confirm', (e) => { log(e.detail.question); });", False),
    ],
)
def test_a_declined_confirm_is_dropped(source, declined):
    _, first, _ = run(source, **JS)
    found = [d for d in first if "dropRequest()" in d.message]
    assert bool(found) == declined, [d.message for d in first]
    assert all(d.fix is None for d in found)


def test_after_request_fires_before_the_swap_now():
    _, first, _ = run("document.addEventListener('htmx:afterRequest', () => go());", **JS)
    assert any(d.fix is not None and d.fix.safe and "before the swap" in d.message for d in first)


def test_a_vue_template_is_reported_not_renamed():
    source = '<template><div @htmx:after-request="go()"></div></template>'
    fixed, first, _ = run(source, filename="Page.vue", select=["HX303"])
    assert fixed == source
    assert any("a Vue template" in d.message for d in first)


def test_the_4_0_alpha_target_has_no_core_table():
    from hxmigrate.testing import make_settings

    check_noop("document.addEventListener('htmx:afterSwap', f);", filename="app.js", select=["HX303"],
               settings=make_settings(target="4.0-alpha"))


@pytest.mark.parametrize(
    "filename, text",
    [
        # a vendored library: its listener is reported with the rename, the copy is not edited
        ("vendor/_hyperscript.min.js",
         'e.document.addEventListener("htmx:load",(function(e){k.processNode(e.detail.elt)}));\n'),
        # a build's output on one long line, whatever its name
        ("static/bundle.js",
         "var a=1;" * 300 + 'document.addEventListener("htmx:load",function(e){go(e.detail.elt)});\n'),
    ],
)
def test_a_minified_file_is_reported_not_rewritten(filename, text):
    """Found on a real project that vendors _hyperscript: a rewrite inside a library's copy
    (or a build's output) is undone by its next update, so the finding says what to change."""
    fixed, found, _ = run(text, filename=filename)
    assert fixed == text
    assert found and all(d.fix is None and "this file is minified" in d.message for d in found)
    assert any("htmx:after:process" in d.message for d in found)


def test_a_readable_script_is_still_rewritten():
    text = 'document.addEventListener("htmx:load", function (e) { init(e.detail.elt) });\n'
    fixed, found, _ = run(text, filename="static/app.js")
    assert "htmx:after:process" in fixed and found[0].fix is not None
