"""Keep htmx 2's rule that 4xx and 5xx responses are not swapped, once for the project.

What it does:
    On the page that loads the htmx core (the `<script src>` HX301 rewrites), adds
    `<meta name="htmx-config" content='{"noSwap":[204,304,"4xx","5xx"]}'>` before the script,
    or adds the `noSwap` key to the page's own htmx-config meta. On a page that loads the
    response-targets extension, whose `hx-target-CODE` attributes HX208 turns into
    `hx-status:CODE`, it writes `hx-status:4xx:inherited="swap:none"` and
    `hx-status:5xx:inherited="swap:none"` on `<body>` instead. Reported instead: a page whose
    meta sets `responseHandling` (with the `noSwap` that does what it did) or `noSwap` already,
    or is built with template syntax; a meta that comes after the htmx script; a page that
    sets `responseHandling` or `shouldSwap` in its scripts or `hx-on` handlers. A page written
    for htmx 4 is left alone.

Why:
    htmx 2 swapped no 4xx or 5xx response (its `responseHandling`); htmx 4 ignores
    `responseHandling` and swaps every response but those `noSwap` lists, `[204, 304]`: a
    validation error or a server error page lands in the target. htmx 4 checks `noSwap`
    before `hx-status` for each of a status's patterns (`404`, `40x`, `4xx`), so a `"4xx"` in
    `noSwap` would hide an element's `hx-status:4xx`; an inherited `hx-status:4xx` on
    `<body>` is overridden by the element's own, as htmx 2's extension took an element's
    target over the rule.

Example:
    <script src="https://unpkg.com/htmx.org@2.0.8"></script>
    becomes
    <meta name="htmx-config" content='{"noSwap":[204,304,"4xx","5xx"]}'>
    <script src="https://unpkg.com/htmx.org@2.0.8"></script>
    (and HX301 rewrites the script's URL)

Fix safety:
    Safe: no 4xx or 5xx response is swapped, as in htmx 2 (checked in Chromium with a 422
    and a 500). htmx 4 reads the meta only when it comes before its script (htmx 2 read it
    when the page had loaded), hence the place.
"""

from __future__ import annotations

import json
import re

from ...diagnostics import Diagnostic, fix
from ...edits import Edit
from .._json import Bad, decode, members, value_edit
from ._attributes import bare, htmx_attrs
from ._pages import htmx2_cores
from ._status import response_targets, status_attrs

CODE = "HX207"
NAME = "error-responses"
LANGUAGES = ("markup",)
FIX = "sometimes"
SAFETY = "safe"
TRIGGERS = ("htmx",)
FACTS = ("htmx_majors",)

NO_SWAP = [204, 304, "4xx", "5xx"]
META = "<meta name=\"htmx-config\" content='{\"noSwap\":[204,304,\"4xx\",\"5xx\"]}'>"
_OVERRIDES = re.compile(r"\b(responseHandling|shouldSwap)\b")
_RESPONSE_TARGETS = "response-targets"


