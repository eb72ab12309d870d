"""The map's view: a Web Mercator frame fitted to the points and to the reach of their
labels, for an assumed chart size."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import pydeck as pdk

from .style import COMPACT_VIEW_SIZE, MAX_ZOOM, VIEW_MARGIN, VIEW_SIZE


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
