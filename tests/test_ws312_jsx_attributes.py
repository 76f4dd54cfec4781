"""WS312: 2.x WebSocket attributes in JSX are rewritten to htmx 4's, as JSX attribute names
(`hx-ws:connect={url}`) where the folder's JSX is rendered by hono/jsx or @kitajs/html and
compiled by TypeScript, esbuild, Bun or Deno, as object spreads (`{...{"hx-ws:connect": url}}`)
everywhere else; what cannot be rewritten exactly is reported. The project read tells the
toolchain from the config files of each folder with JSX (the `jsx_configs` fact)."""

from __future__ import annotations

import pytest
from clirun import hx

from hxmigrate.analysis.project import Project, Provisional
from hxmigrate.paths import real_path
from hxmigrate.rules.websockets._jsx_toolchain import toolchain
from hxmigrate.source import SourceFile
from hxmigrate.testing import check_transformed, make_settings, run

JSX = dict(filename="Chat.jsx")
HONO = '{"compilerOptions": {"jsx": "react-jsx", "jsxImportSource": "hono/jsx"}}'


def findings(source, filename="Chat.jsx", **kwargs):
    fixed, found, _ = run(source, filename=filename, **kwargs)
    assert fixed == run(fixed, filename=filename, **kwargs)[0], "a second run changed the output"
    return fixed, [d for d in found if d.code == "WS312"]


def hono_project(tmp_path, tsconfig=HONO, package='{"dependencies": {"hono": "4.13.19"}}'):
    """Settings and a project whose folder is compiled by TypeScript and rendered by hono/jsx."""
    settings = make_settings(tmp_path)
    folder = real_path(tmp_path / "Chat.tsx").parent
    configs = ((folder / "tsconfig.json", tsconfig), (folder / "package.json", package))
    return dict(settings=settings, project=Project(settings, jsx_configs={folder: configs}))


def element(before: str) -> str:
    return f"export const C = ({{ url }}) => (\n  {before}\n);\n"


@pytest.mark.parametrize("filename", ["Chat.jsx", "Chat.tsx", "chat.js"])
@pytest.mark.parametrize(
    "before, after",
    [
        ("<section ws-connect={url} />", '<section {...{"hx-ws:connect": url}} hx-swap="none" />'),
        ('<section id="r" ws-connect="/chat"></section>',
         '<section id="r" {...{"hx-ws:connect": "/chat"}} hx-swap="none"></section>'),
        ("<section data-ws-connect='/a\\b' />", "<section {...{\"data-hx-ws:connect\": '/a\\\\b'}} data-hx-swap=\"none\" />"),
        ('<form ws-send="true" />', '<form {...{"hx-ws:send": ""}} />'),
        ('<form ws-send={""} />', '<form {...{"hx-ws:send": ""}} />'),
        ('<div hx-ws="connect:/feed" />', '<div {...{"hx-ws:connect": "/feed"}} hx-swap="none" />'),
        ('<div hx-ws="send" />', '<div {...{"hx-ws:send": ""}} />'),
        ('<div id="a" hx-ext="ws" />', '<div id="a" />'),
        ('<div hx-ext={"json-enc, ws"} />', '<div hx-ext={"json-enc"} />'),
        ('<div hx-ext="ws,morph" />', '<div hx-ext="morph" />'),
        ('<div {...{ "hx-ext": "ws" }} id="x" />', '<div id="x" />'),
        ('<div {...{ "ws-connect": url, "hx-ext": "ws" }} />', '<div {...{ "hx-ws:connect": url, "hx-swap": "none" }} />'),
        ("<div {...{ 'ws-send': 'x', id: 1 }} />", "<div {...{ 'hx-ws:send': '', id: 1 }} />"),
        ('<ul hx-on--ws-after-message="f()" />', '<ul {...{"hx-on::ws:after:message:incoming": "f()"}} />'),
        ("<ul hx-on-htmx-ws-open='f(\"x\")' />", "<ul {...{\"hx-on::ws:after:connection\": 'f(\"x\")'}} />"),
        ('<ul data-hx-on--ws-close={"g()"} />', '<ul {...{"data-hx-on::ws:close": "g()"}} />'),
        ('<ul hx-on--ws-after-message="log(event.detail.message)" />',
         '<ul {...{"hx-on::ws:after:message:incoming": "log(event.detail.message.data)"}} />'),
    ],
)
def test_rewritten_as_spreads_where_the_toolchain_is_not_known(filename, before, after):
    fixed, found = findings(element(before), filename)
    assert fixed == element(after)
    assert found and all(d.fix is not None and d.fix.safe for d in found)


