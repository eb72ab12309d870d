"""The visit, its legs and events, and candidate topics and cards, drafted from the text.

Events are actions: a scheduled or dated verb ("will attend a forum", "to hold summit
talks ... on Monday", "scheduled for a luncheon ... and a meeting ..."), a move between
cities ("arrive in Oslo", "before travelling to Bergen", "return home"), or a dated
past happening ("since taking office last June", "in a Friday interview"). Each takes the
date said in its own words, else its sentence's, else the days the guest is in the city
it happens in; legs follow the order of cities.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from .dates import Dates, Mention
from .entities import Person, Place, capital_of, city_record, slug, zone_at
from .text import Sentence

TRAVEL = re.compile(
    r"\b(?P<verb>departed|departs|depart|left|leaves|leave|leaving|arrived|arrives|arrive|arriving|"
    r"flew|flies|fly|flying|heading|head|heads|travel|travels|travelled|traveled|travelling|"
    r"traveling|moving|move|moves|going|goes|go|"
    r"end\s+(?:the|his|her|their)\s+(?:visit|trip|tour)|ends\s+(?:the|his|her|their)\s+(?:visit|trip|tour))\s+"
    r"(?:on\s+to|onward\s+to|for|to|in|at)\s+(?P<city>[A-Z][\w-]*(?:\s+[A-Z][\w-]*)?)"
)
RETURN = re.compile(
    r"\b(?P<verb>return|returns|returned|returning|fly|flies|head|heads|go|goes|"
    r"leave|leaves|leaving|left|depart|departs|flying|heading|going)\s+(?:for\s+|back\s+)?home\b"
)
ACTION = re.compile(
    r"(?:\bwill\s+(?:also\s+)?|\b(?:is|are)\s+(?:set|due|expected)\s+to\s+|\bto\s+|,\s+(?:and\s+)?|\band\s+)"
    r"(?P<verb>attend|visit|hold|sign|meet(?:\s+with)?|tour|open|inspect|address|lay|host|"
    r"deliver|join|receive|review|give|speak|unveil|launch)\b"
)
SCHEDULED = re.compile(
    r"\b(?:scheduled|set|due|expected)\s+(?:for|to\s+(?:attend|hold|have))\s+(?P<list>.+?)"
    r"(?=,\s*(?:before|after|then)\b|[.;]|$)"
)
AGENDA = re.compile(
    r"\b(?:focus(?:ing|es|ed)?\s+on|(?:topics|issues)\s+(?:include|included|including)|"
    r"agenda\s+(?:includes|covers))\s+(?P<list>[^.;]+)",
    re.IGNORECASE,
)
ON_AGENDA = re.compile(r"^(?P<subject>[A-Z][^,.;]*?)\s+(?:is|are)\s+(?:also\s+)?on the agenda")
PAST_HAPPENING = re.compile(
    r"\b(?:since|after|following)\s+(?P<what>[a-z]+ing\s+[a-z]+)\s+(?=last|in|on)"
    r"|\ba\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\s+(?P<noun>[a-z]+(?:\s+with\s+(?:(?!\s+that\b)[^,.;])+)?)"
    r"|\bthe\s+\d{4}\s+(?P<np>[a-z]+(?:\s+of\s+the\s+(?:[^,.;]|\.(?=\S|\s+[A-Z]{2}))+)?)"
    r"|(?P<np2>(?:a|an|the)\s+[a-z-]+(?:\s+[a-z-]+)?\s+(?:at|of)\s+the\s+[A-Z][^,.;]*?)\s+in\s+(?:early|late|mid)?\s*[A-Z]"
)
KINDS = (
    ("summit", "summit"),
    ("talks", "talks"),
    ("forum", "forum"),
    ("sign", "signing"),
    ("luncheon", "meal"),
    ("lunch", "meal"),
    ("dinner", "meal"),
    ("banquet", "meal"),
    ("meeting", "meeting"),
    ("meet", "meeting"),
    ("interview", "interview"),
    ("startup", "business"),
    ("business", "business"),
    ("ceremony", "ceremony"),
    ("site", "commemoration"),
    ("visit", "visit"),
)


@dataclass
class Event:
    id: str
    title: str
    kind: str
    status: str
    first: dt.date
    last: dt.date
    precision: str
    as_written: str
    place: Place | None
    place_basis: str
    sentence: Sentence
    quote: str
    background: bool
    participants: list[Person] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    note: str = ""


@dataclass
class Leg:
    seq: int
    origin: Place
    destination: Place
    date: dt.date
    sentence: Sentence
    quote: str
    basis: str = "article"
    note: str = ""
    arrival: bool = False  # "arrives in X": the move is told from where it ends
    arrival_only: bool = False  # the first arrival when the start is unknown: no leg


@dataclass
class Visit:
    guest: Person | None
    host: Person | None
    guest_country: str
    host_country: str
    title: str
    first: dt.date | None
    last: dt.date | None
    sentence: Sentence | None
    quote: str
    home: Place | None
    notes: list[str] = field(default_factory=list)


def _mention_in(dates: Dates, sentence: Sentence, start: int, end: int) -> Mention | None:
    inside = [
        m
        for m in dates.in_sentence(sentence)
        if m.resolved
        and m.start >= start
        and m.end <= end
        and m.kind not in ("year", "in-years", "dateline")
    ]
    return inside[0] if inside else None


def _sentence_day(dates: Dates, sentence: Sentence, before: int | None = None) -> Mention | None:
    """The day a whole sentence is about: its only day, said before its first action
    ("On Tuesday, he is scheduled for ..."); a day said inside one action is that action's."""
    days = [
        m
        for m in dates.in_sentence(sentence)
        if m.resolved and m.precision == "day" and m.kind != "dateline"
    ]
    if len(days) != 1 or (before is not None and days[0].start > before):
        return None
    return days[0]


