"""What a reader does with the dashboard, in a real browser: read the headline, filter, share
the view as a link, move between pages, click the map and the timeline, download the data,
and what they see when the data is broken or hostile.

Expected values come from the package's pure functions on the same data, so a test checks
that the page shows what the model says, not a copy of today's numbers (except the headline
figures, which the issue states).
"""

from __future__ import annotations

import csv
import io
import re
from datetime import date, datetime
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import icalendar
import pytest
from PIL import ImageChops
from playwright.sync_api import expect

from dashboard.data.loading import load_dataset
from dashboard.model import filters as F
from dashboard.model.visit import select_visit, visit_ids
from dashboard.views import cards, overview
from dashboard.views.overview import itinerary

from .browsing import (
    CARD,
    DECK,
    MINI_VISIT,
    NAV_LABELS,
    PAGE_NAV,
    PAGES,
    PLOTLY,
    ROOT,
    SELECTED_EVENT,
    PageLog,
    StreamlitServer,
    card_ids,
    click_at_centre,
    copy_visit,
    dataframe_cells,
    distinct_colours,
    hover_venue,
    nav_link,
    open_page,
    pill,
    plan_day,
    png_image,
    pressed_pills,
    showing_text,
    sidebar,
    stable_screenshot,
    timeline_marks,
    url_of,
    wait_for_map,
    wait_ready,
    watch,
)

DAY = "2026-01-06"
TOPIC = "economy"
PAYLOAD = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">'
NOTHING_RAN = """() => ({
    pwned: typeof window.__pwned,
    images: document.querySelectorAll('img[src="x"]').length,
    scripts: [...document.scripts].filter(s => s.textContent.includes('__pwned')).length,
})"""
CLEAN = {"pwned": "undefined", "images": 0, "scripts": 0}


def main_text(page) -> str:
    return page.get_by_test_id("stMain").inner_text()


def expected_showing(visit, filters: F.Filters) -> str:
    counts = F.counts(visit, filters)
    return (
        f"Showing {counts.events_text()}, and {counts.cards} of {counts.cards_total} issue cards."
    )


def expected_marks(visit, filters: F.Filters) -> int:
    """The day chart draws each of the visit's own events once."""
    events = F.filter_events(visit, filters)
    return int((~events["background"]).sum())


def all_cards_on_one_page(visit) -> None:
    """The card counts below assume the Issues page shows every card (no second page)."""
    assert len(visit.issue_cards) <= getattr(cards, "PAGE_SIZE", len(visit.issue_cards))


def day_and_topic(visit) -> F.Filters:
    return F.Filters(visit=visit.id, days=(DAY,), topics=(TOPIC,))


def filter_by_clicks(page, visit) -> None:
    """Press the Day pill, then the Topic pill, waiting each time for the cards to follow."""
    options = F.options(visit)
    by_day = F.Filters(visit=visit.id, days=(DAY,))
    pill(page, options.days[DAY]).click()
    expect(page.locator(CARD)).to_have_count(len(F.filter_cards(visit, by_day)))
    pill(page, options.topics[TOPIC]).click()
    expect(page.locator(CARD)).to_have_count(len(F.filter_cards(visit, day_and_topic(visit))))
    expect(page).to_have_url(re.compile(rf"[?&]day={DAY}&topic={TOPIC}(?:[?&]as_of=[^&]*)?$"))


# ---------------------------------------------------------------------------------------
# The overview and the filters


def test_overview_shows_the_headline_figures(page, base_url, page_log, visit):
    open_page(page, url_of(base_url, "overview"))
    expect(page.get_by_test_id("stMain").locator("h1")).to_have_text(visit.title)
    labels = page.get_by_test_id("stMetricLabel")
    values = page.get_by_test_id("stMetricValue")
    # Wait for every figure: labels and values are drawn in separate steps.
    expected = len(overview.headline_figures(visit))
    expect(labels).to_have_count(expected)
    expect(values).to_have_count(expected)
    figures = dict(
        zip(
            [t.strip() for t in labels.all_inner_texts()],
            [t.strip() for t in page.get_by_test_id("stMetricValue").all_inner_texts()],
            strict=True,
        )
    )
    assert {
        "Days": "4",
        "Cities": "3",
        "Events": "10",
        "Distance (km)": "2,886",
        "MOUs expected": "> 10",
    }.items() <= figures.items()
    # One card per day of the visit in the day strip.
    for day in visit.days:
        expect(page.locator(f'.itinerary [data-day="{day.isoformat()}"]')).to_be_visible()
    assert page.get_by_test_id("stException").count() == 0
    assert page_log.unexpected_errors() == []
    # The favicon is the bundled PNG, inlined: no request leaves the machine for it.
    icon = page.locator('link[rel~="icon"]').first
    expect(icon).to_have_attribute("href", re.compile(r"^data:image/png;base64,"))


