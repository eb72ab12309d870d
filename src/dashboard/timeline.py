"""Timeline figures of one visit: the visit days on a clock in the host's time zone, the
background on a date axis, a table and a text alternative of the same events, and the
mapping from a Streamlit plotly selection back to event ids.

The source gives days but hardly any clock times, so the figures never invent one:
- an event with `time_local` is a marker at that time, converted from its place's zone to
  the host zone (with `zoneinfo`, for that date);
- an event with only a `day_part` is a translucent band over that part of the day;
- an event with neither sits in a separate "Time not stated" band right of 24:00;
- an event whose day is not stated (a date range) is drawn hollow on every day it may fall on;
- a background event known only to a year, month or range is a bar over that whole span.

Every builder is pure: DataFrames in, a `plotly.graph_objects.Figure` or plain data out.
Every mark's `customdata` starts with the event id, so a selection maps back to events.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from .cells import html_text, place_text, text
from .model import NO_TOPIC_COLOUR, Visit, date_text, day_label, event_days, precise_day
from .provenance import quote_spans
from .sources import findings_for

NO_EVENTS = "No events match the filters"
NOT_STATED = "Time not stated"
HOLLOW_KEY = "Hollow = day not stated"
KEY_COLOUR = "#555555"
BAND_FILL = "rgba(120, 120, 120, 0.10)"
GRID = "rgba(0, 0, 0, 0.08)"

# Hours of the day each part of the day is drawn over, in the event's local time.
DAY_PARTS: dict[str, tuple[float, float]] = {
    "morning": (6.0, 11.0),
    "midday": (11.0, 14.0),
    "afternoon": (14.0, 18.0),
    "evening": (18.0, 23.0),
}

# Long names of the zones this project meets; others fall back to their IANA key.
ZONE_NAMES = {
    "Asia/Shanghai": "China Standard Time",
    "Asia/Seoul": "Korea Standard Time",
    "Asia/Tokyo": "Japan Standard Time",
    "UTC": "Coordinated Universal Time",
}

# The day timeline's x axis: 0-24 is the clock; the band right of it holds untimed events.
CLOCK_END = 24.0
UNTIMED_START = 24.5
UNTIMED_MARKER_X = 25.0
X_END = 42.0
LANE_PX = 32  # height of one stacked event, in pixels
ROW_GAP = 0.6  # space between two day rows, in lanes
LABEL_CHARS = 20  # characters per line of an on-chart label; the full title is in the hover

ROW_PX = 44  # background timeline: one event row, label above its mark
TOP_PX = 86  # background timeline: room for the visit's label under the chart's toolbar
BAR_OFFSET = 0.14  # background timeline: the mark sits below its label

HOLLOW = "circle-open"
SOLID = "circle"


# ---------------------------------------------------------------------------------------
# Small helpers


def short_label(title: str, limit: int = LABEL_CHARS) -> str:
    """A title cut at a word boundary to at most `limit` characters, with an ellipsis."""
    title = text(title)
    if len(title) <= limit:
        return title
    cut = title[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:-")
    return (cut or title[: limit - 1]) + "…"


def wrapped_label(title: str, width: int = LABEL_CHARS, lines: int = 2) -> str:
    """A title wrapped to at most `lines` lines of `width` characters, escaped, joined by <br>;
    what does not fit is cut with an ellipsis."""
    words = textwrap.wrap(text(title), width) or [""]
    if len(words) > lines:
        rest = " ".join(words[lines - 1 :])
        words = [*words[: lines - 1], short_label(rest, width)]
    return "<br>".join(html_text(w) for w in words)


def utc_offset_text(zone: str, on: date) -> str:
    """'UTC+8' style offset of a zone on a date (with minutes when not whole hours)."""
    offset = datetime.combine(on, time(12), ZoneInfo(zone)).utcoffset() or timedelta(0)
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")


def zone_abbreviation(zone: str, on: date) -> str:
    """The zone's abbreviation on a date ('CST', 'KST'), or its UTC offset if it has none."""
    name = datetime.combine(on, time(12), ZoneInfo(zone)).tzname() or ""
    return name if name and name[0] not in "+-" else utc_offset_text(zone, on)


def zone_long_name(zone: str) -> str:
    return ZONE_NAMES.get(zone, zone)


def _topic_colour(visit: Visit, topic: str) -> str:
    return visit.topic_colours.get(topic, NO_TOPIC_COLOUR)


def _topic_label(visit: Visit, topic: str) -> str:
    return visit.topic_labels.get(topic, "No topic") if topic else "No topic"


def _topics_text(visit: Visit, event: Mapping) -> str:
    topics = event.get("topics")
    topics = list(topics) if isinstance(topics, (list, tuple)) else []
    return ", ".join(_topic_label(visit, t) for t in topics) or "No topic"


