"""The drafter's places (`draft.places`): cities from the gazetteer, venues and sea areas
with their city, on any sentences."""

from __future__ import annotations

from dashboard.authoring.draft.people import find_people
from dashboard.authoring.draft.places import find_places
from dashboard.authoring.draft.text import split_sentences


def places(text: str) -> list[tuple]:
    sentences = split_sentences(text)
    found = find_places(sentences, find_people(sentences))
    by_id = {p.id: p.name for p in found}
    return [(p.name, p.kind, p.country, p.timezone, by_id.get(p.city_id, "")) for p in found]


def test_a_city_has_its_country_and_zone_from_the_reference_data():
    sentences = split_sentences("The Norwegian minister flew to Bergen.")
    (bergen,) = find_places(sentences)
    assert (bergen.kind, bergen.country, bergen.timezone, bergen.basis) == (
        "city",
        "Norway",
        "Europe/Oslo",
        "reference",
    )
    assert bergen.lat and bergen.lon and bergen.quote == "Bergen" and not bergen.doubt


def test_a_venue_is_in_the_city_of_its_sentence_or_the_one_last_gone_to():
    text = (
        "She arrived in Oslo. She will visit the Royal Palace. "
        "In Bergen she opens the Fish Market Hall."
    )
    assert places(text) == [
        ("Oslo", "city", "Norway", "Europe/Oslo", ""),
        ("Royal Palace", "venue", "Norway", "Europe/Oslo", "Oslo"),
        ("Bergen", "city", "Norway", "Europe/Oslo", ""),
        ("Fish Market Hall", "venue", "Norway", "Europe/Oslo", "Bergen"),
    ]


def test_a_site_of_memory_and_a_sea_area_are_places_without_coordinates():
    text = "In Oslo she visits the tomb of the Unknown Sailor, near the North Sea."
    assert places(text) == [
        ("Oslo", "city", "Norway", "Europe/Oslo", ""),
        ("Tomb of the Unknown Sailor", "venue", "Norway", "Europe/Oslo", "Oslo"),
        ("North Sea", "sea area", "", "", ""),
    ]
    assert [p.lat for p in find_places(split_sentences(text))][1:] == [None, None]


def test_a_month_a_day_and_a_word_that_opens_a_sentence_are_never_places():
    text = "The British minister arrived in London on Monday and travels to Reading in March."
    assert [name for name, *_ in places(text)] == ["London", "Reading"]


def test_the_words_of_a_persons_name_are_never_places():
    text = "President Paris Hilton arrived in Lyon."
    assert [name for name, *_ in places(text)] == ["Lyon"]


def test_a_city_of_a_country_the_text_does_not_name_is_doubted():
    (city,) = find_places(split_sentences("The talks were held in Hamburg."))
    assert city.country == "Germany" and "a country the article does not name" in city.doubt
