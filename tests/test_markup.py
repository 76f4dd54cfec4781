"""The tokenizer: exact offsets, template regions opaque, never raises, lossless."""

from hypothesis import given, settings, strategies as st
import pytest

from hxmigrate.syntax.markup import Attr, Comment, EndTag, MarkupView, RawText, StartTag, Template, Text, tokenize
from hxmigrate.syntax.templates import find_regions


def spans(text):
    return [(type(t).__name__, text[t.start : t.end]) for t in tokenize(text)]


def test_tokens_cover_the_text_exactly():
    text = '<!DOCTYPE html>\n<p class="a">x {{ y }} <!-- c --></p><script>a<b</script>'
    tokens = tokenize(text)
    assert "".join(text[t.start : t.end] for t in tokens) == text
    assert [type(t) for t in tokens] == [
        type(tokens[0]), Text, StartTag, Text, Template, Text, Comment, EndTag, StartTag, RawText, EndTag,
    ]


@pytest.mark.parametrize(
    "text, name, value, quote",
    [
        ('<div ws-connect="/a">', "ws-connect", "/a", '"'),
        ("<div ws-connect='/a'>", "ws-connect", "/a", "'"),
        ("<div ws-connect=/a>", "ws-connect", "/a", ""),
        ("<div ws-connect = /a >", "ws-connect", "/a", ""),
        ("<div WS-Connect>", "WS-Connect", None, ""),
        ('<div ws-connect="{{ "\\"}}" }}">', "ws-connect", '{{ "\\"}}" }}', '"'),
        ('<div ws-connect="<%= a ? "x" : "y" %>">', "ws-connect", '<%= a ? "x" : "y" %>', '"'),
    ],
)
def test_attribute_spans(text, name, value, quote):
    tag = tokenize(text)[0]
    assert isinstance(tag, StartTag)
    attr = tag.attrs[0]
    assert (attr.name, attr.value, attr.quote) == (name, value, quote)
    assert text[attr.start : attr.name_end] == name
    if value is not None:
        assert text[attr.value_start : attr.value_end] == value


def test_template_between_attributes_is_an_item():
    text = '<div {% if a %}hx-ext="ws"{% endif %} id=x>'
    tag = tokenize(text)[0]
    kinds = [type(i).__name__ for i in tag.items]
    assert kinds == ["Region", "Attr", "Region", "Attr"]


def test_quote_inside_template_does_not_end_value():
    text = """<a title='{{ "it's" }}' ws-send>"""
    tag = tokenize(text)[0]
    assert [a.name for a in tag.attrs] == ["title", "ws-send"]
    assert tag.attrs[0].value_has_template


def test_gt_inside_template_does_not_end_tag():
    text = '<div {% if a > b %}id="x"{% endif %} ws-send></div>'
    tag = tokenize(text)[0]
    assert tag.end == text.index("></div>") + 1
    assert [a.name for a in tag.attrs] == ["id", "ws-send"]


@pytest.mark.parametrize("element", ["script", "style", "textarea", "title", "SCRIPT"])
def test_raw_text_is_not_markup(element):
    text = f'<{element}><div ws-connect="/x"></{element}><b>'
    tokens = tokenize(text)
    assert isinstance(tokens[1], RawText)
    assert sum(isinstance(t, StartTag) for t in tokens) == 2


def test_unclosed_raw_text_runs_to_end():
    tokens = tokenize("<script>var a = '<div ws-connect>'")
    assert isinstance(tokens[-1], RawText)


def test_unclosed_comment_swallows_the_rest():
    tokens = tokenize('<!-- <div ws-connect="/x">')
    assert len(tokens) == 1 and isinstance(tokens[0], Comment) and not tokens[0].closed


def test_tag_cut_off_by_end_of_file_is_text():
    tokens = tokenize('<p>a</p><div ws-connect="/x')
    assert isinstance(tokens[-1], Text)


@pytest.mark.parametrize("text", ["a < b", "<3", "< div>", "<>", "</ >", "<!>", "<?x>", "</1>"])
def test_stray_lt_never_makes_a_tag(text):
    assert not any(isinstance(t, StartTag) for t in tokenize(text))


def test_django_comment_block_is_one_region():
    text = "{% comment %}<div ws-connect>{% if x %}{% endcomment %}<b>"
    regions = list(find_regions(text))
    assert [(r.kind, text[r.start : r.end]) for r in regions] == [("comment", text[: text.index("<b>")])]


def test_elements_tree():
    view = MarkupView("<ul id=a><li>1<li>2</ul><p>x</p>{% if y %}<br>{% endif %}")
    roots = view.elements
    assert [e.tag.lname for e in roots] == ["ul", "p", "br"]
    assert [c.tag.lname for c in roots[0].children] == ["li", "li"]


def test_remove_attr_takes_preceding_whitespace():
    text = '<div\n  hx-ext="ws"\n  id="a">'
    view = MarkupView(text)
    tag = next(view.start_tags())
    edit = view.remove_attr(tag, tag.attrs[0])
    assert text[: edit.start] + text[edit.end :] == '<div\n  id="a">'


template_like = st.lists(
    st.sampled_from(
        ["<div", ">", "</div>", " ", "\n", "\r\n", "ws-connect", "=", '"', "'", "{{", "}}", "{%", "%}", "{#", "#}",
         "<%", "%>", "<?php", "?>", "<!--", "-->", "<script>", "</script>", "a", "hx-ext", "ws", "<", "/", "\t", "\ufeff"]
    ),
    max_size=40,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(template_like)
def test_tokenizer_is_lossless_and_total(text):
    tokens = tokenize(text)
    assert "".join(text[t.start : t.end] for t in tokens) == text
    for t in tokens:
        if isinstance(t, StartTag):
            for item in t.items:
                assert t.start <= item.start <= item.end <= t.end
                if isinstance(item, Attr) and item.value is not None:
                    assert text[item.value_start : item.value_end] == item.value


def test_a_self_closing_script_has_no_content_to_read():
    """Found by the fuzzer: a browser reads what follows `<script/>` as script text, lxml (the
    verifier's parser) as markup; a rule rewriting it as script could never verify."""
    view = MarkupView("<script src=\"a.js\"/>'htmx:afterRequest'\n<p>x</p>\n<script>go('htmx:load')</script><i>")
    contents = [(tag.self_closing, view.text[raw.start:raw.end] if raw else None) for tag, raw in view.scripts()]
    assert contents == [(True, None)]  # to a browser the second script is inside the first one's text
