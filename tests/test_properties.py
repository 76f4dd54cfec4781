"""Properties over generated template-like HTML: random template tags, quotes, comments,
scripts and 2.x constructs.

* the engine never raises and never fails on its own rewrite;
* input without 2.x constructs comes out byte for byte;
* ``--write`` is idempotent, and ``--check`` after it reports no fixable finding;
* the output re-tokenizes: the tokens cover the text exactly, in order;
* the fast paths (template regions without the Jinja lexer, one regular expression per
  attribute) give what the careful paths give.

CI runs a fixed number of examples (derandomized, so a run is reproducible); set
HXMIGRATE_FUZZ_EXAMPLES=20000 (for instance) for a long run with fresh examples.
"""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from hxmigrate.engine import fix_text, process_text
from hxmigrate.analysis.project import Project
from hxmigrate.rules import select_rules
from hxmigrate.syntax import markup, templates
from hxmigrate.syntax.markup import tokenize
from hxmigrate.testing import make_settings

LONG = int(os.environ.get("HXMIGRATE_FUZZ_EXAMPLES", "0"))


def examples(default: int):
    return settings(
        max_examples=LONG or default,
        derandomize=not LONG,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )


# --- generators ----------------------------------------------------------------------

WS_ATTRS = [
    'ws-connect="/chat"', "ws-connect='/ws/{{ room.id }}'", "data-ws-connect=/feed", "ws-send", 'ws-send=""',
    'ws-send="true"', 'data-ws-send', 'hx-ext="ws"', "hx-ext='ws, json-enc'", 'data-hx-ext="morph,ws"',
    'hx-ws="connect:/legacy"', 'hx-ws="send"', 'hx-ws="connect:/x send"', 'hx-ext="ignore:ws"',
    'hx-trigger="revealed"', 'hx-swap-oob="true"', 'hx-on::ws-after-message="go()"',
]
PLAIN_ATTRS = [
    'class="card"', "id=main", 'hx-get="/items"', 'hx-target="#list"', 'hx-swap="outerHTML"', "disabled",
    'data-x=\'{"a": 1}\'', 'href="{% url "home" %}"', 'value="{{ form.value|default:"" }}"', "title='it''s'",
    'style="color: red"', 'hx-vals=\'{"k": "v"}\'', 'onclick="a < b && c > d"', "a=b=c", 'x="<div ws-connect>"',
]
TEMPLATE = [
    "{{ name }}", "{{ 'ws-connect' }}", '{{ "}}" }}', "{% if live %}", "{% endif %}", "{% for m in ms %}", "{% endfor %}",
    "{# ws-send comment #}", "{% raw %}<div ws-connect=\"/r\">{% endraw %}", "{% comment %}x{% endcomment %}",
    "<%= user %>", "<?php echo $x; ?>", "{{{ handlebars }}}", "{{- trimmed -}}", "{% set d = {'a': 1} %}",
]
TEXT = ["hello", " ", "\n", "\r\n", "\t", "a < b", "&amp;", "é ü 中", "'", '"', "`", "}}", "%}", "-->", ">", "<", "</"]
TAG_NAMES = ["div", "form", "span", "button", "ul", "li", "main", "section", "input", "br", "img", "table", "tr", "td"]


@st.composite
def start_tag(draw, with_ws: bool):
    name = draw(st.sampled_from(TAG_NAMES))
    pool = PLAIN_ATTRS + (WS_ATTRS if with_ws else [])
    parts = [name]
    for _ in range(draw(st.integers(0, 4))):
        if draw(st.integers(0, 6)) == 0:
            parts.append(draw(st.sampled_from(["{% if a %}", "{{ attrs }}", "{% endif %}", "<%= a %>"])))
        else:
            parts.append(draw(st.sampled_from(pool)))
    sep = draw(st.sampled_from([" ", "\n  ", " \t", "\r\n "]))
    close = draw(st.sampled_from([">", " >", "/>", ">"]))
    return "<" + sep.join(parts) + close, name


