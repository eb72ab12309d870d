"""The visit a text tells of: who visits whom, where to, the guest's home city, and its days.

The visit is named where the text says "a state visit to X" or "departed for X ... visit";
the guest is the first person named before those words, the host the person of the host
country (or, failing that, the first head of state or government without a country). What
the text leaves unsaid (the guest's country, the home city) is inferred, with a note.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

from .dates import Dates
from .gazetteer import DEMONYMS, article_countries, capital_of, city_record, zone_at
from .ids import slug
from .itinerary import Leg
from .people import Person, named_in
from .places import Place
from .text import Sentence

#: A move to where the visit goes, in a sentence that says "visit".
VISIT_FOR = re.compile(
    r"\b(?P<what>departed|departs|left|leaves|arrived|arrives|arrive|travels|flew|flies)\s+"
    r"(?:for|in|to)\s+(?P<where>[A-Z][\w-]*(?:\s+[A-Z][\w-]*)?)"
)
#: "A four-day state visit to X".
VISIT_TO = re.compile(
    r"\b(?P<what>(?:[\w-]+-day\s+)?(?:state|official|working)?\s*visit)\s+to\s+"
    r"(?P<where>[A-Z][\w-]*(?:\s+[A-Z][\w-]*)?)"
)
#: Heads of state or government: who may host a visit.
HEAD_ROLES = ("president", "prime minister", "premier", "king", "queen", "chancellor", "emperor")


@dataclass(frozen=True)
class Visit:
    """The visit, as far as the text tells it; every field may be unknown."""

    guest: Person | None = None
    host: Person | None = None
    guest_country: str = ""
    host_country: str = ""
    title: str = ""
    first: dt.date | None = None  # see `visit_days`
    last: dt.date | None = None
    sentence: Sentence | None = None  # the sentence that names the visit
    quote: str = ""
    home: Place | None = None  # the guest's home city, where the trip starts and ends
    notes: tuple[str, ...] = ()  # what was inferred, one sentence each

    def inferred_country(self, person: Person) -> str:
        """The country the visit gives a person the text gives none: the guest's or the
        host's (inferred), else ""."""
        if person.country:
            return ""
        if person == self.guest:
            return self.guest_country
        if person == self.host:
            return self.host_country
        return ""


#: What is known of a visit a text does not tell (a report of some of its events only).
NO_VISIT = Visit()


class _Named(NamedTuple):
    """What the sentence that names the visit says of it."""

    sentence: Sentence
    guest: Person | None  # the first person named before the visit's words
    host_country: str
    quote: str
    title: str


def find_visit(
    sentences: list[Sentence], people: Sequence[Person], places: Sequence[Place]
) -> Visit:
    """The visit the sentences tell of: guest, host, their countries, a title, the
    sentence that names it, and the guest's home city (a new, inferred place when the
    text does not name it); its days are left to `visit_days`."""
    countries = article_countries(sentences)
    named = _named(sentences, people, places, countries)
    guest = named.guest if named else None
    notes = []
    if guest is None and people:
        guest = people[0]
        notes.append(f"The guest is taken to be {guest.name}, the first person named.")
    host_country = named.host_country if named else ""
    host, note = _host(people, guest, host_country)
    notes += [note] if note else []
    guest_country, note = _guest_country(sentences, countries, guest, host_country)
    notes += [note] if note else []
    quote = named.quote if named else ""
    cited = named.sentence if named else (sentences[0] if sentences else None)
    home, note = _home(guest_country, places, cited, quote)
    notes += [note] if note else []
    title = named.title if named and named.title else (f"{guest.name}'s visit" if guest else "")
    return Visit(
        guest=guest,
        host=host,
        guest_country=guest_country,
        host_country=host_country,
        title=title,
        sentence=named.sentence if named else None,
        quote=quote,
        home=home,
        notes=tuple(notes),
    )


def _named(
    sentences: list[Sentence],
    people: Sequence[Person],
    places: Sequence[Place],
    countries: set[str],
) -> _Named | None:
    """The guest, host country, quote and title the sentence naming the visit gives."""
    found = _visit_named(sentences, countries)
    if found is None:
        return None
    sentence, m = found
    where = m["where"]
    host_country = where if where in countries else ""
    if not host_country and city_record(where):
        host_country = next((p.country for p in places if p.name == where), "")
    before = named_in(list(people), sentence.text[: m.start()])
    guest = before[0] if before else (people[0] if people else None)
    quote = sentence.quote(0, m.end())
    return _Named(sentence, guest, host_country, quote, _title(guest, m, sentence.text))


