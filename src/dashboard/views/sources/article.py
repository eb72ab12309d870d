"""The article as HTML for `st.html`, with every cited span marked.

The article is cut at every boundary of a quoted span (`article_pieces`, once per visit);
each piece knows the rows that cite it. `article_html` then draws the pieces a reader asks
for: every cited piece, or only those cited by the rows the filters keep. Each is shaded by
how many rows cite it, in a few steps (`shade_steps`) that a key above the article names in
words, and each is a disclosure: a `<details>` whose `<summary>` is the cited text itself,
so a click, a tap, or Tab then Enter or Space opens the list of the rows citing it (their
table, title and quoted span), with no script. Pure; every piece of text from the article
or the data goes through `html.escape`.
"""

from __future__ import annotations

import html
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

import pandas as pd

from ...data.provenance import sentences
from ...model.cells import text
from ...model.visit import Visit
from .shades import Shade, shade_key_html, shade_of, shade_steps
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


@dataclass(frozen=True)
class Piece:
    """A piece of the article between span boundaries, as HTML, with the rows citing it."""

    body: str  # escaped text, with the sentence numbers that start inside it
    keys: tuple[str, ...]  # citing rows, 'events/summit', in the citations' order
    ids: frozenset[str]  # the keys and the bare row ids
    cites: tuple[Cite, ...] = ()  # the citing rows, in the order of `keys`
    size: int = 0  # characters of article text


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


def _sup(number: int) -> str:
    return f'<sup class="sentence-number" id="sentence-{number}">{number}</sup>'


def _text_with_numbers(text_: str, a: int, b: int, starts: dict[int, int]) -> str:
    """Escaped text[a:b] with a sentence number before each sentence starting inside it."""
    out = []
    last = a
    for at in sorted(s for s in starts if a < s < b):
        out.append(html.escape(text_[last:at]))
        out.append(_sup(starts[at]))
        last = at
    out.append(html.escape(text_[last:b]))
    return "".join(out)


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
    paragraphs = []
    for p_start, p_end in _paragraphs(source):
        pieces = []
        for a, b, keys in _segments(p_start, p_end, spans):
            body = (_sup(starts[a]) if a in starts else "") + _text_with_numbers(
                source, a, b, starts
            )
            cites = _cites(keys, a, located, titles)
            ids = frozenset(keys) | frozenset(c.row_id for c in cites if c.row_id)
            pieces.append(Piece(body, keys, ids, cites, b - a))
        paragraphs.append(tuple(pieces))
    return tuple(paragraphs)


