"""The source behind the dashboard: every quoted span located in the article, how much of the
article the data cites, the article as escaped HTML with its cited spans marked, the
findings about the data, and the source and licence footer.

All functions are pure (apart from `load_seed_meta`, which reads one small file) and return
plain data or HTML text for `st.html`; none of them calls `st.*`. Every piece of article text
and every id that reaches HTML goes through `html.escape`.
"""

from __future__ import annotations

import html
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .cells import sentence
from .loading import Dataset
from .model import Visit
from .provenance import Sentence, cited_sentences, quote_spans, sentences, span_offsets
from .reading import read_seed_meta
from .schema import FINDING_KIND

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


# ---------------------------------------------------------------------------------------
# The article as HTML

ARTICLE_CSS = """
.source-article p { line-height: 1.7; margin: 0 0 0.9em 0; }
.source-article sup.sentence-number { color: #555; font-size: 0.7em; margin-right: 0.2em; }
.source-article mark.cited { background: #FFF5C2; color: inherit; padding: 0 1px; }
.source-article mark.cited.multi { background: #FBE98A; }
.source-article mark.cited.strong { background: #F0E442;
  border-bottom: 2px solid #0072B2; }
"""


def _paragraphs(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) offsets of each non-blank paragraph, split as `provenance.sentences` does."""
    offset = 0
    for paragraph in text.split("\n"):
        if paragraph.strip():
            yield offset, offset + len(paragraph)
        offset += len(paragraph) + 1


def _segments(
    start: int, end: int, spans: list[tuple[int, int, str]]
) -> list[tuple[int, int, tuple[str, ...]]]:
    """Cut [start, end) at every span boundary; each piece lists the rows citing all of it.

    Overlapping spans thus never produce overlapping marks: where they overlap, the piece
    names every row, in the order of `spans`. Neighbouring pieces cited by the same rows
    are joined. One sweep over the boundaries, so thousands of rows citing one sentence
    cost no more than their number.
    """
    opening: dict[int, list[int]] = {}
    closing: dict[int, list[int]] = {}
    active: dict[int, str] = {}
    cuts = {start, end}
    for index, (s, e, key) in enumerate(spans):
        if not (s < end and e > start):
            continue
        if s <= start:
            active[index] = key
        else:
            opening.setdefault(s, []).append(index)
            cuts.add(s)
        if e < end:
            closing.setdefault(e, []).append(index)
            cuts.add(e)
    points = sorted(cuts)
    pieces: list[tuple[int, int, tuple[str, ...]]] = []
    for a, b in zip(points, points[1:], strict=False):
        for index in closing.get(a, ()):
            active.pop(index, None)
        for index in opening.get(a, ()):
            active[index] = spans[index][2]
        keys = tuple(dict.fromkeys(active[i] for i in sorted(active)))
        if pieces and pieces[-1][2] == keys and pieces[-1][1] == a:
            pieces[-1] = (pieces[-1][0], b, keys)
        else:
            pieces.append((a, b, keys))
    return pieces


def _sup(number: int) -> str:
    return f'<sup class="sentence-number" id="sentence-{number}">{number}</sup>'


def _text_with_numbers(text: str, a: int, b: int, starts: dict[int, int]) -> str:
    """Escaped text[a:b] with a sentence number before each sentence starting inside it."""
    out = []
    last = a
    for at in sorted(s for s in starts if a < s < b):
        out.append(html.escape(text[last:at]))
        out.append(_sup(starts[at]))
        last = at
    out.append(html.escape(text[last:b]))
    return "".join(out)


#: A mark's tooltip and `data-rows` name this many citing rows at most, then count the rest.
MARK_ROWS = 12


@dataclass(frozen=True)
class Piece:
    """A piece of the article between span boundaries, as HTML, with the rows citing it."""

    body: str  # escaped text, with the sentence numbers that start inside it
    keys: tuple[str, ...]  # citing rows, 'events/summit', in the citations' order
    ids: frozenset[str]  # the keys and the bare row ids, for highlighting


def article_pieces(visit: Visit, citations: pd.DataFrame) -> tuple[tuple[Piece, ...], ...]:
    """The article cut into pieces, paragraph by paragraph: what does not change with the
    filters, computed once per visit (`article_html` then only decides what is strong)."""
    text = visit.seed_text
    located = citations.dropna(subset=["start", "end"])
    spans = [
        (int(s), int(e), str(key))
        for s, e, key in zip(located["start"], located["end"], located["key"], strict=True)
    ]
    key_ids = {
        str(key): str(row_id) for key, row_id in zip(located["key"], located["row_id"], strict=True)
    }
    starts = {s.start: s.number for s in sentences(text)}
    paragraphs = []
    for p_start, p_end in _paragraphs(text):
        pieces = []
        for a, b, keys in _segments(p_start, p_end, spans):
            body = (_sup(starts[a]) if a in starts else "") + _text_with_numbers(text, a, b, starts)
            ids = frozenset(keys) | frozenset(key_ids[k] for k in keys if k in key_ids)
            pieces.append(Piece(body, keys, ids))
        paragraphs.append(tuple(pieces))
    return tuple(paragraphs)


def _named_rows(keys: tuple[str, ...]) -> tuple[str, str]:
    """The mark's title and data-rows: every citing row, or the first MARK_ROWS and a count."""
    shown = ", ".join(keys[:MARK_ROWS])
    if len(keys) > MARK_ROWS:
        shown += f" … and {len(keys) - MARK_ROWS:,} more rows (see the table below)"
    return "Cited by: " + shown, " ".join(keys[:MARK_ROWS])


