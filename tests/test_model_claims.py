"""What the sources say (`model.claims`, `model.happened`, `model.agreement`), read
through `select_visit` on the mini visit with reports added: agreement computed from the
claims (an aggregator that contradicts two original reports included), plans giving way to
reports, the view as of an instant, the outcome lines, and a visit without reports read as
its plan."""

from __future__ import annotations

import csv
import io
import shutil
from datetime import datetime

import pandas as pd
from conftest import MINI_VISIT, SHIPPED
from reported_visit import CLAIMS, UTC, VISIT, problems_of, visit_of, with_reports

from dashboard.data.loading import load_dataset
from dashboard.model import agreement
from dashboard.model.claims import AGREED, MAJORITY, OPEN, PLANNED, RESOLVED, SUMMARIES_ONLY
from dashboard.model.happened import NOT_REPORTED
from dashboard.model.visit import select_visit

# ---------------------------------------------------------------------------------------
# Agreement, computed


def test_two_reports_agree_and_the_aggregator_that_contradicts_them_decides_nothing(reported):
    visit = visit_of(reported)
    date = visit.reports.statements[("events", "meeting", "date")]
    assert date.preferred == "2026-03-02" and date.state == AGREED
    assert [(v.value, v.deciding, v.summaries) for v in date.values] == [
        ("2026-03-02", ("wire-b", "paper-c"), ()),
        ("2026-03-03", (), ("digest-d",)),
    ]
    assert date.disputed and date.summary_differs
    row = agreement.disagreements(visit).set_index("field").loc["date"]
    assert row["values"] == "Mon 2 Mar 2026 (2 reports) · Tue 3 Mar 2026 (1 summary)"
    assert row["preferred"] == "Mon 2 Mar 2026"
    assert "a summary never decides" in row["why"]
    # The event takes the reports' day, not the summary's.
    meeting = visit.events.set_index("id").loc["meeting"]
    assert meeting["date_start"] == pd.Timestamp("2026-03-02")


def test_a_field_only_a_summary_gives_is_not_decided(reported):
    visit = visit_of(reported)
    said = visit.reports.statements[("events", "press", "time")]
    assert said.preferred is None and said.state == SUMMARIES_ONLY
    assert visit.events.set_index("id").loc["press", "time_local"] == ""


