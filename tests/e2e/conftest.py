"""Fixtures of the end-to-end tier (helpers and constants live in browsing.py).

Every test in this folder is marked `e2e`. One `streamlit run app.py` server on a free
loopback port serves the whole session; `serve_data(folder)` starts another one with
$DASHBOARD_DATA_DIR set (broken or hostile data) and stops it after the test. Servers are
stopped by their PID. The browser is the system Chromium (else Playwright's own); without
one the tier skips, or fails when $DASHBOARD_REQUIRE_BROWSER is set (CI).

Readiness after `goto`: the app is connected and its script is not running, and the status
widget's running icon is gone. After a click that signal is not reliable (it may still read
"notRunning" before the rerun starts): tests wait for the DOM they expect instead.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.harness import LAUNCH_ARGS, find_chromium

from .browsing import (
    DESKTOP,
    E2E_DIR,
    EXPECT_TIMEOUT_MS,
    REQUIRE_BROWSER_ENV,
    ROOT,
    PageLog,
    StreamlitServer,
    warm_up,
    watch,
)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if E2E_DIR in Path(str(item.path)).resolve().parents:
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="package")
def chromium_executable() -> str:
    found = find_chromium()
    if found is None:
        message = (
            "No Chromium found: install it with `apt-get install chromium` (Debian/Ubuntu) "
            "or `python -m playwright install chromium`."
        )
        if os.environ.get(REQUIRE_BROWSER_ENV):
            pytest.fail(f"{message} ${REQUIRE_BROWSER_ENV} is set, so this is a failure.")
        pytest.skip(message)
    return found


# Package scope: Playwright's sync API runs an event loop while it is started, so it must
# stop when this package's tests end, before other browser tests start their own.
@pytest.fixture(scope="package")
def browser(chromium_executable: str):
    from playwright.sync_api import expect, sync_playwright

    # A busy two-core machine renders the maps in software: give the DOM time to follow.
    expect.set_options(timeout=EXPECT_TIMEOUT_MS)
    playwright = sync_playwright().start()
    browser = playwright.chromium.launch(
        executable_path=chromium_executable, headless=True, args=LAUNCH_ARGS
    )
    yield browser
    browser.close()
    playwright.stop()


@pytest.fixture(scope="package")
def app_server(browser) -> Iterator[StreamlitServer]:
    """The dashboard on the shipped visit's folder in data/, read in place and shared by the
    whole session. That folder by itself: another visit folder beside it in data/ (which
    may sort first and so be the default) leaves these tests as they are."""
    server = StreamlitServer(data_dir=ROOT / "data" / "lee-china-2026", name="app")
    try:
        warm_up(browser, server)
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="package")
def base_url(app_server: StreamlitServer) -> str:
    return app_server.url


@pytest.fixture
def serve_data(chromium_executable: str) -> Iterator[Callable[..., StreamlitServer]]:
    """A factory: `serve_data(folder)` runs the app on that data folder until the test ends."""
    started: list[StreamlitServer] = []

    def start(folder: Path, name: str | None = None) -> StreamlitServer:
        server = StreamlitServer(data_dir=folder, name=name or Path(folder).name)
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()


@pytest.fixture
def context(browser):
    context = browser.new_context(viewport=DESKTOP, accept_downloads=True)
    context.set_default_timeout(30_000)
    yield context
    context.close()


@pytest.fixture
def page_log() -> PageLog:
    return PageLog()


@pytest.fixture
def page(context, page_log: PageLog):
    """A desktop-sized tab whose console, errors and dialogs land in `page_log`."""
    page = context.new_page()
    watch(page, page_log)
    yield page
    page.close()


@pytest.fixture(scope="session")
def visit(real_data):
    """The project's visit, as the app computes it for the links the tests open (as of
    the day its article was written, `browsing.plan_day`): expected values come from here."""
    from conftest import as_planned

    from dashboard.model.visit import visit_ids

    return as_planned(real_data, visit_ids(real_data)[0])
