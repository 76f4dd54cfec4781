"""How a handler of a 2.x htmx event reads `event.detail`, and what htmx 4 makes of it.

htmx 4's request events carry `{ctx}`: `ctx.request` (`headers`, `body`, `action`, `method`),
`ctx.response` (`status`, `headers`, `raw`), `ctx.text`, `ctx.target`, `ctx.sourceElement`,
`ctx.sourceEvent` (htmx.org 4.0.1, `#createRequestContext` and `#issueRequest`). A read of
the 2.x detail is rewritten where htmx 4 has the same value under another path (the CSRF
header of a `configRequest` listener: `detail.headers[...]` is `detail.ctx.request.headers[...]`),
and reported where it has none (`detail.shouldSwap`, `detail.successful`...). A handler is
read from the parameter that holds the event (`e.detail.X`, `const d = e.detail`,
`({detail}) => ...`, jQuery's `e.originalEvent.detail`); where the event or its detail is
handed to other code, that code is followed when it is a function of the same file used
nowhere else, and reported otherwise. Any report holds the rename back: renaming the event
first would run a handler that reads what htmx 4 does not give it.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ...edits import Edit
from ...syntax.javascript import Script
from ...syntax.treesitter import error_count
from .._javascript import (
    call_arguments,
    callee_of_argument,
    descendants,
    file_functions,
    member_path,
    nth_param,
    unwrap,
)
from ._js import templates_only_in_strings

if TYPE_CHECKING:
    from tree_sitter import Node

# The detail of each htmx 4 event (4.0.1's #trigger calls).
DETAIL_4 = {
    "htmx:config:request": ("ctx",),
    "htmx:before:request": ("ctx",),
    "htmx:before:response": ("ctx",),
    "htmx:after:request": ("ctx",),
    "htmx:response:error": ("ctx",),
    "htmx:before:swap": ("ctx", "tasks"),
    "htmx:after:swap": ("ctx",),
    "htmx:error": ("ctx", "error"),
    "htmx:after:settle": ("task", "newContent", "settleTasks"),
    "htmx:after:process": (),
    "htmx:after:init": (),
    "htmx:before:init": (),
    "htmx:before:cleanup": (),
    "htmx:before:history:update": ("history", "sourceElement", "response"),
    "htmx:before:history:restore": ("path", "cacheMiss"),
    "htmx:after:history:push": ("path",),
    "htmx:after:history:replace": ("path",),
    "htmx:before:viewTransition": ("task", "ctx"),
    "htmx:confirm": ("ctx", "issueRequest", "dropRequest"),
}

# 2.x events fired on the element that made the request, with the response info as detail.
_REQUEST = frozenset({"htmx:configRequest", "htmx:beforeRequest", "htmx:beforeSend", "htmx:afterRequest",
                      "htmx:afterOnLoad", "htmx:beforeOnLoad", "htmx:responseError", "htmx:sendError",
                      "htmx:sendAbort", "htmx:timeout"})
_SWAP = frozenset({"htmx:beforeSwap", "htmx:afterSwap", "htmx:afterSettle"})
# ... fired on the swap target once it was swapped: htmx 4's htmx:after:settle fires there
_AFTER_SWAP = frozenset({"htmx:afterSwap", "htmx:afterSettle", "htmx:oobAfterSwap"})
# ... after a response came (2.x's xhr holds one; htmx 4's ctx.response is set)
_RESPONDED = frozenset({"htmx:afterRequest", "htmx:afterOnLoad", "htmx:beforeOnLoad", "htmx:responseError"}) | _SWAP
# ... once its text was read (htmx 4 reads ctx.text after htmx:before:response)
_TEXT = _RESPONDED - {"htmx:beforeOnLoad"}
# Fired on the same element in both versions, with no ctx in htmx 4: `detail.elt` is the event's target.
_SAME_ELEMENT = frozenset({"htmx:load", "htmx:afterProcessNode", "htmx:beforeProcessNode", "htmx:beforeCleanupElement"})

# Every detail property htmx 2.0.8 gave its events (a read of one in a handler of an htmx 4
# event that has no such property is a 2.x leftover).
KEYS_2X = frozenset({
    "elt", "target", "xhr", "requestConfig", "etc", "boosted", "select", "pathInfo", "successful", "failed",
    "parameters", "formData", "unfilteredParameters", "unfilteredFormData", "headers", "verb", "path", "errors",
    "withCredentials", "timeout", "useUrlParams", "triggeringEvent", "shouldSwap", "serverResponse", "isError",
    "ignoreTitle", "selectOverride", "swapOverride", "error", "historyElt", "item", "history", "cacheMiss",
    "errorInfo", "content", "fragment", "question", "issueRequest",
})

_FORM_DATA_METHODS = frozenset({"append", "set", "delete", "get", "getAll", "has", "keys", "values", "entries",
                                "forEach"})
_XHR = {
    "status": "ctx.response.status",
    "statusText": "ctx.response.raw.statusText",
    "responseURL": "ctx.response.raw.url",
    "getResponseHeader": "ctx.response.headers.get",
    "getAllResponseHeaders": None,
}
_REQUEST_CONFIG = {"headers": "ctx.request.headers", "elt": "ctx.sourceElement", "target": "ctx.target",
                   "triggeringEvent": "ctx.sourceEvent"}
_NO_SWAP = ("htmx 4 swaps every response but those of `htmx.config.noSwap` ([204, 304]), 4xx and 5xx too: "
            "`event.preventDefault()` in `htmx:before:swap` keeps a response out, and `hx-status:CODE` on an element "
            "sets what a status does")
_HEADER_NAMES = {"hx-trigger": "`HX-Source` (`tag#id`)", "hx-trigger-name": "no header",
                 "hx-target": "`HX-Target` as `tag#id`"}
_HARMLESS_CALLEES = ("console.",)
_MAX_DEPTH = 4


@dataclass
class Report:
    start: int
    end: int
    message: str


@dataclass
class Reads:
    edits: list[Edit] = field(default_factory=list)
    reports: list[Report] = field(default_factory=list)

    @property
    def waits(self) -> bool:
        return bool(self.reports)

    def extend(self, other: "Reads") -> None:
        self.edits.extend(other.edits)
        self.reports.extend(other.reports)


def shown(new_event: str) -> str:
    keys = DETAIL_4.get(new_event)
    return "{" + ", ".join(keys) + "}" if keys else "empty"


class DetailReader:
    """Reads the handlers of one 2.x event (``event``, camelCase) that becomes ``new_event``.
    ``leftover``: the handler is registered under the htmx 4 name already; only its reads of
    2.x detail properties the new detail lacks are reported. ``moved``: why the event's
    `target` is another element in htmx 4 (reads of `event.target` are reported), or None.
    ``jquery``: the handler gets a jQuery event, whose detail is `e.originalEvent.detail`.
    ``attr_quote``: the code is the value of an attribute written with this quote ('"', "'",
    or "" unquoted), None for a script: a string literal the rewrite writes must fit there."""

    def __init__(self, file, event: str, new_event: str, leftover: bool = False, moved: str | None = None,
                 jquery: bool = False, attr_quote: str | None = None) -> None:
        self.file = file
        self.event = event
        self.new_event = new_event
        self.leftover = leftover
        self.moved = moved
        self.jquery = jquery
        self.attr_quote = attr_quote
        self.functions = file_functions(file)

    # entry points

    def function(self, script: Script, fn: "Node", owner: str | None = None, depth: int = 0, index: int = 0) -> Reads:
        """A function handler whose parameter ``index`` is the event. ``owner`` says why a
        handler used elsewhere too is not rewritten: its reads are then reported."""
        first = nth_param(fn, index)
        reads = Reads()
        body = fn.child_by_field_name("body")
        if first is None or body is None:
            return reads
        param = None
        names: set[str] = set()
        if first.type == "identifier":
            param = script.text_of(first)
        elif first.type == "object_pattern" and not self.jquery:
            for prop in first.named_children:
                key = prop.child_by_field_name("key") if prop.type == "pair_pattern" else prop
                if key is None or script.text_of(key) != "detail":
                    continue
                value = prop.child_by_field_name("value") if prop.type == "pair_pattern" else prop
                if value is not None and value.type in ("identifier", "shorthand_property_identifier_pattern"):
                    names.add(script.text_of(value))
                elif not self.leftover:
                    reads.reports.append(self._report(script, prop, f"the handler destructures the detail, which is "
                                                      f"{shown(self.new_event)} for `{self.new_event}`: check what it "
                                                      "reads"))
        elif not self.leftover:
            reads.reports.append(self._report(script, first, "the handler's event parameter is not a plain name: "
                                              f"check how it reads the detail ({shown(self.new_event)} for "
                                              f"`{self.new_event}`)"))
            return reads
        if not templates_only_in_strings(script, body):
            if not self.leftover:
                reads.reports.append(self._report(script, body, "template syntax in the handler's code: check how it "
                                                  f"reads the detail by hand ({shown(self.new_event)} for "
                                                  f"`{self.new_event}`)"))
            return reads
        reads.extend(self._body(script, body, param, names, owner, depth))
        return reads

    def code(self, script: Script, param: str) -> Reads:
        """Attribute code (an Alpine expression) in which ``param`` is the event."""
        return self._body(script, script.root, param, set(), None, 0)

    # the body of a handler

    def _detail_paths(self, param: str | None) -> list[list[str]]:
        """How the handler names the detail: `e.detail`; a jQuery event also has
        `e.originalEvent.detail` (jQuery copies `detail` onto its own event)."""
        if param is None:
            return []
        return [[param, "detail"], [param, "originalEvent", "detail"]] if self.jquery else [[param, "detail"]]

    def _is_detail(self, script: Script, node: "Node", param: str | None, names: set[str]) -> bool:
        node = unwrap(node)
        if node.type == "identifier":
            return script.text_of(node) in names
        return member_path(script, node) in self._detail_paths(param)

    def _body(self, script: Script, body: "Node", param: str | None, names: set[str], owner: str | None,
              depth: int) -> Reads:
        reads = Reads()
        names = set(names)
        aliases: set[tuple[int, int]] = set()  # declarators that bind the detail
        for decl in descendants(body, {"variable_declarator"}):
            value, name = decl.child_by_field_name("value"), decl.child_by_field_name("name")
            if value is None or name is None:
                continue
            if name.type == "object_pattern" and param is not None and not self.jquery and \
                    unwrap(value).type == "identifier" and script.text_of(unwrap(value)) == param:
                aliases.add((decl.start_byte, decl.end_byte))  # const { detail } = e
                for prop in name.named_children:
                    key = prop.child_by_field_name("key") if prop.type == "pair_pattern" else prop
                    bound = prop.child_by_field_name("value") if prop.type == "pair_pattern" else prop
                    if key is not None and script.text_of(key) == "detail" and bound is not None and \
                            bound.type in ("identifier", "shorthand_property_identifier_pattern"):
                        names.add(script.text_of(bound))
                continue
            if not self._is_detail(script, value, param, names):
                continue
            aliases.add((decl.start_byte, decl.end_byte))
            if name.type == "identifier":
                names.add(script.text_of(name))
            elif not self.leftover:
                reads.reports.append(self._report(script, decl, "the handler destructures the detail, which is "
                                                  f"{shown(self.new_event)} for `{self.new_event}`: check what it "
                                                  "reads"))
        for member in descendants(body, {"member_expression", "subscript_expression"}):
            obj = member.child_by_field_name("object")
            if obj is None or not self._is_detail(script, obj, param, names):
                continue
            if member.type == "subscript_expression":
                if not self.leftover:
                    reads.reports.append(self._report(script, member, "the handler reads the detail by a computed "
                                                      f"key: check it by hand ({shown(self.new_event)} for "
                                                      f"`{self.new_event}`)"))
                continue
            prop = member.child_by_field_name("property")
            if prop is None or prop.type != "property_identifier":
                continue
            reads.extend(self._read(script, member, prop, param, owner))
        if self.moved and param is not None and not self.leftover:
            for member in descendants(body, {"member_expression"}):
                if member_path(script, member) in ([param, "target"], [param, "currentTarget"],
                                                   [param, "originalEvent", "target"]):
                    reads.reports.append(self._report(script, member, f"`{script.text_of(member)}`: {self.moved}"))
        reads.extend(self._escapes(script, body, param, names, aliases, depth))
        return reads

    def _read(self, script: Script, member: "Node", prop: "Node", param: str | None, owner: str | None) -> Reads:
        reads = Reads()
        name = script.text_of(prop)
        new_keys = DETAIL_4.get(self.new_event, ())
        if self.leftover:
            if name in KEYS_2X and name not in new_keys:
                reads.reports.append(self._report(script, member, f"`detail.{name}` is a 2.x detail property: the "
                                                  f"detail of `{self.new_event}` is {shown(self.new_event)} in "
                                                  "htmx 4"))
            return reads
        if name == "ctx":
            return reads  # rewritten already
        if script.has_template(member):
            reads.reports.append(self._report(script, member, f"`detail.{name}` next to template syntax: check it by "
                                              "hand"))
            return reads
        found = self._translate(script, member, prop, name, param)
        if isinstance(found, str):
            reads.reports.append(self._report(script, member, found))
        elif owner is not None:
            reads.reports.append(self._report(script, member, f"`detail.{name}` has a new path in htmx 4; {owner}, so "
                                              "it is not rewritten: rewrite it by hand"))
        else:
            reads.edits.extend(found)
        return reads

    # what one read becomes

    def _translate(self, script: Script, member: "Node", prop: "Node", name: str,
                   param: str | None) -> "list[Edit] | str":
        """The edits rewriting ``detail.NAME`` (``member``) for htmx 4, or why there are none."""
        event, new = self.event, self.new_event
        has_ctx = "ctx" in DETAIL_4.get(new, ())
        parent = member.parent
        written = _assigned(member)
        after = _property_after(script, member)
        ps, pe = script.span(prop)

        def rename(path: str) -> list[Edit]:
            return [Edit(ps, pe, path)]

        def event_target(what: str) -> "list[Edit] | str":
            """`e.detail.NAME` -> `e.target`: the element htmx 4 fires the event on."""
            obj = member.child_by_field_name("object")
            if not written and obj is not None and obj.type == "member_expression" and param is not None \
                    and self._is_detail(script, obj, param, set()):
                detail_prop = obj.child_by_field_name("property")
                return [Edit(script.start(detail_prop), pe, "target")]
            return f"`detail.{name}` was {what}: read the event's `target` ({shown(new)} for `{new}`)"

        # htmx:confirm first: its `elt` is `ctx.sourceElement`, not the event's target
        if event == "htmx:confirm":
            return self._confirm(script, member, prop, name, written)
        if name == "elt":
            if has_ctx and event in _REQUEST:
                return rename("ctx.sourceElement") if not written else _gone(name, new)
            if event in _SAME_ELEMENT or new == "htmx:after:settle" or (event in _REQUEST and not has_ctx):
                return event_target("the element the event fired on")
            return _gone(name, new, "it was the element the event fired on; " + (self.moved or "use the event's "
                                                                                              "`target`"))
        if name == "target" and new == "htmx:after:settle" and event in _AFTER_SWAP:
            # htmx 2 fired these on the swap target, htmx 4 fires htmx:after:settle on it
            return event_target("the swap target, which htmx 4 fires `htmx:after:settle` on")
        if not has_ctx:
            if name in DETAIL_4.get(new, ()) and _same_key(event, name):
                return []
            return _gone(name, new)
        if name == "target" and (event in _REQUEST or event in _SWAP):
            if written:
                return f"assigning `detail.target` retargeted the swap in htmx 2; in htmx 4 `{new}` has no such " \
                       "hook: use `hx-target`, `hx-status:CODE=\"target:...\"` or the `HX-Retarget` header"
            return rename("ctx.target")
        if event == "htmx:configRequest":
            if name == "headers":
                key = _subscript_key(script, parent) if parent is not None and parent.type == "subscript_expression" \
                    and parent.child_by_field_name("object") == member else None
                if key is not None and key.lower() in _HEADER_NAMES and not _assigned(parent):
                    return f"htmx 4 sends no `{key}` request header: it sends {_HEADER_NAMES[key.lower()]}"
                return rename("ctx.request.headers")
            if name == "formData":
                return rename("ctx.request.body") if not written else _gone(name, new, "replace its values with "
                                                                                 "`ctx.request.body.set(...)`")
            if name == "parameters":
                return self._parameters(script, member, prop)
            if name == "path":
                return rename("ctx.request.action")
            if name == "verb":
                if written:
                    return "`detail.verb` is `ctx.request.method` in htmx 4 (in capitals, and where the parameters " \
                           "go was decided before the event): change the method by hand"
                return [Edit(ps, pe, "ctx.request.method"), Edit(script.end(member), script.end(member), ".toLowerCase()")]
            if name == "triggeringEvent":
                return rename("ctx.sourceEvent") if not written else _gone(name, new)
            if name in ("unfilteredParameters", "unfilteredFormData"):
                return f"`detail.{name}` is gone in htmx 4, which has no `hx-params`: `ctx.request.body` holds " \
                       "every parameter"
            if name == "errors":
                return "`detail.errors` is gone in htmx 4: the browser validates forms before `htmx:config:request`"
            if name == "withCredentials":
                return "`detail.withCredentials` is gone in htmx 4: set `ctx.request.credentials` ('include', " \
                       "'same-origin', 'omit')"
            if name == "timeout":
                return "`detail.timeout` is `ctx.request.timeout` in htmx 4, which holds only what `hx-config` set " \
                       "(the default is `htmx.config.defaultTimeout`): check it by hand"
            return _gone(name, new)
        if name == "xhr":
            if event not in _RESPONDED:
                return f"`detail.xhr` is gone in htmx 4 (requests are made with fetch()); `{new}` fires before the " \
                       "response" if event in ("htmx:beforeRequest", "htmx:beforeSend") else \
                       f"`detail.xhr` is gone in htmx 4: `{new}` fires without a response (`detail.error` says why)"
            if after is None:
                return "`detail.xhr` is gone in htmx 4 (requests are made with fetch()): read `ctx.response.status`, " \
                       "`ctx.response.headers` and `ctx.text`"
            what, outer, after_prop = after
            if _assigned(outer):
                return _gone(name, new)
            if what in ("responseText", "response") and event in _TEXT:
                return [Edit(ps, script.end(after_prop), "ctx.text")]
            path = _XHR.get(what)
            if path is None:
                return f"`detail.xhr.{what}` has no htmx 4 counterpart: `ctx.response.raw` is the fetch() Response"
            if what == "getResponseHeader" and not (outer.parent is not None and outer.parent.type == "call_expression"
                                                    and outer.parent.child_by_field_name("function") == outer):
                return _gone(name, new)
            return [Edit(ps, script.end(after_prop), path)]
        if name == "requestConfig":
            if after is None:
                return "`detail.requestConfig` is `ctx.request` in htmx 4, with other keys (`headers`, `body`, " \
                       "`action`, `method`): rewrite its reads by hand"
            what, outer, after_prop = after
            if _assigned(outer):
                return _gone(name, new)
            if what == "verb":
                return [Edit(ps, script.end(after_prop), "ctx.request.method"),
                        Edit(script.end(outer), script.end(outer), ".toLowerCase()")]
            path = _REQUEST_CONFIG.get(what)
            if path is None:
                return f"`detail.requestConfig.{what}` has no htmx 4 counterpart under `ctx.request` with the same " \
                       "value: rewrite it by hand"
            return [Edit(ps, script.end(after_prop), path)]
        if name in ("successful", "failed"):
            return f"`detail.{name}` is gone in htmx 4, which fires `{new}` only when a response came (a network " \
                   "error fires `htmx:error`): htmx 2's default `responseHandling` called a status below 400 " \
                   "successful, `ctx.response.status` says it"
        if event == "htmx:beforeSwap":
            if name == "serverResponse":
                if written:
                    return "assigning `detail.serverResponse` changed what htmx 2 swapped; htmx 4 has parsed the " \
                           "response before `htmx:before:swap` (change `ctx.text` in `htmx:after:request`)"
                return rename("ctx.text")
            if name in ("shouldSwap", "isError"):
                return f"`detail.{name}` is gone: {_NO_SWAP}"
            if name in ("swapOverride", "selectOverride", "ignoreTitle"):
                return f"`detail.{name}` is gone in htmx 4: the swap is planned before `htmx:before:swap` (use " \
                       "`HX-Reswap`/`HX-Reselect`, or `hx-status:CODE`)"
        if name == "pathInfo":
            return "`detail.pathInfo` is gone in htmx 4: `ctx.request.action` is the URL requested, " \
                   "`ctx.response.raw.url` the one answered"
        if name == "error" and event in ("htmx:sendError", "htmx:sendAbort", "htmx:timeout", "htmx:responseError"):
            return f"`detail.error` was a message in htmx 2; in htmx 4 `{new}`'s `detail.error` is the exception " \
                   "(or absent): check it by hand"
        return _gone(name, new)

    def _confirm(self, script: Script, member: "Node", prop: "Node", name: str, written: bool) -> "list[Edit] | str":
        """`htmx:confirm` keeps its name; its detail was {target, elt, path, verb,
        triggeringEvent, etc, issueRequest, question} in htmx 2, {ctx, issueRequest,
        dropRequest} in htmx 4 (4.0.1's #issueRequest)."""
        ps, pe = script.span(prop)
        paths = {"question": "ctx.confirm", "elt": "ctx.sourceElement", "target": "ctx.target",
                 "path": "ctx.request.action", "triggeringEvent": "ctx.sourceEvent"}
        if name == "issueRequest":
            call = member.parent
            if call is not None and call.type == "call_expression" and call_arguments(call):
                return []  # issueRequest(true): htmx 4's takes no argument and never asks again
            return "`detail.issueRequest()` without `true` let htmx 2 ask with the browser's confirm() as well; " \
                   "htmx 4's `issueRequest()` sends the request at once: check it by hand"
        if name in ("issueRequest", "dropRequest"):
            return []
        if written:
            return _gone(name, "htmx:confirm")
        if name == "verb":
            return [Edit(ps, pe, "ctx.request.method"), Edit(script.end(member), script.end(member), ".toLowerCase()")]
        if name in paths:
            return [Edit(ps, pe, paths[name])]
        return _gone(name, "htmx:confirm")

    def _parameters(self, script: Script, member: "Node", prop: "Node") -> "list[Edit] | str":
        """`detail.parameters` of `htmx:configRequest`: a proxy of a FormData in 2.x
        (`parameters.x` read the value, `parameters.x = v` set it); `ctx.request.body` is the
        FormData itself in htmx 4's `htmx:config:request`."""
        ps, pe = script.span(prop)
        parent = member.parent
        if parent is None or _assigned(member):
            return "`detail.parameters` is `ctx.request.body` in htmx 4, a FormData: change its values with " \
                   "`ctx.request.body.set(name, value)`"
        after = _property_after(script, member)
        if after is not None and after[0] in _FORM_DATA_METHODS and _called(after[1]):
            return [Edit(ps, pe, "ctx.request.body")]
        key_node, outer = None, None
        if after is not None:
            key_node, outer = after[2], after[1]
            key = self._name_literal(after[0])
        elif parent.type == "subscript_expression" and parent.child_by_field_name("object") == member:
            key_node, outer = parent.child_by_field_name("index"), parent
            value = _subscript_key(script, parent)
            key = script.text_of(key_node) if value is not None else None
        else:
            key = None
        hint = "`detail.parameters` is `ctx.request.body` in htmx 4, a FormData: read a value with " \
               "`ctx.request.body.get(name)` (null when missing, the first of several) and set one with " \
               "`ctx.request.body.set(name, value)`"
        if key is None or outer is None:
            return hint if after is None else hint + " (no quote of a string literal fits in this unquoted attribute)"
        assignment = outer.parent
        if assignment is None or assignment.type != "assignment_expression" or \
                assignment.child_by_field_name("left") != outer:
            return hint
        statement = assignment.parent
        value = assignment.child_by_field_name("right")
        if statement is None or statement.type != "expression_statement" or value is None or \
                unwrap(value).type not in ("string", "number", "template_string"):
            return hint
        # parameters.name = "v" -> ctx.request.body.set("name", "v"): the proxy appended a string
        # or number as FormData.set does.
        obj_start = script.start(member)
        head = script.text[obj_start - script.offset:ps - script.offset]
        return [Edit(script.start(assignment), script.end(assignment),
                     f"{head}ctx.request.body.set({key}, {script.text_of(value)})")]

    def _name_literal(self, name: str) -> str | None:
        """A JavaScript string literal of the property name ``name`` (an identifier as written:
        a `\\uXXXX` escape in it means in a string what it meant in the name), quoted to fit
        where the code is written: in a script with `"`, in an attribute value with the quote
        the attribute does not use; None where no quote fits (an unquoted attribute value)."""
        if self.attr_quote is None:
            quote = '"'
        elif self.attr_quote in ('"', "'"):
            quote = "'" if self.attr_quote == '"' else '"'
        else:
            return None
        if any(c in name for c in "\"'`&\n\r") or (self.attr_quote and self.attr_quote in name):
            return None
        return f"{quote}{name}{quote}"

    # where the event or its detail goes

    def _escapes(self, script: Script, body: "Node", param: str | None, names: set[str],
                 aliases: set[tuple[int, int]], depth: int) -> Reads:
        reads = Reads()
        held = set(names) | ({param} if param else set())
        if not held or self.leftover:
            return reads
        detail_paths = self._detail_paths(param)
        for node in descendants(body, {"identifier", "shorthand_property_identifier", "member_expression"}):
            if node.type == "member_expression":
                path = member_path(script, node)
                if path not in detail_paths and not (self.jquery and path == [param, "originalEvent"]):
                    continue
            elif script.text_of(node) not in held:
                continue
            if _read_here(node, aliases):
                continue
            if node.type == "identifier" and param is not None and script.text_of(node) == param and \
                    self.jquery and node.parent is not None and node.parent.type == "member_expression":
                continue
            what = "its detail" if (node.type == "member_expression" and member_path(script, node) in detail_paths) or \
                script.text_of(node) in names else "the event"
            followed = self._follow(script, node, depth) if what == "the event" else None
            if followed is not None:
                reads.extend(followed)
                continue
            callee = callee_of_argument(script, node)
            if callee is not None and callee.startswith(_HARMLESS_CALLEES):
                continue
            to = f"to `{callee}()`" if callee else "on"
            reads.reports.append(self._report(script, node, f"the handler hands {what} {to}, which hxmigrate cannot "
                                              f"follow: check how that code reads the detail ({shown(self.new_event)} "
                                              f"for `{self.new_event}`)"))
        return reads

    def _follow(self, script: Script, node: "Node", depth: int) -> Reads | None:
        parent = node.parent
        if depth >= _MAX_DEPTH or node.type != "identifier" or parent is None or parent.type != "arguments":
            return None
        call = parent.parent
        callee = call.child_by_field_name("function") if call is not None else None
        if callee is None or callee.type != "identifier":
            return None
        fn = self.functions.named(script.text_of(callee))
        if fn is None:
            return None
        at = script.start(callee)
        if not self.functions.exclusive(fn, lambda offset: offset == at):
            return None
        index = next(i for i, a in enumerate(call_arguments(call)) if a == node)
        return self.function(fn.script, fn.node, None, depth + 1, index)

    def _report(self, script: Script, node: "Node", message: str) -> Report:
        start, end = script.span(node)
        return Report(start, end, message)


def _gone(name: str, new_event: str, how: str | None = None) -> str:
    more = f": {how}" if how else ""
    return f"`detail.{name}` is not part of the detail of `{new_event}` in htmx 4 ({shown(new_event)}){more}"


def _same_key(event: str, name: str) -> bool:
    """A key the 2.x and the htmx 4 detail share with the same meaning."""
    return (name == "path" and event in ("htmx:pushedIntoHistory", "htmx:replacedInHistory", "htmx:historyRestore",
                                         "htmx:historyCacheMiss")) or \
        (name == "history" and event == "htmx:beforeHistoryUpdate")


def _assigned(node: "Node | None") -> bool:
    """Is the node the left side of an assignment, or the operand of `delete`, `++`, `--`?"""
    if node is None:
        return False
    parent = node.parent
    if parent is None:
        return False
    if parent.type in ("assignment_expression", "augmented_assignment_expression"):
        return parent.child_by_field_name("left") == node
    if parent.type == "update_expression":
        return True
    if parent.type == "unary_expression":
        op = parent.child_by_field_name("operator")
        return op is not None and op.type == "delete"
    return False


def _called(node: "Node") -> bool:
    parent = node.parent
    return parent is not None and parent.type == "call_expression" and parent.child_by_field_name("function") == node


def _property_after(script: Script, member: "Node"):
    """(name, the member expression, its property node) for `member.NAME`, else None."""
    parent = member.parent
    if parent is None or parent.type != "member_expression" or parent.child_by_field_name("object") != member:
        return None
    prop = parent.child_by_field_name("property")
    if prop is None or prop.type != "property_identifier":
        return None
    return script.text_of(prop), parent, prop


def _subscript_key(script: Script, subscript: "Node") -> str | None:
    index = subscript.child_by_field_name("index")
    if index is None or index.type != "string":
        return None
    if any(c.type != "string_fragment" for c in index.named_children):
        return None
    text = script.text_of(index)
    return text[1:-1]


def _read_here(node: "Node", aliases: set[tuple[int, int]]) -> bool:
    """Is this use of the event (or detail) a property read, or the binding of an alias?"""
    parent = node.parent
    if parent is None:
        return True
    if parent.type in ("member_expression", "subscript_expression") and parent.child_by_field_name("object") == node:
        return True
    if parent.type == "variable_declarator" and ((parent.start_byte, parent.end_byte) in aliases or
                                                 parent.child_by_field_name("name") == node):
        return True
    if parent.type in ("as_expression", "non_null_expression", "satisfies_expression", "parenthesized_expression"):
        return _read_here(parent, aliases)
    return parent.type in ("formal_parameters", "required_parameter", "optional_parameter")


def code_reads(file, text: str, offset: int, param: str, event: str, new_event: str, leftover: bool = False,
               moved: str | None = None, quote: str = '"') -> Reads:
    """The reads of attribute code (an Alpine expression, ``text`` at file ``offset``, the
    value of an attribute written with ``quote``)."""
    if re.search(r"(?<![\w$])" + re.escape(param) + r"(?![\w$])", text) is None:
        return Reads()
    if html.unescape(text) != text:
        if leftover:
            return Reads()
        return Reads([], [Report(offset, offset + len(text), "the expression holds character references: check how "
                                 f"it reads the detail by hand ({shown(new_event)} for `{new_event}`)")])
    script = Script(text, offset, "javascript")
    if error_count(script.tree):
        if leftover:
            return Reads()
        return Reads([], [Report(offset, offset + len(text), "hxmigrate cannot parse the expression: check how it "
                                 f"reads the detail by hand ({shown(new_event)} for `{new_event}`)")])
    return DetailReader(file, event, new_event, leftover, moved, attr_quote=quote).code(script, param)
