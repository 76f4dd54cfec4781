"""The htmx 4 extension script that takes the place of a 2.x one: its URL on the same CDN,
and the hash for its `integrity` (WS307 for script tags, WS407 for URLs in Python)."""

from __future__ import annotations

from ...analysis.script_urls import sri_table

__all__ = ["new_url", "sri_table"]


def new_url(m, minified: bool, target) -> str:
    host = m.group("host")
    scheme = m.group("scheme")
    file = f"hx-ws{'.min' if minified else ''}.js"
    ver = target.ext_version
    rest = m.group("rest") or ""
    if host.lower() == "cdnjs.cloudflare.com":
        return f"{scheme}{host}/ajax/libs/htmx/{ver}/ext/{file}{rest}"
    if host.lower() == "cdn.jsdelivr.net":
        return f"{scheme}{host}/npm/htmx.org@{ver}/dist/ext/{file}{rest}"
    return f"{scheme}{host}/htmx.org@{ver}/dist/ext/{file}{rest}"
