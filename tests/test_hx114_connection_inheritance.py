"""HX114: SSE and WebSocket connection elements in a project that turns htmx 4's implicit
inheritance on (htmx-2-compat.js, implicitInheritance: true): what is swapped in below them
inherits the connect attribute and connects too (tests/browser/test_compat_facts.py)."""

from __future__ import annotations

import pytest

from hxmigrate.analysis.project import Project
from hxmigrate.testing import make_settings, run

COMPAT = '<script src="https://unpkg.com/htmx.org@4.0.1/dist/ext/htmx-2-compat.js"></script>'
HTML = dict(filename="page.html", select=["HX114"])


@pytest.mark.parametrize("element, new", [
    ('<div hx-sse:connect="/events">', "hx-sse:connect"),
    ('<div data-hx-sse:connect="/events">', "hx-sse:connect"),
    ('<div hx-ext="sse" sse-connect="/events">', "hx-sse:connect"),
    ('<div hx-ws:connect="/ws">', "hx-ws:connect"),
    ('<div hx-ext="ws" data-ws-connect="/ws">', "hx-ws:connect"),
    ('<div hx-ws="connect:/chat">', "hx-ws:connect"),
    ('<div hx-sse="connect:/feed swap:news">', "hx-sse:connect"),
])
def test_a_connection_element_is_reported_with_the_steps(element, new):
    source = f"{COMPAT}\n{element}</div>"
    fixed, first, _ = run(source, **HTML)
    assert fixed == source and [d.code for d in first] == ["HX114"]
    message = first[0].message
    kind = "sse" if "sse" in new else "ws"
    assert f"inherits `{new}`" in message and "`hx-disinherit` does not stop it" in message
    assert "htmx.config.compat = {useExplicitInheritace: true}" in message
    assert f"htmx:{kind}:before:connection" in message
    assert ("GET still reaches the server once" in message) == (kind == "sse")
    span = source[first[0].start:first[0].end]
    assert span in element and "connect" in span and not span.startswith("hx-ext")  # the connect attribute


def test_one_finding_per_element():
    source = f'{COMPAT}<div sse-connect="/a" hx-sse:connect="/a"></div><div hx-ws:connect="/b"></div>'
    assert [d.code for d in run(source, **HTML)[1]] == ["HX114", "HX114"]


def test_implicit_inheritance_set_in_the_page():
    source = '<script>htmx.config.implicitInheritance = true</script><div hx-sse:connect="/e"></div>'
    assert [d.code for d in run(source, **HTML)[1]] == ["HX114"]


def test_the_project_fact(tmp_path):
    """The compat script loaded by a base template counts for every page of the project."""
    (tmp_path / "base.html").write_text(f"<head>{COMPAT}</head>", encoding="utf-8")
    (tmp_path / "feed.html").write_text('<div hx-sse:connect="/e"></div>', encoding="utf-8")
    settings = make_settings(tmp_path)
    project = Project.build(settings, sorted(tmp_path.iterdir()))
    assert project.implicit_inheritance
    source = (tmp_path / "feed.html").read_text()
    assert [d.code for d in run(source, filename="feed.html", settings=settings, project=project,
                                select=["HX114"])[1]] == ["HX114"]


@pytest.mark.parametrize("source", [
    '<div hx-sse:connect="/events"></div>',  # no compat: htmx 4 inherits nothing implicitly
    f'{COMPAT}<div hx-get="/x"></div>',
    f'{COMPAT}<div hx-ws="send"></div>',
    '<script>htmx.config.implicitInheritance = false</script><div hx-ws:connect="/w"></div>',
])
def test_noop(source):
    assert run(source, **HTML)[1] == []
