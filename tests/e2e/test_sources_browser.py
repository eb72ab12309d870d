"""The Sources page in the browser, on a laptop and on a phone: a highlight opens the rows
that cite it by keyboard and by tap or click, the Data tab opens its tables on the events, and no
table is cut at the side.

The grid of `st.dataframe` is drawn on a canvas: its columns are not DOM boxes. What the
grid lays out is read from the element that scrolls it sideways: when the columns are wider
than the frame, that element scrolls (its scrollWidth passes its clientWidth).
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from dashboard.views.sources import tables as source_tables

from .browsing import DESKTOP, PHONE, SCREENSHOTS, full_page_screenshot, open_page, url_of

SIZES = {"desktop": DESKTOP, "phone": PHONE}
SUMMARY = ".source-article details.cite > summary"
GRID = '[data-testid="stDataFrame"]'

#: Each element of a grid that may scroll sideways, with its widths; and the grid's frame.
SIDEWAYS = """grid => {
    const frame = grid.getBoundingClientRect();
    const scrollers = [...grid.querySelectorAll('*')]
        .filter(e => ['auto', 'scroll'].includes(getComputedStyle(e).overflowX))
        .map(e => ({scroll: e.scrollWidth, client: e.clientWidth,
                    right: e.getBoundingClientRect().right}));
    const canvases = [...grid.querySelectorAll('canvas')]
        .map(c => ({left: c.getBoundingClientRect().left, right: c.getBoundingClientRect().right}));
    return {left: frame.left, right: frame.right, scrollers, canvases};
}"""


@pytest.fixture(params=list(SIZES))
def reader(request, browser):
    """A tab at one size; the phone takes taps (a touch screen)."""
    size = request.param
    context = browser.new_context(viewport=SIZES[size], has_touch=size == "phone")
    context.set_default_timeout(30_000)
    page = context.new_page()
    page.size_name = size
    yield page
    context.close()


def open_sources(page, base_url: str, params: dict | None = None) -> None:
    open_page(page, url_of(base_url, "sources", params))
    expect(page.locator(SUMMARY).first).to_be_visible()


def tab_to_a_highlight(page, presses: int = 40) -> int:
    """Press Tab from the toggle until a highlight has the focus; returns its index."""
    page.get_by_role("switch", name="Only what the current filters keep").focus()
    for _ in range(presses):
        page.keyboard.press("Tab")
        index = page.evaluate(
            """sel => [...document.querySelectorAll(sel)].indexOf(document.activeElement)""",
            SUMMARY,
        )
        if index >= 0:
            return index
    raise AssertionError(f"no highlight was reached with {presses} presses of Tab")


def panel_of(page, index: int):
    return page.locator(".source-article details.cite").nth(index).locator(".cite-rows")


def test_every_tab_is_in_sight_without_scrolling_the_row_of_tabs(reader, base_url):
    """A tab past the right edge is one a phone reader never finds: every tab's label sits
    inside the row of tabs, which has nothing to scroll."""
    open_sources(reader, base_url)
    row = reader.locator('[data-testid="stTabs"] [role="tablist"]').first
    widths = row.evaluate("e => [e.scrollWidth, e.clientWidth, e.getBoundingClientRect().right]")
    assert widths[0] <= widths[1], widths
    tabs = row.get_by_role("tab")
    names = tabs.all_inner_texts()
    assert names[0] == "Article" and names[-1] == "Data", names
    for i, name in enumerate(names):
        right = tabs.nth(i).evaluate("e => e.getBoundingClientRect().right")
        assert right <= widths[2], (name, right, widths)


def test_a_highlight_opens_its_rows_by_keyboard(reader, base_url, visit):
    open_sources(reader, base_url)
    index = tab_to_a_highlight(reader)
    details = reader.locator(".source-article details.cite").nth(index)
    expect(details).not_to_have_attribute("open", re.compile(".*"))
    expect(panel_of(reader, index)).to_be_hidden()
    reader.keyboard.press("Enter")
    expect(details).to_have_attribute("open", "")
    panel = panel_of(reader, index)
    expect(panel).to_be_visible()
    count = int(details.locator("summary").get_attribute("data-count"))
    expect(panel).to_contain_text(f"Cited by {count} row")
    expect(panel.locator("li")).to_have_count(count)  # every row: fewer than MARK_ROWS here
    reader.keyboard.press("Space")  # Space closes it again
    expect(panel).to_be_hidden()

    # A highlight further on, reached with focus() as a screen reader's cursor would.
    summit = reader.locator(SUMMARY).filter(has_text="summit talks with Chinese President").first
    summit.focus()
    reader.keyboard.press("Enter")
    title = visit.events.set_index("id").at["summit", "title"]
    rows = summit.locator("xpath=..").locator(".cite-rows")
    expect(rows).to_contain_text(f"Event: {title}")
    expect(rows.locator("q").first).to_be_visible()  # the quoted span
    if reader.size_name == "desktop":
        full_page_screenshot(reader, SCREENSHOTS / "sources-highlight-open-desktop.png")


def test_a_highlight_opens_its_rows_by_tap_or_click(reader, base_url):
    open_sources(reader, base_url)
    summary = reader.locator(SUMMARY).nth(3)
    summary.scroll_into_view_if_needed()
    if reader.size_name == "phone":
        summary.tap()
    else:
        summary.click()
    panel = panel_of(reader, 3)
    expect(panel).to_be_visible()
    expect(panel).to_contain_text("Cited by")
    keys = summary.get_attribute("data-rows").split()
    nouns = {key.split("/")[0]: source_tables.TABLE_NOUNS[key.split("/")[0]][0] for key in keys}
    for noun in nouns.values():
        expect(panel).to_contain_text(f"{noun}: ")
    # The opened list stays inside the page: nothing sideways.
    assert (
        reader.evaluate("document.documentElement.scrollWidth") <= SIZES[reader.size_name]["width"]
    )
    full_page_screenshot(reader, SCREENSHOTS / f"sources-open-{reader.size_name}.png")


def test_the_filter_toggle_highlights_only_the_kept_rows(reader, base_url, visit):
    day = "2026-01-05"
    open_sources(reader, base_url, {"day": day})
    every = reader.locator(SUMMARY).count()
    reader.get_by_text("Only what the current filters keep").click()
    expect(reader.get_by_text("Highlighting the text quoted by the")).to_be_visible()
    expect(reader.locator(".cite-key")).to_contain_text("rows the filters keep")
    marks = reader.locator(SUMMARY)
    expect(marks.first).to_be_visible()
    assert 0 < marks.count() < every
    named = {
        k
        for rows in marks.evaluate_all("els => els.map(e => e.dataset.rows)")
        for k in rows.split()
    }
    assert named and {k.split("/")[0] for k in named} <= {"events", "issue_cards"}


def grid_layout(page, grid) -> dict:
    expect(grid.locator("canvas").first).to_be_visible()
    page.wait_for_timeout(300)  # the grid sizes its columns after the first paint
    layout = grid.evaluate(SIDEWAYS)
    assert layout["scrollers"], layout
    return layout


def grid_fits(page, grid) -> dict:
    """The grid's layout; asserts that no column reaches past the frame."""
    layout = grid_layout(page, grid)
    for scroller in layout["scrollers"]:
        assert scroller["scroll"] <= scroller["client"], layout  # nothing to scroll sideways
        assert scroller["right"] <= layout["right"] + 1, layout
    for canvas in layout["canvases"]:
        assert layout["left"] - 1 <= canvas["left"] and canvas["right"] <= layout["right"] + 1
    return layout


