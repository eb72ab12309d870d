"""Places named in sentences: cities from the gazetteer, then venues and sea areas.

Cities are capitalised names the gazetteer knows (see `gazetteer`), with their country,
coordinates and IANA zone as reference facts. Venues ("the Royal Palace", "the site of the
X") and sea areas the gazetteer lacks are kept with the city of their passage and empty
coordinates, for an editor to fill in.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from .gazetteer import (
    GAZETTEER,
    ZONE_FINDER,
    city_record,
    countries_named,
    country_names,
    country_of_code,
    zone_at,
)
from .ids import slug, unique_id
from .names import (
    CAP,
    CAPITALISED,
    CAPITALISED_PLACE,
    NOT_NAME,
    possessive_stripped,
    strip_not_name,
)
from .people import Person
from .text import Sentence, capitalise

#: The last word of a venue's name.
VENUE_HEADS = (
    "Hall|Palace|Square|Museum|Memorial|Cemetery|Stadium|University|Temple|Shrine|Cathedral|"
    "Mosque|Building|Centre|Center|Park|Tower|Bridge|Airport|Harbour|Harbor|Port|Gate|House|"
    "Residence|Garden|Gardens|Campus|Plant|Factory|Shipyard|Base"
)
#: The last word of a sea area's name.
SEA_HEADS = "Sea|Ocean|Strait|Gulf|Bay|Channel"
#: A place named by whose or what it was: "the site of the X", "the tomb of Y".
SITE_HEADS = ("site", "grounds", "tomb", "mausoleum", "birthplace", "former residence")
VENUE = re.compile(
    rf"\b(?:{CAP}\s+){{0,8}}(?:{VENUE_HEADS}|{SEA_HEADS})\b(?:\s+of(?:\s+the)?(?:\s+{CAP}){{1,8}})?"
)
SITE = re.compile(
    rf"\b(?:the\s+)?(?P<head>{'|'.join(SITE_HEADS)}) of "
    rf"(?P<the>the\s+)?(?P<name>{CAP}(?:\s+(?:of|the|and|{CAP}))*)"
)


@dataclass(frozen=True)
class Place:
    """A place the text names: a city of the gazetteer, or a venue or sea area it lacks."""

    id: str
    name: str
    kind: str  # city, venue or sea area
    country: str
    lat: float | None  # None: not in the gazetteer
    lon: float | None
    timezone: str
    sentence: Sentence  # where first named
    quote: str
    city_id: str = ""  # a venue's city
    basis: str = "reference"
    note: str = ""
    population: int = 0
    doubt: str = ""  # why the gazetteer's place may not be the one meant


def find_places(sentences: list[Sentence], people: Sequence[Person] = ()) -> list[Place]:
    """Cities from the gazetteer, then venues and sea areas, once each, in order of first
    mention; a venue is in the city its sentence names, else the city the text last put
    someone in. Words of the people's names are never places."""
    named = countries_named(" ".join(s.text for s in sentences))
    blocked = {w for p in people for w in p.name.split()} | country_names() | NOT_NAME
    places: dict[str, Place] = {}
    taken: set[str] = set()  # the ids given so far
    last_city: Place | None = None  # the city the text last puts someone in or sends them to
    for sentence in sentences:
        text = sentence.text
        for m in _place_names(text, named):
            name = possessive_stripped(m[0])
            if name in blocked:
                continue
            if name not in places:
                city = _city(name, sentence, m, named, taken)
                if city is None:
                    continue
                places[name] = city
            if places[name].kind == "city" and _where(text, m.start()):
                last_city = places[name]
        for name, kind, start, end in _venues(text):
            if not _known(name, places):
                city = (_city_in(text, places) or last_city) if kind == "venue" else None
                places[name] = _unlisted(name, kind, city, sentence, start, end, taken)
    return list(places.values())


def _known(name: str, places: dict[str, Place]) -> bool:
    """Whether a venue name is a place found already, or part of a venue's name."""
    return name in places or any(name in p.name for p in places.values() if p.kind != "city")


