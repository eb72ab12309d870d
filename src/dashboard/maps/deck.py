"""The route map as a pydeck deck: the basemap, then legs, places and labels.

The deck works offline: by default it draws the bundled basemap (`dashboard.basemap`, cut
for the view) and uses `map_provider=None`, so the browser fetches no tiles; only
`online_tiles=True` asks for token-free CARTO tiles.
"""

from __future__ import annotations

import json
import weakref

import pydeck as pdk
from pydeck.bindings.json_tools import default_serialize

from .. import basemap
from ..filters import Filters
from ..model import Visit
from .layers import PlaceLayer, city_label_rows, leg_rows, place_rows
from .style import FONT, LABEL_HALO, TOOLTIP
from .view import fit_view, label_extent


def _basemap(view: pdk.ViewState) -> list[pdk.Layer]:
    cut = basemap.basemap_for(view.longitude, view.latitude, view.zoom)
    return basemap.basemap_layers(cut)


def _legs(rows: list[dict]) -> pdk.Layer:
    return pdk.Layer(
        "ArcLayer",
        data=rows,
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
        get_line_width=1.5,
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


def _leg_labels(rows: list[dict], size: int) -> pdk.Layer:
    return _labels(
        "leg-labels",
        rows,
        size,
        get_position="midpoint",
        get_text_anchor='"middle"',
        background=True,
        get_background_color="label_background",
        background_padding=[5, 3],
    )


def _city_labels(rows: list[dict], size: int) -> pdk.Layer:
    return _labels(
        "city-labels",
        rows,
        size,
        get_position="position",
        get_text_anchor="anchor",
        get_pixel_offset="offset",
        font_weight=600,
        line_height=1.15,
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
    `basemap-coast`, `basemap-borders`; left out with `online_tiles`), `legs` (arcs),
    `places` (points), `leg-labels` (left out when `compact`) and `city-labels`.
    Only `legs` and `places` are pickable; a place row's `id` is the place id. `places` is
    `place_layer(visit)`, when the caller keeps it across filter changes.
    """
    legs = leg_rows(visit, filters)
    points = place_rows(visit, filters, places)
    text_size = 12 if compact else 13
    cities = city_label_rows(points, visit, scripts=not compact, compact=compact)
    positions = [r["source"] for r in legs] + [r["target"] for r in legs]
    positions += [r["position"] for r in points]
    reaches = [(*r["position"], label_extent(r, text_size + 1)) for r in cities]
    view = fit_view(positions, compact=compact, labels=reaches)

    layers = [] if online_tiles else _basemap(view)
    layers += [_legs(legs), _places(points)]
    if not compact:
        layers.append(_leg_labels(legs, text_size))
    layers.append(_city_labels(cities, text_size + 1))
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
