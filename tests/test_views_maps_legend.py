"""The route map's legend (`views.maps.legend`): what each mark and colour means, in
words, following the visit, with text from data escaped."""

from __future__ import annotations

import dataclasses

from map_decks import INJECTION

from dashboard.model.colours import rgb_list
from dashboard.model.filters import Filters
from dashboard.views import maps

# -- The legend ----------------------------------------------------------------------------


def test_the_legend_says_what_each_mark_and_colour_means(visit):
    legend = maps.map_legend(visit, Filters(visit=visit.id))
    marks = [s.mark for s in legend.marks]
    # Nothing is faded without a filter; Gyeongju holds only a background event.
    assert marks == ["city", "venue", "background", "leg"]
    texts = " ".join(s.text for s in legend.marks)
    for words in (
        "City: a large ring",
        "Venue: a small dot",
        "Background only: a hollow grey ring",
        "Leg: a line with an arrowhead",
    ):
        assert words in texts
    # One entry per topic that colours a point, named, in the topics' order.
    shown = {row["topic"] for row in maps.place_layer(visit).rows}
    labels = [str(t["label"]) for t in visit.topics.to_dict("records") if t["id"] in shown]
    assert [s.text for s in legend.colours] == labels
    assert labels == ["Diplomacy and summitry", "Economy and trade", "History and commemoration"]
    colours = visit.topic_colours
    assert legend.colours[0].colour == tuple(rgb_list(colours["diplomacy"]))
    filtered = maps.map_legend(visit, Filters(visit=visit.id, days=("2026-01-06",)))
    assert [s.mark for s in filtered.marks][-1] == "faded"


def test_the_legend_names_a_grey_point_and_follows_the_visit(visit, river):
    events = visit.events[visit.events["place_id"].fillna("") != "seoul"]
    quiet = dataclasses.replace(visit, events=events.reset_index(drop=True))
    assert (
        maps.map_legend(quiet, Filters(visit=visit.id))
        .colours[-1]
        .text.startswith("No event placed here")
    )
    assert [s.text for s in maps.map_legend(river, Filters(visit=river.id)).colours] == [
        "River trade",
        "Meetings",
        "Travel",
    ]


def test_the_legend_html_names_every_colour_and_escapes_data(visit):
    topics = visit.topics.copy()
    topics.loc[topics["id"] == "economy", "label"] = f"Economy {INJECTION}"
    hostile = dataclasses.replace(visit, topics=topics)
    html = maps.legend_html(maps.map_legend(hostile, Filters(visit=visit.id)))
    assert INJECTION not in html and "Economy &lt;script&gt;" in html
    assert 'aria-label="Map legend"' in html
    assert html.count("<li>") == 4 + 3  # four marks, three colours: each with its words
    assert "Diplomacy and summitry</span>" in html
    assert "rgba(0,114,178,1.00)" in html  # the diplomacy swatch beside its name
