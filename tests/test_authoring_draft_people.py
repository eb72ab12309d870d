"""The drafter's people (`draft.people`): names after a title or before a role, with the
country the text gives them, on any sentences."""

from __future__ import annotations

from dashboard.authoring.draft.people import find_people, named_in
from dashboard.authoring.draft.text import split_sentences


def people(text: str) -> list[tuple[str, str, str]]:
    return [(p.name, p.role, p.country) for p in find_people(split_sentences(text))]


def test_roles_are_offices_with_their_rank_or_portfolio():
    text = (
        "Trade Minister Ana Lopez met Vice President Karl Berg, Crown Prince Omar Said and "
        "National Security Adviser Lea Moss."
    )
    assert people(text) == [
        ("Ana Lopez", "Trade Minister", ""),
        ("Karl Berg", "Vice President", ""),
        ("Omar Said", "Crown Prince", ""),
        ("Lea Moss", "National Security Adviser", ""),
    ]


def test_a_description_takes_the_one_word_before_it_but_never_a_small_word():
    text = "She honoured war hero Jon Dahl and national poet Eva Lind, and quoted his hero Bo Ek."
    assert people(text) == [
        ("Jon Dahl", "War hero", ""),
        ("Eva Lind", "National poet", ""),
        ("Bo Ek", "Hero", ""),
    ]


def test_the_country_comes_from_a_nationality_word_a_possessive_or_of_x():
    text = (
        "Nigerian President Amara Okonkwo met Norway's Prime Minister Ingrid Halvorsen and "
        "President Tomás Herrera of Chile."
    )
    assert people(text) == [
        ("Amara Okonkwo", "President", "Nigeria"),
        ("Ingrid Halvorsen", "Prime Minister", "Norway"),
        ("Tomás Herrera", "President", "Chile"),
    ]


def test_a_role_after_the_name_and_a_town_before_a_mayor_in_reading_order():
    text = "Lars Eide, chairman of the city council, met Bergen Mayor Rune Holm on Monday."
    assert people(text) == [
        ("Lars Eide", "Chairman of the city council", ""),
        ("Rune Holm", "Mayor of Bergen", ""),
    ]


def test_a_person_is_found_once_and_takes_a_country_said_later():
    text = "President Ana Ruiz arrived. Later, Chilean President Ana Ruiz spoke."
    (person,) = find_people(split_sentences(text))
    assert (person.country, person.sentence.number, person.quote) == (
        "Chile",
        1,
        "President Ana Ruiz",
    )


def test_a_day_after_a_name_is_not_part_of_it():
    assert people("They met President Ana Ruiz Monday.") == [("Ana Ruiz", "President", "")]


def test_people_are_named_again_by_their_first_or_last_name():
    found = find_people(split_sentences("President Ana Ruiz arrived. Ruiz spoke."))
    assert named_in(found, "Ruiz spoke.") == found
    assert named_in(found, "The minister spoke.") == []
