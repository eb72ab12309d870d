"""The timeline's events without a chart: the split into visit and background events, a
table of them, and a plain-text account of what the figures show, for screen readers."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

import pandas as pd

from ...model.cells import place_text, text
from ...model.visit import Visit, event_days, precise_day
from ...model.words import date_text, day_label, zone_text
from .figure import NO_EVENTS, Topics
from .placement import Placement, event_span, one_of_days, placements

COLUMNS = ["day", "time", "title", "place", "topic", "status", "date precision"]


def split_background(events: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The events of the visit itself, and the background events, in their order."""
    background = events["background"].to_numpy(dtype=bool)
    return events[~background], events[background]


# ---------------------------------------------------------------------------------------
# Table


def timeline_table(visit: Visit, events: pd.DataFrame) -> pd.DataFrame:
    """The timeline's events as rows: visit days first in date order, then the background.

    Columns: day, time, title, place, topic, status, date precision; the index is the event id.
    """
    marks: dict[str, list[Placement]] = {}
    for mark in placements(visit, events):
        marks.setdefault(mark.event_id, []).append(mark)
    topics, days = Topics.of(visit), visit.days
    rows = [_table_row(days, topics, e, marks.get(e["id"], [])) for e in events.to_dict("records")]
    rows.sort(key=lambda row: row[0])
    return pd.DataFrame(
        [row for _, _, row in rows],
        columns=COLUMNS,
        index=pd.Index([event_id for _, event_id, _ in rows], name="event"),
    )


def _table_row(
    days: Sequence[date], topics: Topics, event: Mapping, marks: list[Placement]
) -> tuple[tuple, str, dict]:
    """(sort key, event id, row): the key puts the visit first, then by date and clock time."""
    background = bool(event.get("background"))
    first, last = event_span(event)
    if background:
        day, clock = date_text(event), "time not stated"
    elif precise_day(event):
        day, clock = day_label(first.date()), _time_text(marks)
    else:
        day = one_of_days(event, days)
        day, clock = day[0].upper() + day[1:], _time_text(marks)
    hour = next((m.host_hour for m in marks if m.host_hour is not None), 99.0)
    row = {
        "day": day,
        "time": clock,
        "title": text(event["title"]),
        "place": place_text(event, missing="place not stated"),
        "topic": topics.label(text(event.get("first_topic"))),
        "status": text(event.get("status")),
        "date precision": text(event.get("date_precision")),
    }
    return (background, first, hour, last), event["id"], row


def _time_text(marks: list[Placement]) -> str:
    kinds = {m.kind for m in marks}
    if "time" in kinds:
        mark = next(m for m in marks if m.kind == "time")
        return f"{mark.host_time} ({mark.home_time})"
    if "part" in kinds:
        return next(m for m in marks if m.kind == "part").part_label
    return "time not stated"


# ---------------------------------------------------------------------------------------
# Text alternative


def timeline_alt_text(visit: Visit, events: pd.DataFrame) -> str:
    """A plain-text account of what the timeline figures show, for screen readers."""
    records = events.to_dict("records")
    parts = _days_account(visit, records, placements(visit, events))
    parts += _background_account(visit, records)
    if not parts:
        return f"Timeline of {visit.title}: {NO_EVENTS.lower()}."
    return " ".join(parts)


def _days_account(visit: Visit, records: list[dict], marks: list[Placement]) -> list[str]:
    """The visit days: a summary of what is known about the times, then each day's events,
    then the events without a stated day."""
    if not marks:
        return []
    by_id = {e["id"]: e for e in records}
    ranged = list(dict.fromkeys(m.event_id for m in marks if not precise_day(by_id[m.event_id])))
    parts = [_times_summary(visit, marks, len(ranged))]
    for day in visit.days:
        items = [
            f"{text(by_id[m.event_id]['title'])} ({_alt_when(m)})"
            for m in marks
            if m.day == day and m.precise
        ]
        if items:
            parts.append(f"{day_label(day)}: " + "; ".join(items) + ".")
    if ranged:
        parts.append(
            "Day not stated: "
            + "; ".join(_ranged_item(visit, by_id[i], marks) for i in ranged)
            + "."
        )
    return parts


def _times_summary(visit: Visit, marks: list[Placement], ranged: int) -> str:
    """How many events have a clock time, a part of the day, nothing; how many no day."""
    host = visit.host_timezone
    events = len({m.event_id for m in marks})
    timed = len({m.event_id for m in marks if m.kind == "time"})
    parted = len({m.event_id for m in marks if m.kind == "part"})
    return (
        f"Timeline of {visit.title}, {len(visit.days)} days from {day_label(visit.start)} "
        f"to {day_label(visit.end)} {visit.end.year}, times in the host's "
        f"zone, {zone_text(host, visit.start)}. {events} events: "
        f"{timed or 'none'} with a stated clock time, {parted} with only a part "
        f"of the day, {events - timed - parted} with no time stated. "
        f"{ranged} have no stated day and are shown once, over the days they may fall on."
    )


def _ranged_item(visit: Visit, event: Mapping, marks: list[Placement]) -> str:
    days = ", ".join(day_label(d) for d in event_days(event, visit.days))
    first_mark = next(m for m in marks if m.event_id == event["id"])
    return f"{text(event['title'])} (one of {days}; {_alt_when(first_mark)})"


def _background_account(visit: Visit, records: list[dict]) -> list[str]:
    background = sorted((e for e in records if bool(e.get("background"))), key=event_span)
    if not background:
        return []
    first = event_span(background[0])[0].year
    return [
        f"Background, {len(background)} events from {first} to {visit.start.year}: "
        + "; ".join(f"{text(e['title'])}, {date_text(e)}" for e in background)
        + "."
    ]


def _alt_when(mark: Placement) -> str:
    if mark.kind == "time":
        return f"{mark.host_time}, {mark.home_time}"
    if mark.kind == "part":
        return mark.part_label.replace(" (", ", ").rstrip(")")
    return "time not stated"
