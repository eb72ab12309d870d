"""The itinerary a text tells: moves between cities ("arrive in Oslo", "before travelling
to Bergen", "return home"), each dated by the day said with it or its sentence's only day,
and where the guest is on any day from them."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

from .date_words import Mention
from .dates import Dates, mention_within, sentence_day
from .gazetteer import article_countries
from .places import Place
from .text import Sentence

#: A verb of moving, in any tense, and the city (or country) it moves to or arrives in.
TRAVEL = re.compile(
    r"\b(?P<verb>departed|departs|depart|left|leaves|leave|leaving|arrived|arrives|arrive|arriving|"
    r"flew|flies|fly|flying|heading|head|heads|travel|travels|travelled|traveled|travelling|"
    r"traveling|moving|move|moves|going|goes|go|"
    r"end\s+(?:the|his|her|their)\s+(?:visit|trip|tour)|ends\s+(?:the|his|her|their)\s+(?:visit|trip|tour))\s+"
    r"(?:on\s+to|onward\s+to|for|to|in|at)\s+(?P<city>[A-Z][\w-]*(?:\s+[A-Z][\w-]*)?)"
)
#: A move home: "return home", "leave for home", "fly back home".
RETURN = re.compile(
    r"\b(?P<verb>return|returns|returned|returning|fly|flies|head|heads|go|goes|"
    r"leave|leaves|leaving|left|depart|departs|flying|heading|going)\s+(?:for\s+|back\s+)?home\b"
)


@dataclass(frozen=True)
class Leg:
    """A move of the guest from one city to another on a day."""

    seq: int  # 1, 2, ... in order; 0 for an arrival with no known start
    origin: Place
    destination: Place
    date: dt.date
    sentence: Sentence
    quote: str
    basis: str = "article"
    note: str = ""
    arrival: bool = False  # "arrives in X": the move is told from where it ends
    arrival_only: bool = False  # the first arrival when the start is unknown: no leg


class _Move(NamedTuple):
    start: int
    end: int
    city: Place
    match: re.Match


def find_legs(
    sentences: list[Sentence], places: Sequence[Place], dates: Dates, home: Place | None = None
) -> list[Leg]:
    """The moves between cities the sentences tell, in order, each on the day said with
    it; a trip starts from `home` (the guest's home city) if known, and "home" means it."""
    countries = article_countries(sentences)
    legs: list[Leg] = []
    here = home
    for s in sentences:
        for move in _moves(s, sentences, places, countries, home):
            if move.city is here:
                continue
            mention = mention_within(dates, s, move.start, len(s.text)) or sentence_day(dates, s)
            if mention is None or mention.precision != "day":
                continue
            quote = leg_quote(s, move.start, move.end, mention)
            if here is None:  # the first city, with no known start: an arrival, no leg
                city = move.city
                leg = Leg(0, city, city, mention.first, s, quote, arrival=True, arrival_only=True)
            else:
                seq = sum(1 for x in legs if not x.arrival_only) + 1
                basis, note = _basis(s, here, move, home, countries)
                arrival = move.match["verb"].startswith("arriv")
                leg = Leg(seq, here, move.city, mention.first, s, quote, basis, note, arrival)
            legs.append(leg)
            here = move.city
    return legs


def _moves(
    s: Sentence,
    sentences: list[Sentence],
    places: Sequence[Place],
    countries: set[str],
    home: Place | None,
) -> list[_Move]:
    """The moves a sentence tells, in its order: to a city of `places`, to a country (its
    first city the text names next), or home."""
    cities = {p.name: p for p in places if p.kind == "city"}
    moves = []
    for m in TRAVEL.finditer(s.text):
        city = cities.get(m["city"].split()[0]) or cities.get(m["city"])
        if city is None and m["city"] in countries:
            city = _first_city_in(sentences, s, places, m["city"])
        if city is not None:
            moves.append(_Move(m.start(), m.end(), city, m))
    if home is not None:
        moves += [_Move(m.start(), m.end(), home, m) for m in RETURN.finditer(s.text)]
    return sorted(moves, key=lambda move: move.start)


def _basis(
    s: Sentence, origin: Place, move: _Move, home: Place | None, countries: set[str]
) -> tuple[str, str]:
    """Whether a leg rests on the text or is inferred (from the home city, or a country
    read as its first city), and why."""
    basis, note = "article", ""
    if origin is home and not re.search(rf"\b{re.escape(origin.name)}\b", s.text):
        basis, note = (
            "inferred",
            f"Origin {origin.name}: the guest's home, inferred (see the visit).",
        )
    if move.city is home:
        basis, note = "inferred", f"'Home' is read as {move.city.name} (inferred; see the visit)."
    said = move.match["city"] if "city" in move.match.re.groupindex else ""
    if said and said != move.city.name and said in countries:
        basis = "inferred"
        note = (
            f"The text says “{said}”; the first city of it the text names next, "
            f"{move.city.name}, is taken as the destination."
        )
    return basis, note


def _first_city_in(
    sentences: list[Sentence], after: Sentence, places: Sequence[Place], country: str
) -> Place | None:
    """The first city of a country that the sentences from `after` on name."""
    for s in sentences:
        if s.number < after.number:
            continue
        for place in places:
            if (
                place.kind == "city"
                and place.country == country
                and re.search(rf"\b{re.escape(place.name)}\b", s.text)
            ):
                return place
    return None


def leg_quote(s: Sentence, start: int, end: int, mention: Mention) -> str:
    """A move's words and its date's, as one span when they touch, else two."""
    if mention.start <= end + 12 and mention.end >= start - 12:
        return s.quote(min(start, mention.start), max(end, mention.end))
    return f"{mention.text} | {s.quote(start, end)}"


def city_on(
    legs: Sequence[Leg], day: dt.date, home: Place | None, *, before: bool | None = None
) -> Place | None:
    """Where the guest is on a day: the destination of the last leg before it. On the
    day of a move, `before` says whether the event comes before the move; if unknown, the
    first day's events follow the arrival and any other move day's precede the departure."""
    here = legs[0].origin if legs else home
    for i, leg in enumerate(legs):
        if leg.date < day:
            here = leg.destination
        elif leg.date == day:
            ahead = (i > 0) if before is None else before
            if not ahead:
                here = leg.destination
    return here


def days_in(legs: Sequence[Leg], city: Place) -> tuple[dt.date, dt.date] | None:
    """The first and last day the guest is in a city (arrival to departure days)."""
    for i, leg in enumerate(legs):
        if leg.destination is city:
            leave = legs[i + 1].date if i + 1 < len(legs) else leg.date
            return leg.date, leave
    return None
