"""A reader gets the story in 30 seconds: the overview's first screen, a day-by-day chart
that fits what the data states, each event once, filters that act visibly (and say so),
chips, a phone's filter panel, and Back and Forward through filter changes."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from dashboard.model import filters as F
from dashboard.views.overview import itinerary
from dashboard.views.timeline.days import STATUS

from .browsing import (
    DESKTOP,
    PHONE,
    PLOTLY,
    nav_link,
    open_page,
    pill,
    plan_day,
    pressed_pills,
    settle_on,
    sidebar,
    url_of,
)

DAY, TOPIC = "2026-01-06", "economy"
FOLD = DESKTOP["height"]


def boxes(page, selector: str) -> list[dict]:
    return page.locator(selector).evaluate_all(
        "els => els.map(e => { const r = e.getBoundingClientRect();"
        " return {top: r.top, bottom: r.bottom, width: r.width, text: e.innerText}; })"
    )


#: Each event's row on the day chart is labelled above its bar (an annotation that starts
#: with the status's mark), not by a tick: the labels, with where they lie.
ROW_LABELS = """(chart, marks) => [...chart.querySelectorAll('.annotation-text')]
    .filter(e => marks.includes(e.textContent.trim().charAt(0)))
    .map(e => { const r = e.getBoundingClientRect();
                return {text: e.textContent, left: r.left, right: r.right, width: r.width}; })"""
GLYPHS = sorted({glyph for glyph, _ in STATUS.values()} | {"•"})


def row_labels(page, expected: int) -> list[dict]:
    """The day chart's row labels, once it has drawn `expected` of them (a timeout fails)."""
    chart = page.locator(PLOTLY).first
    expect(chart).to_be_visible()
    page.wait_for_function(
        f"n => {{ const c = document.querySelector('{PLOTLY}');"
        f" return c && ({ROW_LABELS})(c, {GLYPHS!r}).length === n; }}",
        arg=expected,
        timeout=20_000,
    )
    return chart.evaluate(f"c => ({ROW_LABELS})(c, {GLYPHS!r})")


def test_the_first_screen_tells_the_story(page, base_url, visit):
    open_page(page, url_of(base_url, "overview"))
    main = page.get_by_test_id("stMain")
    # Little blank space above the title, once the page's style block has applied (it is
    # drawn with the page; waited for, not raced: a timeout still fails the test).
    page.wait_for_function(
        "() => { const h = document.querySelector('[data-testid=stMain] h1');"
        " return h && h.getBoundingClientRect().y < 110; }",
        timeout=10_000,
    )
    reported = main.get_by_text(re.compile(r"^As reported on Sun 4 Jan 2026"))
    expect(reported).to_be_visible()
    assert reported.bounding_box()["y"] + reported.bounding_box()["height"] < FOLD
    days = boxes(page, ".itinerary section.day")
    assert len(days) == len(visit.days)
    assert all(d["bottom"] <= FOLD for d in days), days  # every day above the fold
    statuses = boxes(page, ".itinerary .status")
    expected = itinerary.itinerary(visit, visit.events)
    assert len(statuses) == sum(len(d.items) for d in expected.days) + len(expected.spans)
    assert all(s["bottom"] <= FOLD for s in statuses)
    words = {re.sub(r"^\W+", "", s["text"]).strip() for s in statuses}
    assert words == {"done", "scheduled", "expected"}  # a word beside each mark
    assert {s["text"][0] for s in statuses} == {"✓", "○", "△"}


