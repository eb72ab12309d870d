"""The news as it came in: when each source was published, and which events it was the
first to report done (or cancelled, or moved), on one small chart for the overview.

One mark per source on its kind's row, at its moment of publication in the visit's home
zone (a source with no time at the end of its day); on a row of its own, each event at the
moment its outcome was first reported. Hover for the outlet, the title and the events.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pandas as pd
import plotly.graph_objects as go

from ...model.agreement import SOURCE_KIND_NOUNS
from ...model.cells import html_text, text
from ...model.visit import Visit
from ...model.words import STATUS, day_label, zone_text
from ..charts import Figure

#: Rows from the top: the kinds of source, then the events' changes.
LANES = ("original", "official", "summary")
CHANGES = "Events first reported"
SYMBOLS = {"original": "circle", "official": "diamond", "summary": "circle-open"}
COLOURS = {"original": "#0072B2", "official": "#009E73", "summary": "#6F6F6F"}


def _local(moment: datetime, zone: ZoneInfo) -> datetime:
    return moment.astimezone(zone).replace(tzinfo=None)


def first_reports(visit: Visit) -> pd.DataFrame:
    """Each event's outcome and the moment a deciding source first reported it (columns
    event, title, status, at)."""
    reports = visit.reports
    claims = reports.claims[reports.claims["field"] == "status"]
    claims = claims[claims["value"].astype(str) != "scheduled"]
    when = dict(
        zip(reports.sources["id"].astype(str), reports.sources["published_at"], strict=True)
    )
    titles = dict(zip(visit.events["id"].astype(str), visit.events["title"], strict=True))
    rows: dict[str, dict] = {}
    for claim in claims.to_dict("records"):
        event, moment = str(claim["row_id"]), when.get(str(claim["source_id"]))
        if (
            moment is None
            or event not in titles
            or not reports.deciding.get(str(claim["source_id"]))
        ):
            continue
        if event not in rows or moment < rows[event]["at"]:
            rows[event] = {
                "event": event,
                "title": titles[event],
                "status": str(claim["value"]),
                "at": moment,
            }
    return pd.DataFrame(list(rows.values()), columns=["event", "title", "status", "at"])


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
        fig.add_trace(
            go.Scatter(
                x=[_local(w, zone) for w in rows["published_at"]],
                y=[SOURCE_KIND_NOUNS[kind][1].capitalize()] * len(rows),
                mode="markers",
                name=SOURCE_KIND_NOUNS[kind][1].capitalize(),
                marker={
                    "symbol": SYMBOLS[kind],
                    "size": 9,
                    "color": COLOURS[kind],
                    "line": {"width": 1.5, "color": COLOURS[kind]},
                },
                hovertext=[_source_hover(r, zone) for r in rows.to_dict("records")],
                hovertemplate="%{hovertext}<extra></extra>",
            )
        )
    changes = first_reports(visit)
    if not changes.empty:
        fig.add_trace(
            go.Scatter(
                x=[_local(w, zone) for w in changes["at"]],
                y=[CHANGES] * len(changes),
                mode="markers",
                name=CHANGES,
                marker={"symbol": "square", "size": 9, "color": "#1b6b3a"},
                hovertext=[
                    f"{STATUS.get(s, ('•', s))[0]} {html_text(t)}: first reported {s}<br>{_when(w, zone)}"
                    for t, s, w in zip(
                        changes["title"], changes["status"], changes["at"], strict=True
                    )
                ],
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
