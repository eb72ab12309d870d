"""What a reader picked on a chart or a map, from the values Streamlit returns.

Both functions take what `st.plotly_chart(..., on_select="rerun")` or
`st.pydeck_chart(..., on_select="rerun")` returns, its `.selection` alone, a plain dict of
either shape, or None, so they are tested without Streamlit.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .cells import get


def _inner(selection: Any) -> Any:
    inner = get(selection, "selection")
    return inner if inner is not None else selection


def selected_event_ids(selection: Any) -> list[str]:
    """Event ids of the selected chart marks, in selection order, each once.

    A mark's `customdata` starts with its event id; points without customdata (legend-only
    traces) are skipped.
    """
    points = get(_inner(selection), "points") or []
    ids: list[str] = []
    for point in points:
        data = get(point, "customdata")
        if isinstance(data, (list, tuple)):
            data = data[0] if data else None
        if isinstance(data, str) and data and data not in ids:
            ids.append(data)
    return ids


def selected_place(selection: Any) -> str | None:
    """The place id picked on the map; None when nothing, or something other than a place
    (the `places` layer), is picked."""
    objects = get(_inner(selection), "objects")
    if not isinstance(objects, Mapping):
        return None
    picked = objects.get("places") or []
    if not picked:
        return None
    place_id = get(picked[0], "id")
    return str(place_id) if place_id else None
