"""WS206: a message template that a page includes, an HTTP view renders, or another message
includes inside an element: reported once, at its first use, with its other uses named.
The fixture project end to end through the real CLI, then small projects through
Project.build, then one file on its own (the ws-message-templates setting decides)."""

from __future__ import annotations

import pickle
import shutil
from pathlib import Path

import pytest

from hxmigrate.config import Settings
from hxmigrate.engine import fix_text
from hxmigrate.analysis.project import FirstUse, OtherUse, Project
from hxmigrate.rules import select_rules
from hxmigrate.testing import make_settings, run

from test_discovery import hx, tree, write

ROOT = Path(__file__).resolve().parent.parent
CHANNELS_PROJECT = ROOT / "fixtures" / "channels-project"
EXPECTED = CHANNELS_PROJECT / ".expected"
MESSAGE = "chat/templates/chat/partials/message.html"


@pytest.fixture
def project(tmp_path):
    dst = tmp_path / "channels-project"
    shutil.copytree(CHANNELS_PROJECT, dst, ignore=shutil.ignore_patterns(".expected", "__pycache__"))
    return dst


def findings(stdout: str) -> list[tuple[str, str]]:
    return [(line.split(": ")[0].removeprefix("./"), line.split()[1]) for line in stdout.splitlines() if ": WS" in line]


# --- the fixture project, through the CLI -----------------------------------------------------

def test_write_keeps_the_shared_template_in_place_and_reports_it_once(project):
    r = hx(".", "--write", cwd=project)
    assert r.returncode == 1, r.stderr
    assert "4 files changed" in r.stderr, r.stderr
    assert tree(project) == tree(EXPECTED)
    # The template the page includes keeps its element, with hx-swap-oob; the others get wrappers.
    shared = (project / MESSAGE).read_text()
    assert "<hx-partial" not in shared and 'hx-swap-oob="true"' in shared
    assert "<hx-partial" in (project / "chat/templates/chat/partials/typing.html").read_text()
    assert findings(r.stdout) == [("chat/templates/chat/room.html:10:36", "WS206")]
    line = next(line for line in r.stdout.splitlines() if "WS206" in line)
    assert f"`{MESSAGE}` is a WebSocket message template" in line
    assert "chat/views.py:10 (an HTTP response)" in line
    assert "chat/templates/chat/partials/new_message.html:1 (inside a part of a message)" in line
    assert "hx-boost" in line and "split the template" in line


def test_check_reports_ws206_before_anything_is_written(project):
    r = hx(".", "--check", cwd=project)
    assert r.returncode == 1
    assert [code for _, code in findings(r.stdout)].count("WS206") == 1
    assert tree(project) != tree(EXPECTED)


def test_explain_discovery_names_the_helpers(project):
    r = hx(".", "--explain-discovery", "--check", cwd=project)
    lines = dict(line.removeprefix("./").split(": WebSocket message template: ") for line in r.stderr.splitlines()
                 if ": WebSocket message template: " in line)
    assert lines == {
        MESSAGE: "rendered by RoomConsumer.chat_edited() through TemplateConsumer.push() (chat/consumers.py:20), "
                 "which sends it with self.send(text_data=...)",
        "chat/templates/chat/partials/new_message.html":
            "rendered by RoomConsumer.chat_posted() through TemplateConsumer.push() (chat/consumers.py:17), "
            "which sends it with self.send(text_data=...)",
        "chat/templates/chat/partials/typing.html":
            "rendered by RoomConsumer.chat_typing() through PresenceConsumer.announce() (chat/consumers.py:23), "
            "which passes it on to TemplateConsumer.push(), which sends it with self.send(text_data=...)",
    }


def test_given_only_the_page_the_project_still_decides(project):
    # As pre-commit runs it: only the page changed.
    r = hx("chat/templates/chat/room.html", cwd=project)
    assert findings(r.stdout).count(("chat/templates/chat/room.html:10:36", "WS206")) == 1


SHARED_PROJECT = ROOT / "fixtures" / "shared-templates"


