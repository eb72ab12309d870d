"""The route map: a pydeck deck of one visit's legs, places and labels, and the plain data
(place details, alt text, a table of legs) that goes beside it.

Legs are great-circle arcs, numbered and labelled with their date and distance. Places (the
cities and venues that have events or are leg endpoints) are points coloured by the topic of
their first event. The filters' selected days are highlighted: other legs and places fade.

The deck works offline: by default it draws the bundled basemap (`dashboard.basemap`) on a
sea-coloured ground and uses `map_provider=None`, so the browser fetches no tiles; only
`online_tiles=True` asks for token-free CARTO tiles.

Every function here is pure (no `st.*`) except `tiles_reachable`, which tries one network
connection. Text from data is HTML-escaped before it goes into a tooltip column, and the
tooltip template names only those escaped columns.
"""

from __future__ import annotations

import json
import math
import os
import socket
import time
import weakref
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
import pandas as pd
import pydeck as pdk
from pydeck.bindings.json_tools import default_serialize

from . import basemap
from .basemap import BASEMAP_SOURCE, SEA_COLOUR
from .cells import sentence
from .cells import text as _text
from .filters import Filters, event_mask
from .model import Visit, date_text, day_key, day_label

__all__ = [
    "BASEMAP_SOURCE",
    "TOOLTIP",
    "hex_to_rgb",
    "route_deck",
    "place_details",
    "route_alt_text",
    "legs_table",
    "tiles_reachable",
]

# -- Look ----------------------------------------------------------------------------------

#: Legs are travel, not a topic: a dark slate that stays readable on land and sea.
LEG_COLOUR = [45, 55, 72]
#: Places without events (leg endpoints only).
NEUTRAL_COLOUR = [150, 150, 150]
#: Outline of every point, so pale topic colours (yellow) stand out from the land.
OUTLINE_COLOUR = [35, 35, 35]
LABEL_COLOUR = [25, 25, 25]
LABEL_HALO = [255, 255, 255, 230]
FULL_ALPHA = 255
FADED_ALPHA = 60
FADED_LABEL_ALPHA = 130
LABEL_GAP = 14  # pixels between a city's point and its label
LEG_WIDTH = 4
FADED_LEG_WIDTH = 2
# Radius in pixels: cities are larger rings under their venues' smaller dots, so a venue a
# kilometre from its city centre stays clickable at every zoom.
RADIUS = {"city": 10, "venue": 6}
FADED_RADIUS = {"city": 7, "venue": 4}
FONT = "Noto Sans, Helvetica Neue, Arial, Noto Sans CJK SC, Noto Sans CJK KR, sans-serif"
# The whole world: under the bundled land, this is the sea.
WORLD = [[-180.0, -85.0], [180.0, -85.0], [180.0, 85.0], [-180.0, 85.0]]
PLACE_KINDS = ("city", "venue")

#: The deck tooltip. The fixed template names only two text columns, whose values
#: st.pydeck_chart escapes as it interpolates them; the style keeps newlines as breaks.
TOOLTIP = {
    "html": "<b>{tooltip_title}</b><div>{tooltip_html}</div>",
    "style": {
        "backgroundColor": "rgba(255, 255, 255, 0.96)",
        "color": "#1a1a1a",
        "fontSize": "13px",
        "lineHeight": "1.4",
        "whiteSpace": "pre-line",
        "maxWidth": "340px",
        "padding": "8px 10px",
        "border": "1px solid #bbb",
        "borderRadius": "4px",
    },
}
TOOLTIP_COLUMNS = ("tooltip_title", "tooltip_html")

# The view is fitted to an assumed chart size; Streamlit's default map is about this big.
VIEW_SIZE = (330, 520)  # fits a phone (~360 px); wider screens show more context
COMPACT_VIEW_SIZE = (260, 300)  # the overview column is ~300 px wide
VIEW_MARGIN = 1.6  # room around the points for labels
MAX_ZOOM = 9.0


