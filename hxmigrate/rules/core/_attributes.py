"""Helpers the HX1xx/HX2xx markup rules share: htmx attributes under either prefix, request
elements, and where an attribute reached other elements in htmx 2 by inheritance."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Iterator

if TYPE_CHECKING:  # the tokenizer is loaded only when a file is tokenized
    from ...syntax.markup import Attr, Element, StartTag

VERBS = ("get", "post", "put", "patch", "delete")
REQUEST_ATTRS = tuple(p + "hx-" + v for p in ("", "data-") for v in VERBS)


def bare(lname: str) -> str:
    """The attribute's name without the ``data-`` prefix htmx also reads."""
    return lname[5:] if lname.startswith("data-hx-") else lname


def prefix_of(name: str) -> str:
    """``data-`` when the attribute is written with htmx's data prefix, as written."""
    return name[:5] if name.lower().startswith("data-hx-") else ""


def htmx_attrs(tag: "StartTag", name: str) -> Iterator["Attr"]:
    """The attributes of ``tag`` named ``name`` (``hx-...``) or ``data-`` + name, whose name
    holds no template syntax."""
    for attr in tag.attrs:
        if not attr.name_has_template and bare(attr.lname) == name:
            yield attr


# Elements the WebSocket and SSE extensions make requests (or connections) with: they read
# their own attributes as a request element does (WS109 has their inherited values).
_EXTENSION_ELEMENTS = tuple(p + n for p in ("", "data-") for n in (
    "ws-connect", "ws-send", "hx-ws", "hx-ws:connect", "hx-ws:send", "sse-connect", "hx-sse:connect"))


def is_request_element(tag: "StartTag") -> bool:
    return tag.attr(*REQUEST_ATTRS) is not None or tag.attr(*_EXTENSION_ELEMENTS) is not None


def elements_by_tag(view) -> dict[int, "Element"]:
    """Each element of the view's tree by the start offset of its tag (the view's own index)."""
    return view.element_at


def inherited_in_2x(element: "Element | None", names: tuple[str, ...]) -> bool:
    """Whether htmx 2 applied the element's attribute (one of ``names``, both prefixes) to
    other elements than itself: the element makes no request of its own (so the attribute
    only ever worked through its descendants), or a request element below it does not set
    the attribute itself. htmx 4 reads an attribute on an ancestor only when it is written
    ``NAME:inherited``."""
    if element is None:
        return False
    if not is_request_element(element.tag):
        return True
    every = tuple(p + n for p in ("", "data-") for n in names)
    stack = list(element.children)
    while stack:
        child = stack.pop()
        if child.tag.attr(*every) is not None:
            continue  # its own value wins, in 2.x too; so for its subtree
        if is_request_element(child.tag):
            return True
        stack.extend(child.children)
    return False


# Attributes htmx 2 read on the element or its closest ancestor that has them
# (getClosestAttributeValue, findAttributeTargets), and those it merged over all ancestors
# (getValuesForElement). htmx 4 reads an ancestor's only when written NAME:inherited.
INHERITED_2X = ("hx-boost", "hx-confirm", "hx-encoding", "hx-headers", "hx-include", "hx-indicator",
                "hx-push-url", "hx-replace-url", "hx-select", "hx-select-oob", "hx-swap", "hx-sync", "hx-target",
                "hx-vals")
MERGED_2X = ("hx-headers", "hx-vals")

# Template syntax that can put elements of another template inside an element: includes,
# blocks, macro calls, partials, yields.
_INSERTS = re.compile(r"(?:php\s+)?(?:>|include|block|call|render|embed|yield|template|import|partial|require|"
                      r"extends)\b", re.I)
_DELIMITERS = "{<%?=#@ \t\r\n-"


def inserts_elements(view, element: "Element") -> bool:
    """Whether template syntax inside the element may render elements hxmigrate does not see
    here (an include, a block a child template fills, a macro call)."""
    end = element.end_tag.start if element.end_tag is not None else element.tag.end
    for region in view.regions.within(element.tag.end, end):
        if region.kind == "comment":
            continue
        head = view.text[region.start:region.start + 40]
        if _INSERTS.match(head.lstrip(_DELIMITERS)) or _COMPONENT.match(head.lstrip()):
            return True
    return False


# A component rendered in place: templ's `@button.Button(...)` and `{ children... }`.
_COMPONENT = re.compile(r"@[A-Za-z_]|\{[ \t]*children\.\.\.")


def inherited_below(view, element: "Element | None", name: str) -> bool:
    """Whether htmx 2 applied the element's ``name`` to other elements than itself: it makes no
    request of its own (a container: the attribute only ever worked through what is below
    it, in this template or another), template syntax inside it may render request elements,
    or a request element below it does not set ``name`` itself."""
    if element is None:
        return False
    if not is_request_element(element.tag):
        return True
    if inserts_elements(view, element):
        return True
    return inherited_in_2x(element, (name,))


_DISABLED_NOTE = (
    "; the project sets htmx 2's `disableInheritance: true`: on a page that loads that setting, htmx 2 applied "
    "the attribute to this element only (and to the elements below whose `hx-inherit` names it), and `:inherited` "
    "would apply it below: leave the name as it is there (`--unsafe-fixes` writes `:inherited`)"
)


def inheritance_guarded(check):
    """``check`` with each fix that writes `:inherited` made unsafe, and said why, when the
    project turns htmx 2's inheritance off (`disableInheritance: true`): the pages that load
    that setting did not inherit what htmx 2 otherwise did."""

    def guarded(file, *args):
        disabled = file.project.inheritance_disabled
        for d in check(file, *args):
            if disabled and d.fix is not None and d.fix.safe and any(":inherited" in e.text for e in d.fix.edits):
                d.fix = type(d.fix)(d.fix.edits, safe=False)
                d.message += _DISABLED_NOTE
            yield d

    guarded.__doc__ = check.__doc__
    return guarded


def ancestor_target(element) -> bool:
    """Whether an ancestor gives the element a target: htmx 2's plain `hx-target`, or the
    `hx-target:inherited` HX110 writes for it (a second pass reads the first's output)."""
    parent = element.parent
    while parent is not None:
        if any(next(htmx_attrs(parent.tag, name), None) is not None for name in _TARGETS):
            return True
        parent = parent.parent
    return False


_TARGETS = ("hx-target", "hx-target:inherited")
