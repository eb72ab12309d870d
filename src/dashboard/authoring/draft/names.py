"""How names look in running English: capitalised words, the small words a place name
keeps inside it, and the capitalised words that start a sentence but name nothing."""

from __future__ import annotations

import re

UPPER = "A-ZÀ-ÖØ-Þ"
LOWER = "a-zß-öø-ÿ"
#: One word of a person's name: "Tomás", "Sung-lac".
NAME_WORD = rf"[{UPPER}][{LOWER}]+(?:-[{LOWER}]+)?"
#: A person's name: two to four such words.
NAME = rf"{NAME_WORD}(?:\s+{NAME_WORD}){{1,3}}"
#: A capitalised word of a place or venue name: "Gyeongju", "People's".
CAP = rf"[{UPPER}][\w’'-]*"
CAPITALISED = re.compile(rf"{CAP}(?:\s+{CAP})*")
#: A name with the small words place names keep inside them ("Viana do Castelo").
PARTICLES = "do|da|de|del|della|di|du|dos|das|van|von|der|den|la|le|el|al|upon|sur"
CAPITALISED_PLACE = re.compile(rf"{CAP}(?:\s+(?:(?:{PARTICLES})\s+)?{CAP})*")

NOT_NAME = {
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


def strip_not_name(words: list[str], *, end: bool) -> list[str]:
    """The words without the capitalised non-names at one end (`end`: the last ones, else
    the first ones): "Kim Gu On" is "Kim Gu", "On Tuesday Royal Palace" is "Royal Palace"."""
    words = list(words)
    while words and words[-1 if end else 0] in NOT_NAME:
        words.pop(-1 if end else 0)
    return words


def possessive_stripped(name: str) -> str:
    """A name without a trailing possessive: "Korea's" is "Korea"."""
    return re.sub(r"[’']s$", "", name)
