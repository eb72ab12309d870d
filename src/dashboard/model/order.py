"""The order of events within a day, for every view that lists or draws a day.

What is known decides: a stated clock time; else a stated part of the day (morning,
afternoon...); else the order in which the data tells the day, which is the article's order
("later that morning", "then"). That order is kept wherever nothing better is known: an event
whose part of the day agrees with the event told before it stays after it, and one with
neither time nor part stays right after the event told before it.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .cells import texts

#: Where a part of the day starts, in minutes after midnight; it ends where the next starts.
PART_MINUTES = {"morning": 6 * 60, "midday": 11 * 60 + 30, "afternoon": 13 * 60,
                "evening": 18 * 60, "night": 21 * 60}  # fmt: skip
_PART_END = dict(zip(PART_MINUTES, [*list(PART_MINUTES.values())[1:], 24 * 60], strict=True))


def stated_minutes(events: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Per event, in the frame's order: its stated time in minutes after midnight (NaN when
    none), and its part of the day ('' when none or unknown)."""
    clocks = texts(events["time_local"])
    parts = texts(events["day_part"])
    minutes = np.full(len(events), np.nan)
    for i, clock in enumerate(clocks):
        if clock:
            hours, mins = clock.split(":")
            minutes[i] = int(hours) * 60 + int(mins)
    known = np.array([p if p in PART_MINUTES else "" for p in parts], dtype=object)
    return minutes, known



def in_day_order(on_day: np.ndarray, minutes: np.ndarray, parts: np.ndarray) -> np.ndarray:
    """The positions `on_day` (one day's events, in the data's order) in the order of the
    day: by stated time; an event with a part of the day at that part's start, or right after
    the event told before it when that one falls in the same part; an event with neither
    right after the event told before it. Ties keep the data's order."""
    keys, before = [], -1.0
    for i in on_day:
        if not np.isnan(minutes[i]):
            before = float(minutes[i])
        elif parts[i]:
            start, end = PART_MINUTES[parts[i]], _PART_END[parts[i]]
            before = before if start <= before < end else float(start)
        keys.append(before)
    return on_day[np.argsort(np.array(keys), kind="stable")]
