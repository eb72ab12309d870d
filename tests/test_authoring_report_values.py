"""The values a sentence gives each event it speaks of (`authoring.report.values`):
status, day, time, place and participants, each to the nearest event, with the rules for
plans, cancellations, "where", destinations and pronouns."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from dashboard.authoring.report.mentions import sentence_mentions
from dashboard.authoring.report.quality import visit_rows
from dashboard.authoring.report.text import locate
from dashboard.authoring.report.values import Scene, features, mention_values
from dashboard.authoring.report.words import Hit

CLOCK = Path(__file__).resolve().parent / "fixtures" / "clock_visit"
MONDAY = dt.date(2026, 5, 11)


@pytest.fixture(scope="module")
def rows():
    return visit_rows(CLOCK)


def given(
    rows, sentence: str, day: str | None = None, context: str | None = None, published=MONDAY
):
    """event id -> {field: (value, qualifier)} for one sentence; `day`: a day it names at
    its start (as `days` would find it)."""
    (located,) = locate(sentence)
    mentions = sentence_mentions(located, rows)
    days = [Hit(0, 2, day)] if day else []
    scene = Scene(mentions, features(sentence, days, rows), context, rows, published)
    return {
        m.event_id or m.kind: {v.field: (v.value, v.qualifier) for v in mention_values(scene, i)}
        for i, m in enumerate(mentions)
    }


def test_each_event_takes_the_values_nearest_to_it(rows):
    found = given(
        rows,
        "Premier E landed in City P at 9:42 a.m. and met President F at the Palace of P at 11:05.",
    )
    assert found["arrival"]["time"] == ("09:42", "")
    assert found["arrival"]["place"] == ("city-p", "")
    assert found["talks"]["time"] == ("11:05", "")
    assert found["talks"]["place"] == ("palace-p", "")
    # Premier E is the sentence's subject: she takes part in both.
    assert found["arrival"]["participants"] == ("premier-e", "")
    assert found["talks"]["participants"] == ("premier-e president-f", "")


def test_a_plan_gives_status_scheduled_and_qualifies_every_value(rows):
    found = given(
        rows,
        "President F will host a state dinner at the palace at 7:30 p.m.",
        context="2026-05-11",
    )
    dinner = found["dinner"]
    assert dinner["status"] == ("scheduled", "")
    assert {q for f, (_, q) in dinner.items() if f != "status"} == {"scheduled"}
    assert dinner["date"] == ("2026-05-11", "scheduled")


def test_a_cancelled_event_gives_its_status_only(rows):
    found = given(
        rows, "The press conference planned for 10 a.m. on Tuesday was cancelled.", day="2026-05-12"
    )
    assert found == {"press": {"status": ("cancelled", "")}}
    found = given(rows, "The dinner was postponed.", context="2026-05-11")
    assert found == {"dinner": {"status": ("postponed", "")}}


def test_status_without_a_cue_follows_the_day(rows):
    assert (
        given(rows, "Premier E flies home on Tuesday.", day="2026-05-12")["departure"]["status"][0]
        == "scheduled"
    )
    tuesday = dt.date(2026, 5, 12)
    assert (
        given(rows, "Premier E flies home on Tuesday.", day="2026-05-12", published=tuesday)[
            "departure"
        ]["status"][0]
        == "done"
    )


def test_a_day_from_elsewhere_counts_only_where_the_plan_has_the_event(rows):
    # The report was telling Tuesday; the plan has the dinner on Monday: no day claimed.
    assert "date" not in given(rows, "The state dinner was held.", context="2026-05-12")["dinner"]
    assert given(rows, "The state dinner was held.", context="2026-05-11")["dinner"]["date"] == (
        "2026-05-11",
        "",
    )


def test_a_place_before_where_belongs_to_both_events(rows):
    found = given(
        rows,
        "She held talks with President F at the Palace of P, where the two leaders signed the accord.",
    )
    assert found["talks"]["place"] == found["accord"]["place"] == ("palace-p", "")
    assert found["accord"]["participants"] == ("premier-e president-f", "")


def test_a_departure_is_not_at_its_destination_and_a_venue_beats_its_city(rows):
    assert "place" not in given(rows, "Premier E flew home to City E.")["departure"]
    assert given(rows, "Premier E left City P.")["departure"]["place"] == ("city-p", "")
    assert given(rows, "They signed the accord at the Palace of P in City P.")["accord"][
        "place"
    ] == ("palace-p", "")


def test_participants_need_a_name_and_a_pronoun_beside_one_adds_the_guest(rows):
    assert "participants" not in given(rows, "She met students.")["students"]
    assert given(rows, "She met President F for talks.")["talks"]["participants"] == (
        "premier-e president-f",
        "",
    )
    assert given(rows, "President F will host a state dinner for his guest.")["dinner"][
        "participants"
    ] == (
        "premier-e president-f",
        "scheduled",
    )
    assert given(rows, "The talks with the president began late.")["talks"]["participants"] == (
        "president-f",
        "",
    )


def test_lengths_ends_and_parts_of_the_day(rows):
    talks = given(rows, "The talks began at 11:30 a.m. and lasted nearly four hours.")["talks"]
    assert talks["time"] == ("11:30", "") and talks["duration_min"] == ("240", "about")
    dinner = given(rows, "The state dinner started at 8 p.m. and ended at 11:40 p.m.")["dinner"]
    assert dinner["time_end"] == ("23:40", "")
    accord = given(rows, "They signed the accord in the afternoon.")["accord"]
    assert accord["day_part"] == ("afternoon", "")
    # A clock time says more than a part of the day: only the time is claimed.
    assert (
        "day_part" not in given(rows, "They signed the accord at 3 p.m. that afternoon.")["accord"]
    )
