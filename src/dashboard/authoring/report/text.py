"""A report as the command reads it: paragraphs, sentences, and where each sentence stands.

The text is read with the article drafter's rules (`draft.read_article`: UTF-8, at most
300 KB, no control character but white space) and split into sentences by its splitter.
A paragraph is a block of text on its own line: blank lines and line breaks both end one,
so a report pasted with single line breaks numbers its paragraphs as one with blank lines.
Nothing of the text is kept beyond the run: claims store values and "para N, sentence M".
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from pathlib import Path

from ..draft import read_article, split_sentences
from ..draft.text import Sentence

#: What ends a sentence; a first paragraph without it is a headline.
_SENTENCE_END = re.compile(r"[.!?][\"”’)]*\s*$")


@dataclass(frozen=True)
class Located:
    """A sentence of the report with its paragraph and its number within that paragraph."""

    sentence: Sentence
    paragraph: int  # 1-based
    number: int  # 1-based, within the paragraph
    headline: bool = False

    @property
    def text(self) -> str:
        return self.sentence.text

    @property
    def locator(self) -> str:
        return f"para {self.paragraph}, sentence {self.number}"


def read_report(path: Path) -> str:
    """The report's text (`draft.ArticleError`, one sentence, when it cannot be read)."""
    return read_article(path)


def paragraph_starts(text: str) -> list[int]:
    """The offset of each paragraph: every line that holds more than white space."""
    starts, offset = [], 0
    for line in text.split("\n"):
        if line.strip():
            starts.append(offset)
        offset += len(line) + 1
    return starts


def locate(text: str) -> list[Located]:
    """Every sentence of the report, in reading order, with where it stands. The first
    paragraph is a headline when it does not end as a sentence does: it repeats the body
    in the present tense of headlines, so it gives no claims of its own."""
    starts = paragraph_starts(text)
    located: list[Located] = []
    counts: dict[int, int] = {}
    for sentence in split_sentences(text):
        paragraph = bisect.bisect_right(starts, sentence.start)
        counts[paragraph] = counts.get(paragraph, 0) + 1
        located.append(Located(sentence, paragraph, counts[paragraph]))
    return _with_headline(located)


def _with_headline(located: list[Located]) -> list[Located]:
    first = [s for s in located if s.paragraph == 1]
    if len(first) == 1 and len(located) > 1 and not _SENTENCE_END.search(first[0].text):
        return [Located(first[0].sentence, 1, 1, headline=True), *located[1:]]
    return located


def word_runs(text: str, length: int = 8) -> set[str]:
    """Every run of `length` words of a text, in lower case: what a test looks for in the
    written files to prove that no sentence of a report was stored."""
    words = re.findall(r"[\w’'-]+", text.lower())
    return {" ".join(words[i : i + length]) for i in range(len(words) - length + 1)}
