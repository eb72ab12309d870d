"""The filtered itinerary as an iCalendar file (RFC 5545, written by `icalendar`): one event
per visit event, in its place's zone, with its status, date precision and quotes in words.

A pure function of the visit and the filtered events; it reads no clock (its stamp is the
article's date), so the same data always gives the same file.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from zoneinfo import ZoneInfo

import pandas as pd

from ...data.provenance import quote_spans
from ...model.agreement import FIELD_WORDS
from ...model.cells import place_text
from ...model.citations import finding_flags
from ...model.visit import Visit, precise_day
from ...model.words import date_text as event_date_text
from ...model.words import span_text
from . import is_missing, minimal_meta

PRODID = "-//dashboard//State visit itinerary//EN"
ICS_STATUS = {
    "done": "CONFIRMED",
    "ongoing": "CONFIRMED",
    "scheduled": "TENTATIVE",
    "expected": "TENTATIVE",
}

def _day(value: object) -> dt.date:
    return pd.Timestamp(value).date()


def date_note(event: pd.Series | Mapping) -> str:
    """How precise the event's date is, in words: 'Day not stated: one of 4-6 Jan 2026'."""
    first, last = _day(event["date_start"]), _day(event["date_end"])
    written = event.get("date_as_written")
    as_written = f' (the article: "{written}")' if written and not is_missing(written) else ""
    if precise_day(event):
        return f"Date: {first:%a} {first.day} {first:%b %Y}{as_written}"
    if first == last:
        return f"Date not stated exactly: {event_date_text(event)}{as_written}"
    return f"Day not stated: one of {span_text(first, last)}{as_written}"


def _time_note(event: pd.Series, zone: str) -> str:
    time_local = event.get("time_local")
    if time_local and not is_missing(time_local):
        about = "about " if str(event.get("time_precision") or "") == "about" else ""
        note = f"Time: {about}{time_local} local time ({zone}); no end time stated"
        return note if precise_day(event) else note + ", on a day not stated"
    day_part = event.get("day_part")
    if day_part and not is_missing(day_part):
        return f"Time not stated (part of day: {day_part})"
    return "Time not stated"


def _status_lines(event: pd.Series) -> list[str]:
    """What became of the event (with its reports, its plan and where they differ), or its
    status as the article gives it."""
    status, planned = event.get("status"), event.get("planned_status")
    if planned is None or is_missing(planned):
        return [f"Status in the article: {status}"] if status and not is_missing(status) else []
    reported = int(event.get("n_sources") or 0)
    plan = "not in the article's plan" if not event.get("in_plan", True) else f"planned: {planned}"
    lines = [f"Status: {status} ({reported} reporting sources; {plan})"]
    disputed = event.get("disputed") or ()
    if len(disputed):
        words = ", ".join(FIELD_WORDS.get(str(d), str(d)) for d in disputed)
        lines.append(f"Sources differ on: {words}")
    return lines


def _description(event: pd.Series, zone: str, findings: list[str], source_title: str) -> str:
    lines = []
    summary = event.get("summary")
    if summary and not is_missing(summary):
        lines += [str(summary), ""]
    lines += _status_lines(event)
    lines.append(date_note(event))
    lines.append(_time_note(event, zone))
    basis = event.get("basis")
    if basis and not is_missing(basis) and str(basis) != "article":
        note = event.get("basis_note")
        note = "" if is_missing(note) or not note else f" {note}"
        lines.append(f"Basis ({basis}):{note}")
    spans = quote_spans(str(event.get("quote") or ""))
    if spans:
        lines.append("Quote: " + " ... ".join(f"\u201c{s}\u201d" for s in spans))
    if findings:
        lines.append("Findings: " + ", ".join(findings))
    lines.append(f"Source: {source_title}")
    return "\n".join(lines)


def _stamp(meta: Mapping, visit: Visit) -> dt.datetime:
    """DTSTAMP: the day the source was read (fixed, so the file is reproducible)."""
    accessed = meta.get("date_accessed")
    try:
        day = dt.date.fromisoformat(str(accessed)) if accessed else visit.start
    except ValueError:
        day = visit.start
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)


def itinerary_ics(visit: Visit, events: pd.DataFrame, *, seed_meta: Mapping | None = None) -> bytes:
    """The filtered itinerary as an iCalendar file: one VEVENT per non-background event.

    Events without a stated time are all-day (a range spans all its possible days; DTEND is
    exclusive). Events with `time_local` on a stated day start at that time in their place's
    time zone, with a matching VTIMEZONE, and have no end: the article states none, so none
    is invented. Each DESCRIPTION keeps the summary, the verbatim quote, the date's precision
    (and an approximate time's "about") and the source.
    """
    # Imported here: the .ics is built on a click, and every page imports this module.
    from icalendar import Calendar, Event

    meta = dict(seed_meta) if seed_meta is not None else minimal_meta(visit)
    source_title = str(meta.get("title") or meta.get("file") or "the source article")
    stamp = _stamp(meta, visit)
    flags = finding_flags(visit)
    labels = visit.topic_labels
    host_zone = visit.host_timezone
    calendar = Calendar.new(
        prodid=PRODID,
        uid=f"itinerary@{visit.id}",
        name=visit.title,
        description=f"{visit.title}, as the article states it. Source: {source_title}",
    )
    calendar.add("X-WR-TIMEZONE", host_zone)
    on_itinerary = events[~events["background"].astype(bool)] if len(events) else events
    for _, event in on_itinerary.iterrows():
        zone = event.get("timezone")
        zone = str(zone) if zone and not is_missing(zone) else host_zone
        first, last = _day(event["date_start"]), _day(event["date_end"])
        time_local = event.get("time_local")
        if time_local and not is_missing(time_local) and precise_day(event):
            clock = dt.time.fromisoformat(str(time_local))
            start = dt.datetime.combine(first, clock, tzinfo=ZoneInfo(zone))
            end = None  # no end is stated; RFC 5545 reads the event as ending as it starts
            transparency = "OPAQUE"
        else:
            start, end = first, last + dt.timedelta(days=1)
            transparency = "OPAQUE" if precise_day(event) else "TRANSPARENT"
        status = ICS_STATUS.get(str(event.get("status")))
        topics = event.get("topics")
        topics = topics if isinstance(topics, (tuple, list)) else ()
        vevent = Event.new(
            uid=f"{event['id']}@{visit.id}",
            summary=str(event["title"]),
            start=start,
            end=end,
            stamp=stamp,
            description=_description(event, zone, flags.get(str(event["id"]), []), source_title),
            location=place_text(event) or None,
            categories=[labels.get(t, t) for t in topics],
            transparency=transparency,
        )
        if status:
            vevent.add("STATUS", status)
        calendar.add_component(vevent)
    years = [visit.start.year, visit.end.year]
    calendar.add_missing_timezones(
        first_date=dt.date(min(years) - 1, 1, 1), last_date=dt.date(max(years) + 2, 1, 1)
    )
    return calendar.to_ical()
