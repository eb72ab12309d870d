"""The values a sentence gives for each event it speaks of.

A sentence's days, clock times, lengths, parts of the day, places, people and tense words
are found first (`Features`); each goes to the event whose words are nearest to it in the
sentence ("landed at 9:42 a.m. and met President F at 11" gives each event its time). Then:

- status: the strongest cue that reaches the event (cancelled, postponed, a plan, a past
  verb), else a day after publication is a plan and any other was done;
- a cancelled event takes its status only (the rest restates the old plan); a postponed one
  its status and a day it names itself;
- a day said near the event is its day; a day said elsewhere in the sentence, or the day
  the report was last telling, counts only where the plan has the event that day (or for an
  event the plan lacks);
- a place after "where" belongs to the event that follows it too; a departure is not at its
  destination ("flew home to X"); a venue is kept over its own city;
- people named before the sentence's first event are its subject, and take part in every
  event of it; a pronoun beside a named person adds the guest ("she met President F").

Each value has a strength: 2 said beside the event, 1 carried from the sentence or the
report; of one event's values for a field, the strongest and first is claimed.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from .clock import Clock, DayPart, Length, clock_times, day_parts, durations
from .mentions import Mention
from .visit import VisitRows, named
from .words import BOTH, GUEST, HOST, PRONOUN, STATUS_RANK, Hit, outcome_cues

#: A place named as where a departure goes, not where it leaves from.
_DESTINATION = re.compile(r"\b(?:to|for|towards)\s+(?:the\s+)?$", re.IGNORECASE)
_WHERE = re.compile(r"^,?\s+where\b", re.IGNORECASE)


@dataclass(frozen=True)
class Value:
    """One value a report gives for one field of one event."""

    field: str
    value: str
    qualifier: str = ""
    strength: int = 2
    note: str = ""


@dataclass(frozen=True)
class Features:
    """What a sentence says besides its events, each where it says it."""

    days: tuple[Hit, ...]
    clocks: tuple[Clock, ...]
    lengths: tuple[Length, ...]
    parts: tuple[DayPart, ...]
    places: tuple[Hit, ...]
    people: tuple[Hit, ...]  # value: space-separated person ids
    cues: tuple[Hit, ...]
    pronoun: bool


def features(text: str, days: list[Hit], rows: VisitRows) -> Features:
    people = [h for h in named(rows.person_patterns, text)]
    pair = " ".join(i for i in (rows.guest, rows.host) if i)
    for pattern, value in ((BOTH, pair), (GUEST, rows.guest), (HOST, rows.host)):
        people += [Hit(m.start(), m.end(), value) for m in pattern.finditer(text) if value]
    return Features(
        tuple(days),
        tuple(clock_times(text)),
        tuple(durations(text)),
        tuple(day_parts(text)),
        tuple(named(rows.place_patterns, text)),
        tuple(sorted(people)),
        tuple(outcome_cues(text)),
        bool(PRONOUN.search(text)),
    )


#: Where one clause of a sentence ends and the next begins ("landed at 9:42 and met ...").
_CLAUSE = re.compile(r"\s(?:and|then)\s|;|,\s+where\b", re.IGNORECASE)


def _crossings(mention: Mention, start: int, end: int) -> int:
    """How many clause boundaries lie between a span and the mention's nearest words."""
    text = mention.located.text
    a, b = min(mention.anchors, key=lambda span: max(span[0] - end, start - span[1], 0))
    left, right = (b, start) if b <= start else (end, a)
    return len(_CLAUSE.findall(text[left:right])) if left < right else 0


def nearest(mentions: list[Mention], start: int, end: int) -> int:
    """The index of the mention nearest a span, in its own clause if one is (the earlier
    one on a tie)."""
    return min(
        range(len(mentions)),
        key=lambda i: (_crossings(mentions[i], start, end), mentions[i].distance(start, end), i),
    )


@dataclass(frozen=True)
class Scene:
    """What one mention's values are read from: its sentence's mentions and features, the
    day the report was telling before it, the visit and the day of publication."""

    mentions: list[Mention]
    features: Features
    context_day: str | None
    rows: VisitRows
    published: dt.date

    def own(self, index: int, hits) -> list:
        """The features nearest to mention `index`, nearest first."""
        mention = self.mentions[index]
        mine = [h for h in hits if nearest(self.mentions, h.start, h.end) == index]
        return sorted(mine, key=lambda h: mention.distance(h.start, h.end))


