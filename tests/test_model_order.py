"""model/order.py: the order of a day's events, and the views that list or draw a day.

The near fixture's first day, as its article tells it: lands at 10:30, "later that morning"
meets the host (a part of the day, no time), "then" opens the forum (neither), a dinner at
19:00. Its second day: talks at 09:00, a tour in the afternoon, a declaration (neither)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from dashboard.data.loading import load_dataset
from dashboard.model.order import in_day_order, stated_minutes
from dashboard.model.visit import select_visit
from dashboard.views.overview.itinerary import itinerary
from dashboard.views.timeline.days import day_timeline

NEAR = Path(__file__).resolve().parent / "fixtures" / "near_visit"
FIRST_DAY = ["arrival", "meeting", "forum-opening", "gala"]
SECOND_DAY = ["talks", "temple", "declaration"]


@pytest.fixture(scope="module")
def near():
    return select_visit(load_dataset(NEAR), "fixture-near-2026")


def order_of(rows: list[tuple[str, str]]) -> list[int]:
    """Positions of (time_local, day_part) rows in the order of their day."""
    frame = pd.DataFrame(rows, columns=["time_local", "day_part"])
    minutes, parts = stated_minutes(frame)
    return in_day_order(np.arange(len(frame)), minutes, parts).tolist()


def test_a_part_of_the_day_told_after_a_time_in_that_part_stays_after_it():
    # "lands at 10:30; later that morning meets ..." : the meeting is not put at 06:00
    assert order_of([("10:30", ""), ("", "morning")]) == [0, 1]


def test_a_part_of_the_day_before_a_time_told_earlier_in_the_data_moves_ahead():
    # a morning meeting told after a 14:30 flight still comes first: the part is known
    assert order_of([("14:30", ""), ("", "morning")]) == [1, 0]


def test_an_event_with_neither_stays_right_after_the_event_told_before_it():
    assert order_of([("19:00", ""), ("", ""), ("09:00", "")]) == [2, 0, 1]
    assert order_of([("", ""), ("08:00", "")]) == [0, 1]  # first told, first listed


def test_times_order_a_day_whatever_the_data_order():
    assert order_of([("18:40", ""), ("16:36", ""), ("16:47", "")]) == [1, 2, 0]


def test_the_itinerary_lists_each_day_in_the_order_the_article_tells_it(near):
    days = itinerary(near, near.events).days
    assert [item.id for item in days[0].items] == FIRST_DAY
    assert [item.id for item in days[1].items] == SECOND_DAY
    assert [item.when for item in days[0].items] == ["10:30 KST", "morning", "", "19:00 KST"]


def test_the_day_timeline_draws_the_rows_in_the_same_order(near):
    rows = day_timeline(near, near.events).layout.meta["rows"]
    assert rows == [*FIRST_DAY, "business", *SECOND_DAY, "departure"]


def test_a_day_with_two_legs_reads_as_the_route_travelled(near):
    days = itinerary(near, near.events).days
    assert [d.route for d in days] == ["Capital G → Haneul", "Haneul → Seorin → Haneul",
                                       "Haneul → Capital G"]  # fmt: skip


@pytest.mark.parametrize("dtype", [object, "str", "category"])
def test_stated_minutes_read_cells_as_text_does(dtype):
    events = pd.DataFrame(
        {
            "time_local": pd.Series([" 10:30 ", None, "", "09:05"], dtype=dtype),
            "day_part": pd.Series(["", "evening ", None, "dawn"], dtype=dtype),
        }
    )
    minutes, parts = stated_minutes(events)
    assert minutes[0] == 630 and minutes[3] == 545
    assert np.isnan(minutes[1]) and np.isnan(minutes[2])
    assert list(parts) == ["", "evening", "", ""]  # unknown parts read as none
