"""The article as HTML for `st.html`, with every cited span marked.

The article is cut at every boundary of a quoted span (`article_pieces`, once per visit);
each piece knows the rows that cite it. `article_html` then draws the pieces a reader asks
for: every cited piece, or only those cited by the rows the filters keep. Each is shaded by
how many rows cite it, in a few steps (`shade_steps`) that a key above the article names in
words, and each is a disclosure: a `<details>` whose `<summary>` is the cited text itself,
so a click, a tap, or Tab then Enter or Space opens the list of the rows citing it (their
table, title and quoted span), with no script. Pure; the HTML is a template's
(`templates/article.html`), which escapes every piece of text from the article or the data.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import NamedTuple

import pandas as pd
from markupsafe import Markup

from ...data.provenance import sentences
from ...model.cells import text
from ...model.visit import Visit
from ..templates import joined, macro, render, style
from .shades import Shade, shade_of, shade_steps
from .tables import TABLE_NOUNS

#: A mark's list, `title` and `data-rows` name this many citing rows at most, then count
#: the rest.
MARK_ROWS = 12
#: A long article is shown this many paragraphs at a time.
ARTICLE_PAGE_SIZE = 40


@dataclass(frozen=True)
class Cite:
    """One row citing a piece: 'events/summit', its table, id and title, and the span of
    its quote that covers the piece."""

    key: str
    table: str
    row_id: str
    title: str
    span: str

    @property
    def noun(self) -> str:
        """What a reader calls a row of its table: 'Event'."""
        return TABLE_NOUNS.get(self.table, (self.table,))[0]

    @cached_property
    def html(self) -> Markup:
        """The row as a disclosure lists it (templates/article_parts.html), rendered once."""
        return macro("article_parts.html", "cite")(self)


@dataclass(frozen=True)
class Piece:
    """A piece of the article between span boundaries, with the rows citing it."""

    text: str  # the article's text, as written (the template escapes it)
    keys: tuple[str, ...]  # citing rows, 'events/summit', in the citations' order
    ids: frozenset[str]  # the keys and the bare row ids
    cites: tuple[Cite, ...] = ()  # the citing rows, in the order of `keys`
    size: int = 0  # characters of article text
    starts: tuple[tuple[int, int], ...] = ()  # (offset in `text`, number) of each sentence
    # that starts in the piece

    @property
    def parts(self) -> tuple[tuple[int, str], ...]:
        """The text cut before each sentence that starts in it: (that sentence's number, or
        0 for the text before the first, text); the template numbers each sentence."""
        if not self.starts:
            return ((0, self.text),)
        ends = [at for at, _ in self.starts[1:]] + [len(self.text)]
        parts = [
            (number, self.text[at:end]) for (at, number), end in zip(self.starts, ends, strict=True)
        ]
        first = self.starts[0][0]
        return ((0, self.text[:first]), *parts) if first else tuple(parts)

    @cached_property
    def html(self) -> Markup:
        """The text with its sentence numbers (templates/article_parts.html), rendered once:
        pieces are cut once per visit and drawn on every rerun."""
        return macro("article_parts.html", "text")(self)


# ---------------------------------------------------------------------------------------
# The article cut into pieces


def _paragraphs(text_: str) -> Iterator[tuple[int, int]]:
    """(start, end) offsets of each non-blank paragraph, split as `provenance.sentences` does."""
    offset = 0
    for paragraph in text_.split("\n"):
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


def row_titles(visit: Visit) -> dict[str, str]:
    """'events/summit' -> what a reader calls that row: a title, a name, a label."""
    titled = {
        "topics": "label",
        "places": "name",
        "people": "name",
        "events": "title",
        "issue_cards": "title",
        "figures": "label",
    }
    found = {f"visits/{visit.id}": visit.title}
    for table, column in titled.items():
        frame = getattr(visit, table)
        found.update(
            (f"{table}/{i}", text(t)) for i, t in zip(frame["id"], frame[column], strict=True)
        )
    legs = visit.legs
    for i, a, b in zip(legs["id"], legs["from_name"], legs["to_name"], strict=True):
        found[f"legs/{i}"] = f"{text(a)} → {text(b)}"
    findings = visit.findings
    for i, kind, says in zip(findings["id"], findings["kind"], findings["says"], strict=True):
        found[f"findings/{i}"] = f"{text(kind)}: {text(says)}"
    return found


def _cites(
    keys: tuple[str, ...],
    at: int,
    located: Mapping[str, list[tuple[int, int, str, str, str]]],
    titles: Mapping[str, str],
) -> tuple[Cite, ...]:
    """The rows `keys`, each with the span of its quote that covers offset `at`."""
    found = []
    for key in keys:
        spans = located.get(key, [])
        start, end, table, row_id, span = next(
            (s for s in spans if s[0] <= at < s[1]), spans[0] if spans else (0, 0, "", "", "")
        )
        found.append(Cite(key, table, row_id, titles.get(key, row_id), span))
    return tuple(found)


def article_pieces(visit: Visit, citations: pd.DataFrame) -> tuple[tuple[Piece, ...], ...]:
    """The article cut into pieces, paragraph by paragraph, each with the rows citing it:
    what does not change with the filters, computed once per visit."""
    source = visit.seed_text
    located_rows = citations.dropna(subset=["start", "end"])
    spans: list[tuple[int, int, str]] = []
    located: dict[str, list[tuple[int, int, str, str, str]]] = {}
    for s, e, key, table, row_id, span in zip(
        located_rows["start"],
        located_rows["end"],
        located_rows["key"],
        located_rows["table"],
        located_rows["row_id"],
        located_rows["span"],
        strict=True,
    ):
        spans.append((int(s), int(e), str(key)))
        located.setdefault(str(key), []).append(
            (int(s), int(e), str(table), str(row_id), str(span))
        )
    titles = row_titles(visit)
    starts = {s.start: s.number for s in sentences(source)}
    positions = sorted(starts)
    paragraphs = []
    for p_start, p_end in _paragraphs(source):
        pieces = []
        for a, b, keys in _segments(p_start, p_end, spans):
            inside = positions[bisect_left(positions, a) : bisect_left(positions, b)]
            numbers = tuple((at - a, starts[at]) for at in inside)
            cites = _cites(keys, a, located, titles)
            ids = frozenset(keys) | frozenset(c.row_id for c in cites if c.row_id)
            pieces.append(Piece(source[a:b], keys, ids, cites, b - a, numbers))
        paragraphs.append(tuple(pieces))
    return tuple(paragraphs)


def article_page_count(pieces: tuple[tuple[Piece, ...], ...]) -> int:
    """How many pages of ARTICLE_PAGE_SIZE paragraphs the article takes (at least one)."""
    return max(1, -(-len(pieces) // ARTICLE_PAGE_SIZE))


# ---------------------------------------------------------------------------------------
# The article as HTML


def _shown_cites(piece: Piece, only: frozenset[str] | None) -> tuple[Cite, ...]:
    """The rows of a piece that the reader asked to see: all, or those named in `only`."""
    if only is not None and piece.ids.isdisjoint(only):
        return ()  # most pieces, when the filters keep little: no row to look at
    cites = piece.cites or tuple(Cite(k, k.split("/")[0], k, k, "") for k in piece.keys)
    if only is None:
        return cites
    return tuple(c for c in cites if c.key in only or c.row_id in only)


def _title(cites: tuple[Cite, ...]) -> tuple[str, str]:
    """The summary's title and data-rows: the citing rows by key, past MARK_ROWS counted."""
    keys = [c.key for c in cites]
    shown = ", ".join(keys[:MARK_ROWS])
    if len(keys) > MARK_ROWS:
        shown += f" … and {len(keys) - MARK_ROWS:,} more rows (see the table below)"
    return "Cited by: " + shown, " ".join(keys[:MARK_ROWS])


