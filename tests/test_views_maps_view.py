"""The route map's frame (`views.maps.view`): the visit's own places, not background
ones, every leg and frame place on the chart at both sizes, the world when there is nothing to
show, and never past the top of the map."""

from __future__ import annotations

import dataclasses
import math

import pytest
from map_decks import DESKTOP_CHART, PHONE_CHART, by_id, deck_json, projection, rows

from dashboard.model.filters import Filters
from dashboard.views import maps

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
