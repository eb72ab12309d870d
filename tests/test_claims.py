"""Sources and claims (`data.reports`, `model.claims`, `model.happened`, `model.agreement`):
the format's checks, agreement computed from the claims (an aggregator that contradicts two
original reports included), plans giving way to reports, the view as of an instant, and a
visit without reports unchanged."""

from __future__ import annotations

import csv
import io
import shutil
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pandas as pd
import pytest
from conftest import MINI_VISIT

from dashboard.data.loading import DataError, check_folder, load_dataset
from dashboard.model import agreement
from dashboard.model.claims import AGREED, MAJORITY, OPEN, PLANNED, RESOLVED, SUMMARIES_ONLY
from dashboard.model.happened import NOT_REPORTED
from dashboard.model.visit import select_visit

VISIT = "fixture-mini-2026"
UTC = ZoneInfo("UTC")

SOURCE_HEADER = "id,visit_id,kind,outlet,title,url,language,published_date,published_time,published_zone,accessed,note"
SOURCES = [
    "seed,{v},seed,Fixture Post,The fixture article,seed.txt,en,2026-03-01,,,2026-03-01,",
    "wire-a,{v},original,Wire A,Minister A to meet Mayor B,https://a.example/1,en,2026-03-02,09:00,UTC,2026-12-05,a preview",
    "wire-b,{v},original,Wire B,Minister A meets Mayor B,https://b.example/1,en,2026-03-02,14:00,UTC,2026-12-05,",
    "paper-c,{v},original,Paper C,Talks on river trade,https://c.example/1,en,2026-03-02,,,2026-12-05,no time on the page",
    "digest-d,{v},summary,Digest D,[Machine summary],https://d.example/1,en,2026-03-03,08:00,UTC,2026-12-05,",
    "office-e,{v},official,Office E,Readout,https://e.example/1,en,2026-03-03,18:00,UTC,2026-12-05,",
]
CLAIM_HEADER = "id,visit_id,source_id,table,row_id,field,value,qualifier,locator,note"
CLAIMS = [
    "c1,{v},wire-a,events,meeting,status,scheduled,,para 1,",
    "c2,{v},wire-a,events,meeting,time,10:00,scheduled,para 2,",
    "c3,{v},wire-b,events,meeting,status,done,,para 1,",
    "c4,{v},wire-b,events,meeting,date,2026-03-02,,para 1,",
    "c5,{v},wire-b,events,meeting,time,10:15,,para 2,",
    "c6,{v},paper-c,events,meeting,status,done,,headline,",
    "c7,{v},paper-c,events,meeting,date,2026-03-02,,para 1,",
    "c8,{v},paper-c,events,meeting,time,10:15,about,para 3,",
    "c9,{v},digest-d,events,meeting,date,2026-03-03,,,a wrong day",
    "c10,{v},digest-d,events,meeting,place,city-x,,,",
    "c11,{v},wire-b,figures,agreements,value,3,,para 4,",
    "c12,{v},paper-c,figures,agreements,value,4,,para 5,",
    "c13,{v},office-e,issue_cards,river-trade,outcome,agreed,,para 1,",
    "c14,{v},wire-b,events,press,status,done,,para 6,",
    "c15,{v},wire-b,events,press,date,2026-03-02,,para 6,",
    "c16,{v},digest-d,events,press,time,15:00,,,only a summary gives a time",
]
PRESS = (
    "press,{v},Press conference,press,done,2026-03-02,2026-03-02,day,"
    '"2 March 2026, as reported",,,city-x,minister-a,diplomacy,false,'
    "The minister takes questions after the talks.,,reported,First reported after the article."
)


def with_reports(folder: Path, sources=SOURCES, claims=CLAIMS, press=True) -> Path:
    (folder / "sources.csv").write_text(
        "\n".join([SOURCE_HEADER, *(s.format(v=VISIT) for s in sources)]) + "\n", "utf-8"
    )
    (folder / "claims.csv").write_text(
        "\n".join([CLAIM_HEADER, *(c.format(v=VISIT) for c in claims)]) + "\n", "utf-8"
    )
    if press:
        with (folder / "events.csv").open("a", encoding="utf-8") as f:
            f.write(PRESS.format(v=VISIT) + "\n")
    return folder


@pytest.fixture
def reported(tmp_path) -> Path:
    return with_reports(shutil.copytree(MINI_VISIT, tmp_path / "visit"))


def visit_of(folder: Path, as_of: str | None = None):
    moment = datetime.fromisoformat(as_of).replace(tzinfo=UTC) if as_of else None
    return select_visit(load_dataset(folder), VISIT, moment)


def problems_of(folder: Path) -> list[str]:
    problems, _ = check_folder(folder)
    return [str(p) for p in problems]


# ---------------------------------------------------------------------------------------
# The format


def test_a_visit_with_reports_validates(reported):
    assert problems_of(reported) == []


