"""Run a scenario on both sides and compare what the pages did, step by step."""

from __future__ import annotations

import asyncio
import difflib
import json
import os
import re
import shutil
import subprocess
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from . import assets
from .normalize import frame_line, request_line, stream_line, unified
from .scenario import KINDS, Scenario, Step

HERE = Path(__file__).resolve().parent
BROWSER_TESTS = HERE.parent
CHROMIUM_FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SIDES = ("2", "4")
LABEL = {
    "2": "2.x (as written; htmx.org@2.0.8)",
    "4": "4.x (hxmigrate --write; htmx.org@4.0.1)",
}
WAIT_MS = 4000  # an expected frame, message, connection, request or stream that takes longer is missing
WAIT_AFTER_MISS_MS = 800  # once a side missed one, it is broken: keep the rest of the run short
QUIET_MS = 100  # the DOM counts as settled after this long without a mutation
# What instrument.js counts: name -> (JavaScript expression, words for a timeout note).
COUNTERS = {
    "sent": ("__hxm.sent.length", "sent frame(s)"),
    "processed": ("__hxm.processed", "handled message(s)"),
    "opens": ("__hxm.opens", "opened connection(s)"),
    "opened": ("__hxm.opened.length", "constructed socket(s)"),
    "closes": ("__hxm.closes.length", "closed connection(s)"),
}
SNAPSHOT_JS = (HERE / "snapshot.js").read_text(encoding="utf-8")
# What htmx 4's hx-ws.js and hx-sse.js print when a page still relies on a 2.x attribute,
# and the shim that printed it.
LEGACY_SHIM_WARNINGS = {
    "legacy attributes ws-connect and ws-send are deprecated": "ws-connect/ws-send",
    "[hx-sse] legacy attribute": "sse-connect/sse-close",  # copied to data-hx-sse:connect/close
    "[hx-sse] sse-swap is removed": "sse-swap",
}


class HarnessError(RuntimeError):
    """The harness itself could not run (missing browser, server crash): not a comparison."""


# --------------------------------------------------------------------------- browser


class BrowserSession:
    """One Chromium for the test session, driven from an event loop on its own thread."""

    def __init__(self, executable: str):
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, name="hxbrowser", daemon=True)
        self.thread.start()
        self.browser = None
        self._playwright = None
        self.run(self._start(executable), timeout=60)

    async def _start(self, executable: str) -> None:
        from playwright.async_api import async_playwright

        self._playwright = await async_playwright().start()
        # Playwright gives every launch a fresh temporary --user-data-dir of its own.
        self.browser = await self._playwright.chromium.launch(
            executable_path=executable, headless=True, args=CHROMIUM_FLAGS
        )

    def run(self, coroutine, timeout: float = 240):
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(timeout)

    def close(self) -> None:
        async def stop():
            if self.browser is not None:
                await self.browser.close()
            if self._playwright is not None:
                await self._playwright.stop()

        try:
            self.run(stop(), timeout=30)
        finally:
            self.loop.call_soon_threadsafe(self.loop.stop)
            self.thread.join(10)


# --------------------------------------------------------------------------- migration


@dataclass
class Migration:
    command: list[str]
    returncode: int
    output: str
    changes: str  # unified diff of the files the migration changed

    @property
    def ok(self) -> bool:
        return self.returncode in (0, 1)


def prepare(scenario: Scenario, workdir: Path, hxmigrate_args: tuple[str, ...] = ()) -> tuple[dict, Migration]:
    """Copy the scenario twice and run the real CLI on the 4.x copy."""
    roots = {}
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for side in SIDES:
        roots[side] = workdir / f"htmx{side}"
        shutil.copytree(scenario.source, roots[side], ignore=ignore)
    command = [sys.executable, "-m", "hxmigrate", ".", "--write", *hxmigrate_args]
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
    done = subprocess.run(command, cwd=roots["4"], capture_output=True, text=True, timeout=180, env=env)
    output = (done.stdout + done.stderr).strip()
    if "No module named hxmigrate" in output:
        raise HarnessError("hxmigrate is not importable here: run `pip install -e .` in the repository first")
    return roots, Migration(command[2:], done.returncode, output, tree_diff(roots["2"], roots["4"]))


