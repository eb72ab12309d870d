"""Words for dates, spans of days and figures: the one place where a day, a run of days or
a number becomes text, so that every page says them the same way."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pandas as pd

#: An event's status -> its mark and word: shapes that differ without colour.
STATUS = {
    "done": ("✓", "done"),
    "ongoing": ("↻", "ongoing"),
    "scheduled": ("○", "scheduled"),
    "expected": ("△", "expected"),
    "cancelled": ("✕", "cancelled"),
    "postponed": ("↷", "postponed"),
    "not reported": ("?", "not reported"),
}


def day_key(day: date) -> str:
    return day.isoformat()


def day_label(day: date) -> str:
    """'Sun 4 Jan' style, without a leading zero."""
    return f"{day:%a} {day.day} {day:%b}"


def day_range_label(first: date, last: date) -> str:
    """'Sun 4 – Tue 6 Jan', 'Fri 30 Jan – Sun 1 Feb', 'Wed 31 Dec 2025 – Fri 2 Jan 2026'
    (years only when they differ); one day is its own label."""
    if first == last:
        return day_label(first)
    if first.year != last.year:
        return f"{day_label(first)} {first.year} – {day_label(last)} {last.year}"
    if first.month == last.month:
        return f"{first:%a} {first.day} – {day_label(last)}"
    return f"{day_label(first)} – {day_label(last)}"


def date_text(event: pd.Series | dict) -> str:
    """The event's date as a reader should take it, with its precision spelled out."""
    first = pd.Timestamp(event["date_start"]).date()
    last = pd.Timestamp(event["date_end"]).date()
    written = _DATE_WORDS.get(str(event["date_precision"]))
    return written(first, last) if written else sometime_text(first, last, year=True)


def sometime_text(first: date, last: date, *, year: bool = False) -> str:
    """An event whose day is not stated, as every page says it: 'sometime Sun 4 – Tue 6 Jan'
    ('... Jan 2026' with `year`)."""
    words = f"sometime {day_range_label(first, last)}"
    return f"{words} {last.year}" if year and first.year == last.year else words


def clock_text(clock: str, zone: str, on: date, *, about: bool = False) -> str:
    """A stated clock time with its zone's abbreviation, as every page says it: '10:30 CET',
    'about 10:30 EST'."""
    return f"{'about ' if about else ''}{clock} {zone_abbreviation(zone, on)}"


#: date precision -> the date in words, from the first and last day it may be.
_DATE_WORDS = {
    "day": lambda first, last: f"{first:%a} {first.day} {first:%b %Y}",
    "days": lambda first, last: f"every day, {day_range_label(first, last)} {last.year}",
    "year": lambda first, last: f"{first.year} (year only)",
    "month": lambda first, last: f"{first:%B %Y} (month only)",
    "early-month": lambda first, last: (
        f"early {first:%B %Y} ({first.day}–{last.day}, day not stated)"
    ),
    "before": lambda first, last: f"on or before {last.day} {last:%b %Y} (date not stated)",
    "ongoing": lambda first, last: f"since {first:%B %Y}, ongoing",
}


def one_date_text(day: date, precision: str, *, short: bool = False) -> str:
    """A date stored as one day with a precision (a leg's), in words that never read as a
    span of one day: 'Thu 30 Oct 2025', 'about 30 Oct 2025 (day not stated)', 'early
    October 2025 (day not stated)'; `short` for a label: 'Thu 30 Oct', 'c. 30 Oct', 'early
    Oct', 'Oct 2025', '2025', 'by 30 Oct'."""
    if short:
        words = {
            "range": f"c. {day.day} {day:%b}",
            "early-month": f"early {day:%b}",
            "month": f"{day:%b %Y}",
            "year": f"{day.year}",
            "before": f"by {day.day} {day:%b}",
            "ongoing": f"since {day:%b %Y}",
        }
        return words.get(precision, day_label(day))
    if precision == "range":
        return f"about {day.day} {day:%b %Y} (day not stated)"
    if precision == "early-month":
        return f"early {day:%B %Y} (day not stated)"
    if precision in ("day", "days"):  # one day is one day, whatever the column says
        return _DATE_WORDS["day"](day, day)
    return date_text({"date_start": day, "date_end": day, "date_precision": precision})


