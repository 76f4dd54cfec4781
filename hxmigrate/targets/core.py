"""The htmx core's names, 2.x against a 4.x target: events, attributes, config keys and
extensions. Read off htmx.org 4.0.1 (``dist/htmx.js``, ``dist/ext/htmx-2-compat.js``,
``dist/scripts/upgrade-check.py``) and 2.0.8; each row a rule relies on is proven by a
browser scenario (fixtures/browser/core-*).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping


@dataclass(frozen=True)
class CoreNames:
    # 2.x event (camelCase, "htmx:" prefix) -> the 4.x event that fires on the same occasion
    events: Mapping[str, str]
    # 2.x events 4.x never fires, with what to do instead
    removed_events: Mapping[str, str]
    # 2.x events fired on the swap target (not on the element that made the request) -> the
    # 4.x event fired on the swap target too, or None when 4.x fires none there. htmx 4 fires
    # `events[...]` of these on the requesting element instead.
    target_events: Mapping[str, str | None] = field(default_factory=dict)
    # htmx.config keys: exact renames, and keys 4.x no longer reads (-> what to do)
    config_renames: Mapping[str, str] = field(default_factory=dict)
    config_removed: Mapping[str, str] = field(default_factory=dict)
    # attributes that are the same 2.x thing under a new 4.x name
    attribute_renames: Mapping[str, str] = field(default_factory=dict)
    # request headers 2.x sent that 4.x sends differently or not at all -> the 4.x header (None:
    # none), and response headers 4.x no longer reads -> the header whose events fire closest
    request_headers: Mapping[str, str | None] = field(default_factory=dict)
    removed_response_headers: Mapping[str, str] = field(default_factory=dict)
    # htmx 2 extensions (as hx-ext names them) -> the file of htmx 4's dist/ext/ that ports them
    extension_ports: Mapping[str, str] = field(default_factory=dict)


# htmx 2 fired every event twice, camelCase and kebab-case; 4.x fires one colon-separated name.
# `htmx:prompt` keeps its name: hx-prompt.js fires it (HX105 loads that extension).
EVENTS = {
    "htmx:afterRequest": "htmx:after:request",
    "htmx:afterOnLoad": "htmx:after:request",
    "htmx:beforeRequest": "htmx:before:request",
    "htmx:beforeSend": "htmx:before:request",
    "htmx:configRequest": "htmx:config:request",
    "htmx:beforeSwap": "htmx:before:swap",
    "htmx:oobBeforeSwap": "htmx:before:swap",
    "htmx:afterSwap": "htmx:after:swap",
    "htmx:oobAfterSwap": "htmx:after:swap",
    "htmx:afterSettle": "htmx:after:swap",
    "htmx:load": "htmx:after:process",
    "htmx:afterProcessNode": "htmx:after:init",
    "htmx:beforeProcessNode": "htmx:before:init",
    "htmx:beforeOnLoad": "htmx:before:response",
    "htmx:beforeCleanupElement": "htmx:before:cleanup",
    "htmx:beforeHistorySave": "htmx:before:history:update",
    "htmx:beforeHistoryUpdate": "htmx:before:history:update",
    "htmx:historyRestore": "htmx:before:history:restore",
    "htmx:historyCacheMiss": "htmx:before:history:restore",
    "htmx:pushedIntoHistory": "htmx:after:history:push",
    "htmx:replacedInHistory": "htmx:after:history:replace",
    "htmx:beforeTransition": "htmx:before:viewTransition",
    "htmx:responseError": "htmx:response:error",
    "htmx:sendError": "htmx:error",
    "htmx:sendAbort": "htmx:error",
    "htmx:swapError": "htmx:error",
    "htmx:targetError": "htmx:error",
    "htmx:timeout": "htmx:error",
}

_NONE = "htmx 4 has no such event"
REMOVED_EVENTS = {
    "htmx:validation:validate": f"{_NONE}: validate in a `htmx:config:request` listener",
    "htmx:validation:failed": f"{_NONE}: the browser reports invalid fields itself",
    "htmx:validation:halted": f"{_NONE}: the browser reports invalid fields itself",
    "htmx:xhr:loadstart": f"{_NONE}: requests are made with fetch()",
    "htmx:xhr:loadend": f"{_NONE}: requests are made with fetch()",
    "htmx:xhr:progress": f"{_NONE}: requests are made with fetch(), which reports no upload progress",
    "htmx:xhr:abort": f"{_NONE}: an aborted request fires `htmx:error`",
    "htmx:trigger": f"{_NONE}",
    "htmx:validateUrl": f"{_NONE}: requests are same-origin unless `htmx.config.mode` says otherwise",
    "htmx:oobErrorNoTarget": f"{_NONE}: an out-of-band element without a target is skipped",
    "htmx:historyCacheHit": f"{_NONE}: 4.x keeps no history cache (the hx-history-cache.js extension does)",
    "htmx:historyCacheError": f"{_NONE}: 4.x keeps no history cache (the hx-history-cache.js extension does)",
    "htmx:historyCacheMissLoad": f"{_NONE}: a history restore is a request (`htmx:after:request`)",
    "htmx:historyCacheMissLoadError": f"{_NONE}: a history restore that fails fires `htmx:error`",
    "htmx:historyItemCreated": f"{_NONE}: 4.x keeps no history cache",
    "htmx:restored": f"{_NONE}: listen for `htmx:before:history:restore`",
    "htmx:onLoadError": f"{_NONE}: an exception in a listener fires `htmx:error`",
    "htmx:badResponseUrl": f"{_NONE}",
    "htmx:invalidPath": f"{_NONE}",
    "htmx:evalDisallowedError": f"{_NONE}: `allowEval` is gone (use the hx-csp.js extension)",
    "htmx:eventFilter:error": "`htmx:error`",
    "htmx:syntax:error": "`htmx:error`",
}

# htmx 2.0.8 fires these on the swap target (swap(), doSettle); 4.0.1 fires htmx:before:swap
# and htmx:after:swap on the requesting element, htmx:after:settle on each swap's target, after
# it settled (checked in Chromium: fixtures/browser/core-hx-on-targets).
TARGET_EVENTS = {
    "htmx:beforeSwap": None,
    "htmx:oobBeforeSwap": None,
    "htmx:afterSwap": "htmx:after:settle",
    "htmx:oobAfterSwap": "htmx:after:settle",
    "htmx:afterSettle": "htmx:after:settle",
}

CONFIG_RENAMES = {
    "defaultSwapStyle": "defaultSwap",
    "globalViewTransitions": "transitions",
    "historyEnabled": "history",
    "includeIndicatorStyles": "includeIndicatorCSS",
    "timeout": "defaultTimeout",
}

_GONE = "htmx 4 does not read it"
CONFIG_REMOVED = {
    "addedClass": f"{_GONE}: new content gets `htmx-added`",
    "settlingClass": f"{_GONE}: the target gets `htmx-settling`",
    "swappingClass": f"{_GONE}: the target gets `htmx-swapping`",
    "allowEval": f"{_GONE}: load the hx-csp.js extension to forbid eval",
    "allowScriptTags": f"{_GONE}: scripts in swapped content always run",
    "attributesToSettle": f"{_GONE}: 4.x settles class, style, width and height",
    "useTemplateFragments": f"{_GONE}: responses are always parsed in a <template>",
    "scrollBehavior": f"{_GONE}",
    "getCacheBusterParam": f"{_GONE}: add the parameter in a `htmx:config:request` listener",
    "methodsThatUseUrlParams": f"{_GONE}: GET and DELETE send parameters in the URL",
    "scrollIntoViewOnBoost": f"{_GONE}: a boosted swap shows the top of the page",
    "triggerSpecsCache": f"{_GONE}",
    "allowNestedOobSwaps": f"{_GONE}",
    "defaultSwapDelay": f"{_GONE}: write `swap:` in hx-swap",
    "wsBinaryType": f"{_GONE}",
    "inlineStyleNonce": f"{_GONE}",
    "historyRestoreAsHxRequest": f"{_GONE}: a history restore sends `HX-History-Restore-Request`",
    "reportValidityOfForms": f"{_GONE}: forms are validated as the browser does",
    "selfRequestsOnly": f"{_GONE}: requests are same-origin; `htmx.config.mode = 'cors'` allows others",
    "historyCacheSize": f"{_GONE}: 4.x keeps no history cache (hx-history-cache.js: `historyCache.size`)",
    "refreshOnHistoryMiss": f"{_GONE}: 4.x keeps no history cache (hx-history-cache.js: `historyCache.refreshOnMiss`)",
    "ignoreTitle": f"{_GONE}: write `ignoreTitle:true` in hx-swap",
    "responseHandling": f"{_GONE}: 4.x swaps every response but `noSwap` ([204, 304]); `hx-status:CODE` per element",
    "withCredentials": f"{_GONE}: set `credentials` with hx-config or in a `htmx:config:request` listener",
    "disableSelector": f"{_GONE}: mark the elements with `hx-ignore`",
    "disableInheritance": f"{_GONE}: 4.x inherits only attributes written `NAME:inherited`",
}

ATTRIBUTE_RENAMES = {
    "hx-disable": "hx-ignore",
    "hx-disabled-elt": "hx-disable",
    "hx-request": "hx-config",
    "preload": "hx-preload",
}

# Server code (HX401, HX402). htmx 2.0.8 sent HX-Trigger (the requesting element's id, when it
# had one), HX-Trigger-Name (its name) and HX-Target (the target's id); 4.0.1 sends HX-Source
# and HX-Target as `tag#id` (`button#save`; `button` without an id; the id encoded with
# encodeURI), no HX-Trigger-Name, and HX-Prompt only through hx-prompt.js (also encodeURI'd).
# 4.0.1 fires the events of HX-Trigger after the swap and its settling (in #issueRequest's
# finally), where 2.x fired them on arrival; it reads no HX-Trigger-After-Swap or
# HX-Trigger-After-Settle (the order checked in Chromium: fixtures/browser/core-server-headers).
REQUEST_HEADERS = {
    "HX-Trigger": "HX-Source",
    "HX-Trigger-Name": None,
    "HX-Target": "HX-Target",
    "HX-Prompt": "HX-Prompt",
}

REMOVED_RESPONSE_HEADERS = {
    "HX-Trigger-After-Swap": "HX-Trigger",
    "HX-Trigger-After-Settle": "HX-Trigger",
}

# Extensions (HX106, HX302): htmx 2's `preload` (htmx-ext-preload) and `head-support` have a
# port in htmx.org 4.0.1's dist/ext/, active on the whole page once loaded (htmx 4 has no hx-ext);
# `ws` and `sse` are the WebSocket and SSE rules'. hx-prompt.js restores the core's hx-prompt
# (HX105). Checked in Chromium: fixtures/browser/core-attrs-preload, core-attrs-prompt.
EXTENSION_PORTS = {
    "preload": "hx-preload",
    "head-support": "hx-head",
}

CORE_4_0 = CoreNames(
    events=EVENTS,
    removed_events=REMOVED_EVENTS,
    target_events=TARGET_EVENTS,
    config_renames=CONFIG_RENAMES,
    config_removed=CONFIG_REMOVED,
    attribute_renames=ATTRIBUTE_RENAMES,
    request_headers=REQUEST_HEADERS,
    removed_response_headers=REMOVED_RESPONSE_HEADERS,
    extension_ports=EXTENSION_PORTS,
)