def tree_diff(old: Path, new: Path) -> str:
    chunks = []
    for path in sorted(p for p in new.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        rel = path.relative_to(new)
        before = old / rel
        try:
            a = before.read_text(encoding="utf-8") if before.exists() else ""
            b = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        if a != b:
            chunks.extend(difflib.unified_diff(a.splitlines(), b.splitlines(), f"a/{rel}", f"b/{rel}", lineterm=""))
    return "\n".join(chunks)


# --------------------------------------------------------------------------- one side


class SideServer:
    """hxbrowser.serve in a subprocess, on a loopback port."""

    def __init__(self, side: str, root: Path, spec: dict, log: Path):
        self.side, self.root, self.spec, self.log_path = side, root, dict(spec, root=str(root)), log
        self.proc = None
        self.port = None
        self._lock = asyncio.Lock()

    async def start(self) -> None:
        env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1", PYTHONUNBUFFERED="1")
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(BROWSER_TESTS), env.get("PYTHONPATH")]))
        self._log = open(self.log_path, "wb")
        self.proc = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "hxbrowser.serve", json.dumps(self.spec),
            cwd=self.root, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self._log,
        )
        try:
            line = await asyncio.wait_for(self.proc.stdout.readline(), 30)
        except asyncio.TimeoutError:
            line = b""
        if not line.startswith(b"READY "):
            log = self.log()
            missing = re.search(r"No module named '([^']+)'", log)
            hint = f" (Python package {missing.group(1)!r} is missing: pip install it)" if missing else ""
            raise HarnessError(f"the {self.side}.x server did not start{hint}:\n{log}")
        self.port = int(line.split()[1])

    async def command(self, **message) -> dict:
        async with self._lock:
            self.proc.stdin.write(json.dumps(message).encode() + b"\n")
            await self.proc.stdin.drain()
            line = await asyncio.wait_for(self.proc.stdout.readline(), 10)
        if not line:
            raise HarnessError(f"the {self.side}.x server exited:\n{self.log()}")
        return json.loads(line)

    def log(self) -> str:
        if not self._log.closed:
            self._log.flush()
        return self.log_path.read_text(encoding="utf-8", errors="replace").strip()

    async def stop(self) -> None:
        if self.proc is None:
            return
        if self.proc.returncode is None:
            self.proc.stdin.close()
            try:
                await asyncio.wait_for(self.proc.wait(), 5)
            except asyncio.TimeoutError:
                self.proc.kill()
                await self.proc.wait()
        self._log.close()


@dataclass
class Observation:
    dom: str = ""
    frames: list[str] = field(default_factory=list)
    connections: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)  # sorted: parallel requests arrive in any order
    streams: list[str] = field(default_factory=list)  # stream connections, in the order they came
    notes: list[str] = field(default_factory=list)


