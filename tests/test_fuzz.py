"""The fuzzer (fuzz/): its short run, the open classes of fuzz/known.toml, and its parts.

* ``test_short_run`` is the run CI makes (``python -m fuzz --short``: a fixed seed, 6,000
  mutants): it fails on any failure that no entry of fuzz/known.toml names;
* ``test_open_class_still_fails`` replays each reproducer of fuzz/known/: when one no longer
  fails as its entry says, the class is fixed and the entry must go;
* the rest check that each invariant can fail (a crafted violation is caught), that a
  harmless rewrite is not reported, and that the pool survives a crash and a hang.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from fuzz import corpus, oracle, run, shrink, tags, work  # noqa: E402
from fuzz.corpus import Context  # noqa: E402
from fuzz.pool import Pool  # noqa: E402

KNOWN = run.load_known()


def _env() -> dict:
    return {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}


def test_short_run(tmp_path):
    done = subprocess.run([sys.executable, "-m", "fuzz", "--short", "--progress", "0", "--out", str(tmp_path)],
                          cwd=REPO, capture_output=True, text=True, timeout=900, env=_env())
    print(done.stdout[-6000:], done.stderr[-3000:])
    assert "Traceback" not in done.stderr
    assert done.returncode == 0, f"new failure classes:\n{done.stdout[-6000:]}"
    assert re.search(r"seed 0: 6000 mutants", done.stdout)


@pytest.fixture(scope="module")
def pool():
    workdir = Path(tempfile.mkdtemp(prefix="hxmigrate-fuzz-test-"))
    work.STATE.update(opts=work.Options(timeout=120.0), workdir=workdir)
    with Pool(1, work.handle, work.setup, 120.0) as p:
        yield p


@pytest.mark.parametrize("entry", KNOWN, ids=[k.reproducer for k in KNOWN])
def test_open_class_still_fails(entry, pool):
    path = run.HERE / entry.reproducer
    meta, task = run.load_reproducer(path)
    kind = "project" if task[0] == "project" else meta["context"]["kind"]
    _, (state, value) = pool.run_one(task)
    got = run.replay_failures(state, value, kind)
    assert any(entry.matches(cls, sig) for cls, sig, _ in got), (
        f"{entry.reproducer} no longer fails as {'/'.join(entry.classes)} [{entry.signature}] (it gives {got}): "
        "the class looks fixed; remove its entry from fuzz/known.toml and the reproducer from fuzz/known/")


def test_every_reproducer_belongs_to_an_entry():
    listed = {k.reproducer for k in KNOWN}
    folder = run.HERE / "known"
    on_disk = {f"known/{p.name}" for p in (folder.iterdir() if folder.is_dir() else ()) if not p.name.endswith(".json")}
    assert listed == on_disk
    for name in on_disk:
        assert (run.HERE / (name + ".json")).is_file()


# --- the invariants can fail -----------------------------------------------------------------

MESSAGE = Context("message.html", "markup", message=True)
PAGE = Context("page.html", "markup")


def _examine(text: str, ctx: Context = PAGE):
    return oracle.examine(text, ctx, Path(tempfile.mkdtemp()))


def _classes(outcome) -> set[str]:
    return {f.cls for f in outcome.failures}


def test_a_correct_rewrite_passes():
    out = _examine('<div hx-ext="ws" ws-connect="/chat/{{ room }}">\n  <form ws-send="{{ x }}"></form>\n</div>\n')
    assert out.status == "changed" and out.failures == []
    out = _examine('{% for m in ms %}<li id="m-{{ m.id }}" hx-swap-oob="beforeend:#log">{{ m }}</li>{% endfor %}\n', MESSAGE)
    assert out.status == "changed" and out.failures == []


def test_a_rewrite_that_keeps_changing_is_not_idempotent(monkeypatch):
    from hxmigrate import engine

    real = engine.fix_text

    def drifting(path, text, kind, settings, project, rules, settle=True):
        fixed, first, remaining, applied = real(path, text, kind, settings, project, rules, settle)
        return fixed + "<!-- again -->", first, remaining, applied

    monkeypatch.setattr(engine, "fix_text", drifting)
    classes = _classes(_examine('<div ws-connect="/x"></div>\n' + "<p>x</p>\n" * 5))
    assert "not-idempotent" in classes
    assert "change-without-finding" in classes  # the comment is added lines away from the finding


def test_a_refused_rewrite_of_valid_input_is_an_internal_error(monkeypatch):
    from hxmigrate import engine

    monkeypatch.setattr(engine, "_verify", lambda kind, before, after, flavor="html":
                        "internal error: the rewrite did not verify (made up); nothing was written")
    out = _examine('<div ws-connect="/x"></div>\n')
    assert [f.cls for f in out.failures] == ["internal-error"]
    out = _examine('<div ws-connect="/x">{% if a %}</div>\n')  # an unclosed block: invalid input
    assert [f.cls for f in out.failures] == ["internal-error-invalid"]


def test_an_exception_in_a_rule_is_named_with_its_site(monkeypatch):
    from hxmigrate.rules.websockets import ws101_ws_connect

    def broken(file):
        raise KeyError("boom")
        yield

    monkeypatch.setattr(ws101_ws_connect, "check", broken)
    out = _examine('<div ws-connect="/x"></div>\n')
    assert any(f.cls == "exception" and "KeyError in" in f.signature for f in out.failures), out.failures


def test_check_and_write_disagreeing_is_caught(monkeypatch):
    from hxmigrate import engine

    real = engine.process_text

    def lying(path, text, settings, project, rules, kind=None, settle=True):
        result = real(path, text, settings, project, rules, kind=kind, settle=settle)
        if not settle:
            result.status, result.fixed = "unchanged", text
        return result

    monkeypatch.setattr(engine, "process_text", lying)
    assert "check-write-disagree" in _classes(_examine('<div ws-connect="/x"></div>\n'))


def test_template_tags():
    # Half of a block dropped with a start tag, or copied into an hx-target: caught.
    assert tags.tag_change('<form ws-send="{% if x %}">{% endif %}</form>', "<form hx-ws:send>{% endif %}</form>",
                           "jinja") == "removed part of a template block: {% if %}"
    assert tags.tag_change('<li id={% if c %}>{% endif %}</li>',
                           '<hx-partial hx-target="#{% if c %}" hx-swap="outerHTML"><li id={% if c %}>{% endif %}</li></hx-partial>',
                           "jinja").startswith("copied part of a template block")
    # Between elements nothing may go.
    assert tags.tag_change("<p>{{ a }}</p>", "<p></p>", "jinja") == "removed template syntax between tags: {{ }}"
    assert tags.tag_change("<p>{{ a }}</p>", "<p>{{ a }}{{ b }}</p>", "jinja").startswith("added")
    # Whole constructs may go with the attribute or start tag the rewrite drops; ids may be copied.
    assert tags.tag_change('<b ws-send="{{ x }}">', "<b hx-ws:send>", "jinja") is None
    assert tags.tag_change('<li id="x" {% if a %}class="b"{% endif %} hx-swap-oob="beforeend">z</li>',
                           '<hx-partial hx-target="#x" hx-swap="beforeend">z</hx-partial>', "jinja") is None
    assert tags.tag_change('<div id="m-{{ m.id }}">x</div>',
                           '<hx-partial hx-target="#m-{{ m.id }}" hx-swap="outerHTML"><div id="m-{{ m.id }}">x</div></hx-partial>',
                           "jinja") is None
    # A quoted closer inside a tag is part of it, as Jinja reads it.
    assert [t.text for t in tags.scan('{{ "}}" }}<% a %>{# c #}<?php x ?>')] == ['{{ "}}" }}', "<% a %>", "{# c #}", "<?php x ?>"]


def test_hx_partial_across_branches():
    assert tags.partial_block_mismatches("{% if a %}<hx-partial>x{% else %}</hx-partial>{% endif %}", "jinja") == 1
    assert tags.partial_block_mismatches("{% if a %}<hx-partial>x</hx-partial>{% else %}{% endif %}", "jinja") == 0
    # Django's one-tag {% trans %} opens no block.
    assert tags.partial_block_mismatches('{% trans "a" %}<hx-partial>x</hx-partial>', "django") == 0


def test_validity_is_decided_by_each_template_language():
    assert oracle.dialect("{% if a %}x{% endif %}", "a.html") == ("jinja", "")
    assert oracle.dialect('{% load i18n %}{% trans "x" %}{{ a|default:"" }}', "a.html") == ("django", "")
    assert oracle.dialect("{{ if .A }}x{{ end }}", "a.gohtml") == ("go", "")
    assert oracle.dialect("{{#if a}}x{{/if}}", "a.hbs") == ("handlebars", "")
    assert oracle.dialect("{% if a %}x", "a.html")[0] is None
    assert oracle.dialect("{{#if a}}x", "a.hbs")[0] is None
    assert oracle.dialect("<p>{{ x", "a.html")[0] is None
    assert oracle.invalid_reason("python", "x = (" ) is not None
    assert oracle.invalid_reason("javascript", "let = ;", "a.js") is not None


def test_undecodable_bytes_are_a_message_for_the_file():
    out = oracle.examine(b'<div ws-send>\xff</div>', PAGE, Path(tempfile.mkdtemp()))
    assert out.status == "skipped" and out.failures == []


def test_a_long_report_is_caught(monkeypatch):
    # Diagnostics that show the whole of a long line, as they once did.
    from hxmigrate import engine

    monkeypatch.setattr(engine, "SHOWN_WIDTH", 10**9)
    one_line = '<form ws-send hx-trigger="x"><b hx-ws="send">x</b></form>' * 1500
    assert "resource-output" in _classes(_examine(one_line))


def test_the_fixtures_as_they_are_pass_every_invariant():
    with tempfile.TemporaryDirectory() as tmp:
        entries = corpus.load("0", Path(tmp) / "generated", generated_per_kind=0).entries
        root = Path(tmp) / "root"
        root.mkdir()
        bad = []
        for kind in entries:
            for e in entries[kind]:
                if e.name.startswith("fixtures/"):
                    bad += [(e.name, f.cls, f.signature) for f in oracle.examine(e.text, e.context, root).failures]
    assert bad == []


# --- mutants, shrinking, the pool ------------------------------------------------------------

def test_mutants_are_a_function_of_seed_and_index():
    with tempfile.TemporaryDirectory() as tmp:
        c = corpus.load("7", Path(tmp))
        opts = work.Options(seed="7")
        first = [work.make(i, corpus=c, opts=opts) for i in range(40)]
        again = [work.make(i, corpus=c, opts=opts) for i in range(40)]
        other = [work.make(i, corpus=c, opts=work.Options(seed="8")) for i in range(40)]
    assert [(m.data, m.files, m.ops) for m in first] == [(m.data, m.files, m.ops) for m in again]
    assert [m.data for m in first] != [m.data for m in other]
    assert {m.kind for m in first} >= {"markup", "python", "javascript"}


def test_growth_at_a_quarter_scale_repeats_a_quarter_as_often():
    from fuzz import mutate
    import random

    text = "<div ws-send>x</div>\n"
    big, ops = mutate.mutate(random.Random("g"), text, "markup", 10**6, 1.0)
    small, _ = mutate.mutate(random.Random("g"), text, "markup", 10**6, 0.25)
    if mutate.is_growth(ops):
        assert len(small) < len(big)


def test_shrinking_keeps_the_failure():
    data = "".join(f"line {i}\n" for i in range(200)) + "<X>\n" + "tail\n" * 50
    small = shrink.shrink(data, lambda s: "<X>" in s)
    assert small == "<X>"


def test_a_worker_that_crashes_or_hangs_costs_one_task(pool):
    outcomes = dict((task[0], outcome) for task, outcome in pool.imap([("selftest-crash",)]))
    assert outcomes["selftest-crash"][0] == "died"
    with Pool(1, work.handle, work.setup, 2.0) as short:
        (_, outcome), = list(short.imap([("selftest-sleep", 30)]))
        assert outcome[0] == "timeout"
        (_, outcome), = list(short.imap([("selftest-sleep", 0)]))
        assert outcome == ("ok", {})
