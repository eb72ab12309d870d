"""The drafter's figures (`draft.figures`): numbers with their qualifier and unit,
ordinals, centenaries, lifespans and years, on any sentences."""

from __future__ import annotations

from dashboard.authoring.draft.dates import find_dates
from dashboard.authoring.draft.figures import find_figures
from dashboard.authoring.draft.text import split_sentences

TEXT = (
    "The two sides expect to sign more than 10 memorandums of understanding on Monday, "
    "March 2, 2026. Trade reached 1.2 billion dollars, and about 60 business leaders came "
    "on a four-day visit. It is their second meeting, marking the centennial and the 150th "
    "anniversary of poet Ana Ruiz (1876-1949), in office since 2019."
)


def figures(text: str) -> list[tuple]:
    return [(f.value, f.unit, f.qualifier) for f in find_figures(split_sentences(text))]


def test_every_kind_of_figure_with_its_qualifier_and_unit_in_reading_order():
    assert figures(TEXT) == [
        (10, "memorandums of understanding", "more than"),
        (1.2e9, "dollars", ""),
        (60, "business leaders", "about"),
        (4, "days", ""),
        (150, "anniversary", ""),
        (2, "meetings", ""),
        (100, "years", ""),
        (1876, "year", ""),
        (1949, "year", ""),
        (2019, "year", "since"),
    ]


def test_a_number_of_a_date_and_the_parties_to_a_visit_are_no_figures():
    assert figures("The two sides met on Monday, March 2, 2026, and on 5 March.") == []


def test_a_figure_is_quoted_from_its_sentence_and_has_an_id_from_its_label():
    sentences = split_sentences(TEXT)
    found = find_figures(sentences)
    assert len({f.id for f in found}) == len(found)
    for f in found:
        assert f.quote in f.sentence.text and f.id
    assert found[2].label == "About 60 business leaders"


def test_the_date_mentions_found_once_may_be_given_and_give_the_same_figures():
    sentences = split_sentences(TEXT)
    assert find_figures(sentences, find_dates(sentences).mentions) == find_figures(sentences)


def test_a_figure_said_twice_in_the_same_words_is_one():
    assert figures("They signed 5 agreements. In all, 5 agreements were signed.") == [
        (5, "agreements", "")
    ]
