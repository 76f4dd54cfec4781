"""What a file is, from its path: its kind (markup, JavaScript, Python, prose...), the
template syntax a markup file may hold, its real location, and whether a glob of the
settings matches it."""

from __future__ import annotations

import os
import re
from pathlib import Path

# Markup, by the template syntax it may hold besides HTML: "html" covers Jinja/Django/
# Nunjucks/Twig/Liquid/Go/Handlebars/Mustache ({{ }}, {% %}), ERB/EJS/EEx/JSP (<% %>) and
# PHP; "braces" adds single-brace expressions ({expr}, as Svelte, Astro and HEEx write
# them); "razor" adds Razor's @expressions; "templ" is Go's templ components, where all but
# the markup of the component bodies is Go.
MARKUP_FLAVORS = {
    **dict.fromkeys((".html", ".htm", ".xhtml", ".shtml", ".jinja", ".jinja2", ".j2", ".djhtml", ".tmpl", ".tpl",
                     ".gohtml", ".njk", ".nunjucks", ".hbs", ".handlebars", ".mustache", ".twig", ".liquid", ".erb",
                     ".rhtml", ".ejs", ".eex", ".leex", ".jsp", ".php", ".phtml", ".vue"), "html"),
    **dict.fromkeys((".svelte", ".astro", ".heex"), "braces"),
    **dict.fromkeys((".cshtml", ".razor"), "razor"),
    ".templ": "templ",
}
MARKUP_SUFFIXES = frozenset(MARKUP_FLAVORS)
JS_SUFFIXES = frozenset({".js", ".mjs", ".cjs", ".ts", ".mts", ".cts", ".jsx", ".tsx"})
PYTHON_SUFFIXES = frozenset({".py"})
# Server languages with a view of their own (and a front-end in analysis/server/).
CODE_KINDS = {".go": "go", ".rs": "rust"}
# Files whose presence makes the project read server code: a front-end reads them.
SERVER_SUFFIXES = frozenset(PYTHON_SUFFIXES | set(CODE_KINDS))
# Prose: a mention of a 2.x construct there is no code to migrate; listed in the summary.
DOC_SUFFIXES = frozenset({".md", ".markdown", ".mdx", ".rst", ".txt", ".adoc", ".asciidoc", ".org", ".textile",
                          ".rdoc", ".pod", ".tex"})
DOC_NAMES = frozenset({"readme", "changelog", "changes", "history", "news", "authors", "contributing", "license",
                       "copying", "notice", "todo"})
# Never read: binary formats, and source maps (copies of bundled sources).
BINARY_SUFFIXES = frozenset(
    ".png .jpg .jpeg .gif .webp .ico .bmp .tif .tiff .avif .heic .psd .woff .woff2 .ttf .otf .eot .zip .gz .tgz "
    ".bz2 .xz .zst .7z .rar .tar .jar .war .ear .whl .egg .mp3 .mp4 .m4a .wav .ogg .oga .webm .mov .avi .mkv .flac "
    ".pdf .doc .docx .xls .xlsx .ppt .pptx .odt .ods .odp .pyc .pyo .pyd .so .dll .dylib .exe .o .a .lib .obj "
    ".class .wasm .bin .dat .db .sqlite .sqlite3 .pkl .pickle .npy .npz .parquet .feather .h5 .hdf5 .onnx .pt .pth "
    ".ckpt .safetensors .lockb .map .icns .DS_Store .swp .swo".lower().split())


_REAL_DIRS: dict[str, Path] = {}


def real_path(path: str | Path) -> Path:
    """``Path(path).resolve()``, with each folder resolved once for all the files in it
    (only a file that is itself a symbolic link is resolved on its own)."""
    text = os.fspath(path)
    head, name = os.path.split(text)
    if name in ("", ".", "..") or os.path.islink(text):
        return Path(text).resolve()
    folder = os.path.abspath(head or ".")
    real = _REAL_DIRS.get(folder)
    if real is None:
        real = _REAL_DIRS[folder] = Path(folder).resolve()
    # A child of the folder's path shares the names of its parts: a project read keeps
    # tens of thousands of these.
    return real / name


def forget_real_paths() -> None:
    """Folders may be moved or linked between runs in one process."""
    _REAL_DIRS.clear()


def kind_of(path: str | Path) -> str | None:
    """The kind of a file, from its name: "markup", "javascript", "python", "go", "rust",
    "json" (package.json), "doc" (prose), "other" (text in a language hxmigrate has no
    view for: only traces of 2.x code are looked for), or None for files never read."""
    name = os.path.basename(os.fspath(path)).lower()
    if name == "package.json":
        return "json"
    if name.endswith(".hxmigrate-tmp") or name in (".ds_store",):
        return None
    dot = name.rfind(".")
    if dot <= 0:  # no suffix, or a dot file
        stem = name.lstrip(".")
        return "doc" if stem in DOC_NAMES else "other"
    suffix = name[dot:]
    if suffix in MARKUP_SUFFIXES:
        return "markup"
    if suffix in JS_SUFFIXES:
        return "javascript"
    if suffix in PYTHON_SUFFIXES:
        return "python"
    if suffix in CODE_KINDS:
        return CODE_KINDS[suffix]
    if suffix in BINARY_SUFFIXES:
        return None
    if suffix in DOC_SUFFIXES:
        return "doc"
    # "page.html.j2" is caught above; "page.html.bak" and the like are other text.
    return "other"


def flavor_of(path: str | Path) -> str:
    """The template syntax a markup file may hold besides HTML (see MARKUP_FLAVORS)."""
    name = os.fspath(path).lower()
    dot = name.rfind(".")
    return MARKUP_FLAVORS.get(name[dot:], "html") if dot >= 0 else "html"


def glob_match(rel: str, pattern: str) -> bool:
    """Glob with ``**`` (any number of folders, none included), ``*`` and ``?`` within one
    folder, ``[...]`` sets. A pattern without "/" matches a file name at any depth."""
    return _glob_regex(pattern).match(rel) is not None


_GLOBS: dict[str, re.Pattern[str]] = {}


def _glob_regex(pattern: str) -> re.Pattern[str]:
    cached = _GLOBS.get(pattern)
    if cached is not None:
        return cached
    p = pattern.strip()
    p = p[2:] if p.startswith("./") else p
    anywhere = "/" not in p.rstrip("/")  # as in .gitignore: a slash anchors the pattern
    if p.endswith("/"):
        p += "**"
    tail = ""
    if p.endswith("/**"):  # the folder's files at any depth
        p, tail = p[:-3], "(?:/.*)?"
    out = []
    i = 0
    n = len(p)
    while i < n:
        c = p[i]
        if p.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif p.startswith("**", i):
            out.append(".*")
            i += 2
        elif c == "*":
            out.append("[^/]*")
            i += 1
        elif c == "?":
            out.append("[^/]")
            i += 1
        elif c == "[":
            close = p.find("]", i + 2)
            if close < 0:
                out.append(re.escape(c))
                i += 1
            else:
                body = p[i + 1:close]
                if body.startswith("!"):
                    body = "^" + body[1:]
                out.append("[" + body.replace("\\", "\\\\") + "]")
                i = close + 1
        else:
            out.append(re.escape(c))
            i += 1
    regex = re.compile(("(?:.*/)?" if anywhere else "") + "".join(out) + tail + r"\Z")
    _GLOBS[pattern] = regex
    return regex
