"""The rows of the map's layers: legs, places (points) and city labels, lit or faded by
the filters' days. Built from a visit as plain dicts that pydeck serialises."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from ..cells import text as _text
from ..filters import Filters, event_mask
from ..model import Visit, day_key
from .style import (
    FADED_ALPHA,
    FADED_LABEL_ALPHA,
    FADED_LEG_WIDTH,
    FADED_RADIUS,
    FULL_ALPHA,
    LABEL_COLOUR,
    LABEL_GAP,
    LABEL_HALO,
    LEG_COLOUR,
    LEG_WIDTH,
    NEUTRAL_COLOUR,
    OUTLINE_COLOUR,
    PLACE_KINDS,
    RADIUS,
    hex_to_rgb,
)
from .text import (
    TOOLTIP_EVENTS,
    great_circle_midpoint,
    leg_date,
    leg_label,
    leg_tooltip,
    local_script_name,
    place_tooltip,
)


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


# -- Rows for each layer -------------------------------------------------------------------


def leg_rows(visit: Visit, filters: Filters) -> list[dict]:
    selected_days = set(filters.days)
    rows = []
    for leg in visit.legs.sort_values("seq").to_dict("records"):
        lit = not selected_days or day_key(leg_date(leg)) in selected_days
        alpha = FULL_ALPHA if lit else FADED_ALPHA
        title, body = leg_tooltip(leg)
        rows.append(
            {
                "id": _text(leg["id"]),
                "seq": int(leg["seq"]),
                "from_place": _text(leg["from_place"]),
                "to_place": _text(leg["to_place"]),
                "date": day_key(leg_date(leg)),
                "distance_km": round(float(leg["distance_km"]), 1),
                "highlighted": lit,
                "source": [float(leg["from_lon"]), float(leg["from_lat"])],
                "target": [float(leg["to_lon"]), float(leg["to_lat"])],
                "midpoint": great_circle_midpoint(
                    float(leg["from_lat"]),
                    float(leg["from_lon"]),
                    float(leg["to_lat"]),
                    float(leg["to_lon"]),
                ),
                "colour": [*LEG_COLOUR, alpha],
                "width": LEG_WIDTH if lit else FADED_LEG_WIDTH,
                "label": leg_label(leg),
                # Faded labels stay legible: the table beside the map says the same.
                "label_colour": [*LABEL_COLOUR, FULL_ALPHA if lit else FADED_LABEL_ALPHA],
                "label_background": [*LABEL_HALO[:3], 230 if lit else FADED_ALPHA],
                "tooltip_title": title,
                "tooltip_html": body,
            }
        )
    return rows


#: The event columns a place's tooltip reads.
_TOOLTIP_FIELDS = ("title", "date_start", "date_end", "date_precision", "place_id", "place_name")


@dataclass(frozen=True)
class PlaceLayer:
    """What the places layer shows that does not depend on the filters: one row per shown
    place (id, kind, position, topic, colour, event count, tooltip) and, for each, the
    positions of its events in `visit.events`. Built once per visit (`place_layer`)."""

    rows: tuple[dict, ...]
    positions: tuple[np.ndarray, ...]


def place_layer(visit: Visit) -> PlaceLayer:
    colours = visit.topic_colours
    events = visit.events
    # Each place's events as positions in `events`, grouped once (not one scan per place).
    at_place = events.groupby(events["place_id"].fillna(""), sort=False).indices
    in_city = events.groupby(events["city_id"].fillna(""), sort=False).indices
    none = np.array([], dtype=int)
    topic_lists = events["topics"].to_numpy()
    fields = {name: events[name].to_numpy() for name in _TOOLTIP_FIELDS}
    rows, positions_of = [], []
    for place in shown_places(visit).to_dict("records"):
        direct = at_place.get(place["id"], none)
        positions = in_city.get(place["id"], none) if str(place["kind"]) == "city" else direct
        # A city takes its colour from its own events first: its venues show theirs.
        first = next(
            (ts[0] for ts in topic_lists[direct if len(direct) else positions] if len(ts)), None
        )
        listed = [
            {name: column[i] for name, column in fields.items()} for i in positions[:TOOLTIP_EVENTS]
        ]
        title, body = place_tooltip(place, listed, len(positions))
        rows.append(
            {
                "id": _text(place["id"]),
                "kind": str(place["kind"]),
                "position": [float(place["lon"]), float(place["lat"])],
                "topic": first or "",
                "events": len(positions),
                "colour": hex_to_rgb(colours[first]) if first in colours else NEUTRAL_COLOUR,
                "tooltip_title": title,
                "tooltip_html": body,
            }
        )
        positions_of.append(positions)
    return PlaceLayer(tuple(rows), tuple(positions_of))


def place_rows(visit: Visit, filters: Filters, layer: PlaceLayer | None = None) -> list[dict]:
    """The places layer's rows: `layer` (or `place_layer(visit)`), lit by the filters."""
    layer = layer if layer is not None else place_layer(visit)
    passing = event_mask(visit, filters) if filters.active else None
    rows = []
    for base, positions in zip(layer.rows, layer.positions, strict=True):
        lit = passing is None or bool(passing[positions].any())
        row = {key: value for key, value in base.items() if key != "colour"}
        row.update(
            highlighted=lit,
            fill_colour=[*base["colour"], FULL_ALPHA if lit else FADED_ALPHA],
            line_colour=[*OUTLINE_COLOUR, FULL_ALPHA if lit else FADED_ALPHA],
            radius=(RADIUS if lit else FADED_RADIUS)[base["kind"]],
        )
        rows.append(row)
    return rows


def legs_go_east(visit: Visit) -> dict[str, bool]:
    """place id -> whether its legs lead east on the whole (its label then goes west)."""
    pull: dict[str, float] = {}
    for leg in visit.legs.to_dict("records"):
        dx = float(leg["to_lon"]) - float(leg["from_lon"])
        pull[leg["from_place"]] = pull.get(leg["from_place"], 0.0) + dx
        pull[leg["to_place"]] = pull.get(leg["to_place"], 0.0) - dx
    return {place: dx > 0 for place, dx in pull.items()}


def city_label_rows(
    place_rows: list[dict], visit: Visit, *, scripts: bool, compact: bool = False
) -> list[dict]:
    by_id = visit.places.set_index("id")
    east = legs_go_east(visit)
    lons = [row["position"][0] for row in place_rows]
    centre = (min(lons) + max(lons)) / 2 if lons else 0.0
    rows = []
    for row in place_rows:
        if row["kind"] != "city":
            continue
        place = by_id.loc[row["id"]].to_dict()
        local = local_script_name(place) if scripts else ""
        alpha = FULL_ALPHA if row["highlighted"] else FADED_LABEL_ALPHA
        # The label sits on the side its legs do not take, so no arc runs through it. On the
        # narrow compact map a city off the route faces the middle, so its label stays on
        # the map; the full map has room on the east.
        if row["id"] in east:
            west = east[row["id"]]
        else:
            west = compact and row["position"][0] > centre
        rows.append(
            {
                "id": row["id"],
                "position": row["position"],
                "label": _text(place["name"]) + (f"\n{local}" if local else ""),
                "label_colour": [*LABEL_COLOUR, alpha],
                "anchor": "end" if west else "start",
                "offset": [-LABEL_GAP if west else LABEL_GAP, 0],
            }
        )
    return rows
