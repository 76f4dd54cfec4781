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
from hxmigrate.project import Project
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

def test_write_wraps_the_messages_and_reports_the_shared_template_once(project):
    r = hx(".", "--write", cwd=project)
    assert r.returncode == 1, r.stderr
    assert "4 files changed" in r.stderr, r.stderr
    assert tree(project) == tree(EXPECTED)
    assert findings(r.stdout) == [("chat/templates/chat/room.html:10:36", "WS206")]
    line = next(line for line in r.stdout.splitlines() if "WS206" in line)
    assert f"`{MESSAGE}` is a WebSocket message template" in line
    assert "chat/views.py:10 (an HTTP response)" in line
    assert "chat/templates/chat/partials/new_message.html:1 (inside a part of a message, where it never shows)" in line
    assert "Split the template" in line


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
    assert "this HTTP response carries them too" in d.message
    assert "templates/items/added.html:1 (inside a part of a message, where it never shows)" in d.message
    assert "added.html:2" not in d.message  # at the top level of the message: a part of it, as it should be


def test_only_a_nested_include_in_a_message(tmp_path):
    settings, project = build(tmp_path, {
        "app/ws.py": SERVER + "\n\nasync def added(ws, item):\n"
                              "    await ws.send_text(render_to_string('items/added.html', {'item': item}))\n",
        "templates/items/item.html": ITEM,
        "templates/items/added.html": '<ul id="items" hx-swap-oob="beforeend">{% include "items/item.html" %}</ul>\n',
    })
    found = ws206(tmp_path, settings, project)
    assert list(found) == ["templates/items/added.html"]
    assert "inert <template>" in found["templates/items/added.html"][0].message


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


def test_implicit_inheritance_is_named_when_on(tmp_path):
    settings, project = build(tmp_path, {
        "app/ws.py": SERVER,
        "templates/items/item.html": ITEM,
        "templates/page.html": '<meta name="htmx-config" content=\'{"implicitInheritance": true}\'>\n'
                               '<ul>{% include "items/item.html" %}</ul>\n',
    })
    [d] = ws206(tmp_path, settings, project)["templates/page.html"]
    assert "Implicit inheritance is on" in d.message


def test_project_facts_are_plain_data(tmp_path):
    settings, project = build(tmp_path, {
        "app/ws.py": SERVER,
        "templates/items/item.html": ITEM,
        "templates/page.html": '<ul>{% include "items/item.html" %}</ul>\n',
    })
    page = (tmp_path / "templates/page.html").resolve()
    assert project.template_uses == {page: [("items/item.html", 0, "page", "templates/items/item.html", ())]}
    assert pickle.loads(pickle.dumps(project)).template_uses == project.template_uses


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
