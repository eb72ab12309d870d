"""What the map's marks and colours mean, in words: a legend beside the map (not inside
the WebGL canvas), so that it reads on any screen and with a screen reader.

`map_legend` says what is on the map: the kinds of marks drawn, the topics whose colour a
point shows, and the faded look only when a filter fades something. `legend_html` writes it
as HTML for `st.html`; every text from data is escaped, and each colour has its name beside
it, so colour is never the only cue.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from ...model.colours import rgb_list
from ...model.filters import Filters
from ...model.visit import Visit
from .layers import PlaceLayer, place_layer
from .style import FADED_ALPHA, LEG_COLOUR, NEUTRAL_COLOUR, OUTLINE_COLOUR


@dataclass(frozen=True)
class Swatch:
    """One entry: a mark ("city", "venue", "leg", "faded") or a colour (an RGB list), and
    what it means."""

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
        marks.append(Swatch("city", "City: a large ring. Its tooltip lists every event in the city, its venues' too."))  # fmt: skip
    if "venue" in kinds:
        marks.append(Swatch("venue", "Venue: a small dot, on or near its city."))
    if len(visit.legs):
        marks.append(Swatch("leg", "Leg: a line with an arrowhead pointing the way, numbered in order with its date and distance. A return over the same places bows the other way."))  # fmt: skip
    if filters.active:
        marks.append(Swatch("faded", "Faded: no event there matches the filters, or the leg is on another day."))  # fmt: skip
    used = {row["topic"] for row in rows}
    colours = [
        Swatch("colour", str(topic["label"]), tuple(rgb_list(visit.topic_colours[topic["id"]])))
        for topic in visit.topics.to_dict("records")
        if topic["id"] in used
    ]
    if "" in used:
        colours.append(Swatch("colour", "No event placed here (a stop on the route)"))
    return Legend(tuple(marks), tuple(colours))


def _rgb(colour, alpha: int = 255) -> str:
    return f"rgba({colour[0]},{colour[1]},{colour[2]},{alpha / 255:.2f})"


def _symbol(swatch: Swatch) -> str:
    """The mark drawn in CSS (st.html keeps inline styles but not SVG): a ring, a dot, a
    line with an arrowhead, a faded point, a colour."""
    outline = _rgb(OUTLINE_COLOUR)
    leg = _rgb(LEG_COLOUR)
    styles = {
        "city": f"width:18px;height:18px;border:1.5px solid {outline};border-radius:50%;background:#fff",
        "venue": f"width:10px;height:10px;margin:4px;border:1.5px solid {outline};border-radius:50%;background:#fff",
        "leg": f"width:20px;height:0;margin-top:10px;border-top:3px solid {leg};border-radius:2px",
        "faded": (
            f"width:14px;height:14px;margin:2px;border:1.5px solid {_rgb(OUTLINE_COLOUR, FADED_ALPHA)};"
            f"border-radius:50%;background:{_rgb(NEUTRAL_COLOUR, FADED_ALPHA)}"
        ),
        "colour": f"width:16px;height:16px;margin:1px;border:1.5px solid {outline};border-radius:50%;background:{_rgb(swatch.colour)}",
    }
    arrow = (
        f'<span class="arrow" style="border-color:{leg}"></span>' if swatch.mark == "leg" else ""
    )
    return f'<span class="mark" aria-hidden="true"><span style="{styles[swatch.mark]}"></span>{arrow}</span>'


def _group(title: str, swatches: tuple[Swatch, ...]) -> str:
    items = "".join(f"<li>{_symbol(s)}<span>{escape(s.text)}</span></li>" for s in swatches)
    return f'<div class="map-legend-group"><p>{escape(title)}</p><ul>{items}</ul></div>'


LEGEND_CSS = """
<style>
.map-legend{display:flex;flex-wrap:wrap;gap:.25rem 2rem;margin:.25rem 0 .5rem 0;font-size:.92rem;}
.map-legend-group{flex:1 1 18rem;min-width:0;}
.map-legend-group p{font-weight:600;margin:0 0 .2rem 0;}
.map-legend ul{list-style:none;margin:0;padding:0;}
.map-legend li{display:flex;align-items:flex-start;gap:.5rem;margin:.15rem 0;line-height:1.35;}
.map-legend .mark{flex:0 0 24px;height:22px;display:flex;align-items:flex-start;
 justify-content:center;position:relative;}
.map-legend .mark>span{display:block;box-sizing:border-box;}
.map-legend .mark .arrow{position:absolute;left:8px;top:7.5px;width:7px;height:7px;
 border-style:solid;border-width:2.5px 2.5px 0 0;transform:rotate(45deg);}
</style>
"""


def legend_html(legend: Legend) -> str:
    """The legend as HTML for `st.html`: marks, then colours, side by side where there is
    room and one under the other on a phone ('' for a map with nothing on it)."""
    groups = []
    if legend.marks:
        groups.append(_group("What the marks mean", legend.marks))
    if legend.colours:
        groups.append(_group("Colour of a place: the topic of its first event", legend.colours))
    if not groups:
        return ""
    return (
        LEGEND_CSS
        + '<section class="map-legend" aria-label="Map legend">'
        + "".join(groups)
        + "</section>"
    )