@pytest.mark.parametrize(
    "claim, where, message",
    [
        (
            "c90,{v},office-e,events,nowhere,status,done,,,",
            "row 18, column row_id: 'nowhere'",
            "is not an id in events.csv",
        ),
        (
            "c90,{v},office-e,figures,agreements,status,done,,,",
            "row 18, column field: 'status'",
            "is not a field of figures a claim may give",
        ),
        (
            "c90,{v},office-e,events,meeting,date,2 March,,,",
            "row 18, column value: '2 March'",
            "is not a date in YYYY-MM-DD form",
        ),
        (
            "c90,{v},office-e,events,meeting,time,25:00,,,",
            "row 18, column value: '25:00'",
            "is not a time in HH:MM form",
        ),
        (
            "c90,{v},office-e,events,meeting,place,atlantis,,,",
            "row 18, column value: 'atlantis'",
            "not an id in places.csv",
        ),
        (
            "c90,{v},office-e,figures,agreements,value,three,,,",
            "row 18, column value: 'three'",
            "is not a number",
        ),
        (
            "c90,{v},paper-c,issue_cards,river-trade,outcome,won,,,",
            "row 18, column value: 'won'",
            "is not a value outcome may take",
        ),
        (
            "c90,{v},office-e,events,meeting,status,finished,,,",
            "row 18, column value: 'finished'",
            "is not a value status may take",
        ),
        (
            "c90,{v},wire-b,events,meeting,time,10:20,,,",
            "row 18, column field: 'time'",
            "repeats the claim of row 6",
        ),
        (
            "c90,{v},ghost,events,meeting,status,done,,,",
            "row 18, column source_id: 'ghost'",
            "is not an id in sources.csv",
        ),
    ],
)
def test_a_bad_claim_is_a_problem_naming_file_row_and_column(tmp_path, claim, where, message):
    folder = with_reports(shutil.copytree(MINI_VISIT, tmp_path / "v"), claims=[*CLAIMS, claim])
    found = [p for p in problems_of(folder) if p.startswith("claims.csv")]
    assert len(found) == 1, found
    assert found[0].startswith(f"claims.csv, {where}") and message in found[0]


@pytest.mark.parametrize(
    "edit, where, message",
    [
        (
            lambda r: r.replace("https://b.example/1", ""),
            "row 4, column url: ''",
            "is empty but required",
        ),
        (
            lambda r: r.replace("2026-03-02,14:00", ",14:00"),
            "row 4, column published_date: ''",
            "needs the date its page gives",
        ),
        (
            lambda r: r.replace("https://b.example/1", "HTTPS://A.example/1/"),
            "row 4, column url",
            "is the address of source 'wire-a' (row 3) too",
        ),
    ],
)
def test_a_bad_source_is_a_problem_naming_file_row_and_column(tmp_path, edit, where, message):
    sources = [edit(s) if s.startswith("wire-b") else s for s in SOURCES]
    folder = with_reports(shutil.copytree(MINI_VISIT, tmp_path / "v"), sources=sources)
    found = [p for p in problems_of(folder) if p.startswith("sources.csv")]
    assert len(found) == 1, found
    assert found[0].startswith(f"sources.csv, {where}") and message in found[0]


def test_a_summary_may_lack_a_date_and_then_counts_only_without_an_as_of(tmp_path):
    sources = [
        s.replace("2026-03-03,08:00,UTC", ",,") if s.startswith("digest-d") else s for s in SOURCES
    ]
    folder = with_reports(shutil.copytree(MINI_VISIT, tmp_path / "v"), sources=sources)
    assert problems_of(folder) == []
    assert "digest-d" in set(visit_of(folder).reports.sources["id"])
    assert "digest-d" not in set(visit_of(folder, "2027-01-01T00:00").reports.sources["id"])


def test_a_row_from_the_article_must_still_quote_it(tmp_path):
    folder = with_reports(shutil.copytree(MINI_VISIT, tmp_path / "v"))
    text = (folder / "events.csv").read_text(encoding="utf-8")
    (folder / "events.csv").write_text(text.replace(",reported,First", ",article,First"), "utf-8")
    assert any(
        p.startswith("events.csv, row 5, column quote: ''") and "set basis to reported" in p
        for p in problems_of(folder)
    )


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
    assert visit.events.set_index("id").loc["press", "time_local"] in ("", None) or pd.isna(
        visit.events.set_index("id").loc["press", "time_local"]
    )


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


def test_strict_validation_still_fails_on_a_bad_claim(tmp_path):
    folder = with_reports(
        shutil.copytree(MINI_VISIT, tmp_path / "v"),
        claims=[*CLAIMS, "c90,{v},wire-b,events,nowhere,status,done,,,"],
    )
    with pytest.raises(DataError):
        load_dataset(folder, strict=True)


def test_a_visit_without_reports_takes_an_as_of_moment_too(mini_visit):
    """A link's as_of on a visit with no sources reads as its plan (nothing to cut)."""
    visit = select_visit(load_dataset(mini_visit), VISIT, datetime(2026, 1, 4, tzinfo=UTC))
    assert list(visit.events["id"]) == ["arrival", "meeting", "previous-visit"]
    assert agreement.happened(visit) is None
