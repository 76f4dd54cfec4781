"""Which htmx core runs a page: the major version of the core its `<script>` tags load, or
the one core the project loads. Shared by the rules that read htmx 1.x's own attributes
(`hx-ws`, `hx-sse`), which htmx 1.x read one way and htmx 2 (through its extensions, or not
at all) another."""

from __future__ import annotations

from ..analysis.script_urls import core_major, htmx_majors


def page_runtime(file) -> tuple[int | None, str]:
    """(the major version of the htmx core that reads this page, None when it cannot be
    told; where that was seen: "this page loads htmx 1.x", "the project loads htmx 2.x")."""
    own = set()
    for tag, _ in file.markup.scripts():
        src = tag.attr("src")
        if src is not None and src.value and not src.value_has_template:
            own.add(core_major(src.value))
    own.discard(None)
    if not own and any(m >= 4 for m in htmx_majors(file.text)):
        # The page loads htmx 4 (HX301 rewrote its core, or it was written so): which htmx
        # read it before cannot be told from it any more.
        return None, ""
    if own:
        major = own.pop()
        return (major, f"this page loads htmx {major}.x") if not own else (None, "")
    majors = file.project.core_majors
    if len(majors) != 1 or any(m >= 4 for m in file.project.htmx_majors):
        # Pages of the project already load htmx 4 (HX301 rewrote them, or they were written
        # so): what the others loaded no longer tells which core read this one.
        return None, ""
    major = next(iter(majors))
    return major, f"the project loads htmx {major}.x"