def test_the_findings_table_shows_all_its_columns(reader, base_url):
    open_sources(reader, base_url)
    reader.get_by_role("tab", name="Findings").click()
    grid = reader.locator(GRID).filter(visible=True).first
    expect(grid.locator("th")).to_have_count(3)
    headers = grid.locator("th").all_text_contents()
    assert headers == ["Kind", "The article says", "Resolved as"], headers
    grid_fits(reader, grid)
    assert (
        grid.bounding_box()["x"] + grid.bounding_box()["width"] <= SIZES[reader.size_name]["width"]
    )
    # A row in full: select the first (a contradiction), read every field below the grid.
    box = grid.bounding_box()
    reader.mouse.click(box["x"] + 16, box["y"] + 36 + source_tables.WRAPPED_ROW / 2)
    in_full = reader.locator(".st-key-findings_rows-row")
    expect(in_full).to_contain_text("Kind: contradiction")
    expect(in_full).to_contain_text("Why:")
    expect(in_full).to_contain_text("Affects:")
    full_page_screenshot(reader, SCREENSHOTS / f"sources-findings-{reader.size_name}.png")


def test_the_tables_tab_opens_on_the_events_and_every_table_fits(reader, base_url):
    open_sources(reader, base_url)
    reader.get_by_role("tab", name="Data").click()
    expect(reader.get_by_role("combobox", name="Table")).to_have_value("Events")
    grid = reader.locator(GRID).filter(visible=True).first
    expect(grid.locator("th")).to_have_count(4)
    assert grid.locator("th").all_text_contents() == ["Title", "Date", "Place", "Status"]
    grid_fits(reader, grid)
    full_page_screenshot(reader, SCREENSHOTS / f"sources-tables-{reader.size_name}.png")
    if reader.size_name != "phone":
        return  # the phone is the narrowest: every table is tried there
    # Every column, as asked for: too wide for a phone, and the check above sees it.
    reader.get_by_text("Show ids and all columns").click()
    expect(grid.locator("th").first).to_have_text("id")
    wide = grid_layout(reader, grid)
    assert any(s["scroll"] > s["client"] for s in wide["scrollers"]), wide
    reader.get_by_text("Show ids and all columns").click()
    expect(grid.locator("th").first).to_have_text("Title")
    choice = reader.get_by_test_id("stTabs").get_by_test_id("stSelectbox")
    choice.click()
    offered = reader.get_by_role("option").all_inner_texts()
    reader.keyboard.press("Escape")
    loaded = [n for n in source_tables.FIELDS if not n.startswith("reported_")]
    by_label = {source_tables.table_label(n): n for n in loaded}
    assert offered[0] == "Events" and set(offered) <= set(by_label), offered
    for label in offered:
        name = by_label[label]
        choice.click()
        reader.get_by_role("option", name=label, exact=True).click()
        expect(reader.get_by_text(f"rows of {name}.csv for this visit")).to_be_visible()
        grid = reader.locator(GRID).filter(visible=True).first
        expect(grid.locator("th").first).to_have_text(
            source_tables.FIELDS[name][0].label, timeout=20_000
        )
        grid_fits(reader, grid)


