"""Rewrite `hx-request` as htmx 4's `hx-config`.

What it does:
    Renames `hx-request` (and `data-hx-request`) to `hx-config` where its value is a JSON
    object (braces optional, as htmx 2 added them) of `timeout` (milliseconds) and
    `credentials`: `timeout` is kept, `"credentials": true` becomes `"credentials": "include"`
    and `false` the default `"same-origin"` (both an unsafe fix: htmx 4 also keeps requests to
    the page's own origin unless `htmx.config.mode` is `"cors"`). Where htmx 2 applied it to
    other elements (it merged `hx-request` over the ancestors, as `hx-vals`), the new name is
    `hx-config:inherited`, and `hx-config:append` below another. Reported: `noHeaders` (htmx 4
    always sends its headers), a `js:` value, other keys, template syntax, a value that is not
    an object.

Why:
    htmx 4 reads no `hx-request`: its timeout and credentials are lost. `hx-config` merges an
    object into the request htmx 4 builds (`ctx.request`), whose `timeout` htmx 4 reads as
    `hx-request`'s was read and whose `credentials` is the `fetch()` option, a string.

Example:
    <button hx-get="/slow" hx-request='{"timeout": 500}'>
    becomes
    <button hx-get="/slow" hx-config='{"timeout": 500}'>

Fix safety:
    Safe for `timeout` (a request that takes longer is aborted in both; htmx 2 fired
    `htmx:timeout`, htmx 4 fires `htmx:error`). `credentials` is unsafe: see above.
"""

from __future__ import annotations

import html
import json

from ...diagnostics import Diagnostic, fix
from ...edits import Edit
from ._attributes import (
    bare,
    elements_by_tag,
    inheritance_guarded,
    inherited_below,
    prefix_of,
)

CODE = "HX107"
NAME = "hx-request"
LANGUAGES = ("markup",)
FIX = "sometimes"
SAFETY = "unsafe"
TRIGGERS = ("hx-request",)
FACTS = ("implicit_inheritance", "inheritance_disabled")

_KEYS = ("timeout", "credentials", "noHeaders")


@inheritance_guarded
def check(file):
    if file.target.core is None:
        return
    view = file.markup
    elements = None
    for tag in view.start_tags():
        for attr in tag.attrs:
            if attr.name_has_template or bare(attr.lname) != "hx-request":
                continue
            if elements is None:
                elements = elements_by_tag(view)
            yield from _attribute(file, view, elements.get(tag.start), tag, attr)


def _attribute(file, view, element, tag, attr):
    new = f"{prefix_of(attr.name)}hx-config"
    value = attr.value
    if value is None or attr.value_has_template:
        yield Diagnostic(CODE, f"`{attr.name}` is `{new}` in htmx 4; its value is built by template syntax: rewrite it "
                         "by hand (`timeout` stays, `credentials` is the fetch() option: \"include\")",
                         attr.start, attr.end)
        return
    if tag.attr(new.lower()) is not None or any(bare(a.lname).startswith("hx-config:") for a in tag.attrs):
        yield Diagnostic(CODE, f"`{attr.name}` is `{new}` in htmx 4, which the element already has: merge the two by "
                         "hand", attr.start, attr.end)
        return
    text = html.unescape(value).strip()  # the value the browser reads
    if text.startswith(("js:", "javascript:")):
        yield Diagnostic(CODE, f"`{attr.name}` is evaluated JavaScript; htmx 4's `{new}` is not: set "
                         "`ctx.request.timeout` or `ctx.request.credentials` in a `htmx:config:request` listener",
                         attr.start, attr.end)
        return
    try:
        parsed = json.loads(text if text.startswith("{") else "{" + text + "}")
    except ValueError:
        parsed = None
    if not isinstance(parsed, dict):
        yield Diagnostic(CODE, f"`{attr.name}` is not a JSON object, which htmx 2 could not read either: write "
                         f"`{new}` with the settings meant, or remove it", attr.start, attr.end)
        return
    other = [k for k in parsed if k not in _KEYS]
    if other:
        yield Diagnostic(CODE, f"`{attr.name}` sets {', '.join(f'`{k}`' for k in other)}, which htmx 2 did not read "
                         f"and htmx 4's `{new}` would put on the request: keep only `timeout` and `credentials`",
                         attr.start, attr.end)
        return
    if parsed.get("noHeaders"):
        yield Diagnostic(CODE, f"`{attr.name}` asks for `noHeaders`, which htmx 4 does not have (it always sends its "
                         "headers): set `event.detail.ctx.request.headers = {}` in a `htmx:config:request` listener",
                         attr.start, attr.end)
        return
    timeout = parsed.get("timeout")
    if timeout is not None and (isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or timeout < 0):
        yield Diagnostic(CODE, f"`{attr.name}` has a timeout htmx 2 did not read as milliseconds ({timeout!r}): write "
                         f"`{new}` with a number", attr.start, attr.end)
        return
    credentials = parsed.get("credentials")
    if credentials is not None and not isinstance(credentials, bool):
        yield Diagnostic(CODE, f"`{attr.name}` has `credentials` {credentials!r}; htmx 2 read it as true or false: "
                         "write "
                         f"`{new}` with `\"credentials\": \"include\"` or without it", attr.start, attr.end)
        return
    config = {}
    if timeout:
        config["timeout"] = timeout
    if credentials is not None:
        config["credentials"] = "include" if credentials else "same-origin"
    suffix = _suffix(file, view, element)
    if not config and suffix.endswith(":append"):
        yield Diagnostic(CODE, f"`{attr.name}` turns off, for this element, the timeout an ancestor's `hx-request` sets "
                         f"(htmx 2 read 0 as none): write `{new}` with the timeout meant by hand", attr.start, attr.end)
        return
    if not config:
        yield Diagnostic(CODE, f"`{attr.name}` sets nothing htmx 4 needs (no timeout, no credentials, no headers "
                         "left out): removed", attr.start, attr.end, fix(view.remove_attr(tag, attr)))
        return
    if text == value and text.startswith("{") and set(parsed) == {"timeout"}:
        edit = Edit(attr.start, attr.name_end, new + suffix)  # the value as it is
    else:
        edit = Edit(attr.start, attr.end, f"{new}{suffix}='{json.dumps(config)}'")
    message = f"`{attr.name}` is `{new}{suffix}` in htmx 4"
    if "credentials" not in config:
        yield Diagnostic(CODE, message, attr.start, attr.name_end, fix(edit))
        return
    yield Diagnostic(CODE, message + f" (`credentials` is the fetch() option: \"{config['credentials']}\"; htmx 4 "
                     "also keeps requests to the page's own origin, unless `htmx.config.mode` is \"cors\")",
                     attr.start, attr.name_end, fix(edit, safe=False))


def _suffix(file, view, element) -> str:
    """`:inherited` where htmx 2 applied it to other elements, `:append` below another (htmx 2
    merged it over the ancestors, the closest winning, as htmx 4 merges an appended one)."""
    if file.project.implicit_inheritance:
        return ""
    below = inherited_below(view, element, "hx-request")
    merged = False
    parent = element.parent if element is not None else None
    while parent is not None:
        if any(not a.name_has_template and bare(a.lname).split(":", 1)[0] in ("hx-request", "hx-config")
               for a in parent.tag.attrs):
            merged = True
            break
        parent = parent.parent
    return (":inherited" if below else "") + (":append" if merged else "")
