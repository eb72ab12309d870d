"""Dates in the article: found by a few clear rules, then resolved against each other.

What the text says ("Sunday, January 5, 2026", "on Monday", "last June", "in early
November", "since 2019", "in 11 years", "a four-day visit") is resolved against the date of
writing (given, or the first full date in the text). A full date whose weekday disagrees
with its day is a contradiction: both readings are tried against the other day words and
the stated length of the visit, and the reading that fits is kept, with why.

A date parser would add little here: the hard part is not reading "January 5, 2026" but
deciding what "on Monday" means beside it, which needs the whole article.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass, field

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
ONGOING = re.compile(
    r"\b(?:ongoing|continuing|under way|underway)\s+since\b|\bhave been \w+ing since\b"
)
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

#: Words ending in -ed that say nothing of the past here (an adjective, a plan).
NOT_PAST = {
    "scheduled",
    "expected",
    "planned",
    "heightened",
    "accompanied",
    "red",
    "need",
    "based",
    "speed",
    "united",
    "related",
    "proposed",
    "advanced",
    "led",
}


def number(word: str) -> int | None:
    word = word.lower()
    if word.isdigit():
        return int(word)
    return NUMBER_WORDS.get(word)


@dataclass
class Mention:
    """One date expression in one sentence, and what it was resolved to."""

    sentence: Sentence
    start: int  # offsets within the sentence
    end: int
    kind: str  # full, month-day, weekday, month, year, in-years
    weekday: int | None = None
    year: int | None = None
    month: int | None = None
    day: int | None = None
    modifier: str = ""
    tense: str = ""  # past or future, from the nearest verb
    ongoing: bool = False
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


@dataclass
class Dates:
    """Every date mention of the article, resolved, with what the resolution found."""

    mentions: list[Mention]
    written: dt.date | None
    written_why: str
    duration: tuple[int, Sentence, str] | None  # days, where, as written
    findings: list[dict] = field(default_factory=list)
    guesses: list[str] = field(default_factory=list)

    def in_sentence(self, sentence: Sentence) -> list[Mention]:
        return [m for m in self.mentions if m.sentence.number == sentence.number]


def _weekday(match: re.Match) -> int | None:
    """The weekday a date match names (its `wd` group), if any."""
    return WEEKDAYS[match["wd"].lower()] if match["wd"] else None


def _taken(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(start < b and end > a for a, b in spans)


def _tense(sentence: Sentence, start: int, end: int) -> str:
    """Past or future, from the verb nearest the mention in its sentence (future if none)."""
    text = sentence.text
    best: tuple[int, str] | None = None
    for pattern, tense in ((FUTURE, "future"), (PAST, "past")):
        for match in pattern.finditer(text):
            if match.start() < end and match.end() > start:
                continue
            if tense == "past" and match[0].lower() in NOT_PAST:
                continue
            distance = start - match.end() if match.end() <= start else match.start() - end
            if best is None or distance < best[0]:
                best = (distance, tense)
    return best[1] if best else "future"


def find_mentions(sentences: list[Sentence]) -> list[Mention]:
    """Every date expression, longest first (a weekday inside a full date is not counted twice)."""
    found: list[Mention] = []
    for sentence in sentences:
        text = sentence.text
        spans: list[tuple[int, int]] = []

        def add(mention: Mention, spans=spans, sentence=sentence) -> None:
            spans.append((mention.start, mention.end))
            mention.tense = _tense(sentence, mention.start, mention.end)
            found.append(mention)

        for match in LIFESPAN.finditer(text):
            spans.append(match.span())  # a lifespan is a figure, not a date of the visit
        for pattern in (FULL_MDY, FULL_DMY):
            for m in pattern.finditer(text):
                if _taken(spans, *m.span()):
                    continue
                add(
                    Mention(
                        sentence,
                        *m.span(),
                        "full",
                        weekday=_weekday(m),
                        year=int(m["year"]),
                        month=MONTHS[m["mon"].lower()],
                        day=int(m["day"]),
                    )
                )
        dateline = DATELINE.match(text)
        if dateline:
            add(
                Mention(
                    sentence,
                    dateline.start("mon"),
                    dateline.end("day"),
                    "dateline",
                    month=MONTHS[dateline["mon"].lower()],
                    day=int(dateline["day"]),
                )
            )
        for m in MONTH_DAY.finditer(text):
            if _taken(spans, *m.span()):
                continue
            add(
                Mention(
                    sentence,
                    *m.span(),
                    "month-day",
                    weekday=_weekday(m),
                    month=MONTHS[(m["mon"] or m["mon2"]).lower()],
                    day=int(m["day"] or m["day2"]),
                )
            )
        for m in WEEKDAY.finditer(text):
            if not _taken(spans, *m.span()):
                add(Mention(sentence, *m.span(), "weekday", weekday=WEEKDAYS[m["wd"].lower()]))
        for m in MONTH.finditer(text):
            if _taken(spans, *m.span()):
                continue
            before = text[max(0, m.start() - 12) : m.start()].lower()
            modifier = (m["mod"] or "").rstrip("-")
            if not modifier and re.search(r"\b(early|late|mid)[- ]?$", before):
                modifier = re.search(r"(early|late|mid)[- ]?$", before)[1]
            mention = Mention(sentence, *m.span(), "month", month=MONTHS[m["mon"].lower()])
            mention.modifier = modifier
            mention.ongoing = bool(ONGOING.search(text[: m.start()]))
            add(mention)
        for m in YEAR.finditer(text):
            if not _taken(spans, *m.span()):
                mention = Mention(sentence, *m.span(), "year", year=int(m["year"]))
                mention.ongoing = bool(ONGOING.search(text[: m.start()]))
                add(mention)
        for m in IN_YEARS.finditer(text):
            n = number(m["n"])
            if n and not _taken(spans, *m.span()):
                add(Mention(sentence, *m.span(), "in-years", year=n))
    found.sort(key=lambda m: (m.sentence.number, m.start))
    return found


def find_duration(sentences: list[Sentence]) -> tuple[int, Sentence, str] | None:
    """The visit's stated length ("a four-day state visit"), the first one the text gives."""
    for sentence in sentences:
        for m in DURATION.finditer(sentence.text):
            n = number(m["n"])
            if n and 1 < n < 60 and re.search(r"\bvisit|trip|tour", sentence.text[m.end() :][:40]):
                return n, sentence, m[0]
    return None


