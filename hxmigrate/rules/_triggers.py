"""`hx-trigger` values as htmx 2 read them, with offsets: each comma-separated
specification's event (and filter) and its modifiers (shared by the core's trigger rules and
the SSE extension's, which knows nothing of either). htmx 2 took the value of `from:`,
`target:` and `root:` up to whitespace, or a whole `(...)`/`{...}` group, and for
`from:closest|find|next|previous` the word after it too (2.0.8, parseAndCacheTrigger)."""

from __future__ import annotations

from dataclasses import dataclass, field

SELECTOR_KEYS = ("from", "target", "root")
_RELATIVE = ("closest", "find", "next", "previous")
_CLOSE = {"(": ")", "{": "}"}


@dataclass
class Modifier:
    key: str
    start: int  # of the key
    value: str | None  # as htmx 2 read it (a group without its brackets); None without ":"
    value_start: int  # where the value's text starts (after "key:")
    end: int  # end of the modifier's text
    grouped: bool = False  # written (...) or {...}
    quoted: bool = False  # written "..." or '...': htmx 4's form (htmx 2 kept the quotes)


@dataclass
class Spec:
    start: int
    end: int
    event: str  # with its [filter], as written
    event_start: int
    event_end: int
    modifiers: list[Modifier] = field(default_factory=list)


def _skip_space(value: str, i: int) -> int:
    while i < len(value) and value[i].isspace():
        i += 1
    return i


def _word(value: str, i: int) -> int:
    """The end of a run up to whitespace or a comma."""
    while i < len(value) and not value[i].isspace() and value[i] != ",":
        i += 1
    return i


def _group(value: str, i: int) -> int | None:
    """The end (after the closing bracket) of a (...) or {...} group at ``i``."""
    close = value.find(_CLOSE[value[i]], i + 1)
    return None if close < 0 else close + 1


def parse(value: str) -> list[Spec] | None:
    """The specifications of an ``hx-trigger`` value; None when it has a shape htmx 2 would
    not read the way this parser does (an unclosed filter or group)."""
    specs: list[Spec] = []
    i = 0
    n = len(value)
    while True:
        i = _skip_space(value, i)
        if i >= n:
            break
        start = i
        while i < n and not value[i].isspace() and value[i] not in ",[":
            i += 1
        if i < n and value[i] == "[":
            close = value.find("]", i)
            if close < 0:
                return None
            i = close + 1
        spec = Spec(start, i, value[start:i], start, i)
        while True:
            i = _skip_space(value, i)
            if i >= n or value[i] == ",":
                break
            mod_start = i
            end = _word(value, i)
            colon = value.find(":", i, end)
            if colon < 0:
                spec.modifiers.append(Modifier(value[i:end], i, None, end, end))
                i = end
                continue
            key = value[i:colon]
            j = colon + 1
            if j < n and value[j] in "\"'":
                close = value.find(value[j], j + 1)
                if close < 0:
                    return None
                spec.modifiers.append(Modifier(key, mod_start, value[j + 1:close], j, close + 1, quoted=True))
                i = close + 1
                continue
            if key in SELECTOR_KEYS and j < n and value[j] in _CLOSE:
                close = _group(value, j)
                if close is None:
                    return None
                spec.modifiers.append(Modifier(key, mod_start, value[j + 1:close - 1].strip(), j, close, True))
                i = close
                continue
            end = _word(value, j)
            read = value[j:end]
            if key == "from" and read in _RELATIVE:
                k = end
                if k < n and value[k].isspace():
                    k += 1  # htmx 2 drops one whitespace token (a run of it) after the word
                    k = _skip_space(value, k)
                    if k < n and value[k] in _CLOSE:
                        close = _group(value, k)
                        if close is None:
                            return None
                        selector, end = value[k + 1:close - 1].strip(), close
                    else:
                        after = _word(value, k)
                        selector = value[k:after]
                        if selector:
                            end = after
                    if selector:
                        read = f"{read} {selector}"
            spec.modifiers.append(Modifier(key, mod_start, read, j, end))
            i = end
        spec.end = i
        specs.append(spec)
        i = _skip_space(value, i)
        if i < n and value[i] == ",":
            i += 1
            continue
        break
    return specs
