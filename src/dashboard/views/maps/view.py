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


def refit(projection: Projection, content: Box4, margin: float, marks: Box4 | None = None):
    """The view moved and zoomed out so that `content` (left, top, right, bottom in pixels
    from the centre; it includes labels, which keep their size) fits the chart with `margin`
    pixels to spare; None when it already fits. `marks` is the part of the content that
    scales with the zoom (points and legs): the zoom is then solved for, labels and all,
    rather than stepped, so a narrow chart is not zoomed out further than its labels need."""
    left, top, right, bottom = content
    room_w, room_h = projection.size[0] / 2 - margin, projection.size[1] / 2 - margin
    if -left <= room_w and right <= room_w and -top <= room_h and bottom <= room_h:
        return None
    share = _share(content, marks, (room_w, room_h)) if marks else None
    if share is None:  # labels alone fill the chart: step out by the ratio, as before
        over = max((right - left) / (2 * room_w), (bottom - top) / (2 * room_h))
        lon, lat = projection.lonlat((left + right) / 2, (top + bottom) / 2)
        # Labels do not shrink with the map: zoom out a little more than the ratio says.
        step = math.log2(over) * 1.25 + 0.05 if over > 1 else 0.0
        return clamped(Projection(lon, lat, projection.zoom - step, projection.size))
    # Zoomed out by `share` about the chart's centre, a mark at p is at share * p; the
    # labels keep their overhang beyond the marks. Centre the content that results.
    m_left, m_top, m_right, m_bottom = marks
    new = Projection(
        projection.longitude,
        projection.latitude,
        projection.zoom + math.log2(share),
        projection.size,
    )
    x = (share * (m_left + m_right) + (right - m_right) - (m_left - left)) / 2
    y = (share * (m_top + m_bottom) + (bottom - m_bottom) - (m_top - top)) / 2
    lon, lat = new.lonlat(x, y)
    return clamped(Projection(lon, lat, new.zoom, projection.size))


Box4 = tuple[float, float, float, float]


def _share(content: Box4, marks: Box4, room: tuple[float, float]) -> float | None:
    """The zoom factor (below 1) at which the marks, scaled, and the labels' overhang beyond
    them fit the room; None when the overhang alone does not."""
    shares = []
    for low, high, m_low, m_high, half in (
        (content[0], content[2], marks[0], marks[2], room[0]),
        (content[1], content[3], marks[1], marks[3], room[1]),
    ):
        overhang = max(m_low - low, 0.0) + max(high - m_high, 0.0)
        span = m_high - m_low
        if 2 * half - overhang <= 0.2 * 2 * half:
            return None
        if span > 0:
            shares.append((2 * half - overhang) / span)
    share = min(shares, default=1.0) * 0.98
    return min(share, 1.0)
