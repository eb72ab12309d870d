"""Tests for the bundled offline East Asia basemap (dashboard.basemap)."""

from __future__ import annotations

import hashlib
import json
from importlib import resources

import pydeck
import pytest

from dashboard.basemap import (
    BASEMAP_SOURCE,
    SEA_COLOUR,
    basemap_layers,
    load_basemap,
    load_source,
)

BEIJING = (116.40, 39.90)
SHANGHAI = (121.47, 31.23)
SEOUL = (126.98, 37.57)


def _polygons(feature: dict) -> list[list[list[list[float]]]]:
    geom = feature["geometry"]
    if geom["type"] == "Polygon":
        return [geom["coordinates"]]
    assert geom["type"] == "MultiPolygon"
    return geom["coordinates"]


def _in_ring(point: tuple[float, float], ring: list[list[float]]) -> bool:
    """Ray casting (even-odd rule)."""
    x, y = point
    inside = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
        if (y1 > y) != (y2 > y):
            x_cross = x1 + (y - y1) * (x2 - x1) / (y2 - y1)
            if x < x_cross:
                inside = not inside
    return inside


def _in_feature(point: tuple[float, float], feature: dict) -> bool:
    for polygon in _polygons(feature):
        outer, *holes = polygon
        if _in_ring(point, outer) and not any(_in_ring(point, h) for h in holes):
            return True
    return False


@pytest.fixture(scope="module")
def basemap() -> dict:
    return load_basemap()


@pytest.fixture(scope="module")
def by_name(basemap: dict) -> dict[str, dict]:
    return {f["properties"]["name"]: f for f in basemap["land"]["features"]}


def _all_coords(basemap: dict):
    for feature in basemap["land"]["features"]:
        for polygon in _polygons(feature):
            for ring in polygon:
                yield from ring
    for key in ("borders", "coastlines"):
        for path in basemap[key]:
            yield from path


def test_asset_loads_with_expected_structure(basemap: dict) -> None:
    assert set(basemap) == {"land", "borders", "coastlines"}
    assert basemap["land"]["type"] == "FeatureCollection"
    assert len(basemap["land"]["features"]) >= 5
    assert len(basemap["borders"]) > 0
    assert len(basemap["coastlines"]) > 0
    for key in ("borders", "coastlines"):
        for path in basemap[key]:
            assert len(path) >= 2
            assert all(len(p) == 2 for p in path)
    for feature in basemap["land"]["features"]:
        assert set(feature["properties"]) == {"name"}
        for polygon in _polygons(feature):
            for ring in polygon:
                assert len(ring) >= 4
                assert ring[0] == ring[-1]


def test_load_basemap_is_cached() -> None:
    assert load_basemap() is load_basemap()


def test_expected_countries_present(by_name: dict[str, dict]) -> None:
    for name in ("China", "South Korea", "North Korea", "Japan", "Taiwan", "Mongolia"):
        assert name in by_name, f"{name} missing; have {sorted(by_name)}"


def test_coordinates_within_bbox_and_rounded(basemap: dict) -> None:
    source = load_source()
    bbox = source["bbox"]
    decimals = source["rounding_decimals"]
    coords = list(_all_coords(basemap))
    assert len(coords) > 1000
    for lon, lat in coords:
        assert bbox["min_lon"] <= lon <= bbox["max_lon"]
        assert bbox["min_lat"] <= lat <= bbox["max_lat"]
        assert round(lon, decimals) == lon
        assert round(lat, decimals) == lat


@pytest.mark.parametrize(
    ("city", "point", "country"),
    [
        ("Beijing", BEIJING, "China"),
        ("Shanghai", SHANGHAI, "China"),
        ("Seoul", SEOUL, "South Korea"),
    ],
)
def test_cities_inside_their_country(
    by_name: dict[str, dict], city: str, point: tuple[float, float], country: str
) -> None:
    assert _in_feature(point, by_name[country]), f"{city} not inside {country}"
    others = [n for n, f in by_name.items() if n != country and _in_feature(point, f)]
    assert others == [], f"{city} also inside {others}"


def test_point_in_polygon_helper_rejects_sea(by_name: dict[str, dict]) -> None:
    yellow_sea = (123.5, 36.0)
    assert not any(_in_feature(yellow_sea, f) for f in by_name.values())


def test_recorded_sha256_matches_asset() -> None:
    source = load_source()
    data = resources.files("dashboard.assets").joinpath("basemap_east_asia.json").read_bytes()
    assert hashlib.sha256(data).hexdigest() == source["sha256"]
    assert source["bytes"] == len(data)
    assert len(data) < 1_500_000


def test_source_record_and_attribution() -> None:
    source = load_source()
    assert "Natural Earth" in source["source"]
    assert "world-atlas" in source["source"]
    assert source["licence"] == "Natural Earth: public domain; world-atlas: ISC"
    assert source["packages"]["world-atlas"].startswith("2.")
    assert source["packages"]["topojson-client"].startswith("3.")
    assert BASEMAP_SOURCE == (
        "Coastlines and borders: Natural Earth (public domain), "
        f"via world-atlas {source['packages']['world-atlas']}"
    )
    assert "\n" not in BASEMAP_SOURCE


def test_sea_colour() -> None:
    assert SEA_COLOUR == [214, 228, 238]


def test_basemap_layers_ids_types_and_not_pickable(basemap: dict) -> None:
    layers = basemap_layers(basemap)
    assert len(layers) == 3
    deck = json.loads(pydeck.Deck(layers=layers, map_style=None).to_json())
    spec = deck["layers"]
    assert [layer["id"] for layer in spec] == ["basemap-land", "basemap-coast", "basemap-borders"]
    assert [layer["@@type"] for layer in spec] == ["GeoJsonLayer", "PathLayer", "PathLayer"]
    for layer in spec:
        assert layer["pickable"] is False

    land, coast, borders = spec
    assert land["filled"] is True
    assert land["stroked"] is False
    assert land["getFillColor"] == [236, 233, 226]
    assert len(land["data"]["features"]) == len(basemap["land"]["features"])
    for layer in (coast, borders):
        assert layer["widthUnits"] == "pixels"
    assert len(coast["data"]) == len(basemap["coastlines"])
    assert len(borders["data"]) == len(basemap["borders"])
    assert borders["getWidth"] <= coast["getWidth"]
    assert sum(borders["getColor"][:3]) < sum(coast["getColor"][:3])
