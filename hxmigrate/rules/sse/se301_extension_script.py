"""Load htmx 4's `hx-sse.js` instead of htmx 2's SSE extension script.

What it does:
    Rewrites a `<script src>` that loads htmx 2's SSE extension from unpkg, jsDelivr or cdnjs
    (`htmx-ext-sse@2.x`, or htmx 1.x's `htmx.org@1.x/dist/ext/sse.js`) to
    `htmx.org@4.0.1/dist/ext/hx-sse.js` on the same CDN, `.min` kept, with the new file's
    integrity hash where the tag has one. Reported instead: the ES module build, an
    `integrity` written by template syntax, and a copy of the extension served by the project
    (`/static/js/sse.js` on a page whose `hx-ext` names `sse`, `/static/htmx/ext/sse.js`).

Why:
    htmx 2's extension registers with `htmx.defineExtension`, which htmx 4 does not have:
    loaded with htmx 4 it throws, and no stream is opened. htmx 4's SSE support is the
    `hx-sse.js` file of the `htmx.org` package. An old `integrity` hash would make the
    browser refuse the new file.

Example:
    <script src="https://unpkg.com/htmx-ext-sse@2.2.4/sse.js"></script>
    becomes
    <script src="https://unpkg.com/htmx.org@4.0.1/dist/ext/hx-sse.js"></script>

Fix safety:
    Safe: the same CDN serves the htmx 4 file, with its hash (checked in Chromium: the page
    loads `hx-sse.js` where it loaded the 2.x extension).
"""

from __future__ import annotations

import re

from ...analysis.script_urls import extension_url, extension_url_for
from ...diagnostics import Diagnostic, fix
from .._script_port import port_edits

CODE = "SE301"
NAME = "sse-extension-script"
LANGUAGES = ("markup",)
FIX = "sometimes"
SAFETY = "safe"
TRIGGERS = ("sse",)

_NAME = "sse"
# A copy served by the project: /static/js/sse.js, {% static 'htmx/ext/sse.min.js' %}.
_COPY = re.compile(r"(?:^|[/'\"\s])sse(?P<min>\.min)?\.js(?=$|[?#'\"\s])")


def check(file):
    names = file.target.sse
    if names is None:
        return
    view = file.markup
    listed = None
    for tag, _ in view.scripts():
        src = tag.attr("src")
        if src is None or not src.value:
            continue
        found = None if src.value_has_template else extension_url(src.value)
        if found is None:
            m = _COPY.search(src.value.strip())
            if m:
                if listed is None:
                    listed = _uses_sse(view)
                low = src.value.lower()
                if listed or "htmx" in low or "/ext/" in low:
                    vendored = f"{names.ext_script[:-3]}{'.min' if m.group('min') else ''}.js"
                    yield Diagnostic(CODE, f"`{src.value}` looks like a self-hosted copy of htmx 2's SSE extension, "
                                     f"which cannot register with htmx 4: vendor `{vendored}` of the "
                                     f"htmx.org@{names.ext_version} npm package and load that instead",
                                     src.start, src.end)
            continue
        name, kind, match = found
        if name != _NAME:
            continue
        if kind == "esm":
            yield Diagnostic(CODE, "this loads the ES module of htmx 2's SSE extension, which imports htmx 2: load "
                             f"`htmx.org@{names.ext_version}/{names.ext_script}` as a classic script after the htmx 4 "
                             "core instead", src.start, src.end)
            continue
        file_name = "hx-sse.min.js" if kind == "min" else "hx-sse.js"
        edits, how = port_edits(view, tag, src, file_name, match, names.ext_version)
        url = extension_url_for(match, file_name, names.ext_version)
        yield Diagnostic(CODE, f"htmx 2's SSE extension: htmx 4 loads `{url}`{how}", src.start, src.end,
                         fix(*edits) if edits else None)


def _uses_sse(view) -> bool:
    """Whether the page uses the SSE extension: an `hx-ext` that names `sse`, or an
    `sse-connect`."""
    for tag in view.start_tags():
        for attr in tag.attrs:
            if attr.lname in ("sse-connect", "data-sse-connect"):
                return True
            if attr.lname in ("hx-ext", "data-hx-ext") and attr.value and not attr.value_has_template:
                if _NAME in (item.strip() for item in attr.value.split(",")):
                    return True
    return False