def hex_to_rgb(colour: str, alpha: int | None = None) -> list[int]:
    """'#0072B2' -> [0, 114, 178] (with alpha appended when given)."""
    value = colour.strip().lstrip("#")
    if len(value) != 6:
        raise ValueError(f"not a #RRGGBB colour: {colour!r}")
    rgb = [int(value[i : i + 2], 16) for i in (0, 2, 4)]
    return rgb if alpha is None else [*rgb, int(alpha)]


def _tooltip_text(text: object) -> str:
    # Plain text: st.pydeck_chart HTML-escapes every value it interpolates into the tooltip
    # template, so escaping here too would show '&lt;' to the reader. The browser tier
    # proves that a <script> in the data is shown as text and never runs.
    return _text(text)


def _km(distance_km: float) -> str:
    return f"{round(float(distance_km)):,} km"


def _leg_date(leg: Mapping[str, Any]) -> date:
    return pd.Timestamp(leg["date"]).date()


def _leg_date_text(leg: Mapping[str, Any]) -> str:
    when = leg["date"]
    return date_text(
        {"date_start": when, "date_end": when, "date_precision": leg["date_precision"]}
    )


def _leg_short_date(leg: Mapping[str, Any]) -> str:
    if str(leg["date_precision"]) == "day":
        return day_label(_leg_date(leg))
    return _leg_date_text(leg)


def _leg_label(leg: Mapping[str, Any]) -> str:
    return f"{int(leg['seq'])} · {_leg_short_date(leg)} · {_km(leg['distance_km'])}"


def _great_circle_midpoint(lat1: float, lon1: float, lat2: float, lon2: float) -> list[float]:
    """[lon, lat] halfway along the great circle, where the arc's label sits."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    l1, dl = math.radians(lon1), math.radians(lon2 - lon1)
    bx = math.cos(p2) * math.cos(dl)
    by = math.cos(p2) * math.sin(dl)
    lat = math.atan2(math.sin(p1) + math.sin(p2), math.hypot(math.cos(p1) + bx, by))
    lon = l1 + math.atan2(by, math.cos(p1) + bx)
    return [round(math.degrees(lon), 5), round(math.degrees(lat), 5)]


# -- Which places, which events ------------------------------------------------------------


def _place_events(visit: Visit, place: Mapping[str, Any]) -> pd.DataFrame:
    """The events at a place; for a city, also those at its venues."""
    events = visit.events
    if str(place["kind"]) == "city":
        return events[events["city_id"] == place["id"]]
    return events[events["place_id"].fillna("") == place["id"]]


def _shown_places(visit: Visit) -> pd.DataFrame:
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


def _script_names(place: Mapping[str, Any]) -> list[str]:
    return [n for n in (_text(place.get("name_ko")), _text(place.get("name_zh"))) if n]


def _local_script_name(place: Mapping[str, Any]) -> str:
    """The place's name in its own country's script (Korean for Korea, Chinese for China)."""
    country = _text(place.get("country")).casefold()
    if "korea" in country and "china" not in country:
        return _text(place.get("name_ko"))
    if "china" in country and "korea" not in country:
        return _text(place.get("name_zh"))
    return ""


def _event_line(event: Mapping[str, Any], place_id: str) -> str:
    line = f"• {_text(event['title'])}: {date_text(event)}"
    if _text(event.get("place_id")) and event["place_id"] != place_id:
        line += f" (at {_text(event['place_name'])})"
    return line


#: A place's tooltip lists this many events at most, then says how many more there are.
TOOLTIP_EVENTS = 8


def _place_tooltip(
    place: Mapping[str, Any], events: list[Mapping[str, Any]], total: int
) -> tuple[str, str]:
    """Title and body of a place's tooltip: `events` are its first events, of `total`."""
    lines = []
    scripts = _script_names(place)
    if scripts:
        lines.append(" / ".join(scripts))
    if events:
        lines.extend(_event_line(e, str(place["id"])) for e in events[:TOOLTIP_EVENTS])
        if total > TOOLTIP_EVENTS:
            lines.append(f"… and {total - TOOLTIP_EVENTS:,} more events")
    else:
        lines.append("No event placed here; a stop on the route.")
    if _text(place.get("basis")) == "inferred":
        lines.append(f"Place inferred: {_text(place.get('basis_note'))}")
    return _tooltip_text(place["name"]), "\n".join(_tooltip_text(line) for line in lines)


