"""The emitted reconnect settings, run through htmx 4.0.1's own delay code in Node, wait
exactly what the 2.x setting waited (run through htmx-ext-ws 2.0.4's own code).

The delay code is read from the real packages: tests/browser/node_modules when the browser
tests installed them, else ``npm pack`` into a cache folder. ``Math.random`` is pinned to
dyadic values (so float arithmetic is exact) including 0 and values next to 1, which gives
the bounds of each jittered range, attempt by attempt.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tarfile
from pathlib import Path

import pytest

from hxmigrate.rules.websockets.ws306_config_meta import decode
from hxmigrate.testing import make_settings, run

ROOT = Path(__file__).resolve().parent.parent
NODE_MODULES = ROOT / "tests" / "browser" / "node_modules"
CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "hxmigrate-tests" / "npm"
ATTEMPTS = 12
RANDOMS = [0, 0.25, 0.5, 0.75, 1023 / 1024, 1]  # 1: the supremum of [0, 1)


def npm_file(package: str, version: str, path: str, alias: str | None = None) -> Path:
    """A file of an npm package: from tests/browser/node_modules (under ``alias`` or the
    package's own name, when the installed version matches), else from a cached ``npm pack``."""
    for name in filter(None, (alias, package)):
        folder = NODE_MODULES / name
        try:
            if json.loads((folder / "package.json").read_text())["version"] == version and (folder / path).is_file():
                return folder / path
        except (OSError, ValueError, KeyError):
            pass
    target = CACHE / f"{package}-{version}"
    if not (target / "package" / path).is_file():
        npm = shutil.which("npm")
        if npm is None:
            pytest.skip("npm is not available to fetch the htmx packages")
        CACHE.mkdir(parents=True, exist_ok=True)
        try:
            out = subprocess.run([npm, "pack", f"{package}@{version}", "--pack-destination", str(CACHE), "--json"],
                                 capture_output=True, text=True, timeout=180, check=True)
            tgz = CACHE / json.loads(out.stdout)[0]["filename"]
        except (subprocess.SubprocessError, ValueError, KeyError, IndexError, OSError) as exc:
            pytest.skip(f"cannot npm pack {package}@{version}: {exc}")
        with tarfile.open(tgz) as tar:
            tar.extractall(target, filter="data")
    return target / "package" / path


def extract_function(source: str, header: str) -> str:
    """The text of a function (or method) from its header to its matching brace."""
    start = source.index(header)
    depth = 0
    for i in range(source.index("{", start), len(source)):
        if source[i] == "{":
            depth += 1
        elif source[i] == "}":
            depth -= 1
            if depth == 0:
                return source[start : i + 1]
    raise ValueError(header)


NODE_SCRIPT = r"""
const vm = require('vm');
const input = JSON.parse(require('fs').readFileSync(0, 'utf8'));
function sandbox(random) {
  const ctx = vm.createContext({});
  vm.runInContext(`Math.random = () => ${random};`, ctx);
  return ctx;
}
const out = {old: {}, new: {}};
for (const r of input.randoms) {
  // htmx-ext-ws 2.0.4: the user's setting, the extension's default, its delay function
  let ctx = sandbox(r);
  out.old[r] = vm.runInContext(`
    var htmx = {config: {}};
    function logError(m) { throw new Error(m); }
    ${input.original};
    if (!htmx.config.wsReconnectDelay) { htmx.config.wsReconnectDelay = 'full-jitter'; }
    ${input.delay2};
    Array.from({length: ${input.attempts}}, (_, retryCount) => getWebSocketReconnectDelay(retryCount));
  `, ctx);
  // htmx 4.0.1: the emitted config (before and after the extension's init), getConfig, scheduleReconnect
  out.new[r] = [false, true].map((loadedFirst) => vm.runInContext(`
    var htmx = {config: {}};
    ${input.parseInterval.replace(/^parseInterval\(/, 'function parseInterval(')};
    htmx.parseInterval = parseInterval;
    if (${loadedFirst}) { htmx.config.ws = {}; }
    ${input.emitted};
    if (!htmx.config.ws) { htmx.config.ws = {}; }
    var api = {HCON: {parse: () => ({})}, attributeValue: () => null, triggerHtmxEvent: () => true};
    var delays = [];
    var setTimeout = (fn, d) => { delays.push(d); return 1; };
    function cleanupConnection() { delays.push('stopped'); }
    function createWebSocket() {}
    ${input.getConfig};
    ${input.schedule};
    var element = {isConnected: true};
    var connection = {config: getConfig(element), attempt: 0};
    for (let i = 0; i < ${input.attempts}; i++) scheduleReconnect(element, connection);
    delays;
  `, ctx));
}
process.stdout.write(JSON.stringify(out));
"""


@pytest.fixture(scope="module")
def library():
    if shutil.which("node") is None:
        pytest.skip("node is not available")
    hx_ws = npm_file("htmx.org", "4.0.1", "dist/ext/hx-ws.js", alias="htmx4").read_text(encoding="utf-8")
    htmx4 = npm_file("htmx.org", "4.0.1", "dist/htmx.js", alias="htmx4").read_text(encoding="utf-8")
    ws2 = npm_file("htmx-ext-ws", "2.0.4", "ws.js").read_text(encoding="utf-8")
    return {
        "schedule": extract_function(hx_ws, "function scheduleReconnect("),
        "getConfig": extract_function(hx_ws, "function getConfig("),
        "parseInterval": extract_function(htmx4, "parseInterval(str) {"),
        "delay2": extract_function(ws2, "function getWebSocketReconnectDelay("),
    }


def delays(library, original: str, emitted: str) -> dict:
    payload = dict(library, original=original, emitted=emitted, attempts=ATTEMPTS, randoms=RANDOMS)
    out = subprocess.run(["node", "-e", NODE_SCRIPT], input=json.dumps(payload), capture_output=True, text=True,
                         timeout=60)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def assert_same(result: dict) -> None:
    for r in RANDOMS:
        old = result["old"][str(r)]
        for new in result["new"][str(r)]:
            assert len(new) == len(old) == ATTEMPTS
            for attempt, (a, b) in enumerate(zip(old, new), start=1):
                assert b != "stopped", f"attempt {attempt}: htmx 4 gave up"
                assert b == pytest.approx(a, rel=1e-12, abs=1e-9), f"random={r} attempt {attempt}: 2.x {a}, 4.x {b}"


EXACT = [
    pytest.param('htmx.config.wsReconnectDelay = "full-jitter";', id="full-jitter"),
    pytest.param("htmx.config.wsReconnectDelay = function () { return 2000; };", id="constant"),
    pytest.param("htmx.config.wsReconnectDelay = () => 750;", id="constant-arrow"),
    pytest.param("htmx.config.wsReconnectDelay = (n) => 1000 * 2 ** n;", id="exponential"),
    pytest.param("htmx.config.wsReconnectDelay = (n) => 250 * Math.pow(2, n);", id="exponential-pow"),
    pytest.param("htmx.config.wsReconnectDelay = (n) => Math.min(30000, 1000 * Math.pow(2, n));", id="capped"),
    pytest.param("htmx.config.wsReconnectDelay = function (retryCount) {\n"
                 "  return Math.min(1000 * 2 ** retryCount, 10000);\n};", id="capped-cap-second"),
    pytest.param("htmx.config.wsReconnectDelay = (n) => Math.random() * 1000 * 2 ** n;", id="full-jitter-base"),
    pytest.param("htmx.config.wsReconnectDelay = (n) => Math.random() * Math.min(60000, 1000 * Math.pow(2, n));",
                 id="full-jitter-capped"),
    pytest.param("htmx.config.wsReconnectDelay = (n) => {\n  const d = Math.min(30000, 1000 * 2 ** n);\n"
                 "  return d / 2 + Math.random() * d / 2;\n};", id="equal-jitter"),
    pytest.param("Object.assign(htmx.config, { wsReconnectDelay: 'full-jitter' });", id="object-assign"),
]


@pytest.mark.parametrize("original", EXACT)
def test_exact_translations_wait_the_same(library, original):
    fixed, first, _ = run(original, filename="config.js")
    assert fixed != original and "wsReconnectDelay" not in fixed
    assert all(d.fix is not None and d.fix.safe for d in first if d.code == "WS301")
    if fixed.startswith("Object.assign"):
        emitted = fixed  # Object.assign(htmx.config, { ws: {...} })
    else:
        assert fixed.startswith("htmx.config.ws = { ...htmx.config.ws, ")
        emitted = fixed
    assert_same(delays(library, original, emitted))


def test_meta_full_jitter_waits_the_same(library):
    page = '<meta name="htmx-config" content=\'{"wsReconnectDelay": "full-jitter"}\'>'
    fixed, _, _ = run(page, filename="page.html")
    content = re.search(r"content='([^']*)'", fixed).group(1)
    emitted = f"htmx.config.ws = {json.dumps(json.loads(decode(content)[0])['ws'])};"
    assert_same(delays(library, 'htmx.config.wsReconnectDelay = "full-jitter";', emitted))


def test_approximation_is_not_exact_and_says_so(library):
    original = "htmx.config.wsReconnectDelay = (n) => n * 1000;"
    fixed, first, _ = run(original, filename="config.js", settings=make_settings(unsafe_fixes=True))
    assert first[0].fix is not None and not first[0].fix.safe
    assert "2.x waited 0, 1000, 2000" in first[0].message
    result = delays(library, original, fixed)
    assert result["old"]["0"][:3] == [0, 1000, 2000]
    assert result["new"]["0"][0][:3] == [500, 1000, 2000]
