"""The route map: a pydeck deck of one visit's legs, places and labels, and the plain data
(place details, alt text, a table of legs) that goes beside it.

Legs are great-circle arcs, numbered and labelled with their date and distance. Places (the
cities and venues that have events or are leg endpoints) are points coloured by the topic of
their first event. The filters' selected days are highlighted: other legs and places fade.

- `style`: colours, sizes, the tooltip template; `text`: labels and tooltips in words;
- `layers`: the rows of each layer; `view`: the frame; `deck`: the deck itself;
- `details`: what goes beside the map; `tiles`: online tiles or the bundled basemap.

Every function here is pure (no `st.*`) except `tiles_reachable`, which tries one network
connection.
"""

from ..basemap import BASEMAP_SOURCE
from .deck import Deck, route_deck
from .details import PlaceDetails, legs_table, place_details, route_alt_text
from .layers import PlaceLayer, place_layer
from .style import (
    COMPACT_VIEW_SIZE,
    FADED_ALPHA,
    NEUTRAL_COLOUR,
    TOOLTIP,
    TOOLTIP_COLUMNS,
    VIEW_SIZE,
    hex_to_rgb,
)
from .text import TOOLTIP_EVENTS
from .tiles import TILES_ENV, tiles_reachable
from .view import _mercator, fit_view, label_extent

__all__ = [
    "BASEMAP_SOURCE",
    "COMPACT_VIEW_SIZE",
    "FADED_ALPHA",
    "NEUTRAL_COLOUR",
    "TILES_ENV",
    "TOOLTIP",
    "TOOLTIP_COLUMNS",
    "TOOLTIP_EVENTS",
    "VIEW_SIZE",
    "Deck",
    "PlaceDetails",
    "PlaceLayer",
    "_mercator",
    "fit_view",
    "hex_to_rgb",
    "label_extent",
    "legs_table",
    "place_details",
    "place_layer",
    "route_alt_text",
    "route_deck",
    "tiles_reachable",
]