class SidePage:
    """One side's page in its own browser context."""

    def __init__(self, side: str, server: SideServer, masks: list[str], dom: str = "markup", event_names=()):
        self.side, self.server, self.dom = side, server, dom
        self.event_names = list(event_names)  # what instrument.js listens for on htmx 2's EventSource
        # A mask is a regex (its matches become <masked>) or a [regex, replacement] pair.
        self.masks = [(re.compile(m), "<masked>") if isinstance(m, str) else (re.compile(m[0]), m[1]) for m in masks]
        self.origin = f"http://127.0.0.1:{server.port}"
        self.loaded: list[tuple[str, str]] = []  # (role, url) of the htmx files served
        self.blocked: list[str] = []
        self.errors: list[str] = []
        self.console: list[str] = []
        self.missed = False
        self.socket_log: list[str] = []

    async def open(self, browser) -> None:
        self.context = await browser.new_context(service_workers="block")
        self.context.set_default_timeout(WAIT_AFTER_MISS_MS * 2)
        self.context.set_default_navigation_timeout(15000)
        await self.context.route(lambda url: not url.startswith(self.origin), self._route)
        await self.context.add_init_script(script=f"window.__hxmEventNames = {json.dumps(self.event_names)};")
        await self.context.add_init_script(path=str(HERE / "instrument.js"))
        self.page = await self.context.new_page()
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("console", lambda message: self.console.append(f"{message.type}: {message.text}"))

    async def _route(self, route) -> None:
        url = route.request.url
        asset = assets.classify(url)
        if asset is None:
            if urlsplit(url).scheme in ("http", "https"):
                self.blocked.append(url)
            await route.abort()
            return
        self.loaded.append((asset.role, url))
        await route.fulfill(
            path=asset.file(self.side),
            content_type="text/javascript; charset=utf-8",
            headers={"Access-Control-Allow-Origin": "*"},
        )

    async def close(self) -> None:
        try:
            state = await self.page.evaluate("() => ({opened: __hxm.opened, closes: __hxm.closes})")
            events = [(o["t"], f"open  {o['path']}") for o in state["opened"]]
            events += [(c["t"], f"close {c['path']} code {c['code']}") for c in state["closes"]]
            self.socket_log = [f"{t:8.0f} ms  {text}" for t, text in sorted(events)]
        except Exception:  # noqa: BLE001 - a page that is gone has no log to give
            self.socket_log = []
        await self.context.close()

    # -- waiting

    async def _wait(self, expression: str, what: str, notes: list[str]) -> None:
        from playwright.async_api import TimeoutError as PlaywrightTimeout

        timeout = WAIT_AFTER_MISS_MS if self.missed else WAIT_MS
        try:
            await self.page.wait_for_function(expression, polling=20, timeout=timeout)
        except PlaywrightTimeout:
            self.missed = True
            notes.append(f"timed out after {timeout} ms waiting for {what}")

    async def _counters(self) -> dict:
        counters = await self.page.evaluate(
            "() => ({" + ", ".join(f"{name}: {js}" for name, (js, _) in COUNTERS.items()) + "})"
        )
        counters["requests"] = (await self.server.command(op="requests"))["count"]
        streams = await self.server.command(op="requests", log="streams")
        counters["streams"], counters["now"] = streams["count"], streams["now"]
        return counters

    async def _expect_logged(self, log: str, count: int, before: dict, notes: list[str]) -> None:
        """Wait until the server's ``log`` ("requests" or "streams") has ``count`` more entries
        than ``before``."""
        if count:
            timeout = WAIT_AFTER_MISS_MS if self.missed else WAIT_MS
            answer = await self.server.command(
                op="requests", log=log, since=before[log], wait_for=count, timeout_ms=timeout
            )
            if answer["count"] < before[log] + count:
                self.missed = True
                got = answer["count"] - before[log]
                what = "request(s) to the server" if log == "requests" else "stream connection(s)"
                notes.append(f"timed out after {timeout} ms waiting for {count} {what} (got {got})")

    async def _expect(self, name: str, count: int, before: dict, notes: list[str]) -> None:
        """Wait until ``count`` more of counter ``name`` happened since ``before``."""
        if count:
            js, what = COUNTERS[name]
            await self._wait(f"() => {js} >= {before[name] + count}", f"{count} {what}", notes)

    async def _settle(self, notes: list[str]) -> None:
        # While the server holds a request (or keeps a stream open: htmx 4 reading a stream
        # outside hx-sse:connect), its element keeps htmx-request until a release.
        held = (await self.server.command(op="requests"))["held"]
        busy = ".htmx-settling, .htmx-swapping, .htmx-added" + ("" if held else ", .htmx-request")
        await self._wait(
            f"() => performance.now() - __hxm.lastMutation >= {QUIET_MS} && !document.querySelector('{busy}')",
            "the DOM to settle",
            notes,
        )

    async def _observe(self, before: dict, notes: list[str]) -> Observation:
        state = await self.page.evaluate("() => ({sent: __hxm.sent, opened: __hxm.opened})")
        snapshot = await self.page.evaluate(SNAPSHOT_JS, {"side": self.side, "dom": self.dom})
        log = (await self.server.command(op="requests", since=before["requests"]))["log"]
        streams = (await self.server.command(op="requests", log="streams", since=before["streams"]))["log"]
        return Observation(
            dom=self._mask(snapshot),
            frames=[self._mask(frame_line(self.side, f["path"], f["data"])) for f in state["sent"][before["sent"]:]],
            connections=[o["path"] for o in state["opened"][before["opened"]:]],
            requests=sorted(self._mask(request_line(self.side, record)) for record in log),
            streams=[self._mask(stream_line(record)) for record in streams],
            notes=notes,
        )

    def _mask(self, text: str) -> str:
        for pattern, replacement in self.masks:
            text = pattern.sub(replacement, text)
        return text

    # -- steps

    async def load(self, scenario: Scenario) -> Observation:
        notes: list[str] = []
        try:
            await self.page.goto(self.origin + "/", wait_until="load")
        except Exception as error:  # noqa: BLE001 - the failure is the observation
            notes.append(f"page did not load: {error}")
        zero = dict.fromkeys([*COUNTERS, "requests", "streams", "now"], 0)
        await self._expect("opens", scenario.connections, zero, notes)
        await self._expect("processed", scenario.messages_on_load, zero, notes)
        await self._expect("closes", scenario.closes_on_load, zero, notes)
        await self._expect_logged("requests", scenario.requests_on_load, zero, notes)
        await self._expect_logged("streams", scenario.streams_on_load, zero, notes)
        await self._settle(notes)
        return await self._observe(zero, notes)

    async def perform(self, step: Step) -> Observation:
        raw, action = step.raw, step.action
        notes: list[str] = []
        before = await self._counters()
        messages = raw.get("messages", 0)
        try:
            if action == "push" and "events" in raw:  # Server-Sent Events on the open streams of a path
                answer = await self.server.command(op="events", path=raw["push"], events=raw["events"])
                if "error" in answer:
                    notes.append(f"server could not push: {answer['error']}")
                elif not answer["streams"]:
                    notes.append(f"push: no open stream at {raw['push']}")
                messages = raw.get("messages", answer.get("sent", 0))
            elif action == "end":
                answer = await self.server.command(op="end", path=raw["end"])
                if not answer.get("ended"):
                    notes.append(f"end {raw['end']}: no open stream there")
            elif action == "push":
                answer = await self.server.command(
                    op="push", template=raw["push"], context=raw.get("context", {}), path=raw.get("path")
                )
                if "error" in answer:
                    notes.append(f"server could not push: {answer['error']}")
                messages = raw.get("messages", answer.get("sent", 0))
            elif action == "call":
                answer = await self.server.command(op="call", expr=raw["call"], path=raw.get("path"))
                if "error" in answer:
                    notes.append(f"server could not call {raw['call']}: {answer['error']}")
                messages = raw.get("messages", answer.get("sent", 0))
            elif action == "drop":  # drop = "/path", or true for every socket
                path = raw["drop"] if isinstance(raw["drop"], str) else None
                await self.server.command(op="drop", path=path)
            elif action == "close":
                await self.server.command(op="close", code=raw["close"], path=raw.get("path"))
            elif action == "release":
                answer = await self.server.command(op="release", path=raw["release"])
                if not answer.get("released"):
                    notes.append(f"release {raw['release']}: the server held no request to it")
            elif action == "wait":
                await asyncio.sleep(raw["wait"] / 1000)
            else:
                await self._page_action(action, raw)
        except HarnessError:
            raise
        except Exception as error:  # noqa: BLE001 - a step that cannot be done is a finding
            notes.append(f"{action} failed: {str(error).splitlines()[0]}")
        await self._expect("sent", raw.get("frames", 0), before, notes)
        await self._expect("processed", messages, before, notes)
        await self._expect("opens", raw.get("connections", 0), before, notes)
        await self._expect("closes", raw.get("closes", 0), before, notes)
        await self._expect_logged("requests", raw.get("requests", 0), before, notes)
        await self._expect_logged("streams", raw.get("streams", 0), before, notes)
        if "reconnect_delay_ms" in raw:
            await self._check_reconnect_delay(raw["reconnect_delay_ms"], before, notes)
        await self._settle(notes)
        return await self._observe(before, notes)

    async def _page_action(self, action: str, raw: dict) -> None:
        target = self.page.locator(raw[action])
        if action == "fill":
            await target.fill(raw.get("value", ""))
        elif action == "check":
            await target.check()
        elif action == "uncheck":
            await target.uncheck()
        elif action == "select":
            await target.select_option(raw["values"])
        elif action == "click":
            await target.click()
        elif action == "press":
            await target.press(raw.get("key", "Enter"))
        elif action == "submit":
            await target.evaluate("form => form.requestSubmit()")

    async def _check_reconnect_delay(self, window: list[int], before: dict, notes: list[str]) -> None:
        """From the first socket closed in the step to the next socket opened; without a socket
        close, from the first stream that ended in the step to the next stream connection (the
        server's clock)."""
        state = await self.page.evaluate("() => ({closes: __hxm.closes, opened: __hxm.opened})")
        closes = state["closes"][before["closes"]:]
        if closes:
            closed_at, what = closes[0]["t"], f"close code {closes[0]['code']}"
            opened = [o["t"] for o in state["opened"]]
        else:
            streams = await self.server.command(op="requests", log="streams", since=0)
            ends = [e["t"] for e in streams["ends"] if e["t"] >= before["now"]]
            if not ends:
                notes.append("no connection closed and no stream ended")
                return
            closed_at, what = ends[0], "the stream ended"
            opened = [entry["t"] for entry in streams["log"]]
        later = [t for t in opened if t > closed_at]
        if not later:
            notes.append(f"did not reconnect after {what}")
            return
        delay = later[0] - closed_at
        low, high = window
        if not low <= delay <= high:
            notes.append(f"reconnected {delay:.0f} ms after {what}, expected {low}..{high} ms")


