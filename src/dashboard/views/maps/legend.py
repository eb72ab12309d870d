"""What the map's marks and colours mean, in words: a legend beside the map (not inside
the WebGL canvas), so that it reads on any screen and with a screen reader.

`map_legend` says what is on the map: the kinds of marks drawn, the topics whose colour a
point shows, and the faded look only when a filter fades something. `legend_html` writes it
as HTML for `st.html` from a template, which escapes every text from data; each colour has
its name beside it, so colour is never the only cue.
"""

from __future__ import annotations

from dataclasses import dataclass

from ...model.colours import rgb_list
from ...model.filters import Filters
from ...model.visit import Visit
from ..templates import render, style
from .layers import PlaceLayer, place_layer
from .style import BACKGROUND_COLOUR, FADED_ALPHA, LEG_COLOUR, NEUTRAL_COLOUR, OUTLINE_COLOUR


@dataclass(frozen=True)
class Swatch:
    """One entry: a mark ("city", "venue", "background", "leg", "faded") or a colour (an RGB
    list), and what it means."""

    mark: str
    text: str
    colour: tuple[int, int, int] = tuple(NEUTRAL_COLOUR)


@dataclass(frozen=True)
class Legend:
    marks: tuple[Swatch, ...]
    colours: tuple[Swatch, ...]


def map_legend(visit: Visit, filters: Filters, places: PlaceLayer | None = None) -> Legend:
    """The legend of the visit's route map with these filters."""
    rows = (places if places is not None else place_layer(visit)).rows
    kinds = {row["kind"] for row in rows}
    marks = []
    if "city" in kinds:
        marks.append(Swatch("city", "City: a large ring. Its tooltip lists the events in the city, its venues' too."))  # fmt: skip
    if "venue" in kinds:
        marks.append(Swatch("venue", "Venue: a small dot, on or near its city (under a city's ring, the city's tooltip lists it)."))  # fmt: skip
    if any(row["role"] == "background" for row in rows):
        marks.append(Swatch("background", "Background only: a hollow grey ring. Its events fall before or after the visit (a later host, an earlier meeting); it is not a stop on the route."))  # fmt: skip
    if len(visit.legs):
        marks.append(Swatch("leg", "Leg: a line with an arrowhead pointing the way, numbered in order with its date and distance. A return over the same places bows the other way."))  # fmt: skip
    if filters.active:
        marks.append(Swatch("faded", "Faded: no event there matches the filters, or the leg is on another day."))  # fmt: skip
    used = {row["topic"] for row in rows if row["role"] != "background"}
    colours = [
        Swatch("colour", str(topic["label"]), tuple(rgb_list(visit.topic_colours[topic["id"]])))
        for topic in visit.topics.to_dict("records")
        if topic["id"] in used
    ]
    if "" in used:
        colours.append(Swatch("colour", "No event placed here (a stop on the route)"))
    return Legend(tuple(marks), tuple(colours))


def legend_html(legend: Legend) -> str:
    """The legend as HTML for `st.html` (templates/legend.html): marks, then colours, side
    by side where there is room and one under the other on a phone ('' for a map with
    nothing on it)."""
    if not (legend.marks or legend.colours):
        return ""
    return style("legend.css") + render(
        "legend.html",
        legend=legend,
        outline=OUTLINE_COLOUR,
        leg=LEG_COLOUR,
        neutral=NEUTRAL_COLOUR,
        background=BACKGROUND_COLOUR,
        faded_alpha=FADED_ALPHA,
    )
