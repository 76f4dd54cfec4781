"""WS306: <meta name="htmx-config"> JSON: wsReconnectDelay/wsBinaryType -> "ws"."""

from __future__ import annotations

import pytest

from hxmigrate.rules.websockets.ws306_config_meta import decode
from hxmigrate.testing import check_noop, check_transformed, make_settings, run

HTML = dict(filename="base.html", select=["WS306"])
WS = '"ws": {"reconnectDelay": 500, "reconnectMaxDelay": 32000, "reconnectJitter": 1}'


def meta(content: str, quote: str = "'") -> str:
    return f'<meta name="htmx-config" content={quote}{content}{quote}>'


def test_decode_maps_entities_back():
    text, starts = decode("{&quot;a&quot;:1}")
    assert text == '{"a":1}'
    assert starts[1] == 1 and starts[2] == 7 and starts[-1] == len("{&quot;a&quot;:1}")


@pytest.mark.parametrize(
    "before, after",
    [
        (meta('{"wsReconnectDelay": "full-jitter"}'), meta("{" + WS + "}")),
        (meta('{"historyCacheSize": 0, "wsReconnectDelay": "full-jitter", "defaultSwapStyle": "outerHTML"}'),
         meta('{"historyCacheSize": 0, ' + WS + ', "defaultSwapStyle": "outerHTML"}')),
        (meta('{"wsBinaryType":"blob","defaultSwapStyle":"outerHTML"}'), meta('{"defaultSwapStyle":"outerHTML"}')),
        (meta('{"a":1,"wsReconnectDelay":"full-jitter"}'),
         meta('{"a":1,"ws":{"reconnectDelay":500,"reconnectMaxDelay":32000,"reconnectJitter":1}}')),
        (meta('{"ws": {"pauseOnBackground": false}, "wsReconnectDelay": "full-jitter"}'),
         meta('{"ws": {"pauseOnBackground": false, "reconnectDelay": 500, "reconnectMaxDelay": 32000, '
              '"reconnectJitter": 1}}')),
        (meta('{&quot;wsReconnectDelay&quot;: &quot;full-jitter&quot;}', '"'),
         meta("{" + WS.replace('"', "&quot;") + "}", '"')),
        (meta('{\n  "wsReconnectDelay": "full-jitter",\n  "wsBinaryType": "blob",\n  "timeout": 5\n}'),
         meta('{\n  ' + WS + ',\n  "timeout": 5\n}')),
        (meta(' {"wsBinaryType": "blob", "a": 1}'), meta('{"a": 1}')),
    ],
)
def test_transformed(before, after):
    check_transformed(before, after, **HTML)


@pytest.mark.parametrize(
    "source",
    [
        meta('{"ws": {"reconnectDelay": 500}}'),
        meta('{"wsReconnectDelay": 2000}'),  # unsafe
        meta('{"wsReconnectDelay": "linear"}'),
        meta('{"wsReconnectDelay": {{ delay }}}'),
        meta('{"ws": {"reconnectDelay": 1}, "wsReconnectDelay": "full-jitter"}'),
        meta("wsReconnectDelay:full-jitter"),
        '<meta name="description" content="wsReconnectDelay">',
    ],
)
def test_noop(source):
    check_noop(source, **HTML)


def test_number_is_an_unsafe_constant():
    source = meta('{"wsReconnectDelay": 2000}')
    _, first, _ = run(source, **HTML)
    assert first[0].fix is not None and not first[0].fix.safe and "ignored by 2.x" in first[0].message
    fixed, _, _ = run(source, settings=make_settings(unsafe_fixes=True), filename="base.html", select=["WS306"])
    assert fixed == meta('{"ws": {"reconnectDelay": 2000, "reconnectMaxDelay": 2000, "reconnectJitter": 0}}')


def test_alpha_target_renames_a_tag_of_its_own():
    alpha = dict(HTML, settings=make_settings(target="4.0-alpha"))
    check_transformed(meta('{"wsReconnectDelay": "full-jitter"}'),
                      '<meta name="htmx:config" content=\'{"websockets": {"reconnectDelay": 500, '
                      '"reconnectMaxDelay": 32000, "reconnectJitter": 1}}\'>', **alpha)
    shared = meta('{"a": 1, "wsReconnectDelay": "full-jitter"}')
    check_noop(shared, **alpha)
    assert "htmx:config" in run(shared, **alpha)[1][0].message