def test_templates_rendered_into_pages_keep_their_elements(tmp_path):
    project = tmp_path / "shared-templates"
    shutil.copytree(SHARED_PROJECT, project, ignore=shutil.ignore_patterns(".expected", "__pycache__"))
    r = hx(".", "--write", cwd=project)
    assert r.returncode == 1, r.stderr
    assert tree(project) == tree(SHARED_PROJECT / ".expected")
    written = {name: (project / "chat/templates/chat" / name).read_text() for name in ("_room.html", "_message.html", "_presence.html")}
    assert not any("<hx-partial" in text for text in written.values())
    # The container that opens the socket: renamed in place, hx-swap-oob for the socket.
    assert written["_room.html"].startswith('<section id="room" hx-swap-oob="true" class="room" x-data="{ unread: 0 }" '
                                            'hx-ws:connect="/ws/chat/{{ room.slug }}/" hx-swap="none">')
    # An element whose style swaps its children keeps its class and Alpine state in the page.
    assert written["_presence.html"] == (SHARED_PROJECT / "chat/templates/chat/_presence.html").read_text()
    assert findings(r.stdout) == [
        ("chat/templates/chat/_room.html:3:34", "WS206"),  # _message.html inside the <section> that keeps hx-swap-oob
        ("chat/templates/chat/room.html:9:3", "WS206"),  # _room.html in the page
        ("chat/templatetags/chat_tags.py:6:25", "WS206"),  # _presence.html through the inclusion tag
    ]


# --- small projects ---------------------------------------------------------------------------

SERVER = ("from django.template.loader import render_to_string\n\n\n"
          "async def push(ws, item):\n    await ws.send_text(render_to_string('items/item.html', {'item': item}))\n")
ITEM = '<li id="item-{{ item.id }}">{{ item.name }}</li>\n'


def build(root: Path, files: dict[str, str]) -> tuple[Settings, Project]:
    write(root, {"pyproject.toml": "[tool.hxmigrate]\n", **files})
    settings = make_settings(root.resolve())
    settings.config_file = root / "pyproject.toml"
    return settings, Project.build(settings, [p for p in root.rglob("*") if p.is_file()])


def ws206(root: Path, settings: Settings, project: Project) -> dict[str, list]:
    rules = select_rules(["WS206"])
    out = {}
    for path in sorted(root.rglob("*")):
        if path.suffix in (".html", ".py"):
            kind = "python" if path.suffix == ".py" else "markup"
            _, first, _, _ = fix_text(str(path), path.read_text(), kind, settings, project, rules)
            if first:
                out[path.relative_to(root).as_posix()] = first
    return out


def test_two_pages_one_finding_at_the_first(tmp_path):
    settings, project = build(tmp_path, {
        "app/ws.py": SERVER,
        "templates/items/item.html": ITEM,
        "templates/b_page.html": '<ul id="items">{% for item in items %}{% include "items/item.html" %}{% endfor %}</ul>\n',
        "templates/a_page.html": '<ol>\n{% include "items/item.html" %}\n{% include "items/item.html" %}\n</ol>\n',
        "templates/other.html": '{% include "items/other.html" %}\n',
        "templates/items/other.html": "<p>not a message</p>\n",
    })
    found = ws206(tmp_path, settings, project)
    assert list(found) == ["templates/a_page.html"]
    [d] = found["templates/a_page.html"]
    assert (d.start, d.end) == (5, 5 + len('{% include "items/item.html" %}'))
    assert "`templates/items/item.html` is a WebSocket message template (also used in templates/a_page.html:3, " \
           "templates/b_page.html:1)" in d.message


def test_http_render_and_include_inside_a_message_element(tmp_path):
    settings, project = build(tmp_path, {
        "app/ws.py": SERVER + "\n\nasync def added(ws, item):\n"
                              "    await ws.send_text(render_to_string('items/added.html', {'item': item}))\n",
        "app/views.py": "from django.shortcuts import render\n\n\ndef edit(request):\n"
                        "    return render(request, 'items/item.html', {})\n",
        "templates/items/item.html": ITEM,
        "templates/items/added.html": '<ul id="items" hx-swap-oob="beforeend">{% include "items/item.html" %}</ul>\n'
                                      '{% include "items/item.html" %}\n',
    })
    found = ws206(tmp_path, settings, project)
    assert list(found) == ["app/views.py"]
    [d] = found["app/views.py"]
    assert "This HTTP response carries them" in d.message and "instead of into the request's target" in d.message
    assert "templates/items/added.html:1 (inside a part of a message)" in d.message
    assert "added.html:2" not in d.message  # at the top level of the message: a part of it, as it should be


