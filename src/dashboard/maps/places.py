"""The places a map shows and the events at each: the lowest layer of the map's modules."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from ..model import Visit
from .style import PLACE_KINDS


def place_events(visit: Visit, place: Mapping[str, Any]) -> pd.DataFrame:
    """The events at a place; for a city, also those at its venues."""
    events = visit.events
    if str(place["kind"]) == "city":
        return events[events["city_id"] == place["id"]]
    return events[events["place_id"].fillna("") == place["id"]]


def shown_places(visit: Visit) -> pd.DataFrame:
    """Cities and venues that have events or are leg endpoints, cities first (drawn below)."""
    used = (
        set(visit.events["place_id"].dropna())
        | set(visit.legs["from_place"])
        | set(visit.legs["to_place"])
    )
    places = visit.places[visit.places["kind"].isin(PLACE_KINDS) & visit.places["id"].isin(used)]
    order = places["kind"].map({k: i for i, k in enumerate(PLACE_KINDS)})
    return (
        places.assign(_order=order.astype(int))
        .sort_values("_order", kind="stable")
        .drop(columns="_order")
    )
