"""A leg's path (`views.maps.geometry`): bowed to the right of travel, so that out and
back are two distinct arcs, with an arrowhead at its middle pointing the way. Checked in
pixels on the chart of a phone."""

from __future__ import annotations

import math

import pytest
from map_decks import (
    PHONE_CHART,
    by_id,
    deck_json,
    label_boxes,
    layer,
    leg_pixels,
    projection,
    rows,
)

from dashboard.views import maps


def _side(path) -> float:
    """Which side of its chord a pixel path's middle lies on: positive is the right of
    travel (y points down)."""
    (x0, y0), (x1, y1) = path[0], path[-1]
    xm, ym = path[len(path) // 2]
    return (x1 - x0) * (ym - y0) - (y1 - y0) * (xm - x0)


@pytest.mark.parametrize("name", ["visit", "river"])
def test_every_leg_bows_to_the_right_of_travel(name, request):
    spec = deck_json(request.getfixturevalue(name))
    for leg_id, path in leg_pixels(spec, PHONE_CHART).items():
        chord = math.dist(path[0], path[-1])
        bow = _side(path) / chord  # distance of the middle from the chord, in pixels
        assert bow > 0.08 * chord, leg_id


def _segments_cross(a, b, c, d) -> bool:
    def turn(p, q, r):
        return (q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0])

    return turn(a, b, c) * turn(a, b, d) < 0 and turn(c, d, a) * turn(c, d, b) < 0


def test_out_and_back_legs_are_two_distinct_arcs(river):
    """A -> B and B -> A: each bows to its own right, so the two arcs lie on opposite sides
    of the line between the places, far apart at their middles, and meet only at the ends."""
    spec = deck_json(river)
    legs = by_id(rows(spec, "legs"))
    out, back = legs["selva-aurora"], legs["aurora-selva"]
    assert (out["from_place"], out["to_place"]) == (back["to_place"], back["from_place"])
    assert out["path"] != list(reversed(back["path"]))
    pixels = leg_pixels(spec, PHONE_CHART)
    a, b = pixels["selva-aurora"], pixels["aurora-selva"]
    chord = math.dist(a[0], a[-1])
    assert math.dist(a[len(a) // 2], b[len(b) // 2]) > 0.2 * chord > 20
    # Measured against the same chord (A to B), the two middles lie on opposite sides.
    reversed_back = list(reversed(b))
    assert _side(a) * _side(reversed_back) < 0
    inner = [(p, q) for p, q in zip(a[1:-2], a[2:-1], strict=True)]
    for p, q in inner:
        for r, s in zip(b[1:-2], b[2:-1], strict=True):
            assert not _segments_cross(p, q, r, s)
    # Their labels lie on the two outer sides, apart.
    boxes = label_boxes(spec, PHONE_CHART)
    out_box, back_box = boxes["leg-labels:selva-aurora"], boxes["leg-labels:aurora-selva"]
    assert not out_box.overlaps(back_box)
    assert (out_box.top + out_box.bottom) * (back_box.top + back_box.bottom) < 0


@pytest.mark.parametrize("name", ["visit", "river"])
def test_each_leg_has_an_arrowhead_at_its_middle_pointing_the_way(name, request):
    """An icon of a fixed size in pixels at the leg's middle, turned (counter-clockwise on
    the screen, as deck.gl turns icons) along the leg: an arrowhead at every zoom, where a
    shape drawn in degrees grew into long lines as a reader zoomed in."""
    spec = deck_json(request.getfixturevalue(name))
    arrows = by_id(rows(spec, "leg-arrows"))
    assert layer(spec, "leg-arrows")["@@type"] == "IconLayer"
    assert layer(spec, "leg-arrows")["sizeUnits"] == "pixels"
    assert layer(spec, "leg-arrows")["pickable"] is False
    for zoom in (0.0, 4.0):  # the same heading on a chart zoomed four levels further in
        view = projection(spec, PHONE_CHART)
        chart = maps.Projection(view.longitude, view.latitude, view.zoom + zoom, PHONE_CHART)
        for leg in rows(spec, "legs"):
            arrow = arrows[leg["id"]]
            middle = leg["path"][len(leg["path"]) // 2]
            assert arrow["position"] == pytest.approx(middle, abs=1e-4)
            before, after = (chart.pixel(*p) for p in leg["path"][15:18:2])
            way = math.atan2(after[1] - before[1], after[0] - before[0])
            turned = math.radians(-arrow["angle"])  # counter-clockwise, y down
            assert math.cos(way - turned) > 0.99, (leg["id"], zoom)
