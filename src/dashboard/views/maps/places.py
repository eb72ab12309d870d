"""The places a map shows and the events at each: the lowest layer of the map's modules."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from ...model.visit import Visit, per_visit
from .style import PLACE_KINDS


def place_events(visit: Visit, place: Mapping[str, Any]) -> pd.DataFrame:
    """The events at a place; for a city, also those at its venues."""
    events = visit.events
    if str(place["kind"]) == "city":
        return events[events["city_id"] == place["id"]]
    return events[events["place_id"].fillna("") == place["id"]]


@per_visit
def _used_places(visit: Visit) -> pd.DataFrame:
    used = (
        set(visit.events["place_id"].dropna().unique())
        | set(visit.legs["from_place"])
        | set(visit.legs["to_place"])
    )
    places = visit.places
    # A draft venue may have no coordinates yet: it is listed under the map, not drawn.
    located = places["lat"].notna() & places["lon"].notna()
    return places[places["kind"].isin(PLACE_KINDS) & places["id"].isin(used) & located]


def leg_ends(visit: Visit) -> set[str]:
    return set(visit.legs["from_place"]) | set(visit.legs["to_place"])


@per_visit
def background_only(visit: Visit) -> frozenset[str]:
    """The places that hold only background events (before or after the visit: a future
    host, an earlier meeting) and where no leg starts or ends: drawn apart from the route's
    stops. A city's events are those in it, its venues' too."""
    events, ends = visit.events, leg_ends(visit)
    own = ~events["background"].astype(bool)
    with_events = set(events["place_id"].dropna()) | set(events["city_id"].dropna())
    busy = set(events.loc[own, "place_id"].dropna()) | set(events.loc[own, "city_id"].dropna())
    return frozenset(str(i) for i in with_events - busy - ends)


def frame_ids(visit: Visit, places: pd.DataFrame) -> list[str]:
    """The places that decide the frame: the legs' ends and the places of the visit's own
    (not background) events; when there are none, every place the map shows."""
    own = visit.events.loc[~visit.events["background"].astype(bool), "place_id"]
    ids = set(own.dropna().unique()) | leg_ends(visit)
    framed = [str(i) for i in places["id"] if i in ids]
    return framed or [str(i) for i in places["id"]]


def centre_longitude(longitudes) -> float:
    """The middle of the shortest stretch of longitude that holds them all, in -180..180:
    for places either side of the antimeridian (178E and 157W) it lies in the Pacific,
    not over Africa."""
    lons = sorted(float(lon) % 360.0 for lon in longitudes)
    if not lons:
        return 0.0
    # The largest gap between neighbours (the last wraps round to the first) is left out.
    gaps = [(b - a, i + 1) for i, (a, b) in enumerate(zip(lons, lons[1:], strict=False))]
    gaps.append((lons[0] + 360.0 - lons[-1], 0))
    _, start = max(gaps)
    first, last = lons[start], lons[start - 1] + (360.0 if start else 0.0)
    middle = (first + last) / 2
    return middle - 360.0 * round(middle / 360.0)


def near(lon: float, centre: float) -> float:
    """The longitude's copy (lon + k * 360) nearest the centre, so the map draws a route
    over the antimeridian in one piece."""
    return float(lon) + 360.0 * round((centre - float(lon)) / 360.0)


@per_visit
def map_centre(visit: Visit) -> float:
    places = _used_places(visit)
    ids = set(frame_ids(visit, places))
    return centre_longitude(places.loc[places["id"].isin(ids), "lon"])


@per_visit  # read by the layout, the layers and the frame of every map of the visit
def shown_places(visit: Visit) -> pd.DataFrame:
    """Cities and venues that have events or are leg endpoints, cities first (drawn below),
    each at the longitude nearest the frame's centre (`near`)."""
    places = _used_places(visit)
    centre = map_centre(visit)
    order = places["kind"].map({k: i for i, k in enumerate(PLACE_KINDS)})
    return (
        places.assign(_order=order.astype(int), lon=[near(lon, centre) for lon in places["lon"]])
        .sort_values("_order", kind="stable")
        .drop(columns="_order")
    )


def shown_legs(visit: Visit) -> list[dict]:
    """The legs in order, their ends at the longitudes nearest the frame's centre."""
    centre = map_centre(visit)
    return [
        {**leg, "from_lon": near(leg["from_lon"], centre), "to_lon": near(leg["to_lon"], centre)}
        for leg in visit.legs.sort_values("seq").to_dict("records")
        if pd.notna(leg["from_lon"]) and pd.notna(leg["to_lon"])
    ]


def unplaced_text(visit: Visit) -> str:
    """The sentence under the map naming the places it cannot draw (no coordinates yet)."""
    missing = visit.places[visit.places["lat"].isna() | visit.places["lon"].isna()]
    if not len(missing):
        return ""
    names = ", ".join(str(n) for n in missing["name"])
    return f"Not on the map yet, no coordinates: {names}."