@pytest.mark.parametrize(
    "before, after",
    [
        ("<section ws-connect={url} />", '<section hx-ws:connect={url} hx-swap="none" />'),
        ("<section\n    ws-connect={url}\n    id=\"r\" />", "<section\n    hx-ws:connect={url}\n    hx-swap=\"none\"\n    id=\"r\" />"),
        ('<section data-ws-connect="/a?b=1&amp;c=2" />', '<section data-hx-ws:connect="/a?b=1&amp;c=2" data-hx-swap="none" />'),
        ("<form ws-send />", '<form hx-ws:send="" />'),
        ('<form data-ws-send="1" />', '<form data-hx-ws:send="" />'),
        ("<div hx-ws='connect:/feed' />", "<div hx-ws:connect='/feed' hx-swap=\"none\" />"),
        ('<div hx-ext="ws" ws-connect={url} />', '<div hx-ws:connect={url} hx-swap="none" />'),
        ('<ul hx-on--ws-after-message="f()" />', '<ul {...{"hx-on::ws:after:message:incoming": "f()"}} />'),
        ('<div {...{ "ws-connect": url }} />', '<div {...{ "hx-ws:connect": url, "hx-swap": "none" }} />'),
    ],
)
def test_rewritten_as_namespaced_names_for_hono_jsx_compiled_by_typescript(tmp_path, before, after):
    fixed, found = findings(element(before), "Chat.tsx", **hono_project(tmp_path))
    assert fixed == element(after)
    assert found and all(d.fix is not None and d.fix.safe for d in found)


@pytest.mark.parametrize(
    "tsconfig, package, namespaced",
    [
        (HONO, '{"dependencies": {"hono": "4"}}', True),
        ('{"compilerOptions": {"jsx": "react-jsx", "jsxImportSource": "@kitajs/html"}}', "{}", True),
        ('{"compilerOptions": {"jsx": "precompile", "jsxImportSource": "hono/jsx"}}', "{}", True),
        (HONO, '{"devDependencies": {"@babel/core": "7"}}', False),
        (HONO, '{"devDependencies": {"@vitejs/plugin-react-swc": "4"}}', False),
        (HONO, '{"devDependencies": {"next": "15"}}', False),
        (HONO, '{"babel": {"presets": []}}', False),
        (HONO, "not json", False),
        ('{"compilerOptions": {"jsx": "preserve", "jsxImportSource": "hono/jsx"}}', "{}", False),
        ('{"compilerOptions": {"jsx": "react-jsx"}}', "{}", False),  # React
        ('{"compilerOptions": {"jsx": "react-jsx", "jsxImportSource": "preact"}}', "{}", False),
        ('{"extends": "@tsconfig/strictest"}', "{}", False),
    ],
)
def test_the_form_follows_the_toolchain(tmp_path, tsconfig, package, namespaced):
    fixed, _ = findings(element("<section ws-connect={url} />"), "Chat.tsx", **hono_project(tmp_path, tsconfig, package))
    assert ("hx-ws:connect={url}" in fixed) is namespaced, fixed
    assert ('{...{"hx-ws:connect": url}}' in fixed) is not namespaced, fixed