#: A long article is shown this many paragraphs at a time.
ARTICLE_PAGE_SIZE = 40


def article_page_count(pieces: tuple[tuple[Piece, ...], ...]) -> int:
    """How many pages of ARTICLE_PAGE_SIZE paragraphs the article takes (at least one)."""
    return max(1, -(-len(pieces) // ARTICLE_PAGE_SIZE))


def article_html(
    visit: Visit,
    citations: pd.DataFrame,
    highlight_ids: set[str] | None = None,
    pieces: tuple[tuple[Piece, ...], ...] | None = None,
    page: int | None = None,
) -> str:
    """The whole article as escaped HTML paragraphs, each cited span in a `<mark>`.

    Each mark is one piece of the text between span boundaries, so marks never nest or
    overlap; its `title` and `data-rows` list the citing rows ('events/summit'; past
    MARK_ROWS, the title counts the rest). Each sentence starts with a superscript number.
    Marks cited by a row in `highlight_ids` (bare ids such as 'summit', or keys such as
    'events/summit') get the class `strong`. `pieces` is `article_pieces(visit, citations)`,
    when the caller keeps it. With `page` (from 1), only that page's paragraphs are drawn;
    marks keep the numbers they have in the whole article.
    """
    if pieces is None:
        pieces = article_pieces(visit, citations)
    first, last = 0, len(pieces)
    if page is not None:
        first = (min(max(page, 1), article_page_count(pieces)) - 1) * ARTICLE_PAGE_SIZE
        last = first + ARTICLE_PAGE_SIZE
    highlight = frozenset(highlight_ids or ())
    paragraphs = []
    mark_number = 0
    for index, paragraph in enumerate(pieces):
        if not first <= index < last:
            mark_number += sum(1 for piece in paragraph if piece.keys)
            continue
        parts = []
        for piece in paragraph:
            if not piece.keys:
                parts.append(piece.body)
                continue
            mark_number += 1
            classes = ["cited"]
            if len(piece.keys) > 1:
                classes.append("multi")
            if not piece.ids.isdisjoint(highlight):
                classes.append("strong")
            title, rows = _named_rows(piece.keys)
            parts.append(
                f'<mark id="span-{mark_number}" class="{" ".join(classes)}" '
                f'title="{html.escape(title, quote=True)}" '
                f'data-rows="{html.escape(rows, quote=True)}">{piece.body}</mark>'
            )
        paragraphs.append("<p>" + "".join(parts) + "</p>")
    return (
        f"<style>{ARTICLE_CSS}</style>"
        '<div class="source-article">' + "\n".join(paragraphs) + "</div>"
    )


def kept_ids(events: pd.DataFrame, cards: pd.DataFrame) -> frozenset[str]:
    """The ids of the events and cards the filters keep (what the article highlights)."""
    return frozenset(events["id"]) | frozenset(cards["id"])


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


def citations_table(visit: Visit) -> pd.DataFrame:
    """Which rows cite which sentence, with reader-facing column names."""
    return citations(visit)[["sentence", "key", "span"]].rename(
        columns={"sentence": "Sentence", "key": "Row (table/id)", "span": "Quoted span"}
    )


def visit_rows(tables: Mapping[str, pd.DataFrame], name: str, visit_id: str) -> pd.DataFrame:
    """The rows of one data table that belong to the visit (the visits table: its own row)."""
    frame = tables[name]
    return frame[frame["visit_id" if "visit_id" in frame.columns else "id"] == visit_id]


def findings_table(visit: Visit) -> pd.DataFrame:
    """The findings as plain text columns, contradictions first, then by kind as declared."""
    findings = visit.findings
    order = {kind: i for i, kind in enumerate(FINDING_KIND)}

    def text(column: str) -> list[str]:
        return ["" if pd.isna(v) else str(v) for v in findings[column]]

    table = pd.DataFrame(
        {
            "id": text("id"),
            "kind": text("kind"),
            "says": text("says"),
            "resolved": text("resolved"),
            "why": text("why"),
            "affects": [", ".join(_affects(a)) for a in findings["affects"]],
            "quote": text("quote"),
        }
    )
    table["_order"] = [order.get(k, len(order)) for k in table["kind"]]
    return table.sort_values("_order", kind="stable").drop(columns="_order").reset_index(drop=True)


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
