"""Tests for the route map (dashboard.maps): the deck's JSON, the places beside it, and the
reading of Streamlit's selection state."""

from __future__ import annotations

import dataclasses
import json
import math
import re

import pandas as pd
import pytest

from dashboard import maps
from dashboard.basemap import SEA_COLOUR
from dashboard.filters import Filters
from dashboard.loading import load_dataset
from dashboard.model import Visit, day_label, haversine_km, select_visit
from dashboard.schema import PALETTE
from dashboard.selection import selected_place

VISIT_ID = "lee-china-2026"
INJECTION = "<script>alert(1)</script>"
ROUTE = [("seoul", "beijing"), ("beijing", "shanghai"), ("shanghai", "seoul")]


@pytest.fixture(scope="module")
def visit() -> Visit:
    return select_visit(load_dataset(), VISIT_ID)


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


# -- Legs ----------------------------------------------------------------------------------


def test_three_legs_in_order_as_pickable_great_circle_arcs(visit):
    spec = deck_json(visit)
    legs = layer(spec, "legs")
    assert legs["@@type"] == "ArcLayer"
    assert legs["greatCircle"] is True
    assert legs["pickable"] is True
    assert [(r["from_place"], r["to_place"]) for r in legs["data"]] == ROUTE
    assert [r["seq"] for r in legs["data"]] == [1, 2, 3]


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
        expected.append(f"{seq} · {day_label(day)} · {round(km):,} km")
    assert labels == expected
    assert labels[0] == "1 · Sun 4 Jan · 952 km"  # 952.33 rounds down
    assert labels[1].endswith("1,067 km")  # 1067.31
    assert labels[2].endswith("866 km")  # 866.45: rounded, not truncated to 867 or cut


def test_leg_labels_sit_on_the_arc_midpoints(visit):
    spec = deck_json(visit)
    for leg in rows(spec, "leg-labels"):
        (lon1, lat1), (lon2, lat2) = leg["source"], leg["target"]
        mid_lon, mid_lat = leg["midpoint"]
        half = haversine_km(lat1, lon1, lat2, lon2) / 2
        assert haversine_km(lat1, lon1, mid_lat, mid_lon) == pytest.approx(half, rel=1e-3)
        assert haversine_km(mid_lat, mid_lon, lat2, lon2) == pytest.approx(half, rel=1e-3)


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
    palette = {tuple(maps.hex_to_rgb(c)) for c in PALETTE}
    places = by_id(rows(deck_json(visit), "places"))
    for place in places.values():
        assert tuple(place["fill_colour"][:3]) in palette, place["id"]
    colours = visit.topic_colours
    assert places["great-hall"]["fill_colour"][:3] == maps.hex_to_rgb(colours["diplomacy"])
    assert places["provisional-government-site"]["fill_colour"][:3] == maps.hex_to_rgb(
        colours["history"]
    )
    # A city takes the topic of its own first event (the forum), not of a venue's.
    assert places["beijing"]["fill_colour"][:3] == maps.hex_to_rgb(colours["economy"])


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


def test_hex_to_rgb():
    assert maps.hex_to_rgb("#0072B2") == [0, 114, 178]
    assert maps.hex_to_rgb("#f0e442", alpha=60) == [240, 228, 66, 60]
    with pytest.raises(ValueError):
        maps.hex_to_rgb("#12345")


# -- Labels --------------------------------------------------------------------------------


def test_city_labels_name_each_city_with_its_own_script(visit):
    labels = layer(deck_json(visit), "city-labels")
    assert labels["characterSet"] == "auto"  # CJK glyphs need the automatic atlas
    texts = {r["id"]: r["label"] for r in labels["data"]}
    assert texts["seoul"] == "Seoul\n서울"
    assert texts["beijing"] == "Beijing\n北京"
    assert set(texts) == {"seoul", "beijing", "shanghai", "gyeongju"}
    # Beijing's legs run east, so its label goes west, off the arcs.
    anchors = {r["id"]: r["anchor"] for r in labels["data"]}
    assert anchors["beijing"] == "end" and anchors["seoul"] == "start"


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


# -- Base map and view ---------------------------------------------------------------------


def test_offline_deck_asks_for_no_tiles_and_draws_the_bundled_basemap(visit):
    spec = deck_json(visit)
    assert spec.get("mapProvider") is None
    style = spec.get("mapStyle")
    assert style is None or not str(style).startswith(("http", "mapbox:"))
    ids = [item["id"] for item in spec["layers"]]
    assert ids[:4] == ["basemap-sea", "basemap-land", "basemap-coast", "basemap-borders"]
    assert ids[4:] == ["legs", "places", "leg-labels", "city-labels"]
    assert layer(spec, "basemap-sea")["getFillColor"] == SEA_COLOUR
    assert "cartocdn" not in json.dumps(spec)


def test_online_deck_uses_carto_positron_without_the_bundled_land(visit):
    spec = deck_json(visit, online_tiles=True)
    assert spec["mapProvider"] == "carto"
    assert "positron" in spec["mapStyle"]
    ids = [item["id"] for item in spec["layers"]]
    assert not [i for i in ids if i.startswith("basemap")]
    assert {"legs", "places", "leg-labels", "city-labels"} <= set(ids)


def _world(lon: float, lat: float) -> tuple[float, float]:
    y = math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))
    return (lon + 180) / 360, (1 - y / math.pi) / 2