class Mark(NamedTuple):
    """A piece as the template draws it: the text and, for a cited piece (`number` from 1),
    its disclosure's number and shade, the summary's title and data-rows, and the rows its
    list names. The template unpacks the fields in this order (no lookup per field)."""

    html: Markup  # the text with its sentence numbers (`Piece.html`)
    number: int = 0  # 0: text no row the reader asked to see cites, drawn as it is
    tone: int = 0
    title: str = ""
    rows: str = ""
    count: int = 0  # rows citing it that the reader asked to see
    listed: Markup = Markup()  # the first MARK_ROWS of them, each as its list item
    more: int = 0  # those not listed
    others: int = 0  # rows citing it that the filters leave out


def _mark(number: int, piece: Piece, cites: tuple[Cite, ...], shades: tuple[Shade, ...]) -> Mark:
    title, rows = _title(cites)
    count = len(cites)
    tone = shade_of(shades, count).tone
    listed = joined([c.html for c in cites[:MARK_ROWS]])
    more = max(0, count - MARK_ROWS)
    return Mark(piece.html, number, tone, title, rows, count, listed, more, len(piece.keys) - count)


def article_shades(
    pieces: tuple[tuple[Piece, ...], ...], only: frozenset[str] | None = None
) -> tuple[Shade, ...]:
    """The shades of the whole article (every page), counting the rows in `only` if given."""
    weights: dict[int, int] = {}
    for paragraph in pieces:
        for piece in paragraph:
            count = len(_shown_cites(piece, only)) if piece.keys else 0
            if count:
                weights[count] = weights.get(count, 0) + max(piece.size, 1)
    return shade_steps(weights)


