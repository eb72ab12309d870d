"""Events that are actions of the visit: a scheduled or dated verb ("will attend a forum",
"to hold summit talks ... on Monday", "scheduled for a luncheon ... and a meeting ...").

Each takes the day said in its own words, else its sentence's only day, else the days the
guest is in the city it happens in, else the whole visit; its place is the city its words
put it in, a venue they name, or where the itinerary puts the guest that day.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

from .date_words import Mention
from .dates import Dates, mention_within, sentence_day
from .event_words import Event, city_named, kind_of, participants, status_of, title_of
from .itinerary import RETURN, TRAVEL, Leg, city_on, days_in, leg_quote
from .people import Person
from .places import SITE_HEADS, Place
from .text import Sentence, capitalise
from .visit import NO_VISIT, Visit

#: A verb of a visit's programme, after what makes it a plan or one of a list ("will",
#: "is set to", "to", ", and").
ACTION = re.compile(
    r"(?:\bwill\s+(?:also\s+)?|\b(?:is|are)\s+(?:set|due|expected)\s+to\s+|\bto\s+|,\s+(?:and\s+)?|\band\s+)"
    r"(?P<verb>attend|visit|hold|sign|meet(?:\s+with)?|tour|open|inspect|address|lay|host|"
    r"deliver|join|receive|review|give|speak|unveil|launch)\b"
)
#: A programme said as a list: "scheduled for a luncheon ... and a meeting ...".
SCHEDULED = re.compile(
    r"\b(?:scheduled|set|due|expected)\s+(?:for|to\s+(?:attend|hold|have))\s+(?P<list>.+?)"
    r"(?=,\s*(?:before|after|then)\b|[.;]|$)"
)


@dataclass(frozen=True)
class Scene:
    """What the action finder knows besides a sentence: the dates, people and places of
    the text, the itinerary and the visit."""

    dates: Dates
    people: Sequence[Person] = ()
    places: Sequence[Place] = ()
    legs: Sequence[Leg] = ()
    visit: Visit = NO_VISIT

    @property
    def cities(self) -> list[Place]:
        return [p for p in self.places if p.kind == "city"]


class Action(NamedTuple):
    start: int  # offsets of its words in the sentence
    end: int
    phrase: str


class _When(NamedTuple):
    first: dt.date
    last: dt.date
    precision: str
    mention: Mention | None
    day_city: Place | None  # where the itinerary puts the guest that day


def action_events(s: Sentence, scene: Scene, there: Place | None = None) -> list[Event]:
    """The actions of one sentence as events (ids left empty); `there` is the city a
    sentence that opens with "There" is about."""
    actions = _actions(s.text)
    first_action = min((a.start for a in actions), default=len(s.text))
    events = []
    for action in _trimmed(actions):
        city = city_named(action.phrase, scene.cities) or there
        when = _when(s, action, scene, first_action, city)
        if when is not None:
            events.append(_event(s, action, when, city, scene))
    return events


def _actions(text: str) -> list[Action]:
    """Every action's words: a verb up to the next action, and each item of a schedule."""
    actions = []
    for m in ACTION.finditer(text):
        start = m.start("verb")
        end = _cut_at_actions(text, start)
        actions.append(Action(start, end, text[start:end]))
    for m in SCHEDULED.finditer(text):
        at = m.start("list")
        for item in re.split(r"\s+and\s+(?=(?:a|an|the)\s)", m["list"]):
            start = text.index(item, at)
            actions.append(Action(start, start + len(item), item))
            at = start + len(item)
    return actions


#: What may trail an action cut at the next: a conjunction, and the subject and verb of
#: the clause it opens ("tour the port, and he will | leave for home").
_TRAIL = re.compile(
    r",?\s+(?:and|before|after|then)(?:\s+(?:he|she|they|we|it)(?:\s+(?:will|would|is|are))?)?\s*$"
)


def _trimmed(actions: list[Action]) -> list[Action]:
    """The actions in order, without "visit to" (the visit itself) and without what
    trails them (see _TRAIL)."""
    kept = []
    for start, end, phrase in sorted(actions):
        if phrase.strip().lower().startswith(("visit to", "visit with")):
            continue
        trail = _TRAIL.search(phrase)
        if trail:
            end -= len(trail[0])
            phrase = phrase[: trail.start()]
        kept.append(Action(start, end, phrase))
    return kept