@pytest.mark.parametrize("oob_style, added, reported", [
    # The <ul> becomes an <hx-partial>: htmx 4 leaves the hx-swap-oob inside it alone, as 2.x did.
    ("partial", '<ul id="items" hx-swap-oob="beforeend">{% include "items/item.html" %}</ul>\n', False),
    # The <ul> keeps its hx-swap-oob: htmx 4 would swap the included <li> by its id too.
    ("swap-oob", '<ul id="items" hx-swap-oob="beforeend">{% include "items/item.html" %}</ul>\n', True),
    # A connection element keeps its hx-swap-oob whatever the style.
    ("partial", '<div id="c" ws-connect="/ws" hx-swap-oob="true"><ul>{% include "items/item.html" %}</ul></div>\n',
     True),
])
def test_only_a_nested_include_in_a_message(tmp_path, oob_style, added, reported):
    settings, project = build(tmp_path, {
        "app/ws.py": SERVER + "\n\nasync def added(ws, item):\n"
                              "    await ws.send_text(render_to_string('items/added.html', {'item': item}))\n",
        "templates/items/item.html": ITEM,
        "templates/items/added.html": added,
    })
    settings.oob_style = oob_style
    found = ws206(tmp_path, settings, project)
    # The included template keeps its <li> in place either way (a wrapper would be inert in the part).
    item = (tmp_path / "templates/items/item.html").resolve()
    assert project.message_uses == {item: (OtherUse("message", "templates/items/added.html:1"),)}
    assert list(found) == (["templates/items/added.html"] if reported else [])
    if reported:
        assert "swaps nested hx-swap-oob elements by their id" in found["templates/items/added.html"][0].message


def test_nothing_without_other_uses(tmp_path):
    settings, project = build(tmp_path, {
        "app/ws.py": SERVER + "\n\nasync def items(ws):\n    await ws.send_text(render_to_string('items/list.html'))\n",
        "app/views.py": "from django.shortcuts import render\n\n\ndef page(request):\n"
                        "    return render(request, 'page.html', {})\n",
        "templates/items/item.html": ITEM,
        "templates/items/list.html": "{% for item in items %}{% include 'items/item.html' %}{% endfor %}\n",
        "templates/page.html": "<ul>{% include 'items/rows.html' %}</ul>\n",
        "templates/items/rows.html": "<li>{{ row }}</li>\n",
    })
    assert project.uses_discovered and project.template_uses == {}
    assert ws206(tmp_path, settings, project) == {}


@pytest.mark.parametrize("use, kind", [
    ('{% from "items/item.html" import row %}<ul>{{ row(x) }}</ul>\n', "import"),
    ('{% import "items/item.html" as items %}<ul>{{ items.row(x) }}</ul>\n', "import"),
    ('{# {% import "items/item.html" as items %} #}<ul></ul>\n', None),
])
def test_macro_imports_are_page_uses(tmp_path, use, kind):
    settings, project = build(tmp_path, {
        "app/ws.py": SERVER,
        "templates/items/item.html": ITEM,
        "templates/page.html": use,
    })
    item = (tmp_path / "templates/items/item.html").resolve()
    found = ws206(tmp_path, settings, project)
    if kind is None:
        assert project.message_uses == {} and found == {}
        return
    assert project.message_uses == {item: (OtherUse(kind, "templates/page.html:1"),)}
    [d] = found["templates/page.html"]
    assert "Pages use the macros imported here" in d.message


