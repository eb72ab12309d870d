"""Issue cards: one per agenda issue, as plain data and as escaped HTML.

`issue_cards` gathers each card's topic, status, aim, key figures, related events and
quotes; `card_html` renders one card from a template (`templates/issue_card.html`), which
escapes every field, so text from the data can never run as HTML.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

import pandas as pd
from markupsafe import Markup

from ..data.schema import CARD_OUTCOME
from ..model.agreement import card_outcomes, flag_line
from ..model.cells import text
from ..model.citations import quoted_sentences
from ..model.colours import text_colour_on
from ..model.visit import Visit, per_visit
from ..model.words import date_text, figure_label, figure_value
from .templates import macro, render, style

# The keys are the link's `sort` values (filters.SORTS, checked by a test).
SORTS = {
    "sensitivity": "Most sensitive first",
    "date": "Earliest event first",
    "latest": "Latest event first",
    "topic": "Topic",
    "title": "Title (A-Z)",
    "outcome": "Outcome, agreed first",
}
# Findings worth a flag on a card, most serious first; derivations and checks that agree
# are listed on the Sources page only.
FLAG_ORDER = {"contradiction": 0, "ambiguity": 1, "imprecise": 2, "inference": 3}
SENSITIVITY_RANK = {"sensitive": 0, "top priority": 1, "on the agenda": 2, "context": 3}
#: A card's status, as the article gives it, in words about an issue (its own vocabulary:
#: an issue is not "done" the way an event is) and said to be the plan, beside the outcome.
CARD_PLAN = {
    "on the agenda": "to be discussed",
    "scheduled": "an event planned",
    "expected": "a result expected",
    "ongoing": "under way",
    "done": "acted on before the visit",
}
#: A card's sensitivity as its badge says it; "on the agenda" is a status's word too.
SENSITIVITY_WORDS = {"on the agenda": "agenda item"}
#: Outcomes in the order "Outcome, agreed first" sorts them; a card with none comes last.
OUTCOME_RANK = {o: i for i, o in enumerate(CARD_OUTCOME)}


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
    value_as_written: str  # as the article writes it ('' for a figure first reported after it)
    unit: str
    note: str = ""  # first reported after the article; where the sources differ


@dataclass(frozen=True)
class IssueCard:
    id: str
    title: str
    topic: str
    topic_label: str
    colour: str
    text_colour: str
    sensitivity: str
    sensitivity_words: str  # the badge's words (`SENSITIVITY_WORDS`)
    status: str
    plan: str  # the status as the card says it (`CARD_PLAN`)
    visit_id: str  # for the link to its quotes in the article
    aim: str
    aim_of: str  # whose aim, as the article names them; '' when it does not
    why: str
    figures: tuple[KeyFigure, ...]
    events: tuple[RelatedEvent, ...]
    quotes: tuple[tuple[str, int | None], ...]  # each span, and its sentence in the article
    findings: tuple[str, ...]  # plain sentences about the source's own problems
    basis: str
    basis_note: str
    #: What came of it, by the reports: the outcome word, our note, who says so, and where
    #: they differ ('' for a visit without reports).
    outcome: str = ""
    outcome_note: str = ""
    outcome_sources: str = ""
    outcome_flag: str = ""

    @cached_property
    def html(self) -> Markup:
        """The card as HTML (templates/issue_card.html, every field escaped), rendered once:
        a card is built once per visit (`_Built`), and so is its HTML."""
        return macro("issue_card.html", "issue_card")(self)


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
        self.visit, self.outcomes = visit, card_outcomes(visit)
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

    def _figure(self, figure: dict) -> KeyFigure:
        """A figure as the article writes it, or, first reported after it, as the reports
        give it (with where they differ)."""
        written, note = str(figure["value_as_written"]), ""
        flag = flag_line(self.visit, "figures", str(figure["id"]))
        if str(figure.get("basis") or "") == "reported":
            written, note = "", "first reported after the article"
        if flag:
            note = "; ".join(part for part in (note, flag[:1].lower() + flag[1:]) if part)
        return KeyFigure(
            figure_label(str(figure["label"]), figure["unit"]),
            figure_value(figure["value"], figure["unit"], figure["qualifier"] or ""),
            written,
            figure["unit"],
            note,
        )

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
            sensitivity_words=SENSITIVITY_WORDS.get(
                str(card["sensitivity"]), str(card["sensitivity"])
            ),
            status=str(card["status"]),
            plan=CARD_PLAN.get(str(card["status"]), str(card["status"])),
            visit_id=self.visit.id,
            aim=card["aim"],
            aim_of=text(card.get("aim_of")),
            why=card["why"],
            figures=tuple(self._figure(f) for f in self.figures.get(card["id"], ())),
            events=related,
            quotes=quoted_sentences(self.visit, card["quote"]),
            findings=card_findings,
            basis=str(card["basis"]),
            basis_note=str(card["basis_note"] or ""),
            **self._outcome(str(card["id"])),
        )

    def _outcome(self, card_id: str) -> dict[str, str]:
        outcome = self.outcomes.get(card_id)
        if outcome is None:
            return {}
        told = ", ".join(
            part
            for part in (
                f"{outcome.sources:,} report{'s' if outcome.sources != 1 else ''}"
                if outcome.sources
                else "",
                f"{outcome.summaries:,} summar{'ies' if outcome.summaries != 1 else 'y'}"
                if outcome.summaries
                else "",
            )
            if part
        )
        return {
            "outcome": outcome.word,
            "outcome_note": outcome.note,
            "outcome_sources": told,
            "outcome_flag": flag_line(self.visit, "issue_cards", card_id),
        }


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
    elif sort == "outcome":
        outcomes = card_outcomes(visit)
        ranks = [
            OUTCOME_RANK.get(outcomes[c].word, len(OUTCOME_RANK)) if c in outcomes else 99
            for c in cards["id"].astype(str).tolist()
        ]
        keys = list(zip(ranks, titles, strict=True))
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


def card_html(card: IssueCard) -> str:
    """One card as HTML (templates/issue_card.html), every field from data escaped."""
    return str(card.html)


def cards_html(cards: Sequence[IssueCard]) -> str:
    """The cards of one page as one block: a grid of two columns, one on a narrow screen,
    in reading order row by row. One element instead of a container per card keeps the
    page's rerun short."""
    return style("cards.css") + render("cards.html", cards=cards)
