"""The rows of the map's layers: legs (paths and arrowheads), places (points) and labels,
lit or faded by the filters. Built from a visit and its layout as plain dicts that pydeck
serialises."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ...model.cells import text as _text
from ...model.colours import rgb_list
from ...model.filters import Filters, event_mask
from ...model.visit import Visit
from ...model.words import day_key
from .geometry import Projection
from .layout import Layout, route_layout
from .places import place_events, shown_legs, shown_places
from .style import (
    FADED_ALPHA,
    FADED_LABEL_ALPHA,
    FADED_LEG_WIDTH,
    FADED_RADIUS,
    FULL_ALPHA,
    LABEL_COLOUR,
    LABEL_HALO,
    LEG_COLOUR,
    LEG_WIDTH,
    NEUTRAL_COLOUR,
    OUTLINE_COLOUR,
    RADIUS,
)
from .text import TOOLTIP_EVENTS, leg_date, leg_tooltip, place_tooltip

__all__ = ["PlaceLayer", "leg_rows", "place_events", "place_layer", "place_rows", "shown_places"]


def leg_rows(visit: Visit, filters: Filters, layout: Layout) -> list[dict]:
    """One row per leg, in order: its path and arrowhead, its label where the layout put
    it, lit when no day is selected or its day is."""
    selected_days = set(filters.days)
    labels = {p.id: p for p in layout.leg_labels}
    rows = []
    for leg in shown_legs(visit):
        key = _text(leg["id"])
        lit = not selected_days or day_key(leg_date(leg)) in selected_days
        alpha = FULL_ALPHA if lit else FADED_ALPHA
        title, body = leg_tooltip(leg)
        label = labels.get(key)
        rows.append(
            {
                "id": key,
                "seq": int(leg["seq"]),
                "from_place": _text(leg["from_place"]),
                "to_place": _text(leg["to_place"]),
                "date": day_key(leg_date(leg)),
                "distance_km": round(float(leg["distance_km"]), 1),
                "highlighted": lit,
                "source": [float(leg["from_lon"]), float(leg["from_lat"])],
                "target": [float(leg["to_lon"]), float(leg["to_lat"])],
                "path": layout.paths[key],
                "chevron": layout.chevrons[key],
                "colour": [*LEG_COLOUR, alpha],
                "width": LEG_WIDTH if lit else FADED_LEG_WIDTH,
                "label": label.text if label else "",
                "label_position": label.position if label else layout.paths[key][0],
                "label_offset": label.offset if label else [0, 0],
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


def _on_its_city(place: dict, cities: dict[str, dict], view: Projection) -> dict | None:
    """A venue's city when the venue's dot lies within the city's ring at the view's zoom
    (hovering the ring's middle then finds the venue, so the venue speaks for the city)."""
    city = cities.get(_text(place.get("city_id")))
    if str(place["kind"]) != "venue" or city is None:
        return None
    x0, y0 = view.pixel(float(city["lon"]), float(city["lat"]))
    x1, y1 = view.pixel(float(place["lon"]), float(place["lat"]))
    return city if math.hypot(x1 - x0, y1 - y0) < RADIUS["city"] else None


def place_layer(visit: Visit) -> PlaceLayer:
    colours, labels = visit.topic_colours, visit.topic_labels
    events = visit.events
    # Each place's events as positions in `events`, grouped once (not one scan per place).
    at_place = events.groupby(events["place_id"].fillna(""), sort=False).indices
    in_city = events.groupby(events["city_id"].fillna(""), sort=False).indices
    none = np.array([], dtype=int)
    topic_lists = events["topics"].to_numpy()
    fields = {name: events[name].to_numpy() for name in _TOOLTIP_FIELDS}

    def listed(positions: np.ndarray) -> list[dict]:
        return [{n: column[i] for n, column in fields.items()} for i in positions[:TOOLTIP_EVENTS]]

    places = shown_places(visit).to_dict("records")
    cities = {str(p["id"]): p for p in places if str(p["kind"]) == "city"}
    # The overview's smaller map is zoomed out further: venues sit on their city more often.
    view = route_layout(visit, compact=True).view
    rows, positions_of = [], []
    for place in places:
        direct = at_place.get(place["id"], none)
        positions = in_city.get(place["id"], none) if str(place["kind"]) == "city" else direct
        # A city takes its colour from its own events first: its venues show theirs.
        first = next(
            (ts[0] for ts in topic_lists[direct if len(direct) else positions] if len(ts)), None
        )
        city = _on_its_city(place, cities, view)
        around = None
        if city is not None:
            others = np.setdiff1d(in_city.get(city["id"], none), direct, assume_unique=True)
            around = (str(city["id"]), _text(city["name"]), listed(others), len(others))
        title, body = place_tooltip(
            place, listed(positions), len(positions), topic=labels.get(first, ""), city=around
        )
        rows.append(
            {
                "id": _text(place["id"]),
                "kind": str(place["kind"]),
                "position": [float(place["lon"]), float(place["lat"])],
                "topic": first or "",
                "events": len(positions),
                "colour": rgb_list(colours[first]) if first in colours else NEUTRAL_COLOUR,
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


def city_label_rows(place_rows: list[dict], layout: Layout) -> list[dict]:
    """One row per city label where the layout put it, faded with its city."""
    lit = {row["id"]: row["highlighted"] for row in place_rows}
    return [
        {
            "id": label.id,
            "position": label.position,
            "label": label.text,
            "label_colour": [*LABEL_COLOUR, FULL_ALPHA if lit.get(label.id) else FADED_LABEL_ALPHA],
            "anchor": label.anchor,
            "offset": label.offset,
        }
        for label in layout.city_labels
    ]
