"""The findings table: what an editor should know of the text, each with its evidence.

Contradictions and derivations of the dates (see `dates`), events with no stated day,
anniversaries checked against the visit's year, years counted back, spans of time checked
against the date of writing, the inferred home city, and where the date of writing came from.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .date_words import LIFESPAN, number
from .dates import Dates
from .event_words import Event
from .ids import slug
from .itinerary import Leg
from .text import Sentence
from .visit import Visit

Row = dict[str, str]


def finding_rows(
    sentences: list[Sentence],
    dates: Dates,
    visit: Visit,
    legs: Sequence[Leg],
    events: Sequence[Event],
    leg_rows: Sequence[Row],
    visit_id: str,
) -> list[Row]:
    """Every finding of the draft, in the order above."""
    checks = [
        *_anniversaries(sentences, dates, visit, visit_id),
        *_counted_back(dates, events),
        *_spans_checked(sentences, dates),
        *_home_inferred(visit, legs),
        *_date_of_writing(dates, visit_id),
    ]
    return [
        *_date_findings(dates, events, leg_rows, visit_id),
        *_imprecise(events),
        *_with_unique_ids(checks),
    ]


def _with_unique_ids(rows: list[Row]) -> list[Row]:
    """The rows, a repeated id made unique with "-2"."""
    seen: set[str] = set()
    unique = []
    for row in rows:
        ident = row["id"]
        while ident in seen:
            ident += "-2"
        seen.add(ident)
        unique.append({**row, "id": ident})
    return unique


def _date_findings(
    dates: Dates, events: Sequence[Event], leg_rows: Sequence[Row], visit_id: str
) -> list[Row]:
    """The contradictions and derivations found resolving the dates, with the rows they
    touch: the events of their sentences, and for a contradiction the visit and its legs."""
    rows = []
    taken: set[str] = set()
    for f in dates.findings:
        mention = f.mentions[0]
        said_in = {m.sentence.number for m in f.mentions}
        affects = [e.id for e in events if e.sentence.number in said_in]
        if f.kind == "contradiction":
            legs = [leg["id"] for leg in leg_rows if mention.text in leg["quote"]]
            affects = [visit_id, *affects, *legs]
        ident = f.id or slug(f"{f.kind}-{mention.text}", 40)
        while ident in taken:
            ident += "-2"
        taken.add(ident)
        rows.append(
            {
                "id": ident,
                "kind": f.kind,
                "affects": " ".join(dict.fromkeys(affects)),
                "says": f.says,
                "resolved": f.resolved,
                "why": f.why,
                "quote": f.quote,
            }
        )
    return rows


def _imprecise(events: Sequence[Event]) -> list[Row]:
    """An event of the visit with no stated day, drafted over a range."""
    return [
        {
            "id": f"{e.id}-day-unstated"[:60],
            "kind": "imprecise",
            "affects": e.id,
            "says": f"“{e.quote.split(' | ')[-1][:200]}”",
            "resolved": f"Drafted over {e.first:%d %b} – {e.last:%d %b %Y}.",
            "why": e.note or "No day is stated.",
            "quote": e.quote,
        }
        for e in events
        if e.precision == "range" and not e.background
    ]


def _anniversaries(
    sentences: list[Sentence], dates: Dates, visit: Visit, visit_id: str
) -> list[Row]:
    """ "The 150th anniversary of X's birth (1876-1949)": the year it is counted from, plus
    the count, should be the visit's year."""
    year = visit.first.year if visit.first else (dates.written.year if dates.written else None)
    rows = []
    for s in sentences:
        for m in re.finditer(r"\b(\d+)(?:st|nd|rd|th) anniversary\b", s.text):
            base_year = LIFESPAN.search(s.text) or re.search(r"\b(1[5-9]\d\d|20\d\d)\b", s.text)
            if not (base_year and year):
                continue
            base, n = int(base_year.group(1)), int(m.group(1))
            fits = base + n == year
            rows.append(
                {
                    "id": f"anniversary-{n}-{'checks' if fits else 'does-not-fit'}",
                    "kind": "consistent" if fits else "contradiction",
                    "affects": visit_id,
                    "says": f"“{m.group(0)}” and “{base_year.group(0)}”",
                    "resolved": f"{base} + {n} = {base + n}"
                    + (", the year of the visit." if fits else f", not the visit's year, {year}."),
                    "why": "The anniversary is counted from the year the same sentence gives.",
                    "quote": s.quote(m.start(), max(m.end(), base_year.end())),
                }
            )
    return rows


