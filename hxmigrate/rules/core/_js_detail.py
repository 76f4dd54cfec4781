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

from typing import TYPE_CHECKING

from ...edits import Edit
from .._detail_reader import DetailReader as SharedReader
from .._detail_reader import Reads, Report  # noqa: F401 (the core rules import Report from here)
from .._detail_reader import code_reads as read_code
from .._javascript import call_arguments, descendants, member_path, unwrap
from ._js import templates_only_in_strings

if TYPE_CHECKING:
    from tree_sitter import Node

    from ...syntax.javascript import Script

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


def shown(new_event: str) -> str:
    keys = DETAIL_4.get(new_event)
    return "{" + ", ".join(keys) + "}" if keys else "empty"


class DetailReader(SharedReader):
    """Reads the handlers of one 2.x event (``event``, camelCase) that becomes ``new_event``.
    ``leftover``: the handler is registered under the htmx 4 name already; only its reads of
    2.x detail properties the new detail lacks are reported. ``moved``: why the event's
    `target` is another element in htmx 4 (reads of `event.target` are reported), or None.
    ``jquery``: the handler gets a jQuery event, whose detail is `e.originalEvent.detail`.
    ``attr_quote``: the code is the value of an attribute written with this quote ('"', "'",
    or "" unquoted), None for a script: a string literal the rewrite writes must fit there."""

    computed_keys = True
    follows_leftover = False

    def __init__(self, file, event: str, new_event: str, leftover: bool = False, moved: str | None = None,
                 jquery: bool = False, attr_quote: str | None = None) -> None:
        super().__init__(file, event, new_event, leftover, jquery)
        self.moved = moved
        self.attr_quote = attr_quote

    # the wording of the reports

    def shown(self) -> str:
        return shown(self.new_event)

    def the_detail(self, now: bool) -> str:
        return f"the detail ({self.shown()} for `{self.new_event}`)"

    def destructured_message(self) -> str:
        return f"the handler destructures the detail, which is {self.shown()} for `{self.new_event}`: check what it reads"

    def template_message(self) -> str:
        return f"template syntax in the handler's code: check how it reads {self._by_hand()}"

    def char_refs_message(self) -> str:
        return f"the expression holds character references: check how it reads {self._by_hand()}"

    def unparsable_message(self) -> str:
        return f"hxmigrate cannot parse the expression: check how it reads {self._by_hand()}"

    def called_message(self, name: str) -> str:
        return f"Alpine calls `{name}` with the event: check how it reads `$event.detail` ({self.shown()} for " \
               f"`{self.new_event}`)"

    def _by_hand(self) -> str:
        return f"the detail by hand ({self.shown()} for `{self.new_event}`)"

    # the body of a handler

    def _has_template(self, script: Script, body: "Node") -> bool:
        return not templates_only_in_strings(script, body)

    def _template_matters(self, script: Script, body: "Node", param: str | None, names: set[str]) -> bool:
        return True

    def _computed(self, script: Script, member: "Node") -> Reads:
        reads = Reads()
        if not self.leftover:
            reads.reports.append(self._report(script, member, "the handler reads the detail by a computed key: check "
                                              f"it by hand ({self.shown()} for `{self.new_event}`)"))
        return reads

    def _more(self, script: Script, body: "Node", param: str | None) -> Reads:
        """Reads of `event.target` where htmx 4 fires the event on another element."""
        reads = Reads()
        if self.moved and param is not None and not self.leftover:
            for member in descendants(body, {"member_expression"}):
                if member_path(script, member) in ([param, "target"], [param, "currentTarget"],
                                                   [param, "originalEvent", "target"]):
                    reads.reports.append(self._report(script, member, f"`{script.text_of(member)}`: {self.moved}"))
        return reads

    def _read(self, script: Script, member: "Node", obj: "Node", prop: "Node", param: str | None,
              owner: str | None) -> Reads:
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


def code_reads(file, text: str, offset: int, param: str, event: str, new_event: str, leftover: bool = False,
               moved: str | None = None, quote: str = '"') -> Reads:
    """The reads of attribute code (an Alpine expression, ``text`` at file ``offset``, the
    value of an attribute written with ``quote``)."""
    return read_code(DetailReader(file, event, new_event, leftover, moved, attr_quote=quote), text, offset, param)
