"""HX304: htmx.config keys htmx 4 renamed or dropped, in scripts and <meta name="htmx-config">."""

from __future__ import annotations

import pytest

from hxmigrate.testing import check_noop, check_transformed, run

JS = dict(filename="app.js", select=["HX304"])
HTML = dict(filename="page.html", select=["HX304"])


@pytest.mark.parametrize(
    "before, after",
    [
        ("htmx.config.defaultSwapStyle = 'outerHTML';", "htmx.config.defaultSwap = 'outerHTML';"),
        ("htmx.config.globalViewTransitions = true;", "htmx.config.transitions = true;"),
        ("window.htmx.config.historyEnabled = false;", "window.htmx.config.history = false;"),
        ("htmx.config.timeout = 0;", "htmx.config.defaultTimeout = 0;"),
        ('htmx.config["timeout"] = 5000;', 'htmx.config["defaultTimeout"] = 5000;'),
        ("if (htmx.config.historyEnabled) save();", "if (htmx.config.history) save();"),
        ("Object.assign(htmx.config, { defaultSwapStyle: 'outerHTML', 'timeout': 100, refreshOnHistoryMiss: true });",
         "Object.assign(htmx.config, { defaultSwap: 'outerHTML', 'defaultTimeout': 100, refreshOnHistoryMiss: true });"),
        ("Object.assign(htmx.config, { timeout });", "Object.assign(htmx.config, { defaultTimeout: timeout });"),
    ],
)
def test_transformed(before, after):
    check_transformed(before, after, **JS)


@pytest.mark.parametrize(
    "before, after",
    [
        ("<meta name=\"htmx-config\" content='{\"defaultSwapStyle\": \"outerHTML\", \"timeout\": 0}'>",
         "<meta name=\"htmx-config\" content='{\"defaultSwap\": \"outerHTML\", \"defaultTimeout\": 0}'>"),
        ('<meta name="htmx-config" content="{&quot;historyEnabled&quot;:false,&quot;includeIndicatorStyles&quot;:false}">',
         '<meta name="htmx-config" content="{&quot;history&quot;:false,&quot;includeIndicatorCSS&quot;:false}">'),
        ('<script>htmx.config.globalViewTransitions = true;</script>',
         '<script>htmx.config.transitions = true;</script>'),
    ],
)
def test_transformed_in_pages(before, after):
    check_transformed(before, after, **HTML)


@pytest.mark.parametrize(
    "source",
    [
        "htmx.config.defaultSwap = 'outerHTML';",
        "htmx.config.defaultSettleDelay = 20;",  # the same key in htmx 4
        "htmx.config.wsReconnectDelay = 'full-jitter';",  # WS301's
        "config.timeout = 5;",  # not htmx's
        "htmx.configs.timeout = 5;",
    ],
)
def test_noop(source):
    check_noop(source, **JS)


@pytest.mark.parametrize(
    "source, fragment",
    [
        ("htmx.config.allowEval = false;", "hx-csp.js"),
        ("htmx.config.selfRequestsOnly = false;", "htmx.config.mode = 'cors'"),
        ("htmx.config.withCredentials = true;", "credentials"),
        ("htmx.config.responseHandling = [{code: '...', swap: true}];", "noSwap"),
        ("htmx.config.historyCacheSize = 0;", "historyCache.size"),
        ("Object.assign(htmx.config, {scrollBehavior: 'smooth'});", "does not read it"),
        # htmx 4 reads these once, when htmx.js loads
        ("htmx.config.includeIndicatorStyles = false;", "placed before the script tag"),
        ("htmx.config.indicatorClass = 'spinner';", "indicator CSS"),
    ],
)
def test_reported(source, fragment):
    fixed, first, _ = run(source, **JS)
    assert fixed == source
    assert any(d.fix is None and fragment in d.message for d in first), [d.message for d in first]


@pytest.mark.parametrize(
    "source, fragment",
    [
        ("<meta name=\"htmx-config\" content='{\"allowEval\": false}'>", "hx-csp.js"),
        ('<script src="https://unpkg.com/htmx.org@2.0.8"></script>\n'
         "<meta name=\"htmx-config\" content='{\"defaultSwap\": \"outerHTML\"}'>", "move it before that script"),
        ("<meta name=\"htmx-config\" content='{\"defaultSwapStyle\": \"{{ swap }}\"}'>", "template syntax"),
        ("<meta name=\"htmx-config\" content='{\"defaultSwapStyle\": \"x\", \"defaultSwap\": \"y\"}'>", "keep one"),
    ],
)
def test_reported_in_pages(source, fragment):
    fixed, first, _ = run(source, **HTML)
    assert fixed == source
    assert any(d.fix is None and fragment in d.message for d in first), [d.message for d in first]


def test_a_page_without_a_timeout_hears_of_htmx_4s_default():
    _, first, _ = run("<meta name=\"htmx-config\" content='{\"defaultSwapStyle\": \"outerHTML\"}'>", **HTML)
    assert any("60 s" in d.message for d in first)
    _, first, _ = run("<meta name=\"htmx-config\" content='{\"defaultSwapStyle\": \"x\", \"timeout\": 0}'>", **HTML)
    assert not any("60 s" in d.message for d in first)


def test_the_websocket_keys_of_the_meta_are_ws306s():
    source = "<meta name=\"htmx-config\" content='{\"wsBinaryType\": \"blob\", \"defaultSwapStyle\": \"outerHTML\"}'>"
    fixed, _, _ = run(source, filename="page.html", select=["HX304", "WS306"])
    assert fixed == "<meta name=\"htmx-config\" content='{\"defaultSwap\": \"outerHTML\"}'>"