def test_filtering_by_day_then_topic_changes_cards_timeline_and_map(page, base_url, visit):
    all_cards_on_one_page(visit)
    none = F.Filters(visit=visit.id)
    by_day = F.Filters(visit=visit.id, days=(DAY,))
    both = day_and_topic(visit)
    options = F.options(visit)

    # Before: the map, the timeline and the cards with no filter.
    open_page(page, url_of(base_url, "map"))
    map_before = png_image(stable_screenshot(wait_for_map(page)))
    nav_link(page, "timeline").click()
    expect(timeline_marks(page)).to_have_count(expected_marks(visit, none))
    nav_link(page, "issues").click()
    expect(page.locator(CARD)).to_have_count(len(visit.issue_cards))
    expect(sidebar(page).get_by_text(expected_showing(visit, none))).to_be_visible()

    # A day: fewer cards, exactly those the model keeps, and the sidebar counts follow.
    pill(page, options.days[DAY]).click()
    kept = F.filter_cards(visit, by_day)
    expect(page.locator(CARD)).to_have_count(len(kept))
    assert 0 < len(kept) < len(visit.issue_cards)
    assert card_ids(page) == set(kept["id"])
    day_left = F.counts(visit, by_day).events_text("day")
    expect(sidebar(page).get_by_text(day_left, exact=True).first).to_be_visible()
    expect(sidebar(page).get_by_text(expected_showing(visit, by_day))).to_be_visible()

    # Then a topic: fewer again.
    pill(page, options.topics[TOPIC]).click()
    kept_both = F.filter_cards(visit, both)
    expect(page.locator(CARD)).to_have_count(len(kept_both))
    assert 0 < len(kept_both) < len(kept)
    assert card_ids(page) == set(kept_both["id"])
    expect(sidebar(page).get_by_text(expected_showing(visit, both))).to_be_visible()
    assert showing_text(page) == expected_showing(visit, both)
    expect(page).to_have_url(re.compile(rf"/issues\?day={DAY}&topic={TOPIC}(?:[?&]as_of=[^&]*)?$"))

    # The timeline draws only the kept events' marks.
    nav_link(page, "timeline").click()
    marks = expected_marks(visit, both)
    assert 0 < marks < expected_marks(visit, none)
    expect(timeline_marks(page)).to_have_count(marks)

    # The map is drawn again, with other legs and places faded.
    nav_link(page, "map").click()
    expect(page).to_have_url(re.compile(rf"/map\?day={DAY}&topic={TOPIC}(?:[?&]as_of=[^&]*)?$"))
    map_after = png_image(stable_screenshot(wait_for_map(page)))
    assert map_after.size == map_before.size
    changed_pixels = sum(ImageChops.difference(map_before, map_after).convert("L").histogram()[25:])
    assert changed_pixels > 200, "the map looks the same with and without the day filter"


