"""Figures in sentences: a number with what qualifies it and its unit ("more than 10
memorandums", "about 60 business leaders", "1.2 billion dollars"), an ordinal ("second
meeting", "150th anniversary"), a centenary, a lifespan's years, and a year said as a fact
("since 2019"). Numbers inside a date are not figures.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from .date_words import LIFESPAN, NUMBER_WORDS, Mention, find_mentions
from .ids import slug, unique_ids
from .text import Sentence, capitalise, clip

#: Ordinal words a count of meetings or visits is given in ("their second meeting").
_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5}
#: Scale words after a number ("1.2 billion").
_SCALE = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
#: Words that make a number a bound or an estimate ("more than 10", "about 60").
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
#: Units of time, singular in "a four-day visit", plural in the figures table.
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
#: Small words after a number that are no unit ("2 and 3", "10 of the ...").
_SKIP_UNITS = {"and", "or", "the", "a", "of", "to", "in", "on"}
#: The date mentions whose numbers are a date's, not a figure's.
_DATE_KINDS = ("full", "month-day", "weekday", "month")


@dataclass(frozen=True)
class Figure:
    """A number the text gives, as a value with its unit and qualifier."""

    id: str
    label: str
    value: float
    value_as_written: str
    unit: str
    qualifier: str  # "more than", "about", "since"...; "" if none
    sentence: Sentence
    quote: str


def find_figures(
    sentences: list[Sentence], mentions: Sequence[Mention] | None = None
) -> list[Figure]:
    """Every figure of the sentences, in reading order; `mentions` are their date mentions
    (found again if not given), whose numbers are no figure."""
    if mentions is None:
        mentions = find_mentions(sentences)
    dated: dict[int, list[tuple[int, int]]] = {}
    for m in mentions:
        if m.kind in _DATE_KINDS:
            dated.setdefault(m.sentence.number, []).append((m.start, m.end))
    found: list[Figure] = []
    for sentence in sentences:
        spans = dated.get(sentence.number, [])
        found += _counts(sentence, spans, found)
        found += _ordinals(sentence)
        found += _centenaries(sentence)
        found += _lifespans(sentence)
        found += _years(sentence, spans)
    ids = unique_ids([slug(f.label) for f in found])
    return [replace(f, id=ident) for f, ident in zip(found, ids, strict=True)]


def _figure(label, value, written, unit, qualifier, sentence, start, end) -> Figure:
    return Figure("", label, value, written, unit, qualifier, sentence, sentence.quote(start, end))


def _inside(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(start < b and end > a for a, b in spans)


def _counts(
    sentence: Sentence, dated: list[tuple[int, int]], earlier: list[Figure]
) -> list[Figure]:
    """Numbers with a unit: "more than 10 memorandums", "1.2 billion dollars", "four-day"."""
    text = sentence.text
    found: list[Figure] = []
    for m in FIGURE.finditer(text):
        if _inside(dated, m.start("num"), m.end("num")):
            continue
        raw = m["num"].replace(",", "")
        value = float(raw) if raw[0].isdigit() else float(NUMBER_WORDS[raw.lower()])
        if m["scale"]:
            value *= _SCALE[m["scale"].lower()]
        unit = _unit(m, raw, value)
        if unit is None:
            continue
        written = text[m.start() : m.end()]
        if " of " in m["unit"] and unit == m["unit"].split(" of ")[0].lower():
            written = text[m.start() : m.start("unit") + len(unit)]
        if any(
            f.value == value and f.unit == unit and f.value_as_written.lower() == written.lower()
            for f in [*earlier, *found]
        ):
            continue
        label = clip(capitalise(written), 60)
        qualifier = (m["q"] or "").lower()
        found.append(_figure(label, value, written, unit, qualifier, sentence, *m.span()))
    return found


def _unit(m: re.Match, raw: str, value: float) -> str | None:
    """The unit of a number match, or None when the match is no figure: a small count of
    the parties ("the two sides"), a year, a number word before a word that is no unit."""
    unit = m["unit"].lower()
    if " of " in unit and not unit.split(" of ")[0].endswith("s"):
        unit = unit.split(" of ")[0]
    if (
        unit.split()[0] in _SKIP_UNITS
        or (value <= 3 and unit.split()[-1] in _PARTIES)
        or (YEARS.fullmatch(raw) and not m["ord"])
    ):
        return None
    if (
        raw[0].isalpha()
        and m["dash"] != "-"
        and unit.split()[0] not in _UNIT_WORDS
        and not unit.endswith("s")
    ):
        return None
    return _UNIT_WORDS.get(unit, unit)


def _ordinals(sentence: Sentence) -> list[Figure]:
    """ "Their second meeting": the count of meetings, visits or summits so far."""
    found = []
    for m in ORDINAL_WORD.finditer(sentence.text):
        value = _ORDINALS[m["ord"].lower()]
        if value == 1 and m["unit"].lower() in ("time", "trip", "visit"):
            continue  # "the first time", "first trip": a claim, not a figure
        unit = m["unit"].lower() + "s"
        found.append(_figure(capitalise(m[0]), value, m[0], unit, "", sentence, *m.span()))
    return found


def _centenaries(sentence: Sentence) -> list[Figure]:
    """ "Centennial", "bicentenary": 100 or 200 years."""
    found = []
    for m in CENTENARY.finditer(sentence.text):
        value = 200 if m[1].lower().startswith("bi") else 100
        found.append(_figure(capitalise(m[0]), value, m[0], "years", "", sentence, *m.span()))
    return found


def _lifespans(sentence: Sentence) -> list[Figure]:
    """ "(1876-1949)": a year of birth and a year of death."""
    found = []
    for m in LIFESPAN.finditer(sentence.text):
        for key, word in (("born", "Born"), ("died", "Died")):
            label = f"{word} {m[key]}"
            found.append(_figure(label, float(m[key]), m[0], "year", "", sentence, *m.span()))
    return found


def _years(sentence: Sentence, dated: list[tuple[int, int]]) -> list[Figure]:
    """A year said outside a date and a lifespan ("since 2019"), with a few words around it."""
    text = sentence.text
    found = []
    for m in YEARS.finditer(text):
        if LIFESPAN.search(text[max(0, m.start() - 1) : m.end() + 6]) or _inside(dated, *m.span()):
            continue
        start, end = _context(text, m.start(), m.end())
        since = "since" if text[: m.start()].rstrip().endswith("since") else ""
        label = clip(f"Year {m[0]}: {text[start:end]}", 70)
        found.append(_figure(label, float(m[0]), m[0], "year", since, sentence, start, end))
    return found


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
