"""WS307: the 2.x extension <script> -> hx-ws.js on the same CDN, with its SRI hash."""

from __future__ import annotations

import base64
import dataclasses
import hashlib

import pytest

from hxmigrate.rules.websockets._scripts import sri_table
from hxmigrate.rules.websockets.ws307_extension_script import classify
from hxmigrate.targets import TARGET_4_0
from hxmigrate.testing import check_noop, check_transformed, make_settings, run

HTML = dict(filename="page.html", select=["WS307"])


def tag(src: str, extra: str = "") -> str:
    return f'<script src="{src}"{extra}></script>\n<div ws-connect="/c"></div>'


@pytest.mark.parametrize(
    "old, new",
    [
        ("https://unpkg.com/htmx-ext-ws@2.0.4/ws.js", "https://unpkg.com/htmx.org@4.0.1/dist/ext/hx-ws.js"),
        ("https://unpkg.com/htmx-ext-ws@2.0.4/dist/ws.min.js", "https://unpkg.com/htmx.org@4.0.1/dist/ext/hx-ws.min.js"),
        ("https://unpkg.com/htmx-ext-ws@2", "https://unpkg.com/htmx.org@4.0.1/dist/ext/hx-ws.min.js"),
        ("https://unpkg.com/htmx-ext-ws", "https://unpkg.com/htmx.org@4.0.1/dist/ext/hx-ws.min.js"),
        ("https://cdn.jsdelivr.net/npm/htmx-ext-ws@2.0.2/dist/ws.js",
         "https://cdn.jsdelivr.net/npm/htmx.org@4.0.1/dist/ext/hx-ws.js"),
        ("//cdn.jsdelivr.net/npm/htmx.org@1.9.12/dist/ext/ws.js", "//cdn.jsdelivr.net/npm/htmx.org@4.0.1/dist/ext/hx-ws.js"),
        ("http://unpkg.com/htmx.org@2.0.8/dist/ext/ws.js", "http://unpkg.com/htmx.org@4.0.1/dist/ext/hx-ws.js"),
        ("https://cdnjs.cloudflare.com/ajax/libs/htmx/1.9.12/ext/ws.min.js",
         "https://cdnjs.cloudflare.com/ajax/libs/htmx/4.0.1/ext/hx-ws.min.js"),
    ],
)
def test_cdn_urls(old, new):
    check_transformed(tag(old), tag(new), **HTML)


def test_integrity_gets_the_new_files_hash():
    before = tag("https://unpkg.com/htmx-ext-ws@2.0.4/dist/ws.min.js", ' integrity="sha384-old" crossorigin="anonymous"')
    after = tag("https://unpkg.com/htmx.org@4.0.1/dist/ext/hx-ws.min.js",
                f' integrity="{sri_table()["htmx.org@4.0.1/dist/ext/hx-ws.min.js"]}" crossorigin="anonymous"')
    check_transformed(before, after, **HTML)


def test_integrity_of_an_unknown_file_is_removed_and_reported():
    future = dataclasses.replace(TARGET_4_0, ext_version="4.9.9")
    settings = make_settings()
    settings.target = future
    before = tag("https://unpkg.com/htmx-ext-ws@2.0.4/ws.js", ' integrity="sha384-old"')
    fixed, first, _ = run(before, settings=settings, **HTML)
    assert fixed == tag("https://unpkg.com/htmx.org@4.9.9/dist/ext/hx-ws.js")
    assert "add the new file's hash" in first[0].message


@pytest.mark.parametrize(
    "source",
    [
        tag("https://unpkg.com/htmx.org@4.0.1/dist/ext/hx-ws.js"),
        tag("https://unpkg.com/htmx-ext-sse@2.2.2/sse.js"),
        tag("https://unpkg.com/htmx.org@2.0.4/dist/ext/sse.js"),
        '<script src="/js/ws.js"></script>',  # nothing htmx on the page: the project's own ws.js
    ],
)
def test_noop(source):
    check_noop(source, **HTML)
    assert run(source, **HTML)[1] == []


@pytest.mark.parametrize("src", ["/static/js/ws.js", "/static/htmx/ext/ws.min.js", "{% static 'vendor/ws.js' %}",
                                 "{{ url_for('static', filename='htmx-ext-ws/ws.js') }}"])
def test_self_hosted_copy_is_reported(src):
    source = tag(src)
    fixed, first, _ = run(source, filename="page.jinja", select=["WS307"])
    assert fixed == source and "self-hosted copy" in first[0].message and first[0].fix is None


