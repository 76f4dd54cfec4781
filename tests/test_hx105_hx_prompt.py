"""HX105: hx-prompt needs htmx 4's hx-prompt.js, loaded after the core; a container's is :inherited."""

from __future__ import annotations

import pytest

from hxmigrate.analysis.script_urls import sri_table
from hxmigrate.testing import check_noop, check_transformed, run

HTML = dict(filename="page.html", select=["HX105"])
CORE2 = '<script src="https://unpkg.com/htmx.org@2.0.8/dist/htmx.min.js"></script>'
CORE4 = '<script src="https://unpkg.com/htmx.org@4.0.1/dist/htmx.min.js"></script>'
PROMPT = '<script src="https://unpkg.com/htmx.org@4.0.1/dist/ext/hx-prompt.min.js"></script>'
BUTTON = '<button hx-post="/x" hx-prompt="Name?">Go</button>'


@pytest.mark.parametrize(
    "before, after",
    [
        (f"<head>\n  {CORE2}\n</head>\n{BUTTON}", f"<head>\n  {CORE2}\n  {PROMPT}\n</head>\n{BUTTON}"),
        (f"<head>{CORE2}</head>{BUTTON}", f"<head>{CORE2}{PROMPT}</head>{BUTTON}"),
        (f"<head>\r\n  {CORE4}\r\n</head>\r\n{BUTTON}", f"<head>\r\n  {CORE4}\r\n  {PROMPT}\r\n</head>\r\n{BUTTON}"),
        # the same CDN, minified as the core is, deferred as the core is
        ('<script src="https://cdn.jsdelivr.net/npm/htmx.org@2.0.8/dist/htmx.js" defer></script>\n' + BUTTON,
         '<script src="https://cdn.jsdelivr.net/npm/htmx.org@2.0.8/dist/htmx.js" defer></script>\n'
         '<script src="https://cdn.jsdelivr.net/npm/htmx.org@4.0.1/dist/ext/hx-prompt.js" defer></script>\n' + BUTTON),
        ('<script src="https://cdnjs.cloudflare.com/ajax/libs/htmx/2.0.4/htmx.min.js"></script>\n' + BUTTON,
         '<script src="https://cdnjs.cloudflare.com/ajax/libs/htmx/2.0.4/htmx.min.js"></script>\n'
         '<script src="https://cdnjs.cloudflare.com/ajax/libs/htmx/4.0.1/ext/hx-prompt.min.js"></script>\n' + BUTTON),
        # a container's question reached the requests below it
        (f"{CORE2}\n<div hx-prompt=\"Sure?\"><button hx-delete=\"/x\">X</button></div>",
         f"{CORE2}\n{PROMPT}\n<div hx-prompt:inherited=\"Sure?\"><button hx-delete=\"/x\">X</button></div>"),
    ],
)
def test_transformed(before, after):
    check_transformed(before, after, **HTML)


def test_integrity_and_crossorigin_follow_the_core():
    core = CORE4.replace("></script>", ' integrity="sha384-x" crossorigin="use-credentials"></script>')
    digest = sri_table()["htmx.org@4.0.1/dist/ext/hx-prompt.min.js"]
    check_transformed(f"{core}\n{BUTTON}", f"{core}\n{PROMPT[:-10]} integrity=\"{digest}\" "
                      f"crossorigin=\"use-credentials\"></script>\n{BUTTON}", **HTML)


@pytest.mark.parametrize(
    "source",
    [
        f"{CORE4}\n{PROMPT}\n{BUTTON}",
        f"{CORE4}\n<script src=\"/static/hx-prompt.js\"></script>\n{BUTTON}",
        f"{CORE4}\n{PROMPT}\n<div hx-prompt:inherited=\"Sure?\"><button hx-delete=\"/x\">X</button></div>",
        f"{CORE2}\n<button hx-post=\"/x\">Go</button>",
    ],
)
def test_noop(source):
    check_noop(source, **HTML)


@pytest.mark.parametrize(
    "source, fragment",
    [
        (BUTTON, "this file loads no htmx core from a CDN"),
        ('<script type="module" src="https://unpkg.com/htmx.org@2.0.8/dist/htmx.esm.js"></script>' + BUTTON,
         "ES module"),
        ('<script async src="https://unpkg.com/htmx.org@2.0.8"></script>' + BUTTON, "`async`"),
        ('{% if debug %}<script src="https://unpkg.com/htmx.org@2.0.8/dist/htmx.js"></script>{% else %}'
         '<script src="https://unpkg.com/htmx.org@2.0.8/dist/htmx.min.js"></script>{% endif %}' + BUTTON,
         "more than one script tag"),
    ],
)
def test_reported(source, fragment):
    fixed, first, _ = run(source, **HTML)
    assert fixed == source
    assert any(d.fix is None and fragment in d.message and "URI-encoded" in d.message for d in first), \
        [d.message for d in first]


def test_one_script_for_many_prompts():
    fixed, first, _ = run(f"{CORE2}\n{BUTTON}\n{BUTTON}", **HTML)
    assert fixed == f"{CORE2}\n{PROMPT}\n{BUTTON}\n{BUTTON}"
    assert sum(d.fix is not None for d in first) == 1


def test_a_container_on_a_page_written_for_htmx_4_is_reported():
    source = f"{CORE4}\n{PROMPT}\n<div hx-prompt=\"Sure?\"><button hx-delete=\"/x\">X</button></div>"
    fixed, first, _ = run(source, **HTML)
    assert fixed == source and "reaches no other element in htmx 4" in first[0].message