class Figure(go.Figure):
    """A finished chart that computes its dict once.

    `st.plotly_chart` calls `to_dict()` on every rerun: a deep copy of the figure and a scan
    of every array, most of a timeline rerun. The builders below build this class from the
    start (copying a finished go.Figure into it would cost more than building it) and
    return it finished (the pages cache it per filter state); nobody changes it afterwards,
    so its dict is the same every time: it is computed on the first call and kept. Change
    a figure only before the first `to_dict()`.
    """

    def to_dict(self) -> dict:
        cached = self.__dict__.get("_finished_dict")
        if cached is None:
            cached = super().to_dict()
            self._finished_dict = cached
        return cached


def _empty_figure(message: str = NO_EVENTS, height: int = 220) -> Figure:
    fig = Figure()
    fig.add_annotation(
        text=message,
        x=0.5,
        y=0.5,
        xref="paper",
        yref="paper",
        showarrow=False,
        font={"size": 15},
    )
    fig.update_layout(
        height=height,
        xaxis={"visible": False},
        yaxis={"visible": False},
        margin={"l": 10, "r": 10, "t": 10, "b": 10},
        plot_bgcolor="white",
    )
    return fig


def _topic_legend(fig: go.Figure, visit: Visit, topics: Iterable[str]) -> None:
    """One legend entry per topic, in the visit's topic order; data traces share its group."""
    shown = set(topics)
    order = [t for t in visit.topic_labels if t in shown] + ([""] if "" in shown else [])
    for topic in order:
        fig.add_trace(
            go.Scatter(
                x=[None],
                y=[None],
                mode="markers",
                name=_topic_label(visit, topic),
                legendgroup=f"topic-{topic}",
                showlegend=True,
                hoverinfo="skip",
                marker={"symbol": "square", "size": 11, "color": _topic_colour(visit, topic)},
            )
        )


def _key_entry(fig: go.Figure, name: str, symbol: str) -> None:
    fig.add_trace(
        go.Scatter(
            x=[None],
            y=[None],
            mode="markers",
            name=name,
            legendgroup="key",
            showlegend=True,
            hoverinfo="skip",
            marker={
                "symbol": symbol,
                "size": 10,
                "color": KEY_COLOUR,
                "line": {"width": 2, "color": KEY_COLOUR},
            },
        )
    )


def _bottom(fig: go.Figure, plot_px: int, axis_px: int) -> tuple[int, dict]:
    """Bottom margin and legend placement: the legend sits `axis_px` below the plot, under
    the x axis, with room for one entry a line (as on a 390 px phone; wider screens wrap
    fewer lines and keep some blank space)."""
    entries = sum(1 for trace in fig.data if trace.showlegend)
    margin = axis_px + 20 * entries + 14
    return margin, _legend_below(plot_px, axis_px)


def _legend_below(plot_px: int, below_px: int) -> dict:
    return {
        "orientation": "h",
        "yanchor": "top",
        "y": -below_px / max(plot_px, 1),
        "xanchor": "left",
        "x": 0,
        "font": {"size": 11},
        "itemclick": "toggleothers",
        "itemdoubleclick": "toggle",
        "traceorder": "normal",
    }


# ---------------------------------------------------------------------------------------
# Where each visit event goes on the clock


@dataclass(frozen=True)
class Placement:
    """One mark of one event on one day row of the day timeline."""

    event_id: str
    day: date  # the row, a host-zone date
    kind: str  # "time", "part" or "untimed"
    precise: bool  # False: the day is not stated, the event may fall on another day
    host_hour: float | None = None  # "time": hour of day in the host zone
    host_time: str = ""  # "time": '09:00 CST'
    home_time: str = ""  # "time": '10:00 KST'
    start: float | None = None  # "part": band start hour in the host zone
    end: float | None = None  # "part": band end hour
    part_label: str = ""  # "part": 'midday (inferred)'


def _parse_time(text: str) -> time | None:
    try:
        return time.fromisoformat(text)
    except ValueError:
        return None


def _hour(moment: datetime) -> float:
    return moment.hour + moment.minute / 60 + moment.second / 3600


def placements(visit: Visit, events: pd.DataFrame) -> list[Placement]:
    """Every mark of the day timeline: one per event per visit day it may fall on."""
    host = visit.host_timezone
    home = visit.home_timezone or host
    days = visit.days
    out: list[Placement] = []
    for event in events.to_dict("records"):
        if bool(event.get("background")):
            continue
        precise = precise_day(event)
        zone = text(event.get("timezone")) or host
        clock = _parse_time(text(event.get("time_local")))
        part = text(event.get("day_part"))
        for day in event_days(event, days):
            if clock is not None:
                local = datetime.combine(day, clock, ZoneInfo(zone))
                at_host = local.astimezone(ZoneInfo(host))
                at_home = local.astimezone(ZoneInfo(home))
                row = at_host.date() if at_host.date() in days else day
                host_time = f"{at_host:%H:%M} {zone_abbreviation(host, at_host.date())}"
                home_time = f"{at_home:%H:%M} {zone_abbreviation(home, at_home.date())}"
                if at_host.date() != row:  # converted out of the visit: say which day it is
                    host_time += f" on {day_label(at_host.date())}"
                if at_home.date() != at_host.date():
                    home_time += f" on {day_label(at_home.date())}"
                out.append(
                    Placement(
                        event["id"],
                        row,
                        "time",
                        precise,
                        host_hour=_hour(at_host),
                        host_time=host_time,
                        home_time=home_time,
                    )
                )
            elif part in DAY_PARTS:
                first, last = DAY_PARTS[part]
                shift = _zone_shift_hours(zone, host, day)
                start = min(max(first + shift, 0.0), CLOCK_END)
                end = min(max(last + shift, 0.0), CLOCK_END)
                how = "inferred" if text(event.get("basis")) == "inferred" else "no clock time"
                out.append(
                    Placement(
                        event["id"],
                        day,
                        "part",
                        precise,
                        start=start,
                        end=end,
                        part_label=f"{part} ({how})",
                    )
                )
            else:
                out.append(Placement(event["id"], day, "untimed", precise))
    return out


