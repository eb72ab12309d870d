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
FADED_LEG_WIDTH = 2
# Radius in pixels: cities are larger rings under their venues' smaller dots, so a venue a
# kilometre from its city centre stays clickable at every zoom.
RADIUS = {"city": 10, "venue": 6}
FADED_RADIUS = {"city": 7, "venue": 4}
FONT = "Noto Sans, Helvetica Neue, Arial, Noto Sans CJK SC, Noto Sans CJK KR, sans-serif"
PLACE_KINDS = ("city", "venue")

#: The deck tooltip. The fixed template names only two text columns, whose values
#: st.pydeck_chart escapes as it interpolates them; the style keeps newlines as breaks.
TOOLTIP = {
    "html": "<b>{tooltip_title}</b><div>{tooltip_html}</div>",
    "style": {
        "backgroundColor": "rgba(255, 255, 255, 0.96)",
        "color": "#1a1a1a",
        "fontSize": "13px",
        "lineHeight": "1.4",
        "whiteSpace": "pre-line",
        # On a phone the tooltip starts beside the finger: keep it inside the screen.
        "maxWidth": "min(340px, 70vw)",
        "padding": "8px 10px",
        "border": "1px solid #bbb",
        "borderRadius": "4px",
    },
}
TOOLTIP_COLUMNS = ("tooltip_title", "tooltip_html")

# The view is fitted to an assumed chart size, the narrowest the map is drawn at: the
# route map on a phone (a 390 px screen gives the chart about 358 px), the overview's
# column (about 300 px). A wider chart shows the same view with more around it.
VIEW_SIZE = (330, 520)
COMPACT_VIEW_SIZE = (260, 300)
#: The compact map's basemap is cut for its small chart (about 300 by 320 pixels), with
#: room to pan.
COMPACT_BASEMAP_WINDOW = (1200, 900)
#: The tallest chart the map is drawn in (the route map page's), in pixels.
CHART_HEIGHT = 560
VIEW_MARGIN = 1.25  # room around the frame's marks, before labels are placed
MAX_ZOOM = 9.0
#: Zoomed out at most this far: the world is then taller than the chart.
MIN_ZOOM = 0.2
CITY_TEXT_SIZE = 14
CITY_FONT_WEIGHT = 600
LEG_TEXT_SIZE = 13
#: Pixels of background around a leg label's text (sideways, up and down).
LEG_LABEL_PADDING = (5, 3)


