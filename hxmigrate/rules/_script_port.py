"""Pointing a `<script src>` of an htmx 2 extension at its htmx 4 file (`dist/ext/hx-*.js` of
htmx.org), with the new file's integrity hash: shared by the core family's extension scripts
(HX302) and the SSE family's (SE301)."""

from __future__ import annotations

from ..analysis.script_urls import extension_url_for, sri_table
from ..edits import Edit


def port_edits(view, tag, src, file: str, match, version: str) -> tuple[list[Edit] | None, str]:
    """(the edits, what they do) that make the script load ``dist/ext/FILE`` of htmx.org
    ``version`` on the same CDN, its `integrity` hash replaced (or, when the hash of the new
    file is not known, removed); (None, why) when an `integrity` written by template syntax
    keeps them from being made."""
    url = extension_url_for(match, file, version)
    edits = [Edit(src.value_start, src.value_end, url)]
    integrity = tag.attr("integrity")
    if integrity is None:
        return edits, ""
    if integrity.name_has_template or integrity.value_has_template:
        return None, (", but the `integrity` attribute is written by template syntax, and the old hash would make the "
                      "browser refuse the new file: change both by hand")
    digest = sri_table().get(f"htmx.org@{version}/dist/ext/{file}")
    if digest is not None and integrity.value is not None:
        edits.append(Edit(integrity.value_start, integrity.value_end, digest))
        return edits, " (with its integrity hash)"
    edits.append(view.remove_attr(tag, integrity))
    return edits, "; the old `integrity` hash was removed: add the new file's hash"
