"""Where things are on the map: Web Mercator, the projection of a view onto a chart of a
given size, and the shape of a leg (a great circle bowed to the right of travel).

A leg is drawn as a path, not as deck.gl's ArcLayer, so that its shape is known here: two
legs over the same places in opposite directions bow to opposite sides (each to its own
right), and the labels can be placed off both; its arrowhead is an icon turned to its
heading.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

#: Web Mercator's latitude limit.
MAX_LAT = 85.0511
#: How far a leg bows from its great circle at its middle, as a share of its length.
BULGE = 0.12
#: Points along a leg's path.
LEG_SAMPLES = 33


def mercator_y(lat):
    """Web Mercator's y of a latitude (or an array of them) in world units: 0 at the top
    (MAX_LAT north), 1 at the bottom, clipped to the projection's limits."""
    phi = np.radians(np.clip(lat, -MAX_LAT, MAX_LAT))
    return (1 - np.log(np.tan(np.pi / 4 + phi / 2)) / np.pi) / 2


def latitude_of(y):
    """The latitude of a Web Mercator y (inverse of `mercator_y`)."""
    return np.degrees(np.arctan(np.sinh(np.pi * (1 - 2 * np.asarray(y, dtype=float)))))


def mercator(lon: float, lat: float) -> tuple[float, float]:
    """Web Mercator in world units: x and y in [0, 1], y down."""
    return (lon + 180.0) / 360.0, float(mercator_y(lat))


def inverse_mercator(x: float, y: float) -> tuple[float, float]:
    return x * 360.0 - 180.0, float(latitude_of(y))


def pixels_per_world(zoom: float) -> float:
    return 512.0 * 2.0**zoom


@dataclass(frozen=True)
class Projection:
    """A view (centre and zoom) on a chart of `size` pixels: lon/lat to pixels from the
    chart's centre (x right, y down), as deck.gl draws a MapView with no pitch."""

    longitude: float
    latitude: float
    zoom: float
    size: tuple[float, float]

    def pixel(self, lon: float, lat: float) -> tuple[float, float]:
        cx, cy = mercator(self.longitude, self.latitude)
        x, y = mercator(lon, lat)
        scale = pixels_per_world(self.zoom)
        return (x - cx) * scale, (y - cy) * scale

    def lonlat(self, px: float, py: float) -> tuple[float, float]:
        cx, cy = mercator(self.longitude, self.latitude)
        scale = pixels_per_world(self.zoom)
        return inverse_mercator(cx + px / scale, cy + py / scale)

    def inside(self, px: float, py: float, margin: float = 0.0) -> bool:
        return abs(px) <= self.size[0] / 2 - margin and abs(py) <= self.size[1] / 2 - margin


def great_circle(lat1: float, lon1: float, lat2: float, lon2: float, samples: int) -> list:
    """[lon, lat] points along the great circle, longitudes kept continuous (a path over
    the antimeridian runs past +-180 rather than jumping back)."""
    p1, l1, p2, l2 = map(math.radians, (lat1, lon1, lat2, lon2))
    a = [math.cos(p1) * math.cos(l1), math.cos(p1) * math.sin(l1), math.sin(p1)]
    b = [math.cos(p2) * math.cos(l2), math.cos(p2) * math.sin(l2), math.sin(p2)]
    angle = math.acos(max(-1.0, min(1.0, sum(x * y for x, y in zip(a, b, strict=True)))))
    points, previous = [], lon1
    for i in range(samples):
        t = i / (samples - 1)
        if angle < 1e-12:
            wa, wb = 1 - t, t
        else:
            wa = math.sin((1 - t) * angle) / math.sin(angle)
            wb = math.sin(t * angle) / math.sin(angle)
        x, y, z = (wa * u + wb * v for u, v in zip(a, b, strict=True))
        lon = math.degrees(math.atan2(y, x))
        lon += 360.0 * round((previous - lon) / 360.0)
        points.append([lon, math.degrees(math.atan2(z, math.hypot(x, y)))])
        previous = lon
    return points


def leg_path(source: Sequence[float], target: Sequence[float]) -> list[list[float]]:
    """A leg's path, [lon, lat] points: its great circle bowed to the right of travel (in
    Web Mercator, BULGE times its length at the middle). A return leg over the same places
    bows the other way, so the two never lie on each other."""
    line = great_circle(source[1], source[0], target[1], target[0], LEG_SAMPLES)
    xy = [mercator(lon, lat) for lon, lat in line]
    # Unwrap x with the longitudes, so a leg over the antimeridian stays one piece.
    xy = [((lon + 180.0) / 360.0, y) for (lon, _), (_, y) in zip(line, xy, strict=True)]
    dx, dy = xy[-1][0] - xy[0][0], xy[-1][1] - xy[0][1]
    length = math.hypot(dx, dy)
    if length == 0:
        return [[round(lon, 5), round(lat, 5)] for lon, lat in line]
    right = (-dy / length, dx / length)  # y points down: this is the right of travel
    path = []
    for i, (x, y) in enumerate(xy):
        t = i / (len(xy) - 1)
        lift = BULGE * length * 4 * t * (1 - t)
        lon, lat = inverse_mercator(x + right[0] * lift, y + right[1] * lift)
        path.append([round(lon, 5), round(lat, 5)])
    return path


def point_along(path: Sequence[Sequence[float]], fraction: float) -> tuple[int, float]:
    """The segment index and the share of it at `fraction` of the path's samples."""
    position = fraction * (len(path) - 1)
    index = min(int(position), len(path) - 2)
    return index, position - index


def heading(path: Sequence[Sequence[float]]) -> tuple[list[float], float]:
    """Where a path's arrowhead goes (its middle point, [lon, lat]) and the way it points
    there: degrees counter-clockwise from east on the screen, as deck.gl's IconLayer turns an
    icon. Web Mercator keeps angles, so the heading is the same at every zoom and the
    arrowhead, drawn in pixels, stays an arrowhead however far a reader zooms."""
    middle = len(path) // 2
    x0, y0 = mercator(*path[middle - 1][:2])
    x1, y1 = mercator(*path[min(middle + 1, len(path) - 1)][:2])
    # Mercator's y points down: a counter-clockwise angle on screen is minus its atan2.
    angle = -math.degrees(math.atan2(y1 - y0, x1 - x0))
    return [round(float(v), 5) for v in path[middle][:2]], round(angle, 2)
