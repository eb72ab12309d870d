"""One visit's tables, joined into the shapes the pages need: events with their place, city,
time zone and day, topics with their colours, legs with distances.

Everything here is a pure function of a `Dataset` (or its frames) and a visit id.
"""

from __future__ import annotations

import functools
import math
import weakref
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cached_property
from typing import Any, TypeVar

import pandas as pd

from ..data.loading import Dataset
from .colours import NEUTRAL, checked
from .happened import Reports, named_ids, reported_by_then, reports_of, with_reports

BACKGROUND = "background"
NO_TOPIC_COLOUR = NEUTRAL  # only for an event without a topic
EARTH_RADIUS_KM = 6371.0088  # mean Earth radius (IUGG)


R = TypeVar("R")
_MISSING = object()


def per_visit(fn: Callable[..., R]) -> Callable[..., R]:
    """`fn(visit, *args, **kwargs)` computed once per visit object and arguments (scalars),
    and dropped with the visit. A visit is never changed after it is built, so what is
    derived from it alone can be kept as long as it lives; callers only read the result."""
    results: dict[tuple, Any] = {}

    @functools.wraps(fn)
    def once(visit: Visit, *args, **kwargs) -> R:
        key = (id(visit), args, tuple(sorted(kwargs.items())))
        found = results.get(key, _MISSING)
        if found is _MISSING:
            found = results[key] = fn(visit, *args, **kwargs)
            weakref.finalize(visit, results.pop, key, None)
        return found

    return once


@dataclass(frozen=True)
class Visit:
    """The tables of one visit, each filtered to that visit."""

    id: str
    title: str
    start: date
    end: date
    seed_text: str
    visit: pd.Series
    topics: pd.DataFrame
    places: pd.DataFrame
    people: pd.DataFrame
    events: pd.DataFrame  # joined: see `joined_events`
    legs: pd.DataFrame  # joined: see `joined_legs`
    issue_cards: pd.DataFrame
    figures: pd.DataFrame
    findings: pd.DataFrame
    #: The reports published by `reports.as_of` (all, with none), their claims and what
    #: they say of each field (`model.happened`); empty for a visit with no sources.
    reports: Reports | None = None

    # Computed on first use and kept: a visit is never changed after it is built.
    @cached_property
    def days(self) -> tuple[date, ...]:
        n = (self.end - self.start).days + 1
        return tuple(self.start + timedelta(days=i) for i in range(n))

    @cached_property
    def topic_colours(self) -> dict[str, str]:
        """Each topic's colour, checked (`colours.checked`): views put it in CSS."""
        return {
            topic: checked(colour)
            for topic, colour in zip(self.topics["id"], self.topics["colour"], strict=True)
        }

    @cached_property
    def topic_labels(self) -> dict[str, str]:
        return dict(zip(self.topics["id"], self.topics["label"], strict=True))

    @cached_property
    def cities(self) -> pd.DataFrame:
        return self.places[self.places["kind"] == "city"]

    @cached_property
    def host_timezone(self) -> str:
        return host_timezone(self.places, str(self.visit["host_country"]))

    @cached_property
    def home_timezone(self) -> str:
        return home_timezone(self.places, self.legs)

    @cached_property
    def reported_on(self) -> date | None:
        """The day the article was written, if the data gives it (`visits.reported_on`)."""
        value = self.visit.get("reported_on")
        return None if value is None or pd.isna(value) else pd.Timestamp(value).date()


