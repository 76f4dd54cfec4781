"""Every scenario of fixtures/browser: the migrated page must behave like the 2.x one."""

from __future__ import annotations

import pytest

from hxbrowser.runner import HarnessError, run_scenario
from hxbrowser.scenario import Scenario, all_scenarios

pytestmark = pytest.mark.browser

SCENARIOS = all_scenarios()


def test_there_are_scenarios():
    assert len(SCENARIOS) >= 20, [p.name for p in SCENARIOS]


@pytest.mark.parametrize("root", SCENARIOS, ids=[p.name for p in SCENARIOS])
def test_migrated_page_behaves_like_the_original(root, browser_session, hxmigrate_available, tmp_path):
    try:
        report = run_scenario(browser_session, Scenario.load(root), tmp_path)
    except HarnessError as error:
        pytest.fail(str(error), pytrace=False)
    failure = report.render()
    if failure:
        pytest.fail(failure, pytrace=False)
