"""Load htmx 4's `hx-prompt.js` where a page uses `hx-prompt`.

What it does:
    On a page with `hx-prompt` (or `data-hx-prompt`) that loads the htmx core from a CDN (the
    htmx 2 tag HX301 rewrites, or htmx 4's), adds
    `<script src=".../htmx.org@4.0.1/dist/ext/hx-prompt.js">` after the core's script tag: the
    same CDN, minified when the core is, with `defer` when the core has it, and with its
    integrity hash when the core's tag has one. Where htmx 2 applied the attribute to other
    elements by inheritance (on an element that makes no request itself, or above request
    elements that do not set it), it becomes `hx-prompt:inherited`. A page whose core is not in
    the same file (a child template) is told which script to add after the core; a core loaded
    as an ES module or with `async` is reported.

Why:
    htmx 4 asks no question itself: the `hx-prompt.js` extension reads `hx-prompt` (on the
    requesting element, or an ancestor's written `hx-prompt:inherited`), asks with
    `window.prompt`, cancels the request when the user cancels, and sends the answer in the
    `HX-Prompt` header. Without it the requests go out without asking.

Example:
    <script src="https://unpkg.com/htmx.org@2.0.8"></script>
    ...<button hx-delete="/account" hx-prompt="Type your name to confirm">
    gets, after the core's tag (which HX301 rewrites),
    <script src="https://unpkg.com/htmx.org@4.0.1/dist/ext/hx-prompt.min.js"></script>

Fix safety:
    Safe, with a caveat the finding states: `hx-prompt.js` sends the answer URI-encoded
    (`encodeURI`: `Ada Lovelace` arrives as `Ada%20Lovelace`), where htmx 2 sent it as typed;
    a server that reads `HX-Prompt` decodes it (`urllib.parse.unquote`, `decodeURI`).
"""

from __future__ import annotations

from ...diagnostics import Diagnostic, fix
from ...edits import Edit
from ._attributes import (
    bare,
    elements_by_tag,
    htmx_attrs,
    inheritance_guarded,
    inherited_below,
)
from ._extensions import (
    VERSION,
    core_script,
    extension_tag,
    insert_after,
    loads_extension,
)
from ._pages import page_major

CODE = "HX105"
NAME = "hx-prompt"
LANGUAGES = ("markup",)
FIX = "sometimes"
SAFETY = "safe"
TRIGGERS = ("hx-prompt",)
FACTS = ("implicit_inheritance", "htmx_majors", "inheritance_disabled")

_STEM = "hx-prompt"
_ENCODED = ("hx-prompt.js sends the answer URI-encoded in `HX-Prompt` (`Ada Lovelace` arrives as `Ada%20Lovelace`): "
            "decode it where the server reads the header")


@inheritance_guarded
def check(file):
    if file.target.core is None:
        return
    view = file.markup
    written = [attr for tag in view.start_tags() for attr in tag.attrs
               if not attr.name_has_template and bare(attr.lname).split(":", 1)[0] == "hx-prompt"]
    if not written:
        return
    yield from _script(view, written[0])
    prompts = [(tag, attr) for tag in view.start_tags() for attr in htmx_attrs(tag, "hx-prompt")]
    if file.project.implicit_inheritance:
        return
    elements = elements_by_tag(view)
    major = page_major(file)
    for tag, attr in prompts:
        if not inherited_below(view, elements.get(tag.start), "hx-prompt") or _disinherits(tag):
            continue
        if major == 4:
            yield Diagnostic(CODE, f"`{attr.name}` reaches no other element in htmx 4 (this page is written for it): "
                             f"write `{attr.name}:inherited` if the requests below should ask it", attr.start,
                             attr.name_end)
            continue
        yield Diagnostic(CODE, f"`{attr.name}` is `{attr.name}:inherited` in htmx 4 (htmx 2 asked it for the requests "
                         "below; hx-prompt.js reads an ancestor's only when written so)", attr.start, attr.name_end,
                         fix(Edit(attr.name_end, attr.name_end, ":inherited")))


def _script(view, first):
    if loads_extension(view, _STEM):
        return
    core = core_script(view)
    where = f"`htmx.org@{VERSION}/dist/ext/{_STEM}.js`"
    if core is None:
        yield Diagnostic(CODE, f"`{first.name}` needs htmx 4's hx-prompt.js: load {where} after the htmx 4 core on the "
                         f"page that loads it (this file loads no htmx core from a CDN); {_ENCODED}",
                         first.start, first.name_end)
        return
    tag, match, minified, problem = core
    if problem:
        yield Diagnostic(CODE, f"`{first.name}` needs htmx 4's hx-prompt.js, but {problem} {where}; {_ENCODED}",
                         first.start, first.name_end)
        return
    element, url = extension_tag(view, tag, match, minified, _STEM)
    edit = insert_after(view, tag, element)
    if edit is None:
        yield Diagnostic(CODE, f"`{first.name}` needs htmx 4's hx-prompt.js: load `{url}` after the htmx core; "
                         f"{_ENCODED}", first.start, first.name_end)
        return
    src = tag.attr("src")
    yield Diagnostic(CODE, f"`{first.name}` needs htmx 4's hx-prompt.js, loaded after the core: `{url}`; {_ENCODED}",
                     src.start, src.end, fix(edit))


def _disinherits(tag) -> bool:
    for attr in htmx_attrs(tag, "hx-disinherit"):
        names = (attr.value or "").split()
        if "*" in names or "hx-prompt" in names:
            return True
    return False
