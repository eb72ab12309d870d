"""Counts instead of marks: above `MAX_MARKS` events a chart shows how many fall on each
visit day, by topic, not one mark each."""

from __future__ import annotations

import pandas as pd

from ...model.cells import html_text
from ...model.visit import NO_TOPIC_COLOUR, Visit
from ...model.words import day_label
from .figure import Figure

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
            name=html_text(labels.get(topic, topic)),
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