def article_html(
    visit: Visit,
    citations: pd.DataFrame,
    only: frozenset[str] | set[str] | None = None,
    pieces: tuple[tuple[Piece, ...], ...] | None = None,
    page: int | None = None,
) -> str:
    """The article as escaped HTML paragraphs under a key to its shades, each cited piece a
    `<details>` disclosure (see the module's docstring).

    Pieces cut at every span boundary, so disclosures never nest or overlap. A summary's
    class `t1`…`t4` is its shade; its `title` and `data-rows` name the citing rows
    ('events/summit'; past MARK_ROWS, the title counts the rest); `data-count` is how many
    cite it. Each sentence starts with a superscript number. With `only` (bare ids such
    as 'summit', or keys such as 'events/summit'), only pieces cited by those rows are
    marked, shaded by how many of them cite it. `pieces` is `article_pieces(visit,
    citations)`, when the caller keeps it. With `page` (from 1), only that page's
    paragraphs are drawn; marks keep the numbers they have in the whole article.
    """
    if pieces is None:
        pieces = article_pieces(visit, citations)
    kept = None if only is None else frozenset(only)
    first, last = 0, len(pieces)
    if page is not None:
        first = (min(max(page, 1), article_page_count(pieces)) - 1) * ARTICLE_PAGE_SIZE
        last = first + ARTICLE_PAGE_SIZE
    shades = article_shades(pieces, kept)
    return style("article.css") + render(
        "article.html",
        paragraphs=_drawn(pieces, kept, shades, first, last),
        shades=shades,
        kept_only=kept is not None,
    )


def _drawn(
    pieces: tuple[tuple[Piece, ...], ...],
    kept: frozenset[str] | None,
    shades: tuple[Shade, ...],
    first: int,
    last: int,
) -> list[list[Mark]]:
    """Paragraphs `first` to `last` (exclusive), each a list of marks: a cited piece, or a
    run of pieces no row the reader asked to see cites, as one. Marks are numbered from the
    article's start."""
    paragraphs = []
    mark_number = 0
    for index, paragraph in enumerate(pieces[:last]):
        drawn: list[Mark] = []
        plain: list[Markup] = []
        for piece in paragraph:
            cites = _shown_cites(piece, kept) if piece.keys else ()
            mark_number += bool(cites)
            if index < first:
                continue
            if not cites:
                plain.append(piece.html)
                continue
            if plain:
                drawn.append(Mark(joined(plain)))
                plain = []
            drawn.append(_mark(mark_number, piece, cites, shades))
        if index >= first:
            paragraphs.append(drawn + [Mark(joined(plain))] if plain else drawn)
    return paragraphs
