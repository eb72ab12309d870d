"""A report in, what it proposes out, in memory: the source row, claims, new event rows.

The steps: the report's sentences and where they stand (`text`), the days it names
(`days`), per sentence the events it speaks of (`mentions`) and the values it gives each
(`values`), then the counts it gives for the visit's figures (`counts`). Of one event's
values for a field, the strongest and first is claimed (see `values`); an event the plan
lacks becomes a new row (`rows.new_event`). Nothing here reads or writes a file.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from ...data.schema import CLAIM_FIELDS
from .counts import report_counts
from .days import report_days
from .mentions import sentence_mentions
from .text import Located, locate
from .values import Scene, Value, features, mention_values
from .visit import Row, VisitRows
from .words import STATUS_RANK


@dataclass(frozen=True)
class Source:
    """The report's source, as the command line gives it."""

    visit_id: str
    outlet: str
    url: str
    kind: str
    published: dt.date
    published_time: str = ""
    zone: str = ""
    title: str = ""
    language: str = "en"
    accessed: dt.date | None = None


@dataclass(frozen=True)
class Claim:
    """A value the report gives for one field of one row, and where it gives it."""

    table: str
    row_id: str
    field: str
    value: str
    qualifier: str
    locator: str
    note: str = ""

    @property
    def plan(self) -> bool:
        """Announced, not reported: a preview's value."""
        return self.qualifier == "scheduled" or (
            self.field == "status" and self.value == "scheduled"
        )


@dataclass(frozen=True)
class Sighting:
    """One mention of an event, for the report: where, which event, what it gave."""

    locator: str
    row_id: str  # a planned event's id, or a new row's
    new: bool
    fields: tuple[str, ...]


@dataclass(frozen=True)
class Reading:
    """Everything the report gives, before any of it becomes a row: each event's values
    (a planned event by id, one the plan lacks by "new:N") with where each was said."""

    located: tuple[Located, ...]
    values: dict[str, list[tuple[Value, Located]]]
    kinds: dict[str, str]  # new:N -> its kind
    sightings: list[tuple[Located, str, tuple[str, ...]]]
    unmatched: list[Located] = field(default_factory=list)


def read(text: str, rows: VisitRows, published: dt.date) -> Reading:
    """What each sentence of the report's body gives (see the module)."""
    located = locate(text)
    body = [s for s in located if not s.headline]
    days = report_days(located, published, rows.span)
    reading = Reading(tuple(located), {}, {}, [])
    context: str | None = None
    for sentence in body:
        number = sentence.sentence.number
        mentions = sentence_mentions(sentence, rows)
        if mentions:
            feats = features(sentence.text, days[number], rows)
            scene = Scene(mentions, feats, context, rows, published)
            _gather(reading, scene, sentence)
        else:
            reading.unmatched.append(sentence)
        context = days[number][-1].value if days[number] else context
    return reading


def _gather(reading: Reading, scene: Scene, sentence: Located) -> None:
    for index, mention in enumerate(scene.mentions):
        key = mention.event_id or f"new:{len(reading.kinds) + 1}"
        if mention.event_id is None:
            reading.kinds[key] = mention.kind
        values = mention_values(scene, index)
        reading.values.setdefault(key, []).extend((v, sentence) for v in values)
        reading.sightings.append((sentence, key, tuple(v.field for v in values)))


def best_values(found: Sequence[tuple[Value, Located]]) -> dict[str, tuple[Value, Located]]:
    """Per field, the value to claim: the strongest, then (for a status) the outcome over a
    plan over a past verb, then the first said."""
    chosen: dict[str, tuple[Value, Located]] = {}
    for order, (value, where) in enumerate(found):
        current = chosen.get(value.field)
        if current is None or _rank(value, order) > _rank(current[0], found.index(current)):
            chosen[value.field] = (value, where)
    return chosen


def _rank(value: Value, order: int) -> tuple[int, int, int]:
    status = STATUS_RANK.get(value.value, 0) if value.field == "status" else 0
    return value.strength, status, -order


def claims_of(table: str, row_id: str, chosen: dict[str, tuple[Value, Located]]) -> list[Claim]:
    """The claims of one row, in the order of the table's claim fields."""
    return [
        Claim(table, row_id, name, value.value, value.qualifier, where.locator, value.note)
        for name in CLAIM_FIELDS[table]
        if name in chosen
        for value, where in [chosen[name]]
    ]


def figure_claims(located: Sequence[Located], rows: VisitRows) -> tuple[list[Claim], list[str]]:
    """A claim for each figure of the visit the report gives a count for (the first count
    of each), and a note for each count in a figure's unit that matches none."""
    claims: list[Claim] = []
    notes: list[str] = []
    for count in report_counts(located, rows):
        if count.figure_id is None:
            notes.append(
                f"{count.located.locator}: a number ({count.as_written}) in the unit of a "
                "figure of the visit, in a sentence that shares no word of its label."
            )
        elif not any(c.row_id == count.figure_id for c in claims):
            claims.append(
                Claim(
                    "figures",
                    count.figure_id,
                    "value",
                    count.value,
                    count.qualifier,
                    count.located.locator,
                )
            )
    return claims, notes


__all__ = ["Claim", "Reading", "Row", "Sighting", "Source", "best_values", "claims_of", "read"]
