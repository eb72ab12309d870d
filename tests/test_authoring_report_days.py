"""The days a report names (`authoring.report.days`): a weekday resolved against the day
of publication and the visit, and "today", "yesterday", "tomorrow"."""

from __future__ import annotations

import datetime as dt

import pytest

from dashboard.authoring.report.days import report_days, weekday_near
from dashboard.authoring.report.text import locate

MONDAY, TUESDAY, SATURDAY = 0, 1, 5
VISIT = (dt.date(2026, 5, 11), dt.date(2026, 5, 12))  # a Monday and a Tuesday


@pytest.mark.parametrize(
    "weekday, tense, published, day",
    [
        # A story of Monday evening: "on Monday" is that day, not the Monday before.
        (MONDAY, "past", dt.date(2026, 5, 11), dt.date(2026, 5, 11)),
        (TUESDAY, "future", dt.date(2026, 5, 11), dt.date(2026, 5, 12)),
        (MONDAY, "past", dt.date(2026, 5, 12), dt.date(2026, 5, 11)),
        # No tense: the day within the visit.
        (TUESDAY, "", dt.date(2026, 5, 11), dt.date(2026, 5, 12)),
        # A past verb on a day after the visit: the day that falls within it.
        (TUESDAY, "past", dt.date(2026, 5, 11), dt.date(2026, 5, 12)),
        (SATURDAY, "", dt.date(2026, 5, 12), dt.date(2026, 5, 9)),
    ],
)
def test_a_weekday_near_the_day_of_publication(weekday, tense, published, day):
    assert weekday_near(weekday, tense, published, VISIT) == day


def test_the_days_of_a_report_across_a_year_end():
    text = (
        "Fisheries deal signed\n"
        "They signed the agreement on Friday.\n"
        "She visited the institute on Thursday morning and flies home on Saturday.\n"
        "The festival was due tomorrow.\n"
    )
    located = locate(text)
    days = report_days(located, dt.date(2027, 1, 1), (dt.date(2026, 12, 30), dt.date(2027, 1, 2)))
    by_sentence = [[h.value for h in days[s.sentence.number]] for s in located]
    assert by_sentence == [[], ["2027-01-01"], ["2026-12-31", "2027-01-02"], ["2027-01-02"]]


def test_full_dates_and_words_of_today():
    located = locate("He arrived on 11 May 2026.\nToday he met students; yesterday he rested.\n")
    days = report_days(located, dt.date(2026, 5, 12), VISIT)
    assert [h.value for h in days[1]] == ["2026-05-11"]
    assert [h.value for h in days[2]] == ["2026-05-12", "2026-05-11"]
