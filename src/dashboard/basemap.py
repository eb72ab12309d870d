"""Offline East Asia basemap (land, coastlines, country borders) for pydeck maps.

The map reads with no network and no map tiles: the geometry is a bundled
asset, ``dashboard/assets/basemap_east_asia.json``, built from Natural Earth
1:50m admin-0 countries (public domain) as carried by the npm package
``world-atlas`` (ISC), by ``scripts/build_basemap.py``. Provenance, package
versions and the asset's sha256 sit next to it in
``basemap_east_asia.source.json``.

Callers draw the layers from :func:`basemap_layers` underneath their own layers
and use :data:`SEA_COLOUR` as the deck background, with ``map_style=None``.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources

import pydeck

ASSET_PACKAGE = "dashboard.assets"
BASEMAP_FILE = "basemap_east_asia.json"
SOURCE_FILE = "basemap_east_asia.source.json"

#: Deck background colour (the sea), RGB.
SEA_COLOUR = [214, 228, 238]
#: Land fill colour, RGB.
LAND_COLOUR = [236, 233, 226]
#: Coastline colour, RGB (mid grey).
COAST_COLOUR = [150, 150, 150]
#: Country border colour, RGBA (darker grey, drawn thinner than coastlines).
BORDER_COLOUR = [100, 100, 100, 200]


def _read_asset(name: str) -> str:
    return resources.files(ASSET_PACKAGE).joinpath(name).read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def load_basemap() -> dict:
    """Return the bundled basemap: ``{"land", "borders", "coastlines"}``.

    ``land`` is a GeoJSON FeatureCollection of country polygons with
    ``properties.name``; ``borders`` and ``coastlines`` are lists of paths,
    each a list of ``[lon, lat]``. The result is cached; do not mutate it.
    """
    return json.loads(_read_asset(BASEMAP_FILE))


@lru_cache(maxsize=1)
def load_source() -> dict:
    """Return the provenance record of the basemap asset (cached)."""
    return json.loads(_read_asset(SOURCE_FILE))


def _lines(layer_id: str, paths: list, colour: list[int], width: float) -> pydeck.Layer:
    return pydeck.Layer(
        "PathLayer",
        data=[{"path": p} for p in paths],
        id=layer_id,
        get_path="path",
        get_color=colour,
        get_width=width,
        # pydeck turns bare strings into accessor expressions ("@@=pixels");
        # the inner quotes make it a literal "pixels" for deck.gl.
        width_units='"pixels"',
        pickable=False,
    )


def basemap_layers(basemap: dict) -> list[pydeck.Layer]:
    """Build the non-pickable basemap layers, bottom to top: land, coast, borders."""
    land = pydeck.Layer(
        "GeoJsonLayer",
        data=basemap["land"],
        id="basemap-land",
        filled=True,
        stroked=False,
        get_fill_color=LAND_COLOUR,
        pickable=False,
    )
    coast = _lines("basemap-coast", basemap["coastlines"], COAST_COLOUR, 1)
    borders = _lines("basemap-borders", basemap["borders"], BORDER_COLOUR, 0.75)
    return [land, coast, borders]


#: One-line attribution for the map caption.
BASEMAP_SOURCE: str = load_source()["attribution"]
