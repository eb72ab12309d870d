"""The rows a report proposes (`authoring.report.build` and `propose`): the source row,
claims with their place in the report, new event rows in the visit's own words."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from dashboard.authoring.report import Source, draft_report
from dashboard.authoring.report.build import source_id_of
from dashboard.authoring.report.quality import visit_rows
from dashboard.authoring.report.text import word_runs
from dashboard.data.schema import TABLES

CLOCK = Path(__file__).resolve().parent / "fixtures" / "clock_visit"
TODAY = dt.date(2026, 6, 1)


@pytest.fixture(scope="module")
def rows():
    return visit_rows(CLOCK)


def source(**changes) -> Source:
    fields = dict(
        visit_id="fixture-clock-2026",
        outlet="Fixture Wire",
        url="https://wire.example.org/a",
        kind="original",
        published=dt.date(2026, 5, 12),
        published_time="20:30",
        zone="Europe/Paris",
    )
    return Source(**(fields | changes))


def test_the_source_row_and_its_id(rows):
    proposal = draft_report("Premier E left City P at 4:47 p.m. on Tuesday.", rows, source(), TODAY)
    row = proposal.source
    assert row["id"] == "fixture-wire-20260512-2030" == source_id_of(source())
    assert source_id_of(source(published_time="")) == "fixture-wire-20260512"
    assert (row["published_date"], row["published_time"], row["accessed"]) == (
        "2026-05-12",
        "20:30",
        "2026-06-01",
    )
    assert set(row) == set(TABLES["sources"].column_names)
    # No title given: a placeholder, and the row waits for review.
    assert row["title"].startswith("Untitled report") and row["draft"] == "true"
    titled = draft_report("Premier E left.", rows, source(title="Visit ends"), TODAY).source
    assert titled["title"] == "Visit ends" and titled["draft"] == ""


def test_claims_are_values_with_their_place_in_the_report_each_a_draft(rows):
    text = "Visit ends\n\nPremier E left City P at 4:47 p.m. on Tuesday.\n"
    proposal = draft_report(text, rows, source(), TODAY)
    claimed = {(c["row_id"], c["field"]): c for c in proposal.claim_rows}
    assert claimed[("departure", "time")]["value"] == "16:47"
    assert claimed[("departure", "place")]["value"] == "city-p"
    assert {c["locator"] for c in proposal.claim_rows} == {"para 2, sentence 1"}
    assert {c["draft"] for c in proposal.claim_rows} == {"true"}
    assert len({c["id"] for c in proposal.claim_rows}) == len(proposal.claim_rows)
    assert all(set(c) == set(TABLES["claims"].column_names) for c in proposal.claim_rows)


def test_one_value_per_field_the_strongest_and_first(rows):
    text = (
        "Premier E left City P on Tuesday, ending a visit that produced a trade accord.\n"
        "She had signed the accord with President F on Monday afternoon.\n"
    )
    proposal = draft_report(text, rows, source(), TODAY)
    accord = {c.field: c for c in proposal.claims if c.row_id == "accord"}
    # The first sentence's Tuesday is the departure's; the accord's day is the second's.
    assert accord["date"].value == "2026-05-11" and accord["date"].locator == "para 2, sentence 1"
    keys = [(c.row_id, c.field) for c in proposal.claims]
    assert len(keys) == len(set(keys))


def test_a_new_event_is_a_reported_row_titled_in_the_visits_own_words(rows):
    text = "On Tuesday, Premier E laid a wreath at the Memorial of the Founders in City P around noon.\n"
    proposal = draft_report(text, rows, source(), TODAY)
    (row,) = proposal.events
    assert row["title"] == "Commemoration in City P" and row["id"] == "commemoration-city-p"
    assert (row["basis"], row["quote"], row["draft"], row["background"]) == (
        "reported",
        "",
        "true",
        "false",
    )
    assert (row["date_start"], row["date_precision"], row["time_local"], row["time_precision"]) == (
        "2026-05-12",
        "day",
        "12:00",
        "about",
    )
    assert (
        row["summary"] == "Drafted from Fixture Wire, paragraph 1: write a line in your own words."
    )
    assert row["topics"] == "diplomacy" and set(row) <= set(TABLES["events"].column_names)
    assert not word_runs(" ".join(row.values()), 5) & word_runs(text, 5)
    assert any("Memorial of the Founders, which is not in places.csv" in n for n in proposal.notes)


def test_an_event_outside_the_visits_days_is_no_row(rows):
    text = "On 20 May 2026, Premier E laid a wreath in City E.\n"
    proposal = draft_report(text, rows, source(published=dt.date(2026, 5, 21)), TODAY)
    assert proposal.events == ()
    assert any("outside the visit's days" in n for n in proposal.notes)


def test_what_it_could_not_place_is_told_by_where_it_stands(rows):
    text = "Officials spoke to reporters at 10:15.\nThe parade was called off.\nMayor Lena Ortiz of City P joined them.\n"
    notes = draft_report(text, rows, source(), TODAY).notes
    assert "para 1, sentence 1: a clock time (10:15), but no event of the plan." in notes
    assert "para 2, sentence 1: a cancellation or postponement, but no event of the plan." in notes
    assert any("names Lena Ortiz, who is not in people.csv" in n for n in notes)