def _leg_tooltip(leg: Mapping[str, Any]) -> tuple[str, str]:
    title = f"Leg {int(leg['seq'])}: {_text(leg['from_name'])} → {_text(leg['to_name'])}"
    lines = [f"{_leg_date_text(leg)}, {_km(leg['distance_km'])} (great-circle distance)"]
    if _text(leg.get("basis")) == "inferred":
        lines.append(f"Inferred: {_text(leg.get('basis_note'))}")
    return _tooltip_text(title), "\n".join(_tooltip_text(line) for line in lines)


# -- Rows for each layer -------------------------------------------------------------------


def _leg_rows(visit: Visit, filters: Filters) -> list[dict]:
    selected_days = set(filters.days)
    rows = []
    for leg in visit.legs.sort_values("seq").to_dict("records"):
        lit = not selected_days or day_key(_leg_date(leg)) in selected_days
        alpha = FULL_ALPHA if lit else FADED_ALPHA
        title, body = _leg_tooltip(leg)
        rows.append(
            {
                "id": _text(leg["id"]),
                "seq": int(leg["seq"]),
                "from_place": _text(leg["from_place"]),
                "to_place": _text(leg["to_place"]),
                "date": day_key(_leg_date(leg)),
                "distance_km": round(float(leg["distance_km"]), 1),
                "highlighted": lit,
                "source": [float(leg["from_lon"]), float(leg["from_lat"])],
                "target": [float(leg["to_lon"]), float(leg["to_lat"])],
                "midpoint": _great_circle_midpoint(
                    float(leg["from_lat"]),
                    float(leg["from_lon"]),
                    float(leg["to_lat"]),
                    float(leg["to_lon"]),
                ),
                "colour": [*LEG_COLOUR, alpha],
                "width": LEG_WIDTH if lit else FADED_LEG_WIDTH,
                "label": _leg_label(leg),
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
    for place in _shown_places(visit).to_dict("records"):
        direct = at_place.get(place["id"], none)
        positions = in_city.get(place["id"], none) if str(place["kind"]) == "city" else direct
        # A city takes its colour from its own events first: its venues show theirs.
        first = next(
            (ts[0] for ts in topic_lists[direct if len(direct) else positions] if len(ts)), None
        )
        listed = [
            {name: column[i] for name, column in fields.items()} for i in positions[:TOOLTIP_EVENTS]
        ]
        title, body = _place_tooltip(place, listed, len(positions))
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


def _place_rows(visit: Visit, filters: Filters, layer: PlaceLayer | None = None) -> list[dict]:
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


def _legs_go_east(visit: Visit) -> dict[str, bool]:
    """place id -> whether its legs lead east on the whole (its label then goes west)."""
    pull: dict[str, float] = {}
    for leg in visit.legs.to_dict("records"):
        dx = float(leg["to_lon"]) - float(leg["from_lon"])
        pull[leg["from_place"]] = pull.get(leg["from_place"], 0.0) + dx
        pull[leg["to_place"]] = pull.get(leg["to_place"], 0.0) - dx
    return {place: dx > 0 for place, dx in pull.items()}


def _city_label_rows(
    place_rows: list[dict], visit: Visit, *, scripts: bool, compact: bool = False
) -> list[dict]:
    by_id = visit.places.set_index("id")
    east = _legs_go_east(visit)
    lons = [row["position"][0] for row in place_rows]
    centre = (min(lons) + max(lons)) / 2 if lons else 0.0
    rows = []
    for row in place_rows:
        if row["kind"] != "city":
            continue
        place = by_id.loc[row["id"]].to_dict()
        local = _local_script_name(place) if scripts else ""
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


# -- The view ------------------------------------------------------------------------------


def _mercator(lon: float, lat: float) -> tuple[float, float]:
    """Web Mercator in world units: x and y in [0, 1]."""
    lat = max(min(lat, 85.0), -85.0)
    x = (lon + 180.0) / 360.0
    y = (1 - math.log(math.tan(math.radians(lat)) + 1 / math.cos(math.radians(lat))) / math.pi) / 2
    return x, y


def _inverse_mercator(x: float, y: float) -> tuple[float, float]:
    lon = x * 360.0 - 180.0
    lat = math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * y))))
    return lon, lat


