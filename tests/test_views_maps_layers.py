"""The route map's layers (`views.maps.layers`): its legs in order, labelled with number,
date and distance, and its places, coloured by topic; a day filter highlights its legs and
places and fades the rest; a kept place layer draws the same deck for any filter."""

from __future__ import annotations

import dataclasses
import json

import pytest
from map_decks import by_id, deck_json, layer, rows

from dashboard.data.schema import PALETTE
from dashboard.model.colours import rgb_list
from dashboard.model.filters import Filters
from dashboard.model.visit import haversine_km
from dashboard.model.words import day_label
from dashboard.views import maps

ROUTE = [("seoul", "beijing"), ("beijing", "shanghai"), ("shanghai", "seoul")]


# -- Legs ----------------------------------------------------------------------------------


def test_three_legs_in_order_as_paths_from_end_to_end_found_by_their_middles(visit):
    """Each leg is a path from end to end; a pointer finds it by a see-through band along
    the middle of its path (near its ends it points at the places), wider than the line."""
    spec = deck_json(visit)
    legs = layer(spec, "legs")
    assert legs["@@type"] == "PathLayer"
    assert legs["widthUnits"] == "pixels"
    hits = layer(spec, "leg-hits")
    assert hits["pickable"] is True and legs["pickable"] is False
    assert hits["getWidth"] > max(r["width"] for r in legs["data"])
    for leg, band in zip(legs["data"], hits["data"], strict=True):
        assert band["id"] == leg["id"] and band["colour"][3] == 0
        assert band["path"] == leg["path"][len(leg["path"]) * 3 // 10 : len(leg["path"]) * 7 // 10 + 1]
        assert band["tooltip_title"] == leg["tooltip_title"]
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
    # Venues first, cities after: a city's see-through disc is drawn over the venues on it,
    # so hovering the city anywhere gives the city's tooltip, not a venue's.
    assert kinds == sorted(kinds, reverse=True)


def test_place_colours_come_from_the_topic_palette(visit):
    palette = {tuple(rgb_list(c)) for c in PALETTE}
    places = by_id(rows(deck_json(visit), "places"))
    for place in places.values():
        if place["role"] == "stop":
            assert tuple(place["fill_colour"][:3]) in palette, place["id"]
    # Gyeongju holds only a background event: a hollow grey ring, no topic of this visit.
    assert places["gyeongju"]["role"] == "background"
    assert places["gyeongju"]["fill_colour"][3] == 0 and places["gyeongju"]["topic"] == ""
    assert places["gyeongju"]["line_colour"][:3] == maps.BACKGROUND_COLOUR
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
        assert places[lit]["line_colour"][3] == 255, lit
        assert places[lit]["fill_colour"][3] > maps.FADED_ALPHA, lit
    for faded in ("seoul", "gyeongju"):
        assert places[faded]["line_colour"][3] == maps.FADED_ALPHA, faded
        assert places[faded]["fill_colour"][3] <= maps.FADED_ALPHA, faded
    assert places["beijing"]["radius"] > places["seoul"]["radius"]  # both cities


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
