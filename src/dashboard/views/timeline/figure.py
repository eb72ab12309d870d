"""Chart plumbing the timeline figures share: the finished-figure class, the empty state,
topic colours and legend entries, on-chart labels, and the one layout both charts start from.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import plotly.graph_objects as go

from ...model.cells import html_text, text
from ...model.visit import NO_TOPIC_COLOUR, Visit
from ..charts import Figure

NO_EVENTS = "No events match the filters"
KEY_COLOUR = "#555555"
GRID = "rgba(0, 0, 0, 0.08)"
LABEL_CHARS = 20  # characters per line of an on-chart label; the full title is in the hover

SOLID = "circle"


def empty_figure(message: str = NO_EVENTS, height: int = 220) -> Figure:
    """A blank chart that says why it is blank."""
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


# ---------------------------------------------------------------------------------------
# Labels


def short_label(title: str, limit: int = LABEL_CHARS) -> str:
    """A title cut at a word boundary to at most `limit` characters, with an ellipsis."""
    title = text(title)
    if len(title) <= limit:
        return title
    cut = title[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:-")
    return (cut or title[: limit - 1]) + "…"


@dataclass(frozen=True)
class Topics:
    """The visit's topics as a chart names and colours them, read from the visit once:
    `labels` and `colours` by topic id, in the visit's order ('' is no topic)."""

    labels: Mapping[str, str]
    colours: Mapping[str, str]

    @classmethod
    def of(cls, visit: Visit) -> Topics:
        return cls(dict(visit.topic_labels), dict(visit.topic_colours))

    def label(self, topic: str) -> str:
        return self.labels.get(topic, "No topic") if topic else "No topic"

    def colour(self, topic: str) -> str:
        return self.colours.get(topic, NO_TOPIC_COLOUR)

    def text(self, event: Mapping) -> str:
        """All the event's topics, by label, for a hover."""
        topics = event.get("topics")
        topics = list(topics) if isinstance(topics, (list, tuple)) else []
        return ", ".join(self.label(t) for t in topics) or "No topic"

    def style(self, topic: str) -> dict:
        """What every data trace of one topic shares: it answers to that topic's legend
        entry (drawn once by `legend`), and its hover shows the trace's `hovertext` only."""
        return {
            "legendgroup": f"topic-{topic}",
            "showlegend": False,
            "name": html_text(self.label(topic)),
            "hovertemplate": "%{hovertext}<extra></extra>",
            # Dark text on white with a dark border: a pale topic colour behind the text
            # made it hard to read, and the border sets it apart from the bars under it.
            "hoverlabel": {
                "align": "left",
                "bgcolor": "white",
                "bordercolor": "#444444",
                "font": {"color": "#222222", "size": 12},
            },
        }

    def legend(self, fig: go.Figure, topics: Iterable[str]) -> None:
        """One legend entry per topic, in the visit's topic order; data traces share its
        group."""
        shown = set(topics)
        order = [t for t in self.labels if t in shown] + ([""] if "" in shown else [])
        for topic in order:
            fig.add_trace(
                go.Scatter(
                    x=[None],
                    y=[None],
                    mode="markers",
                    name=html_text(self.label(topic)),
                    legendgroup=f"topic-{topic}",
                    showlegend=True,
                    hoverinfo="skip",
                    marker={"symbol": "square", "size": 11, "color": self.colour(topic)},
                )
            )


def key_entry(fig: go.Figure, name: str, symbol: str) -> None:
    """A legend entry that explains a mark's shape rather than a topic."""
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


# ---------------------------------------------------------------------------------------
# Layout


def chart_layout(fig: go.Figure, *, plot_px: int, top_px: int, axis_px: int, right_px: int) -> dict:
    """The layout keys both timeline charts share, for `fig` with all its traces added.

    White, no drag mode, bars drawn over each other, hover on the nearest mark. The legend sits `axis_px` below the plot,
    under the x axis, with room for one entry a line (as on a 390 px phone; wider screens
    wrap fewer lines and keep some blank space), so the height grows with the entries.
    """
    entries = sum(1 for trace in fig.data if trace.showlegend)
    bottom = axis_px + 20 * entries + 14
    return {
        "height": top_px + plot_px + bottom,
        "margin": {"l": 8, "r": right_px, "t": top_px, "b": bottom},
        "plot_bgcolor": "white",
        "paper_bgcolor": "white",
        "barmode": "overlay",
        "showlegend": True,
        "legend": _legend_below(plot_px, axis_px),
        "hovermode": "closest",
        "dragmode": False,
        "font": {"size": 12},
    }


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
