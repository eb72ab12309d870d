"""Issue cards: one per agenda issue, as plain data and as escaped HTML.

`issue_cards` gathers each card's topic, status, aim, key figures, related events and
quotes; `card_html` renders one card with every data field escaped, so text from the
data can never run as HTML.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

import pandas as pd

from ..data.provenance import quote_spans
from ..model.cells import text
from ..model.colours import text_colour_on
from ..model.visit import Visit, per_visit
from ..model.words import date_text, figure_value

# The keys are the link's `sort` values (filters.SORTS, checked by a test).
SORTS = {
    "sensitivity": "Most sensitive first",
    "date": "Earliest event first",
    "latest": "Latest event first",
    "topic": "Topic",
    "title": "Title (A-Z)",
}
# Findings worth a flag on a card, most serious first; derivations and checks that agree
# are listed on the Sources page only.
FLAG_ORDER = {"contradiction": 0, "ambiguity": 1, "imprecise": 2, "inference": 3}
SENSITIVITY_RANK = {"sensitive": 0, "top priority": 1, "on the agenda": 2, "context": 3}


@dataclass(frozen=True)
class RelatedEvent:
    id: str
    title: str
    when: str
    place: str
    background: bool


@dataclass(frozen=True)
class KeyFigure:
    label: str
    value: str  # as shown: "> 10", "2017"
    value_as_written: str
    unit: str


@dataclass(frozen=True)
class IssueCard:
    id: str
    title: str
    topic: str
    topic_label: str
    colour: str
    text_colour: str
    sensitivity: str
    status: str
    aim: str
    aim_of: str  # whose aim, as the article names them; '' when it does not
    why: str
    figures: tuple[KeyFigure, ...]
    events: tuple[RelatedEvent, ...]
    quotes: tuple[str, ...]
    findings: tuple[str, ...]  # plain sentences about the source's own problems
    basis: str
    basis_note: str


def issue_cards(
    visit: Visit, cards: pd.DataFrame, sort: str | None = "sensitivity"
) -> list[IssueCard]:
    """Cards for the given rows of `visit.issue_cards`, ordered by `sort` (see SORTS and
    `sort_rows`); with `sort=None`, in the order of the rows (already sorted and paged).

    A card depends on its visit alone, so each is built once per visit (`_Built`) and a
    filter click that shows it again only looks it up."""
    if sort is not None:
        cards = sort_rows(visit, cards, sort)
    built = _built_for(visit)
    return [built.card(row) for row in cards.to_dict("records")]


# The fields of a related event that a card shows.
_EVENT_FIELDS = ("id", "title", "place_name", "background", "date_start", "date_end",
                 "date_precision")  # fmt: skip


class _Built:
    """What the cards of one visit are built from, read once, and the cards built so far."""

    def __init__(self, visit: Visit):
        events = visit.events[list(_EVENT_FIELDS)]
        self.events = {e["id"]: e for e in events.to_dict("records")}
        flagged = (f for f in visit.findings.to_dict("records") if f["kind"] in FLAG_ORDER)
        self.flagged = sorted(flagged, key=lambda f: FLAG_ORDER[f["kind"]])
        self.figures: dict[str, list[dict]] = {}
        for figure in visit.figures.to_dict("records"):
            self.figures.setdefault(figure["card_id"], []).append(figure)
        self.colours, self.labels = visit.topic_colours, visit.topic_labels
        self.cards: dict[str, IssueCard] = {}
        self._dates: dict[bool, dict] = {}

    def dates(self, latest: bool) -> dict:
        """Event id -> the first day it may start, or (`latest`) the last it may end."""
        found = self._dates.get(latest)
        if found is None:
            found = self._dates[latest] = {
                event_id: e["date_end"] if latest and pd.notna(e["date_end"]) else e["date_start"]
                for event_id, e in self.events.items()
            }
        return found

    def card(self, row: dict) -> IssueCard:
        found = self.cards.get(row["id"])
        if found is None:
            found = self.cards[row["id"]] = self._card(row)
        return found

    def _related(self, event_id: str) -> RelatedEvent:
        e = self.events[event_id]
        return RelatedEvent(
            id=event_id,
            title=str(e["title"]),
            when=date_text(e),
            place=str(e["place_name"] or "place not stated"),
            background=bool(e["background"]),
        )

    def _card(self, card: dict) -> IssueCard:
        related = tuple(self._related(e) for e in card["related_events"] if e in self.events)
        related_ids = {card["id"], *card["related_events"]}
        card_findings = tuple(
            f"{f['kind'].capitalize()}: {f['says']} → {f['resolved']}"
            for f in self.flagged
            if related_ids & set(f["affects"])
        )
        colour = self.colours[card["topic"]]
        return IssueCard(
            id=card["id"],
            title=card["title"],
            topic=card["topic"],
            topic_label=self.labels[card["topic"]],
            colour=colour,
            text_colour=text_colour_on(colour),
            sensitivity=str(card["sensitivity"]),
            status=str(card["status"]),
            aim=card["aim"],
            aim_of=text(card.get("aim_of")),
            why=card["why"],
            figures=tuple(
                KeyFigure(
                    f["label"],
                    figure_value(f["value"], f["unit"], f["qualifier"] or ""),
                    f["value_as_written"],
                    f["unit"],
                )
                for f in self.figures.get(card["id"], ())
            ),
            events=related,
            quotes=tuple(quote_spans(card["quote"])),
            findings=card_findings,
            basis=str(card["basis"]),
            basis_note=str(card["basis_note"] or ""),
        )


#: The visit's `_Built`, made on first use and dropped with the visit.
_built_for = per_visit(_Built)


PAGE_SIZE = 12


def _event_dates(visit: Visit, cards: pd.DataFrame, latest: bool) -> list:
    """Each card's earliest related event (the first day any may start) or its latest (the
    last day any may end), background events included; None for a card with no event."""
    dates = _built_for(visit).dates(latest)
    pick = max if latest else min
    return [
        pick((dates[e] for e in ids if e in dates), default=None)
        for ids in cards["related_events"].tolist()
    ]


def sort_rows(visit: Visit, cards: pd.DataFrame, sort: str) -> pd.DataFrame:
    """The card rows in the order `sort` asks for (see SORTS), before any card is built, so
    a long list is paginated cheaply: the one place cards are sorted. By date, every related
    event counts, background included, and cards without one come last; ties go by title.

    The keys are plain Python values sorted by `sorted` (stable): for the few dozen rows a
    filter keeps, pandas' sorting machinery cost more than the sort."""
    if cards.empty:
        return cards
    titles = [str(t) for t in cards["title"].tolist()]
    keys: list
    if sort in ("date", "latest"):
        latest = sort == "latest"
        sign = -1 if latest else 1  # latest first, titles still A-Z
        keys = [
            (True, 0, title) if when is None else (False, sign * when.value, title)
            for when, title in zip(_event_dates(visit, cards, latest), titles, strict=True)
        ]
    elif sort == "topic":
        labels = visit.topic_labels
        topics = cards["topic"].tolist()
        keys = [(labels.get(t, ""), title) for t, title in zip(topics, titles, strict=True)]
    elif sort == "title":
        keys = [title.casefold() for title in titles]
    else:
        levels = [SENSITIVITY_RANK.get(str(s), 9) for s in cards["sensitivity"].tolist()]
        keys = list(zip(levels, titles, strict=True))
    order = sorted(range(len(keys)), key=keys.__getitem__)
    return cards.iloc[order]


