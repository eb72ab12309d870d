"""Which events a sentence of a report speaks of: events of the visit's plan, matched by
their own words, and actions the plan does not have.

An event is named by a concept of its title or kind ("talks", "dinner", "depart"; see
`words.concepts`); its title's other words ("trade", "students"), its participants and
its place named in the same sentence make the match stronger. A word that several events
share counts less (a plan's two meetings share "meet"). An event whose words in the
sentence are all words of a stronger match is that match's, not a second one ("met
students" is the meeting with students, not also the talks).

An action verb ("laid a wreath", "toured a plant"; `words.ACTS`) whose words no matched
event takes is an event the plan lacks: a new row, whose kind its words give.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..draft.event_words import kind_of
from .text import Located
from .visit import Profile, VisitRows, named, weight
from .words import ACT_KINDS, ACTS, Hit, concepts, content_words

#: The least weight that makes a match: one concept no other event has, or a shared one
#: with a participant, a place or another word of the title.
THRESHOLD = 1.0
#: What a participant (other than the guest, who is in everything) or the event's place
#: named in the sentence adds.
BONUS = 0.5


@dataclass(frozen=True)
class Mention:
    """An event a sentence speaks of, and where its words are in the sentence."""

    located: Located
    anchors: tuple[tuple[int, int], ...]  # the offsets of its words
    event_id: str | None  # None: an event the plan lacks
    kind: str
    score: float = 0.0
    phrase: str = ""  # a new event's words, to find its kind (never stored)

    @property
    def start(self) -> int:
        return min(a for a, _ in self.anchors)

    def distance(self, start: int, end: int) -> int:
        """Characters between a span and the nearest of this mention's words."""
        return min(max(a - end, start - b, 0) for a, b in self.anchors)


@dataclass(frozen=True)
class _Candidate:
    profile: Profile
    score: float
    bonus: float
    hits: tuple[Hit, ...]


def sentence_mentions(located: Located, rows: VisitRows) -> list[Mention]:
    """The planned events a sentence speaks of, then the actions no planned event takes."""
    text = located.text
    words = concepts(text) + content_words(text)
    people = {h.value for h in named(rows.person_patterns, text)}
    places = {h.value for h in named(rows.place_patterns, text)}
    found = [
        c
        for profile in rows.profiles
        if (c := _candidate(profile, words, people, places, rows)) is not None
    ]
    kept = _strongest(found)
    mentions = [
        Mention(
            located,
            tuple((h.start, h.end) for h in c.hits),
            c.profile.event["id"],
            c.profile.event["kind"],
            c.score,
        )
        for c in kept
    ]
    return sorted(mentions + _actions(located, mentions), key=lambda m: m.start)


def _candidate(
    profile: Profile, words: list[Hit], people: set[str], places: set[str], rows: VisitRows
) -> _Candidate | None:
    values = {w.value for w in words}
    head, mods = weight(profile, values)
    if head <= 0:
        return None
    event = profile.event
    participants = set(event.get("participants", "").split()) - {rows.guest}
    bonus = BONUS * bool(participants & people)
    place = event.get("place_id", "")
    if place and (place in places or rows.city_of(place) in places):
        bonus += BONUS
    score = head + mods + bonus
    if score < THRESHOLD:
        return None
    hits = tuple(w for w in words if w.value in profile.heads or w.value in profile.modifiers)
    return _Candidate(profile, score, bonus, hits)


def _strongest(found: list[_Candidate]) -> list[_Candidate]:
    """The matches, strongest first, without one whose words all belong to a stronger one
    that has at least its participants and place."""
    kept: list[_Candidate] = []
    for c in sorted(found, key=lambda c: -c.score):
        spans = {(h.start, h.end) for h in c.hits}
        if not any(
            spans <= {(h.start, h.end) for h in k.hits} and c.bonus <= k.bonus for k in kept
        ):
            kept.append(c)
    return kept


def _actions(located: Located, matched: list[Mention]) -> list[Mention]:
    """Action verbs with an object that no matched event's words fall in: new events."""
    found = []
    for m in ACTS.finditer(located.text):
        start, end = m.start(), m.end()
        if any(start <= a < end or start <= b - 1 < end for x in matched for a, b in x.anchors):
            continue
        verb = (m["past"] or m["plan"]).lower()
        phrase = m[0]
        kind = kind_of(phrase, ACT_KINDS.get(verb, "event"))
        found.append(Mention(located, ((start, end),), None, kind, 0.0, phrase))
    return found
