"""Rewrite the idiomorph extension's morph swaps to htmx 4's built-in ones.

What it does:
    Rewrites the swap style of `hx-swap="morph"` and `hx-swap="morph:outerHTML"` to
    `outerMorph`, and `hx-swap="morph:innerHTML"` to `innerMorph`, the modifiers after it
    kept. A morph style with an idiomorph configuration (`morph:{ignoreActiveValue:true}`), or
    written with template syntax, is reported. The extension's `hx-ext="morph"` and its
    script tag are the extension rules'.

Why:
    htmx 4 morphs without the extension and knows neither `morph` nor `morph:...`: it reads a
    first word with a colon as a modifier (`morph:outerHTML` is `{morph: "outerHTML"}` with
    the default `innerHTML` swap), so the response is swapped in whole and the page loses
    what morphing kept (focus, element identity, listeners).

Example:
    <div id="cart" hx-get="/cart" hx-trigger="every 5s" hx-swap="morph:innerHTML">
    becomes
    <div id="cart" hx-get="/cart" hx-trigger="every 5s" hx-swap="innerMorph">

Fix safety:
    Unsafe: htmx 4's morph is its own port of idiomorph and keeps what the user changed in
    form fields: a typed value or a ticked checkbox that the new markup does not set stays,
    where idiomorph reset them to the new markup (checked in Chromium). Elements, their
    identity and the focus are kept alike.
"""

from __future__ import annotations

from ...diagnostics import Diagnostic, fix
from ...edits import Edit
from ._attributes import htmx_attrs

CODE = "HX206"
NAME = "morph-swaps"
LANGUAGES = ("markup",)
FIX = "sometimes"
SAFETY = "unsafe"
TRIGGERS = ("morph",)

# idiomorph-ext 0.8 (createMorphConfig): "morph" alone morphs the outer HTML.
STYLES = {"morph": "outerMorph", "morph:outerHTML": "outerMorph", "morph:innerHTML": "innerMorph"}


def check(file):
    if file.target.core is None:
        return
    for tag in file.markup.start_tags():
        for attr in htmx_attrs(tag, "hx-swap"):
            if not attr.value or "morph" not in attr.value:
                continue
            words = attr.value.split(None, 1)
            style = words[0] if words else ""
            if not (style == "morph" or style.startswith("morph:")):
                continue
            start = attr.value_start + len(attr.value) - len(attr.value.lstrip())
            end = start + len(style)
            new = STYLES.get(style)
            if attr.value_has_template and file.markup.regions.within(start, end):
                yield Diagnostic(CODE, f"`{style}` is written with template syntax: idiomorph's `morph` and "
                                 "`morph:outerHTML` are `outerMorph` in htmx 4, `morph:innerHTML` is `innerMorph`; "
                                 "rewrite it by hand", start, end)
                continue
            if new is None:
                yield Diagnostic(CODE, f"`{style}` passes a configuration to idiomorph, which htmx 4 does not use: its "
                                 "built-in morph is `outerMorph` or `innerMorph`, set up with the `morphIgnore`, "
                                 "`morphSkip` and `morphSkipChildren` config keys; rewrite it by hand", start, end)
                continue
            yield Diagnostic(CODE, f"`{style}` is the idiomorph extension's swap; htmx 4 morphs without it as "
                             f"`{new}`, but keeps values and checkboxes the user changed where idiomorph reset them "
                             "to the new markup (`--unsafe-fixes` rewrites it)", start, end,
                             fix(Edit(start, end, new), safe=False))