@pytest.mark.parametrize("tags", [
    '@register.inclusion_tag("items/item.html")\ndef item(x):\n    return {"item": x}\n',
    '@register.inclusion_tag(filename="items/item.html", takes_context=True)\ndef item(context):\n    return {}\n',
    'def item(x):\n    return {"item": x}\n\n\nregister.inclusion_tag("items/item.html")(item)\n',
])
def test_django_inclusion_tags_are_page_uses(tmp_path, tags):
    settings, project = build(tmp_path, {
        "app/ws.py": SERVER,
        "app/templatetags/items.py": "from django import template\n\nregister = template.Library()\n\n\n" + tags,
        "templates/items/item.html": ITEM,
    })
    item = (tmp_path / "templates/items/item.html").resolve()
    [use] = project.message_uses[item]
    assert use.kind == "tag" and use.where.startswith("app/templatetags/items.py:")
    [d] = ws206(tmp_path, settings, project)["app/templatetags/items.py"]
    assert "This inclusion tag renders them into pages" in d.message
    assert run(ITEM, filename="templates/items/item.html", settings=settings, project=project)[0] == \
        '<li id="item-{{ item.id }}" hx-swap-oob="true">{{ item.name }}</li>\n'


def test_project_facts_are_plain_data(tmp_path):
    settings, project = build(tmp_path, {
        "app/ws.py": SERVER,
        "templates/items/item.html": ITEM,
        "templates/page.html": '<ul>{% include "items/item.html" %}</ul>\n',
    })
    page = (tmp_path / "templates/page.html").resolve()
    item = (tmp_path / "templates/items/item.html").resolve()
    assert project.template_uses == {page: [FirstUse("items/item.html", 0, "page", "templates/items/item.html", (), 1)]}
    assert project.message_uses == {item: (OtherUse("page", "templates/page.html:1"),)}
    again = pickle.loads(pickle.dumps(project))
    assert (again.template_uses, again.message_uses) == (project.template_uses, project.message_uses)


# --- one file on its own ----------------------------------------------------------------------

SETTINGS = make_settings(ws_message_templates=["*-ws.html"])


@pytest.mark.parametrize("filename, text, count", [
    ("page.html", '{% include "chat/_message-ws.html" %}{% include "chat/_message-ws.html" %}', 1),
    ("page.html", '{% include "chat/_footer.html" %}', 0),
    ("page.html", '{# {% include "chat/_message-ws.html" %} #}', 0),
    ("page.hbs", "<ul>{{> chat/row-ws.html}}</ul>", 1),
    ("bundle-ws.html", '{% include "chat/_message-ws.html" %}', 0),  # at the top level of a message
    ("views.py", "def edit(request):\n    return render(request, 'chat/_message-ws.html')\n", 1),
    ("views.py", "def edit(request):\n    return render_to_string('chat/_message-ws.html')\n", 0),
])
def test_by_the_setting_alone(filename, text, count):
    _, first, _ = run(text, filename=filename, settings=SETTINGS, select=["WS206"])
    assert len(first) == count


def test_no_setting_no_finding():
    _, first, _ = run('{% include "chat/_message-ws.html" %}', settings=make_settings(), select=["WS206"])
    assert first == []


def test_alone_implicit_inheritance_is_named_when_on():
    project = Project(SETTINGS, implicit_inheritance=True)
    _, first, _ = run('<ul>{% include "chat/_message-ws.html" %}</ul>', settings=SETTINGS, project=project,
                      select=["WS206"])
    [d] = first
    assert "Implicit inheritance is on" in d.message and "reading this file on its own" in d.message


def test_a_message_template_read_ahead_of_the_project_is_read_again(tmp_path):
    from hxmigrate.analysis.project import Provisional

    settings, project = build(tmp_path, {
        "app/ws.py": SERVER,
        "templates/items/item.html": ITEM,
        "templates/page.html": '<ul>{% include "items/item.html" %}</ul>\n',
    })
    item = (tmp_path / "templates/items/item.html").resolve()
    page = (tmp_path / "templates/page.html").resolve()
    provisional = Provisional(settings, True)
    assert provisional.message_uses == {} and "message_uses" in provisional.asked
    assert not provisional.same_answers({"message_uses"}, item, project)  # it is used in a page after all
    assert provisional.same_answers({"message_uses"}, page, project)
