"""The route map's labels (`views.maps.labels`): each city in its own script, no label
over another label, a leg or a point, every label whole on the chart, and a crowded map that
leaves out the labels without room.

Geometry is checked in pixels: the deck's own view projected with Web Mercator onto a chart
of the size the map has at 1280 px (820 wide) and at 390 px (358 wide), both 560 tall."""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest
from map_decks import (
    DESKTOP_CHART,
    PHONE_CHART,
    deck_json,
    label_boxes,
    layer,
    leg_pixels,
    projection,
    rows,
)

from dashboard.views import maps
from dashboard.views.maps.labels import Box, Label, place_labels

# -- Labels --------------------------------------------------------------------------------


def test_city_labels_name_each_city_with_its_own_script(visit):
    labels = layer(deck_json(visit), "city-labels")
    assert labels["characterSet"] == "auto"  # CJK glyphs need the automatic atlas
    texts = {r["id"]: r["label"] for r in labels["data"]}
    assert texts["seoul"] == "Seoul\n서울"
    assert texts["beijing"] == "Beijing\n北京"
    assert set(texts) == {"seoul", "beijing", "shanghai", "gyeongju"}


@pytest.mark.parametrize("name", ["visit", "river", "mini", "dateline", "autumn"])
@pytest.mark.parametrize("size", [DESKTOP_CHART, PHONE_CHART], ids=["1280", "390"])
def test_no_label_covers_another_label_a_leg_or_a_point(name, size, request):
    spec = deck_json(request.getfixturevalue(name))
    boxes = label_boxes(spec, size)
    names = sorted(boxes)
    for i, a in enumerate(names):
        for b in names[i + 1 :]:
            assert not boxes[a].overlaps(boxes[b]), (a, b)
    chart = projection(spec, size)
    anchors = {f"leg-labels:{r['id']}": chart.pixel(*r["label_position"]) for r in rows(spec, "leg-labels")} if any(item["id"] == "leg-labels" for item in spec["layers"]) else {}  # fmt: skip
    for label, box in boxes.items():
        for anchor_of, (x, y) in anchors.items():
            assert not box.contains(x, y), (label, "covers the label point of", anchor_of)
        for leg_id, path in leg_pixels(spec, size).items():
            for p, q in zip(path, path[1:], strict=False):
                assert not box.hits_segment(p, q), (label, "crosses leg", leg_id)
        for place in rows(spec, "places"):
            x, y = chart.pixel(*place["position"])
            assert not box.hits_circle(x, y, place["radius"]), (label, "covers", place["id"])


@pytest.mark.parametrize("name", ["visit", "river", "mini", "dateline", "autumn"])
@pytest.mark.parametrize("size", [DESKTOP_CHART, PHONE_CHART], ids=["1280", "390"])
def test_every_label_of_a_mark_on_the_chart_is_whole_on_the_chart(name, size, request):
    spec = deck_json(request.getfixturevalue(name))
    chart = projection(spec, size)
    boxes = label_boxes(spec, size)
    positions = {f"city-labels:{r['id']}": r["position"] for r in rows(spec, "city-labels")}
    half_w, half_h = size[0] / 2, size[1] / 2
    for label, box in boxes.items():
        if label in positions and not chart.inside(*chart.pixel(*positions[label])):
            continue  # a city off the chart: its label may be off it too
        assert -half_w <= box.left and box.right <= half_w, (label, box)
        assert -half_h <= box.top and box.bottom <= half_h, (label, box)


