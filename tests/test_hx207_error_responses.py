"""HX207: htmx 2 swapped no 4xx/5xx response; htmx 4 swaps all but noSwap's. Restored once,
on the page that loads the htmx core."""

from __future__ import annotations

import pytest

from hxmigrate.analysis.project import Project
from hxmigrate.testing import check_noop, check_transformed, make_settings, run
from hxmigrate.verify import verify

HTML = dict(filename="page.html", select=["HX207"])
CDN2 = '<script src="https://unpkg.com/htmx.org@2.0.8"></script>'
CDN4 = '<script src="https://cdn.jsdelivr.net/npm/htmx.org@4.0.1/dist/htmx.min.js"></script>'
META = "<meta name=\"htmx-config\" content='{\"noSwap\":[204,304,\"4xx\",\"5xx\"]}'>"
TARGETS = '<script src="https://unpkg.com/htmx-ext-response-targets@2.0.4"></script>'


def transformed(before, after, **kwargs):
    check_transformed(before, after, **dict(HTML, **kwargs))
    verify("markup", before, after)


@pytest.mark.parametrize(
    "before, after",
    [
        (f"<head>\n  {CDN2}\n</head>", f"<head>\n  {META}\n  {CDN2}\n</head>"),
        (f"<head><title>x</title>{CDN2}</head><body></body>",
         f"<head><title>x</title>{META} {CDN2}</head><body></body>"),
        # the page's own meta gets the key, in its own style
        (f"<meta name=\"htmx-config\" content='{{\"defaultSwapStyle\": \"outerHTML\"}}'>\n{CDN2}",
         f"<meta name=\"htmx-config\" content='{{\"defaultSwapStyle\": \"outerHTML\", \"noSwap\": [204, 304, \"4xx\", "
         f"\"5xx\"]}}'>\n{CDN2}"),
        (f'<meta name="htmx-config" content="{{&quot;timeout&quot;:5000}}">{CDN2}',
         f'<meta name="htmx-config" content="{{&quot;timeout&quot;:5000,&quot;noSwap&quot;:[204,304,&quot;4xx&quot;,'
         f'&quot;5xx&quot;]}}">{CDN2}'),
        (f"<meta name='htmx-config' content=' {{}}'>{CDN2}",
         f"<meta name='htmx-config' content='{{\"noSwap\":[204,304,\"4xx\",\"5xx\"]}}'>{CDN2}"),
        # a page that loads response-targets: inherited hx-status on <body>, which targets override
        (f"<head>{CDN2}{TARGETS}</head>\n<body hx-ext=\"response-targets\">",
         f"<head>{CDN2}{TARGETS}</head>\n<body hx-status:4xx:inherited=\"swap:none\" "
         f"hx-status:5xx:inherited=\"swap:none\" hx-ext=\"response-targets\">"),
        # ... less what <body> sends to a target itself
        (f"<head>{CDN2}</head>\n<body hx-target-5*=\"#oops\"><main hx-target-error=\"#e\"></main>",
         f"<head>{CDN2}</head>\n<body hx-status:4xx:inherited=\"swap:none\" hx-target-5*=\"#oops\">"
         "<main hx-target-error=\"#e\"></main>"),
    ],
)
def test_transformed(before, after):
    transformed(before, after)


def test_every_branch_that_loads_the_core_gets_the_meta():
    before = ("{% if debug %}\n  " + CDN2.replace("htmx.org@2.0.8", "htmx.org@2.0.8/dist/htmx.js") + "\n{% else %}\n  "
              + CDN2 + "\n{% endif %}")
    after = ("{% if debug %}\n  " + META + "\n  " + CDN2.replace("htmx.org@2.0.8", "htmx.org@2.0.8/dist/htmx.js")
             + "\n{% else %}\n  " + META + "\n  " + CDN2 + "\n{% endif %}")
    transformed(before, after)


def test_unpinned_core_on_a_2x_project():
    settings = make_settings()
    project = Project(settings, htmx_majors=frozenset({2}))
    before = '<script src="https://unpkg.com/htmx.org"></script>'
    transformed(before, META + "\n" + before, settings=settings, project=project)


@pytest.mark.parametrize(
    "source",
    [
        f"<head>\n  {META}\n  {CDN2}\n</head>",
        f"<head>\n  {META}\n  {CDN4}\n</head>",
        f"<head>{CDN4}</head>",  # written for htmx 4
        '<script src="https://unpkg.com/htmx.org"></script>',  # the newest release, htmx 4
        '<script src="/static/htmx.min.js"></script>',  # HX301 reports it
        '<button hx-get="/x">no script tag here</button>',
        f'<head>{CDN2}</head><body hx-status:4xx:inherited="swap:none" hx-status:5xx:inherited="target:#e">',
    ],
)
def test_noop(source):
    check_noop(source, **HTML)


@pytest.mark.parametrize(
    "source, fragment",
    [
        (f"<meta name=\"htmx-config\" content='{{\"responseHandling\": [{{\"code\": \"204\", \"swap\": false}}, "
         f"{{\"code\": \"422\", \"swap\": true}}, {{\"code\": \"[23]..\", \"swap\": true}}, "
         f"{{\"code\": \"[45]..\", \"swap\": false, \"error\": true}}]}}'>{CDN2}",
         '`"noSwap": [204,"40x","41x",420,421,423,424,425,426,427,428,429,"43x","44x","45x","46x","47x","48x","49x",'
         '"5xx"]`'),
        (f"<meta name=\"htmx-config\" content='{{\"responseHandling\": [{{\"code\": \".*\", \"swap\": true, "
         f"\"target\": \"#x\"}}]}}'>{CDN2}", "`target` become `hx-status:CODE`"),
        (f"<meta name=\"htmx-config\" content='{{\"noSwap\": [204]}}'>{CDN2}", "add \"4xx\" and \"5xx\""),
        (f"{CDN2}\n<meta name=\"htmx-config\" content='{{\"timeout\": 1}}'>", "move the meta above"),
        (f"<meta name=\"htmx-config\" content='{{{{ config }}}}'>{CDN2}", "template syntax"),
        (f"<meta name=\"htmx-config\" content='{{timeout: 1}}'>{CDN2}", "not JSON"),
        (f"{CDN2}<script>htmx.config.responseHandling = []</script>", "sets `responseHandling`"),
        (f"{CDN2}<div hx-on::before-swap=\"event.detail.shouldSwap = true\"></div>", "sets `shouldSwap`"),
        (f"<head>{CDN2}{TARGETS}</head>", "no `<body>` tag here"),
        (f"<head>{CDN2}{TARGETS}</head><body {{% if x %}}class=\"a\"{{% endif %}}>", "holds template syntax"),
    ],
)
def test_reported(source, fragment):
    fixed, first, _ = run(source, **HTML)
    assert fixed == source
    assert any(d.fix is None and fragment in d.message for d in first), [d.message for d in first]


def test_a_svelte_page_is_told():
    source = f"<svelte:head>{CDN2}</svelte:head>"
    fixed, first, _ = run(source, filename="App.svelte", select=["HX207"])
    assert fixed == source
    assert any(d.fix is None and "with the braces escaped" in d.message for d in first), [d.message for d in first]
