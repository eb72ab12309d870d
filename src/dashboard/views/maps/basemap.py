"""Offline world basemap (land, coastlines, country borders) for pydeck maps, drawn only
where a view needs it.

The map reads with no network and no map tiles: the geometry is bundled, built from
Natural Earth admin-0 countries at 1:50m and 1:110m (public domain) as carried by the npm
package ``world-atlas`` (ISC), by ``scripts/build_basemap.py``. Provenance, package versions
and each asset's sha256 sit next to it in ``basemap_world_<scale>.source.json``.

For a view :func:`basemap_for` cuts a *window* of :data:`WINDOW` pixels around its centre,
larger than any chart, from the 1:50m data (1:110m below :data:`DETAIL_ZOOM`), and the rest
of the world, coarsely, from the 1:110m data: land shows wherever a reader pans or zooms,
and the page carries only what the view can show. Rings and paths are simplified to half a
pixel (Douglas-Peucker, in Web Mercator) and rounded to a third of one. A window over the
antimeridian takes the far side's land, shifted by 360 degrees. Coastlines are the land
rings less the cuts made by clipping. :func:`basemap_layers` draws it all, on a sea.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import numpy as np
import pydeck

from .geometry import MAX_LAT, latitude_of, mercator_y, pixels_per_world

ASSET_PACKAGE = "dashboard.assets"
SCALES = ("110m", "50m")

#: Deck background colour (the sea), RGB.
SEA_COLOUR = [214, 228, 238]
#: Land fill colour, RGB.
LAND_COLOUR = [236, 233, 226]
#: Coastline colour, RGB (mid grey).
COAST_COLOUR = [150, 150, 150]
#: Country border colour, RGBA (darker grey, drawn thinner than coastlines).
BORDER_COLOUR = [100, 100, 100, 200]

#: The sea: three worlds wide, so a view near the antimeridian has sea on both sides.
SEA_POLYGON = [[-540.0, -MAX_LAT], [540.0, -MAX_LAT], [540.0, MAX_LAT], [-540.0, MAX_LAT]]
#: Pixels around the view's centre drawn at full detail: more than any chart shows (the
#: widest screens give the map about 2,100 by 560 pixels).
WINDOW = (2400, 1200)
#: From this zoom the window is drawn from the 1:50m data (below it, 1:110m suffices).
DETAIL_ZOOM = 2.5
#: Outside the window the world is drawn as if this many zoom levels further out, and never
#: finer than at BACKDROP_MAX_ZOOM: it shows only once a reader pans or zooms out.
BACKDROP_ZOOM_OUT = 3.0
BACKDROP_MAX_ZOOM = 1.0
#: Douglas-Peucker tolerance, in pixels at the view's zoom.
TOLERANCE_PX = 0.5

Rect = tuple[float, float, float, float]  # min_lon, min_lat, max_lon, max_lat


def _asset_path(name: str):
    return resources.files(ASSET_PACKAGE).joinpath(name)


@lru_cache(maxsize=len(SCALES))
def load_source(scale: str = "50m") -> dict:
    """The provenance record of one scale's asset (cached)."""
    return json.loads(_asset_path(f"basemap_world_{scale}.source.json").read_text("utf-8"))


@dataclass(frozen=True)
class World:
    """One scale of the bundled world, decoded: land polygons (each a tuple of rings,
    outer first, as (n, 2) arrays of lon, lat) and border paths, with their bounding boxes
    (min_lon, min_lat, max_lon, max_lat) for a quick test against a window."""

    land: tuple[tuple[np.ndarray, ...], ...]
    land_boxes: np.ndarray
    borders: tuple[np.ndarray, ...]
    border_boxes: np.ndarray


def _decode(flat: list[int], scale: int) -> np.ndarray:
    return np.cumsum(np.asarray(flat, dtype=np.int64).reshape(-1, 2), axis=0) / scale


