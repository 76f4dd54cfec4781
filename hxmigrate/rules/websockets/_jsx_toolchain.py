"""How a folder's JSX is compiled and rendered: read from the config files of the project
fact ``jsx_configs`` (tsconfig.json, jsconfig.json, deno.json, package.json, and Babel's or
SWC's own config files, from the folder up to the repository root) and from a file's own
``@jsxImportSource`` comment.

What each toolchain does with a namespaced attribute name (``hx-ws:connect={url}``), a
spread key (``{...{"hx-ws:connect": url}}``) and a value of ``true`` was checked with the
real packages; the table is in WS312's docstring.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import PurePath

# JSX runtimes whose projects get namespaced names: both write `hx-ws:connect` as written,
# and they are compiled by TypeScript, esbuild, Bun or Deno, which all accept the name.
NAMESPACED = ("hono/jsx", "@kitajs/html")
# compilerOptions.jsx values that TypeScript, esbuild, Bun and Deno compile themselves
# ("preserve" leaves the JSX to another compiler).
COMPILED = ("react", "react-jsx", "react-jsxdev", "precompile")
# Runtimes that write an attribute whose value is `true` (hono/jsx as `="true"` or `=""`,
# @kitajs/html and Preact as a bare name or `="true"`); React drops it unless the name
# starts with `data-` or `aria-`.
WRITES_TRUE = ("hono/jsx", "hono/jsx/dom", "@kitajs/html", "preact")

_CONFIGS = ("tsconfig.json", "jsconfig.json", "deno.json", "deno.jsonc")
# Packages that compile JSX with a transform of their own (Babel's or SWC's React
# transform rejects namespaced names unless told not to), or that may: the frameworks and
# bundlers built on them.
_COMPILERS = frozenset({
    "next", "react-scripts", "gatsby", "react-native", "expo", "parcel", "@parcel/core", "@rspack/core",
    "@rsbuild/core", "@vitejs/plugin-react", "@preact/preset-vite", "@remix-run/dev", "@react-router/dev",
})
_DEPENDENCIES = ("dependencies", "devDependencies", "peerDependencies", "optionalDependencies")
# `@jsxImportSource hono/jsx` or `@jsx h` in a comment line (`/**`, ` *`, `//`).
_PRAGMA = re.compile(r"^[ \t]*(?:/\*|\*|//)[^\n]*?@jsx(ImportSource)?[ \t]+([^\s*]+)", re.M)
# JSON with comments and trailing commas (tsconfig.json, deno.jsonc) is read by
# _strip_jsonc: strings are kept, comments and a comma before a closing bracket go.


@dataclass(frozen=True)
class Toolchain:
    runtime: str | None = None  # the JSX import source ("hono/jsx", "react"...), None when nothing tells
    mode: str | None = None  # compilerOptions.jsx of the config that governs the folder
    others: tuple[str, ...] = ()  # what compiles JSX besides TypeScript, esbuild, Bun and Deno
    source: str = ""  # where the runtime was read: a config file's name, or the file's comment

    @property
    def namespaced(self) -> bool:
        """Are namespaced attribute names (`hx-ws:connect={url}`) compiled and written as they are?"""
        return self.runtime in NAMESPACED and self.mode in COMPILED and not self.others

    def why_spread(self) -> str:
        """Why the attributes of this toolchain's files are written as object spreads."""
        if self.others:
            return f"the project compiles JSX with {', '.join(f'`{o}`' for o in self.others[:3])} too, and Babel's " \
                   "and SWC's React transforms reject namespaced names by default"
        if self.runtime is None:
            return "no tsconfig.json, jsconfig.json or deno.json names the JSX runtime that renders this file"
        if self.runtime not in NAMESPACED:
            return f"its JSX runtime is `{self.runtime}`, whose projects are often compiled by Babel or SWC"
        if self.mode is None:
            return "no tsconfig.json, jsconfig.json or deno.json tells what compiles this file"
        return f"`{self.source}` leaves the JSX to another compiler (`\"jsx\": \"{self.mode}\"`)"


_CACHE: dict = {}


def toolchain(file, text: str) -> Toolchain:
    """The toolchain of a file with JSX (``text``: the script's text, for its comments)."""
    configs = file.project.jsx_configs.get(file.abspath.parent, ())
    found = _CACHE.get(configs)
    if found is None:
        found = _CACHE[configs] = _read(configs)
    pragma = _pragma(text)
    if pragma is not None:
        return Toolchain(pragma or None, found.mode, found.others, "a @jsx comment in the file")
    return found


