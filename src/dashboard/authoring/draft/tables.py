"""One step per table: each takes the records it needs and returns the table's rows (cells
as text, ready for the CSV), and, where an editor must check something, its checks."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from ...data.provenance import normalise, quote_spans
from ...data.schema import PALETTE
from .dates import Dates
from .event_words import Event
from .figures import Figure
from .itinerary import Leg
from .people import Person
from .places import Place
from .text import Sentence, cell_text
from .topics import Topic, names_topic
from .visit import Visit

Row = dict[str, str]
DRAFT = "true"
#: The topic of what no agenda word covers.
GENERAL_TOPIC = "the-visit"
#: Topics beyond one per colour of the palette are left out (the general topic takes one).
MAX_TOPICS = len(PALETTE) - 1
#: A placeholder day for a visit with no dates found (the schema's own).
NO_DAY = "1900-01-01"


def _day(day: dt.date | None) -> str:
    return day.isoformat() if day else ""


def _num(value: float) -> str:
    return f"{value:g}" if value != int(value) else str(int(value))


def visit_rows(visit: Visit, dates: Dates, visit_id: str, seed: str, quote: str) -> list[Row]:
    """The visit's one row: who, where, when (placeholders when unknown) and the article."""
    return [
        {
            "id": visit_id,
            "title": visit.title or f"Visit {visit_id}",
            "guest": visit.guest.name if visit.guest else "(not found)",
            "guest_country": visit.guest_country or "not stated",
            "host": visit.host.name if visit.host else "(not found)",
            "host_country": visit.host_country or "not stated",
            "start_date": _day(visit.first) or _day(dates.written) or NO_DAY,
            "end_date": _day(visit.last) or _day(dates.written) or NO_DAY,
            "seed": seed,
            "quote": quote,
            "basis": "inferred" if visit.notes else "article",
            "basis_note": " ".join(visit.notes)[:1000],
            "reported_on": _day(dates.written),
        }
    ]


def visit_checks(visit: Visit) -> list[str]:
    """A visit with no dates found has placeholders to replace."""
    if visit.first is None:
        return [
            f"No visit dates found: start_date and end_date are placeholders ({NO_DAY}); set them."
        ]
    return []


def topic_rows(topics: Sequence[Topic], quote: str) -> list[Row]:
    """The general topic, then the text's own, each with a colour of the palette."""
    general = {
        "id": GENERAL_TOPIC,
        "label": "The visit",
        "description": "Travel, talks and ceremonies of the visit as a whole (draft: split "
        "into topics as needed).",
        "quote": quote,
        "basis": "article",
        "basis_note": "A general topic the draft adds for events no agenda word covers.",
    }
    rows = [general]
    for t in topics:
        rows.append(
            {
                "id": t.id,
                "label": t.label,
                "description": (t.context[0].quote() if t.context else t.sentence.quote())[:300],
                "quote": t.quote,
                "basis": "article",
                "basis_note": "Candidate topic from the article's agenda words.",
            }
        )
    return [{**row, "colour": colour} for row, colour in zip(rows, PALETTE, strict=False)]


def place_rows(places: Sequence[Place]) -> list[Row]:
    """The places, coordinates to four decimals (about 10 m)."""
    return [
        {
            "id": p.id,
            "name": p.name,
            "kind": p.kind,
            "city_id": p.city_id,
            "country": p.country or "not stated",
            "lat": "" if p.lat is None else f"{p.lat:.4f}",
            "lon": "" if p.lon is None else f"{p.lon:.4f}",
            "timezone": p.timezone,
            "quote": p.quote,
            "basis": p.basis,
            "basis_note": p.note,
        }
        for p in places
    ]


def place_checks(places: Sequence[Place]) -> list[str]:
    """Coordinates to add, inferred places, and gazetteer places that may be others."""
    checks = []
    for p in places:
        if p.lat is None:
            zone = ", and its time zone." if p.kind == "venue" and not p.timezone else "."
            checks.append(
                f"places.csv, {p.id}: “{p.name}” is not in the gazetteer; add its lat and lon{zone}"
            )
        elif p.basis == "inferred":
            checks.append(f"places.csv, {p.id}: {p.note}")
        if p.doubt:
            checks.append(f"places.csv, {p.id}: {p.doubt}.")
    return checks


def people_rows(people: Sequence[Person], visit: Visit) -> list[Row]:
    """The people, the guest's and host's country inferred from the visit where the text
    gives them none."""
    rows = []
    for p in people:
        inferred = visit.inferred_country(p)
        note = ""
        if inferred:
            which = "the guest's country" if p == visit.guest else "taken as the host"
            note = f"country {inferred}: {which} (inferred)"
        rows.append(
            {
                "id": p.id,
                "name": p.name,
                "role": p.role,
                "country": p.country or inferred or "not stated",
                "quote": p.quote,
                "basis": "inferred" if note else "article",
                "basis_note": note,
            }
        )
    return rows


def people_checks(people: Sequence[Person], visit: Visit) -> list[str]:
    """The people whose country neither the text nor the visit gives."""
    return [
        f"people.csv, {p.id}: the article does not say {p.name}'s country."
        for p in people
        if not (p.country or visit.inferred_country(p))
    ]


