"""Quotes and the source text: finding each cited span in the article, sentence by sentence.

A row's `quote` holds one or more verbatim spans of the article, separated by " | ".
Matching ignores only whitespace and the style of quote marks, nothing else.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

import ahocorasick_rs

QUOTE_SEPARATOR = "|"
_QUOTE_MARKS = str.maketrans(
    {
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
    }
)
# A sentence ends at . ! or ? followed by whitespace (or the end of the text), unless the
# full stop belongs to an abbreviation such as "U.S.".
_SENTENCE_END = re.compile(r"(?<![A-Z]\.[A-Z]\.)(?<=[.!?])\s+(?=[A-Z\"\u201c])")


def normalise(text: str) -> str:
    """Collapse whitespace and unify quote marks, the only differences a quote may have.

    `str.split()` splits at the characters `\\s` matches (`str.isspace`, checked over every
    code point by a test) and drops them at both ends: a third of a regular expression's
    time on a long article."""
    return " ".join(text.translate(_QUOTE_MARKS).split())


def quote_spans(quote: str) -> list[str]:
    """The verbatim spans in one `quote` cell, in order, without empty parts."""
    return [part.strip() for part in quote.split(QUOTE_SEPARATOR) if part.strip()]


def missing_spans(quote: str, seed_text: str, *, normalised_seed: str | None = None) -> list[str]:
    """The spans of `quote` that do not occur in the seed text.

    Pass `normalised_seed` (= `normalise(seed_text)`) when checking many quotes against
    one article: a plain substring search on normalised text is then all that is needed.
    """
    haystack = normalise(seed_text) if normalised_seed is None else normalised_seed
    return [span for span in quote_spans(quote) if normalise(span) not in haystack]


_JOIN = "\x00"  # never in a valid cell (a control character), nor whitespace

#: How much of each span the one pass over the article looks for; the rest of a span is
#: compared where its start was found. Shorter keys make the automaton cheaper to build
#: (most of the time of the pass), longer ones make fewer places to compare.
_KEY_CHARS = 20


def normalise_many(texts: list[str]) -> list[str]:
    """`normalise` of each text, in one pass of each replacement over all of them."""
    if not texts:
        return []
    joined = _JOIN.join(texts)
    if joined.count(_JOIN) != len(texts) - 1:  # a text holds the joiner itself
        return [normalise(t) for t in texts]
    return [" ".join(part.split()) for part in joined.translate(_QUOTE_MARKS).split(_JOIN)]


def spans_found(spans: Iterable[str], normalised_seed: str) -> set[str]:
    """Which of `spans` (each as `normalise` gives it) occur in the normalised article.

    One pass over the article for all of them (Aho–Corasick, `ahocorasick_rs`) instead of
    one search of the whole article per span, which with thousands of quotes was most of
    the time of loading a folder. The automaton holds each span's first `_KEY_CHARS`
    characters; where one of those starts in the article, the whole span is compared there.
    """
    by_key: dict[str, list[str]] = {}
    for span in dict.fromkeys(s for s in spans if s):
        by_key.setdefault(span[:_KEY_CHARS], []).append(span)
    if not by_key or not normalised_seed:
        return set()
    keys = list(by_key)
    # The contiguous automaton searches an article about three times faster than the
    # noncontiguous one and is as quick to build for keys this short.
    automaton = ahocorasick_rs.AhoCorasick(
        keys, implementation=ahocorasick_rs.Implementation.ContiguousNFA
    )
    found: set[str] = set()
    for index, start, _ in automaton.find_matches_as_indexes(normalised_seed, overlapping=True):
        for span in by_key[keys[index]]:
            if span not in found and normalised_seed.startswith(span, start):
                found.add(span)
    return found


@dataclass(frozen=True)
class Sentence:
    number: int  # 1-based, in reading order
    paragraph: int  # 1-based
    start: int  # character offsets into the seed text
    end: int
    text: str


def sentences(seed_text: str) -> list[Sentence]:
    """Split the article into sentences, keeping their offsets in the original text."""
    found: list[Sentence] = []
    offset = 0
    for paragraph_number, paragraph in enumerate(seed_text.split("\n"), start=1):
        if paragraph.strip():
            start = 0
            pieces = _SENTENCE_END.split(paragraph)
            for piece in pieces:
                at = paragraph.index(piece, start)
                start = at + len(piece)
                if piece.strip():
                    found.append(
                        Sentence(
                            number=len(found) + 1,
                            paragraph=paragraph_number,
                            start=offset + at,
                            end=offset + at + len(piece),
                            text=piece,
                        )
                    )
        offset += len(paragraph) + 1
    return found


_MARK_CLASS = {
    '"': '["\u201c\u201d\u201e\u00ab\u00bb]',
    "'": "['\u2018\u2019\u201a]",
}


def span_offsets(span: str, seed_text: str) -> tuple[int, int] | None:
    """Where a span first occurs in the original text, tolerating whitespace and quote style."""
    parts = []
    for ch in normalise(span):
        if ch == " ":
            parts.append(r"\s+")
        else:
            parts.append(_MARK_CLASS.get(ch, re.escape(ch)))
    if not parts:
        return None
    match = re.search("".join(parts), seed_text)
    return (match.start(), match.end()) if match else None


def cited_sentences(quotes: list[str], seed_text: str) -> set[int]:
    """Numbers of the sentences that at least one span in `quotes` falls within or overlaps."""
    spans = [span_offsets(s, seed_text) for q in quotes for s in quote_spans(q)]
    cited: set[int] = set()
    for sentence in sentences(seed_text):
        for found in spans:
            if found and found[0] < sentence.end and found[1] > sentence.start:
                cited.add(sentence.number)
                break
    return cited


def closest_passage(span: str, normalised_seed: str) -> tuple[str, int]:
    """The stretch of the article most like a quote that is not in it, and the position of
    the first character where the two differ (both as `normalise` gives them).

    The longest block the two share anchors the passage; it is as long as the quote.
    """
    from difflib import SequenceMatcher

    quote = normalise(span)
    match = SequenceMatcher(None, normalised_seed, quote, autojunk=False).find_longest_match(
        0, len(normalised_seed), 0, len(quote)
    )
    start = max(match.a - match.b, 0)
    passage = normalised_seed[start : start + len(quote)]
    differs = next(
        (i for i, (a, b) in enumerate(zip(passage, quote, strict=False)) if a != b),
        min(len(passage), len(quote)),
    )
    return passage, differs
