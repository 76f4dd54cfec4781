"""The JSX that WS312 writes, through the real compilers and renderers pinned in
package.json (jsx_toolchains.mjs runs them with node): every rewrite of the fixtures
compiles with Babel's React transform and with TypeScript; the migrated Hono project
(fixtures/projects/jsx-hono/after) type-checks with its tsconfig.json and renders the
htmx 4 attributes as written; and the facts WS312 decides by still hold: Babel rejects a
namespaced name that TypeScript accepts, and hono/jsx and react-dom write a namespaced
name and a spread key alike.

No browser: these run with the rest of the suite. Without node they are skipped, except
in CI (CI set), where a missing node fails them."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
SCRIPT = HERE / "jsx_toolchains.mjs"
CASES = ROOT / "fixtures" / "cases" / "js"
HONO = ROOT / "fixtures" / "projects" / "jsx-hono" / "after"


@pytest.fixture(scope="module")
def node(request) -> tuple[str, Path]:
    found = shutil.which("node")
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("node is missing: the JSX checks run the real compilers (apt-get install -y nodejs npm)",
                        pytrace=False)
        pytest.skip("node is missing")
    return found, request.getfixturevalue("node_modules")


def run(node, *args):
    binary, modules = node
    done = subprocess.run([binary, str(SCRIPT), str(modules), *map(str, args)], capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.fixture
def hono_project(tmp_path, node) -> Path:
    """The migrated Hono project, with the pinned packages as its node_modules."""
    folder = tmp_path / "jsx-hono"
    shutil.copytree(HONO, folder)
    (folder / "node_modules").symlink_to(node[1], target_is_directory=True)
    return folder


def test_every_rewrite_of_the_fixtures_compiles_with_babel_and_typescript(node):
    files = sorted(CASES.glob("jsx_*.after.*"))
    assert len(files) >= 5
    results = run(node, "compile", *files)
    assert {Path(f).name: r for f, r in results.items() if r != {"babel": "ok", "typescript": "ok"}} == {}


def test_the_migrated_hono_project_type_checks(hono_project, node):
    assert run(node, "typecheck", hono_project) == []


def test_the_migrated_hono_project_renders_the_htmx_4_attributes(hono_project, node):
    room = run(node, "render", hono_project, "src/components/Room.tsx", "Room", json.dumps({"name": "lobby"}))
    assert ' hx-ws:connect="/ws/rooms/lobby" hx-swap="none" hx-ext="preload" ' in room
    assert ' hx-on::ws:after:message:incoming="document.getElementById(&#39;count&#39;).textContent = ' \
           'String(event.detail.message.data.length)">' in room
    assert '<form id="chat" hx-ws:send="">' in room
    ticker = run(node, "render", hono_project, "src/components/Room.tsx", "Ticker")
    assert ticker.startswith('<aside data-hx-ws:connect="/ws/ticker" hx-target="#price">')
    panel = run(node, "render", hono_project, "admin/src/Panel.tsx", "Panel", json.dumps({"room": "r1"}))
    assert panel.startswith('<div hx-ws:connect="/ws/admin/r1" hx-swap="none"><button hx-ws:send="" ')


def test_babel_rejects_what_typescript_accepts_where_the_project_read_says_so(hono_project, node):
    """src/ is compiled by TypeScript (namespaced names); admin/ also by Babel (object spreads)."""
    results = run(node, "compile", hono_project / "src" / "components" / "Room.tsx",
                  hono_project / "admin" / "src" / "Panel.tsx")
    room, panel = results.values()
    assert "Namespace tags are not supported" in room["babel"] and room["typescript"] == "ok"
    assert panel == {"babel": "ok", "typescript": "ok"}


@pytest.mark.parametrize("runtime", ["hono/jsx", "react"])
def test_renderers_write_a_namespaced_name_and_a_spread_key_alike(tmp_path, node, runtime):
    (tmp_path / "tsconfig.json").write_text(json.dumps(
        {"compilerOptions": {"jsx": "react-jsx", "jsxImportSource": runtime, "module": "ESNext"}, "include": ["*.tsx"]}))
    (tmp_path / "page.tsx").write_text(
        'const url = "/ws?a=1&b=\\"2\\"";\n'
        "export const Named = () => <div hx-ws:connect={url} hx-swap=\"none\"><form hx-ws:send=\"\" /></div>;\n"
        'export const Spread = () => <div {...{ "hx-ws:connect": url }} hx-swap="none">'
        '<form {...{ "hx-ws:send": "" }} /></div>;\n'
        'export const Handler = () => <ul {...{ "hx-on::ws:after:message:incoming": "a < b && c()" }} />;\n')
    named = run(node, "render", tmp_path, "page.tsx", "Named")
    assert named == run(node, "render", tmp_path, "page.tsx", "Spread")
    assert named.startswith('<div hx-ws:connect="/ws?a=1&amp;b=&quot;2&quot;" hx-swap="none"><form hx-ws:send=""')
    assert run(node, "render", tmp_path, "page.tsx", "Handler") == \
        '<ul hx-on::ws:after:message:incoming="a &lt; b &amp;&amp; c()"></ul>'
