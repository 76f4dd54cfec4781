"""JSX elements a JavaScript/TypeScript server sends as WebSocket messages get the htmx 4 form
of a message template (WS201-WS205), written as JSX, through the command line on a small
Hono project: a server that sends the element and a page that connects."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from clirun import hx

HONO_CONFIG = '{\n  "compilerOptions": {\n    "jsx": "react-jsx",\n    "jsxImportSource": "hono/jsx"\n  }\n}\n'
REACT_CONFIG = '{\n  "compilerOptions": {\n    "jsx": "react-jsx",\n    "jsxImportSource": "react"\n  }\n}\n'
PAGE = ('export const Page = () => (\n  <div hx-ext="ws" ws-connect="/ws">\n    <div id="chat"></div>\n'
        '  </div>\n);\n')


def server(message: str) -> str:
    return ('import { upgradeWebSocket } from "hono/bun";\n\n'
            'export const ws = upgradeWebSocket(() => ({\n  onMessage(event, ws) {\n'
            '    const data = JSON.parse(String(event.data));\n'
            f'    const tag = {message};\n    ws.send(tag.toString());\n  }},\n}}));\n')


# (the JSX sent, its form after --write, the codes reported before it)
MESSAGES = [
    # a non-outer style: the element's tags become the partial's, its content kept
    ('<div hx-swap-oob="afterend:#chat">\n      <div>{data.message}</div>\n    </div>',
     '<hx-partial hx-target="#chat" hx-swap="afterend">\n      <div>{data.message}</div>\n    </hx-partial>',
     ["WS201"]),
    # swapped by its id: wrapped
    ('<div id="status">ok</div>',
     '<hx-partial hx-target="#status" hx-swap="outerHTML"><div id="status">ok</div></hx-partial>', ["WS201"]),
    # a self-closing element is complete
    ('<div id="a" />', '<hx-partial hx-target="#a" hx-swap="outerHTML"><div id="a" /></hx-partial>', ["WS201"]),
    # a self-closing element with a non-outer style swapped nothing of its own: an empty partial
    ('<ul hx-swap-oob="beforeend:#log" />', '<hx-partial hx-target="#log" hx-swap="beforeend"></hx-partial>',
     ["WS201"]),
    # className is an attribute like any other; hx-swap-oob="true" goes
    ('<p className="note" id="n" hx-swap-oob="true">{data.message}</p>',
     '<hx-partial hx-target="#n" hx-swap="outerHTML"><p className="note" id="n">{data.message}</p></hx-partial>',
     ["WS201"]),
    # an id written by an expression cannot be copied into hx-target="#...": hx-swap-oob="true" instead
    ('<li id={`m-${data.id}`}>{data.message}</li>',
     '<li id={`m-${data.id}`} hx-swap-oob="true">{data.message}</li>', ["WS201"]),
    # so does every element of that message
    ('<>\n      <b id="b">1</b>\n      <i id={data.id}>2</i>\n    </>',
     '<>\n      <b id="b" hx-swap-oob="true">1</b>\n      <i id={data.id} hx-swap-oob="true">2</i>\n    </>',
     ["WS201", "WS201"]),
    # an hx-swap-oob written by an expression: which swap 2.x did cannot be told
    ('<div id="x" hx-swap-oob={data.swap}>x</div>', None, ["WS204"]),
    # a fragment's children are the top level; a JSX comment renders nothing
    ('<>\n      {/* two parts */}\n      <b id="a" />\n      <i id="c">c</i>\n    </>',
     '<>\n      {/* two parts */}\n      <hx-partial hx-target="#a" hx-swap="outerHTML"><b id="a" /></hx-partial>\n'
     '      <hx-partial hx-target="#c" hx-swap="outerHTML"><i id="c">c</i></hx-partial>\n    </>',
     ["WS201", "WS201"]),
    # JSX decodes character references in strings as HTML does: the id is `a&b`
    ('<b id="a&amp;b">x</b>',
     '<hx-partial hx-target="#a\\&amp;b" hx-swap="outerHTML"><b id="a&amp;b">x</b></hx-partial>', ["WS201"]),
    # mapped children inside a top-level element are its content
    ('<ul hx-swap-oob="beforeend:#log">{data.items.map((i: string) => <li id={i}>{i}</li>)}</ul>',
     '<hx-partial hx-target="#log" hx-swap="beforeend">{data.items.map((i: string) => <li id={i}>{i}</li>)}'
     '</hx-partial>', ["WS201"]),
    # ...but as the top level itself they cannot be told
    ('<>{data.items.map((i: string) => <li id={i}>{i}</li>)}</>', None, ["WS203"]),
    # a component at the top level: what it renders is not written here
    ('<><Item /></>', None, ["WS202"]),
    # neither id nor hx-swap-oob: 2.x dropped it
    ('<div>{data.message}</div>', None, ["WS203"]),
    # attributes spread into the element may set its id
    ('<div {...data.attrs} id="s">x</div>', None, ["WS202"]),
    # nested hx-swap-oob stays hidden inside the partial, as 2.x left it
    ('<div id="o"><p id="p" hx-swap-oob="true" /></div>',
     '<hx-partial hx-target="#o" hx-swap="outerHTML"><div id="o"><p id="p" hx-swap-oob="true" /></div></hx-partial>',
     ["WS201"]),
    # already in the htmx 4 form: nothing to do
    ('<hx-partial hx-target="#chat" hx-swap="afterend"><div>x</div></hx-partial>', None, []),
]


def _project(root: Path, message: str, config: str = HONO_CONFIG) -> Path:
    (root / "src").mkdir(parents=True)
    (root / "tsconfig.json").write_text(config)
    (root / "src" / "page.tsx").write_text(PAGE)
    path = root / "src" / "server.tsx"
    path.write_text(server(message))
    return path


def _codes(root: Path) -> list[str]:
    r = hx(".", "--check", "--output-format", "json", cwd=root)
    assert r.returncode in (0, 1), r.stderr
    return sorted(i["code"] for i in json.loads(r.stdout) if i["filename"].endswith("server.tsx"))


@pytest.mark.parametrize("message, after, codes", MESSAGES)
def test_a_jsx_message_gets_its_htmx4_form(tmp_path: Path, message, after, codes):
    path = _project(tmp_path, message)
    assert _codes(tmp_path) == sorted(codes)
    r = hx(".", "--write", cwd=tmp_path)
    assert "0 failed" in r.stderr, r.stderr
    assert path.read_text() == server(after if after is not None else message)
    written = path.read_text()
    hx(".", "--write", cwd=tmp_path)
    assert path.read_text() == written, "a second --write changed the message"


def test_react_types_reject_hx_partial(tmp_path: Path):
    """@types/react declares no `hx-partial` intrinsic element (tsc: "Property 'hx-partial' does
    not exist on type 'JSX.IntrinsicElements'"): a .tsx file of a React project keeps its
    elements with hx-swap-oob."""
    path = _project(tmp_path, '<div id="status">ok</div>', REACT_CONFIG)
    r = hx(".", "--check", "--output-format", "json", cwd=tmp_path)
    found = [i for i in json.loads(r.stdout) if i["filename"].endswith("server.tsx")]
    assert [i["code"] for i in found] == ["WS201"]
    assert "TypeScript types of `react` do not declare it" in found[0]["message"]
    hx(".", "--write", cwd=tmp_path)
    assert path.read_text() == server('<div id="status" hx-swap-oob="true">ok</div>')


def test_a_jsx_file_of_a_react_project_gets_the_partial(tmp_path: Path):
    """Without types (a .jsx file), React writes <hx-partial> and its attributes as they are."""
    _project(tmp_path, '<div id="s">ok</div>', REACT_CONFIG)
    src = tmp_path / "src" / "server.tsx"
    path = src.with_suffix(".jsx")
    path.write_text(src.read_text().replace("String(event.data)", "event.data"))
    src.unlink()
    hx(".", "--write", cwd=tmp_path)
    assert '<hx-partial hx-target="#s" hx-swap="outerHTML"><div id="s">ok</div></hx-partial>' in path.read_text()


def test_a_component_sent_is_rewritten_where_it_is_written(tmp_path: Path):
    path = _project(tmp_path, "<Status text={data.message} />")
    path.write_text(path.read_text().replace(
        "export const ws", "const Status = ({ text }: { text: string }) => <p id=\"status\">{text}</p>;\n\nexport const ws"))
    hx(".", "--write", cwd=tmp_path)
    assert ('const Status = ({ text }: { text: string }) => <hx-partial hx-target="#status" hx-swap="outerHTML">'
            '<p id="status">{text}</p></hx-partial>;') in path.read_text()


def test_a_component_also_rendered_in_a_page_is_reported(tmp_path: Path):
    _project(tmp_path, "<Status />")
    (tmp_path / "src" / "status.tsx").write_text('export const Status = () => <p id="status">ok</p>;\n')
    path = tmp_path / "src" / "server.tsx"
    path.write_text('import { Status } from "./status";\n' + path.read_text())
    page = tmp_path / "src" / "page.tsx"
    page.write_text('import { Status } from "./status";\n' + PAGE.replace('<div id="chat"></div>', "<Status />"))
    r = hx(".", "--check", "--output-format", "json", cwd=tmp_path)
    items = json.loads(r.stdout)
    assert not [i for i in items if i["filename"].endswith("status.tsx")]
    unread = [i for i in items if i["code"] == "WS111"]
    assert unread and "the JSX component Status is also rendered in src/page.tsx:4" in unread[0]["message"], items
    before = (tmp_path / "src" / "status.tsx").read_text()
    hx(".", "--write", cwd=tmp_path)
    assert (tmp_path / "src" / "status.tsx").read_text() == before