def _boxes(arrays) -> np.ndarray:
    if not arrays:
        return np.zeros((0, 4))
    return np.array([[*a.min(axis=0), *a.max(axis=0)] for a in arrays])


@lru_cache(maxsize=len(SCALES))
def load_world(scale: str) -> World:
    """The bundled world at one scale ("50m" or "110m"), decoded once per process."""
    raw = json.loads(_asset_path(f"basemap_world_{scale}.json").read_text("utf-8"))
    unit = int(raw["scale"])
    land = tuple(tuple(_decode(ring, unit) for ring in polygon) for polygon in raw["land"])
    borders = tuple(_decode(path, unit) for path in raw["borders"])
    return World(land, _boxes([p[0] for p in land]), borders, _boxes(borders))


# -- Projection and simplification ---------------------------------------------------------


def window_rect(longitude: float, latitude: float, zoom: float, size=WINDOW) -> Rect:
    """The lon/lat box of `size` pixels centred on the view, one world wide at most
    (longitudes may pass +-180)."""
    scale = pixels_per_world(zoom)
    half_lon = min(size[0] / 2 / scale * 360, 180.0)
    y = float(mercator_y(latitude))
    top, bottom = max(y - size[1] / 2 / scale, 0.0), min(y + size[1] / 2 / scale, 1.0)
    south, north = float(latitude_of(bottom)), float(latitude_of(top))
    return (longitude - half_lon, south, longitude + half_lon, north)


def simplify_paths(paths: list[np.ndarray], tolerance: float) -> list[np.ndarray]:
    """Douglas-Peucker on lon/lat paths, measured in Web Mercator world units; each path's
    first and last points are kept. All paths are processed together, one level of the
    recursion at a time, so the work is a few array operations per level, not per point."""
    if not paths:
        return []
    lengths = np.array([len(p) for p in paths])
    points = np.concatenate(paths)
    xy = np.column_stack((points[:, 0] / 360.0, mercator_y(points[:, 1])))
    ends = np.cumsum(lengths)
    keep = np.zeros(len(points), dtype=bool)
    keep[ends - lengths] = True
    keep[ends - 1] = True
    index = np.arange(len(points))
    while True:
        kept = np.flatnonzero(keep)
        # Each point lies between two consecutive kept points: the chord it is measured to.
        segment = np.searchsorted(kept, index, side="right") - 1
        segment = np.minimum(segment, len(kept) - 2)
        start, stop = xy[kept[segment]], xy[kept[segment + 1]]
        chord = stop - start
        offset = xy - start
        length = np.hypot(chord[:, 0], chord[:, 1])
        cross = np.abs(chord[:, 0] * offset[:, 1] - chord[:, 1] * offset[:, 0])
        with np.errstate(divide="ignore", invalid="ignore"):
            distance = np.where(length > 0, cross / length, np.hypot(offset[:, 0], offset[:, 1]))
        distance[keep] = 0.0
        # The farthest point of each chord, if it is farther than the tolerance.
        order = np.lexsort((-distance, segment))
        first = np.ones(len(order), dtype=bool)
        first[1:] = segment[order][1:] != segment[order][:-1]
        farthest = order[first]
        farthest = farthest[distance[farthest] > tolerance]
        if len(farthest) == 0:
            break
        keep[farthest] = True
    return np.split(points[keep], np.cumsum(np.add.reduceat(keep, ends - lengths))[:-1])


# -- Clipping to a lon/lat box ---------------------------------------------------------------


