"""Facts of htmx 4.0.1 that HX207 and HX208 rely on, checked on one page in Chromium (no
migration, no comparison): the order in which htmx 4 reads `noSwap` and `hx-status`, and when it
reads the htmx-config meta."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

ORIGIN = "http://facts.test"
STATUSES = {"/e404": 404, "/e422": 422, "/e500": 500}


async def _page_after_clicks(session, node_modules, version: int, head: str, body: str, clicks: list[str]) -> dict:
    """Each element's text (by id) after clicking ``clicks`` on a page of htmx ``version``."""
    core = node_modules / f"htmx{version}" / "dist" / "htmx.js"
    html = f"<!doctype html><html><head>{head}</head><body {body}</body></html>"
    page = await session.browser.new_page()
    try:
        async def answer(route):
            path = "/" + route.request.url.split("/", 3)[3].split("?")[0]
            if path == "/":
                await route.fulfill(status=200, body=html, content_type="text/html")
            elif path == "/htmx.js":
                await route.fulfill(status=200, body=core.read_text(encoding="utf-8"),
                                    content_type="application/javascript")
            else:
                await route.fulfill(status=STATUSES.get(path, 200), body=f"answer {path}", content_type="text/html")

        await page.route(f"{ORIGIN}/**", answer)
        await page.goto(f"{ORIGIN}/")
        await page.wait_for_function("() => window.htmx && document.readyState === 'complete'")
        await page.wait_for_timeout(50)
        for selector in clicks:
            await page.click(selector)
            await page.wait_for_timeout(150)
        return await page.evaluate("() => Object.fromEntries([...document.querySelectorAll('[id]')]"
                                   ".map(e => [e.id, e.textContent.trim()]))")
    finally:
        await page.close()


def test_noswap_is_read_before_each_hx_status_pattern(browser_session, node_modules):
    """htmx 4 checks `noSwap` before `hx-status` for each of `404`, `40x`, `4xx`: a "4xx" in
    noSwap hides `hx-status:4xx`, but not `hx-status:404` or `hx-status:40x`."""
    head = ("<meta name=\"htmx-config\" content='{\"noSwap\":[204,304,\"4xx\",\"5xx\"]}'>"
            '<script src="/htmx.js"></script>')
    body = """>
      <button id="code" hx-get="/e404" hx-target="#o1" hx-status:404="target:#t1">code</button>
      <p id="o1"></p><p id="t1"></p>
      <button id="decade" hx-get="/e404" hx-target="#o2" hx-status:40x="target:#t2">decade</button>
      <p id="o2"></p><p id="t2"></p>
      <button id="hundred" hx-get="/e404" hx-target="#o3" hx-status:4xx="target:#t3">hundred</button>
      <p id="o3"></p><p id="t3"></p>"""
    seen = browser_session.run(_page_after_clicks(browser_session, node_modules, 4, head, body,
                                                  ["#code", "#decade", "#hundred"]))
    assert (seen["t1"], seen["t2"], seen["t3"]) == ("answer /e404", "answer /e404", "")
    assert seen["o1"] == seen["o2"] == seen["o3"] == ""


def test_an_inherited_hx_status_on_body_gives_way_to_the_elements_own(browser_session, node_modules):
    """HX207's form for a page that loads response-targets: `hx-status:4xx:inherited="swap:none"`
    on <body> keeps a 422 out, an element's own `hx-status:4xx` (or a code) takes it."""
    head = '<script src="/htmx.js"></script>'
    body = """hx-status:4xx:inherited="swap:none" hx-status:5xx:inherited="swap:none">
      <button id="plain" hx-get="/e422" hx-target="#o1">plain</button><p id="o1"></p>
      <button id="five" hx-get="/e500" hx-target="#o2">five</button><p id="o2"></p>
      <button id="own" hx-get="/e422" hx-target="#o3" hx-status:4xx="target:#t3">own</button>
      <p id="o3"></p><p id="t3"></p>"""
    seen = browser_session.run(_page_after_clicks(browser_session, node_modules, 4, head, body,
                                                  ["#plain", "#five", "#own"]))
    assert (seen["o1"], seen["o2"], seen["o3"], seen["t3"]) == ("", "", "", "answer /e422")


@pytest.mark.parametrize("version, swapped", [(2, ""), (4, "answer /e422")])
def test_a_config_meta_after_the_script(browser_session, node_modules, version, swapped):
    """htmx 2 read the htmx-config meta once the page had loaded; htmx 4 reads it when its script
    runs, so a meta after the script is not read (a 2.x page never swapped the 422 anyway)."""
    head = ('<script src="/htmx.js"></script>'
            "<meta name=\"htmx-config\" content='{\"noSwap\":[204,304,\"4xx\",\"5xx\"], "
            "\"defaultSwapStyle\":\"beforeend\", \"defaultSwap\":\"beforeend\"}'>")
    body = '><button id="go" hx-get="/e422" hx-target="#o1">go</button><p id="o1"></p>' \
           '<button id="ok" hx-get="/ok" hx-target="#o2">ok</button><p id="o2">x</p>'
    seen = browser_session.run(_page_after_clicks(browser_session, node_modules, version, head, body, ["#go", "#ok"]))
    assert seen["o1"] == swapped
    # the meta's default swap: read by htmx 2 (appended), not by htmx 4 (innerHTML)
    assert seen["o2"] == ("xanswer /ok" if version == 2 else "answer /ok")
