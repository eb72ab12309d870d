"""Time zones as the timeline names them: abbreviations, UTC offsets and long names, on a
given date (offsets change with daylight saving time)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from ...model.visit import Visit


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


def zones_line(visit: Visit) -> str:
    """The zones the timeline's times are in, on the visit's first day: 'Times: the host's
    ABBR (UTC+h)', then the guest's home zone when it differs. The home is named by its role,
    not by a city: the zone's own key names a city that may not be the guest's."""
    host, home, on = visit.host_timezone, visit.home_timezone, visit.start
    line = f"Times: the host's {zone_text(host, on)}"
    if home and home != host:
        line += f" · the guest's home {zone_text(home, on)}"
    return line
