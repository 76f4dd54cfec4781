"""HX107: hx-request is hx-config in htmx 4 (timeout as it is, credentials as the fetch() option)."""

from __future__ import annotations

import pytest

from hxmigrate.config import Settings
from hxmigrate.testing import check_noop, check_transformed, run

HTML = dict(filename="page.html", select=["HX107"])


@pytest.mark.parametrize(
    "before, after",
    [
        ('<button hx-get="/x" hx-request=\'{"timeout": 500}\'>', '<button hx-get="/x" hx-config=\'{"timeout": 500}\'>'),
        ('<button hx-get="/x" data-hx-request=\'{"timeout":500}\'>',
         '<button hx-get="/x" data-hx-config=\'{"timeout":500}\'>'),
        # htmx 2 put the braces around it
        ('<button hx-get="/x" hx-request=\'"timeout": 500\'>', '<button hx-get="/x" hx-config=\'{"timeout": 500}\'>'),
        ('<button hx-get="/x" hx-request=\'{"timeout": 500, "noHeaders": false}\'>',
         '<button hx-get="/x" hx-config=\'{"timeout": 500}\'>'),
        ('<button hx-get="/x" hx-request="{&quot;timeout&quot;: 500}">',
         '<button hx-get="/x" hx-config=\'{"timeout": 500}\'>'),
        # nothing left that htmx 4 needs
        ('<button hx-get="/x" hx-request=\'{"timeout": 0}\'>', '<button hx-get="/x">'),
        # merged over the ancestors in htmx 2
        ('<div hx-request=\'{"timeout": 500}\'><button hx-get="/x">X</button></div>',
         '<div hx-config:inherited=\'{"timeout": 500}\'><button hx-get="/x">X</button></div>'),
        ('<div hx-request=\'{"timeout": 500}\'><button hx-get="/x" hx-request=\'{"timeout": 100}\'>X</button></div>',
         '<div hx-config:inherited=\'{"timeout": 500}\'><button hx-get="/x" hx-config:append=\'{"timeout": 100}\'>X'
         '</button></div>'),
    ],
)
def test_transformed(before, after):
    check_transformed(before, after, **HTML)


def test_credentials_are_the_fetch_option_and_an_unsafe_fix():
    before = '<button hx-get="/x" hx-request=\'{"timeout": 500, "credentials": true}\'>'
    fixed, first, _ = run(before, **HTML)
    assert fixed == before and first[0].fix is not None and not first[0].fix.safe
    assert "\"include\"" in first[0].message and "htmx.config.mode" in first[0].message
    settings = Settings()
    settings.unsafe_fixes = True
    check_transformed(before, '<button hx-get="/x" hx-config=\'{"timeout": 500, "credentials": "include"}\'>',
                      settings=settings, **HTML)


@pytest.mark.parametrize(
    "source",
    ['<button hx-get="/x" hx-config=\'{"timeout": 500}\'>', '<button hx-get="/x" request="a">'],
)
def test_noop(source):
    check_noop(source, **HTML)


@pytest.mark.parametrize(
    "source, fragment",
    [
        ('<button hx-get="/x" hx-request=\'{"noHeaders": true}\'>', "`noHeaders`"),
        ('<button hx-get="/x" hx-request=\'js:{timeout: t}\'>', "evaluated JavaScript"),
        ('<button hx-get="/x" hx-request=\'{"timeout": "{{ t }}"}\'>', "template syntax"),
        ('<button hx-get="/x" hx-request=\'{"retries": 3}\'>', "`retries`"),
        ('<button hx-get="/x" hx-request=\'timeout: 500\'>', "not a JSON object"),
        ('<button hx-get="/x" hx-request=\'{"timeout": "1s"}\'>', "milliseconds"),
        ('<button hx-get="/x" hx-config=\'{"a": 1}\' hx-request=\'{"timeout": 5}\'>', "already has"),
    ],
)
def test_reported(source, fragment):
    fixed, first, _ = run(source, **HTML)
    assert fixed == source
    assert any(d.fix is None and fragment in d.message for d in first), [d.message for d in first]


def test_a_zero_timeout_below_another_is_reported():
    fixed, first, _ = run('<div hx-request=\'{"timeout": 5}\'><button hx-get="/x" hx-request=\'{"timeout": 0}\'>', **HTML)
    assert fixed == '<div hx-config:inherited=\'{"timeout": 5}\'><button hx-get="/x" hx-request=\'{"timeout": 0}\'>'
    assert any(d.fix is None and "turns off" in d.message for d in first)
