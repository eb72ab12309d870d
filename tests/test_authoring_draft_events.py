"""The drafter's events (`draft.events`, `draft.actions`, `draft.background`): moves,
actions and dated happenings, with their days, places and participants, from any sentences
and what was found in them; with or without a visit."""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt

import pytest

from dashboard.authoring.draft.dates import find_dates
from dashboard.authoring.draft.events import find_events
from dashboard.authoring.draft.itinerary import find_legs
from dashboard.authoring.draft.people import find_people
from dashboard.authoring.draft.places import find_places
from dashboard.authoring.draft.text import split_sentences
from dashboard.authoring.draft.visit import find_visit, visit_days, with_home

VISIT = (
    "Nigerian President Amara Okonkwo will arrive in Oslo on Monday, March 9, 2026, for a "
    "three-day state visit to Norway. On Tuesday, Okonkwo will attend a business forum in "
    "Oslo before travelling to Bergen. There, he will tour the port, and he will leave for "
    "home on Wednesday. Norway opened an embassy in Abuja in early October."
)
REPORT = (
    "President Ana Ruiz met Prime Minister Ingrid Halvorsen in Oslo on Tuesday, March 10, "
    "2026. Ruiz will attend a forum with Halvorsen in Bergen on Thursday. Norway opened an "
    "embassy in Lima in early October."
)


def visit_events(text: str = VISIT):
    sentences = split_sentences(text)
    dates = find_dates(sentences)
    people = find_people(sentences)
    places = find_places(sentences, people)
    visit = find_visit(sentences, people, places)
    places = with_home(places, visit)
    legs = find_legs(sentences, places, dates, visit.home)
    first, last = visit_days(legs, dates)
    visit = dataclasses.replace(visit, first=first, last=last)
    return find_events(sentences, dates, people, places, legs, visit)


def rows(events) -> list[tuple]:
    return [
        (
            e.title,
            e.first.isoformat(),
            e.last.isoformat(),
            e.place.name if e.place else "",
            e.background,
        )
        for e in events
    ]


def test_moves_actions_and_happenings_in_reading_order_with_days_and_places():
    assert rows(visit_events()) == [
        ("Arrival in Oslo", "2026-03-09", "2026-03-09", "Oslo", False),
        ("Travel from Oslo to Bergen", "2026-03-10", "2026-03-10", "Oslo", False),
        ("Attend a business forum in Oslo", "2026-03-10", "2026-03-10", "Oslo", False),
        ("Return home", "2026-03-11", "2026-03-11", "Bergen", False),
        ("Tour the port", "2026-03-10", "2026-03-11", "Bergen", False),
        ("Norway opened an embassy in Abuja", "2025-10-01", "2025-10-10", "Abuja", True),
    ]


def test_an_action_with_no_day_spans_the_days_in_its_city_and_says_so():
    tour = next(e for e in visit_events() if e.title == "Tour the port")
    assert tour.precision == "range" and tour.as_written == "(no day stated)"
    assert tour.note == "No day is stated: drafted as the days the guest is in Bergen."
    assert [p.name for p in tour.participants] == ["Amara Okonkwo"]  # the guest


def test_events_have_unique_ids_from_their_titles_and_are_frozen():
    events = visit_events()
    assert [e.id for e in events][:3] == [
        "arrival-in-oslo",
        "travel-from-oslo-to-bergen",
        "attend-a-business-forum-in-oslo",
    ]
    assert len({e.id for e in events}) == len(events)
    with pytest.raises(dataclasses.FrozenInstanceError):
        events[0].title = "Changed"  # type: ignore[misc]


def test_a_report_with_no_visit_gives_its_dated_actions_and_happenings():
    sentences = split_sentences(REPORT)
    dates = find_dates(sentences, written=dt.date(2026, 3, 11))
    people = find_people(sentences)
    places = find_places(sentences, people)
    events = find_events(sentences, dates, people, places)
    forum, embassy = events
    assert (forum.title, forum.first, forum.place.name, forum.status) == (
        "Attend a forum with Halvorsen in Bergen",
        dt.date(2026, 3, 12),
        "Bergen",
        "scheduled",
    )
    assert [p.name for p in forum.participants] == ["Ingrid Halvorsen"]  # no guest to add
    assert (embassy.title, embassy.status, embassy.place.name, embassy.background) == (
        "Norway opened an embassy in Lima",
        "done",
        "Lima",
        True,
    )


def test_finding_events_changes_nothing_it_is_given():
    sentences = split_sentences(VISIT)
    dates = find_dates(sentences)
    people = find_people(sentences)
    places = find_places(sentences, people)
    legs = find_legs(sentences, places, dates)
    given = copy.deepcopy((sentences, dates, people, places, legs))
    first = find_events(sentences, dates, people, places, legs)
    assert (sentences, dates, people, places, legs) == given
    assert find_events(sentences, dates, people, places, legs) == first
