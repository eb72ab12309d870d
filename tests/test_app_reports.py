"""The pages of the shipped visit as its reports tell it (no as-of moment): the overview's
first screen says what happened and by when, each disagreement of the reports shows where
it sits and on Sources & data, and an as-of link shows the visit as it stood then."""

from __future__ import annotations

import json
import re

import pytest
from conftest import SHIPPED
from streamlit.testing.v1 import AppTest
from test_app import ROOT, html_of, open_page

from dashboard.model.cells import shown


def strong_lines(at: AppTest) -> list[str]:
    return [shown(m.value) for m in at.markdown if m.value.startswith("**")]


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


def test_each_issue_shows_its_outcome_with_its_sources():
    at = open_page("issues", {"sort": ["outcome"]}, plan=False)
    html = html_of(at)
    outcomes = re.findall(r"<b>Outcome: ([^<]+)</b>", html)
    assert outcomes == ["agreed", "agreed", "progress", "progress", "progress", "progress", "discussed"]
    assert "Sources differ on outcome (agreed or discussed)" in html


@pytest.mark.parametrize(
    "about, field, values",
    [
        ("Summit talks with President Xi Jinping", "date",
         "Mon 5 Jan 2026 (9 reports, 2 summaries) · Sun 4 Jan 2026 (1 report) · Tue 6 Jan 2026 (2 summaries)"),
        ("Summit talks with President Xi Jinping", "place",
         "Great Hall of the People (2 reports, 2 summaries) · Cheong Wa Dae (presidential office, Seoul) (1 summary)"),
        ("MOUs signed", "value", "14 (2 reports) · 15 (1 report, 1 summary)"),
        ("First visit since", "value", "2019 (6 reports, the article, 1 summary) · 2017 (2 reports, 1 summary)"),
        ("Last state visit to China by a South Korean president before this one", "value",
         "2017 (5 reports, 1 summary) · 2019 (1 summary)"),
        ("Lee Jae Myung", "role", "President of South Korea (the article) · Opposition leader (2 summaries)"),
    ],
)  # fmt: skip
def test_each_disagreement_is_on_the_sources_page(about, field, values):
    at = open_page("sources", plan=False)
    at.session_state["sources_tab"] = "Disagreements"  # the tab a reader opened
    at.run()
    texts = [shown(m.value) for m in at.markdown]
    assert f"**{about}**, {field}: {values}" in texts


def test_the_article_s_own_findings_show_how_the_reports_settle_them():
    at = open_page("overview", plan=False)
    text = " ".join(shown(m.value) for m in at.markdown)
    assert "Reports settle it: 3 reports give Sun 4 Jan 2026." in text
    assert "Reports settle it: The building: the Provisional Government used it from 1926." in text


@pytest.mark.parametrize(
    "as_of, first",
    [
        ("2026-01-04", "**As reported on Sun 4 Jan 2026: of the visit's 10 events, ✓ 1 done, ○ 8 scheduled, ◌ 1 expected.**"),
        ("2026-01-05T23:59", "**As of Mon 5 Jan 2026, 23:59 KST: 29 sources (25 original reports, 1 official statement, 3 summaries): of the 10 planned events, ✓ 4 done, ○ 6 scheduled; 7 events not in the plan.**"),
    ],
)  # fmt: skip
def test_an_as_of_link_shows_the_visit_as_it_stood_and_keeps_it(as_of, first):
    at = open_page("overview", {"as_of": [as_of]}, plan=False)
    assert strong_lines(at)[0] == first
    assert at.query_params.get("as_of") == as_of  # the link keeps it
    for page in ("timeline", "map", "issues", "sources"):
        other = open_page(page, {"as_of": [as_of]}, plan=False)
        assert not other.exception and other.query_params.get("as_of") == as_of


def test_a_bad_as_of_is_dropped_with_a_notice():
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params["visit"] = [SHIPPED]
    at.query_params["as_of"] = ["5 January"]
    at.run()
    notices = [shown(i.value) for i in at.info]
    assert any(n.startswith("Ignored the date '5 January' from the link") for n in notices)
    assert "as_of" not in at.query_params


def test_the_map_shows_the_reported_venues_once_they_are_reported():
    def venues(at: AppTest) -> set[str]:
        deck = json.loads(at.get("deck_gl_json_chart")[0].proto.json)
        places = next(layer for layer in deck["layers"] if layer.get("id") == "places")
        return {str(row["id"]) for row in places["data"]}

    later = venues(open_page("map", plan=False))
    earlier = venues(open_page("map", {"as_of": ["2026-01-04"]}, plan=False))
    assert {"diaoyutai", "pudong-airport", "sicc"} <= later
    assert not {"diaoyutai", "pudong-airport", "sicc"} & earlier
