"""The route map's words (`views.maps.text`): a place's tooltip lists its events (a
city's with its venues named, a venue's with its city's), the first few of a busy place and
the count of the rest; a leg's gives its date and distance."""

from __future__ import annotations

import dataclasses

import pandas as pd
from map_decks import by_id, deck_json, rows

from dashboard.views import maps


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