def test_an_undated_event_appears_once_on_the_overview_and_the_timeline(page, base_url, visit):
    open_page(page, url_of(base_url, "overview"))
    overview = page.locator(".itinerary").inner_text()
    assert overview.count("Korea-China economic forum") == 1
    assert overview.count("Signing of more than 10 MOUs") == 1
    open_page(page, url_of(base_url, "timeline"))
    labels = row_labels(page, int((~visit.events["background"]).sum()))
    joined = "\n".join(label["text"] for label in labels)
    assert joined.count("Korea-China economic") == 1
    assert joined.count("Signing of more than") == 1


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_no_label_on_the_day_chart_is_cut(browser, base_url, visit, viewport):
    context = browser.new_context(viewport=viewport)
    try:
        page = context.new_page()
        open_page(page, url_of(base_url, "timeline"))
        chart = page.locator(PLOTLY).first
        labels = row_labels(page, int((~visit.events["background"]).sum()))
        assert not [label for label in labels if "…" in label["text"]]
        # Every label lies inside the chart, cut at neither edge.
        frame = chart.bounding_box()
        assert all(label["width"] > 0 for label in labels)
        assert min(label["left"] for label in labels) >= frame["x"] - 1
        assert max(label["right"] for label in labels) <= frame["x"] + frame["width"] + 1
        # The background chart's labels (annotations) wrap too: none is cut.
        page.get_by_role("tab", name=re.compile("^Background")).first.click()
        panel = page.get_by_role("tabpanel", name=re.compile("^Background"))
        background = panel.locator(PLOTLY)  # drawn once its tab is open
        expect(background.locator(".annotation-text").first).to_be_visible()
        notes = background.locator(".annotation-text").all_text_contents()
        assert len(notes) > int(visit.events["background"].sum())
        assert not [note for note in notes if "…" in note]
    finally:
        context.close()


def test_a_day_filter_narrows_the_overview_and_the_timeline(page, base_url, visit):
    open_page(page, url_of(base_url, "overview"))
    options = F.options(visit)
    pill(page, options.days[DAY]).click()
    expect(page.locator(".itinerary section.day")).to_have_count(1)
    expect(page.locator(f'.itinerary [data-day="{DAY}"]')).to_have_count(1)
    nav_link(page, "timeline").click()
    chart = page.locator(PLOTLY).first
    expect(chart.locator(".xtick")).to_have_count(1)
    tuesday = F.filter_events(visit, F.Filters(visit.id, days=(DAY,)))
    row_labels(page, int((~tuesday["background"]).sum()))


def test_chips_show_the_filters_and_remove_them(page, base_url, visit):
    open_page(page, url_of(base_url, "issues", {"day": DAY, "topic": TOPIC}))
    options = F.options(visit)
    chips = page.locator(".st-key-active-filters")
    expect(chips).to_contain_text("Filters on:")
    expect(chips.get_by_role("button", name=re.compile(options.days[DAY]))).to_be_visible()
    chips.get_by_role("button", name=re.compile(options.topics[TOPIC])).click()
    expect(page).to_have_url(re.compile(rf"/issues\?day={DAY}(?:[?&]as_of=[^&]*)?$"))
    assert pressed_pills(page, expected=1) == [options.days[DAY]]
    page.locator(".st-key-active-filters").get_by_role("button", name="Clear all").click()
    expect(page.locator(".st-key-active-filters")).to_have_count(0)
    expect(page).to_have_url(re.compile(r"/issues(?:[?&]as_of=[^&]*)?$"))


def test_on_a_phone_two_picks_take_one_opening_and_the_button_shows_the_page(
    browser, base_url, visit
):
    context = browser.new_context(viewport=PHONE)
    try:
        page = context.new_page()
        open_page(page, url_of(base_url, "overview"))
        expect(sidebar(page).locator(".st-key-sidebar-filters")).to_be_hidden()
        panel = page.locator(".st-key-phone-filters")
        expect(panel).to_be_visible()
        panel.get_by_text("Filters", exact=True).click()
        options = F.options(visit)
        day, topic = options.days[DAY], options.topics[TOPIC]
        panel.get_by_role("button", name=day, exact=True).click()
        # The panel stays open for the next pick: a day and a topic in one opening.
        expect(panel.locator("summary, [data-testid='stExpanderHeader']").first).to_contain_text(
            "Filters · 1 on"
        )
        panel.get_by_role("button", name=topic, exact=True).click()
        expect(panel.locator("summary, [data-testid='stExpanderHeader']").first).to_contain_text(
            "Filters · 2 on"
        )
        expect(page).to_have_url(re.compile(rf"\?day={DAY}&topic={TOPIC}&as_of={plan_day()}$"))
        # Its button folds it away; the chips say what is on, and the page shows again.
        panel.get_by_role("button", name="Show the page").click()
        expect(panel.get_by_role("button", name=day, exact=True)).to_be_hidden()
        expect(page.locator(".st-key-active-filters")).to_contain_text(day)
        expect(page.locator(".st-key-active-filters")).to_contain_text(topic)
        expect(page.locator(".itinerary section.day")).to_have_count(1)
        first_day = page.locator(".itinerary section.day").first.bounding_box()
        assert first_day["y"] < PHONE["height"]  # in view without scrolling past a panel
    finally:
        context.close()


