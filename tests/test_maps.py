"""Tests for the route map (dashboard.views.maps): the deck's JSON, its frame and labels, the
legend and tables beside it, and the reading of Streamlit's selection state.

Geometry is checked in pixels: the deck's own view projected with Web Mercator onto a chart
of the size the map has at 1280 px (820 wide) and at 390 px (358 wide), both 560 tall."""

from __future__ import annotations

import dataclasses
import json
import math
import re
from pathlib import Path

import pandas as pd
import pytest
from conftest import DATA_DIR, SHIPPED, as_planned

from dashboard.data.loading import load_dataset
from dashboard.data.schema import PALETTE
from dashboard.model.colours import rgb_list
from dashboard.model.filters import Filters
from dashboard.model.selection import selected_place
from dashboard.model.visit import Visit, haversine_km, select_visit
from dashboard.model.words import day_label
from dashboard.views import maps
from dashboard.views.maps.labels import LINE_HEIGHT, Box, Label, place_labels
from dashboard.views.maps.layout import route_layout

VISIT_ID = "lee-china-2026"
INJECTION = "<script>alert(1)</script>"
ROUTE = [("seoul", "beijing"), ("beijing", "shanghai"), ("shanghai", "seoul")]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
#: The map's chart at a 1280x800 window (sidebar open) and at a 390x844 phone.
DESKTOP_CHART = (820, 560)
PHONE_CHART = (358, 560)


@pytest.fixture(scope="module")
def visit() -> Visit:
    return as_planned(load_dataset(DATA_DIR / SHIPPED), VISIT_ID)  # the plan


@pytest.fixture(scope="module")
def river() -> Visit:
    """The out-and-back fixture: Porto Selva <-> Vila Aurora, Cabo Lume in the background."""
    return select_visit(load_dataset(FIXTURES / "river_visit"), "fixture-river-2026")


@pytest.fixture(scope="module")
def dateline() -> Visit:
    """Across the date line and a year end: out to Port Halen, out and back to Kalea Bay
    (two short legs between the same places), home."""
    return select_visit(load_dataset(FIXTURES / "dateline_visit"), "fixture-dateline-2026")


@pytest.fixture(scope="module")
def autumn() -> Visit:
    """Across an ocean and a month end: a triangle, two legs of some 8,000 km, one short."""
    return select_visit(load_dataset(FIXTURES / "autumn_visit"), "fixture-autumn-2026")


@pytest.fixture(scope="module")
def mini() -> Visit:
    """The smallest fixture: one leg from a city to its venue, a kilometre away."""
    return select_visit(load_dataset(FIXTURES / "mini_visit"), "fixture-mini-2026")


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


def label_boxes(spec: dict, size: tuple[int, int]) -> dict[str, maps.Box]:
    """Each label's box in pixels from the chart's centre, as deck.gl's TextLayer draws it
    from the deck's JSON (position, pixel offset, anchor, centred lines), its text measured
    with the map's own estimate (the browser tier checks the estimate)."""
    chart = projection(spec, size)
    boxes = {}
    for layer_id in ("city-labels", "leg-labels"):
        if not any(item["id"] == layer_id for item in spec["layers"]):
            continue
        spec_layer = layer(spec, layer_id)
        text_size, weight = spec_layer["getSize"], spec_layer.get("fontWeight", 400)
        pad_x, pad_y = spec_layer.get("backgroundPadding", [0, 0])
        for row in spec_layer["data"]:
            lines = row["label"].split("\n")
            width = max(maps.text_width(line, text_size, weight) for line in lines) + 2 * pad_x
            height = len(lines) * text_size * LINE_HEIGHT + 2 * pad_y
            x, y = chart.pixel(*(row.get("label_position") or row["position"]))
            anchor = row.get("anchor", spec_layer.get("getTextAnchor"))
            dx, dy = row.get("label_offset") or row["offset"]
            left = {"start": x + dx, "end": x + dx - width, "middle": x + dx - width / 2}[anchor]
            boxes[f"{layer_id}:{row['id']}"] = maps.Box(
                left, y + dy - height / 2, left + width, y + dy + height / 2
            )
    return boxes


