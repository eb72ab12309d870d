"""The visit day by day, as a reader takes it in at a glance: each day's events with their
status in words and a mark, and the events whose day is not stated listed once, with the
days they may fall on.

`itinerary` builds plain data from a visit and the (filtered) events; `itinerary_html`
renders it from a template as one escaped HTML block (a grid: one column per day on a wide
screen, one below the other on a phone).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

import numpy as np
import pandas as pd

from ...data.schema import DAY_PART
from ...model import agreement
from ...model.cells import text
from ...model.order import in_day_order, stated_minutes
from ...model.visit import Visit, event_days
from ...model.words import STATUS, clock_text, day_key, day_label, sometime_text
from ..templates import render, style

#: status -> (mark, word). The mark is a shape, so status never rests on colour alone.
#: A day lists this many events at most, then says how many more there are.
DAY_LIMIT = 8
SPAN_LIMIT = 8
PARTS = DAY_PART  # in the day's order


@dataclass(frozen=True)
class Item:
    id: str
    title: str
    status: str  # as the article has it, or as its reports tell it
    when: str  # 'midday', '10:30', 'sometime Sun 4 - Tue 6 Jan', or ''
    place: str  # city or venue, '' when not stated
    in_plan: bool = True  # False: first reported after the article
    reports: str = ""  # '3 reports, 1 summary' (a visit with reports), else ''
    flags: tuple[str, ...] = ()  # where its sources differ


@dataclass(frozen=True)
class Day:
    key: str  # YYYY-MM-DD
    label: str  # 'Sun 4 Jan'
    route: str  # 'City A → City B' on a travel day, else the city of the day
    items: tuple[Item, ...]
    more: int  # events of the day not listed


@dataclass(frozen=True)
class Itinerary:
    days: tuple[Day, ...]
    spans: tuple[Item, ...]  # events whose day is not stated, each once
    more_spans: int
    #: With `only_matches`: the labels of the shown days no event of the filters falls on,
    #: named in one line rather than each drawn empty.
    quiet_days: tuple[str, ...] = ()


def _routes(visit: Visit) -> dict[date, str]:
    """Each visit day's route ('A → B' on a travel day) or the city it is spent in."""
    names = dict(zip(visit.places["id"], visit.places["name"], strict=True))
    legs = visit.legs
    routes: dict[date, str] = {}
    for day in visit.days:
        leaving = legs[legs["date"].dt.date == day]
        stops = [names[p] for p in leaving["from_place"][:1]] + [
            names[p] for p in leaving["to_place"]
        ]
        route = " → ".join(s for i, s in enumerate(stops) if i == 0 or s != stops[i - 1])
        if not route:
            earlier = legs[legs["date"].dt.date < day]
            route = names[earlier.iloc[-1]["to_place"]] if not earlier.empty else ""
        routes[day] = route
    return routes


def _when(event: dict, host_zone: str) -> str:
    """A stated time with its zone ('10:30 CET', as the timeline says it), or the part of
    the day."""
    clock, part = text(event.get("time_local")), text(event.get("day_part"))
    if clock:
        zone = text(event.get("timezone")) or host_zone
        about = text(event.get("time_precision")) == "about"
        return clock_text(clock, zone, pd.Timestamp(event["date_start"]).date(), about=about)
    return part if part in PARTS else ""


def _span(event: dict, days: tuple[date, ...]) -> str:
    possible = event_days(event, days)
    if not possible:
        return "day not stated"
    return sometime_text(possible[0], possible[-1])


def _item(event: dict, when: str, flag: str) -> Item:
    """One listed event with its words; `flag` is its line of disagreements ('' if none)."""
    place = text(event.get("city_name")) or text(event.get("place_name"))
    item = Item(str(event["id"]), text(event["title"]), text(event["status"]), when, place)
    if "n_sources" not in event:  # no reports: the plan as the article gives it
        return item
    n, m = int(event.get("n_sources") or 0), int(event.get("n_summaries") or 0)
    told = ", ".join(
        part
        for part in (
            f"{n:,} report{'s' if n != 1 else ''}" if n else "",
            f"{m:,} summar{'ies' if m != 1 else 'y'}" if m else "",
        )
        if part
    )
    flags = (flag,) if flag else ()
    return replace(item, in_plan=bool(event.get("in_plan", True)), reports=told, flags=flags)


#: The event columns an itinerary reads.
_FIELDS = (
    "id", "title", "status", "date_start", "date_end", "date_precision", "time_local",
    "day_part", "time_precision", "city_name", "place_name", "in_plan", "n_sources",
    "n_summaries", "timezone",
)  # fmt: skip


