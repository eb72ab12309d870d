"""The article as the draft reads it: its text, its sentences and the spans a quote may cite.

Sentences come from pysbd, a rule-based splitter that keeps abbreviations ("U.S."),
initials and quotations together and reports each sentence's offsets, so every quote the
draft writes is cut from the article itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ...data.provenance import QUOTE_SEPARATOR

#: The largest article the draft reads. A news article is a few to some tens of
#: kilobytes; a larger file is most likely not an article (a whole book, a log).
MAX_ARTICLE_BYTES = 300_000
#: White space that is a control character (tab, form feed, vertical tab, the separators
#: U+001C-U+001F, next line U+0085, the line and paragraph separators): a draft's cells
#: hold a space instead (quotes still match: matching ignores white space).
WHITESPACE_CONTROL = re.compile(r"[\t\n\r\x0b\x0c\x1c-\x1f\x85\u2028\u2029]")
#: Any other control character: an article holding one is refused, with where it is.
OTHER_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f]")


class ArticleError(Exception):
    """The article cannot be read as text; the message says why in plain words."""


@dataclass(frozen=True)
class Sentence:
    """A sentence of a text, where it is in it."""

    number: int  # 1-based, in reading order
    start: int  # offsets into the article
    end: int
    text: str

    def quote(self, start: int = 0, end: int | None = None) -> str:
        """A verbatim piece of this sentence, trimmed, fit for a `quote` cell."""
        piece = self.text[start:end]
        # The separator of spans cannot be part of one: keep the longest piece between them.
        return max(piece.split(QUOTE_SEPARATOR), key=len).strip(" ,;:")


def read_article(path: Path) -> str:
    """The article's text; UTF-8 only, so that every quote is the article's own characters.

    Refused, with one sentence that says why: a missing, unreadable or oversized file, one
    that is not UTF-8, is empty, or holds a control character other than white space."""
    try:
        size = path.stat().st_size
    except OSError:
        size = 0
    if size > MAX_ARTICLE_BYTES:
        raise ArticleError(
            f"{path}: is {size:,} bytes; the draft reads articles of up to "
            f"{MAX_ARTICLE_BYTES:,} bytes. Cut it to the article itself."
        )
    try:
        data = path.read_bytes()
    except FileNotFoundError as err:
        raise ArticleError(f"{path}: no such file.") from err
    except IsADirectoryError as err:
        raise ArticleError(f"{path}: is a folder, not an article file.") from err
    except OSError as err:
        raise ArticleError(f"{path}: cannot be read ({err.strerror or err}).") from err
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        column = err.start - (data.rfind(b"\n", 0, err.start) + 1) + 1
        raise ArticleError(
            f"{path}: is not UTF-8 text (line {line}, column {column}: byte "
            f"0x{data[err.start]:02x}). Save the article as UTF-8 plain text and run the "
            "command again."
        ) from err
    if "\x00" in text:
        raise ArticleError(f"{path}: holds NUL bytes; it looks like a binary file, not text.")
    if not text.strip():
        raise ArticleError(f"{path}: is empty.")
    control = OTHER_CONTROL.search(text)
    if control:
        at = control.start()
        line = text.count("\n", 0, at) + 1
        column = at - (text.rfind("\n", 0, at) + 1) + 1
        raise ArticleError(
            f"{path}: holds a control character (U+{ord(control[0]):04X}) at line {line}, "
            f"column {column}; remove it (a terminal escape code or a copy from a binary file) "
            "and run the command again."
        )
    return text


#: The characters a spreadsheet takes as the start of a formula.
FORMULA_START = "=+@"


def cell_text(value: str) -> str:
    """A drafted cell: white-space control characters as spaces, and no character at its
    start that a spreadsheet would run as a formula."""
    return WHITESPACE_CONTROL.sub(" ", value).lstrip(FORMULA_START + " ")


#: pysbd's splitter, made on first use and kept: its rules are static, and what it keeps
#: of a text (the last one given) is never read by the next.
_SPLITTER = None

#: pysbd's time grows with the square of a text's sentences (it searches the whole text
#: again for each one), so a paragraph is given to it in pieces of CHUNK to 2 × CHUNK
#: characters, each cut at the best place in that window (`_CUTS`).
CHUNK = 2_000
#: Where a piece may end, best first: where a sentence surely ends (a full stop, question
#: or exclamation mark after a lower-case word of three letters or more, so not after an
#: abbreviation, an initial or "U.S.", then a capital letter or an opening quote); after any
#: such mark; at any white space. A text with none of them in the window is cut there.
_CUTS = (
    re.compile(r"(?<=[a-z]{3}[.!?])[\"”’)]?\s+(?=[A-Z\"“])"),
    re.compile(r"[.!?][\"”’)]?\s+"),
    re.compile(r"\s+"),
)


def _cut(paragraph: str, start: int) -> int:
    """Where the piece that starts at `start` ends (see `_CUTS`)."""
    window = paragraph[: start + 2 * CHUNK]
    for pattern in _CUTS:
        found = pattern.search(window, start + CHUNK)
        if found is not None:
            return found.end()
    return len(window)


def _pieces(paragraph: str) -> list[tuple[int, str]]:
    """The paragraph as (offset, text) pieces for the splitter (see CHUNK)."""
    pieces = []
    start = 0
    while len(paragraph) - start > 2 * CHUNK:
        end = _cut(paragraph, start)
        pieces.append((start, paragraph[start:end]))
        start = end
    pieces.append((start, paragraph[start:]))
    return pieces


def split_sentences(text: str) -> list[Sentence]:
    """The article's sentences with their offsets (paragraph breaks always end one)."""
    global _SPLITTER
    if _SPLITTER is None:
        import pysbd

        _SPLITTER = pysbd.Segmenter(language="en", clean=False, char_span=True)
    found: list[Sentence] = []
    offset = 0
    for paragraph in text.split("\n"):
        for at, piece_text in _pieces(paragraph) if paragraph.strip() else []:
            for span in _SPLITTER.segment(piece_text):
                piece = piece_text[span.start : span.end]
                lead = len(piece) - len(piece.lstrip())
                body = piece.strip()
                if body:
                    start = offset + at + span.start + lead
                    found.append(Sentence(len(found) + 1, start, start + len(body), body))
        offset += len(paragraph) + 1
    return found


def clip(text: str, limit: int = 90) -> str:
    """A title-length piece of text, cut at a word boundary."""
    text = " ".join(text.split()).strip(" ,;:.")
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:") + "…"


def capitalise(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text
