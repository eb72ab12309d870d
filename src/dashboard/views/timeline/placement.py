"""Where each event goes: its marks on the day grid of the visit (a row per host-zone day, a
lane per mark, an hour on the clock or a band for a part of the day), and the whole span of
dates it may cover.

The source gives days but hardly any clock times, so nothing here invents one: an event with
`time_local` gets an hour, converted from its place's zone to the host zone for that date; one
with only a `day_part` gets that part of the day as a band; one with neither is "untimed".
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pandas as pd

from ...model.cells import text
from ...model.visit import Visit, event_days, field_basis, precise_day
from ...model.words import day_label, zone_abbreviation

# Hours of the day each part of the day is drawn over, in the event's local time.
DAY_PARTS: dict[str, tuple[float, float]] = {
    "morning": (6.0, 11.0),
    "midday": (11.0, 14.0),
    "afternoon": (14.0, 18.0),
    "evening": (18.0, 23.0),
}
CLOCK_END = 24.0


@dataclass(frozen=True)
class Placement:
    """One mark of one event on one day row of the day timeline."""

    event_id: str
    day: date  # the row, a host-zone date
    kind: str  # "time", "part" or "untimed"
    precise: bool  # False: the day is not stated, the event may fall on another day
    host_hour: float | None = None  # "time": hour of day in the host zone
    host_time: str = ""  # "time": '09:00' and the host zone's abbreviation
    home_time: str = ""  # the same moment at the guest's home
    start: float | None = None  # "part": band start hour in the host zone
    end: float | None = None  # "part": band end hour
    part_label: str = ""  # "part": 'midday (inferred)'


#: The columns a mark is made from: only these are turned into records (every column of
#: thousands of events, on every filter change, cost more than making the marks).
MARK_COLUMNS = ("id", "background", "date_start", "date_end", "date_precision", "timezone",
                "time_local", "time_precision", "time_basis", "day_part", "basis")  # fmt: skip


def placements(visit: Visit, events: pd.DataFrame) -> list[Placement]:
    """Every mark of the day timeline: one per event per visit day it may fall on."""
    host = visit.host_timezone
    home = visit.home_timezone or host
    out: list[Placement] = []
    columns = [c for c in MARK_COLUMNS if c in events]
    for event in events[columns].to_dict("records"):
        if not bool(event.get("background")):
            out.extend(_event_marks(event, visit.days, host, home))
    return out


def _event_marks(event: Mapping, days: list[date], host: str, home: str) -> list[Placement]:
    precise = precise_day(event)
    zone = text(event.get("timezone")) or host
    clock = _parse_time(text(event.get("time_local")))
    part = text(event.get("day_part"))
    marks = []
    for day in event_days(event, days):
        if clock is not None:
            local = datetime.combine(day, clock, ZoneInfo(zone))
            about = text(event.get("time_precision")) == "about"
            marks.append(_clock_mark(event["id"], precise, local, days, host, home, about))
        elif part in DAY_PARTS:
            marks.append(_part_mark(event, precise, day, zone, host))
        else:
            marks.append(Placement(event["id"], day, "untimed", precise))
    return marks


def _clock_mark(
    event_id: str,
    precise: bool,
    local: datetime,
    days: list[date],
    host: str,
    home: str,
    about: bool = False,
) -> Placement:
    at_host = local.astimezone(ZoneInfo(host))
    at_home = local.astimezone(ZoneInfo(home))
    # A time converted out of the visit's days stays on its own day's row.
    row = at_host.date() if at_host.date() in days else local.date()
    host_time = f"{at_host:%H:%M} {zone_abbreviation(host, at_host.date())}"
    home_time = f"{at_home:%H:%M} {zone_abbreviation(home, at_home.date())}"
    if at_host.date() != row:  # converted out of the visit: say which day it is
        host_time += f" on {day_label(at_host.date())}"
    if at_home.date() != at_host.date():
        home_time += f" on {day_label(at_home.date())}"
    if about:  # "about 10:30": the article's own hedge, kept in both zones
        host_time, home_time = f"about {host_time}", f"about {home_time}"
    return Placement(
        event_id,
        row,
        "time",
        precise,
        host_hour=_hour(at_host),
        host_time=host_time,
        home_time=home_time,
    )


def _part_mark(event: Mapping, precise: bool, day: date, zone: str, host: str) -> Placement:
    part = text(event.get("day_part"))
    first, last = DAY_PARTS[part]
    shift = _zone_shift_hours(zone, host, day)
    how = "inferred" if field_basis(event, "time") == "inferred" else "no clock time"
    return Placement(
        event["id"],
        day,
        "part",
        precise,
        start=_on_clock(first + shift),
        end=_on_clock(last + shift),
        part_label=f"{part} ({how})",
    )


def _parse_time(value: str) -> time | None:
    try:
        return time.fromisoformat(value)
    except ValueError:
        return None


def _hour(moment: datetime) -> float:
    return moment.hour + moment.minute / 60 + moment.second / 3600


def _on_clock(hour: float) -> float:
    """The hour kept within the day's row: a band shifted past midnight is cut there."""
    return min(max(hour, 0.0), CLOCK_END)


def _zone_shift_hours(zone: str, host: str, day: date) -> float:
    """Hours to add to a local clock time in `zone` to get the host zone's clock time."""
    noon = datetime.combine(day, time(12), ZoneInfo(zone))
    there = noon.utcoffset() or timedelta(0)
    here = noon.astimezone(ZoneInfo(host)).utcoffset() or timedelta(0)
    return (here - there).total_seconds() / 3600


def one_of_days(event: Mapping, days: list[date]) -> str:
    """'day not stated: one of ...', the visit days an event without a stated day may be on."""
    return "day not stated: one of " + ", ".join(day_label(d) for d in event_days(event, days))


# ---------------------------------------------------------------------------------------
# The day rows


def day_start(value: Any) -> pd.Timestamp:
    return pd.Timestamp(value).normalize()


def event_span(event: Mapping) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The event's whole possible span, end exclusive: a year spans the year, a day the day."""
    return day_start(event["date_start"]), day_start(event["date_end"]) + pd.Timedelta(days=1)
