"""Quotes against the article (`data.provenance`): a span is found however its spaces
and quote marks are written, never with a word changed; each span of a quote on its own;
the article's sentences, and which of them a set of quotes cites. The shipped article is
the sample text."""

from __future__ import annotations

from dashboard.data import provenance
from dashboard.data.provenance import (
    cited_sentences,
    missing_spans,
    normalise,
    quote_spans,
    sentences,
    span_offsets,
)

# ---------------------------------------------------------------------------------------
# Quotes against the article


def test_matcher_rejects_a_changed_word(seed_text):
    exact = "departed for Beijing on Sunday, January 5, 2026"
    assert missing_spans(exact, seed_text) == []
    changed = "departed for Beijing on Monday, January 5, 2026"
    assert missing_spans(changed, seed_text) == [changed]
    assert missing_spans("departed for Beijing on Sunday January 5, 2026", seed_text) != []
    assert missing_spans("Departed for Beijing", seed_text) == ["Departed for Beijing"]


def test_matcher_accepts_quote_mark_style_and_whitespace(seed_text):
    assert '"One China"' in seed_text
    curly = "respect for the \u201cOne China\u201d policy remains unchanged"
    straight = 'respect for the "One China" policy remains unchanged'
    spaced = 'respect  for the\n"One   China"\tpolicy remains unchanged'
    for quote in (curly, straight, spaced):
        assert missing_spans(quote, seed_text) == [], quote
    assert missing_spans("Kim Gu\u2019s birth", seed_text) == []
    # ...but a quote mark is not a letter, and a missing space is not whitespace.
    assert missing_spans("respect for the One China policy", seed_text) != []
    assert missing_spans("respectfor the", seed_text) != []


def test_matcher_checks_each_span_of_a_quote(seed_text):
    quote = "return home on Wednesday | return home on Thursday |  | "
    assert quote_spans(quote) == ["return home on Wednesday", "return home on Thursday"]
    assert missing_spans(quote, seed_text) == ["return home on Thursday"]


def test_span_offsets_point_into_the_original_text(seed_text):
    found = span_offsets("the  \u201cOne China\u201d policy", seed_text)
    assert found is not None
    start, end = found
    assert seed_text[start:end] == 'the "One China" policy'
    assert normalise("  a \u2018b\u2019\n c ") == "a 'b' c"


# ---------------------------------------------------------------------------------------
# Sentences and coverage


def test_article_has_14_sentences(seed_text):
    found = sentences(seed_text)
    assert [s.number for s in found] == list(range(1, 15))
    assert [s.paragraph for s in found] == [1, 1, 2, 2, 3, 3, 3, 4, 4, 4, 5, 5, 5, 6]
    for sentence in found:
        assert seed_text[sentence.start : sentence.end] == sentence.text
    assert found[0].text.startswith("President Lee Jae Myung has departed")
    assert found[-1].text.startswith("The visit underscores")
    assert found[-1].text.endswith("while upholding its U.S. alliance.")


def test_us_thaad_does_not_split_a_sentence(seed_text):
    thaad = [s for s in sentences(seed_text) if "U.S. THAAD" in s.text]
    assert len(thaad) == 1
    assert thaad[0].text.startswith("Cultural exchanges are also on the agenda")
    assert thaad[0].text.endswith("missile defense system.")
    assert not any(
        s.text.strip() == "THAAD" or s.text.startswith("THAAD") for s in sentences(seed_text)
    )


def test_coverage_drops_when_a_sentence_is_not_cited(seed_text):
    quotes = ["President Lee Jae Myung has departed", "while upholding its U.S. alliance"]
    assert cited_sentences(quotes, seed_text) == {1, 14}
    assert cited_sentences(["not in the article"], seed_text) == set()


# ---------------------------------------------------------------------------------------
# Normalised text, searched many spans at once


def test_spans_found_agrees_with_a_search_per_span():
    """The one-pass search finds exactly the spans a substring search finds: spans inside
    others, sharing a start, longer than the automaton's key, repeated, and absent ones."""
    from dashboard.data.provenance import normalise_many, spans_found

    article = normalise(
        "The president said: “We will deepen ties.” He left for Shanghai on Monday."
    )
    spans = [
        "The president",
        "president said",
        'The president said: "We will deepen ties."',  # longer than the key, shares a start
        "The president sang",  # shares the start, absent
        "Shanghai on Monday.",
        "Shanghai on Tuesday.",
        "ties",
        "ties",
        "He left  for\nShanghai",  # whitespace differs
        "not in the article at all",
    ]
    normalised = normalise_many(spans)
    assert normalised == [normalise(s) for s in spans]
    expected = {s for s in normalised if s in article}
    assert spans_found(normalised, article) == expected
    assert "The president sang" not in expected and "ties" in expected
    assert spans_found([], article) == set() and spans_found(normalised, "") == set()


def test_normalise_many_keeps_a_text_that_holds_the_joiner():
    from dashboard.data.provenance import normalise_many

    texts = ["a\x00b  c", " d\u201ce\u201d "]
    assert normalise_many(texts) == [normalise(t) for t in texts]


def test_normalise_collapses_exactly_what_a_regular_expression_calls_whitespace():
    """`normalise` splits with `str.split()`: the same characters as `\\s`, at every code
    point, so a quote matches the article as it did with the regular expression."""
    import re
    import sys

    space = re.compile(r"\s")
    points = (chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF)
    differ = [c for c in points if bool(space.fullmatch(c)) != c.isspace()]
    assert differ == []
    text = "\u2003 “Ports”\u00a0are\n\tbridges,\u2028 ‘said’ \x1f he. "
    expected = re.sub(r"\s+", " ", text.translate(provenance._QUOTE_MARKS)).strip()
    assert normalise(text) == expected == "\"Ports\" are bridges, 'said' he."
    assert provenance.normalise_many([text, " a  b "]) == [expected, "a b"]