@dataclass(frozen=True)
class _Spans:
    """The visit's own events as positions in its days, worked out on whole columns: each
    event's first and last day (`low`, `high`, clipped to the visit), whether it falls on a
    day of the visit and whether its day is stated, its stated time and part of the day."""

    events: pd.DataFrame
    low: np.ndarray
    high: np.ndarray
    falls: np.ndarray
    precise: np.ndarray
    minutes: np.ndarray
    parts: np.ndarray

    @classmethod
    def of(cls, visit: Visit, events: pd.DataFrame) -> _Spans:
        on_visit = events[~events["background"].to_numpy(dtype=bool)]
        origin = pd.Timestamp(visit.start).to_datetime64().astype("datetime64[D]")
        first = (_days_of(on_visit["date_start"]) - origin).astype("int64")
        last = (_days_of(on_visit["date_end"]) - origin).astype("int64")
        dated = ~(
            pd.isna(on_visit["date_start"]).to_numpy() | pd.isna(on_visit["date_end"]).to_numpy()
        )
        low, high = np.maximum(first, 0), np.minimum(last, len(visit.days) - 1)
        precise = on_visit["date_precision"].astype(str).isin(("day", "days")).to_numpy()
        minutes, parts = stated_minutes(on_visit)
        return cls(on_visit, low, high, dated & (low <= high), precise, minutes, parts)

    def on_day(self, at: int) -> np.ndarray:
        """The events of a stated day that fall on day `at`, in the order of the day."""
        found = np.flatnonzero(self.precise & self.falls & (self.low <= at) & (self.high >= at))
        return in_day_order(found, self.minutes, self.parts)

    def undated_on(self, positions: list[int]) -> np.ndarray:
        """The events whose day is not stated that may fall on one of the days `positions`."""
        on_shown = np.zeros(len(self.events), dtype=bool)
        for at in positions:
            on_shown |= (self.low <= at) & (at <= self.high)
        return np.flatnonzero(~self.precise & self.falls & on_shown)


def itinerary(
    visit: Visit, events: pd.DataFrame, days: tuple[str, ...] = (), *, only_matches: bool = False
) -> Itinerary:
    """The visit's days (only `days`, YYYY-MM-DD, when given) with the events of `events`
    that fall on each, in the order of the day; then the events whose day is not stated
    (a range of days), each once, if they may fall on a shown day.

    Which events each day lists is worked out on whole columns first; only the events a
    day or the spans list show are then read one by one (at 100k events, reading every
    event cost most of the first page)."""
    shown = tuple(d for d in visit.days if not days or day_key(d) in days)
    spans = _Spans.of(visit, events)
    records = _Records(spans.events)
    positions = [visit.days.index(d) for d in shown]

    # Which events are listed, and when in the day: then their words, all at once.
    listed_on = [
        (day, *_listed_on_day(spans, records, at, visit.host_timezone))
        for day, at in zip(shown, positions, strict=True)
    ]
    undated = spans.undated_on(positions)
    spanned = [(i, _span(records[i], visit.days)) for i in undated[:SPAN_LIMIT]]
    listed = {str(records[i]["id"]) for _, whens, _ in listed_on for i, _ in whens}
    listed |= {str(records[i]["id"]) for i, _ in spanned}
    reported = "n_sources" in spans.events.columns
    flags = agreement.flag_lines(visit, "events", sorted(listed)) if reported else {}
    routes = _routes(visit)

    def item(i: int, when: str) -> Item:
        return _item(records[i], when, flags.get(str(records[i]["id"]), ""))

    result = tuple(
        Day(day_key(day), day_label(day), routes.get(day, ""), tuple(item(*w) for w in whens), more)
        for day, whens, more in listed_on
    )
    quiet: tuple[str, ...] = ()
    if only_matches:  # the filters narrow the events: list only the days they fall on
        quiet = tuple(d.label for d in result if not d.items)
        result = tuple(d for d in result if d.items)
    listed_spans = tuple(item(*s) for s in spanned)
    return Itinerary(result, listed_spans, max(0, len(undated) - SPAN_LIMIT), quiet)


def _listed_on_day(
    spans: _Spans, records: _Records, at: int, host_zone: str
) -> tuple[list[tuple[int, str]], int]:
    """The events one day lists (at most DAY_LIMIT), each with when in the day it falls
    ('10:30 CET, day 2 of 3'), and how many more there are."""
    ordered = spans.on_day(at)
    whens = []
    for i in ordered[:DAY_LIMIT]:
        every = spans.high[i] - spans.low[i] + 1
        run = f"day {at - spans.low[i] + 1} of {every}" if every > 1 else ""
        whens.append((i, ", ".join(part for part in (_when(records[i], host_zone), run) if part)))
    return whens, max(0, len(ordered) - DAY_LIMIT)


def _days_of(column: pd.Series) -> np.ndarray:
    """A date column as numpy days (NaT stays NaT)."""
    return pd.to_datetime(column).to_numpy().astype("datetime64[D]")


class _Records:
    """The events' rows as dicts of the columns an itinerary reads, each made on demand."""

    def __init__(self, events: pd.DataFrame):
        self._columns = {c: events[c].array for c in _FIELDS if c in events.columns}
        self._made: dict[int, dict] = {}

    def __getitem__(self, i: int) -> dict:
        found = self._made.get(i)
        if found is None:
            found = self._made[i] = {name: column[i] for name, column in self._columns.items()}
        return found


def status_counts(events: pd.DataFrame) -> dict[str, int]:
    """How many of the visit's own (not background) events have each status, in the
    order of STATUS; statuses with none are left out."""
    on_visit = events[~events["background"].to_numpy(dtype=bool)]
    counts = on_visit["status"].astype(str).value_counts()
    return {status: int(counts[status]) for status in STATUS if counts.get(status, 0)}


def itinerary_html(itinerary: Itinerary, empty: str = "Nothing matches the filters.") -> str:
    """The itinerary as one block of HTML with its own styles (templates/itinerary.html,
    which escapes every text from data); a status is its mark and its word (STATUS)."""
    return style("itinerary.css") + render(
        "itinerary.html", itinerary=itinerary, empty=empty, statuses=STATUS
    )
