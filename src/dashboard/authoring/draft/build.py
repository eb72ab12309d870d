"""From article to draft tables: the finders read the text, then one step per table turns
what they found into rows, each cited and marked as a draft."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

from .dates import Dates, find_dates
from .events import find_events
from .figures import find_figures
from .findings import finding_rows
from .itinerary import find_legs
from .people import find_people
from .places import find_places
from .tables import (
    DRAFT,
    MAX_TOPICS,
    Row,
    card_rows,
    event_checks,
    event_rows,
    figure_rows,
    finished,
    leg_rows,
    people_checks,
    people_rows,
    place_checks,
    place_rows,
    topic_rows,
    uncovered,
    visit_checks,
    visit_rows,
)
from .text import Sentence, split_sentences
from .topics import find_topics
from .visit import find_visit, visit_days, with_home

__all__ = ["DRAFT", "Draft", "draft_tables"]


@dataclass(frozen=True)
class Draft:
    """The drafted rows per table, and what the editor should check, in order."""

    visit_id: str
    tables: dict[str, list[Row]]
    sentences: list[Sentence]
    dates: Dates
    checks: list[str] = field(default_factory=list)
    uncovered: list[Sentence] = field(default_factory=list)  # sentences no row quotes


def draft_tables(text: str, visit_id: str, seed: str, written: dt.date | None = None) -> Draft:
    """Draft every table of a visit from an article's text; `seed` is the article's path
    as visits.csv gives it, `written` the date of writing if known."""
    sentences = split_sentences(text)
    dates = find_dates(sentences, written)
    people = find_people(sentences)
    named_places = find_places(sentences, people)
    visit = find_visit(sentences, people, named_places)
    places = with_home(named_places, visit)
    legs = find_legs(sentences, places, dates, visit.home)
    first, last = visit_days(legs, dates)
    visit = replace(visit, first=first, last=last)
    events = find_events(sentences, dates, people, places, legs, visit)
    topics = find_topics(sentences)[:MAX_TOPICS]
    quote = visit.quote or (sentences[0].quote() if sentences else "")
    legs_table = leg_rows(legs)
    cards = card_rows(topics, events)
    tables = {
        "visits": visit_rows(visit, dates, visit_id, seed, quote),
        "topics": topic_rows(topics, quote),
        "places": place_rows(places),
        "people": people_rows(people, visit),
        "events": event_rows(events, topics),
        "legs": legs_table,
        "issue_cards": cards,
        "figures": figure_rows(find_figures(sentences, dates.mentions), cards),
        "findings": finding_rows(sentences, dates, visit, legs, events, legs_table, visit_id),
    }
    tables = finished(tables, visit_id)
    checks = [
        *dates.guesses,
        *visit.notes,
        *visit_checks(visit),
        *place_checks(places),
        *people_checks(people, visit),
        *event_checks(events),
    ]
    return Draft(visit_id, tables, sentences, dates, checks, uncovered(sentences, tables))