def test_the_citations_table_fits_inside_its_expander(reader, base_url):
    open_sources(reader, base_url)
    reader.get_by_text("Which rows cite which sentence").click()
    grid = reader.locator(GRID).filter(visible=True).first
    expect(grid.locator("th")).to_have_count(3)
    assert grid.locator("th").all_text_contents() == ["Sentence", "Row", "Quoted span"]
    grid_fits(reader, grid)


def test_an_open_highlight_and_the_key_pass_axe(reader, base_url):
    """axe on the article with a highlight open and the filter toggle on (the page-wide
    check in test_accessibility.py sees it closed)."""
    from axe_playwright_python.sync_playwright import Axe

    open_sources(reader, base_url, {"day": "2026-01-05"})
    reader.get_by_text("Only what the current filters keep").click()
    expect(reader.get_by_text("Highlighting the text quoted by the")).to_be_visible()
    summary = reader.locator(SUMMARY).first
    summary.click()
    expect(summary.locator("xpath=..").locator(".cite-rows")).to_be_visible()
    found = Axe().run(reader, context=".source-article").response
    serious = [
        (v["id"], [n["html"][:120] for n in v["nodes"]])
        for v in found["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == []
    # axe did look at the article: the contrast of the shaded text was checked, and passed.
    assert "color-contrast" in {rule["id"] for rule in found["passes"]}
