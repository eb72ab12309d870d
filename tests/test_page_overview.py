"""The overview page (`pages/overview_page.py`) through AppTest, as a shared link opens
it: the headline figures and the days, following the filters; and, as the reports tell it,
what happened and by when on the first screen."""

from __future__ import annotations

import re

from open_pages import html_of, open_page, strong_lines

from dashboard.model.cells import shown


def test_overview_shows_headline_figures_and_the_days():
    at = open_page("overview")
    metrics = {shown(m.label): shown(m.value) for m in at.metric}
    assert metrics == {
        "Days": "4",
        "Cities": "3",
        "Events": "10",
        "Distance (km)": "2,886",
        "MOUs expected": "> 10",
        "First visit since": "2019",
    }
    days = re.findall(r'<section class="day" data-day="([^"]+)"', html_of(at))
    assert days == ["2026-01-04", "2026-01-05", "2026-01-06", "2026-01-07"]
    reported = next(shown(m.value) for m in at.markdown if "As reported" in m.value)
    assert reported == (
        "**As reported on Sun 4 Jan 2026: of the visit's 10 events, ✓ 1 done, ○ 8 scheduled, "
        "△ 1 expected.**"
    )
    events = next(m for m in at.metric if shown(m.label) == "Events")
    assert shown(events.delta) == "+ 9 background"


def test_overview_days_follow_the_topic_filter():
    everything = html_of(open_page("overview"))
    assert "matches the filters" not in everything
    taiwan = html_of(open_page("overview", {"topic": ["taiwan"]}))  # only background events
    # One sentence says why the days are empty, not one empty box per day.
    assert taiwan.count("No event of the visit matches the filters (topic Taiwan") == 1
    assert '<section class="day"' not in taiwan and '<section class="spans"' not in taiwan


def test_a_search_lists_only_the_days_it_matches_and_names_the_others_once():
    # As reported, the visit to the site Kim Gu's anniversary is marked at fell on Wed 7 Jan.
    page = html_of(open_page("overview", {"q": ["Kim Gu"]}, plan=False))
    assert re.findall(r'data-day="([^"]+)"', page) == ["2026-01-07"]
    assert "No match on Sun 4 Jan, Mon 5 Jan, Tue 6 Jan." in page
    assert "matches the filters" not in page


def test_the_background_day_alone_says_where_its_events_are():
    page = html_of(open_page("overview", {"day": ["background"]}))
    assert "The Background filter keeps only the events before and around the visit" in page
    assert '<section class="day"' not in page


def test_a_day_filter_narrows_the_days_and_each_undated_event_is_listed_once():
    overview = html_of(open_page("overview", {"day": ["2026-01-06"]}))
    assert re.findall(r'data-day="([^"]+)"', overview) == ["2026-01-06"]
    listed = re.findall(r'data-event="([^"]+)"', overview)
    assert len(listed) == len(set(listed))  # nothing repeated
    assert {"luncheon-li-qiang", "mou-signing", "economic-forum"} <= set(listed)
    assert "summit" not in listed
    everything = re.findall(r'data-event="([^"]+)"', html_of(open_page("overview")))
    assert everything.count("mou-signing") == 1 and len(everything) == 10


def test_the_first_screen_says_what_happened():
    at = open_page("overview", plan=False)
    assert not at.exception
    first = strong_lines(at)[0]
    assert first == (
        "**By Thu 8 Jan 2026, 71 sources (50 original reports, 3 official statements, "
        "18 summaries): of the 10 planned events, ✓ 10 done; 8 events not in the plan.**"
    )
    assert any("Sources differ on 16 points" in shown(c.value) for c in at.caption)
    html = html_of(at)
    # The events not in the plan are marked, and each shows how many report it.
    assert html.count('class="unplanned"') == 8
    assert "11 reports, 7 summaries" in html
    # The summit's date is flagged where it sits.
    assert "Sources differ on date (Mon 5 Jan, Sun 4 Jan or Tue 6 Jan)" in html


def test_the_headline_figures_carry_the_reports_counts():
    at = open_page("overview", plan=False)
    metrics = {shown(m.label): shown(m.value) for m in at.metric}
    assert metrics["MOUs signed"] == "14"
    assert metrics["Events"] == "18"
    deltas = {shown(m.label): shown(m.proto.delta) for m in at.metric}
    assert deltas["MOUs signed"] == "sources differ"


def test_the_article_s_own_findings_show_how_the_reports_settle_them():
    at = open_page("overview", plan=False)
    text = " ".join(shown(m.value) for m in at.markdown)
    assert "Reports settle it: 3 reports give Sun 4 Jan 2026." in text
    assert "Reports settle it: The building: the Provisional Government used it from 1926." in text
