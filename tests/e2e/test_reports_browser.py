"""The shipped visit as its reports tell it, in the browser at both sizes: the first screen
says what happened; the as-of control steps through the moments the news came in, and the
overview, timeline and map follow it; Back and Forward walk through those steps; every
disagreement is listed on Sources & data."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .browsing import DESKTOP, PHONE, SCREENSHOTS, full_page_screenshot, open_page, url_of

FIRST_LINE = '[data-testid="stMainBlockContainer"] .st-key-reported'


def first_line(page) -> str:
    return page.locator(FIRST_LINE).locator("strong").first.inner_text()


@pytest.fixture(params=["desktop", "phone"])
def sized(request, browser):
    context = browser.new_context(viewport=DESKTOP if request.param == "desktop" else PHONE)
    page = context.new_page()
    yield request.param, page
    context.close()


def test_the_first_screen_says_what_happened(sized, base_url):
    size, page = sized
    open_page(page, url_of(base_url, "overview", plan=False))
    line = first_line(page)
    assert line.startswith("By Thu 8 Jan 2026, 71 sources")
    assert "of the 10 planned events, ✓ 10 done; 8 events not in the plan" in line
    # It is on the first screen, above the fold, at both sizes.
    box = page.locator(FIRST_LINE).bounding_box()
    assert (
        box is not None
        and box["y"] + box["height"] <= (DESKTOP if size == "desktop" else PHONE)["height"]
    )
    expect(page.locator(".itinerary .unplanned").first).to_be_visible()
    full_page_screenshot(page, SCREENSHOTS / f"reports-overview-{size}.png")


def choose_as_of(page, size: str, label: str) -> None:
    """Pick a moment in the "Reports as of" control (in the phone's filter panel there)."""
    if size == "phone":
        panel = page.locator(".st-key-phone-filters")
        box = panel.locator('[data-testid="stSelectbox"]').filter(has_text="Reports as of").first
        if not box.is_visible():  # the panel stays open after a pick: open it only once
            panel.locator("summary").first.click()
    else:
        box = page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').filter(
            has_text="Reports as of"
        )
    box.click()
    page.get_by_role("option", name=label).click()


STEPS = [
    ("Sun 4 Jan 2026, 00:00 KST · the plan", "2026-01-04", "As reported on Sun 4 Jan 2026: of the visit's 10 events, ✓ 1 done"),
    ("Sun 4 Jan 2026, 23:59 KST", "2026-01-04T23%3A59", "As of Sun 4 Jan 2026, 23:59 KST:"),
    ("Mon 5 Jan 2026, 23:59 KST", "2026-01-05T23%3A59", "As of Mon 5 Jan 2026, 23:59 KST: 29 sources"),
    ("Wed 7 Jan 2026, 23:59 KST", "2026-01-07T23%3A59", "As of Wed 7 Jan 2026, 23:59 KST:"),
]  # fmt: skip


def test_stepping_through_the_reports_changes_the_pages_and_back_walks_it(sized, base_url):
    size, page = sized
    open_page(page, url_of(base_url, "overview", plan=False))
    seen = []
    for label, link, line in STEPS:
        choose_as_of(page, size, label)
        expect(page).to_have_url(re.compile(rf"as_of={link}"))
        expect(page.locator(FIRST_LINE).locator("strong").first).to_contain_text(line)
        seen.append(first_line(page))
    assert len(set(seen)) == len(STEPS)  # each moment tells another story
    # The page links carry the moment; the timeline then shows it.
    strong = page.locator(FIRST_LINE).locator("strong").first
    if size == "desktop":
        page.locator(".st-key-page-nav a").filter(has_text="Timeline").first.click()
        expect(page).to_have_url(re.compile(r"/timeline\?.*as_of=2026-01-07T23%3A59"))
        expect(page.locator('[data-testid="stPlotlyChart"]').first).to_be_visible()
        page.go_back()
        expect(strong).to_contain_text(STEPS[-1][2])
    # Back walks the moments again, Forward returns.
    page.go_back()
    expect(strong).to_contain_text(STEPS[-2][2])
    page.go_back()
    expect(strong).to_contain_text(STEPS[-3][2])
    page.go_forward()
    expect(strong).to_contain_text(STEPS[-2][2])


def test_every_disagreement_is_listed_on_the_sources_page(sized, base_url):
    size, page = sized
    open_page(page, url_of(base_url, "sources", plan=False))
    page.get_by_role("tab", name="Disagreements", exact=True).click()
    main = page.locator('[data-testid="stMain"]')
    expect(
        main.get_by_text(
            "Mon 5 Jan 2026 (9 reports, 2 summaries) · Sun 4 Jan 2026 (1 report) · Tue 6 Jan 2026 (2 summaries)"
        )
    ).to_be_visible()
    for text in (
        "14 (2 reports) · 15 (1 report, 1 summary)",
        "Cheong Wa Dae",
        "2017 (5 reports, 1 summary) · 2019 (1 summary)",
    ):
        expect(main.get_by_text(text, exact=False).first).to_be_attached()
    full_page_screenshot(page, SCREENSHOTS / f"reports-disagreements-{size}.png")
