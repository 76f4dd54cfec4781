"""Which htmx a file is written for: the core its own script tags load, else the one the
whole project loads (``Project.htmx_majors``). 2 stands for every release before 4."""

from __future__ import annotations

from ...analysis.script_urls import core_url, htmx_majors

FACTS = ("htmx_majors",)


def page_major(file) -> int | None:
    """4 when the file is written for htmx 4, 2 when for an earlier htmx, None when the
    project loads both (or no htmx hxmigrate can see) and the file's own tags do not tell."""
    own = htmx_majors(file.text) if file.kind == "markup" and "htmx" in file.text else set()
    majors = own or set(file.project.htmx_majors)
    if not majors:
        return None
    if majors == {4} or (own and max(own) >= 4):
        return 4
    if max(majors) < 4:
        return 2
    return None


def page_scripts(view):
    """The page's `<script>` tags with their content token, but for those inside content a
    response swaps in place of other elements (an out-of-band element, an <hx-partial>: a
    message's part, not the page that loads htmx)."""
    text = view.text.lower()
    if "swap-oob" not in text and "hx-partial" not in text:
        yield from view.scripts()
        return
    spans = []
    stack = list(view.elements)
    while stack:
        el = stack.pop()
        if el.tag.lname == "hx-partial" or el.tag.attr("hx-swap-oob", "data-hx-swap-oob") is not None:
            spans.append((el.tag.start, el.end))
            continue
        stack.extend(el.children)
    for tag, raw in view.scripts():
        if not any(start <= tag.start < end for start, end in spans):
            yield tag, raw


def htmx2_cores(file, view) -> list:
    """The `<script src>` tags of a page that loads an htmx 1/2 core: (tag, the major its URL
    pins, or None); empty for a page without one, or written for htmx 4 (an unpinned URL loads
    htmx 4: only the project says otherwise)."""
    cores = []
    for tag, _ in page_scripts(view):
        src = tag.attr("src")
        if src is None or not src.value or src.value_has_template:
            continue
        read = core_url(src.value)
        if read is not None and (read[0] is None or read[0] < 4):
            cores.append((tag, read[0]))
    if not cores:
        return cores
    major = page_major(file)
    if major == 4 or (cores[0][1] is None and major != 2):
        return []
    return cores
