"""The route map's frame and marks for a visit of any shape, read from the deck the browser
gets: every fixture's route on the chart and framed as closely as its places and their
names allow, on the route map and the overview's smaller map, at a laptop's and a phone's
size; a background place far away left out of the frame and drawn apart; close places
named apart; tooltips that fit; leg dates in words; the picked place in the link.

Chart sizes are those the browser lays out (the browser tier, test_map_frame_browser.py,
measures them): the route map's column at 1280 px and the phone's width at 390 px, 560 px
tall; the overview's column at 1280 px and at 390 px, 320 px tall."""

from __future__ import annotations

import dataclasses
import json
import re
from datetime import date
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT
from map_decks import by_id, label_boxes, rows, tightest
from streamlit.testing.v1 import AppTest

from dashboard.data.loading import DATA_DIR_ENV, load_dataset
from dashboard.model import filters as F
from dashboard.model.visit import select_visit, visit_ids
from dashboard.views import maps
from dashboard.views.maps.style import (
    CITY_FONT_WEIGHT,
    CITY_TEXT_SIZE,
    RADIUS,
    TOOLTIP_ABOVE,
    TOOLTIP_BELOW,
    TOOLTIP_GAP,
)
from dashboard.views.maps.text import leg_date_text, leg_short_date

#: Every visit folder the tests know: the shipped data and each fixture visit.
FOLDERS = {"shipped": ROOT / "data"} | {p.name: p for p in sorted(FIXTURES.glob("*_visit"))}
#: (map, size) -> the chart in pixels, as the browser lays it out.
CHARTS = {
    ("route", "desktop"): (394, 560),
    ("route", "phone"): (358, 560),
    ("overview", "desktop"): (296, 320),
    ("overview", "phone"): (358, 320),
}
NEAR = FIXTURES / "near_visit"


def _visits(folder: Path):
    dataset = load_dataset(folder)
    return [select_visit(dataset, visit_id) for visit_id in visit_ids(dataset)]


@pytest.fixture(scope="module")
def near():
    (visit,) = _visits(NEAR)
    return visit


def _deck(visit, compact: bool = False) -> dict:
    deck = maps.route_deck(visit, F.Filters(visit=visit.id), compact=compact)
    return json.loads(deck.to_json())


def _chart(spec: dict, size) -> maps.Projection:
    view = spec["initialViewState"]
    return maps.Projection(view["longitude"], view["latitude"], view["zoom"], size)


# -- The frame -----------------------------------------------------------------------------


@pytest.mark.parametrize(("kind", "size"), list(CHARTS))
@pytest.mark.parametrize("name", list(FOLDERS))
def test_every_fixtures_route_is_on_the_chart_and_framed_closely(name, kind, size):
    """Each stop and each leg lies on the chart, and the zoom is within half a level of the
    tightest that holds them with room beside them for their names (a route a quarter of
    the chart wide, or a world view of an East Asian visit, is not)."""
    for visit in _visits(FOLDERS[name]):
        spec = _deck(visit, compact=kind == "overview")
        chart = _chart(spec, CHARTS[kind, size])
        frame = set(maps.frame_place_ids(visit))
        places = {r["id"]: r for r in rows(spec, "places")}
        points = [places[i]["position"] for i in frame if i in places]
        points += [p for leg in rows(spec, "legs") for p in leg["path"]]
        assert points, visit.id
        for lon, lat in points:
            assert chart.inside(*chart.pixel(lon, lat), margin=2), (visit.id, lon, lat)
        names = [
            maps.text_width(r["label"].split("\n")[0], CITY_TEXT_SIZE, CITY_FONT_WEIGHT)
            for r in rows(spec, "city-labels")
            if r["id"] in frame
        ]
        room = max(names, default=0) + RADIUS["city"] + 4
        widest = tightest(points, CHARTS[kind, size], room)
        assert chart.zoom >= widest - 0.5, (visit.id, kind, size, chart.zoom, widest)