def _on_or_after(anchor: dt.date, weekday: int) -> dt.date:
    return anchor + dt.timedelta(days=(weekday - anchor.weekday()) % 7)


def _before(anchor: dt.date, weekday: int) -> dt.date:
    return anchor - dt.timedelta(days=(anchor.weekday() - weekday - 1) % 7 + 1)


#: The years a date of the draft may fall in: far enough from the calendar's ends
#: (1-9999) that a week or a year either side of a date is still a date.
FIRST_YEAR, LAST_YEAR = 1000, 2999


def in_range(day: dt.date) -> bool:
    return FIRST_YEAR <= day.year <= LAST_YEAR


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    """The date, or None when it is not a real date or lies outside the years a draft
    handles (FIRST_YEAR to LAST_YEAR)."""
    if not FIRST_YEAR <= year <= LAST_YEAR:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _visit_span(start: dt.date, weekdays: list[Mention], anchor_mention: Mention) -> int:
    """Days from `start` to the last future weekday resolved from it, both counted."""
    last = start
    for m in weekdays:
        if m is not anchor_mention and m.tense == "future":
            last = max(last, _on_or_after(start, m.weekday))
    return (last - start).days + 1


def _fmt(day: dt.date) -> str:
    return f"{day:%A} {day.day} {day:%B %Y}"


