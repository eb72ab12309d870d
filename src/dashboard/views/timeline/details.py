"""What the timeline page lists for the events a reader selected on a chart: each event's
details, the quotes it rests on, and what the source's findings say about it."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ...data.provenance import quote_spans
from ...model.cells import text
from ...model.citations import findings_for
from ...model.visit import Visit
from ...model.words import date_text


@dataclass(frozen=True)
class EventDetail:
    """What the page lists for a selected event, every field as text from the data."""

    id: str
    title: str
    when: str
    place: str
    status: str
    summary: str
    quotes: tuple[str, ...]
    findings: tuple[tuple[str, str, str], ...]  # (kind, says, resolved), not "consistent"
    basis: str  # "" for a row that rests on the article alone
    basis_note: str


def selected_details(visit: Visit, events: pd.DataFrame, selected: list[str]) -> list[EventDetail]:
    """The selected events that `events` still holds, in selection order, with their quotes
    and the source's findings about them."""
    rows = {str(e["id"]): e for e in events[events["id"].isin(selected)].to_dict("records")}
    return [_detail(visit, rows[event_id]) for event_id in selected if event_id in rows]


def _detail(visit: Visit, event: dict) -> EventDetail:
    event_id = str(event["id"])
    findings = tuple(
        (str(f["kind"]), str(f["says"]), str(f["resolved"]))
        for f in findings_for(visit, event_id).to_dict("records")
        if f["kind"] != "consistent"
    )
    basis = str(event["basis"])
    return EventDetail(
        id=event_id,
        title=str(event["title"]),
        when=date_text(event),
        place=text(event.get("place_name")) or "place not stated",
        status=str(event["status"]),
        summary=str(event["summary"]),
        quotes=tuple(quote_spans(str(event["quote"]))),
        findings=findings,
        basis="" if basis == "article" else basis,
        basis_note=text(event.get("basis_note")),
    )
