"""HX305: the htmx 2 JavaScript API htmx 4 removed."""

from __future__ import annotations

import pytest

from hxmigrate.testing import check_noop, check_transformed, run

JS = dict(filename="app.js", select=["HX305"])


@pytest.mark.parametrize(
    "before, after",
    [
        ("htmx.addClass(htmx.find('#status'), 'active');", "htmx.find('#status')?.classList.add('active');"),
        ("htmx.addClass('#status', 'active');", "document.querySelector('#status')?.classList.add('active');"),
        ("htmx.addClass(evt.target, cls);", "evt.target?.classList.add(cls);"),
        ("function f() { htmx.addClass(this, 'on'); }", "function f() { this.classList.add('on'); }"),
        ("const row = document.getElementById('r'); htmx.addClass(row, 'on');",
         "const row = document.getElementById('r'); row?.classList.add('on');"),
        ("htmx.toggleClass(document.body, 'dark');", "document.body.classList.toggle('dark');"),
        ("htmx.toggleClass('#menu', 'open');", "document.querySelector('#menu').classList.toggle('open');"),
        ("const row = htmx.closest(evt.target, 'tr');", "const row = evt.target?.closest('tr') ?? null;"),
        ("const id = htmx.closest(evt.target, 'tr').id;", "const id = (evt.target?.closest('tr') ?? null).id;"),
        ("htmx.closest(this, 'form').reset();", "this.closest('form').reset();"),
        ("htmx.remove('#flash');", "document.querySelector('#flash').remove();"),
        ("htmx.remove(evt.detail.elt);", "evt.detail.elt.remove();"),
        ("htmx.off('htmx:afterSwap', onSwap);", "document.removeEventListener('htmx:afterSwap', onSwap);"),
        ("document.body.addEventListener('x', f); htmx.off('x', f);",
         "document.body.addEventListener('x', f); document.body.removeEventListener('x', f);"),
        ("htmx.off(document.body, 'click', onClick);", "document.body.removeEventListener('click', onClick);"),
        ("htmx.off('#list', 'click', onClick);", "document.querySelector('#list').removeEventListener('click', onClick);"),
        ("htmx.logAll();", "htmx.config.logAll = true;"),
        ("window.htmx.logNone();", "window.htmx.config.logAll = false;"),
        # htmx 2's scoped find was the element's querySelector; htmx 4's searches the document
        ("htmx.find(this, '.count').textContent = '0';", "this.querySelector('.count').textContent = '0';"),
        ("const n = htmx.findAll(evt.target, 'li').length;", "const n = evt.target.querySelectorAll('li').length;"),
        ("htmx.findAll('.column').forEach(function (column) { htmx.find(column, '.count').textContent = 1; });",
         "htmx.findAll('.column').forEach(function (column) { column.querySelector('.count').textContent = 1; });"),
        ("document.querySelectorAll('tr').forEach((row) => htmx.findAll(row, 'td'));",
         "document.querySelectorAll('tr').forEach((row) => row.querySelectorAll('td'));"),
        ("const card = htmx.closest(this, '.card'); htmx.remove(htmx.find(card, '.badge'));",
         "const card = this.closest('.card'); card.querySelector('.badge').remove();"),
    ],
)
def test_transformed(before, after):
    check_transformed(before, after, **JS)


def test_inline_scripts():
    check_transformed('<script>htmx.remove("#flash");</script>',
                      '<script>document.querySelector("#flash").remove();</script>', filename="page.html",
                      select=["HX305"])


@pytest.mark.parametrize(
    "source",
    [
        "htmx.on('htmx:after:swap', f);",
        "htmx.find('#x'); htmx.findAll('.y'); htmx.process(el); htmx.trigger(el, 'go'); htmx.ajax('GET', '/x', '#y');",
        "el.classList.add('x');",
        "const find = htmx.find; htmx.find(this);",  # htmx 4 kept the name; one argument searches the document
        "myLib.addClass(el, 'x');",
        "htmx.createWebSocket = (url) => new WebSocket(url);",  # WS301's
        "htmx.createEventSource = (url) => new EventSource(url);",  # SE306's
    ],
)
def test_noop(source):
    check_noop(source, **JS)


@pytest.mark.parametrize(
    "source, fragment",
    [
        ("htmx.addClass(el, 'on', 1000);", "with a delay"),
        ("htmx.remove(el, 500);", "with a delay"),
        ("const v = htmx.values(form);", "new FormData(form)"),
        ("htmx.takeClass(tab, 'selected');", "hx-live"),
        ("htmx.logger = (elt, event, data) => console.log(event);", "logs to `console`"),
        ("htmx.defineExtension('x', {});", "registerExtension"),
        ("htmx.removeExtension('x');", "removeExtension"),
        ("htmx.swap('#x', '<p>x</p>', {swapStyle: 'innerHTML'});", "one object"),
        ("htmx.location.href = '/x';", "window.location"),
        ("htmx.ajax('GET', '/x', {target: '#y', handler: (elt, info) => {}});", "no `handler` option"),
        ("const c = htmx.closest;", "element.closest(selector)"),
        ("const on = htmx.toggleClass(el, 'x');", "classList.toggle"),
        # htmx 2 looked the string up and ignored the selector
        ("htmx.find('#list', '.item');", "ignored the second argument"),
        # htmx 2 read these as CSS, htmx 4 as its extended selectors
        ("htmx.find(form, 'closest section');", "`closest section`"),
        ("htmx.findAll(el, '.a, next li');", "`next li`"),
        ("htmx.find(el, '<.x/>');", "`<.x/>`"),
    ],
)
def test_reported(source, fragment):
    fixed, first, _ = run(source, **JS)
    assert fixed == source
    assert any(d.fix is None and fragment in d.message for d in first), [d.message for d in first]


@pytest.mark.parametrize(
    "source, fragment",
    [
        # htmx 2 took a string for a selector: a variable of unknown origin may hold one
        ("htmx.addClass(el, 'on');", "document.querySelector(el)"),
        ("htmx.remove(row);", "document.querySelector(row)"),
        # htmx 2's removeClass also removed an empty class attribute
        ("htmx.removeClass(htmx.find('#x'), 'on');", "removed the `class` attribute"),
        # a scoped find whose element may be a selector string
        ("htmx.find(el, '.x');", "el.querySelector('.x')"),
        ("htmx.find(a || b, ':is(.x, .y)');", "(a || b).querySelector(':is(.x, .y)')"),
        ("htmx.findAll('.c').forEach((col) => { col = pick(col); htmx.find(col, '.n'); });", "col.querySelector"),
    ],
)
def test_unsafe(source, fragment):
    fixed, first, _ = run(source, **JS)
    assert fixed == source
    assert any(d.fix is not None and not d.fix.safe and fragment in d.message for d in first), \
        [d.message for d in first]


@pytest.mark.parametrize(
    "source, fragment",
    [
        ('<button hx-on::click="htmx.logAll()">Debug</button>', "`htmx.logAll` in the handler of `hx-on::click`"),
        ('<a onclick="htmx.remove(this)">x</a>', "`htmx.remove` in the handler of `onclick`"),
        ("<a onclick=\"htmx.find(this, '.x').click()\">x</a>", "`htmx.find(element, selector)` in the handler"),
    ],
)
def test_removed_api_in_handler_attributes_is_reported(source, fragment):
    fixed, found, _ = run(source, filename="page.html", select=["HX305"])
    assert fixed == source
    assert any(d.fix is None and fragment in d.message for d in found), [d.message for d in found]