def mention_values(scene: Scene, index: int) -> list[Value]:
    """Every value the sentence gives for its `index`-th mention (see the module)."""
    status = _status(scene, index)
    values = [status]
    if status.value == "cancelled":
        return values
    day = _day(scene, index, status.value)
    values += [day] if day else []
    if status.value == "postponed":
        return [v for v in values if v.field != "date" or v.strength == 2]
    values += _clock_values(scene, index)
    values += _place(scene, index)
    values += _participants(scene, index)
    if status.value == "scheduled":
        values = [v if v.field == "status" else _planned(v) for v in values]
    return values


def _planned(value: Value) -> Value:
    return Value(value.field, value.value, "scheduled", value.strength, value.note)


def _status(scene: Scene, index: int) -> Value:
    cues = scene.own(index, scene.features.cues)
    if cues:
        best = max(cues, key=lambda c: STATUS_RANK[c.value])
        return Value("status", best.value, strength=2)
    day = _day(scene, index, "")
    later = day is not None and dt.date.fromisoformat(day.value) > scene.published
    return Value("status", "scheduled" if later else "done", strength=1)


def _day(scene: Scene, index: int, status: str) -> Value | None:
    own = scene.own(index, scene.features.days)
    if own:
        return Value("date", own[0].value)
    if status == "postponed":
        return None
    mention = scene.mentions[index]
    said = sorted(scene.features.days, key=lambda h: mention.distance(h.start, h.end))
    if said and _fits(scene, mention, said[0].value):
        return Value("date", said[0].value, strength=1, note="the day its sentence names")
    if not said and scene.context_day and _fits(scene, mention, scene.context_day):
        return Value("date", scene.context_day, strength=1, note="the day the report is telling")
    return None


def _fits(scene: Scene, mention: Mention, day: str) -> bool:
    """Whether the plan has the event on that day (an event the plan lacks: any day)."""
    if mention.event_id is None:
        return True
    event = next(e for e in scene.rows.events if e["id"] == mention.event_id)
    return event["date_start"] <= day <= event["date_end"]


def _clock_values(scene: Scene, index: int) -> list[Value]:
    values = []
    clocks = scene.own(index, scene.features.clocks)
    for field in ("time", "time_end"):
        found = [c for c in clocks if c.field == field]
        if found:
            values.append(Value(field, found[0].value, "about" if found[0].about else ""))
    lengths = scene.own(index, scene.features.lengths)
    if lengths:
        values.append(Value("duration_min", str(lengths[0].minutes), lengths[0].qualifier))
    parts = scene.own(index, scene.features.parts)
    if parts and not any(v.field == "time" for v in values):
        values.append(Value("day_part", parts[0].value))
    return values


def _place(scene: Scene, index: int) -> list[Value]:
    mention, text = scene.mentions[index], scene.mentions[index].located.text
    places = [p for p in scene.features.places if _reaches(scene, index, p)]
    if _departs(scene, mention):
        places = [p for p in places if not _DESTINATION.search(text[: p.start])]
    if not places:
        return []
    rows = scene.rows
    ids = [p.value for p in sorted(places, key=lambda p: mention.distance(p.start, p.end))]
    venues = [i for i in ids if rows.city_of(i) != i and rows.city_of(i) in ids]
    return [Value("place", venues[0] if venues else ids[0])]


def _reaches(scene: Scene, index: int, place: Hit) -> bool:
    """Whether a place belongs to mention `index`: the nearest to it, or, when a "where"
    follows it, the event on either side ("held talks at the palace, where they signed")."""
    if nearest(scene.mentions, place.start, place.end) == index:
        return True
    text = scene.mentions[index].located.text
    if not _WHERE.match(text[place.end :]):
        return False
    before = [i for i, m in enumerate(scene.mentions) if m.start < place.start]
    after = [i for i, m in enumerate(scene.mentions) if m.start >= place.end]
    return index in before[-1:] + after[:1]


def _departs(scene: Scene, mention: Mention) -> bool:
    if mention.event_id is None:
        return False
    profile = next(p for p in scene.rows.profiles if p.event["id"] == mention.event_id)
    return "depart" in profile.heads


def _participants(scene: Scene, index: int) -> list[Value]:
    """The people of a mention: its own (nearest), the sentence's subject, and the guest
    when a pronoun stands beside a named person."""
    first = scene.mentions[0].start
    own = {p for h in scene.own(index, scene.features.people) for p in h.value.split()}
    subject = {p for h in scene.features.people if h.end <= first for p in h.value.split()}
    people = own | subject
    if not people:
        return []
    if scene.features.pronoun and scene.rows.guest:
        people.add(scene.rows.guest)
    order = list(scene.rows.people)
    value = " ".join(sorted(people, key=lambda p: order.index(p) if p in order else len(order)))
    return [Value("participants", value, strength=2 if own else 1)]
