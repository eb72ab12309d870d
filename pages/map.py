"""Route map: the legs in order, the venues by topic, and what happened at a clicked place."""

from functools import partial

import streamlit as st

from dashboard import ui
from dashboard.ui import state as keys
from dashboard.views import maps

ctx = ui.context()
visit = ctx.visit

st.title("Route map")
online = maps.tiles_reachable()
st.caption(
    "Legs are great-circle routes, numbered in order with their date and distance. Points are "
    "venues and cities, coloured by the topic of their events; the selected days are "
    "highlighted. Hover a point or a leg for its summary; click a point, or choose a place in "
    "the list under the map, to see its events and issue cards beside it (under it on a phone). "
    + (
        "Base map: online tiles (CARTO, © OpenStreetMap contributors)."
        if online
        else f"Base map: bundled, works offline. {maps.BASEMAP_SOURCE}."
    )
)

places = ui.memo(maps.place_layer, visit, filtered=False)  # kept across filter changes
# The map beside the picked place's details; on a phone the columns stack. The chart is
# at most CHART_WIDTH wide, so that its one view frames the route closely at any width.
map_column, details_column = st.columns(2, gap="medium")
with map_column:
    map_key = ui.route_map_key(ctx.filters.place)
    st.pydeck_chart(
        ui.memo(maps.route_deck, visit, ctx.filters, online_tiles=online, places=places),
        height=maps.CHART_HEIGHT,
        width=maps.CHART_WIDTH,
        on_select=partial(ui.pick_place, map_key),  # the pick goes in the link (`place`)
        selection_mode="single-object",
        key=map_key,
        alt=ui.memo(maps.route_alt_text, visit, filtered=False),
    )
    ui.place_picker(ui.memo(maps.place_choices, visit, filtered=False), ctx.filters.place)
    legend = maps.legend_html(ui.memo(maps.map_legend, visit, ctx.filters, places))
    if legend:
        st.html(legend)
    unplaced = ui.memo(maps.unplaced_text, visit, filtered=False)
    if unplaced:
        st.caption(ui.md(unplaced))


def table(frame, widths: dict[str, int]) -> None:
    st.dataframe(
        frame,
        hide_index=True,
        width="stretch",
        row_height=maps.TABLE_ROW_HEIGHT,
        column_config={name: st.column_config.TextColumn(width=w) for name, w in widths.items()},
    )


place_id = ctx.filters.place if ctx.filters.place in set(visit.places["id"]) else None
with details_column:
    if place_id is None:
        st.info(
            "Click a city or venue on the map, or choose one under it, to see its events and"
            " issue cards here.",
            icon=":material/touch_app:",
        )
    else:
        details = maps.place_details(visit, place_id)
        st.subheader(ui.md(details.name))
        if details.scripts:
            st.caption(ui.md(" · ".join(details.scripts)))
        if details.inferred:
            st.warning("Inferred venue: " + ui.md(details.basis_note), icon=":material/help:")
        st.markdown("**Events here**")
        table(maps.events_table(details), maps.EVENT_COLUMNS)
        st.markdown("**Related issue cards**")
        if details.cards.empty:
            st.caption("No issue card is tied to the events at this place.")
        else:
            table(maps.cards_table(details), maps.CARD_COLUMNS)

ui.table_expander("The legs as a table", maps.legs_table, visit, key=keys.LEGS_TABLE_KEY, filtered=False)
ui.downloads("map", ctx)

ui.footer(visit)