def _person_named(people: list[Person], text: str) -> list[Person]:
    return [p for p in people if any(re.search(rf"\b{re.escape(a)}\b", text) for a in p.aliases)]


# ---------------------------------------------------------------------------------------
# The visit and its itinerary


VISIT_FOR = re.compile(
    r"\b(?P<what>departed|departs|left|leaves|arrived|arrives|arrive|travels|flew|flies)\s+"
    r"(?:for|in|to)\s+(?P<where>[A-Z][\w-]*(?:\s+[A-Z][\w-]*)?)"
)
HEAD_ROLES = ("president", "prime minister", "premier", "king", "queen", "chancellor", "emperor")
VISIT_TO = re.compile(
    r"\b(?P<what>(?:[\w-]+-day\s+)?(?:state|official|working)?\s*visit)\s+to\s+"
    r"(?P<where>[A-Z][\w-]*(?:\s+[A-Z][\w-]*)?)"
)


def find_visit(sentences, people: list[Person], places: list[Place], dates: Dates) -> Visit:
    from .entities import DEMONYMS, article_countries

    countries = article_countries(sentences)
    guest = host = None
    host_country = guest_country = ""
    sentence = None
    quote = ""
    title = ""
    notes: list[str] = []
    for s in sentences:
        m = VISIT_TO.search(s.text)
        if not (m and (m["where"] in countries or city_record(m["where"]))):
            m = VISIT_FOR.search(s.text) if re.search(r"\bvisit\b", s.text) else None
            if m and m["where"] not in countries:
                m = None
        if m:
            sentence = s
            where = m["where"]
            record = city_record(where)
            host_country = where if where in countries else ""
            if not host_country and record:
                host_country = next((p.country for p in places if p.name == where), "")
            named = _person_named(people, s.text[: m.start()])
            guest = named[0] if named else (people[0] if people else None)
            quote = s.quote(0, m.end())
            what = m["what"].split("-day")[-1].strip() if "visit" in m["what"] else "visit"
            kind = re.search(r"\b(?:state|official|working)\s+visit\b", s.text)
            if kind and what == "visit":
                what = kind[0]
            title = f"{guest.name}'s {what} to {where}" if guest else ""
            title = re.sub(r"\s+", " ", title.replace(" day ", " "))
            break
    if guest is None and people:
        guest = people[0]
        notes.append(f"The guest is taken to be {guest.name}, the first person named.")
    if host_country:
        host = next((p for p in people if p is not guest and p.country == host_country), None)
        if host is None:
            host = next(
                (
                    p
                    for p in people
                    if p is not guest and not p.country and p.role.lower() in HEAD_ROLES
                ),
                None,
            )
            if host is not None:
                host.country = host_country
                host.guesses.append(f"country {host_country}: taken as the host (inferred)")
                notes.append(
                    f"The host is taken to be {host.name}, the first head of state or government named who is not the guest."
                )
    counts: dict[str, int] = {}
    text = " ".join(s.text for s in sentences)
    for name in countries | set(DEMONYMS):
        country = DEMONYMS.get(name, name)
        if country == host_country:
            continue
        n = len(re.findall(rf"\b{re.escape(name)}\b", text))
        if n:
            counts[country] = counts.get(country, 0) + n
    if guest and guest.country and guest.country != host_country:
        guest_country = guest.country
    elif counts:
        guest_country = max(counts, key=counts.get)
        notes.append(
            f"The guest's country is taken to be {guest_country}, the country the text "
            f"names most often after the host ({counts[guest_country]} times)."
        )
        if guest and not guest.country:
            guest.country = guest_country
            guest.guesses.append(f"country {guest_country}: the guest's country (inferred)")
    home = None
    capital = capital_of(guest_country)
    if capital:
        home = next((p for p in places if p.name == capital), None)
        if home is None and (record := city_record(capital, 0)):
            lat, lon = float(record["latitude"]), float(record["longitude"])
            home = Place(
                slug(capital),
                capital,
                "city",
                guest_country,
                lat,
                lon,
                zone_at(lat, lon),
                sentence or sentences[0],
                quote or sentences[0].quote(),
                basis="inferred",
                note=f"Not named in the article: the capital of {guest_country}, taken as "
                "the city the guest leaves from and returns to. Coordinates from the "
                "gazetteer; time zone from the coordinates.",
            )
            places.append(home)
        notes.append(
            f"The guest's home city is taken to be {capital}, the capital of {guest_country}: "
            "the article does not say where the trip starts and ends."
        )
    if not title and guest:
        title = f"{guest.name}'s visit"
    return Visit(
        guest, host, guest_country, host_country, title, None, None, sentence, quote, home, notes
    )