def test_back_and_forward_walk_through_filter_changes(page, base_url, visit):
    options = F.options(visit)
    open_page(page, url_of(base_url, "timeline"))
    pill(page, options.days[DAY]).click()
    expect(page).to_have_url(re.compile(rf"\?day={DAY}(?:[?&]as_of=[^&]*)?$"))
    pill(page, options.topics[TOPIC]).click()
    expect(page).to_have_url(re.compile(rf"\?day={DAY}&topic={TOPIC}(?:[?&]as_of=[^&]*)?$"))
    nav_link(page, "issues").click()
    expect(page).to_have_url(re.compile(rf"/issues\?day={DAY}&topic={TOPIC}(?:[?&]as_of=[^&]*)?$"))

    page.go_back()  # the page switch, undone in one step, filters kept
    expect(page).to_have_url(
        re.compile(rf"/timeline\?day={DAY}&topic={TOPIC}(?:[?&]as_of=[^&]*)?$")
    )
    assert pressed_pills(page, expected=2) == [options.days[DAY], options.topics[TOPIC]]
    page.go_back()  # the topic, undone
    expect(page).to_have_url(re.compile(rf"/timeline\?day={DAY}(?:[?&]as_of=[^&]*)?$"))
    assert pressed_pills(page, expected=1) == [options.days[DAY]]
    page.go_back()  # the day, undone
    expect(page).to_have_url(re.compile(r"/timeline(?:[?&]as_of=[^&]*)?$"))
    assert pressed_pills(page, expected=0) == []
    page.go_forward()
    expect(page).to_have_url(re.compile(rf"/timeline\?day={DAY}(?:[?&]as_of=[^&]*)?$"))
    assert pressed_pills(page, expected=1) == [options.days[DAY]]


def sort_button(page, label: str):
    group = page.get_by_test_id("stMain").get_by_test_id("stButtonGroup")
    return group.locator("button").filter(has_text=label)


def test_the_card_order_survives_a_shared_link_and_a_page_switch(context, page, base_url):
    open_page(page, url_of(base_url, "issues"))
    sort_button(page, "Title (A-Z)").click()
    expect(page).to_have_url(re.compile(r"/issues\?sort=title(?:[?&]as_of=[^&]*)?$"))
    nav_link(page, "timeline").click()
    expect(page).to_have_url(re.compile(r"/timeline\?sort=title(?:[?&]as_of=[^&]*)?$"))
    settle_on(page, "Timeline")  # a click sent while the page is still drawn can be lost
    nav_link(page, "issues").click()
    expect(sort_button(page, "Title (A-Z)")).to_have_attribute("aria-checked", "true")
    reader = context.new_page()  # someone the link was sent to
    open_page(reader, url_of(base_url, "issues", {"sort": "title"}))
    titles = reader.locator("article.issue-card h2").all_inner_texts()
    assert titles and titles == sorted(titles, key=str.casefold)
    expect(sort_button(reader, "Title (A-Z)")).to_have_attribute("aria-checked", "true")


def test_each_page_offers_what_it_shows_as_files(page, base_url):
    expected = {
        "overview": ["itinerary (.ics)", "events (CSV)"],
        "timeline": ["events (CSV)", "itinerary (.ics)"],
        "issues": ["issue cards (CSV)"],
        "map": ["the route (CSV)", "events (CSV)"],  # the route is whole: the first is not
    }
    for name, labels in expected.items():
        open_page(page, url_of(base_url, name, {"day": DAY}))
        box = page.locator(".st-key-page-downloads")
        expect(box).to_contain_text(
            "What this page shows, as files (filters applied: day Tue 6 Jan)"
        )
        buttons = box.get_by_test_id("stDownloadButton")
        expect(buttons).to_have_count(len(labels))
        for i, label in enumerate(labels):
            expect(buttons.nth(i)).to_contain_text(f"Download {label}")
        with page.expect_download() as download:
            buttons.last.click()
        assert "day-tue-6-jan" in download.value.suggested_filename, name
