"""Which htmx a file is written for: the core its own script tags load, else the one the
whole project loads (``Project.htmx_majors``). 2 stands for every release before 4."""

from __future__ import annotations

from ...analysis.script_urls import htmx_majors

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