@st.composite
def document(draw, with_ws: bool = True):
    out = []
    if draw(st.booleans()):
        out.append(draw(st.sampled_from(["<!DOCTYPE html>\n", "\ufeff", "{% extends 'base.html' %}\n"])))
    stack = []
    for _ in range(draw(st.integers(0, 14))):
        choice = draw(st.integers(0, 9))
        if choice <= 3:
            tag, name = draw(start_tag(with_ws))
            out.append(tag)
            if name not in markup.VOID and not tag.endswith("/>"):
                stack.append(name)
        elif choice == 4 and stack:
            out.append(f"</{stack.pop()}>")
        elif choice == 5:
            out.append(draw(st.sampled_from(TEMPLATE if with_ws else [t for t in TEMPLATE if "ws-" not in t])))
        elif choice == 6:
            body = draw(st.sampled_from(["", "ws-connect", "-- x", "<div>", "hxmigrate: ignore[WS101]"]))
            out.append(f"<!-- {body} -->" if with_ws or "ws" not in body else "<!-- note -->")
        elif choice == 7:
            script = draw(st.sampled_from([
                "htmx.config.wsReconnectDelay = 'full-jitter';", "if (a < b) { go('</div>'); }",
                "document.body.addEventListener('htmx:wsOpen', f);", "const t = `${x}`;", "",
            ] if with_ws else ["if (a < b) { go('</div>'); }", "const t = `${x}`;", ""]))
            out.append(f"<script>{script}</script>")
        else:
            out.append(draw(st.sampled_from(TEXT)))
    while stack and draw(st.booleans()):
        out.append(f"</{stack.pop()}>")
    return "".join(out)


def contains_ws(text: str) -> bool:
    lower = text.lower()
    return any(t in lower for t in ("ws-connect", "ws-send", "hx-ws", "hx-ext", "htmx:ws", "wsreconnectdelay", "swap-oob", "hx-on"))


# --- engine properties ---------------------------------------------------------------

SETTINGS = make_settings()
PROJECT = Project(SETTINGS)
RULES = select_rules(None)
# The WebSocket family alone: htmx 2 markup without WebSocket constructs is the HX rules' work.
WS_RULES = select_rules(["WS"])


def fix(text: str, filename: str = "page.html", rules=RULES):
    return fix_text(str(SETTINGS.root / filename), text, "markup", SETTINGS, PROJECT, rules)


def assert_covers(text: str, tokens) -> None:
    pos = 0
    for t in tokens:
        assert t.start == pos and t.end >= t.start, (t, pos)
        pos = t.end
    assert pos == len(text)


@examples(150)
@given(document())
def test_engine_never_raises_and_its_output_verifies(text):
    result = process_text(str(SETTINGS.root / "page.html"), text, SETTINGS, PROJECT, RULES)
    assert result.status != "failed", result.message


def test_legacy_hx_ws_next_to_ws_connect():
    # found by the generator above: two rules once both wrote hx-ws:connect here
    text = '<div hx-ws="connect:/legacy" ws-connect="/chat">'
    result = process_text(str(SETTINGS.root / "page.html"), text, SETTINGS, PROJECT, RULES)
    assert result.status != "failed", result.message


@examples(150)
@given(document(with_ws=False))
def test_input_without_2x_constructs_is_unchanged(text):
    if contains_ws(text):
        return
    fixed, first, remaining, applied = fix(text, rules=WS_RULES)
    assert fixed == text
    assert applied == 0


@examples(150)
@given(document())
def test_write_is_idempotent_and_leaves_nothing_fixable(text):
    fixed, _, remaining, _ = fix(text)
    again, _, remaining_again, applied = fix(fixed)
    assert again == fixed
    assert applied == 0
    assert not [d for d in remaining if d.fix is not None and d.fix.safe], remaining
    assert_covers(fixed, tokenize(fixed))


# --- the syntax layer ----------------------------------------------------------------

ANY_TEXT = st.lists(
    st.sampled_from(list("<>/=\"'` \n\r\t{}%#-!?abx") + ["{{", "}}", "{%", "%}", "<%", "%>", "<?php", "?>", "ws-connect",
                                                         "</script>", "<script>", "<!--", "-->", "{% raw %}"]),
    max_size=60,
).map("".join)


@examples(300)
@given(st.one_of(ANY_TEXT, document()))
def test_tokens_cover_any_text_exactly(text):
    assert_covers(text, tokenize(text))


