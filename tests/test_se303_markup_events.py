"""SE303: the SSE extension's 2.x events in `hx-on` attributes and `hx-trigger` values become
htmx 4's (the message events and `htmx:sseError` only with `--unsafe-fixes`); listeners where
htmx 4 never fires the event, and hyperscript, are reported. HX201 leaves these attributes to it."""

from __future__ import annotations

import pytest

from hxmigrate.testing import check_noop, check_transformed, make_settings, run

HTML = dict(filename="page.html", select=["SE303"])
UNSAFE = dict(filename="page.html", select=["SE303"], settings=make_settings(unsafe_fixes=True))


@pytest.mark.parametrize(
    "before, after",
    [
        # every spelling htmx 2 ran, in the form it was written in
        ('<div hx-sse:connect="/e" hx-on::sse-open="go()"></div>',
         '<div hx-sse:connect="/e" hx-on::sse:after:connection="go()"></div>'),
        ('<div hx-sse:connect="/e" hx-on:htmx:sse-close="stop()"></div>',
         '<div hx-sse:connect="/e" hx-on:htmx:sse:close="stop()"></div>'),
        ('<div hx-sse:connect="/e" hx-on--sse-open="go()"></div>',
         '<div hx-sse:connect="/e" hx-on::sse:after:connection="go()"></div>'),
        ('<div hx-sse:connect="/e" hx-on-htmx-sse-close="stop()"></div>',
         '<div hx-sse:connect="/e" hx-on::sse:close="stop()"></div>'),
        ('<div data-hx-sse:connect="/e" data-hx-on::sse-open="go()"></div>',
         '<div data-hx-sse:connect="/e" data-hx-on::sse:after:connection="go()"></div>'),
        # the 2.x connection attribute (SE101 renames it in the same run)
        ('<div sse-connect="/e" hx-on::sse-open="go()"></div>',
         '<div sse-connect="/e" hx-on::sse:after:connection="go()"></div>'),
        # on an ancestor of the connection element: it bubbles there in both versions
        ('<body hx-on::sse-close="stop()"><div sse-connect="/e"></div></body>',
         '<body hx-on::sse:close="stop()"><div sse-connect="/e"></div></body>'),
        # detail.elt is the event's target
        ('<div hx-sse:connect="/e" hx-on::sse-open="mark(event.detail.elt.id)"></div>',
         '<div hx-sse:connect="/e" hx-on::sse:after:connection="mark(event.target.id)"></div>'),
        # hx-trigger: the connection events, filter and modifiers kept
        ('<span hx-get="/s" hx-trigger="htmx:sseOpen from:#feed"></span>',
         '<span hx-get="/s" hx-trigger="htmx:sse:after:connection from:#feed"></span>'),
        ('<span hx-get="/s" hx-trigger="load, htmx:sse-close from:body delay:1s"></span>',
         '<span hx-get="/s" hx-trigger="load, htmx:sse:close from:body delay:1s"></span>'),
        ('<span data-hx-get="/s" data-hx-trigger="htmx:sseClose[ok] from:body once"></span>',
         '<span data-hx-get="/s" data-hx-trigger="htmx:sse:close[ok] from:body once"></span>'),
    ],
)
def test_transformed(before, after):
    check_transformed(before, after, **HTML)


@pytest.mark.parametrize(
    "before, after, reason",
    [
        ('<div hx-sse:connect="/e" hx-on::sse-message="log(event.detail.data)"></div>',
         '<div hx-sse:connect="/e" hx-on::sse:after:message="log(event.detail.message.data)"></div>',
         "once for every message of the stream, named ones too"),
        ('<div hx-sse:connect="/e" hx-on::sse-before-message="if (!event.detail.data) event.preventDefault()"></div>',
         '<div hx-sse:connect="/e" hx-on::sse:before:message="if (!event.detail.message.data) event.preventDefault()">'
         '</div>',
         "cancelling it then also keeps"),
        ('<div hx-sse:connect="/e" hx-on::sse-error="offline()"></div>',
         '<div hx-sse:connect="/e" hx-on::sse:error="offline()"></div>',
         "each time the server ended the stream"),
        # htmx 1's value form: htmx 2 did not run it
        ('<div hx-sse:connect="/e" hx-on="htmx:sseOpen: go()"></div>',
         '<div hx-sse:connect="/e" hx-on::sse:after:connection="go()"></div>',
         "which htmx 2 did not run"),
        ('<span hx-get="/u" hx-trigger="htmx:sseMessage from:body"></span>',
         '<span hx-get="/u" hx-trigger="htmx:sse:after:message from:body"></span>',
         "check that the trigger should fire then"),
        ('<span hx-get="/u" hx-trigger="htmx:sseOpen[detail.elt.id==\'a\'] from:body"></span>',
         '<span hx-get="/u" hx-trigger="htmx:sse:after:connection[detail.elt.id==\'a\'] from:body"></span>',
         "the filter reads `detail`"),
        # handler code that names a key of the new detail (htmx 4 runs it inside with (event.detail))
        ('<div hx-sse:connect="/e" hx-on::sse-close="alert(reason)"></div>',
         '<div hx-sse:connect="/e" hx-on::sse:close="alert(reason)"></div>',
         "the handler needs a look first"),
    ],
)
def test_unsafe(before, after, reason):
    fixed, first, _ = run(before, **HTML)
    assert fixed == before
    renames = [d for d in first if d.fix is not None]
    assert len(renames) == 1 and not renames[0].fix.safe and reason in renames[0].message, \
        [d.message for d in first]
    check_transformed(before, after, **UNSAFE)


