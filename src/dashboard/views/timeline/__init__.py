"""Timeline figures of one visit: the visit days on a clock in the host's time zone, the
background on a date axis, a table and a text alternative of the same events, and the
details of the events a reader selects.

The figures never invent a time: the day-by-day chart (`days`) draws one row per event over
the days of the visit, as an agenda when most events have no stated clock time and on the
clock when most do; an event whose day is not stated is drawn once, over every day it may
fall on. The background chart draws an event known only to a year, month or range as a bar
over that whole span.

Every builder is pure: DataFrames in, a `plotly.graph_objects.Figure` or plain data out.
Every mark's `customdata` starts with the event id, so `dashboard.model.selection` maps a
selection back to events.

Modules: `figure` (shared chart plumbing), `zones`, `placement` (where events go),
`days` and `background` (the two charts), `counts` (many events), `tables` (table, split
and text alternative) and `details` (selected events).
"""

from __future__ import annotations

__all__ = [
    "AGENDA",
    "CLOCK",
    "DAY_PARTS",
    "MAX_MARKS",
    "NO_EVENTS",
    "EventDetail",
    "Figure",
    "Placement",
    "background_timeline",
    "background_years",
    "day_counts",
    "day_layout",
    "day_timeline",
    "layout_note",
    "placements",
    "selected_details",
    "short_label",
    "split_background",
    "timeline_alt_text",
    "timeline_table",
    "utc_offset_text",
    "zone_abbreviation",
    "zone_text",
    "zones_line",
]

from ...model.words import utc_offset_text, zone_abbreviation, zone_text
from .background import background_timeline, background_years
from .counts import MAX_MARKS, day_counts
from .days import AGENDA, CLOCK, day_layout, day_timeline, layout_note
from .details import EventDetail, selected_details
from .figure import NO_EVENTS, Figure, short_label
from .placement import DAY_PARTS, Placement, placements
from .tables import split_background, timeline_alt_text, timeline_table
from .zones import zones_line
