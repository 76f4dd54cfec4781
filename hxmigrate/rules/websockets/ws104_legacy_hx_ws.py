"""Convert htmx 1.x `hx-ws` to `hx-ws:connect` / `hx-ws:send`.

What it does:
    Rewrites `hx-ws="connect:URL"` and `hx-ws="send"` (also with the `data-` prefix) into
    `hx-ws:connect="URL"` or `hx-ws:send`, with `hx-swap="none"` added to the connection as
    WS101 does. Two runtimes read the attribute differently:

    - htmx 1.x's own `hx-ws` opened a socket for every `connect:URL` word and made the
      element send for a `send` or `send:...` word (`hx-ws="connect:/u send"` connected and
      sent, `hx-ws="send:submit"` sent);
    - the 2.x extension connected to the first `connect:URL` word only and made the element
      send only when the whole value is `send`.

    Where the two agree the value is converted. Where they differ, the htmx core the page
    loads (a CDN script tag), else the one the project's pages load or its package.json
    names, decides; when neither tells, both readings are reported and nothing is changed.
    Words neither runtime read go. A `connect:URL` whose URL holds template expressions gets
    an unsafe fix (exact unless an expression renders with whitespace, where both split the
    value); other values built by template syntax, and values that did nothing, are reported.
    A second `hx-ws` on one element, which browsers drop, goes, unless it holds a template
    tag (reported instead: hxmigrate never removes one).

Why:
    htmx 1.x and the 2.x extension honoured the 1.x attribute; htmx 4 does not.

Example:
    <div hx-ws="connect:/chat">  becomes  <div hx-ws:connect="/chat" hx-swap="none">

Fix safety:
    Safe, except for URLs built by template expressions (see above).
"""

from __future__ import annotations

from ...diagnostics import Diagnostic, fix
from ...edits import Edit
from .._runtime import page_runtime
from ._markup import kept_apart, swap_none_edit, template_tag_in

CODE = "WS104"
NAME = "legacy-hx-ws"
LANGUAGES = ("markup",)
FIX = "sometimes"
SAFETY = "safe"
TRIGGERS = ("hx-ws",)
FACTS = ("implicit_inheritance", "core_majors", "htmx_majors")


# How each runtime read the value: (the URLs it connected to, whether the element sent).
Reading = tuple[tuple[str, ...], bool]


def _url(word: str) -> str | None:
    """The URL of a `connect:URL` word (both runtimes split the word at its first colon and
    want something after it)."""
    return word[8:] if word.startswith("connect:") and len(word) > 8 else None


def _sends(word: str) -> bool:
    """A word that made htmx 1.x's own hx-ws send: `send` or `send:...`."""
    return word == "send" or (word.startswith("send:") and len(word) > 5)


def _as_extension(value: str) -> Reading:
    url = next((u for u in map(_url, value.split()) if u is not None), None)
    return ((url,) if url is not None else ()), value == "send"


def _as_htmx1(value: str) -> Reading:
    words = value.split()
    return tuple(u for u in map(_url, words) if u is not None), any(map(_sends, words))


def _describe(reading: Reading) -> str:
    urls, send = reading
    done = [f"connected to `{u}`" for u in urls] + (["sent"] if send else [])
    return " and ".join(done) or "did nothing"


def _templated_connect(file, attr) -> str | None:
    """The URL of a `connect:URL` value whose URL holds only template expressions and no
    whitespace of its own; None for any other value built by template syntax."""
    value = attr.value
    regions = file.markup.regions.within(attr.value_start, attr.value_end)
    if not value.startswith("connect:") or not regions or regions[0].start < attr.value_start + 9:
        return None
    if any(r.kind != "expr" or r.end > attr.value_end for r in regions):
        return None
    literal, pos = [], attr.value_start
    for r in regions:
        literal.append(file.text[pos:r.start])
        pos = r.end
    literal.append(file.text[pos:attr.value_end])
    if any(ch.isspace() for part in literal for ch in part):
        return None
    return value[8:]