def _city(
    name: str, sentence: Sentence, match: re.Match, named: frozenset[str], taken: set[str]
) -> Place | None:
    """The gazetteer's city of that name (see `city_record`), or None."""
    record = city_record(name, prefer=named)
    if record is None:
        return None
    lat, lon = float(record["latitude"]), float(record["longitude"])
    country = country_of_code(record["countrycode"])
    doubt = ""
    if country not in named:
        doubt = (
            f"the gazetteer's {name} is in {country}, a country the article does not name: "
            "check it is the right place"
        )
    return Place(
        unique_id(slug(name), taken),
        name,
        "city",
        country,
        lat,
        lon,
        zone_at(lat, lon),
        sentence,
        sentence.quote(match.start(), match.end()),
        population=int(record["population"]),
        note=f"Coordinates and country from the gazetteer ({GAZETTEER}); time zone "
        f"from the coordinates ({ZONE_FINDER}).",
        doubt=doubt,
    )


def _unlisted(
    name: str,
    kind: str,
    city: Place | None,
    sentence: Sentence,
    start: int,
    end: int,
    taken: set[str],
) -> Place:
    """A venue or sea area the gazetteer lacks: no coordinates; a venue takes its city's
    country and zone."""
    where = f"; its city, {city.name}, is taken from the same passage." if city else "."
    return Place(
        unique_id(slug(name), taken),
        name,
        kind,
        city.country if city else "",
        None,
        None,
        city.timezone if city else "",
        sentence,
        sentence.quote(start, end),
        city_id=city.id if city else "",
        basis="article",
        note=f"Not in the gazetteer: add its coordinates. The {kind} is named in the article"
        + where,
    )


def _where(text: str, start: int) -> bool:
    """Whether a city is named as where someone is or goes ("in Lisbon", "to Porto"), not
    only mentioned ("off the coast of ...", "ties with ...")."""
    before = text[:start]
    return re.search(r"\b(?:in|at|to|for|from|there)\s+(?:the\s+)?$", before, re.I) is not None


def _place_names(text: str, named: frozenset[str]) -> Iterator[re.Match]:
    """Capitalised names that may be places: with their inner small words first ("Viana
    do Castelo"), then each plain capitalised run of a longer one ("Lisbon")."""
    seen: set[tuple[int, int]] = set()
    for m in CAPITALISED_PLACE.finditer(text):
        whole = city_record(possessive_stripped(m[0]), prefer=named)
        if whole or " " not in m[0]:
            seen.add(m.span())
            yield m
            if whole:
                continue
        # "In Bergen": the run after the words that open a sentence, then its inner runs.
        for inner in CAPITALISED.finditer(text, _after_opening(m), m.end()):
            if inner.span() not in seen:
                seen.add(inner.span())
                yield inner


def _after_opening(m: re.Match) -> int:
    """Where a capitalised run starts once the words that open a sentence ("In") are left
    out; its end if it holds nothing else."""
    for word in re.finditer(r"\S+", m[0]):
        if word[0] not in NOT_NAME:
            return m.start() + word.start()
    return m.end()


def _city_in(text: str, places: dict[str, Place]) -> Place | None:
    """The first city found so far that the text names."""
    for name, place in places.items():
        if place.kind == "city" and re.search(rf"\b{re.escape(name)}\b", text):
            return place
    return None


def _venues(text: str) -> Iterator[tuple[str, str, int, int]]:
    """Venue and sea-area names: (name, kind, start, end)."""
    for m in SITE.finditer(text):
        name = f"{capitalise(m['head'])} of {m['the'] or ''}{m['name']}"
        yield " ".join(name.split()), "venue", m.start(), m.end()
    for m in VENUE.finditer(text):
        name = possessive_stripped(" ".join(strip_not_name(m[0].split(), end=False)))
        if len(name.split()) < 2:
            continue
        head = re.search(rf"\b({SEA_HEADS})\b", name)
        yield name, "sea area" if head else "venue", m.start(), m.end()
