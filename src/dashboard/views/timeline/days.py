"""The visit day by day: one row per event, labelled in full on the left, the visit's days
across, each event drawn once.

The chart fits what the data states, and chooses its layout per visit (`day_layout`):
- "agenda", when most of the visit's events have no stated clock time: each day is a
  column; an event of a stated day is a light bar over that day ("time not stated"), or a
  solid bar over its part of the day when one is given;
- "clock", when most have one: the same rows over the hours of each day (host zone), an
  event with a stated time a mark at that time, hollow when the time is approximate.
An event whose day is not stated is one row with a hatched bar over every day it may fall
on. Marks carry `customdata` = [event id]; the hover gives the time in both zones.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from ...model import agreement
from ...model.cells import html_text, place_text, text
from ...model.colours import darker, rgba_css
from ...model.order import in_day_order, stated_minutes
from ...model.visit import Visit, event_days
from ...model.words import (
    STATUS,
    date_text,
    day_key,
    day_label,
    day_range_label,
    sometime_text,
    zone_text,
)
from .figure import GRID, KEY_COLOUR, Figure, Topics, chart_layout, empty_figure
from .placement import Placement, placements
from .zones import zones_line

AGENDA, CLOCK = "agenda", "clock"
#: How a row label shows the event's status, as the itinerary does.
STATUS_KEY = "Marks: " + ", ".join(f"{mark} {word}" for mark, word in STATUS.values())
#: Characters per line of a row's label, which sits above its bar across the whole plot
#: (a phone's width holds it): labels wrap, never cut.
LABEL_CHARS = 46
LINE_PX = 16
ROW_PAD_PX = 10
BAR_PX = 16
TOP_PX = 56  # the day names above the plot (the chart has no toolbar to cover them)
DETAIL = "#555555"  # the label's second line: status word, time or part, plan
EDGE = 0.03  # a whole-day bar leaves this much of the day free on each side
#: bar style -> (fill alpha, pattern, legend words): told apart by fill, not colour alone
STYLES = {
    "day": (0.25, "", "day stated, time not stated"),
    "part": (1.0, "", "part of the day stated"),
    "span": (0.15, "/", "day not stated: any of these days"),
}


def day_layout(visit: Visit) -> str:
    """ "clock" when at least half of the visit's own events have a stated clock time,
    else "agenda"; decided on the whole visit, so filters never switch it."""
    on_visit = visit.events[~visit.events["background"].to_numpy(dtype=bool)]
    if on_visit.empty:
        return AGENDA
    timed = on_visit["time_local"].fillna("").astype(str).str.strip().ne("").sum()
    return CLOCK if timed * 2 >= len(on_visit) else AGENDA


def layout_note(visit: Visit) -> str:
    """One line: what the day-by-day chart shows, and why this layout."""
    on_visit = visit.events[~visit.events["background"].to_numpy(dtype=bool)]
    timed = int(on_visit["time_local"].fillna("").astype(str).str.strip().ne("").sum())
    parts = int(on_visit["day_part"].notna().sum())
    if day_layout(visit) == CLOCK:
        host, start = visit.host_timezone, visit.start
        zone = f"the host's time, {zone_text(host, start)}"
        return (
            f"Clock: {timed:,} of the visit's {len(on_visit):,} events have a stated time, "
            f"drawn at that time in {zone}; hover a mark for the guest's home time too. "
            f"{STATUS_KEY}."
        )
    clock = "no clock time for any" if not timed else f"a clock time for only {timed:,}"
    part = f", and a part of the day for {parts:,}," if parts else ""
    return (
        f"Agenda: the data gives {clock} of the visit's {len(on_visit):,} events{part} so "
        "each is drawn over its day, or its part of the day; an event whose day is not "
        f"stated spans the days it may fall on. {STATUS_KEY}."
    )


@dataclass(frozen=True)
class _Row:
    """One event as the chart draws it, with every word it shows: built once from the
    model (`_rows`), then only read by the traces and the layout."""

    id: str
    topic: str  # the event's first topic ('' for none): its colour and legend group
    style: str  # "day", "part", "span" or "time"
    x0: float  # in days from the first shown day
    x1: float
    label: str  # wrapped, escaped, <br> between lines
    lines: int
    hover: str  # escaped, <br> between lines
    approximate: bool  # a clock time given as approximate: a hollow mark


def _label(event: Mapping, mark: Placement, span: str) -> tuple[str, int]:
    """The title after the status's mark, then a line with the status in a word, when, and
    whether the plan had it: the status reads in words, not in a small glyph alone."""
    status = text(event.get("status"))
    glyph, word = STATUS.get(status, ("•", status))
    lines = textwrap.wrap(f"{glyph} {text(event.get('title'))}", LABEL_CHARS) or [""]
    when = span or (mark.part_label.split(" (")[0] if mark.kind == "part" else "")
    if mark.kind == "time":
        when = mark.host_time
    plan = "" if event.get("in_plan", True) else "not in the plan"  # first reported after it
    detail = " · ".join(part for part in (word, when, plan) if part)
    shown = [html_text(line) for line in lines]
    shown.append(f"<span style='color:{DETAIL}'>{html_text(detail)}</span>")
    return "<br>".join(shown), len(shown)


def _rows(visit: Visit, events: pd.DataFrame, shown: list[date]) -> list[_Row]:
    """The shown days' events as rows, in the order drawn: the one pass over the model."""
    column = {day: i for i, day in enumerate(shown)}
    by_event: dict[str, list[Placement]] = {}
    for mark in placements(visit, events):
        if mark.day in column:
            by_event.setdefault(mark.event_id, []).append(mark)
    drawn = events[events["id"].astype(str).isin(by_event)] if len(events) else events
    zones, stories = zones_line(visit), agreement.event_stories(visit, drawn)
    rows = []
    for event in drawn.to_dict("records"):
        marks = by_event[str(event["id"])]
        first = marks[0]
        i, j = column[first.day], column[marks[-1].day]
        if not first.precise or len(marks) > 1:  # a day not stated, or a stated run of days
            possible = event_days(event, visit.days)
            first_day, last_day = possible[0], possible[-1]
            span = (
                f"every day, {day_range_label(first_day, last_day)}"
                if first.precise
                else sometime_text(first_day, last_day)
            )
            style, x0, x1 = ("day" if first.precise else "span"), i + EDGE, j + 1 - EDGE
        elif first.kind == "time":
            style, x0, x1, span = "time", i + first.host_hour / 24, i + first.host_hour / 24, ""
        elif first.kind == "part":
            style, x0, x1, span = "part", i + first.start / 24, i + first.end / 24, ""
        else:
            style, x0, x1, span = "day", i + EDGE, i + 1 - EDGE, ""
        label, lines = _label(event, first, span)
        hover = _hover(event, first, stories[str(event["id"])], zones)
        topic = text(event.get("first_topic"))
        approximate = text(event.get("time_precision")) == "about"
        rows.append(_Row(str(event["id"]), topic, style, x0, x1, label, lines, hover, approximate))
    return _in_order(rows, *stated_minutes(drawn))


