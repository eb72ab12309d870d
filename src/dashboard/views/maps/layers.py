"""The rows of the map's layers: legs (paths and arrowheads), places (points) and labels,
lit or faded by the filters. Built from a visit and its layout as plain dicts that pydeck
serialises."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ...model.cells import text as _text
from ...model.colours import rgb_list
from ...model.filters import Filters, event_mask
from ...model.visit import Visit
from ...model.words import day_key
from .geometry import Projection, heading
from .layout import Layout, route_layout
from .places import background_only, place_events, shown_legs, shown_places
from .style import (
    BACKGROUND_COLOUR,
    BACKGROUND_LINE_WIDTH,
    FADED_ALPHA,
    FADED_LABEL_ALPHA,
    FADED_LEG_WIDTH,
    FADED_RADIUS,
    FILL_ALPHA,
    FULL_ALPHA,
    LABEL_COLOUR,
    LABEL_HALO,
    LEG_COLOUR,
    LEG_WIDTH,
    LINE_WIDTH,
    NEUTRAL_COLOUR,
    OUTLINE_COLOUR,
    RADIUS,
    TOOLTIP_ABOVE,
    TOOLTIP_BELOW,
    TOOLTIP_GAP,
)
from .text import (
    TOOLTIP_EVENTS,
    TooltipRoom,
    leg_date,
    leg_tooltip,
    place_tooltip,
    tooltip_room,
)


def tooltip_shift(view: Projection, points, title: str, body: str, room: TooltipRoom) -> str:
    """Below the pointer or above it, so the tooltip stays on the chart wherever the mark
    (a point, or a leg's points) is hovered in the initial view: below when it fits under
    the lowest point, else above when it fits over the highest, else on the side of the
    half the mark's middle is in (the tooltip is at most half the chart tall)."""
    ys = [view.pixel(lon, lat)[1] for lon, lat in points]
    tall, half = room.height(title, body) + TOOLTIP_GAP, room.chart_height / 2 - 4
    if max(ys) + tall <= half:
        return TOOLTIP_BELOW
    if min(ys) - tall >= -half:
        return TOOLTIP_ABOVE
    return TOOLTIP_BELOW if ys[len(ys) // 2] < 0 else TOOLTIP_ABOVE


__all__ = ["PlaceLayer", "leg_rows", "place_events", "place_layer", "place_rows", "shown_places"]


def leg_rows(visit: Visit, filters: Filters, layout: Layout) -> list[dict]:
    """One row per leg, in order: its path and arrowhead, its label where the layout put
    it, lit when no day is selected or its day is; `hit_path`, the middle of its path,
    where hovering it gives its tooltip (near its ends a reader points at its places)."""
    selected_days = set(filters.days)
    labels = {p.id: p for p in layout.leg_labels}
    room = tooltip_room(layout.compact)
    rows = []
    for leg in shown_legs(visit):
        key = _text(leg["id"])
        lit = not selected_days or day_key(leg_date(leg)) in selected_days
        alpha = FULL_ALPHA if lit else FADED_ALPHA
        title, body = leg_tooltip(leg, room)
        label = labels.get(key)
        path = layout.paths[key]
        middle, angle = heading(path)
        hit = path[len(path) * 3 // 10 : len(path) * 7 // 10 + 1]
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
                "path": path,
                "arrow_position": middle,
                "arrow_angle": angle,
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
                "hit_path": hit,
                "tooltip_shift": tooltip_shift(layout.view, hit, title, body, room),
            }
        )
    return rows


#: The event columns a place's tooltip reads.
_TOOLTIP_FIELDS = ("title", "date_start", "date_end", "date_precision", "place_id", "place_name")


@dataclass(frozen=True)
class PlaceLayer:
    """What the places layer shows that does not depend on the filters: one row per shown
    place (id, kind, role, position, topic, colour, event count, tooltip), venues first and
    cities after (drawn over them: a city's disc answers for the venues on it), and, for
    each, the positions of its events in `visit.events`. Built once per visit and kind of
    map (`place_layer`)."""

    rows: tuple[dict, ...]
    positions: tuple[np.ndarray, ...]


def place_layer(visit: Visit, *, compact: bool = False) -> PlaceLayer:
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
    places.sort(key=lambda place: str(place["kind"]) == "city")  # cities drawn last, on top
    background = background_only(visit)
    view, room = route_layout(visit, compact=compact).view, tooltip_room(compact)
    rows, positions_of = [], []
    for place in places:
        direct = at_place.get(place["id"], none)
        positions = in_city.get(place["id"], none) if str(place["kind"]) == "city" else direct
        aside = str(place["id"]) in background
        # A city takes its colour from its own events first: its venues show theirs. A place
        # with only background events shows no topic of this visit: it is grey and hollow.
        own = topic_lists[direct if len(direct) else positions]
        first = None if aside else next((ts[0] for ts in own if len(ts)), None)
        title, body = place_tooltip(
            place,
            listed(positions),
            len(positions),
            topic=labels.get(first, ""),
            background=aside,
            room=room,
        )
        lon, lat = float(place["lon"]), float(place["lat"])
        rows.append(
            {
                "id": _text(place["id"]),
                "kind": str(place["kind"]),
                "role": "background" if aside else "stop",
                "position": [lon, lat],
                "topic": first or "",
                "events": len(positions),
                "colour": rgb_list(colours[first]) if first in colours else NEUTRAL_COLOUR,
                "tooltip_title": title,
                "tooltip_html": body,
                "tooltip_shift": tooltip_shift(view, [(lon, lat)], title, body, room),
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
        row.update(highlighted=lit, radius=(RADIUS if lit else FADED_RADIUS)[base["kind"]])
        row.update(_look(base, lit))
        rows.append(row)
    return rows


def _look(base: dict, lit: bool) -> dict:
    """A place's fill, outline and outline width: a route stop is filled with its topic's
    colour (a city see-through, over its venues), a place with only background events is a
    hollow grey ring; faded when no event there passes the filters."""
    alpha = FULL_ALPHA if lit else FADED_ALPHA
    if base["role"] == "background":
        return {
            "fill_colour": [*base["colour"], 0],  # hollow, yet hovered anywhere on its disc
            "line_colour": [*BACKGROUND_COLOUR, alpha],
            "line_width": BACKGROUND_LINE_WIDTH,
        }
    return {
        "fill_colour": [*base["colour"], min(FILL_ALPHA[base["kind"]], alpha)],
        "line_colour": [*OUTLINE_COLOUR, alpha],
        "line_width": LINE_WIDTH,
    }


def city_label_rows(place_rows: list[dict], layout: Layout) -> list[dict]:
    """One row per city label where the layout put it, faded with its city, grey for a
    place with only background events."""
    lit = {row["id"]: row["highlighted"] for row in place_rows}
    aside = {row["id"] for row in place_rows if row["role"] == "background"}
    return [
        {
            "id": label.id,
            "position": label.position,
            "label": label.text,
            "label_colour": [
                *(BACKGROUND_COLOUR if label.id in aside else LABEL_COLOUR),
                FULL_ALPHA if lit.get(label.id) else FADED_LABEL_ALPHA,
            ],
            "anchor": label.anchor,
            "offset": label.offset,
        }
        for label in layout.city_labels
    ]