def _zone_shift_hours(zone: str, host: str, day: date) -> float:
    """Hours to add to a local clock time in `zone` to get the host zone's clock time."""
    noon = datetime.combine(day, time(12), ZoneInfo(zone))
    there = noon.utcoffset() or timedelta(0)
    here = noon.astimezone(ZoneInfo(host)).utcoffset() or timedelta(0)
    return (here - there).total_seconds() / 3600


def _one_of_days(event: Mapping, days: list[date]) -> str:
    return "day not stated: one of " + ", ".join(day_label(d) for d in event_days(event, days))


@dataclass(frozen=True)
class _Rows:
    """Vertical layout of the day rows: each mark gets its own lane, rows grow to fit."""

    lane_y: dict[int, float]  # placement index -> y
    centres: list[float]
    bounds: list[tuple[float, float]]
    total: float


def _layout_rows(days: list[date], marks: list[Placement]) -> _Rows:
    lane_y: dict[int, float] = {}
    centres, bounds = [], []
    top = 0.0
    for day in days:
        on_day = [i for i, m in enumerate(marks) if m.day == day]
        untimed = sorted(
            (i for i in on_day if marks[i].kind == "untimed"), key=lambda i: not marks[i].precise
        )
        clock = sorted(
            (i for i in on_day if marks[i].kind != "untimed"),
            key=lambda i: (
                not marks[i].precise,
                marks[i].host_hour if marks[i].host_hour is not None else marks[i].start or 0.0,
            ),
        )
        # Clock marks first, then the untimed ones, each in a lane of its own: a band's label
        # runs right, towards the untimed band, and must not cross another label.
        lanes = max(len(clock) + len(untimed), 1)
        for lane, i in enumerate(clock + untimed):
            lane_y[i] = top + lane + 0.5
        bounds.append((top, top + lanes))
        centres.append(top + lanes / 2)
        top += lanes + ROW_GAP
    return _Rows(lane_y, centres, bounds, top - ROW_GAP if days else 0.0)


# ---------------------------------------------------------------------------------------
# 1. The visit days


def _day_hover(visit: Visit, event: Mapping, mark: Placement, zones_line: str) -> str:
    when = html_text(date_text(event))
    if not mark.precise:
        when += "<br>" + html_text(_one_of_days(event, visit.days))
    if mark.kind == "time":
        clock = f"Time: {mark.host_time} · Seoul {mark.home_time}"
        if not text(event.get("timezone")):
            clock += " (place's zone not stated; read as host time)"
    elif mark.kind == "part":
        clock = (
            f"Part of day: {mark.part_label}, drawn over "
            f"{_hhmm(mark.start)}-{_hhmm(mark.end)}; no clock time stated"
        )
    else:
        clock = "Time: not stated"
    return "<br>".join(
        [
            f"<b>{html_text(event.get('title'))}</b>",
            when,
            html_text(place_text(event, missing="place not stated")),
            f"Status: {html_text(event.get('status'))}",
            clock,
            zones_line,
        ]
    )


