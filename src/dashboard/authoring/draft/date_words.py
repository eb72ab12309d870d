"""Date expressions in sentences, as written and not yet resolved.

"Sunday, January 5, 2026" (a full date), "5 January" (a day of a month), "on Monday" (a
weekday), "last June" or "in early November" (a month), "since 2019" (a year), "in 11
years" (a count of years back), and a dateline ("LISBON, April 14 (Wire) —"). Each mention
keeps its sentence, its offsets, what it says and the tense of the verb nearest it.
`dates.find_dates` resolves them against each other and the date of writing.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import NamedTuple

from .text import Sentence

MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9
WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}
_MON = "|".join(sorted((re.escape(m.capitalize()) for m in MONTHS), key=len, reverse=True))
_MON_FULL = "|".join(name for name in calendar.month_name if name)
_WD = "|".join(calendar.day_name)
NUMBER_WORDS = {
    w: i
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen "
        "fourteen fifteen sixteen seventeen eighteen nineteen twenty".split()
    )
}

FULL_MDY = re.compile(
    rf"(?:\b(?P<wd>{_WD}),?\s+)?\b(?P<mon>{_MON})\.?\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?"
    rf"(?:,\s*|\s+)(?P<year>\d{{4}})\b"
)
FULL_DMY = re.compile(
    rf"(?:\b(?P<wd>{_WD}),?\s+)?\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<mon>{_MON})\.?,?\s+"
    rf"(?P<year>\d{{4}})\b"
)
MONTH_DAY = re.compile(
    rf"(?:\b(?P<wd>{_WD}),?\s+)?(?:\b(?P<mon>{_MON})\.?\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\b"
    rf"|\b(?P<day2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<mon2>{_MON})\b)"
)
WEEKDAY = re.compile(rf"\b(?P<wd>{_WD})\b")
#: "LISBON, April 14 (Wire) —": where and when the article was filed.
DATELINE = re.compile(rf"^[A-Z][A-Z .'’-]+,\s+(?P<mon>{_MON})\.?\s+(?P<day>\d{{1,2}})\b")
MONTH = re.compile(
    rf"\b(?:(?P<mod>last|next|this|early|mid|late|early-|mid-|late-)\s*)?(?P<mon>{_MON_FULL})\b"
)
LIFESPAN = re.compile(r"\((?P<born>\d{4})\s*[-–]\s*(?P<died>\d{4})\)")
YEAR = re.compile(r"(?<![\d(–-])\b(?P<year>1[5-9]\d\d|20\d\d)\b(?![–-]\d)")
IN_YEARS = re.compile(r"\bin (?P<n>\d+|[a-z]+) years\b", re.IGNORECASE)
DURATION = re.compile(r"\b(?P<n>\d+|[a-z]+)-day\b", re.IGNORECASE)
#: Words that make a date the start of something still going on.
ONGOING = re.compile(
    r"\b(?:ongoing|continuing|under way|underway)\s+since\b|\bhave been \w+ing since\b"
)
#: Verbs of the future or of a plan, and (below) of the past: the nearest one gives a
#: date its tense.
FUTURE = re.compile(
    r"\b(?:will|shall|is|are) (?:scheduled|set|due|expected|to)\b|\bwill\b|\bto (?:hold|attend|visit|meet|sign|return)\b"
    r"|\bexpects?\b|\bplans?\b|\bscheduled\b",
    re.IGNORECASE,
)
PAST = re.compile(
    r"\b(?:was|were|had|did|said|met|held|took|made|went|left|came|began|told|"
    r"\w+ed)\b",
    re.IGNORECASE,
)

#: Words ending in -ed that here are no verb in the past: participles of a plan
#: (scheduled, expected, planned, proposed), adjectives (heightened tensions, related
#: issues, advanced chips, an Oslo-based firm, the United States), and words that only end
#: so (red, need, speed). A participle before "by" is no past verb either: see `_tense`.
NOT_PAST = {
    "scheduled",
    "expected",
    "planned",
    "proposed",
    "heightened",
    "related",
    "advanced",
    "based",
    "united",
    "red",
    "need",
    "speed",
}


def number(word: str) -> int | None:
    """A count written in digits or as a word up to twenty, else None."""
    word = word.lower()
    if word.isdigit():
        return int(word)
    return NUMBER_WORDS.get(word)


@dataclass(frozen=True)
class Mention:
    """One date expression in one sentence, and (once resolved) the days it means."""

    sentence: Sentence
    start: int  # offsets within the sentence
    end: int
    kind: str  # full, dateline, month-day, weekday, month, year, in-years
    weekday: int | None = None
    year: int | None = None  # for in-years: the count of years
    month: int | None = None
    day: int | None = None
    modifier: str = ""  # last, next, this, early, mid, late
    tense: str = ""  # past or future, from the nearest verb
    ongoing: bool = False  # "ongoing since", "have been meeting since"
    first: dt.date | None = None
    last: dt.date | None = None
    precision: str = ""
    why: str = ""

    @property
    def text(self) -> str:
        return self.sentence.text[self.start : self.end]

    @property
    def resolved(self) -> bool:
        return self.first is not None


class Duration(NamedTuple):
    """A stated length of the visit: "a four-day state visit"."""

    days: int
    sentence: Sentence
    as_written: str


def _weekday(match: re.Match) -> int | None:
    """The weekday a date match names (its `wd` group), if any."""
    return WEEKDAYS[match["wd"].lower()] if match["wd"] else None


def _full(s: Sentence, m: re.Match) -> Mention:
    month = MONTHS[m["mon"].lower()]
    return Mention(s, *m.span(), "full", _weekday(m), int(m["year"]), month, int(m["day"]))


def _dateline(s: Sentence, m: re.Match) -> Mention:
    month = MONTHS[m["mon"].lower()]
    return Mention(s, m.start("mon"), m.end("day"), "dateline", month=month, day=int(m["day"]))


def _month_day(s: Sentence, m: re.Match) -> Mention:
    month = MONTHS[(m["mon"] or m["mon2"]).lower()]
    day = int(m["day"] or m["day2"])
    return Mention(s, *m.span(), "month-day", _weekday(m), month=month, day=day)


def _weekday_alone(s: Sentence, m: re.Match) -> Mention:
    return Mention(s, *m.span(), "weekday", weekday=WEEKDAYS[m["wd"].lower()])


def _month(s: Sentence, m: re.Match) -> Mention:
    """A month, with the word before it that narrows it ("early", "last")."""
    before = s.text[max(0, m.start() - 12) : m.start()].lower()
    modifier = (m["mod"] or "").rstrip("-")
    said_before = re.search(r"\b(early|late|mid)[- ]?$", before)
    if not modifier and said_before:
        modifier = said_before[1]
    ongoing = bool(ONGOING.search(s.text[: m.start()]))
    month = MONTHS[m["mon"].lower()]
    return Mention(s, *m.span(), "month", month=month, modifier=modifier, ongoing=ongoing)


def _year(s: Sentence, m: re.Match) -> Mention:
    ongoing = bool(ONGOING.search(s.text[: m.start()]))
    return Mention(s, *m.span(), "year", year=int(m["year"]), ongoing=ongoing)


def _in_years(s: Sentence, m: re.Match) -> Mention | None:
    n = number(m["n"])
    return Mention(s, *m.span(), "in-years", year=n) if n else None


#: What each kind of expression reads, longest first: a shorter one inside a longer one
#: ("Monday" in "Monday, March 2, 2026") is not read again. A dateline is read even where
#: it holds a full date: it says when the article was filed.
_READERS: tuple[tuple[re.Pattern, Callable[[Sentence, re.Match], Mention | None], bool], ...] = (
    (FULL_MDY, _full, True),
    (FULL_DMY, _full, True),
    (DATELINE, _dateline, False),
    (MONTH_DAY, _month_day, True),
    (WEEKDAY, _weekday_alone, True),
    (MONTH, _month, True),
    (YEAR, _year, True),
    (IN_YEARS, _in_years, True),
)


def find_mentions(sentences: list[Sentence]) -> list[Mention]:
    """Every date expression of the sentences, unresolved, in reading order, each with the
    tense of the verb nearest it."""
    found = [m for sentence in sentences for m in _sentence_mentions(sentence)]
    found.sort(key=lambda m: (m.sentence.number, m.start))
    return found


def _sentence_mentions(sentence: Sentence) -> list[Mention]:
    text = sentence.text
    # A lifespan, "(1876-1949)", is a figure, not a date of the visit.
    taken = [m.span() for m in LIFESPAN.finditer(text)]
    found = []
    for pattern, read, unless_taken in _READERS:
        for match in pattern.finditer(text):
            if unless_taken and any(match.start() < b and match.end() > a for a, b in taken):
                continue
            mention = read(sentence, match)
            if mention is not None:
                taken.append((mention.start, mention.end))
                tense = _tense(sentence, mention.start, mention.end)
                found.append(replace(mention, tense=tense))
    return found


def _tense(sentence: Sentence, start: int, end: int) -> str:
    """Past or future, from the verb nearest the span in its sentence (future if none)."""
    text = sentence.text
    best: tuple[int, str] | None = None
    for pattern, tense in ((FUTURE, "future"), (PAST, "past")):
        for match in pattern.finditer(text):
            if match.start() < end and match.end() > start:
                continue
            if tense == "past" and _not_past(text, match):
                continue
            distance = start - match.end() if match.end() <= start else match.start() - end
            if best is None or distance < best[0]:
                best = (distance, tense)
    return best[1] if best else "future"


def _not_past(text: str, match: re.Match) -> bool:
    """Whether a word PAST matches is no past verb here: one of NOT_PAST, or a participle
    before "by" ("accompanied by", "led by")."""
    word = match[0].lower()
    return word in NOT_PAST or (word.endswith("ed") and text.startswith(" by ", match.end()))


def find_duration(sentences: list[Sentence]) -> Duration | None:
    """The visit's stated length ("a four-day state visit"), the first one the text gives."""
    for sentence in sentences:
        for m in DURATION.finditer(sentence.text):
            n = number(m["n"])
            if n and 1 < n < 60 and re.search(r"\bvisit|trip|tour", sentence.text[m.end() :][:40]):
                return Duration(n, sentence, m[0])
    return None