def span_text(first: date, last: date) -> str:
    """'4–7 Jan 2026', '30 Oct – 1 Nov 2025' or '30 Dec 2025 – 2 Jan 2026'; one day is
    '4 Jan 2026'. Without weekdays, where `day_range_label` has them; the same dash."""
    if first == last:
        return f"{first.day} {first:%b %Y}"
    if first.year == last.year and first.month == last.month:
        return f"{first.day}–{last.day} {last:%b %Y}"
    if first.year == last.year:
        return f"{first.day} {first:%b} – {last.day} {last:%b %Y}"
    return f"{first.day} {first:%b %Y} – {last.day} {last:%b %Y}"


def figure_label(label: str, unit: str) -> str:
    """A figure's label without the unit its value already says: 'Currency swap, in won'
    beside '70 trillion won' reads 'Currency swap'."""
    unit = str(unit or "").strip()
    if unit:
        for tail in (f", in {unit}", f" (in {unit})", f" in {unit}"):
            if label.lower().endswith(tail.lower()) and len(label) > len(tail):
                return label[: -len(tail)].rstrip()
    return label


def visit_label(guest: str, host_country: str, start: date) -> str:
    """A visit as a list of visits names it, short enough not to be cut and telling visits
    apart where their titles begin alike: 'Minister A in Country X, Mar 2026'."""
    return f"{guest} in {host_country}, {start:%b %Y}"


#: Scale words for large figures, largest first: 70 trillion won, not 70,000,000,000,000.
SCALES = ((1e12, "trillion"), (1e9, "billion"), (1e6, "million"))


def _scaled(value: float) -> str | None:
    """'70 trillion', '1.25 billion': the figure in words when it is a whole number of its
    scale to three decimals (nothing is rounded away); else None."""
    for size, word in SCALES:
        if abs(value) >= size:
            amount = value / size
            if round(amount, 3) * size == value:
                return f"{amount:,.3f}".rstrip("0").rstrip(".") + f" {word}"
    return None


def figure_value(value: float, unit: str, qualifier: str = "") -> str:
    """A key figure as a reader should see it: years without separators, '> 10' for
    'more than 10', scale words and the unit for large figures ('70 trillion won'), never
    rounded into something the article did not say."""
    scaled = _scaled(float(value)) if unit != "year" else None
    if unit == "year":
        number = f"{value:.0f}"
    elif scaled:
        number = f"{scaled} {unit}".strip()
    elif float(value).is_integer():
        number = f"{value:,.0f}"
    else:
        number = f"{value:,.1f}"
    signs = {
        "more than": "> ",
        "fewer than": "< ",
        "less than": "< ",
        "at least": "≥ ",
        "about": "~ ",
    }
    if qualifier:
        return signs.get(qualifier, f"{qualifier} ") + number
    return number


# Time zones, as a reader meets them on a given date (offsets change with daylight saving).


def utc_offset_text(zone: str, on: date) -> str:
    """'UTC+8' style offset of a zone on a date (with minutes when not whole hours)."""
    offset = datetime.combine(on, time(12), ZoneInfo(zone)).utcoffset() or timedelta(0)
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")


def zone_abbreviation(zone: str, on: date) -> str:
    """The zone's abbreviation on a date ('CET', 'EST'), or its UTC offset if it has none."""
    name = datetime.combine(on, time(12), ZoneInfo(zone)).tzname() or ""
    return name if name and name[0] not in "+-" else utc_offset_text(zone, on)


def zone_text(zone: str, on: date) -> str:
    """The zone as a reader meets it on a date: its abbreviation and offset ('CET (UTC+1)'),
    or the offset alone when the zone has no abbreviation ('UTC+13'). Never a long name: the
    zone's IANA key names a city that may not be the place meant."""
    name, offset = zone_abbreviation(zone, on), utc_offset_text(zone, on)
    return offset if name == offset else f"{name} ({offset})"
