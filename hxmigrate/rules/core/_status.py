"""Status-code patterns shared by HX207 (which responses htmx 4 swaps) and HX208 (the
response-targets extension's attributes). htmx 4 reads `hx-status:CODE`, `hx-status:NNx` and
`hx-status:Nxx` for a response, in that order, and checks `config.noSwap` for each pattern
before the attribute (4.0.1 #handleStatusCodes)."""

from __future__ import annotations

import json
import re

from ._attributes import bare

_CODE = re.compile(r"^[1-5]\d\d$")
_DECADE = re.compile(r"^([1-5]\d)([*x])$")
_CLASS = re.compile(r"^([1-5])([*x]|\*\*|xx)$")
_CLASS_RANK = {"*": 3, "x": 4, "**": 5, "xx": 6}
_ANY = ("*", "x", "***", "xxx")
ANY_RANK = 7
TARGET_PREFIX = "hx-target-"


def response_target(suffix: str) -> tuple[int, tuple[str, ...]] | None:
    """(its rank in the order htmx-ext-response-targets 2.0.4 tried them, most specific first;
    the htmx 4 patterns it covers) for the suffix of an `hx-target-SUFFIX` attribute; no
    patterns for one that covers every status (`*`, `x`, `***`, `xxx`); None when the
    extension never read it (getRespCodeTarget)."""
    if _CODE.match(suffix):
        return 0, (suffix,)
    m = _DECADE.match(suffix)
    if m:
        return (1 if m.group(2) == "*" else 2), (m.group(1) + "x",)
    m = _CLASS.match(suffix)
    if m:
        return _CLASS_RANK[m.group(2)], (m.group(1) + "xx",)
    if suffix in _ANY:
        return ANY_RANK, ()
    if suffix == "error":  # tried last, for 4xx and 5xx responses
        return ANY_RANK + 4, ("4xx", "5xx")
    return None


def response_targets(tag):
    """(attribute, its suffix, rank, patterns) of each response-targets attribute of a tag."""
    for attr in tag.attrs:
        if attr.name_has_template:
            continue
        name = bare(attr.lname)
        if name.startswith(TARGET_PREFIX):
            read = response_target(name[len(TARGET_PREFIX):])
            if read is not None:
                yield attr, name[len(TARGET_PREFIX):], read[0], read[1]


def error_pattern(pattern: str) -> bool:
    """Whether every status the pattern covers is a 4xx or 5xx."""
    return pattern[:1] in ("4", "5")


def status_attrs(tag, pattern: str):
    """The tag's `hx-status:PATTERN` attributes (either prefix, inherited or not)."""
    names = {f"{p}hx-status:{pattern}{s}" for p in ("", "data-") for s in ("", ":inherited")}
    return [a for a in tag.attrs if not a.name_has_template and a.lname in names]


def hcon_string(value: str, attr_quote: str) -> str | None:
    """``value`` as an HCON value inside an attribute written with ``attr_quote``: as it is
    when HCON reads it back as the same string, else quoted; None when no quote fits."""
    plain = not any(c.isspace() or c in ",\"'" for c in value) and not value.startswith(("{", "<"))
    if plain:
        try:
            json.loads(value)
        except ValueError:
            return value
    for quote in ("'", '"'):
        if quote != (attr_quote or '"') and quote not in value:
            return f"{quote}{value}{quote}"
    return None