def resolve(sentences: list[Sentence], written: dt.date | None = None) -> Dates:
    """Find and resolve every date mention; see the module's docstring."""
    mentions = find_mentions(sentences)
    duration = find_duration(sentences)
    dates = Dates(mentions, written, "given on the command line" if written else "", duration)
    fulls = [m for m in mentions if m.kind == "full"]
    weekdays = [m for m in mentions if m.kind == "weekday"]
    for m in fulls:
        stated = _safe_date(m.year, m.month, m.day)
        if stated is None:
            dates.guesses.append(
                f"Sentence {m.sentence.number}: “{m.text}” is not a real date; left unresolved."
            )
            continue
        m.first = m.last = stated
        m.precision = "day"
        m.why = f"stated in full: {_fmt(stated)}"
        if m.weekday is not None and stated.weekday() != m.weekday:
            _settle_weekday_conflict(dates, m, stated, weekdays)
    datelines = [m for m in mentions if m.kind == "dateline"]
    if dates.written is None and datelines and fulls and fulls[0].resolved:
        line = datelines[0]
        year = fulls[0].first.year
        day = _safe_date(year, line.month, line.day)
        if day and abs((day - fulls[0].first).days) > 200:  # "December 31" and "January 2"
            day = _safe_date(year + (1 if day < fulls[0].first else -1), line.month, line.day)
        if day:
            dates.written = day
            dates.written_why = (
                f"the dateline, “{line.text}” (sentence {line.sentence.number}), with the "
                f"year of the first full date: {_fmt(day)}"
            )
    for line in datelines:
        line.first = line.last = dates.written
        line.precision = "day" if dates.written else ""
        line.why = "the date of writing"
    if dates.written is None and fulls and fulls[0].resolved:
        dates.written = fulls[0].first
        dates.written_why = (
            f"taken from the text: the first full date, “{fulls[0].text}” (sentence "
            f"{fulls[0].sentence.number}), read as {_fmt(fulls[0].first)}"
        )
        dates.guesses.append(
            f"Date of writing: {_fmt(dates.written)}, {dates.written_why}. Pass --written "
            "if the article was written on another day: every weekday and month word "
            "depends on it."
        )
    anchor = fulls[0].first if fulls and fulls[0].resolved else dates.written
    if anchor is None:
        dates.guesses.append(
            "No full date (day, month and year) and no --written date: weekday and month "
            "words are left unresolved. Pass --written YYYY-MM-DD to resolve them."
        )
        return dates
    for m in mentions:
        if not m.resolved:
            _resolve_relative(dates, m, anchor, dates.written or anchor)
    for m in mentions:
        if m.kind == "in-years":
            _resolve_in_years(dates, m)
    _note_derivations(dates)
    return dates


def _settle_weekday_conflict(
    dates: Dates, m: Mention, stated: dt.date, weekdays: list[Mention]
) -> None:
    """A full date whose weekday is wrong: keep whichever reading the rest of the text fits."""
    candidates = [stated + dt.timedelta(days=k) for k in (-3, -2, -1, 1, 2, 3)]
    by_weekday = min(
        (c for c in candidates if c.weekday() == m.weekday), key=lambda c: abs((c - stated).days)
    )
    wd_name = calendar.day_name[m.weekday]
    stated_name = calendar.day_name[stated.weekday()]
    reasons = [f"{_fmt(stated).split(' ', 1)[1]} is a {stated_name}, not a {wd_name}."]
    choice = stated
    others = [w for w in weekdays if w.tense == "future"]
    if dates.duration:
        days, _, as_written = dates.duration
        span_stated = _visit_span(stated, weekdays, m)
        span_weekday = _visit_span(by_weekday, weekdays, m)
        named = ", ".join(dict.fromkeys(calendar.day_name[w.weekday] for w in others))
        if span_weekday == days and span_stated != days:
            choice = by_weekday
            reasons.append(
                f"Read by the weekday, the later day words ({named}) span {span_weekday} days, "
                f"as “{as_written}” says; read by the date, they span {span_stated}."
            )
        elif span_stated == days and span_weekday != days:
            reasons.append(
                f"Read by the date, the later day words ({named}) span {span_stated} days, as "
                f"“{as_written}” says; read by the weekday, they span {span_weekday}."
            )
        else:
            reasons.append(
                f"The stated length (“{as_written}”) does not settle it; the date is kept."
            )
    else:
        reasons.append("Nothing else in the text settles it; the date as written is kept.")
    m.first = m.last = choice
    m.why = f"resolved to {_fmt(choice)}"
    kept = "the weekday" if choice != stated else "the date"
    dates.findings.append(
        {
            "kind": "contradiction",
            "says": f"“{m.sentence.text[m.start : m.end]}”",
            "resolved": f"{_fmt(choice)} (keeping {kept}).",
            "why": " ".join(reasons),
            "quote": m.text,
            "mention": m,
        }
    )
    dates.guesses.append(
        f"Sentence {m.sentence.number}: “{m.text}” contradicts itself; resolved to "
        f"{_fmt(choice)}. {' '.join(reasons)}"
    )