def _cut_at_actions(text: str, start: int) -> int:
    """Where an action that starts at `start` ends: at the next action or the sentence's end."""
    ends = [m.start() for m in ACTION.finditer(text, start + 1)]
    ends += [m.start() for m in TRAVEL.finditer(text, start + 1)]
    ends += [m.start() for m in RETURN.finditer(text, start + 1)]
    ends += [m.start() for m in re.finditer(r",\s+(?:before|after|then)\b", text[start + 1 :])]
    ends = [e if e > start else e + start + 1 for e in ends]
    ends = [e for e in ends if e > start]
    return min(ends) if ends else len(text.rstrip("."))


def _when(
    s: Sentence, action: Action, scene: Scene, first_action: int, city: Place | None
) -> _When | None:
    """The action's days: said in its words or its sentence, else the days the guest is
    in its city, else the whole visit; None if none of them is known."""
    dates, legs, visit = scene.dates, scene.legs, scene.visit
    mention = mention_within(dates, s, action.start, action.end)
    mention = mention or sentence_day(dates, s, first_action)
    if mention and mention.precision == "day":
        moves = [m.start() for m in TRAVEL.finditer(s.text)]
        moves += [m.start() for m in RETURN.finditer(s.text)]
        before = any(action.start < move for move in moves) if moves else None
        day_city = city_on(legs, mention.first, visit.home, before=before)
        return _When(mention.first, mention.first, "day", mention, day_city)
    if city and (span := days_in(legs, city)):
        first, last = span
        return _When(first, last, "range" if first != last else "day", mention, None)
    if visit.first and visit.last:
        return _When(visit.first, visit.last, "range", mention, None)
    return None


def _event(s: Sentence, action: Action, when: _When, city: Place | None, scene: Scene) -> Event:
    """The action as an event, in `city` if its words or its passage name one."""
    place, place_basis = _place(city, when.day_city, action.phrase, scene.places)
    mention = when.mention
    quote = s.quote(action.start, action.end)
    if mention and not (mention.start >= action.start and mention.end <= action.end):
        quote = leg_quote(s, action.start, action.end, mention)
    tense = mention.tense if mention else "future"
    return Event(
        "",
        title_of(_without_mention(action.phrase, mention)),
        kind_of(action.phrase, "event"),
        status_of(when.first, when.last, scene.dates.written, s.text, tense),
        when.first,
        when.last,
        when.precision,
        mention.text if mention else "(no day stated)",
        place,
        place_basis,
        s,
        quote,
        False,
        participants(scene.people, action.phrase, scene.visit.guest),
        note=_note(when.precision, city, place, place_basis),
        span=(action.start, action.end),
    )


def _place(
    city: Place | None, day_city: Place | None, phrase: str, places: Sequence[Place]
) -> tuple[Place | None, str]:
    """A venue the phrase names, else the city it names, else where the itinerary puts
    the guest (inferred); and the basis of that place."""
    venue = next((p for p in places if p.kind == "venue" and _names(p.name, phrase)), None)
    if venue is not None:
        return venue, "article"
    if city is not None:
        return city, "article"
    return day_city, "inferred" if day_city is not None else ""


def _note(precision: str, city: Place | None, place: Place | None, place_basis: str) -> str:
    """What the editor should know of an action's day or place."""
    if precision == "range":
        if city:
            return f"No day is stated: drafted as the days the guest is in {city.name}."
        if place is not None:  # a venue
            return "No day is stated: drafted as the whole visit."
        return "No day or place is stated: drafted as the whole visit."
    if place_basis == "inferred" and place is not None:
        return (
            f"No place is stated: drafted as {place.name}, where the itinerary puts the "
            "guest that day."
        )
    return ""


def _names(venue: str, phrase: str) -> bool:
    """Whether a phrase names a venue: "the site of the X" names "Site of the X"."""
    heads = "|".join(capitalise(h) for h in SITE_HEADS)
    name = re.sub(rf"^(?:{heads}) of (?:the )?", "", venue)
    return re.search(rf"\b{re.escape(name)}\b", phrase, re.IGNORECASE) is not None


def _without_mention(phrase: str, mention: Mention | None) -> str:
    if mention is None:
        return phrase
    phrase = phrase.replace(mention.text, "").replace(" on ,", ",").strip(" ,")
    return re.sub(r"\s+(?:on|in|at)$", "", phrase)
