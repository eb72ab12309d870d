"""The drafter's text (`draft.text`): sentences with their offsets, verbatim quotes, and
cells safe for a spreadsheet. (Hostile input: see test_authoring_draft_writing.py.)"""

from __future__ import annotations

from dashboard.authoring.draft.text import cell_text, clip, split_sentences


def test_sentences_keep_abbreviations_and_quotes_together():
    text = 'He cited the U.S. alliance. "We agree," said Dr. J. R. Moss. Talks end today.'
    assert [s.text for s in split_sentences(text)] == [
        "He cited the U.S. alliance.",
        '"We agree," said Dr. J. R. Moss.',
        "Talks end today.",
    ]


def test_a_sentence_knows_where_it_is_and_a_paragraph_always_ends_one():
    text = "First line without a stop\nSecond one. Third one."
    sentences = split_sentences(text)
    assert [(s.number, s.text) for s in sentences] == [
        (1, "First line without a stop"),
        (2, "Second one."),
        (3, "Third one."),
    ]
    assert all(text[s.start : s.end] == s.text for s in sentences)


def test_a_quote_is_cut_from_its_sentence_without_the_span_separator():
    (sentence,) = split_sentences("She met the mayor of the city | a note.")
    assert sentence.quote() == "She met the mayor of the city"  # the longest piece
    assert sentence.quote(4, 17) == "met the mayor"


def test_a_cell_never_starts_a_formula_and_a_title_is_cut_at_a_word():
    assert cell_text("=SUM(1)\tand more") == "SUM(1) and more"
    assert clip("a title of many words that goes on", 20) == "a title of many…"
