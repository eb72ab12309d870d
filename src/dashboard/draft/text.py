"""The article as the draft reads it: its text, its sentences and the spans a quote may cite.

Sentences come from pysbd, a rule-based splitter that keeps abbreviations ("U.S."),
initials and quotations together and reports each sentence's offsets, so every quote the
draft writes is cut from the article itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..provenance import QUOTE_SEPARATOR


class ArticleError(Exception):
    """The article cannot be read as text; the message says why in plain words."""


@dataclass(frozen=True)
class Sentence:
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
    """The article's text; UTF-8 only, so that every quote is the article's own characters."""
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
    return text


_SPLITTER = None


def split_sentences(text: str) -> list[Sentence]:
    """The article's sentences with their offsets (paragraph breaks always end one)."""
    global _SPLITTER
    if _SPLITTER is None:
        import pysbd

        _SPLITTER = pysbd.Segmenter(language="en", clean=False, char_span=True)
    found: list[Sentence] = []
    offset = 0
    for paragraph in text.split("\n"):
        if paragraph.strip():
            for span in _SPLITTER.segment(paragraph):
                piece = paragraph[span.start : span.end]
                lead = len(piece) - len(piece.lstrip())
                body = piece.strip()
                if body:
                    start = offset + span.start + lead
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