def _pragma(text: str) -> str | None:
    """The file's own `@jsxImportSource X` (X), "" for a `@jsx factory` comment, else None."""
    if "@jsx" not in text:
        return None
    for m in _PRAGMA.finditer(text):
        return m.group(2) if m.group(1) else ""
    return None


def _jsonc(text: str):
    try:
        return json.loads(_strip_jsonc(text))
    except (ValueError, RecursionError):
        return None


def _read(configs: tuple[tuple[PurePath, str], ...]) -> Toolchain:
    texts = {path: text for path, text in configs}
    others: list[str] = []
    governing = None
    for path, text in configs:
        name = path.name
        if name == "package.json":
            data = _jsonc(text)
            if not isinstance(data, dict):
                others.append(f"{path.parent.name}/package.json (unreadable)")
                continue
            if "babel" in data:
                others.append("babel (package.json)")
            for section in _DEPENDENCIES:
                table = data.get(section)
                if isinstance(table, dict):
                    others.extend(k for k in table if isinstance(k, str) and _compiles_jsx(k))
        elif name in _CONFIGS and governing is None:
            governing = path  # the nearest: the project lists a folder's own before those above it
        elif name.startswith((".babelrc", "babel.config.", ".swcrc")):
            others.append(name)
    mode, runtime = _compiler_options(governing, texts) if governing is not None else (None, None)
    return Toolchain(runtime, mode, tuple(dict.fromkeys(others)), governing.name if governing is not None else "")


def _compiles_jsx(package: str) -> bool:
    return "babel" in package or "swc" in package or package in _COMPILERS


def _compiler_options(path: PurePath, texts: dict) -> tuple[str | None, str | None]:
    """(compilerOptions.jsx, the JSX import source) of a config and the configs it extends."""
    options: dict = {}
    complete = True
    chain = [path]
    seen = set()
    while chain:
        current = chain.pop(0)
        if current in seen or len(seen) > 8:
            continue
        seen.add(current)
        data = _jsonc(texts.get(current, "")) if current in texts else None
        if not isinstance(data, dict):
            complete = False
            continue
        own = data.get("compilerOptions")
        if isinstance(own, dict):
            for key in ("jsx", "jsxImportSource", "jsxFactory"):
                if key in own and key not in options:
                    options[key] = own[key]
        extends = data.get("extends")
        # The config wins over what it extends, and a later base over an earlier one.
        for base in [extends] if isinstance(extends, str) else reversed(extends) if isinstance(extends, list) else []:
            if isinstance(base, str) and base.startswith("."):
                target = current.parent / base  # as the project read it
                chain.append(target if target.suffix == ".json" else target.with_name(target.name + ".json"))
            elif isinstance(base, str):
                complete = False  # a package's config: not read
    mode = options.get("jsx") if isinstance(options.get("jsx"), str) else None
    source = options.get("jsxImportSource")
    if isinstance(source, str):
        return (mode.lower() if mode else None), source
    if mode is None or not complete and "jsxFactory" not in options:
        return (mode.lower() if mode else None), None
    mode = mode.lower()
    if mode in ("react-jsx", "react-jsxdev") or mode == "react" and "jsxFactory" not in options:
        return mode, "react"
    return mode, None



def _strip_jsonc(text: str) -> str:
    """``text`` without its comments and trailing commas, strings kept (one pass each)."""
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == '"':
            j = i + 1
            while j < n and text[j] != '"':
                j += 2 if text[j] == "\\" else 1
            out.append(text[i:j + 1])
            i = j + 1
        elif text.startswith("//", i):
            end = text.find("\n", i)
            i = n if end < 0 else end
        elif text.startswith("/*", i):
            end = text.find("*/", i + 2)
            i = n if end < 0 else end + 2
        else:
            out.append(c)
            i += 1
    stripped = "".join(out)
    kept: list[str] = []
    i, n = 0, len(stripped)
    while i < n:
        c = stripped[i]
        if c == '"':
            j = i + 1
            while j < n and stripped[j] != '"':
                j += 2 if stripped[j] == "\\" else 1
            kept.append(stripped[i:j + 1])
            i = j + 1
            continue
        if c == ",":
            j = i + 1
            while j < n and stripped[j] in " \t\r\n":
                j += 1
            if j < n and stripped[j] in "}]":
                kept.append(stripped[i + 1:j])  # the comma goes, the whitespace stays
                i = j
                continue
        kept.append(c)
        i += 1
    return "".join(kept)
