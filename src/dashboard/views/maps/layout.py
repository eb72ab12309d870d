"""The map's layout for one visit: the view, each leg's path and arrowhead, and where every
label goes. It depends on the visit's places and legs only, not on the filters.

The frame is fitted to the frame's places and legs (`view.frame_place_ids`); then the
labels are placed (`labels.place_labels`) and, while the frame's marks and labels do not fit
the chart, the view is moved and zoomed out and the labels placed again. Labels are placed
twice, cities first and legs first, and the order with fewer collisions is kept.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from ...model.cells import text as _text
from ...model.visit import Visit, per_visit
from .geometry import Projection, leg_path
from .labels import EDGE, Box, Label, Placement, place_labels
from .places import shown_legs, shown_places
from .style import (
    CITY_FONT_WEIGHT,
    CITY_TEXT_SIZE,
    COMPACT_VIEW_SIZE,
    LEG_LABEL_PADDING,
    LEG_TEXT_SIZE,
    RADIUS,
    VIEW_SIZE,
)
from .text import leg_label_lines, local_script_name
from .view import clamped, fit, frame_place_ids, place_positions, refit

#: Rounds of moving and zooming the view out before the layout is taken as it is.
REFITS = 8
#: When labels collide, the layout is tried again this many times, each ZOOM_OUT further
#: out, and the try that leaves the fewest labels out is kept (the closest of those). The
#: frame is the route's: it is not given up for a label (the legs table lists every leg).
ZOOM_OUT_STEPS = 4
ZOOM_OUT = 0.2
#: More labels than this: the map is laid out once (trying every zoom would take seconds).
CROWDED = 12
#: A leg shorter than this (pixels, in the fitted view) is labelled with its number only.
SHORT_LEG = 48


@dataclass(frozen=True)
class Layout:
    """The view, the legs' paths ([lon, lat] lists by leg id), the frame's place ids, the
    placed city and leg labels, and whether it is the overview's smaller map's."""

    view: Projection
    paths: dict[str, list[list[float]]]
    frame: tuple[str, ...]
    city_labels: tuple[Placement, ...]
    leg_labels: tuple[Placement, ...]
    compact: bool = False

    @property
    def placements(self) -> tuple[Placement, ...]:
        return self.city_labels + self.leg_labels


def city_label_lines(place: dict, *, scripts: bool) -> tuple[str, ...]:
    local = local_script_name(place) if scripts else ""
    return (_text(place["name"]),) + ((local,) if local else ())


def layout_city_size(compact: bool) -> int:
    """The city labels' text size (pixels): a size smaller on the compact map."""
    return CITY_TEXT_SIZE - (1 if compact else 0)


def _labels(
    visit: Visit, paths: dict, frame: set[str], compact: bool, view: Projection
) -> tuple[list, list]:
    """The city labels (the frame's first) and the leg labels (none on the compact map). A
    leg shorter than SHORT_LEG pixels in the fitted `view` (between two close places) is
    labelled with its number only: its date and distance beside a cluster of places would
    widen the frame for little (the legs table has them)."""
    size = layout_city_size(compact)
    cities = shown_places(visit).query("kind == 'city'").to_dict("records")
    cities.sort(key=lambda place: place["id"] not in frame)
    city_labels = [
        Label(
            id=str(place["id"]),
            kind="city",
            points=((float(place["lon"]), float(place["lat"])),),
            lines=city_label_lines(place, scripts=not compact),
            size=size,
            radius=RADIUS["city"],
            keep_inside=place["id"] in frame,
            weight=CITY_FONT_WEIGHT,
        )
        for place in cities
    ]
    if compact:
        return city_labels, []
    leg_labels = [
        Label(
            id=str(leg["id"]),
            kind="leg",
            points=tuple(tuple(p) for p in paths[str(leg["id"])]),
            lines=(
                (str(int(leg["seq"])),)
                if _chord(view, paths[str(leg["id"])]) < SHORT_LEG
                else leg_label_lines(leg)
            ),
            size=LEG_TEXT_SIZE,
            padding=LEG_LABEL_PADDING,
            short=(str(int(leg["seq"])),),
        )
        for leg in shown_legs(visit)
    ]
    return city_labels, leg_labels


def _chord(view: Projection, path) -> float:
    (x0, y0), (x1, y1) = view.pixel(*path[0]), view.pixel(*path[-1])
    return math.hypot(x1 - x0, y1 - y0)


def _place(labels: list, projection: Projection, paths: dict, circles: dict):
    """The labels placed in the given order; the frame's cities may take their place
    before or after the legs: the order with fewer collisions wins."""
    cities = [label for label in labels if label.kind == "city"]
    legs = [label for label in labels if label.kind == "leg"]
    framed = [label for label in cities if label.keep_inside]
    others = [label for label in cities if not label.keep_inside]
    pixel_paths = {key: [projection.pixel(*p) for p in path] for key, path in paths.items()}
    tries = [framed + legs + others, legs + framed + others]
    results = [place_labels(order, projection, pixel_paths, circles) for order in tries]
    return min(results, key=_left_out)


