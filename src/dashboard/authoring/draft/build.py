"""From article to draft tables: every row pre-filled, cited and marked as a draft."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ...data.schema import PALETTE
from .actions import draft_events
from .dates import Dates, resolve
from .entities import find_figures, find_people, find_places, slug
from .events import find_legs, find_visit
from .text import Sentence, cell_text, split_sentences
from .topics import assign, find_topics

DRAFT = "true"


@dataclass
class Draft:
    """The drafted rows per table, and what the editor should check, in order."""

    visit_id: str
    tables: dict[str, list[dict[str, str]]]
    sentences: list[Sentence]
    dates: Dates
    checks: list[str] = field(default_factory=list)
    uncovered: list[Sentence] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def _num(value: float) -> str:
    return f"{value:g}" if value != int(value) else str(int(value))


def _day(day: dt.date | None) -> str:
    return day.isoformat() if day else ""


def draft_tables(text: str, visit_id: str, seed: str, written: dt.date | None = None) -> Draft:
    sentences = split_sentences(text)
    dates = resolve(sentences, written)
    people = find_people(sentences)
    places = find_places(sentences, people)
    visit = find_visit(sentences, people, places, dates)
    legs = find_legs(sentences, places, dates, visit)
    events = draft_events(sentences, people, places, legs, dates, visit)
    topics = find_topics(sentences)
    draft = Draft(visit_id, {}, sentences, dates)
    checks = draft.checks
    checks.extend(dates.guesses)
    checks.extend(visit.notes)

    # topics: a general one for what no agenda word covers, then the article's own
    general = "the-visit"
    visit_quote = visit.quote or (sentences[0].quote() if sentences else "")
    topic_rows = [
        {
            "id": general,
            "label": "The visit",
            "description": "Travel, talks and ceremonies of the visit as a whole (draft: split "
            "into topics as needed).",
            "quote": visit_quote,
            "basis": "article",
            "basis_note": "A general topic the draft adds for events no agenda word covers.",
        }
    ]
    assign(events, topics, general)
    for t in topics[: len(PALETTE) - 1]:
        topic_rows.append(
            {
                "id": t.id,
                "label": t.label,
                "description": (t.context[0].quote() if t.context else t.sentence.quote())[:300],
                "quote": t.quote,
                "basis": "article",
                "basis_note": "Candidate topic from the article's agenda words.",
            }
        )
    for i, row in enumerate(topic_rows):
        row["colour"] = PALETTE[i]
    kept_topics = {row["id"] for row in topic_rows}
    for event in events:
        event.topics = [t for t in event.topics if t in kept_topics] or [general]

    draft.tables["visits"] = [
        {
            "id": visit_id,
            "title": visit.title or f"Visit {visit_id}",
            "guest": visit.guest.name if visit.guest else "(not found)",
            "guest_country": visit.guest_country or "not stated",
            "host": visit.host.name if visit.host else "(not found)",
            "host_country": visit.host_country or "not stated",
            "start_date": _day(visit.first) or _day(dates.written) or "1900-01-01",
            "end_date": _day(visit.last) or _day(dates.written) or "1900-01-01",
            "seed": seed,
            "quote": visit_quote,
            "basis": "inferred" if visit.notes else "article",
            "basis_note": " ".join(visit.notes)[:1000],
            "reported_on": _day(dates.written),
        }
    ]
    if visit.first is None:
        checks.append(
            "No visit dates found: start_date and end_date are placeholders (1900-01-01); set them."
        )
    draft.tables["topics"] = topic_rows
    draft.tables["places"] = [
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
    for p in places:
        if p.lat is None:
            checks.append(
                f"places.csv, {p.id}: “{p.name}” is not in the gazetteer; add its "
                "lat and lon"
                + (", and its time zone." if p.kind == "venue" and not p.timezone else ".")
            )
        elif p.basis == "inferred":
            checks.append(f"places.csv, {p.id}: {p.note}")
        if p.doubt:
            checks.append(f"places.csv, {p.id}: {p.doubt}.")
    draft.tables["people"] = [
        {
            "id": p.id,
            "name": p.name,
            "role": p.role,
            "country": p.country or "not stated",
            "quote": p.quote,
            "basis": "inferred" if p.guesses else "article",
            "basis_note": "; ".join(p.guesses),
        }
        for p in people
    ]
    for p in people:
        if not p.country:
            checks.append(f"people.csv, {p.id}: the article does not say {p.name}'s country.")
    draft.tables["events"] = [
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
            "topics": " ".join(e.topics),
            "background": "true" if e.background else "false",
            "summary": e.sentence.quote()[:400],
            "quote": e.quote,
            "basis": "article",
            "basis_note": e.note,
            "place_id_basis": e.place_basis if e.place and e.place_basis != "article" else "",
        }
        for e in events
    ]
    for e in events:
        if e.note and not e.background:
            checks.append(f"events.csv, {e.id}: {e.note}")
    draft.tables["legs"] = [
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
    cards = []
    for t in topics:
        if t.id not in kept_topics:
            continue
        context = t.context[0] if t.context else t.sentence
        cards.append(
            {
                "id": t.id,
                "topic": t.id,
                "title": t.label,
                "aim": context.quote()[:400],
                "why": t.sentence.quote()[:400]
                if context is not t.sentence
                else "Draft: the article says no more about why this matters than the line "
                "above; write it, or keep it short.",
                "sensitivity": t.sensitivity,
                "status": "on the agenda",
                "related_events": " ".join(dict.fromkeys(e.id for e in t.related)),
                "quote": t.quote + (f" | {context.quote()}" if context is not t.sentence else ""),
                "basis": "article",
                "basis_note": "Draft card: aim and why are the article's sentences about the "
                "topic; rewrite them in a line each.",
                "aim_of": "",
            }
        )
    draft.tables["issue_cards"] = cards
    figures = find_figures(sentences, dates)
    for f in figures:
        if f.unit == "days" and f.value_as_written.endswith("-day"):
            f.label = "Length of the visit"  # the overview counts the days already
    # Headlines: the first few figures that are neither a year nor the visit's length.
    headlines = [f for f in figures if f.unit != "year" and f.label != "Length of the visit"][:3]
    draft.tables["figures"] = [
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
            "label": f.label,
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
    draft.tables["findings"] = _findings(dates, events, visit_id, draft.tables)
    draft.tables["findings"] += _more_findings(sentences, dates, visit, legs, events, visit_id)
    for rows in draft.tables.values():
        for row in rows:
            if "visit_id" not in row and rows is not draft.tables["visits"]:
                row["visit_id"] = visit_id
            row["draft"] = DRAFT
            for column, value in row.items():
                if isinstance(value, str):
                    row[column] = cell_text(value)
    draft.uncovered = _uncovered(sentences, draft.tables)
    return draft


def _findings(dates: Dates, events, visit_id: str, tables) -> list[dict[str, str]]:
    rows = []
    taken: set[str] = set()
    for f in dates.findings:
        mention = f["mention"]
        said_in = {m.sentence.number for m in f.get("mentions", [mention])}
        affects = [e.id for e in events if e.sentence.number in said_in]
        if f["kind"] == "contradiction":
            affects = [
                visit_id,
                *affects,
                *(leg["id"] for leg in tables["legs"] if mention.text in leg["quote"]),
            ]
        ident = f.get("id") or slug(f"{f['kind']}-{mention.text}", 40)
        while ident in taken:
            ident += "-2"
        taken.add(ident)
        rows.append(
            {
                "id": ident,
                "kind": f["kind"],
                "affects": " ".join(dict.fromkeys(affects)),
                "says": f["says"],
                "resolved": f["resolved"],
                "why": f["why"],
                "quote": f["quote"],
            }
        )
    for e in events:
        if e.precision == "range" and not e.background:
            ident = f"{e.id}-day-unstated"[:60]
            rows.append(
                {
                    "id": ident,
                    "kind": "imprecise",
                    "affects": e.id,
                    "says": f"“{e.quote.split(' | ')[-1][:200]}”",
                    "resolved": f"Drafted over {e.first:%d %b} – {e.last:%d %b %Y}.",
                    "why": e.note or "No day is stated.",
                    "quote": e.quote,
                }
            )
    return rows


def _more_findings(
    sentences, dates: Dates, visit, legs, events, visit_id: str
) -> list[dict[str, str]]:
    """What else an editor should know: anniversaries checked against the visit's year,
    years counted back, the inferred home city, and the date of writing taken from the text."""
    import re

    from .dates import LIFESPAN

    rows: list[dict[str, str]] = []
    year = visit.first.year if visit.first else (dates.written.year if dates.written else None)
    for s in sentences:
        for m in re.finditer(r"\b(\d+)(?:st|nd|rd|th) anniversary\b", s.text):
            life = LIFESPAN.search(s.text) or re.search(r"\b(1[5-9]\d\d|20\d\d)\b", s.text)
            if not (life and year):
                continue
            base = int(life.group(1))
            n = int(m.group(1))
            fits = base + n == year
            rows.append(
                {
                    "id": f"anniversary-{n}-{'checks' if fits else 'does-not-fit'}",
                    "kind": "consistent" if fits else "contradiction",
                    "affects": visit_id,
                    "says": f"“{m.group(0)}” and “{life.group(0)}”",
                    "resolved": f"{base} + {n} = {base + n}"
                    + (", the year of the visit." if fits else f", not the visit's year, {year}."),
                    "why": "The anniversary is counted from the year the same sentence gives.",
                    "quote": s.quote(m.start(), max(m.end(), life.end())),
                }
            )
    for m in dates.mentions:
        if m.kind == "in-years" and m.resolved:
            rows.append(
                {
                    "id": slug(f"counted-back-{m.text}", 40),
                    "kind": "derivation",
                    "affects": " ".join(
                        e.id for e in events if e.sentence is m.sentence and e.background
                    ),
                    "says": f"“{m.text}”",
                    "resolved": f"{m.first.year}",
                    "why": m.why[:1].upper() + m.why[1:] + ".",
                    "quote": m.sentence.quote(max(0, m.start - 60), m.end).split(",")[-1].strip()
                    or m.text,
                }
            )
    rows += _spans_checked(sentences, dates)
    home = visit.home
    back = next((leg for leg in legs if leg.destination is home), None)
    if home is not None and (back or legs):
        leg = back or legs[0]
        rows.append(
            {
                "id": "home-city-inferred",
                "kind": "inference",
                "affects": " ".join(
                    [
                        home.id,
                        *(
                            f"{x.origin.id}-{x.destination.id}"
                            for x in legs
                            if home in (x.origin, x.destination)
                        ),
                    ]
                ),
                "says": f"“{leg.quote.split(' | ')[-1]}”",
                "resolved": f"{home.name}, the capital of {visit.guest_country}.",
                "why": "The article does not name the city the trip starts from or ends in; the "
                "guest's capital is the usual answer. Check it.",
                "quote": leg.quote,
            }
        )
    if dates.written and "taken from the text" in dates.written_why:
        first = next(m for m in dates.mentions if m.kind == "full")
        rows.append(
            {
                "id": "date-of-writing",
                "kind": "ambiguity",
                "affects": visit_id,
                "says": f"“{first.text}”",
                "resolved": f"Written on {dates.written.isoformat()} (reported_on).",
                "why": "The text gives no date of writing; the first full date is taken as "
                "that day, so what it tells as past had happened by then.",
                "quote": first.text,
            }
        )
    line = next((m for m in dates.mentions if m.kind == "dateline"), None)
    if dates.written and line is not None and "dateline" in dates.written_why:
        rows.append(
            {
                "id": "date-of-writing",
                "kind": "derivation",
                "affects": visit_id,
                "says": f"“{line.text}”",
                "resolved": f"Written on {dates.written.isoformat()} (reported_on).",
                "why": "The dateline gives the day the article was filed; its year is the "
                "first full date's.",
                "quote": line.text,
            }
        )
    seen: set[str] = set()
    for row in rows:
        while row["id"] in seen:
            row["id"] += "-2"
        seen.add(row["id"])
    return rows


def _spans_checked(sentences, dates: Dates) -> list[dict[str, str]]:
    """ "Their second meeting in two months, following ... in early November": a span of
    weeks or months said beside a date is checked against the date of writing ("in 11
    years" counts back instead: see the dates)."""
    import re

    from .dates import number

    rows = []
    if dates.written is None:
        return rows
    for s in sentences:
        for m in re.finditer(r"\bin (?:the (?:last|past) )?(\w+) (month|week)s?\b", s.text):
            n = number(m.group(1))
            others = [o for o in dates.in_sentence(s) if o.resolved and o.kind == "month"]
            if not n or not others:
                continue
            other = others[0]
            unit = m.group(2)
            days = (dates.written - other.first).days
            said = n * {"week": 7, "month": 30.44, "year": 365.25}[unit]
            fits = abs(days - said) <= max(0.5 * said, 10)
            rows.append(
                {
                    "id": slug(f"span-{m.group(0)}", 40),
                    "kind": "consistent" if fits else "contradiction",
                    "affects": "",
                    "says": f"“{m.group(0)}” and “{other.text}”",
                    "resolved": f"{other.text} ({other.first:%b %Y}) is about "
                    f"{round(days / (30.44 if unit == 'month' else 7))} {unit}s before the date "
                    f"of writing ({dates.written:%d %b %Y})"
                    + ("; it fits." if fits else f", not {n}."),
                    "why": "A span of time said beside a date should match the time between "
                    "that date and the date of writing.",
                    "quote": f"{m.group(0)} | {other.text}",
                }
            )
    return rows


def _uncovered(sentences: list[Sentence], tables) -> list[Sentence]:
    from ...data.provenance import normalise, quote_spans

    spans = [
        normalise(span)
        for rows in tables.values()
        for row in rows
        for span in quote_spans(row.get("quote", ""))
    ]
    return [s for s in sentences if not any(span and span in normalise(s.text) for span in spans)]
