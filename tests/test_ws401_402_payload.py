"""WS401/WS402: what the server reads from the messages htmx sends."""

from __future__ import annotations

import pytest

from hxmigrate.testing import check_noop, check_transformed, run
from hxmigrate.verify import verify


def transformed(before: str, after: str) -> None:
    check_transformed(before, after, filename="app.py")
    verify("python", before, after)


@pytest.mark.parametrize(
    "receive",
    [
        "data = await websocket.receive_json()",
        "data = json.loads(await websocket.receive_text())",
        "data = json.loads(ws.receive())",
        "data = json.loads(await ws.recv())",
    ],
)
@pytest.mark.parametrize(
    "read, renamed",
    [
        ('data["HEADERS"]', 'data["headers"]'),
        ("data['HEADERS']", "data['headers']"),
        ('data.get("HEADERS", {})', 'data.get("headers", {})'),
        ('data.pop("HEADERS", None)', 'data.pop("headers", None)'),
        ('"HEADERS" in data', '"headers" in data'),
        ('"HEADERS" not in data', '"headers" not in data'),
    ],
)
def test_rename_in_receiving_functions(receive, read, renamed):
    before = f"import json\n\nasync def handler(websocket, ws):\n    {receive}\n    return {read}\n"
    transformed(before, before.replace(read, renamed))


def test_channels_receive():
    before = ("import json\n\nclass C(WebsocketConsumer):\n    def receive(self, text_data=None, bytes_data=None):\n"
              "        headers = json.loads(text_data)['HEADERS']\n\n"
              "class J(JsonWebsocketConsumer):\n    def receive_json(self, content, **kwargs):\n        return content.get('HEADERS')\n")
    transformed(before, before.replace("'HEADERS'", "'headers'"))


def test_websockets_async_for():
    before = ("import json\n\nasync def handler(websocket):\n    async for message in websocket:\n"
              "        event = json.loads(message)\n        print(event['HEADERS'])\n")
    transformed(before, before.replace("'HEADERS'", "'headers'"))


@pytest.mark.parametrize(
    "source",
    [
        "def settings(config):\n    return config['HEADERS']\n",
        "import json\n\ndef load(path):\n    return json.loads(open(path).read())['HEADERS']\n",
        "async def handler(websocket):\n    data = await websocket.receive_json()\n    return data['HEADERS_X'], data[HEADERS]\n",
        "async def handler(websocket):\n    data = await websocket.receive_json()\n    return data['headers']\n",
    ],
)
def test_noop(source):
    check_noop(source, filename="app.py")


@pytest.mark.parametrize(
    "read, word",
    [
        ('h["HX-Trigger"]', "HX-Source"),
        ('h.get("HX-Trigger-Name")', "submitter"),
        ('h.get("HX-Target", "")', "tag#id"),
        ('"HX-Trigger" in h', "HX-Source"),
        ('h["hx-target"]', "tag#id"),
    ],
)
def test_header_reads_are_reported(read, word):
    source = f"async def handler(websocket):\n    h = (await websocket.receive_json())['headers']\n    return {read}\n"
    fixed, found, _ = run(source, filename="app.py")
    assert fixed == source
    assert [d.code for d in found] == ["WS402"] and word in found[0].message and found[0].fix is None


def test_header_reads_outside_receivers_are_not():
    """An HTTP view's header read is not a WebSocket payload read (HX401 reports it)."""
    source = "def view(request):\n    return request.headers.get('HX-Trigger')\n"
    _, found, _ = run(source, filename="app.py")
    assert [d.code for d in found] == ["HX401"]
