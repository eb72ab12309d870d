"""How names look in running English: capitalised words, the small words a place name
keeps inside it, and the capitalised words that start a sentence but name nothing."""

from __future__ import annotations

import calendar
import re

UPPER = "A-ZÀ-ÖØ-Þ"
LOWER = "a-zß-öø-ÿ"
#: One word of a person's name: "Tomás", "Sung-lac".
NAME_WORD = rf"[{UPPER}][{LOWER}]+(?:-[{LOWER}]+)?"
#: A person's name: two to four such words.
NAME = rf"{NAME_WORD}(?:\s+{NAME_WORD}){{1,3}}"
#: A capitalised word of a place or venue name: "Bergen", "People's".
CAP = rf"[{UPPER}][\w’'-]*"
CAPITALISED = re.compile(rf"{CAP}(?:\s+{CAP})*")
#: A name with the small words place names keep inside them ("Viana do Castelo").
PARTICLES = "do|da|de|del|della|di|du|dos|das|van|von|der|den|la|le|el|al|upon|sur"
CAPITALISED_PLACE = re.compile(rf"{CAP}(?:\s+(?:(?:{PARTICLES})\s+)?{CAP})*")

#: Capitalised words that open a sentence or a clause but name no one and nowhere:
#: articles, demonstratives, pronouns, prepositions, conjunctions and the like.
OPENING_WORDS = (
    "A An The This That These Those There Here It Its He She His Her They Their We Our "
    "On In At By For From To With Without Of Off Over Under Amid Among After Before During "
    "Since Until While When Where As And But Or Nor Yet So If Then Also Meanwhile"
).split()
#: Words that are no name of a person or a place: opening words, and the names of days
#: and months (a date: "Ana Ruiz Monday" is Ana Ruiz; "March" is not the town in England).
NOT_NAME = {
    *OPENING_WORDS,
    *calendar.day_name,
    *(m for m in calendar.month_name if m),
}


def strip_not_name(words: list[str], *, end: bool) -> list[str]:
    """The words without the capitalised non-names at one end (`end`: the last ones, else
    the first ones): "Ana Ruiz On" is "Ana Ruiz", "On Tuesday Royal Palace" is "Royal Palace"."""
    words = list(words)
    while words and words[-1 if end else 0] in NOT_NAME:
        words.pop(-1 if end else 0)
    return words


def possessive_stripped(name: str) -> str:
    """A name without a trailing possessive: "Norway's" is "Norway"."""
    return re.sub(r"[’']s$", "", name)