def _clip_ring(ring: np.ndarray, rect: Rect) -> np.ndarray:
    """Sutherland-Hodgman clip of a closed ring (first point not repeated) to the box,
    vectorised per edge of the box."""
    for axis, bound, keep_above in ((0, rect[0], True), (0, rect[2], False), (1, rect[1], True), (1, rect[3], False)):  # fmt: skip
        if len(ring) == 0:
            break
        values = ring[:, axis]
        inside = values >= bound if keep_above else values <= bound
        if inside.all():
            continue
        previous = np.roll(ring, 1, axis=0)
        prev_inside = np.roll(inside, 1)
        crossing = inside != prev_inside
        with np.errstate(divide="ignore", invalid="ignore"):  # only crossings are used
            t = (bound - previous[:, axis]) / (values - previous[:, axis])
            cut = previous + t[:, None] * (ring - previous)
        cut[:, axis] = bound
        candidates = np.stack((cut, ring), axis=1).reshape(-1, 2)
        chosen = np.stack((crossing, inside), axis=1).reshape(-1)
        ring = candidates[chosen]
    return ring


def _clip_path(path: np.ndarray, rect: Rect) -> list[np.ndarray]:
    """Liang-Barsky clip of a polyline to the box, every segment at once; the pieces
    inside it."""
    a, delta = path[:-1], np.diff(path, axis=0)
    t0, t1 = np.zeros(len(a)), np.ones(len(a))
    missed = np.zeros(len(a), dtype=bool)
    for p, q in (
        (-delta[:, 0], a[:, 0] - rect[0]),
        (delta[:, 0], rect[2] - a[:, 0]),
        (-delta[:, 1], a[:, 1] - rect[1]),
        (delta[:, 1], rect[3] - a[:, 1]),
    ):
        parallel = p == 0
        missed |= parallel & (q < 0)
        with np.errstate(divide="ignore", invalid="ignore"):
            r = np.where(parallel, 0.0, q / np.where(parallel, 1.0, p))
        t0 = np.where(~parallel & (p < 0), np.maximum(t0, r), t0)
        t1 = np.where(~parallel & (p > 0), np.minimum(t1, r), t1)
    inside = ~missed & (t0 <= t1)
    pieces: list[np.ndarray] = []
    current: list[np.ndarray] = []
    for i in np.flatnonzero(inside):
        if current and (not inside[i - 1] or t1[i - 1] < 1.0 or t0[i] > 0.0):
            pieces.append(np.array(current))
            current = []
        if not current:
            current.append(a[i] + t0[i] * delta[i])
        current.append(a[i] + t1[i] * delta[i])
    if current:
        pieces.append(np.array(current))
    return [piece for piece in pieces if len(piece) > 1]


def _coast_pieces(ring: np.ndarray, rect: Rect) -> list[np.ndarray]:
    """The ring as a closed path, cut where it runs along an edge of the box (or along the
    Mercator limit): those stretches are cuts, not coast."""
    closed = np.vstack((ring, ring[:1]))
    min_x, min_y, max_x, max_y = rect
    on_edge = np.zeros(len(closed) - 1, dtype=bool)
    for axis, bound in ((0, min_x), (0, max_x), (1, min_y), (1, max_y)):
        at = closed[:, axis] == bound  # clipping puts cut points exactly on the edge
        on_edge |= at[:-1] & at[1:]
    # The build rounds the Mercator limit to its stored precision, and splits land at the
    # antimeridian.
    for cut in (np.abs(closed[:, 1]) >= MAX_LAT - 0.002, np.abs(closed[:, 0]) == 180.0):
        on_edge |= cut[:-1] & cut[1:]
    if not on_edge.any():
        return [closed]
    pieces, start = [], 0
    for index in np.flatnonzero(on_edge):
        if index > start:
            pieces.append(closed[start : index + 1])
        start = index + 1
    if start < len(closed) - 1:
        pieces.append(closed[start:])
    return pieces


def _overlaps(boxes: np.ndarray, rect: Rect) -> np.ndarray:
    if len(boxes) == 0:
        return np.zeros(0, dtype=bool)
    return (
        (boxes[:, 0] <= rect[2])
        & (boxes[:, 2] >= rect[0])
        & (boxes[:, 1] <= rect[3])
        & (boxes[:, 3] >= rect[1])
    )


# -- Cutting the world for a view ------------------------------------------------------------


