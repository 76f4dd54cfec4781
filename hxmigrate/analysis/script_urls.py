"""Which htmx a script URL loads: shared by the rules that read script tags and by the
project read (which htmx core the project's pages load)."""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

_URL = re.compile(
    r"^(?P<scheme>(?:https?:)?//)(?P<host>unpkg\.com|cdn\.jsdelivr\.net|cdnjs\.cloudflare\.com)"
    r"(?P<path>/[^?#]*)(?P<rest>[?#].*)?$", re.I)
_NPM = re.compile(r"^/(?:npm/)?(?P<pkg>htmx-ext-ws|htmx\.org)(?:@(?P<ver>[^/]+))?(?P<file>/.*)?$")
_CDNJS = re.compile(r"^/ajax/libs/(?P<pkg>htmx|htmx-ext-ws)/(?P<ver>[^/]+)/(?P<file>.*)$")
# A CDN URL anywhere in a text (the project read looks for the htmx core without parsing
# markup): from "//" (a literal start the regex engine finds fast; the scheme does not
# matter) up to whitespace, a quote or a bracket, so each character is read once.
_CDN_URL = re.compile(r"""//(?:unpkg\.com|cdn\.jsdelivr\.net|cdnjs\.cloudflare\.com)/[^\s"'<>]+""", re.I)


def _major(version: str | None) -> int | None:
    """The major version a CDN version spec asks for (None: latest or unknown)."""
    if not version or version == "latest":
        return None
    m = re.match(r"^[\^~=v]*(\d+)", version)
    return int(m.group(1)) if m else None


def classify(url: str):
    """("ext", minified, cdn) for a 2.x extension URL, ("core", major, cdn) for an htmx 1.x/2.x
    core URL, None for anything else."""
    m = _URL.match(url.strip())
    if not m:
        return None
    host = m.group("host").lower()
    path = m.group("path")
    if host == "cdnjs.cloudflare.com":
        p = _CDNJS.match(path)
        if not p:
            return None
        pkg, ver, file = p.group("pkg"), p.group("ver"), "/" + p.group("file")
    else:
        p = _NPM.match(path)
        if not p:
            return None
        pkg, ver, file = p.group("pkg"), p.group("ver"), p.group("file") or ""
    major = _major(ver)
    name = file.rsplit("/", 1)[-1]
    if pkg == "htmx-ext-ws":
        if major not in (None, 2):
            return None
        if name in ("", "ws.js", "ws.min.js"):
            return ("ext", name != "ws.js", m)
        if name == "ws.esm.js":
            return ("esm", False, m)
        return None
    # htmx.org (or cdnjs "htmx")
    if major is None and name in ("ws.js", "ws.min.js") and "/ext/" in file:
        # An unpinned URL of the extension htmx.org shipped up to 1.x: "latest" is htmx 4
        # now, which has no ext/ws.js, so the URL is already broken; pin the 4.x file.
        return ("ext", name == "ws.min.js", m)
    if major not in (1, 2):
        return None
    if name in ("ws.js", "ws.min.js") and "/ext/" in file:
        return ("ext", name == "ws.min.js", m)
    if name in ("", "htmx.js", "htmx.min.js") and "/ext/" not in file:
        return ("core", major, m)
    return None


def core_major(url: str) -> int | None:
    """The major (1 or 2) of the htmx core a CDN URL loads; None for any other URL."""
    kind = classify(url)
    return kind[1] if kind is not None and kind[0] == "core" else None


def core_majors(text: str) -> set[int]:
    """The majors of the htmx cores (1 or 2) that CDN URLs in ``text`` load."""
    return {major for m in _CDN_URL.finditer(text) if (major := core_major(m.group())) is not None}


def dependency_majors(package_json: str) -> set[int]:
    """The majors of htmx.org (1 or 2) a package.json depends on."""
    return {m for m in dependency_majors_any(package_json) if m in (1, 2)}

