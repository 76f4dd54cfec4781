"""WS301: wsReconnectDelay, wsBinaryType and createWebSocket -> htmx.config.ws."""

from __future__ import annotations

import math

import pytest

from hxmigrate.rules.websockets._js import DelayFunction, Unsupported, fit, full_jitter_samples
from hxmigrate.syntax.javascript import Script
from hxmigrate.testing import check_noop, check_transformed, make_settings, run

JS = dict(filename="config.js", select=["WS301"])
UNSAFE = dict(JS, settings=make_settings(unsafe_fixes=True))
ALPHA = dict(JS, settings=make_settings(target="4.0-alpha"))
CFG = "htmx.config.ws = { ...htmx.config.ws, "


def _fit(src: str):
    script = Script("x = " + src, lang="typescript")
    fn = script.root.named_children[0].named_children[0].child_by_field_name("right")
    d = DelayFunction(script, fn)
    return fit(d, d.integer_literals())


@pytest.mark.parametrize(
    "src, delay, max_delay, jitter",
    [
        ("() => 3000", 3000, 3000, 0),
        ("function (n) { return 1500; }", 1500, 1500, 0),
        ("n => 1000 * 2 ** n", 1000, math.inf, 0),
        ("n => Math.pow(2, n) * 100", 100, math.inf, 0),
        ("n => Math.min(30000, 1000 * 2 ** n)", 1000, 30000, 0),
        ("n => Math.min(1000 * Math.pow(2, n), 8000)", 1000, 8000, 0),
        ("n => Math.random() * 1000 * 2 ** n", 500, math.inf, 1),
        ("n => Math.random() * Math.min(60000, 1000 * 2 ** n)", 500, 30000, 1),
        ("n => Math.min(60000, 1000 * 2 ** n) * Math.random()", 500, 30000, 1),
        ("n => { let d = 1000; d *= 2 ** n; return Math.min(d, 4000); }", 1000, 4000, 0),
        ("(n: number): number => 500 * 2 ** n", 500, math.inf, 0),
    ],
)
def test_exact_forms(src, delay, max_delay, jitter):
    f = _fit(src)
    assert f.exact
    assert (f.delay, f.max_delay, f.jitter) == (delay, max_delay, jitter)


def test_full_jitter_is_exact():
    f = fit(full_jitter_samples)
    assert f.exact and (f.delay, f.max_delay, f.jitter) == (500, 32000, 1)


@pytest.mark.parametrize(
    "src",
    [
        "n => n * 1000",
        "n => [1000, 2000, 5000][n] || 10000",
        "n => n < 3 ? 1000 : 5000",
        "n => 1000 << n",  # 32-bit shift: wraps after 22 retries
        "n => 1000 * 3 ** n",
        "n => Math.floor(Math.random() * 1000 * 2 ** n)",
    ],
)
def test_inexact_forms_fit_an_exponential(src):
    try:
        f = _fit(src)
    except Unsupported:
        assert "floor" in src
        return
    assert not f.exact and f.delay > 0


@pytest.mark.parametrize("src", ["n => fetchDelay(n)", "n => this.delay", "async n => 1000", "({n}) => n",
                                 "n => { for (;;) {} }", "n => 'slow'"])
def test_unsupported_forms(src):
    with pytest.raises(Unsupported):
        _fit(src)