def test_the_htmx_2_core_next_to_the_extension_is_hx301s():
    page = ('<script src="https://unpkg.com/htmx.org@2.0.4"></script>\n'
            + tag("https://unpkg.com/htmx-ext-ws@2.0.4/ws.js"))
    fixed, first, _ = run(page, filename="page.html", select=["HX301", "WS307"])
    assert fixed == ('<script src="https://unpkg.com/htmx.org@4.0.1/dist/htmx.min.js"></script>\n'
                     + tag("https://unpkg.com/htmx.org@4.0.1/dist/ext/hx-ws.js"))
    assert sorted(d.code for d in first) == ["HX301", "WS307"]
    check_noop('<script src="https://unpkg.com/htmx.org@2.0.4"></script>', **HTML)


def test_the_core_is_reported_for_the_alpha_target():
    page = ('<script src="https://unpkg.com/htmx.org@2.0.4"></script>\n'
            + tag("https://unpkg.com/htmx-ext-ws@2.0.4/ws.js"))
    _, first, _ = run(page, filename="page.html", settings=make_settings(target="4.0-alpha"))
    assert any("needs htmx 4" in d.message and d.fix is None for d in first if d.code == "WS307")


def test_classify():
    assert classify("https://unpkg.com/htmx.org@4.0.1/dist/htmx.min.js") is None
    assert classify("https://unpkg.com/htmx.org@1.9.12")[0] == "core"
    assert classify("https://unpkg.com/htmx-ext-ws@2.0.4/dist/ws.esm.js")[0] == "esm"
    assert classify("https://example.com/htmx-ext-ws@2.0.4/ws.js") is None


def test_alpha_target():
    check_transformed(tag("https://unpkg.com/htmx-ext-ws@2.0.4/ws.js"),
                      tag("https://unpkg.com/htmx.org@4.0.0-alpha8/dist/ext/hx-ws.js"), filename="page.html",
                      select=["WS307"], settings=make_settings(target="4.0-alpha"))


@pytest.mark.parametrize("key", sorted(sri_table()))
def test_sri_table_matches_the_npm_package(key):
    from test_node_delays import npm_file

    package, path = key.split("/", 1)
    name, version = package.split("@")
    data = npm_file(name, version, path, alias="htmx4" if version == "4.0.1" else None).read_bytes()
    assert sri_table()[key] == "sha384-" + base64.b64encode(hashlib.sha384(data).digest()).decode()


@pytest.mark.parametrize(
    "scripts, extension_named",
    [
        # htmx 1.x with its built-in hx-ws and no extension: the page needs both new files.
        ('<script src="https://unpkg.com/htmx.org@1.7.0"></script>', True),
        # With the extension loaded, WS307 rewrites that script tag itself (and HX301 the core).
        ('<script src="https://unpkg.com/htmx.org@1.9.12"></script>'
         '<script src="https://unpkg.com/htmx.org@1.9.12/dist/ext/ws.js"></script>', False),
    ],
)
def test_a_page_without_the_extension_is_told_to_load_it(scripts, extension_named):
    _, first, _ = run(scripts + '\n<div hx-ws="connect:/chat"></div>\n')
    core = [d.message for d in first if d.code == "WS307" and "core" in d.message]
    assert len(core) == int(extension_named)
    assert all("load `htmx.org@4.0.1/dist/ext/hx-ws.js`" in m for m in core)


@pytest.mark.parametrize("before, after, note", [
    ('export const Layout = () => <head><script src="https://unpkg.com/htmx-ext-ws@2.0.4/ws.js"></script></head>;\n',
     'export const Layout = () => <head><script src="https://unpkg.com/htmx.org@4.0.1/dist/ext/hx-ws.js"></script></head>;\n',
     None),
    ("export const Layout = () => <script src={'https://unpkg.com/htmx.org/dist/ext/ws.js'} />;\n",
     "export const Layout = () => <script src={'https://unpkg.com/htmx.org@4.0.1/dist/ext/hx-ws.js'} />;\n", None),
    ('export const L = () => <script src="https://unpkg.com/htmx-ext-ws@2.0.4/ws.js" integrity="sha384-x"></script>;\n',
     None, "integrity"),
], ids=["attribute", "expression", "integrity"])
def test_the_extension_script_in_jsx(before, after, note):
    fixed, found, _ = run(before, filename="layout.jsx", settings=make_settings())
    codes = [d for d in found if d.code == "WS307"]
    assert len(codes) == 1
    assert fixed == (after or before)
    if note:
        assert note in codes[0].message