# --------------------------------------------------------------------------- comparison


@dataclass
class Report:
    scenario: Scenario
    migration: Migration
    labels: list[str] = field(default_factory=list)  # step descriptions, 0 is the load
    observed: dict = field(default_factory=dict)  # side -> list[Observation]
    pages: dict = field(default_factory=dict)  # side -> SidePage (after close: records only)
    server_logs: dict = field(default_factory=dict)

    def differences(self) -> list[tuple[int, str, str]]:
        """(step, kind, diff) for every step and kind where the sides differ."""
        found = []
        for index, label in enumerate(self.labels):
            two, four = self.observed["2"][index], self.observed["4"][index]
            for kind in KINDS:
                a, b = getattr(two, kind), getattr(four, kind)
                if isinstance(a, list):
                    a, b = "\n".join(a), "\n".join(b)
                if a != b:
                    found.append((index, kind, unified(a, b, f"{kind} {LABEL['2']}", f"{kind} {LABEL['4']}")))
        return found

    def problems(self) -> list[str]:
        out = []
        if not self.migration.ok:
            out.append(f"hxmigrate failed (exit {self.migration.returncode}):\n{self.migration.output}")
        expected = {(e.step, e.kind): e for e in self.scenario.expected}
        seen = set()
        for index, kind, diff in self.differences():
            declared = expected.get((index, kind))
            if declared and (declared.contains is None or declared.contains in diff):
                seen.add((index, kind))
                continue
            out.append(f"{self._where(index)}: {kind} differ\n{diff}")
        for key, declared in expected.items():
            if key not in seen:
                out.append(
                    f"{self._where(declared.step)}: the declared {declared.kind} difference did not occur"
                    f" ({declared.reason})"
                )
        for side in SIDES:
            for index, observation in enumerate(self.observed[side]):
                for note in observation.notes:
                    out.append(f"{self._where(index)}: {side}.x page: {note}")
        out.extend(self._page_problems())
        return out

    def _where(self, index: int) -> str:
        return f"step {index}/{len(self.labels) - 1} ({self.labels[index]})"

    def _page_problems(self) -> list[str]:
        out = []
        for side in SIDES:
            page = self.pages[side]
            for url in page.blocked:
                out.append(f"{side}.x page requested {url}, which the harness does not serve")
            for error in page.errors:
                out.append(f"{side}.x page threw: {error}")
        # Sorted: scripts are fetched in parallel, so request order says nothing. The 4.x page
        # should load the counterpart of each file the 2.x page loaded (assets.COUNTERPART_4).
        loaded_2 = sorted(role for role, _ in self.pages["2"].loaded)
        loaded_4 = sorted(role for role, _ in self.pages["4"].loaded)
        expected = assets.expected_4(loaded_2, loaded_4)
        if loaded_4 != expected or not loaded_2:
            out.append(
                "htmx files loaded differ (the 4.x side should load the 4.x counterparts of what the 2.x side"
                " loaded):\n"
                + unified("\n".join(expected), "\n".join(loaded_4), f"expected of {LABEL['4']}", LABEL["4"])
                + f"\n2.x loaded: {loaded_2}"
                + "\nfiles: "
                + "; ".join(f"{side}.x {[u for _, u in self.pages[side].loaded]}" for side in SIDES)
            )
        for warning, shim in LEGACY_SHIM_WARNINGS.items():
            lines = [line for line in self.pages["4"].console if warning in line]
            if lines:
                out.append(f"4.x page still relies on the legacy {shim} shim: {lines[0]}")
        return out

    def render(self) -> str:
        problems = self.problems()
        if not problems:
            return ""
        head = f"scenario {self.scenario.name!r} ({self.scenario.title}): {len(problems)} problem(s)"
        tail = [f"hxmigrate {' '.join(self.migration.command)} -> exit {self.migration.returncode}"]
        if self.migration.output:
            tail.append(_indent(_clip(self.migration.output, 40)))
        tail.append("what the migration changed:")
        tail.append(_indent(_clip(self.migration.changes or "(nothing)", 120)))
        for side in SIDES:
            console = [c for c in self.pages[side].console if not c.startswith(("log:", "debug:"))]
            if console:
                tail.append(f"{side}.x console:\n" + _indent(_clip("\n".join(console), 15)))
            if self.pages[side].socket_log:
                tail.append(f"{side}.x sockets:\n" + _indent(_clip("\n".join(self.pages[side].socket_log), 20)))
            if self.server_logs.get(side):
                tail.append(f"{side}.x server log:\n" + _indent(_clip(self.server_logs[side], 30)))
        return "\n\n".join([head, *problems, "\n".join(tail)])


