"""What the map says in words: leg labels, the tooltips of places and legs.

Tooltip text is plain: `st.pydeck_chart` HTML-escapes every value it interpolates into the
fixed tooltip template, so text from data never runs as HTML.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import date
from typing import Any

import pandas as pd

from ..cells import text as _text
from ..model import date_text, day_label


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


def leg_label(leg: Mapping[str, Any]) -> str:
    return f"{int(leg['seq'])} · {leg_short_date(leg)} · {km_text(leg['distance_km'])}"


def great_circle_midpoint(lat1: float, lon1: float, lat2: float, lon2: float) -> list[float]:
    """[lon, lat] halfway along the great circle, where the arc's label sits."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    l1, dl = math.radians(lon1), math.radians(lon2 - lon1)
    bx = math.cos(p2) * math.cos(dl)
    by = math.cos(p2) * math.sin(dl)
    lat = math.atan2(math.sin(p1) + math.sin(p2), math.hypot(math.cos(p1) + bx, by))
    lon = l1 + math.atan2(by, math.cos(p1) + bx)
    return [round(math.degrees(lon), 5), round(math.degrees(lat), 5)]


def script_names(place: Mapping[str, Any]) -> list[str]:
    return [n for n in (_text(place.get("name_ko")), _text(place.get("name_zh"))) if n]


def local_script_name(place: Mapping[str, Any]) -> str:
    """The place's name in its own country's script (Korean for Korea, Chinese for China)."""
    country = _text(place.get("country")).casefold()
    if "korea" in country and "china" not in country:
        return _text(place.get("name_ko"))
    if "china" in country and "korea" not in country:
        return _text(place.get("name_zh"))
    return ""


def event_line(event: Mapping[str, Any], place_id: str) -> str:
    line = f"• {_text(event['title'])}: {date_text(event)}"
    if _text(event.get("place_id")) and event["place_id"] != place_id:
        line += f" (at {_text(event['place_name'])})"
    return line


#: A place's tooltip lists this many events at most, then says how many more there are.
TOOLTIP_EVENTS = 8


def place_tooltip(
    place: Mapping[str, Any], events: list[Mapping[str, Any]], total: int
) -> tuple[str, str]:
    """Title and body of a place's tooltip: `events` are its first events, of `total`."""
    lines = []
    scripts = script_names(place)
    if scripts:
        lines.append(" / ".join(scripts))
    if events:
        lines.extend(event_line(e, str(place["id"])) for e in events[:TOOLTIP_EVENTS])
        if total > TOOLTIP_EVENTS:
            lines.append(f"… and {total - TOOLTIP_EVENTS:,} more events")
    else:
        lines.append("No event placed here; a stop on the route.")
    if _text(place.get("basis")) == "inferred":
        lines.append(f"Place inferred: {_text(place.get('basis_note'))}")
    return tooltip_text(place["name"]), "\n".join(tooltip_text(line) for line in lines)


def leg_tooltip(leg: Mapping[str, Any]) -> tuple[str, str]:
    title = f"Leg {int(leg['seq'])}: {_text(leg['from_name'])} → {_text(leg['to_name'])}"
    lines = [f"{leg_date_text(leg)}, {km_text(leg['distance_km'])} (great-circle distance)"]
    if _text(leg.get("basis")) == "inferred":
        lines.append(f"Inferred: {_text(leg.get('basis_note'))}")
    return tooltip_text(title), "\n".join(tooltip_text(line) for line in lines)
