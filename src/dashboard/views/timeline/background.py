"""The background timeline: the events before the visit that explain it, on a date axis.

Each event has a row of its own, labelled above its mark. A date known only to a year, month
or range is a bar over that whole span; a day is a dot; "on or before" a left-pointing
triangle; "ongoing" a bar ending in a right-pointing triangle. The visit is a shaded band. A
long empty stretch is cut out of the axis: it splits into two panels with their own scales.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from ...model.cells import html_text, place_text, text
from ...model.visit import Visit
from ...model.words import date_text, span_text
from .figure import GRID, SOLID, Figure, Topics, chart_layout, empty_figure, key_entry
from .placement import day_start, event_span

ROW_PX = 44  # one event row, label above its mark (one line of label)
LABEL_LINE_CHARS = 44  # a label wraps at this many characters; it is never cut
LABEL_LINE_PX = 14  # each further line of label makes the rows this much taller
TOP_PX = 86  # room for the visit's label under the chart's toolbar
BAR_OFFSET = 0.14  # the mark sits below its label
SYMBOLS = {"before": "triangle-left", "ongoing": "triangle-right"}

Span = tuple[pd.Timestamp, pd.Timestamp]


def background_years(visit: Visit) -> tuple[int, int] | None:
    """The first and last year the background view spans, or None without background."""
    background = visit.events[visit.events["background"]]
    if background.empty:
        return None
    first = min(background["date_start"].min().year, visit.start.year)
    return int(first), int(max(background["date_end"].max().year, visit.end.year))


def background_timeline(visit: Visit, events: pd.DataFrame) -> Figure:
    """Background events on a date axis from 1 January of the first year with an event (or
    the visit) to the end of the visit or of the last event, whichever is later.

    When the longest empty stretch is long (over three years, and over 40% of the axis) it is
    cut out: the axis splits into two panels, years then months, and a note on the chart says
    so. Marks carry `customdata` = [event id, span start, span end (exclusive)].
    """
    background = events[events["background"].astype(bool)] if len(events) else events
    if background.empty:
        return empty_figure()
    records = sorted(
        background.to_dict("records"),
        key=lambda e: (event_span(e)[0], event_span(e)[1], text(e["title"])),
    )
    on_visit = (pd.Timestamp(visit.start), pd.Timestamp(visit.end) + pd.Timedelta(days=1))
    panels = _panels([event_span(e) for e in records], on_visit)
    split = len(panels) == 2
    fig = make_subplots(
        figure=Figure(),
        rows=1,
        cols=len(panels),
        shared_yaxes=True,
        column_widths=[0.36, 0.64] if split else None,
        horizontal_spacing=0.07,
    )
    topics = Topics.of(visit)
    _legend(fig, topics, records)
    for panel, trace in _background_traces(topics, records, panels):
        fig.add_trace(trace, row=1, col=panel + 1)
    lines = max(len(_label_lines(e)) for e in records)
    plot_px = round((len(records) + 0.35) * (ROW_PX + LABEL_LINE_PX * 2 * (lines - 1)))
    fig.update_layout(
        **chart_layout(
            fig, plot_px=plot_px, top_px=TOP_PX, axis_px=86 if split else 56, right_px=14
        ),
        shapes=_shapes(on_visit, split),
        annotations=_annotations(visit, records, on_visit, panels),
        yaxis=_rows_axis(len(records)),
        meta={"event_ids": [e["id"] for e in records]},
    )
    for n, panel in enumerate(panels, start=1):
        fig.update_xaxes(**_date_axis(panel), row=1, col=n)
    return fig


# ---------------------------------------------------------------------------------------
# The axis and its cut


@dataclass(frozen=True)
class _Panel:
    """One x axis of the background timeline: its range, and the dates it is about."""

    first: pd.Timestamp  # axis range
    last: pd.Timestamp
    title: str


def _panels(spans: list[Span], on_visit: Span) -> list[_Panel]:
    """One axis from the start of the first year shown to the end of the visit or of the last
    event, or two when a long empty stretch is cut out."""
    spans = [*spans, on_visit]
    earliest = min(s for s, _ in spans)
    start = pd.Timestamp(year=earliest.year, month=1, day=1)
    end = max(e for _, e in spans)
    lead, tail = pd.Timedelta(days=75), pd.Timedelta(days=12)
    gap = _largest_gap(spans)
    if gap is None or gap[1] - gap[0] <= max(pd.Timedelta(days=3 * 365), (end - start) * 0.4):
        return [_Panel(start - lead, end + tail, "Date")]
    last_early = gap[0] - pd.Timedelta(days=1)
    return [
        _Panel(
            start - lead, gap[0] + pd.Timedelta(days=30), f"{start.year}-{last_early.year}, by year"
        ),
        _Panel(gap[1] - tail, end + tail, f"{gap[1]:%b %Y}-{end:%b %Y}, by month"),
    ]


def _largest_gap(spans: list[Span]) -> Span | None:
    """The longest stretch with nothing in it between the earliest and the latest span."""
    best = None
    reach = None
    for first, last in sorted(spans):
        wider = best is None or (reach is not None and first - reach > best[1] - best[0])
        if reach is not None and first > reach and wider:
            best = (reach, first)
        reach = last if reach is None else max(reach, last)
    return best


def _date_ticks(first: pd.Timestamp, last: pd.Timestamp) -> tuple[list[str], list[str], str]:
    """Tick positions and labels for one panel: years for a long range, months for a short."""
    if last - first > pd.Timedelta(days=2 * 365):
        years = list(range(first.year + (first.month > 1), last.year + 1))
        step = 1 if len(years) <= 5 else 2
        shown = [y for y in years if (y - years[0]) % step == 0]
        return [f"{y}-01-01" for y in shown], [str(y) for y in shown], "M12"
    months = pd.date_range(first, last, freq="MS")
    labels = [
        f"{m:%b}<br>{m.year}" if i == 0 or m.month == 1 else f"{m:%b}" for i, m in enumerate(months)
    ]
    return [m.date().isoformat() for m in months], labels, "M1"


def _date_axis(panel: _Panel) -> dict:
    tickvals, ticktext, minor = _date_ticks(panel.first, panel.last)
    return {
        "type": "date",
        "range": [panel.first.date().isoformat(), panel.last.date().isoformat()],
        "tickvals": tickvals,
        "ticktext": ticktext,
        "showgrid": True,
        "gridcolor": GRID,
        "minor": {
            "dtick": minor,
            "showgrid": True,
            "gridcolor": "rgba(0,0,0,0.04)",
            "tick0": f"{panel.first.year}-01-01",
        },
        "ticks": "outside",
        "ticklen": 3,
        "zeroline": False,
        "fixedrange": True,
        "title": {"text": panel.title, "font": {"size": 12}, "standoff": 4},
    }


def _rows_axis(rows: int) -> dict:
    """One row per event, the first on top; the labels are annotations, not ticks."""
    return {
        "range": [rows - 0.35, -0.7],
        "fixedrange": True,
        "zeroline": False,
        "showticklabels": False,
        "showgrid": False,
        "ticks": "",
    }


def _cut_path(x: float) -> str:
    """Two short slashes at the bottom edge of a panel, at x (0 left edge, 1 right edge)."""
    d = 0.012 if x else -0.012
    return " ".join(f"M {x + d * k - 0.01},-0.03 L {x + d * k + 0.01},0.03" for k in (0, 1))


# ---------------------------------------------------------------------------------------
# Traces


def _legend(fig: go.Figure, topics: Topics, records: list[dict]) -> None:
    """The topics, and a key for each mark shape the events use."""
    topics.legend(fig, [text(e.get("first_topic")) for e in records])
    precisions = {text(e["date_precision"]) for e in records}
    if "before" in precisions:
        key_entry(fig, "on or before (date not stated)", SYMBOLS["before"])
    if "ongoing" in precisions:
        key_entry(fig, "still ongoing", SYMBOLS["ongoing"])


def _background_traces(
    topics: Topics, records: list[dict], panels: list[_Panel]
) -> list[tuple[int, go.Bar | go.Scatter]]:
    """(panel, trace): per topic and panel, a bar trace for spans and one for point marks."""
    split = len(panels) == 2
    groups: dict[tuple[str, int], list[int]] = {}
    for i, event in enumerate(records):
        panel = 1 if split and event_span(event)[0] >= panels[1].first else 0
        groups.setdefault((text(event.get("first_topic")), panel), []).append(i)
    traces: list[tuple[int, go.Bar | go.Scatter]] = []
    for (topic, panel), indices in groups.items():
        colour, style = topics.colour(topic), topics.style(topic)
        precision = {i: text(records[i]["date_precision"]) for i in indices}
        bars = [i for i in indices if precision[i] not in ("day", "before")]
        marked = [i for i in indices if precision[i] in ("day", "before", "ongoing")]
        if bars:
            traces.append((panel, _span_bars(topics, records, bars, colour, style)))
        if marked:
            traces.append((panel, _point_marks(topics, records, marked, colour, style)))
    return traces


def _span_bars(
    topics: Topics, records: list[dict], rows: list[int], colour: str, style: dict
) -> go.Bar:
    """Bars over the whole span an event may cover."""
    spans = [event_span(records[i]) for i in rows]
    return go.Bar(
        orientation="h",
        base=[first.date().isoformat() for first, _ in spans],
        x=[(last - first) / pd.Timedelta(milliseconds=1) for first, last in spans],
        y=[i + BAR_OFFSET for i in rows],
        width=0.34,
        marker={"color": colour, "line": {"color": colour, "width": 1}},
        customdata=[_custom(records[i]) for i in rows],
        hovertext=[_hover(topics, records[i]) for i in rows],
        **style,
    )


def _point_marks(
    topics: Topics, records: list[dict], rows: list[int], colour: str, style: dict
) -> go.Scatter:
    """A dot on the day, a triangle at "on or before" or at the end of an ongoing bar."""
    return go.Scatter(
        x=[_mark_x(records[i]) for i in rows],
        y=[i + BAR_OFFSET for i in rows],
        mode="markers",
        cliponaxis=False,
        marker={
            "color": colour,
            "size": 12,
            "symbol": [SYMBOLS.get(text(records[i]["date_precision"]), SOLID) for i in rows],
            "line": {"color": "white", "width": 1},
        },
        customdata=[_custom(records[i]) for i in rows],
        hovertext=[_hover(topics, records[i]) for i in rows],
        **style,
    )


def _mark_x(event: Mapping) -> str:
    if text(event["date_precision"]) == "ongoing":
        return event_span(event)[1].date().isoformat()
    return (day_start(event["date_end"]) + pd.Timedelta(hours=12)).isoformat()


def _custom(event: Mapping) -> list[str]:
    first, last = event_span(event)
    return [event["id"], first.date().isoformat(), last.date().isoformat()]


def _hover(topics: Topics, event: Mapping) -> str:
    return "<br>".join(
        [
            f"<b>{html_text(event['title'])}</b>",
            html_text(date_text(event)),
            html_text(place_text(event, missing="place not stated")),
            f"Status: {html_text(event.get('status'))}",
            f"Topics: {html_text(topics.text(event))}",
        ]
    )


# ---------------------------------------------------------------------------------------
# Shapes and annotations


def _shapes(on_visit: Span, split: bool) -> list[dict]:
    """The visit's band on the last panel, and the cut between two panels."""
    band = {
        "type": "rect",
        "xref": "x2" if split else "x",
        "yref": "paper",
        "x0": on_visit[0].date().isoformat(),
        "x1": on_visit[1].date().isoformat(),
        "y0": 0,
        "y1": 1,
        "fillcolor": "rgba(0, 0, 0, 0.13)",
        "line": {"width": 0},
        "layer": "below",
    }
    if not split:
        return [band]
    cut = [
        {  # the cut, drawn as a double slash on each side of the gap
            "type": "path",
            "xref": f"x{'' if x else '2'} domain",
            "yref": "paper",
            "path": _cut_path(x),
            "line": {"color": "#555555", "width": 1.5},
        }
        for x in (1.0, 0.0)
    ]
    return [band, *cut]


