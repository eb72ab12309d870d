"""The rows a report adds to a visit folder: its source, its claims and the events the plan
lacks, each claim and event marked `draft=true` for an editor to review.

A new event's row holds what the report gives (basis `reported`, no quote) and a title
made of the visit's own words: its kind, then its place or its participants ("Ceremony in
City P"), never words of the report. Its summary asks the editor for a line of their own.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from ..draft.ids import slug, unique_id
from ..draft.text import capitalise
from .propose import Claim, Located, Sighting, Source, best_values, claims_of, figure_claims, read
from .unplaced import unplaced
from .values import Value
from .visit import Row, VisitRows

#: What the `note` of a drafted source says.
SOURCE_NOTE = "Claims drafted by draft-report: check each against the report."


@dataclass(frozen=True)
class Proposal:
    """What one report adds: rows as written to the CSV files, and what the summary tells."""

    source: Row
    claims: tuple[Claim, ...]
    claim_rows: tuple[Row, ...]
    events: tuple[Row, ...]
    sightings: tuple[Sighting, ...]
    notes: tuple[str, ...]

    @property
    def source_id(self) -> str:
        return self.source["id"]


def source_id_of(source: Source) -> str:
    """The outlet and the time of publication: "fixture-wire-20260511-1810"."""
    stamp = source.published.strftime("%Y%m%d")
    if source.published_time:
        stamp += "-" + source.published_time.replace(":", "")
    return f"{slug(source.outlet, 32)}-{stamp}"


def source_row(source: Source, today: dt.date) -> Row:
    title = source.title or f"Untitled report, {source.outlet}, {source.published.isoformat()}"
    return {
        "id": source_id_of(source),
        "visit_id": source.visit_id,
        "kind": source.kind,
        "outlet": source.outlet,
        "title": title,
        "url": source.url,
        "language": source.language,
        "published_date": source.published.isoformat(),
        "published_time": source.published_time,
        "published_zone": source.zone,
        "accessed": (source.accessed or today).isoformat(),
        "note": SOURCE_NOTE,
        # A title the editor did not give is a placeholder: the row waits for review.
        "draft": "" if source.title else "true",
    }


def draft_report(text: str, rows: VisitRows, source: Source, today: dt.date) -> Proposal:
    """Everything a report proposes for a visit (see the module)."""
    reading = read(text, rows, source.published)
    claims: list[Claim] = []
    events: list[Row] = []
    new_ids: dict[str, str] = {}
    notes: list[str] = []
    taken = {e["id"] for e in rows.rows("events")}
    for key, found in reading.values.items():
        chosen = best_values(found)
        if key.startswith("new:"):
            row, note = new_event(rows, source, reading.kinds[key], chosen, taken)
            notes += [note] if note else []
            if row is None:
                continue
            events.append(row)
            new_ids[key] = row["id"]
        claims += claims_of("events", new_ids.get(key, key), chosen)
    counted, count_notes = figure_claims(reading.located, rows)
    claims += counted
    notes += count_notes + unplaced(reading, rows)
    sightings = tuple(
        Sighting(where.locator, new_ids.get(key, key), key.startswith("new:"), fields)
        for where, key, fields in reading.sightings
        if not key.startswith("new:") or key in new_ids
    )
    row = source_row(source, today)
    claim_rows = _claim_rows(claims, row, rows)
    return Proposal(row, tuple(claims), claim_rows, tuple(events), sightings, tuple(notes))


def _claim_rows(claims: list[Claim], source: Row, rows: VisitRows) -> tuple[Row, ...]:
    taken = {c["id"] for c in rows.rows("claims")}
    return tuple(
        {
            "id": unique_id(f"{source['id']}-{n}", taken),
            "visit_id": source["visit_id"],
            "source_id": source["id"],
            "table": c.table,
            "row_id": c.row_id,
            "field": c.field,
            "value": c.value,
            "qualifier": c.qualifier,
            "locator": c.locator,
            "note": c.note,
            "draft": "true",
        }
        for n, c in enumerate(claims, 1)
    )


# ---------------------------------------------------------------------------------------
# An event the plan lacks


def new_event(
    rows: VisitRows,
    source: Source,
    kind: str,
    chosen: dict[str, tuple[Value, Located]],
    taken: set[str],
) -> tuple[Row | None, str | None]:
    """A new events row from what the report gives, or None and why it cannot be one."""
    where = min((w for _, w in chosen.values()), key=lambda w: w.sentence.number)
    day = _value(chosen, "date")
    start, end = rows.span
    if day and not start.isoformat() <= day <= end.isoformat():
        return (
            None,
            f"{where.locator}: an event the plan lacks, on {day}, outside the visit's days: no row.",
        )
    topic = _topic(rows, kind)
    if topic is None:
        return (
            None,
            f"{where.locator}: an event the plan lacks, but the visit has no topic to give it: no row.",
        )
    place = _value(chosen, "place")
    zone = rows.places.get(place, {}).get("timezone", "") if place else ""
    time = _value(chosen, "time")
    about = "time" in chosen and chosen["time"][0].qualifier == "about"
    status = _value(chosen, "status")
    row = {
        "id": unique_id(slug(f"{kind} {_where_words(rows, place, day)}", 40), taken),
        "visit_id": rows.id,
        "title": _title(rows, kind, place, _value(chosen, "participants"), day),
        "kind": kind,
        "status": "done" if status == "done" else "scheduled",
        "date_start": day or start.isoformat(),
        "date_end": day or end.isoformat(),
        "date_precision": "day" if day else "range",
        "date_as_written": _as_written(day, source),
        "time_local": time if zone else "",
        "time_precision": ("about" if about else "exact") if time and zone else "",
        "day_part": _value(chosen, "day_part"),
        "place_id": place,
        "participants": _value(chosen, "participants"),
        "topics": topic,
        "background": "false",
        "summary": f"Drafted from {source.outlet}, paragraph {where.paragraph}: write a line in your own words.",
        "quote": "",
        "basis": "reported",
        "basis_note": f"First reported by {source.outlet} ({source_id_of(source)}); drafted by draft-report.",
        "draft": "true",
    }
    return row, None


def _value(chosen: dict[str, tuple[Value, Located]], name: str) -> str:
    return chosen[name][0].value if name in chosen else ""


def _where_words(rows: VisitRows, place: str, day: str) -> str:
    return rows.places[place]["name"] if place in rows.places else day


def _title(rows: VisitRows, kind: str, place: str, participants: str, day: str) -> str:
    """The kind, then where or with whom, in the visit's own names."""
    title = capitalise(kind)
    if place in rows.places:
        return f"{title} in {rows.places[place]['name']}"
    others = [
        rows.people[p]["name"] for p in participants.split() if p in rows.people and p != rows.guest
    ]
    if others:
        return f"{title} with {' and '.join(others)}"
    if day:
        return f"{title} on {dt.date.fromisoformat(day):%d %B %Y}".replace(" 0", " ")
    return f"{title} (reported)"


def _as_written(day: str, source: Source) -> str:
    if not day:
        return f"no day given by {source.outlet}"
    when = dt.date.fromisoformat(day)
    return f"{when.day} {when:%B %Y}, as {source.outlet} reports it"


def _topic(rows: VisitRows, kind: str) -> str | None:
    """The topic most events of that kind have, else the visit's most used one."""
    for events in ([e for e in rows.events if e["kind"] == kind], list(rows.events)):
        used = Counter(t for e in events for t in e.get("topics", "").split())
        if used:
            return used.most_common(1)[0][0]
    topics = rows.rows("topics")
    return topics[0]["id"] if topics else None
