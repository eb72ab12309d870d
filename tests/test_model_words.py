"""model/words.py: the one place where dates, times, counts and figures become words, so
that every page says them the same way."""

from __future__ import annotations

from datetime import date

import pytest

from dashboard.model import words


@pytest.mark.parametrize(
    ("label", "unit", "shown"),
    [
        ("Currency swap, in won", "won", "Currency swap"),  # the value says '70 trillion won'
        ("Distance (in km)", "km", "Distance"),
        ("Budget in dollars", "dollars", "Budget"),
        ("MOUs signed", "MOUs", "MOUs signed"),  # nothing to take off
        ("in won", "won", "in won"),  # a label is never emptied
        ("Currency swap, in won", "", "Currency swap, in won"),  # no unit: as written
    ],
)
def test_a_figure_label_drops_the_unit_its_value_says(label, unit, shown):
    assert words.figure_label(label, unit) == shown


def test_times_and_undated_days_read_alike_on_every_page():
    assert words.clock_text("10:30", "Asia/Seoul", date(2026, 1, 5)) == "10:30 KST"
    assert words.clock_text("16:36", "Asia/Shanghai", date(2026, 1, 5), about=True) == (
        "about 16:36 CST"
    )
    first, last = date(2026, 1, 4), date(2026, 1, 6)
    assert words.sometime_text(first, last) == "sometime Sun 4 – Tue 6 Jan"
    assert words.sometime_text(first, last, year=True) == "sometime Sun 4 – Tue 6 Jan 2026"
    event = {"date_start": first, "date_end": last, "date_precision": "range"}
    assert words.date_text(event) == "sometime Sun 4 – Tue 6 Jan 2026"  # as the overview says


def test_a_visit_is_named_short_enough_for_a_list():
    label = words.visit_label("Minister A", "Country X", date(2026, 3, 2))
    assert label == "Minister A in Country X, Mar 2026" and len(label) < 40


def test_every_status_mark_is_a_different_shape():
    marks = [mark for mark, _ in words.STATUS.values()]
    assert len(set(marks)) == len(marks)
    assert words.STATUS["expected"][0] != "◌"  # too like ○ (scheduled) at a label's size
