"""The overview (`views.overview`): the headline figures, the summary line and the date
of reporting, and the open questions, each list bounded with the rest counted."""

from __future__ import annotations

import dataclasses
import shutil

import pandas as pd
from conftest import MINI_VISIT
from reported_visit import visit_of as reported
from reported_visit import with_reports

from dashboard.views import overview
from dashboard.views.overview import news


def test_headline_figures_are_computed_from_the_data(visit):
    figures = {f.label: f.value for f in overview.headline_figures(visit)}
    assert figures["Days"] == "4"
    assert figures["Cities"] == "3"
    assert figures["Events"] == "10"
    assert figures["Distance (km)"] == "2,886"
    assert figures["MOUs expected"] == "> 10"  # "more than 10", not rounded to 10
    assert figures["First visit since"] == "2019"


def test_the_summary_and_the_reported_date(visit, mini):
    assert overview.summary(visit) == (
        "Lee Jae Myung (South Korea) visits Xi Jinping (China) · Sun 4 – Wed 7 Jan 2026 · "
        "Seoul → Beijing → Shanghai → Seoul"
    )
    reported = overview.reported(visit)
    assert reported.when == "Sun 4 Jan 2026"
    assert reported.counts == {"done": 1, "scheduled": 8, "expected": 1}
    # A visit whose data gives no date says so, and the record's publication date is used.
    assert overview.reported(mini).sentence.startswith("The article's date is not recorded.")
    assert overview.reported(mini, {"date_published": "2026-03-01"}).when == "Sun 1 Mar 2026"


def test_open_questions_show_sensitive_issues_and_the_source_contradiction(visit):
    questions = overview.open_questions(visit)
    whats = list(questions["what"])
    assert "Chinese steel structures in the Yellow Sea" in whats
    assert any(w.startswith("Source contradiction") for w in whats)


def test_the_overview_lists_six_open_issues_and_ten_source_problems(visit):
    real = overview.open_question_list(visit)
    assert real.more == 0
    assert [i["what"] for i in real.items] == list(overview.open_questions(visit)["what"])
    # Twenty copies of a sensitive card: six are listed, the rest counted; findings all stay.
    sensitive = visit.issue_cards[visit.issue_cards["sensitivity"] == "sensitive"].iloc[[0]]
    copies = pd.concat([sensitive] * 20, ignore_index=True)
    copies["id"] = [f"copy-{i}" for i in range(20)]
    busy = dataclasses.replace(visit, issue_cards=copies)
    listed = overview.open_question_list(busy)
    issues = [i for i in listed.items if i["kind"] not in overview.SOURCE_KINDS]
    source = [i for i in listed.items if i["kind"] in overview.SOURCE_KINDS]
    assert len(issues) == overview.OPEN_CARDS_LIMIT
    assert listed.more == 20 - overview.OPEN_CARDS_LIMIT
    assert len(source) == visit.findings["kind"].isin(overview.SOURCE_KINDS).sum() > 0
    assert listed.more_problems == 0
    # Thirty ambiguities and the contradiction: the contradiction first, ten listed in all.
    ambiguity = visit.findings[visit.findings["kind"] == "ambiguity"].iloc[[0]]
    many = pd.concat([ambiguity] * 30, ignore_index=True)
    many["id"] = [f"ambiguity-{i}" for i in range(30)]
    findings = pd.concat([many, visit.findings], ignore_index=True)
    crowded = overview.open_question_list(dataclasses.replace(visit, findings=findings))
    problems = [i for i in crowded.items if i["kind"] in overview.SOURCE_KINDS]
    assert len(problems) == overview.SOURCE_PROBLEMS_LIMIT
    assert problems[0]["kind"] == "contradiction"
    total = int(findings["kind"].isin(overview.SOURCE_KINDS).sum())
    assert crowded.more_problems == total - overview.SOURCE_PROBLEMS_LIMIT