def test_the_url_of_a_filtered_view_opens_the_same_view_on_every_page(
    context, page, base_url, visit
):
    all_cards_on_one_page(visit)
    open_page(page, url_of(base_url, "issues"))
    filter_by_clicks(page, visit)
    shared = urlsplit(page.url)
    assert parse_qs(shared.query) == {"day": [DAY], "topic": [TOPIC], "as_of": [plan_day()]}
    pressed = pressed_pills(page, expected=2)
    both = day_and_topic(visit)
    options = F.options(visit)
    assert pressed == [options.days[DAY], options.topics[TOPIC]]

    reader = context.new_page()  # a second reader: a new tab, a new session
    log = watch(reader, PageLog())
    try:
        for name, path in PAGES.items():
            open_page(reader, f"{base_url}{path}?{shared.query}")
            expect(reader).to_have_url(
                re.compile(rf"{re.escape(path)}\?{re.escape(shared.query)}(?:[?&]as_of=[^&]*)?$")
            )
            # A fresh session renders the sidebar in steps: wait for the summary line and the
            # pressed pills before reading them, or a slow machine reads a half-drawn sidebar.
            expect(sidebar(reader).get_by_text(expected_showing(visit, both))).to_be_visible()
            assert pressed_pills(reader, expected=len(pressed)) == pressed, name
            if name == "issues":
                expect(reader.locator(CARD)).to_have_count(len(F.filter_cards(visit, both)))
                assert card_ids(reader) == set(F.filter_cards(visit, both)["id"])
            elif name == "timeline":
                expect(timeline_marks(reader)).to_have_count(expected_marks(visit, both))
            elif name == "overview":
                days = itinerary.itinerary(visit, F.filter_events(visit, both), both.days)
                for day in days.days:
                    items = reader.locator(f'.itinerary [data-day="{day.key}"] li.item')
                    expect(items).to_have_count(len(day.items))
            elif name == "map":
                expect(reader.locator(DECK)).to_have_count(1)
            elif name == "sources":
                counts = F.counts(visit, both)
                reader.get_by_role("tab", name="Data").click()  # drawn when opened
                expect(reader.get_by_text("The files hold")).to_contain_text(
                    f"{counts.events} events and {counts.cards} issue cards"
                )
        assert log.unexpected_errors() == []
    finally:
        reader.close()


def test_reset_returns_to_the_full_view_in_one_click(page, base_url, visit):
    open_page(page, url_of(base_url, "issues", {"day": DAY, "topic": TOPIC}))
    assert pressed_pills(page, expected=2)
    sidebar(page).get_by_role("button", name="Reset filters").click()
    expect(page.locator(CARD)).to_have_count(len(visit.issue_cards))
    expect(sidebar(page).locator('button[aria-pressed="true"]')).to_have_count(0)
    expect(page).to_have_url(re.compile(r"/issues(?:[?&]as_of=[^&]*)?$"))
    expect(sidebar(page).get_by_role("button", name="Reset filters")).to_be_disabled()


def test_page_links_in_the_sidebar_keep_the_filters(page, base_url, visit):
    open_page(page, url_of(base_url, "overview", {"day": DAY, "topic": TOPIC}))
    options = F.options(visit)
    pressed = [options.days[DAY], options.topics[TOPIC]]
    assert pressed_pills(page, expected=len(pressed)) == pressed
    showing = expected_showing(visit, day_and_topic(visit))
    for name in ["map", "timeline", "issues", "sources", "overview"]:
        nav_link(page, name).click()
        path = re.escape(PAGES[name])
        expect(page).to_have_url(
            re.compile(rf"{path}\?day={DAY}&topic={TOPIC}(?:[?&]as_of=[^&]*)?$")
        )
        expect(page.locator(".st-key-nav-current a")).to_contain_text(NAV_LABELS[name])
        expect(sidebar(page).get_by_text(showing)).to_be_visible()
        assert pressed_pills(page, expected=len(pressed)) == pressed, name


INVALID_LINK = {
    "day": "2099-01-01",
    "topic": "<script>alert(1)</script>",
    "city": "atlantis",
}


def test_a_link_with_invalid_values_shows_a_polite_notice(page, base_url, page_log):
    open_page(page, url_of(base_url, "timeline", INVALID_LINK))
    notices = page.get_by_test_id("stAlert").filter(has_text="Ignored")
    expect(notices.first).to_be_visible()
    text = " ".join(notices.all_inner_texts())
    for value in INVALID_LINK.values():
        assert repr(value) in text  # each dropped value is named, as written
    assert page.get_by_test_id("stException").count() == 0
    assert pressed_pills(page) == []
    expect(page).to_have_url(
        re.compile(r"/timeline(?:[?&]as_of=[^&]*)?$")
    )  # the bad values leave the URL
    expect(timeline_marks(page).first).to_be_visible()
    assert page.evaluate(NOTHING_RAN) == CLEAN
    assert page_log.dialogs == []
    assert page_log.unexpected_errors() == []