def _hhmm(hour: float | None) -> str:
    hour = hour or 0.0
    minutes = round(hour * 60)
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def split_background(events: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The events of the visit itself, and the background events, in their order."""
    background = events["background"].to_numpy(dtype=bool)
    return events[~background], events[background]


def background_years(visit: Visit) -> tuple[int, int] | None:
    """The first and last year the background view spans, or None without background."""
    background = visit.events[visit.events["background"]]
    if background.empty:
        return None
    return int(background["date_start"].min().year), visit.end.year


def zones_line(visit: Visit) -> str:
    """'Times: CST (UTC+8) · Seoul KST (UTC+9)', for the visit's first day."""
    host, home, on = visit.host_timezone, visit.home_timezone, visit.start
    line = f"Times: {zone_abbreviation(host, on)} ({utc_offset_text(host, on)})"
    if home and home != host:
        city = home.split("/")[-1].replace("_", " ")
        line += f" · {city} {zone_abbreviation(home, on)} ({utc_offset_text(home, on)})"
    return line


def day_timeline(visit: Visit, events: pd.DataFrame) -> Figure:
    """The visit days as rows, the host zone's clock across, untimed events in their own band.

    Marks carry `customdata` = [event id, host-zone date]; hover gives the full title, the date
    with its precision, place, status and the time (or that none is stated) in both zones.
    """
    days = visit.days
    marks = placements(visit, events)
    if not marks:
        return _empty_figure()
    by_id = {e["id"]: e for e in events.to_dict("records")}
    rows = _layout_rows(days, marks)
    line = zones_line(visit)
    host = visit.host_timezone
    fig = Figure()
    _topic_legend(fig, visit, [text(by_id[m.event_id].get("first_topic")) for m in marks])
    if any(not m.precise for m in marks):
        _key_entry(fig, HOLLOW_KEY, HOLLOW)

    # Day-part bands, one bar trace per topic, hatched when the day is not stated.
    groups: dict[tuple[str, str], list[int]] = {}
    for i, mark in enumerate(marks):
        topic = text(by_id[mark.event_id].get("first_topic"))
        groups.setdefault((mark.kind if mark.kind == "part" else "mark", topic), []).append(i)
    for (kind, topic), indices in groups.items():
        colour = _topic_colour(visit, topic)
        common = {
            "legendgroup": f"topic-{topic}",
            "showlegend": False,
            "name": _topic_label(visit, topic),
            "customdata": [[marks[i].event_id, marks[i].day.isoformat()] for i in indices],
            "hovertext": [
                _day_hover(visit, by_id[marks[i].event_id], marks[i], line) for i in indices
            ],
            "hovertemplate": "%{hovertext}<extra></extra>",
            "hoverlabel": {"align": "left"},
        }
        if kind == "part":
            fig.add_trace(
                go.Bar(
                    orientation="h",
                    base=[marks[i].start for i in indices],
                    x=[(marks[i].end or 0) - (marks[i].start or 0) for i in indices],
                    y=[rows.lane_y[i] for i in indices],
                    width=0.8,
                    marker={
                        "color": colour,
                        "opacity": 0.35,
                        "line": {"color": colour, "width": 1.5},
                        "pattern": {
                            "shape": ["" if marks[i].precise else "/" for i in indices],
                            "fgcolor": colour,
                        },
                    },
                    text=[
                        f"{html_text(short_label(by_id[marks[i].event_id]['title'], 30))}"
                        f"<br>{marks[i].part_label}"
                        for i in indices
                    ],
                    textposition="outside",
                    cliponaxis=False,
                    textfont={"size": 11, "color": "#333333"},
                    **common,
                )
            )
        else:
            x = [
                marks[i].host_hour if marks[i].kind == "time" else UNTIMED_MARKER_X for i in indices
            ]
            fig.add_trace(
                go.Scatter(
                    x=x,
                    y=[rows.lane_y[i] for i in indices],
                    mode="markers+text",
                    marker={
                        "color": colour,
                        "size": 11,
                        "symbol": [SOLID if marks[i].precise else HOLLOW for i in indices],
                        "line": {"color": colour, "width": 2.5},
                    },
                    text=[wrapped_label(by_id[marks[i].event_id]["title"]) for i in indices],
                    textposition="middle right",
                    textfont={"size": 11, "color": "#333333"},
                    cliponaxis=False,
                    **common,
                )
            )

    plot_px = round((rows.total + 0.2) * LANE_PX)
    bottom, legend = _bottom(fig, plot_px, axis_px=56)
    shapes = [
        {
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
        },
    ]
    for first, _ in rows.bounds[1:]:
        shapes.append(
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
        )
    hours = list(range(0, 25))
    fig.update_layout(
        height=48 + plot_px + bottom,
        margin={"l": 8, "r": 12, "t": 48, "b": bottom},
        plot_bgcolor="white",
        paper_bgcolor="white",
        barmode="overlay",
        bargap=0,
        shapes=shapes,
        showlegend=True,
        legend=legend,
        hovermode="closest",
        dragmode=False,
        font={"size": 12},
        uniformtext={"mode": "show", "minsize": 9},
        xaxis={
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
                "text": f"Time of day, {zone_long_name(host)} "
                f"({utc_offset_text(host, visit.start)})",
                "font": {"size": 12},
            },
        },
        yaxis={
            "range": [rows.total + 0.1, -0.1],
            "fixedrange": True,
            "zeroline": False,
            "tickvals": rows.centres,
            "ticktext": [day_label(d) for d in days],
            "showgrid": False,
            "ticks": "",
            "automargin": True,
        },
        annotations=[
            {
                "text": f"<b>{NOT_STATED}</b>",
                "x": UNTIMED_START + 0.3,
                "xref": "x",
                "xanchor": "left",
                "y": 1,
                "yref": "paper",
                "yanchor": "bottom",
                "showarrow": False,
                "font": {"size": 12},
            },
            {
                "text": "Clock time: none stated"
                if not any(m.kind == "time" for m in marks)
                else "Clock time",
                "x": 0.2,
                "xref": "x",
                "xanchor": "left",
                "y": 1,
                "yref": "paper",
                "yanchor": "bottom",
                "showarrow": False,
                "font": {"size": 12, "color": "#555555"},
            },
        ],
        meta={
            "row_days": [d.isoformat() for d in days],
            "row_bounds": [list(b) for b in rows.bounds],
        },
    )
    return fig