def _indexed(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame indexed by `id`, which validation has already proved unique."""
    indexed = frame.set_index("id")
    if not indexed.index.is_unique:
        raise ValueError("ids are not unique")
    return indexed


#: The same, for what is derived from a loaded dataset alone (never changed once loaded).
per_dataset = per_visit


def visit_ids(dataset: Dataset) -> list[str]:
    """The visits in folder order, those whose visit row is still a draft last: the first,
    the default view of a bare link, is a checked visit whenever there is one."""
    return list(_visit_ids(dataset))  # a copy: the caller may change its list


@per_dataset
def _visit_ids(dataset: Dataset) -> tuple[str, ...]:
    visits = dataset.visits
    draft = (
        visits["draft"].astype(bool) if "draft" in visits else pd.Series(False, index=visits.index)
    )
    return (*(str(v) for v in visits["id"][~draft]), *(str(v) for v in visits["id"][draft]))


def _of_visit(frame: pd.DataFrame, visit_id: str) -> pd.DataFrame:
    return frame[frame["visit_id"] == visit_id].reset_index(drop=True)


def place_zones(places: pd.DataFrame) -> dict[str, str]:
    """place id -> its time zone, or its city's when it gives none ("" when neither does)."""
    own = dict(zip(places["id"], places["timezone"].fillna("").astype(str), strict=True))
    cities = city_of(places)
    return {pid: zone or own.get(cities.get(pid, ""), "") for pid, zone in own.items()}


def select_visit(dataset: Dataset, visit_id: str, as_of: datetime | None = None) -> Visit:
    """The visit's tables joined, as its reports published by `as_of` tell it (all of them
    without one); see `model.happened`."""
    visits = _indexed(dataset.visits)
    row = visits.loc[visit_id]
    places = _of_visit(dataset.places, visit_id)
    people = _of_visit(dataset.people, visit_id)
    legs = joined_legs(_of_visit(dataset.legs, visit_id), places)
    findings = _of_visit(dataset.findings, visit_id)
    figures = _of_visit(dataset.figures, visit_id)
    reports = reports_of(
        _of_visit(dataset.sources, visit_id),
        _of_visit(dataset.claims, visit_id),
        findings,
        as_of,
        home_timezone(places, legs),
        city_of(places),
        {"figures": figures, "people": people},
    )
    events = with_reports(_of_visit(dataset.events, visit_id), reports, place_zones(places))
    named = named_ids(reports, events)
    cities = city_of(places)
    places = reported_by_then(places, named | {cities.get(p, "") for p in named})
    people = reported_by_then(people, named)
    figures = reported_by_then(figures, named)
    return Visit(
        id=visit_id,
        title=str(row["title"]),
        start=row["start_date"].date(),
        end=row["end_date"].date(),
        seed_text=dataset.seeds[visit_id],
        visit=row.rename(visit_id),
        topics=_of_visit(dataset.topics, visit_id),
        places=places,
        people=people,
        events=joined_events(events, places, people),
        legs=legs,
        issue_cards=_of_visit(dataset.issue_cards, visit_id),
        figures=figures,
        findings=findings,
        reports=reports,
    )


def city_of(places: pd.DataFrame) -> dict[str, str]:
    """place id -> the id of the city it lies in (a city is its own city)."""
    mapping = {}
    for place_id, city_id in zip(places["id"].tolist(), places["city_id"].tolist(), strict=True):
        mapping[place_id] = city_id if isinstance(city_id, str) and city_id else place_id
    return mapping


def joined_events(events: pd.DataFrame, places: pd.DataFrame, people: pd.DataFrame) -> pd.DataFrame:
    """Events with their place's name, city, coordinates and time zone, and people's names."""
    cities = city_of(places)
    place_names = dict(zip(places["id"], places["name"].fillna(""), strict=True))
    zones = dict(zip(places["id"], places["timezone"].fillna(""), strict=True))
    bases = dict(zip(places["id"], places["basis"].astype(str), strict=True))
    names = dict(zip(people["id"], people["name"], strict=True))
    out = events.copy()
    # Mapping through dicts keeps this linear and fast for many thousands of events.
    place_ids = out["place_id"].fillna("").astype(str)
    out["place_name"] = place_ids.map(place_names).fillna("")
    out["city_id"] = place_ids.map(cities).fillna("")
    out["city_name"] = out["city_id"].map(place_names).fillna("")
    out["timezone"] = place_ids.map(zones).fillna("")
    out["place_basis"] = place_ids.map(bases).fillna("")
    out["participant_names"] = [tuple(names.get(p, p) for p in ps) for ps in out["participants"]]
    out["first_topic"] = [ts[0] if ts else "" for ts in out["topics"]]
    out["search_text"] = (
        search_text(
            out, ["title", "summary", "quote", "place_name", "city_name", "date_as_written"]
        )
        + "\n"
        + out["participant_names"].map(" ".join).astype("string").str.casefold()
    )
    return out.sort_values(["background", "date_start", "date_end"], kind="stable").reset_index(
        drop=True
    )


def search_text(frame: pd.DataFrame, columns: list[str]) -> pd.Series:
    """The columns' text joined and case-folded, for a fast substring search."""
    text = frame[columns[0]].astype("string").fillna("")
    for column in columns[1:]:
        text = text + "\n" + frame[column].astype("string").fillna("")
    return text.str.casefold()


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km between two points given in degrees."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(a))


def joined_legs(legs: pd.DataFrame, places: pd.DataFrame) -> pd.DataFrame:
    """Legs in order, with endpoints' names and coordinates and the distance in km."""
    by_id = _indexed(places)
    out = legs.sort_values("seq").reset_index(drop=True).copy()
    for end in ("from", "to"):
        ids = out[f"{end}_place"]
        out[f"{end}_name"] = [by_id.at[i, "name"] for i in ids]
        out[f"{end}_lat"] = [float(by_id.at[i, "lat"]) for i in ids]
        out[f"{end}_lon"] = [float(by_id.at[i, "lon"]) for i in ids]
    out["distance_km"] = [
        haversine_km(r.from_lat, r.from_lon, r.to_lat, r.to_lon) for r in out.itertuples()
    ]
    return out


def host_timezone(places: pd.DataFrame, host_country: str) -> str:
    """The time zone most of the host country's places use (a zone key such as Region/City)."""
    zones = places.loc[
        (places["country"] == host_country) & places["timezone"].fillna("").ne(""), "timezone"
    ]
    if zones.empty:
        zones = places.loc[places["timezone"].fillna("").ne(""), "timezone"]
    return str(zones.mode().iloc[0]) if not zones.empty else "UTC"


def home_timezone(places: pd.DataFrame, legs: pd.DataFrame) -> str:
    """The time zone of the first leg's origin: the guest's home."""
    if legs.empty:
        return ""
    first = legs.sort_values("seq").iloc[0]["from_place"]
    zone = places.set_index("id").at[first, "timezone"]
    return str(zone) if isinstance(zone, str) else ""


def event_days(event: pd.Series | dict, visit_days: Sequence[date]) -> list[date]:
    """The visit days an event may fall on (one for a dated event, several for a range)."""
    first = pd.Timestamp(event["date_start"]).date()
    last = pd.Timestamp(event["date_end"]).date()
    return [d for d in visit_days if first <= d <= last]


def precise_day(event: pd.Series | dict) -> bool:
    """Whether the event's days are stated: one day, or every day of a stated run of days."""
    return str(event["date_precision"]) in ("day", "days")


def field_basis(row: pd.Series | dict, field: str) -> str:
    """The basis of one field of a row: its own `<field>_basis` when the data gives one (a
    stated time at an inferred venue), else the row's `basis`."""
    own = row.get(f"{field}_basis")
    if isinstance(own, str) and own:
        return own
    return str(row.get("basis") or "article")