def _visit_named(
    sentences: list[Sentence], countries: set[str]
) -> tuple[Sentence, re.Match] | None:
    """The first sentence that names the visit and where it goes: "a state visit to X",
    else a move to a country in a sentence that says "visit"."""
    for s in sentences:
        m = VISIT_TO.search(s.text)
        if m and (m["where"] in countries or city_record(m["where"])):
            return s, m
        m = VISIT_FOR.search(s.text) if re.search(r"\bvisit\b", s.text) else None
        if m and m["where"] in countries:
            return s, m
    return None


def _title(guest: Person | None, m: re.Match, text: str) -> str:
    """ "X's state visit to Y", with the kind of visit the sentence says."""
    if guest is None:
        return ""
    what = m["what"].split("-day")[-1].strip() if "visit" in m["what"] else "visit"
    kind = re.search(r"\b(?:state|official|working)\s+visit\b", text)
    if kind and what == "visit":
        what = kind[0]
    title = f"{guest.name}'s {what} to {m['where']}"
    return re.sub(r"\s+", " ", title.replace(" day ", " "))


def _host(
    people: Sequence[Person], guest: Person | None, host_country: str
) -> tuple[Person | None, str]:
    """The host: the first person of the host country, else the first head of state or
    government without a country (inferred, with a note)."""
    if not host_country:
        return None, ""
    others = [p for p in people if p is not guest]
    host = next((p for p in others if p.country == host_country), None)
    if host is not None:
        return host, ""
    host = next((p for p in others if not p.country and p.role.lower() in HEAD_ROLES), None)
    if host is None:
        return None, ""
    return host, (
        f"The host is taken to be {host.name}, the first head of state or government named "
        "who is not the guest."
    )


def _guest_country(
    sentences: list[Sentence], countries: set[str], guest: Person | None, host_country: str
) -> tuple[str, str]:
    """The guest's own country if the text gives it, else the country it names most
    often after the host's (inferred, with a note)."""
    if guest and guest.country and guest.country != host_country:
        return guest.country, ""
    counts: dict[str, int] = {}
    text = " ".join(s.text for s in sentences)
    for name in countries | set(DEMONYMS):
        country = DEMONYMS.get(name, name)
        if country == host_country:
            continue
        n = len(re.findall(rf"\b{re.escape(name)}\b", text))
        if n:
            counts[country] = counts.get(country, 0) + n
    if not counts:
        return "", ""
    country = max(counts, key=counts.get)
    return country, (
        f"The guest's country is taken to be {country}, the country the text "
        f"names most often after the host ({counts[country]} times)."
    )


def _home(
    guest_country: str, places: Sequence[Place], sentence: Sentence | None, quote: str
) -> tuple[Place | None, str]:
    """The guest's home city: the capital of the guest's country, a place of the text if
    it names it, else a new place from the gazetteer (inferred, cited where the visit is)."""
    capital = capital_of(guest_country)
    if not capital:
        return None, ""
    note = (
        f"The guest's home city is taken to be {capital}, the capital of {guest_country}: "
        "the article does not say where the trip starts and ends."
    )
    home = next((p for p in places if p.name == capital), None)
    record = city_record(capital, 0) if home is None else None
    if record is not None:
        lat, lon = float(record["latitude"]), float(record["longitude"])
        home = Place(
            slug(capital),
            capital,
            "city",
            guest_country,
            lat,
            lon,
            zone_at(lat, lon),
            sentence,
            quote or sentence.quote(),
            basis="inferred",
            note=f"Not named in the article: the capital of {guest_country}, taken as "
            "the city the guest leaves from and returns to. Coordinates from the "
            "gazetteer; time zone from the coordinates.",
        )
    return home, note


def with_home(places: Sequence[Place], visit: Visit) -> list[Place]:
    """The places, and the guest's home city after them if the text does not name it."""
    home = visit.home
    if home is None or any(p is home for p in places):
        return list(places)
    return [*places, home]


def visit_days(legs: Sequence[Leg], dates: Dates) -> tuple[dt.date | None, dt.date | None]:
    """The visit's first and last day: from its legs and the days it names that are not
    past, and at least as long as its stated length."""
    first = min((leg.date for leg in legs), default=None)
    last = max((leg.date for leg in legs), default=None)
    days = [
        m.first for m in dates.mentions if m.resolved and m.precision == "day" and m.tense != "past"
    ]
    if first is None and days:
        first = min(days)
    if days:
        last = max([*days, *([last] if last else [])])
    if first and dates.duration:
        stated_last = first + dt.timedelta(days=dates.duration.days - 1)
        last = stated_last if last is None else max(last, stated_last)
    return first, last