def check(file):
    if file.target.core is None:
        return
    view = file.markup
    cores = htmx2_cores(file, view)
    if not cores:
        return  # no htmx 2 core here, or a page written for htmx 4
    script = cores[0][0]
    where = (script.start, script.end)
    body = next((t for t in view.start_tags() if t.lname == "body"), None)
    if body is not None and all(status_attrs(body, p) for p in ("4xx", "5xx")):
        return  # done: the response-targets form
    meta = _meta(view)
    read = _read_meta(file, meta) if meta is not None else None
    if isinstance(read, Diagnostic):
        yield read
        return
    if read is not None:
        text, starts, found = read
        keys = {m[0]: m for m in found}
        if "noSwap" in keys:
            written = text[keys["noSwap"][2]:keys["noSwap"][3]]
            value = json.loads(written)
            if isinstance(value, list) and "4xx" in value and "5xx" in value:
                return  # done
            yield Diagnostic(CODE, f"the page's htmx-config meta sets `noSwap` to {written}: htmx 2 swapped no 4xx or "
                             "5xx response; add \"4xx\" and \"5xx\" to keep that", meta[2].start, meta[2].end)
            return
        if "responseHandling" in keys:
            yield Diagnostic(CODE, "htmx 4 ignores `responseHandling` and swaps every response but `noSwap`'s: "
                             + _equivalent(json.loads(text[keys["responseHandling"][2]:keys["responseHandling"][3]])),
                             meta[2].start, meta[2].end)
            return
    override = _override(file, view)
    if override is not None:
        yield Diagnostic(CODE, f"htmx 4 swaps 4xx and 5xx responses, which htmx 2 did not; this page sets `{override}` "
                         "(gone in htmx 4), so hxmigrate does not decide for it: list the statuses not to swap in "
                         "`noSwap` (`<meta name=\"htmx-config\" content='{\"noSwap\":[204,304,\"4xx\",\"5xx\"]}'>` "
                         "before the htmx script is htmx 2's default) and use `hx-status:CODE` for the others",
                         *where)
        return
    if _uses_response_targets(view):
        yield from _body(file, view, body, where)
        return
    if meta is None:
        message = ("htmx 4 swaps 4xx and 5xx responses, which htmx 2 did not: `noSwap` in an htmx-config meta before "
                   "the htmx script keeps them out")
        if file.flavor == "braces":  # {...} in an attribute value is an expression there
            yield Diagnostic(CODE, f"{message}; add `{META}` before it by hand, with the braces escaped", *where)
            return
        # Before each script tag of the core (a template may load it in several branches).
        yield Diagnostic(CODE, message, *where, fix(*(Edit(t.start, t.start, META + _indent(file.text, t.start))
                                                      for t, _ in cores)))
        return
    tag, name, content = meta
    if tag.start > script.start:
        yield Diagnostic(CODE, "htmx 4 swaps 4xx and 5xx responses, which htmx 2 did not, and reads the htmx-config "
                         "meta only when it comes before its script (htmx 2 read it once the page had loaded): move "
                         "the meta above the htmx script, then add `\"noSwap\":[204,304,\"4xx\",\"5xx\"]` to it",
                         tag.start, tag.end)
        return
    text, starts, found = read
    colon = ": " if re.search(r'":\s', text) else ":"
    sep = ", " if re.search(r",\s", text) or ("," not in text and colon == ": ") else ","
    entry = f'"noSwap"{colon}[' + sep.join(json.dumps(v) for v in NO_SWAP) + "]"
    at = found[-1][3] if found else text.index("{") + 1
    edits = [value_edit(content.value_start, starts, at, at, (sep if found else "") + entry, content.quote)]
    lead = len(text) - len(text.lstrip(" \t\r\n"))
    if lead:
        edits.append(value_edit(content.value_start, starts, 0, lead, "", content.quote))
    yield Diagnostic(CODE, "htmx 4 swaps 4xx and 5xx responses, which htmx 2 did not: `noSwap` in the page's "
                     "htmx-config meta keeps them out", content.start, content.end, fix(*edits))


def _meta(view):
    """(tag, name attribute, content attribute) of the page's htmx-config meta."""
    for tag in view.start_tags():
        if tag.lname != "meta":
            continue
        name = tag.attr("name")
        if name is not None and (name.value or "").strip() == "htmx-config":
            content = tag.attr("content")
            if content is not None:
                return tag, name, content
    return None


def _read_meta(file, meta):
    """(decoded text, offsets, members) of the meta's JSON, or the Diagnostic that says why not."""
    tag, name, content = meta
    if content.value_has_template or name.value_has_template:
        return Diagnostic(CODE, "htmx 4 swaps 4xx and 5xx responses, which htmx 2 did not; the htmx-config meta is "
                          "written with template syntax: add `\"noSwap\":[204,304,\"4xx\",\"5xx\"]` to it by hand",
                          tag.start, tag.end)
    text, starts = decode(content.value or "")
    try:
        json.loads(text)
        found, _ = members(text)
    except (ValueError, Bad):
        return Diagnostic(CODE, "htmx 4 swaps 4xx and 5xx responses, which htmx 2 did not; the htmx-config meta is not "
                          "JSON this tool can edit: add `\"noSwap\":[204,304,\"4xx\",\"5xx\"]` to it by hand",
                          tag.start, tag.end)
    return text, starts, found


def _override(file, view) -> str | None:
    """`responseHandling` or `shouldSwap` where the page's own code sets them."""
    for script in file.javascript:
        m = _OVERRIDES.search(script.text)
        if m:
            return m.group(1)
    for tag in view.start_tags():
        for attr in tag.attrs:
            if bare(attr.lname).startswith("hx-on") and attr.value and "shouldSwap" in attr.value:
                return "shouldSwap"
    return None


