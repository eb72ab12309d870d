"""The map's frame: which places decide it, and a Web Mercator view that fits them on a
chart of an assumed size."""

from __future__ import annotations

import math
from collections.abc import Sequence

import pandas as pd

from ...model.visit import Visit
from .geometry import Projection, mercator, pixels_per_world
from .places import frame_ids, shown_places
from .style import CHART_HEIGHT, MAX_ZOOM, MIN_ZOOM, VIEW_MARGIN

#: Where a map with nothing on it looks: the whole world.
WORLD_VIEW = (0.0, 20.0)


def frame_place_ids(visit: Visit) -> list[str]:
    """The places that decide the frame (`places.frame_ids`), in the map's order."""
    return frame_ids(visit, shown_places(visit))


def place_positions(places: pd.DataFrame, ids: Sequence[str]) -> list[list[float]]:
    by_id = places.set_index("id")
    return [[float(by_id.at[i, "lon"]), float(by_id.at[i, "lat"])] for i in ids]


def clamped(projection: Projection) -> Projection:
    """The view moved up or down so the chart ends at the map's top and bottom (Web
    Mercator ends at about 85 degrees): no band of empty canvas above or below the world."""
    zoom = max(projection.zoom, MIN_ZOOM)
    scale = pixels_per_world(zoom)
    half = CHART_HEIGHT / 2 / scale
    x, y = mercator(projection.longitude, projection.latitude)
    y = min(max(y, half), 1 - half)
    lat = math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * y))))
    return Projection(projection.longitude, lat, zoom, projection.size)


def fit(points: Sequence[Sequence[float]], size: tuple[float, float]) -> Projection:
    """A view centred on the points' bounding box, zoomed so that it spans the chart with
    a margin (VIEW_MARGIN), at most MAX_ZOOM."""
    if not points:
        return clamped(Projection(*WORLD_VIEW, MIN_ZOOM, size))
    xs, ys = zip(*(mercator(lon, lat) for lon, lat in points), strict=True)
    span_x = max(max(xs) - min(xs), 1e-9) * VIEW_MARGIN
    span_y = max(max(ys) - min(ys), 1e-9) * VIEW_MARGIN
    zoom = min(math.log2(size[0] / (512 * span_x)), math.log2(size[1] / (512 * span_y)))
    centre_x, centre_y = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    lon = centre_x * 360.0 - 180.0
    lat = math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * centre_y))))
    return clamped(Projection(lon, lat, min(zoom, MAX_ZOOM), size))


def refit(projection: Projection, content: tuple[float, float, float, float], margin: float):
    """The view moved and zoomed out so that `content` (left, top, right, bottom in pixels
    from the centre; it includes labels, which keep their size) fits the chart with `margin`
    pixels to spare; None when it already fits."""
    left, top, right, bottom = content
    room_w, room_h = projection.size[0] / 2 - margin, projection.size[1] / 2 - margin
    if -left <= room_w and right <= room_w and -top <= room_h and bottom <= room_h:
        return None
    over = max((right - left) / (2 * room_w), (bottom - top) / (2 * room_h))
    lon, lat = projection.lonlat((left + right) / 2, (top + bottom) / 2)
    # Labels do not shrink with the map: zoom out a little more than the ratio says.
    step = math.log2(over) * 1.25 + 0.05 if over > 1 else 0.0
    return clamped(Projection(lon, lat, projection.zoom - step, projection.size))
