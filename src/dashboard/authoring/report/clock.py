"""Clock times, lengths and parts of the day in a sentence.

"4:47 p.m.", "9 a.m.", "16:47" and "noon" are clock times (24-hour "HH:MM"); "around",
"shortly after" or "nearly" before one make it approximate (qualifier `about`). A time
after "until" or "ended at" is when the event ended (`time_end`). A time the sentence
denies or calls the old plan ("not at 3:20 p.m.", "originally at 10") is no claim.
"Lasted nearly four hours" is a length in minutes. "In the afternoon", "Monday evening"
and "tonight" give the part of the day.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from ..draft.date_words import NUMBER_WORDS


class Clock(NamedTuple):
    """A clock time a sentence gives, where, and how."""

    start: int
    end: int
    value: str  # HH:MM
    about: bool
    field: str  # time or time_end


_TIME_12 = re.compile(
    r"\b(?P<h>1[0-2]|0?[1-9])(?:[:.](?P<m>[0-5]\d))?\s*(?P<ap>[ap])\.?\s?m\b\.?", re.IGNORECASE
)
_TIME_24 = re.compile(r"\b(?P<h>[01]?\d|2[0-3])[:h](?P<m>[0-5]\d)\b(?!\s*[ap]\.?\s?m\b)")
_NOON = re.compile(r"\b(?P<word>noon|midday|midnight)\b", re.IGNORECASE)
_ABOUT = re.compile(
    r"\b(?:about|around|approximately|roughly|circa|nearly|almost|toward|towards|"
    r"(?:some\s+time|shortly|just|soon|not\s+long)\s+(?:after|before))\s+(?:at\s+)?$",
    re.IGNORECASE,
)
_ENDED = re.compile(
    r"\b(?:until|till|through|ended|ending|finished|closed|wrapped up)(?:\s+(?:at|around|about|"
    r"shortly\s+before|just\s+before|shortly\s+after))?\s+$|[–-]\s*$",
    re.IGNORECASE,
)
_DENIED = re.compile(
    r"\b(?:not|rather\s+than|instead\s+of|originally|initially|first\s+(?:planned|scheduled|"
    r"set|announced))(?:\s+(?:planned|scheduled|set|due))?(?:\s+(?:at|for))?\s+$",
    re.IGNORECASE,
)


def _twelve(m: re.Match) -> str:
    hour = int(m["h"]) % 12 + (12 if m["ap"].lower() == "p" else 0)
    return f"{hour:02d}:{int(m['m'] or 0):02d}"


def _clock_matches(text: str) -> list[tuple[int, int, str]]:
    found = [(m.start(), m.end(), _twelve(m)) for m in _TIME_12.finditer(text)]
    for m in _TIME_24.finditer(text):
        if not any(a <= m.start() < b for a, b, _ in found):
            found.append((m.start(), m.end(), f"{int(m['h']):02d}:{m['m']}"))
    for m in _NOON.finditer(text):
        found.append((m.start(), m.end(), "00:00" if m["word"].lower() == "midnight" else "12:00"))
    return sorted(found)


def clock_times(text: str) -> list[Clock]:
    """The clock times of a sentence that it gives as facts (see the module)."""
    times = []
    for start, end, value in _clock_matches(text):
        before = text[max(0, start - 40) : start]
        if _DENIED.search(before):
            continue
        about = bool(_ABOUT.search(before))
        field = "time_end" if _ENDED.search(before) else "time"
        times.append(Clock(start, end, value, about, field))
    return times


_UNITS = {"hour": 60, "hours": 60, "minute": 1, "minutes": 1, "min": 1, "mins": 1}
_NUMBER = "|".join(sorted(NUMBER_WORDS, key=len, reverse=True))
_DURATION = re.compile(
    r"\b(?:lasted|lasting|ran\s+for|went\s+on\s+for|took)\s+"
    r"(?P<q>nearly|about|almost|around|roughly|some|more\s+than|over|just\s+over|just\s+under)?\s*"
    rf"(?P<n>\d+(?:\.\d+)?|an|a|{_NUMBER}|half\s+an)\s+(?P<unit>hours?|minutes?|mins?)\b",
    re.IGNORECASE,
)


class Length(NamedTuple):
    start: int
    end: int
    minutes: int
    qualifier: str  # "", about or more than


def durations(text: str) -> list[Length]:
    """How long the sentence says something lasted, in minutes."""
    found = []
    for m in _DURATION.finditer(text):
        n = m["n"].lower()
        count = 0.5 if n.startswith("half") else 1.0 if n in ("a", "an") else None
        if count is None:
            count = float(n) if n[0].isdigit() else float(NUMBER_WORDS[n])
        minutes = int(round(count * _UNITS[m["unit"].lower()]))
        q = (m["q"] or "").lower()
        qualifier = "more than" if q in ("more than", "over", "just over") else "about" if q else ""
        if minutes >= 1:
            found.append(Length(m.start(), m.end(), minutes, qualifier))
    return found


_DAY_PART = re.compile(
    r"\b(?:(?i:in|during)\s+the|(?i:this|that|late|early|tomorrow|yesterday)|[A-Z][a-z]+day)\s+"
    r"(?P<part>morning|afternoon|evening|night)\b|\b(?P<tonight>tonight|overnight)\b"
)


class DayPart(NamedTuple):
    start: int
    end: int
    value: str  # a DAY_PART of the schema


def day_parts(text: str) -> list[DayPart]:
    """The parts of the day a sentence names ("in the afternoon", "Monday evening")."""
    return [
        DayPart(m.start(), m.end(), (m["part"] or "night").lower())
        for m in _DAY_PART.finditer(text)
    ]
