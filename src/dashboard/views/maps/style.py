"""How the map looks: colours, sizes, fonts, the tooltip template and the assumed chart
sizes the view is fitted to."""

from __future__ import annotations

#: Legs are travel, not a topic: a dark slate that stays readable on land and sea.
LEG_COLOUR = [45, 55, 72]
#: Places without events (leg endpoints only).
NEUTRAL_COLOUR = [150, 150, 150]
#: Outline of every point, so pale topic colours (yellow) stand out from the land.
OUTLINE_COLOUR = [35, 35, 35]
LABEL_COLOUR = [25, 25, 25]
LABEL_HALO = [255, 255, 255, 230]
FULL_ALPHA = 255
FADED_ALPHA = 60
FADED_LABEL_ALPHA = 130
LEG_WIDTH = 4
#: Pixels across the see-through band along a leg's middle that a pointer finds it by.
LEG_HIT_WIDTH = 14
FADED_LEG_WIDTH = 2
# Radius in pixels: cities are larger discs drawn over their venues' smaller dots, so that
# hovering a city anywhere on its disc gives the city (whose tooltip lists its venues'
# events too); a venue away from its city's middle is its own mark at any zoom.
RADIUS = {"city": 10, "venue": 6}
FADED_RADIUS = {"city": 7, "venue": 4}
#: A city's disc is see-through, so the venue dots under it show; a venue's dot is solid.
FILL_ALPHA = {"city": 150, "venue": 255}
#: Outline width in pixels: a route stop's, and a place with only background events (a
#: hollow grey ring: events before or after the visit, not a stop on the route).
LINE_WIDTH = 1.5
BACKGROUND_LINE_WIDTH = 2.5
BACKGROUND_COLOUR = [125, 125, 125]
#: The arrowhead at each leg's middle: pixels across, at every zoom.
ARROW_SIZE = 16
FONT = "Noto Sans, Helvetica Neue, Arial, Noto Sans CJK SC, Noto Sans CJK KR, sans-serif"
PLACE_KINDS = ("city", "venue")

#: How far the tooltip follows the pointer across the chart: its left edge sits at this share
#: of the pointer's distance from the chart's left edge, and it is at most TOOLTIP_WIDTH of
#: the chart wide, so it ends inside the chart wherever the pointer is (at any zoom or pan).
TOOLTIP_FOLLOW = 0.18
TOOLTIP_WIDTH = 0.8
#: Pixels between the pointer and the tooltip, which opens below the pointer for a mark in
#: the chart's upper half and above it in the lower half; it is at most half the chart tall.
TOOLTIP_GAP = 14
TOOLTIP_FONT_SIZE = 13
TOOLTIP_LINE_HEIGHT = 1.4
TOOLTIP_PADDING = (10, 8)  # sideways, up and down
TOOLTIP_MAX_WIDTH = 340

#: The deck tooltip. deck.gl puts its box at the pointer (a CSS translate) and applies this
#: style to it; the box is made a see-through frame the size of the chart, scaled sideways
#: by TOOLTIP_FOLLOW, and the visible tooltip inside it is scaled back: so the tooltip's
#: left edge lands at that share of the pointer's x, and its width is a share of the chart's.
#: The fixed template names only the rows' text columns and `tooltip_shift` (below or
#: above the pointer); st.pydeck_chart escapes each value it interpolates.
TOOLTIP = {
    "html": (
        '<div style="position:absolute;left:0;top:0;transform-origin:0 0;'
        f"scale:{1 / TOOLTIP_FOLLOW:.6f} 1;translate:0 {{tooltip_shift}};"
        f"box-sizing:border-box;width:max-content;max-width:min({TOOLTIP_MAX_WIDTH}px,"
        f"{TOOLTIP_WIDTH * 100:.0f}%);max-height:calc(50% - {TOOLTIP_GAP + 4}px);"
        f"overflow:hidden;padding:{TOOLTIP_PADDING[1]}px {TOOLTIP_PADDING[0]}px;"
        "background:rgba(255,255,255,0.97);border:1px solid #bbb;border-radius:4px;"
        'box-shadow:0 1px 4px rgba(0,0,0,0.18)"><b>{tooltip_title}</b>'
        "<div>{tooltip_html}</div></div>"
    ),
    "style": {
        "backgroundColor": "transparent",
        "padding": "0",
        "width": "100%",
        "height": "100%",
        "transformOrigin": "0 0",
        "scale": f"{TOOLTIP_FOLLOW} 1",
        "translate": "4px 0",
        "color": "#1a1a1a",
        "fontSize": f"{TOOLTIP_FONT_SIZE}px",
        "lineHeight": str(TOOLTIP_LINE_HEIGHT),
        "whiteSpace": "pre-line",
    },
}
TOOLTIP_COLUMNS = ("tooltip_title", "tooltip_html", "tooltip_shift")
#: `tooltip_shift`: below the pointer, or above it (the tooltip's own height and the gap).
TOOLTIP_BELOW = f"{TOOLTIP_GAP}px"
TOOLTIP_ABOVE = f"calc(-100% - {TOOLTIP_GAP}px)"

# The charts: the route map's and the overview's smaller one, in pixels. Each is as wide as
# its column up to its widest, so that one view frames the route closely on a phone and on
# a laptop alike (a view has one zoom; the server does not know the reader's screen).
CHART_HEIGHT = 560
CHART_WIDTH = 460
COMPACT_CHART_HEIGHT = 320
COMPACT_CHART_WIDTH = 360
# The view is fitted to an assumed chart size, the narrowest the map is drawn at: the
# route map on a phone (a 390 px screen gives the chart about 358 px, a 360 px one 328),
# the overview's column (about 300 px at 1280). A wider chart shows the same view with more
# around it.
VIEW_SIZE = (328, 540)
COMPACT_VIEW_SIZE = (290, 304)
#: The compact map's basemap is cut for its small chart, with room to pan.
COMPACT_BASEMAP_WINDOW = (1200, 900)
VIEW_MARGIN = 1.05  # room around the frame's marks, before labels are placed (they add theirs)
MAX_ZOOM = 9.0
#: Zoomed out at most this far: the world is then taller than the chart.
MIN_ZOOM = 0.2
CITY_TEXT_SIZE = 14
CITY_FONT_WEIGHT = 600
LEG_TEXT_SIZE = 13
#: Pixels of background around a leg label's text (sideways, up and down).
LEG_LABEL_PADDING = (5, 3)