def test_each_link_notice_is_shown_once(page, base_url):
    """Not again in the footer (every page), nor in the Sources page's Downloads tab."""
    for name in ["issues", "sources"]:
        open_page(page, url_of(base_url, name, {"city": "atlantis"}))
        notices = page.get_by_test_id("stAlert").filter(has_text="Ignored 1 unknown city")
        expect(notices.first).to_be_attached()
        assert notices.count() == 1, f"{name}: the notice is shown {notices.count()} times"


# ---------------------------------------------------------------------------------------
# The map and the timeline


def test_selecting_a_timeline_mark_shows_its_details(page, base_url, visit):
    open_page(page, url_of(base_url, "timeline"))
    marks = timeline_marks(page)
    expect(marks.first).to_be_visible()
    expect(page.locator(SELECTED_EVENT)).to_have_count(0)
    mark = marks.nth(0)
    click_at_centre(page, mark)
    selected = page.locator(SELECTED_EVENT)
    expect(selected).to_have_count(1)
    event_id = re.search(r"st-key-selected-(\S+)", selected.get_attribute("class")).group(1)
    event = visit.events.set_index("id").loc[event_id]
    expect(selected).to_contain_text(event["title"])
    expect(selected).to_contain_text(event["summary"])
    # The hover label of the clicked mark names the same event.
    hover = page.locator(PLOTLY).first.locator(".hoverlayer")
    assert event["title"] in (hover.text_content() or "")
    expect(page.get_by_text(re.compile(r"^Selected: 1 event"))).to_be_visible()


# ---------------------------------------------------------------------------------------
# Downloads


def download(page, label: str) -> tuple[str, bytes]:
    with page.expect_download() as info:
        page.get_by_role("button", name=label).click()
    path = info.value.path()
    return info.value.suggested_filename, Path(path).read_bytes()


def test_downloads_hold_the_events_and_the_itinerary(page, base_url, visit):
    source_rows = {
        r["id"]: r
        for r in csv.DictReader(
            io.StringIO((ROOT / "data" / visit.id / "events.csv").read_text(encoding="utf-8"))
        )
    }
    open_page(page, url_of(base_url, "sources"))
    page.get_by_role("tab", name="Data").click()

    name, data = download(page, "Events (CSV)")
    assert name.endswith(".csv")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert [r["id"] for r in rows] == list(visit.events["id"])
    # The plan's events (as of the article's day, no row is yet first reported after it).
    planned = {i: r["quote"] for i, r in source_rows.items() if r["basis"] != "reported"}
    assert {r["id"]: r["quote"] for r in rows} == planned

    name, data = download(page, "Itinerary (.ics)")
    assert name.endswith(".ics")
    calendar = icalendar.Calendar.from_ical(data)
    vevents = list(calendar.walk("VEVENT"))
    assert len(vevents) == int((~visit.events["background"]).sum()) == 10
    summit = next(e for e in vevents if str(e.get("UID")).startswith("summit@"))
    start = summit.decoded("DTSTART")
    assert start == date(2026, 1, 5) and not isinstance(start, datetime)
    assert summit.get("DTSTART").params.get("VALUE") == "DATE"

    # The downloads follow the filters.
    pill(page, F.options(visit).days[DAY]).click()
    by_day = F.Filters(visit=visit.id, days=(DAY,))
    expect(page.get_by_text("The files hold")).to_contain_text(
        f"{len(F.filter_events(visit, by_day))} events"
    )
    _, data = download(page, "Events (CSV)")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert [r["id"] for r in rows] == list(F.filter_events(visit, by_day)["id"])


# ---------------------------------------------------------------------------------------
# WebGL and the console


