"""What goes beside the route map (`views.maps.details`): a place's events and issues,
as tables with readers' columns and no ids, the route in words, and the legs as a table."""

from __future__ import annotations

import pytest

from dashboard.views import maps

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


def test_the_place_list_puts_each_city_before_its_venues_and_leaves_out_eventless_places():
    from conftest import fixture_visit

    near = fixture_visit("near_visit", "fixture-near-2026")
    choices = maps.place_choices(near)
    assert list(choices.items()) == [
        ("haneul", "Haneul"),
        ("blue-pavilion", "Blue Pavilion, Haneul"),
        ("seorin", "Seorin"),
        ("seorin-temple", "Seorin Temple, Seorin"),
        ("ponte-azul", "Ponte Azul"),
    ]
    # Capital G is in places.csv but no event is there: nothing to list beside the map.
    assert "capital-g" in set(near.places["id"]) and "capital-g" not in choices
    assert all(not maps.place_details(near, p).events.empty for p in choices)


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
