"""What the map says in words: leg labels, the tooltips of places and legs.

Tooltip text is plain: `st.pydeck_chart` HTML-escapes every value it interpolates into the
fixed tooltip template, so text from data never runs as HTML.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

import pandas as pd

from ...model.cells import text as _text
from ...model.words import date_text, day_label


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
    when = leg["date"]
    return date_text(
        {"date_start": when, "date_end": when, "date_precision": leg["date_precision"]}
    )


def leg_short_date(leg: Mapping[str, Any]) -> str:
    if str(leg["date_precision"]) == "day":
        return day_label(leg_date(leg))
    return leg_date_text(leg)


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


def _event_lines(events: list[Mapping[str, Any]], total: int, place_id: str, room: int) -> list:
    lines = [event_line(e, place_id) for e in events[:room]]
    if total > len(lines):
        lines.append(f"… and {total - len(lines):,} more events")
    return lines


def place_tooltip(
    place: Mapping[str, Any],
    events: list[Mapping[str, Any]],
    total: int,
    *,
    topic: str = "",
    city: tuple[str, str, list[Mapping[str, Any]], int] | None = None,
) -> tuple[str, str]:
    """Title and body of a place's tooltip: `events` are its first events, of `total`;
    `topic` names the topic its colour shows. `city` (id, name, first events, total) lists
    the other events of a venue's city when the venue's dot covers the city's ring's
    middle."""
    lines = []
    scripts = script_names(place)
    if scripts:
        lines.append(" / ".join(scripts))
    place_id = str(place["id"])
    if events:
        lines.extend(_event_lines(events, total, place_id, TOOLTIP_EVENTS))
    else:
        lines.append("No event placed here; a stop on the route.")
    if city is not None and city[3]:
        city_id, name, others, count = city
        lines.append(f"Also in {name}:")
        room = max(TOOLTIP_EVENTS - min(len(events), TOOLTIP_EVENTS), 3)
        lines.extend(_event_lines(others, count, city_id, room))
    if topic:
        lines.append(f"Colour: {topic} (the topic of its first event)")
    if _text(place.get("basis")) == "inferred":
        lines.append(f"Place inferred: {_text(place.get('basis_note'))}")
    return tooltip_text(place["name"]), "\n".join(tooltip_text(line) for line in lines)


def leg_tooltip(leg: Mapping[str, Any]) -> tuple[str, str]:
    title = f"Leg {int(leg['seq'])}: {_text(leg['from_name'])} → {_text(leg['to_name'])}"
    lines = [f"{leg_date_text(leg)}, {km_text(leg['distance_km'])} (great-circle distance)"]
    if _text(leg.get("basis")) == "inferred":
        lines.append(f"Inferred: {_text(leg.get('basis_note'))}")
    return tooltip_text(title), "\n".join(tooltip_text(line) for line in lines)