def _left_out(placed: Sequence[Placement]) -> tuple[int, int]:
    """How many labels would be left out (they collide): city labels, then all. A place
    without its name is worse than a leg without its date."""
    return (
        sum(1 for p in placed if p.collisions and p.kind == "city"),
        sum(1 for p in placed if p.collisions),
    )


def _content(projection: Projection, points, paths, placed: Sequence[Placement], frame):
    """The pixel boxes of the frame's marks and legs, and of those with the labels that must
    stay on the chart (those of the frame and of any city on the chart): (marks, content)."""
    xs, ys = [], []
    for lon, lat in points:
        x, y = projection.pixel(lon, lat)
        xs += [x - RADIUS["city"], x + RADIUS["city"]]
        ys += [y - RADIUS["city"], y + RADIUS["city"]]
    for path in paths.values():
        for lon, lat in path:
            x, y = projection.pixel(lon, lat)
            xs.append(x)
            ys.append(y)
    if not xs:  # nothing to frame
        return (0.0, 0.0, 0.0, 0.0), (0.0, 0.0, 0.0, 0.0)
    marks = (min(xs), min(ys), max(xs), max(ys))
    # A label whose city is on the chart must be read whole, even a city outside the frame.
    boxes: list[Box] = [
        p.box
        for p in placed
        if p.kind == "leg" or p.id in frame or projection.inside(*projection.pixel(*p.position))
    ]
    xs += [b.left for b in boxes] + [b.right for b in boxes]
    ys += [b.top for b in boxes] + [b.bottom for b in boxes]
    return marks, (min(xs), min(ys), max(xs), max(ys))


def _settle(projection: Projection, labels, places, points, paths, frame, *, crowded: bool):
    """The labels placed, and the view moved and zoomed out until the frame's marks and
    labels fit the chart (at most REFITS times). On a crowded map only the marks count:
    fitting every label would zoom out to the whole world."""
    for _ in range(REFITS):
        placed = _place(labels, projection, paths, _circles(places, projection))
        marks, content = _content(projection, points, paths, [] if crowded else placed, frame)
        moved = refit(projection, content, EDGE, marks)
        if moved is None:
            return projection, placed
        projection = moved
    return projection, _place(labels, projection, paths, _circles(places, projection))


def _circles(places: list[dict], projection: Projection) -> dict[str, tuple[float, float, float]]:
    return {
        str(place["id"]): (*projection.pixel(place["lon"], place["lat"]), RADIUS[place["kind"]])
        for place in places
    }


@per_visit  # the pages build a deck per filter state from one visit
def route_layout(visit: Visit, *, compact: bool = False) -> Layout:
    """The layout of the visit's map on a chart of VIEW_SIZE (COMPACT_VIEW_SIZE), the
    narrowest the map is drawn at: a wider chart shows the same, with more around it.
    Computed once per visit and kind of map."""
    return _route_layout(visit, compact=compact)


def _route_layout(visit: Visit, *, compact: bool) -> Layout:
    size = COMPACT_VIEW_SIZE if compact else VIEW_SIZE
    legs = shown_legs(visit)
    paths = {
        str(leg["id"]): leg_path(
            (float(leg["from_lon"]), float(leg["from_lat"])),
            (float(leg["to_lon"]), float(leg["to_lat"])),
        )
        for leg in legs
    }
    frame = frame_place_ids(visit)
    places = shown_places(visit)
    points = place_positions(places, frame)
    marks = places[["id", "lon", "lat", "kind"]].to_dict("records")  # read once, not per try
    fitted = fit(points + [p for path in paths.values() for p in path], size)
    labels = sum(_labels(visit, paths, set(frame), compact, fitted), [])
    best = None
    # Zooming out makes room beside crowded marks; a crowded map is laid out once. The
    # layout with the fewest collisions wins, then the closest (settling only zooms out,
    # so a try that starts further out than the best so far cannot beat it).
    crowded = len(labels) > CROWDED
    for step in range(1 if crowded else ZOOM_OUT_STEPS):
        zoom = fitted.zoom - step * ZOOM_OUT
        if best is not None and best[0] == (0, 0) and zoom <= best[1].zoom:
            break
        start = clamped(Projection(fitted.longitude, fitted.latitude, zoom, size))
        projection, placed = _settle(start, labels, marks, points, paths, frame, crowded=crowded)
        collisions = _left_out(placed)
        if best is None or (collisions, -projection.zoom) < (best[0], -best[1].zoom):
            best = (collisions, projection, placed)
    _, projection, placed = best
    return Layout(
        view=projection,
        paths=paths,
        frame=tuple(frame),
        # A label that found no free place is left out (the tooltip and the tables name the
        # city; the legs table lists the leg): a label on another one could be read as
        # neither. A leg label has tried its number alone first.
        city_labels=tuple(p for p in placed if p.kind == "city" and not p.collisions),
        leg_labels=tuple(p for p in placed if p.kind == "leg" and not p.collisions),
        compact=compact,
    )