def page_count(n: int, size: int = PAGE_SIZE) -> int:
    return max(1, -(-n // size))


def page_rows(rows: pd.DataFrame, page: int, size: int = PAGE_SIZE) -> pd.DataFrame:
    """Rows of page `page` (1-based)."""
    start = (max(page, 1) - 1) * size
    return rows.iloc[start : start + size]


def badge_html(label: str, colour: str, text_colour: str) -> str:
    return (
        f'<span class="topic-badge" style="background:{escape(colour)};'
        f'color:{escape(text_colour)}">{escape(label)}</span>'
    )


def aim_label(card: IssueCard) -> str:
    """Whose aim the card states, as the data names them ("X's aim"), or plain "Aim"."""
    return f"{card.aim_of}'s aim" if card.aim_of else "Aim"


def card_html(card: IssueCard) -> str:
    """One card as HTML; every field that came from data is escaped."""
    e = escape
    figures = "".join(
        f"<li>{e(f.label)}: <b>{e(f.value)}</b> <span class='muted'>(“{e(f.value_as_written)}”)"
        "</span></li>"
        for f in card.figures
    )
    events = "".join(
        f"<li>{e(ev.title)} <span class='muted'>· {e(ev.when)} · {e(ev.place)}"
        f"{' · background' if ev.background else ''}</span></li>"
        for ev in card.events
    )
    quotes = "".join(f"<blockquote>“{e(q)}”</blockquote>" for q in card.quotes)
    flags = "".join(f"<li>{e(f)}</li>" for f in card.findings)
    sensitivity_class = "sensitive" if card.sensitivity in ("sensitive", "top priority") else ""
    parts = [
        f'<article class="issue-card" id="card-{e(card.id)}" data-card="{e(card.id)}" '
        f'style="border-left-color:{e(card.colour)}">',
        '<div class="card-head">',
        badge_html(card.topic_label, card.colour, card.text_colour),
        f'<span class="pill {sensitivity_class}">{e(card.sensitivity)}</span>',
        f'<span class="pill">status: {e(card.status)}</span>',
        "</div>",
        f"<h2>{e(card.title)}</h2>",
        f"<p><b>{e(aim_label(card))}:</b> {e(card.aim)}</p>",
        f"<p><b>Why it matters:</b> {e(card.why)}</p>",
    ]
    if figures:
        parts.append(f"<p class='label'>Key figures</p><ul class='figures'>{figures}</ul>")
    if events:
        parts.append(f"<p class='label'>Related events</p><ul>{events}</ul>")
    if flags:
        parts.append(
            f"<details class='flags'><summary class='flag'>⚑ {len(card.findings)} source "
            f"finding{'s' if len(card.findings) != 1 else ''}</summary><ul>{flags}</ul></details>"
        )
    parts.append(
        f"<details><summary>Source ({len(card.quotes)} quote"
        f"{'s' if len(card.quotes) != 1 else ''})</summary>{quotes}</details>"
    )
    parts.append("</article>")
    return "".join(parts)


def cards_html(cards: Sequence[IssueCard]) -> str:
    """The cards of one page as one block: a grid of two columns, one on a narrow screen,
    in reading order row by row. One element instead of a container per card keeps the
    page's rerun short."""
    return CARD_CSS + '<div class="card-grid">' + "".join(map(card_html, cards)) + "</div>"


CARD_CSS = """
<style>
.issue-card{border:1px solid rgba(49,51,63,.2);border-left:6px solid;border-radius:.5rem;
 padding:.75rem 1rem;margin:0 0 .75rem 0;background:var(--background-color, #fff);}
.issue-card h2{font-size:1.1rem;margin:.4rem 0 .4rem 0;padding:0;}
.issue-card p{margin:.25rem 0;}
.issue-card ul{margin:.1rem 0 .4rem 1.1rem;padding:0;}
.issue-card .label{font-weight:600;margin-top:.5rem;}
.issue-card .muted{color:#555;}
.issue-card blockquote{margin:.3rem 0;padding:.2rem .6rem;border-left:3px solid #999;
 color:#333;font-style:italic;}
.issue-card .flag{color:#8a3b00;font-weight:600;}
.issue-card details{margin:.3rem 0;}
.issue-card summary{cursor:pointer;}
.card-head{display:flex;flex-wrap:wrap;gap:.4rem;align-items:center;}
.topic-badge{display:inline-block;padding:.1rem .55rem;border-radius:1rem;font-size:.85rem;
 font-weight:600;}
.pill{display:inline-block;padding:.05rem .5rem;border-radius:1rem;font-size:.8rem;
 border:1px solid #888;color:#333;}
.pill.sensitive{border-color:#8a3b00;color:#8a3b00;font-weight:600;}
.card-grid{display:grid;grid-template-columns:repeat(2,minmax(0,1fr));column-gap:1rem;
 align-items:start;}
@media (max-width:640px){.card-grid{grid-template-columns:minmax(0,1fr);}}
</style>
"""
