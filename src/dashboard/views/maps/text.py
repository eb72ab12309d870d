"""What the map says in words: leg labels, the tooltips of places and legs.

Tooltip text is plain: `st.pydeck_chart` HTML-escapes every value it interpolates into the
fixed tooltip template, so text from data never runs as HTML.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

import pandas as pd

from ...data.problems import count_text
from ...model.cells import text as _text
from ...model.words import date_text, one_date_text
from .labels import text_width
from .style import (
    CHART_HEIGHT,
    COMPACT_CHART_HEIGHT,
    COMPACT_VIEW_SIZE,
    TOOLTIP_FONT_SIZE,
    TOOLTIP_GAP,
    TOOLTIP_LINE_HEIGHT,
    TOOLTIP_MAX_WIDTH,
    TOOLTIP_PADDING,
    TOOLTIP_WIDTH,
    VIEW_SIZE,
)


def tooltip_text(text: object) -> str:
    # Plain text: st.pydeck_chart HTML-escapes every value it interpolates into the tooltip
    # template, so escaping here too would show '&lt;' to the reader. The browser tier
    # proves that a <script> in the data is shown as text and never runs.
    return _text(text)


def km_text(distance_km: float) -> str:
    return f"{round(float(distance_km)):,} km"


def leg_date(leg: Mapping[str, Any]) -> date:
    return pd.Timestamp(leg["date"]).date()


def leg_date_text(leg: Mapping[str, Any]) -> str:
    """A leg's date in words: one day, its precision spelled out (never '30–30 Oct')."""
    return one_date_text(leg_date(leg), str(leg["date_precision"]))


def leg_short_date(leg: Mapping[str, Any]) -> str:
    return one_date_text(leg_date(leg), str(leg["date_precision"]), short=True)


def leg_label_lines(leg: Mapping[str, Any]) -> tuple[str, str]:
    """A leg's label in two short lines: its number and date, then its distance."""
    return f"{int(leg['seq'])} · {leg_short_date(leg)}", km_text(leg["distance_km"])


#: Columns that hold a place's or person's name in another script, local name first.
SCRIPT_COLUMNS = ("name_local", "name_ko", "name_zh")


def script_names(place: Mapping[str, Any]) -> list[str]:
    """The place's names in other scripts, its local name first, each once."""
    names = (_text(place.get(column)) for column in SCRIPT_COLUMNS)
    return list(dict.fromkeys(name for name in names if name))


def local_script_name(place: Mapping[str, Any]) -> str:
    """The place's name in its own script, for its label: `name_local`; in a folder without
    that column, the one other-script name it has, if it has only one (with two, the data
    does not say which is local, and the tooltip shows both)."""
    local = _text(place.get("name_local"))
    if local:
        return local
    others = [n for n in (_text(place.get("name_ko")), _text(place.get("name_zh"))) if n]
    return others[0] if len(others) == 1 else ""


def event_line(event: Mapping[str, Any], place_id: str) -> str:
    line = f"• {_text(event['title'])}: {date_text(event)}"
    if _text(event.get("place_id")) and event["place_id"] != place_id:
        line += f" (at {_text(event['place_name'])})"
    return line


#: A place's tooltip lists this many events at most, then says how many more there are.
TOOLTIP_EVENTS = 8


@dataclass(frozen=True)
class TooltipRoom:
    """What fits in a tooltip on the narrowest chart of its map: lines of text, each this
    many pixels wide (the tooltip is at most half the chart tall, `style.TOOLTIP`)."""

    lines: int
    width: float
    compact: bool = False  # the overview's map, which is not clicked
    chart_height: float = CHART_HEIGHT

    def height(self, title: str, body: str) -> float:
        """The estimated height in pixels of a tooltip with this text."""
        lines = self.lines_of(title, 700) + sum(self.lines_of(line) for line in body.split("\n"))
        return lines * TOOLTIP_FONT_SIZE * TOOLTIP_LINE_HEIGHT + 2 * TOOLTIP_PADDING[1] + 2

    def lines_of(self, text: str, weight: int = 400) -> int:
        """Lines the text wraps to (estimated on the wide side, with room for whole words)."""
        width = text_width(text, TOOLTIP_FONT_SIZE, weight) * 1.1
        return max(1, math.ceil(width / self.width))


