"""Tests for the bundled offline world basemap (dashboard.views.maps.basemap): the assets, their
provenance, and the cut a view gets (detail around it, the whole world beyond)."""

from __future__ import annotations

import hashlib
import json
import math
from importlib import resources

import numpy as np
import pydeck
import pytest

from dashboard.views.maps import basemap
from dashboard.views.maps.basemap import (
    BASEMAP_SOURCE,
    MAX_LAT,
    SEA_COLOUR,
    WINDOW,
    basemap_for,
    basemap_layers,
    load_source,
    load_world,
    simplify_paths,
    window_rect,
)

# Real places on every inhabited continent, and open sea: the bundled world is the whole
# world, whatever visit the map shows.
LAND = {
    "Nairobi": (36.82, -1.29),
    "Sao Paulo": (-46.63, -23.55),
    "Paris": (2.35, 48.86),
    "Denver": (-104.99, 39.74),
    "Alice Springs": (133.88, -23.70),
    "Ulaanbaatar": (106.92, 47.92),
    "Seoul": (126.98, 37.57),
}
SEA = {
    "mid-Atlantic": (-30.0, 0.0),
    "Yellow Sea": (123.5, 36.0),
    "central Pacific": (-150.0, 0.0),
    "Indian Ocean": (80.0, -20.0),
}


def _in_ring(point, ring) -> bool:
    """Ray casting (even-odd rule), for a ring of [lon, lat] (closed or not)."""
    x, y = point
    inside = False
    for (x1, y1), (x2, y2) in zip(ring, list(ring[1:]) + list(ring[:1]), strict=True):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


def on_land(point, polygons) -> bool:
    for rings in polygons:
        outer, *holes = [np.asarray(r).reshape(-1, 2) for r in rings]
        if _in_ring(point, outer) and not any(_in_ring(point, h) for h in holes):
            return True
    return False


@pytest.mark.parametrize("scale", ["110m", "50m"])
def test_each_asset_decodes_to_the_whole_world(scale):
    world = load_world(scale)
    assert len(world.land) > 100 and len(world.borders) > 100
    points = np.concatenate([ring for polygon in world.land for ring in polygon])
    assert points[:, 0].min() == -180 and points[:, 0].max() == 180
    assert points[:, 1].min() >= -MAX_LAT and points[:, 1].max() <= MAX_LAT
    assert points[:, 1].max() > 80 and points[:, 1].min() < -80  # the Arctic, Antarctica
    for name, point in LAND.items():
        assert on_land(point, world.land), f"{name} is not on land at 1:{scale}"
    for name, point in SEA.items():
        assert not on_land(point, world.land), f"the {name} is on land at 1:{scale}"


@pytest.mark.parametrize("scale", ["110m", "50m"])
def test_no_ring_runs_across_the_world(scale):
    """topojson-client leaves land that crosses the antimeridian whole, which on a flat map
    is an edge from one side of the world to the other (it drew a line across the map);
    the build splits it. Only Antarctica's ring, around the pole, spans the whole width."""
    world = load_world(scale)
    spanning = []
    for polygon in world.land:
        ring = polygon[0]
        steps = np.abs(np.diff(np.vstack((ring, ring[:1]))[:, 0]))
        if steps.max() > 180:
            spanning.append(ring[:, 1].max())
    assert len(spanning) == 1 and spanning[0] < -60  # Antarctica
    for path in world.borders:
        assert np.abs(np.diff(path[:, 0])).max() < 180


@pytest.mark.parametrize("scale", ["110m", "50m"])
def test_recorded_provenance_matches_each_asset(scale):
    source = load_source(scale)
    data = resources.files("dashboard.assets").joinpath(f"basemap_world_{scale}.json").read_bytes()
    assert hashlib.sha256(data).hexdigest() == source["sha256"]
    assert source["bytes"] == len(data)
    assert f"Natural Earth 1:{scale}" in source["source"] and "world-atlas" in source["source"]
    assert list(source["files"]) == [f"world-atlas/countries-{scale}.json"]
    assert all(len(digest) == 64 for digest in source["files"].values())
    assert source["licence"] == "Natural Earth: public domain; world-atlas: ISC"
    assert source["packages"]["world-atlas"].startswith("2.")
    assert source["packages"]["topojson-client"].startswith("3.")
    assert source["bbox"] == {
        "min_lon": -180,
        "min_lat": -MAX_LAT,
        "max_lon": 180,
        "max_lat": MAX_LAT,
    }
    assert len(data) < 700_000  # bundled with the package: kept small
    raw = json.loads(data)
    assert raw["scale"] == source["scale"] == 1000
    assert raw["format"].startswith("dashboard-basemap/1")


def test_attribution_names_the_source_in_one_line():
    assert BASEMAP_SOURCE == (
        "Coastlines and borders: Natural Earth (public domain), "
        f"via world-atlas {load_source('50m')['packages']['world-atlas']}"
    )
    assert "\n" not in BASEMAP_SOURCE


def test_the_window_is_the_given_pixels_around_the_centre():
    lon, lat, zoom = 10.0, 45.0, 5.0
    rect = window_rect(lon, lat, zoom)
    degrees_per_pixel = 360 / (512 * 2**zoom)
    assert rect[2] - rect[0] == pytest.approx(WINDOW[0] * degrees_per_pixel)
    assert (rect[0] + rect[2]) / 2 == pytest.approx(lon)
    assert rect[1] < lat < rect[3]
    # Near a pole the window stops at the map's end.
    assert window_rect(0.0, 84.0, 3.0)[3] == pytest.approx(MAX_LAT, abs=1e-3)


def _coordinates(layer: dict) -> np.ndarray:
    values = []
    for row in layer["data"]:
        shape = row.get("path", row.get("polygon"))
        values.extend(np.asarray(shape, dtype=float).reshape(-1))
    return np.asarray(values).reshape(-1, 2)


