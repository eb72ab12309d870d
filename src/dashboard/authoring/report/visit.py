"""One visit folder's rows as the report drafter reads them, and what it looks up in them.

The visit's own words decide what a report speaks of: its people by name (and "the
president" when one person holds that office), its places by name (and "the palace" when
one venue is a palace), its events by the concepts of their titles and kinds (see
`words.concepts`), weighted by how few events share each. Rows are the folder's cells as
text, as validation read them; background events are left out (a report tells the visit).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from ..draft.people import OFFICES
from ..draft.places import VENUE_HEADS
from .words import Hit, concepts, content_words

Row = dict[str, str]

#: Concept words of an event's title count fully; its other words (a "trade" accord, a
#: meeting with "students") count half: they tell events apart but name none alone.
MODIFIER_WEIGHT = 0.5


@dataclass(frozen=True)
class Profile:
    """What names one event: its concepts and other words, each with its weight."""

    event: Row
    heads: Mapping[str, float]
    modifiers: Mapping[str, float]


@dataclass(frozen=True)
class VisitRows:
    """The tables of one visit folder (text cells, as read), and its lookups."""

    folder: Path
    tables: Mapping[str, tuple[Row, ...]]
    #: Where the folder sits among the data folder's visits, for messages.
    label: str = ""
    extra: Mapping[str, object] = field(default_factory=dict, hash=False, compare=False)

    def rows(self, name: str) -> tuple[Row, ...]:
        return self.tables.get(name, ())

    @property
    def visit(self) -> Row:
        return self.rows("visits")[0]

    @property
    def id(self) -> str:
        return self.visit["id"]

    @property
    def span(self) -> tuple[dt.date, dt.date]:
        return (
            dt.date.fromisoformat(self.visit["start_date"]),
            dt.date.fromisoformat(self.visit["end_date"]),
        )

    @cached_property
    def events(self) -> tuple[Row, ...]:
        return tuple(e for e in self.rows("events") if e.get("background") != "true")

    @cached_property
    def places(self) -> dict[str, Row]:
        return {p["id"]: p for p in self.rows("places")}

    @cached_property
    def people(self) -> dict[str, Row]:
        return {p["id"]: p for p in self.rows("people")}

    @cached_property
    def guest(self) -> str | None:
        return self._person_named(self.visit.get("guest", ""), self.visit.get("guest_country", ""))

    @cached_property
    def host(self) -> str | None:
        return self._person_named(self.visit.get("host", ""), self.visit.get("host_country", ""))

    def _person_named(self, name: str, country: str) -> str | None:
        exact = [i for i, p in self.people.items() if p["name"] == name]
        inside = [
            i for i, p in self.people.items() if name and (p["name"] in name or name in p["name"])
        ]
        by_country = [i for i, p in self.people.items() if country and p["country"] == country]
        for found in (exact, inside, by_country):
            if found:
                return found[0]
        return None

    def city_of(self, place_id: str) -> str:
        """A venue's city (a city is its own)."""
        place = self.places.get(place_id, {})
        return place.get("city_id") or place_id

    @cached_property
    def profiles(self) -> tuple[Profile, ...]:
        return _profiles(self)

    @cached_property
    def person_patterns(self) -> tuple[tuple[re.Pattern, str], ...]:
        return _person_patterns(self.people)

    @cached_property
    def place_patterns(self) -> tuple[tuple[re.Pattern, str], ...]:
        return _place_patterns(self.places)


# ---------------------------------------------------------------------------------------
# Events: their concepts and words


def _without_names(title: str, rows: VisitRows) -> str:
    """An event's title without the names of places and people in it."""
    names = [p["name"] for p in rows.places.values()] + [p["name"] for p in rows.people.values()]
    for name in sorted(names, key=len, reverse=True):
        title = re.sub(rf"\b{re.escape(name)}\b", " ", title)
    return title


def _profiles(rows: VisitRows) -> tuple[Profile, ...]:
    """Each event's concepts (title and kind) and other title words, weighted by 1/n for a
    word n events share."""
    raw = []
    for event in rows.events:
        title = _without_names(event["title"], rows)
        heads = {h.value for h in concepts(f"{title} {event['kind']}")}
        modifiers = {h.value for h in content_words(title)} - heads
        raw.append((event, heads, modifiers))
    shared = Counter(word for _, heads, mods in raw for word in heads | mods)
    return tuple(
        Profile(
            event,
            {w: 1 / shared[w] for w in heads},
            {w: MODIFIER_WEIGHT / shared[w] for w in modifiers},
        )
        for event, heads, modifiers in raw
    )


# ---------------------------------------------------------------------------------------
# Names


def _person_patterns(people: Mapping[str, Row]) -> tuple[tuple[re.Pattern, str], ...]:
    """A person by full name, by a surname of three letters or more, and as "the <office>"
    when no one else's name or role starts with that office."""
    patterns = []
    offices: Counter[str] = Counter()
    for person_id, person in people.items():
        patterns.append((re.compile(rf"\b{re.escape(person['name'])}\b"), person_id))
        last = person["name"].split()[-1]
        if len(last) >= 3 and last[0].isupper() and last.lower() not in OFFICES:
            patterns.append(
                (re.compile(rf"\b(?:Mr|Ms|Mrs|Dr)\.?\s+{re.escape(last)}\b"), person_id)
            )
        offices.update({_office(person)} - {""})
    for person_id, person in people.items():
        office = _office(person)
        if office and offices[office] == 1:
            patterns.append(
                (re.compile(rf"\bthe\s+{re.escape(office)}\b", re.IGNORECASE), person_id)
            )
    return tuple(patterns)


def _office(person: Row) -> str:
    """The office a person's name or role starts with ("president"), or ""."""
    for text in (person["name"], person["role"]):
        low = text.lower()
        found = [o for o in OFFICES if low == o or low.startswith(o + " ")]
        if found:
            return max(found, key=len)
    return ""


def _place_patterns(places: Mapping[str, Row]) -> tuple[tuple[re.Pattern, str], ...]:
    """A place by name, and a venue as "the <head>" ("the palace") when it is the only
    venue with that head word."""
    patterns = [
        (re.compile(rf"\b{re.escape(p['name'])}\b", re.IGNORECASE), i) for i, p in places.items()
    ]
    heads: dict[str, list[str]] = {}
    for place_id, place in places.items():
        head = re.search(rf"\b(?:{VENUE_HEADS})\b", place["name"])
        if place["kind"] == "venue" and head:
            heads.setdefault(head[0].lower(), []).append(place_id)
    for head, ids in heads.items():
        if len(ids) == 1:
            patterns.append((re.compile(rf"\bthe\s+{head}\b", re.IGNORECASE), ids[0]))
    return tuple(patterns)


def named(patterns: tuple[tuple[re.Pattern, str], ...], text: str) -> list[Hit]:
    """Every id whose pattern the text matches, where; of overlapping matches the longest."""
    hits = sorted(
        (
            Hit(m.start(), m.end(), ident)
            for pattern, ident in patterns
            for m in pattern.finditer(text)
        ),
        key=lambda h: (-(h.end - h.start), h.start),
    )
    kept: list[Hit] = []
    for hit in hits:
        if not any(hit.start < k.end and k.start < hit.end for k in kept):
            kept.append(hit)
    return sorted(kept)


def weight(profile: Profile, words: set[str]) -> tuple[float, float]:
    """How strongly a set of concept and title words names an event: the weight of its
    concepts found, and of its other words found."""
    head = math.fsum(w for c, w in profile.heads.items() if c in words)
    mods = math.fsum(w for c, w in profile.modifiers.items() if c in words)
    return head, mods