def article_page_count(pieces: tuple[tuple[Piece, ...], ...]) -> int:
    """How many pages of ARTICLE_PAGE_SIZE paragraphs the article takes (at least one)."""
    return max(1, -(-len(pieces) // ARTICLE_PAGE_SIZE))


# ---------------------------------------------------------------------------------------
# The article as HTML

# Tones: a light-to-dark yellow ramp (one hue, readable for colour-blind readers), and an
# underline that thickens with it, so the step shows without colour too. The article's
# text keeps 4.5:1 or more on every tone.
ARTICLE_CSS = """
.source-article{line-height:1.75;}
.source-article .para{margin:0 0 0.9em 0;}
.source-article sup.sentence-number{color:#333;font-size:0.7em;margin-right:0.2em;}
.source-article details.cite{display:inline;}
.source-article details.cite::details-content{display:none;}
.source-article details.cite[open]::details-content{display:contents;}
.source-article details.cite > summary{display:inline;list-style:none;cursor:pointer;
  color:inherit;padding:0 1px;border-radius:2px;border-bottom:1px solid #7A4B00;
  -webkit-box-decoration-break:clone;box-decoration-break:clone;}
.source-article details.cite > summary::-webkit-details-marker{display:none;}
.source-article details.cite > summary:focus-visible{outline:3px solid #005A8C;
  outline-offset:1px;}
.source-article details.cite[open] > summary{outline:2px solid #0E1117;}
.source-article .t1{background:#FFF6CC;border-bottom-width:1px;}
.source-article .t2{background:#FFE588;border-bottom-width:2px;}
.source-article .t3{background:#F9C94A;border-bottom-width:3px;}
.source-article .t4{background:#EFA032;border-bottom-width:4px;}
.source-article .cite-rows{display:block;margin:0.3em 0 0.5em 0;padding:0.45em 0.75em;
  border:1px solid #B8BCC6;border-left:4px solid #7A4B00;border-radius:4px;
  background:#FAFAFA;font-size:0.92em;line-height:1.5;}
.source-article .cite-rows p{margin:0 0 0.3em 0;font-weight:600;}
.source-article .cite-rows ul{margin:0;padding-left:1.1em;}
.source-article .cite-rows li{margin:0.15em 0;}
.source-article .cite-rows q{font-style:italic;}
.source-article .cite-key{display:flex;flex-wrap:wrap;gap:0.35em 0.5em;align-items:center;
  margin:0 0 1em 0;font-size:0.9em;}
.source-article .cite-sample{padding:0.05em 0.4em;border-bottom:1px solid #7A4B00;
  border-radius:2px;}
.source-article .cite-sample.t0{border:1px dashed #767676;}
"""


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


def _rows_list(cites: tuple[Cite, ...], others: int, kept_only: bool) -> str:
    """The disclosure's content: how many rows cite the piece, then each (table, title,
    quoted span), MARK_ROWS at most."""
    e = html.escape
    whose = " the filters keep" if kept_only else ""
    head = f"Cited by {len(cites):,} row{'' if len(cites) == 1 else 's'}{whose}"
    items = "".join(
        f"<li><b>{e(TABLE_NOUNS.get(c.table, (c.table,))[0])}:</b> {e(c.title)}"
        + (f" — <q>{e(c.span)}</q>" if c.span else "")
        + "</li>"
        for c in cites[:MARK_ROWS]
    )
    notes = []
    if len(cites) > MARK_ROWS:
        notes.append(
            f"<li>… and {len(cites) - MARK_ROWS:,} more: the table “Which rows cite which "
            "sentence” below lists every one.</li>"
        )
    if others:
        notes.append(
            f"<li>{others:,} other row{'' if others == 1 else 's'} that the filters leave "
            "out cite it too.</li>"
        )
    return f'<div class="cite-rows"><p>{head}:</p><ul>{items}{"".join(notes)}</ul></div>'


def _mark(number: int, piece: Piece, cites: tuple[Cite, ...], shade: Shade, kept: bool) -> str:
    title, rows = _title(cites)
    return (
        f'<details class="cite" id="span-{number}">'
        f'<summary class="t{shade.tone}" title="{html.escape(title, quote=True)}" '
        f'data-rows="{html.escape(rows, quote=True)}" data-count="{len(cites)}">'
        f"{piece.body}</summary>"
        f"{_rows_list(cites, len(piece.keys) - len(cites), kept)}</details>"
    )


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
    paragraphs = []
    mark_number = 0
    for index, paragraph in enumerate(pieces):
        parts = []
        for piece in paragraph:
            cites = _shown_cites(piece, kept) if piece.keys else ()
            if cites:
                mark_number += 1
            if not first <= index < last:
                continue
            if not cites:
                parts.append(piece.body)
                continue
            shade = shade_of(shades, len(cites))
            parts.append(_mark(mark_number, piece, cites, shade, kept is not None))
        if first <= index < last:
            paragraphs.append('<div class="para" role="paragraph">' + "".join(parts) + "</div>")
    return (
        f"<style>{ARTICLE_CSS}</style>"
        '<div class="source-article">'
        + shade_key_html(shades, kept is not None)
        + "\n".join(paragraphs)
        + "</div>"
    )