def test_large_counts_carry_thousands_separators(visit):
    summit = visit.events[visit.events["id"] == "summit"]
    copies = pd.concat([summit] * 1200, ignore_index=True)
    copies["id"] = [f"summit-{i}" for i in range(1200)]
    busy = dataclasses.replace(visit, events=pd.concat([visit.events, copies], ignore_index=True))
    figures = {f.label: f.value for f in overview.headline_figures(busy)}
    assert figures["Events"] == "1,210"  # the ten of the visit and the copies


def test_events_first_reported_together_share_one_mark_that_names_them(tmp_path, monkeypatch):
    visit = reported(with_reports(shutil.copytree(MINI_VISIT, tmp_path / "v")))
    changes = news.news_figure(visit).data[-1]
    assert changes.name == news.CHANGES
    # Wire B (14:00 UTC) first reported the meeting and the press conference done: one mark
    # naming both, not two marks drawn on one another.
    assert len(changes.x) == 1
    hover = changes.hovertext[0]
    assert hover.startswith("<b>2 events</b>")
    assert "Meeting with Mayor B: first reported done" in hover
    assert "Press conference: first reported done" in hover
    # Past HOVER_EVENTS, the tooltip counts the rest instead of growing.
    monkeypatch.setattr(news, "HOVER_EVENTS", 1)
    hover = news.news_figure(visit).data[-1].hovertext[0]
    assert "… and 1 more" in hover and hover.count("first reported") == 1


def test_a_crowded_row_of_sources_gets_one_mark_per_hour_naming_them(tmp_path, monkeypatch):
    visit = reported(with_reports(shutil.copytree(MINI_VISIT, tmp_path / "v")))
    originals = news.news_figure(visit).data[0]
    assert len(originals.x) == 3  # Wire A, Wire B, Paper C: one mark each
    monkeypatch.setattr(news, "MARKS_PER_ROW", 1)
    hours = news.news_figure(visit).data[0]
    # Wire A (09:00) and Wire B (14:00) alone in their hours keep their own tooltips;
    # Paper C, with no time, is counted from the end of its day, alone in its hour too.
    assert len(hours.x) == 3 and all("sources</b>" not in h for h in hours.hovertext)
    monkeypatch.setattr(
        news, "_local", lambda moment, zone: moment.replace(hour=9, minute=0, tzinfo=None)
    )
    crowded = news.news_figure(visit).data[0]
    assert len(crowded.x) == 1
    assert crowded.hovertext[0].startswith("<b>3 sources</b>")
    assert all(outlet in crowded.hovertext[0] for outlet in ("Wire A", "Wire B", "Paper C"))


def test_a_crowded_row_of_events_gets_one_mark_per_hour_naming_them(tmp_path, monkeypatch):
    visit = reported(with_reports(shutil.copytree(MINI_VISIT, tmp_path / "v")))
    moments = news.news_figure(visit).data[-1]
    assert len(moments.x) == 1  # Wire B's moment: the meeting and the press conference
    monkeypatch.setattr(news, "MARKS_PER_ROW", 0)
    hours = news.news_figure(visit).data[-1]
    # One moment in its hour keeps its own time in the tooltip, not the hour's span.
    assert len(hours.x) == 1 and ":00–" not in hours.hovertext[0]
    first = news.first_reports(visit)
    later = first.assign(at=first["at"] + pd.to_timedelta([0, 20][: len(first)], unit="min"))
    monkeypatch.setattr(news, "first_reports", lambda v: later)
    crowded = news.news_figure(visit).data[-1]
    assert len(crowded.x) == 1
    assert crowded.hovertext[0].startswith("<b>2 events</b>")
    assert ":00–" in crowded.hovertext[0]
    assert "Meeting with Mayor B" in crowded.hovertext[0]


def test_the_outcomes_listed_stop_at_their_limit_and_are_escaped():
    outcomes = [
        overview.CardOutcome(f"Issue *{i}*", "agreed", "A note", "1 report") for i in range(20)
    ]
    text = overview.outcome_text(outcomes)
    assert text.count("agreed") == overview.OUTCOMES_LIMIT < len(outcomes)
    assert "Issue *0*" not in text and "Issue \\*0\\*" in text  # literal, not emphasis