@pytest.mark.parametrize("name", ["map", "overview"])
def test_the_map_is_drawn_and_the_console_is_clean(page, base_url, page_log, name):
    open_page(page, url_of(base_url, name))
    deck = wait_for_map(page)
    image = png_image(stable_screenshot(deck))
    assert distinct_colours(image) >= 50, "the map canvas is blank: WebGL did not draw"
    # The arcs are dark slate on a pale basemap: some clearly dark pixels.
    dark = sum(image.convert("L").histogram()[:84])
    assert dark > 100
    assert not any("WebGL" in m and "context" in m for m in page_log.console_all)
    assert page_log.unexpected_errors() == []
    assert page_log.page_errors == []


# ---------------------------------------------------------------------------------------
# Broken and hostile data


@pytest.fixture(scope="module")
def broken_server(tmp_path_factory, browser):
    data = tmp_path_factory.mktemp("broken") / "data"
    copy_visit(MINI_VISIT, data / "mini", {("events.csv", "meeting", "date_start"): "2026-03-32"})
    server = StreamlitServer(data_dir=data, name="broken")
    yield server
    server.stop()


def test_broken_data_shows_the_validation_report(page, broken_server, page_log):
    for name in ["overview", "timeline"]:
        open_page(page, url_of(broken_server.url, name))
        main = page.get_by_test_id("stMain")
        expect(main.locator("h1")).to_have_text("The data needs fixing")
        report = main.get_by_test_id("stDataFrame")
        expect(report.locator("td").first).to_be_attached()
        cells = dataframe_cells(report)
        assert ["file", "row", "column", "value", "problem"] == cells[:5]
        assert {"mini/events.csv", "3", "date_start", "2026-03-32"} <= set(cells)
        assert "Traceback" not in page.locator("body").inner_text()
        assert page.get_by_test_id("stException").count() == 0
        assert page.get_by_test_id("stMetric").count() == 0
        assert page.locator(PLOTLY).count() == 0 and page.locator(DECK).count() == 0
    assert "Traceback" not in broken_server.log()
    assert page_log.unexpected_errors() == []


#: The shipped visit's id.
SHIPPED = "lee-china-2026"


@pytest.mark.parametrize("first", ["timeline", "sources"])
def test_a_fresh_server_shows_the_declared_navigation_on_a_deep_link(page, serve_data, first):
    """A shared link is often the first request after a restart (Community Cloud wakes
    the app for it): it must open its page, with the app's navigation and no dialog."""
    server = serve_data(ROOT / "data", name=f"fresh-{first}")
    # The shipped visit by id: another visit folder in data/ may sort first.
    open_page(page, url_of(server.url, first, {"visit": [SHIPPED], "day": ["2026-01-06"]}))
    expect(page.locator(PAGE_NAV).locator("a").first).to_be_visible()
    page.wait_for_timeout(1000)
    labels = [
        t.split("\n")[-1].strip() for t in page.locator(PAGE_NAV).locator("a").all_inner_texts()
    ]
    assert labels == list(NAV_LABELS.values())
    assert page.get_by_text("Page not found").count() == 0
    assert page.get_by_role("dialog").count() == 0
    heading = {"timeline": "Timeline", "sources": "Sources & data"}[first]
    expect(page.get_by_test_id("stMain").locator("h1").first).to_have_text(heading)
    assert "day=2026-01-06" in page.url
    # The next page switch stays on the declared navigation, too.
    nav_link(page, "issues").click()
    expect(page.get_by_test_id("stMain").locator("h1").first).to_have_text("Issues on the agenda")


@pytest.fixture(scope="module")
def hostile(tmp_path_factory, browser):
    """The mini visit with markup in an event's title and summary and a card's title (the
    quotes are untouched: they must still be found in the article)."""
    folder = copy_visit(
        MINI_VISIT,
        tmp_path_factory.mktemp("hostile") / "mini",
        {
            ("events.csv", "meeting", "title"): f"Meeting {PAYLOAD}",
            ("events.csv", "meeting", "summary"): f"Summary {PAYLOAD}",
            ("issue_cards.csv", "river-trade", "title"): f"Trade {PAYLOAD}",
        },
    )
    server = StreamlitServer(data_dir=folder, name="hostile")
    dataset = load_dataset(folder)
    yield server, select_visit(dataset, visit_ids(dataset)[0])
    server.stop()