def label_extent(row: Mapping[str, Any], size: int) -> float:
    """How far a city label reaches sideways from its point, in pixels: east positive,
    west negative (an estimate from its longest line: about 0.6 em a character)."""
    longest = max((len(line) for line in str(row["label"]).split("\n")), default=0)
    reach = abs(row["offset"][0]) + longest * 0.6 * size + 4
    return -reach if row["anchor"] == "end" else reach


def fit_view(
    points: list[list[float]],
    *,
    compact: bool = False,
    labels: list[tuple[float, float, float]] | None = None,
) -> pdk.ViewState:
    """A view centred on the points' bounding box, zoomed so it fits with a margin, and so
    that each label (lon, lat, reach in pixels as `label_extent` gives it) stays inside."""
    if not points:
        return pdk.ViewState(latitude=35.0, longitude=120.0, zoom=3.5)
    width, height = COMPACT_VIEW_SIZE if compact else VIEW_SIZE
    xs, ys = zip(*(_mercator(lon, lat) for lon, lat in points), strict=True)
    span_x = max(max(xs) - min(xs), 1e-6) * VIEW_MARGIN
    span_y = max(max(ys) - min(ys), 1e-6) * VIEW_MARGIN
    zoom = min(math.log2(width / (512 * span_x)), math.log2(height / (512 * span_y)), MAX_ZOOM)
    centre_x = (max(xs) + min(xs)) / 2
    for lon, lat, reach in labels or ():
        # A label that points away from the centre must end inside the half width:
        # |dx| * 512 * 2**zoom + |reach| <= width / 2.
        dx = _mercator(lon, lat)[0] - centre_x
        room = width / 2 - abs(reach)
        if dx * reach > 0 and room > 0:
            zoom = min(zoom, math.log2(room / (512 * abs(dx))))
    lon, lat = _inverse_mercator(centre_x, (max(ys) + min(ys)) / 2)
    return pdk.ViewState(
        latitude=round(lat, 4), longitude=round(lon, 4), zoom=round(zoom, 2), pitch=0, bearing=0
    )


# -- The deck ------------------------------------------------------------------------------


