"""The drafter's visit and itinerary (`draft.visit`, `draft.itinerary`): who visits whom,
the guest's home, the legs and the visit's days, from any sentences and what was found
in them."""

from __future__ import annotations

import copy
import datetime as dt

from dashboard.authoring.draft.dates import find_dates
from dashboard.authoring.draft.itinerary import city_on, days_in, find_legs
from dashboard.authoring.draft.people import find_people
from dashboard.authoring.draft.places import find_places
from dashboard.authoring.draft.text import split_sentences
from dashboard.authoring.draft.visit import find_visit, visit_days, with_home

TEXT = (
    "President Tomás Herrera of Chile departed for Japan on Friday, January 30, 2026, for a "
    "four-day official visit. Herrera will hold talks with Japanese Prime Minister Kenji "
    "Watanabe in Tokyo on Saturday. On Sunday, he will travel to Osaka. He will return home "
    "on Monday."
)


def found(text: str = TEXT):
    sentences = split_sentences(text)
    people = find_people(sentences)
    places = find_places(sentences, people)
    return sentences, people, places, find_dates(sentences)


def test_the_visit_names_its_guest_host_countries_and_kind():
    sentences, people, places, _ = found()
    visit = find_visit(sentences, people, places)
    assert (visit.guest.name, visit.host.name) == ("Tomás Herrera", "Kenji Watanabe")
    assert (visit.guest_country, visit.host_country) == ("Chile", "Japan")
    assert visit.title == "Tomás Herrera's official visit to Japan"
    assert visit.sentence is sentences[0] and visit.quote in sentences[0].text


def test_an_unnamed_home_city_is_a_new_inferred_place_not_added_to_the_places():
    sentences, people, places, _ = found()
    before = copy.deepcopy(places)
    visit = find_visit(sentences, people, places)
    assert places == before
    assert (visit.home.name, visit.home.basis, visit.home.timezone) == (
        "Santiago",
        "inferred",
        "America/Santiago",
    )
    assert "home city is taken to be Santiago" in visit.notes[-1]
    assert with_home(places, visit) == [*places, visit.home]
    assert with_home(with_home(places, visit), visit) == with_home(places, visit)


def test_a_country_the_text_gives_no_one_is_inferred_by_the_visit_not_written_onto_people():
    text = "President Ana Ruiz departed for Norway on Monday, March 2, 2026, for a state visit."
    sentences, people, places, _ = found(text + " Norway and Peru, Peru and Norway: Peru.")
    visit = find_visit(sentences, people, places)
    (guest,) = people
    assert guest.country == ""  # the record as found
    assert visit.inferred_country(guest) == visit.guest_country == "Peru"


def test_the_legs_go_from_home_to_the_first_city_of_a_country_and_back():
    sentences, people, places, dates = found()
    visit = find_visit(sentences, people, places)
    legs = find_legs(sentences, with_home(places, visit), dates, visit.home)
    assert [
        (leg.seq, leg.origin.name, leg.destination.name, leg.date, leg.basis) for leg in legs
    ] == [
        (1, "Santiago", "Tokyo", dt.date(2026, 1, 30), "inferred"),
        (2, "Tokyo", "Osaka", dt.date(2026, 2, 1), "article"),
        (3, "Osaka", "Santiago", dt.date(2026, 2, 2), "inferred"),
    ]
    assert "the first city of it the text names next, Tokyo" in legs[0].note
    assert visit_days(legs, dates) == (dt.date(2026, 1, 30), dt.date(2026, 2, 2))
    tokyo = legs[0].destination
    assert days_in(legs, tokyo) == (dt.date(2026, 1, 30), dt.date(2026, 2, 1))
    assert city_on(legs, dt.date(2026, 1, 31), visit.home) is tokyo


def test_without_a_home_the_first_move_is_an_arrival_and_no_leg():
    text = "Minister Ana Ruiz arrives in Oslo on Monday, March 2, 2026. On Tuesday she travels to Bergen."
    sentences, _, places, dates = found(text)
    legs = find_legs(sentences, places, dates)
    assert [(leg.arrival_only, leg.origin.name, leg.destination.name) for leg in legs] == [
        (True, "Oslo", "Oslo"),
        (False, "Oslo", "Bergen"),
    ]
    assert legs[1].seq == 1


def test_the_visit_lasts_at_least_its_stated_length():
    sentences, *_, dates = found("A four-day visit starts on Monday, March 2, 2026.")
    assert visit_days([], dates) == (dt.date(2026, 3, 2), dt.date(2026, 3, 5))
