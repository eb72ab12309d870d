"""Where each row's facts come from in the article: every quoted span located (sentence,
paragraph), how much of the article the data cites, the findings about the source and the
rows they affect, and the article's record (source and licence).

Pure functions over a `Visit` (apart from `load_seed_meta`, which reads one small file).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path

import pandas as pd

from ..data.loading import Dataset
from ..data.provenance import Sentence, cited_sentences, quote_spans, sentences, span_offsets
from ..data.reading import read_seed_meta
from .cells import sentence
from .visit import Visit, per_visit

# The tables whose rows quote the article, in the order citations are listed.
CITING_TABLES = (
    "visits",
    "topics",
    "places",
    "people",
    "events",
    "legs",
    "issue_cards",
    "figures",
    "findings",
)
CITATION_COLUMNS = [
    "table",
    "row_id",
    "key",
    "span_number",
    "span",
    "start",
    "end",
    "sentence",
    "last_sentence",
    "paragraph",
]


def row_key(table: str, row_id: str) -> str:
    """How a citing row is named in marks and tooltips: 'events/summit'."""
    return f"{table}/{row_id}"


def _quoting_rows(visit: Visit) -> Iterator[tuple[str, str, str]]:
    """(table, row id, quote cell) for every row of the visit that quotes the article."""
    for table in CITING_TABLES:
        if table == "visits":
            yield table, visit.id, str(visit.visit["quote"])
            continue
        frame: pd.DataFrame = getattr(visit, table)
        for row_id, quote in zip(frame["id"], frame["quote"], strict=True):
            yield table, str(row_id), "" if pd.isna(quote) else str(quote)


def _sentence_at(found: list[Sentence], offset: int) -> Sentence | None:
    """The sentence holding `offset`, or the next one when it falls between sentences."""
    for candidate in found:
        if offset < candidate.end:
            return candidate
    return found[-1] if found else None


def quoted_sentences(visit: Visit, quote: str) -> tuple[tuple[str, int | None], ...]:
    """Each span of one quote cell with the number of the sentence it starts in (None when
    the span is not in the article): what a card shows beside its quotes."""
    found = _sentences_of(visit)
    located = []
    for span in quote_spans(quote):
        offsets = span_offsets(span, visit.seed_text)
        at = _sentence_at(found, offsets[0]) if offsets is not None else None
        located.append((span, at.number if at else None))
    return tuple(located)


#: The article's sentences, found once per visit.
_sentences_of = per_visit(lambda visit: sentences(visit.seed_text))


def citations(visit: Visit) -> pd.DataFrame:
    """One row per (table, row, span) of every quote of the visit, located in the article.

    `start`/`end` are character offsets into `visit.seed_text` (missing when the span is not
    found, which validation normally rules out); `sentence` and `last_sentence` are the
    1-based numbers of the first and last sentence the span touches.
    """
    text = visit.seed_text
    found_sentences = sentences(text)
    records = []
    for table, row_id, quote in _quoting_rows(visit):
        for number, span in enumerate(quote_spans(quote), start=1):
            offsets = span_offsets(span, text)
            first = last = None
            if offsets is not None:
                first = _sentence_at(found_sentences, offsets[0])
                last = _sentence_at(found_sentences, max(offsets[1] - 1, offsets[0]))
            records.append(
                {
                    "table": table,
                    "row_id": row_id,
                    "key": row_key(table, row_id),
                    "span_number": number,
                    "span": span,
                    "start": offsets[0] if offsets else None,
                    "end": offsets[1] if offsets else None,
                    "sentence": first.number if first else None,
                    "last_sentence": last.number if last else None,
                    "paragraph": first.paragraph if first else None,
                }
            )
    frame = pd.DataFrame.from_records(records, columns=CITATION_COLUMNS)
    for column in ("start", "end", "sentence", "last_sentence", "paragraph"):
        frame[column] = frame[column].astype("Int64")
    for column in ("table", "row_id", "key", "span"):
        frame[column] = frame[column].astype("string")
    return frame


def coverage(visit: Visit) -> tuple[int, int, list[Sentence]]:
    """(sentences cited, sentences in the article, the sentences no row cites)."""
    quotes = [quote for _, _, quote in _quoting_rows(visit)]
    all_sentences = sentences(visit.seed_text)
    cited = cited_sentences(quotes, visit.seed_text)
    uncited = [s for s in all_sentences if s.number not in cited]
    return len(cited), len(all_sentences), uncited


def kept_ids(events: pd.DataFrame, cards: pd.DataFrame) -> frozenset[str]:
    """The rows the filters keep, as keys ('events/summit', 'issue_cards/...'): the rows
    whose cited spans the article highlights when the reader asks for only those."""
    return frozenset(row_key("events", str(i)) for i in events["id"]) | frozenset(
        row_key("issue_cards", str(i)) for i in cards["id"]
    )


# ---------------------------------------------------------------------------------------
# Findings


def _affects(value: object) -> tuple[str, ...]:
    if isinstance(value, (tuple, list)):
        return tuple(str(v) for v in value)
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NA:
        return ()
    return tuple(str(value).split())


def findings_for(visit: Visit, row_id: str) -> pd.DataFrame:
    """The findings whose `affects` names `row_id` (an id of any table of the visit)."""
    mask = [row_id in _affects(a) for a in visit.findings["affects"]]
    return visit.findings[pd.Series(mask, index=visit.findings.index, dtype=bool)].reset_index(
        drop=True
    )


def finding_flags(visit: Visit) -> dict[str, list[str]]:
    """Row id -> the ids of the findings that affect it, in the findings' order."""
    flags: dict[str, list[str]] = {}
    for finding_id, affects in zip(visit.findings["id"], visit.findings["affects"], strict=True):
        for row_id in _affects(affects):
            flags.setdefault(row_id, []).append(str(finding_id))
    return flags


# ---------------------------------------------------------------------------------------
# Source and licence


def load_seed_meta(seed_path: Path) -> dict:
    """The metadata record beside the article (see `reading.read_seed_meta`); a record that
    is not a valid JSON object of single-line values raises ValueError naming the problem."""
    problems: list = []
    meta = read_seed_meta(Path(seed_path), Path(seed_path).name, problems)
    if meta is None:
        raise ValueError("; ".join(str(p) for p in problems))
    return meta


def seed_meta_for(dataset: Dataset, visit_id: str) -> dict:
    """The metadata record of the article a visit quotes, as the loader read and checked it."""
    if visit_id in dataset.seed_meta:
        return dataset.seed_meta[visit_id]
    return load_seed_meta(dataset.seed_files[visit_id])


def source_footer(seed_meta: Mapping) -> str:
    """One plain-text paragraph naming the source, when it was read, and both licences."""
    title = seed_meta.get("title") or seed_meta.get("file") or "the source article"
    parts = [sentence(f"Source: {title}")]
    publisher, url = seed_meta.get("publisher"), seed_meta.get("url")
    if publisher:
        parts.append(sentence(f"Published by {publisher}"))
    if seed_meta.get("date_published"):
        parts.append(sentence(f"Published {seed_meta['date_published']}"))
    if url:
        parts.append(sentence(f"URL: {url}"))
    if seed_meta.get("origin"):
        parts.append(sentence(str(seed_meta["origin"])))
    if seed_meta.get("date_accessed"):
        parts.append(sentence(f"Accessed {seed_meta['date_accessed']}"))
    parts.append(sentence(f"Article licence: {seed_meta.get('licence') or 'not recorded'}"))
    parts.append(sentence(f"Data licence: {seed_meta.get('data_licence') or 'not recorded'}"))
    return " ".join(parts)