def _in_order(rows: list[_Row], minutes: np.ndarray, parts: np.ndarray) -> list[_Row]:
    """Day by day; within a day the order of the day (`model.order`: time, part of the day,
    then the data's order); the events whose day is not stated after the day they start."""
    groups: dict[tuple[int, bool], list[int]] = {}
    for position, row in enumerate(rows):  # rows, minutes and parts share the data's order
        groups.setdefault((int(row.x0), row.style == "span"), []).append(position)
    ordered = []
    for (_, span), positions in sorted(groups.items()):
        at = np.array(positions)
        ordered += [rows[p] for p in (at if span else in_day_order(at, minutes, parts))]
    return ordered


def _hover(event: Mapping, mark: Placement, story: list[str], zones: str) -> str:
    if mark.kind == "time":
        clock = f"Time: {mark.host_time} (at the guest's home: {mark.home_time})"
        if not text(event.get("timezone")):
            clock += "; the place's zone is not stated, read as the host's"
    elif mark.kind == "part":
        clock = f"Part of the day: {mark.part_label}; no clock time stated"
    else:
        clock = "Time: not stated"
    return "<br>".join(
        [
            f"<b>{html_text(event.get('title'))}</b>",
            html_text(date_text(event)),
            html_text(place_text(event, missing="place not stated")),
            f"Status: {html_text(event.get('status'))}",
            html_text(clock),
            *(html_text(line) for line in story),
            html_text(zones),
        ]
    )


