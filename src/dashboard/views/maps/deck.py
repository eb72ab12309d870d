"""The route map as a pydeck deck: the basemap, then legs, places and labels.

The deck works offline: by default it draws the bundled basemap (`dashboard.views.maps.basemap`, cut
for the view) and uses `map_provider=None`, so the browser fetches no tiles; only
`online_tiles=True` asks for token-free CARTO tiles.
"""

from __future__ import annotations

import base64
import json
import weakref

import pydeck as pdk
from pydeck.bindings.json_tools import default_serialize

from ...model.filters import Filters
from ...model.visit import Visit
from . import basemap
from .labels import LINE_HEIGHT
from .layers import PlaceLayer, city_label_rows, leg_rows, place_layer, place_rows
from .layout import layout_city_size, route_layout
from .style import (
    ARROW_SIZE,
    CITY_FONT_WEIGHT,
    COMPACT_BASEMAP_WINDOW,
    FONT,
    LABEL_HALO,
    LEG_COLOUR,
    LEG_HIT_WIDTH,
    LEG_LABEL_PADDING,
    LEG_TEXT_SIZE,
    TOOLTIP,
    TOOLTIP_COLUMNS,
)


def _basemap(view: pdk.ViewState, compact: bool) -> list[pdk.Layer]:
    window = COMPACT_BASEMAP_WINDOW if compact else basemap.WINDOW
    cut = basemap.basemap_for(view.longitude, view.latitude, view.zoom, window)
    return basemap.basemap_layers(cut)


#: The arrowhead: a notched triangle pointing east, drawn as a mask (deck.gl colours it).
_ARROW_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64" viewBox="0 0 64 64">'
    '<path d="M12 10 L56 32 L12 54 L24 32 Z" fill="#fff"/></svg>'
)
ARROW_ICON = {
    "url": "data:image/svg+xml;base64," + base64.b64encode(_ARROW_SVG.encode()).decode(),
    "width": 64,
    "height": 64,
    "anchorX": 34,
    "anchorY": 32,
    "mask": True,
}


def _legs(rows: list[dict]) -> list[pdk.Layer]:
    """The legs as paths bowed to the right of travel (`geometry.leg_path`), each with an
    arrowhead at its middle pointing the way (an icon of ARROW_SIZE pixels turned to the
    leg's heading, the same size at every zoom), and the band a pointer finds it by."""
    legs = pdk.Layer(
        "PathLayer",
        data=rows,
        id="legs",
        get_path="path",
        get_color="colour",
        get_width="width",
        width_units='"pixels"',
        cap_rounded=True,
        joint_rounded=True,
        pickable=False,
    )
    # The arrowheads and the hover band need only their own columns: every byte goes to the
    # browser.
    heads = [
        {"id": row["id"], "position": row["arrow_position"], "angle": row["arrow_angle"],
         "colour": row["colour"], "icon": ARROW_ICON}
        for row in rows
    ]  # fmt: skip
    arrows = pdk.Layer(
        "IconLayer",
        data=heads,
        id="leg-arrows",
        get_icon="icon",
        get_position="position",
        get_angle="angle",
        get_color="colour",
        get_size=ARROW_SIZE,
        size_units='"pixels"',
        pickable=False,
    )
    # A see-through band along the middle of each leg, wider than the line, is what a
    # pointer finds: the leg's tooltip, shown where the band is, then stays on the chart.
    bands = [
        {"id": row["id"], "path": row["hit_path"], "colour": [*row["colour"][:3], 0]}
        | {key: row[key] for key in TOOLTIP_COLUMNS}
        for row in rows
    ]
    hits = pdk.Layer(
        "PathLayer",
        data=bands,
        id="leg-hits",
        get_path="path",
        get_color="colour",
        get_width=LEG_HIT_WIDTH,
        width_units='"pixels"',
        cap_rounded=True,
        pickable=True,
        auto_highlight=True,
        highlight_color=[*LEG_COLOUR, 70],
    )
    return [legs, arrows, hits]


