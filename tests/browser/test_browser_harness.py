"""The harness's own mappings: which URLs it serves, and how it equates 2.x and 4.x frames."""

from __future__ import annotations

import json

import pytest

from hxbrowser import assets
from hxbrowser.normalize import frame_line
from hxbrowser.scenario import Scenario, all_scenarios

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(
    "url, role, file_name",
    [
        ("https://unpkg.com/htmx.org@2.0.8/dist/htmx.min.js", assets.CORE, "htmx.min.js"),
        ("https://cdn.jsdelivr.net/npm/htmx.org@2.0.8", assets.CORE, "htmx.min.js"),
        ("https://unpkg.com/htmx-ext-ws@2.0.4/ws.js", assets.WS2, "ws.js"),
        ("https://cdn.jsdelivr.net/npm/htmx-ext-ws@2.0.4/dist/ws.min.js", assets.WS2, "ws.min.js"),
        ("https://unpkg.com/htmx.org@1.9.12/dist/ext/ws.js", assets.WS2, "ws.js"),
        ("https://unpkg.com/htmx.org/dist/ext/ws.js", assets.WS2, "ws.js"),
        ("https://unpkg.com/htmx.org@4.0.1/dist/ext/hx-ws.js", assets.WS4, "hx-ws.js"),
        ("https://cdn.jsdelivr.net/npm/htmx.org@4.0.1/dist/ext/hx-ws.min.js", assets.WS4, "hx-ws.min.js"),
    ],
)
def test_cdn_urls_map_to_the_pinned_files(url, role, file_name):
    asset = assets.classify(url)
    assert asset is not None and asset.role == role
    assert asset.file("4").name == file_name


def test_the_core_is_served_in_each_sides_version():
    asset = assets.classify("https://unpkg.com/htmx.org@2.0.8/dist/htmx.min.js")
    assert asset.file("2").parent.parent.name == "htmx2"
    assert asset.file("4").parent.parent.name == "htmx4"


@pytest.mark.parametrize("url", ["https://example.com/htmx.js", "https://unpkg.com/idiomorph@0.3.0"])
def test_other_urls_are_not_served(url):
    assert assets.classify(url) is None


def test_2x_and_4x_frames_of_one_send_are_equal():
    two = {
        "message": "hi",
        "tags": ["a", "b"],
        "HEADERS": {
            "HX-Request": "true",
            "HX-Trigger": "chat-form",
            "HX-Trigger-Name": None,
            "HX-Target": "chat-form",
            "HX-Current-URL": "http://127.0.0.1:40001/",
        },
    }
    four = {
        "tags": ["a", "b"],
        "message": "hi",
        "headers": {
            "HX-Request": "true",
            "HX-Source": "form#chat-form",
            "HX-Current-URL": "http://127.0.0.1:40002/",
            "HX-Target": "form#chat-form",
        },
    }
    assert frame_line("2", "/ws", json.dumps(two)) == frame_line("4", "/ws", json.dumps(four))


def test_an_element_without_id_maps_to_null():
    two = {"HEADERS": {"HX-Trigger": None, "HX-Target": None}}
    four = {"headers": {"HX-Source": "button", "HX-Target": "button"}}
    assert frame_line("2", "/ws", json.dumps(two)) == frame_line("4", "/ws", json.dumps(four))


def test_a_2x_headers_key_left_on_the_4x_side_is_visible():
    assert frame_line("2", "/ws", '{"HEADERS": {}}') != frame_line("4", "/ws", '{"HEADERS": {}}')


def test_every_scenario_file_loads():
    for root in all_scenarios():
        scenario = Scenario.load(root)
        assert scenario.steps, root.name
        assert scenario.source.is_dir(), root.name