def _annotations(
    visit: Visit, records: list[dict], on_visit: Span, panels: list[_Panel]
) -> list[dict]:
    """The visit's label over its band, each event's label over its row, the cut's note."""
    split = len(panels) == 2
    visit_words = textwrap.wrap(text(visit.title), 28)[:2]
    notes = [
        {
            "text": "<br>".join(html_text(w) for w in visit_words)
            + f"<br>{span_text(visit.start, visit.end)}",
            "x": on_visit[1].date().isoformat(),
            "xref": "x2" if split else "x",
            "xanchor": "right",
            "y": 1,
            "yref": "paper",
            "yanchor": "bottom",
            "showarrow": False,
            "align": "right",
            "font": {"size": 11, "color": "#333333"},
        }
    ]
    notes += [_row_label(i, event) for i, event in enumerate(records)]
    if split:
        notes.append(_cut_note(panels))
    return notes


def _label_lines(event: Mapping) -> list[str]:
    """The event's title in lines of at most LABEL_LINE_CHARS (a longer word whole)."""
    title = text(event["title"])
    return textwrap.wrap(title, LABEL_LINE_CHARS, break_long_words=False) or [title]


def _row_label(row: int, event: Mapping) -> dict:
    """The title, wrapped, with its date on the last line, standing on the row's middle
    (the mark hangs below it): rows grow with the longest label, so none is cut."""
    lines = [html_text(line) for line in _label_lines(event)]
    return {
        "text": "<br>".join(lines)
        + f" <span style='color:#666666'>· {html_text(_compact_date(event))}</span>",
        "x": 0,
        "xref": "paper",
        "xanchor": "left",
        "align": "left",
        "y": row,
        "yref": "y",
        "yanchor": "bottom",
        "yshift": 1,
        "showarrow": False,
        "font": {"size": 11, "color": "#222222"},
    }


def _cut_note(panels: list[_Panel]) -> dict:
    return {
        "text": f"Axis cut from {panels[0].last.year} to {panels[1].first.year}: no events. "
        "The two parts have different scales.",
        "x": 0,
        "xref": "paper",
        "xanchor": "left",
        "y": 0,
        "yref": "paper",
        "yanchor": "top",
        "yshift": -62,
        "showarrow": False,
        "font": {"size": 11, "color": "#555555"},
    }


def _compact_date(event: Mapping) -> str:
    """A short date for an on-chart label; the hover spells the precision out in full."""
    first, last = event_span(event)
    last = last - pd.Timedelta(days=1)
    return {
        "year": f"{first.year}",
        "month": f"{first:%b %Y}",
        "early-month": f"early {first:%b %Y}",
        "ongoing": f"since {first:%b %Y}",
        "before": f"by {last.day} {last:%b %Y}",
        "day": f"{first.day} {first:%b %Y}",
    }.get(text(event["date_precision"]), f"{first.day} {first:%b}-{last.day} {last:%b %Y}")