def test_hostile_text_in_the_data_is_shown_as_text_on_every_page(page, hostile, page_log):
    server, visit = hostile
    literal = f"Meeting {PAYLOAD}"

    open_page(page, url_of(server.url, "overview"))
    assert literal in main_text(page)  # the day strip
    assert page.evaluate(NOTHING_RAN) == CLEAN

    open_page(page, url_of(server.url, "issues"))
    expect(page.locator(CARD)).to_have_count(1)
    text = main_text(page)
    assert literal in text and f"Trade {PAYLOAD}" in text
    assert page.evaluate(NOTHING_RAN) == CLEAN

    open_page(page, url_of(server.url, "timeline"))
    bars = page.locator(PLOTLY).first.locator('.barlayer .point path:not([d="M0,0Z"])')
    expect(bars).to_have_count(2)  # the arrival's whole day, the meeting's morning
    widths = [bars.nth(i).bounding_box()["width"] for i in range(2)]
    click_at_centre(page, bars.nth(widths.index(min(widths))))  # the morning meeting
    assert literal in (page.locator(PLOTLY).first.locator(".hoverlayer").text_content() or "")
    selected = page.locator(".st-key-selected-meeting")
    expect(selected).to_contain_text(literal)
    expect(selected).to_contain_text(f"Summary {PAYLOAD}")
    assert page.evaluate(NOTHING_RAN) == CLEAN

    open_page(page, url_of(server.url, "sources"))
    page.get_by_role("tab", name="Data").click()
    page.get_by_test_id("stSelectbox").click()
    page.get_by_role("option", name="Events", exact=True).click()
    table = page.get_by_test_id("stDataFrame").filter(visible=True).first
    expect(table.locator("td", has_text="Meeting <script>")).to_have_count(1)
    assert literal in dataframe_cells(table)
    assert page.evaluate(NOTHING_RAN) == CLEAN

    open_page(page, url_of(server.url, "map"))
    hover_venue(page, visit, "civic-hall")
    tooltip = page.locator(".deck-tooltip")
    expect(tooltip).to_contain_text("Civic Hall")
    assert tooltip.locator("script, img").count() == 0
    assert page.evaluate(NOTHING_RAN) == CLEAN

    assert page_log.dialogs == []
    assert page_log.unexpected_errors() == []
    assert "Traceback" not in server.log()


def test_the_map_tooltip_shows_hostile_text_as_written(page, hostile):
    server, visit = hostile
    open_page(page, url_of(server.url, "map"))
    hover_venue(page, visit, "civic-hall")
    tooltip = page.locator(".deck-tooltip")
    expect(tooltip).to_contain_text("Civic Hall")
    assert f"Meeting {PAYLOAD}" in tooltip.inner_text()


def test_hostile_search_text_in_the_link_is_shown_as_text(page, base_url, page_log):
    # The search box is the entrypoint's, the same on every page; these pages also repeat
    # the search text in their own words.
    for name in ["overview", "issues", "sources"]:
        open_page(page, url_of(base_url, name, {"q": PAYLOAD}))
        search = sidebar(page).get_by_label("Search text")
        expect(search).to_have_value(PAYLOAD)
        assert page.evaluate(NOTHING_RAN) == CLEAN, name
        if name == "sources":
            page.get_by_role("tab", name="Data").click()  # drawn when opened
            expect(page.get_by_text("The files hold")).to_be_visible()
        if name in ("issues", "sources"):
            # "filtered by text “…”" / "Downloads hold what the filters keep (text “…”)"
            assert f"“{PAYLOAD}”" in page.get_by_test_id("stMain").text_content()
            assert page.evaluate(NOTHING_RAN) == CLEAN, name
    assert page_log.dialogs == []
    assert page_log.unexpected_errors() == []


def test_a_link_below_a_page_opens_that_page(page, base_url):
    """/map/extra/deeper used to load a blank screen (its scripts resolved below the page)."""
    page.goto(f"{base_url}/map/extra/deeper?day=2026-01-05")
    wait_ready(page, timeout=20_000)
    expect(page.get_by_test_id("stMain").locator("h1").first).to_have_text("Route map")
    assert page.url == f"{base_url}/map?day=2026-01-05"