def check(file):
    target = file.target
    for tag in file.markup.start_tags():
        attr = tag.attr("hx-ws", "data-hx-ws")
        if attr is None:
            continue
        extra = [a for a in tag.attrs if a.lname in ("hx-ws", "data-hx-ws") and a is not attr]
        if extra:
            # Browsers keep only the first of duplicate attributes: the others never existed.
            tagged = next((t for t in (template_tag_in(file, a) for a in extra) if t is not None), None)
            if tagged is not None:
                yield Diagnostic(CODE, f"a second `{extra[0].name}` on one element is dropped by browsers, but it holds "
                                 f"the template tag `{tagged}`, which hxmigrate never removes: remove it by hand",
                                 extra[0].start, extra[0].end)
                continue  # converted, the first would leave the second as the one browsers read
            else:
                yield Diagnostic(CODE, f"a second `{extra[0].name}` on one element is dropped by browsers, so it goes",
                                 extra[0].start, extra[0].end, fix(*(file.markup.remove_attr(tag, a) for a in extra)))
            # The first one is what the browser kept: it is read on in the same pass.
        prefix = "data-" if attr.lname.startswith("data-") else ""
        connect, send = f"{prefix}{target.connect_attr}", f"{prefix}{target.send_attr}"
        empty = tag.attr("ws-connect", "data-ws-connect", target.connect_attr, "data-" + target.connect_attr)
        if empty is not None and not empty.value and "connect:" in (attr.value or ""):
            yield Diagnostic(CODE, f"htmx 1.x `{attr.name}` next to a `{empty.name}` without a URL: which socket this "
                             "element opened cannot be told; keep the one connection you meant by hand",
                             attr.start, attr.end)
            continue
        if attr.value is not None and attr.value_has_template:
            url = _templated_connect(file, attr)
            if url is not None and empty is not None:
                yield Diagnostic(CODE, f"htmx 1.x `{attr.name}` and `{empty.name}` both connect this element: htmx 1.x "
                                 "opened a socket for each, the 2.x extension only for `ws-connect`; htmx 4 connects "
                                 "an element once: keep the one you meant by hand", attr.start, attr.end)
                continue
            if url is not None:
                yield _convert(file, tag, attr, ((url,), False), prefix, [], safe=False,
                               note=" unless a template expression in the URL renders with whitespace (where htmx 1.x "
                                    "and the 2.x extension split the value)")
                continue
        if attr.value is None or attr.value_has_template:
            yield Diagnostic(CODE, f"htmx 1.x `{attr.name}` cannot be converted automatically: use "
                             f"`{connect}=\"URL\"` and `{send}`", attr.start, attr.end)
            continue
        as_ext, as_1x = _as_extension(attr.value), _as_htmx1(attr.value)
        runtime, seen = (2, "") if as_ext == as_1x else page_runtime(file)
        if runtime is None:
            yield Diagnostic(CODE, f"htmx 1.x `{attr.name}=\"{attr.value}\"` {_describe(as_1x)} with htmx 1.x's own "
                             f"`hx-ws`, but {_describe(as_ext)} with the 2.x extension, and neither this page nor the "
                             f"project's pages load an htmx core that tells which ran it: write "
                             f"{_written(as_1x, connect, send)} for htmx 1.x, {_written(as_ext, connect, send)} for the "
                             "2.x extension", attr.start, attr.end)
            continue
        reading = as_1x if runtime == 1 else as_ext
        urls, sends = reading
        if len(urls) > 1:
            yield Diagnostic(CODE, f"htmx 1.x `{attr.name}=\"{attr.value}\"` opened a socket for each `connect:` word "
                             f"({seen}); htmx 4 connects an element once: keep one `{connect}`", attr.start, attr.end)
            continue
        if not urls and not sends:
            how = f"with the 2.x extension ({seen}; htmx 1.x's own `hx-ws` {_describe(as_1x)})" if seen else \
                "(it neither connects nor sends)"
            yield Diagnostic(CODE, f"htmx 1.x `{attr.name}=\"{attr.value}\"` did nothing {how}: remove it, or write "
                             "the htmx 4 attribute you meant", attr.start, attr.end)
            continue
        own = tag.attr("ws-connect", "data-ws-connect", target.connect_attr, "data-" + target.connect_attr)
        if urls and own is not None and own.value:
            if runtime == 1:
                yield Diagnostic(CODE, f"htmx 1.x `{attr.name}` and `{own.name}` each opened a socket on this element "
                                 f"({seen}); htmx 4 connects an element once: keep `{own.name}`", attr.start, attr.end)
                continue
            # The 2.x extension read ws-connect first, so this hx-ws never connected (and a
            # value with "connect:" is not exactly "send", so it never sent either).
            yield Diagnostic(CODE, f"htmx 1.x `{attr.name}` had no effect next to `{own.name}` (the 2.x extension "
                             "connects to ws-connect's URL), so it goes", attr.start, attr.end,
                             fix(file.markup.remove_attr(tag, attr)))
            continue
        if runtime == 1:
            ignored = [w for w in attr.value.split() if _url(w) is None and not _sends(w)]
            why = f" (as htmx 1.x's own `hx-ws` read it: {seen})" if as_ext != as_1x else ""
        else:
            ignored = [w for w in attr.value.split() if not w.startswith("connect:")] if urls else []
            why = f" (as the 2.x extension read it: {seen})" if as_ext != as_1x else ""
        note = why + (f" (`{' '.join(ignored)}` did nothing there, so it goes)" if ignored else "")
        yield _convert(file, tag, attr, reading, prefix, ignored, safe=True, note=note)


def _written(reading: Reading, connect: str, send: str) -> str:
    urls, sends = reading
    parts = [f"`{connect}=\"{u}\"`" for u in urls] + ([f"`{send}`"] if sends else [])
    return " and ".join(parts) or "nothing"


def _convert(file, tag, attr, reading: Reading, prefix: str, ignored: list[str], *, safe: bool, note: str) -> Diagnostic:
    target = file.target
    urls, sends = reading
    quote = attr.quote or ("'" if any('"' in u for u in urls) else '"')
    if any(quote in u for u in urls):  # an unquoted value holding both quotes
        return Diagnostic(CODE, f"htmx 1.x `{attr.name}` is {_written(reading, target.connect_attr, target.send_attr)} "
                          "in htmx 4: its URL holds both kinds of quote, write it by hand", attr.start, attr.end)
    parts = [f"{prefix}{target.connect_attr}={quote}{u}{quote}" for u in urls]
    if sends:
        parts.append(f"{prefix}{target.send_attr}")
    edits = [Edit(attr.start, attr.end, kept_apart(file, attr, " ".join(parts)))]
    if urls:
        swap = swap_none_edit(file, tag, attr, bool(prefix))
        if swap is not None:
            edits.append(swap)
    return Diagnostic(CODE, f"htmx 1.x `{attr.name}` is `{' '.join(parts)}` in htmx 4{note}", attr.start, attr.end,
                      fix(*edits, safe=safe))