@pytest.mark.parametrize(
    "source, fragments",
    [
        # a message event on an element inside the connection element: htmx 4 fires it above
        ('<div id="feed" sse-connect="/e"><ul sse-swap="news" hx-on::sse-message="scroll()"></ul></div>',
         ["fires `htmx:sse:after:message` on the connection element (`#feed`)", "never hears it",
          "put the handler on the connection element"]),
        ('<ul sse-swap="message" hx-on:htmx:sse-before-message="x()"></ul>', ["never hears it"]),
        ('<div sse-connect="/e"><p sse-swap="n" hx-get="/n" hx-trigger="htmx:sseMessage"></p></div>',
         ["never hears it", "from:\"closest [hx-sse\\:connect]\""]),
        # a trigger of its own connection's event on the connection element
        ('<div id="t" sse-connect="/e" hx-get="/x" hx-trigger="htmx:sseOpen"></div>',
         ["on a connection element names an SSE event", "it would never connect", "from:\"#t\""]),
        # camelCase in an attribute name never ran
        ('<p hx-on:htmx:sseMessage="x()"></p>', ["never ran in htmx 2", "`hx-on::sse:after:message`"]),
        ('<p hx-on::sseOpen="x()"></p>', ["never ran in htmx 2"]),
        # the code reads what htmx 4 has no value for
        ('<div hx-sse:connect="/e" hx-on::sse-open="keep(event.detail.source)"></div>',
         ["`detail.source` was the EventSource"]),
        ('<div hx-sse:connect="/e" hx-on::sse-close="if (event.detail.type == \'message\') done()"></div>',
         ["`detail.reason`"]),
        ('<div hx-sse:connect="/e" hx-on::sse-message="show(message)"></div>',
         ["`message` here would mean `event.detail.message`"]),
        ('<div hx-sse:connect="/e" hx-on::sse-open="run(event)"></div>', ["hands the event to `run()`"]),
        # several handlers in htmx 1's form
        ('<div hx-on="htmx:sseOpen: a()\nhtmx:sseClose: b()"></div>', ["write one `hx-on::EVENT` attribute per handler"]),
        # the new name is there already
        ('<div hx-sse:connect="/e" hx-on::sse-open="a()" hx-on::sse:after:connection="b()"></div>',
         ["merge the two handlers by hand"]),
        # hyperscript
        ('<div _="on htmx:sseMessage(data) put data into me"></div>',
         ["hyperscript listens for `htmx:sseMessage`", "`htmx:sse:after:message`", "`message.data`"]),
        ('<script type="text/hyperscript">on htmx:sse-open from body log "open"</script>',
         ["hyperscript listens for `htmx:sse-open`", "`htmx:sse:after:connection`"]),
        # a renamed handler that still reads the 2.x detail
        ('<div hx-sse:connect="/e" hx-on::sse:after:message="show(event.detail.data)"></div>',
         ["`detail.data` is a 2.x detail property"]),
    ],
)
def test_reported(source, fragments):
    fixed, first, _ = run(source, **HTML)
    text = "\n".join(d.message for d in first)
    for fragment in fragments:
        assert fragment in text, text
    assert fixed == source


@pytest.mark.parametrize(
    "source",
    [
        '<div hx-sse:connect="/e" hx-on::sse:after:connection="go()" hx-on:htmx:sse:close="stop()"></div>',
        '<span hx-get="/s" hx-trigger="htmx:sse:after:message from:body"></span>',
        '<button hx-on::after-request="done()">x</button>',
        '<div hx-on::ws-open="go()"></div>',
    ],
)
def test_noop(source):
    check_noop(source, **HTML)
    _, first, _ = run(source, **HTML)
    assert not first, [d.message for d in first]


@pytest.mark.parametrize(
    "source",
    [
        '<div sse-connect="/e" hx-on--sse-open="go()"></div>',
        '<div sse-connect="/e" hx-on="htmx:sseOpen: go()"></div>',
        '<div sse-connect="/e" hx-on::sse-open="go()"></div>',
    ],
)
def test_hx201_leaves_sse_events_to_se303(source):
    _, first, _ = run(source, select=["HX201", "HX501"])
    assert not first, [d.message for d in first]


def test_template_syntax_in_the_handler_holds_the_rename_back():
    source = '<div hx-sse:connect="/e" hx-on::sse-open="go(event.detail.elt, {{ x }})"></div>'
    fixed, first, _ = run(source, filename="page.jinja", select=["SE303"])
    assert fixed == source
    assert any("template syntax in the handler" in d.message for d in first), [d.message for d in first]


def test_character_references_are_reported():
    source = '<div hx-sse:connect="/e" hx-on::sse-open="go(event.detail.elt, &quot;x&quot;)"></div>'
    fixed, first, _ = run(source, **HTML)
    assert fixed == source
    assert any("character references" in d.message for d in first)


def test_se501_is_quiet_on_what_se303_reads():
    source = '<div sse-connect="/e" hx-on::sse-open="go()"></div>\n<i _="on htmx:sseMessage log it"></i>'
    _, first, _ = run(source, select=["SE303", "SE501"])
    assert {d.code for d in first} == {"SE303"}, [d.message for d in first]
    _, first, _ = run(source, select=["SE501"])
    assert [d.code for d in first] == ["SE501", "SE501"]
