"""Clock times, lengths and parts of the day in a sentence (`authoring.report.clock`)."""

from __future__ import annotations

import pytest

from dashboard.authoring.report.clock import clock_times, day_parts, durations


@pytest.mark.parametrize(
    "text, value, about",
    [
        ("landed at 9:42 a.m. on Monday", "09:42", False),
        ("left at 4:47 p.m.", "16:47", False),
        ("left at 4.47pm", "16:47", False),
        ("arrived at 16:47", "16:47", False),
        ("met at 12 p.m.", "12:00", False),
        ("a flight at 12 a.m.", "00:00", False),
        ("met shortly after 11 a.m. for talks", "11:00", True),
        ("laid a wreath around noon", "12:00", True),
        ("lunch at noon", "12:00", False),
        ("landed at about 10:30", "10:30", True),
        ("signed just before 4 p.m.", "16:00", True),
    ],
)
def test_a_clock_time_in_its_forms(text, value, about):
    (clock,) = clock_times(text)
    assert (clock.value, clock.about, clock.field) == (value, about, "time")
    assert text[clock.start : clock.end].strip(" .")


def test_a_time_the_sentence_denies_or_calls_the_old_plan_is_no_claim():
    assert [c.value for c in clock_times("signed at 4:05 p.m., not at 3:20 p.m. as reported")] == [
        "16:05"
    ]
    assert clock_times("originally scheduled for 15:00") == []
    assert clock_times("rather than 10 a.m.") == []


def test_a_time_after_until_or_ended_at_is_the_end():
    clocks = clock_times("The dinner started at 8 p.m. and ended at 11:40 p.m.")
    assert [(c.value, c.field) for c in clocks] == [("20:00", "time"), ("23:40", "time_end")]
    assert [c.field for c in clock_times("talks ran from 10:00 until 12:30")] == [
        "time",
        "time_end",
    ]


def test_numbers_that_are_no_clock_times():
    assert clock_times("a two-day visit, 45 million dollars, 11 May 2026, 3 amendments") == []


def test_lengths_in_minutes_with_their_qualifier():
    assert [(d.minutes, d.qualifier) for d in durations("The talks lasted nearly four hours.")] == [
        (240, "about")
    ]
    assert [(d.minutes, d.qualifier) for d in durations("it lasted 90 minutes")] == [(90, "")]
    assert [(d.minutes, d.qualifier) for d in durations("ran for more than an hour")] == [
        (60, "more than")
    ]
    assert [d.minutes for d in durations("lasted half an hour")] == [30]
    # "for an hour" after another verb tells how long something else went on.
    assert durations("answering questions for almost an hour") == []


def test_parts_of_the_day():
    text = "In the evening, that morning, on Monday afternoon, tonight, tomorrow morning."
    assert [p.value for p in day_parts(text)] == [
        "evening",
        "morning",
        "afternoon",
        "night",
        "morning",
    ]
    assert day_parts("a morning newspaper") == []
