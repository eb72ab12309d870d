"""The news as it came in: when each source was published, and which events it was the
first to report done (or cancelled, or moved), on one small chart for the overview.

One mark per source on its kind's row, at its moment of publication in the visit's home
zone (a source with no time at the end of its day); on a row of its own, each event at the
moment its outcome was first reported. Hover for the outlet, the title and the events.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pandas as pd
import plotly.graph_objects as go

from ...data.columns import members
from ...model.agreement import SOURCE_KIND_NOUNS
from ...model.cells import html_text, text
from ...model.visit import Visit, per_visit
from ...model.words import STATUS, day_label, zone_text
from ..charts import Figure

#: Rows from the top: the kinds of source, then the events' changes.
LANES = ("original", "official", "summary")
CHANGES = "Events first reported"
SYMBOLS = {"original": "circle", "official": "diamond", "summary": "circle-open"}
COLOURS = {"original": "#0072B2", "official": "#009E73", "summary": "#6F6F6F"}


def _local(moment: datetime, zone: ZoneInfo) -> datetime:
    return moment.astimezone(zone).replace(tzinfo=None)


@per_visit
def first_reports(visit: Visit) -> pd.DataFrame:
    """Each event's outcome and the moment a deciding source first reported it (columns
    event, title, status, at), the earliest first; on whole columns, not claim by claim.
    Kept with the visit (the chart and its words both ask): read it, never change it."""
    reports = visit.reports
    columns = ["event", "title", "status", "at"]
    claims = reports.claims
    if claims.empty:
        return pd.DataFrame(columns=columns)
    claims = claims[(claims["field"] == "status") & (claims["value"].astype(str) != "scheduled")]
    when = dict(
        zip(reports.sources["id"].astype(str), reports.sources["published_at"], strict=True)
    )
    titles = dict(zip(visit.events["id"].astype(str), visit.events["title"], strict=True))
    source = claims["source_id"].astype(str)
    event = claims["row_id"].astype(str)
    at = source.map(when)
    deciding = source.map(reports.deciding).fillna(False).astype(bool)
    keep = (at.notna() & deciding).to_numpy() & members(event, set(titles))
    found = pd.DataFrame(
        {
            "event": event[keep].to_numpy(),
            "status": claims["value"].astype(str)[keep].to_numpy(),
            "at": at[keep].to_numpy(),
        }
    )
    if found.empty:
        return pd.DataFrame(columns=columns)
    # The earliest report of each event; of two at one moment, the first in the claims.
    found = found.sort_values("at", kind="stable").drop_duplicates("event", keep="first")
    found["title"] = found["event"].map(titles)
    return found[columns].reset_index(drop=True)


def news_figure(visit: Visit) -> Figure | None:
    """The chart, or None for a visit with no dated source."""
    reports = visit.reports
    if reports is None or not reports.any:
        return None
    zone = ZoneInfo(visit.home_timezone or "UTC")
    sources = reports.sources[reports.sources["published_at"].notna()]
    sources = sources[sources["kind"].astype(str).isin(LANES)]
    if sources.empty:
        return None
    fig = Figure()
    for kind in LANES:
        rows = sources[sources["kind"].astype(str) == kind]
        if rows.empty:
            continue
        marks = _source_marks(rows, zone)
        fig.add_trace(
            go.Scatter(
                x=[m["x"] for m in marks],
                y=[SOURCE_KIND_NOUNS[kind][1].capitalize()] * len(marks),
                mode="markers",
                name=SOURCE_KIND_NOUNS[kind][1].capitalize(),
                marker={
                    "symbol": SYMBOLS[kind],
                    "size": [9 if m["count"] == 1 else 13 for m in marks],
                    "color": COLOURS[kind],
                    "line": {"width": 1.5, "color": COLOURS[kind]},
                },
                hovertext=[m["hover"] for m in marks],
                hovertemplate="%{hovertext}<extra></extra>",
            )
        )
    changes = first_reports(visit)
    if not changes.empty:
        moments = _grouped(changes, zone)
        fig.add_trace(
            go.Scatter(
                x=[m["x"] for m in moments],
                y=[CHANGES] * len(moments),
                mode="markers",
                name=CHANGES,
                marker={
                    "symbol": "square",
                    "size": [9 if m["count"] == 1 else 13 for m in moments],
                    "color": "#1b6b3a",
                },
                hovertext=[m["hover"] for m in moments],
                hovertemplate="%{hovertext}<extra></extra>",
            )
        )
    lanes = [SOURCE_KIND_NOUNS[k][1].capitalize() for k in LANES if (sources["kind"] == k).any()]
    fig.update_layout(
        height=90 + 34 * (len(lanes) + (not changes.empty)),
        margin={"l": 10, "r": 10, "t": 10, "b": 40},
        showlegend=False,
        plot_bgcolor="white",
        hovermode="closest",
        hoverlabel={"bgcolor": "white", "font": {"color": "#1a1a1a"}, "align": "left"},
        xaxis={
            "title": {
                "text": f"Published ({zone_text(visit.home_timezone or 'UTC', visit.start)}, the guest's home time)",
                "font": {"size": 11},
            },
            "gridcolor": "rgba(0, 0, 0, 0.08)",
            "tickformat": "%a %-d %b<br>%H:%M",
        },
        yaxis={
            "categoryorder": "array",
            "categoryarray": list(reversed([*lanes, CHANGES])),
            "automargin": True,
            "fixedrange": True,
        },
        dragmode=False,
    )
    return fig


#: How many events a mark of the events' row names in its tooltip before it counts the rest.
HOVER_EVENTS = 8


#: A row of sources with more than this many gets one mark per hour, not per source: a
#: chart of hundreds of overlapping marks tells nothing a count does not, and costs every
#: rerun its size.
MARKS_PER_ROW = 150


def _source_marks(rows: pd.DataFrame, zone: ZoneInfo) -> list[dict]:
    """One mark per source, or, on a crowded row, one per hour naming its sources."""
    records = rows.to_dict("records")
    if len(records) <= MARKS_PER_ROW:
        return [
            {"x": _local(r["published_at"], zone), "count": 1, "hover": _source_hover(r, zone)}
            for r in records
        ]
    hours: dict[datetime, list[dict]] = {}
    for record in sorted(records, key=lambda r: r["published_at"]):
        hour = _local(record["published_at"], zone).replace(minute=0, second=0, microsecond=0)
        hours.setdefault(hour, []).append(record)
    marks = []
    for hour, group in hours.items():
        if len(group) == 1:
            only = group[0]
            marks.append({"x": _local(only["published_at"], zone), "count": 1,
                          "hover": _source_hover(only, zone)})  # fmt: skip
            continue
        lines = [
            f"<b>{len(group):,} sources</b>, {day_label(hour.date())} {hour:%H}:00–{hour:%H}:59"
        ]
        lines += [html_text(r["outlet"]) for r in group[:HOVER_EVENTS]]
        if len(group) > HOVER_EVENTS:
            lines.append(f"… and {len(group) - HOVER_EVENTS:,} more")
        marks.append(
            {"x": hour + timedelta(minutes=30), "count": len(group), "hover": "<br>".join(lines)}
        )
    return marks


def _grouped(changes: pd.DataFrame, zone: ZoneInfo) -> list[dict]:
    """One mark per moment at which outcomes were first reported (events first reported by
    the same source share it): marks drawn on one another would hide all but the top one.
    Past MARKS_PER_ROW moments, one mark per hour, as on a crowded row of sources."""
    ordered = changes.sort_values("at", kind="stable")
    if ordered.empty:
        return []
    moments = list(ordered["at"])
    # Local hours on the whole column (one conversion, not one per event).
    local = pd.to_datetime(ordered["at"], utc=True).dt.tz_convert(zone).dt.tz_localize(None)
    hourly = len(set(moments)) > MARKS_PER_ROW
    keys = list(local.dt.floor("h").dt.to_pydatetime()) if hourly else moments
    groups: dict[datetime, list[tuple[datetime, str, str]]] = {}
    rows = zip(keys, moments, ordered["title"], ordered["status"], strict=True)
    for key, at, title, status in rows:
        groups.setdefault(key, []).append((at, title, status))
    marks = []
    for key, group in groups.items():
        lines = [
            f"{STATUS.get(s, ('•', s))[0]} {html_text(t)}: first reported {html_text(s)}"
            for _, t, s in group
        ]
        shown = lines[:HOVER_EVENTS]
        if len(lines) > HOVER_EVENTS:
            shown.append(f"… and {len(lines) - HOVER_EVENTS:,} more")
        one_moment = all(at == group[0][0] for at, _, _ in group)
        if one_moment:
            head = [f"<b>{len(lines):,} events</b>"] if len(lines) > 1 else []
            x, when = _local(group[0][0], zone), _when(group[0][0], zone)
        else:  # several moments of one hour
            head = [f"<b>{len(lines):,} events</b>"]
            x = key + timedelta(minutes=30)
            when = f"{day_label(key.date())} {key:%H}:00–{key:%H}:59"
        marks.append({"x": x, "count": len(lines), "hover": "<br>".join([*head, *shown, when])})
    return marks


def _when(moment: datetime, zone: ZoneInfo) -> str:
    local = moment.astimezone(zone)
    return f"{day_label(local.date())} {local:%H:%M}"


def _source_hover(row: dict, zone: ZoneInfo) -> str:
    clock = (
        ""
        if text(row.get("published_time"))
        else " (no time given: counted from the end of its day)"
    )
    return "<br>".join(
        [
            f"<b>{html_text(row['outlet'])}</b>",
            html_text(text(row["title"])[:90]),
            f"{_when(row['published_at'], zone)}{clock}",
        ]
    )


def news_alt_text(visit: Visit) -> str:
    """What the chart shows, in words, for a screen reader."""
    reports = visit.reports
    if reports is None or not reports.any:
        return ""
    changes = first_reports(visit)
    return (
        f"{len(reports.sources):,} sources by the moment they were published; "
        f"{len(changes):,} events at the moment their outcome was first reported."
    )