@pytest.mark.parametrize(
    "before, after",
    [
        pytest.param("htmx.config.wsReconnectDelay = 'full-jitter';\n",
                     CFG + "reconnectDelay: 500, reconnectMaxDelay: 32000, reconnectJitter: 1 };\n", id="full-jitter"),
        pytest.param("htmx.config['wsReconnectDelay'] = () => 1000\n",
                     CFG + "reconnectDelay: 1000, reconnectMaxDelay: 1000, reconnectJitter: 0 }\n", id="subscript-no-semicolon"),
        pytest.param("function backoff(n) { return Math.min(10000, 500 * 2 ** n); }\nhtmx.config.wsReconnectDelay = backoff;\n",
                     "function backoff(n) { return Math.min(10000, 500 * 2 ** n); }\n"
                     + CFG + "reconnectDelay: 500, reconnectMaxDelay: 10000, reconnectJitter: 0 };\n", id="named-function"),
        pytest.param("htmx.config.wsBinaryType = 'arraybuffer';\nrun();\n", "run();\n", id="binary-type"),
        pytest.param("htmx.createWebSocket = function (u) { return new WebSocket(u, 'v1') };\n",
                     CFG + "protocols: 'v1' };\n", id="protocols"),
        pytest.param("htmx.createWebSocket = (u) => new WebSocket(u);\nrun();\n", "run();\n", id="plain-factory"),
        pytest.param("htmx.config.ws = { pauseOnBackground: false };\nhtmx.config.wsReconnectDelay = () => 900;\n",
                     "htmx.config.ws = { pauseOnBackground: false, reconnectDelay: 900, reconnectMaxDelay: 900, "
                     "reconnectJitter: 0 };\n", id="merge-single-line"),
        pytest.param("htmx.config.ws = {};\nhtmx.config.wsReconnectDelay = () => 900;\n",
                     "htmx.config.ws = { reconnectDelay: 900, reconnectMaxDelay: 900, reconnectJitter: 0 };\n",
                     id="merge-empty"),
        pytest.param("htmx.config.wsReconnectDelay = 'full-jitter';\nhtmx.config.ws = {\n  reconnectCodes: [1006],\n};\n",
                     "htmx.config.ws = {\n  reconnectCodes: [1006],\n  reconnectDelay: 500,\n  reconnectMaxDelay: 32000,\n"
                     "  reconnectJitter: 1,\n};\n", id="merge-later-multiline"),
        pytest.param("if (slow) {\n  htmx.config.wsReconnectDelay = () => 5000;\n}\nhtmx.config.ws = { a: 1 };\n",
                     "if (slow) {\n  " + CFG + "reconnectDelay: 5000, reconnectMaxDelay: 5000, reconnectJitter: 0 };\n}\n"
                     "htmx.config.ws = { a: 1 };\n", id="no-merge-across-scopes"),
        pytest.param("if (slow) htmx.config.wsReconnectDelay = () => 5000;\n",
                     "if (slow) " + CFG + "reconnectDelay: 5000, reconnectMaxDelay: 5000, reconnectJitter: 0 };\n",
                     id="braceless-if"),
        pytest.param("Object.assign(htmx.config, { wsBinaryType: 'blob', wsReconnectDelay: () => 100 });\n",
                     "Object.assign(htmx.config, { ws: { ...htmx.config.ws, reconnectDelay: 100, reconnectMaxDelay: 100, "
                     "reconnectJitter: 0 } });\n", id="object-assign-host"),
        pytest.param("Object.assign(htmx.config, { defaultSwapStyle: 'outerHTML', wsBinaryType: 'blob' });\n",
                     "Object.assign(htmx.config, { defaultSwapStyle: 'outerHTML' });\n", id="object-assign-remove"),
    ],
)
def test_transformed(before, after):
    check_transformed(before, after, **JS)


@pytest.mark.parametrize(
    "source",
    [
        "htmx.config.ws = { ...htmx.config.ws, reconnectDelay: 500 };\n",
        "htmx.config.wsReconnectDelay = (n) => n * 1000;\n",  # unsafe, not applied
        "htmx.config.wsReconnectDelay = delays.get(n);\n",
        "htmx.config.wsReconnectDelay = 'linear';\n",
        "htmx.createWebSocket = (u) => { const s = new WebSocket(u); s.binaryType = 'blob'; return s; };\n",
        "htmx.createWebSocket = (u) => new WebSocket(u, protocolsFor(u));\n",
        "if (x) htmx.config.wsBinaryType = 'blob';\n",
        "log(htmx.config.wsReconnectDelay);\n",
        "htmx.config.ws = { reconnectDelay: 1 };\nhtmx.config.wsReconnectDelay = () => 900;\n",  # conflict
    ],
)
def test_noop(source):
    check_noop(source, **JS)
    _, first, _ = run(source, **JS)
    assert [d.code for d in first] in (["WS301"], [])


