"""Dates in sentences, resolved against each other and the date of writing.

What the text says (see `date_words`) is resolved against the date of writing (given, or
the article's dateline, or the first full date in the text). A full date whose weekday
disagrees with its day is a contradiction: both readings are tried against the other day
words and the stated length of the visit, and the reading that fits is kept, with why.

A date parser would add little here: the hard part is not reading "January 5, 2026" but
deciding what "on Monday" means beside it, which needs the whole text.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, replace

from .date_words import Duration, Mention, find_duration, find_mentions
from .text import Sentence

#: The years a date of the draft may fall in: far enough from the calendar's ends
#: (1-9999) that a week or a year either side of a date is still a date.
FIRST_YEAR, LAST_YEAR = 1000, 2999


@dataclass(frozen=True)
class DateFinding:
    """What resolving the dates found: a contradiction, or how a group of words was read."""

    kind: str  # contradiction or derivation
    says: str
    resolved: str
    why: str
    quote: str
    mentions: tuple[Mention, ...]  # the first is the one the finding is about
    id: str = ""


@dataclass(frozen=True)
class Dates:
    """Every date mention of the sentences, resolved where it can be, and what resolving
    them found."""

    mentions: tuple[Mention, ...]
    written: dt.date | None  # the date of writing
    written_why: str
    duration: Duration | None
    findings: tuple[DateFinding, ...] = ()
    guesses: tuple[str, ...] = ()  # what an editor should check, one sentence each

    def in_sentence(self, sentence: Sentence) -> list[Mention]:
        return [m for m in self.mentions if m.sentence.number == sentence.number]


def mention_within(dates: Dates, sentence: Sentence, start: int, end: int) -> Mention | None:
    """The first resolved day, days or month said within a span of a sentence (not a
    year, a count of years or the dateline)."""
    inside = [
        m
        for m in dates.in_sentence(sentence)
        if m.resolved
        and m.start >= start
        and m.end <= end
        and m.kind not in ("year", "in-years", "dateline")
    ]
    return inside[0] if inside else None


def sentence_day(dates: Dates, sentence: Sentence, before: int | None = None) -> Mention | None:
    """The day a whole sentence is about: its only day, said before offset `before` if
    given ("On Tuesday, he is scheduled for ..."); a day said inside one action is that
    action's, not the sentence's."""
    days = [
        m
        for m in dates.in_sentence(sentence)
        if m.resolved and m.precision == "day" and m.kind != "dateline"
    ]
    if len(days) != 1 or (before is not None and days[0].start > before):
        return None
    return days[0]


def in_range(day: dt.date) -> bool:
    """Whether a date lies in the years a draft handles (FIRST_YEAR to LAST_YEAR)."""
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


def _fmt(day: dt.date) -> str:
    return f"{day:%A} {day.day} {day:%B %Y}"


def find_dates(sentences: list[Sentence], written: dt.date | None = None) -> Dates:
    """Every date mention of the sentences, each resolved to its first and last day where
    the text allows, against `written` (the date of writing) if given; see the module."""
    duration = find_duration(sentences)
    mentions, findings, guesses = _resolve_full_dates(find_mentions(sentences), duration)
    fulls = [m for m in mentions if m.kind == "full"]
    first_full = fulls[0] if fulls and fulls[0].resolved else None
    why = "given on the command line" if written else ""
    if written is None and first_full:
        written, why = _dated_by_dateline(mentions, first_full)
    # The dateline is the date of writing as given or as it says, not as guessed below.
    mentions = [_dated_as_written(m, written) if m.kind == "dateline" else m for m in mentions]
    if written is None and first_full:
        written, why = first_full.first, _dated_by_first_full(first_full)
        guesses.append(
            f"Date of writing: {_fmt(written)}, {why}. Pass --written if the article was "
            "written on another day: every weekday and month word depends on it."
        )
    anchor = first_full.first if first_full else written
    if anchor is None:
        guesses.append(
            "No full date (day, month and year) and no --written date: weekday and month "
            "words are left unresolved. Pass --written YYYY-MM-DD to resolve them."
        )
    else:
        mentions, counted = _resolve_the_rest(mentions, anchor, written or anchor)
        guesses += counted
        findings += _derivations(mentions)
    return Dates(tuple(mentions), written, why, duration, tuple(findings), tuple(guesses))


def _resolve_full_dates(
    mentions: list[Mention], duration: Duration | None
) -> tuple[list[Mention], list[DateFinding], list[str]]:
    """The mentions with every full date resolved (see `_resolve_full`), the contradictions
    found and the guesses made."""
    weekdays = [m for m in mentions if m.kind == "weekday"]
    resolved, findings, guesses = [], [], []
    for m in mentions:
        if m.kind == "full":
            m, finding, guess = _resolve_full(m, weekdays, duration)
            findings += [finding] if finding else []
            guesses += [guess] if guess else []
        resolved.append(m)
    return resolved, findings, guesses


def _resolve_the_rest(
    mentions: list[Mention], anchor: dt.date, written: dt.date
) -> tuple[list[Mention], list[str]]:
    """Every mention left resolved from the first full date (`anchor`) and the date of
    writing, then counts of years back from the other dates of their sentence."""
    mentions = [m if m.resolved else _resolve_relative(m, anchor, written) for m in mentions]
    return _count_years_back(mentions)


def _resolve_full(
    m: Mention, weekdays: list[Mention], duration: Duration | None
) -> tuple[Mention, DateFinding | None, str | None]:
    """A full date as stated; if its weekday disagrees, the reading the text fits."""
    stated = _safe_date(m.year, m.month, m.day)
    if stated is None:
        guess = f"Sentence {m.sentence.number}: “{m.text}” is not a real date; left unresolved."
        return m, None, guess
    m = replace(
        m, first=stated, last=stated, precision="day", why=f"stated in full: {_fmt(stated)}"
    )
    if m.weekday is None or stated.weekday() == m.weekday:
        return m, None, None
    return _settle_weekday_conflict(m, stated, weekdays, duration)


def _dated_by_dateline(mentions: list[Mention], first_full: Mention) -> tuple[dt.date | None, str]:
    """The date of writing from the dateline if there is one, in the year of the first full
    date (or the year either side, when that puts them closer: "December 31" and "January
    2"); None and "" without one."""
    line = next((m for m in mentions if m.kind == "dateline"), None)
    if line is None:
        return None, ""
    year = first_full.first.year
    day = _safe_date(year, line.month, line.day)
    if day and abs((day - first_full.first).days) > 200:
        day = _safe_date(year + (1 if day < first_full.first else -1), line.month, line.day)
    if day is None:
        return None, ""
    return day, (
        f"the dateline, “{line.text}” (sentence {line.sentence.number}), with the "
        f"year of the first full date: {_fmt(day)}"
    )


def _dated_as_written(line: Mention, written: dt.date | None) -> Mention:
    precision = "day" if written else ""
    return replace(
        line, first=written, last=written, precision=precision, why="the date of writing"
    )


def _dated_by_first_full(first_full: Mention) -> str:
    return (
        f"taken from the text: the first full date, “{first_full.text}” (sentence "
        f"{first_full.sentence.number}), read as {_fmt(first_full.first)}"
    )


def _on_or_after(anchor: dt.date, weekday: int) -> dt.date:
    return anchor + dt.timedelta(days=(weekday - anchor.weekday()) % 7)


def _before(anchor: dt.date, weekday: int) -> dt.date:
    return anchor - dt.timedelta(days=(anchor.weekday() - weekday - 1) % 7 + 1)


def _visit_span(start: dt.date, weekdays: list[Mention]) -> int:
    """Days from `start` to the last future weekday resolved from it, both counted."""
    last = start
    for m in weekdays:
        if m.tense == "future":
            last = max(last, _on_or_after(start, m.weekday))
    return (last - start).days + 1


def _settle_weekday_conflict(
    m: Mention, stated: dt.date, weekdays: list[Mention], duration: Duration | None
) -> tuple[Mention, DateFinding, str]:
    """A full date whose weekday is wrong: keep whichever reading the rest of the text fits."""
    by_weekday = next(
        stated + dt.timedelta(days=k)
        for k in (-1, 1, -2, 2, -3, 3)
        if (stated + dt.timedelta(days=k)).weekday() == m.weekday
    )
    wd_name = calendar.day_name[m.weekday]
    stated_name = calendar.day_name[stated.weekday()]
    reasons = [f"{_fmt(stated).split(' ', 1)[1]} is a {stated_name}, not a {wd_name}."]
    if duration:
        choice, reason = _reading_by_length(stated, by_weekday, weekdays, duration)
    else:
        choice, reason = stated, "Nothing else in the text settles it; the date as written is kept."
    reasons.append(reason)
    m = replace(m, first=choice, last=choice, why=f"resolved to {_fmt(choice)}")
    kept = "the weekday" if choice != stated else "the date"
    finding = DateFinding(
        "contradiction",
        f"“{m.text}”",
        f"{_fmt(choice)} (keeping {kept}).",
        " ".join(reasons),
        m.text,
        (m,),
    )
    guess = (
        f"Sentence {m.sentence.number}: “{m.text}” contradicts itself; resolved to "
        f"{_fmt(choice)}. {' '.join(reasons)}"
    )
    return m, finding, guess


def _reading_by_length(
    stated: dt.date, by_weekday: dt.date, weekdays: list[Mention], duration: Duration
) -> tuple[dt.date, str]:
    """The reading whose later day words span the stated length of the visit, and why."""
    days, _, as_written = duration
    span_stated = _visit_span(stated, weekdays)
    span_weekday = _visit_span(by_weekday, weekdays)
    others = [w for w in weekdays if w.tense == "future"]
    named = ", ".join(dict.fromkeys(calendar.day_name[w.weekday] for w in others))
    if span_weekday == days and span_stated != days:
        return by_weekday, (
            f"Read by the weekday, the later day words ({named}) span {span_weekday} days, "
            f"as “{as_written}” says; read by the date, they span {span_stated}."
        )
    if span_stated == days and span_weekday != days:
        return stated, (
            f"Read by the date, the later day words ({named}) span {span_stated} days, as "
            f"“{as_written}” says; read by the weekday, they span {span_weekday}."
        )
    return stated, f"The stated length (“{as_written}”) does not settle it; the date is kept."


def _resolve_relative(m: Mention, anchor: dt.date, written: dt.date) -> Mention:
    """A weekday, day of a month, month or year resolved against the first full date
    (`anchor`) and the date of writing; ongoing ones last until the date of writing."""
    resolve = _RELATIVE.get(m.kind)
    if resolve is None:
        return m
    m = resolve(m, anchor, written)
    if m.ongoing and m.first and m.first <= written:
        why = m.why + "; ongoing until the date of writing"
        m = replace(m, last=written, precision="ongoing", why=why)
    return m


def _weekday(m: Mention, anchor: dt.date, written: dt.date) -> Mention:
    """A past weekday is the one before the date of writing; any other, the first on or
    after the first full date."""
    name = calendar.day_name[m.weekday]
    if m.tense == "past":
        day, why = _before(written, m.weekday), f"the {name} before the date of writing"
    else:
        day, why = _on_or_after(anchor, m.weekday), f"the first {name} on or after {_fmt(anchor)}"
    return replace(m, first=day, last=day, precision="day", why=why)


def _month_day(m: Mention, anchor: dt.date, written: dt.date) -> Mention:
    """A day of a month without a year: the nearest such day to the date of writing."""
    options = [_safe_date(written.year + k, m.month, m.day) for k in (-1, 0, 1)]
    options = [o for o in options if o]
    if not options:
        return m
    day = min(options, key=lambda o: abs((o - written).days))
    why = "the nearest such day to the date of writing"
    return replace(m, first=day, last=day, precision="day", why=why)


def _month(m: Mention, anchor: dt.date, written: dt.date) -> Mention:
    """A month: the last one before the date of writing, the next after, or the nearest;
    "early", "mid" and "late" take its first, middle and last ten days or so."""
    months = [(written.year + k, m.month) for k in (-1, 0, 1)]
    index = written.year * 12 + written.month
    if m.modifier == "last":
        year, month = max((y, mo) for y, mo in months if y * 12 + mo < index)
        why = "the last such month before the date of writing"
    elif m.modifier == "next":
        year, month = min((y, mo) for y, mo in months if y * 12 + mo > index)
        why = "the next such month after the date of writing"
    else:
        year, month = min(months, key=lambda ym: (abs(ym[0] * 12 + ym[1] - index), ym))
        why = "the nearest such month to the date of writing"
    end = calendar.monthrange(year, month)[1]
    first, last, precision = dt.date(year, month, 1), dt.date(year, month, end), "month"
    if m.modifier == "early":
        last, precision = dt.date(year, month, 10), "early-month"
    elif m.modifier == "mid":
        first, last, precision = dt.date(year, month, 11), dt.date(year, month, 20), "range"
    elif m.modifier == "late":
        first, precision = dt.date(year, month, 21), "range"
    return replace(m, first=first, last=last, precision=precision, why=why, year=year)


def _year(m: Mention, anchor: dt.date, written: dt.date) -> Mention:
    first, last = dt.date(m.year, 1, 1), dt.date(m.year, 12, 31)
    return replace(m, first=first, last=last, precision="year", why="the year as stated")


_RELATIVE = {"weekday": _weekday, "month-day": _month_day, "month": _month, "year": _year}


def _count_years_back(mentions: list[Mention]) -> tuple[list[Mention], list[str]]:
    """ "For the first time in 11 years": that many years before the sentence's nearest
    other date (one counted back already counts); the mentions, and a guess for each."""
    mentions = list(mentions)
    guesses = []
    for i, m in enumerate(mentions):
        if m.kind != "in-years":
            continue
        others = [
            o
            for o in mentions
            if o.sentence.number == m.sentence.number and o is not m and o.resolved
        ]
        if not others:
            continue
        base = min(others, key=lambda o: abs(o.start - m.start))
        year = base.first.year - m.year
        if not FIRST_YEAR <= year <= LAST_YEAR:
            continue
        why = f"{m.year} years before {base.first.year} (“{base.text}” in the same sentence)"
        first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
        mentions[i] = replace(m, first=first, last=last, precision="year", why=why)
        guesses.append(
            f"Sentence {m.sentence.number}: “{m.text}” counted back from “{base.text}”: {year}."
        )
    return mentions, guesses


def _derivations(mentions: list[Mention]) -> list[DateFinding]:
    """One finding for the weekday words and one for the month words, saying how each was read."""
    groups = (
        ("weekday", "weekdays-resolved", "Each weekday word is resolved from the date: "),
        ("month", "months-resolved", "Each month word is resolved against the date of writing: "),
    )
    findings = []
    for kind, ident, lead in groups:
        members = tuple(m for m in mentions if m.kind == kind and m.resolved)
        if not members:
            continue
        findings.append(
            DateFinding(
                "derivation",
                ", ".join(f"“{m.text}”" for m in members),
                "; ".join(f"{m.text} → {_span_text(m)}" for m in members),
                lead + "; ".join(f"“{m.text}”: {m.why}" for m in members) + ".",
                " | ".join(dict.fromkeys(m.text for m in members)),
                members,
                ident,
            )
        )
    return findings


def _span_text(m: Mention) -> str:
    if m.first == m.last:
        return _fmt(m.first)
    return f"{m.first:%d %b %Y} – {m.last:%d %b %Y}"