def route_deck(
    visit: Visit,
    filters: Filters,
    *,
    online_tiles: bool = False,
    compact: bool = False,
    places: PlaceLayer | None = None,
) -> pdk.Deck:
    """The route map of one visit, with the filters' days highlighted.

    Layers, bottom to top: the offline basemap (`basemap-sea`, `basemap-land`,
    `basemap-coast`, `basemap-borders`; left out with `online_tiles`), `legs` (arcs),
    `places` (points), `leg-labels` (left out when `compact`) and `city-labels`.
    Only `legs` and `places` are pickable; a place row's `id` is the place id. `places` is
    `place_layer(visit)`, when the caller keeps it across filter changes.
    """
    leg_rows = _leg_rows(visit, filters)
    place_rows = _place_rows(visit, filters, places)
    text_size = 12 if compact else 13
    city_labels = _city_label_rows(place_rows, visit, scripts=not compact, compact=compact)

    layers: list[pdk.Layer] = []
    if not online_tiles:
        layers.append(
            pdk.Layer(
                "SolidPolygonLayer",
                data=[{"polygon": WORLD}],
                id="basemap-sea",
                get_polygon="polygon",
                get_fill_color=list(SEA_COLOUR),
                pickable=False,
            )
        )
        layers.extend(basemap.basemap_layers(basemap.load_basemap()))
    layers.append(
        pdk.Layer(
            "ArcLayer",
            data=leg_rows,
            id="legs",
            get_source_position="source",
            get_target_position="target",
            get_source_color="colour",
            get_target_color="colour",
            get_width="width",
            great_circle=True,
            # Flat on the map: a raised arc seen from above drifts off its great circle
            # (perspective), overshooting its endpoints where legs meet.
            get_height=0,
            pickable=True,
            auto_highlight=True,
        )
    )
    layers.append(
        pdk.Layer(
            "ScatterplotLayer",
            data=place_rows,
            id="places",
            get_position="position",
            get_fill_color="fill_colour",
            get_line_color="line_colour",
            get_radius="radius",
            radius_units='"pixels"',
            line_width_units='"pixels"',
            get_line_width=1.5,
            stroked=True,
            filled=True,
            pickable=True,
            auto_highlight=True,
        )
    )
    if not compact:
        layers.append(
            pdk.Layer(
                "TextLayer",
                data=leg_rows,
                id="leg-labels",
                get_position="midpoint",
                get_text="label",
                get_color="label_colour",
                get_size=text_size,
                get_text_anchor='"middle"',
                get_alignment_baseline='"center"',
                background=True,
                get_background_color="label_background",
                background_padding=[5, 3],
                font_family=f'"{FONT}"',
                character_set='"auto"',
                pickable=False,
            )
        )
    layers.append(
        pdk.Layer(
            "TextLayer",
            data=city_labels,
            id="city-labels",
            get_position="position",
            get_text="label",
            get_color="label_colour",
            get_size=text_size + 1,
            get_text_anchor="anchor",
            get_alignment_baseline='"center"',
            get_pixel_offset="offset",
            font_family=f'"{FONT}"',
            font_weight=600,
            line_height=1.15,
            character_set='"auto"',
            font_settings={"sdf": True},
            outline_width=0.3,
            outline_color=LABEL_HALO,
            pickable=False,
        )
    )

    points = [r["source"] for r in leg_rows] + [r["target"] for r in leg_rows]
    points += [r["position"] for r in place_rows]
    reaches = [(*r["position"], label_extent(r, text_size + 1)) for r in city_labels]
    view = fit_view(points, compact=compact, labels=reaches)
    if online_tiles:
        return Deck(
            layers=layers,
            initial_view_state=view,
            map_provider="carto",
            map_style="light",
            tooltip=TOOLTIP,
        )
    # map_provider=None is the one setting that makes the browser fetch no tiles at all
    # (map_style=None would still load CARTO's style in Streamlit).
    return Deck(layers=layers, initial_view_state=view, map_provider=None, tooltip=TOOLTIP)


_SPECS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


class Deck(pdk.Deck):
    """A pydeck Deck that writes compact JSON, once.

    pydeck writes its JSON with `indent=2`, which is five times the bytes (1.1 MB instead of
    0.2 MB for the basemap's coordinates) and forces Python's slow pure-Python encoder.
    Streamlit asks for the JSON on every rerun, and the pages keep each deck for its filter
    state, so the JSON is written once per deck, with the same keys and values pydeck
    writes. A deck is not changed after it is built.
    """

    def to_json(self) -> str:
        spec = _SPECS.get(self)
        if spec is None:
            spec = json.dumps(
                self, sort_keys=True, default=default_serialize, separators=(",", ":")
            )
            _SPECS[self] = spec
        return spec


# -- Beside the map ------------------------------------------------------------------------


