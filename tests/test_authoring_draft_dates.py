"""The drafter's dates (`draft.date_words`, `draft.dates`): what each date expression says,
and how it is resolved against the others and the date of writing, on any sentences."""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt

import pytest

from dashboard.authoring.draft.date_words import find_duration, find_mentions
from dashboard.authoring.draft.dates import find_dates
from dashboard.authoring.draft.text import split_sentences


def test_a_weekday_that_disagrees_with_its_date_and_nothing_to_settle_it_keeps_the_date():
    text = "The minister arrived in Lima on Sunday, March 3, 2026. She met the mayor."
    dates = find_dates(split_sentences(text))
    (finding,) = [f for f in dates.findings if f.kind == "contradiction"]
    assert "3 March 2026 is a Tuesday, not a Sunday" in finding.why
    assert finding.resolved.startswith("Tuesday 3 March 2026")


def test_a_weekday_that_disagrees_with_its_date_is_kept_when_the_stated_length_says_so():
    text = (
        "Minister Ana Ruiz departed for Lima on Sunday, March 3, 2026, for a four-day visit. "
        "She will meet the mayor on Monday and will return home on Wednesday."
    )
    dates = find_dates(split_sentences(text))
    (finding,) = [f for f in dates.findings if f.kind == "contradiction"]
    assert finding.resolved == "Sunday 1 March 2026 (keeping the weekday)."
    assert "span 4 days, as “four-day” says" in finding.why
    got = {m.text: m.first for m in dates.mentions}
    assert got["Monday"] == dt.date(2026, 3, 2) and got["Wednesday"] == dt.date(2026, 3, 4)


def test_relative_words_resolve_against_the_date_of_writing():
    text = "Officials met last June and again in early November. The talks resume on Friday."
    dates = find_dates(split_sentences(text), written=dt.date(2026, 1, 14))
    got = {m.text: (m.first, m.last, m.precision) for m in dates.mentions}
    assert got["last June"] == (dt.date(2025, 6, 1), dt.date(2025, 6, 30), "month")
    assert got["early November"] == (dt.date(2025, 11, 1), dt.date(2025, 11, 10), "early-month")
    assert got["Friday"] == (dt.date(2026, 1, 16), dt.date(2026, 1, 16), "day")


def test_a_past_weekday_is_the_one_before_the_date_of_writing():
    text = "The talks were held on Monday. The leaders will meet again on Monday."
    dates = find_dates(split_sentences(text), written=dt.date(2026, 3, 11))  # a Wednesday
    past, future = dates.mentions
    assert (past.tense, past.first) == ("past", dt.date(2026, 3, 9))
    assert (future.tense, future.first) == ("future", dt.date(2026, 3, 16))


def test_a_participle_before_by_is_no_past_verb():
    text = "Accompanied by a delegation, the minister will arrive on Monday, March 2, 2026."
    (mention,) = find_mentions(split_sentences(text))
    assert mention.tense == "future"


def test_the_dateline_is_the_date_of_writing_in_the_year_of_the_first_full_date():
    text = (
        "LIMA, December 30 (Wire) - The president arrives in Quito on Friday, January 2, 2026."
        " He leaves on Saturday."
    )
    dates = find_dates(split_sentences(text))
    assert dates.written == dt.date(2025, 12, 30)
    assert "the dateline" in dates.written_why
    assert dates.guesses == ()


def test_without_a_date_of_writing_the_first_full_date_is_taken_and_said():
    dates = find_dates(split_sentences("She arrives on Monday, March 2, 2026. Talks on Tuesday."))
    assert dates.written == dt.date(2026, 3, 2)
    assert dates.guesses[0].startswith("Date of writing: Monday 2 March 2026")


def test_years_are_counted_back_from_the_other_date_of_their_sentence():
    text = "On Monday, March 2, 2026, she visited Lima for the first time in 11 years."
    dates = find_dates(split_sentences(text))
    (back,) = [m for m in dates.mentions if m.kind == "in-years"]
    assert (back.first, back.last) == (dt.date(2015, 1, 1), dt.date(2015, 12, 31))
    assert "counted back" in dates.guesses[-1]


def test_a_state_ongoing_since_a_month_lasts_until_the_date_of_writing():
    text = "Working talks have been ongoing since it was raised in November."
    (m,) = find_dates(split_sentences(text), written=dt.date(2026, 1, 4)).mentions
    assert (m.first, m.last, m.precision) == (dt.date(2025, 11, 1), dt.date(2026, 1, 4), "ongoing")


def test_without_any_date_to_anchor_them_day_words_stay_unresolved_and_it_is_said():
    dates = find_dates(split_sentences("The talks resume on Friday."))
    assert [m.resolved for m in dates.mentions] == [False]
    assert dates.guesses[-1].startswith("No full date")


def test_a_lifespan_is_no_date_and_a_date_is_read_once():
    text = "The poet Ana Ruiz (1876-1949) was born on Monday, March 2, 1876."
    assert [(m.kind, m.text) for m in find_mentions(split_sentences(text))] == [
        ("full", "Monday, March 2, 1876")
    ]


def test_the_stated_length_is_the_first_one_said_of_a_visit():
    sentences = split_sentences("A two-day forum opens. The four-day state visit begins.")
    duration = find_duration(sentences)
    assert (duration.days, duration.as_written, duration.sentence.number) == (4, "four-day", 2)


def test_finding_dates_changes_no_sentence_and_gives_frozen_records():
    sentences = split_sentences("She arrives on Sunday, March 3, 2026. They meet on Monday.")
    before = copy.deepcopy(sentences)
    dates = find_dates(sentences)
    assert sentences == before
    assert find_dates(sentences) == dates  # no state kept between calls
    with pytest.raises(dataclasses.FrozenInstanceError):
        dates.mentions[0].first = None  # type: ignore[misc]
