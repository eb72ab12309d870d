"""People named in sentences, with the role and country the text gives them.

A person is a name of two to four capitalised words after a title ("Prime Minister Ingrid
Halvorsen", "Japanese Prime Minister Kenji Watanabe", "President Tomás Herrera of Chile") or
before an appositive role ("Lars Eide, chairman of the city council").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import NamedTuple

from .gazetteer import DEMONYMS, STATE, article_countries
from .ids import slug, unique_id
from .names import NAME, NOT_NAME, strip_not_name
from .text import Sentence, capitalise, clip

#: Titles of an office or a rank, as a text puts them before a name ("President X") or
#: after it ("X, chairman of ..."): heads of state and government, ministers and their
#: staff, diplomats, local leaders, officers, and royalty.
OFFICES = (
    "president",
    "premier",
    "prime minister",
    "chancellor",
    "minister",
    "secretary",
    "secretary-general",
    "secretary of state",
    "adviser",
    "advisor",
    "spokesperson",
    "spokesman",
    "spokeswoman",
    "ambassador",
    "envoy",
    "governor",
    "mayor",
    "chair",
    "chairman",
    "chairwoman",
    "leader",
    "chief executive",
    "general",
    "admiral",
    "king",
    "queen",
    "emperor",
    "empress",
    "prince",
    "princess",
    "first lady",
)
#: Words that narrow an office to a rank or a portfolio, up to two before it: "Vice
#: President", "Crown Prince", "Foreign Minister", "National Security Adviser".
OFFICE_QUALIFIERS = (
    "vice",
    "deputy",
    "acting",
    "crown",
    "foreign",
    "defence",
    "defense",
    "finance",
    "trade",
    "interior",
    "justice",
    "national",
    "security",
)
#: Roles that describe a person rather than an office, with at most one word before
#: them that says what for ("independence hero", "national poet", "war veteran").
DESCRIPTIONS = ("hero", "poet", "writer", "artist", "scholar", "activist", "veteran", "laureate")
#: Small words that never qualify a description ("his hero", "the poet").
_NOT_QUALIFIER = "the|a|an|of|and|or|his|her|their|its|our|with|for|to|by|as|from|in|on|at"


def _alternatives(words: tuple[str, ...]) -> str:
    return "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))


#: A role: an office with its qualifiers, or a description with the word before it. Used
#: inside a case-insensitive group; the word before a description is lower case.
ROLE = (
    rf"(?:(?:{_alternatives(OFFICE_QUALIFIERS)})\s+){{0,2}}(?:{_alternatives(OFFICES)})"
    rf"|\b(?:(?!(?:{_NOT_QUALIFIER})\b)(?-i:[a-z][a-z-]+)\s+)?(?:{_alternatives(DESCRIPTIONS)})"
)
_DEMONYM = "|".join(sorted(DEMONYMS, key=len, reverse=True))
#: A title and the name after it, with what may say the person's country: a nationality
#: word or a possessive before it, "of X" after it; "Lisbon Mayor X" names a town's mayor.
TITLED = re.compile(
    rf"(?:\b(?P<dem>{_DEMONYM})\s+|\b(?P<poss>[A-Z][\w-]+)['’]s\s+|\b(?P<town>[A-Z][\w-]+)\s+(?=(?i:mayor|governor)\b))?"
    rf"\b(?P<role>(?i:{ROLE}))\s+(?P<name>{NAME})(?:'s|’s)?\b"
    rf"(?:\s+of\s+(?:the\s+{STATE}\s+of\s+)?(?P<of>[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?))?"
)
#: A name, a comma and a role: "Zhao Leji, chairman of the ...".
APPOSITIVE = re.compile(rf"\b(?P<name>{NAME}),\s+(?:the\s+)?(?P<role>(?i:{ROLE})\b[^,.;]*)")


@dataclass(frozen=True)
class Person:
    """A person the text names, where first, with the role and country it gives them."""

    id: str
    name: str
    role: str
    country: str  # "" when the text does not say
    sentence: Sentence  # where first named
    quote: str

    @property
    def aliases(self) -> set[str]:
        """What the text may call the person after naming them: the name, its first and last word."""
        parts = self.name.split()
        return {self.name, parts[0], parts[-1]}


class _Hit(NamedTuple):
    name: str
    role: str
    country: str
    start: int
    end: int


def find_people(sentences: list[Sentence]) -> list[Person]:
    """Every person named with a title or an appositive role, once, in order of first
    mention, with the country the text gives them anywhere ("" if none)."""
    countries = article_countries(sentences)
    people: dict[str, Person] = {}
    taken: set[str] = set()
    for sentence in sentences:
        hits = [*_titled(sentence.text, countries), *_appositive(sentence.text)]
        for hit in sorted(hits, key=lambda h: h.start):
            name = " ".join(strip_not_name(hit.name.split(), end=True))
            if len(name.split()) < 2:
                continue
            person = people.get(name)
            if person is None:
                people[name] = Person(
                    unique_id(slug(name), taken),
                    name,
                    capitalise(hit.role),
                    hit.country,
                    sentence,
                    sentence.quote(hit.start, hit.end),
                )
            elif hit.country and not person.country:
                people[name] = replace(person, country=hit.country)
    return list(people.values())


def _titled(text: str, countries: set[str]) -> list[_Hit]:
    """Names after a title, with the country a nationality word, a possessive or "of X" gives."""
    hits = []
    for m in TITLED.finditer(text):
        role = " ".join(m["role"].split())
        country = DEMONYMS.get(m["dem"] or "", "")
        if not country and m["poss"] in countries:
            country = m["poss"]
        if m["town"] and m["town"] not in NOT_NAME:
            role = f"{role.capitalize()} of {m['town']}"
        end = m.end("name")
        if not country and m["of"] and m["of"] in countries:
            country, end = m["of"], m.end()
        hits.append(_Hit(m["name"], role, country, m.start(), end))
    return hits


def _appositive(text: str) -> list[_Hit]:
    """Names followed by a comma and a role, which may itself start the name ("President X")."""
    hits = []
    for m in APPOSITIVE.finditer(text):
        name = m["name"]
        lead = re.match(rf"(?i:{ROLE})\s+", name)
        if lead:
            name = name[lead.end() :]
        hits.append(_Hit(name, clip(m["role"], 80), "", m.start(), m.end()))
    return hits


def named_in(people: list[Person], text: str) -> list[Person]:
    """The people a text names, by any of their aliases, in the order given."""
    return [p for p in people if any(re.search(rf"\b{re.escape(a)}\b", text) for a in p.aliases)]
