"""The route map: a pydeck deck of one visit's legs, places and labels, and the plain data
(place details, alt text, tables, legend) that goes beside it.

Legs are great-circle paths bowed to the right of travel (a return leg over the same places
bows the other way), numbered and labelled with their date and distance, with an arrowhead
pointing the way. Places (the cities and venues that have events or are leg endpoints) are
points coloured by the topic of their first event; a place with only background events is a
hollow grey ring. The filters' selected days are highlighted: other legs and places fade.
Tooltips stay on the chart (`style.TOOLTIP`).

- `style`: colours, sizes, the tooltip template; `text`: labels and tooltips in words;
- `geometry`: Web Mercator, a view's projection, a leg's path; `places`: what is shown;
- `view`: the frame; `labels`: label boxes placed without collisions; `layout`: both, for
  one visit; `layers`: the rows of each layer; `deck`: the deck itself;
- `details`: what goes beside the map; `legend`: what the marks and colours mean;
  `tiles`: online tiles or the bundled basemap.

Every function here is pure (no `st.*`) except `tiles_reachable`, which tries one network
connection.
"""

from .basemap import BASEMAP_SOURCE
from .deck import Deck, route_deck
from .details import (
    CARD_COLUMNS,
    EVENT_COLUMNS,
    TABLE_ROW_HEIGHT,
    PlaceDetails,
    cards_table,
    events_table,
    legs_table,
    place_choices,
    place_details,
    route_alt_text,
)
from .geometry import Projection, leg_path, mercator
from .labels import Box, Placement, overlaps, text_width
from .layers import PlaceLayer, place_layer
from .layout import Layout, route_layout
from .legend import Legend, legend_html, map_legend
from .places import unplaced_text
from .style import (
    BACKGROUND_COLOUR,
    CHART_HEIGHT,
    CHART_WIDTH,
    COMPACT_CHART_HEIGHT,
    COMPACT_CHART_WIDTH,
    COMPACT_VIEW_SIZE,
    FADED_ALPHA,
    NEUTRAL_COLOUR,
    TOOLTIP,
    TOOLTIP_COLUMNS,
    VIEW_SIZE,
)
from .text import TOOLTIP_EVENTS, TooltipRoom, tooltip_room
from .tiles import TILES_ENV, tiles_reachable
from .view import frame_place_ids

__all__ = [
    "BACKGROUND_COLOUR",
    "BASEMAP_SOURCE",
    "CARD_COLUMNS",
    "EVENT_COLUMNS",
    "TABLE_ROW_HEIGHT",
    "CHART_HEIGHT",
    "CHART_WIDTH",
    "COMPACT_CHART_HEIGHT",
    "COMPACT_CHART_WIDTH",
    "COMPACT_VIEW_SIZE",
    "FADED_ALPHA",
    "NEUTRAL_COLOUR",
    "TILES_ENV",
    "TOOLTIP",
    "TOOLTIP_COLUMNS",
    "TOOLTIP_EVENTS",
    "TooltipRoom",
    "VIEW_SIZE",
    "Box",
    "Deck",
    "Layout",
    "Legend",
    "PlaceDetails",
    "PlaceLayer",
    "Placement",
    "Projection",
    "cards_table",
    "events_table",
    "frame_place_ids",
    "leg_path",
    "legend_html",
    "legs_table",
    "map_legend",
    "unplaced_text",
    "mercator",
    "overlaps",
    "place_choices",
    "place_details",
    "place_layer",
    "route_alt_text",
    "route_deck",
    "route_layout",
    "text_width",
    "tiles_reachable",
    "tooltip_room",
]
