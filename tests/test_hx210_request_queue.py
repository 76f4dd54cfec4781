"""HX210: htmx 2 kept the last request an element triggered while its request was out, htmx 4
keeps the first. Restored (unsafe) once per page, on its <body>."""

from __future__ import annotations

import pytest

from hxmigrate.testing import check_noop, check_transformed, make_settings, run
from hxmigrate.verify import verify

CDN2 = '<script src="https://unpkg.com/htmx.org@2.0.8"></script>'
CDN4 = '<script src="https://cdn.jsdelivr.net/npm/htmx.org@4.0.1/dist/htmx.min.js"></script>'
UNSAFE = dict(filename="page.html", select=["HX210"], settings=make_settings(unsafe_fixes=True))


@pytest.mark.parametrize(
    "before, after",
    [
        (f"<head>{CDN2}</head>\n<body>\n<input name=q hx-get=/search hx-trigger=keyup>",
         f"<head>{CDN2}</head>\n<body hx-sync:inherited=\"queue last\">\n<input name=q hx-get=/search hx-trigger=keyup>"),
        (f"<head>{CDN2}</head><BODY class=\"app\" hx-boost=\"true\">",
         f"<head>{CDN2}</head><BODY hx-sync:inherited=\"queue last\" class=\"app\" hx-boost=\"true\">"),
        (f"{{% block head %}}{CDN2}{{% endblock %}}<body {{% block body_attrs %}}{{% endblock %}}>",
         f"{{% block head %}}{CDN2}{{% endblock %}}<body hx-sync:inherited=\"queue last\" "
         f"{{% block body_attrs %}}{{% endblock %}}>"),
    ],
)
def test_transformed_with_unsafe_fixes(before, after):
    check_transformed(before, after, **UNSAFE)
    verify("markup", before, after)


def test_reported_without_unsafe_fixes():
    source = f"<head>{CDN2}</head><body>"
    fixed, found, _ = run(source, filename="page.html", select=["HX210"])
    assert fixed == source
    assert [d.code for d in found] == ["HX210"]
    assert found[0].fix is not None and not found[0].fix.safe
    assert "htmx 2 kept the last" in found[0].message and "--unsafe-fixes" in found[0].message


@pytest.mark.parametrize(
    "source, fragment",
    [
        # the script in a head partial: no <body> to write on
        (f"{CDN2}\n<link rel=stylesheet href=app.css>", "add `hx-sync:inherited=\"queue last\"` to the `<body>`"),
    ],
)
def test_reported(source, fragment):
    _, found, _ = run(source, filename="head.html", select=["HX210"])
    assert any(fragment in d.message and d.fix is None for d in found), [d.message for d in found]


@pytest.mark.parametrize(
    "source",
    [
        # written for htmx 4, or no htmx core on the page
        f"<head>{CDN4}</head><body>",
        "<body><button hx-post=/x>",
        # already there (a second run), or the body's own hx-sync, which htmx 2 applied below
        f"<head>{CDN2}</head><body hx-sync:inherited=\"queue last\">",
        f"<head>{CDN2}</head><body hx-sync=\"this:replace\">",
        f"<head>{CDN2}</head><body data-hx-sync:inherited=\"drop\">",
    ],
)
def test_noop(source):
    check_noop(source, **UNSAFE)
    _, found, _ = run(source, **UNSAFE)
    assert found == []