# ---------------------------------------------------------------------------------------
# 2. The background


def _day_start(value: Any) -> pd.Timestamp:
    return pd.Timestamp(value).normalize()


def _span(event: Mapping) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The event's whole possible span, end exclusive: a year spans the year, a day the day."""
    return _day_start(event["date_start"]), _day_start(event["date_end"]) + pd.Timedelta(days=1)


def _largest_gap(spans: list[tuple[pd.Timestamp, pd.Timestamp]]):
    """The longest stretch with nothing in it between the earliest and the latest span."""
    best = None
    reach = None
    for first, last in sorted(spans):
        wider = best is None or (reach is not None and first - reach > best[1] - best[0])
        if reach is not None and first > reach and wider:
            best = (reach, first)
        reach = last if reach is None else max(reach, last)
    return best


def _compact_date(event: Mapping) -> str:
    """A short date for an on-chart label; the hover spells the precision out in full."""
    first, last = _span(event)
    last = last - pd.Timedelta(days=1)
    return {
        "year": f"{first.year}",
        "month": f"{first:%b %Y}",
        "early-month": f"early {first:%b %Y}",
        "ongoing": f"since {first:%b %Y}",
        "before": f"by {last.day} {last:%b %Y}",
        "day": f"{first.day} {first:%b %Y}",
    }.get(text(event["date_precision"]), f"{first.day} {first:%b}-{last.day} {last:%b %Y}")


@dataclass(frozen=True)
class _Panel:
    """One x axis of the background timeline: its range, and the dates it is about."""

    first: pd.Timestamp  # axis range
    last: pd.Timestamp
    title: str


def _panels(spans, start: pd.Timestamp, end: pd.Timestamp) -> list[_Panel]:
    """One axis from `start` to `end`, or two when a long empty stretch is cut out."""
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


def _date_ticks(first: pd.Timestamp, last: pd.Timestamp) -> tuple[list[str], list[str], str]:
    """Tick positions and labels for one panel: years for a long range, months for a short."""
    if last - first > pd.Timedelta(days=2 * 365):
        years = list(range(first.year + (first.month > 1), last.year + 1))
        step = 1 if len(years) <= 5 else 2
        shown = [y for y in years if (y - years[0]) % step == 0]
        return [f"{y}-01-01" for y in shown], [str(y) for y in shown], "M12"
    months = pd.date_range(first, last, freq="MS")
    text = [
        f"{m:%b}<br>{m.year}" if i == 0 or m.month == 1 else f"{m:%b}" for i, m in enumerate(months)
    ]
    return [m.date().isoformat() for m in months], text, "M1"