@dataclass(frozen=True)
class _Geometry:
    """Where each row sits, in pixels from the plot's top: its label's top, its bar's centre
    and its bottom; and the plot's height."""

    tops: list[float]
    centres: list[float]
    bottoms: list[float]
    height: float


def _geometry(rows: list[_Row]) -> _Geometry:
    tops, centres, bottoms, top = [], [], [], 0.0
    for row in rows:
        label_top = top + ROW_PAD_PX / 2
        tops.append(label_top)
        centres.append(label_top + row.lines * LINE_PX + 4 + BAR_PX / 2)
        top = label_top + row.lines * LINE_PX + 4 + BAR_PX + ROW_PAD_PX / 2
        bottoms.append(top)
    return _Geometry(tops, centres, bottoms, top)


def _row_labels(rows: list[_Row], geometry: _Geometry) -> list[dict]:
    """Each row's label above its bar, from the plot's left edge: a phone's narrow plot
    keeps its whole width for the days."""
    return [
        {
            "text": row.label,
            "x": 0,
            "xref": "paper",
            "xanchor": "left",
            "y": top,
            "yref": "y",
            "yanchor": "top",
            "align": "left",
            "showarrow": False,
            "font": {"size": 12, "color": "#222222"},
            "bgcolor": "rgba(255,255,255,0.8)",
        }
        for row, top in zip(rows, geometry.tops, strict=True)
    ]


def _traces(rows: list[_Row], centres: list[float], topics: Topics) -> list[go.BaseTraceType]:
    groups: dict[tuple[str, str], list[int]] = {}
    for i, row in enumerate(rows):
        groups.setdefault((row.style, row.topic), []).append(i)
    traces = []
    for (style, topic), indices in groups.items():
        colour = topics.colour(topic)
        common = {
            **topics.style(topic),
            "customdata": [[rows[i].id] for i in indices],
            "hovertext": [rows[i].hover for i in indices],
        }
        if style == "time":
            traces.append(_time_marks(rows, centres, indices, colour, common))
        else:
            traces.append(_bars(rows, centres, indices, colour, style, common))
    return traces


def _bar_marker(colour: str, style: str) -> dict:
    alpha, pattern, _ = STYLES[style]
    edge = darker(colour)
    return {
        "color": rgba_css(colour, alpha),
        "line": {"color": edge, "width": 1.5},
        "pattern": {"shape": pattern, "fgcolor": edge, "size": 6, "solidity": 0.35},
    }


def _bars(rows, centres, indices, colour: str, style: str, common: dict) -> go.Bar:
    return go.Bar(
        orientation="h",
        base=[rows[i].x0 for i in indices],
        x=[rows[i].x1 - rows[i].x0 for i in indices],
        y=[centres[i] for i in indices],
        width=BAR_PX,
        marker=_bar_marker(colour, style),
        **common,
    )


def _time_marks(rows, centres, indices, colour: str, common: dict) -> go.Scatter:
    approximate = [rows[i].approximate for i in indices]
    return go.Scatter(
        x=[rows[i].x0 for i in indices],
        y=[centres[i] for i in indices],
        mode="markers",
        marker={
            "color": colour,
            "size": 13,
            "symbol": ["diamond-open" if a else "diamond" for a in approximate],  # about: hollow
            "line": {"color": colour, "width": 2},
        },
        cliponaxis=False,
        **common,
    )


def _keys(fig: go.Figure, rows: list[_Row]) -> None:
    """Legend entries saying what each kind of mark means, in words."""
    used = {row.style for row in rows}
    for style, (_, _, words) in STYLES.items():
        if style in used:
            fig.add_trace(
                go.Bar(
                    x=[None],
                    y=[None],
                    orientation="h",
                    name=words,
                    legendgroup="key",
                    showlegend=True,
                    hoverinfo="skip",
                    marker=_bar_marker(KEY_COLOUR, style),
                )
            )
    if "time" in used:
        fig.add_trace(
            go.Scatter(
                x=[None],
                y=[None],
                mode="markers",
                name="stated clock time",
                legendgroup="key",
                showlegend=True,
                hoverinfo="skip",
                marker={"symbol": "diamond", "size": 11, "color": KEY_COLOUR},
            )
        )