def leg_pixels(spec: dict, size) -> dict[str, list[tuple[float, float]]]:
    chart = projection(spec, size)
    return {row["id"]: [chart.pixel(*p) for p in row["path"]] for row in rows(spec, "legs")}


# -- Legs ----------------------------------------------------------------------------------


def test_three_legs_in_order_as_pickable_paths_from_end_to_end(visit):
    spec = deck_json(visit)
    legs = layer(spec, "legs")
    assert legs["@@type"] == "PathLayer"
    assert legs["pickable"] is True
    assert legs["widthUnits"] == "pixels"
    assert [(r["from_place"], r["to_place"]) for r in legs["data"]] == ROUTE
    assert [r["seq"] for r in legs["data"]] == [1, 2, 3]
    for row in legs["data"]:
        assert row["path"][0] == pytest.approx(row["source"], abs=1e-4)
        assert row["path"][-1] == pytest.approx(row["target"], abs=1e-4)


def test_leg_labels_give_number_date_and_rounded_distance(visit):
    places = visit.places.set_index("id")
    spec = deck_json(visit)
    labels = [r["label"] for r in rows(spec, "leg-labels")]
    expected = []
    for seq, (start, end) in enumerate(ROUTE, start=1):
        km = haversine_km(
            places.at[start, "lat"],
            places.at[start, "lon"],
            places.at[end, "lat"],
            places.at[end, "lon"],
        )
        day = visit.legs.loc[visit.legs["seq"] == seq, "date"].iloc[0].date()
        expected.append(f"{seq} · {day_label(day)}\n{round(km):,} km")
    assert labels == expected
    assert labels[0] == "1 · Sun 4 Jan\n952 km"  # 952.33 rounds down
    assert labels[1].endswith("1,067 km")  # 1067.31
    assert labels[2].endswith("866 km")  # 866.45: rounded, not truncated to 867 or cut


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