def test_a_background_place_far_away_does_not_pull_the_frame_out(near):
    """Ponte Azul holds only next year's forum, on another continent: it is drawn but left
    out of the frame, which stays on the two host cities and the guest's capital; the view
    is the one the visit has without that event at all."""
    assert "ponte-azul" not in maps.frame_place_ids(near)
    spec = _deck(near)
    azul = by_id(rows(spec, "places"))["ponte-azul"]
    assert not _chart(spec, CHARTS["route", "desktop"]).inside(
        *_chart(spec, CHARTS["route", "desktop"]).pixel(*azul["position"])
    )
    alone = dataclasses.replace(
        near,
        events=near.events[~near.events["background"]].reset_index(drop=True),
        places=near.places[near.places["id"] != "ponte-azul"].reset_index(drop=True),
    )
    assert spec["initialViewState"]["zoom"] == _deck(alone)["initialViewState"]["zoom"]
    assert spec["initialViewState"]["zoom"] > 3  # East Asia, not the world


@pytest.mark.parametrize("compact", [False, True])
def test_two_cities_21_km_apart_keep_readable_labels_apart(near, compact):
    """Haneul and Seorin, a few pixels apart at the route's zoom, are both named; their
    labels overlap neither each other, nor any other label, nor the other city's mark, and
    stay on the chart."""
    spec = _deck(near, compact=compact)
    size = CHARTS["overview" if compact else "route", "phone"]
    boxes = label_boxes(spec, size)
    assert {"city-labels:haneul", "city-labels:seorin"} <= set(boxes)
    names = sorted(boxes)
    for i, a in enumerate(names):
        for b in names[i + 1 :]:
            assert not boxes[a].overlaps(boxes[b]), (a, b)
    chart = _chart(spec, size)
    places = by_id(rows(spec, "places"))
    for city, other in (("haneul", "seorin"), ("seorin", "haneul")):
        box = boxes[f"city-labels:{city}"]
        x, y = chart.pixel(*places[other]["position"])
        assert not box.hits_circle(x, y, places[other]["radius"]), city
        half_w, half_h = size[0] / 2, size[1] / 2
        assert -half_w <= box.left and box.right <= half_w, city
        assert -half_h <= box.top and box.bottom <= half_h, city


# -- Background places ---------------------------------------------------------------------


def test_a_place_with_only_background_events_is_a_hollow_grey_ring_in_no_topic(near):
    """Ponte Azul's one event is next year's forum, a background event whose topic is a
    topic of this visit: the place is not coloured as that topic (nothing of this visit
    happens there), it is drawn hollow and grey, its label grey, and the legend says what
    such a ring means and lists no topic that no stop shows."""
    spec = _deck(near)
    places = by_id(rows(spec, "places"))
    azul = places["ponte-azul"]
    assert azul["role"] == "background" and azul["topic"] == ""
    assert azul["fill_colour"][3] == 0
    assert azul["line_colour"][:3] == maps.BACKGROUND_COLOUR
    assert "Background only" in azul["tooltip_html"]
    label = by_id(rows(spec, "city-labels")).get("ponte-azul")
    if label is not None:
        assert label["label_colour"][:3] == maps.BACKGROUND_COLOUR
    for stop in ("haneul", "seorin", "capital-g"):
        assert places[stop]["role"] == "stop", stop
    legend = maps.map_legend(near, F.Filters(visit=near.id))
    assert any(s.mark == "background" and "not a stop" in s.text for s in legend.marks)
    shown = {places[i]["topic"] for i in places if places[i]["role"] == "stop"}
    topics = {t["label"]: t["id"] for t in near.topics.to_dict("records")}
    listed = {topics[s.text] for s in legend.colours if s.text in topics}
    assert listed == shown - {""}
    assert "Harbour Forum" not in [s.text for s in legend.colours]


# -- Tooltips ------------------------------------------------------------------------------