@dataclass(frozen=True)
class Basemap:
    """What one view draws: land polygons (lists of rings of [lon, lat]), coastline and
    border paths (lists of [lon, lat])."""

    land: list
    coastlines: list
    borders: list


def _rounded(points: np.ndarray, decimals: int) -> list[list[float]]:
    rounded = np.round(points, decimals)
    keep = np.ones(len(rounded), dtype=bool)
    keep[1:] = np.any(rounded[1:] != rounded[:-1], axis=1)
    return rounded[keep].tolist()


@dataclass(frozen=True)
class _Cut:
    """How to cut one part of the world at a zoom: the box (in the data's longitudes), the
    shift that puts it in place, the Douglas-Peucker tolerance (Mercator units), the
    decimals kept (a third of a pixel) and the extent (degrees) under which a ring is
    below a pixel and left out."""

    rect: Rect
    shift: float
    zoom: float

    @property
    def tolerance(self) -> float:
        return TOLERANCE_PX / pixels_per_world(self.zoom)

    @property
    def decimals(self) -> int:
        degrees_per_pixel = 360 / pixels_per_world(self.zoom)
        return int(min(max(math.ceil(-math.log10(degrees_per_pixel / 3)), 1), 3))

    @property
    def min_extent(self) -> float:
        return 360 / pixels_per_world(self.zoom)


def _inside(box: np.ndarray, rect: Rect) -> bool:
    return box[0] >= rect[0] and box[1] >= rect[1] and box[2] <= rect[2] and box[3] <= rect[3]


def _clipped_rings(world: World, cut: _Cut) -> list[tuple[int, int, np.ndarray]]:
    """(polygon, ring number, closed ring) of every ring of the box bigger than a pixel; a
    polygon whose outer ring is left out is left out whole."""
    rings = []
    for index in np.flatnonzero(_overlaps(world.land_boxes, cut.rect)):
        whole = _inside(world.land_boxes[index], cut.rect)
        for number, ring in enumerate(world.land[index]):
            small = (ring.max(axis=0) - ring.min(axis=0)).max() < cut.min_extent
            clipped = ring if whole or small else _clip_ring(ring, cut.rect)
            if small or len(clipped) < 3:
                if number == 0:
                    break
                continue
            rings.append((index, number, np.vstack((clipped, clipped[:1]))))
    return rings


def _cut_land(world: World, cut: _Cut, out: Basemap, *, coast: bool) -> None:
    rings = _clipped_rings(world, cut)
    simple = simplify_paths([ring for _, _, ring in rings], cut.tolerance)
    polygons: dict[int, list] = {}
    for (index, number, _), ring in zip(rings, simple, strict=True):
        ring = ring[:-1]
        if len(ring) < 3 or (number > 0 and index not in polygons):
            continue
        polygons.setdefault(index, []).append(_rounded(ring + (cut.shift, 0.0), cut.decimals))
        if coast:
            for piece in _coast_pieces(ring, cut.rect):
                out.coastlines.append(_rounded(piece + (cut.shift, 0.0), cut.decimals))
    out.land.extend(polygons.values())


def _cut_borders(world: World, cut: _Cut, out: Basemap) -> None:
    pieces = []
    for index in np.flatnonzero(_overlaps(world.border_boxes, cut.rect)):
        path = world.borders[index]
        pieces += (
            [path] if _inside(world.border_boxes[index], cut.rect) else _clip_path(path, cut.rect)
        )
    for piece in simplify_paths(pieces, cut.tolerance):
        out.borders.append(_rounded(piece + (cut.shift, 0.0), cut.decimals))