def test_the_project_read_finds_the_configs_up_to_the_repository_root(tmp_path):
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (tmp_path / "package.json").write_text('{"devDependencies": {"@babel/core": "7"}}')  # above the repository
    (repo / "package.json").write_text('{"dependencies": {"hono": "4"}}')
    (repo / "tsconfig.base.json").write_text('{\n  // the JSX runtime\n  "compilerOptions": {"jsx": "react-jsx", '
                                              '"jsxImportSource": "hono/jsx",},\n}\n')
    (repo / "tsconfig.json").write_text('{"extends": ["./tsconfig.base.json"]}')
    app = repo / "apps" / "web"
    (app / "src").mkdir(parents=True)
    (app / "tsconfig.json").write_text('{"extends": "../../tsconfig.base.json", "include": ["src"]}')
    (app / "src" / "Room.tsx").write_text(element("<section ws-connect={url} />"))
    admin = repo / "apps" / "admin"
    admin.mkdir()
    (admin / ".babelrc").write_text('{"presets": ["@babel/preset-react"]}')
    (admin / "Panel.tsx").write_text(element("<section ws-connect={url} />"))
    (repo / "notes.ts").write_text("const a = 1 < 2;\n")
    settings = make_settings(repo)
    files = [p for p in repo.rglob("*") if p.is_file()]
    project = Project.build(settings, files)
    assert set(project.jsx_configs) == {real_path(app / "src" / "Room.tsx").parent, real_path(admin / "Panel.tsx").parent}
    for path, namespaced in ((app / "src" / "Room.tsx"), True), ((admin / "Panel.tsx"), False):
        source = path.read_text()
        fixed, found, _ = run(source, filename=str(path.relative_to(repo)), settings=settings, project=project)
        assert ("hx-ws:connect={url}" in fixed) is namespaced, fixed
    tool = toolchain(SourceFile(str(admin / "Panel.tsx"), "", "javascript", settings, project), "")
    assert tool.runtime == "hono/jsx" and tool.others == (".babelrc",)
    # Only the rules that read the fact make the project read look for it.
    assert Project.build(settings, files, {"implicit_inheritance"}).jsx_configs == {}


def test_a_provisional_project_asks_for_the_fact_and_knows_when_the_answer_changes(tmp_path):
    settings = make_settings(tmp_path)
    provisional = Provisional(settings, False)
    source = element("<section ws-connect={url} />")
    fixed, _, _ = run(source, filename="Chat.tsx", settings=settings, project=provisional)
    assert '{...{"hx-ws:connect": url}}' in fixed and "jsx_configs" in provisional.asked
    folder = real_path(tmp_path / "Chat.tsx").parent
    built = Project(settings, jsx_configs={folder: ((folder / "tsconfig.json", HONO),)})
    assert not provisional.same_answers({"jsx_configs"}, folder / "Chat.tsx", built)
    assert provisional.same_answers({"jsx_configs"}, folder / "Chat.tsx", Project(settings))


@pytest.mark.parametrize(
    "pragma, rewritten",
    [
        ("/** @jsxImportSource hono/jsx */", True),  # writes ws-send="true"
        ("/** @jsxImportSource @kitajs/html */", True),
        ("/** @jsxImportSource preact */", True),
        ("/** @jsxImportSource react */", False),  # drops it: the element never sent
        ("/** @jsx h */", False),
        ("", False),
    ],
)
def test_a_send_attribute_without_value_is_rewritten_where_the_runtime_wrote_it(pragma, rewritten):
    source = f"{pragma}\nexport const F = () => <form ws-send><input name=\"m\" /></form>;\n"
    fixed, found = findings(source, "F.tsx")
    assert ('{...{"hx-ws:send": ""}}' in fixed) is rewritten
    if not rewritten:
        assert fixed == source and found[0].fix is None
        assert ("never reached the page" in found[0].message) is ("react" in pragma)


def test_a_data_send_attribute_without_value_is_written_by_react_too():
    fixed, _ = findings('/** @jsxImportSource react */\nconst F = () => <form data-ws-send />;\n', "F.jsx")
    assert '<form {...{"data-hx-ws:send": ""}} />' in fixed


