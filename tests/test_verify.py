"""The markup verifier: what it accepts, what it refuses and why, as before/after tables.

It compares lxml's reading of both sides. Where that reading is no part of the markup as
written (where the parser opens <head> and <body>, and that it keeps an unknown element in
<head>) it must not refuse; where a rewrite removes, moves or copies a template tag, or the
text moves, it must. When it refuses a rewrite of markup that the HTML parser reads
differently from how it is written, it names the line instead of calling it an internal error.
"""

from __future__ import annotations

import pytest

from hxmigrate.verify import MalformedMarkup, VerificationError, malformed, verify


@pytest.mark.parametrize("before, after", [
    # lxml keeps the unknown <hx-partial> in the <head> that a leading <script>/<style>/<title>
    # opened, and then opens no <body>: no part of the markup as written.
    pytest.param('<script>1</script>\n<div id="a">x</div>',
                 '<script>1</script>\n<hx-partial hx-target="#a" hx-swap="outerHTML"><div id="a">x</div></hx-partial>',
                 id="script-first"),
    pytest.param('<style>p{}</style><ul id="l" hx-swap-oob="beforeend"><li>x</li></ul>',
                 '<style>p{}</style><hx-partial hx-target="#l" hx-swap="beforeend"><li>x</li></hx-partial>',
                 id="style-first-inner"),
    pytest.param('<title>t</title><p id="a">x</p>',
                 '<title>t</title><hx-partial hx-target="#a" hx-swap="outerHTML"><p id="a">x</p></hx-partial>',
                 id="title-first"),
    # The text after a wrapped element becomes the wrapper's tail: the same text, in the same order.
    pytest.param('<div id="a">x</div>\nhello',
                 '<hx-partial hx-target="#a" hx-swap="outerHTML"><div id="a">x</div></hx-partial>\nhello',
                 id="stray-text-after"),
    pytest.param('hi <p id="a">x</p> and <p id="b">y</p> bye',
                 'hi <hx-partial hx-target="#a" hx-swap="outerHTML"><p id="a">x</p></hx-partial> and '
                 '<hx-partial hx-target="#b" hx-swap="outerHTML"><p id="b">y</p></hx-partial> bye',
                 id="text-between"),
    pytest.param('<body hx-ext="ws" ws-connect="/ws"><p>x</p></body>', '<body hx-ws:connect="/ws" hx-swap="none"><p>x</p></body>',
                 id="body-attributes-may-change"),
    # An expression may be copied into hx-target; a template tag stays where it was.
    pytest.param('<li id="m-{{ m.id }}">{% if m.pinned %}*{% endif %}</li>',
                 '<hx-partial hx-target="#m-{{ m.id }}" hx-swap="outerHTML"><li id="m-{{ m.id }}">{% if m.pinned %}*{% endif %}</li></hx-partial>',
                 id="expression-copied"),
    pytest.param('<form ws-send="{{ url }}"></form>', '<form hx-ws:send></form>', id="expression-in-dropped-value"),
])
def test_accepted(before, after):
    verify("markup", before, after)


@pytest.mark.parametrize("before, after, message", [
    pytest.param('<ul id="l" hx-swap-oob="beforeend" {% if a %}>{% else %} class="b">{% endif %}<li>x</li></ul>',
                 '<hx-partial hx-target="#l" hx-swap="beforeend">{% else %} class="b">{% endif %}<li>x</li></hx-partial>',
                 "line 1: the rewrite would remove the template tag `{% if a %}`", id="half-a-block-removed"),
    pytest.param('<form ws-send="{% if x %}">{% endif %}</form>', '<form hx-ws:send>{% endif %}</form>',
                 "remove the template tag `{% if x %}`", id="tag-in-dropped-value"),
    pytest.param('<script src="a.js" integrity="{% sri \'a\' %}"></script>', '<script src="b.js"></script>',
                 "remove the template tag `{% sri 'a' %}`", id="tag-in-removed-integrity"),
    pytest.param('<li id="r-{% cycle \'a\' \'b\' %}">x</li>',
                 '<hx-partial hx-target="#r-{% cycle \'a\' \'b\' %}" hx-swap="outerHTML"><li id="r-{% cycle \'a\' \'b\' %}">x</li></hx-partial>',
                 "copy the template tag `{% cycle 'a' 'b' %}`", id="tag-copied"),
    pytest.param('{{#each items}}<li id="a">x</li>{{/each}}', '<li id="a">x</li>', "remove the template tag `{{#each items}}`",
                 id="handlebars-block"),
    pytest.param('<% if a %><p id="a">x</p><% end %>', '<p id="a">x</p><% end %>', "remove the template tag `<% if a %>`",
                 id="erb-code"),
    pytest.param('<div id="a">x</div>y', '<div id="a"></div>xy', "its text changed", id="text-moved-out"),
    pytest.param('<body class="a"><p>x</p></body>', '<body class="b"><p>x</p></body>', "<body>: attribute 'class'",
                 id="body-attribute"),
])
def test_refused(before, after, message):
    with pytest.raises(VerificationError) as exc:
        verify("markup", before, after)
    assert message in str(exc.value)
    assert not isinstance(exc.value, MalformedMarkup)


@pytest.mark.parametrize("text, found", [
    ('{# hxmigrate: ws-message #}\n<small id="d"><p>hi</small>\n',
     (2, "<p> is written inside <small> (line 2), but an HTML parser reads it at the top level")),
    ('<div>\n<a id="a" href="#">\n<a id="b">x</a></a></div>', (3, "<a> is written inside <a> (line 2), but an HTML parser reads it inside <div>")),
    ('<ul><li id="a">1<li id="b">2</ul><p>x<div>y</div>', None),  # implied end tags are read as written
    ('<div id="a">{% if x %}<p>y</p>{% endif %}</div>', None),
])
def test_malformed_names_the_line(text, found):
    assert malformed(text) == found


def test_a_refusal_over_malformed_input_names_it():
    before = '<small id="d"><p>hi</small>'
    after = '<hx-partial hx-target="#d" hx-swap="outerHTML"><small id="d"><p>hi</small></hx-partial>'
    with pytest.raises(MalformedMarkup) as exc:
        verify("markup", before, after)
    assert exc.value.line == 1 and "<p> is written inside <small>" in str(exc.value)


@pytest.mark.parametrize("before, after, message", [
    ('<p>{% if a %}x{% endif %}</p>\n<p>{% if b %}y{% endif %}</p>', '<p>{% if b %}y{% endif %}</p>\n<p>{% if a %}x{% endif %}</p>',
     "line 1: the rewrite would move the template tag `{% if a %}`"),
    ('<p>x</p>\n<p id="a-{% now "U" %}">y</p>', '<p data-x="{% now "U" %}">x</p>\n<p id="a-{% now "U" %}">y</p>',
     "line 2: the rewrite would copy the template tag `{% now \"U\" %}`"),
])
def test_refusal_names_the_template_tag_and_its_line(before, after, message):
    with pytest.raises(VerificationError) as exc:
        verify("markup", before, after)
    assert message in str(exc.value)