@pytest.mark.parametrize(
    ("lon", "lat", "zoom"),
    [(121.0, 35.7, 4.0), (-54.3, -2.3, 3.8), (36.8, -1.3, 6.5), (0.0, 20.0, 1.2)],
)
def test_a_view_gets_land_in_detail_around_it_and_the_world_beyond(lon, lat, zoom):
    cut = basemap_for(lon, lat, zoom)
    rect = window_rect(lon, lat, zoom)
    for name, point in LAND.items():  # every continent, near or far
        assert on_land(point, cut.land), f"{name} missing around {lon}, {lat}"
    for name, point in SEA.items():
        assert not on_land(point, cut.land), f"the {name} is land around {lon}, {lat}"
    # No coastline runs along the window's edges: those are cuts, not coast.
    for path in cut.coastlines:
        for (x1, y1), (x2, y2) in zip(path, path[1:], strict=False):
            assert not (x1 == x2 and x1 in (rect[0], rect[2])), path[:3]
            assert not (y1 == y2 and y1 in (rect[1], rect[3])), path[:3]


def test_detail_is_finer_inside_the_window_than_outside():
    lon, lat, zoom = 20.0, 0.0, 5.0
    rect = window_rect(lon, lat, zoom)
    cut = basemap_for(lon, lat, zoom)
    inside = outside = 0
    for rings in cut.land:
        for ring in rings:
            for x, y in ring:
                if rect[0] <= x <= rect[2] and rect[1] <= y <= rect[3]:
                    inside += 1
                else:
                    outside += 1
    window_share = (rect[2] - rect[0]) * (rect[3] - rect[1]) / (360 * 170)
    assert inside / (inside + outside) > 3 * window_share


def test_a_window_over_the_antimeridian_takes_land_from_the_far_side():
    """A view centred at 175E shows land east of 180 (Samoa's and Alaska's longitudes
    are stored near -170): the cut shifts it by 360 degrees so it lies where it is seen."""
    cut = basemap_for(175.0, -15.0, 3.0)
    lons = np.concatenate([np.asarray(r)[:, 0] for rings in cut.land for r in rings])
    assert lons.max() > 185
    assert window_rect(175.0, -15.0, 3.0)[2] > 185


def test_simplification_keeps_ends_and_stays_within_the_tolerance():
    angles = np.linspace(0, math.pi, 400)
    arc = np.column_stack((np.cos(angles) * 10, np.sin(angles) * 10))
    tolerance = 0.001  # world units of Web Mercator (0.36 degrees of longitude)
    (simple,) = simplify_paths([arc], tolerance)
    assert 3 < len(simple) < 60
    assert (simple[0] == arc[0]).all() and (simple[-1] == arc[-1]).all()

    # Every dropped point lies within the tolerance of the simplified line (in Mercator).
    def mercator(points):
        phi = np.radians(points[:, 1])
        return np.column_stack(
            (points[:, 0] / 360, (1 - np.log(np.tan(np.pi / 4 + phi / 2)) / np.pi) / 2)
        )

    kept, full = mercator(simple), mercator(arc)
    for point in full:
        distances = []
        for a, b in zip(kept, kept[1:], strict=False):
            ab, ap = b - a, point - a
            t = np.clip(ap @ ab / (ab @ ab), 0, 1)
            distances.append(np.hypot(*(ap - t * ab)))
        assert min(distances) <= tolerance * 1.001


def test_basemap_layers_ids_types_colours_and_not_pickable():
    layers = basemap_layers(basemap_for(121.0, 35.7, 4.0))
    deck = json.loads(pydeck.Deck(layers=layers, map_provider=None).to_json())
    spec = deck["layers"]
    assert [layer["id"] for layer in spec] == [
        "basemap-sea",
        "basemap-land",
        "basemap-coast",
        "basemap-borders",
    ]
    assert [layer["@@type"] for layer in spec] == [
        "SolidPolygonLayer",
        "SolidPolygonLayer",
        "PathLayer",
        "PathLayer",
    ]
    assert all(layer["pickable"] is False for layer in spec)
    sea, land, coast, borders = spec
    assert sea["getFillColor"] == SEA_COLOUR
    # The sea is three worlds wide and as tall as the map: no bare canvas at any edge.
    sea_lons = [p[0] for p in sea["data"][0]["polygon"]]
    assert min(sea_lons) <= -540 and max(sea_lons) >= 540
    assert land["getFillColor"] == basemap.LAND_COLOUR
    for layer in (land, coast, borders):
        assert layer["positionFormat"] == "XY"
    for layer in (coast, borders):
        assert layer["widthUnits"] == "pixels"
    assert borders["getWidth"] <= coast["getWidth"]
    assert sum(borders["getColor"][:3]) < sum(coast["getColor"][:3])
    assert len(_coordinates(coast)) > 100


def test_the_page_carries_a_small_basemap():
    """The bytes of the basemap's layers in the deck's JSON, for views at several zooms:
    the whole world coarsely and the window in detail stay under 200 kB."""
    for lon, lat, zoom in [
        (121.0, 35.7, 3.9),
        (-54.3, -2.3, 3.8),
        (10.0, 50.0, 8.5),
        (0.0, 20.0, 1.0),
    ]:
        layers = basemap_layers(basemap_for(lon, lat, zoom))
        size = len(pydeck.Deck(layers=layers, map_provider=None).to_json().encode())
        compact = len(
            json.dumps(
                json.loads(pydeck.Deck(layers=layers, map_provider=None).to_json()),
                separators=(",", ":"),
            ).encode()
        )
        assert compact < 200_000, (lon, lat, zoom, compact, size)