@examples(300)
@given(st.one_of(ANY_TEXT, document()))
def test_fast_attribute_path_reads_what_the_careful_path_reads(text):
    regions = templates.find_regions(text)
    careful = markup._Tokenizer(text, regions)
    careful._attributes_fast = lambda pos: None
    assert tokenize(text, regions) == careful.run()


@examples(300)
@given(st.one_of(ANY_TEXT, document()))
def test_regions_match_the_jinja_lexer_wherever_it_reads_the_text(text):
    jinja = templates._jinja_regions(text)
    expected = jinja if jinja is not None else templates._scan_curly(text)
    found, settled = templates._scan_curly_settled(text)
    if not settled and jinja is not None:
        found = jinja
    assert found == expected


@examples(300)
@given(st.one_of(ANY_TEXT, document()))
def test_regions_are_sorted_and_disjoint(text):
    regions = list(templates.find_regions(text))
    for a, b in zip(regions, regions[1:]):
        assert a.end <= b.start
    for r in regions:
        assert 0 <= r.start < r.end <= len(text)


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_newline_style_and_bom_survive_a_rewrite(newline):
    text = "\ufeff" + newline.join(["<div hx-ext=\"ws\" ws-connect=\"/chat\">", "  <form ws-send>", "</form></div>", ""])
    fixed, _, _, _ = fix(text)
    assert fixed != text
    assert fixed.startswith("\ufeff")
    other = {"\n", "\r\n", "\r"} - {newline}
    for nl in other:
        if nl == "\n" and newline == "\r\n" or nl == "\r" and newline == "\r\n":
            continue
        assert nl not in fixed.replace(newline, "")
    assert fixed.count(newline) == text.count(newline)


@pytest.mark.parametrize("text, expected", [
    # found by the generator: removing hx-ext must not let an unquoted value run on into "/>"
    ('<div id=main hx-ext="ws"/>', "<div id=main />"),
    ('<div id=main hx-ext="ws">', "<div id=main>"),
    ('<div id="main" hx-ext="ws"/>', '<div id="main"/>'),
])
def test_removing_an_attribute_after_an_unquoted_value(text, expected):
    fixed, _, _, _ = fix(text)
    assert fixed == expected
    result = process_text(str(SETTINGS.root / "page.html"), text, SETTINGS, PROJECT, RULES)
    assert result.status == "changed", result.message


def _lxml_tree_elements(text: str) -> list:
    """What the verifier reads, from lxml's tree (the way it read it before it read the
    parser's events): too slow for a tag with many attributes, a reference otherwise."""
    import lxml.etree as etree

    from hxmigrate.verify import _mask

    masked = _mask(text)
    if not masked.strip():
        return []
    parser = etree.HTMLParser(no_network=True, recover=True, remove_comments=True, remove_pis=True, huge_tree=True,
                              encoding="utf-8")
    root = etree.fromstring(masked.encode("utf-8"), parser)
    return [] if root is None else [el for el in root.iter() if isinstance(el.tag, str)]


def _read(elements) -> list:
    from hxmigrate.verify import _BOOLEAN

    index = {el: i for i, el in enumerate(elements)}
    # One known difference: the parser's events give a boolean attribute written without
    # a value and one written `=""` alike, as the tree gives the latter; both mean the same.
    return [(el.tag, {k: v or (k if k in _BOOLEAN else v) for k, v in el.attrib.items()}, el.text or "", el.tail or "",
             index.get(el.getparent(), -1)) for el in elements]


HTML_BITS = ["<p>", "</p>", "<b>", "</b>", "<table>", "<td>", "</table>", "<li>", "<select><option>a", "</html>", "<body>",
             "</body>", "<html>", "<head>", "<title>t</title>", "<input disabled>", '<a defer="">', "<!-- c -->",
             "<?pi x?>", "&amp;", " ", "\n", "x ", "<x y=1 y=2>", "<svg><path d='x'/></svg>", "<textarea><b></textarea>"]


@examples(300)
@given(st.one_of(document(), st.lists(st.sampled_from(HTML_BITS), max_size=30).map("".join)))
def test_the_verifier_reads_the_elements_lxmls_tree_holds(text):
    from hxmigrate.verify import _tree_elements

    assert _read(_tree_elements(text)) == _read(_lxml_tree_elements(text))
