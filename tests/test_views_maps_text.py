"""The route map's words (`views.maps.text`): a place's tooltip lists its events (a
city's with its venues named, a venue's with its city's), the first few of a busy place and
the count of the rest; a leg's gives its date and distance."""

from __future__ import annotations

import dataclasses

import pandas as pd
from map_decks import by_id, deck_json, rows

from dashboard.views import maps


def test_a_citys_tooltip_lists_its_events_its_venues_named(visit, river):
    beijing = by_id(rows(deck_json(visit), "places"))["beijing"]
    lines = beijing["tooltip_html"].split("\n")
    events = [line for line in lines if line.startswith("• ")]
    assert events  # as many as fit, then how many more
    in_city = visit.events[visit.events["city_id"] == "beijing"]
    assert lines[len(events) + 1] == f"… and {len(in_city) - len(events)} more: click for all"
    for line in events:
        title = line[2:].split(": ")[0]
        event = in_city[in_city["title"] == title].iloc[0]
        if event["place_id"] != "beijing":
            assert line.endswith(f"(at {event['place_name']})")
    aurora = by_id(rows(deck_json(river), "places"))["vila-aurora"]["tooltip_html"]
    assert "• Opening of the river trade talks: Tue 5 May 2026 (at River Pavilion)" in aurora
    assert "• Visit to the floating market: Tue 5 May 2026" in aurora.split("\n")


def test_a_venue_lists_its_own_events_and_the_city_over_it_lists_them_too(visit):
    """A city's disc is drawn over the venues on it: hovering the city gives the city. A
    venue's tooltip (hovered where the map shows it apart from its city) is its own."""
    places = rows(deck_json(visit), "places")
    order = [row["id"] for row in places]
    assert order.index("great-hall") < order.index("beijing")  # the city on top
    hall = by_id(places)["great-hall"]
    lines = hall["tooltip_html"].split("\n")
    assert hall["tooltip_title"] == "Great Hall of the People"
    assert "• Summit talks with President Xi Jinping: Mon 5 Jan 2026" in lines
    assert not any("(at " in line for line in lines)


def test_tooltips_describe_legs(visit):
    leg = rows(deck_json(visit), "legs")[0]
    assert leg["tooltip_title"] == "Leg 1: Seoul → Beijing"
    assert leg["tooltip_html"].startswith("Sun 4 Jan 2026, 952 km")


def test_a_busy_place_lists_the_events_that_fit_and_counts_the_rest(visit):
    """The tooltip is at most half the chart tall: it lists the first events that fit (at
    most TOOLTIP_EVENTS) and says how many more there are; the overview's smaller map
    lists fewer."""
    summit = visit.events[visit.events["id"] == "summit"]
    copies = pd.concat([summit] * 12, ignore_index=True)
    copies["id"] = [f"summit-{i}" for i in range(12)]
    events = pd.concat([visit.events[visit.events["id"] != "summit"], copies], ignore_index=True)
    busy = dataclasses.replace(visit, events=events)
    counts = {}
    for compact in (False, True):
        hall = by_id(rows(deck_json(busy, compact=compact), "places"))["great-hall"]
        assert hall["events"] == 13  # the twelve summits and the Zhao Leji meeting
        lines = hall["tooltip_html"].split("\n")
        listed = sum(line.startswith("• ") for line in lines)
        assert listed <= maps.TOOLTIP_EVENTS
        more = " on the route map" if compact else ": click for all"
        assert (f"… and {13 - listed} more" if listed else "13 events") + more in lines
        room = maps.tooltip_room(compact)
        used = room.lines_of(hall["tooltip_title"], 700) + sum(room.lines_of(x) for x in lines)
        assert used <= room.lines, (compact, used, room)
        counts[compact] = listed
    assert counts[True] < counts[False]