def test_every_untranslated_setting_is_reported():
    source = ("htmx.config.wsReconnectDelay = delays.get(n);\nhtmx.createWebSocket = make;\n"
              "log(htmx.config.wsReconnectDelay);\n")
    _, first, _ = run(source, **JS)
    assert [d.code for d in first] == ["WS301"] * 3 and all(d.fix is None for d in first)


def test_unsafe_fix_only_on_request_and_always_reported():
    source = "htmx.config.wsReconnectDelay = (n) => n * 1000;\n"
    fixed, first, _ = run(source, **JS)
    assert fixed == source and first[0].fix is not None and not first[0].fix.safe
    assert "2.x waited 0, 1000, 2000, 3000, 4000, 5000 ms" in first[0].message
    fixed, first, _ = run(source, **UNSAFE)
    assert fixed == CFG + "reconnectDelay: 500, reconnectMaxDelay: 9000, reconnectJitter: 0 };\n"


def test_safe_and_unsafe_items_share_one_statement():
    source = "htmx.config.wsBinaryType = 'blob';\nhtmx.config.wsReconnectDelay = (n) => n * 1000;\n"
    assert run(source, **JS)[0] == "htmx.config.wsReconnectDelay = (n) => n * 1000;\n"
    assert run(source, **UNSAFE)[0] == CFG + "reconnectDelay: 500, reconnectMaxDelay: 9000, reconnectJitter: 0 };\n"


def test_one_statement_for_every_setting_of_a_scope():
    source = ("htmx.config.wsReconnectDelay = 'full-jitter';\nhtmx.config.wsBinaryType = 'blob';\n"
              "htmx.createWebSocket = (u) => new WebSocket(u, ['a']);\n")
    check_transformed(source, CFG + "reconnectDelay: 500, reconnectMaxDelay: 32000, reconnectJitter: 1, "
                      "protocols: ['a'] };\n", **JS)


def test_alpha_target_names():
    check_transformed("htmx.config.wsReconnectDelay = 'full-jitter';\n",
                      "htmx.config.websockets = { ...htmx.config.websockets, reconnectDelay: 500, "
                      "reconnectMaxDelay: 32000, reconnectJitter: 1 };\n", **ALPHA)
    check_noop("htmx.createWebSocket = (u) => new WebSocket(u, ['a']);\n", **ALPHA)


def test_inline_scripts_merge_into_one_statement_per_page():
    page = ("<script>\n  htmx.config.ws = { pauseOnBackground: false };\n</script>\n"
            "<script>\n  htmx.config.wsReconnectDelay = () => 2000;\n</script>\n")
    after = ("<script>\n  htmx.config.ws = { pauseOnBackground: false, reconnectDelay: 2000, reconnectMaxDelay: 2000, "
             "reconnectJitter: 0 };\n</script>\n<script></script>\n")
    check_transformed(page, after, filename="page.html", select=["WS301"])


def test_module_scripts_are_a_scope_of_their_own():
    page = ('<script>htmx.config.ws = { a: 1 };</script>\n'
            '<script type="module">htmx.config.wsReconnectDelay = () => 2000;</script>\n')
    fixed, _, _ = run(page, filename="page.html", select=["WS301"])
    assert '<script type="module">htmx.config.ws = { ...htmx.config.ws, reconnectDelay: 2000' in fixed


def test_template_syntax_is_reported_not_guessed():
    page = "<script>\n  htmx.config.wsReconnectDelay = () => {{ delay }};\n</script>\n"
    fixed, first, _ = run(page, filename="page.jinja", select=["WS301"])
    assert fixed == page and first[0].fix is None and "template syntax" in first[0].message