def place_details(visit: Visit, place_id: str) -> dict:
    """A place's names, basis, events and the issue cards tied to those events.

    For a city, its events include those at its venues (the `place` column says where).
    Raises KeyError for a place id the visit does not have.
    """
    matches = visit.places[visit.places["id"] == place_id]
    if matches.empty:
        raise KeyError(f"no place {place_id!r} in visit {visit.id!r}")
    place = matches.iloc[0].to_dict()
    events = _place_events(visit, place)
    events_frame = pd.DataFrame(
        {
            "id": [str(e) for e in events["id"]],
            "title": [str(t) for t in events["title"]],
            "date": [date_text(e) for e in events.to_dict("records")],
            "status": [str(s) for s in events["status"]],
            "place": [_text(p) for p in events["place_name"]],
        },
        columns=["id", "title", "date", "status", "place"],
    )
    event_ids = set(events_frame["id"])
    cards = visit.issue_cards[
        visit.issue_cards["related_events"].map(lambda ids: bool(event_ids & set(ids)))
    ]
    labels = visit.topic_labels
    cards_frame = pd.DataFrame(
        {
            "id": [str(c) for c in cards["id"]],
            "title": [str(t) for t in cards["title"]],
            "topic": [labels.get(str(t), str(t)) for t in cards["topic"]],
            "sensitivity": [str(s) for s in cards["sensitivity"]],
            "status": [str(s) for s in cards["status"]],
            "events": [
                ", ".join(i for i in ids if i in event_ids) for ids in cards["related_events"]
            ],
        },
        columns=["id", "title", "topic", "sensitivity", "status", "events"],
    )
    return {
        "id": place_id,
        "name": _text(place["name"]),
        "kind": _text(place["kind"]),
        "country": _text(place.get("country")),
        "name_ko": _text(place.get("name_ko")),
        "name_zh": _text(place.get("name_zh")),
        "basis": _text(place.get("basis")),
        "basis_note": _text(place.get("basis_note")),
        "inferred": _text(place.get("basis")) == "inferred",
        "events": events_frame,
        "cards": cards_frame,
        "issue_cards": cards_frame,  # the same frame, by its longer name
    }


def route_alt_text(visit: Visit) -> str:
    """The route in words, for screen readers and as the map's alt text."""
    legs = visit.legs.sort_values("seq").to_dict("records")
    if not legs:
        return f"Map of {visit.title}: no legs are recorded."
    parts = [
        f"leg {int(leg['seq'])}, {_leg_date_text(leg)}: {_text(leg['from_name'])} to "
        f"{_text(leg['to_name'])}, {_km(leg['distance_km'])}"
        for leg in legs
    ]
    total = sum(float(leg["distance_km"]) for leg in legs)
    stops = [_text(legs[0]["from_name"])] + [_text(leg["to_name"]) for leg in legs]
    venues = [str(n) for n in _shown_places(visit).query("kind == 'venue'")["name"]]
    text = (
        f"Map of {visit.title}: {len(legs)} legs, {' to '.join(stops)}, "
        f"{_km(total)} in all by great-circle distance. " + sentence("; ".join(parts))
    )
    if venues:
        text += " Venues marked: " + ", ".join(venues) + "."
    return text


def legs_table(visit: Visit) -> pd.DataFrame:
    """The legs as a table: the same data as the arcs, for reading and screen readers."""
    legs = visit.legs.sort_values("seq").to_dict("records")
    return pd.DataFrame(
        {
            "Leg": [int(leg["seq"]) for leg in legs],
            "From": [_text(leg["from_name"]) for leg in legs],
            "To": [_text(leg["to_name"]) for leg in legs],
            "Date": [_leg_date_text(leg) for leg in legs],
            "Distance (km)": [int(round(float(leg["distance_km"]))) for leg in legs],
        },
        columns=["Leg", "From", "To", "Date", "Distance (km)"],
    )


# -- Online or offline ---------------------------------------------------------------------

TILES_ENV = "DASHBOARD_MAP_TILES"  # "online", "offline" or unset (try the tile server)
TILES_HOST = ("basemaps.cartocdn.com", 443)
_TILES_CHECK_SECONDS = 600.0
_tiles_checked: dict[str, tuple[float, bool]] = {}


def tiles_reachable(timeout: float = 1.5) -> bool:
    """Whether to use online tiles: $DASHBOARD_MAP_TILES if set to online/offline, else
    whether the CARTO tile host answers a TCP connection (checked at most every 10 min).

    The check runs on the server, so it is a guess for the reader's browser: the offline
    map is the safe default whenever it fails.
    """
    forced = os.environ.get(TILES_ENV, "").strip().lower()
    if forced in ("online", "offline"):
        return forced == "online"
    now = time.monotonic()
    cached = _tiles_checked.get("carto")
    if cached and now - cached[0] < _TILES_CHECK_SECONDS:
        return cached[1]
    try:
        with socket.create_connection(TILES_HOST, timeout=timeout):
            reachable = True
    except OSError:
        reachable = False
    _tiles_checked["carto"] = (now, reachable)
    return reachable