def _clip(text: str, lines: int) -> str:
    rows = text.splitlines()
    return "\n".join(rows[:lines] + ([f"... ({len(rows) - lines} more lines)"] if len(rows) > lines else []))


def _indent(text: str) -> str:
    return "\n".join("    " + line for line in text.splitlines())


# --------------------------------------------------------------------------- driver


def run_scenario(session: BrowserSession, scenario: Scenario, workdir: Path, hxmigrate_args=()) -> Report:
    roots, migration = prepare(scenario, workdir, tuple(hxmigrate_args))
    return run_sides(session, scenario, roots, workdir, migration)


def run_sides(session: BrowserSession, scenario: Scenario, roots: dict, workdir: Path, migration: Migration) -> Report:
    """Drive and compare two project folders (``roots``: side -> folder) as they are: the
    harness's own tests give a 4.x side written by hand."""
    workdir.mkdir(parents=True, exist_ok=True)
    report = Report(scenario, migration)
    session.run(_drive(session.browser, scenario, roots, workdir, report))
    return report


async def _drive(browser, scenario: Scenario, roots: dict, workdir: Path, report: Report) -> None:
    servers = {s: SideServer(s, roots[s], scenario.server_spec, workdir / f"server-{s}.log") for s in SIDES}
    pages = {}
    try:
        await asyncio.gather(*(server.start() for server in servers.values()))
        pages = {s: SidePage(s, servers[s], scenario.masks, scenario.dom, scenario.event_names()) for s in SIDES}
        await asyncio.gather(*(page.open(browser) for page in pages.values()))
        report.labels.append("page load")
        first = await asyncio.gather(*(pages[s].load(scenario) for s in SIDES))
        report.observed = {s: [first[i]] for i, s in enumerate(SIDES)}
        for step in scenario.steps:
            report.labels.append(step.describe())
            results = await asyncio.gather(*(pages[s].perform(step) for s in SIDES))
            for i, s in enumerate(SIDES):
                report.observed[s].append(results[i])
    finally:
        await asyncio.gather(*(page.close() for page in pages.values()), return_exceptions=True)
        await asyncio.gather(*(server.stop() for server in servers.values()), return_exceptions=True)
        report.pages = pages
        report.server_logs = {s: servers[s].log() if servers[s].proc else "" for s in SIDES}