def _uses_response_targets(view) -> bool:
    for tag in view.start_tags():
        if tag.lname == "script":
            src = tag.attr("src")
            if src is not None and _RESPONSE_TARGETS in (src.value or ""):
                return True
        if any(_RESPONSE_TARGETS in (a.value or "") for a in htmx_attrs(tag, "hx-ext")):
            return True
        if next(response_targets(tag), None) is not None:
            return True
    return False


def _body(file, view, body, where):
    """The response-targets form: inherited `hx-status:4xx`/`5xx` on <body>."""
    missing = [p for p in ("4xx", "5xx") if not status_attrs(body, p) and not _covered(body, p)] \
        if body is not None else ["4xx", "5xx"]
    new = " ".join(f'hx-status:{p}:inherited="swap:none"' for p in missing)
    if body is None:
        yield Diagnostic(CODE, "htmx 4 swaps 4xx and 5xx responses, which htmx 2 did not; this page loads "
                         f"response-targets, whose targets become `hx-status` (HX208): write `{new}` on its <body> "
                         "(no `<body>` tag here)", *where)
        return
    if not missing:
        return
    if body.has_template() and any(r.kind != "comment" for r in view.regions.within(body.start, body.end)):
        yield Diagnostic(CODE, "htmx 4 swaps 4xx and 5xx responses, which htmx 2 did not: write "
                         f"`{new}` on <body> by hand (its tag holds template syntax)", body.start, body.end)
        return
    yield Diagnostic(CODE, "htmx 4 swaps 4xx and 5xx responses, which htmx 2 did not; this page loads "
                     "response-targets, whose `hx-status` targets a `noSwap` pattern would hide: inherited "
                     "`hx-status` on <body> keeps the rest out", body.start, body.name_end,
                     fix(Edit(body.name_end, body.name_end, " " + new)))


def _covered(tag, pattern: str) -> bool:
    """Whether the tag's own response-targets attribute sends that class of status to a target
    (HX208 makes it the tag's inherited `hx-status`)."""
    return any(pattern in ps for _, _, _, ps in response_targets(tag))


def _indent(text: str, at: int) -> str:
    """What separates the inserted meta from the script: the script's line break and indent."""
    line = text.rfind("\n", 0, at) + 1
    lead = text[line:at]
    return "\n" + lead if not lead.strip() else " "


# --- responseHandling -> noSwap ---------------------------------------------------------------

def _equivalent(handling) -> str:
    """What a 2.x `responseHandling` list did, written for htmx 4."""
    if not isinstance(handling, list) or not all(isinstance(e, dict) and isinstance(e.get("code"), str)
                                                  for e in handling):
        return "its `responseHandling` is not a list htmx 2 read: write `noSwap` by hand"
    try:
        rules = [(re.compile(e["code"]), e) for e in handling]
    except re.error:
        return "write `noSwap` for the statuses it did not swap by hand"
    kept: list[int] = []
    extra: set[str] = set()
    for status in range(200, 600):
        entry = next((e for rx, e in rules if rx.search(str(status))), None)
        if entry is None or not entry.get("swap"):
            kept.append(status)
        elif set(entry) - {"code", "swap", "error", "ignoreTitle"}:
            extra |= set(entry) - {"code", "swap", "error", "ignoreTitle"}
    said = f"`\"noSwap\": {json.dumps(_patterns(kept), separators=(',', ':'))}` in the meta does what it did"
    if extra:
        said += (f"; its {', '.join(f'`{k}`' for k in sorted(extra))} become `hx-status:CODE` attributes "
                 "(`target:`, `select:`, `swap:`) on the elements")
    return said + ": replace `responseHandling` with it"


def _patterns(codes: list[int]) -> list:
    """The fewest htmx 4 patterns (`4xx`, `42x`, `422`) that cover exactly ``codes``."""
    kept = set(codes)
    out: list = []
    for hundred in range(2, 6):
        block = range(hundred * 100, hundred * 100 + 100)
        if all(c in kept for c in block):
            out.append(f"{hundred}xx")
            continue
        for decade in range(hundred * 10, hundred * 10 + 10):
            span = range(decade * 10, decade * 10 + 10)
            if all(c in kept for c in span):
                out.append(f"{decade}x")
            else:
                out.extend(c for c in span if c in kept)
    return out
