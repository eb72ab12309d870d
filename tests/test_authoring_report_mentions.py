"""Which events a sentence speaks of (`authoring.report.mentions`, with `words` and the
visit's profiles in `visit`), on the fixture visit whose plan has two meetings."""

from __future__ import annotations

from pathlib import Path

import pytest

from dashboard.authoring.report.mentions import sentence_mentions
from dashboard.authoring.report.quality import visit_rows
from dashboard.authoring.report.text import locate
from dashboard.authoring.report.words import concepts

CLOCK = Path(__file__).resolve().parent / "fixtures" / "clock_visit"


@pytest.fixture(scope="module")
def rows():
    return visit_rows(CLOCK)


def events(rows, sentence: str) -> list[str]:
    (located,) = locate(sentence)
    return [m.event_id or f"new {m.kind}" for m in sentence_mentions(located, rows)]


@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("Premier E landed in City P.", ["arrival"]),
        ("She met President F at the Palace of P.", ["talks"]),
        ("She met students at the University of P.", ["students"]),
        ("President F hosted a state banquet in her honour.", ["dinner"]),
        ("The two leaders signed the accord.", ["accord"]),
        ("Her press conference was called off.", ["press"]),
        ("She flew home in the afternoon.", ["departure"]),
        ("Her flight home was moved back by an hour.", ["departure"]),
        ("She arrived in the morning and held talks with President F.", ["arrival", "talks"]),
    ],
)
def test_a_sentence_names_the_events_of_the_plan_by_their_own_words(rows, sentence, expected):
    assert events(rows, sentence) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "The two sides agreed to deepen cooperation on trade and energy.",
        "Premier E is on a two-day state visit to Country P.",
        "Officials said the mood was warm.",
    ],
)
def test_a_word_of_a_title_alone_or_the_visit_itself_is_no_event(rows, sentence):
    assert events(rows, sentence) == []


def test_a_match_inside_a_stronger_one_is_that_one():
    """ "Met students" is the meeting with students, not also the talks (a meeting)."""
    rows = visit_rows(CLOCK)
    assert events(rows, "On Tuesday she met students.") == ["students"]


def test_an_action_the_plan_lacks_is_a_new_event_of_the_kind_its_words_give(rows):
    assert events(rows, "Premier E laid a wreath at the Memorial of the Founders.") == [
        "new commemoration"
    ]
    assert events(rows, "She toured a robotics plant outside City P.") == ["new visit"]
    # Without an object, a verb is no event; one that a matched event's words take is that event.
    assert events(rows, "She was due to attend on Thursday.") == []
    assert events(rows, "She visited the University of P and met students.") == ["students"]


def test_concepts_of_reports_and_plans_meet():
    assert [h.value for h in concepts("She flew home after the banquet")] == ["depart", "dinner"]
    assert [h.value for h in concepts("Flight home")] == ["depart"]
    assert [h.value for h in concepts("landed, then left")] == ["arrive", "depart"]
    assert [h.value for h in concepts("a four-day visit; she visited a plant")] == ["visit"]