def htmx_major(url: str) -> int | None:
    """The major of the htmx core a CDN URL loads, of any release (1, 2, 4...); None for any
    other URL or an unpinned one."""
    m = _URL.match(url.strip())
    if not m:
        return None
    path = m.group("path")
    p = _CDNJS.match(path) if m.group("host").lower() == "cdnjs.cloudflare.com" else _NPM.match(path)
    if not p or p.group("pkg") == "htmx-ext-ws":
        return None
    file = p.group("file") or ""
    if not file.startswith("/"):
        file = "/" + file
    if "/ext/" in file or file.rsplit("/", 1)[-1] not in ("", "htmx.js", "htmx.min.js", "htmx.esm.js"):
        return None
    return _major(p.group("ver"))


def htmx_majors(text: str) -> set[int]:
    """The majors of the htmx cores that CDN URLs in ``text`` load, outside HTML and Jinja
    comments (a script tag commented out loads nothing)."""
    return {major for m in _CDN_URL.finditer(_without_comments(text))
            if (major := htmx_major(m.group())) is not None}


def _without_comments(text: str) -> str:
    """``text`` without its ``<!-- -->`` and ``{# #}`` comments (an unclosed one runs to the end)."""
    if "<!--" not in text and "{#" not in text:
        return text
    out, i = [], 0
    while True:
        starts = [(k, opener) for opener in ("<!--", "{#") if (k := text.find(opener, i)) >= 0]
        if not starts:
            out.append(text[i:])
            return "".join(out)
        k, opener = min(starts)
        out.append(text[i:k])
        end = text.find("-->" if opener == "<!--" else "#}", k + len(opener))
        if end < 0:
            return "".join(out)
        i = end + (3 if opener == "<!--" else 2)


_VENDORED = re.compile(r"""version\s*[:=]\s*['"](\d+)\.\d+\.\d+""")


def vendored_major(head: str) -> int | None:
    """The major of a copy of htmx itself (``htmx.min.js`` in a static folder), read from the
    version its first 16 KB set; None when it sets none."""
    if "htmx" not in head:
        return None
    m = _VENDORED.search(head)
    return int(m.group(1)) if m else None


def dependency_majors_any(package_json: str) -> set[int]:
    """The majors of htmx.org a package.json depends on, of any release."""
    import json

    try:
        data = json.loads(package_json)
    except ValueError:
        return set()
    found = set()
    if isinstance(data, dict):
        for key in ("dependencies", "devDependencies", "peerDependencies"):
            table = data.get(key)
            spec = table.get("htmx.org") if isinstance(table, dict) else None
            major = _major(spec) if isinstance(spec, str) else None
            if major is not None:
                found.add(major)
    return found


@lru_cache(maxsize=1)
def sri_table() -> dict[str, str]:
    """The Subresource Integrity hashes of the htmx 4 files a rewritten script tag loads,
    by ``htmx.org@VERSION/PATH`` (hxmigrate/data/sri.json)."""
    # Read beside the package (importlib.resources costs a one-template run more to import
    # than the file costs to read).
    data = json.loads((Path(__file__).parent.parent / "data" / "sri.json").read_text(encoding="utf-8"))
    return {k: v for k, v in data.items() if not k.startswith("_")}


_CORE_FILES = {"": "htmx.min.js", "htmx.min.js": "htmx.min.js", "htmx.js": "htmx.js", "htmx.esm.js": "htmx.esm.js",
               "htmx.esm.min.js": "htmx.esm.min.js"}


def core_url(url: str):
    """(major or None when unpinned, the htmx 4 file that takes its place or None, the URL
    match) for a CDN URL of the htmx core; None for any other URL."""
    m = _URL.match(url.strip())
    if not m:
        return None
    path = m.group("path")
    p = _CDNJS.match(path) if m.group("host").lower() == "cdnjs.cloudflare.com" else _NPM.match(path)
    if not p or p.group("pkg") == "htmx-ext-ws":
        return None
    file = p.group("file") or ""
    if "/ext/" in file:
        return None
    name = file.rsplit("/", 1)[-1]
    if name and not name.startswith("htmx"):
        return None
    return _major(p.group("ver")), _CORE_FILES.get(name), m


