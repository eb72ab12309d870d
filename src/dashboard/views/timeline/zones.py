"""The time zones the timeline's times are in (the words for a zone are `model.words`)."""

from __future__ import annotations

from ...model.visit import Visit
from ...model.words import zone_text


def zones_line(visit: Visit) -> str:
    """The zones the timeline's times are in, on the visit's first day: 'Times: the host's
    ABBR (UTC+h)', then the guest's home zone when it differs. The home is named by its role,
    not by a city: the zone's own key names a city that may not be the guest's."""
    host, home, on = visit.host_timezone, visit.home_timezone, visit.start
    line = f"Times: the host's {zone_text(host, on)}"
    if home and home != host:
        line += f" · the guest's home {zone_text(home, on)}"
    return line