def event_topics(event: Event, topics: Sequence[Topic]) -> list[str]:
    """The topics whose words an event uses, else the general topic."""
    text = f"{event.title} {event.quote}"
    return [t.id for t in topics if names_topic(text, t)] or [GENERAL_TOPIC]


def event_rows(events: Sequence[Event], topics: Sequence[Topic]) -> list[Row]:
    """The events, each with its topics (see `event_topics`); no time is drafted."""
    return [
        {
            "id": e.id,
            "title": e.title,
            "kind": e.kind,
            "status": e.status,
            "date_start": _day(e.first),
            "date_end": _day(e.last),
            "date_precision": e.precision,
            "date_as_written": e.as_written,
            "time_local": "",
            "day_part": "",
            "place_id": e.place.id if e.place else "",
            "participants": " ".join(p.id for p in e.participants),
            "topics": " ".join(event_topics(e, topics)),
            "background": "true" if e.background else "false",
            "summary": e.sentence.quote()[:400],
            "quote": e.quote,
            "basis": "article",
            "basis_note": e.note,
            "place_id_basis": e.place_basis if e.place and e.place_basis != "article" else "",
        }
        for e in events
    ]


def event_checks(events: Sequence[Event]) -> list[str]:
    """What was guessed of an event of the visit: its days or its place."""
    return [f"events.csv, {e.id}: {e.note}" for e in events if e.note and not e.background]


def leg_rows(legs: Sequence[Leg]) -> list[Row]:
    """The legs; a first arrival with no known start is no leg."""
    return [
        {
            "id": f"{leg.origin.id}-{leg.destination.id}",
            "seq": str(leg.seq),
            "from_place": leg.origin.id,
            "to_place": leg.destination.id,
            "date": _day(leg.date),
            "date_precision": "day",
            "quote": leg.quote,
            "basis": leg.basis,
            "basis_note": leg.note,
        }
        for leg in legs
        if not leg.arrival_only
    ]


def card_rows(topics: Sequence[Topic], events: Sequence[Event]) -> list[Row]:
    """One issue card per topic: its aim and why are the text's sentences about it."""
    cards = []
    for t in topics:
        context = t.context[0] if t.context else t.sentence
        related = [e.id for e in events if names_topic(f"{e.title} {e.quote}", t)]
        why = "Draft: the article says no more about why this matters than the line above; write it, or keep it short."
        if context is not t.sentence:
            why = t.sentence.quote()[:400]
        cards.append(
            {
                "id": t.id,
                "topic": t.id,
                "title": t.label,
                "aim": context.quote()[:400],
                "why": why,
                "sensitivity": t.sensitivity,
                "status": "on the agenda",
                "related_events": " ".join(dict.fromkeys(related)),
                "quote": t.quote + (f" | {context.quote()}" if context is not t.sentence else ""),
                "basis": "article",
                "basis_note": "Draft card: aim and why are the article's sentences about the "
                "topic; rewrite them in a line each.",
                "aim_of": "",
            }
        )
    return cards


def _figure_label(f: Figure) -> str:
    """The figure's label; a visit's stated length is named so (the overview counts its
    days already)."""
    if f.unit == "days" and f.value_as_written.endswith("-day"):
        return "Length of the visit"
    return f.label


def figure_rows(figures: Sequence[Figure], cards: Sequence[Row]) -> list[Row]:
    """The figures, each on the card whose quote holds it; the first three that are
    neither a year nor the visit's length are headlines."""
    headlines = [
        f for f in figures if f.unit != "year" and _figure_label(f) != "Length of the visit"
    ][:3]
    return [
        {
            "id": f.id,
            "card_id": next(
                (
                    c["id"]
                    for c in cards
                    if f.sentence.quote() in c["quote"] or f.quote in c["quote"]
                ),
                "",
            ),
            "label": _figure_label(f),
            "value": _num(f.value),
            "value_as_written": f.value_as_written,
            "unit": f.unit,
            "qualifier": f.qualifier,
            "headline": "true" if f in headlines else "false",
            "quote": f.quote,
            "basis": "article",
            "basis_note": "",
        }
        for f in figures
    ]


def finished(tables: dict[str, list[Row]], visit_id: str) -> dict[str, list[Row]]:
    """Every row marked as a draft and, but for the visit's own, tied to the visit; every
    cell made safe (see `cell_text`)."""
    done = {}
    for name, rows in tables.items():
        tie = {} if name == "visits" else {"visit_id": visit_id}
        done[name] = [
            {c: cell_text(v) for c, v in {**row, **tie, "draft": DRAFT}.items()} for row in rows
        ]
    return done


def uncovered(sentences: Sequence[Sentence], tables: dict[str, list[Row]]) -> list[Sentence]:
    """The sentences no row quotes."""
    spans = [
        normalise(span)
        for rows in tables.values()
        for row in rows
        for span in quote_spans(row.get("quote", ""))
    ]
    return [s for s in sentences if not any(span and span in normalise(s.text) for span in spans)]