@pytest.mark.parametrize("compact", [False, True])
@pytest.mark.parametrize("name", list(FOLDERS))
def test_every_tooltip_fits_beside_its_mark_on_the_chart(name, compact):
    """Each place's and leg's tooltip, as long as its text makes it, opens on the side of
    its mark where it stays on the chart (below it, or above it) in the initial view,
    wherever the mark is hovered: a place's point, the band along a leg's middle."""
    kind = "overview" if compact else "route"
    room = maps.tooltip_room(compact)
    for visit in _visits(FOLDERS[name]):
        spec = _deck(visit, compact=compact)
        for size in ("desktop", "phone"):
            chart = _chart(spec, CHARTS[kind, size])
            for layer_id, key in (("places", "position"), ("leg-hits", "path")):
                for row in rows(spec, layer_id):
                    points = [row[key]] if key == "position" else row[key]
                    ys = [chart.pixel(*p)[1] for p in points]
                    if not all(chart.inside(*chart.pixel(*p)) for p in points):
                        continue  # a mark off the chart is not hovered in this view
                    tall = room.height(row["tooltip_title"], row["tooltip_html"]) + TOOLTIP_GAP
                    half = CHARTS[kind, size][1] / 2
                    assert tall <= half, (visit.id, row["id"], tall)
                    if row["tooltip_shift"] == TOOLTIP_BELOW:
                        assert max(ys) + tall <= half, (visit.id, row["id"], size)
                    else:
                        assert row["tooltip_shift"] == TOOLTIP_ABOVE
                        assert min(ys) - tall >= -half, (visit.id, row["id"], size)


def test_hovering_a_city_gives_the_city_and_its_venues_events(near):
    """A city's disc is drawn over its venues: its tooltip is the city's, and it lists the
    events at its venues with their names."""
    places = rows(_deck(near), "places")
    order = [row["id"] for row in places]
    assert order.index("blue-pavilion") < order.index("haneul")
    haneul = by_id(places)["haneul"]
    assert haneul["tooltip_title"] == "Haneul"
    assert "(at Blue Pavilion)" in haneul["tooltip_html"]


# -- Words ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("precision", "long", "short"),
    [
        ("day", "Thu 30 Oct 2025", "Thu 30 Oct"),
        ("range", "about 30 Oct 2025 (day not stated)", "c. 30 Oct"),
        ("early-month", "early October 2025 (day not stated)", "early Oct"),
        ("month", "October 2025 (month only)", "Oct 2025"),
        ("days", "Thu 30 Oct 2025", "Thu 30 Oct"),
    ],
)
def test_a_legs_date_never_reads_as_a_span_of_one_day(precision, long, short):
    """A leg has one date: '30–30 Oct 2025 (day not stated)' read as a span of nothing."""
    leg = {"date": date(2025, 10, 30), "date_precision": precision}
    assert leg_date_text(leg) == long
    assert leg_short_date(leg) == short
    assert not re.search(r"(\d+)[–-]\1\b", long + " " + short)


# -- The picked place in the link ----------------------------------------------------------


def test_the_picked_place_is_read_from_and_written_to_the_link(near):
    opts = F.options(near)
    parsed = F.parse_params({"place": ["seorin"]}, [near.id], lambda _: opts)
    assert parsed.filters.place == "seorin" and parsed.notices == []
    assert F.to_params(parsed.filters, near.id) == {"place": "seorin"}
    assert F.to_params(parsed.filters.cleared(), near.id) == {"place": "seorin"}  # a view
    unknown = F.parse_params({"place": ["atlantis"]}, [near.id], lambda _: opts)
    assert unknown.filters.place == ""
    assert unknown.notices == ["Ignored unknown place 'atlantis' from the link."]


def test_a_link_with_a_place_opens_the_map_on_it(monkeypatch):
    monkeypatch.setenv(DATA_DIR_ENV, str(NEAR))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params["place"] = ["seorin"]
    at.run()
    at.switch_page("pages/map.py").run()
    assert not at.exception
    assert [h.value for h in at.subheader] == ["Seorin"]
    assert at.query_params["place"] in ("seorin", ["seorin"])  # the link keeps it
