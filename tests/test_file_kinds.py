"""Which files are read as what, and the template syntax each markup flavor keeps opaque."""

from __future__ import annotations

import pytest

from hxmigrate.paths import flavor_of, kind_of
from hxmigrate.syntax.templates import find_regions
from hxmigrate.testing import make_settings


@pytest.mark.parametrize("name, kind", [
    ("page.html", "markup"), ("chat.handlebars", "markup"), ("chat.ejs", "markup"), ("chat.mustache", "markup"),
    ("chat.twig", "markup"), ("chat.liquid", "markup"), ("chat.nunjucks", "markup"), ("chat.njk", "markup"),
    ("Chat.cshtml", "markup"), ("Chat.razor", "markup"), ("chat.html.heex", "markup"), ("chat.eex", "markup"),
    ("Chat.svelte", "markup"), ("Chat.vue", "markup"), ("Chat.astro", "markup"), ("page.html.j2", "markup"),
    ("index.jsp", "markup"), ("app.tsx", "javascript"), ("server.mjs", "javascript"), ("app.py", "python"),
    ("package.json", "json"), ("README.md", "doc"), ("docs/ws.rst", "doc"), ("CHANGELOG", "doc"),
    ("main.go", "go"), ("chat.templ", "markup"), ("lib.rs", "rust"), ("Hub.cs", "other"),
    ("tsconfig.json", "other"), ("Makefile", "other"), (".env", "other"), ("page.html.bak", "other"),
    ("logo.png", None), ("font.woff2", None), ("bundle.js.map", None), (".page.html.x1.hxmigrate-tmp", None),
])
def test_kind(name, kind):
    assert kind_of(name) == kind


@pytest.mark.parametrize("name, flavor", [
    ("a.html", "html"), ("a.vue", "html"), ("a.ejs", "html"), ("a.svelte", "braces"), ("a.astro", "braces"),
    ("a.html.heex", "braces"), ("a.cshtml", "razor"), ("a.razor", "razor"),
])
def test_flavor(name, flavor):
    assert flavor_of(name) == flavor


def regions(text: str, flavor: str) -> list[tuple[str, str]]:
    return [(r.kind, text[r.start:r.end]) for r in find_regions(text, flavor)]


@pytest.mark.parametrize("text, flavor, expected", [
    ('{#if a}<div ws-connect={base + "/ws"} {id}>{name}</div>{/if}', "braces",
     [("expr", "{#if a}"), ("expr", '{base + "/ws"}'), ("expr", "{id}"), ("expr", "{name}"), ("expr", "{/if}")]),
    ('<script>let x = {a: 1};</script><style>a { b: c }</style><p>{x}</p>', "braces", [("expr", "{x}")]),
    ('---\nconst url = "/ws";\n---\n<div ws-connect={url}>', "braces",
     [("comment", '---\nconst url = "/ws";\n---'), ("expr", "{url}")]),
    ('<a b={"}"}>', "braces", [("expr", '{"}"}')]),
    ("<p>{unclosed</p>", "braces", []),
    ('<div ws-connect="@Url.Action("Chat")" class="@(a ? "x" : "y")">', "razor",
     [("expr", '@Url.Action("Chat")'), ("expr", '@(a ? "x" : "y")')]),
    ("@model Chat\n@using X.Y\n<p>@Model.Name.</p>", "razor",
     [("erb", "@model Chat"), ("erb", "@using X.Y"), ("expr", "@Model.Name")]),
    ("@if (a < b) {\n<p>x</p>\n}\n@* note *@ @code { int n = 1; }", "razor",
     [("erb", "@if (a < b)"), ("comment", "@* note *@"), ("erb", "@code { int n = 1; }")]),
    ("mail me at a@b.com, @@handle", "razor", []),
    ('{{ url }} and {% if x %}', "html", [("expr", "{{ url }}"), ("block", "{% if x %}")]),
])
def test_regions(text, flavor, expected):
    assert regions(text, flavor) == expected


def test_extend_include_and_declared_templates_are_markup(tmp_path):
    settings = make_settings(tmp_path, extend_include=["fragments/**/*.htmx"], ws_message_templates=["ws/*.part"])
    assert settings.kind_of(tmp_path / "fragments" / "a" / "room.htmx") == "markup"
    assert settings.kind_of(tmp_path / "ws" / "line.part") == "markup"
    assert settings.kind_of(tmp_path / "notes.htmx") == "other"
    assert settings.kind_of(tmp_path / "app.py") == "python"
