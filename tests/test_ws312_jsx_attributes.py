"""WS312: 2.x WebSocket attributes in JSX are reported, one finding per attribute, with the
htmx 4 form JSX accepts; WS304 and WS303 rename what is exact in JSX too."""

from __future__ import annotations

import pytest

from hxmigrate.analysis.project import Project
from hxmigrate.testing import check_transformed, make_settings, run

JSX = dict(filename="Chat.jsx")


def findings(source, filename="Chat.jsx", **kwargs):
    fixed, found, _ = run(source, filename=filename, **kwargs)
    assert fixed == run(fixed, filename=filename, **kwargs)[0]
    return fixed, [d for d in found if d.code == "WS312"]


@pytest.mark.parametrize("filename", ["Chat.jsx", "Chat.tsx", "chat.js"])
@pytest.mark.parametrize(
    "element, name, fragment",
    [
        ("<section ws-connect={url} />", "ws-connect", '`{...{"hx-ws:connect": url}}`'),
        ('<section ws-connect="/chat"></section>', "ws-connect", '`{...{"hx-ws:connect": "/chat"}}`'),
        ('<section data-ws-connect="/chat" />', "data-ws-connect", '"data-hx-ws:connect"'),
        ("<form ws-send />", "ws-send", '`{...{"hx-ws:send": ""}}`'),
        ('<div hx-ws="connect:/feed send" />', "hx-ws", '`{...{"hx-ws:connect": "/feed"}}` and `{...{"hx-ws:send": ""}}`'),
        ('<div hx-ext="ws" />', "hx-ext", "remove it"),
        ('<div hx-ext={"json-enc, ws"} />', "hx-ext", 'keep `hx-ext="json-enc"`'),
        ('<div {...{ "hx-ext": "ws" }} />', "hx-ext", "remove it"),
        ('<div {...{ "ws-connect": url }} />', "ws-connect", 'rename the key to `"hx-ws:connect"`'),
        ('<ul hx-on--ws-after-message="f()" />', "hx-on--ws-after-message",
         '`{...{"hx-on::ws:after:message:incoming": "f()"}}`'),
        ('<ul hx-on-htmx-ws-open="f()" />', "hx-on-htmx-ws-open", '`{...{"hx-on::ws:after:connection": "f()"}}`'),
    ],
)
def test_reported(filename, element, name, fragment):
    source = f"export const C = ({{ url }}) => (\n  {element}\n);\n"
    fixed, found = findings(source, filename)
    assert len(found) == 1 and found[0].line == 2 and found[0].fix is None
    assert f"`{name}`" in found[0].message and fragment in found[0].message, found[0].message
    assert fixed == source


@pytest.mark.parametrize(
    "element, fragment",
    [
        ("<section ws-connect={url} />", 'add `hx-swap="none"`'),
        ('<section ws-connect={url} hx-swap="none" />', None),
        ('<section ws-connect={url} hx-target="#log" />', "the element has `hx-target`"),
        ('<section ws-connect={url} hx-get="/history" />', "the element has `hx-get`"),
        ("<section ws-connect={url} {...props} />", "unless the spread object sets hx-swap"),
    ],
)
def test_connection_elements_say_what_they_need(element, fragment):
    _, found = findings(f"const C = () => {element};\n")
    assert len(found) == 1
    if fragment is None:
        assert "hx-swap" not in found[0].message
    else:
        assert fragment in found[0].message


def test_implicit_inheritance_changes_the_advice():
    settings = make_settings()
    project = Project(settings, implicit_inheritance=True)
    _, found = findings("const C = () => <section ws-connect={url} />;\n", settings=settings, project=project)
    assert "implicitInheritance" in found[0].message and "add `hx-swap" not in found[0].message


@pytest.mark.parametrize(
    "source",
    [
        "const C = () => <section hx-ws:connect={url} hx-swap=\"none\" />;\n",
        'const C = () => <div hx-ext="json-enc" ws="x" data-ws="y" />;\n',
        "const ws = new WebSocket(url);\nws.send(JSON.stringify({ hx: 1 }));\n",
        # the same words in TypeScript without JSX
        'const attrs: string[] = ["hx-ext"];\n',
    ],
)
def test_noop(source):
    fixed, found = findings(source, "c.tsx" if "hx-ws:connect" in source else "c.ts")
    assert fixed == source and not found


def test_trigger_in_jsx_is_renamed_unless_on_the_connection():
    check_transformed('const C = () => <span hx-trigger="htmx:wsAfterMessage from:#room, every 5s" />;\n',
                      'const C = () => <span hx-trigger="htmx:ws:after:message:incoming from:#room, every 5s" />;\n',
                      **JSX)
    source = 'const C = () => <p ws-connect="/x" hx-trigger="htmx:wsOpen" />;\n'
    fixed, found, _ = run(source, **JSX)
    assert fixed == source
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