def tooltip_room(compact: bool = False) -> TooltipRoom:
    height = COMPACT_CHART_HEIGHT if compact else CHART_HEIGHT
    narrowest = (COMPACT_VIEW_SIZE if compact else VIEW_SIZE)[0]
    text_height = height / 2 - (TOOLTIP_GAP + 4) - 2 * TOOLTIP_PADDING[1] - 2
    width = min(TOOLTIP_MAX_WIDTH, TOOLTIP_WIDTH * narrowest) - 2 * TOOLTIP_PADDING[0] - 2
    lines = int(text_height // (TOOLTIP_FONT_SIZE * TOOLTIP_LINE_HEIGHT))
    return TooltipRoom(lines, width, compact, height)


def _listed(events: list, total: int, place_id: str, room: TooltipRoom, left: int) -> list:
    """The first events that fit in `left` lines with the count of the rest."""
    lines: list[str] = []
    for event in events[:TOOLTIP_EVENTS]:
        line = event_line(event, place_id)
        rest = total - len(lines) - 1
        need = room.lines_of(line) + (room.lines_of(_more(rest, room)) if rest else 0)
        if need > left:
            break
        lines.append(line)
        left -= room.lines_of(line)
    if total > len(lines):
        lines.append(_more(total - len(lines), room, listed=bool(lines)))
    return lines


def _more(count: int, room: TooltipRoom, listed: bool = True) -> str:
    where = " on the route map" if room.compact else ": click for all"
    return (f"… and {count:,} more" if listed else f"{count_text(count, 'event')}") + where


def place_tooltip(
    place: Mapping[str, Any],
    events: list[Mapping[str, Any]],
    total: int,
    *,
    topic: str = "",
    background: bool = False,
    room: TooltipRoom | None = None,
) -> tuple[str, str]:
    """Title and body of a place's tooltip: `events` are its first events (a city's with
    its venues'), of `total`; `topic` names the topic its colour shows; `background` says it
    holds only events outside the visit's own days. What fits in `room` (`tooltip_room`),
    in this order: the names, the first events and how many more, the colour's topic, an
    inferred place's note (the details beside the map say it all)."""
    room = room or tooltip_room()
    title = tooltip_text(place["name"])
    head = [" / ".join(script_names(place))] if script_names(place) else []
    if background:
        head.append("Background only: not a stop on this visit's route.")
    left = room.lines - room.lines_of(title, 700) - sum(room.lines_of(line) for line in head)
    if events:
        listed = _listed(events, total, str(place["id"]), room, left)
    else:
        listed = ["No event placed here; a stop on the route."]
    left -= sum(room.lines_of(line) for line in listed)
    tail = []
    for line in _notes(place, topic):
        if room.lines_of(line) <= left:
            tail.append(line)
            left -= room.lines_of(line)
    return title, "\n".join(tooltip_text(line) for line in head + listed + tail)


def _notes(place: Mapping[str, Any], topic: str) -> list[str]:
    notes = [f"Colour: {topic}"] if topic else []
    if _text(place.get("basis")) == "inferred":
        notes.append(f"Place inferred: {_text(place.get('basis_note'))}")
    return notes


def leg_tooltip(leg: Mapping[str, Any], room: TooltipRoom | None = None) -> tuple[str, str]:
    """Title and body of a leg's tooltip: its places, date and distance, and an inferred
    leg's note when it fits in `room`."""
    room = room or tooltip_room()
    title = f"Leg {int(leg['seq'])}: {_text(leg['from_name'])} → {_text(leg['to_name'])}"
    lines = [f"{leg_date_text(leg)}, {km_text(leg['distance_km'])} (great-circle distance)"]
    if _text(leg.get("basis")) == "inferred":
        note = f"Inferred: {_text(leg.get('basis_note'))}"
        used = room.lines_of(title, 700) + room.lines_of(lines[0])
        if used + room.lines_of(note) <= room.lines:
            lines.append(note)
    return tooltip_text(title), "\n".join(tooltip_text(line) for line in lines)