def test_each_leg_has_an_arrowhead_at_its_middle_pointing_the_way(river):
    spec = deck_json(river)
    arrows = by_id(rows(spec, "leg-arrows"))
    chart = projection(spec, PHONE_CHART)
    for leg in rows(spec, "legs"):
        left, tip, right = (chart.pixel(*p) for p in arrows[leg["id"]]["chevron"])
        assert tip == pytest.approx(chart.pixel(*leg["path"][len(leg["path"]) // 2]), abs=0.5)
        start, end = chart.pixel(*leg["source"]), chart.pixel(*leg["target"])
        way = (end[0] - start[0], end[1] - start[1])
        for arm in (left, right):  # both arms trail behind the tip
            assert (arm[0] - tip[0]) * way[0] + (arm[1] - tip[1]) * way[1] < 0
    assert layer(spec, "leg-arrows")["pickable"] is False


def test_without_filter_every_leg_is_full_colour(visit):
    legs = rows(deck_json(visit), "legs")
    assert [r["colour"][3] for r in legs] == [255, 255, 255]
    assert len({r["width"] for r in legs}) == 1
    assert all(r["highlighted"] for r in legs)


def test_day_filter_highlights_leg_two_and_fades_the_others(visit):
    spec = deck_json(visit, Filters(visit=visit.id, days=("2026-01-06",)))
    legs = rows(spec, "legs")
    assert [r["colour"][3] for r in legs] == [maps.FADED_ALPHA, 255, maps.FADED_ALPHA]
    assert legs[1]["width"] > legs[0]["width"] == legs[2]["width"]
    assert legs[1]["colour"][:3] == legs[0]["colour"][:3]  # the same hue, only faded
    labels = rows(spec, "leg-labels")
    assert labels[1]["label_colour"][3] == 255
    assert labels[0]["label_colour"][3] < 255 and labels[2]["label_colour"][3] < 255


def test_background_day_fades_every_leg(visit):
    legs = rows(deck_json(visit, Filters(visit=visit.id, days=("background",))), "legs")
    assert all(r["colour"][3] == maps.FADED_ALPHA for r in legs)


# -- Places --------------------------------------------------------------------------------


def test_places_are_the_cities_and_venues_with_events_or_legs(visit):
    places = layer(deck_json(visit), "places")
    assert places["@@type"] == "ScatterplotLayer"
    assert places["pickable"] is True
    assert places["radiusUnits"] == "pixels"
    ids = [r["id"] for r in places["data"]]
    assert set(ids) == {
        "seoul",
        "beijing",
        "shanghai",
        "gyeongju",
        "great-hall",
        "provisional-government-site",
    }
    assert "yellow-sea-zone" not in ids  # a sea area, not a place one visits
    kinds = [r["kind"] for r in places["data"]]
    assert kinds == sorted(kinds)  # cities first: venues are drawn on top of their city


def test_place_colours_come_from_the_topic_palette(visit):
    palette = {tuple(rgb_list(c)) for c in PALETTE}
    places = by_id(rows(deck_json(visit), "places"))
    for place in places.values():
        assert tuple(place["fill_colour"][:3]) in palette, place["id"]
    colours = visit.topic_colours
    assert places["great-hall"]["fill_colour"][:3] == rgb_list(colours["diplomacy"])
    assert places["provisional-government-site"]["fill_colour"][:3] == rgb_list(
        colours["history"]
    )
    # A city takes the topic of its own first event (the forum), not of a venue's.
    assert places["beijing"]["fill_colour"][:3] == rgb_list(colours["economy"])


def test_place_without_events_is_neutral_grey(visit):
    events = visit.events[visit.events["place_id"].fillna("") != "seoul"]
    quiet = dataclasses.replace(visit, events=events.reset_index(drop=True))
    seoul = by_id(rows(deck_json(quiet), "places"))["seoul"]
    assert seoul["fill_colour"][:3] == maps.NEUTRAL_COLOUR
    assert seoul["events"] == 0


def test_day_filter_enlarges_places_of_that_day_and_fades_the_rest(visit):
    places = by_id(rows(deck_json(visit, Filters(visit=visit.id, days=("2026-01-06",))), "places"))
    # Tuesday: the Zhao Leji meeting at the Great Hall, the luncheon in Beijing, the move
    # to Shanghai; Seoul (Sunday, Wednesday) and Gyeongju (background) are not that day.
    for lit in ("great-hall", "beijing", "shanghai"):
        assert places[lit]["fill_colour"][3] == 255, lit
    for faded in ("seoul", "gyeongju"):
        assert places[faded]["fill_colour"][3] == maps.FADED_ALPHA, faded
    assert places["beijing"]["radius"] > places["seoul"]["radius"]  # both cities


def test_rgb_list():
    assert rgb_list("#0072B2") == [0, 114, 178]
    assert rgb_list("#f0e442", alpha=60) == [240, 228, 66, 60]
    with pytest.raises(ValueError):
        rgb_list("#12345")


# -- The frame -----------------------------------------------------------------------------


def _on_chart(spec, size, lon, lat, margin=0.0) -> bool:
    return projection(spec, size).inside(*projection(spec, size).pixel(lon, lat), margin)


def test_the_frame_is_the_visits_own_places_not_background_ones(visit, river):
    assert "gyeongju" not in maps.frame_place_ids(visit)  # only a background event there
    assert set(maps.frame_place_ids(visit)) == {
        "seoul",
        "beijing",
        "shanghai",
        "great-hall",
        "provisional-government-site",
    }
    assert "cabo-lume" not in maps.frame_place_ids(river)
    spec = deck_json(river)
    lume = by_id(rows(spec, "places"))["cabo-lume"]  # drawn...
    assert not _on_chart(spec, DESKTOP_CHART, *lume["position"])  # ...but far off the frame
    for place_id in maps.frame_place_ids(river):
        place = river.places.set_index("id").loc[place_id]
        assert _on_chart(spec, PHONE_CHART, place["lon"], place["lat"], margin=10), place_id
    # The two cities, 1,300 km apart, span a good part of the phone's chart.
    chart = projection(spec, PHONE_CHART)
    ends = [chart.pixel(*p) for p in rows(spec, "legs")[0]["path"][::32]]
    assert math.dist(*ends) > 0.4 * PHONE_CHART[0]


def test_a_visit_with_only_background_places_frames_them(river):
    events = river.events.assign(background=True)
    legs = river.legs.iloc[0:0]
    quiet = dataclasses.replace(river, events=events, legs=legs)
    framed = maps.frame_place_ids(quiet)
    assert "cabo-lume" in framed and "vila-aurora" in framed
    spec = deck_json(quiet)
    for place in rows(spec, "places"):
        assert _on_chart(spec, PHONE_CHART, *place["position"]), place["id"]


@pytest.mark.parametrize("compact", [False, True])
def test_initial_view_shows_every_frame_place_and_leg(visit, compact):
    spec = deck_json(visit, compact=compact)
    size = maps.COMPACT_VIEW_SIZE if compact else maps.VIEW_SIZE
    frame = set(maps.frame_place_ids(visit))
    for place in rows(spec, "places"):
        if place["id"] in frame:
            assert _on_chart(spec, size, *place["position"]), place["id"]
    for leg in rows(spec, "legs"):
        for point in leg["path"]:
            assert _on_chart(spec, size, *point), leg["id"]


def test_a_map_with_nothing_on_it_shows_the_world(river):
    empty = dataclasses.replace(
        river,
        places=river.places.iloc[0:0],
        events=river.events.assign(place_id=None),
        legs=river.legs.iloc[0:0],
    )
    spec = deck_json(empty)
    assert rows(spec, "places") == [] and rows(spec, "legs") == []
    assert spec["initialViewState"]["zoom"] < 1.5  # the whole world, not a made-up region
    assert maps.legend_html(maps.map_legend(empty, Filters(visit=river.id))) == ""


def test_the_view_never_reaches_past_the_top_of_the_map(river):
    """Web Mercator ends at about 85 degrees: a visit near a pole is framed so the chart
    still ends on the map, with no band of bare canvas above it."""
    places = river.places.assign(lat=river.places["lat"] + 80.0)
    legs = river.legs.assign(from_lat=river.legs["from_lat"] + 80, to_lat=river.legs["to_lat"] + 80)
    polar = dataclasses.replace(river, places=places, legs=legs)
    spec = deck_json(polar)
    chart = projection(spec, DESKTOP_CHART)
    _, top = chart.lonlat(0, -DESKTOP_CHART[1] / 2)
    assert top <= 85.06


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
    assert crowded[-1].text in ("1", "1 · Mon 4 May\n1,294 km")
    if crowded[-1].text != "1":
        assert crowded[-1].collisions == ()


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


# -- Base map and deck ---------------------------------------------------------------------


def test_offline_deck_asks_for_no_tiles_and_draws_the_bundled_basemap(visit):
    spec = deck_json(visit)
    assert spec.get("mapProvider") is None
    style = spec.get("mapStyle")
    assert style is None or not str(style).startswith(("http", "mapbox:"))
    ids = [item["id"] for item in spec["layers"]]
    assert ids[:4] == ["basemap-sea", "basemap-land", "basemap-coast", "basemap-borders"]
    assert ids[4:] == ["legs", "leg-arrows", "places", "leg-labels", "city-labels"]
    assert "cartocdn" not in json.dumps(spec)


def test_online_deck_uses_carto_positron_without_the_bundled_land(visit):
    spec = deck_json(visit, online_tiles=True)
    assert spec["mapProvider"] == "carto"
    assert "positron" in spec["mapStyle"]
    ids = [item["id"] for item in spec["layers"]]
    assert not [i for i in ids if i.startswith("basemap")]
    assert {"legs", "places", "leg-labels", "city-labels"} <= set(ids)


@pytest.mark.parametrize("name", ["visit", "river"])
def test_the_deck_json_is_small(name, request):
    """The bytes the page sends for the map at first load: the route map's deck with its
    basemap, and the overview's smaller one."""
    chosen = request.getfixturevalue(name)
    full = len(maps.route_deck(chosen, Filters(visit=chosen.id)).to_json().encode())
    compact = len(
        maps.route_deck(chosen, Filters(visit=chosen.id), compact=True).to_json().encode()
    )
    assert full < 200_000 and compact < 150_000, (full, compact)


def test_the_deck_json_is_pydecks_own_json_written_compactly(visit):
    import pydeck as pdk

    deck = maps.route_deck(visit, Filters(visit=visit.id))
    ours, pydecks = deck.to_json(), pdk.Deck.to_json(deck)
    assert json.loads(ours) == json.loads(pydecks)  # the same keys and values
    assert "\n" not in ours and len(ours) < len(pydecks) / 3
    assert deck.to_json() is ours  # written once per deck


def test_a_kept_place_layer_draws_the_same_deck_for_any_filter(visit):
    """The pages keep place_layer(visit) across filter changes: the deck must not differ."""
    kept = maps.place_layer(visit)
    for filters in (
        Filters(visit=visit.id),
        Filters(visit=visit.id, days=("2026-01-06",)),
        Filters(visit=visit.id, topics=("economy",)),
    ):
        fresh = json.loads(maps.route_deck(visit, filters).to_json())
        reused = json.loads(maps.route_deck(visit, filters, places=kept).to_json())
        assert reused == fresh


def test_the_layout_does_not_depend_on_the_filters(visit):
    plain = deck_json(visit)
    tuesday = deck_json(visit, Filters(visit=visit.id, days=("2026-01-06",)))
    assert plain["initialViewState"] == tuesday["initialViewState"]
    for layer_id in ("leg-labels", "city-labels"):
        where = [
            (r["label"], r.get("label_offset", r.get("offset"))) for r in rows(plain, layer_id)
        ]
        assert where == [(r["label"], r.get("label_offset", r.get("offset"))) for r in rows(tuesday, layer_id)]  # fmt: skip


def test_tiles_reachable_honours_the_environment(monkeypatch):
    monkeypatch.setenv(maps.TILES_ENV, "offline")
    assert maps.tiles_reachable() is False
    monkeypatch.setenv(maps.TILES_ENV, "online")
    assert maps.tiles_reachable() is True


# -- Tooltips and escaping -----------------------------------------------------------------


def test_tooltip_template_names_only_data_columns(visit):
    deck = maps.route_deck(visit, Filters(visit=visit.id))
    tooltip = deck._tooltip  # what st.pydeck_chart sends beside the JSON
    assert tooltip == maps.TOOLTIP
    assert set(re.findall(r"{(\w+)}", tooltip["html"])) == set(maps.TOOLTIP_COLUMNS)
    spec = json.loads(deck.to_json())
    for layer_id in ("legs", "places"):
        for row in rows(spec, layer_id):
            assert set(maps.TOOLTIP_COLUMNS) <= set(row)


def test_a_citys_tooltip_lists_every_event_in_it_its_venues_named(visit, river):
    beijing = by_id(rows(deck_json(visit), "places"))["beijing"]
    lines = beijing["tooltip_html"].split("\n")
    in_city = visit.events[visit.events["city_id"] == "beijing"]
    assert len(in_city) == 5
    for event in in_city.to_dict("records"):
        line = next(line for line in lines if line.startswith(f"• {event['title']}: "))
        if event["place_id"] != "beijing":
            assert line.endswith(f"(at {event['place_name']})")
    assert "• Summit talks with President Xi Jinping: Mon 5 Jan 2026 (at Great Hall of the People)" in lines  # fmt: skip
    aurora = by_id(rows(deck_json(river), "places"))["vila-aurora"]["tooltip_html"]
    assert "• Opening of the river trade talks: Tue 5 May 2026 (at River Pavilion)" in aurora
    assert "• Visit to the floating market: Tue 5 May 2026" in aurora.split("\n")


def test_a_venue_on_its_citys_point_speaks_for_the_city_too(visit):
    """Hovering the middle of a city's ring finds the venue drawn there: its tooltip goes on
    with the city's other events, so the city's events are one hover away."""
    hall = by_id(rows(deck_json(visit), "places"))["great-hall"]
    lines = hall["tooltip_html"].split("\n")
    assert hall["tooltip_title"] == "Great Hall of the People"
    assert lines.index("Also in Beijing:") > lines.index(
        "• Summit talks with President Xi Jinping: Mon 5 Jan 2026"
    )
    assert "• Luncheon with Premier Li Qiang: Tue 6 Jan 2026" in lines
    assert not any("(at Beijing)" in line for line in lines)
    assert "Place inferred" in hall["tooltip_html"]
    assert "Colour: Diplomacy and summitry (the topic of its first event)" in lines


def test_a_venue_apart_from_its_city_lists_only_its_own_events(visit):
    places = visit.places.copy()
    places.loc[places["id"] == "great-hall", ["lat", "lon"]] = [41.5, 114.0]  # far from Beijing
    moved = dataclasses.replace(visit, places=places)
    hall = by_id(rows(deck_json(moved), "places"))["great-hall"]
    assert "Also in" not in hall["tooltip_html"]


def test_tooltips_describe_legs(visit):
    leg = rows(deck_json(visit), "legs")[0]
    assert leg["tooltip_title"] == "Leg 1: Seoul → Beijing"
    assert leg["tooltip_html"].startswith("Sun 4 Jan 2026, 952 km")


def test_text_from_data_reaches_tooltips_as_data_not_as_template(visit):
    """Data is carried in columns the fixed template interpolates; st.pydeck_chart escapes
    interpolated values (shown in the browser tier), so the values stay plain text here."""
    places = visit.places.copy()
    places.loc[places["id"] == "great-hall", "name"] = INJECTION
    events = visit.events.copy()
    events.loc[events["id"] == "summit", "title"] = f"Summit & {INJECTION}"
    hostile = dataclasses.replace(visit, places=places, events=events)
    deck = maps.route_deck(hostile, Filters(visit=visit.id))
    assert INJECTION not in deck._tooltip["html"]
    hall = by_id(rows(json.loads(deck.to_json()), "places"))["great-hall"]
    assert hall["tooltip_title"] == INJECTION
    assert f"Summit & {INJECTION}" in hall["tooltip_html"]
    assert "&lt;" not in hall["tooltip_html"]  # not escaped twice


def test_a_busy_place_lists_its_first_events_and_counts_the_rest(visit):
    summit = visit.events[visit.events["id"] == "summit"]
    copies = pd.concat([summit] * 12, ignore_index=True)
    copies["id"] = [f"summit-{i}" for i in range(12)]
    events = pd.concat([visit.events[visit.events["id"] != "summit"], copies], ignore_index=True)
    busy = dataclasses.replace(visit, events=events)
    hall = by_id(rows(deck_json(busy), "places"))["great-hall"]
    assert hall["events"] == 13  # the twelve summits and the Zhao Leji meeting
    lines = hall["tooltip_html"].split("\n")
    own = lines[: lines.index("Also in Beijing:")]
    assert sum(line.startswith("• ") for line in own) == maps.TOOLTIP_EVENTS
    assert own[-1] == f"… and {13 - maps.TOOLTIP_EVENTS} more events"


# -- The legend ----------------------------------------------------------------------------


def test_the_legend_says_what_each_mark_and_colour_means(visit):
    legend = maps.map_legend(visit, Filters(visit=visit.id))
    marks = [s.mark for s in legend.marks]
    assert marks == ["city", "venue", "leg"]  # nothing is faded without a filter
    texts = " ".join(s.text for s in legend.marks)
    for words in ("City: a large ring", "Venue: a small dot", "Leg: a line with an arrowhead"):
        assert words in texts
    # One entry per topic that colours a point, named, in the topics' order.
    shown = {row["topic"] for row in maps.place_layer(visit).rows}
    labels = [str(t["label"]) for t in visit.topics.to_dict("records") if t["id"] in shown]
    assert [s.text for s in legend.colours] == labels
    assert labels == ["Diplomacy and summitry", "Economy and trade", "History and commemoration"]
    colours = visit.topic_colours
    assert legend.colours[0].colour == tuple(rgb_list(colours["diplomacy"]))
    filtered = maps.map_legend(visit, Filters(visit=visit.id, days=("2026-01-06",)))
    assert [s.mark for s in filtered.marks][-1] == "faded"


def test_the_legend_names_a_grey_point_and_follows_the_visit(visit, river):
    events = visit.events[visit.events["place_id"].fillna("") != "seoul"]
    quiet = dataclasses.replace(visit, events=events.reset_index(drop=True))
    assert (
        maps.map_legend(quiet, Filters(visit=visit.id))
        .colours[-1]
        .text.startswith("No event placed here")
    )
    assert [s.text for s in maps.map_legend(river, Filters(visit=river.id)).colours] == [
        "River trade",
        "Meetings",
        "Travel",
    ]


def test_the_legend_html_names_every_colour_and_escapes_data(visit):
    topics = visit.topics.copy()
    topics.loc[topics["id"] == "economy", "label"] = f"Economy {INJECTION}"
    hostile = dataclasses.replace(visit, topics=topics)
    html = maps.legend_html(maps.map_legend(hostile, Filters(visit=visit.id)))
    assert INJECTION not in html and "Economy &lt;script&gt;" in html
    assert 'aria-label="Map legend"' in html
    assert html.count("<li>") == 3 + 3  # three marks, three colours: each with its words
    assert "Diplomacy and summitry</span>" in html
    assert "rgba(0,114,178,1.00)" in html  # the diplomacy swatch beside its name


# -- Beside the map ------------------------------------------------------------------------


def test_place_details_of_the_great_hall(visit):
    details = maps.place_details(visit, "great-hall")
    assert details.name == "Great Hall of the People"
    assert details.scripts == ("人民大会堂", "인민대회당")  # the local name first
    assert details.basis == "inferred" and details.inferred is True
    assert details.basis_note.startswith("Venue not named in the article")
    assert list(details.events["id"]) == ["summit", "meeting-zhao-leji"]
    assert list(details.events["date"]) == ["Mon 5 Jan 2026", "Tue 6 Jan 2026"]
    cards = details.cards
    assert set(cards["id"]) == {"north-korea-support", "korean-content", "pragmatic-diplomacy"}


def test_the_tables_beside_the_map_have_readers_columns_and_no_ids(visit):
    hall = maps.place_details(visit, "great-hall")
    events = maps.events_table(hall)
    assert list(events.columns) == ["Event", "When", "Status"]  # one venue: no "Where"
    assert events.to_dict("records")[0] == {
        "Event": "Summit talks with President Xi Jinping",
        "When": "Mon 5 Jan 2026",
        "Status": "scheduled",
    }
    cards = maps.cards_table(hall)
    assert list(cards.columns) == ["Issue", "Topic", "Status"]
    assert "North Korea and denuclearization" in set(cards["Topic"])
    beijing = maps.events_table(maps.place_details(visit, "beijing"))
    assert list(beijing.columns) == ["Event", "When", "Where", "Status"]
    assert "Great Hall of the People" in set(beijing["Where"])
    for table in (events, cards, beijing):
        assert not {"id", "events"} & {c.lower() for c in table.columns}
        ids = set(visit.events["id"]) | set(visit.issue_cards["id"])
        assert not set(table.stack()) & ids
    # The base widths fit a phone's column; wider screens stretch them.
    assert sum(maps.EVENT_COLUMNS.values()) <= 340 and sum(maps.CARD_COLUMNS.values()) <= 340


def test_place_details_of_a_city_include_its_venues_events(visit):
    details = maps.place_details(visit, "shanghai")
    assert details.inferred is False
    assert set(details.events["id"]) == {
        "provisional-government-visit",
        "startup-event",
        "return",
    }
    assert "provisional-government-kim-gu" in set(details.cards["id"])


def test_place_details_of_an_unknown_place(visit):
    with pytest.raises(KeyError):
        maps.place_details(visit, "pyongyang")


def test_route_alt_text_tells_the_route_in_words(visit):
    text = maps.route_alt_text(visit)
    assert "\n" not in text
    for part in (
        "Seoul to Beijing, 952 km",
        "Beijing to Shanghai, 1,067 km",
        "Shanghai to Seoul, 866 km",
        "Sun 4 Jan 2026",
        "Tue 6 Jan 2026",
        "Wed 7 Jan 2026",
        "3 legs",
    ):
        assert part in text


def test_legs_table_matches_the_arcs(visit):
    table = maps.legs_table(visit)
    assert list(table.columns) == ["Leg", "From", "To", "Date", "Distance (km)"]
    assert table.to_dict("records")[0] == {
        "Leg": 1,
        "From": "Seoul",
        "To": "Beijing",
        "Date": "Sun 4 Jan 2026",
        "Distance (km)": 952,
    }
    assert list(table["Distance (km)"]) == [round(d) for d in visit.legs["distance_km"]]


def test_deck_builds_for_the_mini_visit_fixture(mini):
    spec = deck_json(mini)
    assert len(rows(spec, "legs")) == len(mini.legs)
    assert isinstance(maps.legs_table(mini), pd.DataFrame)


# -- Selection -----------------------------------------------------------------------------


def test_selected_place_reads_a_selection_dict():
    picked = {
        "selection": {
            "indices": {"places": [4]},
            "objects": {"places": [{"id": "great-hall", "kind": "venue"}]},
        }
    }
    assert selected_place(picked) == "great-hall"
    assert selected_place(picked["selection"]) == "great-hall"  # the inner dict too


@pytest.mark.parametrize(
    "selection",
    [
        None,
        {},
        {"selection": {"indices": {}, "objects": {}}},
        {"selection": {"indices": {"legs": [0]}, "objects": {"legs": [{"id": "seoul-beijing"}]}}},
        {"selection": {"indices": {"places": []}, "objects": {"places": []}}},
    ],
)
def test_selected_place_is_none_without_a_picked_place(selection):
    assert selected_place(selection) is None


def test_selected_place_reads_streamlits_own_state_object():
    from streamlit.elements.deck_gl_json_chart import PydeckSelectionSerde

    state = PydeckSelectionSerde().deserialize(
        json.dumps(
            {"selection": {"indices": {"places": [0]}, "objects": {"places": [{"id": "seoul"}]}}}
        )
    )
    assert selected_place(state) == "seoul"
    assert selected_place(PydeckSelectionSerde().deserialize(None)) is None


def test_a_route_over_the_antimeridian_is_framed_on_its_places(dateline):
    """Vaimoana at 178E, Port Halen and Kalea Bay at 158W and 155W: the map looks at the
    Pacific between them, not at the whole world the other way round."""
    layout = route_layout(dateline)
    assert 160 <= layout.view.longitude % 360 <= 210, layout.view
    assert layout.view.zoom > 2, layout.view  # the whole world is zoom 0 to 1
    spec = deck_json(dateline)
    chart = projection(spec, DESKTOP_CHART)
    for place in rows(spec, "places"):
        assert chart.inside(*chart.pixel(*place["position"])), place["id"]
    for leg in rows(spec, "legs"):  # each leg in one piece: no step of half the world
        lons = [lon for lon, _ in leg["path"]]
        assert max(abs(b - a) for a, b in zip(lons, lons[1:], strict=False)) < 10, leg["id"]