def _axes(shown: list[date], height: float, layout: str) -> tuple[dict, dict]:
    hours = [6, 12, 18] if layout == CLOCK else []
    minor = [i + h / 24 for i in range(len(shown)) for h in hours]
    xaxis = {
        "range": [0, len(shown)],
        "side": "top",
        "tickvals": [i + 0.5 for i in range(len(shown))],
        "ticktext": [f"{d:%a}<br>{d.day} {d:%b}" for d in shown],
        "ticks": "",
        "showgrid": False,
        "zeroline": False,
        "fixedrange": True,
        "minor": {"tickvals": minor, "showgrid": bool(minor), "gridcolor": GRID},
    }
    yaxis = {
        "range": [height, 0],
        "showticklabels": False,  # each row's label sits above its bar (`_row_labels`)
        "showgrid": False,
        "zeroline": False,
        "fixedrange": True,
        "ticks": "",
    }
    return xaxis, yaxis


def _hour_labels(shown: list[date], layout: str) -> list[dict]:
    """On the clock: the hours under each day (fewer when the days are many)."""
    if layout != CLOCK:
        return []
    hours = [6, 12, 18] if len(shown) <= 3 else [12]
    return [
        {
            "text": f"{hour:02d}:00",
            "x": i + hour / 24,
            "xref": "x",
            "y": 0,
            "yref": "paper",
            "yanchor": "top",
            "showarrow": False,
            "font": {"size": 10, "color": "#555555"},
        }
        for i in range(len(shown))
        for hour in hours
    ]


def _day_lines(shown: list[date], bottoms: list[float]) -> list[dict]:
    """A line between each two days, and a faint rule under each row."""
    lines = [
        {
            "type": "line",
            "xref": "x",
            "yref": "paper",
            "x0": i,
            "x1": i,
            "y0": 0,
            "y1": 1,
            "line": {"color": "rgba(0,0,0,0.25)", "width": 1},
            "layer": "below",
        }
        for i in range(1, len(shown))
    ]
    lines += [
        {
            "type": "line",
            "xref": "paper",
            "yref": "y",
            "x0": 0,
            "x1": 1,
            "y0": y,
            "y1": y,
            "line": {"color": GRID, "width": 1},
            "layer": "below",
        }
        for y in bottoms[:-1]
    ]
    return lines


def day_timeline(visit: Visit, events: pd.DataFrame, days: tuple[str, ...] = ()) -> Figure:
    """The visit's events (of `events`, background left out) as rows over the shown days
    (`days`, YYYY-MM-DD, or every day of the visit), in the layout `day_layout` chooses."""
    shown = [d for d in visit.days if not days or day_key(d) in days]
    layout = day_layout(visit)
    rows = _rows(visit, events, shown)
    if not rows:
        return empty_figure()
    topics = Topics.of(visit)
    geometry = _geometry(rows)
    fig = Figure()
    topics.legend(fig, [r.topic for r in rows])
    _keys(fig, rows)
    fig.add_traces(_traces(rows, geometry.centres, topics))
    xaxis, yaxis = _axes(shown, geometry.height, layout)
    fig.update_layout(
        **chart_layout(
            fig,
            plot_px=round(geometry.height),
            top_px=TOP_PX,
            axis_px=30 if layout == CLOCK else 16,
            right_px=12,
        ),
        bargap=0,
        shapes=_day_lines(shown, geometry.bottoms),
        annotations=_row_labels(rows, geometry) + _hour_labels(shown, layout),
        xaxis=xaxis,
        yaxis=yaxis,
        meta={
            "layout": layout,
            "days": [day_key(d) for d in shown],
            "rows": [r.id for r in rows],
            "row_days": [day_label(d) for d in shown],
        },
    )
    return fig
