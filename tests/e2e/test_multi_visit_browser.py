"""Several visits in one data folder, in the browser: the sidebar's selector switches the
visit, and every page and the link follow it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from playwright.sync_api import expect

from .browsing import MINI_VISIT, ROOT, open_page

REAL = "lee-china-2026"
MINI = "fixture-mini-2026"
TITLES = {
    REAL: "President Lee Jae Myung's state visit to China",
    MINI: "Fixture visit of Minister A to City X",
}


@pytest.fixture
def multi_data(tmp_path: Path) -> Path:
    """project/data/{the shipped visit, the mini fixture} + project/seeds."""
    data = tmp_path / "project" / "data"
    shutil.copytree(ROOT / "data" / REAL, data / REAL)
    shutil.copytree(ROOT / "seeds", tmp_path / "project" / "seeds")
    shutil.copytree(MINI_VISIT, data / "test-fixture-mini")
    return data


def test_choosing_a_visit_in_the_sidebar_switches_every_page(multi_data, serve_data, page):
    url = serve_data(multi_data, name="multi").url
    open_page(page, url)
    expect(page.locator("h1").filter(has_text=TITLES[REAL])).to_be_visible()
    sidebar = page.locator('[data-testid="stSidebar"]')
    sidebar.locator('[data-testid="stSelectbox"]').filter(has_text="Visit").click()
    page.get_by_role("option", name="Minister A in Country X, Mar 2026").click()  # not cut
    expect(page.locator("h1").filter(has_text=TITLES[MINI])).to_be_visible()
    expect(page).to_have_url(f"{url}/?visit={MINI}")
    days = page.locator('[data-testid="stMetric"]').filter(has_text="Days")
    expect(days.locator('[data-testid="stMetricValue"]')).to_have_text("2")

    sidebar.get_by_role("link", name="Issues").click()
    expect(page.locator("h1").filter(has_text="Issues on the agenda")).to_be_visible()
    expect(page.locator('article.issue-card[data-card="river-trade"]')).to_have_count(1)
    expect(page).to_have_url(f"{url}/issues?visit={MINI}")
    expect(page.get_by_text("Source: seed.txt.", exact=False)).to_be_visible()