def _world_parts(window: Rect) -> tuple[list[tuple[Rect, float]], list[Rect]]:
    """The window as boxes of the data's longitudes (-180..180) with the shift that puts
    each in place, and the boxes of the rest of the world."""
    inside: list[tuple[Rect, float]] = []
    covered: list[tuple[float, float]] = []
    for shift in (-360.0, 0.0, 360.0):
        low, high = max(window[0] - shift, -180.0), min(window[2] - shift, 180.0)
        if low < high:
            inside.append(((low, window[1], high, window[3]), shift))
            covered.append((low, high))
    covered.sort()
    outside: list[Rect] = []
    edge = -180.0
    for low, high in covered:
        if low > edge:
            outside.append((edge, -90.0, low, 90.0))
        outside.append((low, window[3], high, 90.0))
        outside.append((low, -90.0, high, window[1]))
        edge = max(edge, high)
    if edge < 180.0:
        outside.append((edge, -90.0, 180.0, 90.0))
    return inside, [r for r in outside if r[0] < r[2] and r[1] < r[3]]


@lru_cache(maxsize=32)
def basemap_for(
    longitude: float, latitude: float, zoom: float, window: tuple[int, int] = WINDOW
) -> Basemap:
    """The basemap of a view: a window of `window` pixels around its centre in detail, the
    rest of the world coarsely. Cached per view; do not mutate the result."""
    out = Basemap([], [], [])
    window = window_rect(longitude, latitude, zoom, window)
    inside, outside = _world_parts(window)
    detail = load_world("50m" if zoom >= DETAIL_ZOOM else "110m")
    coarse = load_world("110m")
    backdrop_zoom = min(max(zoom - BACKDROP_ZOOM_OUT, 0.0), BACKDROP_MAX_ZOOM)
    for rect, shift in inside:
        cut = _Cut(rect, shift, zoom)
        _cut_land(detail, cut, out, coast=True)
        _cut_borders(detail, cut, out)
    # Outside the window the land's edge alone shows the coast: half the bytes.
    for rect in outside:
        cut = _Cut(rect, 0.0, backdrop_zoom)
        _cut_land(coarse, cut, out, coast=False)
        _cut_borders(coarse, cut, out)
    return out


# -- Layers ----------------------------------------------------------------------------------


def flat(points: list[list[float]]) -> list[float]:
    """[[lon, lat], ...] as [lon, lat, lon, lat, ...]: deck.gl reads a flat list with
    `positionFormat: "XY"`, and it is a sixth shorter in the page."""
    return [value for point in points for value in point]


def _lines(layer_id: str, paths: list, colour: list[int], width: float) -> pydeck.Layer:
    return pydeck.Layer(
        "PathLayer",
        data=[{"path": flat(p)} for p in paths],
        id=layer_id,
        get_path="path",
        position_format='"XY"',
        get_color=colour,
        get_width=width,
        # pydeck turns bare strings into accessor expressions ("@@=pixels");
        # the inner quotes make it a literal "pixels" for deck.gl.
        width_units='"pixels"',
        pickable=False,
    )


def basemap_layers(basemap: Basemap) -> list[pydeck.Layer]:
    """The non-pickable basemap layers, bottom to top: sea, land, coast, borders. Paths and
    land without holes are flat lists of coordinates; land with holes keeps its rings."""
    sea = pydeck.Layer(
        "SolidPolygonLayer",
        data=[{"polygon": SEA_POLYGON}],
        id="basemap-sea",
        get_polygon="polygon",
        get_fill_color=list(SEA_COLOUR),
        pickable=False,
    )
    land = pydeck.Layer(
        "SolidPolygonLayer",
        data=[{"polygon": flat(rings[0]) if len(rings) == 1 else rings} for rings in basemap.land],
        id="basemap-land",
        get_polygon="polygon",
        position_format='"XY"',
        get_fill_color=LAND_COLOUR,
        pickable=False,
    )
    coast = _lines("basemap-coast", basemap.coastlines, COAST_COLOUR, 1)
    borders = _lines("basemap-borders", basemap.borders, BORDER_COLOUR, 0.75)
    return [sea, land, coast, borders]


#: One-line attribution for the map caption.
BASEMAP_SOURCE: str = load_source("50m")["attribution"]