@pytest.mark.parametrize(
    "before, fragment",
    [
        ("<Socket ws-connect={url} />", "`<Socket>` is a component"),
        ("<ui.Panel hx-ext=\"ws\" />", "`<ui.Panel>` is a component"),
        ("<section {...props} ws-connect={url} />", "spreads `{...props}`"),
        ("<section ws-connect={url} {...{ [key]: 1 }} />", "spreads `{...{ [key]: 1 }}`"),
        ("<form ws-send={open} />", "its value decides whether the attribute is written"),
        ("<section ws-connect />", "without a URL"),
        ('<section ws-connect="/a?b=1&amp;c=2" />', "character references"),
        ('<ul hx-on--ws-after-message="a &amp;&amp; b()" />', "character references"),
        ('<ul hx-on--ws-after-message="a();\n b()" />', "spans lines"),
        ("<ul hx-on--ws-after-message />", "without code"),
        ('<ul hx-on--wsAfterMessage="f()" />', "never ran in htmx 2"),
        ('<div hx-ws="connect:/a send" />', "read differently"),
        ('<div hx-ws=" send " />', "read differently"),
        ('<div hx-ext="ignore:ws" />', "`ignore:ws`"),
        ("<div ws-connect={a} hx-ws:connect={b} />", "next to `hx-ws:connect`"),
        ('<div ws-connect={a} data-ws-connect="/b" />', "more than one 2.x connection attribute"),
        ('<ul hx-on--ws-open="f()" {...{ "hx-on::ws:after:connection": "g()" }} />', "merge the two handlers"),
        ('<form ws-send="" hx-ws="send" />', "would both be `hx-ws:send`"),
        ('<ul hx-on--ws-open="f()" hx-on-htmx-ws-open="g()" />', "would both be `hx-on::ws:after:connection`"),
    ],
)
def test_reported_and_left_as_written(before, fragment):
    source = element(before)
    fixed, found = findings(source)
    assert fixed == source
    assert found and any(fragment in d.message for d in found), [d.message for d in found]
    assert all(d.fix is None for d in found)


@pytest.mark.parametrize(
    "before, after, fragment",
    [
        ('<section ws-connect={url} hx-swap="none" />', '<section {...{"hx-ws:connect": url}} hx-swap="none" />', None),
        ('<section ws-connect={url} hx-target="#log" />', '<section {...{"hx-ws:connect": url}} hx-target="#log" />',
         "the element has `hx-target`"),
        ('<section ws-connect={url} hx-get="/history" />', '<section {...{"hx-ws:connect": url}} hx-get="/history" />',
         "the element has `hx-get`"),
        ('<section ws-connect={url} {...{ "hx-swap": "innerHTML" }} />',
         '<section {...{"hx-ws:connect": url}} {...{ "hx-swap": "innerHTML" }} />', "the element has `hx-swap`"),
    ],
)
def test_connection_elements_get_hx_swap_none_as_in_markup(before, after, fragment):
    fixed, found = findings(element(before))
    assert fixed == element(after)
    connect = next(d for d in found if "`ws-connect`" in d.message)
    assert (fragment is None) == ("the element has" not in connect.message)
    if fragment:
        assert fragment in connect.message


def test_implicit_inheritance_leaves_hx_swap_out():
    settings = make_settings()
    project = Project(settings, implicit_inheritance=True)
    fixed, found = findings("const C = () => <section ws-connect={url} />;\n", settings=settings, project=project)
    assert fixed == 'const C = () => <section {...{"hx-ws:connect": url}} />;\n'
    assert "implicitInheritance" in found[0].message


def test_a_handler_whose_detail_reads_need_a_look_waits_for_unsafe_fixes():
    source = element('<ul hx-on--ws-after-message={code} />')
    fixed, found = findings(source)
    assert fixed == source and found[0].fix is not None and not found[0].fix.safe
    settings = make_settings(unsafe_fixes=True)
    assert run(source, filename="Chat.jsx", settings=settings)[0] == \
        element('<ul {...{"hx-on::ws:after:message:incoming": code}} />')


