"""Browser tests: each scenario of fixtures/browser runs as written (htmx 2.x) and as
migrated by ``hxmigrate --write`` (htmx 4.x) in Chromium, and the two are compared.

Select them with ``-m browser``, leave them out with ``-m "not browser"``. They need
Debian's chromium, node/npm (for the pinned htmx files), and the Python packages
aiohttp, playwright, websockets, jinja2 and django. A missing piece fails the tests with a message
saying what to install; it never skips them.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

LOCK = HERE / "package-lock.json"
NODE_MODULES = HERE / "node_modules"
REQUIRED_FILES = (
    "htmx2/dist/htmx.min.js",
    "htmx4/dist/htmx.min.js",
    "htmx4/dist/ext/hx-ws.js",
    "htmx-ext-ws/dist/ws.js",
    "alpinejs/dist/cdn.min.js",
)


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "browser: runs scenarios in Chromium against htmx 2.x and the migrated 4.x side"
    )


def _chromium() -> str:
    candidate = os.environ.get("HXMIGRATE_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(candidate).is_file():
        pytest.fail(
            "Chromium is missing: install Debian's package (apt-get install -y chromium) "
            "or point HXMIGRATE_CHROMIUM at a chromium binary",
            pytrace=False,
        )
    return candidate


def _installed_matches_lock() -> bool:
    """Every package of package-lock.json is installed in the locked version."""
    packages = json.loads(LOCK.read_text(encoding="utf-8"))["packages"]
    for where, entry in packages.items():
        if not where.startswith("node_modules/"):
            continue
        manifest = HERE / where / "package.json"
        if not manifest.is_file():
            return False
        if json.loads(manifest.read_text(encoding="utf-8")).get("version") != entry.get("version"):
            return False
    return all((NODE_MODULES / f).is_file() for f in REQUIRED_FILES)


@pytest.fixture(scope="session")
def node_modules() -> Path:
    """The pinned htmx builds, installed with ``npm ci`` when missing or stale."""
    if not _installed_matches_lock():
        npm = shutil.which("npm")
        if npm is None:
            pytest.fail("npm is missing: the browser tests install htmx with `npm ci` (apt-get install -y npm)",
                        pytrace=False)
        done = subprocess.run(
            [npm, "ci", "--no-audit", "--no-fund", "--ignore-scripts"],
            cwd=HERE, capture_output=True, text=True, timeout=300,
        )
        if done.returncode != 0:
            pytest.fail(f"npm ci failed in {HERE}:\n{done.stdout}\n{done.stderr}", pytrace=False)
        if not _installed_matches_lock():
            pytest.fail(f"npm ci did not install what {LOCK.name} pins (need {REQUIRED_FILES})", pytrace=False)
    return NODE_MODULES


@pytest.fixture(scope="session")
def browser_session(node_modules):
    try:
        import aiohttp  # noqa: F401
        import playwright  # noqa: F401
        import websockets  # noqa: F401
    except ImportError as error:
        pytest.fail(
            f"{error.name} is missing: pip install aiohttp playwright websockets jinja2 django fastapi "
            "(the tests use Debian's chromium, never `playwright install`)",
            pytrace=False,
        )
    from hxbrowser.runner import BrowserSession

    session = BrowserSession(_chromium())
    yield session
    session.close()


@pytest.fixture(scope="session")
def hxmigrate_available():
    done = subprocess.run([sys.executable, "-m", "hxmigrate", "--help"], capture_output=True, text=True)
    if done.returncode != 0:
        pytest.fail(
            "hxmigrate cannot run (`python -m hxmigrate --help` failed): pip install -e . first\n"
            + done.stderr[-2000:],
            pytrace=False,
        )
