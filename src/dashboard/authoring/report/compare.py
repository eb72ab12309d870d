"""A report's claims beside what the folder already has: the values earlier sources give
(`model.claims.statements`), and the plan the seed article gave (the row itself).

A claim contradicts an earlier source when that source reports another value for the same
field of the same row. As the statements count them, a plan is no report: a preview's
value never contradicts a report, nor a report a preview. Values that say the same thing
at different precision agree: a city and a venue in it, a list of participants and a
part of it. A claim changes the plan when it gives an outcome (cancelled, postponed), a day
outside the planned days, or another time, place or participants than the row has.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from ...model.claims import DECIDING, normalised, statements
from .propose import Claim
from .visit import VisitRows


@dataclass(frozen=True)
class Difference:
    """A claim of the report and another value for the same field: an earlier source's
    (with their ids), or the plan's (no sources)."""

    claim: Claim
    other: str
    sources: tuple[str, ...] = ()


def same(field: str, a: str, b: str, rows: VisitRows) -> bool:
    """Whether two values of a field say the same (see the module)."""
    a, b = normalised(field, a), normalised(field, b)
    if a == b:
        return True
    if field == "place":
        return rows.city_of(a) == b or rows.city_of(b) == a
    if field == "participants":
        sa, sb = set(a.split()), set(b.split())
        return sa <= sb or sb <= sa
    return False


def contradictions(claims: Sequence[Claim], rows: VisitRows) -> list[Difference]:
    """The report's claims that an earlier source reports otherwise."""
    existing = rows.rows("claims")
    if not existing:
        return []
    sources = pd.DataFrame(list(rows.rows("sources")), columns=["id", "kind"], dtype=object)
    sources["deciding"] = sources["kind"].isin(DECIDING)
    frame = pd.DataFrame(list(existing), dtype=object)
    cities = {place: rows.city_of(place) for place in rows.places}
    said = statements(frame, sources, pd.DataFrame(), cities)
    found = []
    for claim in claims:
        statement = said.get((claim.table, claim.row_id, claim.field))
        if claim.plan or statement is None:
            continue
        for value in statement.values:
            others = value.deciding + value.summaries
            if others and not same(claim.field, claim.value, value.value, rows):
                found.append(Difference(claim, value.value, others))
    return found


def plan_changes(claims: Sequence[Claim], rows: VisitRows) -> list[Difference]:
    """The report's claims on planned events that differ from the plan's row."""
    events = {e["id"]: e for e in rows.events}
    found = []
    for claim in claims:
        event = events.get(claim.row_id) if claim.table == "events" else None
        planned = _planned(claim, event, rows) if event else None
        if planned is not None:
            found.append(Difference(claim, planned))
    return found


def _planned(claim: Claim, event: dict[str, str], rows: VisitRows) -> str | None:
    """What the plan has for the claim's field when it differs; None when it agrees or has
    nothing to compare."""
    field, value = claim.field, claim.value
    if field == "status":
        return event["status"] if value in ("cancelled", "postponed") else None
    if field == "date":
        first, last = event["date_start"], event["date_end"]
        inside = first <= value <= last
        return None if inside else (first if first == last else f"{first} to {last}")
    column = {"time": "time_local", "place": "place_id", "participants": "participants"}.get(field)
    planned = event.get(column, "") if column else ""
    if not planned or same(field, value, planned, rows):
        return None
    if field == "participants" and set(value.split()) <= set(planned.split()):
        return None
    return planned
