"""A visit's days read as a reader meets them, at 1280x800 and 390x844, on the near fixture
(two host cities 21 km apart, events told in order with times, parts of the day and
neither) and on the shipped visit: the order within a day, the Background day alone, the
timeline's day names clear of any toolbar, and its rows using the phone's whole width."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from .browsing import DESKTOP, PHONE, PLOTLY, ROOT, StreamlitServer, open_page, url_of

NEAR = ROOT / "tests" / "fixtures" / "near_visit"
SIZES = {"desktop": DESKTOP, "phone": PHONE}
#: The near fixture's first day as its article tells it: 10:30, "later that morning",
#: "then", 19:00; its second: 09:00, the afternoon, then a declaration with neither.
FIRST_DAY = ["arrival", "meeting", "forum-opening", "gala"]
SECOND_DAY = ["talks", "temple", "declaration"]


@pytest.fixture(scope="module")
def near_url(browser) -> str:
    server = StreamlitServer(data_dir=Path(NEAR), name="near")
    yield server.url
    server.stop()


@pytest.fixture(params=list(SIZES))
def sized(request, browser):
    context = browser.new_context(viewport=SIZES[request.param], has_touch=request.param == "phone")
    context.set_default_timeout(30_000)
    yield request.param, context.new_page()
    context.close()


def figure(page, index: int = 0) -> dict:
    """What plotly drew in the page's `index`-th chart: its rows, its plot area and width."""
    return page.locator(f"{PLOTLY} .js-plotly-plot").nth(index).evaluate(
        """gd => ({rows: (gd.layout.meta || {}).rows, plot: gd._fullLayout._size,
                   width: gd._fullLayout.width})"""
    )


def test_the_overview_lists_each_day_in_the_order_the_article_tells_it(sized, near_url):
    size, page = sized
    open_page(page, url_of(near_url, "overview", plan=False))
    days = page.locator(".itinerary section.day")
    expect(days).to_have_count(3)
    for day, expected in ((0, FIRST_DAY), (1, SECOND_DAY)):
        listed = days.nth(day).locator("li[data-event]").evaluate_all(
            "els => els.map(e => e.dataset.event)"
        )
        assert listed == expected, (size, day, listed)
    expect(days.nth(1).locator("h3")).to_contain_text("Haneul → Seorin → Haneul")


def test_the_timeline_draws_the_days_in_the_same_order_across_the_phone(sized, near_url):
    size, page = sized
    open_page(page, url_of(near_url, "timeline", plan=False))
    drawn = figure(page)
    assert drawn["rows"][:4] == FIRST_DAY and drawn["rows"][-4:-1] == SECOND_DAY, drawn["rows"]
    # Labels sit above the bars: the days take the plot's whole width, on a phone too.
    assert drawn["plot"]["w"] >= 0.9 * drawn["width"], drawn


def test_the_day_names_are_clear_of_any_toolbar(sized, base_url):
    size, page = sized
    open_page(page, url_of(base_url, "timeline"))
    chart = page.locator(PLOTLY).first
    box = chart.bounding_box()
    page.mouse.move(box["x"] + box["width"] - 30, box["y"] + 40)  # where a toolbar shows
    page.wait_for_timeout(500)
    names = chart.locator(".xaxislayer-above .xtick text")
    expect(names.first).to_be_visible()
    toolbars = page.locator('.modebar, [data-testid="stElementToolbar"]').filter(visible=True)
    for i in range(toolbars.count()):
        bar = toolbars.nth(i).bounding_box()
        for j in range(names.count()):
            name = names.nth(j).bounding_box()
            overlap = (
                bar["x"] < name["x"] + name["width"]
                and name["x"] < bar["x"] + bar["width"]
                and bar["y"] < name["y"] + name["height"]
                and name["y"] < bar["y"] + bar["height"]
            )
            assert not overlap, (size, names.nth(j).text_content(), bar, name)


def test_the_background_day_alone_opens_the_background_and_says_so(sized, base_url):
    size, page = sized
    open_page(page, url_of(base_url, "timeline", {"day": "background"}))
    tab = page.get_by_role("tab", name="Background", exact=False)
    expect(tab).to_have_attribute("aria-selected", "true")
    expect(page.locator(f"{PLOTLY} .js-plotly-plot").filter(visible=True)).to_have_count(1)
    open_page(page, url_of(base_url, "overview", {"day": "background"}))
    expect(page.locator(".itinerary")).to_contain_text(
        "The Background filter keeps only the events before and around the visit"
    )
    expect(page.locator(".itinerary section.day")).to_have_count(0)