def core_url_for(m, file: str, version: str) -> str:
    """The URL of ``file`` of htmx.org ``version`` on the CDN (and with the query) of ``m``."""
    host, scheme, rest = m.group("host"), m.group("scheme"), m.group("rest") or ""
    if host.lower() == "cdnjs.cloudflare.com":
        return f"{scheme}{host}/ajax/libs/htmx/{version}/{file}{rest}"
    if host.lower() == "cdn.jsdelivr.net":
        return f"{scheme}{host}/npm/htmx.org@{version}/dist/{file}{rest}"
    return f"{scheme}{host}/htmx.org@{version}/dist/{file}{rest}"


# --- the other extensions of htmx 1.x and 2.x (rules/core: HX105, HX106, HX302) ---------------

# htmx-ext-NAME@V (unpkg, jsDelivr), idiomorph@V (its htmx extension), htmx.org@1.x/2.x/dist/ext/NAME.js
# and cdnjs's /ajax/libs/htmx/V/ext/NAME.js.
_EXT_NPM = re.compile(r"^/(?:npm/)?(?P<pkg>htmx-ext-[a-z0-9-]+|idiomorph)(?:@(?P<ver>[^/]+))?(?P<file>/[^?#]*)?$")
_EXT_OLD = re.compile(r"^/(?:npm/)?htmx\.org(?:@(?P<ver>[^/]+))?/dist/ext/(?P<name>[\w.-]+?)(?P<min>\.min)?\.js$")
_EXT_CDNJS = re.compile(r"^/ajax/libs/htmx/(?P<ver>[^/]+)/ext/(?P<name>[\w.-]+?)(?P<min>\.min)?\.js$")
# idiomorph's files that register htmx 2's "morph" extension (idiomorph-ext bundles the library).
_MORPH_FILES = ("idiomorph-ext", "idiomorph-htmx")


def extension_url(url: str):
    """(the name the extension registers in htmx 1.x/2.x, such as "preload", "head-support" or
    "morph"; its file kind: "min", "js" or "esm"; the URL match) for a CDN URL of an htmx 1.x/2.x
    extension; None for any other URL (the htmx core, idiomorph alone, an htmx 4 file)."""
    m = _URL.match(url.strip())
    if not m:
        return None
    path = m.group("path")
    if m.group("host").lower() == "cdnjs.cloudflare.com":
        p = _EXT_CDNJS.match(path)
        if not p or _major(p.group("ver")) not in (1, 2):
            return None
        return p.group("name"), "min" if p.group("min") else "js", m
    p = _EXT_OLD.match(path)
    if p:
        # Unpinned: the newest htmx.org, htmx 4, which has no such file; the URL is broken already.
        if _major(p.group("ver")) not in (None, 1, 2) or p.group("name").startswith("hx-"):
            return None
        return p.group("name"), "min" if p.group("min") else "js", m
    p = _EXT_NPM.match(path)
    if not p:
        return None
    file = (p.group("file") or "").rstrip("/")
    stem = file.rsplit("/", 1)[-1]
    kind = "esm" if stem.endswith((".esm.js", ".esm.min.js")) else "min" if stem.endswith(".min.js") or not stem \
        else "js"
    stem = stem.removesuffix(".js").removesuffix(".min").removesuffix(".esm")
    if p.group("pkg") == "idiomorph":
        return ("morph", kind, m) if stem in _MORPH_FILES else None
    name = p.group("pkg")[len("htmx-ext-"):]
    if stem and stem != name:
        return None
    if name == "idiomorph":  # versioned as idiomorph is
        return "morph", kind, m
    if _major(p.group("ver")) not in (None, 1, 2):
        return None
    return name, kind, m


def extension_url_for(m, file: str, version: str) -> str:
    """The URL of ``dist/ext/FILE`` of htmx.org ``version`` on the CDN (and with the query) of ``m``."""
    return core_url_for(m, f"ext/{file}", version)