def test_a_crowded_map_frames_its_marks_and_leaves_out_labels_without_room(river):
    """Fifty cities close together: the labels cannot all fit, so the view frames the marks
    (not every label, which would zoom out to the whole world), and a city label with no
    free place is left out rather than drawn over another."""
    base = river.places.set_index("id").loc["vila-aurora"]
    grid = [(i % 10 * 0.35, i // 10 * 0.35) for i in range(50)]
    extra = pd.DataFrame(
        [
            {
                **base.to_dict(),
                "id": f"town-{i}",
                "name": f"Town number {i}",
                "lat": base["lat"] - dy,
                "lon": base["lon"] - dx,
            }  # fmt: skip
            for i, (dx, dy) in enumerate(grid)
        ]
    )
    market = river.events.set_index("id").loc["floating-market"].to_dict()
    events = pd.DataFrame(
        [
            {**market, "id": f"fair-{i}", "place_id": f"town-{i}", "city_id": f"town-{i}"}
            for i in range(50)
        ]  # fmt: skip
    )
    crowded = dataclasses.replace(
        river,
        places=pd.concat([river.places, extra], ignore_index=True),
        events=pd.concat([river.events, events], ignore_index=True),
    )
    spec = deck_json(crowded)
    boxes = label_boxes(spec, PHONE_CHART)
    city_boxes = {k: b for k, b in boxes.items() if k.startswith("city-labels:")}
    assert 3 <= len(city_boxes) < 52  # some labelled, not all
    names = sorted(city_boxes)
    for i, a in enumerate(names):
        for b in names[i + 1 :]:
            assert not city_boxes[a].overlaps(city_boxes[b]), (a, b)
    assert spec["initialViewState"]["zoom"] > 3.5  # the marks' frame, not the world


def test_labels_are_placed_clear_of_each_other_by_the_pure_function():
    """Two cities close together: the second label takes another side; a leg label with no
    room beside its path shortens to its number."""
    chart = maps.Projection(0.0, 0.0, 8.0, (330, 520))
    a, b = (0.0, 0.0), (0.06, 0.0)  # about 22 pixels apart, east of each other
    labels = [
        Label("a", "city", (a,), ("Alphaville",), 14, radius=10),
        Label("b", "city", (b,), ("Betatown",), 14, radius=10),
    ]
    circles = {"a": (*chart.pixel(*a), 10), "b": (*chart.pixel(*b), 10)}
    placed = place_labels(labels, chart, {}, circles)
    assert [p.collisions for p in placed] == [(), ()]
    assert not placed[0].box.overlaps(placed[1].box)
    assert placed[0].anchor != "start"  # the east of A is B's: A's label went elsewhere
    # A leg too short for its label, boxed in by four city labels: its number only.
    leg = Label("l", "leg", ((-0.01, 0.0), (0.0, 0.0), (0.01, 0.0)), ("1 · Mon 4 May", "1,294 km"), 13, padding=(5, 3), short=("1",))  # fmt: skip
    walls = [Label(f"w{i}", "city", ((x, y),), ("Wall city here",), 14, radius=2) for i, (x, y) in enumerate([(-0.02, 0.045), (0.02, 0.045), (-0.02, -0.045), (0.02, -0.045)])]  # fmt: skip
    crowded = place_labels([*walls, leg], chart, {"l": [chart.pixel(*p) for p in leg.points]}, {})
    assert crowded[-1].text == "1"


def test_a_box_knows_what_it_touches():
    box = Box(0, 0, 10, 10)
    assert box.hits_segment((-5, 5), (15, 5)) and not box.hits_segment((-5, 15), (15, 15))
    assert box.hits_circle(12, 5, 3) and not box.hits_circle(20, 5, 3)
    assert box.overlaps(Box(9, 9, 20, 20)) and not box.overlaps(Box(11, 0, 20, 10))
    assert box.overlaps(Box(11, 0, 20, 10), gap=2)


def test_text_width_is_wider_for_wide_scripts_and_bold_text():
    assert maps.text_width("北京", 14) == 28
    assert maps.text_width("서울", 14) == 28
    assert 14 * 0.5 * 5 < maps.text_width("Seoul", 14) < 14 * 0.8 * 5
    assert maps.text_width("Seoul", 14, 600) > maps.text_width("Seoul", 14)


def test_compact_deck_has_no_leg_labels_and_one_line_city_labels(visit):
    full, compact = deck_json(visit), deck_json(visit, compact=True)
    assert "leg-labels" not in [item["id"] for item in compact["layers"]]
    assert all("\n" not in r["label"] for r in rows(compact, "city-labels"))
    assert any("\n" in r["label"] for r in rows(full, "city-labels"))


def test_text_constants_are_literals_and_accessors_name_real_columns(visit):
    spec = deck_json(visit)
    for item in spec["layers"]:
        data = item.get("data")
        columns = set(data[0]) if isinstance(data, list) and data else set()
        for key, value in item.items():
            if isinstance(value, str) and value.startswith("@@="):
                assert value[3:] in columns, f"{item['id']}.{key} -> {value}"
    assert layer(spec, "leg-labels")["getTextAnchor"] == "middle"
    assert layer(spec, "places")["lineWidthUnits"] == "pixels"
