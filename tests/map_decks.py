"""The route map's deck as the browser gets it (`maps.route_deck(...).to_json()`), read
back: its layers and their rows, and where each leg and label is drawn, in pixels from the
chart's centre. Shared by the tests of the map's views.

Geometry is checked in pixels: the deck's own view projected with Web Mercator onto a chart
of the size the map has at 1280 px (820 wide) and at 390 px (358 wide), both 560 tall."""

from __future__ import annotations

import json
import math
from collections.abc import Callable

from dashboard.model.filters import Filters
from dashboard.model.visit import Visit
from dashboard.views import maps
from dashboard.views.maps.geometry import mercator
from dashboard.views.maps.labels import LINE_HEIGHT

INJECTION = "<script>alert(1)</script>"
#: The map's chart at a 1280x800 window (sidebar open) and at a 390x844 phone.
DESKTOP_CHART = (820, 560)
PHONE_CHART = (358, 560)


def deck_json(visit: Visit, filters: Filters | None = None, **options) -> dict:
    deck = maps.route_deck(visit, filters or Filters(visit=visit.id), **options)
    return json.loads(deck.to_json())


def layer(spec: dict, layer_id: str) -> dict:
    matches = [item for item in spec["layers"] if item["id"] == layer_id]
    assert len(matches) == 1, f"expected one layer {layer_id!r}"
    return matches[0]


def rows(spec: dict, layer_id: str) -> list[dict]:
    return layer(spec, layer_id)["data"]


def by_id(items: list[dict]) -> dict[str, dict]:
    return {item["id"]: item for item in items}


def projection(spec: dict, size: tuple[int, int]) -> maps.Projection:
    view = spec["initialViewState"]
    return maps.Projection(view["longitude"], view["latitude"], view["zoom"], size)


def label_boxes(
    spec: dict,
    size: tuple[float, float] | None = None,
    *,
    point: Callable[[float, float], tuple[float, float]] | None = None,
    width: Callable[[list[str], float, int, str], float] | None = None,
    line_height: float = LINE_HEIGHT,
) -> dict[str, maps.Box]:
    """Each label's box as deck.gl's TextLayer draws it from the deck's JSON (position, pixel
    offset, anchor, centred lines). By default in pixels from the chart's centre, its text
    measured with the map's own estimate; the browser tier passes where a point lies on its
    page (`point`) and the browser's own measure of a label's widest line (`width`: lines,
    size, weight, font) and deck.gl's own line height (1, where the layer sets none; the
    layout's estimate allows LINE_HEIGHT), and checks the estimate against it."""
    point = point or projection(spec, size).pixel

    def estimate(lines: list[str], text_size: float, weight: int, font: str) -> float:
        return max(maps.text_width(line, text_size, weight) for line in lines)

    width = width or estimate
    boxes = {}
    for layer_id in ("city-labels", "leg-labels"):
        if not any(item["id"] == layer_id for item in spec["layers"]):
            continue
        spec_layer = layer(spec, layer_id)
        text_size, weight = spec_layer["getSize"], spec_layer.get("fontWeight", 400)
        font = spec_layer.get("fontFamily", "")
        lines_apart = spec_layer.get("lineHeight", line_height)
        pad_x, pad_y = spec_layer.get("backgroundPadding", [0, 0])
        for row in spec_layer["data"]:
            lines = row["label"].split("\n")
            wide = width(lines, text_size, weight, font) + 2 * pad_x
            height = len(lines) * text_size * lines_apart + 2 * pad_y
            x, y = point(*(row.get("label_position") or row["position"]))
            anchor = row.get("anchor", spec_layer.get("getTextAnchor"))
            dx, dy = row.get("label_offset") or row["offset"]
            left = {"start": x + dx, "end": x + dx - wide, "middle": x + dx - wide / 2}[anchor]
            boxes[f"{layer_id}:{row['id']}"] = maps.Box(
                left, y + dy - height / 2, left + wide, y + dy + height / 2
            )
    return boxes


def tightest(points, size, room: float) -> float:
    """The largest zoom at which the points fit a chart of `size`, leaving `room` pixels on
    each side (for the places' names), at most MAX_ZOOM."""
    xs, ys = zip(*(mercator(lon, lat) for lon, lat in points), strict=True)
    zooms = [
        math.log2(max(length - 2 * room, 1.0) / (512 * span))
        for length, span in ((size[0], max(xs) - min(xs)), (size[1], max(ys) - min(ys)))
        if span > 0
    ]
    return min([*zooms, 9.0])


def leg_pixels(spec: dict, size) -> dict[str, list[tuple[float, float]]]:
    chart = projection(spec, size)
    return {row["id"]: [chart.pixel(*p) for p in row["path"]] for row in rows(spec, "legs")}