def _resolve_relative(dates: Dates, m: Mention, anchor: dt.date, written: dt.date) -> None:
    if m.kind == "weekday":
        if m.tense == "past":
            day = _before(written, m.weekday)
            m.why = f"the {calendar.day_name[m.weekday]} before the date of writing"
        else:
            day = _on_or_after(anchor, m.weekday)
            m.why = f"the first {calendar.day_name[m.weekday]} on or after {_fmt(anchor)}"
        m.first = m.last = day
        m.precision = "day"
    elif m.kind == "month-day":
        options = [_safe_date(written.year + k, m.month, m.day) for k in (-1, 0, 1)]
        options = [o for o in options if o]
        if not options:
            return
        day = min(options, key=lambda o: abs((o - written).days))
        m.first = m.last = day
        m.precision = "day"
        m.why = "the nearest such day to the date of writing"
    elif m.kind == "month":
        months = [(written.year + k, m.month) for k in (-1, 0, 1)]
        index = written.year * 12 + written.month
        if m.modifier == "last":
            year, month = max((y, mo) for y, mo in months if y * 12 + mo < index)
            m.why = "the last such month before the date of writing"
        elif m.modifier == "next":
            year, month = min((y, mo) for y, mo in months if y * 12 + mo > index)
            m.why = "the next such month after the date of writing"
        else:
            year, month = min(months, key=lambda ym: (abs(ym[0] * 12 + ym[1] - index), ym))
            m.why = "the nearest such month to the date of writing"
        end = calendar.monthrange(year, month)[1]
        first, last, precision = dt.date(year, month, 1), dt.date(year, month, end), "month"
        if m.modifier == "early":
            last, precision = dt.date(year, month, 10), "early-month"
        elif m.modifier == "mid":
            first, last, precision = dt.date(year, month, 11), dt.date(year, month, 20), "range"
        elif m.modifier == "late":
            first, precision = dt.date(year, month, 21), "range"
        m.first, m.last, m.precision = first, last, precision
        m.year = year
    elif m.kind == "year":
        m.first, m.last, m.precision = dt.date(m.year, 1, 1), dt.date(m.year, 12, 31), "year"
        m.why = "the year as stated"
    if m.ongoing and m.first and m.first <= written:
        m.last, m.precision = written, "ongoing"
        m.why += "; ongoing until the date of writing"


def _resolve_in_years(dates: Dates, m: Mention) -> None:
    """ "for the first time in 11 years": that many years before the sentence's other date."""
    others = [o for o in dates.in_sentence(m.sentence) if o is not m and o.resolved]
    if not others:
        return
    base = min(others, key=lambda o: abs(o.start - m.start))
    year = base.first.year - m.year
    if not FIRST_YEAR <= year <= LAST_YEAR:
        return
    m.first, m.last, m.precision = dt.date(year, 1, 1), dt.date(year, 12, 31), "year"
    m.why = f"{m.year} years before {base.first.year} (“{base.text}” in the same sentence)"
    dates.guesses.append(
        f"Sentence {m.sentence.number}: “{m.text}” counted back from “{base.text}”: {year}."
    )


def _note_derivations(dates: Dates) -> None:
    """One finding for the weekday words and one for the month words, saying how each was read."""
    groups = (
        ("weekday", "weekdays-resolved", "Each weekday word is resolved from the date: "),
        ("month", "months-resolved", "Each month word is resolved against the date of writing: "),
    )
    for kind, ident, lead in groups:
        members = [m for m in dates.mentions if m.kind == kind and m.resolved]
        if not members:
            continue
        dates.findings.append(
            {
                "id": ident,
                "kind": "derivation",
                "says": ", ".join(f"“{m.text}”" for m in members),
                "resolved": "; ".join(f"{m.text} → {_span_text(m)}" for m in members),
                "why": lead + "; ".join(f"“{m.text}”: {m.why}" for m in members) + ".",
                "quote": " | ".join(dict.fromkeys(m.text for m in members)),
                "mention": members[0],
                "mentions": members,
            }
        )


def _span_text(m: Mention) -> str:
    if m.first == m.last:
        return _fmt(m.first)
    return f"{m.first:%d %b %Y} – {m.last:%d %b %Y}"
