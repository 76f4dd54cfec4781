"""Classes of input that once ended in "internal error: the rewrite did not verify", or in a
template that no longer compiled, each through the real CLI (`--write`): what is written,
what is reported, and the exit code.

Template tags are never removed, moved or copied: where an edit would, the element is
reported and left as it is. A rewrite the verifier cannot check because the markup is
malformed is refused with the line of what is malformed, not as an internal error."""

from __future__ import annotations

import pytest

from test_discovery import hx

MARK = "{# hxmigrate: ws-message #}\n"


@pytest.mark.parametrize("name, before, after, code, says", [
    # --- messages the verifier refused although the rewrite was right -------------------------
    pytest.param("m.html", MARK + '<script>window.n = 1;</script>\n<div id="a">x</div>\n',
                 MARK + '<script>window.n = 1;</script>\n<hx-partial hx-target="#a" hx-swap="outerHTML"><div id="a">x</div></hx-partial>\n',
                 1, "WS203", id="script-before-an-id-element"),
    pytest.param("m.html", MARK + '<style>.new { color: red }</style>\n<ul id="log" hx-swap-oob="beforeend"><li>x</li></ul>\n',
                 MARK + '<style>.new { color: red }</style>\n<hx-partial hx-target="#log" hx-swap="beforeend"><li>x</li></hx-partial>\n',
                 1, "WS203", id="style-before-an-id-element"),
    pytest.param("m.html", MARK + '<div id="a">x</div>\nhello\n',
                 MARK + '<hx-partial hx-target="#a" hx-swap="outerHTML"><div id="a">x</div></hx-partial>\nhello\n',
                 1, "text `hello` at the top level", id="stray-text-after-an-id-element"),
    # --- wrong rewrites the verifier caught ---------------------------------------------------
    # A browser keeps the first of duplicate attributes; every copy goes with the wrap.
    pytest.param("m.html", MARK + '<div id="a" hx-swap-oob="true" hx-swap-oob="beforeend">x</div>\n',
                 MARK + '<hx-partial hx-target="#a" hx-swap="outerHTML"><div id="a">x</div></hx-partial>\n',
                 0, "WS201", id="duplicate-hx-swap-oob"),
    # 2.x read hx-swap-oob before data-hx-swap-oob, wherever each stands.
    pytest.param("m.html", MARK + '<div id="a" data-hx-swap-oob="beforeend" hx-swap-oob="true">x</div>\n',
                 MARK + '<hx-partial hx-target="#a" hx-swap="outerHTML"><div id="a">x</div></hx-partial>\n',
                 0, "WS201", id="both-names-of-hx-swap-oob"),
    # hx-swap="none" right after "ws-connect=" would have become its value.
    pytest.param("p.html", '<s ws-connect=>\n', '<s hx-ws:connect="" hx-swap="none">\n', 0, "WS101",
                 id="empty-unquoted-ws-connect"),
    # --- template tags the rewrite would have removed -----------------------------------------
    pytest.param("m.html", MARK + '<ul id="log" hx-swap-oob="beforeend" {% if a %}>{% else %} class="b">{% endif %}<li>x</li></ul>\n',
                 None, 1, "WS202 the template tag `{% if a %}` is in the start tag of <ul>", id="half-a-block-in-a-start-tag"),
    pytest.param("m.html", MARK + '<li id="row-{% cycle \'odd\' \'even\' %}">x</li>\n', None, 1,
                 "WS202 the id of <li> is written with the template tag `{% cycle 'odd' 'even' %}`", id="template-tag-in-an-id"),
    pytest.param("m.html", MARK + '<div id="a" hx-swap-oob="outerHTML:#x-{% if b %}1{% endif %}">x</div>\n', None, 1,
                 "WS202 the hx-swap-oob selector of <div>", id="template-tag-in-a-selector"),
    pytest.param("m.html", MARK + '<div id="a" hx-swap-oob="true" hx-swap-oob="{% if b %}x{% endif %}">x</div>\n', None, 1,
                 "is in an hx-swap-oob attribute of <div>, which the rewrite removes", id="template-tag-in-a-duplicate"),
    pytest.param("p.html", '<div hx-ext="ws" ws-connect="/x"><form ws-send="{% if x %}">{% endif %}</form></div>\n',
                 '<div hx-ws:connect="/x" hx-swap="none"><form ws-send="{% if x %}">{% endif %}</form></div>\n',
                 1, "has a template tag, which hxmigrate never removes", id="template-tag-in-a-ws-send-value"),
    pytest.param("p.html", '<div ws-connect="/x"><form ws-send="{{ send_url }}"></form></div>\n',
                 '<div hx-ws:connect="/x" hx-swap="none"><form hx-ws:send></form></div>\n',
                 0, "its value '{{ send_url }}' is dropped", id="template-expression-in-a-ws-send-value"),
    pytest.param("p.html", '<div hx-ws="connect:/chat" hx-ws="{% if admin %}send{% endif %}"></div>\n', None, 1,
                 "holds the template tag `{% if admin %}`, which hxmigrate never removes", id="template-tag-in-a-duplicate-hx-ws"),
    pytest.param("p.html", '<script src="https://unpkg.com/htmx-ext-ws@2.0.4/ws.js" integrity="{% sri \'ws\' %}"></script>\n',
                 None, 1, "is written by the template tag `{% sri 'ws' %}`", id="template-tag-in-an-integrity"),
    # --- classes a fuzzing run found -----------------------------------------------------------
    # Template tags in an HTML comment run all the same: the <div> spans two branches.
    pytest.param("m.html", MARK + '<!-- {% if c %} --><div id="x">{% endif %}</div>\n', None, 1,
                 "starts and ends in different template branches", id="block-tags-in-a-comment"),
    # A selector holding a double quote is written in single quotes.
    pytest.param("m.html", MARK + '<div hx-swap-oob=outerHTML:"></div>\n',
                 MARK + '<hx-partial hx-target=\'"\' hx-swap=\'outerHTML\'><div></div></hx-partial>\n', 0, "WS201",
                 id="quote-in-an-unquoted-selector"),
    # A <li> that ends an unclosed <li>: a wrapper before it would keep the first one open.
    pytest.param("m.html", MARK + '<li hx-swap-oob=beforeend:"><li id=i></li></li>\n', None, 1,
                 "ends the unclosed <li> before it", id="element-ending-an-unclosed-one"),
    # An attribute removed from between a name and what follows it with no space.
    pytest.param("p.html", '<d hx-ws="connect:l"" ws-connect=t>\n', '<d " hx-ws:connect=t hx-swap="none">\n', 0,
                 "WS104", id="attribute-followed-by-no-space"),
    # A URL holding a double quote is written in single quotes.
    pytest.param("p.html", '<n hx-ws=connect:">\n', '<n hx-ws:connect=\'"\' hx-swap="none">\n', 0, "WS104",
                 id="quote-in-an-unquoted-hx-ws-url"),
    # An id written with an expression and a quote, unquoted: the partial's target holds both.
    pytest.param("m.html", MARK + '<li id={{d}}"></li>\n',
                 MARK + '<hx-partial hx-target="#{{d}}\\&quot;" hx-swap="outerHTML"><li id={{d}}"></li></hx-partial>\n',
                 0, "WS201", id="expression-and-quote-in-an-unquoted-id"),
    # A </tbody> that also ends an unclosed <tr>: the partial's end tag would not be read so.
    pytest.param("m.html", MARK + '<tbody id=r hx-swap-oob="beforeend"><tr></tbody>\n', None, 1,
                 "also ends the unclosed <tr> inside it", id="end-tag-ending-an-unclosed-row"),
    # A block opened between the attributes of a start tag, closed after its end tag.
    pytest.param("m.html", MARK + '<small id=u {%if c%}></small>{%endif%}\n', None, 1,
                 "starts and ends in different template branches", id="block-opened-in-a-start-tag"),
    # A replaced attribute that something follows with no space keeps a space after it.
    pytest.param("p.html", '<l hx-ws="send"li>x</l>\n', '<l hx-ws:send li>x</l>\n', 0, "WS104",
                 id="replaced-attribute-followed-by-no-space"),
    # <html>, <head>, <body> at the top level of a message: no parser reads them there.
    pytest.param("m.html", MARK + '<body id="b" hx-swap-oob="innerHTML">x</body>\n', None, 1,
                 "an HTML parser reads no <body> element inside a message", id="body-in-a-message"),
    # An element holding an <hx-partial> tag already (here a stray end tag).
    pytest.param("m.html", MARK + '<form id=d><input>x</hx-partial>h</form>\n', None, 1,
                 "holds an <hx-partial> tag already", id="stray-partial-end-tag-in-an-element"),
    # A raw-text element whose children 2.x swapped: as a partial's content it would be markup.
    pytest.param("m.html", MARK + '<script id="s" hx-swap-oob="innerHTML">go()</script>\n', None, 1,
                 "its content is text to an HTML parser", id="script-children-swap"),
    # A block opened inside an end tag.
    pytest.param("m.html", MARK + '<h3 id=s></h3{%if c%}>{%endif%}\n', None, 1,
                 "starts and ends in different template branches", id="block-opened-in-an-end-tag"),
    # A void element whose start tag closes a block opened before it.
    pytest.param("m.html", MARK + '{% if c %}<input id="i" {% endif %}>\n', None, 1,
                 "starts and ends in different template branches", id="void-element-closing-a-block"),
    # 1.x hx-ws next to a ws-connect without a URL: which socket opened cannot be told.
    pytest.param("p.html", '<p hx-ws="connect:/a" ws-connect>x</p>\n',
                 '<p hx-ws="connect:/a" hx-ws:connect hx-swap="none">x</p>\n', 1, "without a URL",
                 id="hx-ws-next-to-an-empty-ws-connect"),
    # --- malformed markup: refused, and the message says what and where -------------------------
    pytest.param("m.html", MARK + '<small id="d"><p>hi</small>\n', None, 2,
                 "line 2: <p> is written inside <small> (line 2), but an HTML parser reads it at the top level: "
                 "the markup is malformed there", id="p-inside-small"),
])
def test_class(tmp_path, name, before, after, code, says):
    path = tmp_path / name
    path.write_text(before)
    # About the rewrite of one file, not about what the server sends (WS111 has tests of its own).
    r = hx(name, "--write", "--ignore", "WS111", cwd=tmp_path)
    assert r.returncode == code, r.stdout + r.stderr
    assert path.read_text() == (before if after is None else after)
    assert "internal error" not in r.stdout + r.stderr
    if code == 2:
        assert says in r.stderr
    else:
        # The findings of what --write changed are not printed again: --check shows them all.
        path.write_text(before)
        assert says in hx(name, "--check", cwd=tmp_path).stdout
