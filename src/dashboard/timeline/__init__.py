"""Timeline figures of one visit: the visit days on a clock in the host's time zone, the
background on a date axis, a table and a text alternative of the same events, and the
details of the events a reader selects.

The source gives days but hardly any clock times, so the figures never invent one:
- an event with `time_local` is a marker at that time, converted from its place's zone to
  the host zone (with `zoneinfo`, for that date);
- an event with only a `day_part` is a translucent band over that part of the day;
- an event with neither sits in a separate "Time not stated" band right of 24:00;
- an event whose day is not stated (a date range) is drawn hollow on every day it may fall on;
- a background event known only to a year, month or range is a bar over that whole span.

Every builder is pure: DataFrames in, a `plotly.graph_objects.Figure` or plain data out.
Every mark's `customdata` starts with the event id, so `dashboard.selection` maps a
selection back to events.

Modules: `figure` (shared chart plumbing), `zones`, `placement` (where events go),
`days` and `background` (the two charts), `counts` (many events), `tables` (table, split
and text alternative) and `details` (selected events).
"""

from __future__ import annotations

__all__ = [
    "DAY_PARTS",
    "HOLLOW_KEY",
    "MAX_MARKS",
    "NO_EVENTS",
    "NOT_STATED",
    "UNTIMED_MARKER_X",
    "UNTIMED_START",
    "EventDetail",
    "Figure",
    "Placement",
    "background_timeline",
    "background_years",
    "day_counts",
    "day_timeline",
    "placements",
    "selected_details",
    "short_label",
    "split_background",
    "timeline_alt_text",
    "timeline_table",
    "utc_offset_text",
    "wrapped_label",
    "zone_abbreviation",
    "zone_long_name",
    "zones_line",
]

from .background import background_timeline, background_years
from .counts import MAX_MARKS, day_counts
from .days import HOLLOW_KEY, NOT_STATED, UNTIMED_MARKER_X, UNTIMED_START, day_timeline
from .details import EventDetail, selected_details
from .figure import NO_EVENTS, Figure, short_label, wrapped_label
from .placement import DAY_PARTS, Placement, placements
from .tables import split_background, timeline_alt_text, timeline_table
from .zones import utc_offset_text, zone_abbreviation, zone_long_name, zones_line