@pytest.mark.parametrize(
    "source",
    [
        "const C = () => <section hx-ws:connect={url} hx-swap=\"none\" />;\n",
        'const C = () => <div hx-ext="json-enc" ws="x" data-ws="y" hx-on--click="f()" />;\n',
        'const C = () => <div {...{ "hx-on::ws:after:connection": "f()", "hx-ws:send": "" }} />;\n',
        "const ws = new WebSocket(url);\nws.send(JSON.stringify({ hx: 1 }));\n",
        # the same words in TypeScript without JSX
        'const attrs: string[] = ["hx-ext", "ws-connect"];\nconst less = 1 < 2;\n',
    ],
)
def test_noop(source):
    fixed, found = findings(source, "c.tsx")
    assert fixed == source and not found


def test_trigger_in_jsx_is_renamed_unless_on_the_connection():
    check_transformed('const C = () => <span hx-trigger="htmx:wsAfterMessage from:#room, every 5s" />;\n',
                      'const C = () => <span hx-trigger="htmx:ws:after:message:incoming from:#room, every 5s" />;\n',
                      **JSX)
    source = 'const C = () => <p ws-connect="/x" hx-trigger="htmx:wsOpen" />;\n'
    fixed, found, _ = run(source, **JSX)
    assert fixed == 'const C = () => <p {...{"hx-ws:connect": "/x"}} hx-swap="none" hx-trigger="htmx:wsOpen" />;\n'
    assert [d.code for d in found if d.fix is None and "never connect" in d.message] == ["WS304"]


@pytest.mark.parametrize(
    "before, after",
    [
        ('const C = () => <form {...{ "hx-on::ws-config-send": "event.detail.parameters.a = 1" }} />;\n',
         'const C = () => <form {...{ "hx-on::ws:before:message:outgoing": "event.detail.message.values.a = 1" }} />;\n'),
        ('el.setAttribute("hx-on:htmx:ws-after-message", "log(event.detail.message)");\n',
         'el.setAttribute("hx-on:htmx:ws:after:message:incoming", "log(event.detail.message.data)");\n'),
    ],
)
def test_hx_on_names_in_code_are_renamed(before, after):
    check_transformed(before, after, **JSX)


def test_hx_on_name_in_code_with_code_of_another_form_waits():
    source = 'const C = () => <form {...{ "hx-on::ws-config-send": handlerCode }} />;\n'
    fixed, found, _ = run(source, **JSX)
    assert fixed == source and [d.fix.safe for d in found if d.code == "WS303"] == [False]


def test_a_jsx_comment_names_the_runtime_of_its_file(tmp_path):
    source = "/**\n * @jsxImportSource hono/jsx\n */\nexport const F = () => <form ws-send><input /></form>;\n"
    react = '{"compilerOptions": {"jsx": "react-jsx"}}'
    fixed, _ = findings(source, "Chat.tsx", **hono_project(tmp_path, react, "{}"))
    assert '<form hx-ws:send="">' in fixed  # compiled by TypeScript, rendered by hono/jsx
    fixed, found = findings(source.replace("@jsxImportSource hono/jsx", "@jsx h"), "Chat.tsx",
                            **hono_project(tmp_path, react, "{}"))
    assert "<form ws-send>" in fixed and found[0].fix is None


def test_a_const_object_spread_once_is_read_as_the_elements_attributes(tmp_path):
    source = ('export const Page = () => {\n  const reset = { "hx-on::after-request": "this.reset()" };\n'
              '  return <form hx-ext="ws" ws-connect="/ws" {...reset}></form>;\n};\n')
    (tmp_path / "page.jsx").write_text(source)
    hx(".", "--write", cwd=tmp_path)
    written = (tmp_path / "page.jsx").read_text()
    assert 'ws-connect' not in written and '{...reset}' in written and 'hx-swap' in written


def test_a_const_object_used_twice_stays_unread(tmp_path):
    source = ('const reset = { "hx-swap": "innerHTML" };\nexport const A = () => <div ws-connect="/ws" {...reset}></div>;\n'
              'export const B = () => <p {...reset}></p>;\n')
    (tmp_path / "page.jsx").write_text(source)
    hx(".", "--write", cwd=tmp_path)
    assert (tmp_path / "page.jsx").read_text() == source
