"""SE107: a file that loads the SSE extension without pinning htmx 4's reconnect delay and
background pause is reported; where it configures htmx in one place, an unsafe fix writes the
settings that keep htmx 2's timing for ended streams there."""

from __future__ import annotations

import pytest

from hxmigrate.testing import check_noop, make_settings, run

UNSAFE = make_settings(unsafe_fixes=True)
LINE = "htmx.config.sse = { ...htmx.config.sse, reconnectDelay: 3000, reconnectJitter: 0, pauseOnBackground: false };"
SSE2 = '<script src="https://unpkg.com/htmx-ext-sse@2.2.4/sse.js"></script>'
SSE4 = '<script src="https://unpkg.com/htmx.org@4.0.1/dist/ext/hx-sse.js"></script>'


def _fix(source: str, filename: str = "page.html") -> tuple[str, list]:
    fixed, first, _ = run(source, filename=filename, select=["SE107"], settings=UNSAFE)
    return fixed, first


@pytest.mark.parametrize("script", [SSE2, SSE4])
def test_the_meta_gets_the_sse_object(script):
    source = f"<meta name=\"htmx-config\" content='{{\"defaultFocusScroll\": false}}'>\n{script}"
    fixed, first = _fix(source)
    assert [d.code for d in first] == ["SE107"] and first[0].fix is not None and not first[0].fix.safe
    assert fixed == ("<meta name=\"htmx-config\" content='{\"sse\": {\"reconnectDelay\": 3000, \"reconnectJitter\": 0, "
                     f"\"pauseOnBackground\": false}}, \"defaultFocusScroll\": false}}'>\n{script}")
    assert _fix(fixed)[1] == []  # pinned now


def test_an_empty_meta_object():
    fixed, _ = _fix(f"<meta name='htmx-config' content='{{}}'>{SSE4}")
    assert "content='{\"sse\": {\"reconnectDelay\": 3000, \"reconnectJitter\": 0, \"pauseOnBackground\": false}}'" in fixed


def test_the_statement_goes_after_the_first_htmx_config_assignment():
    source = "import 'htmx-ext-sse';\nfunction setup() {\n    htmx.config.defaultFocusScroll = false;\n}\n"
    fixed, first = _fix(source, "main.js")
    assert fixed == ("import 'htmx-ext-sse';\nfunction setup() {\n    htmx.config.defaultFocusScroll = false;\n"
                     f"    {LINE}\n}}\n")
    assert source[first[0].start:first[0].end] == "htmx-ext-sse"


def test_without_unsafe_fixes_it_is_only_reported():
    source = f"<meta name=\"htmx-config\" content='{{}}'>{SSE2}"
    fixed, first, _ = run(source, filename="page.html", select=["SE107"])
    assert fixed == source and [d.code for d in first] == ["SE107"]


def test_without_a_place_the_message_gives_the_lines():
    fixed, first = _fix(SSE4)
    assert fixed == SSE4 and first[0].fix is None
    message = first[0].message
    assert LINE in message and "500 ms +-30 %" in message and "3 s" in message
    assert "failed connections then retry after 3, 6, 12 s" in message
    # what no setting keeps (tests/browser/test_sse_facts.py: a first answer that is no stream)
    assert "is never tried again in htmx 4, where htmx 2 kept trying" in message


def test_a_meta_in_double_quotes_or_with_an_sse_object_is_left_alone():
    for source in (f'<meta name="htmx-config" content="{{&quot;a&quot;: 1}}">{SSE4}',
                   f"<meta name=\"htmx-config\" content='{{\"sse\": {{\"reconnectDelay\": 1000}}}}'>{SSE4}"):
        fixed, first = _fix(source)
        assert fixed == source and [d.code for d in first] == ["SE107"] and first[0].fix is None, source


def test_an_htmx_config_sse_assignment_is_not_doubled():
    source = f"{SSE4}<script>htmx.config.sse = {{reconnectMaxDelay: 5000}};</script>"
    fixed, first = _fix(source)
    assert fixed == source and "merged into the `htmx.config.sse` this file sets" in first[0].message


@pytest.mark.parametrize("source", [
    f"<meta name='htmx-config' content='{{\"sse\": {{\"reconnectDelay\": 3000, \"pauseOnBackground\": false}}}}'>{SSE4}",
    f"{SSE4}<script>htmx.config.sse = {{...htmx.config.sse, reconnectDelay: 3000, pauseOnBackground: false}};</script>",
    f'{SSE4}<div hx-sse:connect="/e" hx-config="sse.reconnectDelay:3s sse.pauseOnBackground:false"></div>',
    '<script src="https://unpkg.com/htmx.org@4.0.1/dist/ext/hx-ws.js"></script>',
    '<script src="/static/app.js"></script>',
])
def test_noop(source):
    check_noop(source, filename="page.html", select=["SE107"], settings=UNSAFE)
    assert run(source, filename="page.html", select=["SE107"])[1] == []


def test_a_ws_setting_does_not_pin_the_sse_one():
    source = f"{SSE4}<script>htmx.config.ws = {{reconnectDelay: 1000, pauseOnBackground: false}};</script>"
    assert [d.code for d in run(source, filename="page.html", select=["SE107"])[1]] == ["SE107"]
