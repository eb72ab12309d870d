"""The day timeline: the visit days as rows, the host zone's clock across, and a band right
of 24:00 for events without a stated time.

An event with a clock time is a marker at that hour; one with only a part of the day is a
translucent bar over that part; an untimed one a marker in the "Time not stated" band. An
event whose day is not stated is drawn hollow (a hatched bar) on every day it may fall on.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import plotly.graph_objects as go

from ..cells import html_text, place_text, text
from ..model import Visit, date_text, day_label
from .figure import (
    GRID,
    HOLLOW,
    SOLID,
    Figure,
    chart_layout,
    empty_figure,
    key_entry,
    short_label,
    topic_colour,
    topic_legend,
    topic_style,
    wrapped_label,
)
from .placement import ROW_GAP, Placement, Rows, layout_rows, one_of_days, placements
from .zones import utc_offset_text, zone_long_name, zones_line

NOT_STATED = "Time not stated"
HOLLOW_KEY = "Hollow = day not stated"
BAND_FILL = "rgba(120, 120, 120, 0.10)"

# The x axis: 0-24 is the clock; the band right of it holds untimed events.
UNTIMED_START = 24.5
UNTIMED_MARKER_X = 25.0
X_END = 42.0
LANE_PX = 32  # height of one stacked event, in pixels
TOP_PX = 48


def day_timeline(visit: Visit, events: pd.DataFrame) -> Figure:
    """The visit days as rows, the host zone's clock across, untimed events in their own band.

    Marks carry `customdata` = [event id, host-zone date]; hover gives the full title, the date
    with its precision, place, status and the time (or that none is stated) in both zones.
    """
    marks = placements(visit, events)
    if not marks:
        return empty_figure()
    by_id = {e["id"]: e for e in events.to_dict("records")}
    rows = layout_rows(visit.days, marks)
    fig = Figure()
    topic_legend(fig, visit, [text(by_id[m.event_id].get("first_topic")) for m in marks])
    if any(not m.precise for m in marks):
        key_entry(fig, HOLLOW_KEY, HOLLOW)
    fig.add_traces(_day_traces(visit, by_id, marks, rows))
    plot_px = round((rows.total + 0.2) * LANE_PX)
    fig.update_layout(
        **chart_layout(fig, plot_px=plot_px, top_px=TOP_PX, axis_px=56, right_px=12),
        bargap=0,
        shapes=_day_shapes(rows),
        uniformtext={"mode": "show", "minsize": 9},
        xaxis=_clock_axis(visit),
        yaxis=_day_axis(visit, rows),
        annotations=_band_headings(marks),
        meta={
            "row_days": [d.isoformat() for d in visit.days],
            "row_bounds": [list(b) for b in rows.bounds],
        },
    )
    return fig


# ---------------------------------------------------------------------------------------
# Traces


def _day_traces(
    visit: Visit, by_id: Mapping[str, Mapping], marks: list[Placement], rows: Rows
) -> list[go.Bar | go.Scatter]:
    """One trace per kind of mark (day-part band or marker) and topic."""
    groups: dict[tuple[str, str], list[int]] = {}
    for i, mark in enumerate(marks):
        topic = text(by_id[mark.event_id].get("first_topic"))
        groups.setdefault((mark.kind if mark.kind == "part" else "mark", topic), []).append(i)
    line = zones_line(visit)
    traces = []
    for (kind, topic), indices in groups.items():
        group = [marks[i] for i in indices]
        style = {
            **topic_style(visit, topic),
            "customdata": [[m.event_id, m.day.isoformat()] for m in group],
            "hovertext": [_day_hover(visit, by_id[m.event_id], m, line) for m in group],
        }
        titles = [by_id[m.event_id]["title"] for m in group]
        lanes = [rows.lane_y[i] for i in indices]
        build = _band_trace if kind == "part" else _marker_trace
        traces.append(build(group, titles, lanes, topic_colour(visit, topic), style))
    return traces


def _band_trace(
    marks: list[Placement], titles: list[str], lanes: list[float], colour: str, style: dict
) -> go.Bar:
    """Day-part bands, hatched when the day is not stated."""
    return go.Bar(
        orientation="h",
        base=[m.start for m in marks],
        x=[(m.end or 0) - (m.start or 0) for m in marks],
        y=lanes,
        width=0.8,
        marker={
            "color": colour,
            "opacity": 0.35,
            "line": {"color": colour, "width": 1.5},
            "pattern": {"shape": ["" if m.precise else "/" for m in marks], "fgcolor": colour},
        },
        text=[
            f"{html_text(short_label(title, 30))}<br>{m.part_label}"
            for m, title in zip(marks, titles, strict=True)
        ],
        textposition="outside",
        cliponaxis=False,
        textfont={"size": 11, "color": "#333333"},
        **style,
    )


def _marker_trace(
    marks: list[Placement], titles: list[str], lanes: list[float], colour: str, style: dict
) -> go.Scatter:
    """Markers at a clock time or in the untimed band, hollow when the day is not stated."""
    return go.Scatter(
        x=[m.host_hour if m.kind == "time" else UNTIMED_MARKER_X for m in marks],
        y=lanes,
        mode="markers+text",
        marker={
            "color": colour,
            "size": 11,
            "symbol": [SOLID if m.precise else HOLLOW for m in marks],
            "line": {"color": colour, "width": 2.5},
        },
        text=[wrapped_label(title) for title in titles],
        textposition="middle right",
        textfont={"size": 11, "color": "#333333"},
        cliponaxis=False,
        **style,
    )


def _day_hover(visit: Visit, event: Mapping, mark: Placement, zones: str) -> str:
    when = html_text(date_text(event))
    if not mark.precise:
        when += "<br>" + html_text(one_of_days(event, visit.days))
    return "<br>".join(
        [
            f"<b>{html_text(event.get('title'))}</b>",
            when,
            html_text(place_text(event, missing="place not stated")),
            f"Status: {html_text(event.get('status'))}",
            _clock_text(event, mark),
            zones,
        ]
    )


def _clock_text(event: Mapping, mark: Placement) -> str:
    if mark.kind == "time":
        clock = f"Time: {mark.host_time} · Seoul {mark.home_time}"
        if not text(event.get("timezone")):
            clock += " (place's zone not stated; read as host time)"
        return clock
    if mark.kind == "part":
        return (
            f"Part of day: {mark.part_label}, drawn over "
            f"{_hhmm(mark.start)}-{_hhmm(mark.end)}; no clock time stated"
        )
    return "Time: not stated"


def _hhmm(hour: float | None) -> str:
    hour = hour or 0.0
    minutes = round(hour * 60)
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


# ---------------------------------------------------------------------------------------
# Layout


def _day_shapes(rows: Rows) -> list[dict]:
    """The untimed band's shading, and a line between each two day rows."""
    band = {
        "type": "rect",
        "xref": "x",
        "yref": "paper",
        "x0": UNTIMED_START,
        "x1": X_END,
        "y0": 0,
        "y1": 1,
        "fillcolor": BAND_FILL,
        "line": {"width": 0},
        "layer": "below",
    }
    lines = [
        {
            "type": "line",
            "xref": "paper",
            "yref": "y",
            "x0": 0,
            "x1": 1,
            "y0": first - ROW_GAP / 2,
            "y1": first - ROW_GAP / 2,
            "line": {"color": "rgba(0,0,0,0.25)", "width": 1},
        }
        for first, _ in rows.bounds[1:]
    ]
    return [band, *lines]