@pytest.mark.parametrize("compact", [False, True])
def test_initial_view_shows_every_leg_end_and_place(visit, compact):
    spec = deck_json(visit, compact=compact)
    view = spec["initialViewState"]
    width, height = maps.COMPACT_VIEW_SIZE if compact else maps.VIEW_SIZE
    scale = 512 * 2 ** view["zoom"]  # pixels per world unit
    cx, cy = _world(view["longitude"], view["latitude"])
    points = [r["position"] for r in rows(spec, "places")]
    points += [r["source"] for r in rows(spec, "legs")] + [r["target"] for r in rows(spec, "legs")]
    for lon, lat in points:
        x, y = _world(lon, lat)
        assert abs(x - cx) * scale < width / 2 and abs(y - cy) * scale < height / 2, (lon, lat)


def test_compact_deck_is_zoomed_out_without_leg_labels(visit):
    full, compact = deck_json(visit), deck_json(visit, compact=True)
    assert compact["initialViewState"]["zoom"] < full["initialViewState"]["zoom"]
    assert "leg-labels" not in [item["id"] for item in compact["layers"]]
    assert all("\n" not in r["label"] for r in rows(compact, "city-labels"))


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


def test_tooltips_list_events_at_a_place_and_describe_legs(visit):
    spec = deck_json(visit)
    hall = by_id(rows(spec, "places"))["great-hall"]
    assert hall["tooltip_title"] == "Great Hall of the People"
    assert "Summit talks with President Xi Jinping: Mon 5 Jan 2026" in hall["tooltip_html"]
    assert "Meeting with Zhao Leji: Tue 6 Jan 2026" in hall["tooltip_html"]
    assert "Place inferred" in hall["tooltip_html"]
    leg = rows(spec, "legs")[0]
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


# -- Selection -----------------------------------------------------------------------------


def test_a_busy_place_lists_its_first_events_and_counts_the_rest(visit):
    summit = visit.events[visit.events["id"] == "summit"]
    copies = pd.concat([summit] * 12, ignore_index=True)
    copies["id"] = [f"summit-{i}" for i in range(12)]
    events = pd.concat([visit.events[visit.events["id"] != "summit"], copies], ignore_index=True)
    busy = dataclasses.replace(visit, events=events)
    hall = by_id(rows(deck_json(busy), "places"))["great-hall"]
    assert hall["events"] == 13  # the twelve summits and the Zhao Leji meeting
    lines = hall["tooltip_html"].split("\n")
    assert sum(line.startswith("• ") for line in lines) == maps.TOOLTIP_EVENTS
    assert lines[-2] == f"… and {13 - maps.TOOLTIP_EVENTS} more events"


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


# -- Beside the map ------------------------------------------------------------------------


def test_place_details_of_the_great_hall(visit):
    details = maps.place_details(visit, "great-hall")
    assert details.name == "Great Hall of the People"
    assert details.name_ko == "인민대회당" and details.name_zh == "人民大会堂"
    assert details.basis == "inferred" and details.inferred is True
    assert details.basis_note.startswith("Venue not named in the article")
    events = details.events
    assert list(events.columns[:4]) == ["id", "title", "date", "status"]
    assert list(events["id"]) == ["summit", "meeting-zhao-leji"]
    assert "Summit talks with President Xi Jinping" in set(events["title"])
    assert list(events["date"]) == ["Mon 5 Jan 2026", "Tue 6 Jan 2026"]
    cards = details.cards
    assert set(cards["id"]) == {"north-korea-support", "korean-content", "pragmatic-diplomacy"}


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


def test_deck_builds_for_the_mini_visit_fixture(mini_visit):
    dataset = load_dataset(mini_visit)
    small = select_visit(dataset, str(dataset.visits["id"].iloc[0]))
    spec = deck_json(small)
    assert len(rows(spec, "legs")) == len(small.legs)
    assert isinstance(maps.legs_table(small), pd.DataFrame)


def test_tiles_reachable_honours_the_environment(monkeypatch):
    monkeypatch.setenv(maps.TILES_ENV, "offline")
    assert maps.tiles_reachable() is False
    monkeypatch.setenv(maps.TILES_ENV, "online")
    assert maps.tiles_reachable() is True


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


def test_a_city_off_the_route_labels_towards_the_middle_on_the_compact_map(visit):
    """Gyeongju has no leg and is the easternmost city: on the narrow overview map its label
    goes west, or it would run off the map; the full map keeps it east, off the arcs."""
    compact = by_id(rows(deck_json(visit, compact=True), "city-labels"))
    full = by_id(rows(deck_json(visit), "city-labels"))
    assert compact["gyeongju"]["anchor"] == "end" and compact["gyeongju"]["offset"][0] < 0
    assert full["gyeongju"]["anchor"] == "start"
    # Cities on the route keep the side their legs leave free, on both maps.
    for city in ("seoul", "beijing", "shanghai"):
        assert compact[city]["anchor"] == full[city]["anchor"]


@pytest.mark.parametrize("compact", [False, True])
def test_the_view_keeps_every_city_label_inside_the_map(visit, compact):
    """A label pointing out of the map would be cut at its edge (Gyeongju's was, on a
    phone): the view zooms out until the estimated end of each label is inside."""
    spec = deck_json(visit, compact=compact)
    view = spec["initialViewState"]
    width = (maps.COMPACT_VIEW_SIZE if compact else maps.VIEW_SIZE)[0]
    scale = 512 * 2 ** view["zoom"]
    centre_x = maps._mercator(view["longitude"], view["latitude"])[0]
    size = 13 if compact else 14
    for label in rows(spec, "city-labels"):
        x = maps._mercator(*label["position"])[0]
        reach = maps.label_extent(label, size)
        end = (x - centre_x) * scale + reach
        assert abs(end) <= width / 2 + 1, (label["id"], end, width / 2)