def test_two_reports_that_differ_are_left_open_and_a_finding_resolves_them(reported):
    visit = visit_of(reported)
    count = visit.reports.statements[("figures", "agreements", "value")]
    # The article says 3 (the seed's own claim), one report 3, another 4: most give 3.
    assert (count.state, count.preferred) == (MAJORITY, "3")
    findings = reported / "findings.csv"
    header = findings.read_text(encoding="utf-8").splitlines()[0]
    rows = list(csv.DictReader(io.StringIO(findings.read_text(encoding="utf-8"))))
    row = {c: "" for c in header.split(",")} | {
        "id": "agreements-count", "visit_id": VISIT, "kind": "disagreement",
        "affects": "agreements", "says": "Reports count 3 or 4.", "resolved": "4.",
        "why": "The fourth was signed late.", "field": "value", "preferred": "4",
    }  # fmt: skip
    columns = [*header.split(","), *[c for c in ("field", "preferred") if c not in header]]
    out = io.StringIO()
    writer = csv.DictWriter(out, columns, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    for r in [*rows, row]:
        writer.writerow({c: r.get(c, "") for c in columns})
    findings.write_text(out.getvalue(), encoding="utf-8")
    assert problems_of(reported) == []
    count = visit_of(reported).reports.statements[("figures", "agreements", "value")]
    assert (count.state, count.preferred, count.why) == (
        RESOLVED,
        "4",
        "The fourth was signed late.",
    )


def test_a_city_where_others_name_a_venue_in_it_is_no_disagreement(reported):
    visit = visit_of(reported)
    place = visit.reports.statements[("events", "meeting", "place")]
    assert place.values[0].value == "city-x" and not place.disputed


def test_a_preview_is_a_plan_that_gives_way_to_the_reports(reported):
    before = visit_of(reported, "2026-03-02T09:30").events.set_index("id").loc["meeting"]
    assert before["status"] == "scheduled" and before["time_local"] == "10:00"
    said = visit_of(reported, "2026-03-02T09:30").reports.statements[("events", "meeting", "time")]
    assert said.state == PLANNED
    after = visit_of(reported).events.set_index("id").loc["meeting"]
    assert after["status"] == "done" and after["time_local"] == "10:15"
    assert after["planned_status"] == "scheduled"
    statement = visit_of(reported).reports.statements[("events", "meeting", "time")]
    assert not statement.disputed  # the plan's 10:00 is no disagreement with 10:15


# ---------------------------------------------------------------------------------------
# As of an instant


def test_a_status_changes_as_the_reports_come_in(reported):
    statuses = {
        moment: visit_of(reported, moment).events.set_index("id").loc["meeting", "status"]
        for moment in ("2026-03-01T12:00", "2026-03-02T12:00", "2026-03-02T15:00")
    }
    assert statuses == {
        "2026-03-01T12:00": "scheduled",
        "2026-03-02T12:00": "scheduled",
        "2026-03-02T15:00": "done",
    }


def test_a_disagreement_appears_only_after_the_later_source(reported):
    def disputed(moment):
        return set(agreement.disagreements(visit_of(reported, moment))["field"])

    assert "date" not in disputed("2026-03-02T23:59")
    assert "date" in disputed("2026-03-03T09:00")


def test_a_source_with_no_time_counts_from_the_end_of_its_day(reported):
    def has_c(moment):
        return "paper-c" in set(visit_of(reported, moment).reports.sources["id"])

    assert not has_c("2026-03-02T20:00")
    assert has_c("2026-03-02T23:59")


def test_an_event_not_in_the_plan_appears_with_its_first_report(reported):
    assert "press" not in set(visit_of(reported, "2026-03-02T12:00").events["id"])
    press = visit_of(reported, "2026-03-02T15:00").events.set_index("id").loc["press"]
    assert press["status"] == "done" and not press["in_plan"]


def test_a_planned_event_with_no_report_once_its_days_are_over_says_so(tmp_path):
    claims = [c for c in CLAIMS if ",meeting," not in c]
    folder = with_reports(shutil.copytree(MINI_VISIT, tmp_path / "v"), claims=claims)
    meeting = visit_of(folder).events.set_index("id").loc["meeting"]
    assert meeting["status"] == NOT_REPORTED
    early = visit_of(folder, "2026-03-02T15:00").events.set_index("id").loc["meeting"]
    assert early["status"] == "scheduled"  # the day is not over yet


# ---------------------------------------------------------------------------------------
# Outcome lines


def test_the_outcome_counts_say_what_happened(reported):
    happened = agreement.happened(visit_of(reported))
    assert happened.sources == {"original": 3, "seed": 1, "summary": 1, "official": 1}
    assert happened.planned == {"done": 2}
    assert happened.unplanned == 1
    assert happened.when == "Tue 3 Mar 2026"


def test_a_card_outcome_comes_with_its_sources(reported):
    outcome = agreement.card_outcomes(visit_of(reported))["river-trade"]
    assert (outcome.word, outcome.state, outcome.sources, outcome.summaries) == (
        "agreed",
        AGREED,
        1,
        0,
    )


def test_a_tie_between_reports_is_left_open(tmp_path):
    claims = [*CLAIMS, "c20,{v},office-e,events,meeting,time,11:00,,,"]
    claims = [c for c in claims if not c.startswith("c8,")]
    folder = with_reports(shutil.copytree(MINI_VISIT, tmp_path / "v"), claims=claims)
    said = visit_of(folder).reports.statements[("events", "meeting", "time")]
    assert (said.state, said.preferred) == (OPEN, None)
    assert (
        "left open"
        in agreement.disagreements(visit_of(folder))
        .set_index("field")
        .loc["start time", "preferred"]
    )


# ---------------------------------------------------------------------------------------
# A visit without reports reads as before


def test_a_visit_without_reports_reads_as_its_plan(mini_visit):
    visit = select_visit(load_dataset(mini_visit), VISIT)
    assert visit.reports is not None and not visit.reports.any
    assert "planned_status" not in visit.events
    assert list(visit.events["status"].astype(str)) == ["done", "scheduled", "done"]
    assert agreement.happened(visit) is None and agreement.card_outcomes(visit) == {}
    assert agreement.disagreements(visit).empty


def test_a_visit_without_reports_takes_an_as_of_moment_too(mini_visit):
    """A link's as_of on a visit with no sources reads as its plan (nothing to cut)."""
    visit = select_visit(load_dataset(mini_visit), VISIT, datetime(2026, 1, 4, tzinfo=UTC))
    assert list(visit.events["id"]) == ["arrival", "meeting", "previous-visit"]
    assert agreement.happened(visit) is None


def test_the_column_wise_summary_says_what_each_field_by_field_statement_says(real_data):
    """`summarise` works on whole columns (linear in the claims); on the shipped visit,
    with its 16 points where sources differ, it gives each field the preferred value,
    state and 'sources differ' that the statement made from that field's claims gives;
    so do the one-pass `field_of` and the row-by-row `of`."""
    visit = select_visit(real_data, SHIPPED)
    reports = visit.reports
    summary = reports.summary
    assert len(summary) > 100 and int(summary["disputed"].sum()) == len(
        agreement.disagreements(visit)
    )
    for row in summary.to_dict("records"):
        said = reports.of(row["table"], row["row_id"])[row["field"]]
        assert (said.preferred, said.state, said.disputed) == (
            row["preferred"],
            row["state"],
            row["disputed"],
        ), row
        assert reports.field_of(row["table"], row["field"])[row["row_id"]] == said
