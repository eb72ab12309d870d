"""The days a report names, resolved against its publication and the visit's dates.

The article drafter's `find_dates` reads the date words, with the day of publication as
the date of writing. A report, unlike a preview, tells the day it is published: "on
Monday" in Monday evening's story is that Monday, not the one before, so a weekday is
resolved here again: to the one on or before publication when its verb is past, on or
after when it is future, and otherwise (or when that day falls outside the visit and the
other does not) to the one within the visit. "Today", "tonight", "yesterday" and
"tomorrow" count from the day of publication.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from ..draft import find_dates
from ..draft.date_words import Mention
from .text import Located
from .words import Hit

_RELATIVE = re.compile(
    r"\b(?P<word>today|tonight|yesterday|tomorrow|this\s+(?:morning|afternoon|evening))\b",
    re.IGNORECASE,
)
_OFFSET = {"yesterday": -1, "tomorrow": 1}
#: The mentions that name one day (not a month, a year or the dateline).
_DAY_KINDS = ("full", "month-day", "weekday")


def report_days(
    located: Sequence[Located], published: dt.date, span: tuple[dt.date, dt.date]
) -> dict[int, list[Hit]]:
    """Sentence number -> the days it names, in order, each an ISO date where it is said."""
    dates = find_dates([s.sentence for s in located], published)
    days: dict[int, list[Hit]] = {s.sentence.number: [] for s in located}
    for m in dates.mentions:
        day = _day(m, published, span)
        if day is not None and m.sentence.number in days:
            days[m.sentence.number].append(Hit(m.start, m.end, day.isoformat()))
    for s in located:
        for m in _RELATIVE.finditer(s.text):
            word = m["word"].lower().split()[0]
            day = published + dt.timedelta(days=_OFFSET.get(word, 0))
            days[s.sentence.number].append(Hit(m.start(), m.end(), day.isoformat()))
    return {number: sorted(hits) for number, hits in days.items()}


def _day(m: Mention, published: dt.date, span: tuple[dt.date, dt.date]) -> dt.date | None:
    if m.kind not in _DAY_KINDS or m.precision != "day" or m.first is None:
        return None
    if m.kind == "weekday" and m.weekday is not None:
        return weekday_near(m.weekday, m.tense, published, span)
    return m.first


def weekday_near(
    weekday: int, tense: str, published: dt.date, span: tuple[dt.date, dt.date]
) -> dt.date:
    """The day a weekday word means in a report published on `published` (see the module)."""
    back = published - dt.timedelta(days=(published.weekday() - weekday) % 7)
    ahead = published + dt.timedelta(days=(weekday - published.weekday()) % 7)
    inside = [d for d in (back, ahead) if span[0] <= d <= span[1]]
    if tense in ("past", "future"):
        chosen = back if tense == "past" else ahead
        other = ahead if tense == "past" else back
        return other if chosen not in inside and other in inside else chosen
    return inside[0] if len(inside) == 1 else back