def _clock_axis(visit: Visit) -> dict:
    hours = list(range(0, 25))
    host = visit.host_timezone
    return {
        "range": [0, X_END],
        "fixedrange": True,
        "zeroline": False,
        "tickvals": hours,
        "ticktext": [f"{h:02d}:00" if h % 6 == 0 else "" for h in hours],
        "showgrid": True,
        "gridcolor": GRID,
        "ticks": "outside",
        "ticklen": 3,
        "title": {
            "text": f"Time of day, {zone_long_name(host)} ({utc_offset_text(host, visit.start)})",
            "font": {"size": 12},
        },
    }


def _day_axis(visit: Visit, rows: Rows) -> dict:
    """The day rows, top to bottom, labelled at their centres."""
    return {
        "range": [rows.total + 0.1, -0.1],
        "fixedrange": True,
        "zeroline": False,
        "tickvals": rows.centres,
        "ticktext": [day_label(d) for d in visit.days],
        "showgrid": False,
        "ticks": "",
        "automargin": True,
    }


def _band_headings(marks: list[Placement]) -> list[dict]:
    """Headings over the clock and the untimed band; the clock's says when none is stated."""
    clock = "Clock time" if any(m.kind == "time" for m in marks) else "Clock time: none stated"
    return [
        _heading(f"<b>{NOT_STATED}</b>", UNTIMED_START + 0.3, {"size": 12}),
        _heading(clock, 0.2, {"size": 12, "color": "#555555"}),
    ]


def _heading(label: str, x: float, font: dict) -> dict:
    return {
        "text": label,
        "x": x,
        "xref": "x",
        "xanchor": "left",
        "y": 1,
        "yref": "paper",
        "yanchor": "bottom",
        "showarrow": False,
        "font": font,
    }
