"""Load the htmx 4 core instead of htmx 1 or 2.

What it does:
    Rewrites a `<script src>` that loads the htmx core from unpkg, jsDelivr or cdnjs
    (`htmx.org@2.0.8`, `htmx.org@2.0.8/dist/htmx.min.js`, `htmx.org@1.9.12/dist/htmx.js`,
    an ES module build) to htmx.org 4.0.1's file of the same kind on the same CDN. An
    unpinned URL (which loads the newest release, htmx 4, already) is pinned. An
    `integrity` attribute gets the new file's hash; one written by template syntax is
    reported with the script, which stays as it is; a build htmx 4 does not ship (`htmx.amd.js`, `htmx.cjs.js`),
    a script tag of a copy of htmx served by the project itself (`/static/js/htmx.min.js`,
    unless every copy the run read is htmx 4) and such a copy of htmx 1 or 2 (at its first
    line) are reported. In JavaScript and JSX, a string that is such a URL (a layout's
    `<script src="...">`, `script.src = "..."`) gets the same rewrite.

Why:
    Every other HX rule writes markup for htmx 4; it runs only on the htmx 4 core. The page
    then says which htmx it is written for, which is how a second run knows to leave the
    new `hx-disable` alone.

Example:
    <script src="https://unpkg.com/htmx.org@2.0.8"></script>
    becomes
    <script src="https://unpkg.com/htmx.org@4.0.1/dist/htmx.min.js"></script>

Fix safety:
    Safe as a rewrite of the URL: the same CDN serves the file, with its hash. The page's
    other 2.x constructs are the other HX rules' findings.
"""

from __future__ import annotations

import re
from pathlib import PurePath

from ...analysis.script_urls import core_url, core_url_for, sri_table, vendored_major
from ...diagnostics import Diagnostic, fix
from ...edits import Edit
from .._javascript import string_value
from ._pages import page_scripts

CODE = "HX301"
NAME = "core-script"
LANGUAGES = ("markup", "javascript")
FIX = "sometimes"
SAFETY = "safe"
TRIGGERS = ("htmx",)
FACTS = ("htmx_majors",)

VERSION = "4.0.1"
# A copy of htmx served by the project: a path ending in htmx.js or htmx.min.js.
_LOCAL = re.compile(r"(?:^|/)htmx(?:\.org)?(?:[-@.]\d[\w.-]*)?(?:\.min)?\.js(?:$|[?#])", re.I)


def check(file):
    if file.target.core is None:
        return
    if file.kind == "javascript":
        yield from _copy(file)
        yield from _strings(file)
        return
    view = file.markup
    for tag, _ in page_scripts(view):
        src = tag.attr("src")
        if src is None or not src.value:
            continue
        if src.value_has_template or core_url(src.value) is None:
            if _LOCAL.search(src.value.split("?")[0].rstrip()) and file.project.htmx_majors != {4}:
                yield Diagnostic(CODE, f"this page loads a copy of htmx served by the project (`{src.value}`): "
                                 f"replace that file with htmx.org@{VERSION}'s `dist/htmx.min.js`",
                                 src.start, src.end)
            continue
        major, new_file, match = core_url(src.value)
        if major is not None and major >= 4:
            continue
        if new_file is None:
            yield Diagnostic(CODE, f"htmx {VERSION} ships no such build of the core: load "
                             f"`htmx.org@{VERSION}/dist/htmx.min.js` (or `htmx.esm.js` as a module)", src.start, src.end)
            continue
        url = core_url_for(match, new_file, VERSION)
        edits = [Edit(src.value_start, src.value_end, url)]
        was = f"htmx {major}" if major is not None else "an unpinned htmx (the newest release, htmx 4, already)"
        message = f"this page loads {was}: htmx 4 loads `{url}`"
        integrity = tag.attr("integrity")
        if integrity is not None:
            digest = sri_table().get(f"htmx.org@{VERSION}/dist/{new_file}")
            if integrity.name_has_template or integrity.value_has_template:
                yield Diagnostic(CODE, message + ", but the `integrity` attribute is written by template syntax, and "
                                 "the old hash would make the browser refuse the new file: change both by hand",
                                 src.start, src.end)
                continue
            if digest is not None and integrity.value is not None:
                edits.append(Edit(integrity.value_start, integrity.value_end, digest))
                message += " (with its integrity hash)"
            else:
                edits.append(view.remove_attr(tag, integrity))
                message += "; the old `integrity` hash was removed: add the new file's hash"
        yield Diagnostic(CODE, message, src.start, src.end, fix(*edits))


def _copy(file):
    """A copy of htmx 1 or 2 itself, vendored into the project."""
    if not PurePath(file.path).name.lower().startswith("htmx"):
        return
    major = vendored_major(file.text[:16384])
    if major is not None and major < 4:
        first = file.text.split("\n", 1)[0]
        yield Diagnostic(CODE, f"this is a copy of htmx {major} (left as it is): replace it with `dist/htmx.min.js` of "
                         f"the htmx.org@{VERSION} npm package", 0, max(1, min(len(first), 80)))


def _strings(file):
    """htmx core CDN URLs in the strings of a script or a JSX layout."""
    if "htmx" not in file.text:
        return
    for script in file.javascript:
        if "htmx" not in script.text:
            continue
        for node in script.walk({"string"}):
            value = string_value(script, node)
            if value is None or "htmx" not in value:
                continue
            found = core_url(value)
            if found is None or (found[0] is not None and found[0] >= 4):
                continue
            start, end = script.span(node)
            major, new_file, match = found
            if new_file is None:
                yield Diagnostic(CODE, f"htmx {VERSION} ships no such build of the core: load "
                                 f"`htmx.org@{VERSION}/dist/htmx.min.js`", start, end)
                continue
            if script.text_of(node)[1:-1] != value:  # escapes in the literal: not rewritten in place
                yield Diagnostic(CODE, f"this URL loads htmx {major}: htmx 4 loads "
                                 f"`{core_url_for(match, new_file, VERSION)}`; rewrite it by hand", start, end)
                continue
            url = core_url_for(match, new_file, VERSION)
            was = f"htmx {major}" if major is not None else "an unpinned htmx (the newest release, htmx 4, already)"
            yield Diagnostic(CODE, f"this URL loads {was}: htmx 4 loads `{url}` (check an `integrity` next to it)",
                             start, end, fix(Edit(start + 1, end - 1, url)))