def find_legs(sentences, places: list[Place], dates: Dates, visit: Visit) -> list[Leg]:
    from .entities import article_countries

    cities = {p.name: p for p in places if p.kind == "city"}
    countries = article_countries(sentences)
    legs: list[Leg] = []
    here = visit.home
    for s in sentences:
        moves = []
        for m in TRAVEL.finditer(s.text):
            city = cities.get(m["city"].split()[0]) or cities.get(m["city"])
            if city is None and m["city"] in countries:
                # "departed for Japan": the first city of that country the text names next.
                city = _first_city_in(sentences, s, places, m["city"])
            if city is not None:
                moves.append((m.start(), m.end(), city, m))
        for m in RETURN.finditer(s.text):
            if visit.home is not None:
                moves.append((m.start(), m.end(), visit.home, m))
        for start, end, city, m in sorted(moves, key=lambda x: x[0]):
            if city is here:
                continue
            mention = _mention_in(dates, s, start, len(s.text)) or _sentence_day(dates, s)
            if mention is None or mention.precision != "day":
                continue
            if here is None:
                # The first city, with no known start (no home city): the guest arrives,
                # and there is no leg to draw.
                legs.append(
                    Leg(
                        0,
                        city,
                        city,
                        mention.first,
                        s,
                        _leg_quote(s, start, end, mention),
                        arrival=True,
                        arrival_only=True,
                    )
                )
                here = city
                continue
            origin = here
            basis, note = "article", ""
            if origin is visit.home and not re.search(rf"\b{re.escape(origin.name)}\b", s.text):
                basis, note = (
                    "inferred",
                    f"Origin {origin.name}: the guest's home, inferred (see the visit).",
                )
            if city is visit.home:
                basis, note = (
                    "inferred",
                    f"'Home' is read as {city.name} (inferred; see the visit).",
                )
            said = m["city"] if "city" in m.re.groupindex else ""
            if said and said != city.name and said in countries:
                basis = "inferred"
                note = f"The text says “{m['city']}”; the first city of it the text names next, {city.name}, is taken as the destination."
            legs.append(
                Leg(
                    sum(1 for x in legs if not x.arrival_only) + 1,
                    origin,
                    city,
                    mention.first,
                    s,
                    _leg_quote(s, start, end, mention),
                    basis,
                    note,
                    arrival=m["verb"].startswith("arriv"),
                )
            )
            here = city
    return legs


def _first_city_in(sentences, after: Sentence, places: list[Place], country: str) -> Place | None:
    for s in sentences[after.number - 1 :]:
        for place in places:
            if (
                place.kind == "city"
                and place.country == country
                and re.search(rf"\b{re.escape(place.name)}\b", s.text)
            ):
                return place
    return None


def _leg_quote(s: Sentence, start: int, end: int, mention: Mention) -> str:
    """The move's words and its date's, as one span when they touch, else two."""
    if mention.start <= end + 12 and mention.end >= start - 12:
        return s.quote(min(start, mention.start), max(end, mention.end))
    return f"{mention.text} | {s.quote(start, end)}"


def city_on(
    legs: list[Leg], day: dt.date, home: Place | None, *, before: bool | None = None
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


def days_in(legs: list[Leg], city: Place) -> tuple[dt.date, dt.date] | None:
    """The first and last day the guest is in a city (arrival to departure days)."""
    for i, leg in enumerate(legs):
        if leg.destination is city:
            leave = legs[i + 1].date if i + 1 < len(legs) else leg.date
            return leg.date, leave
    return None