def _places(rows: list[dict]) -> pdk.Layer:
    return pdk.Layer(
        "ScatterplotLayer",
        data=rows,
        id="places",
        get_position="position",
        get_fill_color="fill_colour",
        get_line_color="line_colour",
        get_radius="radius",
        radius_units='"pixels"',
        line_width_units='"pixels"',
        get_line_width="line_width",
        stroked=True,
        filled=True,
        pickable=True,
        auto_highlight=True,
    )


def _labels(layer_id: str, rows: list[dict], size: int, **style) -> pdk.Layer:
    return pdk.Layer(
        "TextLayer",
        data=rows,
        id=layer_id,
        get_text="label",
        get_color="label_colour",
        get_size=size,
        get_alignment_baseline='"center"',
        font_family=f'"{FONT}"',
        character_set='"auto"',
        pickable=False,
        **style,
    )


#: The columns a leg label reads.
_LEG_LABEL_COLUMNS = ("id", "seq", "label", "label_position", "label_offset", "label_colour", "label_background")  # fmt: skip


def _leg_labels(rows: list[dict], size: int) -> pdk.Layer:
    return _labels(
        "leg-labels",
        # A leg whose label found no room has none (the legs table lists it).
        [{key: row[key] for key in _LEG_LABEL_COLUMNS} for row in rows if row["label"]],
        size,
        get_position="label_position",
        get_pixel_offset="label_offset",
        get_text_anchor='"middle"',
        line_height=LINE_HEIGHT,
        background=True,
        get_background_color="label_background",
        background_padding=list(LEG_LABEL_PADDING),
    )


def _city_labels(rows: list[dict], size: int) -> pdk.Layer:
    return _labels(
        "city-labels",
        rows,
        size,
        get_position="position",
        get_text_anchor="anchor",
        get_pixel_offset="offset",
        font_weight=CITY_FONT_WEIGHT,
        line_height=LINE_HEIGHT,
        font_settings={"sdf": True},
        outline_width=0.3,
        outline_color=LABEL_HALO,
    )


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
    `basemap-coast`, `basemap-borders`; left out with `online_tiles`), `legs` (paths),
    `leg-arrows` (icons), `leg-hits` (see-through bands along the legs' middles), `places`
    (points: venues, then cities over them), `leg-labels` (left out when `compact`) and
    `city-labels`. Only `leg-hits` and `places` are pickable; a place row's `id` is the
    place id. `places` is `place_layer(visit, compact=compact)`,
    when the caller keeps it across filter changes.
    The view and every label's place come from `route_layout` (the same for any filter).
    """
    layout = route_layout(visit, compact=compact)
    view = pdk.ViewState(
        latitude=round(layout.view.latitude, 4),
        longitude=round(layout.view.longitude, 4),
        zoom=round(layout.view.zoom, 2),
        pitch=0,
        bearing=0,
    )
    legs = leg_rows(visit, filters, layout)
    points = place_rows(
        visit, filters, places if places is not None else place_layer(visit, compact=compact)
    )
    layers = [] if online_tiles else _basemap(view, compact)
    layers += [*_legs(legs), _places(points)]
    if not compact:
        layers.append(_leg_labels(legs, LEG_TEXT_SIZE))
    layers.append(_city_labels(city_label_rows(points, layout), layout_city_size(compact)))
    # The world repeats sideways (as a tiled map does): zoomed or panned out past one world,
    # the canvas shows the next copy of the basemap (one world wide: `basemap.basemap_for`),
    # never a bare band.
    views = [pdk.View(type="MapView", controller=True, repeat=True)]
    if online_tiles:
        return Deck(
            layers=layers,
            views=views,
            initial_view_state=view,
            map_provider="carto",
            map_style="light",
            tooltip=TOOLTIP,
        )
    # map_provider=None is the one setting that makes the browser fetch no tiles at all
    # (map_style=None would still load CARTO's style in Streamlit).
    return Deck(
        layers=layers, views=views, initial_view_state=view, map_provider=None, tooltip=TOOLTIP
    )


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