def background_timeline(visit: Visit, events: pd.DataFrame) -> Figure:
    """Background events on a date axis from 1 Jan 2017, or the earliest event's year when it
    is earlier (Xi's 2014 visit: the axis starts in 2014), to the end of the visit.

    Each event has its own row, labelled above its mark. A date known only to a year, month or
    range is a bar over that whole span; a day is a dot; "on or before" a left-pointing
    triangle; "ongoing" a bar ending in a right-pointing triangle. The visit is a shaded band.
    A long empty stretch (2020-2025 here) is cut out: the axis splits into two panels with
    their own scales (years, then months), and a note on the chart says so.
    Marks carry `customdata` = [event id, span start, span end (exclusive)].
    """
    background = events[events["background"].astype(bool)] if len(events) else events
    if background.empty:
        return _empty_figure()
    records = sorted(
        background.to_dict("records"), key=lambda e: (_span(e)[0], _span(e)[1], text(e["title"]))
    )
    visit_first = pd.Timestamp(visit.start)
    visit_last = pd.Timestamp(visit.end) + pd.Timedelta(days=1)
    spans = [_span(e) for e in records] + [(visit_first, visit_last)]
    earliest = min(pd.Timestamp("2017-01-01"), min(s for s, _ in spans))
    axis_start = pd.Timestamp(year=earliest.year, month=1, day=1)
    panels = _panels(spans, axis_start, visit_last)
    split = len(panels) == 2
    fig = make_subplots(
        figure=Figure(),
        rows=1,
        cols=len(panels),
        shared_yaxes=True,
        column_widths=[0.36, 0.64] if split else None,
        horizontal_spacing=0.07,
    )
    _topic_legend(fig, visit, [text(e.get("first_topic")) for e in records])
    precisions = {text(e["date_precision"]) for e in records}
    if "before" in precisions:
        _key_entry(fig, "on or before (date not stated)", "triangle-left")
    if "ongoing" in precisions:
        _key_entry(fig, "still ongoing", "triangle-right")

    def panel_of(event: Mapping) -> int:
        return 1 if split and _span(event)[0] >= panels[1].first else 0

    def hover(event: Mapping) -> str:
        return "<br>".join(
            [
                f"<b>{html_text(event['title'])}</b>",
                html_text(date_text(event)),
                html_text(place_text(event, missing="place not stated")),
                f"Status: {html_text(event.get('status'))}",
                f"Topics: {html_text(_topics_text(visit, event))}",
            ]
        )

    def custom(event: Mapping) -> list[str]:
        first, last = _span(event)
        return [event["id"], first.date().isoformat(), last.date().isoformat()]

    def mark_x(event: Mapping) -> str:
        if text(event["date_precision"]) == "ongoing":
            return _span(event)[1].date().isoformat()
        return (_day_start(event["date_end"]) + pd.Timedelta(hours=12)).isoformat()

    def symbol(event: Mapping) -> str:
        return {"before": "triangle-left", "ongoing": "triangle-right"}.get(
            text(event["date_precision"]), SOLID
        )

    groups: dict[tuple[str, int], list[int]] = {}
    for i, event in enumerate(records):
        groups.setdefault((text(event.get("first_topic")), panel_of(event)), []).append(i)
    for (topic, panel), indices in groups.items():
        colour = _topic_colour(visit, topic)
        common = {
            "legendgroup": f"topic-{topic}",
            "showlegend": False,
            "name": _topic_label(visit, topic),
            "hovertemplate": "%{hovertext}<extra></extra>",
            "hoverlabel": {"align": "left"},
        }
        at = {"row": 1, "col": panel + 1}
        bars = [i for i in indices if text(records[i]["date_precision"]) not in ("day", "before")]
        if bars:
            fig.add_trace(
                go.Bar(
                    orientation="h",
                    base=[_span(records[i])[0].date().isoformat() for i in bars],
                    x=[
                        (_span(records[i])[1] - _span(records[i])[0]) / pd.Timedelta(milliseconds=1)
                        for i in bars
                    ],
                    y=[i + BAR_OFFSET for i in bars],
                    width=0.34,
                    marker={"color": colour, "line": {"color": colour, "width": 1}},
                    customdata=[custom(records[i]) for i in bars],
                    hovertext=[hover(records[i]) for i in bars],
                    **common,
                ),
                **at,
            )
        marked = [
            i for i in indices if text(records[i]["date_precision"]) in ("day", "before", "ongoing")
        ]
        if marked:
            fig.add_trace(
                go.Scatter(
                    x=[mark_x(records[i]) for i in marked],
                    y=[i + BAR_OFFSET for i in marked],
                    mode="markers",
                    cliponaxis=False,
                    marker={
                        "color": colour,
                        "size": 12,
                        "symbol": [symbol(records[i]) for i in marked],
                        "line": {"color": "white", "width": 1},
                    },
                    customdata=[custom(records[i]) for i in marked],
                    hovertext=[hover(records[i]) for i in marked],
                    **common,
                ),
                **at,
            )

    last_axis = "x2" if split else "x"
    shapes = [
        {
            "type": "rect",
            "xref": last_axis,
            "yref": "paper",
            "x0": visit_first.date().isoformat(),
            "x1": visit_last.date().isoformat(),
            "y0": 0,
            "y1": 1,
            "fillcolor": "rgba(0, 0, 0, 0.13)",
            "line": {"width": 0},
            "layer": "below",
        }
    ]
    visit_words = textwrap.wrap(text(visit.title), 28)[:2]
    annotations = [
        {
            "text": "<br>".join(html_text(w) for w in visit_words)
            + f"<br>{visit.start.day}-{visit.end.day} {visit.end:%b %Y}",
            "x": visit_last.date().isoformat(),
            "xref": last_axis,
            "xanchor": "right",
            "y": 1,
            "yref": "paper",
            "yanchor": "bottom",
            "showarrow": False,
            "align": "right",
            "font": {"size": 11, "color": "#333333"},
        }
    ]
    for i, event in enumerate(records):
        annotations.append(
            {
                "text": f"{html_text(short_label(event['title'], 44))} "
                f"<span style='color:#666666'>· {html_text(_compact_date(event))}</span>",
                "x": 0,
                "xref": "paper",
                "xanchor": "left",
                "y": i - 0.2,
                "yref": "y",
                "yanchor": "middle",
                "showarrow": False,
                "font": {"size": 11, "color": "#222222"},
            }
        )
    if split:
        annotations.append(
            {
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
        )
        for x in (1.0, 0.0):
            shapes.append(
                {  # the cut, drawn as a double slash on each side of the gap
                    "type": "path",
                    "xref": f"x{'' if x else '2'} domain",
                    "yref": "paper",
                    "path": _cut_path(x),
                    "line": {"color": "#555555", "width": 1.5},
                }
            )

    rows = len(records)
    plot_px = round((rows + 0.35) * ROW_PX)
    bottom, legend = _bottom(fig, plot_px, axis_px=86 if split else 56)
    fig.update_layout(
        height=TOP_PX + plot_px + bottom,
        margin={"l": 8, "r": 14, "t": TOP_PX, "b": bottom},
        plot_bgcolor="white",
        paper_bgcolor="white",
        barmode="overlay",
        shapes=shapes,
        annotations=annotations,
        showlegend=True,
        legend=legend,
        hovermode="closest",
        dragmode=False,
        font={"size": 12},
        yaxis={
            "range": [rows - 0.35, -0.7],
            "fixedrange": True,
            "zeroline": False,
            "showticklabels": False,
            "showgrid": False,
            "ticks": "",
        },
        meta={"event_ids": [e["id"] for e in records]},
    )
    for n, panel in enumerate(panels, start=1):
        tickvals, ticktext, minor = _date_ticks(panel.first, panel.last)
        fig.update_xaxes(
            type="date",
            range=[panel.first.date().isoformat(), panel.last.date().isoformat()],
            tickvals=tickvals,
            ticktext=ticktext,
            showgrid=True,
            gridcolor=GRID,
            minor={
                "dtick": minor,
                "showgrid": True,
                "gridcolor": "rgba(0,0,0,0.04)",
                "tick0": f"{panel.first.year}-01-01",
            },
            ticks="outside",
            ticklen=3,
            zeroline=False,
            fixedrange=True,
            title={"text": panel.title, "font": {"size": 12}, "standoff": 4},
            row=1,
            col=n,
        )
    return fig


def _cut_path(x: float) -> str:
    """Two short slashes at the bottom edge of a panel, at x (0 left edge, 1 right edge)."""
    d = 0.012 if x else -0.012
    return " ".join(f"M {x + d * k - 0.01},-0.03 L {x + d * k + 0.01},0.03" for k in (0, 1))


# ---------------------------------------------------------------------------------------
# 3. Selection


@dataclass(frozen=True)
class EventDetail:
    """What the page lists for a selected event, every field as text from the data."""

    id: str
    title: str
    when: str
    place: str
    status: str
    summary: str
    quotes: tuple[str, ...]
    findings: tuple[tuple[str, str, str], ...]  # (kind, says, resolved), not "consistent"
    basis: str  # "" for a row that rests on the article alone
    basis_note: str


def selected_details(visit: Visit, events: pd.DataFrame, selected: list[str]) -> list[EventDetail]:
    """The selected events that `events` still holds, in selection order, with their quotes
    and the source's findings about them."""
    rows = {str(e["id"]): e for e in events[events["id"].isin(selected)].to_dict("records")}
    details = []
    for event_id in selected:
        event = rows.get(event_id)
        if event is None:
            continue
        findings = tuple(
            (str(f["kind"]), str(f["says"]), str(f["resolved"]))
            for f in findings_for(visit, event_id).to_dict("records")
            if f["kind"] != "consistent"
        )
        basis = str(event["basis"])
        details.append(
            EventDetail(
                id=event_id,
                title=str(event["title"]),
                when=date_text(event),
                place=text(event.get("place_name")) or "place not stated",
                status=str(event["status"]),
                summary=str(event["summary"]),
                quotes=tuple(quote_spans(str(event["quote"]))),
                findings=findings,
                basis="" if basis == "article" else basis,
                basis_note=text(event.get("basis_note")),
            )
        )
    return details


# ---------------------------------------------------------------------------------------
# 4. Table and text alternative


def _time_text(marks: list[Placement]) -> str:
    kinds = {m.kind for m in marks}
    if "time" in kinds:
        mark = next(m for m in marks if m.kind == "time")
        return f"{mark.host_time} ({mark.home_time})"
    if "part" in kinds:
        return next(m for m in marks if m.kind == "part").part_label
    return "time not stated"


def timeline_table(visit: Visit, events: pd.DataFrame) -> pd.DataFrame:
    """The timeline's events as rows: visit days first in date order, then the background.

    Columns: day, time, title, place, topic, status, date precision; the index is the event id.
    """
    columns = ["day", "time", "title", "place", "topic", "status", "date precision"]
    marks: dict[str, list[Placement]] = {}
    for mark in placements(visit, events):
        marks.setdefault(mark.event_id, []).append(mark)
    rows, ids, keys = [], [], []
    for event in events.to_dict("records"):
        background = bool(event.get("background"))
        first, last = _span(event)
        event_marks = marks.get(event["id"], [])
        if background:
            day, clock = date_text(event), "time not stated"
        elif precise_day(event):
            day, clock = day_label(first.date()), _time_text(event_marks)
        else:
            day = _one_of_days(event, visit.days)
            day = day[0].upper() + day[1:]
            clock = _time_text(event_marks)
        hour = next((m.host_hour for m in event_marks if m.host_hour is not None), 99.0)
        keys.append((background, first, hour, last))
        ids.append(event["id"])
        rows.append(
            {
                "day": day,
                "time": clock,
                "title": text(event["title"]),
                "place": place_text(event, missing="place not stated"),
                "topic": _topic_label(visit, text(event.get("first_topic"))),
                "status": text(event.get("status")),
                "date precision": text(event.get("date_precision")),
            }
        )
    order = sorted(range(len(rows)), key=lambda i: keys[i])
    table = pd.DataFrame(
        [rows[i] for i in order],
        columns=columns,
        index=pd.Index([ids[i] for i in order], name="event"),
    )
    return table


def _alt_when(mark: Placement) -> str:
    if mark.kind == "time":
        return f"{mark.host_time}, {mark.home_time}"
    if mark.kind == "part":
        return mark.part_label.replace(" (", ", ").rstrip(")")
    return "time not stated"


def timeline_alt_text(visit: Visit, events: pd.DataFrame) -> str:
    """A plain-text account of what the timeline figures show, for screen readers."""
    if events.empty:
        return f"Timeline of {visit.title}: {NO_EVENTS.lower()}."
    parts: list[str] = []
    marks = placements(visit, events)
    if marks:
        host = visit.host_timezone
        by_id = {e["id"]: e for e in events.to_dict("records")}
        ids = list(dict.fromkeys(m.event_id for m in marks))
        timed = [i for i in ids if any(m.kind == "time" for m in marks if m.event_id == i)]
        parted = [i for i in ids if any(m.kind == "part" for m in marks if m.event_id == i)]
        ranged = [i for i in ids if not precise_day(by_id[i])]
        parts.append(
            f"Timeline of {visit.title}, {len(visit.days)} days from {day_label(visit.start)} "
            f"to {day_label(visit.end)} {visit.end.year}, times in {zone_long_name(host)} "
            f"({utc_offset_text(host, visit.start)}). {len(ids)} events: "
            f"{len(timed) or 'none'} with a stated clock time, {len(parted)} with only a part "
            f"of the day, {len(ids) - len(timed) - len(parted)} with no time stated. "
            f"{len(ranged)} have no stated day and are shown on every day they may fall on."
        )
        for day in visit.days:
            items = [
                f"{text(by_id[m.event_id]['title'])} ({_alt_when(m)})"
                for m in marks
                if m.day == day and m.precise
            ]
            if items:
                parts.append(f"{day_label(day)}: " + "; ".join(items) + ".")
        if ranged:
            parts.append(
                "Day not stated: "
                + "; ".join(
                    f"{text(by_id[i]['title'])} (one of "
                    f"{', '.join(day_label(d) for d in event_days(by_id[i], visit.days))}; "
                    f"{_alt_when(next(m for m in marks if m.event_id == i))})"
                    for i in ranged
                )
                + "."
            )
    background = [e for e in events.to_dict("records") if bool(e.get("background"))]
    if background:
        background.sort(key=_span)
        first = _span(background[0])[0].year
        parts.append(
            f"Background, {len(background)} events from {first} to {visit.start.year}: "
            + "; ".join(f"{text(e['title'])}, {date_text(e)}" for e in background)
            + "."
        )
    if not parts:
        return f"Timeline of {visit.title}: {NO_EVENTS.lower()}."
    return " ".join(parts)


__all__ = [
    "NO_EVENTS",
    "NOT_STATED",
    "HOLLOW_KEY",
    "DAY_PARTS",
    "Placement",
    "placements",
    "day_timeline",
    "background_timeline",
    "timeline_table",
    "timeline_alt_text",
    "short_label",
    "zone_abbreviation",
    "utc_offset_text",
    "zones_line",
]


# ---------------------------------------------------------------------------------------
# Many events: counts instead of marks

#: Above this many events a chart shows counts per day and topic, not one mark each.
MAX_MARKS = 300


def day_counts(visit: Visit, events: pd.DataFrame) -> Figure:
    """Stacked bars: how many events fall (or may fall) on each visit day, by topic.

    A ranged event counts on every day it may fall on, as in the day-by-day chart.
    """
    day_labels = [day_label(d) for d in visit.days]
    colours, labels = visit.topic_colours, visit.topic_labels
    dated = events[~events["background"]]
    fig = Figure()
    for topic, group in dated.groupby("first_topic", sort=True):
        counts = [
            int(
                (
                    (group["date_start"] <= pd.Timestamp(d))
                    & (group["date_end"] >= pd.Timestamp(d))
                ).sum()
            )
            for d in visit.days
        ]
        fig.add_bar(
            x=day_labels,
            y=counts,
            name=labels.get(topic, topic),
            marker_color=colours.get(topic, NO_TOPIC_COLOUR),
            hovertemplate="%{x}: %{y} events<extra>%{fullData.name}</extra>",
        )
    fig.update_layout(
        barmode="stack",
        height=360,
        margin={"l": 40, "r": 10, "t": 30, "b": 10},
        yaxis_title="Events (a ranged event counts on each possible day)",
        legend={"orientation": "h", "y": -0.2},
    )
    return fig