def _counted_back(dates: Dates, events: Sequence[Event]) -> list[Row]:
    """ "In 11 years": the year counted back to, and the background events it dates."""
    return [
        {
            "id": slug(f"counted-back-{m.text}", 40),
            "kind": "derivation",
            "affects": " ".join(e.id for e in events if e.sentence is m.sentence and e.background),
            "says": f"“{m.text}”",
            "resolved": f"{m.first.year}",
            "why": m.why[:1].upper() + m.why[1:] + ".",
            "quote": m.sentence.quote(max(0, m.start - 60), m.end).split(",")[-1].strip() or m.text,
        }
        for m in dates.mentions
        if m.kind == "in-years" and m.resolved
    ]


def _spans_checked(sentences: list[Sentence], dates: Dates) -> list[Row]:
    """ "Their second meeting in two months, following ... in early November": a span of
    weeks or months said beside a month is checked against the date of writing ("in 11
    years" counts back instead: see the dates)."""
    if dates.written is None:
        return []
    rows = []
    for s in sentences:
        for m in re.finditer(r"\bin (?:the (?:last|past) )?(\w+) (month|week)s?\b", s.text):
            n = number(m.group(1))
            months = [o for o in dates.in_sentence(s) if o.resolved and o.kind == "month"]
            if n and months:
                rows.append(_span_checked(m, n, months[0], dates))
    return rows


def _span_checked(m: re.Match, n: int, other, dates: Dates) -> Row:
    unit = m.group(2)
    days = (dates.written - other.first).days
    said = n * {"week": 7, "month": 30.44, "year": 365.25}[unit]
    fits = abs(days - said) <= max(0.5 * said, 10)
    return {
        "id": slug(f"span-{m.group(0)}", 40),
        "kind": "consistent" if fits else "contradiction",
        "affects": "",
        "says": f"“{m.group(0)}” and “{other.text}”",
        "resolved": f"{other.text} ({other.first:%b %Y}) is about "
        f"{round(days / (30.44 if unit == 'month' else 7))} {unit}s before the date "
        f"of writing ({dates.written:%d %b %Y})" + ("; it fits." if fits else f", not {n}."),
        "why": "A span of time said beside a date should match the time between "
        "that date and the date of writing.",
        "quote": f"{m.group(0)} | {other.text}",
    }


def _home_inferred(visit: Visit, legs: Sequence[Leg]) -> list[Row]:
    """The guest's home city, when it is inferred and the itinerary uses it."""
    home = visit.home
    back = next((leg for leg in legs if leg.destination is home), None)
    if home is None or not (back or legs):
        return []
    leg = back or legs[0]
    touching = [
        f"{x.origin.id}-{x.destination.id}" for x in legs if home in (x.origin, x.destination)
    ]
    return [
        {
            "id": "home-city-inferred",
            "kind": "inference",
            "affects": " ".join([home.id, *touching]),
            "says": f"“{leg.quote.split(' | ')[-1]}”",
            "resolved": f"{home.name}, the capital of {visit.guest_country}.",
            "why": "The article does not name the city the trip starts from or ends in; the "
            "guest's capital is the usual answer. Check it.",
            "quote": leg.quote,
        }
    ]


def _date_of_writing(dates: Dates, visit_id: str) -> list[Row]:
    """Where the date of writing came from, when the text gave it: its first full date
    (an ambiguity) or its dateline (a derivation)."""
    written = dates.written
    if written is None:
        return []
    rows = []
    if "taken from the text" in dates.written_why:
        first = next(m for m in dates.mentions if m.kind == "full")
        rows.append(
            {
                "id": "date-of-writing",
                "kind": "ambiguity",
                "affects": visit_id,
                "says": f"“{first.text}”",
                "resolved": f"Written on {written.isoformat()} (reported_on).",
                "why": "The text gives no date of writing; the first full date is taken as "
                "that day, so what it tells as past had happened by then.",
                "quote": first.text,
            }
        )
    line = next((m for m in dates.mentions if m.kind == "dateline"), None)
    if line is not None and "dateline" in dates.written_why:
        rows.append(
            {
                "id": "date-of-writing",
                "kind": "derivation",
                "affects": visit_id,
                "says": f"“{line.text}”",
                "resolved": f"Written on {written.isoformat()} (reported_on).",
                "why": "The dateline gives the day the article was filed; its year is the "
                "first full date's.",
                "quote": line.text,
            }
        )
    return rows
